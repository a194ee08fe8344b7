/* test_sections.c - the reader's first stage: notes cut into sections by
 * their titles (sections.c), in the layouts notes come in: templated labels,
 * dictation with titles run into the text, SOAP letters, pathology reports
 * with their own "Diagnosis:", and text with no titles at all. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "sections.h"

typedef struct fixture {
    da_vocab vocab;
    da_rx_ctx rx;
    da_sectioner sec;
    da_section_list list;
} fixture;

static int setup(void **state)
{
    fixture *f = test_calloc(1, sizeof(*f));
    if (da_vocab_load(&f->vocab, NULL) != DA_OK || da_rx_ctx_init(&f->rx) != DA_OK ||
        da_sectioner_init(&f->sec, &f->rx, &f->vocab) != DA_OK)
        return -1;
    da_sections_init(&f->list);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    da_sections_free(&f->list);
    da_sectioner_free(&f->sec);
    da_rx_ctx_free(&f->rx);
    da_vocab_free(&f->vocab);
    test_free(f);
    return 0;
}

/* Cuts text; returns the kinds of its sections, as names joined by ' '. */
static const char *kinds(fixture *f, const char *text, const char *note_type)
{
    static char out[512];
    size_t len = strlen(text);
    bool ascii = true;
    for (size_t i = 0; i < len; i++)
        ascii &= (unsigned char)text[i] < 0x80;
    da_rx_begin(&f->rx, ascii);
    assert_int_equal(da_sections_find(&f->sec, &f->rx, text, len, note_type, &f->list), DA_OK);
    out[0] = '\0';
    for (size_t i = 0; i < f->list.count; i++) {
        if (i)
            strcat(out, " ");
        strcat(out, da_section_kind_name(f->list.items[i].kind));
        /* contiguous from 0 to the end */
        assert_int_equal(f->list.items[i].start, i ? f->list.items[i - 1].end : 0);
    }
    assert_int_equal(f->list.items[f->list.count - 1].end, len);
    return out;
}

/* The kind of the section holding the first occurrence of needle. */
static const char *kind_of(fixture *f, const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    assert_non_null(p);
    return da_section_kind_name(da_section_at(&f->list, (size_t)(p - text))->kind);
}

static void test_templated_labels(void **state)
{
    fixture *f = *state;
    const char *note = "Chief Complaint: spot on back\n"
                       "HPI: bleeding lesion x 2 months.\n"
                       "Past Medical History: BCC excised 2019.\n"
                       "Medications: lisinopril\n"
                       "Exam: 8 mm pink papule, left upper back.\n"
                       "Assessment/Plan: r/o BCC.\n"
                       "Procedure: Shave biopsy\n"
                       "Closure: none\n"
                       "Patient Instructions: keep covered; call if bleeding.\n";
    assert_string_equal(kinds(f, note, NULL), "hpi hpi history history exam plan "
                                               "procedure procedure instructions");
    assert_string_equal(kind_of(f, note, "BCC excised"), "history");
    assert_string_equal(kind_of(f, note, "call if bleeding"), "instructions");
    /* the history section carries "hist" for every word, HPI only for procedures */
    const char *hx = strstr(note, "BCC excised");
    assert_int_equal(da_section_at(&f->list, (size_t)(hx - note))->cue, DA_CUE_HIST);
    const char *hpi = strstr(note, "bleeding lesion");
    assert_int_equal(da_section_at(&f->list, (size_t)(hpi - note))->cue, 0);
    assert_int_equal(da_section_at(&f->list, (size_t)(hpi - note))->procedure_cue, DA_CUE_HIST);
}

/* MTSamples dictation: titles run into the text after ".," in capitals. */
static void test_dictated_run_in_titles(void **state)
{
    fixture *f = *state;
    const char *note = "PREOPERATIVE DIAGNOSIS:, Basal cell carcinoma.,POSTOPERATIVE DIAGNOSIS:, "
                       "Basal cell carcinoma.,PROCEDURE:, Excision of the left cheek lesion."
                       ",DESCRIPTION OF PROCEDURE:, The area was prepped. The wound was closed in "
                       "two layers. The history: was unremarkable.";
    assert_string_equal(kinds(f, note, NULL), "diagnosis diagnosis procedure procedure");
    /* lower-case "history:" after a word is not a title */
    assert_string_equal(kind_of(f, note, "was unremarkable"), "procedure");
}

static void test_soap_letters_need_their_colon(void **state)
{
    fixture *f = *state;
    const char *note = "S: pt here for skin check\nO: multiple AKs scalp\nA: AKs\n"
                       "P: LN2 x 12\na\n";
    /* "P: LN2 x 12" holds its text on its line: the next line is the note's again */
    assert_string_equal(kinds(f, note, NULL), "hpi exam plan plan none");
}

/* A field whose text stands on its title's line ends with that line, unless
 * list items or indented lines follow it. */
static void test_one_line_fields_end_with_their_line(void **state)
{
    fixture *f = *state;
    const char *note = "PROCEDURE NOTE - SHAVE REMOVAL\n"
                       "Past medical history: osteoarthritis of the knees.\n"
                       "Lesions: 7 skin tags of the neck, snipped.\n"
                       "Medications:\n"
                       "- metformin\n"
                       "Allergies: penicillin\n"
                       "  - hives\n"
                       "The lesion was shaved.\n";
    assert_string_equal(kinds(f, note, NULL), "procedure history none history history none");
    assert_string_equal(kind_of(f, note, "skin tags"), "none");
    assert_string_equal(kind_of(f, note, "metformin"), "history");
    assert_string_equal(kind_of(f, note, "hives"), "history");
    assert_string_equal(kind_of(f, note, "was shaved"), "none");
    /* items after a field's line that ends a sentence are the note's own */
    const char *op = "PROCEDURE: Wide local excision with intermediate layered repair.\n"
                     "Consent: Risks discussed. Written consent. Time-out.\n"
                     "- Full-thickness excision to the level of the superficial fascia.\n"
                     "- Closed in layers. Final repair length 4.5 cm.\n";
    (void)kinds(f, op, NULL);
    assert_string_equal(kind_of(f, op, "Written consent"), "consent");
    assert_string_equal(kind_of(f, op, "Closed in layers"), "none");
}

static void test_pathology_report_owns_its_diagnosis(void **state)
{
    fixture *f = *state;
    const char *report = "SPECIMEN: A. Skin, left forearm, shave\n"
                         "GROSS DESCRIPTION: a tan fragment 0.6 x 0.4 cm\n"
                         "MICROSCOPIC DESCRIPTION: nests of basaloid cells\n"
                         "DIAGNOSIS: Basal cell carcinoma, nodular type.\n"
                         "COMMENT: margins involved.\n";
    assert_string_equal(kinds(f, report, NULL), "procedure pathology pathology pathology "
                                                 "pathology");
    /* a note typed as a pathology report: its first "Specimen" title stays a
     * procedure field, but "Diagnosis" is the report's */
    const char *typed = "DIAGNOSIS: Seborrheic keratosis.\nCOMMENT: none.\n";
    assert_string_equal(kinds(f, typed, "pathology"), "pathology pathology");
    /* a clinic note's Diagnosis is a clinic section */
    assert_string_equal(kinds(f, typed, NULL), "diagnosis other");
    assert_string_equal(kinds(f, typed, "op"), "diagnosis other");
    assert_string_equal(kinds(f, typed, "Path_Report"), "pathology pathology");
}

/* A handout or consent form, typed so by the export, is one quiet section
 * whatever its headings ("=== WHAT IS MOHS SURGERY? ===", "Procedure:"). */
static void test_typed_quiet_notes(void **state)
{
    fixture *f = *state;
    const char *handout = "=== WHAT IS MOHS SURGERY? ===\nMohs surgery removes the cancer in "
                          "stages.\nProcedure: most patients need 1 to 3 stages.\n";
    assert_string_equal(kinds(f, handout, "handout"), "instructions");
    assert_int_equal(f->list.items[0].end, strlen(handout));
    assert_string_equal(kinds(f, handout, "consent"), "consent");
    assert_string_not_equal(kinds(f, handout, "visit"), "instructions");
    /* a type with bytes no export writes is no type */
    assert_string_not_equal(kinds(f, handout, "hand\xc3\xa9out"), "instructions");
}

static void test_pending_pathology_is_no_report(void **state)
{
    fixture *f = *state;
    const char *note = "PATHOLOGY:, Pending.,TITLE OF PROCEDURES:, 1. Excisional biopsy of left "
                       "back skin nevus 2 cm.,DIAGNOSIS:, nevus\n";
    assert_string_equal(kinds(f, note, NULL), "pathology procedure diagnosis");
}

static void test_no_titles_one_section(void **state)
{
    fixture *f = *state;
    const char *note = "shave bx L cheek r/o BCC, 0.6cm, AlCl3 hemostasis, path pending. "
                       "plan discussed.";
    assert_string_equal(kinds(f, note, NULL), "none");
    assert_string_equal(kinds(f, "", NULL), "none");
}

static void test_numbered_and_dashed_titles(void **state)
{
    fixture *f = *state;
    const char *note = "Procedure #2 - Shave removal, right shoulder\n"
                       "- Plan: return in 3 months\n"
                       "WOUND CARE\nVaseline daily.\n";
    assert_string_equal(kinds(f, note, NULL), "procedure plan instructions");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_templated_labels),
        cmocka_unit_test(test_typed_quiet_notes),
        cmocka_unit_test(test_dictated_run_in_titles),
        cmocka_unit_test(test_soap_letters_need_their_colon),
        cmocka_unit_test(test_pathology_report_owns_its_diagnosis),
        cmocka_unit_test(test_pending_pathology_is_no_report),
        cmocka_unit_test(test_one_line_fields_end_with_their_line),
        cmocka_unit_test(test_no_titles_one_section),
        cmocka_unit_test(test_numbered_and_dashed_titles),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
