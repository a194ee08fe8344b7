/* reading.h - the note reader's last stage: the verdict on an encounter's
 * reading, and what it does to the findings made on it.
 *
 * An encounter's reading is complete when the lesions found agree with
 * every count its notes state, every sentence that removes or samples
 * tissue is accounted for by a procedure the reader knows, and the
 * pathology report's specimens agree with the lesions sampled. Findings
 * that rest on an incomplete reading become review items: low confidence,
 * the reason stated, no dollars. An over finding is an accusation: it
 * needs a complete reading and a note that documents the procedure the
 * claim bills (a claim with procedure codes and only a visit note may have
 * lost its operative note in the export; that is for a coder to look at,
 * not an over-billing). A service outside the rule families, documented at
 * the visit, makes the lesion and repair findings of that visit review
 * items: what was billed may be that service.
 *
 * Nothing here reads text: the verdict is made from the facts each note's
 * reading left (DA_FACT_READING, DA_FACT_SERVICE, procedures, specimens).
 */
#ifndef DA_READING_H
#define DA_READING_H

#include <stdbool.h>
#include <stddef.h>

#include "facts.h"
#include "finding.h"
#include "model.h"

typedef struct da_reading {
    unsigned gaps;      /* bit (1u << da_reading_gap) for each kind of gap found */
    long note;          /* index into data->notes of the first gap's note (the report for
                         * a specimen gap), -1 when none */
    size_t start, end;  /* the first gap's evidence in that note */
    int stated;         /* what a count gap's note states (0 when none) */
    int found;          /* what was read: lesions for a count, sampled lesions for specimens */
    int specimens;      /* specimens the pathology reports list */
    int services;       /* services not audited documented */
    bool procedures;    /* some note documents a procedure (a removal, Mohs, a repair, a service) */
} da_reading;

/* The verdict on encounter enc, whose notes' facts are facts[0..nnotes)
 * in the order of enc's notes. */
void da_reading_judge(const da_dataset *data, size_t enc, const da_fact_list *facts,
                      da_reading *out);

/* Makes the findings list[first..count) of the encounter judged review
 * items where they rest on what the reading could not settle. */
void da_reading_apply(const da_reading *r, da_finding_list *list, size_t first);

/* A short reason for the Data Quality sheet ("the note counts 3 lesions,
 * 2 were read"), without note text or identifiers; "" when complete. */
void da_reading_describe(const da_reading *r, char *out, size_t size);

#endif
