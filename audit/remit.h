/* remit.h - joins 835 remittance lines to the claim lines they pay.
 *
 * A remittance line finds its claim line by claim id and line item control
 * number (CLP01 + REF*6R against claim_id + line), else by claim id, date of
 * service, code and modifiers, else by patient, date of service, code and
 * modifiers; each claim line takes at most one primary remittance (a
 * secondary or tertiary one adds what it paid). A claim-level remittance
 * (a claim paid or denied with no service lines) applies to every line of
 * the claim not otherwise paid. The claim line then takes from it the allowed
 * amount, the paid amount, the status, the paid date, the payer when it has
 * none, and the denial codes when it has none. Every remittance line that
 * matches no claim line, and every claim line with no remittance, is logged
 * on the Data Quality log (a claim line with none stays pending).
 */
#ifndef DA_REMIT_H
#define DA_REMIT_H

#include <stddef.h>

#include "model.h"
#include "x835.h"

/* What the join did. */
typedef struct da_remit_join_stats {
    size_t joined;          /* remittance lines matched to a claim line */
    size_t unmatched_remit; /* remittance lines (not voided) matching no claim line */
    size_t unpaid_claims;   /* claim lines with no remittance */
    size_t voided;          /* remittance lines reversed, not joined */
} da_remit_join_stats;

/* Joins r to d's claim lines (before da_dataset_group). Strings the claim
 * lines take are copied into d's arena. */
void da_remit_join(da_dataset *d, da_remit *r, da_remit_join_stats *stats);

#endif
