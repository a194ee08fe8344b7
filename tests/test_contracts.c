/* test_contracts.c - payer contracts (audit/contracts.c) and the underpayment
 * rule (rules/contracts.c), amounts worked out by hand from the built-in
 * 2026 fee table (99213 $95.19, 11400 $127.93, 11102 $95.53 non-facility). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "contracts.h"
#include "revenue.h"
#include "rule_fixture.h"

static const char CONTRACTS[] =
    "payer,code,modifier,allowed,percent_of_medicare,effective_from,effective_to\n"
    "BlueShield PPO,99213,,110.00,,2026-01-01,2026-12-31\n" /* line 2 */
    "BlueShield PPO,*,,,120,,\n"                            /* line 3: the payer's default */
    "BlueShield PPO,11102,59,80.00,,,\n"                    /* line 4: only with 59 */
    "Aetna Choice,99213,,,105%,,\n"                         /* line 5 */
    "Aetna Choice,17000,,abc,,,\n"                          /* line 6: bad amount */
    "Aetna Choice,1700,,10,,,\n"                            /* line 7: malformed code */
    ",99213,,10,,,\n"                                       /* line 8: no payer */
    "Aetna Choice,17000,,,,,\n";                            /* line 9: no terms */

static da_contracts table;

static int setup(void **state)
{
    da_contracts_init(&table);
    da_dq_log dq;
    da_dq_init(&dq);
    da_error err = da_contracts_load(&table, "contracts.csv", CONTRACTS, sizeof(CONTRACTS) - 1, &dq);
    da_dq_free(&dq);
    if (err != DA_OK || fx_setup_fees(state) != 0)
        return -1;
    ((fixture *)*state)->rules.contracts = &table;
    return 0;
}

static int teardown(void **state)
{
    da_contracts_free(&table);
    return fx_teardown(state);
}

static void test_load(void **state)
{
    (void)state;
    da_contracts t;
    da_contracts_init(&t);
    da_dq_log dq;
    da_dq_init(&dq);
    assert_int_equal(da_contracts_load(&t, "c.csv", CONTRACTS, sizeof(CONTRACTS) - 1, &dq), DA_OK);
    assert_int_equal(t.count, 4);
    assert_int_equal(t.rows[0].allowed, 11000);
    assert_int_equal(t.rows[0].from, da_date_from_ymd(2026, 1, 1));
    assert_string_equal(t.rows[1].code, "*");
    assert_int_equal(t.rows[1].allowed, DA_CENTS_NONE);
    assert_true(t.rows[1].percent == 120.0);
    assert_string_equal(t.rows[2].modifier, "59");
    assert_true(t.rows[3].percent == 105.0);
    static const unsigned long lines[] = {6, 7, 8, 9};
    static const char *const reasons[] = {"bad amount", "malformed code", "missing required field",
                                          "neither allowed nor percent_of_medicare"};
    assert_int_equal(dq.count, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(dq.items[i].line, lines[i]);
        assert_string_equal(dq.items[i].reason, reasons[i]);
        assert_int_equal(dq.items[i].action, DA_DQ_REJECTED);
    }
    /* No payer or code column: not a contracts file. */
    const char *bad = "name,price\nx,1\n";
    da_contracts u;
    da_contracts_init(&u);
    assert_int_equal(da_contracts_load(&u, "b.csv", bad, strlen(bad), &dq), DA_ERR_COLUMN);
    da_contracts_free(&u);
    da_dq_free(&dq);
    da_contracts_free(&t);
}

static da_claim_line *paid(fixture *f, const char *payer, const char *code, const char *mods,
                           da_cents allowed)
{
    da_claim_line *c = fx_claim(f, code, mods, 1, DA_PAYER_COMMERCIAL);
    c->payer = payer;
    c->dos = da_date_from_ymd(2026, 7, 1);
    fx_paid(c, allowed);
    return c;
}

/* 99213 allowed $95.00 where the contract says $110.00: $15.00 under. */
static void test_underpaid(void **state)
{
    fixture *f = *state;
    paid(f, "BlueShield PPO", "99213", "", 9500);
    fx_run(f, da_rule_contracts);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "payment", "PAY-CONTRACT-UNDER", DA_DIR_UNDER, "99213", 1, "99213", 1);
    assert_int_equal(f->out.items[0].amount, 1500);
    assert_true(f->out.items[0].priced_by_rule);
    assert_non_null(strstr(f->out.items[0].evidence, "line 2"));
}

/* Allowed at the contract, or a cent short (rounding): nothing. */
static void test_paid_at_contract(void **state)
{
    fixture *f = *state;
    paid(f, "BlueShield PPO", "99213", "", 11000);
    paid(f, "blueshield ppo", "99213", "", 10999);
    fx_run(f, da_rule_contracts);
    assert_int_equal(f->out.count, 0);
}

/* The payer's default row, 120% of Medicare: 11400 due 127.93 x 1.2 = $153.52 (rounded to the
 * cent), allowed $140.00: $13.52 under. 11102-59 on the same date is a secondary procedure
 * (95.53 < 127.93) under its own row: $80.00 halved, allowed $40.00: nothing. */
static void test_percent_of_medicare(void **state)
{
    fixture *f = *state;
    paid(f, "BlueShield PPO", "11400", "", 14000);
    paid(f, "BlueShield PPO", "11102", "59", 4000);
    fx_run(f, da_rule_contracts);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "payment", "PAY-CONTRACT-UNDER", DA_DIR_UNDER, "11400", 1, "11400", 1);
    assert_int_equal(f->out.items[0].amount, 1352);
    assert_non_null(strstr(f->out.items[0].evidence, "120% of Medicare"));
}

/* 105% of Medicare written "105%": 99213 due 95.19 x 1.05 = $99.95, allowed $90.00: $9.95. */
static void test_percent_sign(void **state)
{
    fixture *f = *state;
    paid(f, "Aetna Choice", "99213", "", 9000);
    fx_run(f, da_rule_contracts);
    assert_int_equal(f->out.count, 1);
    assert_int_equal(f->out.items[0].amount, 995);
}

/* A payer with no contract, a denied line, a date past the row's end (the default row
 * then: 95.19 x 1.2 = $114.23, allowed $114.23): nothing. */
static void test_no_contract(void **state)
{
    fixture *f = *state;
    paid(f, "State Medicaid", "99213", "", 1000);
    da_claim_line *d = paid(f, "BlueShield PPO", "99213", "", 0);
    d->status = DA_STATUS_DENIED;
    da_claim_line *late = paid(f, "BlueShield PPO", "99213", "", 11423);
    late->dos = da_date_from_ymd(2027, 1, 4);
    fx_run(f, da_rule_contracts);
    assert_int_equal(f->out.count, 0);
    assert_false(da_contracts_has_payer(&table, "State Medicaid"));
    assert_true(da_contracts_has_payer(&table, "BLUESHIELD PPO"));
}

/* The Payers sheet's expected amount: the contract for a payer that has one. */
static void test_payer_stats(void **state)
{
    fixture *f = *state;
    paid(f, "BlueShield PPO", "99213", "", 9500);
    paid(f, "State Medicaid", "99213", "", 5000);
    da_rule_input in = fx_input(f);
    (void)in;
    da_payer_row *rows;
    size_t n;
    da_payer_stats_build(&f->data, f->fees, f->rules.contracts, &rows, &n);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].payer, "BlueShield PPO");
    assert_true(rows[0].contract);
    assert_int_equal(rows[0].expected, 11000);
    assert_false(rows[1].contract);
    assert_int_equal(rows[1].expected, 9519);
    free(rows);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load),
        T(test_underpaid),
        T(test_paid_at_contract),
        T(test_percent_of_medicare),
        T(test_percent_sign),
        T(test_no_contract),
        T(test_payer_stats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
