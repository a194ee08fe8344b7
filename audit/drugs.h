/* drugs.h - the drug table (rules/drugs.csv, built into the program).
 *
 * One row per drug: its HCPCS code, the billing-unit size in mg, the names
 * and spellings notes use (extraction builds its drug pattern from them),
 * the container (single-dose needs JZ or JW for Medicare), the usual channel
 * and whether Medicare contractors list it as self-administered. Payment
 * limits per unit come from the CMS ASP file (rules/ loads them).
 */
#ifndef DA_DRUGS_H
#define DA_DRUGS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "model.h"

typedef struct da_drug {
    char hcpcs[DA_CODE_LEN]; /* billing code, e.g. "J3301" */
    const char *generic;     /* generic name, e.g. "triamcinolone acetonide" */
    const char *names;       /* '|'-separated names and spellings found in notes */
    double unit_mg;          /* mg per billing unit; 0 = unclassified code billed as 1 unit */
    bool single_dose;        /* single-dose container (JZ/JW apply) */
    bool buy_and_bill;       /* usual channel: bought and billed by the practice */
    bool medicare_sad;       /* on Medicare self-administered drug exclusion lists */
} da_drug;

/* Loads the built-in table once; later calls are no-ops. */
da_error da_drugs_load(void);
void da_drugs_free(void);
size_t da_drugs_count(void);
/* The drug at index i (as stored in DA_FACT_DRUG facts), NULL when out of range. */
const da_drug *da_drug_get(int i);
/* Index of the drug with this generic name, -1 when none. */
int da_drug_find(const char *generic);

#endif
