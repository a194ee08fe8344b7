/* rulekit.h - small helpers the pathology and cosmetic rule families share:
 * a finding with its category and codes filled in, evidence from a fact,
 * and claim-line code tests.
 */
#ifndef DA_RULEKIT_H
#define DA_RULEKIT_H

#include <stdbool.h>
#include <stddef.h>

#include "facts.h"
#include "finding.h"
#include "model.h"

/* Where in which note a finding's evidence stands. */
typedef struct da_evidence {
    long note;    /* index into data->notes, -1 when none */
    size_t start; /* first byte */
    size_t end;   /* one past the last byte */
} da_evidence;

#define DA_EVIDENCE_NONE ((da_evidence){-1, 0, 0})

/* Evidence pointing at fact f of note (an index into data->notes). */
da_evidence da_evidence_of(long note, const da_fact *f);

/* Appends a finding with its codes ("" / 0 when none); evidence is the
 * snippet of ev, or fallback (plain words, no identifiers) when ev has none. */
da_finding *da_rulekit_add(const da_dataset *data, da_finding_list *out, const char *category,
                           size_t encounter, const char *rule, da_direction dir,
                           da_confidence conf, long claim, const char *billed, int billed_units,
                           const char *expected, int expected_units, const da_evidence *ev,
                           const char *fallback);

/* The snippet of ev into out ("" when ev has no note). */
void da_rulekit_snippet(const da_dataset *data, const da_evidence *ev, char *out, size_t size);


/* True when the line carries CARC carc (e.g. "CO-50") among its denial codes. */
bool da_claim_has_carc(const da_claim_line *c, const char *carc);

#endif
