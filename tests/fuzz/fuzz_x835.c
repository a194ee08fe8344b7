/* fuzz_x835.c - libFuzzer target: the 835 remittance reader (--remit) on
 * arbitrary bytes, then the join to a small 837P's claim lines. Checks that
 * every kept line has a code of five characters or none (a claim-level line),
 * no more adjustments and remarks than it has room for, and that the join
 * leaves every claim line with a known status. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "remit.h"
#include "x835.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char CLAIMS[] =
    "ISA*00*          *00*          *ZZ*S              *ZZ*R              *260715*1200*^*00501*"
    "000000101*0*P*:~GS*HC*S*R*20260715*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~"
    "BHT*0019*00*1*20260710*1200*CH~HL*1**20*1~NM1*85*2*DERM~HL*2*1*22*0~SBR*P*18*******CI~"
    "NM1*IL*1*DOE*J****MI*P1~NM1*PR*2*PAYER~CLM*A1*200***11:B:1*Y*A*Y*Y~HI*ABK:L570~"
    "LX*1~SV1*HC:11102:59*100*UN*1***1~DTP*472*D8*20260701~REF*6R*1~"
    "LX*2~SV1*HC:17000*100*UN*1***1~DTP*472*D8*20260701~SE*15*0001~GE*1*1~IEA*1*1~";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    da_dataset d;
    da_dataset_init(&d);
    da_import_result ir;
    if (da_import_claims_mem(&d, "claims.837", CLAIMS, sizeof(CLAIMS) - 1, &ir) != DA_OK ||
        d.nclaims != 2)
        abort();
    da_remit r;
    da_remit_init(&r);
    (void)da_x835_read_mem(&r, "fuzz.835", (const char *)data, size, &d.dq);
    for (size_t i = 0; i < r.nlines; i++) {
        const da_remit_line *l = &r.lines[i];
        size_t n = strlen(l->code);
        if ((n != 0 && n != 5) || l->nadj > DA_REMIT_MAX_ADJ ||
            l->nremarks > DA_REMIT_MAX_REMARKS || l->units < 1)
            abort();
        char list[256];
        da_remit_adj_list(l, true, list, sizeof(list));
        (void)da_remit_allowed(l);
    }
    da_remit_join_stats st;
    da_remit_join(&d, &r, &st);
    for (size_t i = 0; i < d.nclaims; i++)
        if (d.claims[i].status == DA_STATUS_UNKNOWN || !d.claims[i].denial_codes)
            abort();
    da_dataset_group(&d);
    da_remit_free(&r);
    da_dataset_free(&d);
    return 0;
}
