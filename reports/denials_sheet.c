/* denials_sheet.c - the Denials panel, the Payers and the AR Aging sheets,
 * laid out from the model (revenue.h, figures.h).
 */
#include "sheet.h"

#include <ctype.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Denial rates beside the denied lines, with a chart of the reasons. */
void wb_denial_panel(writer *w, panel *p)
{
    const da_denial_stats *s = &w->fig->denials;
    static const double widths[PANEL_COLS] = {30, 44, 13, 13, 14};
    memcpy(p->width, widths, sizeof(widths));
    pcell *row = wb_panel_row(p);
    row[0] = (pcell){P_HEAD, "Denial figures", 0};
    static const char *const heads[] = {"Measure", "Adjudicated", "Denied", "Denial rate",
                                        "Benchmark"};
    wb_panel_headers(p, heads, 5);
    row = wb_panel_row(p);
    row[0] = wb_ptext("Claims");
    row[1] = wb_pnum(P_COUNT, (double)s->claims);
    row[2] = wb_pnum(P_COUNT, (double)s->denied_claims);
    row[3] = s->claims ? wb_pnum(P_PCT, (double)s->denied_claims / (double)s->claims) : wb_ptext("n/a");
    row[4] = wb_pnum(P_PCT, DA_DENIAL_BENCHMARK);
    row = wb_panel_row(p);
    row[0] = wb_ptext("Claim lines");
    row[1] = wb_pnum(P_COUNT, (double)s->lines);
    row[2] = wb_pnum(P_COUNT, (double)s->denied);
    row[3] = s->lines ? wb_pnum(P_PCT, (double)s->denied / (double)s->lines) : wb_ptext("n/a");
    row = wb_panel_row(p);
    row[0] = wb_ptext("Charges");
    row[1] = wb_pnum(P_MONEY, (double)s->charges);
    row[2] = wb_pnum(P_MONEY, (double)s->denied_charges);
    row[3] = s->charges ? wb_pnum(P_PCT, (double)s->denied_charges / (double)s->charges)
                        : wb_ptext("n/a");
    row = wb_panel_row(p);
    row[0] = wb_ptext("Benchmark: Kodiak Solutions, all-payer initial denial rate 2024 (not "
                   "dermatology-specific)");
    wb_panel_row(p);

    row = wb_panel_row(p);
    row[0] = (pcell){P_TITLE, "Denied lines by reason", 0};
    static const char *const carc_heads[] = {"CARC", "Meaning", "Denied lines",
                                             "Denied charges"};
    wb_panel_headers(p, carc_heads, 4);
    size_t first = p->count;
    for (size_t i = 0; i < s->ncarc; i++) {
        row = wb_panel_row(p);
        const char *meaning = da_carc_meaning(s->by_carc[i].key);
        row[0] = wb_ptext(s->by_carc[i].key);
        row[1] = wb_ptext(meaning[0] ? meaning : "not in the built-in list");
        row[2] = wb_pnum(P_COUNT, (double)s->by_carc[i].denied);
        row[3] = wb_pnum(P_MONEY, (double)s->by_carc[i].denied_charges);
    }
    if (s->ncarc && p->ncharts < MAX_CHARTS)
        p->charts[p->ncharts++] = (chart_spec){LXW_CHART_BAR, "Denied lines by reason",
                                                          first, p->count - 1, 0, {2, -1},
                                                          {"Denied lines", NULL}, false};
    wb_panel_row(p);

    row = wb_panel_row(p);
    row[0] = (pcell){P_TITLE, "By payer", 0};
    static const char *const payer_heads[] = {"Payer", "Adjudicated lines", "Denied",
                                              "Denial rate", "Denied charges"};
    wb_panel_headers(p, payer_heads, 5);
    for (size_t i = 0; i < s->npayer; i++) {
        const da_rate_row *r = &s->by_payer[i];
        row = wb_panel_row(p);
        row[0] = wb_ptext(r->key);
        row[1] = wb_pnum(P_COUNT, (double)r->lines);
        row[2] = wb_pnum(P_COUNT, (double)r->denied);
        row[3] = r->lines ? wb_pnum(P_PCT, (double)r->denied / (double)r->lines) : wb_ptext("n/a");
        row[4] = wb_pnum(P_MONEY, (double)r->denied_charges);
    }
    wb_panel_row(p);

    row = wb_panel_row(p);
    row[0] = (pcell){P_TITLE, "By code (most denied first)", 0};
    static const char *const code_heads[] = {"Code", "Adjudicated lines", "Denied",
                                             "Denial rate", "Denied charges"};
    wb_panel_headers(p, code_heads, 5);
    /* Most denied codes: a selection by denied lines, then code. */
    size_t shown = 0;
    bool *used = da_xcalloc(s->ncode ? s->ncode : 1, sizeof(*used));
    while (shown < PANEL_TOP_CODES) {
        long best = -1;
        for (size_t i = 0; i < s->ncode; i++)
            if (!used[i] && s->by_code[i].denied > 0 &&
                (best < 0 || s->by_code[i].denied > s->by_code[best].denied))
                best = (long)i;
        if (best < 0)
            break;
        used[best] = true;
        const da_rate_row *r = &s->by_code[best];
        row = wb_panel_row(p);
        row[0] = wb_ptext(r->key);
        row[1] = wb_pnum(P_COUNT, (double)r->lines);
        row[2] = wb_pnum(P_COUNT, (double)r->denied);
        row[3] = r->lines ? wb_pnum(P_PCT, (double)r->denied / (double)r->lines) : wb_ptext("n/a");
        row[4] = wb_pnum(P_MONEY, (double)r->denied_charges);
        shown++;
    }
    free(used);
}

static const column payer_cols[] = {
    {"Payer", 28, false},           {"Payer type", 12, false},
    {"Claims", 10, false},          {"Lines", 10, false},
    {"Charges", 14, false},         {"Allowed", 14, false},
    {"Paid", 14, false},            {"Expected", 16, false},
    {"Allowed / expected", 12, false}, {"Paid / expected", 12, false},
    {"Average days to pay", 12, false}, {"Adjudicated lines", 12, false},
    {"Denied lines", 10, false},    {"Denial rate", 10, false},
    {"Expected from", 12, false},
};

#define NPAYER_COLS (sizeof(payer_cols) / sizeof(payer_cols[0]))

da_error wb_write_payers(writer *w, sheet *sh)
{
    const da_payer_row *rows = w->fig->payers;
    size_t n = w->fig->npayers;
    wb_start_part(w, sh, payer_cols, NPAYER_COLS);
    for (size_t i = 0; i < n; i++) {
        const da_payer_row *p = &rows[i];
        bool expected = w->r->fees && p->expected > 0;
        wb_put_str(w, sh, 0, p->payer, NULL);
        wb_put_str(w, sh, 1, da_payer_type_name(p->type), NULL);
        wb_put_count(w, sh, 2, p->claims);
        wb_put_count(w, sh, 3, p->lines);
        wb_put_money(w, sh, 4, (double)p->charges);
        wb_put_money(w, sh, 5, (double)p->allowed);
        wb_put_money(w, sh, 6, (double)p->paid);
        if (expected) {
            wb_put_money(w, sh, 7, (double)p->expected);
            wb_put_num(w, sh, 8, (double)p->priced_allowed / (double)p->expected, w->ratio);
            wb_put_num(w, sh, 9, (double)p->priced_paid / (double)p->expected, w->ratio);
        }
        if (p->paid_claims)
            wb_put_num(w, sh, 10, p->days_to_pay, w->num1);
        wb_put_count(w, sh, 11, p->adjudicated);
        wb_put_count(w, sh, 12, p->denied);
        wb_put_share(w, sh, 13, (double)p->denied, (double)p->adjudicated);
        if (expected)
            wb_put_str(w, sh, 14, p->contract ? "contract" : "fee table", NULL);
        sh->row++;
    }
    wb_finish_part(w, sh, payer_cols, NPAYER_COLS);
    lxw_row_t last = sh->row - 1;
    sh->row++;
    wb_put_str(w, sh, 0,
            "Expected: the fee-table value of each payer's paid lines, with the multiple-procedure "
            "reduction (national Medicare amounts unless --fees says otherwise), or, for a payer "
            "with rows in --contracts, what its contract gives them (\"Expected from\" says which). "
            "The ratios compare "
            "only the lines the fee table prices: drug lines (priced from ASP) and codes without a "
            "fee are left out of both sides. Paid excludes the patient's share, so a Medicare paid "
            "ratio near 0.80 is normal. Days to pay: from submission to payment, per paid claim.",
            w->note);
    da_error err = DA_OK;
    if (n && w->r->fees && w->lerr == LXW_NO_ERROR) {
        lxw_chart *chart = workbook_add_chart(w->wb, LXW_CHART_BAR);
        lxw_chart_series *s = chart ? chart_add_series(chart, NULL, NULL) : NULL;
        if (!s) {
            err = DA_ERR_XLSX;
        } else {
            chart_series_set_categories(s, sh->name, 1, 0, last, 0);
            chart_series_set_values(s, sh->name, 1, 8, last, 8);
            chart_series_set_name(s, "Allowed / expected");
            lxw_chart_fill fill = {.color = COLOR_BAND};
            chart_series_set_fill(s, &fill);
            chart_title_set_name(chart, "Allowed per dollar of fee-table value, by payer");
            chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
            wb_keep(w, worksheet_insert_chart(sh->ws, sh->row + 2, 0, chart));
        }
    }
    return err;
}

da_error wb_write_ar(writer *w, sheet *sh)
{
    const da_ar_row *rows = w->fig->ar;
    size_t n = w->fig->nar;
    column cols[DA_AR_BUCKETS + 3];
    cols[0] = (column){"Payer", 28, false};
    char names[DA_AR_BUCKETS][32];
    for (int b = 0; b < DA_AR_BUCKETS; b++) {
        snprintf(names[b], sizeof(names[b]), "%s days", da_ar_bucket_names[b]);
        cols[b + 1] = (column){names[b], 14, false};
    }
    cols[DA_AR_BUCKETS + 1] = (column){"Total", 14, false};
    cols[DA_AR_BUCKETS + 2] = (column){"Unpaid lines", 12, false};
    size_t ncols = DA_AR_BUCKETS + 3;
    wb_start_part(w, sh, cols, ncols);
    da_cents all[DA_AR_BUCKETS] = {0};
    size_t all_lines = 0;
    for (size_t i = 0; i < n; i++) {
        da_cents total = 0;
        size_t lines = 0;
        wb_put_str(w, sh, 0, rows[i].payer, NULL);
        for (int b = 0; b < DA_AR_BUCKETS; b++) {
            wb_put_money(w, sh, (lxw_col_t)(b + 1), (double)rows[i].amount[b]);
            total += rows[i].amount[b];
            lines += rows[i].lines[b];
            all[b] += rows[i].amount[b];
        }
        wb_put_money(w, sh, DA_AR_BUCKETS + 1, (double)total);
        wb_put_count(w, sh, DA_AR_BUCKETS + 2, lines);
        all_lines += lines;
        sh->row++;
    }
    wb_finish_part(w, sh, cols, ncols);
    lxw_row_t last = sh->row - 1;
    da_cents total = 0;
    wb_put_str(w, sh, 0, "All payers", w->bold);
    for (int b = 0; b < DA_AR_BUCKETS; b++) {
        wb_put_money(w, sh, (lxw_col_t)(b + 1), (double)all[b]);
        total += all[b];
    }
    wb_put_money(w, sh, DA_AR_BUCKETS + 1, (double)total);
    wb_put_count(w, sh, DA_AR_BUCKETS + 2, all_lines);
    sh->row += 2;
    char as_of[11], note[256];
    da_date_format(w->as_of, as_of);
    snprintf(note, sizeof(note),
             "Unpaid lines (pending, or no status and no payment) at their charge, aged from the "
             "submission date (else the date of service) to %s.",
             as_of[0] ? as_of : "an unknown date");
    wb_put_str(w, sh, 0, note, w->note);
    da_error err = DA_OK;
    if (n && w->lerr == LXW_NO_ERROR) {
        lxw_chart *chart = workbook_add_chart(w->wb, LXW_CHART_COLUMN_STACKED);
        static const uint32_t colors[DA_AR_BUCKETS] = {0x9BBB59, 0x5B9BA8, 0x1F4E5F, 0xF79646,
                                                       0xC0504D};
        for (int b = 0; b < DA_AR_BUCKETS && chart; b++) {
            lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
            if (!s) {
                chart = NULL;
                break;
            }
            chart_series_set_categories(s, sh->name, 1, 0, last, 0);
            chart_series_set_values(s, sh->name, 1, (lxw_col_t)(b + 1), last, (lxw_col_t)(b + 1));
            chart_series_set_name(s, names[b]);
            lxw_chart_fill fill = {.color = colors[b]};
            chart_series_set_fill(s, &fill);
        }
        if (!chart) {
            err = DA_ERR_XLSX;
        } else {
            chart_title_set_name(chart, "Unpaid charges by age and payer");
            chart_axis_set_num_format(chart->y_axis, "$#,##0");
            chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
            lxw_chart_options opt = {.x_scale = 1.5, .y_scale = 1.1};
            wb_keep(w, worksheet_insert_chart_opt(sh->ws, sh->row + 2, 0, chart, &opt));
        }
    }
    return err;
}
