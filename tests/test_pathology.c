/* test_pathology.c - the pathology rule (rules/pathology.c) on hand-built
 * encounters.
 *
 * Every expectation is worked out by hand from coding-rules.md sections 5
 * and 6: one 88302/88304/88305 unit per specimen sent to the practice's own
 * lab, none for one sent outside; 88304 for a cyst or tag, 88302 for a scar
 * revision, 88305 otherwise; no 88305/88331 on Mohs tissue except a debulk
 * sent separately and a same-day diagnostic biopsy on frozen section with
 * 59; stains documented but not billed are a leak. Silent unless the
 * practice bills pathology.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "rule_fixture.h"

#define A 1
#define B 2
#define C 3

static void run(fixture *f)
{
    fx_run(f, da_rule_pathology);
}

static void expect(const da_finding *x, const char *rule, da_direction dir, const char *billed,
                   int billed_units, const char *expected, int expected_units)
{
    fx_expect(x, "pathology", rule, dir, billed, billed_units, expected, expected_units);
}

/* A biopsy note naming specimens A..(A+n-1), each sent to lab. */
static void biopsies(fixture *f, int n, da_lab lab)
{
    fx_note(f, "");
    for (int s = 1; s <= n; s++) {
        fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_BIOPSY_PUNCH, 0, -1);
        fx_fact(f, DA_FACT_SPECIMEN, 0, s, lab, -1);
    }
}

/* Mohs surgery with one stage documented. */
static void mohs(fixture *f)
{
    fx_note(f, "");
    fx_fact(f, DA_FACT_MOHS, 0, 1, 0, -1);
    fx_fact(f, DA_FACT_MOHS_STAGE, 0, 1, 0, -1);
    fx_fact(f, DA_FACT_MOHS_BLOCKS, 0, 3, 1, -1);
}

/* --- when the rule runs at all --------------------------------------------- */

static void test_silent_when_practice_bills_no_pathology(void **state)
{
    fixture *f = *state;
    biopsies(f, 2, DA_LAB_UNKNOWN);
    fx_bill(f, "11104", 1);
    fx_bill(f, "11105", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
    assert_null(da_details_find(&f->details, "Pathology"));
}

static void test_option_makes_unbilled_specimens_a_leak(void **state)
{
    fixture *f = *state;
    f->opt.in_house_pathology = true;
    biopsies(f, 2, DA_LAB_UNKNOWN);
    fx_bill(f, "11104", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "PATH-UNITS", DA_DIR_UNDER, "", 0, "88305", 2);
    /* The lab was never stated: taken to be the practice's own, so medium. */
    assert_int_equal(f->out.items[0].confidence, DA_CONF_MEDIUM);
}

static void test_practice_pathology_on_another_claim(void **state)
{
    fixture *f = *state;
    fx_line(f, "88305", 1, false); /* another day's claim of the practice */
    biopsies(f, 3, DA_LAB_IN_HOUSE);
    fx_bill(f, "88305", 2);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "PATH-UNITS", DA_DIR_UNDER, "88305", 2, "88305", 3);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_HIGH);
    assert_string_equal(fx_cell(f, "Pathology", 0, 4)->text,
                        "A in-house, 88305; B in-house, 88305; C in-house, 88305");
}

/* The practice bills pathology on other claims, this visit bills none and
 * its note names no laboratory: the specimens may have gone out, so the
 * unbilled units are a review item, not money. */
static void test_unstated_lab_visit_without_pathology(void **state)
{
    fixture *f = *state;
    /* two earlier biopsy visits billed their pathology: the practice reads its own */
    fx_prior(f, "11104", 30);
    fx_prior(f, "88305", 30);
    fx_prior(f, "11102", 60);
    fx_prior(f, "88305", 60);
    biopsies(f, 2, DA_LAB_UNKNOWN);
    fx_bill(f, "11104", 1);
    fx_bill(f, "11105", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "PATH-UNITS", DA_DIR_UNDER, "", 0, "88305", 2);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_LOW);
    assert_non_null(f->out.items[0].review);
}

/* The procedure note labels two biopsies A and B; the in-house report
 * lists one specimen, A (both in one container): one unit, and 88305 x2
 * billed is one too many. */
static void test_report_lists_fewer_specimens(void **state)
{
    fixture *f = *state;
    biopsies(f, 2, DA_LAB_IN_HOUSE);
    fx_note(f, "pathology");
    fx_fact(f, DA_FACT_SPECIMEN, 1, 1, DA_LAB_UNKNOWN, -1);
    fx_fact(f, DA_FACT_PATH_DIAGNOSIS, 1, DA_DX_SK, 1, -1);
    fx_bill(f, "11104", 1);
    fx_bill(f, "11105", 1);
    fx_bill(f, "88305", 2);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "PATH-UNITS", DA_DIR_OVER, "88305", 2, "88305", 1);
}

/* --- outside laboratories ------------------------------------------------- */

static void test_outside_lab_owes_no_line(void **state)
{
    fixture *f = *state;
    f->opt.in_house_pathology = true;
    /* "Specimens A and B sent to the outside laboratory": the note's lab statement. */
    biopsies(f, 2, DA_LAB_UNKNOWN);
    fx_fact(f, DA_FACT_SPECIMEN, 0, 0, DA_LAB_OUTSIDE, -1);
    run(f);
    assert_int_equal(f->out.count, 0);
    assert_string_equal(fx_cell(f, "Pathology", 0, 4)->text,
                        "A outside lab, no line owed; B outside lab, no line owed");
}

static void test_mixed_labs_one_unit_owed(void **state)
{
    fixture *f = *state;
    fx_note(f, "");
    fx_fact(f, DA_FACT_SPECIMEN, 0, A, DA_LAB_IN_HOUSE, -1);
    fx_fact(f, DA_FACT_SPECIMEN, 0, B, DA_LAB_OUTSIDE, -1);
    fx_bill(f, "88305", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_billing_an_outside_specimen_is_over(void **state)
{
    fixture *f = *state;
    biopsies(f, 1, DA_LAB_OUTSIDE);
    fx_bill(f, "88305", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "PATH-UNITS", DA_DIR_OVER, "88305", 1, "", 0);
}

/* --- units ------------------------------------------------------------------ */

/* "Shave biopsies x3 ... the specimens were sent to our lab": one unlabelled
 * mention is one specimen only when nothing in its note tells more lesions
 * apart. Billed 88305 x3: the count is in doubt, a review item; with the
 * note saying one biopsy, 3 units for 1 specimen is over-billing. */
static void test_unlabelled_mention_after_a_count_is_no_count(void **state)
{
    fixture *f = *state;
    fx_note(f, "");
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_BIOPSY_TANGENTIAL, 0, -1);
    fx_fact(f, DA_FACT_PROCEDURE_COUNT, 0, 3, DA_COUNT_BIOPSIES, -1);
    fx_fact(f, DA_FACT_SPECIMEN, 0, 0, DA_LAB_IN_HOUSE, -1);
    fx_bill(f, "88305", 3);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "PATH-UNITS", DA_DIR_OVER, "88305", 3, "88305", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_LOW);
    assert_non_null(f->out.items[0].review);
}

static void test_unlabelled_mention_of_one_biopsy_is_one(void **state)
{
    fixture *f = *state;
    fx_note(f, "");
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_BIOPSY_TANGENTIAL, 0, -1);
    fx_fact(f, DA_FACT_SPECIMEN, 0, 0, DA_LAB_IN_HOUSE, -1);
    fx_bill(f, "88305", 3);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "PATH-UNITS", DA_DIR_OVER, "88305", 3, "88305", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_HIGH);
}



static void test_more_units_than_specimens(void **state)
{
    fixture *f = *state;
    biopsies(f, 2, DA_LAB_IN_HOUSE);
    fx_bill(f, "88305", 3);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "PATH-UNITS", DA_DIR_OVER, "88305", 3, "88305", 2);
}

static void test_same_specimen_in_note_and_report_counts_once(void **state)
{
    fixture *f = *state;
    biopsies(f, 2, DA_LAB_IN_HOUSE);
    fx_note(f, ""); /* the report names A and B again */
    fx_fact(f, DA_FACT_SPECIMEN, 0, A, DA_LAB_UNKNOWN, -1);
    fx_fact(f, DA_FACT_PATH_DIAGNOSIS, 0, DA_DX_BCC, A, -1);
    fx_fact(f, DA_FACT_SPECIMEN, 0, B, DA_LAB_UNKNOWN, -1);
    fx_fact(f, DA_FACT_PATH_DIAGNOSIS, 0, DA_DX_NEVUS, B, -1);
    fx_bill(f, "88305", 2);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_unlabelled_excision_in_note_and_report(void **state)
{
    fixture *f = *state;
    fx_note(f, ""); /* "excised and sent to our laboratory" */
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_EXCISION, 0, -1);
    fx_fact(f, DA_FACT_SPECIMEN, 0, 0, DA_LAB_IN_HOUSE, -1);
    fx_note(f, ""); /* "Specimen: skin, left cheek, excision." */
    fx_fact(f, DA_FACT_SPECIMEN, 0, 0, DA_LAB_UNKNOWN, -1);
    fx_fact(f, DA_FACT_PATH_DIAGNOSIS, 0, DA_DX_BCC, 0, -1);
    fx_bill(f, "88305", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_stated_specimen_count(void **state)
{
    fixture *f = *state;
    fx_note(f, ""); /* "Three specimens submitted to our laboratory." */
    fx_fact(f, DA_FACT_SPECIMEN_COUNT, 0, 3, 0, -1);
    fx_fact(f, DA_FACT_SPECIMEN, 0, 0, DA_LAB_IN_HOUSE, -1);
    fx_bill(f, "88305", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "PATH-UNITS", DA_DIR_UNDER, "88305", 1, "88305", 3);
}

/* --- level ------------------------------------------------------------------ */

static void test_cyst_billed_as_88305_is_over(void **state)
{
    fixture *f = *state;
    fx_note(f, "");
    fx_fact(f, DA_FACT_DIAGNOSIS, 0, DA_DX_CYST, 0, -1);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_EXCISION, 0, -1);
    fx_fact(f, DA_FACT_SPECIMEN, 0, 0, DA_LAB_IN_HOUSE, -1);
    fx_bill(f, "88305", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "PATH-LEVEL", DA_DIR_OVER, "88305", 1, "88304", 1);
}

static void test_skin_tag_billed_88304_is_right(void **state)
{
    fixture *f = *state;
    fx_note(f, "");
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_SKIN_TAG_REMOVAL, 0, -1);
    fx_fact(f, DA_FACT_SPECIMEN, 0, 0, DA_LAB_IN_HOUSE, -1);
    fx_bill(f, "88304", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_malignancy_in_clinical_cyst_is_88305(void **state)
{
    fixture *f = *state;
    fx_note(f, "");
    fx_fact(f, DA_FACT_DIAGNOSIS, 0, DA_DX_CYST, 0, -1);
    fx_fact(f, DA_FACT_SPECIMEN, 0, A, DA_LAB_IN_HOUSE, -1);
    fx_fact(f, DA_FACT_PATH_DIAGNOSIS, 0, DA_DX_BCC, A, -1);
    fx_bill(f, "88304", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "PATH-LEVEL", DA_DIR_UNDER, "88304", 1, "88305", 1);
}

static void test_scar_revision_is_88302(void **state)
{
    fixture *f = *state;
    fx_note(f, "");
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_SCAR_REVISION, 0, -1);
    fx_fact(f, DA_FACT_SPECIMEN, 0, 0, DA_LAB_IN_HOUSE, -1);
    fx_bill(f, "88305", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "PATH-LEVEL", DA_DIR_OVER, "88305", 1, "88302", 1);
}

static void test_level_per_specimen_by_label(void **state)
{
    fixture *f = *state;
    biopsies(f, 2, DA_LAB_IN_HOUSE);
    fx_note(f, "");
    fx_fact(f, DA_FACT_PATH_DIAGNOSIS, 0, DA_DX_CYST, A, -1);
    fx_fact(f, DA_FACT_PATH_DIAGNOSIS, 0, DA_DX_SCC, B, -1);
    fx_bill(f, "88305", 2);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "PATH-LEVEL", DA_DIR_OVER, "88305", 1, "88304", 1);
}

static void test_wrong_level_and_extra_unit(void **state)
{
    fixture *f = *state;
    /* A cyst and a nevus; 88305 x3 billed: one unit at the wrong level, one too many. */
    biopsies(f, 2, DA_LAB_IN_HOUSE);
    fx_fact(f, DA_FACT_PATH_DIAGNOSIS, 0, DA_DX_CYST, A, -1);
    fx_fact(f, DA_FACT_PATH_DIAGNOSIS, 0, DA_DX_NEVUS, B, -1);
    fx_bill(f, "88305", 3);
    run(f);
    assert_int_equal(f->out.count, 2);
    expect(&f->out.items[0], "PATH-LEVEL", DA_DIR_OVER, "88305", 1, "88304", 1);
    expect(&f->out.items[1], "PATH-UNITS", DA_DIR_OVER, "88305", 2, "88305", 1);
}

/* --- Mohs ----------------------------------------------------------------- */

static void test_88305_on_mohs_tissue_is_over(void **state)
{
    fixture *f = *state;
    mohs(f);
    fx_bill(f, "17311", 1);
    fx_bill(f, "88305", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "PATH-MOHS-BUNDLED", DA_DIR_OVER, "88305", 1, "", 0);
}

static void test_mohs_debulk_sent_separately(void **state)
{
    fixture *f = *state;
    mohs(f);
    /* "The debulked tumor was sent separately to our laboratory for permanent sections." */
    fx_fact(f, DA_FACT_SPECIMEN, 0, 0, DA_LAB_IN_HOUSE, -1);
    fx_bill(f, "17311", 1);
    fx_mod(fx_bill(f, "88305", 1), "59");
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* A shave biopsy of another lesion the same day, not read frozen: its
 * specimen is no Mohs tissue, and its 88305 stands. */
static void test_biopsy_beside_mohs_is_not_mohs_tissue(void **state)
{
    fixture *f = *state;
    mohs(f);
    fx_fact(f, DA_FACT_PROCEDURE, 2, DA_PROC_BIOPSY_TANGENTIAL, 0, -1);
    fx_fact(f, DA_FACT_SPECIMEN, 2, 1, DA_LAB_UNKNOWN, -1);
    fx_bill(f, "17311", 1);
    fx_mod(fx_bill(f, "11102", 1), "XS");
    fx_bill(f, "88305", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_mohs_tissue_of_unstated_lab_is_not_a_specimen(void **state)
{
    fixture *f = *state;
    f->opt.in_house_pathology = true;
    mohs(f);
    fx_fact(f, DA_FACT_SPECIMEN, 0, 0, DA_LAB_UNKNOWN, -1); /* "the tissue was mapped and processed" */
    fx_bill(f, "17311", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_frozen_section_on_mohs_is_over(void **state)
{
    fixture *f = *state;
    mohs(f);
    fx_bill(f, "17313", 1);
    fx_bill(f, "88331", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "PATH-MOHS-BUNDLED", DA_DIR_OVER, "88331", 1, "", 0);
}

static void test_same_day_diagnostic_biopsy_frozen_section(void **state)
{
    fixture *f = *state;
    mohs(f);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_BIOPSY_TANGENTIAL, 0, -1);
    fx_fact(f, DA_FACT_FROZEN_SECTION, 0, 1, 0, -1);
    fx_bill(f, "17311", 1);
    fx_mod(fx_bill(f, "11102", 1), "59");
    fx_bill(f, "88331", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* The same biopsy and frozen section with no 88331 billed, and no other
 * pathology line (the Mohs surgeon reads it himself): 88331 is owed. */
static void test_diagnostic_biopsy_frozen_section_not_billed(void **state)
{
    fixture *f = *state;
    mohs(f);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_BIOPSY_TANGENTIAL, 0, -1);
    fx_fact(f, DA_FACT_FROZEN_SECTION, 0, 1, 0, -1);
    fx_bill(f, "17311", 1);
    fx_mod(fx_bill(f, "11102", 1), "59");
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "PATH-FROZEN-BIOPSY", DA_DIR_UNDER, "", 0, "88331", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_MEDIUM);
}

/* A biopsy beside Mohs with no frozen section read: nothing owed for it. */
static void test_diagnostic_biopsy_without_frozen_section(void **state)
{
    fixture *f = *state;
    mohs(f);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_BIOPSY_TANGENTIAL, 0, -1);
    fx_bill(f, "17311", 1);
    fx_mod(fx_bill(f, "11102", 1), "59");
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* The same with the biopsy billed without 59 (and denied for it): the
 * frozen section of a documented diagnostic biopsy is still owed; the 59
 * is the biopsy line's matter. */
static void test_diagnostic_biopsy_without_59_keeps_88331(void **state)
{
    fixture *f = *state;
    mohs(f);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_BIOPSY_TANGENTIAL, 0, -1);
    fx_fact(f, DA_FACT_FROZEN_SECTION, 0, 1, 0, -1);
    fx_bill(f, "17311", 1);
    fx_bill(f, "11102", 1);
    fx_bill(f, "88331", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_mohs_referral_is_not_mohs_tissue(void **state)
{
    fixture *f = *state;
    /* An excision note that only discusses Mohs: its specimen is ordinary. */
    fx_note(f, "");
    fx_fact(f, DA_FACT_MOHS, 0, 1, 0, -1);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_EXCISION, 0, -1);
    fx_fact(f, DA_FACT_SPECIMEN, 0, 0, DA_LAB_UNKNOWN, -1);
    fx_bill(f, "88305", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* --- stains ------------------------------------------------------------------ */

static void test_stains_documented_not_billed(void **state)
{
    fixture *f = *state;
    biopsies(f, 2, DA_LAB_IN_HOUSE);
    fx_note(f, ""); /* SOX10 and MART-1 on A; PAS on B */
    fx_fact(f, DA_FACT_STAIN, 0, DA_STAIN_IHC, A, -1);
    fx_fact(f, DA_FACT_STAIN, 0, DA_STAIN_IHC, A, -1);
    fx_fact(f, DA_FACT_STAIN, 0, DA_STAIN_SPECIAL_I, B, -1);
    fx_bill(f, "88305", 2);
    fx_bill(f, "88342", 1);
    run(f);
    assert_int_equal(f->out.count, 2);
    expect(&f->out.items[0], "PATH-STAIN", DA_DIR_UNDER, "", 0, "88312", 1);
    expect(&f->out.items[1], "PATH-STAIN", DA_DIR_UNDER, "", 0, "88341", 1);
}

/* "Immunohistochemistry: MART-1 ...": the generic word beside a named
 * antibody is that antibody, one 88342; the generic word alone is one too. */
static void test_generic_immunostain_word(void **state)
{
    fixture *f = *state;
    biopsies(f, 1, DA_LAB_IN_HOUSE);
    fx_note(f, "");
    da_fact generic = {.kind = DA_FACT_STAIN, .value = DA_STAIN_IHC, .value2 = A, .site = -1,
                       .ref = 0, .end = 20};
    da_fact mart1 = generic;
    mart1.ref = 7; /* stain_identity of a named antibody */
    fx_add(f, &generic);
    fx_add(f, &mart1);
    fx_bill(f, "88305", 1);
    fx_bill(f, "88342", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_stain_named_twice_counts_once(void **state)
{
    fixture *f = *state;
    biopsies(f, 1, DA_LAB_IN_HOUSE);
    fx_fact(f, DA_FACT_STAIN, 0, DA_STAIN_SPECIAL_II, A, -1);
    fx_note(f, "");
    fx_fact(f, DA_FACT_STAIN, 0, DA_STAIN_SPECIAL_II, A, -1);
    fx_bill(f, "88305", 1);
    fx_bill(f, "88313", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_stain_on_outside_specimen_owes_nothing(void **state)
{
    fixture *f = *state;
    f->opt.in_house_pathology = true;
    biopsies(f, 1, DA_LAB_OUTSIDE);
    fx_fact(f, DA_FACT_STAIN, 0, DA_STAIN_IHC, A, -1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, fx_setup, fx_teardown)
    const struct CMUnitTest tests[] = {
        T(test_silent_when_practice_bills_no_pathology),
        T(test_option_makes_unbilled_specimens_a_leak),
        T(test_practice_pathology_on_another_claim),
        T(test_unstated_lab_visit_without_pathology),
        T(test_report_lists_fewer_specimens),
        T(test_outside_lab_owes_no_line),
        T(test_mixed_labs_one_unit_owed),
        T(test_billing_an_outside_specimen_is_over),
        T(test_unlabelled_mention_after_a_count_is_no_count),
        T(test_unlabelled_mention_of_one_biopsy_is_one),
        T(test_more_units_than_specimens),
        T(test_same_specimen_in_note_and_report_counts_once),
        T(test_unlabelled_excision_in_note_and_report),
        T(test_stated_specimen_count),
        T(test_cyst_billed_as_88305_is_over),
        T(test_skin_tag_billed_88304_is_right),
        T(test_malignancy_in_clinical_cyst_is_88305),
        T(test_scar_revision_is_88302),
        T(test_level_per_specimen_by_label),
        T(test_wrong_level_and_extra_unit),
        T(test_88305_on_mohs_tissue_is_over),
        T(test_mohs_debulk_sent_separately),
        T(test_biopsy_beside_mohs_is_not_mohs_tissue),
        T(test_mohs_tissue_of_unstated_lab_is_not_a_specimen),
        T(test_frozen_section_on_mohs_is_over),
        T(test_same_day_diagnostic_biopsy_frozen_section),
        T(test_diagnostic_biopsy_frozen_section_not_billed),
        T(test_diagnostic_biopsy_without_frozen_section),
        T(test_diagnostic_biopsy_without_59_keeps_88331),
        T(test_mohs_referral_is_not_mohs_tissue),
        T(test_stains_documented_not_billed),
        T(test_generic_immunostain_word),
        T(test_stain_named_twice_counts_once),
        T(test_stain_on_outside_specimen_owes_nothing),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
