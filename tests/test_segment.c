/* test_segment.c - the reader's second stage: notes cut into their lesions
 * (segment.c). Each case is a layout notes come in: labels heading blocks or
 * standing inside a sentence, the same label twice, numbered and lettered
 * lists of lesions (one per line, several lines each, or run into a
 * dictated line), a problem list, and what is not a list of lesions (steps,
 * "Medicare Part B", "lesion 1 cm"). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "segment.h"
#include "sites.h"

typedef struct fixture {
    da_sites *sites;
    da_vocab vocab;
    da_rx_ctx rx;
    da_rx site;
    da_sectioner sec;
    da_segmenter seg;
    da_section_list sections;
    da_segment_list segments;
} fixture;

static int setup(void **state)
{
    fixture *f = test_calloc(1, sizeof(*f));
    *state = f;
    if (da_sites_load(&f->sites) != DA_OK || da_vocab_load(&f->vocab, NULL) != DA_OK ||
        da_rx_ctx_init(&f->rx) != DA_OK)
        return -1;
    char *site = da_sites_pattern(f->sites);
    da_error err = da_rx_compile(&f->rx, &f->site, site);
    free(site);
    if (err != DA_OK || da_sectioner_init(&f->sec, &f->rx, &f->vocab) != DA_OK ||
        da_segmenter_init(&f->seg, &f->rx, f->sites) != DA_OK)
        return -1;
    da_sections_init(&f->sections);
    da_segments_init(&f->segments);
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    da_segments_free(&f->segments);
    da_sections_free(&f->sections);
    da_segmenter_free(&f->seg);
    da_sectioner_free(&f->sec);
    da_rx_free(&f->site);
    da_rx_ctx_free(&f->rx);
    da_vocab_free(&f->vocab);
    da_sites_free(f->sites);
    test_free(f);
    return 0;
}

/* Segments text; returns the lesion numbers of its segments in order,
 * joined by ' ' (0 for the note's text). */
static const char *lesions(fixture *f, const char *text)
{
    static char out[256];
    size_t len = strlen(text);
    da_rx_begin(&f->rx, true);
    assert_int_equal(da_sections_find(&f->sec, &f->rx, text, len, false, &f->sections), DA_OK);
    assert_int_equal(da_segments_find(&f->seg, &f->rx, &f->site, text, len, &f->sections,
                                      &f->segments),
                     DA_OK);
    out[0] = '\0';
    size_t at = 0;
    for (size_t i = 0; i < f->segments.count; i++) {
        const da_segment *s = &f->segments.items[i];
        assert_int_equal(s->start, at); /* contiguous from 0 to the end */
        at = s->end;
        char n[8];
        snprintf(n, sizeof(n), "%s%d", i ? " " : "", s->lesion);
        strcat(out, n);
    }
    assert_int_equal(at, len);
    return out;
}

/* The lesion holding the first occurrence of needle. */
static int lesion_of(fixture *f, const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    assert_non_null(p);
    size_t pos = (size_t)(p - text);
    for (size_t i = 0; i < f->segments.count; i++)
        if (pos >= f->segments.items[i].start && pos < f->segments.items[i].end)
            return f->segments.items[i].lesion;
    fail_msg("no segment holds %s", needle);
    return -1;
}

static void test_labels_heading_blocks(void **state)
{
    fixture *f = *state;
    const char *note = "Procedure note\nLesion 1: left forearm, 6 mm papule, shave biopsy.\n"
                       "Lesion 2: right shoulder, 4 mm punch biopsy.\n";
    assert_string_equal(lesions(f, note), "0 1 2");
    assert_int_equal(lesion_of(f, note, "6 mm"), 1);
    assert_int_equal(lesion_of(f, note, "4 mm"), 2);
    assert_int_equal(f->segments.nlesions, 2);
}

/* "Lesion 2 on the right shoulder, a 9 mm papule, was sampled": a label
 * inside a sentence; "lesion 1 cm" and "site 2 weeks" are not labels. */
static void test_labels_inside_sentences(void **state)
{
    fixture *f = *state;
    const char *note = "Two lesions were biopsied. Lesion 1 on the left cheek, a 5 mm pearly "
                       "papule, was shaved. Lesion 2 on the right shoulder, a 9 mm papule, was "
                       "sampled by punch.";
    assert_string_equal(lesions(f, note), "0 1 2");
    assert_int_equal(lesion_of(f, note, "9 mm"), 2);
    const char *units = "The lesion 1 cm in size was seen at the site 2 weeks ago; Medicare "
                        "Part B\npays.";
    assert_string_equal(lesions(f, units), "0");
}

/* The same label twice is the same lesion; a label's block stops at a
 * section that is not about the procedure. */
static void test_same_label_twice(void **state)
{
    fixture *f = *state;
    const char *note = "SITE A\nLocation: left preauricular cheek\nSITE B\nLocation: left upper "
                       "back\nPROCEDURE: both sites debulked.\nSITE A - left preauricular "
                       "cheek\n Stage 1: 3 blocks\nSITE B - left upper back\n Stage 1: 3 "
                       "blocks\nPlan: return in 1 week.\n";
    assert_string_equal(lesions(f, note), "1 2 1 2 0");
    assert_int_equal(lesion_of(f, note, "Plan:"), 0);
}

/* A Mohs report with three tumours as "1)" items, several lines each,
 * separated by blank lines; the pathology title after them ends the last. */
static void test_items_of_several_lines(void **state)
{
    fixture *f = *state;
    const char *note = "Anesthesia: lidocaine.\n\n"
                       "1) Nasal dorsum, midline - Basal cell carcinoma\n"
                       "   Preoperative size 0.8 x 0.7 cm.\n   Stage 1: 3 blocks.\n\n"
                       "2) Left temple - Squamous cell carcinoma in situ\n"
                       "   Stage 1: 2 blocks, clear.\n   Repair: layered closure. Length 2.8 cm.\n\n"
                       "3) Right dorsal forearm - Basal cell carcinoma\n"
                       "   Stage 1: 3 blocks, clear.\n\n"
                       "Pathology: Mohs frozen sections for all three sites.\n";
    assert_string_equal(lesions(f, note), "0 1 2 3 0");
    assert_int_equal(lesion_of(f, note, "0.8 x 0.7"), 1);
    assert_int_equal(lesion_of(f, note, "Length 2.8"), 2);
    assert_int_equal(lesion_of(f, note, "frozen sections for"), 0);
}

/* A label alone on its line, or between rules of dashes. */
static void test_labels_on_their_own_line(void **state)
{
    fixture *f = *state;
    const char *of = "Tissue mapped.\n\nSITE 1 of 2\nDiagnosis: BCC - R forehead\nLength: 3.0 cm\n\n"
                     "SITE 2 of 2\nDiagnosis: BCC - L cheek\nLength: 2.2 cm\n";
    assert_string_equal(lesions(f, of), "0 1 2");
    assert_int_equal(lesion_of(f, of, "2.2 cm"), 2);
    /* a weak label word opening the text, and heading the next line */
    const char *opening = "Biopsy #1 - left forearm, shave\nBiopsy #2 - right shin, punch\n";
    assert_string_equal(lesions(f, opening), "1 2");
    const char *field = "SPECIMEN: A. Skin, upper back, excision\nGROSS: ellipse 5.3 x 1.5 cm\n";
    lesions(f, field);
    assert_int_equal(f->segments.nlesions, 1);
    assert_int_equal(lesion_of(f, field, "upper back"), 1);
    const char *ruled = "------ SITE A ------\nR nasal tip, 0.6 cm\n------ SITE B ------\n"
                        "L dorsal forearm, 1.0 cm\n";
    assert_string_equal(lesions(f, ruled), "0 1 2"); /* the rule before SITE A is the note's */
    assert_int_equal(lesion_of(f, ruled, "1.0 cm"), 2);
}

static void test_lettered_items_and_a_problem_list(void **state)
{
    fixture *f = *state;
    const char *mohs = "A. LEFT CHEEK - BCC, nodular. Stage 1, 3 blocks.\n"
                       "B. RIGHT LATERAL UPPER ARM - BCC. Stage 1, 3 blocks.\n"
                       "C. LEFT DORSAL HAND - SCC in situ. Stage 1, 2 blocks.\n";
    assert_string_equal(lesions(f, mohs), "1 2 3");
    const char *dashed = "A/P\nbiopsies x3 today:\n A - R temple, shave bx, r/o BCC\n"
                         " B - L dorsal forearm, shave bx\n C - mid back, 4 mm punch bx\n";
    assert_string_equal(lesions(f, dashed), "0 1 2 3");
    assert_int_equal(lesion_of(f, dashed, "punch"), 3);
    const char *plan = "A/P:\n1. r/o BCC R upper back - shave bx today.\n"
                       "2. AKs x8 (scalp 5, dorsal hands 3) - LN2 x 2 FTC each.\n"
                       "3. hx BCC - NED.\nf/u 6 mo\n";
    assert_string_equal(lesions(f, plan), "0 1 2 3 0");
    assert_int_equal(lesion_of(f, plan, "LN2"), 2);
}

/* Numbered steps name no sites: one lesion, the note's. */
static void test_steps_are_not_lesions(void **state)
{
    fixture *f = *state;
    const char *note = "Procedure:\n1. Informed consent obtained.\n2. Prepped and draped.\n"
                       "3. The lesion was excised and closed in layers.\n";
    assert_string_equal(lesions(f, note), "0");
}

/* Dictation: the list run into one line after "PROCEDURES:,". */
static void test_dictated_run_in_list(void **state)
{
    fixture *f = *state;
    const char *note = "PROCEDURES PERFORMED:, 1. Excision of left upper cheek skin neoplasm 0.5 x "
                       "1 cm with two layer closure. 2. Excision of the left lower cheek skin "
                       "neoplasm 0.5 x 1 cm. 3. Shave excision of the right nasal ala 0.5 x 1 cm."
                       ",INDICATIONS:, Enlarging lesions.";
    assert_string_equal(lesions(f, note), "0 1 2 3 0");
    assert_int_equal(lesion_of(f, note, "nasal ala"), 3);
    assert_int_equal(lesion_of(f, note, "Enlarging"), 0);
}

/* A pathology report's lettered specimens are specimens. */
static void test_report_specimens(void **state)
{
    fixture *f = *state;
    const char *note = "SURGICAL PATHOLOGY REPORT\nSPECIMEN:\nA. Skin, left forearm, shave biopsy\nB. Skin, right back, punch\n"
                       "DIAGNOSIS:\nA. Basal cell carcinoma.\nB. Compound nevus.\n";
    lesions(f, note);
    int specimens = 0;
    for (size_t i = 0; i < f->segments.count; i++)
        specimens += f->segments.items[i].specimen;
    assert_int_equal(f->segments.nlesions, 2);
    assert_int_equal(lesion_of(f, note, "Compound nevus"), 2);
    assert_true(specimens >= 2);
    /* one specimen: "A." alone is still specimen A in a report (not in a visit note) */
    const char *one = "SURGICAL PATHOLOGY REPORT\nSPECIMEN:\nA. Skin, left mid back, shave "
                      "biopsies x2 (single container)\nDIAGNOSIS:\nA. Lichenoid keratosis.\n";
    lesions(f, one);
    assert_int_equal(f->segments.nlesions, 1);
    assert_int_equal(lesion_of(f, one, "Lichenoid"), 1);
    const char *visit = "Plan:\nA. Left forearm shave biopsy.\nFollow up in a year.\n";
    lesions(f, visit);
    assert_int_equal(f->segments.nlesions, 0);
}

/* A procedure list whose closures have items of their own: the repair is
 * the lesion whose site it names, the flap the lesion before it; a second
 * lesion on another site is the next lesion (so pathology's A and B match
 * the two tumours, not a tumour and a repair). Two biopsies of one site
 * stay two lesions. */
static void test_closure_items_join_their_lesion(void **state)
{
    fixture *f = *state;
    const char *note = "PROCEDURES PERFORMED:\n"
                       " 1. Excision BCC right preauricular cheek, excised diameter 2.2 cm.\n"
                       " 2. Excision SCC in situ left forehead, excised diameter 1.5 cm.\n"
                       " 3. Intermediate repair, right cheek, 6.2 cm.\n"
                       " 4. Intermediate (layered) repair, left forehead, 3.5 cm.\n";
    lesions(f, note);
    assert_int_equal(f->segments.nlesions, 2);
    assert_int_equal(lesion_of(f, note, "6.2 cm"), 1);
    assert_int_equal(lesion_of(f, note, "3.5 cm"), 2);
    const char *flap = "Procedures:\n1. Mohs surgery, nasal tip, 2 stages.\n"
                       "2. Bilobed flap: designed from the left nasal sidewall.\n";
    lesions(f, flap);
    assert_int_equal(f->segments.nlesions, 1);
    assert_int_equal(lesion_of(f, flap, "Bilobed"), 1);
    const char *two = "Procedures:\n1. Shave biopsy, left forearm, proximal.\n"
                      "2. Shave biopsy, left forearm, distal.\n";
    lesions(f, two);
    assert_int_equal(f->segments.nlesions, 2);
}

/* Narrative after a list of two lesions: each paragraph or run of
 * sentences goes to the lesion whose site it names; a sentence naming
 * both sites, or none after a paragraph break, is the note's. */
static void test_narrative_by_site(void **state)
{
    fixture *f = *state;
    const char *note = "PROCEDURES:\n"
                       "1. Excision of basal cell carcinoma, left upper back.\n"
                       "2. Excision of squamous cell carcinoma in situ, right lower back.\n\n"
                       "DESCRIPTION OF PROCEDURE: Both sites, left upper back and right lower "
                       "back, were marked.\n\n"
                       "Attention was first turned to the left upper back. The lesion there "
                       "measured 1.0 cm. This repair measured 3.0 cm.\n\n"
                       "Next the right lower back was addressed. This lesion measured 0.7 cm, "
                       "closed in two layers for a length of 2.5 cm.\n\n"
                       "Both sites were dressed.\n";
    assert_string_equal(lesions(f, note), "0 1 2 0 1 2 0");
    assert_int_equal(f->segments.nlesions, 2);
    assert_int_equal(lesion_of(f, note, "were marked"), 0);
    assert_int_equal(lesion_of(f, note, "1.0 cm"), 1);
    assert_int_equal(lesion_of(f, note, "3.0 cm"), 1);
    assert_int_equal(lesion_of(f, note, "0.7 cm"), 2);
    assert_int_equal(lesion_of(f, note, "2.5 cm"), 2);
    assert_int_equal(lesion_of(f, note, "sites were dressed"), 0);
}

/* A site run goes on through a title run into its paragraph ("... to fat.
 * Repair: intermediate ..."), not past a title heading a line. */
static void test_site_run_through_inline_title(void **state)
{
    fixture *f = *state;
    const char *note = "Lesion 1: BCC, L lateral cheek.\nLesion 2: SCC in situ, L lateral neck.\n\n"
                       "Consent x2.\n\n"
                       "L cheek: clinical lesion 0.8 cm; fusiform excision to fat. Repair: "
                       "intermediate, layered, length 2.0 cm.\n\n"
                       "L neck: clinical lesion 0.8 cm; ellipse in a neck crease. Repair: "
                       "intermediate, length 2.2 cm.\n\nPlan: sutures out in 7 days.\n";
    lesions(f, note);
    assert_int_equal(lesion_of(f, note, "length 2.0"), 1);
    assert_int_equal(lesion_of(f, note, "length 2.2"), 2);
    assert_int_equal(lesion_of(f, note, "sutures out"), 0);
}

/* "(specimen B)" names the lesion of its line; "Specimen A - R dorsal
 * forearm: alcohol prep ..." heads its paragraph only; in a plan list a new
 * item ends the run of the one before. */
static void test_references_and_paragraph_labels(void **state)
{
    fixture *f = *state;
    const char *note = "A/P:\n1. r/o BCC L upper back -> punch bx today (specimen B)\n"
                       "2. r/o DN R dorsal forearm -> shave bx today (specimen A)\n"
                       "3. AKs x6 scalp -> LN2 today\n\n"
                       "Specimen A - R dorsal forearm: 1% lidocaine. Tangential biopsy.\n\n"
                       "Specimen B - L upper back: 3 mm punch biopsy.\n\n"
                       "Cryotherapy: liquid nitrogen, 6 AKs.\n";
    lesions(f, note);
    assert_int_equal(lesion_of(f, note, "punch bx today"), 2);
    assert_int_equal(lesion_of(f, note, "shave bx today"), 1);
    assert_int_equal(lesion_of(f, note, "AKs x6"), 0);
    assert_int_equal(lesion_of(f, note, "Tangential"), 1);
    assert_int_equal(lesion_of(f, note, "3 mm punch"), 2);
    assert_int_equal(lesion_of(f, note, "Cryotherapy"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labels_heading_blocks),
        cmocka_unit_test(test_labels_inside_sentences),
        cmocka_unit_test(test_same_label_twice),
        cmocka_unit_test(test_items_of_several_lines),
        cmocka_unit_test(test_labels_on_their_own_line),
        cmocka_unit_test(test_lettered_items_and_a_problem_list),
        cmocka_unit_test(test_steps_are_not_lesions),
        cmocka_unit_test(test_dictated_run_in_list),
        cmocka_unit_test(test_report_specimens),
        cmocka_unit_test(test_closure_items_join_their_lesion),
        cmocka_unit_test(test_narrative_by_site),
        cmocka_unit_test(test_references_and_paragraph_labels),
        cmocka_unit_test(test_site_run_through_inline_title),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
