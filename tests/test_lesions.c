/* test_lesions.c - the lesion (rules/lesions.c) and repair (rules/repairs.c)
 * rule families on hand-built encounters.
 *
 * Facts are given directly, as extraction would produce them, so each case
 * tests the rules alone. Every expectation is worked out by hand from
 * coding-rules.md sections 1-4 and 12.2 (the worked examples are named in the
 * test names); directions come from the built-in 2026 fee table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "rule_fixture.h"
#include "sites.h"

#define NOTE_TEXT "Lesion size: 1.0 cm. Margins: 2 mm. Excised as an ellipse. Layered closure, 3.0 cm."

static int setup(void **state)
{
    return fx_setup_fees(state);
}

static int site(const fixture *f, const char *name)
{
    int i = da_site_find(f->rules.sites, name);
    if (i < 0)
        fail_msg("no site %s", name);
    return i;
}

static void note(fixture *f)
{
    fx_note_text(f, "procedure", NOTE_TEXT);
}

/* An excision of one lesion: site, clinical size and margin (< 0 = none) in cm, final pathology. */
static void excision(fixture *f, int lesion, const char *where, double size, double margin, da_diagnosis path)
{
    fx_fact(f, DA_FACT_PROCEDURE, lesion, DA_PROC_EXCISION, 0, -1);
    fx_fact(f, DA_FACT_SITE, lesion, 0, 0, site(f, where));
    fx_fact(f, DA_FACT_SIZE, lesion, size, 0, -1);
    if (margin >= 0)
        fx_fact(f, DA_FACT_MARGIN, lesion, margin, 0, -1);
    if (path != DA_DX_NONE)
        fx_fact(f, DA_FACT_PATH_DIAGNOSIS, lesion, path, lesion, -1);
}

/* Runs both families. */
static void run(fixture *f)
{
    fx_run(f, da_rule_lesions);
    fx_run(f, da_rule_repairs);
}

static void expect(const da_finding *x, const char *rule, da_direction dir, const char *billed,
                   int billed_units, const char *expected, int expected_units)
{
    fx_expect(x, strncmp(rule, "REPAIR", 6) == 0 ? "repair" : "lesion", rule, dir, billed, billed_units,
              expected, expected_units);
}

/* ---- excision (section 1, 12.2 items 1-2) ------------------------------ */

/* AAPC: 1 cm lesion + 2 x 0.2 cm margins on the leg = 1.4 cm -> 11402 / 11602. */
static void test_leg_1cm_margins_benign_11402(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "leg", 1.0, 0.2, DA_DX_NEVUS);
    fx_bill(f, "11402", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_leg_1cm_margins_malignant_11602(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "leg", 1.0, 0.2, DA_DX_BCC);
    fx_bill(f, "11602", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* 12.2 item 1: coded on lesion size without margins. */
static void test_coded_without_margins_is_under(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "leg", 1.0, 0.2, DA_DX_BCC);
    fx_bill(f, "11601", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-EXC-SIZE", DA_DIR_UNDER, "11601", 1, "11602", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_HIGH);
    assert_int_equal(f->out.items[0].lesion, 1);
    assert_non_null(strstr(NOTE_TEXT, f->out.items[0].evidence));
}

/* The pathology report's (shrunken) size never codes. */
static void test_pathology_size_not_used(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "leg", 1.0, 0.2, DA_DX_NEVUS);
    fx_fact(f, DA_FACT_PATH_SIZE, 0, 0.7, 0, -1);
    fx_bill(f, "11401", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-EXC-SIZE", DA_DIR_UNDER, "11401", 1, "11402", 1);
}

/* 12.2 item 2: malignant pathology billed with a benign code. */
static void test_benign_code_malignant_pathology(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "leg", 1.0, 0.2, DA_DX_SCC);
    fx_bill(f, "11402", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-EXC-PATHOLOGY", DA_DIR_UNDER, "11402", 1, "11602", 1);
}

/* Pathology in a separate report, tied by specimen: it decides the family. */
static void test_pathology_from_separate_report(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_EXCISION, 0, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, 0, site(f, "back"));
    fx_fact(f, DA_FACT_DIAGNOSIS, 0, DA_DX_NEVUS_ATYPICAL, 0, -1);
    fx_fact(f, DA_FACT_SIZE, 0, 0.8, 0, -1);
    fx_fact(f, DA_FACT_MARGIN, 0, 0.2, 0, -1);
    fx_note_text(f, "pathology", NOTE_TEXT);
    fx_fact(f, DA_FACT_PATH_DIAGNOSIS, 0, DA_DX_MIS, 0, -1);
    fx_bill(f, "11402", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-EXC-PATHOLOGY", DA_DIR_UNDER, "11402", 1, "11602", 1);
}

/* Atypia is benign: a malignant code is over-coded. */
static void test_atypical_nevus_is_benign(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 0.8, 0.2, DA_DX_NEVUS_ATYPICAL);
    fx_bill(f, "11602", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-EXC-PATHOLOGY", DA_DIR_OVER, "11602", 1, "11402", 1);
}

/* A re-excision of a biopsy-proven BCC stays malignant though the pathology shows only scar. */
static void test_reexcision_of_proven_malignancy_stays_malignant(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "forearm", 1.5, 0.3, DA_DX_BENIGN_OTHER);
    fx_fact(f, DA_FACT_DIAGNOSIS, 0, DA_DX_BCC, 0, -1);
    fx_bill(f, "11603", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* Two lesions are two lines; their diameters are never added. */
static void test_diameters_never_added(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 1, "thigh", 0.6, 0.2, DA_DX_NEVUS); /* 1.0 cm: 11401 */
    excision(f, 2, "thigh", 0.8, 0.2, DA_DX_NEVUS); /* 1.2 cm: 11402 */
    fx_bill(f, "11403", 1);                            /* 2.2 cm summed */
    run(f);
    assert_int_equal(f->out.count, 2);
    expect(&f->out.items[0], "LESION-EXC-SIZE", DA_DIR_OVER, "11403", 1, "11401", 1);
    expect(&f->out.items[1], "LESION-EXC-NOT-BILLED", DA_DIR_UNDER, "", 0, "11402", 1);
    assert_int_equal(f->out.items[0].lesion, 1);
    assert_int_equal(f->out.items[1].lesion, 2);
}

/* Two lesions billed right, the second with 59: matched by code, whatever the order. */
static void test_two_lesions_billed_right_any_order(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 1, "cheek", 0.5, 0.2, DA_DX_BCC);  /* 0.9 cm face: 11641 */
    excision(f, 2, "scalp", 1.2, 0.4, DA_DX_SCC);  /* 2.0 cm scalp: 11622 */
    fx_bill(f, "11622", 1);
    fx_bill(f, "11641", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* Upper-inclusive: exactly 1.0 cm is the 0.6-1.0 bucket. */
static void test_exact_boundary_is_upper_inclusive(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "arm", 0.6, 0.2, DA_DX_NEVUS);
    fx_bill(f, "11402", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-EXC-SIZE", DA_DIR_OVER, "11402", 1, "11401", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_HIGH);
}

/* 1.3: 0.65 + 2 x 0.2 = 1.05 cm (10.5 mm) is boundary-ambiguous: either bucket, no finding. */
static void test_boundary_ambiguous_accepts_both(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 1, "arm", 0.65, 0.2, DA_DX_NEVUS);
    excision(f, 2, "arm", 0.45, 0.05, DA_DX_NEVUS); /* 5.5 mm */
    fx_bill(f, "11402", 1);
    fx_bill(f, "11400", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* 1.3: an ambiguous size billed outside both buckets is only ever low confidence. */
static void test_boundary_ambiguous_mismatch_is_low(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "arm", 0.65, 0.2, DA_DX_NEVUS);
    fx_bill(f, "11400", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-EXC-SIZE", DA_DIR_UNDER, "11400", 1, "11402", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_LOW);
}

/* 1.2: margin not documented -> code on lesion size, a gap and no leak. */
static void test_undocumented_margin_is_gap_not_leak(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "leg", 1.0, -1, DA_DX_NEVUS); /* lesion size alone: 11401 */
    fx_bill(f, "11402", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-EXC-MARGIN", DA_DIR_GAP, "11402", 1, "11401", 1);
}

static void test_undocumented_margin_billed_at_lesion_size(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "leg", 1.0, -1, DA_DX_NEVUS);
    fx_bill(f, "11401", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    assert_int_equal(f->out.items[0].direction, DA_DIR_GAP);
    assert_string_equal(f->out.items[0].rule, "LESION-EXC-MARGIN");
}

/* Billed below even the lesion size: a leak with or without margins. */
static void test_undocumented_margin_billed_below_lesion_size(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "leg", 1.6, -1, DA_DX_NEVUS); /* 11402 on lesion size alone */
    fx_bill(f, "11401", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-EXC-SIZE", DA_DIR_UNDER, "11401", 1, "11402", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_MEDIUM);
}

/* An excised diameter written by the clinician stands for lesion + margins. */
static void test_stated_excised_diameter(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "leg", 1.0, -1, DA_DX_NEVUS);
    fx_fact(f, DA_FACT_EXCISED_DIAMETER, 0, 1.4, 0, -1);
    fx_bill(f, "11402", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_site_group_face_billed_as_trunk(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "cheek", 1.0, 0.2, DA_DX_BCC); /* 1.4 cm face: 11642 */
    fx_bill(f, "11602", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-EXC-SITE", DA_DIR_UNDER, "11602", 1, "11642", 1);
}

/* Mucous membrane is in the benign face group only. */
static void test_mucosa_benign_face_group(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "oral mucosa", 0.4, 0.1, DA_DX_BENIGN_OTHER); /* 0.6 cm: 11441 */
    fx_bill(f, "11441", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_mucosa_malignant_has_no_excision_code(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "oral mucosa", 0.4, 0.1, DA_DX_SCC);
    fx_bill(f, "11641", 1);
    run(f);
    assert_int_equal(f->out.count, 0); /* no grid code to compare with: not audited */
}

static void test_excision_not_billed(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 2.0, 0.4, DA_DX_BCC); /* 2.8 cm: 11603 */
    fx_bill(f, "99213", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-EXC-NOT-BILLED", DA_DIR_UNDER, "", 0, "11603", 1);
}

/* Two excisions documented, one without a size: its billed line is a
 * review item naming the code, not an unsupported line; the sized one is
 * matched and draws nothing. */
static void test_unsized_excision_is_a_gap(void **state)
{
    fixture *f = *state;
    fx_note(f, "");
    excision(f, 1, "back", 0.6, 0.2, DA_DX_NEVUS); /* 1.0 cm: 11401 */
    fx_fact(f, DA_FACT_PROCEDURE, 2, DA_PROC_EXCISION, 0, -1);
    fx_fact(f, DA_FACT_SITE, 2, 0, 0, site(f, "upper arm"));
    fx_bill(f, "11401", 1);
    fx_bill(f, "11402", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-SIZE-GAP", DA_DIR_GAP, "11402", 1, "11402", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_LOW);
    assert_non_null(f->out.items[0].review);
}

/* A lipoma removed through an incision (a soft-tissue excision, a service
 * of its own) billed as a skin excision: the skin code is not supported.
 * With a skin excision documented as well, this rule says nothing. */
static void test_excision_code_for_a_service(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_SERVICE, 0, 3, DA_PROC_EXCISION, -1); /* "subcutaneous lipoma" */
    fx_fact(f, DA_FACT_SITE, 0, 0, 0, site(f, "back"));
    fx_bill(f, "11406", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-EXC-SERVICE", DA_DIR_OVER, "11406", 1, "", 0);
}

static void test_excision_code_beside_a_service(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_SERVICE, 0, 3, DA_PROC_EXCISION, -1);
    excision(f, 0, "back", 0.6, 0.2, DA_DX_NEVUS); /* 1.0 cm: 11401 */
    fx_bill(f, "11401", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_extra_excision_line(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 2.0, 0.4, DA_DX_BCC);
    fx_bill(f, "11603", 2);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-EXC-UNSUPPORTED", DA_DIR_OVER, "11603", 1, "", 0);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_MEDIUM);
}

/* The same extra line where the notes describe more than the lesion read:
 * two nevi (0.6 and 0.4 cm) read as one excision, or "excisions x2": a
 * review item, not an accusation. */
static void test_extra_excision_line_two_sizes(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 0.6, 0.2, DA_DX_NEVUS);
    fx_fact(f, DA_FACT_SIZE, 0, 0.4, 0, -1);
    fx_bill(f, "11401", 2);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-EXC-UNSUPPORTED", DA_DIR_OVER, "11401", 1, "", 0);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_LOW);
    assert_non_null(f->out.items[0].review);
}

static void test_extra_excision_line_counted(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 2.0, 0.4, DA_DX_BCC);
    fx_fact(f, DA_FACT_PROCEDURE_COUNT, 0, 2, DA_COUNT_EXCISIONS, -1);
    fx_bill(f, "11603", 2);
    run(f);
    assert_int_equal(f->out.count, 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_LOW);
}

/* ATT includes the excision of the same lesion (4.2, 7.5). */
static void test_att_includes_excision(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "cheek", 1.0, 0.3, DA_DX_BCC);
    fx_fact(f, DA_FACT_FLAP, 0, DA_FLAP_ROTATION, 0, -1);
    fx_fact(f, DA_FACT_FLAP_AREA, 0, 8.0, 0, -1);
    fx_bill(f, "14040", 1);
    fx_bill(f, "11642", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-EXC-ATT", DA_DIR_OVER, "11642", 1, "", 0);
}

/* ---- shave (section 2) ------------------------------------------------- */

/* AAPC: 0.8 cm foot lesion shaved with a 0.4 cm margin -> 11306, not 11307. */
/* Two clinical sizes across a size range ("erythema 2-3 mm" read as the
 * lesion's, then "lesion diameter 1.4 cm"): the back codes 11300 (0.3 cm)
 * and 11302 (1.4 cm) are both accepted and none is claimed; a code outside
 * the range is a review item, not money. One size decides as before. */
static void test_shave_sizes_disagree(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_SHAVE, 0, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, 0, site(f, "back"));
    fx_fact(f, DA_FACT_SIZE, 0, 0.3, 0, -1);
    fx_fact(f, DA_FACT_SIZE, 0, 1.4, 0, -1);
    fx_bill(f, "11302", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_shave_sizes_disagree_billed_outside(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_SHAVE, 0, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, 0, site(f, "back"));
    fx_fact(f, DA_FACT_SIZE, 0, 0.3, 0, -1);
    fx_fact(f, DA_FACT_SIZE, 0, 0.8, 0, -1);
    fx_bill(f, "11303", 1); /* over 2.0 cm: outside 11300..11301 */
    run(f);
    assert_int_equal(f->out.count, 1);
    assert_string_equal(f->out.items[0].rule, "LESION-SHAVE-CODE");
    assert_int_equal(f->out.items[0].confidence, DA_CONF_LOW);
    assert_non_null(f->out.items[0].review);
}

/* Excision: 0.6 cm in the template, 1.1 cm in the exam, 2 mm margins: 1.0 or
 * 1.5 cm excised, 11401 or 11402 on the back; 11402 billed is no finding. */
static void test_excision_sizes_disagree(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 0.6, 0.2, DA_DX_NEVUS);
    fx_fact(f, DA_FACT_SIZE, 0, 1.1, 0, -1);
    fx_bill(f, "11402", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_shave_foot_ignores_margin(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_SHAVE, 0, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, 0, site(f, "foot"));
    fx_fact(f, DA_FACT_SIZE, 0, 0.8, 0, -1);
    fx_fact(f, DA_FACT_MARGIN, 0, 0.4, 0, -1);
    fx_bill(f, "11306", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_shave_foot_billed_with_margin_is_over(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_SHAVE, 0, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, 0, site(f, "foot"));
    fx_fact(f, DA_FACT_SIZE, 0, 0.8, 0, -1);
    fx_fact(f, DA_FACT_MARGIN, 0, 0.4, 0, -1);
    fx_bill(f, "11307", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-SHAVE-CODE", DA_DIR_OVER, "11307", 1, "11306", 1);
}

/* Four buckets: over 2.0 cm on the face is 11313. */
static void test_shave_four_buckets(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_SHAVE, 0, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, 0, site(f, "nose"));
    fx_fact(f, DA_FACT_SIZE, 0, 2.6, 0, -1);
    fx_bill(f, "11312", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-SHAVE-CODE", DA_DIR_UNDER, "11312", 1, "11313", 1);
}

/* ---- destruction (section 3, 12.2 item 4) ----------------------------- */

static void ak_count(fixture *f, int lesion, int n)
{
    fx_fact(f, DA_FACT_PROCEDURE, lesion, DA_PROC_DESTRUCTION, DA_DESTROY_CRYO, -1);
    fx_fact(f, DA_FACT_DIAGNOSIS, lesion, DA_DX_AK, 0, -1);
    fx_fact(f, DA_FACT_LESION_COUNT, lesion, n, DA_DX_AK, -1);
}

/* AAD: 17 AKs -> 17004 x 1. */
static void test_17_aks_17004(void **state)
{
    fixture *f = *state;
    note(f);
    ak_count(f, 0, 17);
    fx_bill(f, "17004", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* 12.2 item 4: 15 or more billed as 17000 + 17003 x 13 -> 17004. */
static void test_aks_15_billed_17000_17003(void **state)
{
    fixture *f = *state;
    note(f);
    ak_count(f, 0, 17);
    fx_bill(f, "17000", 1);
    fx_bill(f, "17003", 13);
    run(f);
    assert_int_equal(f->out.count, 2);
    expect(&f->out.items[0], "LESION-AK-17004", DA_DIR_UNDER, "17000", 1, "17004", 1);
    expect(&f->out.items[1], "LESION-AK-17004", DA_DIR_OVER, "17003", 13, "", 0);
}

/* 7.5: 17004 never with 17000/17003. */
static void test_17004_with_17000_is_over(void **state)
{
    fixture *f = *state;
    note(f);
    ak_count(f, 0, 16);
    fx_bill(f, "17004", 1);
    fx_bill(f, "17000", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-AK-17004", DA_DIR_OVER, "17000", 1, "", 0);
}

static void test_fewer_than_15_billed_17004(void **state)
{
    fixture *f = *state;
    note(f);
    ak_count(f, 0, 10);
    fx_bill(f, "17004", 1);
    run(f);
    assert_int_equal(f->out.count, 2);
    expect(&f->out.items[0], "LESION-AK-17004", DA_DIR_OVER, "17004", 1, "17000", 1);
    expect(&f->out.items[1], "LESION-AK-COUNT", DA_DIR_UNDER, "", 0, "17003", 9);
}

/* 12.2 item 4: 17003 units below count - 1. */
static void test_17003_units_short(void **state)
{
    fixture *f = *state;
    note(f);
    ak_count(f, 0, 8);
    fx_bill(f, "17000", 1);
    fx_bill(f, "17003", 5);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-AK-COUNT", DA_DIR_UNDER, "17003", 5, "17003", 7);
}

static void test_single_ak_17000_only(void **state)
{
    fixture *f = *state;
    note(f);
    ak_count(f, 0, 1);
    fx_bill(f, "17000", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* AAD: 8 AKs + a 2.2 cm Bowen's lesion on the arm -> 17000, 17003 x 7, 17263-59. */
static void bowen_case(fixture *f)
{
    note(f);
    ak_count(f, 1, 8);
    fx_fact(f, DA_FACT_PROCEDURE, 2, DA_PROC_DESTRUCTION, DA_DESTROY_EDC, -1);
    fx_fact(f, DA_FACT_SITE, 2, 0, 0, site(f, "arm"));
    fx_fact(f, DA_FACT_DIAGNOSIS, 2, DA_DX_SCCIS, 0, -1);
    fx_fact(f, DA_FACT_SIZE, 2, 2.2, 0, -1);
    fx_bill(f, "17000", 1);
    fx_bill(f, "17003", 7);
}

static void test_8_aks_and_bowens_arm(void **state)
{
    fixture *f = *state;
    bowen_case(f);
    fx_bill(f, "17263", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_bowens_destruction_not_billed(void **state)
{
    fixture *f = *state;
    bowen_case(f);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-DESTR-MALIGNANT-NOT-BILLED", DA_DIR_UNDER, "", 0, "17263", 1);
    assert_int_equal(f->out.items[0].lesion, 2);
}

/* AKs frozen beside a shave biopsy in one paragraph, the report finding SCC
 * in situ: the pathology is the biopsy's, no malignant destruction is owed;
 * the same destruction with no biopsy beside it and the malignant report
 * is one. */
static void test_biopsy_pathology_does_not_make_aks_malignant(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_DIAGNOSIS, 0, DA_DX_AK, 0, -1);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_DESTRUCTION, DA_DESTROY_CRYO, -1);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_BIOPSY_TANGENTIAL, 0, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, 0, site(f, "arm"));
    fx_fact(f, DA_FACT_SIZE, 0, 0.8, 0, -1);
    fx_fact(f, DA_FACT_PATH_DIAGNOSIS, 0, DA_DX_SCCIS, 0, -1);
    fx_bill(f, "17000", 1);
    fx_bill(f, "11102", 1);
    run(f);
    for (size_t i = 0; i < f->out.count; i++)
        assert_string_not_equal(f->out.items[i].rule, "LESION-DESTR-MALIGNANT-NOT-BILLED");
}

static void test_destroyed_lesion_with_malignant_report(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_DESTRUCTION, DA_DESTROY_EDC, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, 0, site(f, "arm"));
    fx_fact(f, DA_FACT_SIZE, 0, 0.8, 0, -1);
    fx_fact(f, DA_FACT_PATH_DIAGNOSIS, 0, DA_DX_SCCIS, 0, -1);
    run(f);
    assert_int_equal(f->out.count, 1);
    assert_string_equal(f->out.items[0].rule, "LESION-DESTR-MALIGNANT-NOT-BILLED");
}

/* 8 AKs frozen and nothing malignant destroyed: a 17261 line is for a
 * destruction no note documents. */
static void test_malignant_destruction_billed_none_documented(void **state)
{
    fixture *f = *state;
    note(f);
    ak_count(f, 1, 8);
    fx_bill(f, "17000", 1);
    fx_bill(f, "17003", 7);
    fx_bill(f, "17261", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-DESTR-MALIGNANT-UNSUPPORTED", DA_DIR_OVER, "17261", 1, "", 0);
}

/* ... but a destruction of a lesion whose diagnosis was not read may be
 * the malignant one: no finding. */
static void test_malignant_destruction_billed_diagnosis_unread(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_PROCEDURE, 1, DA_PROC_DESTRUCTION, DA_DESTROY_EDC, -1);
    fx_fact(f, DA_FACT_SITE, 1, 0, 0, site(f, "back"));
    fx_bill(f, "17261", 1);
    run(f);
    for (size_t i = 0; i < f->out.count; i++)
        assert_string_not_equal(f->out.items[i].rule, "LESION-DESTR-MALIGNANT-UNSUPPORTED");
}

/* 3.2: skin tags by the stated count: 22 tags are 11200 + 11201 x1. */
static void tags(fixture *f, int n)
{
    note(f);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_SKIN_TAG_REMOVAL, 0, -1);
    fx_fact(f, DA_FACT_DIAGNOSIS, 0, DA_DX_SKIN_TAG, 0, -1);
    fx_fact(f, DA_FACT_LESION_COUNT, 0, n, DA_DX_SKIN_TAG, -1);
}

static void test_22_tags_need_one_11201(void **state)
{
    fixture *f = *state;
    tags(f, 22);
    fx_bill(f, "11200", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-TAG-COUNT", DA_DIR_UNDER, "", 0, "11201", 1);
}

/* 27 tags: 15 + 10 + 2, so two 11201; billed right, no finding. */
static void test_27_tags_billed_right(void **state)
{
    fixture *f = *state;
    tags(f, 27);
    fx_bill(f, "11200", 1);
    fx_bill(f, "11201", 2);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* 12 tags billed with an add-on: the add-on is over. */
static void test_12_tags_need_no_11201(void **state)
{
    fixture *f = *state;
    tags(f, 12);
    fx_bill(f, "11200", 1);
    fx_bill(f, "11201", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-TAG-COUNT", DA_DIR_OVER, "11201", 1, "", 0);
}

/* Tags removed and nothing billed: the cosmetic family's question, not this one. */
static void test_tags_not_billed_say_nothing(void **state)
{
    fixture *f = *state;
    tags(f, 22);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* 3.3: pre-curettage 0.8 cm, post-curettage 1.2 cm: either size codes, no finding. */
static void bcc_curetted(fixture *f)
{
    note(f);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_DESTRUCTION, DA_DESTROY_EDC, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, 0, site(f, "back"));
    fx_fact(f, DA_FACT_DIAGNOSIS, 0, DA_DX_BCC, 0, -1);
    fx_fact(f, DA_FACT_SIZE, 0, 0.8, 0, -1);
    fx_fact(f, DA_FACT_DEFECT_SIZE, 0, 1.2, 0, -1);
}

static void test_malignant_destruction_pre_curettage_size(void **state)
{
    fixture *f = *state;
    bcc_curetted(f);
    fx_bill(f, "17261", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_malignant_destruction_post_curettage_size(void **state)
{
    fixture *f = *state;
    bcc_curetted(f);
    fx_bill(f, "17262", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_malignant_destruction_beyond_any_size(void **state)
{
    fixture *f = *state;
    bcc_curetted(f);
    fx_bill(f, "17263", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-DESTR-MALIGNANT", DA_DIR_OVER, "17263", 1, "17261", 1);
}

static void warts(fixture *f, int n)
{
    note(f);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_DESTRUCTION, DA_DESTROY_CRYO, -1);
    fx_fact(f, DA_FACT_DIAGNOSIS, 0, DA_DX_WART, 0, -1);
    fx_fact(f, DA_FACT_LESION_COUNT, 0, n, DA_DX_WART, -1);
}

/* 3.2: 17110 is one unit per session for 1-14. */
static void test_17110_one_unit_per_session(void **state)
{
    fixture *f = *state;
    warts(f, 5);
    fx_bill(f, "17110", 5);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-DESTR-BENIGN", DA_DIR_OVER, "17110", 5, "17110", 1);
}

static void test_17111_for_15_or_more(void **state)
{
    fixture *f = *state;
    warts(f, 20);
    fx_bill(f, "17110", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-DESTR-BENIGN", DA_DIR_UNDER, "17110", 1, "17111", 1);
}

static void test_17110_with_17111_is_over(void **state)
{
    fixture *f = *state;
    warts(f, 20);
    fx_bill(f, "17111", 1);
    fx_bill(f, "17110", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-DESTR-BENIGN", DA_DIR_OVER, "17110", 1, "", 0);
}

/* A shave removal whose base was electrodesiccated: the destruction is the
 * removal's hemostasis, no 17110 owed; a lesion destroyed and not removed is
 * one 17110. */
static void test_shave_base_electrodesiccated(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_DIAGNOSIS, 0, DA_DX_SK_INFLAMED, 0, -1);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_SHAVE, 0, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, 0, site(f, "back"));
    fx_fact(f, DA_FACT_SIZE, 0, 1.2, 0, -1);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_DESTRUCTION, DA_DESTROY_UNSPECIFIED, -1);
    fx_bill(f, "11302", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_benign_destroyed_not_billed(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_DIAGNOSIS, 0, DA_DX_SK_INFLAMED, 0, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, 0, site(f, "back"));
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_DESTRUCTION, DA_DESTROY_CRYO, -1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-DESTR-BENIGN", DA_DIR_UNDER, "", 0, "17110", 1);
}

/* ---- biopsy (4.1, 12.2 item 5) ----------------------------------------- */

static void biopsy(fixture *f, int lesion, da_procedure technique)
{
    fx_fact(f, DA_FACT_PROCEDURE, lesion, technique, 0, -1);
    fx_fact(f, DA_FACT_SITE, lesion, 0, 0, site(f, "back"));
}

/* A biopsy billed with the excision of the lesion, the notes documenting the
 * excision ("excisional biopsy") and no separate biopsy: 11402 supported,
 * 11102 over-billing. The same with a biopsy documented is no finding; a
 * biopsy billed alone with none read says nothing (the reading may have
 * missed it); on a Mohs day with none documented it is over-billing. */
static void test_biopsy_billed_with_its_excision(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 0.8, 0.2, DA_DX_NEVUS); /* 0.8 + 0.4 = 1.2 cm: 11402 */
    fx_bill(f, "11402", 1);
    fx_bill(f, "11102", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-BIOPSY-UNSUPPORTED", DA_DIR_OVER, "11102", 1, "", 0);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_MEDIUM);
}

static void test_biopsy_of_another_lesion_with_an_excision(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 1, "back", 0.8, 0.2, DA_DX_NEVUS);
    biopsy(f, 2, DA_PROC_BIOPSY_TANGENTIAL);
    fx_bill(f, "11402", 1);
    fx_bill(f, "11102", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_biopsy_billed_alone_unread(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_SITE, 0, 0, 0, site(f, "back"));
    fx_bill(f, "11102", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_biopsy_billed_on_a_mohs_day_unread(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_MOHS, 0, 1, 0, -1);
    fx_fact(f, DA_FACT_MOHS_STAGE, 0, 1, 0, -1);
    fx_bill(f, "11102", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-BIOPSY-UNSUPPORTED", DA_DIR_OVER, "11102", 1, "", 0);
}

/* "Riverton Dermatology and Mohs Surgery" heading a skin check: Mohs named,
 * none done; a biopsy billed there and not read says nothing. */
static void test_biopsy_billed_under_a_mohs_letterhead(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_MOHS, 0, 1, 0, -1);
    fx_bill(f, "11102", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* 1 punch + 2 shaves = 11104 + 11103 x 2. */
static void test_punch_and_two_shaves(void **state)
{
    fixture *f = *state;
    note(f);
    biopsy(f, 1, DA_PROC_BIOPSY_TANGENTIAL);
    biopsy(f, 2, DA_PROC_BIOPSY_PUNCH);
    biopsy(f, 3, DA_PROC_BIOPSY_TANGENTIAL);
    fx_bill(f, "11104", 1);
    fx_bill(f, "11103", 2);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* 1 incisional + 2 punch = 11106 + 11105 x 2. */
static void test_incisional_and_two_punches(void **state)
{
    fixture *f = *state;
    note(f);
    biopsy(f, 1, DA_PROC_BIOPSY_PUNCH);
    biopsy(f, 2, DA_PROC_BIOPSY_INCISIONAL);
    biopsy(f, 3, DA_PROC_BIOPSY_PUNCH);
    fx_bill(f, "11106", 1);
    fx_bill(f, "11105", 2);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* The hierarchy ignored: punch took the base code instead of incisional. */
static void test_base_under_lower_technique(void **state)
{
    fixture *f = *state;
    note(f);
    biopsy(f, 1, DA_PROC_BIOPSY_PUNCH);
    biopsy(f, 2, DA_PROC_BIOPSY_INCISIONAL);
    biopsy(f, 3, DA_PROC_BIOPSY_PUNCH);
    fx_bill(f, "11104", 1);
    fx_bill(f, "11105", 2);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-BIOPSY-BASE", DA_DIR_UNDER, "11104", 1, "11106", 1);
}

/* Several base codes: a denial risk, each should be its technique's add-on. */
static void test_several_base_codes_denial(void **state)
{
    fixture *f = *state;
    note(f);
    biopsy(f, 1, DA_PROC_BIOPSY_PUNCH);
    biopsy(f, 2, DA_PROC_BIOPSY_TANGENTIAL);
    biopsy(f, 3, DA_PROC_BIOPSY_TANGENTIAL);
    fx_bill(f, "11104", 1);
    fx_bill(f, "11102", 1);
    fx_bill(f, "11103", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-BIOPSY-BASE", DA_DIR_OVER, "11102", 1, "11103", 1);
}

static void test_missing_biopsy_addon(void **state)
{
    fixture *f = *state;
    note(f);
    biopsy(f, 1, DA_PROC_BIOPSY_PUNCH);
    biopsy(f, 2, DA_PROC_BIOPSY_TANGENTIAL);
    biopsy(f, 3, DA_PROC_BIOPSY_TANGENTIAL);
    fx_bill(f, "11104", 1);
    fx_bill(f, "11103", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-BIOPSY-ADDON", DA_DIR_UNDER, "11103", 1, "11103", 2);
}

/* One shave biopsy read, two billed: over-billing only where the note
 * counts one; with no count a second biopsy may sit unread in the first
 * one's sentence, so it is a review item. */
static void test_extra_biopsy_addon(void **state)
{
    fixture *f = *state;
    note(f);
    biopsy(f, 1, DA_PROC_BIOPSY_TANGENTIAL);
    fx_bill(f, "11102", 1);
    fx_bill(f, "11103", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-BIOPSY-ADDON", DA_DIR_OVER, "11103", 1, "", 0);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_LOW);
    assert_non_null(f->out.items[0].review);
}

static void test_extra_biopsy_addon_counted(void **state)
{
    fixture *f = *state;
    note(f);
    biopsy(f, 1, DA_PROC_BIOPSY_TANGENTIAL);
    fx_fact(f, DA_FACT_PROCEDURE_COUNT, 0, 1, DA_COUNT_BIOPSIES, -1); /* "a single shave biopsy" */
    fx_bill(f, "11102", 1);
    fx_bill(f, "11103", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-BIOPSY-ADDON", DA_DIR_OVER, "11103", 1, "", 0);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_HIGH);
}

/* "Biopsies x3: shave bx, shave (saucerization) bx, 4 mm punch bx" in one
 * unlabelled block: the reader keeps one fact per technique, so a punch, a
 * shave and the count. Each technique is one biopsy, the third counted one
 * takes the lowest (shave): 11104 + 11103 x2 (coding-rules.md 1.1). */
static void counted_two_techniques(fixture *f)
{
    note(f);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_BIOPSY_TANGENTIAL, 0, -1);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_BIOPSY_PUNCH, 0, -1);
    fx_fact(f, DA_FACT_PROCEDURE_COUNT, 0, 3, DA_COUNT_BIOPSIES, -1);
}

static void test_counted_biopsies_of_two_techniques(void **state)
{
    fixture *f = *state;
    counted_two_techniques(f);
    fx_bill(f, "11102", 1);
    fx_bill(f, "11103", 2);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "LESION-BIOPSY-BASE", DA_DIR_UNDER, "11102", 1, "11104", 1);
}

static void test_counted_biopsies_of_two_techniques_billed_right(void **state)
{
    fixture *f = *state;
    counted_two_techniques(f);
    fx_bill(f, "11104", 1);
    fx_bill(f, "11103", 2);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* The third biopsy's technique is taken, not read: add-on findings on it
 * are review items (billed 11105 x2: the third may be a punch). */
static void test_counted_biopsies_unread_technique_is_review(void **state)
{
    fixture *f = *state;
    counted_two_techniques(f);
    fx_bill(f, "11104", 1);
    fx_bill(f, "11105", 2);
    run(f);
    assert_true(f->out.count > 0);
    for (size_t i = 0; i < f->out.count; i++) {
        assert_string_equal(f->out.items[i].rule, "LESION-BIOPSY-ADDON");
        assert_int_equal(f->out.items[i].confidence, DA_CONF_LOW);
        assert_non_null(f->out.items[i].review);
    }
}

/* A lesion biopsied and removed in the session is reported as the removal only. */
static void test_biopsy_of_removed_lesion_not_coded(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 1.0, 0.2, DA_DX_BCC);
    fx_fact(f, DA_FACT_PROCEDURE, 0, DA_PROC_BIOPSY_PUNCH, 0, -1);
    fx_bill(f, "11602", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* ---- repairs (1.4, 4.2, 4.3, 12.2 item 3) ------------------------------ */

static void repair(fixture *f, int lesion, da_repair_class cls, double length)
{
    fx_fact(f, DA_FACT_REPAIR, lesion, cls, 0, -1);
    if (length > 0)
        fx_fact(f, DA_FACT_REPAIR_LENGTH, lesion, length, 0, -1);
}

static void test_intermediate_face_billed_right(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "nose", 1.0, 0.3, DA_DX_BCC); /* 1.6 cm: 11642 (12.1's example) */
    repair(f, 0, DA_REPAIR_INTERMEDIATE, 1.8);
    fx_bill(f, "12051", 1);
    fx_bill(f, "11642", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* 12.2 item 3: a layered closure with no repair line. */
static void test_repair_not_billed(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "nose", 1.0, 0.3, DA_DX_BCC);
    repair(f, 0, DA_REPAIR_INTERMEDIATE, 1.8);
    fx_bill(f, "11642", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "REPAIR-NOT-BILLED", DA_DIR_UNDER, "", 0, "12051", 1);
}

/* 1.4: 11440 + 12051 for Medicare without a second lesion over 0.5 cm: over. */
static void test_medicare_11440_12051_over(void **state)
{
    fixture *f = *state;
    f->payer = DA_PAYER_MEDICARE;
    note(f);
    excision(f, 0, "cheek", 0.3, 0.1, DA_DX_NEVUS); /* 0.5 cm benign face: 11440 */
    repair(f, 0, DA_REPAIR_INTERMEDIATE, 1.5);
    fx_bill(f, "11440", 1);
    fx_bill(f, "12051", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "REPAIR-BENIGN-SMALL", DA_DIR_OVER, "12051", 1, "", 0);
}

static void test_11440_12051_commercial_no_finding(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "cheek", 0.3, 0.1, DA_DX_NEVUS);
    repair(f, 0, DA_REPAIR_INTERMEDIATE, 1.5);
    fx_bill(f, "11440", 1);
    fx_bill(f, "12051", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* No such bundling for a malignant excision of 0.5 cm or less. */
static void test_medicare_small_malignant_keeps_repair(void **state)
{
    fixture *f = *state;
    f->payer = DA_PAYER_MEDICARE;
    note(f);
    excision(f, 0, "cheek", 0.3, 0.1, DA_DX_BCC);
    repair(f, 0, DA_REPAIR_INTERMEDIATE, 1.5);
    fx_bill(f, "11640", 1);
    fx_bill(f, "12051", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* A repair may still be reported for another lesion larger than 0.5 cm. */
static void test_medicare_repair_of_other_larger_lesion(void **state)
{
    fixture *f = *state;
    f->payer = DA_PAYER_MEDICARE;
    note(f);
    excision(f, 1, "cheek", 0.3, 0.1, DA_DX_NEVUS);  /* 11440, no repair */
    excision(f, 2, "cheek", 0.8, 0.2, DA_DX_NEVUS);  /* 1.2 cm: 11442 */
    repair(f, 2, DA_REPAIR_INTERMEDIATE, 2.0);
    fx_bill(f, "11440", 1);
    fx_bill(f, "11442", 1);
    fx_bill(f, "12051", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* 4.3: same class and group summed: 2.0 + 3.0 cm on the trunk = 5.0 cm -> 12032 once. */
static void test_same_class_group_summed(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 1, "back", 1.0, 0.2, DA_DX_BCC);
    repair(f, 1, DA_REPAIR_INTERMEDIATE, 2.0);
    excision(f, 2, "chest", 1.5, 0.2, DA_DX_BCC);
    repair(f, 2, DA_REPAIR_INTERMEDIATE, 3.0);
    fx_bill(f, "11602", 1);
    fx_bill(f, "11602", 1);
    fx_bill(f, "12031", 1);
    fx_bill(f, "12032", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "REPAIR-SUM", DA_DIR_OVER, "12031", 1, "", 0);
}

static void test_same_class_group_billed_separately_same_code(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 1, "back", 1.0, 0.2, DA_DX_BCC);
    repair(f, 1, DA_REPAIR_INTERMEDIATE, 2.0);
    excision(f, 2, "chest", 1.0, 0.2, DA_DX_BCC);
    repair(f, 2, DA_REPAIR_INTERMEDIATE, 2.0);
    fx_bill(f, "11602", 2);
    fx_bill(f, "12031", 2);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "REPAIR-SUM", DA_DIR_OVER, "12031", 2, "12032", 1);
}

/* Never summed across groups: scalp (group 1) and neck (group 2) for intermediate repair. */
static void test_not_summed_across_groups(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 1, "scalp", 1.0, 0.2, DA_DX_BCC);
    repair(f, 1, DA_REPAIR_INTERMEDIATE, 2.0);
    excision(f, 2, "neck", 1.0, 0.2, DA_DX_BCC);
    repair(f, 2, DA_REPAIR_INTERMEDIATE, 2.0);
    fx_bill(f, "11622", 2);
    fx_bill(f, "12032", 1);
    run(f);
    assert_int_equal(f->out.count, 2);
    expect(&f->out.items[0], "REPAIR-CODE", DA_DIR_OVER, "12032", 1, "12031", 1);
    expect(&f->out.items[1], "REPAIR-NOT-BILLED", DA_DIR_UNDER, "", 0, "12041", 1);
}

/* The scalp sits with arms and legs for complex repair: 2.0 + 1.5 = 3.5 cm -> 13121. */
static void test_complex_scalp_groups_with_limbs(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 1, "scalp", 1.0, 0.2, DA_DX_SCC);
    repair(f, 1, DA_REPAIR_COMPLEX, 2.0);
    excision(f, 2, "forearm", 0.8, 0.2, DA_DX_SCC);
    repair(f, 2, DA_REPAIR_COMPLEX, 1.5);
    fx_bill(f, "11622", 1);
    fx_bill(f, "11602", 1);
    fx_bill(f, "13121", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* Complex add-on: 13.0 cm on the trunk = 13101 + 13102 x 2 (7.5 + 2 x 5). */
static void test_complex_addon_units(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 4.0, 0.5, DA_DX_MELANOMA); /* 5.0 cm: 11606 */
    repair(f, 0, DA_REPAIR_COMPLEX, 13.0);
    fx_bill(f, "11606", 1);
    fx_bill(f, "13101", 1);
    fx_bill(f, "13102", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "REPAIR-CODE", DA_DIR_UNDER, "13102", 1, "13102", 2);
}

/* No complex code for 1.0 cm or less: nothing to compare. */
static void test_complex_1cm_has_no_code(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 0.3, 0.1, DA_DX_BCC); /* 0.5 cm: 11600 */
    repair(f, 0, DA_REPAIR_COMPLEX, 1.0);
    fx_bill(f, "11600", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* Complex billed, the note reading intermediate: over-billing when it says
 * nothing more; a review item when it calls the undermining extensive
 * (complex if it reached the defect's width, which it does not measure). */
static void test_intermediate_billed_as_complex(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 1.0, 0.2, DA_DX_BCC);
    repair(f, 0, DA_REPAIR_INTERMEDIATE, 3.0);
    fx_bill(f, "11602", 1);
    fx_bill(f, "13101", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "REPAIR-CLASS", DA_DIR_OVER, "13101", 1, "12032", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_HIGH);
}

static void test_intermediate_with_extensive_undermining(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 1.0, 0.2, DA_DX_BCC);
    repair(f, 0, DA_REPAIR_INTERMEDIATE, 3.0);
    fx_fact(f, DA_FACT_UNDERMINING, 0, 2, 0, -1); /* "Extensive undermining" */
    fx_bill(f, "11602", 1);
    fx_bill(f, "13101", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "REPAIR-CLASS", DA_DIR_OVER, "13101", 1, "12032", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_LOW);
    assert_non_null(f->out.items[0].review);
}

/* A layered closure whose wound was prepared (cones excised) and undermined
 * at least the defect's width is complex (coding-rules.md 4): billed 12032
 * for it is under-billing, 13101 is right; without the preparation it stays
 * intermediate (and 13101 billed for it is a review item, not money). */
static void test_width_undermining_makes_complex(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 1.0, 0.2, DA_DX_BCC);
    repair(f, 0, DA_REPAIR_INTERMEDIATE, 3.0);
    fx_fact(f, DA_FACT_UNDERMINING, 0, DA_UNDERMINE_WIDTH, 0, -1);
    fx_fact(f, DA_FACT_WOUND_PREP, 0, 1, 0, -1);
    fx_bill(f, "11602", 1);
    fx_bill(f, "12032", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "REPAIR-CLASS", DA_DIR_UNDER, "12032", 1, "13101", 1);
}

static void test_width_undermining_billed_complex(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 1.0, 0.2, DA_DX_BCC);
    repair(f, 0, DA_REPAIR_INTERMEDIATE, 3.0);
    fx_fact(f, DA_FACT_UNDERMINING, 0, DA_UNDERMINE_WIDTH, 0, -1);
    fx_fact(f, DA_FACT_WOUND_PREP, 0, 1, 0, -1);
    fx_bill(f, "11602", 1);
    fx_bill(f, "13101", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_width_undermining_without_preparation(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 1.0, 0.2, DA_DX_BCC);
    repair(f, 0, DA_REPAIR_INTERMEDIATE, 3.0);
    fx_fact(f, DA_FACT_UNDERMINING, 0, DA_UNDERMINE_WIDTH, 0, -1);
    fx_bill(f, "11602", 1);
    fx_bill(f, "12032", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_width_undermining_without_preparation_billed_complex(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 1.0, 0.2, DA_DX_BCC);
    repair(f, 0, DA_REPAIR_INTERMEDIATE, 3.0);
    fx_fact(f, DA_FACT_UNDERMINING, 0, DA_UNDERMINE_WIDTH, 0, -1);
    fx_bill(f, "11602", 1);
    fx_bill(f, "13101", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "REPAIR-CLASS", DA_DIR_OVER, "13101", 1, "12032", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_LOW);
}

static void test_complex_billed_as_intermediate(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 1.0, 0.2, DA_DX_BCC);
    repair(f, 0, DA_REPAIR_COMPLEX, 3.0);
    fx_bill(f, "11602", 1);
    fx_bill(f, "12032", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "REPAIR-CLASS", DA_DIR_UNDER, "12032", 1, "13101", 1);
}

/* ATT by primary + secondary area: 25 sq cm on the nose -> 14061. */
static void test_att_by_area(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "nose", 1.5, 0.3, DA_DX_BCC);
    fx_fact(f, DA_FACT_FLAP, 0, DA_FLAP_BILOBED, 0, -1);
    fx_fact(f, DA_FACT_FLAP_AREA, 0, 25.0, 0, -1);
    fx_bill(f, "14060", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "REPAIR-CODE", DA_DIR_UNDER, "14060", 1, "14061", 1);
}

/* Above 60 sq cm: 14301 + 14302 per further 30 sq cm (100 -> 2 add-ons). */
static void test_att_any_site_addons(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_SITE, 0, 0, 0, site(f, "back"));
    fx_fact(f, DA_FACT_FLAP, 0, DA_FLAP_ROTATION, 0, -1);
    fx_fact(f, DA_FACT_FLAP_AREA, 0, 100.0, 0, -1);
    fx_bill(f, "14301", 1);
    fx_bill(f, "14302", 2);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* 1.4: simple repair is included in the excision. */
static void test_simple_repair_included(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 1.0, 0.2, DA_DX_BCC);
    repair(f, 0, DA_REPAIR_SIMPLE, 2.0);
    fx_bill(f, "11602", 1);
    fx_bill(f, "12001", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "REPAIR-SIMPLE-INCLUDED", DA_DIR_OVER, "12001", 1, "", 0);
}

/* 4 and 5: a simple repair of a Mohs defect is reported apart; a biopsy
 * of another lesion the same day does not include it. */
static void test_simple_repair_of_mohs_defect(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_MOHS, 1, 1, 0, -1);
    fx_fact(f, DA_FACT_SITE, 1, 0, 0, site(f, "nose"));
    repair(f, 1, DA_REPAIR_SIMPLE, 1.5);
    fx_fact(f, DA_FACT_PROCEDURE, 2, DA_PROC_BIOPSY_TANGENTIAL, 0, -1);
    fx_fact(f, DA_FACT_SITE, 2, 0, 0, site(f, "back"));
    fx_bill(f, "12011", 1);
    fx_bill(f, "11102", 1);
    run(f);
    for (size_t i = 0; i < f->out.count; i++)
        assert_string_not_equal(f->out.items[i].rule, "REPAIR-SIMPLE-INCLUDED");
}

static void test_repair_billed_none_documented(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 1.0, 0.2, DA_DX_BCC);
    fx_bill(f, "11602", 1);
    fx_bill(f, "12032", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "REPAIR-UNSUPPORTED", DA_DIR_OVER, "12032", 1, "", 0);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_MEDIUM);
    assert_null(f->out.items[0].review);
}

/* A closure measured ("Length of repair 10.2 cm") whose class was not read:
 * the billed repair is for a coder to review, not called unsupported. */
static void test_repair_billed_closure_unclassed(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 2.4, 0.5, DA_DX_MIS);
    fx_fact(f, DA_FACT_REPAIR_LENGTH, 0, 10.2, 0, -1);
    fx_bill(f, "11604", 1);
    fx_bill(f, "12034", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "REPAIR-UNSUPPORTED", DA_DIR_OVER, "12034", 1, "", 0);
    assert_non_null(f->out.items[0].review);
}

static void test_repair_without_length_is_gap(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 1.0, 0.2, DA_DX_BCC);
    repair(f, 0, DA_REPAIR_INTERMEDIATE, 0);
    fx_bill(f, "11602", 1);
    fx_bill(f, "12031", 1);
    run(f);
    /* The repair is documented, its length is not: the billed 12031 cannot
     * be verified (a gap naming it), and is not unsupported. */
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "REPAIR-SIZE-GAP", DA_DIR_GAP, "12031", 1, "12031", 1);
}

/* A layered closure without a length, nothing billed for it: no code can
 * be named, so no money; a review item for a coder to query. */
static void test_repair_without_length_not_billed_is_review(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 0, "back", 1.0, 0.2, DA_DX_BCC);
    repair(f, 0, DA_REPAIR_INTERMEDIATE, 0);
    fx_bill(f, "11602", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "REPAIR-SIZE-GAP", DA_DIR_GAP, "", 0, "", 0);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_LOW);
    assert_non_null(f->out.items[0].review);
}

/* An operative record and a second note of the same visit (of the type
 * given), each telling a layered closure at one site: the record's and the
 * other's. */
static void record_and(fixture *f, const char *record_site, double record_cm, const char *type,
                       const char *other_site, double other_cm)
{
    fx_note_text(f, "op", NOTE_TEXT);
    fx_fact(f, DA_FACT_SITE, 0, 0, 0, site(f, record_site));
    repair(f, 0, DA_REPAIR_INTERMEDIATE, record_cm);
    fx_note_text(f, type, "I closed the wound in layers, a linear repair.");
    fx_fact(f, DA_FACT_SITE, 0, 0, 0, site(f, other_site));
    repair(f, 0, DA_REPAIR_INTERMEDIATE, other_cm);
}

/* A letter to the referring physician and the operative record of one visit. */
static void letter_and_record(fixture *f, const char *record_site, double record_cm,
                              const char *letter_site, double letter_cm)
{
    record_and(f, record_site, record_cm, "visit", letter_site, letter_cm);
}

/* The letter and the record both tell a 3.8 cm layered closure of the
 * forearm: one repair, 12032 (2.6-7.5 cm), not 7.6 cm summed (12034). */
static void test_repair_told_in_letter_and_record(void **state)
{
    fixture *f = *state;
    letter_and_record(f, "forearm", 3.8, "forearm", 3.8);
    fx_bill(f, "12032", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* The same two notes, no repair line: 12032 missing, found once. */
static void test_retold_repair_not_billed_once(void **state)
{
    fixture *f = *state;
    letter_and_record(f, "forearm", 3.8, "forearm", 3.8);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "REPAIR-NOT-BILLED", DA_DIR_UNDER, "", 0, "12032", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_HIGH);
}

/* The record says 3.8 cm (12032), the letter 2.0 cm (12031), 12031 billed:
 * which length is right is for a coder, no money either way. */
static void test_retold_repair_told_otherwise(void **state)
{
    fixture *f = *state;
    letter_and_record(f, "forearm", 3.8, "forearm", 2.0);
    fx_bill(f, "12031", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "REPAIR-CODE", DA_DIR_UNDER, "12031", 1, "12032", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_LOW);
    assert_non_null(f->out.items[0].review);
}

/* An addendum corrects the record's 2.4 cm on the cheek to 2.8 cm: the
 * corrected length codes it (12052, 2.6-5.0 cm on the face), no doubt left;
 * 12051 billed is under-billing. */
static void test_addendum_corrects_repair_length(void **state)
{
    fixture *f = *state;
    record_and(f, "cheek", 2.4, "addendum", "cheek", 2.8);
    fx_bill(f, "12051", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "REPAIR-CODE", DA_DIR_UNDER, "12051", 1, "12052", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_HIGH);
}

/* The same, 12052 billed: right. */
static void test_addendum_corrected_length_billed(void **state)
{
    fixture *f = *state;
    record_and(f, "cheek", 2.4, "addendum", "cheek", 2.8);
    fx_bill(f, "12052", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* Two notes at two sites of one group are two repairs, summed (4.3):
 * 2.0 + 2.0 cm = 4.0 cm -> 12032, where 12031 was billed. */
static void test_two_notes_two_sites_two_repairs(void **state)
{
    fixture *f = *state;
    letter_and_record(f, "forearm", 2.0, "back", 2.0);
    fx_bill(f, "12031", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "REPAIR-SUM", DA_DIR_UNDER, "12031", 1, "12032", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_HIGH);
}

/* A Mohs closure: a repair block with no removal procedure of these families. */
static void test_mohs_repair_billed_right(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_MOHS, 0, 1, 0, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, 0, site(f, "nasal ala"));
    repair(f, 0, DA_REPAIR_COMPLEX, 2.2);
    fx_bill(f, "17311", 1);
    fx_bill(f, "13151", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* AKs examined, none destroyed ("No destruction today"), 17000 + 17003
 * billed: both lines over-billing; SKs named and an AK line billed is
 * another matter (no AK spoken of: nothing said). */
static void test_aks_not_destroyed(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_DIAGNOSIS, 0, DA_DX_AK, 0, -1);
    fx_bill(f, "17000", 1);
    fx_bill(f, "17003", 2);
    run(f);
    assert_int_equal(f->out.count, 2);
    expect(&f->out.items[0], "LESION-DESTR-UNSUPPORTED", DA_DIR_OVER, "17000", 1, "", 0);
    expect(&f->out.items[1], "LESION-DESTR-UNSUPPORTED", DA_DIR_OVER, "17003", 2, "", 0);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_MEDIUM);
}

static void test_ak_line_with_only_sks_spoken_of(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_DIAGNOSIS, 0, DA_DX_SK, 0, -1);
    fx_bill(f, "17000", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* Nothing documented: the billed lines are left alone (no lesion fact to audit against). */
static void test_nothing_documented_no_finding(void **state)
{
    fixture *f = *state;
    note(f);
    fx_bill(f, "11602", 1);
    fx_bill(f, "12032", 1);
    fx_bill(f, "17000", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* ---- the Lesions & Repairs sheet -------------------------------------- */

static void test_detail_rows_per_lesion(void **state)
{
    fixture *f = *state;
    note(f);
    excision(f, 1, "leg", 1.0, 0.2, DA_DX_BCC);    /* 11602, billed 11601: under */
    repair(f, 1, DA_REPAIR_INTERMEDIATE, 3.0);      /* 12032 billed right */
    excision(f, 2, "cheek", 0.6, 0.2, DA_DX_NEVUS); /* 11441, billed right */
    fx_bill(f, "11601", 1);
    fx_bill(f, "11441", 1);
    fx_bill(f, "12032", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    const da_detail *t = fx_table(f, "Lesions & Repairs");
    assert_int_equal(t->nrows, 3); /* two lesions and one repair */
    const da_cell *r1 = &t->cells[0];
    const da_cell *r2 = &t->cells[t->ncolumns];
    const da_cell *r3 = &t->cells[2 * t->ncolumns];
    assert_int_equal((int)r1[3].number, 1);
    assert_string_equal(r1[5].text, "leg");
    assert_string_equal(r1[6].text, "tal");
    assert_string_equal(r1[7].text, "1");
    assert_string_equal(r1[8].text, "0.2");
    assert_string_equal(r1[9].text, "1.4");
    assert_string_equal(r1[10].text, "bcc");
    assert_string_equal(r1[12].text, "11601");
    assert_string_equal(r1[13].text, "11602");
    assert_int_equal(r1[14].finding, 0); /* the under amount sums finding 0 */
    assert_int_equal(r1[14].nfindings, 1);
    assert_int_equal(r1[14].direction, DA_DIR_UNDER);
    assert_string_equal(r2[13].text, "11441");
    assert_int_equal(r2[14].finding, -1); /* no finding on lesion 2 */
    assert_string_equal(r3[11].text, "3");
    assert_string_equal(r3[12].text, "12032");
    assert_int_equal(r3[14].finding, -1);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_leg_1cm_margins_benign_11402),
        T(test_leg_1cm_margins_malignant_11602),
        T(test_coded_without_margins_is_under),
        T(test_pathology_size_not_used),
        T(test_benign_code_malignant_pathology),
        T(test_pathology_from_separate_report),
        T(test_atypical_nevus_is_benign),
        T(test_reexcision_of_proven_malignancy_stays_malignant),
        T(test_diameters_never_added),
        T(test_two_lesions_billed_right_any_order),
        T(test_exact_boundary_is_upper_inclusive),
        T(test_boundary_ambiguous_accepts_both),
        T(test_boundary_ambiguous_mismatch_is_low),
        T(test_undocumented_margin_is_gap_not_leak),
        T(test_undocumented_margin_billed_at_lesion_size),
        T(test_undocumented_margin_billed_below_lesion_size),
        T(test_stated_excised_diameter),
        T(test_site_group_face_billed_as_trunk),
        T(test_mucosa_benign_face_group),
        T(test_mucosa_malignant_has_no_excision_code),
        T(test_excision_not_billed),
        T(test_extra_excision_line),
        T(test_extra_excision_line_two_sizes),
        T(test_extra_excision_line_counted),
        T(test_unsized_excision_is_a_gap),
        T(test_excision_code_for_a_service),
        T(test_excision_code_beside_a_service),
        T(test_att_includes_excision),
        T(test_shave_sizes_disagree),
        T(test_shave_sizes_disagree_billed_outside),
        T(test_excision_sizes_disagree),
        T(test_shave_foot_ignores_margin),
        T(test_shave_foot_billed_with_margin_is_over),
        T(test_shave_four_buckets),
        T(test_17_aks_17004),
        T(test_aks_15_billed_17000_17003),
        T(test_17004_with_17000_is_over),
        T(test_fewer_than_15_billed_17004),
        T(test_17003_units_short),
        T(test_single_ak_17000_only),
        T(test_8_aks_and_bowens_arm),
        T(test_bowens_destruction_not_billed),
        T(test_biopsy_pathology_does_not_make_aks_malignant),
        T(test_destroyed_lesion_with_malignant_report),
        T(test_malignant_destruction_billed_none_documented),
        T(test_22_tags_need_one_11201),
        T(test_27_tags_billed_right),
        T(test_12_tags_need_no_11201),
        T(test_tags_not_billed_say_nothing),
        T(test_malignant_destruction_billed_diagnosis_unread),
        T(test_malignant_destruction_pre_curettage_size),
        T(test_malignant_destruction_post_curettage_size),
        T(test_malignant_destruction_beyond_any_size),
        T(test_17110_one_unit_per_session),
        T(test_17111_for_15_or_more),
        T(test_17110_with_17111_is_over),
        T(test_shave_base_electrodesiccated),
        T(test_benign_destroyed_not_billed),
        T(test_biopsy_billed_with_its_excision),
        T(test_biopsy_of_another_lesion_with_an_excision),
        T(test_biopsy_billed_alone_unread),
        T(test_biopsy_billed_on_a_mohs_day_unread),
        T(test_biopsy_billed_under_a_mohs_letterhead),
        T(test_punch_and_two_shaves),
        T(test_incisional_and_two_punches),
        T(test_base_under_lower_technique),
        T(test_several_base_codes_denial),
        T(test_missing_biopsy_addon),
        T(test_extra_biopsy_addon),
        T(test_extra_biopsy_addon_counted),
        T(test_counted_biopsies_of_two_techniques),
        T(test_counted_biopsies_of_two_techniques_billed_right),
        T(test_counted_biopsies_unread_technique_is_review),
        T(test_biopsy_of_removed_lesion_not_coded),
        T(test_intermediate_face_billed_right),
        T(test_repair_not_billed),
        T(test_medicare_11440_12051_over),
        T(test_11440_12051_commercial_no_finding),
        T(test_medicare_small_malignant_keeps_repair),
        T(test_medicare_repair_of_other_larger_lesion),
        T(test_same_class_group_summed),
        T(test_same_class_group_billed_separately_same_code),
        T(test_not_summed_across_groups),
        T(test_complex_scalp_groups_with_limbs),
        T(test_complex_addon_units),
        T(test_complex_1cm_has_no_code),
        T(test_width_undermining_makes_complex),
        T(test_width_undermining_billed_complex),
        T(test_width_undermining_without_preparation),
        T(test_width_undermining_without_preparation_billed_complex),
        T(test_complex_billed_as_intermediate),
        T(test_intermediate_billed_as_complex),
        T(test_intermediate_with_extensive_undermining),
        T(test_att_by_area),
        T(test_att_any_site_addons),
        T(test_simple_repair_included),
        T(test_simple_repair_of_mohs_defect),
        T(test_repair_billed_none_documented),
        T(test_repair_billed_closure_unclassed),
        T(test_repair_without_length_is_gap),
        T(test_repair_without_length_not_billed_is_review),
        T(test_mohs_repair_billed_right),
        T(test_repair_told_in_letter_and_record),
        T(test_retold_repair_not_billed_once),
        T(test_retold_repair_told_otherwise),
        T(test_addendum_corrects_repair_length),
        T(test_addendum_corrected_length_billed),
        T(test_two_notes_two_sites_two_repairs),
        T(test_aks_not_destroyed),
        T(test_ak_line_with_only_sks_spoken_of),
        T(test_nothing_documented_no_finding),
        T(test_detail_rows_per_lesion),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
