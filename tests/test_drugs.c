/* test_drugs.c - the drug rule (rules/drugs.c) on hand-built encounters.
 *
 * Facts are given directly, as extraction would produce them, so each case
 * tests the rule alone. Every expectation is worked out by hand from
 * coding-rules.md section 8 and the Q1 2026 CMS payment limits: J3301
 * $0.741 per 10 mg, J3245 $123.785 per 1 mg, J2357 $45.499 per 5 mg, J1628
 * $72.937 per 1 mg; 96372 $15.36 in the 2026 fee table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "asp.h"
#include "drugrule.h"
#include "price.h"
#include "rule_fixture.h"

#define NOTE_TEXT "Procedure note. Medication given as documented. No complications."

static int drug(const fixture *f, const char *generic)
{
    int i = da_drug_find(f->rules.drugs, generic);
    if (i < 0)
        fail_msg("no drug %s in the table", generic);
    return i;
}

static int setup(void **state)
{
    return fx_setup(state);
}

static void note(fixture *f)
{
    fx_note_text(f, "", NOTE_TEXT);
}

/* A fact of the last note, its evidence at byte `at` of the note. */
static void fact(fixture *f, da_fact_kind kind, double value, int ref, size_t at)
{
    da_fact x = {.kind = kind, .lesion = 0, .value = value, .value2 = 0, .site = -1, .ref = ref,
                 .start = at, .end = at + 8};
    fx_add(f, &x);
}

/* A documented administration: drug, dose, route (and lesions for IL). */
static void given(fixture *f, const char *generic, double mg, da_route route, int lesions)
{
    if (f->data.nnotes == 0)
        note(f);
    fact(f, DA_FACT_DRUG, mg, drug(f, generic), 10);
    fact(f, DA_FACT_ROUTE, route, -1, 20);
    if (lesions)
        fact(f, DA_FACT_LESIONS_INJECTED, lesions, -1, 30);
}

static void run(fixture *f)
{
    fx_run(f, da_rule_drugs);
}

static const da_finding *expect(const fixture *f, size_t i, const char *rule, da_direction dir,
                                const char *billed, int billed_units, const char *expected,
                                int expected_units)
{
    assert_true(i < f->out.count);
    fx_expect(&f->out.items[i], "drug", rule, dir, billed, billed_units, expected, expected_units);
    return &f->out.items[i];
}

/* ---- worked unit examples ------------------------------------------------ */

static void test_units_worked_examples(void **state)
{
    fixture *f = *state;
    const da_drug *kenalog = da_drug_get(f->rules.drugs, drug(f, "triamcinolone acetonide"));
    const da_drug *ilumya = da_drug_get(f->rules.drugs, drug(f, "tildrakizumab"));
    const da_drug *xolair = da_drug_get(f->rules.drugs, drug(f, "omalizumab"));
    const da_drug *dupixent = da_drug_get(f->rules.drugs, drug(f, "dupilumab"));
    assert_string_equal(kenalog->hcpcs, "J3301");
    assert_int_equal(da_drug_units(kenalog, 40), 4);        /* Kenalog 40 mg -> J3301 x 4 */
    assert_int_equal(da_drug_units(kenalog, 0.4 * 10), 1);  /* 0.4 mL of 10 mg/mL = 4 mg -> 1 */
    assert_int_equal(da_drug_units(kenalog, 5), 1);         /* round up to the unit */
    assert_int_equal(da_drug_units(kenalog, 10), 1);
    assert_int_equal(da_drug_units(kenalog, 11), 2);
    assert_int_equal(da_drug_units(kenalog, 0.3 * 100), 3); /* 30.000000000000004 mg is 3 */
    assert_string_equal(ilumya->hcpcs, "J3245");
    assert_int_equal(da_drug_units(ilumya, 100), 100);      /* tildrakizumab 100 mg -> x100 */
    assert_string_equal(xolair->hcpcs, "J2357");
    assert_int_equal(da_drug_units(xolair, 150), 30);       /* omalizumab 150 mg -> x30 */
    assert_int_equal(da_drug_units(xolair, 300), 60);
    assert_string_equal(dupixent->hcpcs, "J3590");
    assert_int_equal(da_drug_units(dupixent, 300), 1);      /* unclassified: 1 unit */
    assert_int_equal(da_drug_units(kenalog, 0), 0);         /* no dose, no units */
}

/* ---- Kenalog -------------------------------------------------------------- */

static void test_ilk_billed_right(void **state)
{
    fixture *f = *state;
    f->payer = DA_PAYER_MEDICARE; /* multi-dose vial: no JZ needed */
    given(f, "triamcinolone acetonide", 40, DA_ROUTE_IL, 3);
    fx_bill(f, "11900", 1);
    fx_bill(f, "J3301", 4);
    run(f);
    assert_int_equal(f->out.count, 0);
    const da_detail *t = fx_table(f, "Drugs");
    assert_int_equal(t->nrows, 1);
}

static void test_ilk_units_under(void **state)
{
    fixture *f = *state;
    given(f, "triamcinolone acetonide", 40, DA_ROUTE_IL, 3);
    fx_bill(f, "11900", 1);
    fx_bill(f, "J3301", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    const da_finding *x = expect(f, 0, "DRUG-UNITS", DA_DIR_UNDER, "J3301", 1, "J3301", 4);
    assert_int_equal(x->amount, 222); /* 3 missing units x $0.741 = $2.223 */
    assert_int_equal(x->confidence, DA_CONF_HIGH);
}

static void test_volume_dose_one_unit(void **state)
{
    fixture *f = *state;
    given(f, "triamcinolone acetonide", 0.4 * 10, DA_ROUTE_IL, 1);
    fx_bill(f, "11900", 1);
    fx_bill(f, "J3301", 2);
    run(f);
    assert_int_equal(f->out.count, 1);
    const da_finding *x = expect(f, 0, "DRUG-UNITS", DA_DIR_OVER, "J3301", 2, "J3301", 1);
    assert_int_equal(x->amount, 74); /* one unit too many: $0.741 */
}

static void test_doses_of_separate_lesions_add_up(void **state)
{
    fixture *f = *state;
    note(f);
    /* Lesion 1: 10 mg stated twice (once in a summary); lesion 2: 15 mg. */
    da_fact a = {.kind = DA_FACT_DRUG, .lesion = 1, .value = 10,
                 .ref = drug(f, "triamcinolone acetonide"), .site = -1};
    da_facts_add(&f->facts[0], &a);
    da_facts_add(&f->facts[0], &a);
    a.lesion = 2;
    a.value = 15;
    da_facts_add(&f->facts[0], &a);
    fact(f, DA_FACT_LESIONS_INJECTED, 2, -1, 30);
    fx_bill(f, "11900", 1);
    fx_bill(f, "J3301", 3); /* 25 mg -> 3 units */
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_ilk_lesion_count_codes(void **state)
{
    fixture *f = *state;
    given(f, "triamcinolone acetonide", 20, DA_ROUTE_IL, 9);
    fx_bill(f, "11900", 1);
    fx_bill(f, "J3301", 2);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(f, 0, "DRUG-ADMIN-LESIONS", DA_DIR_UNDER, "11900", 1, "11901", 1);
}

static void test_ilk_seven_lesions_billed_as_more(void **state)
{
    fixture *f = *state;
    given(f, "triamcinolone acetonide", 20, DA_ROUTE_IL, 7);
    fx_bill(f, "11901", 1);
    fx_bill(f, "J3301", 2);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(f, 0, "DRUG-ADMIN-LESIONS", DA_DIR_OVER, "11901", 1, "11900", 1);
}

static void test_ilk_nothing_billed(void **state)
{
    fixture *f = *state;
    given(f, "triamcinolone acetonide", 20, DA_ROUTE_IL, 2);
    run(f);
    assert_int_equal(f->out.count, 2);
    const da_finding *x = expect(f, 0, "DRUG-NOT-BILLED", DA_DIR_UNDER, "", 0, "J3301", 2);
    assert_int_equal(x->amount, 148); /* 2 x $0.741 = 1.482 */
    assert_int_equal(x->confidence, DA_CONF_MEDIUM); /* buy and bill is the usual channel */
    expect(f, 1, "DRUG-ADMIN-MISSING", DA_DIR_UNDER, "", 0, "11900", 1);
}

/* ---- biologics ------------------------------------------------------------ */

static void test_tildrakizumab_one_unit(void **state)
{
    fixture *f = *state;
    given(f, "tildrakizumab", 100, DA_ROUTE_SC, 0);
    fx_bill(f, "96372", 1)->prior_auth = "PA123";
    fx_bill(f, "J3245", 1)->prior_auth = "PA123";
    run(f);
    assert_int_equal(f->out.count, 1);
    const da_finding *x = expect(f, 0, "DRUG-UNITS", DA_DIR_UNDER, "J3245", 1, "J3245", 100);
    assert_int_equal(x->amount, 1225472); /* 99 x $123.785 = $12,254.715 */
}

static void test_omalizumab_medicare_jz(void **state)
{
    fixture *f = *state;
    f->payer = DA_PAYER_MEDICARE;
    given(f, "omalizumab", 150, DA_ROUTE_SC, 0);
    fx_bill(f, "96372", 1);
    fx_mod(fx_bill(f, "J2357", 30), "JZ");
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_omalizumab_medicare_no_jz(void **state)
{
    fixture *f = *state;
    f->payer = DA_PAYER_MEDICARE;
    given(f, "omalizumab", 150, DA_ROUTE_SC, 0);
    fx_bill(f, "96372", 1);
    fx_bill(f, "J2357", 30);
    run(f);
    assert_int_equal(f->out.count, 1);
    const da_finding *x = expect(f, 0, "DRUG-JZ-JW", DA_DIR_GAP, "J2357", 30, "", 0);
    assert_int_equal(x->amount, 0);
}

/* A single-dose line the payer denied for its modifier (CO-4) is the
 * denial family's finding (a corrected claim with JZ): no second finding
 * here. A line denied for another reason (CO-16) still lacks its JZ. */
static void denied_omalizumab(fixture *f, const char *carcs)
{
    f->payer = DA_PAYER_MEDICARE;
    given(f, "omalizumab", 150, DA_ROUTE_SC, 0);
    fx_bill(f, "96372", 1);
    da_claim_line *c = fx_bill(f, "J2357", 30);
    c->status = DA_STATUS_DENIED;
    c->denial_codes = carcs;
    run(f);
}

static void test_modifier_denial_is_no_gap(void **state)
{
    fixture *f = *state;
    denied_omalizumab(f, "CO-4");
    assert_int_equal(f->out.count, 0);
}

static void test_other_denial_keeps_the_gap(void **state)
{
    fixture *f = *state;
    denied_omalizumab(f, "CO-16;CO-45");
    assert_int_equal(f->out.count, 1);
    expect(f, 0, "DRUG-JZ-JW", DA_DIR_GAP, "J2357", 30, "", 0);
}

static void test_waste_on_jw_line(void **state)
{
    fixture *f = *state;
    f->payer = DA_PAYER_MEDICARE;
    given(f, "omalizumab", 75, DA_ROUTE_SC, 0);
    fact(f, DA_FACT_DRUG_WASTE, 75, drug(f, "omalizumab"), 40);
    fx_bill(f, "96372", 1);
    fx_bill(f, "J2357", 15);
    fx_mod(fx_bill(f, "J2357", 15), "JW");
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_waste_not_billed(void **state)
{
    fixture *f = *state;
    f->payer = DA_PAYER_MEDICARE;
    given(f, "omalizumab", 75, DA_ROUTE_SC, 0);
    fact(f, DA_FACT_DRUG_WASTE, 75, drug(f, "omalizumab"), 40);
    fx_bill(f, "96372", 1);
    fx_bill(f, "J2357", 15);
    run(f);
    assert_int_equal(f->out.count, 2);
    const da_finding *x = expect(f, 0, "DRUG-WASTE", DA_DIR_UNDER, "", 0, "J2357", 15);
    assert_int_equal(x->amount, 68249); /* 15 x $45.499 = $682.485 */
    expect(f, 1, "DRUG-JZ-JW", DA_DIR_GAP, "J2357", 15, "", 0);
}

static void test_jw_without_documented_waste(void **state)
{
    fixture *f = *state;
    f->payer = DA_PAYER_MEDICARE;
    given(f, "tildrakizumab", 100, DA_ROUTE_SC, 0);
    fx_bill(f, "96372", 1);
    fx_bill(f, "J3245", 100);
    fx_mod(fx_bill(f, "J3245", 10), "JW");
    run(f);
    assert_int_equal(f->out.count, 1);
    const da_finding *x = expect(f, 0, "DRUG-WASTE", DA_DIR_OVER, "J3245", 10, "", 0);
    assert_int_equal(x->amount, 123785); /* 10 x $123.785 */
}

static void test_white_bagged_administration_only(void **state)
{
    fixture *f = *state;
    given(f, "tildrakizumab", 100, DA_ROUTE_SC, 0);
    fact(f, DA_FACT_DRUG_SOURCE, DA_SOURCE_SPECIALTY_PHARMACY, -1, 50);
    fx_bill(f, "96372", 1)->drug_source = DA_SOURCE_SPECIALTY_PHARMACY;
    run(f);
    assert_int_equal(f->out.count, 0);
    const da_detail *t = fx_table(f, "Drugs");
    assert_int_equal(t->nrows, 1);
    /* Drug, dose, channel, expected and billed units of the administration. */
    assert_string_equal(t->cells[5].text, "tildrakizumab");
    assert_string_equal(t->cells[7].text, "100");
    assert_string_equal(t->cells[11].text, "specialty pharmacy (note)");
    assert_true(t->cells[12].number == 100);
    assert_true(t->cells[13].number == 0);
}

static void test_brown_bagged_from_claim_field(void **state)
{
    fixture *f = *state;
    given(f, "omalizumab", 300, DA_ROUTE_SC, 0);
    fx_bill(f, "96372", 1)->drug_source = DA_SOURCE_PATIENT;
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_white_bagged_drug_billed(void **state)
{
    fixture *f = *state;
    given(f, "tildrakizumab", 100, DA_ROUTE_SC, 0);
    fact(f, DA_FACT_DRUG_SOURCE, DA_SOURCE_SPECIALTY_PHARMACY, -1, 50);
    fx_bill(f, "96372", 1)->prior_auth = "PA1";
    fx_bill(f, "J3245", 100)->drug_source = DA_SOURCE_BUY_AND_BILL;
    run(f);
    assert_int_equal(f->out.count, 1);
    const da_finding *x = expect(f, 0, "DRUG-SUPPLIED", DA_DIR_OVER, "J3245", 100, "", 0);
    assert_int_equal(x->amount, 1237850);
    assert_int_equal(x->confidence, DA_CONF_HIGH);
}

static void test_buy_and_bill_not_billed(void **state)
{
    fixture *f = *state;
    given(f, "tildrakizumab", 100, DA_ROUTE_SC, 0);
    fx_bill(f, "96372", 1)->drug_source = DA_SOURCE_BUY_AND_BILL;
    run(f);
    assert_int_equal(f->out.count, 1);
    const da_finding *x = expect(f, 0, "DRUG-NOT-BILLED", DA_DIR_UNDER, "", 0, "J3245", 100);
    assert_int_equal(x->amount, 1237850);
    assert_int_equal(x->confidence, DA_CONF_HIGH);
}

static void test_administration_missing(void **state)
{
    fixture *f = *state;
    f->payer = DA_PAYER_MEDICARE;
    given(f, "tildrakizumab", 100, DA_ROUTE_SC, 0);
    fx_mod(fx_bill(f, "J3245", 100), "JZ");
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(f, 0, "DRUG-ADMIN-MISSING", DA_DIR_UNDER, "", 0, "96372", 1);
}

static void test_sad_drug_billed_to_medicare(void **state)
{
    fixture *f = *state;
    f->payer = DA_PAYER_MEDICARE;
    given(f, "guselkumab", 100, DA_ROUTE_SC, 0);
    fx_bill(f, "96372", 1);
    fx_mod(fx_bill(f, "J1628", 100), "JZ");
    run(f);
    assert_int_equal(f->out.count, 1);
    const da_finding *x = expect(f, 0, "DRUG-SAD-MEDICARE", DA_DIR_OVER, "J1628", 100, "", 0);
    assert_int_equal(x->amount, 729370); /* 100 x $72.937 */
}

static void test_sad_drug_commercial_is_fine(void **state)
{
    fixture *f = *state;
    given(f, "guselkumab", 100, DA_ROUTE_SC, 0);
    fx_bill(f, "96372", 1);
    fx_bill(f, "J1628", 100)->prior_auth = "PA9";
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_sad_drug_given_to_medicare_patient_not_billed(void **state)
{
    fixture *f = *state;
    f->payer = DA_PAYER_MEDICARE;
    given(f, "guselkumab", 100, DA_ROUTE_SC, 0);
    fx_bill(f, "96372", 1);
    run(f);
    assert_int_equal(f->out.count, 0); /* Part D drug: not a Part B leak */
}

static void test_prior_auth_missing(void **state)
{
    fixture *f = *state;
    given(f, "omalizumab", 150, DA_ROUTE_SC, 0);
    fx_bill(f, "96372", 1);
    fx_bill(f, "J2357", 30);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(f, 0, "DRUG-PRIOR-AUTH", DA_DIR_GAP, "J2357", 30, "", 0);
}

static void test_medicaid_needs_auth_medicare_does_not(void **state)
{
    fixture *f = *state;
    f->payer = DA_PAYER_MEDICAID;
    given(f, "tildrakizumab", 100, DA_ROUTE_SC, 0);
    fx_bill(f, "96372", 1);
    fx_bill(f, "J3245", 100);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(f, 0, "DRUG-PRIOR-AUTH", DA_DIR_GAP, "J3245", 100, "", 0);
}

static void test_denied_with_authorization(void **state)
{
    fixture *f = *state;
    given(f, "omalizumab", 150, DA_ROUTE_SC, 0);
    fx_bill(f, "96372", 1)->prior_auth = "PA77";
    da_claim_line *c = fx_bill(f, "J2357", 30);
    c->prior_auth = "PA77";
    c->status = DA_STATUS_DENIED;
    c->denial_codes = "CO-197";
    run(f);
    assert_int_equal(f->out.count, 1);
    const da_finding *x = expect(f, 0, "DRUG-AUTH-DENIAL", DA_DIR_DENIAL, "J2357", 30, "", 0);
    assert_int_equal(x->amount, 136497); /* 30 x $45.499 */
    assert_int_equal(x->claim, 1);
}

static void test_denied_197_without_authorization_is_a_gap_only(void **state)
{
    fixture *f = *state;
    given(f, "omalizumab", 150, DA_ROUTE_SC, 0);
    fx_bill(f, "96372", 1);
    da_claim_line *c = fx_bill(f, "J2357", 30);
    c->status = DA_STATUS_DENIED;
    c->denial_codes = "CO-197";
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(f, 0, "DRUG-PRIOR-AUTH", DA_DIR_GAP, "J2357", 30, "", 0);
}

static void test_unclassified_code(void **state)
{
    fixture *f = *state;
    given(f, "dupilumab", 300, DA_ROUTE_SC, 0);
    fact(f, DA_FACT_DRUG_SOURCE, DA_SOURCE_BUY_AND_BILL, -1, 50);
    fx_bill(f, "96372", 1)->prior_auth = "PA5";
    fx_bill(f, "J3590", 300);
    run(f);
    assert_int_equal(f->out.count, 2);
    expect(f, 0, "DRUG-UNITS", DA_DIR_OVER, "J3590", 300, "J3590", 1);
    expect(f, 1, "DRUG-UNCLASSIFIED-NDC", DA_DIR_GAP, "J3590", 300, "", 0);
}

static void test_unclassified_code_right(void **state)
{
    fixture *f = *state;
    given(f, "dupilumab", 300, DA_ROUTE_SC, 0);
    fx_bill(f, "96372", 1)->prior_auth = "PA5";
    fx_bill(f, "J3590", 1)->ndc = "00024-5915-02";
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* ---- no drug, no finding ---------------------------------------------------- */

static void test_lidocaine_only_note(void **state)
{
    fixture *f = *state;
    /* An excision under 1% lidocaine: lidocaine is not in the drug table, so
     * extraction gives no drug fact; the note has a procedure and a size. */
    note(f);
    fact(f, DA_FACT_PROCEDURE, DA_PROC_EXCISION, -1, 5);
    fact(f, DA_FACT_SIZE, 1.2, -1, 15);
    fx_bill(f, "11402", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
    assert_null(da_details_find(&f->details, "Drugs"));
}

static void test_topical_mention_is_not_an_injection(void **state)
{
    fixture *f = *state;
    /* "triamcinolone 0.1% cream twice daily": the drug is named, no dose in
     * mg and no administration in the office. */
    note(f);
    fact(f, DA_FACT_DRUG, 0, drug(f, "triamcinolone acetonide"), 10);
    fx_bill(f, "99213", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* The drug amounts survive pricing; the administration code is priced from
 * the fee table. */
static void test_pricing_keeps_drug_amounts(void **state)
{
    fixture *f = *state;
    given(f, "tildrakizumab", 100, DA_ROUTE_SC, 0);
    fx_bill(f, "J3245", 1)->prior_auth = "PA1";
    run(f);
    assert_int_equal(f->out.count, 2);
    da_fee_table *fees = NULL;
    assert_int_equal(da_fees_load_default(&fees), DA_OK);
    da_price_encounter(&f->data, 0, fees, &f->out, 0);
    expect(f, 0, "DRUG-UNITS", DA_DIR_UNDER, "J3245", 1, "J3245", 100);
    assert_int_equal(f->out.items[0].amount, 1225472);
    expect(f, 1, "DRUG-ADMIN-MISSING", DA_DIR_UNDER, "", 0, "96372", 1);
    assert_int_equal(f->out.items[1].amount, 1536);
    da_fees_free(fees);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)
    const struct CMUnitTest tests[] = {
        T(test_units_worked_examples),
        T(test_ilk_billed_right),
        T(test_ilk_units_under),
        T(test_volume_dose_one_unit),
        T(test_doses_of_separate_lesions_add_up),
        T(test_ilk_lesion_count_codes),
        T(test_ilk_seven_lesions_billed_as_more),
        T(test_ilk_nothing_billed),
        T(test_tildrakizumab_one_unit),
        T(test_omalizumab_medicare_jz),
        T(test_omalizumab_medicare_no_jz),
        T(test_modifier_denial_is_no_gap),
        T(test_other_denial_keeps_the_gap),
        T(test_waste_on_jw_line),
        T(test_waste_not_billed),
        T(test_jw_without_documented_waste),
        T(test_white_bagged_administration_only),
        T(test_brown_bagged_from_claim_field),
        T(test_white_bagged_drug_billed),
        T(test_buy_and_bill_not_billed),
        T(test_administration_missing),
        T(test_sad_drug_billed_to_medicare),
        T(test_sad_drug_commercial_is_fine),
        T(test_sad_drug_given_to_medicare_patient_not_billed),
        T(test_prior_auth_missing),
        T(test_medicaid_needs_auth_medicare_does_not),
        T(test_denied_with_authorization),
        T(test_denied_197_without_authorization_is_a_gap_only),
        T(test_unclassified_code),
        T(test_unclassified_code_right),
        T(test_lidocaine_only_note),
        T(test_topical_mention_is_not_an_injection),
        T(test_pricing_keeps_drug_amounts),
    };
#undef T
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    return failed;
}
