/* test_ncci.c - the CMS NCCI PTP and MUE files (audit/ncci.c) on excerpts
 * written in the exact CMS layouts (tests/data/ncci/), and what their edits
 * change in the modifier and denial rules. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "ncci.h"
#include "rule_fixture.h"

#define NCCI_DIR DA_SOURCE_DIR "/tests/data/ncci/"
#define PTP NCCI_DIR "ccipra-v321r0-f1.TXT"
#define MUE NCCI_DIR "MCR_MUE_PractitionerServices_Eff_10-01-2026.csv"

static da_date ymd(int y, int m, int d)
{
    return da_date_from_ymd(y, m, d);
}

/* ---- loaders ---- */

static void test_ptp_file(void **state)
{
    (void)state;
    da_ncci n;
    da_ncci_init(&n);
    da_dq_log dq;
    da_dq_init(&dq);
    /* Six lines of notice, title and wrapped header, then 8 edits of which 2 are bad. */
    assert_int_equal(da_ncci_load_ptp(&n, PTP, NULL, 0, &dq), DA_OK);
    assert_int_equal(n.nptp, 6);
    assert_int_equal(dq.count, 2);
    assert_int_equal(dq.items[0].line, 13);
    assert_string_equal(dq.items[0].reason, "bad effective date"); /* 2019-01-01 */
    assert_int_equal(dq.items[1].line, 14);
    assert_string_equal(dq.items[1].reason, "modifier indicator not 0, 1 or 9");
    /* 11400 / 11102, 20190101, open, indicator 1. */
    const da_ptp_edit *e = da_ncci_ptp_find(&n, "11400", "11102", ymd(2026, 7, 1));
    assert_non_null(e);
    assert_int_equal(e->indicator, 1);
    assert_int_equal(e->deleted, DA_DATE_NONE);
    assert_false(e->before_1996);
    assert_string_equal(e->rationale, "Misuse of Column Two code with Column One code");
    assert_null(da_ncci_ptp_find(&n, "11400", "11102", ymd(2018, 12, 31)));
    assert_null(da_ncci_ptp_find(&n, "11102", "11400", ymd(2026, 7, 1))); /* order matters */
    /* 17110 / 11400: "*" in existence prior to 1996. */
    e = da_ncci_ptp_find(&n, "17110", "11400", ymd(2026, 7, 1));
    assert_non_null(e);
    assert_true(e->before_1996);
    /* 17004 / 17000: indicator 0. */
    assert_int_equal(da_ncci_ptp_find(&n, "17004", "17000", ymd(2026, 7, 1))->indicator, 0);
    /* 17000 / 11900 deleted 20250101: in force the day before, not on it nor after. */
    assert_non_null(da_ncci_ptp_find(&n, "17000", "11900", ymd(2024, 12, 31)));
    assert_null(da_ncci_ptp_find(&n, "17000", "11900", ymd(2025, 1, 1)));
    assert_null(da_ncci_ptp_find(&n, "17000", "11900", ymd(2026, 7, 1)));
    /* 11300 / 11102, indicator 9, deleted the day it took effect: never applies. */
    assert_null(da_ncci_ptp_find(&n, "11300", "11102", ymd(2019, 1, 1)));
    assert_null(da_ncci_ptp_find(&n, "11300", "11102", ymd(2026, 7, 1)));
    /* Not a PTP file: the MUE file has no such header. */
    assert_int_equal(da_ncci_load_ptp(&n, MUE, NULL, 0, &dq), DA_ERR_COLUMN);
    assert_int_equal(n.nptp, 6);
    assert_int_equal(da_ncci_load_ptp(&n, NCCI_DIR "no-such-file", NULL, 0, &dq), DA_ERR_IO);
    da_dq_free(&dq);
    da_ncci_free(&n);
}

/* The header must be read from its four wrapped lines: a header cut to its
 * first line has no "Deletion Date" nor modifier column names to find... */
static void test_ptp_wrapped_header(void **state)
{
    (void)state;
    da_ncci n;
    da_ncci_init(&n);
    da_dq_log dq;
    da_dq_init(&dq);
    /* Columns in another order: found by their stacked names, not their places. */
    const char *moved = "notice\t\t\t\t\t\t\nColumn1/Column2 Edits\t\t\t\t\t\t\n"
                        "Column 2\tColumn 1\tModifier\t*=in existence\tEffective\tDeletion\tPTP Edit Rationale\n"
                        "\t\t0=not allowed\tprior to 1996\tDate\tDate\t\n"
                        "\t\t1=allowed\t\t\t*=no data\t\n"
                        "\t\t9=not applicable\t\t\t\t\n"
                        "11102\t11400\t1\t\t20190101\t*\tMisuse\n";
    assert_int_equal(da_ncci_load_ptp(&n, "moved", moved, strlen(moved), &dq), DA_OK);
    assert_int_equal(n.nptp, 1);
    assert_string_equal(n.ptp[0].col1, "11400");
    assert_string_equal(n.ptp[0].col2, "11102");
    assert_int_equal(n.ptp[0].indicator, 1);
    /* No header at all. */
    const char *none = "11400\t11102\t\t20190101\t*\t1\tMisuse\n";
    assert_int_equal(da_ncci_load_ptp(&n, "none", none, strlen(none), &dq), DA_ERR_COLUMN);
    assert_int_equal(dq.count, 0);
    da_dq_free(&dq);
    da_ncci_free(&n);
}

static void test_mue_file(void **state)
{
    (void)state;
    da_ncci n;
    da_ncci_init(&n);
    da_dq_log dq;
    da_dq_init(&dq);
    assert_int_equal(da_ncci_load_mue(&n, MUE, NULL, 0, &dq), DA_OK);
    /* The notice spans lines 1-3, the header 4-5, rows from line 6; two are bad. */
    assert_int_equal(n.nmue, 7);
    assert_int_equal(dq.count, 2);
    assert_int_equal(dq.items[0].line, 13);
    assert_string_equal(dq.items[0].reason, "MUE value not a whole number");
    assert_int_equal(dq.items[1].line, 14);
    assert_string_equal(dq.items[1].reason, "malformed code");
    const da_mue *m = da_ncci_mue_find(&n, "11102");
    assert_non_null(m);
    assert_int_equal(m->value, 1);
    assert_int_equal(m->indicator, 2);
    m = da_ncci_mue_find(&n, "96372");
    assert_int_equal(m->value, 4);
    assert_int_equal(m->indicator, 1);
    assert_int_equal(da_ncci_mue_find(&n, "J3245")->value, 100);
    assert_null(da_ncci_mue_find(&n, "17312"));
    assert_int_equal(da_ncci_load_mue(&n, PTP, NULL, 0, &dq), DA_ERR_COLUMN);
    da_dq_free(&dq);
    da_ncci_free(&n);
}

/* ---- what the edits change ---- */

/* The rules' tables for one test. */
static da_ncci loaded;

static int setup(void **state)
{
    da_ncci_init(&loaded);
    da_dq_log dq;
    da_dq_init(&dq);
    if (da_ncci_load_ptp(&loaded, PTP, NULL, 0, &dq) != DA_OK ||
        da_ncci_load_mue(&loaded, MUE, NULL, 0, &dq) != DA_OK)
        return -1;
    da_dq_free(&dq);
    if (fx_setup_fees(state) != 0)
        return -1;
    ((fixture *)*state)->rules.ncci = &loaded;
    return 0;
}

static int teardown(void **state)
{
    da_ncci_free(&loaded);
    return fx_teardown(state);
}

static da_claim_line *bill(fixture *f, const char *code, const char *mods, int units)
{
    da_claim_line *c = fx_claim(f, code, mods, units, DA_PAYER_MEDICARE);
    c->dos = ymd(2026, 7, 1);
    return c;
}

static void two_lesions(fixture *f, da_procedure first, da_procedure second, bool same)
{
    fx_note(f, "procedure");
    fx_fact(f, DA_FACT_PROCEDURE, 1, first, 0, -1);
    fx_fact(f, DA_FACT_PROCEDURE, same ? 1 : 2, second, 0, -1);
    fx_fact(f, DA_FACT_SITE, 1, 0, 0, 3);
    if (!same)
        fx_fact(f, DA_FACT_SITE, 2, 0, 0, 7);
}

/* Indicator 1, distinct lesions documented, no 59/XS: the missing modifier is a gap. */
static void test_ptp_indicator1_distinct(void **state)
{
    fixture *f = *state;
    two_lesions(f, DA_PROC_EXCISION, DA_PROC_BIOPSY_TANGENTIAL, false);
    bill(f, "11400", "", 1);
    bill(f, "11102", "", 1);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "modifier", "MOD-59-MISSING", DA_DIR_GAP, "11102", 1, "11102", 1);
}

/* Indicator 1, the same lesion: the column-2 code is over-billing. */
static void test_ptp_indicator1_same_lesion(void **state)
{
    fixture *f = *state;
    two_lesions(f, DA_PROC_EXCISION, DA_PROC_BIOPSY_TANGENTIAL, true);
    bill(f, "11400", "", 1);
    bill(f, "11102", "", 1);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "modifier", "NCCI-PTP-BUNDLED", DA_DIR_OVER, "11102", 1, "", 0);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_HIGH);
}

/* Indicator 1 with XS on the column-2 line: no finding. */
static void test_ptp_indicator1_modifier(void **state)
{
    fixture *f = *state;
    two_lesions(f, DA_PROC_EXCISION, DA_PROC_BIOPSY_TANGENTIAL, false);
    bill(f, "11400", "", 1);
    bill(f, "11102", "XS", 1);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 0);
}

/* Indicator 0: no modifier helps, distinct lesions or not. */
static void test_ptp_indicator0(void **state)
{
    fixture *f = *state;
    two_lesions(f, DA_PROC_DESTRUCTION, DA_PROC_DESTRUCTION, false);
    bill(f, "17004", "", 1);
    bill(f, "17000", "59", 1);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "modifier", "NCCI-PTP-BUNDLED", DA_DIR_OVER, "17000", 1, "", 0);
    assert_non_null(strstr(f->out.items[0].evidence, "modifier indicator 0"));
}

/* An edit deleted before the date of service, and an indicator 9 edit: nothing. */
static void test_ptp_deleted_and_9(void **state)
{
    fixture *f = *state;
    fx_note(f, "procedure");
    bill(f, "17000", "", 1);
    bill(f, "11900", "", 1);
    bill(f, "11300", "", 1);
    bill(f, "11102", "", 1);
    fx_run(f, da_rule_modifiers);
    for (size_t i = 0; i < f->out.count; i++)
        assert_string_not_equal(f->out.items[i].rule, "NCCI-PTP-BUNDLED");
}

/* MUE: 11102 (1, indicator 2) billed on two lines of one date; 96372 (4, indicator 1)
 * at 5 units on one line; J3245 (100) at 100 units: the first two over, not the third. */
static void test_mue(void **state)
{
    fixture *f = *state;
    fx_note(f, "procedure");
    bill(f, "11102", "", 1);
    bill(f, "11102", "", 1);
    bill(f, "96372", "", 5);
    bill(f, "J3245", "", 100);
    fx_run(f, da_rule_modifiers);
    size_t line = 0, date = 0;
    for (size_t i = 0; i < f->out.count; i++) {
        const da_finding *x = &f->out.items[i];
        if (strcmp(x->rule, "MUE-UNITS-LINE") == 0) {
            fx_expect(x, "modifier", "MUE-UNITS-LINE", DA_DIR_OVER, "96372", 5, "96372", 4);
            line++;
        } else if (strcmp(x->rule, "MUE-UNITS-DATE") == 0) {
            fx_expect(x, "modifier", "MUE-UNITS-DATE", DA_DIR_OVER, "11102", 1, "11102", 0);
            date++;
        }
    }
    assert_int_equal(line, 1);
    assert_int_equal(date, 1);
}

/* CO-236 under indicator 1 with distinct lesions: recoverable. */
static void test_co236_indicator1(void **state)
{
    fixture *f = *state;
    two_lesions(f, DA_PROC_EXCISION, DA_PROC_BIOPSY_TANGENTIAL, false);
    bill(f, "11400", "", 1);
    da_claim_line *b = bill(f, "11102", "", 1);
    b->status = DA_STATUS_DENIED;
    b->denial_codes = "CO-236";
    fx_run(f, da_rule_denials);
    assert_int_equal(f->out.count, 1);
    assert_string_equal(f->out.items[0].rule, "DENIAL-CO236");
}

/* CO-236 under indicator 0: never recoverable, whatever the notes say. */
static void test_co236_indicator0(void **state)
{
    fixture *f = *state;
    two_lesions(f, DA_PROC_DESTRUCTION, DA_PROC_DESTRUCTION, false);
    bill(f, "17004", "", 1);
    da_claim_line *b = bill(f, "17000", "59", 1);
    b->status = DA_STATUS_DENIED;
    b->denial_codes = "CO-236";
    fx_run(f, da_rule_denials);
    assert_int_equal(f->out.count, 0);
}

/* CO-151: recoverable for MUE indicator 3 (17003) with the procedure documented,
 * not for indicator 2 (17000). */
static void test_co151(void **state)
{
    fixture *f = *state;
    fx_note(f, "procedure");
    fx_fact(f, DA_FACT_PROCEDURE, 1, DA_PROC_DESTRUCTION, 0, -1);
    da_claim_line *a = bill(f, "17003", "", 14);
    a->status = DA_STATUS_DENIED;
    a->denial_codes = "CO-151";
    da_claim_line *b = bill(f, "17000", "", 2);
    b->status = DA_STATUS_DENIED;
    b->denial_codes = "CO-151";
    fx_run(f, da_rule_denials);
    assert_int_equal(f->out.count, 1);
    assert_string_equal(f->out.items[0].rule, "DENIAL-CO151");
    assert_string_equal(f->out.items[0].billed_code, "17003");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ptp_file),
        cmocka_unit_test(test_ptp_wrapped_header),
        cmocka_unit_test(test_mue_file),
        T(test_ptp_indicator1_distinct),
        T(test_ptp_indicator1_same_lesion),
        T(test_ptp_indicator1_modifier),
        T(test_ptp_indicator0),
        T(test_ptp_deleted_and_9),
        T(test_mue),
        T(test_co236_indicator1),
        T(test_co236_indicator0),
        T(test_co151),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
