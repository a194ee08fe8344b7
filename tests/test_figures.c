/* test_figures.c - the workbook's figures as a coder reads them, from the
 * real rules: the program runs on a 15-day practice from the sample
 * generator and each test reads a sheet back and checks it against the
 * inputs (claims, notes) or against another sheet of the same run. Each
 * test here failed on the workbook before issue 15 (the E&M "Patient type"
 * column masked as a patient, the E/M chart never drawn, unbilled codes
 * listed as billed, drug lines in the payers' fee ratio, contradictory
 * denial rows, default filing limits shown as deadlines, evidence cut
 * inside a number, wrapped text running over the next row, half the
 * Summary chart's categories unlabelled, detail rows with findings lost
 * among those without).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv_table.h"
#include "xlsx_sheet.h"

#define BIN DA_BINARY_DIR

static char dir[64];   /* the run's temporary directory */
static char plain[96]; /* dir/u.xlsx: identifiers as imported */
static char masked[96]; /* dir/m.xlsx: another 15-day practice (seed 3), --mask-phi */

/* The grid of a sheet of a workbook; fails when the sheet is absent. */
static void read_sheet(grid *g, const char *path, const char *name)
{
    char *xml = xs_sheet(path, name);
    if (!xml)
        fail_msg("no sheet %s in %s", name, path);
    grid_read(g, xml);
    free(xml);
}

/* E&M "Patient type" is new or established, masked or not: only the
 * identifier columns (detail.h) become pseudonyms. */
static void test_em_patient_type(void **state)
{
    (void)state;
    const char *const books[] = {plain, masked};
    for (size_t b = 0; b < 2; b++) {
        grid g;
        read_sheet(&g, books[b], "E&amp;M");
        size_t type = grid_col(&g, "Patient type"), patient = grid_col(&g, "Patient");
        assert_true(g.rows > 5);
        for (size_t r = 1; r < g.rows; r++) {
            const char *t = grid_at(&g, r, type);
            if (!grid_at(&g, r, patient)[0])
                continue; /* the panel's rows below the table */
            if (strcmp(t, "new") != 0 && strcmp(t, "established") != 0 && t[0])
                fail_msg("%s row %zu: patient type '%s'", books[b], r + 1, t);
        }
        if (b == 1)
            assert_int_equal(strncmp(grid_at(&g, 1, patient), "PT-", 3), 0);
        grid_free(&g);
    }
}

/* The E&M rule's own table gives the level chart: one chart per provider
 * on the sheet, named after the provider (the writer reads the rule's
 * columns by the names in detail.h). */
static void test_em_chart_from_rule(void **state)
{
    (void)state;
    grid g;
    read_sheet(&g, plain, "E&amp;M");
    size_t prov = grid_col(&g, "Provider"), billed = grid_col(&g, "Billed code");
    char seen[8][64];
    size_t nseen = 0;
    for (size_t r = 1; r < g.rows; r++) {
        const char *p = grid_at(&g, r, prov);
        if (!p[0] || !grid_at(&g, r, billed)[0])
            continue;
        bool known = false;
        for (size_t i = 0; i < nseen && !known; i++)
            known = strcmp(seen[i], p) == 0;
        if (!known && nseen < 6)
            snprintf(seen[nseen++], sizeof(seen[0]), "%s", p);
    }
    assert_true(nseen >= 2);
    char *charts = xs_slurp("unzip -p '%s' 'xl/charts/*.xml'", plain);
    for (size_t i = 0; i < nseen; i++) {
        char title[96];
        snprintf(title, sizeof(title), "E/M levels: %s", seen[i]);
        if (!strstr(charts, title))
            fail_msg("no chart '%s'", title);
    }
    free(charts);
    grid_free(&g);
}

/* Units of code billed on the encounter, from the claims file. */
static int billed_units(const table *claims, const char *encounter, const char *code)
{
    int units = 0;
    for (size_t i = 0; i < claims->count; i++)
        if (strcmp(cell(claims, i, "encounter_id"), encounter) == 0 &&
            strcmp(cell(claims, i, "cpt"), code) == 0)
            units += cell(claims, i, "units")[0] ? atoi(cell(claims, i, "units")) : 1;
    return units;
}

/* Lesions & Repairs lists as billed only codes the encounter billed, and no
 * more units than it billed. */
static void test_lesion_billed_codes(void **state)
{
    (void)state;
    table claims;
    char path[128];
    snprintf(path, sizeof(path), "%s/practice/claims.csv", dir);
    table_read(&claims, path);
    grid g;
    read_sheet(&g, plain, "Lesions &amp; Repairs");
    size_t enc = grid_col(&g, "Encounter"), col = grid_col(&g, "Billed code");
    size_t checked = 0;
    for (size_t r = 1; r < g.rows; r++) {
        char list[256];
        snprintf(list, sizeof(list), "%s", grid_at(&g, r, col));
        for (char *item = strtok(list, ","); item; item = strtok(NULL, ",")) {
            while (*item == ' ')
                item++;
            int units = 1;
            char *x = strstr(item, " x");
            if (x) {
                units = atoi(x + 2);
                *x = '\0';
            }
            int have = billed_units(&claims, grid_at(&g, r, enc), item);
            if (have < units)
                fail_msg("%s: %s x%d listed as billed, %d billed", grid_at(&g, r, enc), item,
                         units, have);
            checked++;
        }
    }
    assert_true(checked > 20);
    grid_free(&g);
    table_free(&claims);
}

/* The payers' fee ratios leave drug lines out: the generator's Medicare
 * allows exactly the fee table's amount (with the multiple-procedure
 * reduction) on every procedure and visit line, so its ratio is 1.00;
 * counting its drug lines' allowed amounts against a fee table without
 * drugs gave 1.17 on this practice. */
static void test_payer_ratio_without_drugs(void **state)
{
    (void)state;
    grid g;
    read_sheet(&g, plain, "Payers");
    size_t payer = grid_col(&g, "Payer"), ratio = grid_col(&g, "Allowed / expected");
    bool found = false;
    for (size_t r = 1; r < g.rows; r++)
        if (strcmp(grid_at(&g, r, payer), "Medicare Part B") == 0) {
            assert_float_equal(strtod(grid_at(&g, r, ratio), NULL), 1.0, 0.005);
            found = true;
        }
    assert_true(found);
    grid_free(&g);
}

/* A Denials row is recoverable exactly when it shows an amount; a limit
 * from rules/filing.csv marked as a default gives no deadline (and no
 * "days left"), a sourced one cites its source and counts the days. */
static void test_denial_rows_agree(void **state)
{
    (void)state;
    grid g;
    read_sheet(&g, plain, "Denials");
    size_t rec = grid_col(&g, "Recoverable"), amount = grid_col(&g, "Recoverable amount");
    size_t type = grid_col(&g, "Payer type"), limit = grid_col(&g, "Filing limit");
    size_t deadline = grid_col(&g, "Filing deadline"), left = grid_col(&g, "Days left");
    size_t yes = 0, medicare = 0, commercial = 0;
    for (size_t r = 1; r < g.rows && grid_at(&g, r, 0)[0]; r++) {
        const char *answer = grid_at(&g, r, rec);
        bool has_amount = grid_at(&g, r, amount)[0] != '\0';
        if (strcmp(answer, "no") == 0) {
            if (has_amount)
                fail_msg("row %zu: not recoverable, with an amount", r + 1);
        } else {
            yes++;
            if (!has_amount)
                fail_msg("row %zu: recoverable (%s), with no amount", r + 1, answer);
        }
        if (strcmp(grid_at(&g, r, type), "medicare") == 0) {
            medicare++;
            assert_non_null(strstr(grid_at(&g, r, limit), "42 CFR 424.44"));
            assert_true(grid_at(&g, r, deadline)[0] && grid_at(&g, r, left)[0]);
        } else if (strcmp(grid_at(&g, r, type), "commercial") == 0) {
            commercial++;
            assert_int_equal(strncmp(grid_at(&g, r, limit), "default", 7), 0);
            assert_false(grid_at(&g, r, deadline)[0] || grid_at(&g, r, left)[0]);
        }
    }
    assert_true(yes > 0 && medicare > 0 && commercial > 0);
    grid_free(&g);
}

static void ignore_problem(void *ctx, unsigned long line, const char *reason)
{
    (void)ctx;
    (void)line;
    (void)reason;
}

/* Note text with every run of spaces, tabs and line breaks made one space,
 * as the evidence snippets fold them. */
static char *fold(const char *s)
{
    char *out = malloc(strlen(s) + 1);
    size_t o = 0;
    bool space = false;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t') {
            space = o > 0;
            continue;
        }
        if (space)
            out[o++] = ' ';
        space = false;
        out[o++] = *s;
    }
    out[o] = '\0';
    return out;
}

/* Every evidence snippet taken from a note stops at a sentence end or
 * between words: never inside a number ("pre-op 0.") or a word. */
static void test_evidence_cut_between_words(void **state)
{
    (void)state;
    table notes, found;
    char path[128];
    snprintf(path, sizeof(path), "%s/practice/notes.csv", dir);
    memset(&notes, 0, sizeof(notes));
    assert_int_equal(da_csv_read_file(path, NULL, table_row, ignore_problem, &notes), DA_OK);
    snprintf(path, sizeof(path), "%s/f.csv", dir);
    table_read(&found, path);
    size_t from_notes = 0;
    for (size_t i = 0; i < found.count; i++) {
        const char *ev = cell(&found, i, "evidence");
        size_t len = strlen(ev);
        for (size_t n = 0; n < notes.count && len; n++) {
            if (strcmp(cell(&notes, n, "encounter_id"), cell(&found, i, "encounter_id")) != 0)
                continue;
            char *text = fold(cell(&notes, n, "text"));
            char *at = strstr(text, ev);
            if (at) {
                from_notes++;
                char after = at[len], before = at > text ? at[-1] : ' ';
                if (isalnum((unsigned char)after) || isalnum((unsigned char)before))
                    fail_msg("evidence cut inside a word or number: '%s' (then '%c')", ev, after);
            }
            free(text);
            if (at)
                break;
        }
    }
    assert_true(from_notes > found.count / 2);
    table_free(&found);
    table_free(&notes);
}

/* Rows whose wrapped text needs more than one line are as tall as their
 * lines (Denials' next step, Findings' evidence), so no text runs over the
 * next row. */
static void test_wrapped_rows_tall_enough(void **state)
{
    (void)state;
    static const struct {
        const char *sheet, *column; /* a wrapped column */
        double chars;               /* its width in characters */
    } wrapped[] = {{"Denials", "Next step", 52}, {"Findings", "Evidence", 90}};
    for (size_t k = 0; k < 2; k++) {
        grid g;
        read_sheet(&g, plain, wrapped[k].sheet);
        size_t col = grid_col(&g, wrapped[k].column);
        size_t tall = 0;
        for (size_t r = 1; r < g.rows; r++) {
            size_t len = strlen(grid_at(&g, r, col));
            if (len <= wrapped[k].chars)
                continue;
            double lines = ceil((double)len / wrapped[k].chars);
            if (g.height[r] < 15 * lines)
                fail_msg("%s row %zu: %zu characters in %.0f points", wrapped[k].sheet, r + 1,
                         len, g.height[r]);
            tall++;
        }
        assert_true(tall > 0);
        grid_free(&g);
    }
}

/* The Summary chart names every category (Excel and LibreOffice skip every
 * other label of a tall axis unless told not to), and a pricing basis
 * longer than column A ("observed payment against the expected
 * multiple-procedure share", of the seed-3 practice's payment findings)
 * wraps in a row tall enough for it. */
static void test_summary_chart_and_labels(void **state)
{
    (void)state;
    char *chart = xs_slurp("unzip -p '%s' xl/charts/chart1.xml", plain);
    assert_non_null(strstr(chart, "Dollars by category"));
    assert_non_null(strstr(chart, "<c:tickLblSkip val=\"1\"/>"));
    free(chart);
    grid g;
    read_sheet(&g, masked, "Summary");
    size_t long_labels = 0;
    bool in_bases = false;
    for (size_t r = 0; r < g.rows; r++) {
        const char *a = grid_at(&g, r, 0);
        if (strcmp(a, "How the amounts were priced") == 0)
            in_bases = true;
        else if (in_bases && strlen(a) > 44 && grid_at(&g, r, 1)[0]) {
            long_labels++;
            assert_true(g.height[r] >= 30);
        }
    }
    assert_true(long_labels > 0);
    grid_free(&g);
}

/* The detail sheets show the rows with a finding first: on Lesions &
 * Repairs no row with an amount comes after one without. */
static void test_rows_with_findings_first(void **state)
{
    (void)state;
    grid g;
    read_sheet(&g, plain, "Lesions &amp; Repairs");
    size_t under = grid_col(&g, "Under ($)"), over = grid_col(&g, "Over ($)");
    size_t with = 0, without = 0;
    for (size_t r = 1; r < g.rows; r++) {
        bool hit = grid_at(&g, r, under)[0] || grid_at(&g, r, over)[0];
        if (hit && without)
            fail_msg("row %zu has a finding after %zu rows without", r + 1, without);
        with += hit;
        without += !hit;
    }
    assert_true(with > 0 && without > 0);
    grid_free(&g);
}

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/da_figures_XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(plain, sizeof(plain), "%s/u.xlsx", dir);
    snprintf(masked, sizeof(masked), "%s/m.xlsx", dir);
    char cmd[4096];
    snprintf(cmd, sizeof(cmd),
             "'%s/dermaudit-sample' --days 15 --out '%s/practice' >/dev/null 2>&1 && "
             "'%s/dermaudit' --claims '%s/practice/claims.csv' --notes '%s/practice/notes.csv' "
             "--out '%s' --findings '%s/f.csv' --created 2026-11-27T00:00:00Z 2>/dev/null && "
             "'%s/dermaudit-sample' --days 15 --seed 3 --out '%s/seed3' >/dev/null 2>&1 && "
             "'%s/dermaudit' --claims '%s/seed3/claims.csv' --notes '%s/seed3/notes.csv' "
             "--out '%s' --mask-phi --created 2026-11-27T00:00:00Z 2>/dev/null",
             BIN, dir, BIN, dir, dir, plain, dir, BIN, dir, BIN, dir, dir, masked);
    return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_em_patient_type),
        cmocka_unit_test(test_em_chart_from_rule),
        cmocka_unit_test(test_lesion_billed_codes),
        cmocka_unit_test(test_payer_ratio_without_drugs),
        cmocka_unit_test(test_denial_rows_agree),
        cmocka_unit_test(test_evidence_cut_between_words),
        cmocka_unit_test(test_wrapped_rows_tall_enough),
        cmocka_unit_test(test_summary_chart_and_labels),
        cmocka_unit_test(test_rows_with_findings_first),
    };
    return cmocka_run_group_tests_name("figures", tests, setup, teardown);
}
