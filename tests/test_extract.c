/* test_extract.c - fact extraction: sizes, margins, sites and their CPT
 * groups, Mohs stages/blocks/counts/deep structures, lesion blocks, offsets,
 * the --facts CSV, and inputs built to make a regex engine work hard.
 * Expected values are worked out by hand from the note text and
 * coding-rules.md sections 1.1, 4.2 and 5. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "drugs.h"
#include "extract.h"
#include "vocab.h"
#include "text.h"
#include "sites.h"

static da_sites *SITES;
static da_drugs *DRUGS;
static da_extractor *X;
static da_fact_list L;

static int setup(void **state)
{
    (void)state;
    da_facts_init(&L);
    return da_sites_load(&SITES) == DA_OK && da_drugs_load(&DRUGS) == DA_OK &&
                   da_extractor_new(&X, SITES, DRUGS) == DA_OK
               ? 0
               : -1;
}

static int teardown(void **state)
{
    (void)state;
    da_extractor_free(X);
    da_facts_free(&L);
    da_sites_free(SITES);
    da_drugs_free(DRUGS);
    return 0;
}

static const char *note; /* text of the last extraction, for offsets */

static void extract(const char *text)
{
    note = text;
    assert_int_equal(da_extract_note(X, text, strlen(text), NULL, &L), DA_OK);
    assert_int_equal(L.limit_hit, 0);
}

static size_t count_kind(da_fact_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < L.count; i++)
        n += L.items[i].kind == kind;
    return n;
}

/* The i-th fact of a kind (0-based); fails the test when there is none. */
static const da_fact *nth(da_fact_kind kind, size_t i)
{
    for (size_t k = 0; k < L.count; k++)
        if (L.items[k].kind == kind && i-- == 0)
            return &L.items[k];
    fail_msg("missing fact %s", da_fact_kind_name(kind));
    return NULL;
}

static void assert_span(const da_fact *f, const char *evidence)
{
    assert_true(f->end <= strlen(note));
    assert_int_equal(f->end - f->start, strlen(evidence));
    assert_memory_equal(note + f->start, evidence, strlen(evidence));
}

/* One fact of the kind in the note, with this value and evidence. */
static void expect_one(const char *text, da_fact_kind kind, double value, const char *evidence)
{
    extract(text);
    assert_int_equal(count_kind(kind), 1);
    const da_fact *f = nth(kind, 0);
    assert_float_equal(f->value, value, 1e-9);
    assert_span(f, evidence);
}

/* ---- sizes and margins ------------------------------------------------ */

static void test_size_forms(void **state)
{
    (void)state;
    /* A size is the lesion's when a word says so; its evidence spans that word. */
    expect_one("Lesion measuring 1.2 cm on the arm.", DA_FACT_SIZE, 1.2, "Lesion measuring 1.2 cm");
    expect_one("An 8 mm papule.", DA_FACT_SIZE, 0.8, "8 mm papule");
    expect_one("Plaque 1.2 x 0.8 cm.", DA_FACT_SIZE, 1.2, "Plaque 1.2 x 0.8 cm");
    expect_one("Plaque 0.8 x 1.4 cm.", DA_FACT_SIZE, 1.4, "Plaque 0.8 x 1.4 cm");
    expect_one("A 0.6cm nodule.", DA_FACT_SIZE, 0.6, "0.6cm nodule");
    expect_one("Defect 1.2 \xC3\x97 0.8 \xC3\x97 0.3 cm.", DA_FACT_DEFECT_SIZE, 1.2,
               "Defect 1.2 \xC3\x97 0.8 \xC3\x97 0.3 cm");
    expect_one("12mm cyst.", DA_FACT_SIZE, 1.2, "12mm cyst");
    expect_one("Tumor 1.5 cm x 2.1 cm.", DA_FACT_SIZE, 2.1, "Tumor 1.5 cm x 2.1 cm");
    expect_one("A 4-mm papule.", DA_FACT_SIZE, 0.4, "4-mm papule");
    expect_one("Measures 6 millimeters.", DA_FACT_SIZE, 0.6, "Measures 6 millimeters");
    expect_one("Size .5 cm.", DA_FACT_SIZE, 0.5, "Size .5 cm");
    /* Bucket edges come out exact: 30 mm is 3.0 cm, not 3.0000000000000004
     * (which would fall in the 3.1-4.0 bucket of section 1.1). */
    static const struct {
        const char *text; /* a measurement */
        double cm;        /* its exact value */
    } edges[] = {{"Lesion 30 mm", 3.0}, {"Lesion 5 mm", 0.5}, {"Lesion 20 mm", 2.0},
                 {"Lesion 0.6 cm", 0.6}, {"Lesion 1.1 cm", 1.1}, {"Lesion 40 mm", 4.0},
                 {"Lesion 2.5 mm", 0.25}};
    for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
        extract(edges[i].text);
        assert_int_equal(count_kind(DA_FACT_SIZE), 1);
        assert_true(nth(DA_FACT_SIZE, 0)->value == edges[i].cm);
    }
    /* A range counts at its upper end. */
    expect_one("Lesions 0.5-0.8 cm.", DA_FACT_SIZE, 0.8, "Lesions 0.5-0.8 cm");
    expect_one("Lesions 1 to 1.5 cm.", DA_FACT_SIZE, 1.5, "Lesions 1 to 1.5 cm");
}

/* A length no word gives a role is kept, role unknown, and is no size
 * (reading.md: a number whose role is unclear is never used for money);
 * neither is one whose words make it something else. */
static void test_size_roles(void **state)
{
    (void)state;
    static const struct {
        const char *text;  /* a note */
        da_role role;      /* the role of its one length */
        double cm;         /* its value */
    } cases[] = {
        {"30 mm.", DA_ROLE_UNKNOWN, 3.0},
        {"A 3 cm elliptical incision was made around the lesion.", DA_ROLE_INCISION, 3.0},
        {"Using a 4 mm punch.", DA_ROLE_INSTRUMENT, 0.4},
        {"Undermined 1.5 cm on each side.", DA_ROLE_DISTANCE, 1.5},
        {"Located 2 cm from the lateral canthus.", DA_ROLE_DISTANCE, 2.0},
        {"Undermined an area of 18 cm by 16 cm.", DA_ROLE_AREA, 18.0},
        /* a pathology report's clearance is no surgical margin */
        {"Excisional biopsy: melanoma in situ, closest margin 1.0 mm.", DA_ROLE_DISTANCE, 0.1},
        {"Margins clear by 2 mm.", DA_ROLE_DISTANCE, 0.2},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        extract(cases[i].text);
        assert_int_equal(count_kind(DA_FACT_SIZE), 0);
        assert_int_equal(count_kind(DA_FACT_MEASURE), 1);
        assert_int_equal((int)nth(DA_FACT_MEASURE, 0)->value2, cases[i].role);
        assert_float_equal(nth(DA_FACT_MEASURE, 0)->value, cases[i].cm, 1e-9);
    }
    /* lesion, margin and ellipse in one sentence, each read for what it is */
    extract("A 3.5 cm ellipse was designed around the 1.2 cm lesion with 4 mm margins.");
    assert_float_equal(nth(DA_FACT_SIZE, 0)->value, 1.2, 1e-9);
    assert_float_equal(nth(DA_FACT_MARGIN, 0)->value, 0.4, 1e-9);
    assert_int_equal((int)nth(DA_FACT_MEASURE, 0)->value2, DA_ROLE_INCISION);
    /* the closure's length, and the narrowest margin of a range */
    extract("Closed in layers, 3.5 cm. Margins of 3 to 4 mm were taken.");
    assert_float_equal(nth(DA_FACT_REPAIR_LENGTH, 0)->value, 3.5, 1e-9);
    assert_float_equal(nth(DA_FACT_MARGIN, 0)->value, 0.3, 1e-9);
    /* the closed wound given one length is the repair's; the defect given
     * two is the defect */
    extract("The resulting defect measured 2.5 x 2.2 cm. The wound was closed in two layers. "
            "The final wound measured 5.2 cm in length.");
    assert_int_equal(count_kind(DA_FACT_DEFECT_SIZE), 1);
    assert_float_equal(nth(DA_FACT_DEFECT_SIZE, 0)->value, 2.5, 1e-9);
    assert_int_equal(count_kind(DA_FACT_REPAIR_LENGTH), 1);
    assert_float_equal(nth(DA_FACT_REPAIR_LENGTH, 0)->value, 5.2, 1e-9);
    extract("The skin was closed with running 4-0 Prolene. The final closed wound measured 6.5 cm.");
    assert_int_equal(count_kind(DA_FACT_REPAIR_LENGTH), 1);
    assert_float_equal(nth(DA_FACT_REPAIR_LENGTH, 0)->value, 6.5, 1e-9);
}

/* A letter says what was closed: "closed it in layers", "closed the wound in
 * layers, ..., over 5.5 cm" is a layered (intermediate) closure whose length
 * follows in the clause, not a wound's size; a wound measured and sutured is
 * still a wound, and a single-layer closure no layered one. */
static void test_closed_it_in_layers(void **state)
{
    (void)state;
    extract("I undermined the edges and closed the wound in layers, 3-0 Vicryl deep and 4-0 "
            "nylon to the skin, over 5.5 cm.");
    assert_int_equal(count_kind(DA_FACT_REPAIR), 1);
    assert_int_equal((int)nth(DA_FACT_REPAIR, 0)->value, DA_REPAIR_INTERMEDIATE);
    assert_int_equal(count_kind(DA_FACT_DEFECT_SIZE), 0);
    assert_int_equal(count_kind(DA_FACT_REPAIR_LENGTH), 1);
    assert_float_equal(nth(DA_FACT_REPAIR_LENGTH, 0)->value, 5.5, 1e-9);
    extract("I undermined the wound edges and closed it in layers, 3-0 Monocryl to the galea. "
            "The closure measured 4.2 cm.");
    assert_int_equal(count_kind(DA_FACT_REPAIR), 1);
    assert_int_equal((int)nth(DA_FACT_REPAIR, 0)->value, DA_REPAIR_INTERMEDIATE);
    assert_float_equal(nth(DA_FACT_REPAIR_LENGTH, 0)->value, 4.2, 1e-9);
    extract("The wound measured 1.5 cm and was closed with 5-0 nylon.");
    assert_int_equal(count_kind(DA_FACT_REPAIR_LENGTH), 0);
    assert_int_equal(count_kind(DA_FACT_DEFECT_SIZE), 1);
    extract("I closed the wound with interrupted 5-0 nylon, 2.0 cm.");
    for (size_t i = 0; i < L.count; i++)
        assert_false(L.items[i].kind == DA_FACT_REPAIR &&
                     (int)L.items[i].value == DA_REPAIR_INTERMEDIATE);
}

/* "s/p" before a parenthesis governs each of its items, the semicolon
 * between them notwithstanding: a post-op visit's account of last week's
 * repairs is history. A semicolon after the parenthesis still parts the
 * clause: what follows it was done today. */
static void test_history_governs_parenthesis_items(void **state)
{
    (void)state;
    extract("72 yo M s/p Mohs x2 7/20/26 (R temple BCC 2 stages + intermediate repair 2.2 cm; "
            "L neck BCC 1 stage + intermediate repair 3.0 cm).");
    assert_int_equal(count_kind(DA_FACT_REPAIR), 0);
    extract("Seen s/p shave biopsy (benign nevus); today excised and closed in layers, 3.0 cm.");
    assert_int_equal(count_kind(DA_FACT_REPAIR), 1);
    assert_int_equal((int)nth(DA_FACT_REPAIR, 0)->value, DA_REPAIR_INTERMEDIATE);
}

/* A closure's length given after its sutures as "final 3.0 cm" is the
 * repair's; "final defect" and "final wound" stay the wound's. */
static void test_final_length(void **state)
{
    (void)state;
    extract("Repair: intermediate layered closure. 5-0 Monocryl deep, 6-0 prolene running, "
            "final 3.0 cm.");
    assert_int_equal(count_kind(DA_FACT_REPAIR_LENGTH), 1);
    assert_float_equal(nth(DA_FACT_REPAIR_LENGTH, 0)->value, 3.0, 1e-9);
    extract("Two stages. Final defect 1.6 x 1.3 cm.");
    assert_int_equal(count_kind(DA_FACT_REPAIR_LENGTH), 0);
    assert_int_equal(count_kind(DA_FACT_DEFECT_SIZE), 1);
    extract("Cleared after stage II. The final wound measured 1.4 x 1.2 cm.");
    assert_int_equal(count_kind(DA_FACT_REPAIR_LENGTH), 0);
    assert_int_equal(count_kind(DA_FACT_DEFECT_SIZE), 1);
}

/* A final wound given one length in the sentence after its closure is the
 * closed wound; a curettage's final wound, nothing closed, is a defect. */
static void test_final_wound_after_closure(void **state)
{
    (void)state;
    extract("I undermined the wound edges a little and closed it in layers, with buried 3-0 "
            "Monocryl deep dermal sutures and then a running 4-0 Prolene to the skin. The final "
            "wound measured 6.3 cm.");
    assert_int_equal(count_kind(DA_FACT_DEFECT_SIZE), 0);
    assert_int_equal(count_kind(DA_FACT_REPAIR_LENGTH), 1);
    assert_float_equal(nth(DA_FACT_REPAIR_LENGTH, 0)->value, 6.3, 1e-9);
    extract("Curettage x3 with 4 mm curette alternating with electrodesiccation. Final wound "
            "1.2 cm.");
    assert_int_equal(count_kind(DA_FACT_REPAIR_LENGTH), 0);
    assert_int_equal(count_kind(DA_FACT_DEFECT_SIZE), 1);
    assert_float_equal(nth(DA_FACT_DEFECT_SIZE, 0)->value, 1.2, 1e-9);
}

static void test_size_negatives(void **state)
{
    (void)state;
    static const char *const notes[] = {
        "A 4 mm punch biopsy was taken.", /* tool size, not the lesion */
        "Flap area 4.5 sq cm.",           /* an area */
        "Closed with 5-0 nylon.",         /* suture gauge */
        "BP 120/80, 10 mg triamcinolone.",
        "Defect 2 cm2 after excision.",
        "Follow up in 3 months.",
    };
    for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++) {
        extract(notes[i]);
        assert_int_equal(count_kind(DA_FACT_SIZE), 0);
        assert_int_equal(count_kind(DA_FACT_MARGIN), 0);
    }
}

static void test_margins(void **state)
{
    (void)state;
    expect_one("Excised with 4 mm margins.", DA_FACT_MARGIN, 0.4, "4 mm margins");
    expect_one("Excised with a margin of 0.2 cm.", DA_FACT_MARGIN, 0.2, "margin of 0.2 cm");
    expect_one("A 2 mm margin was drawn.", DA_FACT_MARGIN, 0.2, "2 mm margin");
    expect_one("Margins: 3 mm.", DA_FACT_MARGIN, 0.3, "Margins: 3 mm");
    expect_one("Taken with 5 mm peripheral margins.", DA_FACT_MARGIN, 0.5,
               "5 mm peripheral margins");
    /* a cyst's margin written as its rim of skin; a rim of redness is none */
    expect_one("I excised it today. It measured 2.5 cm, and I took a 1 mm rim of skin.",
               DA_FACT_MARGIN, 0.1, "1 mm rim of skin");
    extract("A 2.5 cm cyst with a 3 mm rim of erythema was excised.");
    assert_int_equal(count_kind(DA_FACT_MARGIN), 0);

    /* A margin is not also a size; the lesion's size is. */
    extract("A 1.0 cm lesion was excised with 2 mm margins.");
    assert_int_equal(count_kind(DA_FACT_SIZE), 1);
    assert_float_equal(nth(DA_FACT_SIZE, 0)->value, 1.0, 1e-9);
    assert_int_equal(count_kind(DA_FACT_MARGIN), 1);
    assert_float_equal(nth(DA_FACT_MARGIN, 0)->value, 0.2, 1e-9);

    extract("Margins were negative.");
    assert_int_equal(count_kind(DA_FACT_MARGIN), 0);
}

/* ---- sites ------------------------------------------------------------ */

/* The note has exactly one site fact: this canonical site and side. */
static const da_site *expect_site(const char *text, const char *name, da_laterality side,
                                  const char *evidence)
{
    extract(text);
    assert_int_equal(count_kind(DA_FACT_SITE), 1);
    const da_fact *f = nth(DA_FACT_SITE, 0);
    const da_site *s = da_site_get(SITES, f->site);
    assert_non_null(s);
    assert_string_equal(s->name, name);
    assert_int_equal((int)f->value2, side);
    assert_span(f, evidence);
    return s;
}

static void test_site_groups(void **state)
{
    (void)state;
    const da_site *s;
    /* Nose: face group (1.1), head for Mohs (5), simple B, intermediate face, complex nose. */
    s = expect_site("BCC of the left nasal ala.", "nasal ala", DA_SIDE_LEFT, "left nasal ala");
    assert_int_equal(s->lesion, DA_LESION_FACE);
    assert_false(s->mucosa);
    assert_int_equal(s->mohs, DA_MOHS_HEAD);
    assert_int_equal(s->simple_repair, 2);
    assert_int_equal(s->intermediate_repair, 3);
    assert_int_equal(s->complex_repair, 4);

    /* Scalp sits with the trunk for intermediate repair, with arms/legs for complex. */
    s = expect_site("SCC on the scalp.", "scalp", DA_SIDE_NONE, "scalp");
    assert_int_equal(s->lesion, DA_LESION_SNHFG);
    assert_int_equal(s->mohs, DA_MOHS_HEAD);
    assert_int_equal(s->simple_repair, 1);
    assert_int_equal(s->intermediate_repair, 1);
    assert_int_equal(s->complex_repair, 2);

    s = expect_site("Nevus R upper back.", "upper back", DA_SIDE_RIGHT, "R upper back");
    assert_int_equal(s->lesion, DA_LESION_TAL);
    assert_int_equal(s->mohs, DA_MOHS_TRUNK);
    assert_int_equal(s->intermediate_repair, 1);
    assert_int_equal(s->complex_repair, 1);

    s = expect_site("SK of the dorsal hand.", "dorsal hand", DA_SIDE_NONE, "dorsal hand");
    assert_int_equal(s->lesion, DA_LESION_SNHFG);
    assert_int_equal(s->mohs, DA_MOHS_HEAD);
    assert_int_equal(s->intermediate_repair, 2);
    assert_int_equal(s->complex_repair, 3);

    /* Mucous membrane: benign face group only, flagged for the malignant grid. */
    s = expect_site("Mucocele of the oral mucosa.", "oral mucosa", DA_SIDE_NONE, "oral mucosa");
    assert_int_equal(s->lesion, DA_LESION_FACE);
    assert_true(s->mucosa);
    assert_int_equal(s->simple_repair, 2);
    assert_int_equal(s->intermediate_repair, 3);

    s = expect_site("Cyst on the neck.", "neck", DA_SIDE_NONE, "neck");
    assert_int_equal(s->lesion, DA_LESION_SNHFG);
    assert_int_equal(s->mohs, DA_MOHS_HEAD);
    assert_int_equal(s->intermediate_repair, 2);
    assert_int_equal(s->complex_repair, 3);

    s = expect_site("Cyst in the left axilla.", "axilla", DA_SIDE_LEFT, "left axilla");
    assert_int_equal(s->lesion, DA_LESION_TAL);
    assert_int_equal(s->mohs, DA_MOHS_TRUNK);
    assert_int_equal(s->intermediate_repair, 1);
    assert_int_equal(s->complex_repair, 3);

    s = expect_site("BCC right cheek.", "cheek", DA_SIDE_RIGHT, "right cheek");
    assert_int_equal(s->lesion, DA_LESION_FACE);
    assert_int_equal(s->complex_repair, 3);

    s = expect_site("Wart on the scrotum.", "scrotum", DA_SIDE_NONE, "scrotum");
    assert_int_equal(s->lesion, DA_LESION_SNHFG);
    assert_int_equal(s->mohs, DA_MOHS_HEAD);
    assert_int_equal(s->intermediate_repair, 2);
    assert_int_equal(s->complex_repair, 3);

    s = expect_site("SCC left forearm.", "forearm", DA_SIDE_LEFT, "left forearm");
    assert_int_equal(s->lesion, DA_LESION_TAL);
    assert_int_equal(s->mohs, DA_MOHS_TRUNK);
    assert_int_equal(s->intermediate_repair, 1);
    assert_int_equal(s->complex_repair, 2);

    s = expect_site("BCC of the helix.", "helix", DA_SIDE_NONE, "helix");
    assert_int_equal(s->complex_repair, 4);
    s = expect_site("Lesion on the vermilion.", "vermilion", DA_SIDE_NONE, "vermilion");
    assert_int_equal(s->complex_repair, 4);
    assert_false(s->mucosa);
}

static void test_site_phrasing(void **state)
{
    (void)state;
    /* Most specific term wins. */
    expect_site("Lesion on the upper arm.", "upper arm", DA_SIDE_NONE, "upper arm");
    expect_site("Lesion on the back of the hand.", "dorsal hand", DA_SIDE_NONE, "back of the hand");
    expect_site("BCC at the tip of the nose.", "nasal tip", DA_SIDE_NONE, "tip of the nose");
    expect_site("SK plantar foot.", "plantar foot", DA_SIDE_NONE, "plantar foot");
    /* Laterality words and abbreviations, qualifiers between side and site. */
    expect_site("Rt. ear", "ear", DA_SIDE_RIGHT, "Rt. ear");
    expect_site("lt temple", "temple", DA_SIDE_LEFT, "lt temple");
    expect_site("L medial canthus", "canthus", DA_SIDE_LEFT, "L medial canthus");
    expect_site("bilateral cheeks", "cheek", DA_SIDE_BILATERAL, "bilateral cheeks");
    expect_site("bilat shins", "shin", DA_SIDE_BILATERAL, "bilat shins");
    expect_site("right lateral nasal sidewall", "nasal sidewall", DA_SIDE_RIGHT,
                "right lateral nasal sidewall");
    expect_site("Left posterior shoulder", "shoulder", DA_SIDE_LEFT, "Left posterior shoulder");
    expect_site("LEFT PRETIBIAL", "pretibial", DA_SIDE_LEFT, "LEFT PRETIBIAL");
    /* Two sites, two facts, in text order. */
    extract("AKs on the forehead and scalp.");
    assert_int_equal(count_kind(DA_FACT_SITE), 2);
    assert_string_equal(da_site_get(SITES, nth(DA_FACT_SITE, 0)->site)->name, "forehead");
    assert_string_equal(da_site_get(SITES, nth(DA_FACT_SITE, 1)->site)->name, "scalp");
}

static void test_site_negatives(void **state)
{
    (void)state;
    static const char *const notes[] = {
        "Come back in 3 months.",
        "Call back with results; she will get back to us.",
        "On the other hand, the patient prefers cryotherapy.",
        "A face-to-face visit was held.",
        "Discussed sun protection.",
        "The earliest appointment.", /* "ear" inside a word */
        "Sampling the central crater and the shoulder of the lesion.", /* morphology */
    };
    for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++) {
        extract(notes[i]);
        assert_int_equal(count_kind(DA_FACT_SITE), 0);
    }
}

/* Every canonical name in rules/sites.csv is found as itself, and the Mohs
 * group follows the lesion group (section 5: face and S/N/H/F/G are 17311
 * sites, trunk/arms/legs 17313). */
static void test_site_table(void **state)
{
    (void)state;
    assert_true(da_sites_count(SITES) > 60);
    for (int i = 0; i < (int)da_sites_count(SITES); i++) {
        const da_site *s = da_site_get(SITES, i);
        assert_int_equal(da_site_find(SITES, s->name), i);
        char text[96];
        snprintf(text, sizeof(text), "Lesion of the %s today.", s->name);
        extract(text);
        assert_int_equal(count_kind(DA_FACT_SITE), 1);
        assert_string_equal(da_site_get(SITES, nth(DA_FACT_SITE, 0)->site)->name, s->name);
        assert_int_equal(s->mohs, s->lesion == DA_LESION_TAL ? DA_MOHS_TRUNK : DA_MOHS_HEAD);
        assert_int_equal(s->simple_repair, s->lesion == DA_LESION_FACE ? 2 : 1);
    }
    assert_null(da_site_get(SITES, -1));
    assert_null(da_site_get(SITES, (int)da_sites_count(SITES)));
    assert_int_equal(da_site_find(SITES, "elbowpit"), -1);
    /* broader sites: a helix is in the ear, the ear in the face; the upper
     * and lower back are in the back, not in each other */
    int helix = da_site_find(SITES, "helix"), ear = da_site_find(SITES, "ear");
    int face = da_site_find(SITES, "face");
    int upper = da_site_find(SITES, "upper back"), lower = da_site_find(SITES, "lower back");
    assert_true(da_site_within(SITES, helix, ear) && da_site_within(SITES, helix, face));
    assert_true(da_site_within(SITES, ear, ear));
    assert_false(da_site_within(SITES, ear, helix));
    assert_true(da_site_within(SITES, upper, da_site_find(SITES, "back")));
    assert_false(da_site_within(SITES, upper, lower) || da_site_within(SITES, lower, upper));
    /* "L lateral cheek (preauricular)": the preauricular skin is the cheek's */
    assert_true(
        da_site_within(SITES, da_site_find(SITES, "preauricular"), da_site_find(SITES, "cheek")));
    /* every site of a face group lies in the face, or is the face */
    for (int i = 0; i < (int)da_sites_count(SITES); i++)
        if (da_site_get(SITES, i)->lesion == DA_LESION_FACE && !da_site_get(SITES, i)->mucosa &&
            strcmp(da_site_get(SITES, i)->name, "postauricular") != 0)
            assert_true(da_site_within(SITES, i, face));
}

/* ---- Mohs ------------------------------------------------------------- */

#define MOHS "Mohs micrographic surgery was performed. "

/* The note has one stage fact (stage) and one blocks fact (blocks of that stage). */
static void expect_stage_blocks(const char *text, int stage, int blocks)
{
    extract(text);
    assert_true(count_kind(DA_FACT_MOHS) >= 1); /* "Mohs stage 1" names Mohs again */
    assert_int_equal(count_kind(DA_FACT_MOHS_STAGE), 1);
    assert_int_equal((int)nth(DA_FACT_MOHS_STAGE, 0)->value, stage);
    assert_int_equal(count_kind(DA_FACT_MOHS_BLOCKS), 1);
    assert_int_equal((int)nth(DA_FACT_MOHS_BLOCKS, 0)->value, blocks);
    assert_int_equal((int)nth(DA_FACT_MOHS_BLOCKS, 0)->value2, stage);
}

static void test_mohs_documented(void **state)
{
    (void)state;
    expect_one("Procedure: Mohs micrographic surgery.", DA_FACT_MOHS, 1, "Mohs micrographic surgery");
    expect_one("MMS of the left ear.", DA_FACT_MOHS, 1, "MMS");
    expect_one("Mohs surgery, 2 stages.", DA_FACT_MOHS, 1, "Mohs surgery");
    expect_one("After informed consent, Mohs surgery was performed.", DA_FACT_MOHS, 1,
               "Mohs surgery");
    /* Plans, referrals and history are not surgery done today; nor is the
     * wound a Mohs surgery left ("Mohs defect", "reconstruction after Mohs"). */
    static const char *const notes[] = {
        "Plan: refer for Mohs surgery.",
        "Mohs surgery was recommended.",
        "History of Mohs surgery on the nose.",
        "Patient is a candidate for Mohs.",
        "5 mms apart.", /* not the MMS abbreviation */
        "Pre-op diagnosis: Mohs defect, nasal tip.",
        "OPERATIVE REPORT - MOHS RECONSTRUCTION",
        "Defect reconstruction following Mohs micrographic surgery.",
        "Repair of the wound after her Mohs this morning.",
        "LAKESHORE MOHS & RECONSTRUCTIVE SURGERY",      /* the practice's name */
        "Lakeside Dermatology - Mohs Surgery Center",
    };
    for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++) {
        extract(notes[i]);
        assert_int_equal(count_kind(DA_FACT_MOHS), 0);
    }
}

static void test_mohs_stage_blocks(void **state)
{
    (void)state;
    expect_stage_blocks(MOHS "Stage I: 3 blocks.", 1, 3);
    expect_stage_blocks(MOHS "Stage 2 - 4 tissue blocks.", 2, 4);
    expect_stage_blocks(MOHS "The second stage was taken and divided into 2 tissue blocks.", 2, 2);
    expect_stage_blocks(MOHS "Stage II consisted of 6 blocks.", 2, 6);
    expect_stage_blocks(MOHS "The first stage was divided into 3 sections.", 1, 3);
    expect_stage_blocks(MOHS "The first stage was divided into 4 pieces.", 1, 4);
    expect_stage_blocks(MOHS "Stage three: 5 blocks.", 3, 5);
    expect_stage_blocks(MOHS "Stage IV: 2 blocks.", 4, 2);
    expect_stage_blocks(MOHS "3rd stage: 1 block.", 3, 1);
    expect_stage_blocks(MOHS "Mohs stage 1 (7 blocks).", 1, 7);
    expect_stage_blocks(MOHS "3 blocks were taken in the first stage.", 1, 3);
    expect_stage_blocks(MOHS "A 1.2 x 0.8 cm defect, stage 1: 4 blocks.", 1, 4);
    /* The evidence of the stage is the statement. */
    extract(MOHS "Stage 2 - 4 tissue blocks.");
    assert_span(nth(DA_FACT_MOHS_STAGE, 0), "Stage 2 - 4 tissue blocks");
}

static void test_mohs_stage_without_blocks(void **state)
{
    (void)state;
    extract(MOHS "\nStage 1: residual tumor at 12 o'clock.\nStage 2: margins clear.");
    assert_int_equal(count_kind(DA_FACT_MOHS_STAGE), 2);
    assert_int_equal((int)nth(DA_FACT_MOHS_STAGE, 0)->value, 1);
    assert_int_equal((int)nth(DA_FACT_MOHS_STAGE, 1)->value, 2);
    assert_int_equal(count_kind(DA_FACT_MOHS_BLOCKS), 0);
    /* A stage repeated later is one stage. */
    extract(MOHS "Stage 1: 3 blocks. Stage 1 showed residual tumor. Stage 2 was clear.");
    assert_int_equal(count_kind(DA_FACT_MOHS_STAGE), 2);
    /* A bare block count right after a stage without one belongs to it;
     * a total does not. */
    extract(MOHS "\nStage 1: the tumor was excised. It was divided into 4 tissue blocks. "
                 "A total of 4 blocks.");
    assert_int_equal(count_kind(DA_FACT_MOHS_BLOCKS), 2);
    assert_int_equal((int)nth(DA_FACT_MOHS_BLOCKS, 0)->value2, 1);
    assert_int_equal((int)nth(DA_FACT_MOHS_BLOCKS, 1)->value2, 0);
}

static void test_mohs_stage_count(void **state)
{
    (void)state;
    expect_one(MOHS "A total of three stages.", DA_FACT_MOHS_STAGE_COUNT, 3,
               "total of three stages");
    expect_one(MOHS "Cleared after 2 stages.", DA_FACT_MOHS_STAGE_COUNT, 2, "2 stages");
    expect_one(MOHS "3 stages were required.", DA_FACT_MOHS_STAGE_COUNT, 3, "3 stages");
    expect_one(MOHS "Number of stages: 4.", DA_FACT_MOHS_STAGE_COUNT, 4, "Number of stages: 4");
    expect_one(MOHS "Tumor cleared in one stage.", DA_FACT_MOHS_STAGE_COUNT, 1, "one stage");
    expect_one(MOHS "Mohs micrographic surgery x2 stages.", DA_FACT_MOHS_STAGE_COUNT, 2,
               "x2 stages");
    expect_one(MOHS "Clear after the third stage.", DA_FACT_MOHS_STAGE_COUNT, 3,
               "Clear after the third stage");
    /* stages taken and not counted: a count of none */
    expect_one(MOHS "Additional layer(s) taken at the positive area until clear.",
               DA_FACT_MOHS_STAGE_COUNT, 0, "Additional layer(s)");
    /* "additional" stages are not the total. */
    extract(MOHS "Two additional stages were taken.");
    assert_int_equal(count_kind(DA_FACT_MOHS_STAGE_COUNT), 0);
}

/* A stage table: each row under "Stage | Blocks | Findings" is a stage and
 * its blocks. */
static void test_mohs_stage_table(void **state)
{
    (void)state;
    extract(MOHS "\n Stage | Blocks | Findings\n   I   |   3    | BCC at peripheral margin\n"
                 "   II  |   1    | Clear\nFinal defect: 1.6 x 1.3 cm\n");
    assert_int_equal(count_kind(DA_FACT_MOHS_STAGE), 2);
    assert_int_equal(nth(DA_FACT_MOHS_BLOCKS, 0)->value, 3);
    assert_int_equal(nth(DA_FACT_MOHS_BLOCKS, 0)->value2, 1);
    assert_int_equal(nth(DA_FACT_MOHS_BLOCKS, 1)->value, 1);
    assert_int_equal(nth(DA_FACT_MOHS_BLOCKS, 1)->value2, 2);
    /* the same lined up with blanks */
    extract(MOHS "\nStage   Blocks   Result\nI       2        Micronodular BCC, blocks 1 and 2\n"
                 "II      2        BCC persists, block 1 (deep)\nIII     1        Clear\n");
    assert_int_equal(count_kind(DA_FACT_MOHS_STAGE), 3);
    assert_int_equal(nth(DA_FACT_MOHS_BLOCKS, 2)->value, 1);
    assert_int_equal(nth(DA_FACT_MOHS_BLOCKS, 2)->value2, 3);
    /* a block count with the blocks' numbers after it */
    extract(MOHS "\n| Stage | Blocks | Result |\n| I     | 7 (1-7) | SCC at block 3 |\n"
                 "| II    | 2 (1-2) | Clear |\n");
    assert_int_equal(nth(DA_FACT_MOHS_BLOCKS, 0)->value, 7);
    assert_int_equal(nth(DA_FACT_MOHS_BLOCKS, 0)->value2, 1);
    /* blocks "in each stage" are each stage's (value2 -1) */
    extract(MOHS "Layers taken generously; five blocks in each stage. Cleared after the third "
                 "stage.\n");
    assert_int_equal(count_kind(DA_FACT_MOHS_BLOCKS), 1);
    assert_int_equal(nth(DA_FACT_MOHS_BLOCKS, 0)->value, 5);
    assert_int_equal(nth(DA_FACT_MOHS_BLOCKS, 0)->value2, -1);
}

/* A Mohs unit's own operative report may say Mohs only in the unit's name;
 * its stage table, each stage with its blocks, says the surgery was done
 * (tumour stages have no blocks). A unit's note with stages but no block
 * count per stage, or with no stage at all, says nothing of Mohs done. */
static void test_mohs_unit_stage_table(void **state)
{
    (void)state;
    extract("Strand Mohs Surgery Center - Op report\nDx: BCC R forehead, nodular, 1.3 cm\n"
            " Stage I: 5 blocks (tumor at 3 and 6 o'clock)\n Stage II: 2 blocks, clear\n"
            "2 stages. Defect 2.2 x 1.9 cm.\n");
    assert_int_equal(count_kind(DA_FACT_MOHS), 1);
    assert_span(nth(DA_FACT_MOHS, 0), "Stage I: 5 blocks");
    assert_int_equal(count_kind(DA_FACT_MOHS_STAGE), 2);
    assert_int_equal(nth(DA_FACT_MOHS_BLOCKS, 1)->value, 2);
    assert_int_equal(nth(DA_FACT_MOHS_BLOCKS, 1)->value2, 2);
    extract("STRAND MOHS SURGERY CENTER    DOS 09/11/2026\nBCC L temple, 1.8 x 1.5 cm.\n"
            "Stage I: large first layer divided into 6 tissue blocks; positive at 4 o'clock.\n"
            "Stage II: 2 blocks at 3-5 o'clock; clear.\n");
    assert_int_equal(count_kind(DA_FACT_MOHS), 1);
    assert_int_equal(count_kind(DA_FACT_MOHS_STAGE), 2);
    static const char *const none[] = {
        "Lakeside Dermatology - Mohs Surgery Center\nSkin check. History of stage II melanoma, "
        "2019. AKs x4 treated with LN2.",
        "Mohs Surgery Center\nPost-op visit. Stage 1 healing well, no blocks of concern.",
        "Lakeside Mohs Surgery Unit\nStage 1: residual tumor at 12 o'clock.\nStage 2: clear.",
    };
    for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
        extract(none[i]);
        assert_int_equal(count_kind(DA_FACT_MOHS), 0);
        assert_int_equal(count_kind(DA_FACT_MOHS_STAGE), 0);
        assert_int_equal(count_kind(DA_FACT_MOHS_BLOCKS), 0);
    }
}

static void test_mohs_not_stage(void **state)
{
    (void)state;
    /* Tumour stages, and stage wording outside a Mohs note. */
    static const char *const notes[] = {
        MOHS "History of stage IA melanoma.",
        MOHS "Stage II melanoma excised in 2019 with clear margins.",
        MOHS "Stage 3 chronic kidney disease.",
        "Stage I: 3 blocks. Cleared after 2 stages.",
        "Excision. The specimen was cut into 3 sections.",
        MOHS "Frozen sections were reviewed; 4 sections in total.",
    };
    for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++) {
        extract(notes[i]);
        assert_int_equal(count_kind(DA_FACT_MOHS_STAGE), 0);
        assert_int_equal(count_kind(DA_FACT_MOHS_STAGE_COUNT), 0);
        assert_int_equal(count_kind(DA_FACT_MOHS_BLOCKS), 0);
    }
}

static void test_mohs_deep(void **state)
{
    (void)state;
    static const char *const positive[] = {
        MOHS "The defect extended to cartilage.",
        MOHS "Surgery involved the underlying auricular cartilage.",
        MOHS "Bone was exposed at the base.",
        MOHS "Exposure of tendon on the dorsal hand.",
        MOHS "Tumor invaded the orbicularis muscle.",
        MOHS "No residual tumor, but the defect extended to cartilage.",
        MOHS "Resection of a major nerve branch was required.",
        MOHS "Deep structures involved: muscle",
        MOHS "Deep structures involved: periosteum and bone",
        MOHS "Depth: cartilage",
    };
    for (size_t i = 0; i < sizeof(positive) / sizeof(positive[0]); i++) {
        extract(positive[i]);
        assert_int_equal(count_kind(DA_FACT_MOHS_DEEP), 1);
        assert_float_equal(nth(DA_FACT_MOHS_DEEP, 0)->value, 1, 0);
    }
    static const char *const negative[] = {
        MOHS "No cartilage involvement.",
        MOHS "The tumor did not extend to muscle.",
        MOHS "Excised to the level of the fat without cartilage exposure.",
        MOHS "Taken down to but not including muscle.",
        MOHS "Cartilage involvement: none.",
        MOHS "The cartilage was spared.",
        MOHS "Depth: subcutaneous fat; no muscle, cartilage or bone involvement",
        MOHS "Muscle, bone and tendon were not involved.",
        MOHS "Deep structures involved: none",
        "Excision involved the underlying muscle.", /* not a Mohs note */
    };
    for (size_t i = 0; i < sizeof(negative) / sizeof(negative[0]); i++) {
        extract(negative[i]);
        assert_int_equal(count_kind(DA_FACT_MOHS_DEEP), 0);
    }
}

/* ---- lesion blocks ---------------------------------------------------- */

static void test_lesion_blocks(void **state)
{
    (void)state;
    extract("Two lesions treated.\nLesion A: left cheek, 0.8 cm.\nLesion B: right forearm, 1.5 cm.");
    assert_int_equal(L.nlesions, 2);
    assert_int_equal(count_kind(DA_FACT_SITE), 2);
    assert_int_equal(nth(DA_FACT_SITE, 0)->lesion, 1);
    assert_int_equal(nth(DA_FACT_SIZE, 0)->lesion, 1);
    assert_int_equal(nth(DA_FACT_SITE, 1)->lesion, 2);
    assert_int_equal(nth(DA_FACT_SIZE, 1)->lesion, 2);
    assert_float_equal(nth(DA_FACT_SIZE, 1)->value, 1.5, 1e-9);

    /* Facts before the first marker belong to the note as a whole; the
     * marker's number is never read as a range ("1 - 0.8 cm"). */
    extract("Mohs surgery on the scalp. Lesion 1 - 0.8 cm. Lesion #2 left ear 1.1 cm");
    assert_int_equal(L.nlesions, 2);
    assert_int_equal(nth(DA_FACT_SITE, 0)->lesion, 0);
    assert_int_equal(nth(DA_FACT_MOHS, 0)->lesion, 0);
    assert_int_equal(count_kind(DA_FACT_SIZE), 2);
    assert_float_equal(nth(DA_FACT_SIZE, 0)->value, 0.8, 1e-9);
    assert_int_equal(nth(DA_FACT_SIZE, 0)->lesion, 1);
    assert_int_equal(nth(DA_FACT_SIZE, 1)->lesion, 2);

    extract("Site 1: nose. Site 2: chin.");
    assert_int_equal(L.nlesions, 2);
    assert_int_equal(nth(DA_FACT_SITE, 1)->lesion, 2);

    extract("Tumor 2: left helix");
    assert_int_equal(L.nlesions, 2);
    assert_int_equal(nth(DA_FACT_SITE, 0)->lesion, 2);

    extract("Procedures:\n#1 left shin\n#2 right thigh");
    assert_int_equal(L.nlesions, 2);
    assert_int_equal(nth(DA_FACT_SITE, 0)->lesion, 1);
    assert_int_equal(nth(DA_FACT_SITE, 1)->lesion, 2);

    /* No markers: one note-wide block. "site 2 cm" and a mid-line "#3" are
     * not markers; "2 cm from the scar" is a distance, not a size. */
    extract("Biopsy site 2 cm from the scar, see order #3, left arm.");
    assert_int_equal(L.nlesions, 0);
    for (size_t i = 0; i < L.count; i++)
        assert_int_equal(L.items[i].lesion, 0);
    assert_int_equal(count_kind(DA_FACT_SIZE), 0);
    assert_int_equal((int)nth(DA_FACT_MEASURE, 0)->value2, DA_ROLE_DISTANCE);
}

static void test_mohs_two_lesions(void **state)
{
    (void)state;
    extract("Mohs micrographic surgery.\n"
            "Lesion 1: right nasal ala. Stage 1: 2 blocks. Stage 2: 1 block. Cleared after 2 stages.\n"
            "Lesion 2: left upper back. Stage I: 6 blocks. Tumor extended into muscle.");
    assert_int_equal(L.nlesions, 2);
    assert_int_equal(count_kind(DA_FACT_MOHS_STAGE), 3);
    assert_int_equal(nth(DA_FACT_MOHS_STAGE, 0)->lesion, 1);
    assert_int_equal(nth(DA_FACT_MOHS_STAGE, 1)->lesion, 1);
    /* Stage 1 of lesion 2 is not a repeat of lesion 1's stage 1. */
    assert_int_equal(nth(DA_FACT_MOHS_STAGE, 2)->lesion, 2);
    assert_int_equal((int)nth(DA_FACT_MOHS_BLOCKS, 2)->value, 6);
    assert_int_equal(nth(DA_FACT_MOHS_STAGE_COUNT, 0)->lesion, 1);
    assert_int_equal(count_kind(DA_FACT_MOHS_DEEP), 1);
    assert_int_equal(nth(DA_FACT_MOHS_DEEP, 0)->lesion, 2);
    /* Facts come back in text order. */
    for (size_t i = 1; i < L.count; i++)
        assert_true(L.items[i - 1].start <= L.items[i].start);
}

/* ---- odd and hostile input -------------------------------------------- */

static void test_empty_and_odd(void **state)
{
    (void)state;
    L.nlesions = 5;
    assert_int_equal(da_extract_note(X, "", 0, NULL, &L), DA_OK);
    assert_int_equal(L.count, 0);
    assert_int_equal(L.nlesions, 0);
    extract("   \n\t  ");
    assert_int_equal(L.count, 0);

    /* Valid UTF-8 but unusual: no-break spaces, emoji, zero-width space,
     * control characters, CRLF, a combining accent. */
    extract("\x01\x7f\xF0\x9F\x98\x80 left\xC2\xA0" "cheek\xE2\x80\x8B, 1.2\xC2\xA0" "cm\r\n"
            "cafe\xCC\x81 \xE2\x80\x94 ok");
    assert_int_equal(count_kind(DA_FACT_SITE), 1);
    assert_int_equal((int)nth(DA_FACT_SITE, 0)->value2, DA_SIDE_LEFT);
    /* a length no word gives a role to */
    assert_int_equal(count_kind(DA_FACT_MEASURE), 1);
    assert_float_equal(nth(DA_FACT_MEASURE, 0)->value, 1.2, 1e-9);

    /* Invalid UTF-8 breaks the contract: refused, no facts. */
    const char bad[] = "left cheek \xC3\x28 1.2 cm \xFF";
    assert_int_equal(da_extract_note(X, bad, sizeof(bad) - 1, NULL, &L), DA_ERR_FORMAT);
    assert_int_equal(L.count, 0);

    /* Only len bytes are read. */
    const char *longer = "1.2 cm on the nose";
    assert_int_equal(da_extract_note(X, longer, 3, NULL, &L), DA_OK);
    assert_int_equal(L.count, 0);
}


/* 200 KB of one phrase repeated, after a Mohs statement so every family runs. */
static void run_repeated(const char *unit)
{
    size_t ulen = strlen(unit), n = 200 * 1024 / ulen;
    const char *head = "Mohs surgery. ";
    size_t len = strlen(head) + n * ulen;
    char *text = malloc(len + 1);
    assert_non_null(text);
    strcpy(text, head);
    for (size_t i = 0; i < n; i++)
        memcpy(text + strlen(head) + i * ulen, unit, ulen);
    text[len] = '\0';
    /* The match limits bound the work; a hang would be stopped by ctest's
     * timeout, and speed is the bench target's business, not a test's. */
    assert_int_equal(da_extract_note(X, text, len, NULL, &L), DA_OK);
    assert_int_equal(nth(DA_FACT_MOHS, 0)->start, 0);
    free(text);
}

static void test_pathological(void **state)
{
    (void)state;
    static const char *const units[] = {
        "stage ", "1 x ", "Stage 1 ", "left ", "margin of ", "Lesion 1: ", "upper lower ",
        "did not extend to ", "2 blocks ", "# ", "a", "1.", "x",
        /* the later families: cues, counts, drugs, areas, terms */
        "no ", "history of ", "15 AKs ", "AKs treated ", "Kenalog 10 mg/mL ", "0.4 mL ",
        "sq cm ", "bleeding, ", "Specimen A: ", "undermining ", "injected into each of ",
        "total time ", "start ", "new problem ", "1) ", "skin tags ", "NDC ",
    };
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        run_repeated(units[i]);
}

/* A 10 MB note of realistic text: every family runs to the end (the bench measures how fast). */
static void test_huge_note(void **state)
{
    (void)state;
    static const char unit[] =
        "Lesion 1: R forearm, 0.8 cm irritated SK, bleeding, shave removal. No itching. "
        "History of melanoma. Kenalog 10 mg/mL, 0.3 mL injected into each of 2 keloids. "
        "15 AKs treated with LN2. Primary defect 1.4 sq cm, secondary defect 2.0 sq cm.\n";
    size_t ulen = sizeof(unit) - 1, n = 10 * 1024 * 1024 / ulen, len = n * ulen;
    char *text = malloc(len + 1);
    assert_non_null(text);
    for (size_t i = 0; i < n; i++)
        memcpy(text + i * ulen, unit, ulen);
    text[len] = '\0';
    assert_int_equal(da_extract_note(X, text, len, NULL, &L), DA_OK);
    assert_true(L.count > n);
    /* The last unit's facts are there: nothing stopped early. */
    assert_int_equal(L.limit_hit, 0);
    assert_true(L.items[L.count - 1].start > len - ulen);
    free(text);
}

/* NUL bytes and invalid UTF-8 are refused whole; repaired (as the importer
 * does), the same text extracts. */
static void test_nul_and_invalid(void **state)
{
    (void)state;
    char raw[] = "left cheek\0 1.2 cm \xC3\x28 bleeding \xFF\xFE SK";
    size_t len = sizeof(raw) - 1;
    assert_int_equal(da_extract_note(X, raw, len, NULL, &L), DA_ERR_FORMAT);
    assert_int_equal(L.count, 0);
    assert_int_equal(da_utf8_repair(raw, &len), 4);
    assert_int_equal(da_extract_note(X, raw, len, NULL, &L), DA_OK);
    assert_int_equal(count_kind(DA_FACT_SITE), 1);
    assert_int_equal(count_kind(DA_FACT_MEASURE), 1);
    assert_int_equal(count_kind(DA_FACT_NECESSITY), 1);
    assert_int_equal(count_kind(DA_FACT_DIAGNOSIS), 1);
}

/* A note stopped by a limit is listed on the Data Quality sheet. */
static void test_limit_notice(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    d.notes_stats.path = "notes.csv";
    d.nnotes = d.notes_cap = 2;
    d.notes = da_xcalloc(2, sizeof(*d.notes));
    static const char *const texts[] = {"Lesion 1: 1.2 cm BCC, left cheek, excised.", ""};
    for (int i = 0; i < 2; i++) {
        da_note *n = &d.notes[i];
        n->line = (unsigned long)(i + 2);
        n->note_id = n->encounter_id = n->patient_id = n->note_type = n->provider = "";
        n->text = texts[i];
        n->text_len = strlen(texts[i]);
    }
    d.nencounters = 1;
    d.encounters = da_xcalloc(1, sizeof(*d.encounters));
    da_encounter *e = &d.encounters[0];
    e->encounter_id = e->patient_id = e->provider = e->payer = "";
    size_t idx[2] = {0, 1};
    e->notes = idx;
    e->nnotes = 2;
    da_fee_table *fees;
    assert_int_equal(da_fees_load_default(&fees), DA_OK);
    da_rules tables;
    assert_int_equal(da_rules_load(&tables, NULL, NULL, NULL), DA_OK);
    da_finding_list found;
    da_findings_init(&found);
    da_options opt = {0};
    da_audit_stats stats;
    setenv("DA_EXTRACT_MATCH_LIMIT", "3", 1);
    assert_int_equal(da_audit_run(&d,
                                  &(da_audit_config){.fees = fees, .opt = &opt, .rules = &tables},
                                  NULL, &found, NULL, &stats),
                     DA_OK);
    unsetenv("DA_EXTRACT_MATCH_LIMIT");
    assert_int_equal(stats.notes_extracted, 2);
    assert_int_equal(stats.notes_limit_hit, 1); /* the empty note runs no pattern */
    /* the limit stopped some pattern on the first note: said once, with its line */
    assert_true(d.dq.count >= 1);
    assert_int_equal(d.dq.items[0].line, 2);
    assert_int_equal(d.dq.items[0].action, DA_DQ_NOTICE);
    assert_string_equal(d.dq.items[0].reason, "extraction stopped at a match limit");
    /* Without the lowered limit the same note is clean. */
    d.dq.count = 0;
    assert_int_equal(da_audit_run(&d,
                                  &(da_audit_config){.fees = fees, .opt = &opt, .rules = &tables},
                                  NULL, &found, NULL, &stats),
                     DA_OK);
    assert_int_equal(stats.notes_limit_hit, 0);
    assert_int_equal(d.dq.count, 0);
    e->notes = NULL;
    da_findings_free(&found);
    da_fees_free(fees);
    da_rules_free(&tables);
    da_dataset_free(&d);
}

static void test_match_limit(void **state)
{
    (void)state;
    const char *text = MOHS "Lesion 1: left nasal ala, 1.2 x 0.8 cm. Stage 1: 3 blocks. "
                            "Stage 2: 2 blocks. Cleared after 2 stages. Defect extended to cartilage.";
    extract(text);
    size_t full = L.count;
    assert_true(full >= 9);
    /* A tiny limit stops patterns: the note is marked, what was found stays. */
    da_extractor_set_match_limit(X, 2);
    assert_int_equal(da_extract_note(X, text, strlen(text), NULL, &L), DA_OK);
    assert_int_equal(L.limit_hit, 1);
    assert_true(L.count < full);
    /* The mark is per note. */
    da_extractor_set_match_limit(X, DA_EXTRACT_MATCH_LIMIT);
    extract(text);
    assert_int_equal(L.count, full);
}

/* ---- the --facts CSV -------------------------------------------------- */

static void test_facts_csv(void **state)
{
    (void)state;
    const char *text = "Mohs surgery, left nasal ala.\nStage 1: 4 blocks,\nexcised with 2 mm margins. "
                       "Total 2 stages. Extended to cartilage. 1.2 cm";
    extract(text);
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    assert_non_null(out);
    da_facts_write_csv_header(out);
    da_facts_write_csv(X, out, "N1", "E,1", text, strlen(text), &L);
    fclose(out);
    const char *expected =
        "note_id,encounter_id,lesion,fact,value,unit,start,end,text,role\n"
        "N1,\"E,1\",0,mohs,1,,0,12,Mohs surgery,\n"
        "N1,\"E,1\",0,site,left nasal ala,,14,28,left nasal ala,\n"
        "N1,\"E,1\",0,mohs_stage,1,stage,30,47,Stage 1: 4 blocks,\n"
        "N1,\"E,1\",0,mohs_blocks,4,blocks,30,47,Stage 1: 4 blocks,\n"
        "N1,\"E,1\",0,margin,0.2,cm,62,74,2 mm margins,margin\n"
        "N1,\"E,1\",0,mohs_stage_count,2,stage,82,90,2 stages,\n"
        "N1,\"E,1\",0,mohs_deep,1,,92,113,Extended to cartilage,\n"
        "N1,\"E,1\",0,measure,1.2,cm,115,121,1.2 cm,unknown\n";
    assert_string_equal(buf, expected);
    free(buf);

    /* Evidence with a comma is quoted; a line break is folded to a space. */
    extract("Mohs surgery. The second stage,\n2 tissue blocks.");
    buf = NULL;
    out = open_memstream(&buf, &size);
    da_facts_write_csv(X, out, "N2", "", note, strlen(note), &L);
    fclose(out);
    assert_non_null(strstr(buf, "N2,,0,mohs_blocks,2,blocks,18,47,\"second stage, 2 tissue blocks\",\n"));
    free(buf);
}


/* The dose of the one drug a note gives, in mg (the largest when several). */
static double dose(const char *text)
{
    extract(text);
    double mg = -1;
    for (size_t i = 0; i < L.count; i++)
        if (L.items[i].kind == DA_FACT_DRUG && L.items[i].value > mg)
            mg = L.items[i].value;
    return mg;
}

/* Doses as notes write them, each worked from the words (coding-rules.md
 * 8.2: units are the dose given over the unit size). */
static void test_drug_doses(void **state)
{
    (void)state;
    /* a volume into each of a count, at the stated concentration: 0.5 x 3 x 10 */
    assert_float_equal(dose("Kenalog-10 (10 mg/mL), 0.5 mL injected into each of 3 nodules."), 15,
                       1e-9);
    /* a total stated further on in the paragraph wins over a per-lesion volume */
    assert_float_equal(dose("Kenalog-10 (10 mg/mL) injected, 0.1-0.2 mL per nodule.\n"
                            "Nodules: chin, neck, scalp.\nTotal volume 1.4 mL = 14 mg."),
                       14, 1e-9);
    /* "(1.5 mL total)" at 40 mg/mL; the vial's 5 mL is not what was given */
    assert_float_equal(dose("Medication: Kenalog-40 40 mg/mL injected, 0.5 mL into each keloid "
                            "(1.5 mL total). Vial: 5 mL multi-dose."),
                       60, 1e-9);
    assert_float_equal(dose("Kenalog-40 (40 mg/mL), 5 mL multi-dose vial, office stock, injected. "
                            "Total volume 2.0 mL = 80 mg."),
                       80, 1e-9);
    /* "Dr." does not end the sentence that names the dose */
    assert_float_equal(dose("Ilumya 100 mg/mL prefilled syringe, injected SC by Dr. Haldane. "
                            "Full 100 mg dose given."),
                       100, 1e-9);
    /* volumes listed a line per site, at a concentration stated on the way,
     * summed: 0.5 + 0.5 mL at 40 mg/mL */
    assert_float_equal(dose("Procedure: intralesional triamcinolone to 2 keloids.\n"
                            "Drug: Kenalog-40 (40 mg/mL), single-dose vial.\n"
                            " R earlobe keloid: 0.5 mL\n L earlobe keloid: 0.5 mL\n"),
                       40, 1e-9);
    /* ... and a total after the list wins: 0.8 + 0.7 mL stated as 60 mg */
    assert_float_equal(dose("Procedure: intralesional triamcinolone.\nKenalog-40 (40 mg/mL):\n"
                            "  keloid one: 0.8 mL\n  keloid two: 0.7 mL\nTotal 1.5 mL = 60 mg.\n"),
                       60, 1e-9);
    /* "Total volume injected: 2.4 mL (24 mg)"; a rate per site is not a volume given */
    assert_float_equal(dose("Intralesional triamcinolone\nMedication: Kenalog-10 (10 mg/mL)\n"
                            "Total volume injected: 2.4 mL (24 mg), 0.1 mL per injection site, "
                            "into 4 patches (#1 0.8 mL, #2 0.8 mL, #3 0.5 mL, #4 0.3 mL)\n"),
                       24, 1e-9);
    /* another drug's amount on a later line is not this dose */
    assert_float_equal(dose("- Given: omalizumab (Xolair) 150 mg/mL single-dose prefilled syringe\n"
                            "  * lot 3320119\n  * full 150 mg given, 0 discarded\n"
                            "- cont cetirizine 10 mg BID\n"),
                       150, 1e-9);
    /* a whole container given: what one holds, times how many ("300 mg/2 mL"
     * holds 300 mg; a strength per mL on a prefilled syringe is its 1 mL's) */
    assert_float_equal(dose("Omalizumab 300 mg/2 mL single-dose PFS x1, office stock. SC L "
                            "post upper arm. Whole syringe given, no waste.\n"
                            "- Cont cetirizine 10 mg daily.\n"),
                       300, 1e-9);
    assert_float_equal(dose("Dose given today: two 150 mg/mL single-dose prefilled syringes "
                            "(Xolair), one SC to each arm. Entire contents of both syringes "
                            "administered.\n"),
                       300, 1e-9);
    assert_float_equal(dose("Ilumya (tildrakizumab) 100 mg/mL single-dose prefilled syringe, "
                            "injected SC to the abdomen. Entire dose administered.\n"),
                       100, 1e-9);
    /* a strength with no whole container stated is no dose */
    assert_float_equal(dose("Ilumya 100 mg/mL single-dose prefilled syringe injected SC.\n"), 0,
                       1e-9);
    /* a prescription's sig is not a dose given */
    assert_float_equal(dose("Xolair injection given today. She takes fexofenadine 180 mg once "
                            "daily.\n"),
                       0, 1e-9);
    /* a past injection is history, not today's dose */
    extract("First ILK 06/2026 (Kenalog-40, 20 mg total) was helpful.");
    assert_int_equal(count_kind(DA_FACT_DRUG), 0);
}

/* A waste word followed by its own amount labels a field of a record
 * ("Dose 100 mg  Discarded 0 mg"): the amount before it is the dose, not
 * waste, and nothing was wasted. Waste written as such is still read. */
static void test_waste_field_labels(void **state)
{
    (void)state;
    const char *mar = "MAR - 08/21/2026\nIlumya 100 mg/1 mL PFS  NDC 47335-0177-95  Lot T2344B  "
                      "SC L thigh  Dose 100 mg  Discarded 0 mg\n";
    assert_float_equal(dose(mar), 100, 1e-9);
    assert_int_equal(count_kind(DA_FACT_DRUG_WASTE), 0);
    expect_one("Omalizumab 150 mg/mL single-dose PFS, 75 mg injected SC. 75 mg discarded.",
               DA_FACT_DRUG_WASTE, 75, "75 mg discarded");
    expect_one("Omalizumab 150 mg/mL single-dose PFS, 75 mg injected SC. Discarded: 75 mg.",
               DA_FACT_DRUG_WASTE, 75, "Discarded: 75 mg");
}

/* The total the vials used held is not the dose when the dose given is
 * stated apart ("Dose administered: 225 mg"): 2 x 150 mg opened, 75 mg
 * discarded, 225 mg given. */
static void test_dose_beside_vials_used(void **state)
{
    (void)state;
    assert_float_equal(dose("Drug: Xolair (omalizumab) lyophilized powder, 150 mg single-dose "
                            "vial, reconstituted\nVials used: 2 (300 mg total)\nDose "
                            "administered: 225 mg SC (1.2 mL R arm, 0.6 mL L arm)\nAmount "
                            "discarded: 75 mg (0.6 mL) from second vial\n"),
                       225, 1e-9);
    assert_float_equal(dose("Xolair injected SC. Dose given: 300 mg.\n"), 300, 1e-9);
    /* a total that is the dose stays one */
    assert_float_equal(dose("Kenalog-10 injected intralesionally, 30 mg total.\n"), 30, 1e-9);
}

/* The volume of a multi-dose or single-dose vial written as MDV or SDV is
 * the container's, not a volume given: 1.5 mL x 10 mg/mL. */
static void test_vial_abbreviations(void **state)
{
    (void)state;
    assert_float_equal(dose("Kenalog-10 (triamcinolone acetonide 10 mg/mL, 5 mL MDV, NDC "
                            "0003-0494-20) 1.5 mL injected intralesionally along scar."),
                       15, 1e-9);
    assert_float_equal(dose("Kenalog-10 (10 mg/mL, 1 mL SDV) 0.5 mL injected intralesionally."),
                       5, 1e-9);
    /* no container written: both volumes were given */
    assert_float_equal(dose("Kenalog-10 (10 mg/mL) 0.5 mL and 1 mL injected intralesionally."),
                       15, 1e-9);
}

/* A biologic the patient injects at home is no office administration, and
 * the specialty pharmacy of that sentence is its channel, no other drug's;
 * a dose given today before home injections is one. */
static void test_home_injections(void **state)
{
    (void)state;
    extract("S: psoriasis on Tremfya 100 mg q8wk (self-injects, from Accredo specialty "
            "pharmacy) since 2024.\nP: Continue Tremfya 100 mg SC q8wk (pt self-admin).\n");
    assert_int_equal(count_kind(DA_FACT_DRUG), 0);
    assert_int_equal(count_kind(DA_FACT_DRUG_SOURCE), 0);
    assert_float_equal(dose("Dupixent 600 mg SC loading dose given today, then home "
                            "self-injection after teaching.\n"),
                       600, 1e-9);
    extract("Tremfya 100 mg injected SC in clinic, from the specialty pharmacy.\n");
    assert_int_equal(count_kind(DA_FACT_DRUG_SOURCE), 1);
}

/* "which could be a squamous cell carcinoma" hedges a diagnosis: the
 * procedures later in the sentence were done. "may be a candidate for"
 * still plans one. */
static void test_hedge_on_a_diagnosis_is_no_plan(void **state)
{
    (void)state;
    extract("I took a shave biopsy of a 6 mm scaly nodule on his right upper back, which could "
            "be a squamous cell carcinoma, and, separately, I froze four actinic keratoses on his "
            "forehead and nose with liquid nitrogen.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 2);
    assert_float_equal(nth(DA_FACT_LESION_COUNT, 0)->value, 4, 1e-9);
    extract("The nodule may be a candidate for excision of the whole lesion.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 0);
    extract("The nodule could be an option for cryotherapy with liquid nitrogen.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 0);
}

/* A letter's plans and refusals: "I shall perform an excisional biopsy
 * next week", "he preferred the same again to an excision". The choice
 * made is still read, and "preferred to have" chooses nothing away. */
static void test_letter_plans_and_choices(void **state)
{
    (void)state;
    extract("Stopping warfarin is not appropriate, so we agreed that I shall perform an "
            "excisional biopsy once his INR is below 3.0.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 0);
    extract("I removed the lesion by excision in the usual way and take a biopsy next week.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 1);
    extract("He has had several of these before, all of which have done well, and he preferred "
            "the same again to an excision.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 0);
    extract("She preferred to have the excision today, and the lesion was excised.\n");
    assert_true(count_kind(DA_FACT_PROCEDURE) >= 1);
}

/* The repair class a note gives (the highest written), 0 when none. */
static int repair_class(const char *text)
{
    extract(text);
    int best = 0;
    for (size_t i = 0; i < L.count; i++)
        if (L.items[i].kind == DA_FACT_REPAIR && L.items[i].value > best)
            best = (int)L.items[i].value;
    return best;
}

/* A layered closure is an intermediate repair however it is written
 * (coding-rules.md 4.3: deeper layers closed in addition to the skin);
 * simple closure and a closure planned or declined are not. */
static void test_repair_classes(void **state)
{
    (void)state;
    assert_int_equal(repair_class("PROCEDURE: Excision of BCC with intermediate (layered) repair."), 2);
    assert_int_equal(repair_class("The deep layer was closed with buried interrupted 3-0 Vicryl "
                                  "sutures, and the epidermis with running 4-0 nylon."),
                     2);
    assert_int_equal(repair_class("Deep: 4-0 Monocryl buried vertical mattress x4. Skin: 5-0 nylon."), 2);
    assert_int_equal(repair_class("Closed with buried 5-0 Monocryl sutures and 6-0 Prolene."), 2);
    assert_int_equal(repair_class("The wound was closed in a layered fashion."), 2);
    assert_int_equal(repair_class("Closure: deep layer 3-0 Vicryl interrupted buried; dermal 4-0 "
                                  "Monocryl; skin 4-0 nylon running."),
                     2);
    assert_int_equal(repair_class("Repair: Layered (intermediate) closure, 3.2 cm."), 2);
    assert_int_equal(repair_class("Complex repair of the nasal ala, 2.1 cm; deep layer: 5-0 Monocryl."), 3);
    assert_int_equal(repair_class("Closed with simple interrupted 4-0 nylon sutures."), 0);
    /* a template's check boxes: the one ticked is the repair done */
    assert_int_equal(repair_class("Repair: [x] Intermediate layered - 5-0 Monocryl deep."), 2);
    assert_int_equal(repair_class("Repair: [ ] Complex repair  [X] Intermediate"), 2);
    assert_int_equal(repair_class("Repair: [ ] Intermediate layered closure [x] Second intention"), 0);
    assert_int_equal(repair_class("Layered closure was discussed but the wound was left to granulate."), 0);
}

/* A handout typed so by the export documents nothing done, though it names
 * Mohs surgery and its stages; the same words in a procedure note do. */
static void test_handout_documents_nothing(void **state)
{
    (void)state;
    const char *text = "WHAT IS MOHS SURGERY?\nMohs micrographic surgery removes the cancer "
                       "layer by layer. Most patients need 1 to 3 stages.\n";
    note = text;
    assert_int_equal(da_extract_note(X, text, strlen(text), "handout", &L), DA_OK);
    assert_int_equal(L.count, 0);
    /* a handout filed as a note, untyped: it talks to its reader, never of a patient */
    const char *pasted = "ACNE VULGARIS, commonly referred to as just acne, is a chronic "
                         "inflammation of the skin. TREATMENT: your doctor may prescribe "
                         "tetracycline. If you have cysts, your doctor may drain them. Call "
                         "your doctor if it worsens.\n";
    note = pasted;
    assert_int_equal(da_extract_note(X, pasted, strlen(pasted), NULL, &L), DA_OK);
    assert_int_equal(L.count, 0);
    const char *visit = "Patient is a 17 year old with acne. Start tetracycline. Call your "
                        "office if you have questions; you may wash your face twice daily.\n";
    note = visit;
    assert_int_equal(da_extract_note(X, visit, strlen(visit), NULL, &L), DA_OK);
    assert_true(L.count > 0);
    const char *done = "Mohs micrographic surgery of the left cheek, 2 stages.\n";
    note = done;
    assert_int_equal(da_extract_note(X, done, strlen(done), "handout", &L), DA_OK);
    assert_int_equal(L.count, 0);
    assert_int_equal(da_extract_note(X, done, strlen(done), "procedure", &L), DA_OK);
    assert_true(count_kind(DA_FACT_MOHS) > 0);
}

/* Procedures a note names but did not do: the alternative declined ("prefers
 * excision over ED&C", across a wrapped line), options listed, cautery for
 * bleeding. */
static void test_alternatives_not_done(void **state)
{
    (void)state;
    static const char *const notes[] = {
        "Pt prefers\nexcision over ED&C; not a Mohs candidate.",
        "Standard excision, ED&C or topical therapy are standard options for this lesion.",
        "Shave removal; base lightly electrodesiccated for hemostasis.",
        "Hemostasis with electrodesiccation.",
        "Excision was chosen rather than cryotherapy.",
    };
    for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++) {
        extract(notes[i]);
        for (size_t k = 0; k < L.count; k++)
            if (L.items[k].kind == DA_FACT_PROCEDURE)
                assert_true(L.items[k].value != DA_PROC_DESTRUCTION);
    }
    /* an ellipse taken is an excision */
    extract("L neck: clinical lesion 0.8 cm; 4 mm margins; ellipse in a neck crease.");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 1);
    assert_int_equal(nth(DA_FACT_PROCEDURE, 0)->value, DA_PROC_EXCISION);
    /* a destruction done is still read */
    extract("The lesion was treated with ED&C x3 cycles.");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 1);
    /* options set against each other, and an indication's words, are not
     * what was done; the procedure section is */
    extract("Indication: biopsy-proven BCC of the shin. Discussed options: ED&C vs excision vs "
            "imiquimod; she chose ED&C (concerns with excision on the shin).\n"
            "Procedure: Electrodesiccation and curettage, 3 cycles.\n");
    for (size_t k = 0; k < L.count; k++)
        if (L.items[k].kind == DA_FACT_PROCEDURE)
            assert_int_equal(L.items[k].value, DA_PROC_DESTRUCTION);
    assert_true(count_kind(DA_FACT_PROCEDURE) >= 1);
    /* an arrow leads from the question to what was done */
    extract("2) r/o SCC vs CNH vs HAK L helix -> shave bx, lido w/ epi, AlCl3\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 1);
    assert_int_equal(nth(DA_FACT_PROCEDURE, 0)->value, DA_PROC_BIOPSY_TANGENTIAL);
    /* a condition supposes a diagnosis and plans a procedure */
    extract("Shave biopsy today. If BCC, would be treated with Mohs.\n");
    assert_int_equal(count_kind(DA_FACT_DIAGNOSIS), 0);
    extract("Shave biopsy today. BCC of the nasal ala, would be treated with Mohs.\n");
    assert_int_equal(count_kind(DA_FACT_DIAGNOSIS), 1);
    /* "saucerized off" takes the note's intent: a removal asked for ... */
    extract("PLAN: Removal today, specimen to pathology.\nPROCEDURE: The 1.1 cm lesion was "
            "saucerized off with a DermaBlade.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 1);
    assert_int_equal(nth(DA_FACT_PROCEDURE, 0)->value, DA_PROC_SHAVE);
    /* ... or a biopsy */
    extract("Biopsy recommended; patient prefers biopsy today.\nProcedure: the lesion was "
            "saucerized off with a DermaBlade to mid-dermis.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 1);
    assert_int_equal(nth(DA_FACT_PROCEDURE, 0)->value, DA_PROC_BIOPSY_TANGENTIAL);
    /* a punch described as full thickness is no excision */
    extract("A/P: Punch biopsy (full thickness, entire lesion).\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 1);
    assert_int_equal(nth(DA_FACT_PROCEDURE, 0)->value, DA_PROC_BIOPSY_PUNCH);
}

/* Counts of lesions treated, as notes write them: the count and what it
 * counts (coding-rules.md 3.1, 3.2: the code follows the number). */
static void test_lesion_counts(void **state)
{
    (void)state;
    static const struct {
        const char *text;  /* a note */
        int count;         /* the largest count read */
        da_diagnosis dx;   /* what it counts */
    } cases[] = {
        {"Lesions treated: scalp 7, forehead 3, right dorsal hand 2. Total twelve (12) AKs treated.",
         12, DA_DX_AK},
        {"Liquid nitrogen applied to each of the 17 AKs listed above.", 17, DA_DX_AK},
        {"Then curettage of all 18 mollusca with a small curette.", 18, DA_DX_BENIGN_OTHER},
        {"A total of twenty-two skin tags were removed by snip excision.", 22, DA_DX_SKIN_TAG},
        {"Removed all 27 tags with sterile curved iris scissors.", 27, DA_DX_SKIN_TAG},
        /* a total after a count by area, and a destruction block's own field */
        {"Liquid nitrogen, 2 cycles each.\nCount by area: forehead 5, scalp 6, nose 2, cheeks 3 = "
         "16 AKs total.", 16, DA_DX_AK},
        {"Curettage of molluscum, right axilla 7, right flank 6, left thigh 5: 18 molluscum in "
         "total.", 18, DA_DX_BENIGN_OTHER},
        {"Actinic keratoses, scattered on the scalp.\nPROCEDURE: Destruction of premalignant "
         "lesions\n Method: LN2 cryospray, 2 FTC\n Count: 18 (as mapped above)\n", 18, DA_DX_AK},
        /* counts by area after the lesions are summed */
        {"LN2 cryotherapy to the actinic keratoses listed above (4 scalp + 3 forehead + 2 L "
         "temple), 2 cycles each.", 9, DA_DX_AK},
        {"- Actinic keratoses: scalp 4, forehead 3, left temple 2 (gritty scaly papules).\nLN2 "
         "today.", 9, DA_DX_AK},
        {"AKs - treated 4, deferred 3.", 0, DA_DX_NONE},
        /* a count of something else is none */
        {"AKs on the scalp, LN2 today.\nPlatelet count: 18\nCount: 2.5 mm", 0, DA_DX_NONE},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        extract(cases[i].text);
        int best = 0;
        da_diagnosis dx = DA_DX_NONE;
        for (size_t k = 0; k < L.count; k++)
            if (L.items[k].kind == DA_FACT_LESION_COUNT && (int)L.items[k].value > best) {
                best = (int)L.items[k].value;
                dx = (da_diagnosis)(int)L.items[k].value2;
            }
        if (best != cases[i].count || dx != cases[i].dx)
            fail_msg("case %zu: read %d of kind %d", i, best, (int)dx);
    }
}

/* Procedures with a year after them, or under "hx:", are history. */
static void test_history_by_date(void **state)
{
    (void)state;
    static const char *const notes[] = {
        "hx: BCC nose mohs 2021, SCCis R hand ED&C 2024.",
        "Indication: recurrent after ED&C 2024, ill-defined.",
        "DERM HX: SCC in situ R dorsal hand, excised 2019.",
        "The left nasal ala ED&C site is a smooth scar.",
        "Inflamed twice this year (April - incised and drained at urgent care).",
        "Well-healed excision scar on the back.",
    };
    for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++) {
        extract(notes[i]);
        assert_int_equal(count_kind(DA_FACT_PROCEDURE), 0);
        assert_int_equal(count_kind(DA_FACT_MOHS), 0);
    }
    /* a dose or a count is no year */
    extract("Procedure: ED&C of the left forearm, 3 cycles, 2 mL lidocaine.");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 1);
}

/* A procedure with a full date before the visit after it was done then;
 * on the visit's own date it is today's. */
static void test_history_by_full_date(void **state)
{
    (void)state;
    static const char note_text[] =
        "PREOPERATIVE DIAGNOSIS: Invasive SCC, left lower lip (punch bx 07/08/2026, Dr. Chen).\n";
    da_extractor_set_date(X, da_date_from_ymd(2026, 8, 12));
    extract(note_text);
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 0);
    extract("Dx: SCC in situ L dorsal forearm, shave bx 7/9/26 (part B).\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 0);
    da_extractor_set_date(X, da_date_from_ymd(2026, 7, 8));
    extract(note_text);
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 1);
    da_extractor_set_date(X, DA_DATE_NONE);
    extract(note_text);
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 1);
}

/* A letter tells of the biopsy that led to the visit by a date in words
 * or a time ago: done before the visit, not today. A date in words that is
 * the visit's own, or later, is no history. */
static void test_history_by_date_in_words(void **state)
{
    (void)state;
    da_extractor_set_date(X, da_date_from_ymd(2026, 7, 22));
    extract("I performed Mohs surgery today on his squamous cell carcinoma of the left helix, "
            "diagnosed on your shave biopsy of 28 June.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 0);
    extract("The nevus was removed by shave biopsy on June 28, 2026.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 0);
    extract("Her basal cell carcinoma, which you confirmed on a shave biopsy two weeks ago.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 0);
    /* today's date, a date to come, a size after the term: done today */
    extract("I took a shave biopsy on 22 July of the changing mole.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 1);
    extract("Shave biopsy 3 mm deep of the left arm lesion.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 1);
    da_extractor_set_date(X, DA_DATE_NONE);
    extract("The nevus was removed by shave biopsy on June 28, 2026.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 1);
}

/* A copy-forward line that refers to the note of an earlier day for its
 * procedure ("(see 7/1 note)") is that day's; a reference to today's note,
 * or one without a date, is no history. */
static void test_reference_to_earlier_note(void **state)
{
    (void)state;
    da_extractor_set_date(X, da_date_from_ymd(2026, 9, 1));
    extract("P:\n Shave biopsy L mid back: consent signed. (see 7/1 note)\n RTC 8 wks.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 0);
    extract("P:\n Shave biopsy L mid back: consent signed. (see 7/1/26 note)\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 0);
    extract("P:\n Shave biopsy L mid back: consent signed. (see 9/1 note)\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 1);
    extract("P:\n Shave biopsy L mid back: consent signed. (see procedure note)\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 1);
    extract("P:\n Shave biopsy L mid back: consent signed. (1/2 of the lesion sampled)\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 1);
    da_extractor_set_date(X, DA_DATE_NONE);
}

/* A procedure the note states once, counted as many as the lesions it
 * lists with none of their own, is each lesion's; without the count, or
 * with two procedures named, it stays the note's. */
static void test_procedure_for_each_listed_lesion(void **state)
{
    (void)state;
    const char *each = "A/P:\n - punch bx x2 today, 4 mm, consent, lido w/ epi\n"
                       "     A - L distal thigh (newest lesion)\n     B - R shin\n";
    extract(each);
    assert_int_equal(L.nlesions, 2);
    int on[3] = {0};
    for (size_t i = 0; i < L.count; i++)
        if (L.items[i].kind == DA_FACT_PROCEDURE && L.items[i].lesion >= 0 && L.items[i].lesion < 3)
            on[L.items[i].lesion]++;
    assert_int_equal(on[1], 1);
    assert_int_equal(on[2], 1);
    const char *uncounted = "A/P:\n - punch bx today\n     A - L distal thigh\n     B - R shin\n";
    extract(uncounted);
    for (size_t i = 0; i < L.count; i++)
        if (L.items[i].kind == DA_FACT_PROCEDURE)
            assert_int_equal(L.items[i].lesion, 0);
}

/* In a Mohs note frozen sections are Mohs' own, except the one that read a
 * same-day diagnostic biopsy just before, no Mohs between. */
static void test_frozen_section_of_a_biopsy(void **state)
{
    (void)state;
    extract("DIAGNOSTIC BIOPSY: a tangential (shave) biopsy was performed and the specimen was "
            "processed as a frozen section, H&E, read by me: BCC.\n"
            "MOHS: Mohs micrographic surgery, stage 1: 2 blocks, horizontal frozen sections.\n");
    assert_int_equal(count_kind(DA_FACT_FROZEN_SECTION), 1);
    assert_true(nth(DA_FACT_FROZEN_SECTION, 0)->start < (size_t)(strstr(note, "MOHS:") - note));
    extract("Mohs micrographic surgery, stage 1: 2 blocks, horizontal frozen sections.\n");
    assert_int_equal(count_kind(DA_FACT_FROZEN_SECTION), 0);
    /* a negation before a comma and an article does not reach the next clause */
    extract("Diagnostic biopsy: Because there is no histologic confirmation, a tangential (shave) "
            "biopsy of the lesion was performed prior to Mohs and submitted for frozen section.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 1);
    assert_int_equal(count_kind(DA_FACT_FROZEN_SECTION), 1);
    /* ... while a term before the comma stays negated */
    extract("No shave biopsy was done today, the patient declined.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 0);
    /* The layer a stage names is that stage: no biopsy, and its frozen
     * sections are Mohs' own. */
    extract("Mohs micrographic surgery.\nStage 1: saucerized layer w/ 3 mm margin, cut into 7 "
            "tissue blocks. Frozen sections H&E: tumor at 9-11 o'clock.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 0);
    assert_int_equal(count_kind(DA_FACT_FROZEN_SECTION), 0);
    /* a biopsy on its own line before the stages is still read */
    extract("Mohs micrographic surgery.\nA shave biopsy of the lesion was taken for frozen "
            "section: BCC.\nStage 1: saucerized layer, 2 blocks.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 1);
    assert_int_equal((int)nth(DA_FACT_PROCEDURE, 0)->value, DA_PROC_BIOPSY_TANGENTIAL);
}

/* Dictation: "Plan colon" heads a section and plans nothing; "biopsied by
 * shave technique" is a tangential biopsy, "removed by shave technique" a
 * shave removal. */
static void test_dictated_headings_and_biopsy_words(void **state)
{
    (void)state;
    extract("Exam colon right forearm papule. Plan colon three lesions were biopsied by shave "
            "technique.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 1);
    assert_int_equal((int)nth(DA_FACT_PROCEDURE, 0)->value, DA_PROC_BIOPSY_TANGENTIAL);
    extract("The lesion was biopsied with a 4 mm punch.\n");
    assert_int_equal((int)nth(DA_FACT_PROCEDURE, 0)->value, DA_PROC_BIOPSY_PUNCH);
    extract("Lesion removed by shave technique.\n");
    assert_int_equal((int)nth(DA_FACT_PROCEDURE, 0)->value, DA_PROC_SHAVE);
    extract("Plan: will schedule excision.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 0);
    /* a Mohs stage taken again, uncounted */
    extract("Mohs. First stage excised. Residual BCC; additional tissue taken at the mapped positive "
            "areas until a tumor-free plane was achieved.\n");
    assert_int_equal(count_kind(DA_FACT_MOHS_MORE), 1);
    extract("Mohs. If residual tumor, additional tissue would be taken.\n");
    assert_int_equal(count_kind(DA_FACT_MOHS_MORE), 0);
}

/* Numbers dictated as words, in a note that spells its units out. */
static void test_spoken_numbers(void **state)
{
    (void)state;
    expect_one("Final defect one point two by one point zero centimeters.", DA_FACT_DEFECT_SIZE,
               1.2, "Final defect one point two by one point zero centimeters");
    expect_one("Intermediate layered closure, final length two point five centimeters.",
               DA_FACT_REPAIR_LENGTH, 2.5, "final length two point five centimeters");
    expect_one("Excised with three millimeter margins.", DA_FACT_MARGIN, 0.3,
               "three millimeter margins");
    expect_one("A lesion zero point nine centimeters on the back.", DA_FACT_SIZE, 0.9,
               "lesion zero point nine centimeters");
    /* in a note with abbreviated units the words stay words */
    extract("Two 3 mm punch biopsies were taken.");
    assert_int_equal(count_kind(DA_FACT_SIZE) + count_kind(DA_FACT_MEASURE), 1);
    assert_float_equal(nth(DA_FACT_MEASURE, 0)->value, 0.3, 1e-9);
}

/* A plan told by its clause's last word, and a past procedure's scar. */
static void test_then_and_scar(void **state)
{
    (void)state;
    extract("AKs: field treatment done. Reassess in 8 wk; LN2 to any residual lesions then.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 0);
    extract("Shave biopsy then electrodesiccation of the base.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 2);
    extract("- R nasal tip ED&C scar: no recurrence.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 0);
    extract("Biopsy site: left arm. Shave biopsy done.\n");
    assert_int_equal(count_kind(DA_FACT_PROCEDURE), 1);
}

/* Immunostains by antibody: two named are two, one named twice ("MART-1
 * (Melan-A)") or beside the generic word is one. */
static void test_stain_antibodies(void **state)
{
    (void)state;
    static const struct {
        const char *text; /* a report */
        int named;        /* distinct antibodies read */
        int generic;      /* generic immunostain words read */
    } cases[] = {
        {"MICROSCOPIC: SOX10 and PRAME immunostains were performed.", 2, 0},
        {"Immunohistochemical stain for MART-1 (Melan-A) performed on block A1.", 1, 1},
        {"Immunohistochemistry performed; see comment.", 0, 1},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        extract(cases[i].text);
        int named = 0, generic = 0;
        for (size_t k = 0; k < L.count; k++)
            if (L.items[k].kind == DA_FACT_STAIN && L.items[k].value == DA_STAIN_IHC) {
                named += L.items[k].ref > 0;
                generic += L.items[k].ref == 0;
            }
        if (named != cases[i].named || generic != cases[i].generic)
            fail_msg("case %zu: %d named, %d generic", i, named, generic);
    }
}

/* Lesions injected, counted as the note counts them. */
static void test_lesions_injected(void **state)
{
    (void)state;
    static const struct {
        const char *text; /* a note */
        int count;        /* lesions injected read */
    } cases[] = {
        {"Patches treated today (5):\n 1. R temporal\nKenalog-10 injected intradermally, 0.1 mL per "
         "injection.", 5},
        {"* ILK to each papule, 9 total: Kenalog-10 (10 mg/mL), 0.1 mL each = 0.9 mL", 9},
        {"Total volume injected 2.2 mL = 22 mg triamcinolone across the five patches.", 5},
        {"Kenalog 10 mg/mL injected into 3 keloids.", 3},
        /* no count of lesions injected */
        {"AKs treated with LN2 today. Kenalog 10 mg/mL 1 mL injected into the keloid.", 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        extract(cases[i].text);
        int best = 0;
        for (size_t k = 0; k < L.count; k++)
            if (L.items[k].kind == DA_FACT_LESIONS_INJECTED && (int)L.items[k].value > best)
                best = (int)L.items[k].value;
        if (best != cases[i].count)
            fail_msg("case %zu: read %d lesions injected", i, best);
    }
}

/* Undermining against the defect's width: stated ("more than the width of
 * the defect"), or measured ("undermined widely ... 2.5 cm" beside a 2.2 cm
 * defect); a shorter distance stays what the words say. The wound's
 * preparation for the repair is read apart. */
static void test_undermining_width(void **state)
{
    (void)state;
    extract("The defect measured 1.8 cm in maximum width. The edges were trimmed and the standing "
            "cones excised, and the edges were undermined extensively for 2.0 cm on each side, which "
            "is more than the width of the defect. Layered closure.\n");
    assert_int_equal((int)nth(DA_FACT_UNDERMINING, 0)->value, DA_UNDERMINE_WIDTH);
    assert_int_equal(count_kind(DA_FACT_WOUND_PREP), 1);
    extract("The resulting defect measured 2.2 cm in width. The wound edges were undermined widely in "
            "the subcutaneous plane approximately 2.5 cm along both entire edges. Standing cones at "
            "both poles were excised.\n");
    assert_int_equal((int)nth(DA_FACT_UNDERMINING, 0)->value, DA_UNDERMINE_WIDTH);
    assert_int_equal(count_kind(DA_FACT_WOUND_PREP), 1);
    extract("The resulting defect measured 2.2 cm in width. The wound edges were undermined widely "
            "approximately 1.0 cm. Layered closure.\n");
    assert_int_equal((int)nth(DA_FACT_UNDERMINING, 0)->value, DA_UNDERMINE_EXTENSIVE);
    assert_int_equal(count_kind(DA_FACT_WOUND_PREP), 0);
}

/* A contracted negation negates like "not": "They don't hurt or bleed" is no
 * medical necessity. */
static void test_contracted_negation(void **state)
{
    (void)state;
    extract("HPI: skin tags on the neck. They don't hurt or bleed and do not catch on jewelry.\n");
    assert_int_equal(count_kind(DA_FACT_NECESSITY), 0);
    extract("SK on the back; it doesn't itch.\n");
    assert_int_equal(count_kind(DA_FACT_NECESSITY), 0);
    extract("SK on the back; it bleeds and doesn't heal.\n");
    assert_int_equal(count_kind(DA_FACT_NECESSITY), 1);
}

/* Where a specimen went: a laboratory named by its own name says nothing,
 * the words of an outside lab's report or of a note that sent it out do. */
static void test_specimen_lab(void **state)
{
    (void)state;
    extract("The two specimens were sent to Great Lakes Dermatopathology for processing.\n");
    assert_int_equal(count_kind(DA_FACT_SPECIMEN), 1);
    assert_int_equal((int)nth(DA_FACT_SPECIMEN, 0)->value2, DA_LAB_UNKNOWN);
    extract("The two specimens were sent to Great Lakes Dermatopathology for processing.\n"
            "Professional and technical components performed and billed by Great Lakes "
            "Dermatopathology, LLC.\n");
    assert_int_equal((int)nth(DA_FACT_SPECIMEN, 0)->value2, DA_LAB_OUTSIDE);
    extract("- 4 mm punch bx of active border.\n - Specimen -> outside lab (Great Lakes Dermpath).\n");
    assert_int_equal(count_kind(DA_FACT_SPECIMEN), 1);
    assert_int_equal((int)nth(DA_FACT_SPECIMEN, 0)->value2, DA_LAB_OUTSIDE);
    extract("Both specimens were sent to pathology; they were not processed in our laboratory.\n");
    assert_int_equal((int)nth(DA_FACT_SPECIMEN, 0)->value2, DA_LAB_OUTSIDE);
    /* a negated billing statement and the practice's own lab say in-house or nothing */
    extract("Specimen sent to our dermatopathology lab. Wound vac not billed by plastics.\n");
    assert_int_equal((int)nth(DA_FACT_SPECIMEN, 0)->value2, DA_LAB_IN_HOUSE);
}

/* A note no label or list divides, whose procedure sentences name places
 * apart, is read as that many lesions; places one inside the other ("the
 * forearm", "left dorsal forearm") are one lesion. */
static void test_lesions_by_procedure_sites(void **state)
{
    (void)state;
    extract("PROCEDURE: Biopsy of two lesions: punch biopsy of the left lower back and shave "
            "biopsy of the right ear.\n\nEXAM: Left lower back: 7 mm firm nodule. Right "
            "antihelix: 4 mm scaly papule.\n\nPROCEDURE: After consent, the left lower back was "
            "anesthetized and a 4 mm punch biopsy was taken. The specimen was placed in container "
            "#1. The right antihelix lesion was anesthetized and a shave biopsy was performed.\n");
    assert_int_equal(L.nlesions, 2);
    int punch = -1, shave = -1;
    for (size_t i = 0; i < L.count; i++)
        if (L.items[i].kind == DA_FACT_PROCEDURE && L.items[i].lesion > 0) {
            if (L.items[i].value == DA_PROC_BIOPSY_PUNCH)
                punch = L.items[i].lesion;
            if (L.items[i].value == DA_PROC_BIOPSY_TANGENTIAL)
                shave = L.items[i].lesion;
        }
    assert_int_equal(punch, 1);
    assert_int_equal(shave, 2);
    /* the lesion's own item says shave; narrative naming its site with
     * another lesion's excision does not make it an excision */
    extract("TITLE OF PROCEDURES:\n1. Excision of left upper cheek neoplasm 0.5 x 1 cm.\n"
            "2. Shave excision of the right nasal ala 0.5 x 1 cm neoplasm.\n\n"
            "PROCEDURE: These required standard excision with the smaller lesion of the right "
            "nasal ala being superficial and amenable to a shave excision.\n");
    for (size_t i = 0; i < L.count; i++)
        if (L.items[i].kind == DA_FACT_PROCEDURE && L.items[i].lesion == 2)
            assert_int_equal(L.items[i].value, DA_PROC_SHAVE);
    extract("Shave biopsy of the left dorsal forearm was performed. The forearm was cleansed and "
            "a second shave biopsy was not needed.\n");
    assert_int_equal(L.nlesions, 0);
    /* an assessment naming an excision to come is not a second lesion */
    extract("ASSESSMENT/PLAN: Basal cell carcinoma of the left cheek; excision of the left cheek "
            "to be scheduled.\n\nPROCEDURE: Shave biopsy of the right forearm was performed.\n");
    assert_int_equal(L.nlesions, 0);
}

/* What a post-operative visit takes out, or a repair trims, is no lesion:
 * no reading gap; a lesion removed with no procedure named is one. */
static void test_removed_not_a_lesion(void **state)
{
    (void)state;
    extract("P: Sutures removed, steri-strips placed. Wound healing well.");
    assert_int_equal(count_kind(DA_FACT_READING), 0);
    extract("The standing cone at the pivot was removed.");
    assert_int_equal(count_kind(DA_FACT_READING), 0);
    extract("The lesion on the left arm was removed.");
    assert_int_equal(count_kind(DA_FACT_READING), 1);
}

/* The notes' own word that a visit was for the procedure alone (value 2),
 * or had a separate problem (value 1); a plan to come back for one is
 * neither. */
static void test_separate_visit_words(void **state)
{
    (void)state;
    static const char *const alone[] = {
        "He presents today for the procedure. He has no new complaints.",
        "Here for excision of the BCC of the right nasal sidewall as planned.",
        "No other skin concerns today.",
    };
    for (size_t i = 0; i < sizeof(alone) / sizeof(alone[0]); i++) {
        extract(alone[i]);
        assert_int_equal(count_kind(DA_FACT_SEPARATE_EM), 1);
        assert_int_equal(nth(DA_FACT_SEPARATE_EM, 0)->value, 2);
    }
    extract("A significant, separately identifiable E/M service was performed.");
    assert_int_equal(nth(DA_FACT_SEPARATE_EM, 0)->value, 1);
    extract("Will return for the excision in 2 weeks.");
    assert_int_equal(count_kind(DA_FACT_SEPARATE_EM), 0);
    /* a teaching physician present for the biopsy says nothing of the visit */
    extract("Teaching physician: I saw the patient and was present for the biopsy; agree.");
    assert_int_equal(count_kind(DA_FACT_SEPARATE_EM), 0);
    /* a follow-up clinic's patient is established */
    extract("GENERAL DERMATOLOGY RESIDENT CLINIC - Follow-up\nS: acne much improved.");
    assert_int_equal(count_kind(DA_FACT_PATIENT), 1);
    assert_int_equal(nth(DA_FACT_PATIENT, 0)->value, DA_PATIENT_ESTABLISHED);
}

/* Cosmetic intent in the patient's words, and not where the words are about
 * the scar. */
static void test_cosmetic_intent(void **state)
{
    (void)state;
    static const char *const cosmetic[] = {
        "She just doesn't like how they look; LN2 to 5 SKs.",
        "Intradermal nevus: I just hate the way it looks.",
        "Wants them off to look her best in the wedding photos.",
        "Removal for appearance, patient aware it is cosmetic.",
    };
    for (size_t i = 0; i < sizeof(cosmetic) / sizeof(cosmetic[0]); i++) {
        extract(cosmetic[i]);
        assert_true(count_kind(DA_FACT_COSMETIC) >= 1);
    }
    extract("Layered closure for the best cosmetic result.");
    assert_int_equal(count_kind(DA_FACT_COSMETIC), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_size_forms),
        cmocka_unit_test(test_size_roles),
        cmocka_unit_test(test_closed_it_in_layers),
        cmocka_unit_test(test_history_governs_parenthesis_items),
        cmocka_unit_test(test_final_length),
        cmocka_unit_test(test_final_wound_after_closure),
        cmocka_unit_test(test_size_negatives),
        cmocka_unit_test(test_margins),
        cmocka_unit_test(test_site_groups),
        cmocka_unit_test(test_site_phrasing),
        cmocka_unit_test(test_site_negatives),
        cmocka_unit_test(test_site_table),
        cmocka_unit_test(test_mohs_documented),
        cmocka_unit_test(test_mohs_stage_blocks),
        cmocka_unit_test(test_mohs_stage_without_blocks),
        cmocka_unit_test(test_mohs_stage_count),
        cmocka_unit_test(test_mohs_unit_stage_table),
        cmocka_unit_test(test_mohs_not_stage),
        cmocka_unit_test(test_mohs_deep),
        cmocka_unit_test(test_lesion_blocks),
        cmocka_unit_test(test_mohs_two_lesions),
        cmocka_unit_test(test_empty_and_odd),
        cmocka_unit_test(test_pathological),
        cmocka_unit_test(test_match_limit),
        cmocka_unit_test(test_huge_note),
        cmocka_unit_test(test_nul_and_invalid),
        cmocka_unit_test(test_limit_notice),
        cmocka_unit_test(test_facts_csv),
        cmocka_unit_test(test_drug_doses),
        cmocka_unit_test(test_waste_field_labels),
        cmocka_unit_test(test_dose_beside_vials_used),
        cmocka_unit_test(test_vial_abbreviations),
        cmocka_unit_test(test_home_injections),
        cmocka_unit_test(test_hedge_on_a_diagnosis_is_no_plan),
        cmocka_unit_test(test_letter_plans_and_choices),
        cmocka_unit_test(test_repair_classes),
        cmocka_unit_test(test_alternatives_not_done),
        cmocka_unit_test(test_lesion_counts),
        cmocka_unit_test(test_history_by_date),
        cmocka_unit_test(test_history_by_full_date),
        cmocka_unit_test(test_history_by_date_in_words),
        cmocka_unit_test(test_reference_to_earlier_note),
        cmocka_unit_test(test_frozen_section_of_a_biopsy),
        cmocka_unit_test(test_specimen_lab),
        cmocka_unit_test(test_contracted_negation),
        cmocka_unit_test(test_undermining_width),
        cmocka_unit_test(test_lesions_injected),
        cmocka_unit_test(test_stain_antibodies),
        cmocka_unit_test(test_then_and_scar),
        cmocka_unit_test(test_spoken_numbers),
        cmocka_unit_test(test_dictated_headings_and_biopsy_words),
        cmocka_unit_test(test_procedure_for_each_listed_lesion),
        cmocka_unit_test(test_lesions_by_procedure_sites),
        cmocka_unit_test(test_removed_not_a_lesion),
        cmocka_unit_test(test_separate_visit_words),
        cmocka_unit_test(test_cosmetic_intent),
        cmocka_unit_test(test_mohs_stage_table),
        cmocka_unit_test(test_handout_documents_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
