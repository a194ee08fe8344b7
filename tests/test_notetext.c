/* test_notetext.c - note texts left in the notes file and read back when the
 * audit needs them: the same texts as an import that keeps them all in
 * memory, repaired texts kept in memory, a changed file failing the run, and
 * inputs that cannot be read again keeping their texts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "import.h"
#include "notetext.h"

/* A BOM, CRLF line ends, the text between two other columns. Line 2-4: ""
 * escapes and line ends inside quotes; 5: unquoted, blanks around; 6: a
 * quote that closes only on line 7, so line 6 is rejected and reading goes
 * on at line 7; 8: invalid UTF-8 (repaired, kept in memory); 9: a record
 * starting with BOM bytes; 10: blanks after the closing quote, no line end. */
static const char NOTES[] =
    "\xEF\xBB\xBFnote_id,encounter_id,text,provider\r\n"
    "N1,E1,\"Lesion 1: 1.2 cm \"\"BCC\"\", left cheek, excised.\r\nSecond line\nthird\",Dr A\r\n"
    "N2,E1,  Shave biopsy of the right forearm \t ,Dr B\r\n"
    "N3,E2,\"open quote that closes too late,Dr C\r\n"
    "N4,E2,\"After the bad row: 0.8 cm SCC, nose, Mohs stage 1.\",Dr D\r\n"
    "N5,E3,\"caf\xC3 bad byte, 2 cm cyst on the back\",Dr E\r\n"
    "\xEF\xBB\xBFN6,E3,Excision of a 1.5 cm lesion,Dr F\r\n"
    "N7,E4,\"Last row, no line end\" \t,Dr G";

/* The texts, worked out by hand, in note order (N3 is rejected). */
static const char *const TEXTS[] = {
    "Lesion 1: 1.2 cm \"BCC\", left cheek, excised.\r\nSecond line\nthird",
    "Shave biopsy of the right forearm",
    "After the bad row: 0.8 cm SCC, nose, Mohs stage 1.",
    "caf? bad byte, 2 cm cyst on the back",
    "Excision of a 1.5 cm lesion",
    "Last row, no line end",
};
#define NTEXTS (sizeof(TEXTS) / sizeof(TEXTS[0]))
#define REPAIRED 3 /* the note whose text was repaired */

static char dir[] = "/tmp/da-notetext-XXXXXX";
static char path[64];

static void write_file(const char *p, const char *bytes, size_t len)
{
    FILE *fp = fopen(p, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(bytes, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof(path), "%s/notes.csv", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    remove(path);
    rmdir(dir);
    return 0;
}

static void import_file(da_dataset *d)
{
    write_file(path, NOTES, sizeof(NOTES) - 1);
    da_dataset_init(d);
    assert_int_equal(da_import_notes(d, path, NULL, NULL), DA_OK);
}

static void import_mem(da_dataset *d)
{
    da_dataset_init(d);
    assert_int_equal(da_import_notes_mem(d, "notes.csv", NOTES, sizeof(NOTES) - 1, NULL), DA_OK);
}

static void test_texts_read_back_are_the_imported_texts(void **state)
{
    (void)state;
    da_dataset lazy, eager;
    import_file(&lazy);
    import_mem(&eager);
    assert_int_equal(lazy.nnotes, NTEXTS);
    assert_int_equal(eager.nnotes, NTEXTS);
    assert_int_equal(lazy.notes_stats.rows_rejected, 1);
    assert_int_equal(lazy.notes[2].line, 7); /* read after the unbalanced quote */
    assert_true(lazy.notes_fd >= 0);
    assert_int_equal(eager.notes_fd, -1);
    da_buf buf;
    da_buf_init(&buf, 1u << 16);
    for (size_t i = 0; i < NTEXTS; i++) {
        /* Only the repaired text is in memory after a file import; all are from memory. */
        if (i == REPAIRED)
            assert_string_equal(lazy.notes[i].text, TEXTS[i]);
        else
            assert_null(lazy.notes[i].text);
        assert_string_equal(eager.notes[i].text, TEXTS[i]);
        assert_int_equal(lazy.notes[i].text_len, strlen(TEXTS[i]));
        /* Read into one buffer, one after the other, as an encounter's texts are. */
        size_t before = buf.len;
        const char *text = NULL;
        size_t len = 0;
        assert_int_equal(da_note_text(&lazy, i, &buf, &text, &len), DA_OK);
        assert_int_equal(len, strlen(TEXTS[i]));
        assert_memory_equal(text, TEXTS[i], len + 1); /* NUL-terminated */
        if (i == REPAIRED) {
            assert_ptr_equal(text, lazy.notes[i].text); /* not copied */
            assert_int_equal(buf.len, before);
        } else {
            assert_int_equal(buf.len, before + lazy.notes[i].bytes + 1);
        }
    }
    assert_string_equal(lazy.notes[4].note_id, "\xEF\xBB\xBFN6");
    da_buf_free(&buf);
    da_dataset_free(&lazy);
    da_dataset_free(&eager);
}

/* The audit of texts read back writes the same facts as with every text in memory. */
static void audit_facts(da_dataset *d, int threads, char **facts, size_t *len)
{
    da_dataset_group(d);
    da_fee_table *fees;
    assert_int_equal(da_fees_load_default(&fees), DA_OK);
    da_rules tables;
    assert_int_equal(da_rules_load(&tables, NULL, NULL, NULL), DA_OK);
    da_finding_list found;
    da_findings_init(&found);
    da_options opt = {0};
    da_audit_stats stats;
    FILE *fp = open_memstream(facts, len);
    assert_non_null(fp);
    assert_int_equal(
        da_audit_run(
            d, &(da_audit_config){.fees = fees, .opt = &opt, .rules = &tables, .threads = threads},
            fp, &found, NULL, &stats),
        DA_OK);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(stats.notes_extracted, NTEXTS);
    assert_true(stats.facts >= 5);
    /* Texts read back are dropped after their encounter; texts in memory stay. */
    for (size_t i = 0; i < d->nnotes; i++)
        if (d->notes_fd >= 0 && i != REPAIRED)
            assert_null(d->notes[i].text);
        else
            assert_string_equal(d->notes[i].text, TEXTS[i]);
    da_findings_free(&found);
    da_fees_free(fees);
    da_rules_free(&tables);
}

static void test_audit_reads_texts_back(void **state)
{
    (void)state;
    da_dataset lazy, eager;
    import_file(&lazy);
    import_mem(&eager);
    char *lazy_facts = NULL, *eager_facts = NULL;
    size_t lazy_len = 0, eager_len = 0;
    audit_facts(&lazy, 1, &lazy_facts, &lazy_len);
    audit_facts(&eager, 1, &eager_facts, &eager_len);
    assert_int_equal(lazy_len, eager_len);
    assert_memory_equal(lazy_facts, eager_facts, eager_len);
    /* The facts quote the texts: the first note's BCC is there. */
    assert_non_null(strstr(lazy_facts, "BCC"));
    free(lazy_facts);
    free(eager_facts);
    da_dataset_free(&lazy);
    da_dataset_free(&eager);
}

static void test_changed_file_fails(void **state)
{
    (void)state;
    assert_string_equal(da_strerror(DA_ERR_CHANGED), "notes file changed while being read");
    da_dataset d;
    da_buf buf;
    da_buf_init(&buf, 1u << 16);
    const char *text;
    size_t len;

    /* The same size, but the second note's text is now 3 bytes longer. */
    import_file(&d);
    char changed[sizeof(NOTES)];
    memcpy(changed, NOTES, sizeof(NOTES));
    char *blanks = strstr(changed, "forearm \t ,");
    assert_non_null(blanks);
    memcpy(blanks + 7, "xyz", 3);
    write_file(path, changed, sizeof(NOTES) - 1);
    assert_int_equal(da_note_text(&d, 1, &buf, &text, &len), DA_ERR_CHANGED);
    /* Texts not moved still read. */
    assert_int_equal(da_note_text(&d, 0, &buf, &text, &len), DA_OK);
    assert_string_equal(text, TEXTS[0]);
    da_dataset_free(&d);

    /* Shorter: the last record is past the end; the audit fails before reading any text. */
    import_file(&d);
    da_dataset_group(&d);
    write_file(path, NOTES, sizeof(NOTES) - 10);
    da_buf_reset(&buf);
    assert_int_equal(da_note_text(&d, NTEXTS - 1, &buf, &text, &len), DA_ERR_CHANGED);
    assert_int_equal(da_notes_file_check(&d), DA_ERR_CHANGED);
    da_fee_table *fees;
    assert_int_equal(da_fees_load_default(&fees), DA_OK);
    da_rules tables;
    assert_int_equal(da_rules_load(&tables, NULL, NULL, NULL), DA_OK);
    da_finding_list found;
    da_findings_init(&found);
    da_options opt = {0};
    da_audit_stats stats;
    assert_int_equal(da_audit_run(&d,
                                  &(da_audit_config){.fees = fees, .opt = &opt, .rules = &tables},
                                  NULL, &found, NULL, &stats),
                     DA_ERR_CHANGED);
    assert_int_equal(stats.encounters_audited, 0);
    for (size_t i = 0; i < d.nnotes; i++)
        if (i != REPAIRED)
            assert_null(d.notes[i].text);
    da_findings_free(&found);
    da_fees_free(fees);
    da_rules_free(&tables);
    da_dataset_free(&d);
    da_buf_free(&buf);
}

/* Writes NOTES into the named pipe at arg; non-NULL when all went. */
static void *write_fifo(void *arg)
{
    FILE *fp = fopen(arg, "wb");
    if (!fp)
        return NULL;
    bool ok = fwrite(NOTES, 1, sizeof(NOTES) - 1, fp) == sizeof(NOTES) - 1;
    return fclose(fp) == 0 && ok ? arg : NULL;
}

static void test_texts_kept_when_the_file_cannot_be_read_again(void **state)
{
    (void)state;
    /* A named pipe, written by another thread: read once, every text kept. */
    char fifo[sizeof(path) + 8];
    snprintf(fifo, sizeof(fifo), "%s.fifo", path);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    pthread_t tid;
    assert_int_equal(pthread_create(&tid, NULL, write_fifo, fifo), 0);
    da_dataset d;
    da_dataset_init(&d);
    assert_int_equal(da_import_notes(&d, fifo, NULL, NULL), DA_OK);
    void *written;
    pthread_join(tid, &written);
    assert_non_null(written);
    remove(fifo);
    assert_int_equal(d.notes_fd, -1);
    assert_int_equal(d.nnotes, NTEXTS);
    for (size_t i = 0; i < NTEXTS; i++)
        assert_string_equal(d.notes[i].text, TEXTS[i]);
    da_dataset_free(&d);

    /* A character device is not a regular file: no descriptor is kept
     * (this one has no header, so the import finds no notes). */
    da_dataset_init(&d);
    assert_int_equal(da_import_notes(&d, "/dev/null", NULL, NULL), DA_ERR_FORMAT);
    assert_int_equal(d.notes_fd, -1);
    da_dataset_free(&d);

    /* A second notes file in one dataset keeps its texts: texts are read
     * back from the first only. */
    import_file(&d);
    char second[sizeof(path) + 8];
    snprintf(second, sizeof(second), "%s.2", path);
    static const char other[] = "encounter_id,text\nE9,Another note\n";
    write_file(second, other, sizeof(other) - 1);
    assert_int_equal(da_import_notes(&d, second, NULL, NULL), DA_OK);
    remove(second);
    assert_int_equal(d.nnotes, NTEXTS + 1);
    assert_string_equal(d.notes[NTEXTS].text, "Another note");
    da_buf buf;
    da_buf_init(&buf, 1u << 16);
    const char *text;
    size_t len;
    assert_int_equal(da_note_text(&d, 0, &buf, &text, &len), DA_OK);
    assert_string_equal(text, TEXTS[0]);
    da_buf_free(&buf);
    da_dataset_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_texts_read_back_are_the_imported_texts),
        cmocka_unit_test(test_audit_reads_texts_back),
        cmocka_unit_test(test_changed_file_fails),
        cmocka_unit_test(test_texts_kept_when_the_file_cannot_be_read_again),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
