/* test_mohs.c - the Mohs rule (rules/mohs.c) on hand-built encounters.
 *
 * Facts are given directly, as extraction would produce them, so each case
 * tests the rule alone; every expectation is worked out by hand from
 * coding-rules.md section 5: 17311 head/neck/hands/feet/genitalia or deep
 * structures, 17313 trunk/arms/legs, one 17312/17314 per stage after the
 * first, one 17315 per block beyond 5 in any stage.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "rule_fixture.h"
#include "sites.h"

#define NOTE_TEXT "Mohs micrographic surgery, left nasal ala. Stage I: 7 blocks. Stage II: 6 blocks."

/* A site of the table in the given Mohs group (HEAD picks a face site). */
static int site_in(const fixture *f, da_mohs_group g)
{
    for (size_t i = 0; i < da_sites_count(f->rules.sites); i++) {
        const da_site *s = da_site_get(f->rules.sites, (int)i);
        if (s->mohs == g && (g != DA_MOHS_HEAD || s->lesion == DA_LESION_FACE))
            return (int)i;
    }
    fail_msg("no site in group %d", (int)g);
    return -1;
}

static int setup(void **state)
{
    return fx_setup(state);
}

static void note(fixture *f)
{
    fx_note_text(f, "", NOTE_TEXT);
}

/* A documented Mohs case on one lesion: site, and blocks per stage (0 ends). */
static void mohs_case(fixture *f, int lesion, int site, const int *blocks)
{
    fx_fact(f, DA_FACT_MOHS, lesion, 1, 0, -1);
    fx_fact(f, DA_FACT_SITE, lesion, 0, DA_SIDE_LEFT, site);
    for (int s = 0; blocks[s]; s++) {
        fx_fact(f, DA_FACT_MOHS_STAGE, lesion, s + 1, 0, -1);
        fx_fact(f, DA_FACT_MOHS_BLOCKS, lesion, blocks[s], s + 1, -1);
    }
}

static void run(fixture *f)
{
    fx_run(f, da_rule_mohs);
}

static void expect(const da_finding *x, const char *rule, da_direction dir, const char *billed,
                   int billed_units, const char *expected, int expected_units)
{
    fx_expect(x, "mohs", rule, dir, billed, billed_units, expected, expected_units);
}

static void test_head_two_stages_billed_right(void **state)
{
    fixture *f = *state;
    note(f);
    mohs_case(f, 0, site_in(f, DA_MOHS_HEAD), (int[]){3, 2, 0});
    fx_bill(f, "17311", 1);
    fx_bill(f, "17312", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_missing_additional_stage(void **state)
{
    fixture *f = *state;
    note(f);
    mohs_case(f, 0, site_in(f, DA_MOHS_HEAD), (int[]){3, 2, 0});
    fx_bill(f, "17311", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "MOHS-STAGES", DA_DIR_UNDER, "", 0, "17312", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_HIGH);
    /* The evidence is note text, at most 200 characters. */
    assert_non_null(strstr(NOTE_TEXT, f->out.items[0].evidence));
    assert_true(strlen(f->out.items[0].evidence) > 0);
}

static void test_trunk_three_stages_short_by_one(void **state)
{
    fixture *f = *state;
    note(f);
    mohs_case(f, 0, site_in(f, DA_MOHS_TRUNK), (int[]){2, 2, 1, 0});
    fx_bill(f, "17313", 1);
    fx_bill(f, "17314", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "MOHS-STAGES", DA_DIR_UNDER, "17314", 1, "17314", 2);
}

static void test_trunk_three_stages_billed_right(void **state)
{
    fixture *f = *state;
    note(f);
    mohs_case(f, 0, site_in(f, DA_MOHS_TRUNK), (int[]){2, 2, 1, 0});
    fx_bill(f, "17313", 1);
    fx_bill(f, "17314", 2);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_additional_stage_billed_for_one_stage(void **state)
{
    fixture *f = *state;
    note(f);
    mohs_case(f, 0, site_in(f, DA_MOHS_TRUNK), (int[]){4, 0});
    fx_bill(f, "17313", 1);
    fx_bill(f, "17314", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "MOHS-STAGES", DA_DIR_OVER, "17314", 1, "", 0);
}

static void test_blocks_beyond_five_in_any_stage(void **state)
{
    fixture *f = *state;
    note(f);
    /* 7 blocks in stage I and 6 in stage II: (7 - 5) + (6 - 5) = 3 x 17315. */
    mohs_case(f, 0, site_in(f, DA_MOHS_HEAD), (int[]){7, 6, 0});
    fx_bill(f, "17311", 1);
    fx_bill(f, "17312", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "MOHS-BLOCKS", DA_DIR_UNDER, "", 0, "17315", 3);
}

static void test_five_blocks_need_no_17315(void **state)
{
    fixture *f = *state;
    note(f);
    mohs_case(f, 0, site_in(f, DA_MOHS_HEAD), (int[]){5, 5, 0});
    fx_bill(f, "17311", 1);
    fx_bill(f, "17312", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_17315_billed_without_extra_blocks(void **state)
{
    fixture *f = *state;
    note(f);
    mohs_case(f, 0, site_in(f, DA_MOHS_HEAD), (int[]){4, 0});
    fx_bill(f, "17311", 1);
    fx_bill(f, "17315", 2);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "MOHS-BLOCKS", DA_DIR_OVER, "17315", 2, "", 0);
}

/* 17315 billed where a stage's blocks are not counted ("taken as multiple
 * sections (see map)"): the blocks cannot be verified, a gap, not over. */
static void test_17315_billed_with_a_stage_uncounted(void **state)
{
    fixture *f = *state;
    note(f);
    int head = site_in(f, DA_MOHS_HEAD);
    fx_fact(f, DA_FACT_MOHS, 0, 1, 0, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, DA_SIDE_LEFT, head);
    fx_fact(f, DA_FACT_MOHS_STAGE, 0, 1, 0, -1);
    fx_fact(f, DA_FACT_MOHS_STAGE, 0, 2, 0, -1);
    fx_fact(f, DA_FACT_MOHS_BLOCKS, 0, 2, 2, -1);
    fx_bill(f, "17311", 1);
    fx_bill(f, "17312", 1);
    fx_bill(f, "17315", 2);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "MOHS-BLOCKS-UNDOCUMENTED", DA_DIR_GAP, "17315", 2, "", 0);
}

/* "Seven blocks in each stage" counts for every stage: 2 x (7 - 5) = 4;
 * billed right, no finding. */
static void test_blocks_in_each_stage(void **state)
{
    fixture *f = *state;
    note(f);
    int head = site_in(f, DA_MOHS_HEAD);
    fx_fact(f, DA_FACT_MOHS, 0, 1, 0, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, DA_SIDE_LEFT, head);
    fx_fact(f, DA_FACT_MOHS_BLOCKS, 0, 7, -1, -1);
    fx_fact(f, DA_FACT_MOHS_STAGE_COUNT, 0, 2, 0, -1);
    fx_bill(f, "17311", 1);
    fx_bill(f, "17312", 1);
    fx_bill(f, "17315", 4);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_head_site_billed_as_trunk(void **state)
{
    fixture *f = *state;
    note(f);
    mohs_case(f, 0, site_in(f, DA_MOHS_HEAD), (int[]){3, 2, 0});
    fx_bill(f, "17313", 1);
    fx_bill(f, "17314", 1);
    run(f);
    assert_int_equal(f->out.count, 2);
    expect(&f->out.items[0], "MOHS-PRIMARY-SITE", DA_DIR_UNDER, "17313", 1, "17311", 1);
    expect(&f->out.items[1], "MOHS-PRIMARY-SITE", DA_DIR_UNDER, "17314", 1, "17312", 1);
}

static void test_deep_structures_on_the_arm_make_17311(void **state)
{
    fixture *f = *state;
    note(f);
    mohs_case(f, 0, site_in(f, DA_MOHS_TRUNK), (int[]){3, 0});
    fx_fact(f, DA_FACT_MOHS_DEEP, 0, 1, 0, -1);
    fx_bill(f, "17313", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "MOHS-PRIMARY-SITE", DA_DIR_UNDER, "17313", 1, "17311", 1);
}

static void test_trunk_site_billed_as_head(void **state)
{
    fixture *f = *state;
    note(f);
    mohs_case(f, 0, site_in(f, DA_MOHS_TRUNK), (int[]){3, 0});
    fx_bill(f, "17311", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "MOHS-PRIMARY-SITE", DA_DIR_OVER, "17311", 1, "17313", 1);
}

static void test_documented_but_not_billed(void **state)
{
    fixture *f = *state;
    note(f);
    mohs_case(f, 0, site_in(f, DA_MOHS_HEAD), (int[]){6, 2, 3, 0});
    run(f); /* no claim at all for the visit */
    assert_int_equal(f->out.count, 3);
    expect(&f->out.items[0], "MOHS-NOT-BILLED", DA_DIR_UNDER, "", 0, "17311", 1);
    expect(&f->out.items[1], "MOHS-NOT-BILLED", DA_DIR_UNDER, "", 0, "17312", 2);
    expect(&f->out.items[2], "MOHS-NOT-BILLED", DA_DIR_UNDER, "", 0, "17315", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_HIGH);
    assert_null(f->out.items[0].review);
}

/* A visit billed (a flap, an E/M) without one Mohs code while the chart
 * holds a Mohs report: most often another surgeon's Mohs, so the findings
 * are review items, not money. */
static void test_documented_others_billed(void **state)
{
    fixture *f = *state;
    note(f);
    mohs_case(f, 0, site_in(f, DA_MOHS_HEAD), (int[]){6, 2, 3, 0});
    fx_bill(f, "14060", 1);
    run(f);
    assert_int_equal(f->out.count, 3);
    expect(&f->out.items[0], "MOHS-NOT-BILLED", DA_DIR_UNDER, "", 0, "17311", 1);
    for (size_t i = 0; i < f->out.count; i++) {
        assert_int_equal(f->out.items[i].confidence, DA_CONF_LOW);
        assert_non_null(f->out.items[i].review);
    }
}

/* One tumour read (two stages), 17311 billed twice: over-billing, unless the
 * note tells stages again past the tumour read ("Stage one three blocks"
 * after stage two: a second tumour the reading did not tell apart), when it
 * is a review item. */
static void test_second_first_stage_line(void **state)
{
    fixture *f = *state;
    note(f);
    static const int blocks[] = {4, 1, 0};
    mohs_case(f, 0, site_in(f, DA_MOHS_HEAD), blocks);
    fx_bill(f, "17311", 2);
    fx_bill(f, "17312", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "MOHS-UNSUPPORTED", DA_DIR_OVER, "17311", 2, "17311", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_HIGH);
}

static void test_second_first_stage_line_stages_told_again(void **state)
{
    fixture *f = *state;
    note(f);
    static const int blocks[] = {4, 1, 0};
    mohs_case(f, 0, site_in(f, DA_MOHS_HEAD), blocks);
    fx_fact(f, DA_FACT_MOHS_BLOCKS, 0, 3, 1, -1); /* "Stage one three blocks" again */
    fx_bill(f, "17311", 2);
    fx_bill(f, "17312", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "MOHS-UNSUPPORTED", DA_DIR_OVER, "17311", 2, "17311", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_LOW);
    assert_non_null(f->out.items[0].review);
}

/* "First stage ... additional tissue taken until a tumor-free plane" with
 * no count: 17312 x2 cannot be verified either way (a gap, not an
 * accusation); with the second stage listed the list is the count. */
static void test_stages_taken_again_uncounted(void **state)
{
    fixture *f = *state;
    note(f);
    static const int blocks[] = {3, 0};
    mohs_case(f, 0, site_in(f, DA_MOHS_HEAD), blocks);
    fx_fact(f, DA_FACT_MOHS_MORE, 0, 1, 0, -1);
    fx_bill(f, "17311", 1);
    fx_bill(f, "17312", 2);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "MOHS-STAGES-UNDOCUMENTED", DA_DIR_GAP, "17312", 2, "", 0);
}

static void test_stages_taken_again_listed(void **state)
{
    fixture *f = *state;
    note(f);
    static const int blocks[] = {3, 2, 0};
    mohs_case(f, 0, site_in(f, DA_MOHS_HEAD), blocks);
    fx_fact(f, DA_FACT_MOHS_MORE, 0, 1, 0, -1);
    fx_bill(f, "17311", 1);
    fx_bill(f, "17312", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_billed_without_mohs_in_the_notes(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_SIZE, 0, 1.2, 0, -1);
    fx_bill(f, "17311", 1);
    fx_bill(f, "17312", 1);
    run(f);
    assert_int_equal(f->out.count, 2);
    expect(&f->out.items[0], "MOHS-UNSUPPORTED", DA_DIR_OVER, "17311", 1, "", 0);
    expect(&f->out.items[1], "MOHS-UNSUPPORTED", DA_DIR_OVER, "17312", 1, "", 0);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_MEDIUM);
}

static void test_mohs_planned_not_performed(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_MOHS, 0, 1, 0, -1); /* "refer for Mohs": no stage */
    fx_bill(f, "99213", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_stages_not_documented(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_MOHS, 0, 1, 0, -1);
    fx_bill(f, "17311", 1);
    fx_bill(f, "17312", 2);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "MOHS-STAGES-UNDOCUMENTED", DA_DIR_GAP, "17312", 2, "", 0);
}

static void test_no_notes_no_finding(void **state)
{
    fixture *f = *state;
    fx_bill(f, "17311", 1);
    fx_bill(f, "17312", 3);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_two_tumours_in_one_note(void **state)
{
    fixture *f = *state;
    note(f);
    f->facts[0].nlesions = 2;
    mohs_case(f, 1, site_in(f, DA_MOHS_HEAD), (int[]){3, 2, 0});
    mohs_case(f, 2, site_in(f, DA_MOHS_TRUNK), (int[]){4, 0});
    fx_bill(f, "17311", 1);
    fx_bill(f, "17312", 1);
    fx_bill(f, "17313", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

static void test_second_tumour_not_billed(void **state)
{
    fixture *f = *state;
    note(f);
    f->facts[0].nlesions = 2;
    mohs_case(f, 1, site_in(f, DA_MOHS_HEAD), (int[]){3, 2, 0});
    mohs_case(f, 2, site_in(f, DA_MOHS_HEAD), (int[]){4, 0});
    fx_bill(f, "17311", 1);
    fx_bill(f, "17312", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "MOHS-NOT-BILLED", DA_DIR_UNDER, "17311", 1, "17311", 2);
}

/* A letter to the referring physician ("I treated it with Mohs micrographic
 * surgery today ... cleared in two stages") and the operative record of the
 * same day with its stage table tell one tumour: 17311 + 17312 billed is
 * right, not two tumours short of a 17311 and a 17312. */
static void test_one_tumour_told_in_letter_and_record(void **state)
{
    fixture *f = *state;
    int nose = site_in(f, DA_MOHS_HEAD);
    fx_note_text(f, "visit", "Letter: Mohs today, nasal tip, cleared in two stages.");
    fx_fact(f, DA_FACT_MOHS, 0, 1, 0, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, DA_SIDE_NONE, nose);
    fx_fact(f, DA_FACT_MOHS_STAGE_COUNT, 0, 2, 0, -1);
    fx_note_text(f, "op", NOTE_TEXT);
    mohs_case(f, 0, nose, (int[]){3, 1, 0});
    fx_bill(f, "17311", 1);
    fx_bill(f, "17312", 1);
    run(f);
    assert_int_equal(f->out.count, 0);
}

/* The same two notes, the record short of its second stage's line: one
 * 17312 missing, found once, from the record. */
static void test_retold_tumour_stage_missing_once(void **state)
{
    fixture *f = *state;
    int nose = site_in(f, DA_MOHS_HEAD);
    fx_note_text(f, "visit", "Letter: Mohs today, nasal tip, cleared in two stages.");
    fx_fact(f, DA_FACT_MOHS, 0, 1, 0, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, DA_SIDE_NONE, nose);
    fx_fact(f, DA_FACT_MOHS_STAGE_COUNT, 0, 2, 0, -1);
    fx_note_text(f, "op", NOTE_TEXT);
    mohs_case(f, 0, nose, (int[]){3, 1, 0});
    fx_bill(f, "17311", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "MOHS-STAGES", DA_DIR_UNDER, "", 0, "17312", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_HIGH);
}

/* A letter that counts three stages where the record lists two is no
 * ground for money either way: the missing add-on is a review item. */
static void test_retold_tumour_told_otherwise(void **state)
{
    fixture *f = *state;
    int nose = site_in(f, DA_MOHS_HEAD);
    fx_note_text(f, "visit", "Letter: Mohs today, nasal tip, cleared in three stages.");
    fx_fact(f, DA_FACT_MOHS, 0, 1, 0, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, DA_SIDE_NONE, nose);
    fx_fact(f, DA_FACT_MOHS_STAGE_COUNT, 0, 3, 0, -1);
    fx_note_text(f, "op", NOTE_TEXT);
    mohs_case(f, 0, nose, (int[]){3, 1, 0});
    fx_bill(f, "17311", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "MOHS-STAGES", DA_DIR_UNDER, "", 0, "17312", 1);
    assert_int_equal(f->out.items[0].confidence, DA_CONF_LOW);
    assert_non_null(f->out.items[0].review);
}

/* Two notes at two sites are two tumours: nothing is merged. */
static void test_two_notes_two_sites_two_tumours(void **state)
{
    fixture *f = *state;
    fx_note_text(f, "op", NOTE_TEXT);
    mohs_case(f, 0, site_in(f, DA_MOHS_HEAD), (int[]){3, 0});
    fx_note_text(f, "op", NOTE_TEXT);
    mohs_case(f, 0, site_in(f, DA_MOHS_TRUNK), (int[]){2, 0});
    fx_bill(f, "17311", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "MOHS-NOT-BILLED", DA_DIR_UNDER, "", 0, "17313", 1);
}

/* "First stage excised ... Additional layer(s) taken until clear": the
 * note does not count its stages, so the two add-ons billed are a gap, not
 * over-billing against the one stage it names. */
static void test_stages_taken_not_counted(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_MOHS, 0, 1, 0, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, DA_SIDE_NONE, site_in(f, DA_MOHS_HEAD));
    fx_fact(f, DA_FACT_MOHS_STAGE, 0, 1, 0, -1);       /* "First stage" */
    fx_fact(f, DA_FACT_MOHS_STAGE_COUNT, 0, 0, 0, -1); /* "Additional layer(s)" */
    fx_bill(f, "17311", 1);
    fx_bill(f, "17312", 2);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "MOHS-STAGES-UNDOCUMENTED", DA_DIR_GAP, "17312", 2, "", 0);
}

static void test_stage_count_without_list(void **state)
{
    fixture *f = *state;
    note(f);
    fx_fact(f, DA_FACT_MOHS, 0, 1, 0, -1);
    fx_fact(f, DA_FACT_SITE, 0, 0, DA_SIDE_NONE, site_in(f, DA_MOHS_HEAD));
    fx_fact(f, DA_FACT_MOHS_STAGE_COUNT, 0, 3, 0, -1); /* "a total of three stages" */
    fx_bill(f, "17311", 1);
    fx_bill(f, "17312", 1);
    run(f);
    assert_int_equal(f->out.count, 1);
    expect(&f->out.items[0], "MOHS-STAGES", DA_DIR_UNDER, "17312", 1, "17312", 2);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, fx_teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_head_two_stages_billed_right),
        T(test_missing_additional_stage),
        T(test_trunk_three_stages_short_by_one),
        T(test_trunk_three_stages_billed_right),
        T(test_additional_stage_billed_for_one_stage),
        T(test_blocks_beyond_five_in_any_stage),
        T(test_five_blocks_need_no_17315),
        T(test_17315_billed_without_extra_blocks),
        T(test_17315_billed_with_a_stage_uncounted),
        T(test_blocks_in_each_stage),
        T(test_head_site_billed_as_trunk),
        T(test_deep_structures_on_the_arm_make_17311),
        T(test_trunk_site_billed_as_head),
        T(test_documented_but_not_billed),
        T(test_documented_others_billed),
        T(test_second_first_stage_line),
        T(test_second_first_stage_line_stages_told_again),
        T(test_stages_taken_again_uncounted),
        T(test_stages_taken_again_listed),
        T(test_billed_without_mohs_in_the_notes),
        T(test_mohs_planned_not_performed),
        T(test_stages_not_documented),
        T(test_no_notes_no_finding),
        T(test_one_tumour_told_in_letter_and_record),
        T(test_retold_tumour_stage_missing_once),
        T(test_retold_tumour_told_otherwise),
        T(test_two_notes_two_sites_two_tumours),
        T(test_two_tumours_in_one_note),
        T(test_second_tumour_not_billed),
        T(test_stage_count_without_list),
        T(test_stages_taken_not_counted),
    };
    return cmocka_run_group_tests_name("mohs", tests, NULL, NULL);
}
