/* test_real.c - the 31 real public dermatology transcriptions of
 * tests/data/real-notes (MTSamples, in the program's input format) against
 * a certified coder's reading of each (coder-reading.md), as
 * tests/data/real-notes/reading.csv states it row by row:
 *
 *   found         the finding names the code (its expected code, or the code
 *                 billed when it is an over-billing), with dollars;
 *   review        a review item of that rule names it, no dollars;
 *   agrees        the code billed is the coder's: no finding on that family;
 *   missed        in the rule families, not found: the reason says why (the
 *                 test fails when it is found, so the table is kept true);
 *   not_coded     the coder codes it only conditionally: no dollar finding;
 *   out_of_scope  outside the rule families: listed for completeness.
 *
 * And the other way: no finding with dollars that the reading does not
 * support (a found row of its note and code). Where the reading is a
 * judgement the reader does not share, the reason says so. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "csv_table.h"

#define SRC DA_SOURCE_DIR
#define BIN DA_BINARY_DIR
#define DATA SRC "/tests/data/real-notes"

/* The encounter of a note: the claims file keys the notes by patient and date. */
static void encounter_of(const char *note_id, char *out, size_t size)
{
    snprintf(out, size, "MTS-P%s|2026-10-01", note_id + 3);
}

static bool names(const table *f, size_t i, const char *code)
{
    const char *dir = cell(f, i, "direction");
    return strcmp(cell(f, i, "expected_code"), code) == 0 ||
           (strcmp(dir, "over") == 0 && strcmp(cell(f, i, "billed_code"), code) == 0);
}

static bool low(const table *f, size_t i)
{
    return strcmp(cell(f, i, "confidence"), "low") == 0;
}

static void test_against_the_coder(void **state)
{
    (void)state;
    char work[] = "/tmp/da-real-XXXXXX";
    assert_non_null(mkdtemp(work));
    char cmd[4096];
    snprintf(cmd, sizeof(cmd),
             "'%s/dermaudit' --claims '%s/claims.csv' --notes '%s/notes.csv' --out '%s/r.xlsx' "
             "--findings '%s/findings.csv' --created 2026-12-01T00:00:00Z >/dev/null",
             BIN, DATA, DATA, work, work);
    int status = system(cmd);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    table reading, found;
    table_read(&reading, DATA "/reading.csv");
    snprintf(cmd, sizeof(cmd), "%s/findings.csv", work);
    table_read(&found, cmd);

    int counts[6] = {0};
    static const char *const statuses[] = {"found", "review", "agrees", "missed", "not_coded",
                                           "out_of_scope"};
    for (size_t r = 0; r < reading.count; r++) {
        char enc[64];
        encounter_of(cell(&reading, r, "note_id"), enc, sizeof(enc));
        const char *code = cell(&reading, r, "code"), *st = cell(&reading, r, "status");
        int units = atoi(cell(&reading, r, "units"));
        int k = 0;
        while (k < 6 && strcmp(st, statuses[k]) != 0)
            k++;
        if (k == 6) {
            fail_msg("reading.csv row %zu: unknown status %s", r + 2, st);
            return;
        }
        counts[k]++;
        if (k >= 3 && !cell(&reading, r, "reason")[0])
            fail_msg("reading.csv row %zu: a %s row needs its reason", r + 2, st);
        int dollars = 0, reviews = 0, em = 0;
        for (size_t i = 0; i < found.count; i++) {
            if (strcmp(cell(&found, i, "encounter_id"), enc) != 0)
                continue;
            em += strcmp(cell(&found, i, "category"), "em") == 0;
            if (low(&found, i)) {
                reviews += strcmp(cell(&found, i, "rule"), cell(&reading, r, "rule")) == 0 &&
                           (names(&found, i, code) || !cell(&found, i, "expected_code")[0]);
                continue;
            }
            if (names(&found, i, code))
                dollars += atoi(cell(&found, i, "expected_units")) > 0
                               ? atoi(cell(&found, i, "expected_units"))
                               : atoi(cell(&found, i, "billed_units"));
        }
        if (k == 0 && dollars != units)
            fail_msg("%s %s: the coder's %d unit(s), %d found", enc, code, units, dollars);
        if (k == 1 && reviews == 0)
            fail_msg("%s %s: no %s review item", enc, code, cell(&reading, r, "rule"));
        if (k == 2 && em)
            fail_msg("%s %s: the billed level is the coder's, yet an E/M finding", enc, code);
        if ((k == 3 || k == 4) && dollars)
            fail_msg("%s %s is now found: update reading.csv", enc, code);
    }
    /* every dollar finding rests on a found row of its note and code */
    for (size_t i = 0; i < found.count; i++) {
        if (low(&found, i) || strtod(cell(&found, i, "amount"), NULL) == 0)
            continue;
        bool supported = false;
        for (size_t r = 0; r < reading.count && !supported; r++) {
            char enc[64];
            encounter_of(cell(&reading, r, "note_id"), enc, sizeof(enc));
            supported = strcmp(cell(&reading, r, "status"), "found") == 0 &&
                        strcmp(enc, cell(&found, i, "encounter_id")) == 0 &&
                        names(&found, i, cell(&reading, r, "code"));
        }
        if (!supported)
            fail_msg("%s %s %s: a dollar finding the coder's reading does not support",
                     cell(&found, i, "encounter_id"), cell(&found, i, "rule"),
                     cell(&found, i, "expected_code"));
    }
    printf("real notes: %zu coder codes: %d found, %d review items, %d agreed E/M levels, "
           "%d missed, %d conditional, %d outside the rule families\n",
           reading.count, counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
    table_free(&reading);
    table_free(&found);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", work);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_the_coder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
