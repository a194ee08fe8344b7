/* extract.h - fact extraction from note text with PCRE2.
 *
 * An extractor holds every pattern, compiled once with JIT, plus its match
 * context (match and depth limits, so no input can hang it) and match data.
 * It is not shared between threads: make one per thread. Text passed in must
 * be valid UTF-8 (the importer repairs it), so matching skips PCRE2's per-call
 * UTF check. Facts are appended to a list the caller owns.
 */
#ifndef DA_EXTRACT_H
#define DA_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "drugs.h"
#include "error.h"
#include "facts.h"
#include "model.h"
#include "sites.h"
#include "vocab.h"

typedef struct da_extractor da_extractor;

/* Compiles all patterns, the site and drug patterns from the tables given,
 * which facts then index (borrowed: they must outlive the extractor; being
 * read-only, one pair may serve every thread's extractor). DA_ERR_REGEX if
 * one fails (a bug: patterns are ours). */
da_error da_extractor_new(da_extractor **out, const da_sites *sites, const da_drugs *drugs);
void da_extractor_free(da_extractor *x);
/* True when every pattern was JIT-compiled; false means the slower
 * interpreter is in use (JIT missing or denied), worth one log line. */
bool da_extractor_uses_jit(const da_extractor *x);
/* Replaces the match limit (default DA_EXTRACT_MATCH_LIMIT, or the smaller
 * value of the DA_EXTRACT_MATCH_LIMIT environment variable when set); tests
 * lower it to exercise the limit path. */
void da_extractor_set_match_limit(da_extractor *x, uint32_t limit);
#define DA_EXTRACT_MATCH_LIMIT 1000000u
/* A big pattern searches ASCII text through a start filter (extract.c),
 * which finds the same matches, once it has searched this many bytes
 * without: the filter's build then pays for itself. 0 filters at once
 * (tests of the filters). */
void da_extractor_set_filter_after(da_extractor *x, size_t bytes);

/* The date of service of the notes read next (DA_DATE_NONE: not known). A
 * procedure followed by an earlier date ("punch bx 07/08/2026") was done
 * then, not at this visit. */
void da_extractor_set_date(da_extractor *x, da_date dos);
#define DA_EXTRACT_FILTER_AFTER ((size_t)1 << 20)

/* Clears out, then fills it with the facts of one note. note_type is the
 * note's type as exported ("pathology" marks a pathology report), NULL when
 * not known. A note that hits a match limit keeps the facts found so far and
 * sets out->limit_hit. DA_ERR_FORMAT (and no facts) when text is not valid
 * UTF-8 without NULs. */
da_error da_extract_note(da_extractor *x, const char *text, size_t len, const char *note_type,
                         da_fact_list *out);

/* The extraction floor: runs every main pattern over the whole text
 * without building facts (no lesion blocks, no context checks, and PCRE2's
 * own search: no start filters) and returns the number of matches. The
 * benchmark prints its speed beside extraction's. */
size_t da_extract_scan(da_extractor *x, const char *text, size_t len);

/* The row of rules/services.csv a DA_FACT_SERVICE fact names (its value),
 * NULL when out of range. */
const da_service_row *da_extractor_service(const da_extractor *x, int row);

/* The --facts CSV: header, then one row per fact of one note. */
void da_facts_write_csv_header(FILE *out);
void da_facts_write_csv(const da_extractor *x, FILE *out, const char *note_id, const char *encounter_id,
                        const char *text, size_t text_len, const da_fact_list *facts);

#endif
