/* fuzz_x837.c - libFuzzer target: the 837P claim reader (--claims with an
 * ISA header) on arbitrary bytes, then grouping. Checks that service lines
 * read = used + rejected and that every kept line has a five-character code,
 * at least one unit and a date of service. Inputs that do not start with
 * "ISA" go through the CSV importer, as the program would send them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    da_dataset d;
    da_dataset_init(&d);
    da_import_result ir;
    (void)da_import_claims_mem(&d, "fuzz.837", (const char *)data, size, &ir);
    const da_file_stats *s = &d.claims_stats;
    if (s->rows_read != s->rows_used + s->rows_rejected || s->rows_used != d.nclaims)
        abort();
    for (size_t i = 0; i < d.nclaims; i++) {
        const da_claim_line *c = &d.claims[i];
        if (strlen(c->code) != 5 || c->units < 1 || c->dos == DA_DATE_NONE || !c->claim_id[0])
            abort();
    }
    da_dataset_group(&d);
    da_dataset_free(&d);
    return 0;
}
