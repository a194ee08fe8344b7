/* test_threads.c - the rule tables are loaded once, before the audit, and
 * several threads audit from the first encounter of their ranges.
 *
 * A small practice from the generator (20 days, about 800 encounters) is
 * audited first on 4 threads, in a fresh process where nothing but
 * da_rules_load (and the site table) has read a table, then on 1 thread:
 * every finding and detail cell must match. A table still loaded on first
 * use would be loaded by 4 threads at once on their first encounters.
 *
 * How this was checked to fail: with mohs.c given back its lazy loader
 * (the file-scope table of main at ad3f7b6, filled on the family's first
 * call), `valgrind --tool=helgrind --error-exitcode=9 test_threads` exits 9
 * with 10 race contexts (the loaded flag read in table_load by one audit
 * thread while another writes it; the codes read in mohs_compare while
 * being written), and with its row callback slowed by 20 ms the plain run
 * fails every time: two threads read the CSV into the same table at once
 * and the 4-thread audit stops with DA_ERR_FORMAT. With the tables of
 * da_rules_load, helgrind reports no race in the rule families.
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
#include "audit_same.h"
#include "import.h"
#include "sites.h"

#define BIN DA_BINARY_DIR

static char dir[64];       /* the generated practice */
static da_dataset data;    /* its claims and notes, grouped */
static da_fee_table *fees; /* the built-in fee table */
static da_rules tables;    /* every rule table, loaded once */

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/da_threads_XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "'%s/dermaudit-sample' --out '%s' --days 20 >/dev/null 2>&1", BIN,
             dir);
    char claims[128], notes[128];
    snprintf(claims, sizeof(claims), "%s/claims.csv", dir);
    snprintf(notes, sizeof(notes), "%s/notes.csv", dir);
    da_dataset_init(&data);
    da_import_result r;
    if (system(cmd) != 0 || da_fees_load_default(&fees) != DA_OK ||
        da_rules_load(&tables, NULL, NULL, NULL) != DA_OK ||
        da_import_claims(&data, claims, NULL, &r) != DA_OK ||
        da_import_notes(&data, notes, NULL, &r) != DA_OK)
        return -1;
    da_dataset_group(&data);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    int rc = system(cmd);
    da_fees_free(fees);
    da_rules_free(&tables);
    da_dataset_free(&data);
    return rc == 0 ? 0 : -1;
}

static void test_threads_from_the_first_encounter(void **state)
{
    (void)state;
    run four, one;
    audit_with(&data, fees, &tables, 4, &four);
    audit_with(&data, fees, &tables, 1, &one);
    /* Enough of the practice for every family to find something on each thread's range. */
    assert_true(data.nencounters >= 400);
    assert_true(one.found.count >= 100);
    assert_int_equal(one.stats.encounters_audited, data.nencounters);
    assert_same(&one, &four);
    run_free(&four);
    run_free(&one);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_from_the_first_encounter),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
