/* fuzz_claims.c - libFuzzer target: the claims importer and encounter grouping
 * on arbitrary bytes. Every row must end up used or rejected, never lost. */
#include <stdint.h>
#include <stdlib.h>

#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    da_dataset d;
    da_dataset_init(&d);
    da_import_result r;
    da_error err = da_import_claims_mem(&d, "fuzz.csv", (const char *)data, size, &r);
    if (err == DA_OK) {
        if (d.claims_stats.rows_read != d.claims_stats.rows_used + d.claims_stats.rows_rejected ||
            d.claims_stats.rows_used != d.nclaims)
            abort();
        da_dataset_group(&d);
    }
    da_dataset_free(&d);
    return 0;
}
