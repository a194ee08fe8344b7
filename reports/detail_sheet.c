/* detail_sheet.c - the category sheets: a rule family's detail table
 * (detail.h) and the panel laid out beside it (the E&M level distribution,
 * the Denials figures) with its charts.
 */
#include "sheet.h"

#include <ctype.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

pcell *wb_panel_row(panel *p)
{
    da_grow((void **)&p->rows, &p->cap, p->count + 1, sizeof(*p->rows));
    pcell *row = p->rows[p->count++];
    memset(row, 0, sizeof(pcell) * PANEL_COLS);
    return row;
}

pcell wb_ptext(const char *s)
{
    return (pcell){P_TEXT, s, 0};
}

static pcell phead(const char *s)
{
    return (pcell){P_HEAD, s, 0};
}

pcell wb_pnum(pkind kind, double v)
{
    return (pcell){kind, NULL, v};
}

void wb_panel_headers(panel *p, const char *const *names, size_t n)
{
    pcell *row = wb_panel_row(p);
    for (size_t c = 0; c < n && c < PANEL_COLS; c++)
        row[c] = phead(names[c]);
}

void wb_panel_free(panel *p)
{
    free(p->rows);
    memset(p, 0, sizeof(*p));
}

/* Writes panel row i at column col0 of the sheet's current row. */
static void put_panel_row(writer *w, sheet *sh, const panel *p, size_t i, lxw_col_t col0)
{
    for (int c = 0; c < PANEL_COLS; c++) {
        const pcell *cell = &p->rows[i][c];
        lxw_col_t col = (lxw_col_t)(col0 + c);
        switch (cell->kind) {
        case P_EMPTY: break;
        case P_TEXT: wb_put_str(w, sh, col, cell->text, NULL); break;
        case P_HEAD: wb_put_str(w, sh, col, cell->text, w->head); break;
        case P_TITLE: wb_put_str(w, sh, col, cell->text, w->bold); break;
        case P_COUNT: wb_put_num(w, sh, col, cell->value, NULL); break;
        case P_MONEY: wb_put_num(w, sh, col, cell->value / 100.0, w->money); break;
        case P_PCT: wb_put_num(w, sh, col, cell->value, w->pct); break;
        }
    }
}

/* The panel's charts, right of the panel, one under the other. */
static da_error panel_charts(writer *w, sheet *sh, const panel *p, lxw_col_t col0)
{
    for (size_t i = 0; i < p->ncharts && w->lerr == LXW_NO_ERROR; i++) {
        lxw_chart *chart = workbook_add_chart(w->wb, (uint8_t)p->charts[i].type);
        if (!chart)
            return DA_ERR_XLSX;
        for (int k = 0; k < 2; k++) {
            if (p->charts[i].val_cols[k] < 0)
                continue;
            lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
            if (!s)
                return DA_ERR_XLSX;
            lxw_row_t r0 = (lxw_row_t)p->charts[i].first, r1 = (lxw_row_t)p->charts[i].last;
            lxw_col_t cc = (lxw_col_t)(col0 + p->charts[i].cat_col);
            lxw_col_t vc = (lxw_col_t)(col0 + p->charts[i].val_cols[k]);
            chart_series_set_categories(s, sh->name, r0, cc, r1, cc);
            chart_series_set_values(s, sh->name, r0, vc, r1, vc);
            if (p->charts[i].names[k])
                chart_series_set_name(s, p->charts[i].names[k]);
            lxw_chart_fill fill = {.color = k == 0 ? 0x1F4E5F : 0x9BBB59};
            chart_series_set_fill(s, &fill);
        }
        chart_title_set_name(chart, p->charts[i].title);
        if (p->charts[i].money)
            chart_axis_set_num_format(chart->y_axis, "$#,##0");
        chart_legend_set_position(chart, p->charts[i].val_cols[1] >= 0 ? LXW_CHART_LEGEND_BOTTOM
                                                                         : LXW_CHART_LEGEND_NONE);
        wb_keep(w, worksheet_insert_chart(sh->ws, (lxw_row_t)(1 + 16 * i),
                                       (lxw_col_t)(col0 + PANEL_COLS + 1), chart));
    }
    return DA_OK;
}

/* ---- detail sheets ---- */

/* A column of a detail sheet: a table column, or the days left before a
 * deadline column (computed against the report's as-of date). */
typedef struct out_col {
    size_t src;     /* table column */
    bool days_left; /* the derived "Days left" column of src */
    const char *id; /* pseudonym prefix for identifier columns, NULL otherwise */
} out_col;

static bool starts_with_ci(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
            return false;
    return true;
}

static bool contains_ci(const char *s, const char *word)
{
    for (; *s; s++)
        if (starts_with_ci(s, word))
            return true;
    return false;
}

/* Identifier columns are found by their whole name (detail.h): "Patient
 * type" is not an identifier. */
static const char *id_prefix(const char *name)
{
    return strcasecmp(name, DA_COL_PATIENT) == 0     ? "PT"
           : strcasecmp(name, DA_COL_CLAIM) == 0     ? "CL"
           : strcasecmp(name, DA_COL_ENCOUNTER) == 0 ? "EN"
                                                     : NULL;
}

static size_t out_columns(const da_detail *t, out_col *out)
{
    size_t n = 0;
    for (size_t c = 0; c < t->ncolumns && n + 2 <= MAX_COLS - PANEL_COLS - 1; c++) {
        out[n++] = (out_col){c, false,
                             t->columns[c].type == DA_CELL_TEXT ? id_prefix(t->columns[c].name)
                                                                : NULL};
        if (t->columns[c].type == DA_CELL_DATE && contains_ci(t->columns[c].name, "deadline"))
            out[n++] = (out_col){c, true, NULL};
    }
    return n;
}

/* The summed amount of a DA_CELL_AMOUNT cell; false when blank. */
static bool cell_amount(const writer *w, const da_cell *cell, double *cents)
{
    const da_finding_list *fl = w->r->findings;
    if (cell->finding < 0 || cell->nfindings <= 0 || (size_t)cell->finding >= fl->count)
        return false;
    size_t end = (size_t)cell->finding + (size_t)cell->nfindings;
    if (end > fl->count)
        end = fl->count;
    bool any = false;
    double sum = 0;
    for (size_t i = (size_t)cell->finding; i < end; i++) {
        const da_finding *f = &fl->items[i];
        if ((cell->direction >= 0 && (int)f->direction != cell->direction) || f->amount < 0)
            continue;
        any = true;
        sum += (double)f->amount;
    }
    *cents = sum;
    return any;
}

static void put_detail_cell(writer *w, sheet *sh, lxw_col_t col, const da_detail *t,
                            const da_cell *row, const out_col *oc)
{
    const da_cell *cell = &row[oc->src];
    if (oc->days_left) {
        if (cell->date != DA_DATE_NONE && w->as_of != DA_DATE_NONE)
            wb_put_num(w, sh, col, (double)((long)cell->date - (long)w->as_of), NULL);
        return;
    }
    switch (t->columns[oc->src].type) {
    case DA_CELL_TEXT:
        if (oc->id)
            wb_put_id(w, sh, col, oc->id, cell->text ? cell->text : "");
        else
            wb_put_note_text(w, sh, col, cell->text ? cell->text : "",
                          t->columns[oc->src].width >= 40 ? w->wrap : NULL);
        break;
    case DA_CELL_NUMBER: wb_put_num(w, sh, col, cell->number, NULL); break;
    case DA_CELL_MONEY:
        if (cell->money != DA_CENTS_NONE)
            wb_put_money(w, sh, col, (double)cell->money);
        break;
    case DA_CELL_DATE: wb_put_date(w, sh, col, cell->date); break;
    case DA_CELL_AMOUNT: {
        double cents;
        if (cell_amount(w, cell, &cents))
            wb_put_money(w, sh, col, cents);
        break;
    }
    }
}

/* A detail table over its parts, with a panel beside the first part; the
 * panel's charts are drawn later (detail_charts), on the main thread. */
/* The order rows are shown in: those with a finding (an amount cell that
 * is not blank) first, then the rest, each in table order. The caller
 * frees it. */
static size_t *rows_with_findings_first(const writer *w, const da_detail *t)
{
    size_t n = t ? t->nrows : 0, *order = da_xmalloc((n ? n : 1) * sizeof(*order)), k = 0;
    bool *hit = da_xcalloc(n ? n : 1, sizeof(*hit));
    for (size_t r = 0; r < n; r++) {
        const da_cell *row = &t->cells[r * t->ncolumns];
        double cents;
        for (size_t c = 0; c < t->ncolumns && !hit[r]; c++)
            hit[r] = t->columns[c].type == DA_CELL_AMOUNT && cell_amount(w, &row[c], &cents);
    }
    for (int pass = 0; pass < 2; pass++)
        for (size_t r = 0; r < n; r++)
            if (hit[r] == (pass == 0))
                order[k++] = r;
    free(hit);
    return order;
}

void wb_write_detail(writer *w, sheet *parts, size_t nparts, const da_detail *t,
                         const panel *pn)
{
    out_col cols[MAX_COLS];
    size_t ncols = t ? out_columns(t, cols) : 0;
    size_t rows = t ? t->nrows : 0, per = w->rows_per_sheet;
    size_t *order = rows_with_findings_first(w, t);
    lxw_col_t pcol = (lxw_col_t)(ncols ? ncols + 1 : 0);
    for (size_t p = 0; p < nparts && w->lerr == LXW_NO_ERROR; p++) {
        sheet *sh = &parts[p];
        size_t first = p * per, last = first + per < rows ? first + per : rows;
        size_t panel_rows = p == 0 && pn ? pn->count : 0;
        size_t sheet_rows = last - first + 1;
        if (panel_rows > sheet_rows)
            sheet_rows = panel_rows;
        worksheet_freeze_panes(sh->ws, 1, 0);
        for (size_t c = 0; c < ncols; c++) {
            const da_detail_column *dc = &t->columns[cols[c].src];
            sh->wrap_chars[c] = !cols[c].days_left && dc->type == DA_CELL_TEXT && dc->width >= 40
                                    ? dc->width + 2
                                    : 0;
        }
        for (size_t r = 0; r < sheet_rows && w->lerr == LXW_NO_ERROR; r++) {
            sh->row = (lxw_row_t)r;
            if (r == 0) {
                for (size_t c = 0; c < ncols; c++)
                    wb_put_str(w, sh, (lxw_col_t)c,
                            cols[c].days_left ? "Days left" : t->columns[cols[c].src].name,
                            w->head);
            } else if (first + r - 1 < last) {
                const da_cell *row = &t->cells[order[first + r - 1] * t->ncolumns];
                for (size_t c = 0; c < ncols; c++)
                    put_detail_cell(w, sh, (lxw_col_t)c, t, row, &cols[c]);
            }
            if (r < panel_rows)
                put_panel_row(w, sh, pn, r, pcol);
            if (ncols && r == last - first && w->lerr == LXW_NO_ERROR)
                wb_keep(w, worksheet_autofilter(sh->ws, 0, 0, (lxw_row_t)r, (lxw_col_t)(ncols - 1)));
            wb_end_row(w, sh);
        }
        for (size_t c = 0; c < ncols; c++) {
            const da_detail_column *dc = &t->columns[cols[c].src];
            double width = cols[c].days_left ? 10 : dc->width > 0 ? dc->width : 12;
            bool wrap = !cols[c].days_left && dc->type == DA_CELL_TEXT && dc->width >= 40;
            wb_keep(w, worksheet_set_column(sh->ws, (lxw_col_t)c, (lxw_col_t)c, width + 2,
                                         wrap ? w->wrap : NULL));
        }
        if (p == 0 && pn)
            for (int c = 0; c < PANEL_COLS; c++)
                if (pn->width[c] > 0)
                    wb_keep(w, worksheet_set_column(sh->ws, (lxw_col_t)(pcol + c),
                                                 (lxw_col_t)(pcol + c), pn->width[c], NULL));
        worksheet_ignore_errors(sh->ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, "A1:XFD1048576");
    }
    free(order);
}

/* The charts of the panel beside a detail table's first part. */
da_error wb_detail_charts(writer *w, sheet *parts, const da_detail *t, const panel *pn)
{
    out_col cols[MAX_COLS];
    size_t ncols = t ? out_columns(t, cols) : 0;
    return panel_charts(w, &parts[0], pn, (lxw_col_t)(ncols ? ncols + 1 : 0));
}

/* The text of a level cell: the text, or the number as written. */
static const char *level_text(writer *w, const da_detail *t, size_t col, const da_cell *cell)
{
    if (t->columns[col].type == DA_CELL_TEXT)
        return cell->text ? cell->text : "";
    return wb_fmt_text(w, "%g", cell->number);
}

static long find_column(const da_detail *t, const char *name)
{
    for (size_t c = 0; c < t->ncolumns; c++)
        if (strcasecmp(t->columns[c].name, name) == 0)
            return (long)c;
    return -1;
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds s to the sorted-later set of strings if it is new. */
static void set_put(const char ***set, size_t *n, size_t *cap, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*set)[i], s) == 0)
            return;
    da_grow((void **)set, cap, *n + 1, sizeof(**set));
    (*set)[(*n)++] = s;
}

static size_t set_index(const char **set, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(set[i], s) == 0)
            return i;
    return n;
}

/* The E&M level distribution, billed against supported, per provider, from
 * the E&M table's provider, billed and supported code columns (detail.h). */
void wb_em_panel(writer *w, const da_detail *t, panel *p)
{
    long cp = find_column(t, DA_COL_PROVIDER), cb = find_column(t, DA_COL_EM_BILLED);
    long cs = find_column(t, DA_COL_EM_SUPPORTED);
    if (cp < 0 || cb < 0 || cs < 0 || t->columns[cp].type != DA_CELL_TEXT)
        return;
    const char **provs = NULL, **levels = NULL;
    size_t np = 0, nl = 0, capp = 0, capl = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const da_cell *row = &t->cells[r * t->ncolumns];
        set_put(&provs, &np, &capp, row[cp].text ? row[cp].text : "");
        const char *b = level_text(w, t, (size_t)cb, &row[cb]);
        const char *s = level_text(w, t, (size_t)cs, &row[cs]);
        if (b[0])
            set_put(&levels, &nl, &capl, b);
        if (s[0])
            set_put(&levels, &nl, &capl, s);
    }
    da_sort(provs, np, sizeof(*provs), str_cmp);
    da_sort(levels, nl, sizeof(*levels), str_cmp);
    size_t *counts = da_xcalloc(np * nl * 2 + 1, sizeof(*counts));
    for (size_t r = 0; r < t->nrows; r++) {
        const da_cell *row = &t->cells[r * t->ncolumns];
        size_t pi = set_index(provs, np, row[cp].text ? row[cp].text : "");
        size_t bi = set_index(levels, nl, level_text(w, t, (size_t)cb, &row[cb]));
        size_t si = set_index(levels, nl, level_text(w, t, (size_t)cs, &row[cs]));
        if (bi < nl)
            counts[(pi * nl + bi) * 2]++;
        if (si < nl)
            counts[(pi * nl + si) * 2 + 1]++;
    }
    static const double widths[PANEL_COLS] = {28, 14, 12, 12, 0};
    memcpy(p->width, widths, sizeof(widths));
    pcell *row = wb_panel_row(p);
    row[0] = (pcell){P_HEAD, "Level distribution: billed vs supported", 0};
    for (size_t i = 0; i < np; i++) {
        row = wb_panel_row(p);
        row[0] = (pcell){P_TITLE, provs[i][0] ? provs[i] : "(no provider)", 0};
        static const char *const heads[] = {"Provider", "Level", "Billed", "Supported"};
        wb_panel_headers(p, heads, 4);
        size_t first = p->count;
        for (size_t l = 0; l < nl; l++) {
            row = wb_panel_row(p);
            row[0] = wb_ptext(provs[i]);
            row[1] = wb_ptext(levels[l]);
            row[2] = wb_pnum(P_COUNT, (double)counts[(i * nl + l) * 2]);
            row[3] = wb_pnum(P_COUNT, (double)counts[(i * nl + l) * 2 + 1]);
        }
        if (nl && p->ncharts < MAX_CHARTS)
            p->charts[p->ncharts++] = (chart_spec){
                LXW_CHART_COLUMN, wb_fmt_text(w, "E/M levels: %s", provs[i]), first, p->count - 1,
                1, {2, 3}, {"Billed", "Supported"}, false};
        wb_panel_row(p);
    }
    free(counts);
    free(provs);
    free(levels);
}

/* ---- Payers, AR Aging, Trend ---- */
