/* fuzz_fees.c - libFuzzer target: the fee table loader (our layout and CMS
 * PPRRVU files) on arbitrary bytes, and a lookup in whatever it loaded. */
#include <stdint.h>

#include "fees.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    da_dq_log dq;
    da_dq_init(&dq);
    da_fee_table *t = NULL;
    if (da_fees_load_mem((const char *)data, size, "fuzz.csv", &dq, &t) == DA_OK) {
        (void)da_fees_find(t, "17311");
        (void)da_fees_source(t);
        (void)da_fees_count(t);
    }
    da_fees_free(t);
    da_dq_free(&dq);
    return 0;
}
