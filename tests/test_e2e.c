/* test_e2e.c - the whole pipeline on sample-data/ against its answer key.
 *
 * The synthetic practice in sample-data/ is made by dermaudit-sample with
 * planted issues listed in answer_key.csv. This test checks that the
 * committed files are exactly what the generator makes, that every planted
 * issue is found and every finding is a planted one (none falls on a clean
 * encounter),
 * that every planted data-quality row is on the Data Quality log, and that
 * the command line writes its reports and fails cleanly on bad input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit.h"
#include "csv_table.h"
#include "import.h"

/* The rule tables, loaded with the fee table. */
static da_rules tables;

#define SAMPLE DA_SOURCE_DIR "/sample-data"
#define BIN DA_BINARY_DIR

static int run(const char *cmd)
{
    int status = system(cmd);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static void test_sample_data_matches_generator(void **state)
{
    (void)state;
    char tmp[] = "/tmp/da-e2e-XXXXXX";
    assert_non_null(mkdtemp(tmp));
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "'%s/dermaudit-sample' --out '%s'", BIN, tmp);
    assert_int_equal(run(cmd), 0);
    const char *files[] = {"claims.csv", "notes.csv", "answer_key.csv"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(cmd, sizeof(cmd), "cmp -s '%s/%s' '%s/%s'", SAMPLE, files[i], tmp, files[i]);
        if (run(cmd) != 0)
            fail_msg("sample-data/%s differs from the generator's output", files[i]);
    }
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    assert_int_equal(run(cmd), 0);
}

typedef struct audit_run {
    da_dataset data;         /* the sample practice */
    da_fee_table *fees;      /* built-in fees */
    da_finding_list found;   /* findings */
} audit_run;

static int audit_setup(void **state)
{
    audit_run *a = calloc(1, sizeof(*a));
    da_dataset_init(&a->data);
    da_findings_init(&a->found);
    da_import_result r;
    da_options opt = {0};
    da_audit_stats stats;
    if (da_rules_load(&tables, NULL, NULL, NULL) != DA_OK ||
        da_fees_load_default(&a->fees) != DA_OK ||
        da_import_claims(&a->data, SAMPLE "/claims.csv", NULL, &r) != DA_OK ||
        da_import_notes(&a->data, SAMPLE "/notes.csv", NULL, &r) != DA_OK)
        return -1;
    da_dataset_group(&a->data);
    if (da_audit_run(&a->data, &(da_audit_config){.fees = a->fees, .opt = &opt, .rules = &tables},
                     NULL, &a->found, NULL, &stats) != DA_OK)
        return -1;
    *state = a;
    return 0;
}

static int audit_teardown(void **state)
{
    audit_run *a = *state;
    da_findings_free(&a->found);
    da_fees_free(a->fees);
    da_rules_free(&tables);
    da_dataset_free(&a->data);
    free(a);
    return 0;
}

static bool finding_matches(const audit_run *a, const da_finding *f, const table *key, size_t i)
{
    char units[16];
    if (strcmp(f->category, cell(key, i, "category")) != 0 ||
        strcmp(f->rule, cell(key, i, "rule")) != 0 ||
        strcmp(da_direction_name(f->direction), cell(key, i, "direction")) != 0 ||
        strcmp(a->data.encounters[f->encounter].encounter_id, cell(key, i, "encounter_id")) != 0 ||
        strcmp(f->billed_code, cell(key, i, "billed_code")) != 0 ||
        strcmp(f->expected_code, cell(key, i, "expected_code")) != 0)
        return false;
    snprintf(units, sizeof(units), "%d", f->billed_units);
    if (strcmp(units, cell(key, i, "billed_units")) != 0)
        return false;
    snprintf(units, sizeof(units), "%d", f->expected_units);
    return strcmp(units, cell(key, i, "expected_units")) == 0;
}

static void test_every_planted_issue_found(void **state)
{
    audit_run *a = *state;
    table key;
    table_read(&key, SAMPLE "/answer_key.csv");
    size_t planted = 0, planted_mohs = 0, missed = 0;
    for (size_t i = 0; i < key.count; i++) {
        if (strcmp(cell(&key, i, "category"), "dataquality") == 0)
            continue;
        planted++;
        planted_mohs += strcmp(cell(&key, i, "category"), "mohs") == 0;
        bool found = false;
        for (size_t j = 0; j < a->found.count && !found; j++)
            found = finding_matches(a, &a->found.items[j], &key, i);
        if (!found) {
            missed++;
            print_message("missed: %s %s %s %s billed %s x%s expected %s x%s\n",
                          cell(&key, i, "encounter_id"), cell(&key, i, "category"),
                          cell(&key, i, "rule"), cell(&key, i, "direction"),
                          cell(&key, i, "billed_code"), cell(&key, i, "billed_units"),
                          cell(&key, i, "expected_code"), cell(&key, i, "expected_units"));
        }
    }
    print_message("planted issues: %zu (Mohs %zu), missed: %zu\n", planted, planted_mohs, missed);
    assert_true(planted_mohs >= 20);
    assert_int_equal(missed, 0);
    table_free(&key);
}

/* Every finding is a planted issue: none falls on an encounter that is
 * clean for its category. */
static void test_no_finding_on_clean_encounters(void **state)
{
    audit_run *a = *state;
    table key;
    table_read(&key, SAMPLE "/answer_key.csv");
    size_t unexpected = 0;
    for (size_t j = 0; j < a->found.count; j++) {
        const da_finding *f = &a->found.items[j];
        bool planted = false;
        for (size_t i = 0; i < key.count && !planted; i++)
            planted = finding_matches(a, f, &key, i);
        if (!planted) {
            unexpected++;
            print_message("unexpected: %s %s %s %s billed %s x%d expected %s x%d\n",
                          a->data.encounters[f->encounter].encounter_id, f->category, f->rule,
                          da_direction_name(f->direction), f->billed_code, f->billed_units,
                          f->expected_code, f->expected_units);
        }
    }
    print_message("findings: %zu, not in the answer key: %zu\n", a->found.count, unexpected);
    assert_int_equal(unexpected, 0);
    table_free(&key);
}

static void test_findings_are_priced_and_cite_rules(void **state)
{
    audit_run *a = *state;
    for (size_t j = 0; j < a->found.count; j++) {
        const da_finding *f = &a->found.items[j];
        assert_non_null(da_catalog_find(tables.catalog, f->rule));
        assert_true(f->amount >= 0);
        /* a review item carries no dollars; a leak is worth something; an
         * over-coding may be worth nothing (a second base biopsy code where
         * the add-on belongs: after the multiple-procedure reduction Medicare
         * pays the two about the same) */
        if (f->confidence == DA_CONF_LOW)
            assert_int_equal(f->amount, 0);
        else if (f->direction == DA_DIR_UNDER)
            assert_true(f->amount > 0);
        else if (f->direction == DA_DIR_OVER && f->amount == 0)
            assert_string_equal(f->rule, "LESION-BIOPSY-BASE");
        assert_true(strlen(f->evidence) > 0);
    }
}

static void test_planted_data_quality_rows_reported(void **state)
{
    audit_run *a = *state;
    table key;
    table_read(&key, SAMPLE "/answer_key.csv");
    size_t planted = 0;
    for (size_t i = 0; i < key.count; i++) {
        if (strcmp(cell(&key, i, "category"), "dataquality") != 0)
            continue;
        planted++;
        char file[64];
        unsigned long line = 0;
        assert_int_equal(sscanf(cell(&key, i, "detail"), "%63s line %lu", file, &line), 2);
        bool found = false;
        for (size_t j = 0; j < a->data.dq.count && !found; j++) {
            const da_dq_entry *e = &a->data.dq.items[j];
            const char *base = strrchr(e->file, '/');
            found = e->line == line && strcmp(base ? base + 1 : e->file, file) == 0 &&
                    strcmp(e->reason, cell(&key, i, "rule")) == 0;
        }
        if (!found)
            fail_msg("planted data-quality row %s line %lu (%s) not reported", file, line,
                     cell(&key, i, "rule"));
    }
    assert_true(planted >= 3);
    const da_file_stats *s[2] = {&a->data.claims_stats, &a->data.notes_stats};
    for (int k = 0; k < 2; k++)
        assert_int_equal(s[k]->rows_read, s[k]->rows_used + s[k]->rows_rejected);
    table_free(&key);
}

static void test_cli_writes_reports(void **state)
{
    (void)state;
    char dir[] = "/tmp/da-cli-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[2048];
    snprintf(cmd, sizeof(cmd),
             "'%s/dermaudit' --claims '%s/claims.csv' --notes '%s/notes.csv' --out '%s/r.xlsx' "
             "--findings '%s/f.csv' --facts '%s/x.csv' --practice 'Sample Dermatology' "
             "--created 2026-11-27T00:00:00Z 2>/dev/null",
             BIN, SAMPLE, SAMPLE, dir, dir, dir);
    assert_int_equal(run(cmd), 0);
    struct stat st;
    assert_int_equal(stat(dir, &st), 0);
    const char *outs[] = {"r.xlsx", "f.csv", "x.csv"};
    for (int i = 0; i < 3; i++) {
        char p[512];
        snprintf(p, sizeof(p), "%s/%s", dir, outs[i]);
        assert_int_equal(stat(p, &st), 0);
        assert_true(st.st_size > 0);
    }
    table f;
    char p[512];
    snprintf(p, sizeof(p), "%s/f.csv", dir);
    table_read(&f, p);
    const char *header[] = {"category", "rule", "direction", "confidence", "patient_id",
                            "date_of_service", "encounter_id", "claim_id", "provider", "payer",
                            "billed_code", "billed_units", "expected_code", "expected_units",
                            "amount", "evidence", "review"};
    assert_int_equal(f.nheader, 17);
    for (size_t i = 0; i < 17; i++)
        assert_string_equal(f.header[i], header[i]);
    assert_true(f.count > 0);
    table_free(&f);
    /* No temporary file is left beside the reports. */
    snprintf(cmd, sizeof(cmd), "ls '%s' | grep -c partial", dir);
    assert_int_equal(run(cmd), 1);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(run(cmd), 0);
}

static void test_cli_missing_column_is_a_usage_error(void **state)
{
    (void)state;
    char dir[] = "/tmp/da-cli-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[2048];
    snprintf(cmd, sizeof(cmd),
             "printf 'claim_id,patient_id,cpt\\nC1,P1,17311\\n' > '%s/c.csv' && "
             "'%s/dermaudit' --claims '%s/c.csv' --notes '%s/notes.csv' --out '%s/r.xlsx' "
             "2> '%s/err.txt'",
             dir, BIN, dir, SAMPLE, dir, dir);
    assert_int_equal(run(cmd), 2);
    snprintf(cmd, sizeof(cmd), "grep -q \"c.csv: missing required column 'date_of_service'\" '%s/err.txt'", dir);
    assert_int_equal(run(cmd), 0);
    snprintf(cmd, sizeof(cmd), "test ! -e '%s/r.xlsx' && ! ls '%s' | grep -q partial", dir, dir);
    assert_int_equal(run(cmd), 0);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(run(cmd), 0);
}

static void test_cli_unwritable_output(void **state)
{
    (void)state;
    char cmd[2048];
    snprintf(cmd, sizeof(cmd),
             "'%s/dermaudit' --claims '%s/claims.csv' --notes '%s/notes.csv' "
             "--out /nonexistent-dir/r.xlsx 2>/dev/null",
             BIN, SAMPLE, SAMPLE);
    assert_int_equal(run(cmd), 2);
}

int main(void)
{
    const struct CMUnitTest standalone[] = {
        cmocka_unit_test(test_sample_data_matches_generator),
        cmocka_unit_test(test_cli_writes_reports),
        cmocka_unit_test(test_cli_missing_column_is_a_usage_error),
        cmocka_unit_test(test_cli_unwritable_output),
    };
    const struct CMUnitTest on_sample[] = {
        cmocka_unit_test(test_every_planted_issue_found),
        cmocka_unit_test(test_no_finding_on_clean_encounters),
        cmocka_unit_test(test_findings_are_priced_and_cite_rules),
        cmocka_unit_test(test_planted_data_quality_rows_reported),
    };
    int failed = cmocka_run_group_tests_name("e2e-cli", standalone, NULL, NULL);
    failed += cmocka_run_group_tests_name("e2e-sample", on_sample, audit_setup, audit_teardown);
    return failed;
}
