/* drugs.h - the drug table (rules/drugs.csv, built into the program).
 *
 * One row per drug: its HCPCS code, the billing-unit size in mg, the names
 * and spellings notes use (extraction builds its drug pattern from them),
 * the container (single-dose needs JZ or JW for Medicare), the usual channel
 * and whether Medicare contractors list it as self-administered. Payment
 * limits per unit come from the CMS ASP file (rules/ loads them).
 *
 * da_drugs_load reads the table into a da_drugs the caller owns and frees
 * with da_drugs_free. It is read-only once loaded: load it once, before the
 * threads start, and lend it (const) to the extractors and the rule
 * families, which must not outlive it.
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

/* The loaded table (opaque). */
typedef struct da_drugs da_drugs;

/* Reads the built-in table into *out (NULL on error): DA_ERR_FORMAT when a
 * row cannot be used. */
da_error da_drugs_load(da_drugs **out);
/* Releases the table; NULL is a no-op. */
void da_drugs_free(da_drugs *drugs);
size_t da_drugs_count(const da_drugs *drugs);
/* The drug at index i (as stored in DA_FACT_DRUG facts), NULL when out of range. */
const da_drug *da_drug_get(const da_drugs *drugs, int i);
/* Index of the drug with this generic name, -1 when none. */
int da_drug_find(const da_drugs *drugs, const char *generic);

#endif
