/* fuzz_asp.c - libFuzzer target: the CMS drug payment-limit loader
 * (--drug-prices) on arbitrary bytes, and a lookup in what it loaded. */
#include <stdint.h>

#include "asp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    da_dq_log dq;
    da_dq_init(&dq);
    da_asp_table *t = NULL;
    if (da_asp_load_mem((const char *)data, size, "fuzz.csv", &dq, &t) == DA_OK) {
        const da_asp_limit *l = da_asp_find(t, "J3301");
        if (l)
            (void)da_asp_amount(l, 4);
        (void)da_asp_period(t);
        (void)da_asp_count(t);
    }
    da_asp_free(t);
    da_dq_free(&dq);
    return 0;
}
