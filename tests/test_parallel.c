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
#include "audit_same.h"
#include "import.h"

/* The rule tables, loaded with the fee table. */
static da_rules tables;

#define SAMPLE DA_SOURCE_DIR "/sample-data"

static da_dataset data;
static da_fee_table *fees;

static int setup(void **state)
{
    (void)state;
    da_dataset_init(&data);
    da_import_result r;
    if (da_rules_load(&tables, NULL, NULL, NULL) != DA_OK ||
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
    da_rules_free(&tables);
    da_dataset_free(&data);
    return 0;
}

static void test_threads_give_the_same_audit(void **state)
{
    (void)state;
    run one, two, three;
    audit_with(&data, fees, &tables, 1, &one);
    /* The sample's planted Mohs issues make findings and detail rows. */
    assert_true(one.found.count >= 100);
    assert_true(one.details.count >= 1);
    assert_int_equal(one.stats.encounters_audited, data.nencounters);
    audit_with(&data, fees, &tables, 2, &two);
    assert_same(&one, &two);
    audit_with(&data, fees, &tables, 3, &three);
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
