/* carc.h - claim adjustment reason codes (CARCs): reading the codes of an
 * exported line, their plain meaning, and the denial-rate benchmark the
 * practice is compared with. Data, not a rule: the denial and cosmetic rule
 * families and the workbook writer all read it.
 */
#ifndef DA_CARC_H
#define DA_CARC_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* The all-payer initial denial rate of 2024 the practice is compared with. */
#define DA_DENIAL_BENCHMARK 0.1181
#define DA_DENIAL_BENCHMARK_SOURCE                                                              \
    "Kodiak Solutions revenue-cycle benchmark, all-payer initial denial rate 2024 = 11.81% "   \
    "(2,100+ hospitals and 300,000 physicians; reported by TechTarget and HFMA). It is not "   \
    "dermatology-specific: no primary source for a dermatology denial rate was found."

#define DA_CARC_LEN 12 /* "CO-236" and the NUL, with room */

/* The first CARC of an exported list ("CO-50;CO-16" -> "CO-50"), written
 * as GROUP-CODE in upper case ("co 16" -> "CO-16", a bare "16" stays "16");
 * "" when the list is empty. */
void da_carc_primary(const char *list, char out[DA_CARC_LEN]);
/* The n-th CARC of the list (0-based) in the same form; false past the end. */
bool da_carc_nth(const char *list, size_t n, char out[DA_CARC_LEN]);
/* The reason code of a CARC without its group ("CO-16" -> "16"): a pointer into carc. */
const char *da_carc_code(const char *carc);
/* A plain-language meaning of a CARC (group prefix ignored), "" when unknown. */
const char *da_carc_meaning(const char *carc);

/* True when the line carries CARC carc (e.g. "CO-50") among its denial codes. */
bool da_claim_has_carc(const da_claim_line *c, const char *carc);

#endif
