/* workbook.c - the audit workbook: which sheets a report has and in what
 * order (the template's plan), the formats, the template's placeholders,
 * and the writing itself: the Summary and the small sheets on the calling
 * thread, the cells of the long sheets shared with a helper thread (see
 * workbook.h and docs/workbook.md). Every figure comes from the report model
 * (figures.h), built first; each sheet family is laid out by its own file
 * (sheet.h lists them).
 *
 * Written in libxlsxwriter's constant-memory mode, so each sheet's rows go
 * out strictly top to bottom, and each autofilter is set right after its
 * table's last row. Tables that sit beside a detail table (the "panel" of
 * the Denials and E&M sheets) are laid out in memory first and written row
 * by row with it. Every string passes wb_cell_text on its way to the
 * library (valid UTF-8, no more than Excel's 32,767 characters) and every
 * number passes isfinite: either would otherwise give a file Excel calls
 * corrupt. The library formats doubles with snprintf, so LC_NUMERIC must
 * stay "C": never call setlocale here.
 */
#include "workbook.h"
#include "sheet.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "buf.h"
#include "compare.h"
#include "denials.h"
#include "figures.h"
#include "mem.h"
#include "price.h"
#include "revenue.h"
#include "rules.h"
#include "scorecard.h"
#include "text.h"

#if LXW_VERSION_ID < 114
#error "libxlsxwriter 1.1.4 or later is required"
#endif

/* Uncompressed size of the sheets above which the zip needs zip64 (limit
 * 4 GiB). Some Excel builds reject zip64 files that do not need it. */
#define ZIP64_ESTIMATE 3.0e9

/* Estimated XML of the cell sheets below which they are written on one
 * thread: about 10 ms of work, where a second thread gains nothing. */
#define THREAD_MIN_XML 1.0e6

/* Sheets a template may name, in the default order. */
static const char *const SHEETS[] = {
    "Scorecard", "Examples", "Mohs",   "Lesions & Repairs", "Pathology", "Cosmetic",
    "Modifiers", "E&M",      "Drugs",  "Denials",           "Payers",    "AR Aging",
    "Findings",  "Data Quality",       "Rules",             "Trend",
};

#define NSHEETS (sizeof(SHEETS) / sizeof(SHEETS[0]))

/* "YYYY-MM-DDTHH:MM:SSZ" to seconds since the epoch (UTC), without timegm. */
static bool parse_created(const char *s, time_t *out)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    if (strlen(s) != sizeof(shape) - 1)
        return false;
    for (size_t i = 0; shape[i]; i++)
        if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
            return false;
    int y = atoi(s), mo = atoi(s + 5), d = atoi(s + 8);
    int h = atoi(s + 11), mi = atoi(s + 14), sec = atoi(s + 17);
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59)
        return false;
    da_date date = da_date_from_ymd(y, mo, d);
    int yy, mm, dd;
    da_date_to_ymd(date, &yy, &mm, &dd);
    if (mm != mo || dd != d) /* 2025-02-30 and the like */
        return false;
    *out = (time_t)date * 86400 + h * 3600 + mi * 60 + sec;
    return *out > 0; /* libxlsxwriter reads 0 as "now" */
}

static void set_var(writer *w, const char *name, const char *value)
{
    if (w->nvars < NVARS) {
        w->vars[w->nvars].name = name;
        w->vars[w->nvars].value = value;
        w->nvars++;
    }
}

static size_t parts_for(size_t rows, size_t per_part)
{
    return rows ? (rows - 1) / per_part + 1 : 1;
}

/* Adds "base", "base (2)", ... in order; NULL worksheets are caught by the caller. */
static void add_parts(writer *w, const char *base, sheet *parts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char name[32];
        if (i == 0)
            snprintf(name, sizeof(name), "%s", base);
        else
            snprintf(name, sizeof(name), "%s (%zu)", base, i + 1);
        parts[i].name = da_arena_strdup(w->arena, name);
        parts[i].ws = workbook_add_worksheet(w->wb, name);
        if (!parts[i].ws) {
            wb_keep(w, LXW_ERROR_PARAMETER_VALIDATION);
            continue;
        }
        /* Printed on US Letter, one page wide; the working sheets landscape
         * with their header row on every page. */
        worksheet_set_paper(parts[i].ws, 1);
        worksheet_fit_to_pages(parts[i].ws, 1, 0);
        if (strcmp(base, "Summary") != 0 && strcmp(base, "Scorecard") != 0) {
            worksheet_set_landscape(parts[i].ws);
            wb_keep(w, worksheet_repeat_rows(parts[i].ws, 0, 0));
        }
        if (w->footer)
            wb_keep(w, worksheet_set_footer(parts[i].ws, w->footer));
    }
}

/* ---- panels: small tables beside a detail table ---- */

typedef enum skind {
    S_DETAIL, S_DENIALS, S_PAYERS, S_AR, S_FINDINGS, S_DQ, S_RULES, S_TREND, S_SCORECARD, S_EXAMPLES
} skind;

/* One sheet of the workbook (and its parts when it is split). */
typedef struct plan_sheet {
    skind kind;             /* what it holds */
    const char *name;       /* sheet name */
    const da_detail *table; /* S_DETAIL, S_DENIALS: the detail table (may be NULL for Denials) */
    size_t rows;            /* data rows, for splitting */
    sheet *parts;           /* its parts */
    size_t nparts;          /* parts */
    panel pn;               /* S_DENIALS, E&M: the panel, built before the cells are written */
    double cost;            /* estimated bytes of XML, to share the cells between threads */
    int side;               /* 0: cells written by the main thread, 1: by the helper */
} plan_sheet;

typedef struct plan {
    plan_sheet *items; /* sheets after the Summary, in order */
    size_t count, cap; /* used and allocated */
} plan;

static bool planned(const plan *p, const char *name)
{
    for (size_t i = 0; i < p->count; i++)
        if (strcmp(p->items[i].name, name) == 0)
            return true;
    return false;
}

static const da_detail *table_named(const da_report *r, const char *name)
{
    if (!r->details)
        return NULL;
    const da_detail *t = da_details_find(r->details, name);
    return t && t->nrows > 0 ? t : NULL;
}

static bool known_sheet(const char *name)
{
    for (size_t i = 0; i < NSHEETS; i++)
        if (strcmp(SHEETS[i], name) == 0)
            return true;
    return false;
}

/* Adds the named sheet when it has content. */
static void plan_add(writer *w, plan *p, const char *name)
{
    const da_report *r = w->r;
    if (planned(p, name))
        return;
    plan_sheet s = {.name = name};
    if (strcmp(name, "Findings") == 0) {
        s.kind = S_FINDINGS;
        s.rows = r->findings->count;
    } else if (strcmp(name, "Data Quality") == 0) {
        s.kind = S_DQ;
        s.rows = r->data->dq.count;
    } else if (strcmp(name, "Rules") == 0) {
        s.kind = S_RULES;
    } else if (strcmp(name, "Scorecard") == 0) {
        s.kind = S_SCORECARD;
    } else if (strcmp(name, "Examples") == 0) {
        s.kind = S_EXAMPLES;
    } else if (strcmp(name, "Trend") == 0) {
        if (!r->previous)
            return;
        s.kind = S_TREND;
    } else if (strcmp(name, "Payers") == 0) {
        if (!r->data->nclaims)
            return;
        s.kind = S_PAYERS;
    } else if (strcmp(name, "AR Aging") == 0) {
        if (!w->fig->nar)
            return;
        s.kind = S_AR;
    } else if (strcmp(name, "Denials") == 0) {
        s.table = table_named(r, name);
        if (!s.table && !w->fig->denials.denied)
            return;
        s.kind = S_DENIALS;
        s.rows = s.table ? s.table->nrows : 0;
    } else {
        s.table = table_named(r, name);
        if (!s.table)
            return;
        s.kind = S_DETAIL;
        s.rows = s.table->nrows;
    }
    s.nparts = s.kind == S_FINDINGS || s.kind == S_DQ || s.kind == S_DETAIL || s.kind == S_DENIALS
                   ? parts_for(s.rows, w->rows_per_sheet)
                   : 1;
    da_grow((void **)&p->items, &p->cap, p->count + 1, sizeof(*p->items));
    p->items[p->count++] = s;
}

/* A detail table's sheet name made safe for Excel: at most 25 characters
 * (room for " (99)") without []:*?/\ characters. */
static const char *safe_name(writer *w, const char *name)
{
    char out[26];
    size_t n = 0;
    for (const char *c = name; *c && n < sizeof(out) - 1; c++)
        out[n++] = strchr("[]:*?/\\", *c) ? '-' : *c;
    out[n] = '\0';
    return da_arena_strdup(w->arena, n ? out : "Detail");
}

static void plan_build(writer *w, plan *p)
{
    size_t pos = 0, len;
    const char *v;
    bool listed = false;
    while (da_template_next(w->tpl, "sheets", &pos, &v, &len)) {
        listed = true;
        const char *end = v + len;
        while (v < end) {
            const char *comma = memchr(v, ',', (size_t)(end - v));
            const char *stop = comma ? comma : end;
            const char *a = v, *b = stop;
            while (a < b && (*a == ' ' || *a == '\t'))
                a++;
            while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
                b--;
            for (size_t i = 0; i < NSHEETS; i++)
                if (strlen(SHEETS[i]) == (size_t)(b - a) && memcmp(SHEETS[i], a, (size_t)(b - a)) == 0) {
                    /* Tables a family made under a name the list does not know go
                     * before Findings. */
                    if (strcmp(SHEETS[i], "Findings") == 0 && w->r->details)
                        for (size_t k = 0; k < w->r->details->count; k++) {
                            const da_detail *t = &w->r->details->items[k];
                            if (!known_sheet(t->sheet) && t->nrows)
                                plan_add(w, p, safe_name(w, t->sheet));
                        }
                    plan_add(w, p, SHEETS[i]);
                }
            v = comma ? comma + 1 : end;
        }
    }
    if (!listed)
        for (size_t i = 0; i < NSHEETS; i++)
            plan_add(w, p, SHEETS[i]);
    if (w->r->previous)
        plan_add(w, p, "Trend");
}

/* Rough bytes of XML for the findings, the data quality entries and a
 * detail table. */
static double findings_estimate(const da_finding_list *fl)
{
    double bytes = 0;
    for (size_t i = 0; i < fl->count; i++)
        bytes += 900.0 + 6.0 * (double)strlen(fl->items[i].evidence);
    return bytes;
}

static double dq_estimate(const da_dataset *d)
{
    return 300.0 * (double)d->dq.count;
}

static double detail_estimate(const da_detail *t)
{
    return t ? 120.0 * (double)(t->nrows * t->ncolumns) : 0;
}

/* Rough bytes of sheet XML, to decide on zip64. */
static double xml_estimate(const da_report *r)
{
    double bytes = dq_estimate(r->data) + 250.0 * (double)r->data->nclaims +
                   findings_estimate(r->findings);
    for (size_t i = 0; r->details && i < r->details->count; i++)
        bytes += detail_estimate(&r->details->items[i]);
    return bytes;
}

static lxw_format *new_format(writer *w)
{
    return workbook_add_format(w->wb);
}

static void add_formats(writer *w)
{
    w->bold = new_format(w);
    format_set_bold(w->bold);
    w->bold_top = new_format(w);
    format_set_bold(w->bold_top);
    format_set_align(w->bold_top, LXW_ALIGN_VERTICAL_TOP);
    w->head = new_format(w);
    format_set_bold(w->head);
    format_set_bg_color(w->head, COLOR_HEAD);
    format_set_bottom(w->head, LXW_BORDER_THIN);
    format_set_text_wrap(w->head);
    format_set_align(w->head, LXW_ALIGN_VERTICAL_TOP);
    w->title = new_format(w);
    format_set_bold(w->title);
    format_set_font_size(w->title, 18);
    format_set_font_color(w->title, COLOR_BAND);
    format_set_align(w->title, LXW_ALIGN_VERTICAL_CENTER);
    w->band = new_format(w);
    format_set_bold(w->band);
    format_set_font_size(w->band, 12);
    format_set_font_color(w->band, LXW_COLOR_WHITE);
    format_set_bg_color(w->band, COLOR_BAND);
    format_set_align(w->band, LXW_ALIGN_VERTICAL_CENTER);
    w->money = new_format(w);
    format_set_num_format(w->money, "$#,##0.00");
    w->money0 = new_format(w);
    format_set_num_format(w->money0, "$#,##0");
    w->big = new_format(w);
    format_set_num_format(w->big, "$#,##0.00");
    format_set_bold(w->big);
    format_set_font_size(w->big, 14);
    format_set_font_color(w->big, COLOR_BAND);
    format_set_bg_color(w->big, COLOR_CARD);
    w->big0 = new_format(w);
    format_set_num_format(w->big0, "$#,##0");
    format_set_bold(w->big0);
    format_set_font_size(w->big0, 14);
    format_set_font_color(w->big0, COLOR_BAND);
    format_set_bg_color(w->big0, COLOR_CARD);
    w->card = new_format(w);
    format_set_bold(w->card);
    format_set_bg_color(w->card, COLOR_CARD);
    format_set_align(w->card, LXW_ALIGN_VERTICAL_CENTER);
    w->pct = new_format(w);
    format_set_num_format(w->pct, "0.0%");
    w->ratio = new_format(w);
    format_set_num_format(w->ratio, "0.00");
    w->num1 = new_format(w);
    format_set_num_format(w->num1, "0.0");
    w->date = new_format(w);
    format_set_num_format(w->date, "yyyy-mm-dd");
    w->top = new_format(w);
    format_set_align(w->top, LXW_ALIGN_VERTICAL_TOP);
    lxw_format *const tops[] = {w->money, w->money0, w->pct, w->ratio, w->num1, w->date};
    for (size_t i = 0; i < sizeof(tops) / sizeof(tops[0]); i++)
        format_set_align(tops[i], LXW_ALIGN_VERTICAL_TOP);
    w->wrap = new_format(w);
    format_set_text_wrap(w->wrap);
    format_set_align(w->wrap, LXW_ALIGN_VERTICAL_TOP);
    w->note = new_format(w);
    format_set_italic(w->note);
    format_set_font_color(w->note, 0x595959);
    format_set_font_size(w->note, 9);
    format_set_text_wrap(w->note);
    format_set_align(w->note, LXW_ALIGN_VERTICAL_TOP);
}

/* Fills the placeholders from the totals; the strings live in text. */
static void set_vars(writer *w, const da_figures *t, char text[][32])
{
    const da_report *r = w->r;
    da_date_format(r->from, text[0]);
    da_date_format(r->to, text[1]);
    snprintf(text[2], 32, "%ld", t->days);
    da_money_text((double)t->under, text[3]);
    da_money_text_dollars(wb_annualize(t->under, t->days), text[4]);
    da_money_text((double)t->denial, text[5]);
    da_money_text_dollars(wb_annualize(t->denial, t->days), text[6]);
    da_money_text((double)t->over, text[7]);
    da_money_text_dollars(wb_annualize(t->over, t->days), text[8]);
    snprintf(text[9], 32, "%zu", t->gaps);
    if (w->fig->denials.claims)
        snprintf(text[10], 32, "%.1f%%",
                 100.0 * (double)w->fig->denials.denied_claims / (double)w->fig->denials.claims);
    else
        snprintf(text[10], 32, "n/a");
    snprintf(text[11], 32, "%.1f%%", 100.0 * DA_DENIAL_BENCHMARK);
    da_date_format(w->as_of, text[12]);
    set_var(w, "practice", r->practice ? r->practice : "");
    set_var(w, "basis", r->fees_source ? r->fees_source : "");
    set_var(w, "from", text[0][0] ? text[0] : "unknown");
    set_var(w, "to", text[1][0] ? text[1] : "unknown");
    set_var(w, "days", t->days > 0 ? text[2] : "unknown");
    set_var(w, "leak", text[3]);
    set_var(w, "leak_annual", text[4]);
    set_var(w, "denials", text[5]);
    set_var(w, "denials_annual", text[6]);
    set_var(w, "over", text[7]);
    set_var(w, "over_annual", text[8]);
    set_var(w, "gaps", text[9]);
    set_var(w, "denial_rate", text[10]);
    set_var(w, "benchmark", text[11]);
    set_var(w, "as_of", text[12][0] ? text[12] : "unknown");
}

/* "A sheet holds at most N rows: Findings runs over 2 sheets, ..." or "". */
static void split_note(const plan *p, char *out, size_t size)
{
    out[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < p->count && used < size; i++) {
        if (p->items[i].nparts < 2)
            continue;
        int n = snprintf(out + used, size - used, "%s%s runs over %zu sheets",
                         used ? ", " : "", p->items[i].name, p->items[i].nparts);
        used += n > 0 ? (size_t)n : 0;
    }
    if (used && used < size) {
        char head[96];
        snprintf(head, sizeof(head), "A sheet holds at most %u rows: ", DA_SHEET_ROWS_MAX);
        size_t hl = strlen(head);
        if (used + hl + 2 < size) {
            memmove(out + hl, out, used + 1);
            memcpy(out, head, hl);
            strcat(out, ".");
        }
    }
}

/* Sheets of cells only, which may be written on a helper thread: their
 * writes touch nothing but their own worksheets (see write_cells_shared). */
static bool cell_sheet(const plan_sheet *s)
{
    return s->kind == S_FINDINGS || s->kind == S_DQ || s->kind == S_DETAIL ||
           s->kind == S_DENIALS;
}

/* Builds a cell sheet's panel and its cost, on the main thread (the panels
 * take their strings from the writer's arena). The cost is the XML the
 * sheet comes to: on the 10x sample about 35% of the zip64 estimate for a
 * detail table and 75% for the findings. */
static void prepare_sheet(writer *w, plan_sheet *s)
{
    const da_report *r = w->r;
    switch (s->kind) {
    case S_FINDINGS: s->cost = 0.75 * findings_estimate(r->findings); break;
    case S_DQ: s->cost = 0.35 * dq_estimate(r->data); break;
    case S_DENIALS:
        wb_denial_panel(w, &s->pn);
        s->cost = 0.35 * detail_estimate(s->table);
        break;
    case S_DETAIL:
        if (strcmp(s->name, "E&M") == 0)
            wb_em_panel(w, s->table, &s->pn);
        s->cost = 0.35 * detail_estimate(s->table);
        break;
    default: break;
    }
}

/* The cells of a cell sheet. Safe on any thread as long as each sheet is
 * written by one thread and w is that thread's own writer. */
static void write_cells(writer *w, plan_sheet *s)
{
    switch (s->kind) {
    case S_FINDINGS: wb_write_findings(w, s->parts, s->nparts); break;
    case S_DQ: wb_write_dq(w, s->parts); break;
    case S_DENIALS: wb_write_detail(w, s->parts, s->nparts, s->table, &s->pn); break;
    case S_DETAIL:
        wb_write_detail(w, s->parts, s->nparts, s->table, s->pn.count ? &s->pn : NULL);
        break;
    default: break;
    }
}

/* Everything of a sheet that is not a cell sheet's cells: the workbook-level
 * parts (charts) and the small sheets, on the main thread in sheet order so
 * the charts are numbered as the sheets are ordered. */
static da_error write_sheet(writer *w, plan_sheet *s)
{
    switch (s->kind) {
    case S_FINDINGS:
    case S_DQ: return DA_OK;
    case S_DENIALS: return wb_detail_charts(w, s->parts, s->table, &s->pn);
    case S_DETAIL: return s->pn.count ? wb_detail_charts(w, s->parts, s->table, &s->pn) : DA_OK;
    case S_RULES: wb_write_rules(w, s->parts); return DA_OK;
    case S_SCORECARD: wb_write_scorecard_sheet(w, &s->parts[0]); return DA_OK;
    case S_EXAMPLES: return wb_write_examples(w, &s->parts[0]);
    case S_PAYERS: return wb_write_payers(w, &s->parts[0]);
    case S_AR: return wb_write_ar(w, &s->parts[0]);
    case S_TREND: wb_write_trend(w, &s->parts[0]); return DA_OK;
    }
    return DA_OK;
}

/* The cell sheets of one side, in sheet order; stops at a library error. */
static void write_side(writer *w, plan *p, int side)
{
    for (size_t i = 0; i < p->count && w->lerr == LXW_NO_ERROR; i++)
        if (cell_sheet(&p->items[i]) && p->items[i].side == side)
            write_cells(w, &p->items[i]);
}

/* The helper thread's share of the cells. */
typedef struct cell_job {
    writer w; /* the helper's own writer: its first error, its scratch copy */
    plan *p;  /* the sheets; the helper writes those of side 1 */
} cell_job;

static void *cell_job_run(void *arg)
{
    cell_job *job = arg;
    write_side(&job->w, job->p, 1);
    return NULL;
}

/* Two threads when there are two cores (or the caller asks for them), at
 * least two cell sheets and, unless asked, enough XML to be worth it. */
static bool use_helper(const plan *p, int threads)
{
    size_t n = 0;
    double cost = 0;
    for (size_t i = 0; i < p->count; i++)
        if (cell_sheet(&p->items[i])) {
            n++;
            cost += p->items[i].cost;
        }
    if (n < 2 || threads == 1)
        return false;
    if (threads >= 2)
        return true;
    return sysconf(_SC_NPROCESSORS_ONLN) >= 2 && cost >= THREAD_MIN_XML;
}

/* Shares the cell sheets between the two sides, the costliest first to the
 * side with less so far. */
static void share_sheets(plan *p)
{
    double load[2] = {0, 0};
    for (;;) {
        plan_sheet *next = NULL;
        for (size_t i = 0; i < p->count; i++) {
            plan_sheet *s = &p->items[i];
            if (cell_sheet(s) && s->side < 0 && (!next || s->cost > next->cost))
                next = s;
        }
        if (!next)
            return;
        next->side = load[1] < load[0] ? 1 : 0;
        load[next->side] += next->cost;
    }
}

/* Writes the cells of the cell sheets, on two threads when use_helper says
 * so. Nothing the threads share is written while they run: the writer is
 * copied for the helper, charts, sheets and names are left to the main
 * thread, and no format is used for the first time. The library numbers a
 * format on its first use, in the workbook's table (lxw_format_get_xf_index);
 * once numbered, a use only reads its xf_index. The Summary, written first,
 * normally uses every format the cells use; when it has not (no period
 * dates, say), the cells stay on this thread so that formats are numbered
 * in order of first use, as they always were. */
static void write_cells_shared(writer *w, plan *p, int threads)
{
    const lxw_format *const used[] = {w->head, w->wrap, w->bold, w->money, w->pct, w->date};
    bool numbered = true;
    for (size_t i = 0; i < sizeof(used) / sizeof(used[0]); i++)
        numbered = numbered && used[i]->xf_index != LXW_PROPERTY_UNSET;
    bool two = numbered && use_helper(p, threads);
    for (size_t i = 0; i < p->count; i++)
        p->items[i].side = two ? -1 : 0;
    if (two)
        share_sheets(p);
    cell_job job = {.w = *w, .p = p};
    job.w.scratch = NULL;
    job.w.scratch_cap = 0;
    job.w.arena = NULL; /* the arena is not for the helper */
    pthread_t helper;
    bool started = two && pthread_create(&helper, NULL, cell_job_run, &job) == 0;
    write_side(w, p, 0);
    if (started)
        pthread_join(helper, NULL);
    else if (two)
        cell_job_run(&job);
    wb_keep(w, job.w.lerr);
    free(job.w.scratch);
}

da_error da_workbook_write_split(const char *path, const da_report *r, size_t rows_per_sheet)
{
    if (!path || !r || !r->data || !r->findings || rows_per_sheet < 1 ||
        rows_per_sheet > DA_SHEET_ROWS_MAX)
        return DA_ERR_USAGE;
    lxw_doc_properties props = {0};
    if (r->created && !parse_created(r->created, &props.created))
        return DA_ERR_USAGE;
    da_error err = da_catalog_load();
    if (err != DA_OK)
        return err;
    da_template *own_tpl = NULL;
    if (!r->tpl && (err = da_template_load(DA_TEMPLATE_DEFAULT, &own_tpl)) != DA_OK)
        return err;
    /* Every figure first, in one pass; the sheets only lay them out. */
    da_date as_of = r->as_of != 0 && r->as_of != DA_DATE_NONE ? r->as_of : r->to;
    da_figures t;
    err = da_figures_build(r, as_of, &t);
    if (err != DA_OK) {
        da_figures_free(&t);
        da_template_free(own_tpl);
        return err;
    }

    writer w = {.r = r, .tpl = r->tpl ? r->tpl : own_tpl, .rows_per_sheet = rows_per_sheet,
                .fig = &t, .as_of = as_of};
    w.arena = da_arena_new();
    const char *audience = wb_template_value(&w, "audience");
    w.prospect = audience && strcmp(audience, "prospect") == 0;
    char var_text[13][32];
    set_vars(&w, &t, var_text);
    w.footer = wb_footer_text(&w);
    plan p = {0};
    plan_build(&w, &p);
    /* libxlsxwriter keeps sheet data in unlinked temporary files and ignores
     * failed writes to them: kept in the report's own directory instead of
     * /tmp, a disk that fills there also fails the final write, which is
     * checked, rather than truncating a sheet without a word. */
    char tmpdir[4096];
    const char *near = r->beside ? r->beside : path;
    const char *slash = strrchr(near, '/');
    snprintf(tmpdir, sizeof(tmpdir), "%.*s", slash ? (int)(slash - near) : 1,
             slash ? (slash == near ? "/" : near) : ".");
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE,
                                .tmpdir = tmpdir,
                                .use_zip64 = xml_estimate(r) > ZIP64_ESTIMATE};
    w.wb = workbook_new_opt(path, &opt);
    if (!w.wb) {
        err = DA_ERR_XLSX;
        goto done;
    }
    add_formats(&w);

    sheet summary = {0};
    add_parts(&w, "Summary", &summary, 1);
    for (size_t i = 0; i < p.count; i++) {
        p.items[i].parts = da_xcalloc(p.items[i].nparts, sizeof(sheet));
        add_parts(&w, p.items[i].name, p.items[i].parts, p.items[i].nparts);
    }
    char note[1024];
    split_note(&p, note, sizeof(note));
    if (w.lerr == LXW_NO_ERROR) {
        err = wb_write_summary(&w, &summary, &t, note);
        wb_summary_layout(&w, &summary);
    }
    for (size_t i = 0; i < p.count; i++)
        prepare_sheet(&w, &p.items[i]);
    if (err == DA_OK && w.lerr == LXW_NO_ERROR)
        write_cells_shared(&w, &p, r->threads);
    for (size_t i = 0; i < p.count && err == DA_OK && w.lerr == LXW_NO_ERROR; i++)
        err = write_sheet(&w, &p.items[i]);

    char title[] = "Revenue integrity assessment", author[] = "dermaudit " DERMAUDIT_VERSION;
    props.title = title;
    props.author = author;
    wb_keep(&w, workbook_set_properties(w.wb, &props));
    /* workbook_close frees the workbook whatever it returns. */
    wb_keep(&w, workbook_close(w.wb));
    if (err == DA_OK && w.lerr != LXW_NO_ERROR)
        err = DA_ERR_XLSX;
done:
    for (size_t i = 0; i < p.count; i++) {
        free(p.items[i].parts);
        wb_panel_free(&p.items[i].pn);
    }
    free(p.items);
    da_arena_free(w.arena);
    da_figures_free(&t);
    free(w.scratch);
    da_template_free(own_tpl);
    return err;
}

da_error da_workbook_write(const char *path, const da_report *report)
{
    return da_workbook_write_split(path, report, DA_SHEET_ROWS_MAX);
}
