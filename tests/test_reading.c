/* test_reading.c - the reader's last stage (audit/reading.c): the verdict on
 * an encounter's reading from the facts its notes left, and what an
 * incomplete reading does to the findings made on it. Facts are written by
 * hand as extraction would leave them; the verdicts are worked from
 * reading.h's definition of a complete reading. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reading.h"
#include "rule_fixture.h"

static int setup(void **state)
{
    return fx_setup(state);
}

/* The verdict on the fixture's encounter. */
static da_reading judge(fixture *f)
{
    (void)fx_input(f);
    da_reading r;
    da_reading_judge(&f->data, 0, f->facts, &r);
    return r;
}

/* A finding of the given family and direction, as a rule would push it. */
static da_finding *finding(fixture *f, const char *category, const char *rule, da_direction dir)
{
    da_finding *x = da_findings_push(&f->out);
    x->category = category;
    x->rule = rule;
    x->direction = dir;
    x->confidence = DA_CONF_HIGH;
    return x;
}

/* Two biopsies read, a report of two specimens: complete, findings kept. */
static void test_complete_reading_changes_nothing(void **state)
{
    fixture *f = *state;
    fx_note(f, "procedure");
    fx_fact(f, DA_FACT_PROCEDURE, 1, DA_PROC_BIOPSY_TANGENTIAL, 0, -1);
    fx_fact(f, DA_FACT_PROCEDURE, 2, DA_PROC_BIOPSY_PUNCH, 0, -1);
    fx_note(f, "pathology");
    fx_fact(f, DA_FACT_SPECIMEN, 1, 1, DA_LAB_IN_HOUSE, -1);
    fx_fact(f, DA_FACT_SPECIMEN, 2, 2, DA_LAB_IN_HOUSE, -1);
    da_reading r = judge(f);
    assert_int_equal(r.gaps, 0);
    assert_int_equal(r.note, -1);
    assert_true(r.procedures);
    da_finding *x = finding(f, "lesion", "LESION-BX-ADDON", DA_DIR_OVER);
    da_reading_apply(&r, &f->out, 0);
    assert_null(x->review);
    assert_int_equal(x->confidence, DA_CONF_HIGH);
}

/* One biopsy read, a report of three specimens: a specimen gap, placed on
 * the report (the gap is its note: it lists more), so the Data Quality
 * notice has a line to point to. */
static void test_report_lists_more_specimens(void **state)
{
    fixture *f = *state;
    fx_note(f, "procedure");
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_BIOPSY_TANGENTIAL, 0, -1);
    fx_note(f, "pathology");
    for (int s = 1; s <= 3; s++)
        fx_fact(f, DA_FACT_SPECIMEN, s, s, DA_LAB_UNKNOWN, -1);
    da_reading r = judge(f);
    assert_int_equal(r.gaps, 1u << DA_GAP_SPECIMENS);
    assert_int_equal(r.note, 1);
    assert_int_equal(r.specimens, 3);
    assert_int_equal(r.found, 1);
    char why[160];
    da_reading_describe(&r, why, sizeof(why));
    assert_non_null(strstr(why, "lists 3 specimens, 1 sampled lesions"));
    /* a lesion finding is for review; a drug finding stands, an over
     * finding of any family needs a complete reading */
    da_finding *lesion = finding(f, "lesion", "LESION-BX-ADDON", DA_DIR_UNDER);
    da_finding *drug = finding(f, "drug", "DRUG-UNITS", DA_DIR_UNDER);
    da_finding *over = finding(f, "em", "EM-LEVEL", DA_DIR_OVER);
    da_reading_apply(&r, &f->out, 0);
    assert_non_null(lesion->review);
    assert_int_equal(lesion->confidence, DA_CONF_LOW);
    assert_null(drug->review);
    assert_non_null(over->review);
}

/* A note counting three lesions where two were read: a count gap on that
 * note, stating its count; lesion-family findings become review items. */
static void test_count_gap(void **state)
{
    fixture *f = *state;
    fx_note(f, "visit");
    fx_note(f, "procedure");
    fx_fact(f, DA_FACT_PROCEDURE, 1, DA_PROC_EXCISION, 0, -1);
    fx_fact(f, DA_FACT_PROCEDURE, 2, DA_PROC_EXCISION, 0, -1);
    fx_fact(f, DA_FACT_READING, 0, DA_GAP_COUNT, 3, -1);
    da_reading r = judge(f);
    assert_int_equal(r.gaps, 1u << DA_GAP_COUNT);
    assert_int_equal(r.note, 1);
    assert_int_equal(r.stated, 3);
    da_finding *repair = finding(f, "repair", "REPAIR-CODE", DA_DIR_UNDER);
    da_finding *em = finding(f, "em", "EM-LEVEL", DA_DIR_UNDER);
    da_reading_apply(&r, &f->out, 0);
    assert_non_null(repair->review);
    assert_null(em->review);
}

/* Only a visit note, and lesion codes billed: an over finding there may be
 * a lost operative note, for a coder, not an accusation. */
static void test_over_without_a_procedure_note(void **state)
{
    fixture *f = *state;
    fx_note(f, "visit");
    fx_fact(f, DA_FACT_DIAGNOSIS, 0, DA_DX_BCC, 0, -1);
    da_reading r = judge(f);
    assert_int_equal(r.gaps, 0);
    assert_false(r.procedures);
    da_finding *over = finding(f, "lesion", "LESION-EXC-UNSUPPORTED", DA_DIR_OVER);
    da_finding *em = finding(f, "em", "EM-LEVEL", DA_DIR_OVER);
    da_reading_apply(&r, &f->out, 0);
    assert_non_null(over->review);
    assert_null(em->review);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)
    const struct CMUnitTest tests[] = {
        T(test_complete_reading_changes_nothing),
        T(test_report_lists_more_specimens),
        T(test_count_gap),
        T(test_over_without_a_procedure_note),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
