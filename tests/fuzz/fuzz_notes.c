/* fuzz_notes.c - libFuzzer target: the notes importer and encounter grouping
 * on arbitrary bytes; every imported text must be valid UTF-8 without NULs. */
#include <stdint.h>
#include <stdlib.h>

#include "import.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
        da_dataset_group(&d);
    }
    da_dataset_free(&d);
    return 0;
}
