/* test_parallel.c - the audit gives the same findings and detail rows, in
 * the same order, whether it runs on one thread or several.
 *
 * The sample practice is audited with 1, 2 and 3 threads (3 cuts the
 * encounters into uneven ranges); every finding field and every detail cell
 * must match the single-threaded run, amount cells pointing at the same
 * findings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "import.h"

#define SAMPLE DA_SOURCE_DIR "/sample-data"

/* One audit of the sample practice. */
typedef struct run {
    da_finding_list found; /* findings */
    da_details details;    /* detail tables */
    da_audit_stats stats;  /* counts */
    size_t dq_count;       /* Data Quality entries after the audit */
} run;

static da_dataset data;
static da_fee_table *fees;

static int setup(void **state)
{
    (void)state;
    da_dataset_init(&data);
    da_import_result r;
    if (da_catalog_load() != DA_OK ||
        da_fees_load_default(&fees) != DA_OK ||
        da_import_claims(&data, SAMPLE "/claims.csv", NULL, &r) != DA_OK ||
        da_import_notes(&data, SAMPLE "/notes.csv", NULL, &r) != DA_OK)
        return -1;
    da_dataset_group(&data);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    da_fees_free(fees);
    da_dataset_free(&data);
    da_catalog_free();
    return 0;
}

static void audit_with(int threads, run *out)
{
    da_findings_init(&out->found);
    da_details_init(&out->details);
    da_options opt = {0};
    size_t dq_before = data.dq.count;
    assert_int_equal(da_audit_run(&data, &(da_audit_config){.fees = fees, .opt = &opt, .threads = threads}, NULL, &out->found, &out->details,
                                  &out->stats),
                     DA_OK);
    out->dq_count = data.dq.count - dq_before;
}

static void run_free(run *r)
{
    da_findings_free(&r->found);
    da_details_free(&r->details);
}

static void assert_same(const run *a, const run *b)
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

static void test_threads_give_the_same_audit(void **state)
{
    (void)state;
    run one, two, three;
    audit_with(1, &one);
    /* The sample's planted Mohs issues make findings and detail rows. */
    assert_true(one.found.count >= 100);
    assert_true(one.details.count >= 1);
    assert_int_equal(one.stats.encounters_audited, data.nencounters);
    audit_with(2, &two);
    assert_same(&one, &two);
    audit_with(3, &three);
    assert_same(&one, &three);
    run_free(&one);
    run_free(&two);
    run_free(&three);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_give_the_same_audit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
