/* test_filter.c - extraction's start filters (extract.c) find what PCRE2's
 * own search finds: every note of the 1x sample, of the labelled corpus and
 * a set of awkward notes is extracted by an extractor that filters from the
 * first byte and by one that never filters, and the facts must agree to the
 * byte offset. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "import.h"
#include "mem.h"
#include "model.h"
#include "notetext.h"

#define CORPUS DA_SOURCE_DIR "/tests/corpus"

static da_sites *sites;        /* the tables both extractors share */
static da_drugs *drugs;
static da_extractor *filtered; /* builds every start filter at once */
static da_extractor *plain;    /* never builds one */
static da_fact_list got_filtered, got_plain;

static int setup(void **state)
{
    (void)state;
    if (da_sites_load(&sites) != DA_OK || da_drugs_load(&drugs) != DA_OK ||
        da_extractor_new(&filtered, sites, drugs) != DA_OK ||
        da_extractor_new(&plain, sites, drugs) != DA_OK)
        return -1;
    da_extractor_set_filter_after(filtered, 0);
    da_extractor_set_filter_after(plain, SIZE_MAX);
    da_facts_init(&got_filtered);
    da_facts_init(&got_plain);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    da_extractor_free(filtered);
    da_extractor_free(plain);
    da_sites_free(sites);
    da_drugs_free(drugs);
    da_facts_free(&got_filtered);
    da_facts_free(&got_plain);
    return 0;
}

/* Extracts text both ways, fails on the first difference; returns the
 * number of facts. */
static size_t same_both_ways(const char *text, size_t len)
{
    da_error a = da_extract_note(filtered, text, len, NULL, &got_filtered);
    da_error b = da_extract_note(plain, text, len, NULL, &got_plain);
    assert_int_equal(a, b);
    assert_int_equal(got_filtered.count, got_plain.count);
    assert_int_equal(got_filtered.nlesions, got_plain.nlesions);
    assert_int_equal(got_filtered.limit_hit, got_plain.limit_hit);
    for (size_t i = 0; i < got_plain.count; i++) {
        const da_fact *f = &got_filtered.items[i], *p = &got_plain.items[i];
        assert_int_equal(f->kind, p->kind);
        assert_int_equal(f->lesion, p->lesion);
        assert_true(f->value == p->value);
        assert_true(f->value2 == p->value2);
        assert_int_equal(f->site, p->site);
        assert_int_equal(f->ref, p->ref);
        assert_int_equal(f->start, p->start);
        assert_int_equal(f->end, p->end);
    }
    return got_plain.count;
}

static bool has_fact(const da_fact_list *l, da_fact_kind kind, double value)
{
    for (size_t i = 0; i < l->count; i++)
        if (l->items[i].kind == kind && l->items[i].value == value)
            return true;
    return false;
}

static void test_sample_notes(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    da_import_result ir;
    assert_int_equal(da_import_notes(&d, DA_SOURCE_DIR "/sample-data/notes.csv", NULL, &ir), DA_OK);
    assert_true(d.nnotes > 1000);
    size_t facts = 0;
    da_buf buf;
    da_buf_init(&buf, SIZE_MAX);
    for (size_t i = 0; i < d.nnotes; i++) {
        const char *text;
        size_t len;
        assert_int_equal(da_note_text(&d, i, &buf, &text, &len), DA_OK);
        facts += same_both_ways(text, len);
    }
    assert_true(facts > 10000); /* the notes are worth comparing */
    da_buf_free(&buf);
    da_dataset_free(&d);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_corpus_notes(void **state)
{
    (void)state;
    DIR *dir = opendir(CORPUS);
    assert_non_null(dir);
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *de; (de = readdir(dir));) {
        size_t l = strlen(de->d_name);
        if (l > 4 && strcmp(de->d_name + l - 4, ".txt") == 0) {
            da_grow((void **)&names, &cap, n + 1, sizeof(*names));
            names[n++] = da_xstrdup(de->d_name);
        }
    }
    closedir(dir);
    qsort(names, n, sizeof(*names), name_cmp);
    assert_true(n > 10);
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", CORPUS, names[i]);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        char *text = NULL;
        size_t len = 0, tcap = 0, got;
        do {
            da_grow((void **)&text, &tcap, len + 4096, 1);
            got = fread(text + len, 1, tcap - len, f);
            len += got;
        } while (got > 0);
        fclose(f);
        (void)same_both_ways(text, len);
        free(text);
        free(names[i]);
    }
    free(names);
}

/* Matches at the very start and end of a note and of a lesion block, one-
 * and two-byte notes, abbreviations whose case matters, a term after a
 * space-led alternative, line-start stage headings, non-ASCII text. */
static void test_awkward_notes(void **state)
{
    (void)state;
    static const char *const notes[] = {
        "BCC",
        "a",
        "SK",
        "nevus",
        " nevus",
        "Exam: a nevus on the left cheek, 4 mm.",
        "Lesion 1: AKs treated x 3\nLesion 2: SCCIS right temple\n#3 BCC",
        "Non-melanoma skin cancer; non-melanoma. H AKs treated with LN2 x 12",
        ("Mohs surgery was performed.\nStage 1: 3 blocks, margins clear\nStage II: 2 blocks\n"
         "Number of stages: 2. Deep structures involved: cartilage"),
        "4mm punch biopsy of the left forearm. Kenalog-40 0.5 mL injected into 3 lesions.",
        "Assessment:\n1. Psoriasis, stable. Continue clobetasol.\n2. Rosacea, worse",
        "Seborrheic keratosis on the back\tirritated\r\nwith bleeding and itching.",
        "Caf\xc3\xa9 au lait macule; basal cell carcinoma of the nose, 1.2 x 0.8 cm.",
        "Exam\n\n\n   ",
        /* checkbox repair classes: a look-behind after the word */
        "Repair type: [ ] simple [x] complex [ ] intermediate\nLength 3.1 cm, scalp.",
        "Closure: [X]  layered, [ x ] intermediate, 2.4 cm. [x]simple",
    };
    for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++)
        (void)same_both_ways(notes[i], strlen(notes[i]));
    /* the filters did not lose what the notes plainly state */
    (void)same_both_ways(notes[5], strlen(notes[5]));
    assert_true(has_fact(&got_filtered, DA_FACT_DIAGNOSIS, DA_DX_NEVUS));
    (void)same_both_ways(notes[0], strlen(notes[0]));
    assert_true(has_fact(&got_filtered, DA_FACT_DIAGNOSIS, DA_DX_BCC));
    (void)same_both_ways(notes[1], strlen(notes[1]));
    assert_int_equal(got_filtered.count, 0);
    (void)same_both_ways(notes[14], strlen(notes[14]));
    assert_true(has_fact(&got_filtered, DA_FACT_REPAIR, DA_REPAIR_COMPLEX));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_awkward_notes),
        cmocka_unit_test(test_corpus_notes),
        cmocka_unit_test(test_sample_notes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
