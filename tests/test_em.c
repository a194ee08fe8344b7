/* test_em.c - office E/M level and G2211 (rules/em.c) on hand-built
 * encounters.
 *
 * The cases are the AAD/AADA vignettes of coding-rules.md 9.3, with the MDM
 * worked by the 2-of-3 rule of 9.1-9.2, and the 2024+ time thresholds
 * (15/30/45/60 new, 10/20/30/40 established). Facts are given as extraction
 * would produce them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "em.h"
#include "rule_fixture.h"

static void problem(fixture *f, da_problem_status status, da_diagnosis dx)
{
    fx_fact(f, DA_FACT_PROBLEM, 0, status, dx, -1);
}

static void only(fixture *f, const char *rule, da_direction dir, const char *billed, const char *expected)
{
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "em", rule, dir, billed, billed[0] ? 1 : 0, expected, expected[0] ? 1 : 0);
}

/* Typical SK, patient declines treatment: 1 minor problem, minimal data and
 * risk: straightforward, 99212. Billed 99212: nothing. */
static void test_sk_declines_straightforward(void **state)
{
    fixture *f = *state;
    fx_note(f, "progress");
    problem(f, DA_PROBLEM_NEW, DA_DX_SK);
    fx_claim(f, "99212", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    assert_int_equal(f->out.count, 0);
}

/* The same visit billed 99213: the note states nothing of low complexity,
 * but an over finding would rest on what the note does not say: a review
 * item, no dollars. */
static void test_sk_billed_low_is_over(void **state)
{
    fixture *f = *state;
    fx_note(f, "progress");
    problem(f, DA_PROBLEM_NEW, DA_DX_SK);
    fx_claim(f, "99213", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    only(f, "EM-LEVEL", DA_DIR_OVER, "99213", "99212");
    assert_int_equal(f->out.items[0].confidence, DA_CONF_LOW);
    assert_non_null(f->out.items[0].review);
}

/* With a total time of 12 minutes documented (an established visit reaches
 * 99212 at 10, 99213 at 20) the note itself says less than 99213: over. */
static void test_sk_billed_low_time_short_is_over(void **state)
{
    fixture *f = *state;
    fx_note(f, "progress");
    problem(f, DA_PROBLEM_NEW, DA_DX_SK);
    fx_fact(f, DA_FACT_TOTAL_TIME, 0, 12, 0, -1);
    fx_claim(f, "99213", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    only(f, "EM-LEVEL", DA_DIR_OVER, "99213", "99212");
    assert_int_equal(f->out.items[0].confidence, DA_CONF_MEDIUM);
}

/* New psoriasis diagnosis, no treatment wanted: 1 stable chronic illness
 * (low problems), minimal data and risk: 2 of 3 straightforward, 99202. */
static void test_new_psoriasis_no_treatment(void **state)
{
    fixture *f = *state;
    fx_note(f, "progress");
    problem(f, DA_PROBLEM_NEW, DA_DX_PSORIASIS);
    fx_claim(f, "99202", "", 1, DA_PAYER_COMMERCIAL);
    fx_run(f, da_rule_em);
    assert_int_equal(f->out.count, 0);
}

/* Acne from a chin strap, topical prescription: low problem + moderate risk
 * (Rx), minimal data: low, 99213. Billed 99212: under, high (both stated). */
static void test_acne_rx_low_under(void **state)
{
    fixture *f = *state;
    fx_note(f, "progress");
    problem(f, DA_PROBLEM_NEW, DA_DX_ACNE);
    fx_fact(f, DA_FACT_RX, 0, DA_RX_STARTED, 0, -1);
    fx_claim(f, "99212", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    only(f, "EM-LEVEL", DA_DIR_UNDER, "99212", "99213");
    assert_int_equal(f->out.items[0].confidence, DA_CONF_HIGH);
}

/* Psoriasis and acne, both stable, refills: 2 stable chronic (moderate) +
 * Rx (moderate): 99214. Billed 99213: under, high. */
static void test_two_stable_chronic_rx_moderate(void **state)
{
    fixture *f = *state;
    fx_note(f, "progress");
    problem(f, DA_PROBLEM_STABLE, DA_DX_PSORIASIS);
    problem(f, DA_PROBLEM_STABLE, DA_DX_ACNE);
    fx_fact(f, DA_FACT_RX, 0, DA_RX_CONTINUED, 0, -1);
    fx_claim(f, "99213", "", 1, DA_PAYER_COMMERCIAL);
    fx_run(f, da_rule_em);
    only(f, "EM-LEVEL", DA_DIR_UNDER, "99213", "99214");
    assert_int_equal(f->out.items[0].confidence, DA_CONF_HIGH);
}

/* Progressive AKs, PDT planned with antiviral prophylaxis (a prescription):
 * chronic illness with progression + Rx: moderate, 99214 billed: nothing. */
static void test_progressive_aks_moderate(void **state)
{
    fixture *f = *state;
    fx_note(f, "progress");
    problem(f, DA_PROBLEM_WORSENING, DA_DX_AK);
    fx_fact(f, DA_FACT_RX, 0, DA_RX_STARTED, 0, -1);
    fx_claim(f, "99214", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    assert_int_equal(f->out.count, 0);
}

/* AK field therapy finished, monitoring: stable chronic, nothing else:
 * straightforward, 99212; billed 99214: over 99214 -> 99212. */
static void test_ak_monitoring_over(void **state)
{
    fixture *f = *state;
    fx_note(f, "progress");
    problem(f, DA_PROBLEM_STABLE, DA_DX_AK);
    fx_claim(f, "99214", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    only(f, "EM-LEVEL", DA_DIR_OVER, "99214", "99212");
}

/* Data: 3 items (external note, result, order) make the data element
 * moderate; with a new uncertain problem (suspected melanoma) MDM is
 * moderate even with minimal risk: new patient 99204 billed 99203: under. */
static void test_data_and_uncertain_problem_moderate(void **state)
{
    fixture *f = *state;
    fx_note(f, "progress");
    problem(f, DA_PROBLEM_NEW, DA_DX_MELANOMA);
    fx_fact(f, DA_FACT_DATA, 0, DA_DATA_EXTERNAL_NOTE, 0, -1);
    fx_fact(f, DA_FACT_DATA, 0, DA_DATA_TEST_RESULT, 0, -1);
    fx_fact(f, DA_FACT_DATA, 0, DA_DATA_TEST_ORDERED, 0, -1);
    fx_claim(f, "99203", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    only(f, "EM-LEVEL", DA_DIR_UNDER, "99203", "99204");
}

/* Time: established 40 minutes reaches 99215 whatever the MDM: billed 99214
 * with a stable problem and 40 minutes: under 99215, high (time is stated). */
static void test_time_established_high(void **state)
{
    fixture *f = *state;
    fx_note(f, "progress");
    problem(f, DA_PROBLEM_STABLE, DA_DX_PSORIASIS);
    fx_fact(f, DA_FACT_TOTAL_TIME, 0, 40, 0, -1);
    fx_claim(f, "99214", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    only(f, "EM-LEVEL", DA_DIR_UNDER, "99214", "99215");
    assert_int_equal(f->out.items[0].confidence, DA_CONF_HIGH);
}

/* Time thresholds are "met or exceeded": 29 minutes established is 99213,
 * 30 is 99214; new 60 is 99205, 59 is 99204. */
static void test_time_thresholds(void **state)
{
    fixture *f = *state;
    fx_note(f, "progress");
    problem(f, DA_PROBLEM_UNSPECIFIED, DA_DX_SK);
    fx_fact(f, DA_FACT_TOTAL_TIME, 0, 29, 0, -1);
    fx_claim(f, "99213", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    assert_int_equal(f->out.count, 0);
    f->facts[0].items[1].value = 30;
    fx_run(f, da_rule_em);
    only(f, "EM-LEVEL", DA_DIR_UNDER, "99213", "99214");
    da_rule_input in = fx_input(f);
    da_em_assessment a;
    f->facts[0].items[1].value = 59;
    da_em_assess(&in, true, &a);
    assert_int_equal(a.by_time, DA_MDM_MODERATE);
    f->facts[0].items[1].value = 60;
    da_em_assess(&in, true, &a);
    assert_int_equal(a.by_time, DA_MDM_HIGH);
    f->facts[0].items[1].value = 14;
    da_em_assess(&in, true, &a);
    assert_int_equal(a.by_time, DA_MDM_NONE);
}

/* 99215 billed for a stable problem, 25 minutes: supported 99213 but the
 * fact vocabulary cannot see high-complexity elements: over, LOW confidence. */
static void test_high_level_over_is_low_confidence(void **state)
{
    fixture *f = *state;
    fx_note(f, "progress");
    problem(f, DA_PROBLEM_FLARE, DA_DX_PSORIASIS);
    fx_fact(f, DA_FACT_TOTAL_TIME, 0, 25, 0, -1);
    fx_claim(f, "99215", "", 1, DA_PAYER_COMMERCIAL);
    fx_run(f, da_rule_em);
    only(f, "EM-LEVEL", DA_DIR_OVER, "99215", "99213");
    assert_int_equal(f->out.items[0].confidence, DA_CONF_LOW);
}

/* A problem without a status is inferred from its diagnosis: 2 chronic
 * conditions with unstated status + Rx reach moderate, but only as a review
 * item (blind notes: every such finding was a level their coders kept). */
static void test_inferred_status_is_review(void **state)
{
    fixture *f = *state;
    fx_note(f, "progress");
    problem(f, DA_PROBLEM_UNSPECIFIED, DA_DX_ROSACEA);
    problem(f, DA_PROBLEM_UNSPECIFIED, DA_DX_ACNE);
    fx_fact(f, DA_FACT_RX, 0, DA_RX_CONTINUED, 0, -1);
    fx_claim(f, "99213", "", 1, DA_PAYER_COMMERCIAL);
    fx_run(f, da_rule_em);
    only(f, "EM-LEVEL", DA_DIR_UNDER, "99213", "99214");
    assert_int_equal(f->out.items[0].confidence, DA_CONF_LOW);
    assert_non_null(f->out.items[0].review);
}

/* One diagnosis stated twice ("acne is much better", "Acne vulgaris,
 * stable") is one stable chronic illness: with a refill, low MDM, the 99213
 * billed, no finding. */
static void test_one_diagnosis_one_problem(void **state)
{
    fixture *f = *state;
    fx_note(f, "progress");
    problem(f, DA_PROBLEM_IMPROVING, DA_DX_ACNE);
    problem(f, DA_PROBLEM_STABLE, DA_DX_ACNE);
    fx_fact(f, DA_FACT_RX, 0, DA_RX_CONTINUED, 0, -1);
    fx_claim(f, "99213", "", 1, DA_PAYER_COMMERCIAL);
    fx_run(f, da_rule_em);
    assert_int_equal(f->out.count, 0);
}

/* Procedure day: the AK decision is excluded, the separate rosacea visit is
 * stable chronic + Rx: low, 99213; billed 99214-25: over. Total time on a
 * procedure day (it includes the procedure) is not used. */
static void test_procedure_day_excludes_decision(void **state)
{
    fixture *f = *state;
    fx_note(f, "procedure");
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_DESTRUCTION, DA_DESTROY_CRYO, -1);
    fx_fact(f, DA_FACT_DIAGNOSIS, 0, DA_DX_AK, 0, -1);
    problem(f, DA_PROBLEM_WORSENING, DA_DX_AK);
    fx_fact(f, DA_FACT_TOTAL_TIME, 0, 45, 0, -1);
    fx_note(f, "progress");
    problem(f, DA_PROBLEM_STABLE, DA_DX_ROSACEA);
    fx_fact(f, DA_FACT_RX, 0, DA_RX_CONTINUED, 0, -1);
    fx_claim(f, "99214", "25", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "17000", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    only(f, "EM-LEVEL", DA_DIR_OVER, "99214", "99213");
}

/* 99211 has no MDM or time threshold: never compared. */
static void test_99211_not_compared(void **state)
{
    fixture *f = *state;
    fx_note(f, "progress");
    problem(f, DA_PROBLEM_STABLE, DA_DX_PSORIASIS);
    fx_claim(f, "99211", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    assert_int_equal(f->out.count, 0);
}

/* No E/M facts (extraction not there): nothing, and the sheet says so. */
static void test_no_facts_not_assessed(void **state)
{
    fixture *f = *state;
    fx_note(f, "progress");
    fx_claim(f, "99214", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    assert_int_equal(f->out.count, 0);
    const da_detail *t = fx_table(f, "E&M");
    assert_int_equal(t->nrows, 1);
    assert_string_equal(t->cells[8].text, "not assessed");
}

/* G2211 with a 25-modified E/M beside a biopsy: over (claims show it). */
static void test_g2211_with_25_on_procedure_day(void **state)
{
    fixture *f = *state;
    fx_claim(f, "99213", "25", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "G2211", "", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "11102", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    only(f, "EM-G2211-WITH-25", DA_DIR_OVER, "G2211", "");
}

/* G2211 on a visit without a procedure: nothing. */
static void test_g2211_without_procedure(void **state)
{
    fixture *f = *state;
    fx_claim(f, "99214", "", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "G2211", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    assert_int_equal(f->out.count, 0);
}

/* Medicare, atopic dermatitis flare managed with a prescription, no G2211:
 * under, medium (the longitudinal relationship is inferred). */
static void test_g2211_missing_for_medicare(void **state)
{
    fixture *f = *state;
    fx_note(f, "progress");
    problem(f, DA_PROBLEM_FLARE, DA_DX_ATOPIC_DERMATITIS);
    fx_fact(f, DA_FACT_RX, 0, DA_RX_CHANGED, 0, -1);
    fx_claim(f, "99214", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    only(f, "EM-G2211-MISSING", DA_DIR_UNDER, "", "G2211");
    assert_int_equal(f->out.items[0].confidence, DA_CONF_MEDIUM);
}

/* The same for a commercial payer (G2211 not in its table), or for acne
 * (not a serious or complex condition): nothing. */
static void test_g2211_not_expected(void **state)
{
    fixture *f = *state;
    fx_note(f, "progress");
    problem(f, DA_PROBLEM_FLARE, DA_DX_ATOPIC_DERMATITIS);
    fx_fact(f, DA_FACT_RX, 0, DA_RX_CHANGED, 0, -1);
    fx_claim(f, "99214", "", 1, DA_PAYER_COMMERCIAL);
    fx_run(f, da_rule_em);
    assert_int_equal(f->out.count, 0);
    f->facts[0].items[0].value2 = DA_DX_ACNE;
    fx_payer(&f->data.claims[0], DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    assert_int_equal(f->out.count, 0);
}


/* Sutures out a week after an excision with a 010-day global: the visit is
 * the surgery's aftercare, 99024 at no charge (the global surgical package),
 * and a 99213 billed for it is over-billing. */
static void test_postop_visit_inside_global(void **state)
{
    fixture *f = *state;
    fx_prior(f, "11602", 7);
    fx_note(f, "visit");
    fx_fact(f, DA_FACT_POSTOP, 0, 1, 0, -1);
    problem(f, DA_PROBLEM_IMPROVING, DA_DX_SCC);
    fx_claim(f, "99213", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    only(f, "EM-GLOBAL-POSTOP", DA_DIR_OVER, "99213", "99024");
}

/* Fifteen days after a 010-day global, or with modifier 24 (an unrelated
 * problem), or with a prescription started, it is a visit of its own. */
static void test_postop_visit_outside_global(void **state)
{
    fixture *f = *state;
    fx_prior(f, "11602", 15);
    fx_note(f, "visit");
    fx_fact(f, DA_FACT_POSTOP, 0, 1, 0, -1);
    problem(f, DA_PROBLEM_STABLE, DA_DX_SCC);
    fx_claim(f, "99212", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    for (size_t i = 0; i < f->out.count; i++)
        assert_string_not_equal(f->out.items[i].rule, "EM-GLOBAL-POSTOP");
}

static void test_postop_visit_with_24(void **state)
{
    fixture *f = *state;
    fx_prior(f, "14040", 30); /* 090-day global */
    fx_note(f, "visit");
    fx_fact(f, DA_FACT_POSTOP, 0, 1, 0, -1);
    problem(f, DA_PROBLEM_STABLE, DA_DX_SCC);
    fx_claim(f, "99212", "24", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    for (size_t i = 0; i < f->out.count; i++)
        assert_string_not_equal(f->out.items[i].rule, "EM-GLOBAL-POSTOP");
}

/* A biopsy day with no E/M billed; the visit note also manages acne that
 * is worse (chronic illness with exacerbation: moderate problems) with a
 * new prescription (moderate risk), no data: 2 of 3 moderate, 99214 for an
 * established patient, a separately identifiable E/M not billed. */
static void test_em_not_billed_on_procedure_day(void **state)
{
    fixture *f = *state;
    fx_note(f, "visit");
    fx_fact(f, DA_FACT_PATIENT, 0, DA_PATIENT_ESTABLISHED, 0, -1);
    fx_fact(f, DA_FACT_PROCEDURE, 1, DA_PROC_BIOPSY_TANGENTIAL, 0, -1);
    fx_fact(f, DA_FACT_DIAGNOSIS, 1, DA_DX_BCC, 0, -1);
    fx_fact(f, DA_FACT_PROBLEM, 2, DA_PROBLEM_WORSENING, DA_DX_ACNE, -1);
    fx_fact(f, DA_FACT_RX, 2, DA_RX_STARTED, 0, -1);
    fx_claim(f, "11102", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    only(f, "EM-NOT-BILLED", DA_DIR_UNDER, "", "99214");
}

/* The only problem is the lesion biopsied: the decision is the procedure's. */
static void test_em_not_billed_needs_separate_work(void **state)
{
    fixture *f = *state;
    fx_note(f, "visit");
    fx_fact(f, DA_FACT_PATIENT, 0, DA_PATIENT_ESTABLISHED, 0, -1);
    fx_fact(f, DA_FACT_PROCEDURE, 1, DA_PROC_BIOPSY_TANGENTIAL, 0, -1);
    fx_fact(f, DA_FACT_DIAGNOSIS, 1, DA_DX_BCC, 0, -1);
    fx_fact(f, DA_FACT_PROBLEM, 1, DA_PROBLEM_NEW, DA_DX_BCC, -1);
    fx_claim(f, "11102", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    assert_int_equal(f->out.count, 0);
}

/* Separate work, but the notes never say new or established: the code
 * cannot be named; a review item, no dollars. */
static void test_em_not_billed_patient_unknown_is_review(void **state)
{
    fixture *f = *state;
    fx_note(f, "visit");
    fx_fact(f, DA_FACT_PROCEDURE, 1, DA_PROC_BIOPSY_TANGENTIAL, 0, -1);
    fx_fact(f, DA_FACT_PROBLEM, 2, DA_PROBLEM_WORSENING, DA_DX_ACNE, -1);
    fx_fact(f, DA_FACT_RX, 2, DA_RX_STARTED, 0, -1);
    fx_claim(f, "11102", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_em);
    only(f, "EM-NOT-BILLED", DA_DIR_UNDER, "", "");
    assert_int_equal(f->out.items[0].confidence, DA_CONF_LOW);
    assert_non_null(f->out.items[0].review);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup_fees, fx_teardown)
        T(test_sk_declines_straightforward),
        T(test_sk_billed_low_is_over),
        T(test_sk_billed_low_time_short_is_over),
        T(test_new_psoriasis_no_treatment),
        T(test_acne_rx_low_under),
        T(test_two_stable_chronic_rx_moderate),
        T(test_progressive_aks_moderate),
        T(test_ak_monitoring_over),
        T(test_data_and_uncertain_problem_moderate),
        T(test_time_established_high),
        T(test_time_thresholds),
        T(test_high_level_over_is_low_confidence),
        T(test_inferred_status_is_review),
        T(test_one_diagnosis_one_problem),
        T(test_procedure_day_excludes_decision),
        T(test_99211_not_compared),
        T(test_no_facts_not_assessed),
        T(test_g2211_with_25_on_procedure_day),
        T(test_g2211_without_procedure),
        T(test_g2211_missing_for_medicare),
        T(test_g2211_not_expected),
        T(test_postop_visit_inside_global),
        T(test_postop_visit_outside_global),
        T(test_postop_visit_with_24),
        T(test_em_not_billed_on_procedure_day),
        T(test_em_not_billed_needs_separate_work),
        T(test_em_not_billed_patient_unknown_is_review),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
