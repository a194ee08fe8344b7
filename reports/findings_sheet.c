/* findings_sheet.c - the Findings, Data Quality and Rules sheets and a
 * prospect's Examples sheet.
 */
#include "sheet.h"

#include <ctype.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The Examples sheet: a handful of the largest findings per category and
 * direction, with no identifier and no date finer than the month. */
static const column example_cols[] = {
    {"Category", 14, false},  {"Direction", 12, false}, {"Rule", 40, true},
    {"Month of service", 12, false}, {"Billed", 14, false}, {"Expected", 14, false},
    {"Amount ($)", 14, false}, {"Evidence from the note", 70, true},
};

#define NEXAMPLE_COLS (sizeof(example_cols) / sizeof(example_cols[0]))

da_error wb_write_examples(writer *w, sheet *sh)
{
    char label[WB_RULE_LABEL_MAX]; /* a rule id with its plain name */
    const da_finding_list *fl = w->r->findings;
    size_t *idx = da_xmalloc((fl->count ? fl->count : 1) * sizeof(*idx));
    size_t n = 0;
    for (size_t i = 0; i < fl->count; i++)
        if (da_finding_counts(&fl->items[i]) && fl->items[i].amount > 0)
            idx[n++] = i;
    wb_rank_findings(fl, idx, n);
    wb_start_part(w, sh, example_cols, NEXAMPLE_COLS);
    static const da_direction dirs[] = {DA_DIR_UNDER, DA_DIR_OVER, DA_DIR_DENIAL};
    for (size_t c = 0; c < da_ncategories; c++)
        for (size_t d = 0; d < 3; d++) {
            size_t shown = 0;
            for (size_t k = 0; k < n && shown < EXAMPLES_PER_GROUP; k++) {
                const da_finding *f = &fl->items[idx[k]];
                if (f->direction != dirs[d] || strcmp(f->category, da_categories[c].id) != 0)
                    continue;
                char billed[24], expected[24], month[11];
                wb_code_units(f->billed_code, f->billed_units, billed);
                wb_code_units(f->expected_code, f->expected_units, expected);
                da_date_format(w->r->data->encounters[f->encounter].dos, month);
                month[7] = '\0';
                wb_put_str(w, sh, 0, da_categories[c].label, NULL);
                wb_put_str(w, sh, 1, da_direction_name(f->direction), NULL);
                wb_put_str(w, sh, 2, wb_rule_label(w, f->rule, label), w->wrap);
                wb_put_str(w, sh, 3, month, NULL);
                wb_put_str(w, sh, 4, billed, NULL);
                wb_put_str(w, sh, 5, f->direction == DA_DIR_DENIAL ? "" : expected, NULL);
                wb_put_money(w, sh, 6, (double)f->amount);
                wb_put_note_text(w, sh, 7, f->evidence, w->wrap);
                wb_end_row(w, sh);
                shown++;
            }
        }
    wb_finish_part(w, sh, example_cols, NEXAMPLE_COLS);
    sh->row++;
    wb_put_str(w, sh, 0,
            "The largest findings of each category and direction, as examples: every finding is "
            "in the totals on the Summary. No patient, claim or encounter is identified.",
            w->note);
    free(idx);
    return DA_OK;
}

static const column finding_cols[] = {
    {"Category", 14, false},      {"Rule", 44, true},           {"Direction", 12, false},
    {"Confidence", 13, false},    {"Patient ID", 20, false},    {"Date of service", 16, false},
    {"Encounter", 24, false},     {"Claim", 20, false},         {"Provider", 28, false},
    {"Payer", 28, false},         {"Billed code", 13, false},   {"Billed units", 13, false},
    {"Expected code", 15, false}, {"Expected units", 16, false}, {"Amount ($)", 14, false},
    {"Evidence", 90, true},       {"Priced from", 40, false},
};

static void finding_row(writer *w, sheet *sh, size_t i)
{
    char label[WB_RULE_LABEL_MAX]; /* a rule id with its plain name */
    const da_dataset *d = w->r->data;
    const da_finding *f = &w->r->findings->items[i];
    const da_encounter *e = &d->encounters[f->encounter];
    const da_claim_line *c = da_finding_claim(d, f);
    wb_put_str(w, sh, 0, f->category, NULL);
    wb_put_str(w, sh, 1, wb_rule_label(w, f->rule, label), w->wrap);
    wb_put_str(w, sh, 2, da_direction_name(f->direction), NULL);
    wb_put_str(w, sh, 3, da_confidence_name(f->confidence), NULL);
    wb_put_id(w, sh, 4, "PT", e->patient_id);
    wb_put_date(w, sh, 5, e->dos);
    wb_put_id(w, sh, 6, "EN", e->encounter_id);
    if (c)
        wb_put_id(w, sh, 7, "CL", c->claim_id);
    wb_put_str(w, sh, 8, e->provider, NULL);
    wb_put_str(w, sh, 9, e->payer, NULL);
    wb_put_str(w, sh, 10, f->billed_code, NULL);
    if (f->billed_units > 0)
        wb_put_count(w, sh, 11, (size_t)f->billed_units);
    wb_put_str(w, sh, 12, f->expected_code, NULL);
    if (f->expected_units > 0)
        wb_put_count(w, sh, 13, (size_t)f->expected_units);
    if (f->amount >= 0)
        wb_put_money(w, sh, 14, (double)f->amount);
    wb_put_note_text(w, sh, 15, f->evidence, w->wrap);
    wb_put_str(w, sh, 16, f->basis ? f->basis : "", NULL);
}

static const column dq_cols[] = {
    {"File", 40, false}, {"Line", 10, false}, {"Action", 10, false},
    {"Reason", 60, false}, {"Column", 24, false},
};

static void dq_row(writer *w, sheet *sh, size_t i)
{
    const da_dq_entry *e = &w->r->data->dq.items[i];
    wb_put_str(w, sh, 0, e->file, NULL);
    if (e->line > 0) /* 0 is the whole file */
        wb_put_count(w, sh, 1, e->line);
    wb_put_str(w, sh, 2, da_dq_action_name(e->action), NULL);
    wb_put_str(w, sh, 3, e->reason, NULL);
    wb_put_str(w, sh, 4, e->column, NULL);
}

/* The Rules sheet: a prospect's shows only the public source a coder can
 * look up; the practice's own adds the working notes behind each rule. */
static const column rule_cols[] = {
    {"Rule", 30, false},          {"Plain name", 30, true},  {"Category", 12, false},
    {"What it checks", 70, true}, {"Public source", 50, true}, {"Working notes", 50, true},
};

#define NRULE_COLS (sizeof(rule_cols) / sizeof(rule_cols[0]))

static void rule_row(writer *w, sheet *sh, size_t i)
{
    const da_rule_info *info = da_catalog_get(w->catalog, i);
    wb_put_str(w, sh, 0, info->id, NULL);
    wb_put_str(w, sh, 1, info->name, w->wrap);
    wb_put_str(w, sh, 2, info->category, NULL);
    wb_put_str(w, sh, 3, info->checks, w->wrap);
    wb_put_str(w, sh, 4, info->public_source, w->wrap);
    if (!w->prospect)
        wb_put_str(w, sh, 5, info->source, w->wrap);
}

/* The Findings sheet over its parts. */
void wb_write_findings(writer *w, sheet *parts, size_t nparts)
{
    wb_write_parts(w, parts, w->r->findings->count, w->rows_per_sheet, finding_cols,
                sizeof(finding_cols) / sizeof(finding_cols[0]), finding_row);
    /* IDs are text on purpose: no "number stored as text" triangles. */
    for (size_t i = 0; i < nparts; i++)
        wb_keep(w, worksheet_ignore_errors(parts[i].ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT,
                                        "A1:XFD1048576"));
}

/* The Data Quality sheet over its parts. */
void wb_write_dq(writer *w, sheet *parts)
{
    wb_write_parts(w, parts, w->r->data->dq.count, w->rows_per_sheet, dq_cols,
                sizeof(dq_cols) / sizeof(dq_cols[0]), dq_row);
}

/* The Rules sheet: a prospect's without the working notes. */
void wb_write_rules(writer *w, sheet *parts)
{
    wb_write_parts(w, parts, da_catalog_count(w->catalog), DA_SHEET_ROWS_MAX, rule_cols,
                w->prospect ? NRULE_COLS - 1 : NRULE_COLS, rule_row);
}
