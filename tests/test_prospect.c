/* test_prospect.c - the prospect's workbook gives nothing away: the program
 * runs with --template prospect on a 15-day practice kept under a directory
 * with a telling name, and every part of the workbook's zip is searched for
 * the input paths, every identifier of the inputs (patients, claims,
 * encounters, notes, providers) and every internal file name (our rule
 * tables, templates, sources and working notes); none may appear. It also
 * checks what the prospect's report must show: the notices, the method
 * statement, grouped findings, public sources for every rule, the fee line,
 * and the warning that the --findings and --facts files are not masked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv_table.h"
#include "xlsx_sheet.h"

#define BIN DA_BINARY_DIR
#define SRC DA_SOURCE_DIR

static char dir[96]; /* the run's directory: dir/secret-clinic-data/ holds the inputs */

static void ignore_problem(void *ctx, unsigned long line, const char *reason)
{
    (void)ctx;
    (void)line;
    (void)reason;
}

/* Appends the values of a CSV column (4 characters or more) to out, one a
 * line; rows the reader cannot split are skipped (the sample plants some). */
static void add_column(FILE *out, const char *csv, const char *column)
{
    table t;
    memset(&t, 0, sizeof(t));
    assert_int_equal(da_csv_read_file(csv, NULL, table_row, ignore_problem, &t), DA_OK);
    assert_non_null(t.header);
    for (size_t i = 0; i < t.count; i++) {
        const char *v = cell(&t, i, column);
        if (strlen(v) >= 4)
            fprintf(out, "%s\n", v);
    }
    table_free(&t);
}

/* Appends the names of the files in a source directory, one a line. */
static void add_files(FILE *out, const char *sub)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", SRC, sub);
    DIR *d = opendir(path);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));)
        if (e->d_name[0] != '.')
            fprintf(out, "%s\n", e->d_name);
    closedir(d);
}

static void test_nothing_internal(void **state)
{
    (void)state;
    char needles[160], data[160];
    snprintf(needles, sizeof(needles), "%s/needles.txt", dir);
    snprintf(data, sizeof(data), "%s/secret-clinic-data", dir);
    FILE *out = fopen(needles, "w");
    assert_non_null(out);
    char claims[200], notes[200];
    snprintf(claims, sizeof(claims), "%s/claims.csv", data);
    snprintf(notes, sizeof(notes), "%s/notes.csv", data);
    fprintf(out, "%s\n%s\n%s\nsecret-clinic-data\n", claims, notes, dir);
    add_column(out, claims, "claim_id");
    add_column(out, claims, "patient_id");
    add_column(out, claims, "encounter_id");
    add_column(out, claims, "provider");
    add_column(out, notes, "note_id");
    add_column(out, notes, "encounter_id");
    add_column(out, notes, "patient_id");
    add_files(out, "rules");
    add_files(out, "templates");
    add_files(out, "audit");
    add_files(out, "reports");
    fprintf(out, "coding-rules.md\nfrom memory\nworking notes\nWorking notes\nissue 7\n");
    fclose(out);
    /* Every part of the zip, names included. */
    char *found = xs_slurp("cd '%s' && (unzip -Z1 p.xlsx; unzip -p p.xlsx) | grep -F -o -f needles.txt "
                           "| sort -u | head -20",
                           dir);
    if (found[0])
        fail_msg("the prospect's workbook shows: %s", found);
    free(found);
    /* The needles are real: the same search finds them in the practice's own report. */
    found = xs_slurp("cd '%s' && unzip -p own.xlsx | grep -F -o -f needles.txt | wc -l", dir);
    assert_true(atoi(found) > 100);
    free(found);
}

static void test_what_it_shows(void **state)
{
    (void)state;
    char path[160];
    snprintf(path, sizeof(path), "%s/p.xlsx", dir);
    char *names = xs_slurp("unzip -p '%s' xl/workbook.xml | grep -o '<sheet name=\"[^\"]*\"' "
                           "| cut -d'\"' -f2 | paste -sd'|'", path);
    assert_string_equal(names, "Summary|Scorecard|Examples|Rules\n");
    free(names);
    char *x = xs_sheet(path, "Summary");
    assert_non_null(strstr(x, "<t>Largest findings, grouped by rule and code</t>"));
    assert_non_null(strstr(x, "<t>Under-billing (revenue leak)</t>"));
    assert_non_null(strstr(x, "<t>Over-billing (compliance exposure)</t>"));
    assert_non_null(strstr(x, "<t>Recoverable denials</t>"));
    assert_non_null(strstr(x, "<t>How this assessment was made</t>"));
    assert_non_null(strstr(x, "CPT is a registered trademark of the American Medical Association."));
    assert_non_null(strstr(x, "copyright 2025 American Medical Association. All rights reserved."));
    assert_non_null(strstr(x, "Confidential: prepared for Sample Dermatology only"));
    assert_null(strstr(x, "Top 10 findings"));
    assert_non_null(strstr(x, "<t>claim lines</t>"));
    free(x);
    /* The CPT notice is printed at the foot of every sheet. */
    char *footers = xs_slurp("unzip -p '%s' 'xl/worksheets/sheet*.xml' | grep -c '<oddFooter>"
                             "&amp;L&amp;8Confidential: prepared for Sample Dermatology. CPT "
                             "copyright 2025'", path);
    assert_int_equal(atoi(footers), 4);
    free(footers);
    /* Every rule has a public source and a plain name; no working notes column. */
    grid g;
    x = xs_sheet(path, "Rules");
    grid_read(&g, x);
    free(x);
    size_t src = grid_col(&g, "Public source"), name = grid_col(&g, "Plain name");
    assert_true(g.rows > 80);
    for (size_t r = 1; r < g.rows; r++)
        if (strlen(grid_at(&g, r, src)) < 10 || !grid_at(&g, r, name)[0])
            fail_msg("rule %s: no public source or name", grid_at(&g, r, 0));
    grid_free(&g);
    /* The examples: no identifier column, the month only. */
    x = xs_sheet(path, "Examples");
    grid_read(&g, x);
    free(x);
    assert_string_equal(grid_at(&g, 0, 3), "Month of service");
    assert_int_equal(strlen(grid_at(&g, 1, 3)), 7);
    grid_free(&g);
}

/* fee_percent: our fee and the net gain a year beside the annualized leak. */
static void test_fee_line(void **state)
{
    (void)state;
    char path[160];
    snprintf(path, sizeof(path), "%s/fee.xlsx", dir);
    char *x = xs_sheet(path, "Summary");
    assert_non_null(x);
    grid g;
    grid_read(&g, x);
    free(x);
    double leak_year = -1, fee = -1, net = -1;
    for (size_t r = 0; r < g.rows; r++) {
        const char *a = grid_at(&g, r, 0);
        if (strcmp(a, "Estimated revenue leak (under-billing)") == 0)
            leak_year = strtod(grid_at(&g, r, 2), NULL);
        else if (strcmp(a, "Our fee (25% of the leak recovered)") == 0)
            fee = strtod(grid_at(&g, r, 2), NULL);
        else if (strcmp(a, "The practice's net gain a year, after our fee") == 0)
            net = strtod(grid_at(&g, r, 2), NULL);
    }
    grid_free(&g);
    assert_true(leak_year > 0);
    assert_true(fabs(fee - leak_year * 0.25) < 0.01);
    assert_true(fabs(net - leak_year * 0.75) < 0.01);
}

/* The warnings, exactly, on stderr. */
static void test_unmasked_files_warned(void **state)
{
    (void)state;
    char *err = xs_slurp("cat '%s/p.err'", dir);
    assert_string_equal(err,
                        "dermaudit: warning: --findings is not masked: it keeps the practice's "
                        "real identifiers; do not hand it to the prospect\n"
                        "dermaudit: warning: --facts is not masked: it keeps the practice's real "
                        "identifiers and note text; do not hand it to the prospect\n");
    free(err);
}

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/da_prospect_XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    char cmd[4096];
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && '%s/dermaudit-sample' --days 15 --out secret-clinic-data >/dev/null 2>&1 && "
             "'%s/dermaudit' --claims \"$PWD/secret-clinic-data/claims.csv\" "
             "--notes \"$PWD/secret-clinic-data/notes.csv\" --out p.xlsx --template prospect "
             "--practice 'Sample Dermatology' --created 2026-11-27T00:00:00Z "
             "--findings f.csv --facts facts.csv 2>&1 >/dev/null | grep warning > p.err && "
             "'%s/dermaudit' --claims \"$PWD/secret-clinic-data/claims.csv\" "
             "--notes \"$PWD/secret-clinic-data/notes.csv\" --out own.xlsx "
             "--created 2026-11-27T00:00:00Z 2>/dev/null && "
             "sed 's/^# fee_percent: 25/fee_percent: 25/' '%s/templates/prospect.txt' > fee.txt && "
             "'%s/dermaudit' --claims \"$PWD/secret-clinic-data/claims.csv\" "
             "--notes \"$PWD/secret-clinic-data/notes.csv\" --out fee.xlsx --template \"$PWD/fee.txt\" "
             "--created 2026-11-27T00:00:00Z 2>/dev/null",
             dir, BIN, BIN, BIN, SRC, BIN);
    return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[160];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nothing_internal),
        cmocka_unit_test(test_what_it_shows),
        cmocka_unit_test(test_fee_line),
        cmocka_unit_test(test_unmasked_files_warned),
    };
    return cmocka_run_group_tests_name("prospect", tests, setup, teardown);
}
