/* fuzz_notes.c - libFuzzer target: the notes importer and encounter grouping
 * on arbitrary bytes; every imported text must be valid UTF-8 without NULs.
 *
 * The same bytes are also imported from a file, the way the program reads
 * them: streamed in blocks (here of 4 to 67 bytes, chosen by the input, so
 * block edges fall inside records), texts left in the file and read back by
 * da_note_text. Both imports must give the same notes, text for text, so a
 * record cut by a block edge or a wrong offset shows up as a crash. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvin.h"
#include "import.h"
#include "notetext.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[] = "/tmp/fuzz_notes_XXXXXX"; /* this process's notes file */

static void remove_input(void)
{
    unlink(path);
}

/* Writes the input to this process's notes file; false when it cannot. */
static int write_input(const uint8_t *data, size_t size)
{
    static int made;
    if (!made) {
        int fd = mkstemp(path);
        if (fd < 0)
            return 0;
        close(fd);
        atexit(remove_input);
        made = 1;
    }
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return 0;
    int ok = fwrite(data, 1, size, fp) == size;
    return fclose(fp) == 0 && ok;
}

/* The file import of the same bytes holds the same notes as d. */
static void compare_with_file(const da_dataset *d, const uint8_t *data, size_t size)
{
    /* A file that starts as a zip is refused as a workbook (DA_ERR_FORMAT)
     * before it is read; memory has no such check. */
    if (size == 0 || (size >= 4 && memcmp(data, "PK\3\4", 4) == 0) || !write_input(data, size))
        return;
    da_dataset f;
    da_dataset_init(&f);
    da_import_result r;
    da_import_opts io = {4 + data[size / 2] % 64u};
    da_error err = da_import_notes(&f, path, &io, &r);
    if (err != DA_OK || f.nnotes != d->nnotes ||
        f.notes_stats.rows_read != d->notes_stats.rows_read)
        abort();
    da_buf buf;
    da_buf_init(&buf, 1u << 26);
    for (size_t i = 0; i < f.nnotes; i++) {
        const char *text;
        size_t len;
        da_buf_reset(&buf);
        if (da_note_text(&f, i, &buf, &text, &len) != DA_OK || len != d->notes[i].text_len ||
            memcmp(text, d->notes[i].text, len) != 0 || f.notes[i].line != d->notes[i].line)
            abort();
    }
    da_buf_free(&buf);
    da_dataset_free(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    da_dataset d;
    da_dataset_init(&d);
    da_import_result r;
    da_error err = da_import_notes_mem(&d, "fuzz.csv", (const char *)data, size, &r);
    if (err == DA_OK) {
        if (d.notes_stats.rows_read != d.notes_stats.rows_used + d.notes_stats.rows_rejected ||
            d.notes_stats.rows_used != d.nnotes)
            abort();
        for (size_t i = 0; i < d.nnotes; i++)
            if (!da_utf8_valid(d.notes[i].text, d.notes[i].text_len))
                abort();
        compare_with_file(&d, data, size);
        da_dataset_group(&d);
    }
    da_dataset_free(&d);
    return 0;
}
