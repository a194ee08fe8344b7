/* rules.h - the interface every rule family implements, and the rule catalog.
 *
 * A rule family looks at one encounter at a time: its claim lines, its notes
 * and the facts extracted from each note. It appends findings (documented
 * versus billed) and never reads files or writes cells. Pricing happens
 * after, in price.c. One family per file in rules/ (mohs.c, ...).
 */
#ifndef DA_RULES_H
#define DA_RULES_H

#include <stdbool.h>

#include "detail.h"
#include "drugs.h"
#include "error.h"
#include "facts.h"
#include "finding.h"
#include "model.h"
#include "sites.h"

struct da_fee_table;

typedef struct da_options {
    bool in_house_pathology; /* the practice bills its own pathology */
} da_options;

typedef struct da_rule_input {
    const da_dataset *data;          /* everything imported */
    size_t encounter;                /* index of the encounter under audit */
    const da_fact_list *facts;       /* facts[i] belong to note data->encounters[encounter].notes[i] */
    const struct da_fee_table *fees; /* fee table (MULT PROC, global days, amounts) */
    const da_options *opt;           /* run options */
    da_details *details;             /* detail tables the family adds rows to; may be NULL */
    const da_sites *sites;           /* site table, for DA_FACT_SITE facts' site (borrowed) */
    const da_drugs *drugs;           /* drug table, for DA_FACT_DRUG facts' ref (borrowed) */
} da_rule_input;

typedef da_error (*da_rule_fn)(const da_rule_input *in, da_finding_list *out);

typedef struct da_rule_family {
    const char *name; /* "mohs", ... */
    da_rule_fn run;   /* the family's entry point */
} da_rule_family;

/* The rule families, terminated by {NULL, NULL}. */
extern const da_rule_family da_rule_families[];

da_error da_rule_mohs(const da_rule_input *in, da_finding_list *out);
da_error da_rule_em(const da_rule_input *in, da_finding_list *out);
da_error da_rule_modifiers(const da_rule_input *in, da_finding_list *out);
da_error da_rule_contracts(const da_rule_input *in, da_finding_list *out);

struct da_contract;
/* What paid line ci of an encounter is due: its payer's contract row per unit
 * (*row, audit/contracts.h) or, with no row, the fee table's non-facility
 * amount per unit (*row NULL); halved for a secondary procedure under the
 * multiple-procedure reduction (*reduced). -1 when neither prices it. */
da_cents da_line_due(const da_dataset *d, size_t encounter, size_t ci,
                     const struct da_fee_table *fees, const struct da_contract **row, bool *reduced);
da_error da_rule_modifier_25(const da_rule_input *in, da_finding_list *out);
da_error da_rule_lesions(const da_rule_input *in, da_finding_list *out);
da_error da_rule_repairs(const da_rule_input *in, da_finding_list *out);
da_error da_rule_pathology(const da_rule_input *in, da_finding_list *out);
da_error da_rule_cosmetic(const da_rule_input *in, da_finding_list *out);
da_error da_rule_drugs(const da_rule_input *in, da_finding_list *out);
da_error da_rule_denials(const da_rule_input *in, da_finding_list *out);

/* One row of the rule catalog (rules/catalog.csv): the Rules sheet. */
typedef struct da_rule_info {
    const char *id;       /* rule id used in findings */
    const char *category; /* finding category */
    const char *checks;   /* what the rule checks, in plain words */
    const char *source;   /* where the rule comes from, our working notes included */
    const char *name;     /* a plain name shown beside the id ("E/M level") */
    const char *public_source; /* a public source a coder can look up (CPT guideline section,
                                * CMS manual chapter, NCCI chapter, LCD): no file of ours */
    const char *teach;    /* one plain-language line for a provider's education */
} da_rule_info;

/* Loads the built-in catalog once. */
da_error da_catalog_load(void);
size_t da_catalog_count(void);
const da_rule_info *da_catalog_get(size_t i);
const da_rule_info *da_catalog_find(const char *id);
void da_catalog_free(void);

#endif
