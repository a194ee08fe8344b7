/* denials.h - denied claim lines: which denials are
 * recoverable, and the timely-filing deadline of each (the denial rule
 * family in denials.c; the practice-wide denial figures are in
 * reports/revenue.h).
 *
 * Recoverable (coding-rules.md 11.2, this project's triage): CO-4 (correct
 * the modifier), CO-16 (add the missing information), CO-197 when an
 * authorization number is on the claim, CO-50 when a note documents a
 * medical-necessity sign, CO-236 when the note supports the modifier that
 * unbundles the pair. The filing limits per payer type are rules/filing.csv.
 */
#ifndef DA_DENIALS_H
#define DA_DENIALS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "model.h"

/* The filing limits (rules/filing.csv): da_rules.filing, freed with free(). */
typedef struct da_filing_table da_filing_table;
/* Reads the built-in table (da_rules_load calls it). */
da_error da_filing_load(da_filing_table **out);
/* The payer type's limit is its own, with a public source (rules/filing.csv
 * column "sourced"); otherwise it is a default the practice should replace. */
bool da_filing_sourced(const da_filing_table *filing, da_payer_type type);
/* The limit as the Denials sheet states it ("12 months from the date of
 * service (42 CFR 424.44)", "default, not the contract's limit ..."). */
const char *da_filing_label(const da_filing_table *filing, da_payer_type type);
/* Last day to file for a line of this payer type dated dos, DA_DATE_NONE
 * when the type has no limit (self pay) or dos is unknown. */
da_date da_filing_deadline(const da_filing_table *filing, da_payer_type type, da_date dos);

#endif
