/* fuzz_claims.c - libFuzzer target: the claims importer and encounter grouping
 * on arbitrary bytes. Every row must end up used or rejected, never lost, and
 * every text kept must be fit for the workbook (valid UTF-8, no NUL, no
 * U+FFFE, U+FFFF or surrogate). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "text.h"

static void check_text(const char *s)
{
    if (!da_utf8_valid(s, strlen(s)))
        abort();
}

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
        for (size_t i = 0; i < d.nclaims; i++) {
            const da_claim_line *c = &d.claims[i];
            const char *texts[] = {c->claim_id, c->line_no,      c->patient_id, c->encounter_id,
                                   c->provider, c->payer,        c->pos,        c->denial_codes,
                                   c->prior_auth, c->ndc};
            for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++)
                check_text(texts[k]);
        }
        da_dataset_group(&d);
    }
    da_dataset_free(&d);
    return 0;
}
