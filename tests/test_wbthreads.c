/* test_wbthreads.c - the workbook is the same file, byte for byte, whether
 * its cells are written on one thread or two.
 *
 * The sample practice is audited once; its report (detail sheets with the
 * Denials and E&M panels and their charts, Findings, Data Quality) is then
 * written with one thread and with two, plain, split into short parts,
 * masked and without period dates, and the files compared with cmp. A broken writer (a shared format
 * numbered on a thread, a chart created out of order, a sheet written by
 * both threads) shows up as a difference here, or under -fsanitize=thread.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "import.h"
#include "workbook.h"

/* The rule tables, loaded with the fee table. */
static da_rules tables;

#define SAMPLE DA_SOURCE_DIR "/sample-data"

static da_dataset data;
static da_fee_table *fees;
static da_finding_list found;
static da_details details;
static char dir[64];

static int setup(void **state)
{
    (void)state;
    da_dataset_init(&data);
    da_findings_init(&found);
    da_details_init(&details);
    strcpy(dir, "/tmp/da_wbthreads_XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    da_import_result r;
    if (da_rules_load(&tables, NULL, NULL, NULL) != DA_OK ||
        da_fees_load_default(&fees) != DA_OK ||
        da_import_claims(&data, SAMPLE "/claims.csv", NULL, &r) != DA_OK ||
        da_import_notes(&data, SAMPLE "/notes.csv", NULL, &r) != DA_OK)
        return -1;
    da_dataset_group(&data);
    da_options opt = {0};
    da_audit_stats stats;
    return da_audit_run(&data, &(da_audit_config){.fees = fees, .opt = &opt, .rules = &tables},
                        NULL, &found, &details, &stats) == DA_OK
               ? 0
               : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    int rc = system(cmd);
    da_details_free(&details);
    da_findings_free(&found);
    da_fees_free(fees);
    da_rules_free(&tables);
    da_dataset_free(&data);
    return rc == 0 ? 0 : -1;
}

static da_report report(const da_mask *mask)
{
    return (da_report){.data = &data,
                       .findings = &found,
                       .details = &details,
                       .practice = "Synthetic Dermatology",
                       .from = da_date_from_ymd(2025, 1, 1),
                       .to = da_date_from_ymd(2025, 3, 31),
                       .fees_source = "CMS 2026 national non-facility amounts",
                       .created = "2026-01-01T00:00:00Z",
                       .mask = mask,
                       .fees = fees};
}

/* Writes r with the given threads to dir/name. */
static void write_with(int threads, const da_report *r, size_t rows_per_sheet, const char *name)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    da_report with = *r;
    with.threads = threads;
    assert_int_equal(da_workbook_write_split(path, &with, rows_per_sheet), DA_OK);
}

static int same_files(const char *a, const char *b)
{
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "cmp -s '%s/%s' '%s/%s'", dir, a, dir, b);
    return system(cmd) == 0;
}

/* Worksheets in a written file. */
static int worksheets(const char *name)
{
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "unzip -l '%s/%s' | grep -c 'xl/worksheets/sheet'", dir, name);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    int n = 0;
    assert_int_equal(fscanf(p, "%d", &n), 1);
    pclose(p);
    return n;
}

static void test_one_or_two_threads(void **state)
{
    (void)state;
    /* The sample has enough to share: several detail tables and findings. */
    assert_true(details.count >= 4);
    assert_true(found.count > 100);
    da_report r = report(NULL);
    write_with(1, &r, DA_SHEET_ROWS_MAX, "one.xlsx");
    write_with(2, &r, DA_SHEET_ROWS_MAX, "two.xlsx");
    write_with(2, &r, DA_SHEET_ROWS_MAX, "two-again.xlsx");
    write_with(0, &r, DA_SHEET_ROWS_MAX, "auto.xlsx");
    assert_true(worksheets("one.xlsx") >= 8);
    assert_true(same_files("one.xlsx", "two.xlsx"));
    assert_true(same_files("one.xlsx", "two-again.xlsx"));
    assert_true(same_files("one.xlsx", "auto.xlsx"));
}

static void test_split_parts(void **state)
{
    (void)state;
    /* 150 rows a part: Findings and the bigger detail tables run over
     * several sheets, so the threads share parts of many sheets. */
    da_report r = report(NULL);
    write_with(1, &r, 150, "split1.xlsx");
    write_with(2, &r, 150, "split2.xlsx");
    assert_true(worksheets("split1.xlsx") > worksheets("one.xlsx"));
    assert_true(same_files("split1.xlsx", "split2.xlsx"));
    /* The comparison sees a difference when there is one. */
    assert_false(same_files("split1.xlsx", "one.xlsx"));
}

static void test_masked(void **state)
{
    (void)state;
    da_mask m;
    da_mask_init(&m, "synthetic secret", 16);
    da_report r = report(&m);
    write_with(1, &r, DA_SHEET_ROWS_MAX, "mask1.xlsx");
    write_with(2, &r, DA_SHEET_ROWS_MAX, "mask2.xlsx");
    assert_true(same_files("mask1.xlsx", "mask2.xlsx"));
    assert_false(same_files("mask1.xlsx", "one.xlsx"));
}

static void test_no_period(void **state)
{
    (void)state;
    /* Without period dates or findings the Summary leaves the date format
     * unused: the cells stay on one thread and the file is still the same
     * (the detail tables' dates number the format in order of first use). */
    da_finding_list none;
    da_findings_init(&none);
    da_report r = report(NULL);
    r.from = r.to = DA_DATE_NONE;
    r.findings = &none;
    write_with(1, &r, DA_SHEET_ROWS_MAX, "noperiod1.xlsx");
    write_with(2, &r, DA_SHEET_ROWS_MAX, "noperiod2.xlsx");
    assert_true(same_files("noperiod1.xlsx", "noperiod2.xlsx"));
    da_findings_free(&none);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_or_two_threads),
        cmocka_unit_test(test_split_parts),
        cmocka_unit_test(test_masked),
        cmocka_unit_test(test_no_period),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
