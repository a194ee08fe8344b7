/* test_modifiers.c - multiple procedures and modifiers (rules/modifiers.c)
 * on hand-built encounters.
 *
 * The MPPR cases are the worked example of coding-rules.md 12.1 (2025
 * national non-facility amounts), to the cent; the others use the built-in
 * 2026 table. Every bullet of the rule has a positive and a "no finding"
 * case; each expectation is worked by hand in the comment beside it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "price.h"
#include "rule_fixture.h"

/* 2025 NF amounts, MULT PROC and global period from coding-rules.md section 12. */
static const char FEES_2025[] = "code,nonfacility,facility,mult_proc,global_days\n"
                                "99214,125.18,93.80,0,XXX\n"
                                "12051,272.68,164.97,2,010\n"
                                "11642,260.39,177.26,2,010\n"
                                "11102,95.75,36.23,2,000\n"
                                "11103,47.87,21.03,0,ZZZ\n"
                                "17000,66.31,53.70,2,010\n"
                                "17003,6.47,1.94,0,ZZZ\n";

/* The 12.1 claim, Medicare, each line allowed at its share of the example. */
static da_claim_line *example_12_1(fixture *f, da_cents allowed_11642, da_cents allowed_12051,
                                   da_cents allowed_11103)
{
    fx_fees(f, FEES_2025);
    fx_paid(fx_claim(f, "99214", "25", 1, DA_PAYER_MEDICARE), 12518);
    fx_paid(fx_claim(f, "12051", "", 1, DA_PAYER_MEDICARE), allowed_12051);
    da_claim_line *excision = fx_claim(f, "11642", "", 1, DA_PAYER_MEDICARE);
    fx_paid(excision, allowed_11642);
    fx_paid(fx_claim(f, "11102", "XS", 1, DA_PAYER_MEDICARE), 4788);
    fx_paid(fx_claim(f, "11103", "", 2, DA_PAYER_MEDICARE), allowed_11103);
    fx_paid(fx_claim(f, "17000", "XS", 1, DA_PAYER_MEDICARE), 3316);
    fx_paid(fx_claim(f, "17003", "", 6, DA_PAYER_MEDICARE), 3882);
    return excision;
}

static const da_detail *sheet(fixture *f)
{
    return fx_table(f, "Modifiers");
}

static const da_cell *cell(const da_detail *t, size_t row, const char *column)
{
    for (size_t c = 0; c < t->ncolumns; c++)
        if (strcmp(t->columns[c].name, column) == 0)
            return &t->cells[row * t->ncolumns + c];
    fail_msg("no column %s", column);
    return NULL;
}

static size_t row_of(const da_detail *t, const char *code)
{
    for (size_t r = 0; r < t->nrows; r++)
        if (strcmp(cell(t, r, "Code")->text, code) == 0)
            return r;
    fail_msg("no row for %s", code);
    return 0;
}

/* 12.1 paid exactly as the example: ranks 12051, 11642, 11102, 17000; add-ons
 * and the E/M in full; per line $272.68, $130.20, $47.88, $33.16; the set's
 * total $743.65 (the exact shares sum to 743.645). No finding. */
static void test_mppr_worked_example_to_the_cent(void **state)
{
    fixture *f = *state;
    example_12_1(f, 13020, 27268, 9574);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 0);
    const da_detail *t = sheet(f);
    assert_int_equal(t->nrows, 7);
    struct { const char *code, *rank, *pct; da_cents expected; } rows[] = {
        {"12051", "1", "100%", 27268}, {"11642", "2", "50%", 13020}, {"11102", "3", "50%", 4788},
        {"17000", "4", "50%", 3316},   {"11103", "", "100%", 9574},  {"17003", "", "100%", 3882},
        {"99214", "", "100%", 12518},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        size_t r = row_of(t, rows[i].code);
        assert_string_equal(cell(t, r, "Rank")->text, rows[i].rank);
        assert_string_equal(cell(t, r, "Expected %")->text, rows[i].pct);
        assert_int_equal(cell(t, r, "Expected ($)")->money, rows[i].expected);
        assert_string_equal(cell(t, r, "Paid %")->text, rows[i].pct);
        assert_int_equal(cell(t, r, "Difference ($)")->money, 0);
    }
    da_price_item items[] = {{"99214", 1}, {"12051", 1}, {"11642", 1}, {"11102", 1},
                             {"11103", 2}, {"17000", 1}, {"17003", 6}};
    assert_int_equal(da_price_set_total(f->fees, items, 7), 74365);
}

/* 11642 (rank 2) paid its full $260.39: $130.195 too much, $130.20. */
static void test_mppr_secondary_paid_in_full(void **state)
{
    fixture *f = *state;
    example_12_1(f, 26039, 27268, 9574);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "payment", "MPPR-SECONDARY-FULL", DA_DIR_OVER, "11642", 1, "11642", 1);
    assert_int_equal(f->out.items[0].amount, 13020);
    assert_string_equal(cell(sheet(f), row_of(sheet(f), "11642"), "Paid %")->text, "100%");
}

/* 12051 (rank 1) paid at 50% ($136.34): $136.34 short. */
static void test_mppr_primary_reduced_in_error(void **state)
{
    fixture *f = *state;
    example_12_1(f, 13020, 13634, 9574);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "payment", "MPPR-REDUCED-IN-ERROR", DA_DIR_UNDER, "12051", 1, "12051", 1);
    assert_int_equal(f->out.items[0].amount, 13634);
}

/* 11103 x2 (add-on) paid at 50% ($47.87 of $95.74): $47.87 short. */
static void test_mppr_addon_reduced_in_error(void **state)
{
    fixture *f = *state;
    example_12_1(f, 13020, 27268, 4787);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "payment", "MPPR-REDUCED-IN-ERROR", DA_DIR_UNDER, "11103", 2, "11103", 2);
    assert_int_equal(f->out.items[0].amount, 4787);
}

/* Mohs is reduced (MULT PROC 2): 14000 ($667.35) outranks 17313 ($626.27),
 * so 17313 at 50% ($313.14) is right; the 17314 add-on is paid in full. */
static void test_mppr_mohs_is_reduced(void **state)
{
    fixture *f = *state;
    fx_paid(fx_claim(f, "17313", "", 1, DA_PAYER_MEDICARE), 31314);
    fx_paid(fx_claim(f, "17314", "", 1, DA_PAYER_MEDICARE), 38545);
    fx_paid(fx_claim(f, "14000", "", 1, DA_PAYER_MEDICARE), 66735);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 0);
    assert_string_equal(cell(sheet(f), row_of(sheet(f), "17313"), "Rank")->text, "2");
}

/* The same with 17313 paid in full: over by $313.14 (626.27 - 313.135). */
static void test_mppr_mohs_secondary_paid_in_full(void **state)
{
    fixture *f = *state;
    fx_paid(fx_claim(f, "17313", "", 1, DA_PAYER_MEDICARE), 62627);
    fx_paid(fx_claim(f, "17314", "", 1, DA_PAYER_MEDICARE), 38545);
    fx_paid(fx_claim(f, "14000", "", 1, DA_PAYER_MEDICARE), 66735);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "payment", "MPPR-SECONDARY-FULL", DA_DIR_OVER, "17313", 1, "17313", 1);
    assert_int_equal(f->out.items[0].amount, 31314);
}

/* 17004 (MULT PROC 0) with a biopsy: never reduced, so 50% on it is an error;
 * the biopsy alone is the only indicator-2 line, so there is no ranking:
 * with a single reduced procedure nothing is compared. 11102 + 11104 makes
 * two, with 17004 paid at 50% ($81.17 of $162.33): $162.33 - $81.17 = $81.16 short. */
static void test_mppr_17004_never_reduced(void **state)
{
    fixture *f = *state;
    fx_paid(fx_claim(f, "11104", "", 1, DA_PAYER_MEDICARE), 12125);
    fx_paid(fx_claim(f, "11102", "", 1, DA_PAYER_MEDICARE), 4777);
    fx_paid(fx_claim(f, "17004", "", 1, DA_PAYER_MEDICARE), 8117);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "payment", "MPPR-REDUCED-IN-ERROR", DA_DIR_UNDER, "17004", 1, "17004", 1);
    assert_int_equal(f->out.items[0].amount, 8116);
}

/* A commercial payer at 125% of Medicare follows the same shares: no finding. */
static void test_mppr_payer_rate_scaled(void **state)
{
    fixture *f = *state;
    fx_paid(fx_claim(f, "11104", "", 1, DA_PAYER_COMMERCIAL), 15156); /* 121.25 x 1.25 */
    fx_paid(fx_claim(f, "11102", "51", 1, DA_PAYER_COMMERCIAL), 5971); /* 95.53 / 2 x 1.25 */
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 0);
    assert_string_equal(cell(sheet(f), row_of(sheet(f), "11102"), "Paid %")->text, "50%");
}

/* Self pay: no payer reduction to check. Denied lines are not compared. */
static void test_mppr_self_pay_and_denied_not_checked(void **state)
{
    fixture *f = *state;
    fx_paid(fx_claim(f, "11104", "", 1, DA_PAYER_SELF), 12125);
    fx_paid(fx_claim(f, "11102", "", 1, DA_PAYER_SELF), 9553);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 0);
}

/* Another family found a missing 12051 ($282.91): the corrected set ranks it
 * first, so the billed 11642 drops to 50% after corrections. */
static void test_mppr_reranks_after_missing_code(void **state)
{
    fixture *f = *state;
    fx_paid(fx_claim(f, "11642", "", 1, DA_PAYER_MEDICARE), 26687);
    fx_paid(fx_claim(f, "11102", "XS", 1, DA_PAYER_MEDICARE), 4777);
    da_finding *x = da_findings_push(&f->out);
    x->category = "repair";
    x->rule = "TEST";
    x->direction = DA_DIR_UNDER;
    strcpy(x->expected_code, "12051");
    x->expected_units = 1;
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 1); /* only the other family's finding */
    const da_detail *t = sheet(f);
    assert_int_equal(t->nrows, 3);
    assert_string_equal(cell(t, row_of(t, "11642"), "Expected %")->text, "100%");
    assert_string_equal(cell(t, row_of(t, "11642"), "Expected % after corrections")->text, "50%");
    assert_string_equal(cell(t, row_of(t, "12051"), "Line")->text, "added");
    assert_string_equal(cell(t, row_of(t, "12051"), "Expected % after corrections")->text, "100%");
}

/* A commercial payer whose row in rules/payers.csv asks for 51 (the sample's
 * BlueShield PPO): the secondary 11102 needs it. */
static void test_51_missing_for_commercial(void **state)
{
    fixture *f = *state;
    fx_paid(fx_claim(f, "11104", "", 1, DA_PAYER_COMMERCIAL), 15156)->payer = "BlueShield PPO";
    fx_paid(fx_claim(f, "11102", "", 1, DA_PAYER_COMMERCIAL), 5971)->payer = "BlueShield PPO";
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "modifier", "MOD-51-MISSING", DA_DIR_GAP, "11102", 1, "11102", 1);
}

/* A commercial payer the table does not name: whether it wants 51 is not
 * known (coding-rules.md 7.1 has it from memory), so no finding. */
static void test_51_unknown_commercial_payer(void **state)
{
    fixture *f = *state;
    fx_paid(fx_claim(f, "11104", "", 1, DA_PAYER_COMMERCIAL), 15156)->payer = "Aetna PPO";
    fx_paid(fx_claim(f, "11102", "", 1, DA_PAYER_COMMERCIAL), 5971)->payer = "Aetna PPO";
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 0);
}

/* Medicare: 51 is informational; none missing. */
static void test_51_not_needed_for_medicare(void **state)
{
    fixture *f = *state;
    fx_paid(fx_claim(f, "11104", "", 1, DA_PAYER_MEDICARE), 12125);
    fx_paid(fx_claim(f, "11102", "", 1, DA_PAYER_MEDICARE), 4777);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 0);
}

/* 51 on an add-on (11105) and on the 51-exempt 17004: both flagged; 51 on
 * the secondary 11102 is right. */
static void test_51_never_on_addon_or_exempt(void **state)
{
    fixture *f = *state;
    fx_paid(fx_claim(f, "11104", "", 1, DA_PAYER_COMMERCIAL), 15156);
    fx_paid(fx_claim(f, "11105", "51", 1, DA_PAYER_COMMERCIAL), 7558);
    fx_paid(fx_claim(f, "11102", "51", 1, DA_PAYER_COMMERCIAL), 5971);
    fx_paid(fx_claim(f, "17004", "51", 1, DA_PAYER_COMMERCIAL), 20291);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 2);
    fx_expect(&f->out.items[0], "modifier", "MOD-51-NOT-ALLOWED", DA_DIR_GAP, "11105", 1, "11105", 1);
    fx_expect(&f->out.items[1], "modifier", "MOD-51-NOT-ALLOWED", DA_DIR_GAP, "17004", 1, "17004", 1);
}

/* 59 with XS on one line; 59 on an E/M. 59 alone on a biopsy is fine. */
static void test_59_with_x_and_on_em(void **state)
{
    fixture *f = *state;
    fx_claim(f, "99213", "59", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "11102", "59 XS", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "11104", "59", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 2);
    fx_expect(&f->out.items[0], "modifier", "MOD-59-ON-EM", DA_DIR_GAP, "99213", 1, "99213", 1);
    fx_expect(&f->out.items[1], "modifier", "MOD-59-X-SAME-LINE", DA_DIR_GAP, "11102", 1, "11102", 1);
}

/* A note with two lesions: the destruction on lesion 1, the other procedure on lesion 2. */
static void two_lesions(fixture *f, da_procedure first, da_procedure second, bool same)
{
    fx_note(f, "procedure");
    fx_fact(f, DA_FACT_PROCEDURE, 1, first, 0, -1);
    fx_fact(f, DA_FACT_PROCEDURE, same ? 1 : 2, second, 0, -1);
}

/* The same pair, the excision already denied CO-236: the denial family
 * recovers it with the same modifier; no gap besides. */
static void test_59_missing_already_denied(void **state)
{
    fixture *f = *state;
    two_lesions(f, DA_PROC_DESTRUCTION, DA_PROC_EXCISION, false);
    fx_claim(f, "17110", "", 1, DA_PAYER_MEDICARE);
    da_claim_line *x = fx_claim(f, "11400", "", 1, DA_PAYER_MEDICARE);
    x->status = DA_STATUS_DENIED;
    x->denial_codes = "CO-236";
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 0);
}

/* 17110 + 11400 on different lesions without 59/XS: gap on 11400. */
static void test_59_missing_17110_11400(void **state)
{
    fixture *f = *state;
    two_lesions(f, DA_PROC_DESTRUCTION, DA_PROC_EXCISION, false);
    fx_claim(f, "17110", "", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "11400", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "modifier", "MOD-59-MISSING", DA_DIR_GAP, "11400", 1, "11400", 1);
}

/* The same with XS on 11400: no finding. */
static void test_59_present_17110_11400(void **state)
{
    fixture *f = *state;
    two_lesions(f, DA_PROC_DESTRUCTION, DA_PROC_EXCISION, false);
    fx_claim(f, "17110", "", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "11400", "XS", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 0);
}

/* AK destruction on the face, biopsy of a separate trunk lesion (the HMSA
 * example): without XS the biopsy is a gap; with XS on 17000 nothing. Sites
 * tell the lesions apart in a note not split into lesions. */
static void test_59_destruction_and_biopsy_by_site(void **state)
{
    fixture *f = *state;
    fx_note(f, "procedure");
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_DESTRUCTION, DA_DESTROY_CRYO, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, 0, 3);
    fx_note(f, "procedure");
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_BIOPSY_TANGENTIAL, 0, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, 0, 7);
    fx_claim(f, "17000", "", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "11102", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "modifier", "MOD-59-MISSING", DA_DIR_GAP, "11102", 1, "11102", 1);
    da_findings_free(&f->out);
    da_findings_init(&f->out);
    fx_mod(&f->data.claims[0], "XS");
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 0);
}

/* Without procedure facts the lesions cannot be told apart: no finding. */
static void test_59_pair_without_facts_is_silent(void **state)
{
    fixture *f = *state;
    fx_claim(f, "11602", "", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "11104", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 0);
}

/* Biopsy and excision of the same lesion: the biopsy is over-billed. */
static void test_biopsy_and_excision_same_lesion(void **state)
{
    fixture *f = *state;
    two_lesions(f, DA_PROC_EXCISION, DA_PROC_BIOPSY_PUNCH, true);
    fx_claim(f, "11602", "", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "11104", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "modifier", "PAIR-SAME-LESION", DA_DIR_OVER, "11104", 1, "", 0);
}

/* Biopsy and excision of different lesions with 59 on the biopsy: nothing. */
static void test_biopsy_and_excision_distinct_with_59(void **state)
{
    fixture *f = *state;
    two_lesions(f, DA_PROC_EXCISION, DA_PROC_BIOPSY_PUNCH, false);
    fx_claim(f, "11602", "", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "11104", "59", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 0);
}

/* 17004 with 17000, the lesion family having already taken 17000 back
 * ("17 AKs: 17004 alone"): the line is reported once. */
static void test_exclusive_pair_reported_once(void **state)
{
    fixture *f = *state;
    fx_claim(f, "17004", "", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "17000", "", 1, DA_PAYER_MEDICARE);
    da_finding *earlier = da_findings_push(&f->out);
    earlier->category = "lesion";
    earlier->rule = "LESION-AK-17004";
    earlier->direction = DA_DIR_OVER;
    earlier->encounter = 0;
    earlier->claim = 1; /* the 17000 line */
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 1);
}

/* 17004 with 17000 and 17003; 17111 with 17110. */
static void test_exclusive_pairs(void **state)
{
    fixture *f = *state;
    fx_claim(f, "17004", "", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "17000", "", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "17003", "", 3, DA_PAYER_MEDICARE);
    fx_claim(f, "17111", "", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "17110", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 3);
    fx_expect(&f->out.items[0], "modifier", "PAIR-EXCLUSIVE", DA_DIR_OVER, "17000", 1, "", 0);
    fx_expect(&f->out.items[1], "modifier", "PAIR-EXCLUSIVE", DA_DIR_OVER, "17003", 3, "", 0);
    fx_expect(&f->out.items[2], "modifier", "PAIR-EXCLUSIVE", DA_DIR_OVER, "17110", 1, "", 0);
}

/* 17004 alone, 17000 + 17003, 17110 alone: nothing. */
static void test_exclusive_pairs_absent(void **state)
{
    fixture *f = *state;
    fx_claim(f, "17000", "", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "17003", "", 3, DA_PAYER_MEDICARE);
    fx_claim(f, "17110", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 0);
}

/* 17003 without 17000; G2211 without an E/M; 11105 with only a tangential base (11102):
 * a punch add-on's own code range holds add-ons, which are never its primary. */
static void test_addon_without_primary(void **state)
{
    fixture *f = *state;
    fx_claim(f, "17003", "", 4, DA_PAYER_MEDICARE);
    fx_claim(f, "G2211", "", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "11102", "", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "11105", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 3);
    fx_expect(&f->out.items[0], "modifier", "PAIR-ADDON-WITHOUT-PRIMARY", DA_DIR_GAP, "17003", 4, "17003", 4);
    fx_expect(&f->out.items[1], "modifier", "PAIR-ADDON-WITHOUT-PRIMARY", DA_DIR_GAP, "G2211", 1, "G2211", 1);
    fx_expect(&f->out.items[2], "modifier", "PAIR-ADDON-WITHOUT-PRIMARY", DA_DIR_GAP, "11105", 1, "11105", 1);
}

/* 11103 with a punch base (11104) is allowed; 17312 with 17311. */
static void test_addon_with_primary(void **state)
{
    fixture *f = *state;
    fx_claim(f, "11104", "", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "11103", "", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "17311", "", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "17312", "", 2, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_modifiers);
    assert_int_equal(f->out.count, 0);
}

/* A procedure note (AK destruction) and a progress note with a separate
 * problem (stable rosacea, prescription continued). */
static void separate_problem(fixture *f)
{
    fx_note(f, "procedure");
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_DESTRUCTION, DA_DESTROY_CRYO, -1);
    fx_fact(f, DA_FACT_DIAGNOSIS, 0, DA_DX_AK, 0, -1);
    fx_fact(f, DA_FACT_PROBLEM, 0, DA_PROBLEM_UNSPECIFIED, DA_DX_AK, -1);
    fx_note(f, "progress");
    fx_fact(f, DA_FACT_PROBLEM, 0, DA_PROBLEM_STABLE, DA_DX_ROSACEA, -1);
    fx_fact(f, DA_FACT_RX, 0, DA_RX_CONTINUED, 0, -1);
}

/* E/M denied CO-4 without 25 beside 17000, separate problem documented: a
 * recoverable denial (a corrected claim with 25), the note its evidence. */
static void test_25_missing_denied_is_recoverable(void **state)
{
    fixture *f = *state;
    separate_problem(f);
    da_claim_line *em = fx_claim(f, "99213", "", 1, DA_PAYER_MEDICARE);
    em->status = DA_STATUS_DENIED;
    em->allowed = em->paid = 0;
    em->denial_codes = "CO-4";
    fx_claim(f, "17000", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_modifier_25);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "denial", "DENIAL-CO4", DA_DIR_DENIAL, "99213", 1, "99213", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_HIGH);
}

/* Denied for another reason (no CO-4) and unpaid: the missing 25 is the
 * leak, the E/M the note supports the money a corrected claim recovers. */
static void test_25_missing_unpaid_is_leak(void **state)
{
    fixture *f = *state;
    separate_problem(f);
    da_claim_line *em = fx_claim(f, "99213", "", 1, DA_PAYER_MEDICARE);
    em->status = DA_STATUS_DENIED;
    em->allowed = em->paid = 0;
    em->denial_codes = "CO-97";
    fx_claim(f, "17000", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_modifier_25);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "modifier", "MOD-25-MISSING", DA_DIR_UNDER, "", 0, "99213", 1);
}

/* The CO-4 families in pipeline order (rules/families.c): modifier 25, denials, E/M, modifiers. */
static da_error co4_families(const da_rule_input *in, da_finding_list *out)
{
    da_error err = da_rule_modifier_25(in, out);
    if (err == DA_OK)
        err = da_rule_denials(in, out);
    if (err == DA_OK)
        err = da_rule_em(in, out);
    if (err == DA_OK)
        err = da_rule_modifiers(in, out);
    return err;
}

/* The same CO-4 E/M through the whole pipeline: reported once, as the
 * recoverable denial with the note's evidence (the denial family leaves a
 * line another family recovers). */
static void test_25_missing_denied_reported_once(void **state)
{
    fixture *f = *state;
    separate_problem(f);
    da_claim_line *em = fx_claim(f, "99213", "", 1, DA_PAYER_MEDICARE);
    em->status = DA_STATUS_DENIED;
    em->allowed = em->paid = 0;
    em->denial_codes = "CO-4";
    fx_paid(fx_claim(f, "17000", "", 1, DA_PAYER_MEDICARE), 6647);
    fx_run(f, co4_families);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "denial", "DENIAL-CO4", DA_DIR_DENIAL, "99213", 1, "99213", 1);
}

/* The same E/M paid anyway: a gap (the payer may recoup it). */
static void test_25_missing_paid_is_gap(void **state)
{
    fixture *f = *state;
    separate_problem(f);
    fx_paid(fx_claim(f, "99213", "", 1, DA_PAYER_MEDICARE), 9519);
    fx_paid(fx_claim(f, "17000", "", 1, DA_PAYER_MEDICARE), 6647);
    fx_run(f, da_rule_modifier_25);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "modifier", "MOD-25-MISSING", DA_DIR_GAP, "99213", 1, "99213", 1);
}

/* With 25 and the separate problem: nothing. */
static void test_25_present_and_supported(void **state)
{
    fixture *f = *state;
    separate_problem(f);
    fx_claim(f, "99213", "25", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "17000", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_modifier_25);
    assert_int_equal(f->out.count, 0);
}

/* 25 where the notes hold only the procedure decision (the AK problem is the
 * lesion treated): over, the E/M should not be billed. */
static void test_25_only_procedure_decision(void **state)
{
    fixture *f = *state;
    fx_note(f, "procedure");
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_DESTRUCTION, DA_DESTROY_CRYO, -1);
    fx_fact(f, DA_FACT_DIAGNOSIS, 0, DA_DX_AK, 0, -1);
    fx_fact(f, DA_FACT_PROBLEM, 0, DA_PROBLEM_WORSENING, DA_DX_AK, -1);
    fx_claim(f, "99213", "25", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "17000", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_modifier_25);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "modifier", "MOD-25-UNSUPPORTED", DA_DIR_OVER, "99213", 1, "", 0);
}

/* No E/M facts extracted from a visit note: nothing can be said about 25. */
static void test_25_without_em_facts_is_silent(void **state)
{
    fixture *f = *state;
    fx_note(f, "visit");
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_DESTRUCTION, DA_DESTROY_CRYO, -1);
    fx_claim(f, "99213", "25", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "17000", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_modifier_25);
    assert_int_equal(f->out.count, 0);
}

/* The only note is the procedure's own and gives no E/M element: no visit
 * is documented, 25 is unsupported (an op note alone carries no E/M). */
static void test_25_op_note_only(void **state)
{
    fixture *f = *state;
    fx_note(f, "procedure");
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_DESTRUCTION, DA_DESTROY_CRYO, -1);
    fx_claim(f, "99213", "25", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "17000", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_modifier_25);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "modifier", "MOD-25-UNSUPPORTED", DA_DIR_OVER, "99213", 1, "", 0);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_MEDIUM);
}

/* No E/M element read, but the note says the visit was for the procedure
 * alone ("He presents today for the procedure. He has no new complaints."),
 * in an op note that quotes the biopsy result: 25 is unsupported. */
static void test_25_procedure_alone_stated(void **state)
{
    fixture *f = *state;
    fx_note(f, "op");
    fx_fact(f, DA_FACT_PATH_DIAGNOSIS, 0, DA_DX_BCC, 0, -1); /* "biopsy proven BCC" */
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_EXCISION, 0, -1);
    fx_fact(f, DA_FACT_SEPARATE_EM, 0, 2, 0, -1);
    fx_claim(f, "99213", "25", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "11602", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_modifier_25);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "modifier", "MOD-25-UNSUPPORTED", DA_DIR_OVER, "99213", 1, "", 0);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_MEDIUM);
}

/* Decision for a flap (14040, 090 global) billed with 25: 57 is the modifier. */
static void test_57_for_major_decision(void **state)
{
    fixture *f = *state;
    fx_note(f, "procedure");
    fx_fact(f, DA_FACT_FLAP, 0, DA_FLAP_ROTATION, 0, -1);
    fx_fact(f, DA_FACT_DIAGNOSIS, 0, DA_DX_BCC, 0, -1);
    fx_fact(f, DA_FACT_PROBLEM, 0, DA_PROBLEM_NEW, DA_DX_BCC, -1);
    fx_claim(f, "99214", "25", 1, DA_PAYER_MEDICARE);
    fx_claim(f, "14040", "", 1, DA_PAYER_MEDICARE);
    fx_run(f, da_rule_modifier_25);
    assert_int_equal(f->out.count, 1);
    fx_expect(&f->out.items[0], "modifier", "MOD-57-DECISION", DA_DIR_GAP, "99214", 1, "99214", 1);
    da_findings_free(&f->out);
    da_findings_init(&f->out);
    memcpy(f->data.claims[0].modifiers[0], "57", 3);
    fx_run(f, da_rule_modifier_25);
    assert_int_equal(f->out.count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup_fees, fx_teardown)
        T(test_mppr_worked_example_to_the_cent),
        T(test_mppr_secondary_paid_in_full),
        T(test_mppr_primary_reduced_in_error),
        T(test_mppr_addon_reduced_in_error),
        T(test_mppr_mohs_is_reduced),
        T(test_mppr_mohs_secondary_paid_in_full),
        T(test_mppr_17004_never_reduced),
        T(test_mppr_payer_rate_scaled),
        T(test_mppr_self_pay_and_denied_not_checked),
        T(test_mppr_reranks_after_missing_code),
        T(test_51_missing_for_commercial),
        T(test_51_unknown_commercial_payer),
        T(test_51_not_needed_for_medicare),
        T(test_51_never_on_addon_or_exempt),
        T(test_59_with_x_and_on_em),
        T(test_59_missing_17110_11400),
        T(test_59_missing_already_denied),
        T(test_59_present_17110_11400),
        T(test_59_destruction_and_biopsy_by_site),
        T(test_59_pair_without_facts_is_silent),
        T(test_biopsy_and_excision_same_lesion),
        T(test_biopsy_and_excision_distinct_with_59),
        T(test_exclusive_pairs),
        T(test_exclusive_pair_reported_once),
        T(test_exclusive_pairs_absent),
        T(test_addon_without_primary),
        T(test_addon_with_primary),
        T(test_25_missing_denied_is_recoverable),
        T(test_25_missing_unpaid_is_leak),
        T(test_25_missing_denied_reported_once),
        T(test_25_missing_paid_is_gap),
        T(test_25_present_and_supported),
        T(test_25_only_procedure_decision),
        T(test_25_without_em_facts_is_silent),
        T(test_25_op_note_only),
        T(test_25_procedure_alone_stated),
        T(test_57_for_major_decision),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
