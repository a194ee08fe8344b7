/* rulekit.h - what every rule family shares, so a family keeps only its own
 * reading of the notes: where evidence stands in a note, a finding with its
 * category, rule, codes and evidence filled in, and the loader of a built-in
 * table (rules/<name>.csv) into a table the family owns.
 *
 * A family's tables are read by da_rules_load (rules.h) before any audit and
 * reach the family through da_rule_input.rules; nothing here keeps state.
 */
#ifndef DA_RULEKIT_H
#define DA_RULEKIT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "facts.h"
#include "finding.h"
#include "model.h"
#include "table.h"

/* Where in which note a finding's evidence stands. */
typedef struct da_evidence {
    long note;    /* index into data->notes, -1 when none */
    size_t start; /* first byte */
    size_t end;   /* one past the last byte */
} da_evidence;

#define DA_EVIDENCE_NONE ((da_evidence){-1, 0, 0})

/* Evidence pointing at fact f of note (an index into data->notes). */
da_evidence da_evidence_of(long note, const da_fact *f);

/* Appends a finding of the encounter with its category ("mohs"), rule,
 * direction and confidence; the rest as da_findings_push leaves it. */
da_finding *da_rulekit_finding(da_finding_list *out, const char *category, size_t encounter,
                               const char *rule, da_direction dir, da_confidence conf);

/* Sets the claim line (-1 none) and the codes of f: a code is set only when
 * it is not NULL or "" and has units. */
void da_rulekit_codes(da_finding *f, long claim, const char *billed, int billed_units,
                      const char *expected, int expected_units);

/* The evidence of f: the snippet of ev (and its note), or fallback (plain
 * words, no identifiers) when ev is NULL or has no note. */
void da_evidence_fill(const da_dataset *data, da_finding *f, const da_evidence *ev,
                      const char *fallback);

/* The three above in one call. */
da_finding *da_rulekit_add(const da_dataset *data, da_finding_list *out, const char *category,
                           size_t encounter, const char *rule, da_direction dir,
                           da_confidence conf, long claim, const char *billed, int billed_units,
                           const char *expected, int expected_units, const da_evidence *ev,
                           const char *fallback);

/* The snippet of ev into out ("" when ev has no note). */
void da_rulekit_snippet(const da_dataset *data, const da_evidence *ev, char *out, size_t size);

/* Says whether a table read whole holds what its family needs (every code it
 * looks up); NULL when any table with rows will do. */
typedef bool (*da_rulekit_complete_fn)(const void *table);

/* Reads the built-in table name ("rules/mohs.csv", whose header must be
 * columns) into a new zeroed table of size bytes: each data row goes to
 * on_row with the table as its context. Returns the table, which the caller
 * frees with free(), or NULL with *err set (da_table_read's errors, and
 * DA_ERR_FORMAT when complete says no); *err is DA_OK otherwise. */
void *da_rulekit_load(const char *name, const char *const *columns, size_t ncolumns,
                      da_table_row_fn on_row, da_rulekit_complete_fn complete, size_t size,
                      da_error *err);

#endif
