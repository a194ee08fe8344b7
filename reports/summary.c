/* summary.c - the Summary sheet: title, headline, the comparison with an
 * earlier period, dollars by category with a chart, the largest findings,
 * the scorecard, denials against the benchmark, actions, pricing basis, the
 * data and the notices, laid out from the report model (figures.h).
 */
#include "sheet.h"

#include <ctype.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Larger under-billing first; the documented category order breaks ties. */
static int by_under_desc(const void *a, const void *b)
{
    const da_cat_total *x = a, *y = b;
    da_cents xs = x->under + x->over + x->denial, ys = y->under + y->over + y->denial;
    if (x->under != y->under)
        return x->under > y->under ? -1 : 1;
    if (xs != ys)
        return xs > ys ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* A file's row counts, named by its path (a prospect's report names only
 * the kind of file: a path says where the practice keeps its data). */
static void put_file_stats(writer *w, sheet *sh, const da_file_stats *s, const char *fallback)
{
    wb_put_str(w, sh, 0, s->path && s->path[0] && !w->prospect ? s->path : fallback, NULL);
    wb_put_count(w, sh, 1, s->rows_read);
    wb_put_count(w, sh, 2, s->rows_used);
    wb_put_count(w, sh, 3, s->rows_rejected);
    wb_put_count(w, sh, 4, s->rows_outside);
    wb_put_str(w, sh, 5, s->rows_read == s->rows_used + s->rows_rejected + s->rows_outside ? "yes" : "NO",
            NULL);
    sh->row++;
}

static void write_top_findings(writer *w, sheet *sh)
{
    char label[WB_RULE_LABEL_MAX]; /* a rule id with its plain name */
    const da_finding_list *fl = w->r->findings;
    size_t *idx = da_xmalloc((fl->count ? fl->count : 1) * sizeof(*idx));
    size_t n = 0;
    for (size_t i = 0; i < fl->count; i++)
        if (da_finding_counts(&fl->items[i]) && fl->items[i].direction != DA_DIR_GAP &&
            fl->items[i].amount > 0)
            idx[n++] = i;
    wb_rank_findings(fl, idx, n);
    static const char *const heads[] = {"Finding (rule)", "Category", "Direction",
                                        "Date of service", "Billed / expected", "Amount"};
    wb_put_band(w, sh, "Top 10 findings by dollars");
    if (n == 0) {
        wb_put_label(w, sh, "No priced findings.");
        sh->row++;
    } else {
        wb_put_headers(w, sh, heads, 6);
    }
    for (size_t k = 0; k < n && k < TOP_FINDINGS; k++) {
        const da_finding *f = &fl->items[idx[k]];
        char billed[24], expected[24], both[64];
        wb_code_units(f->billed_code, f->billed_units, billed);
        wb_code_units(f->expected_code, f->expected_units, expected);
        snprintf(both, sizeof(both), "%s / %s", billed, expected);
        sh->wrap_chars[0] = SUMMARY_LABEL_CHARS;
        wb_put_str(w, sh, 0, wb_rule_label(w, f->rule, label), w->wrap);
        wb_put_str(w, sh, 1, da_category_label(f->category), NULL);
        wb_put_str(w, sh, 2, da_direction_name(f->direction), NULL);
        wb_put_date(w, sh, 3, w->r->data->encounters[f->encounter].dos);
        wb_put_str(w, sh, 4, f->direction == DA_DIR_DENIAL ? billed : both, NULL);
        wb_put_money(w, sh, 5, (double)f->amount);
        wb_end_row(w, sh);
    }
    free(idx);
}

static void write_denial_summary(writer *w, sheet *sh, const da_figures *t)
{
    const da_denial_stats *s = &w->fig->denials;
    wb_put_band(w, sh, "Denials against the benchmark");
    static const char *const heads[] = {"Measure", "Adjudicated", "Denied", "Denial rate",
                                        "Benchmark"};
    wb_put_headers(w, sh, heads, 5);
    wb_put_label(w, sh, "Claims");
    wb_put_count(w, sh, 1, s->claims);
    wb_put_count(w, sh, 2, s->denied_claims);
    wb_put_share(w, sh, 3, (double)s->denied_claims, (double)s->claims);
    wb_put_num(w, sh, 4, DA_DENIAL_BENCHMARK, w->pct);
    sh->row++;
    wb_put_label(w, sh, "Claim lines");
    wb_put_count(w, sh, 1, s->lines);
    wb_put_count(w, sh, 2, s->denied);
    wb_put_share(w, sh, 3, (double)s->denied, (double)s->lines);
    sh->row++;
    wb_put_label(w, sh, "Charges ($)");
    wb_put_money(w, sh, 1, (double)s->charges);
    wb_put_money(w, sh, 2, (double)s->denied_charges);
    wb_put_share(w, sh, 3, (double)s->denied_charges, (double)s->charges);
    sh->row++;
    char line[160], amount[32];
    da_money_text((double)t->denial, amount);
    snprintf(line, sizeof(line), "Recoverable denied lines: %zu, expected to be paid %s once "
             "corrected or appealed%s.", t->denial_findings, amount,
             w->prospect ? "" : " (Denials sheet)");
    wb_put_paragraph(w, sh, line, w->wrap, 0);
    wb_put_template(w, sh, "denials", false, w->wrap, 0);
    wb_put_paragraph(w, sh, "Benchmark: " DA_DENIAL_BENCHMARK_SOURCE, w->note, 0);
}

static void write_actions(writer *w, sheet *sh, const da_figures *t)
{
    wb_put_band(w, sh, "Recommended actions");
    size_t written = 0;
    for (size_t i = 0; i < t->ncats; i++) {
        const da_cat_total *c = &t->cats[i];
        if (!c->findings)
            continue;
        const char *action = wb_template_action(w, c->name);
        if (!action[0])
            action = "Review the findings of this category with a certified coder.";
        wb_put_str(w, sh, 0, da_category_label(c->name), w->bold_top);
        if (w->lerr == LXW_NO_ERROR) {
            const char *text = wb_cell_text(w, action);
            size_t lines = da_utf8_count(text, strlen(text)) / 75 + 1;
            wb_keep(w, worksheet_set_row(sh->ws, sh->row, 15.0 * (double)lines + 3.0, NULL));
            wb_keep(w, worksheet_merge_range(sh->ws, sh->row, 1, sh->row, TEXT_COLS - 1, text,
                                          w->wrap));
        }
        sh->row++;
        written++;
    }
    if (!written) {
        wb_put_label(w, sh, "No findings: nothing to act on.");
        sh->row++;
    }
}

static void write_bases(writer *w, sheet *sh, const da_figures *t)
{
    wb_put_band(w, sh, "How the amounts were priced");
    static const char *const heads[] = {"Basis", "Findings", "Amount"};
    wb_put_headers(w, sh, heads, 3);
    for (size_t i = 0; i < t->nbases; i++) {
        const char *b = t->bases[i].basis;
        /* A basis a rule names itself can be longer than column A: wrapped. */
        sh->wrap_chars[0] = SUMMARY_LABEL_CHARS;
        wb_put_str(w, sh, 0,
                strcmp(b, DA_BASIS_OBSERVED) == 0 ? "Median: the practice's own allowed amount"
                : strcmp(b, DA_BASIS_SCALED) == 0 ? "Scaled: fee table x the payer's ratio"
                : strcmp(b, DA_BASIS_FEES) == 0   ? "Fee table"
                                                  : b,
                w->wrap);
        wb_put_count(w, sh, 1, t->bases[i].findings);
        wb_put_money(w, sh, 2, (double)t->bases[i].amount);
        wb_end_row(w, sh);
    }
    if (!t->nbases) {
        wb_put_label(w, sh, "No priced findings.");
        sh->row++;
    }
    wb_put_paragraph(w, sh,
                  "Median: the practice's own median allowed amount for the code and payer over "
                  "the period's paid lines, when at least 3 lines were paid in full. Scaled: the "
                  "fee table times the payer's median ratio of allowed to fee-table amounts. Fee "
                  "table: when the payer has too few paid lines.",
                  w->note, 0);
}

/* A group of findings of one rule and code, for the grouped top lists. */
typedef struct finding_group {
    const char *rule;  /* rule id */
    const char *code;  /* the code at stake: expected for a leak, billed otherwise */
    size_t findings;   /* counted findings */
    size_t encounters; /* distinct encounters among them */
    long last_encounter; /* the last encounter counted, to count distinct ones in order */
    da_cents amount;   /* their dollars */
} finding_group;

static int by_group_amount(const void *a, const void *b)
{
    const finding_group *x = a, *y = b;
    if (x->amount != y->amount)
        return x->amount > y->amount ? -1 : 1;
    int c = strcmp(x->rule, y->rule);
    return c ? c : strcmp(x->code, y->code);
}

/* The largest groups of one direction ("J3245 not billed: 8 encounters,
 * $99,028"), at most TOP_GROUPS, under a title. */
static void write_group_list(writer *w, sheet *sh, da_direction dir, const char *title)
{
    char label[WB_RULE_LABEL_MAX]; /* a rule id with its plain name */
    const da_finding_list *fl = w->r->findings;
    finding_group *g = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < fl->count; i++) {
        const da_finding *f = &fl->items[i];
        if (f->direction != dir || !da_finding_counts(f) || f->amount <= 0)
            continue;
        const char *code = dir == DA_DIR_UNDER && f->expected_code[0] ? f->expected_code
                                                                        : f->billed_code;
        finding_group *x = NULL;
        for (size_t k = 0; k < n && !x; k++)
            if (strcmp(g[k].rule, f->rule) == 0 && strcmp(g[k].code, code) == 0)
                x = &g[k];
        if (!x) {
            da_grow((void **)&g, &cap, n + 1, sizeof(*g));
            x = &g[n++];
            *x = (finding_group){f->rule, code, 0, 0, -1, 0};
        }
        x->findings++;
        if (x->last_encounter != (long)f->encounter) {
            x->encounters++;
            x->last_encounter = (long)f->encounter;
        }
        x->amount += f->amount;
    }
    da_sort(g, n, sizeof(*g), by_group_amount);
    sh->row++;
    wb_put_str(w, sh, 0, title, w->bold);
    sh->row++;
    if (!n) {
        wb_put_label(w, sh, "None.");
        sh->row++;
    } else {
        static const char *const heads[] = {"Finding", "Code", "Encounters", "Findings",
                                            "Amount ($)"};
        wb_put_headers(w, sh, heads, 5);
    }
    for (size_t k = 0; k < n && k < TOP_GROUPS; k++) {
        sh->wrap_chars[0] = SUMMARY_LABEL_CHARS;
        wb_put_str(w, sh, 0, wb_rule_label(w, g[k].rule, label), w->wrap);
        wb_put_str(w, sh, 1, g[k].code[0] ? g[k].code : "none", NULL);
        wb_put_count(w, sh, 2, g[k].encounters);
        wb_put_count(w, sh, 3, g[k].findings);
        wb_put_money(w, sh, 4, (double)g[k].amount);
        wb_end_row(w, sh);
    }
    free(g);
}

/* A prospect's top findings: grouped by rule and code, leaks, over-billing
 * and recoverable denials in separate lists. */
static void write_grouped_findings(writer *w, sheet *sh)
{
    wb_put_band(w, sh, "Largest findings, grouped by rule and code");
    write_group_list(w, sh, DA_DIR_UNDER, "Under-billing (revenue leak)");
    write_group_list(w, sh, DA_DIR_OVER, "Over-billing (compliance exposure)");
    write_group_list(w, sh, DA_DIR_DENIAL, "Recoverable denials");
}

/* The template's fee line ("fee_percent: 25" of the recovered leak, or
 * "fee_flat: 12000" a year): our fee and the practice's net gain a year,
 * beside the annualized leak. Nothing when the template has neither. */
static void write_fee(writer *w, sheet *sh, const da_figures *t)
{
    const char *pct = wb_template_value(w, "fee_percent"), *flat = wb_template_value(w, "fee_flat");
    if (!pct && !flat)
        return;
    double leak_year = wb_annualize(t->under, t->days) / 100.0, fee;
    const char *label;
    if (pct) {
        double p = strtod(pct, NULL);
        fee = leak_year * p / 100.0;
        label = wb_fmt_text(w, "Our fee (%g%% of the leak recovered)", p);
    } else {
        fee = strtod(flat, NULL);
        label = "Our fee (flat, a year)";
    }
    if (!isfinite(fee) || fee < 0)
        return;
    wb_put_label(w, sh, label);
    wb_put_num(w, sh, 2, fee, w->money0);
    sh->row++;
    wb_put_str(w, sh, 0, "The practice's net gain a year, after our fee", w->card);
    wb_put_num(w, sh, 2, leak_year - fee, w->big0);
    sh->row++;
}

/* "▲ worse", "▼ better" or "= same" for a change where less is better. */
static const char *cue(double change)
{
    return !isfinite(change) ? "" : change > 0.5 ? "\u25B2 worse" : change < -0.5 ? "\u25BC better"
                                                                              : "= same";
}

/* One comparison row: both periods annualized, the change and its cue. */
static void put_compare(writer *w, sheet *sh, const char *label, da_cents was, da_cents now,
                        lxw_format *fmt)
{
    const da_compare *c = &w->fig->cmp;
    double wa = wb_annualize(was, c->was_days), na = wb_annualize(now, c->now_days);
    wb_put_str(w, sh, 0, label, fmt);
    wb_put_num(w, sh, 1, wa / 100.0, w->money0);
    wb_put_num(w, sh, 2, na / 100.0, w->money0);
    wb_put_num(w, sh, 3, (na - wa) / 100.0, w->money0);
    wb_put_str(w, sh, 4, cue(na - wa), fmt);
    sh->row++;
}

/* The chart of each category's leak a year, last period against this one,
 * over the rows [first, last) of the comparison table. */
static da_error compare_chart(writer *w, sheet *sh, lxw_row_t first, lxw_row_t last)
{
    lxw_chart *chart = workbook_add_chart(w->wb, LXW_CHART_BAR);
    if (!chart)
        return DA_ERR_XLSX;
    static const struct {
        int col;          /* column of the values */
        const char *name; /* series name */
        uint32_t color;   /* fill */
    } series[] = {{1, "Last period (a year)", 0x9DB7C0}, {2, "This period (a year)", COLOR_BAND}};
    for (size_t i = 0; i < 2; i++) {
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        if (!s)
            return DA_ERR_XLSX;
        chart_series_set_categories(s, sh->name, first, 0, last - 1, 0);
        chart_series_set_values(s, sh->name, first, (lxw_col_t)series[i].col, last - 1,
                                (lxw_col_t)series[i].col);
        chart_series_set_name(s, series[i].name);
        lxw_chart_fill fill = {.color = series[i].color};
        chart_series_set_fill(s, &fill);
    }
    chart_title_set_name(chart, "Leak a year by category: last period and this one");
    chart_axis_set_num_format(chart->x_axis, "$#,##0");
    chart_axis_set_reverse(chart->y_axis);
    chart_axis_set_interval_unit(chart->y_axis, 1);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options opt = {.x_scale = 1.82, .y_scale = 1.2,
                             .object_position = LXW_OBJECT_MOVE_DONT_SIZE};
    wb_keep(w, worksheet_insert_chart_opt(sh->ws, sh->row, 0, chart, &opt));
    sh->row += 18;
    return DA_OK;
}

/* The quarterly review's first page: last period, this period and the
 * change per headline figure and per category, with a cue that says better
 * or worse (less is better for each), a chart of both, and the recurring
 * items ranked by dollars per provider, with what to teach. */
static da_error write_comparison(writer *w, sheet *sh)
{
    char label[WB_RULE_LABEL_MAX]; /* a rule id with its plain name */
    const da_compare *c = &w->fig->cmp;
    wb_put_band(w, sh, "This period against the last");
    static const char *const heads[] = {"Measure (dollars a year)", "Last period", "This period",
                                        "Change", "Better or worse"};
    wb_put_headers(w, sh, heads, 5);
    put_compare(w, sh, "Estimated revenue leak", c->was[DA_CMP_UNDER], c->now[DA_CMP_UNDER],
                w->bold);
    put_compare(w, sh, "Recoverable denials", c->was[DA_CMP_DENIAL], c->now[DA_CMP_DENIAL], NULL);
    put_compare(w, sh, "Over-billing exposure", c->was[DA_CMP_OVER], c->now[DA_CMP_OVER], NULL);
    wb_put_label(w, sh, "Documentation gaps (findings in the period)");
    wb_put_count(w, sh, 1, c->was_gaps);
    wb_put_count(w, sh, 2, c->now_gaps);
    wb_put_num(w, sh, 3, (double)c->now_gaps - (double)c->was_gaps, NULL);
    wb_put_str(w, sh, 4, cue((double)c->now_gaps - (double)c->was_gaps), NULL);
    sh->row += 2;
    wb_put_headers(w, sh, (const char *const[]){"Leak by category (a year)", "Last period",
                                            "This period", "Change", "Better or worse"},
                5);
    lxw_row_t first = sh->row;
    for (size_t k = 0; k < da_ncategories; k++) {
        const da_compare_row *row = wb_compare_row(w, da_categories[k].id);
        if (row && (row->was[DA_CMP_UNDER] || row->now[DA_CMP_UNDER]))
            put_compare(w, sh, da_categories[k].label, row->was[DA_CMP_UNDER],
                        row->now[DA_CMP_UNDER], NULL);
    }
    lxw_row_t last = sh->row;
    if (last > first) {
        sh->row++;
        da_error err = compare_chart(w, sh, first, last);
        if (err != DA_OK)
            return err;
    }
    wb_put_band(w, sh, "Recurring findings, by provider and dollars: whom to teach what");
    static const char *const rheads[] = {"Provider: rule", "Last period findings",
                                         "This period findings", "This period ($)",
                                         "What to teach"};
    wb_put_headers(w, sh, rheads, 5);
    size_t shown = 0, of_provider = 0;
    for (size_t i = 0; i < c->npairs && c->pairs[i].before && c->pairs[i].now; i++) {
        const da_compare_pair *p = &c->pairs[i];
        of_provider = i > 0 && strcmp(c->pairs[i - 1].provider, p->provider) == 0 ? of_provider + 1
                                                                                   : 0;
        if (of_provider >= RECURRING_PER_PROVIDER)
            continue;
        const da_rule_info *info = da_catalog_find(w->catalog, p->rule);
        sh->wrap_chars[0] = SUMMARY_LABEL_CHARS;
        wb_put_str(w, sh, 0, wb_fmt_text(w, "%s: %s", p->provider[0] ? p->provider : "(no provider)",
                                   wb_rule_label(w, p->rule, label)),
                w->wrap);
        wb_put_count(w, sh, 1, p->before);
        wb_put_count(w, sh, 2, p->now);
        wb_put_money(w, sh, 3, (double)p->amount);
        if (w->lerr == LXW_NO_ERROR) {
            const char *text = wb_cell_text(w, info ? info->teach : "");
            wb_keep(w, worksheet_merge_range(sh->ws, sh->row, 4, sh->row, TEXT_COLS - 1, text,
                                          w->wrap));
            sh->wrap_chars[4] = 36;
            wb_track_lines(w, sh, 4, text, w->wrap);
        }
        wb_end_row(w, sh);
        shown++;
    }
    if (!shown) {
        wb_put_label(w, sh, "No rule recurs for the same provider.");
        sh->row++;
    }
    return DA_OK;
}

/* The chart of leak by category below its table, rows [first, last). */
static da_error leak_chart(writer *w, sheet *sh, lxw_row_t first, lxw_row_t last)
{
    lxw_chart *chart = workbook_add_chart(w->wb, LXW_CHART_BAR);
    if (!chart)
        return DA_ERR_XLSX;
    /* Constant-memory charts carry no cached values: Excel computes them on open. */
    static const struct {
        int col;          /* column of the values */
        const char *name; /* series name */
        uint32_t color;   /* fill */
    } series[] = {{2, "Leak (under-billing)", 0x1F4E5F}, {4, "Recoverable denials", 0x5B9BA8},
                  {3, "Over-billing exposure", 0xC0504D}};
    for (size_t i = 0; i < 3; i++) {
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        if (!s)
            return DA_ERR_XLSX;
        chart_series_set_categories(s, sh->name, first, 0, last - 1, 0);
        chart_series_set_values(s, sh->name, first, (lxw_col_t)series[i].col, last - 1,
                                (lxw_col_t)series[i].col);
        chart_series_set_name(s, series[i].name);
        lxw_chart_fill fill = {.color = series[i].color};
        chart_series_set_fill(s, &fill);
    }
    chart_title_set_name(chart, "Dollars by category (period)");
    chart_axis_set_num_format(chart->x_axis, "$#,##0");
    chart_axis_set_num_format(chart->y_axis, "@");
    chart_axis_set_reverse(chart->y_axis);
    /* Every category named: left alone, the axis labels every other one. */
    chart_axis_set_interval_unit(chart->y_axis, 1);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options opt = {.x_scale = 1.82, .y_scale = 1.35,
                             .object_position = LXW_OBJECT_MOVE_DONT_SIZE};
    wb_keep(w, worksheet_insert_chart_opt(sh->ws, sh->row, 0, chart, &opt));
    sh->row += 20;
    return DA_OK;
}

da_error wb_write_summary(writer *w, sheet *sh, da_figures *t, const char *split_note)
{
    const da_report *r = w->r;
    const da_dataset *d = r->data;
    da_error err = wb_put_template(w, sh, "title", true, w->title, 30.0);
    if (err == DA_OK)
        err = wb_put_template(w, sh, "intro", false, w->wrap, 0);
    if (err != DA_OK)
        return err;

    /* The headline: three amounts, never netted, each annualized. */
    wb_put_band(w, sh, "Headline");
    char period[48];
    if (t->days > 0)
        snprintf(period, sizeof(period), "%ld-day period", t->days);
    else
        snprintf(period, sizeof(period), "Audit period");
    const char *heads[] = {"", period, "Annualized"};
    for (size_t c = 0; c < 3; c++)
        wb_put_str(w, sh, (lxw_col_t)c, heads[c], w->head);
    if (w->lerr == LXW_NO_ERROR)
        wb_keep(w, worksheet_merge_range(sh->ws, sh->row, 3, sh->row, TEXT_COLS - 1, "What it is",
                                      w->head));
    sh->row++;
    struct {
        const char *what;   /* label */
        da_cents cents;     /* amount in the period */
        const char *note;   /* what it means */
    } money[] = {
        {"Estimated revenue leak (under-billing)", t->under,
         "The notes support more than was billed"},
        {"Recoverable denials", t->denial, "Denied lines that can be corrected or appealed"},
        {"Over-billing exposure", t->over,
         "Compliance exposure; never netted against the leak"},
    };
    for (size_t i = 0; i < sizeof(money) / sizeof(money[0]); i++) {
        wb_keep(w, worksheet_set_row(sh->ws, sh->row, i == 0 ? 24 : 18, NULL));
        wb_put_str(w, sh, 0, money[i].what, w->card);
        wb_put_num(w, sh, 1, (double)money[i].cents / 100.0, i == 0 ? w->big : w->money);
        wb_put_num(w, sh, 2, wb_annualize(money[i].cents, t->days) / 100.0,
                   i == 0 ? w->big0 : w->money0);
        if (w->lerr == LXW_NO_ERROR)
            wb_keep(w, worksheet_merge_range(sh->ws, sh->row, 3, sh->row, TEXT_COLS - 1,
                                          money[i].note, w->note));
        sh->row++;
    }
    write_fee(w, sh, t);
    wb_put_label(w, sh, "Documentation gaps (findings)");
    wb_put_count(w, sh, 1, t->gaps);
    sh->row++;
    wb_put_label(w, sh, "Low-confidence findings (listed, not in the amounts)");
    wb_put_count(w, sh, 1, t->low);
    sh->row++;
    err = wb_put_template(w, sh, "money", false, w->wrap, 0);
    if (err == DA_OK && r->previous)
        err = write_comparison(w, sh);
    if (err != DA_OK)
        return err;

    wb_put_band(w, sh, "Leak by category");
    static const char *const cat_headers[] = {"Category", "Findings", "Leak ($)",
                                              "Over-billing ($)", "Denials ($)", "Gaps"};
    wb_put_headers(w, sh, cat_headers, 6);
    da_sort(t->cats, t->ncats, sizeof(*t->cats), by_under_desc);
    lxw_row_t first = sh->row;
    for (size_t i = 0; i < t->ncats; i++) {
        const da_cat_total *c = &t->cats[i];
        if (!c->findings)
            continue;
        wb_put_str(w, sh, 0, da_category_label(c->name), NULL);
        wb_put_count(w, sh, 1, c->findings);
        wb_put_money(w, sh, 2, (double)c->under);
        wb_put_money(w, sh, 3, (double)c->over);
        wb_put_money(w, sh, 4, (double)c->denial);
        wb_put_count(w, sh, 5, c->gaps);
        sh->row++;
    }
    lxw_row_t last = sh->row; /* one past the table */
    wb_put_str(w, sh, 0, "All categories", w->bold);
    wb_put_count(w, sh, 1, r->findings->count);
    wb_put_money(w, sh, 2, (double)t->under);
    wb_put_money(w, sh, 3, (double)t->over);
    wb_put_money(w, sh, 4, (double)t->denial);
    wb_put_count(w, sh, 5, t->gaps);
    sh->row++;
    if (last > first && w->lerr == LXW_NO_ERROR) {
        sh->row++;
        err = leak_chart(w, sh, first, last);
        if (err != DA_OK)
            return err;
    }

    if (w->prospect) {
        write_grouped_findings(w, sh);
    } else {
        write_top_findings(w, sh);
        wb_write_scorecard(w, sh);
    }
    write_denial_summary(w, sh, t);
    write_actions(w, sh, t);
    write_bases(w, sh, t);
    if (da_template_next(w->tpl, "method", &(size_t){0}, &(const char *){NULL}, &(size_t){0})) {
        wb_put_band(w, sh, "How this assessment was made");
        if ((err = wb_put_template(w, sh, "method", false, w->wrap, 0)) != DA_OK)
            return err;
    }

    wb_put_band(w, sh, "The data");
    wb_put_label(w, sh, "Period start");
    wb_put_date(w, sh, 1, r->from);
    sh->row++;
    wb_put_label(w, sh, "Period end");
    wb_put_date(w, sh, 1, r->to);
    sh->row++;
    wb_put_label(w, sh, "Days in period");
    wb_put_num(w, sh, 1, t->days > 0 ? (double)t->days : NAN, NULL);
    sh->row++;
    wb_put_label(w, sh, "Receivables and deadlines as of");
    wb_put_date(w, sh, 1, w->as_of);
    sh->row++;
    static const char *const file_headers[] = {"Input file",    "Rows read",
                                               "Rows used",     "Rows rejected",
                                               "Outside the period",
                                               "Read = used + rejected + outside"};
    wb_put_headers(w, sh, file_headers, 6);
    put_file_stats(w, sh, &d->claims_stats, "claim lines");
    put_file_stats(w, sh, &d->notes_stats, "clinical notes");
    wb_put_label(w, sh, "Encounters");
    wb_put_count(w, sh, 1, d->nencounters);
    sh->row++;
    wb_put_label(w, sh, "Encounters without notes");
    wb_put_count(w, sh, 1, d->encounters_without_notes);
    sh->row++;
    wb_put_label(w, sh, "Encounters without claims");
    wb_put_count(w, sh, 1, d->encounters_without_claims);
    sh->row++;
    if (r->mask) {
        wb_put_label(w, sh, "Identifiers");
        wb_put_str(w, sh, 1, "patient, claim and encounter identifiers are pseudonyms", NULL);
        sh->row++;
    }
    if (split_note[0])
        wb_put_paragraph(w, sh, split_note, w->note, 0);
    sh->row++;
    err = wb_put_template(w, sh, "close", false, w->wrap, 0);
    if (err == DA_OK &&
        da_template_next(w->tpl, "notice", &(size_t){0}, &(const char *){NULL}, &(size_t){0})) {
        wb_put_band(w, sh, "Notices");
        err = wb_put_template(w, sh, "notice", false, w->note, 0);
    }
    return err;
}

/* Column widths and page setup: the Summary prints one page wide. The
 * headline amounts (14 pt bold) need room for $999,999,999.99. */
void wb_summary_layout(writer *w, sheet *sh)
{
    static const double widths[TEXT_COLS] = {SUMMARY_LABEL_CHARS, 22, 22, 15, 21, 15};
    for (lxw_col_t c = 0; c < TEXT_COLS; c++)
        wb_keep(w, worksheet_set_column(sh->ws, c, c, widths[c], NULL));
    worksheet_freeze_panes(sh->ws, 1, 0);
    worksheet_gridlines(sh->ws, LXW_HIDE_ALL_GRIDLINES);
    worksheet_set_paper(sh->ws, 1); /* US Letter */
    worksheet_set_margins(sh->ws, 0.5, 0.5, 0.6, 0.6);
    worksheet_fit_to_pages(sh->ws, 1, 0);
    wb_keep(w, worksheet_print_area(sh->ws, 0, 0, sh->row, TEXT_COLS - 1));
}
