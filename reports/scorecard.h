/* scorecard.h - the provider scorecard: per provider, the encounters
 * audited, those with no finding (the accuracy rate coders and auditors
 * use, 90% and above passing), the leak, the over-billing exposure and
 * recoverable denials, and the three rules that cost most. Built from the
 * dataset and the priced findings in one pass, before any sheet is written.
 *
 * Counting policy: da_finding_counts (finding.h), the Summary's: a finding
 * counts against an encounter unless it is a review item; dollars are the
 * counted findings' amounts by direction, gaps carry none. An encounter is
 * audited when it has at least one claim line. The scorecard owns its rows;
 * the strings are borrowed from the dataset and the findings.
 */
#ifndef DA_SCORECARD_H
#define DA_SCORECARD_H

#include <stddef.h>

#include "finding.h"
#include "model.h"

#define DA_SCORE_TOP_RULES 3   /* rules that cost most, per provider */
#define DA_ACCURACY_PASSING 0.90 /* the accuracy rate auditors call passing */

typedef struct da_rule_cost {
    const char *rule; /* rule id */
    da_cents amount;  /* counted dollars of its findings, every direction */
    size_t findings;  /* its counted findings */
} da_rule_cost;

typedef struct da_provider_score {
    const char *provider;       /* name as imported; "" when the claims name none */
    size_t encounters;          /* audited encounters */
    size_t clean;               /* audited encounters with no counted finding */
    da_cents under, over, denial; /* counted dollars by direction */
    da_rule_cost top[DA_SCORE_TOP_RULES]; /* costliest rules, most first */
    size_t ntop;                /* entries of top used */
} da_provider_score;

typedef struct da_scorecard {
    da_provider_score *rows; /* by provider name */
    size_t count;            /* providers */
} da_scorecard;

void da_scorecard_build(const da_dataset *d, const da_finding_list *fl, da_scorecard *out);
void da_scorecard_free(da_scorecard *s);

/* The accuracy rate of a row: clean / encounters, 0 when none audited. */
double da_scorecard_accuracy(const da_provider_score *p);

#endif
