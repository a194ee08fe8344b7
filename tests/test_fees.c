/* test_fees.c - the fee table: the built-in 2026 amounts, our layout and the
 * CMS PPRRVU files of 2025 and 2026 (stacked headers, a column apart).
 *
 * Expected amounts are total RVU x conversion factor worked by hand from the
 * RVUs in the files (coding-rules.md section 12 lists the same figures). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "dq.h"
#include "fees.h"

#define CMS_2025 DA_SOURCE_DIR "/tests/data/cms/PPRRVU2025_Oct_excerpt.csv"
#define CMS_2026 DA_SOURCE_DIR "/tests/data/cms/PPRRVU2026_Jul_excerpt.csv"

static da_fee_table *load_mem(const char *csv, da_dq_log *dq, da_error expect)
{
    da_fee_table *t = NULL;
    assert_int_equal(da_fees_load_mem(csv, strlen(csv), "t/fees.csv", dq, &t), expect);
    if (expect != DA_OK)
        assert_null(t);
    return t;
}

static void assert_fee(const da_fee_table *t, const char *code, da_cents nf, da_cents f, int mp,
                       const char *global)
{
    const da_fee *fee = da_fees_find(t, code);
    assert_non_null(fee);
    assert_string_equal(fee->code, code);
    assert_int_equal(fee->nonfacility, nf);
    assert_int_equal(fee->facility, f);
    assert_int_equal(fee->mult_proc, mp);
    assert_string_equal(fee->global, global);
}

static void test_default_table(void **state)
{
    (void)state;
    da_fee_table *t = NULL;
    assert_int_equal(da_fees_load_default(&t), DA_OK);
    /* 482 global rows of the July 2026 subset (10030-19499, 88300-88399, 96372, E/M, G codes). */
    assert_int_equal(da_fees_count(t), 482);
    assert_string_equal(da_fees_source(t),
                        "CMS PFS 2026 July release, national non-facility, CF 33.4009");
    assert_fee(t, "11102", 9553, 3006, 2, "000");   /* 2.86 x 33.4009 = 95.5266 */
    assert_fee(t, "17311", 66702, 28691, 2, "000"); /* 19.97 x 33.4009 = 667.0160 */
    assert_fee(t, "17312", 40281, 15298, 0, "ZZZ"); /* 12.06 x 33.4009 = 402.8149 */
    assert_fee(t, "17313", 62627, 25752, 2, "000"); /* 18.75 x 33.4009 = 626.2669 */
    assert_fee(t, "17314", 38545, 13962, 0, "ZZZ");
    assert_fee(t, "17315", 7916, 4008, 0, "ZZZ");
    assert_fee(t, "17004", 16233, 8283, 0, "010");
    assert_fee(t, "88305", 7014, 7014, 0, "XXX"); /* the global row, not -26 ($35.07) */
    assert_fee(t, "99214", 13561, 8450, 0, "XXX");
    assert_fee(t, "G2211", 1737, 1436, 0, "ZZZ");
    assert_true(da_fees_find(t, "17311")->description[0] != '\0');
    assert_string_equal(da_fees_find(t, "10030")->description, ""); /* not an audited code */
    assert_null(da_fees_find(t, "J3301"));                        /* drugs come from ASP */
    assert_null(da_fees_find(t, ""));
    assert_true(da_fee_is_addon(da_fees_find(t, "17312")));
    assert_true(da_fee_is_addon(da_fees_find(t, "11103")));
    assert_false(da_fee_is_addon(da_fees_find(t, "17311")));
    assert_false(da_fee_is_addon(da_fees_find(t, "17004"))); /* MULT PROC 0 but stand-alone */
    da_fees_free(t);
}

static void test_cms_2026_file(void **state)
{
    (void)state;
    da_dq_log dq;
    da_dq_init(&dq);
    da_fee_table *t = NULL;
    assert_int_equal(da_fees_load_file(CMS_2026, &dq, &t), DA_OK);
    assert_int_equal(dq.count, 0);
    assert_int_equal(da_fees_count(t), 38); /* 48 data rows less ten -26/-TC rows */
    assert_string_equal(da_fees_source(t), "CMS PPRRVU file PPRRVU2026_Jul_excerpt.csv, "
                                           "national non-facility, CF 33.4009");
    assert_fee(t, "17311", 66702, 28691, 2, "000");
    assert_fee(t, "12051", 28291, 14930, 2, "010"); /* 8.47 and 4.47 RVUs */
    assert_fee(t, "88305", 7014, 7014, 0, "XXX");
    assert_fee(t, "17003", 635, 167, 0, "ZZZ");
    /* Descriptions are ours (from the built-in table), never the file's. */
    da_fee_table *def = NULL;
    assert_int_equal(da_fees_load_default(&def), DA_OK);
    assert_string_equal(da_fees_find(t, "17311")->description,
                        da_fees_find(def, "17311")->description);
    da_fees_free(def);
    assert_true(strstr(da_fees_find(t, "88305")->description, "REDACTED") == NULL);
    assert_true(da_fees_find(t, "88305")->description[0] != '\0');
    da_fees_free(t);
    da_dq_free(&dq);
}

static void test_cms_2025_file(void **state)
{
    (void)state;
    da_dq_log dq;
    da_dq_init(&dq);
    da_fee_table *t = NULL;
    /* One column fewer than 2026 (no PRIC IND): CONV FACTOR sits one place left. */
    assert_int_equal(da_fees_load_file(CMS_2025, &dq, &t), DA_OK);
    assert_int_equal(dq.count, 0);
    assert_int_equal(da_fees_count(t), 38);
    assert_string_equal(da_fees_source(t), "CMS PPRRVU file PPRRVU2025_Oct_excerpt.csv, "
                                           "national non-facility, CF 32.3465");
    assert_fee(t, "11102", 9575, 3623, 2, "000");   /* 2.96 x 32.3465 = 95.7456 */
    assert_fee(t, "11642", 26039, 17726, 2, "010"); /* 8.05 x 32.3465 = 260.3893 */
    assert_fee(t, "12051", 27268, 16497, 2, "010");
    assert_fee(t, "17311", 66116, 34287, 2, "000");
    assert_fee(t, "17003", 647, 194, 0, "ZZZ");
    assert_fee(t, "99214", 12518, 9380, 0, "XXX");
    assert_fee(t, "88305", 6954, 6954, 0, "XXX");
    da_fees_free(t);
    da_dq_free(&dq);
}

/* The stacked header of a CMS file, cut down, with columns in another order. */
#define CMS_HEAD                                                                  \
    ",,Title line,,,,,\n"                                                         \
    ",,,,,,,\n"                                                                   \
    ",,,NON-FACILITY,,,,\n"                                                       \
    ",,,TOTAL,GLOB,CONV,MULT,FACILITY\n"                                          \
    "HCPCS,MOD,DESCRIPTION,,DAYS,FACTOR,PROC,TOTAL\n"

static void test_cms_by_header_name(void **state)
{
    (void)state;
    da_dq_log dq;
    da_dq_init(&dq);
    const char *csv = CMS_HEAD
        "17311,,REDACTED,19.97,000,33.4009,2,8.59\n"
        "88305,26,REDACTED,1.05,XXX,33.4009,0,1.05\n"
        "11102,,REDACTED,2.8x6,000,33.4009,2,0.90\n"
        ",,REDACTED,1.00,000,33.4009,2,1.00\n"
        "17312,,REDACTED,12.06,ZZZ,33.4009,0,4.58\n";
    da_fee_table *t = load_mem(csv, &dq, DA_OK);
    assert_int_equal(da_fees_count(t), 2);
    assert_fee(t, "17311", 66702, 28691, 2, "000");
    assert_fee(t, "17312", 40281, 15298, 0, "ZZZ");
    assert_null(da_fees_find(t, "88305")); /* only its -26 row was given */
    assert_null(da_fees_find(t, "11102"));
    assert_int_equal(dq.count, 2);
    assert_int_equal(dq.items[0].line, 8);
    assert_string_equal(dq.items[0].reason, "bad number");
    assert_string_equal(dq.items[0].column, "NON-FACILITY TOTAL");
    assert_int_equal(dq.items[1].line, 9);
    assert_string_equal(dq.items[1].reason, "missing code");
    da_fees_free(t);
    da_dq_free(&dq);
}

static void test_cms_missing_column(void **state)
{
    (void)state;
    da_dq_log dq;
    da_dq_init(&dq);
    /* "MULT" without "PROC" under it is not the MULT PROC column. */
    const char *csv = ",,,NON-FACILITY,,,,\n"
                      ",,,TOTAL,GLOB,CONV,MULT,FACILITY\n"
                      "HCPCS,MOD,DESCRIPTION,,DAYS,FACTOR,,TOTAL\n"
                      "17311,,REDACTED,19.97,000,33.4009,2,8.59\n";
    load_mem(csv, &dq, DA_ERR_COLUMN);
    assert_int_equal(dq.count, 1);
    assert_int_equal(dq.items[0].line, 0);
    assert_string_equal(dq.items[0].column, "MULT PROC");
    da_dq_free(&dq);
}

static void test_our_layout(void **state)
{
    (void)state;
    da_dq_log dq;
    da_dq_init(&dq);
    /* Columns in another order, one extra, facility left out. */
    const char *csv = "Global_Days,extra,Code,Mult Proc,Nonfacility\n"
                      "000,x,17311,2,667.02\n"
                      "ZZZ,x,17312,0,402.81\n"
                      "000,x,17313,2,626.2\n"
                      "000,x,11102,2,95.533\n"  /* three decimals: not cents */
                      "000,x,,2,1.00\n"
                      "000,x,11104,two,1.00\n"
                      "0000,x,11106,2,1.00\n"
                      "000,x,17311,2,1.00\n";   /* a second 17311: the first stays */
    da_fee_table *t = load_mem(csv, &dq, DA_OK);
    assert_int_equal(da_fees_count(t), 3);
    assert_string_equal(da_fees_source(t), "fee file fees.csv");
    assert_fee(t, "17311", 66702, DA_CENTS_NONE, 2, "000");
    assert_fee(t, "17312", 40281, DA_CENTS_NONE, 0, "ZZZ");
    assert_fee(t, "17313", 62620, DA_CENTS_NONE, 2, "000");
    assert_string_equal(da_fees_find(t, "17311")->description, "");
    assert_int_equal(dq.count, 5);
    const struct {
        unsigned long line;
        const char *reason, *column;
    } want[] = {{5, "bad number", "nonfacility"},        {6, "missing code", "code"},
                {7, "bad number", "mult_proc"},          {8, "bad global period", "global_days"},
                {9, "duplicate code", "code"}};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(dq.items[i].line, want[i].line);
        assert_string_equal(dq.items[i].file, "t/fees.csv");
        assert_int_equal(dq.items[i].action, DA_DQ_REJECTED);
        assert_string_equal(dq.items[i].reason, want[i].reason);
        assert_string_equal(dq.items[i].column, want[i].column);
    }
    da_fees_free(t);
    da_dq_free(&dq);
}

static void test_our_layout_needs_amount(void **state)
{
    (void)state;
    da_dq_log dq;
    da_dq_init(&dq);
    load_mem("code,description,facility\n17311,x,286.91\n", &dq, DA_ERR_COLUMN);
    assert_int_equal(dq.count, 1);
    assert_string_equal(dq.items[0].column, "nonfacility");
    da_dq_free(&dq);
}

static void test_not_a_fee_file(void **state)
{
    (void)state;
    da_dq_log dq;
    da_dq_init(&dq);
    load_mem("claim_id,cpt\n1,17311\n", &dq, DA_ERR_COLUMN);
    load_mem("", &dq, DA_ERR_COLUMN);
    da_fee_table *t = NULL;
    assert_int_equal(da_fees_load_file(DA_SOURCE_DIR "/tests/data/cms/absent.csv", &dq, &t),
                     DA_ERR_IO);
    assert_null(t);
    da_dq_free(&dq);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_table),      cmocka_unit_test(test_cms_2026_file),
        cmocka_unit_test(test_cms_2025_file),      cmocka_unit_test(test_cms_by_header_name),
        cmocka_unit_test(test_cms_missing_column), cmocka_unit_test(test_our_layout),
        cmocka_unit_test(test_our_layout_needs_amount), cmocka_unit_test(test_not_a_fee_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
