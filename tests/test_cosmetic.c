/* test_cosmetic.c - the cosmetic rule (rules/cosmetic.c) on hand-built
 * encounters.
 *
 * Every expectation is worked out by hand from coding-rules.md section 10:
 * a benign removal is covered with a documented indication and a matching
 * diagnosis; without one, billing an insurer is over-billing (commercial) or
 * a gap (Medicare without GA/GX/GY); with one, L82.1 for an inflamed SK,
 * GY/GX or self pay of an insured patient is a leak, and a CO-50/CO-96
 * denial is recoverable.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "rule_fixture.h"

static void run(fixture *f)
{
    fx_run(f, da_rule_cosmetic);
}

static void expect(const da_finding *x, const char *rule, da_direction dir, const char *billed,
                   int billed_units, const char *expected, int expected_units)
{
    fx_expect(x, "cosmetic", rule, dir, billed, billed_units, expected, expected_units);
}

/* A shave removal note of a benign lesion (dx), with a necessity sign
 * (0 = none) and cosmetic intent or not. */
static void shave_note(fixture *f, da_diagnosis dx, int necessity, bool cosmetic)
{
    fx_note(f, "");
    fx_fact(f, DA_FACT_DIAGNOSIS, 0, dx, 0, -1);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_SHAVE, 0, -1);
    if (necessity)
        fx_fact(f, DA_FACT_NECESSITY, 0, necessity, 0, -1);
    if (cosmetic)
        fx_fact(f, DA_FACT_COSMETIC, 0, 1, 0, -1);
}

/* A removal line with its diagnosis, paid $100 unless denied after. */
static da_claim_line *removal(fixture *f, const char *code, const char *icd, da_payer_type payer)
{
    da_claim_line *c = fx_payer(fx_bill(f, code, 1), payer);
    fx_icd(f, c, icd);
    return fx_paid(c, 10000);
}

static void deny(da_claim_line *c, const char *carc)
{
    c->status = DA_STATUS_DENIED;
    c->allowed = c->paid = 0;
    c->denial_codes = carc;
}

/* --- covered and correctly billed: no finding --------------------------------- */

static void test_documented_necessity_right_diagnosis(void **state)
{
    fixture *f = *state;
    shave_note(f, DA_DX_NEVUS, DA_NEED_BLEEDING, false);
    removal(f, "11301", "D225", DA_PAYER_COMMERCIAL);
    run(f);
    assert_int_equal(f->out.count, 0);
    assert_string_equal(fx_cell(f, "Cosmetic", 0, 9)->text, "nevus");
    assert_string_equal(fx_cell(f, "Cosmetic", 0, 12)->text, "no");
    assert_string_not_equal(fx_cell(f, "Cosmetic", 0, 11)->text, "none documented");
}

static void test_inflamed_sk_with_l820_medicare(void **state)
{
    fixture *f = *state;
    shave_note(f, DA_DX_SK_INFLAMED, 0, false); /* "irritated seborrheic keratosis" */
    removal(f, "11300", "L820", DA_PAYER_MEDICARE);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_painful_cyst_excision(void **state)
{
    fixture *f = *state;
    fx_note(f, "");
    fx_fact(f, DA_FACT_DIAGNOSIS, 0, DA_DX_CYST, 0, -1);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_EXCISION, 0, -1);
    fx_fact(f, DA_FACT_NECESSITY, 0, DA_NEED_PAIN, 0, -1);
    removal(f, "11403", "L720", DA_PAYER_MEDICAID);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_cosmetic_self_pay(void **state)
{
    fixture *f = *state;
    shave_note(f, DA_DX_SK, 0, true);
    removal(f, "11300", "L821", DA_PAYER_SELF);
    run(f);
    assert_int_equal(f->out.count, 0);
    assert_string_equal(fx_cell(f, "Cosmetic", 0, 11)->text, "none documented");
    assert_string_equal(fx_cell(f, "Cosmetic", 0, 12)->text, "yes");
}

static void test_cosmetic_not_billed(void **state)
{
    fixture *f = *state;
    shave_note(f, DA_DX_SK, 0, true);
    run(f);
    assert_int_equal(f->out.count, 0);
    assert_string_equal(fx_cell(f, "Cosmetic", 0, 13)->text, "not billed");
}

static void test_medicare_cosmetic_with_ga_or_gy(void **state)
{
    fixture *f = *state;
    shave_note(f, DA_DX_SKIN_TAG, 0, true);
    fx_mod(removal(f, "11200", "L918", DA_PAYER_MEDICARE), "GA");
    fx_mod(removal(f, "11300", "L821", DA_PAYER_MEDICARE), "GY");
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_not_a_benign_removal(void **state)
{
    fixture *f = *state;
    shave_note(f, DA_DX_SK, 0, true);
    removal(f, "17000", "L570", DA_PAYER_COMMERCIAL); /* AK destruction: premalignant */
    removal(f, "11102", "L821", DA_PAYER_COMMERCIAL); /* a biopsy, not a removal */
    removal(f, "11301", "D492", DA_PAYER_COMMERCIAL); /* uncertain behaviour */
    run(f);
    assert_int_equal(f->out.count, 0);
    /* The documented shave has no removal line: one "not billed" row, no row per line. */
    assert_int_equal(fx_table(f, "Cosmetic")->nrows, 1);
    assert_string_equal(fx_cell(f, "Cosmetic", 0, 13)->text, "not billed");
}

static void test_removal_not_in_the_notes_is_not_judged(void **state)
{
    fixture *f = *state;
    fx_note(f, ""); /* an office-visit note: no removal documented */
    fx_fact(f, DA_FACT_DIAGNOSIS, 0, DA_DX_SK, 0, -1);
    removal(f, "11300", "L821", DA_PAYER_COMMERCIAL);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* --- no necessity, billed to an insurer ---------------------------------------- */

static void test_commercial_cosmetic_is_over(void **state)
{
    fixture *f = *state;
    shave_note(f, DA_DX_SK, 0, true);
    removal(f, "11301", "L821", DA_PAYER_COMMERCIAL);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "COSM-NO-NECESSITY", DA_DIR_OVER, "11301", 1, "", 0);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_HIGH);
    assert_string_equal(fx_cell(f, "Cosmetic", 0, 14)->text, "COSM-NO-NECESSITY");
}

static void test_no_necessity_stated_is_medium(void **state)
{
    fixture *f = *state;
    shave_note(f, DA_DX_NEVUS, 0, false);
    removal(f, "11301", "D225", DA_PAYER_MEDICAID);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "COSM-NO-NECESSITY", DA_DIR_OVER, "11301", 1, "", 0);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_MEDIUM);
}

/* Warts destroyed with no indication the reading weighs: not judged; the
 * same destruction the note calls cosmetic is. */
static void test_wart_without_indication_is_not_judged(void **state)
{
    fixture *f = *state;
    shave_note(f, DA_DX_WART, 0, false);
    removal(f, "11300", "B078", DA_PAYER_MEDICAID);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_wart_called_cosmetic_is_judged(void **state)
{
    fixture *f = *state;
    shave_note(f, DA_DX_WART, 0, true);
    removal(f, "11300", "B078", DA_PAYER_MEDICAID);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "COSM-NO-NECESSITY", DA_DIR_OVER, "11300", 1, "", 0);
}

static void test_medicare_cosmetic_without_modifier_is_gap(void **state)
{
    fixture *f = *state;
    shave_note(f, DA_DX_SK, 0, true);
    removal(f, "11300", "L821", DA_PAYER_MEDICARE);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "COSM-NO-NECESSITY", DA_DIR_GAP, "11300", 1, "", 0);
}

static void test_cosmetic_already_denied(void **state)
{
    fixture *f = *state;
    shave_note(f, DA_DX_SK, 0, true);
    deny(removal(f, "11300", "L821", DA_PAYER_COMMERCIAL), "CO-96");
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* --- necessity documented, billed as if cosmetic ---------------------------------- */

static void test_inflamed_sk_billed_l821(void **state)
{
    fixture *f = *state;
    shave_note(f, DA_DX_SK, DA_NEED_INFLAMED, false);
    deny(removal(f, "11301", "L821", DA_PAYER_MEDICARE), "CO-50");
    run(f);
    assert_int_equal(f->out.count, 1);
    /* denied: a recoverable denial, the fix the diagnosis L82.0 */
    expect(&f->out.items[0], "COSM-COSMETIC-DX", DA_DIR_DENIAL, "11301", 1, "11301", 1);
}

/* Billed with L82.1 and not paid, but not denied (still pending): the leak
 * itself, not a denial to work. */
static void test_inflamed_sk_unpaid_not_denied(void **state)
{
    fixture *f = *state;
    shave_note(f, DA_DX_SK, DA_NEED_INFLAMED, false);
    da_claim_line *c = removal(f, "11301", "L821", DA_PAYER_MEDICARE);
    c->status = DA_STATUS_PENDING;
    c->paid = DA_CENTS_NONE;
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "COSM-COSMETIC-DX", DA_DIR_UNDER, "11301", 1, "11301", 1);
}

static void test_l821_paid_is_no_leak(void **state)
{
    fixture *f = *state;
    shave_note(f, DA_DX_SK, DA_NEED_IRRITATED, false);
    removal(f, "11301", "L821", DA_PAYER_COMMERCIAL);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_necessity_with_gy(void **state)
{
    fixture *f = *state;
    shave_note(f, DA_DX_NEVUS, DA_NEED_CHANGE, false);
    da_claim_line *c = removal(f, "11306", "D224", DA_PAYER_MEDICARE);
    fx_mod(c, "GY");
    deny(c, "PR-96");
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "COSM-LIABILITY-MODIFIER", DA_DIR_DENIAL, "11306", 1, "11306", 1);
}

static void test_necessity_self_pay_insured_patient(void **state)
{
    fixture *f = *state;
    fx_line(f, "99213", 1, false); /* the patient's insurer on another visit */
    shave_note(f, DA_DX_SK, DA_NEED_BLEEDING, false);
    removal(f, "11300", "L820", DA_PAYER_SELF);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "COSM-SELF-PAY", DA_DIR_UNDER, "11300", 1, "11300", 1);
}

static void test_necessity_self_pay_uninsured_patient(void **state)
{
    fixture *f = *state;
    fx_payer(fx_line(f, "99213", 1, false), DA_PAYER_SELF);
    shave_note(f, DA_DX_SK, DA_NEED_BLEEDING, false);
    removal(f, "11300", "L820", DA_PAYER_SELF);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* --- denials ------------------------------------------------------------------ */

static void test_co50_on_documented_necessity(void **state)
{
    fixture *f = *state;
    shave_note(f, DA_DX_SKIN_TAG, DA_NEED_TRAUMA, false);
    deny(removal(f, "11200", "L918", DA_PAYER_COMMERCIAL), "CO-50;CO-16");
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "COSM-DENIAL-APPEAL", DA_DIR_DENIAL, "11200", 1, "11200", 1);
}

static void test_co96_on_documented_necessity(void **state)
{
    fixture *f = *state;
    shave_note(f, DA_DX_WART, DA_NEED_PAIN, false);
    deny(removal(f, "17110", "B078", DA_PAYER_MEDICAID), "CO-96");
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "COSM-DENIAL-APPEAL", DA_DIR_DENIAL, "17110", 1, "17110", 1);
}

static void test_other_denial_is_not_this_rule(void **state)
{
    fixture *f = *state;
    shave_note(f, DA_DX_NEVUS, DA_NEED_BLEEDING, false);
    deny(removal(f, "11301", "D225", DA_PAYER_COMMERCIAL), "CO-197;CO-500");
    run(f);
    assert_int_equal(f->out.count, 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
    const struct CMUnitTest tests[] = {
        T(test_documented_necessity_right_diagnosis),
        T(test_inflamed_sk_with_l820_medicare),
        T(test_painful_cyst_excision),
        T(test_cosmetic_self_pay),
        T(test_cosmetic_not_billed),
        T(test_medicare_cosmetic_with_ga_or_gy),
        T(test_not_a_benign_removal),
        T(test_removal_not_in_the_notes_is_not_judged),
        T(test_commercial_cosmetic_is_over),
        T(test_no_necessity_stated_is_medium),
        T(test_wart_without_indication_is_not_judged),
        T(test_wart_called_cosmetic_is_judged),
        T(test_medicare_cosmetic_without_modifier_is_gap),
        T(test_cosmetic_already_denied),
        T(test_inflamed_sk_billed_l821),
        T(test_inflamed_sk_unpaid_not_denied),
        T(test_l821_paid_is_no_leak),
        T(test_necessity_with_gy),
        T(test_necessity_self_pay_insured_patient),
        T(test_necessity_self_pay_uninsured_patient),
        T(test_co50_on_documented_necessity),
        T(test_co96_on_documented_necessity),
        T(test_other_denial_is_not_this_rule),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
