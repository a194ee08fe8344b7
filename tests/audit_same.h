/* audit_same.h - one audit's findings, detail tables and counts, and the
 * check that two audits of the same data gave the same, field by field and
 * cell by cell (amount cells pointing at the same findings): the thread
 * tests compare a run on one thread with runs on several. Every test file
 * is its own program, hence static inline functions.
 */
#ifndef DA_AUDIT_SAME_H
#define DA_AUDIT_SAME_H

#include "audit.h"

/* One audit. */
typedef struct run {
    da_finding_list found; /* findings */
    da_details details;    /* detail tables */
    da_audit_stats stats;  /* counts */
    size_t dq_count;       /* Data Quality entries after the audit */
} run;

/* Audits data on threads (da_audit_config.threads) into out. */
static inline void audit_with(da_dataset *data, const da_fee_table *fees, const da_rules *rules,
                              int threads, run *out)
{
    da_findings_init(&out->found);
    da_details_init(&out->details);
    da_options opt = {0};
    size_t dq_before = data->dq.count;
    da_audit_config cfg = {.fees = fees, .opt = &opt, .rules = rules, .threads = threads};
    assert_int_equal(da_audit_run(data, &cfg, NULL, &out->found, &out->details, &out->stats),
                     DA_OK);
    out->dq_count = data->dq.count - dq_before;
}

static inline void run_free(run *r)
{
    da_findings_free(&r->found);
    da_details_free(&r->details);
}

static inline void assert_same(const run *a, const run *b)
{
    assert_int_equal(a->found.count, b->found.count);
    for (size_t i = 0; i < a->found.count; i++) {
        const da_finding *x = &a->found.items[i], *y = &b->found.items[i];
        assert_string_equal(x->category, y->category);
        assert_string_equal(x->rule, y->rule);
        assert_int_equal(x->direction, y->direction);
        assert_int_equal(x->confidence, y->confidence);
        assert_int_equal(x->encounter, y->encounter);
        assert_int_equal(x->claim, y->claim);
        assert_int_equal(x->note, y->note);
        assert_int_equal(x->lesion, y->lesion);
        assert_string_equal(x->billed_code, y->billed_code);
        assert_int_equal(x->billed_units, y->billed_units);
        assert_string_equal(x->expected_code, y->expected_code);
        assert_int_equal(x->expected_units, y->expected_units);
        assert_int_equal(x->amount, y->amount);
        assert_string_equal(x->basis ? x->basis : "", y->basis ? y->basis : "");
        assert_string_equal(x->evidence, y->evidence);
    }
    assert_int_equal(a->details.count, b->details.count);
    for (size_t t = 0; t < a->details.count; t++) {
        const da_detail *x = &a->details.items[t], *y = &b->details.items[t];
        assert_string_equal(x->sheet, y->sheet);
        assert_int_equal(x->ncolumns, y->ncolumns);
        assert_int_equal(x->nrows, y->nrows);
        for (size_t c = 0; c < x->nrows * x->ncolumns; c++) {
            const da_cell *p = &x->cells[c], *q = &y->cells[c];
            assert_int_equal(p->type, q->type);
            switch (x->columns[c % x->ncolumns].type) {
            case DA_CELL_TEXT: assert_string_equal(p->text, q->text); break;
            case DA_CELL_NUMBER: assert_true(p->number == q->number); break;
            case DA_CELL_MONEY: assert_int_equal(p->money, q->money); break;
            case DA_CELL_DATE: assert_int_equal(p->date, q->date); break;
            case DA_CELL_AMOUNT:
                assert_int_equal(p->finding, q->finding);
                assert_int_equal(p->nfindings, q->nfindings);
                assert_int_equal(p->direction, q->direction);
                break;
            }
        }
    }
    assert_int_equal(a->stats.notes_extracted, b->stats.notes_extracted);
    assert_int_equal(a->stats.facts, b->stats.facts);
    assert_int_equal(a->stats.encounters_audited, b->stats.encounters_audited);
    assert_int_equal(a->dq_count, b->dq_count);
}

#endif
