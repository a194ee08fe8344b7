/* rules.h - the interface every rule family implements, the tables the
 * families read (da_rules, loaded once before the audit), and the rule
 * catalog.
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
struct da_asp_table;
struct da_ncci;
struct da_contracts;

/* The tables of the rule families, each defined and read by its family. */
struct da_catalog;
struct da_cosmetic_table;
struct da_drug_policy;
struct da_filing_table;
struct da_lesion_codes;
struct da_mohs_table;
struct da_pair_table;
struct da_pathology_table;
struct da_payer_table;
struct da_repair_table;

/* Every table the rule families (and the writer, for the catalog) read,
 * loaded once by da_rules_load before any audit and read-only after, so
 * the families may run on any number of threads from the first encounter.
 * A new family adds its table here and its loader to da_rules_load. */
typedef struct da_rules {
    da_sites *sites;                     /* the site table (audit/sites.h): the reader's, which
                                          * the families read for a site's group; owned */
    da_drugs *drugs;                     /* the drug table (audit/drugs.h): the reader's, which
                                          * the drug family and its policy are keyed by; owned */
    struct da_catalog *catalog;          /* the rule catalog (rules/catalog.csv); owned */
    struct da_cosmetic_table *cosmetic; /* benign removal codes and diagnoses (cosmetic.c); owned */
    struct da_drug_policy *drug_policy;  /* per-drug prior-auth and route policy (drugs.c); owned */
    struct da_filing_table *filing;      /* filing limits per payer type (denials.c); owned */
    struct da_lesion_codes *lesions;     /* lesion removal codes by size (lesions.c); owned */
    struct da_mohs_table *mohs;          /* Mohs codes (mohs.c); owned */
    struct da_pair_table *pairs;         /* code pairs and their modifiers (modifiers.c); owned */
    struct da_pathology_table *pathology; /* surgical pathology codes (pathology.c); owned */
    struct da_payer_table *payers;       /* per-payer billing settings (payers.c); owned */
    struct da_repair_table *repairs;     /* repair codes by class and length (repairs.c); owned */
    const struct da_asp_table *asp; /* drug payment limits in use: the caller's or asp_builtin */
    struct da_asp_table
        *asp_builtin; /* the built-in ASP table, owned; NULL when the caller gave one */
    const struct da_ncci *ncci;          /* CMS NCCI edits (--ncci-ptp, --mue); NULL when none; the
                                          * caller's */
    const struct da_contracts
        *contracts; /* payer contracts (--contracts); NULL when none; the caller's */
} da_rules;

/* Loads every built-in table into r, and records the tables the caller
 * loaded from files: asp (NULL: the built-in ASP table is loaded), ncci and
 * contracts (NULL when none), which must outlive r. On error r holds
 * nothing and needs no da_rules_free. */
da_error da_rules_load(da_rules *r, const struct da_asp_table *asp, const struct da_ncci *ncci,
                       const struct da_contracts *contracts);
/* Frees what r owns (not the caller's tables). */
void da_rules_free(da_rules *r);

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
    const da_rules *rules;           /* every table the families read (da_rules_load) */
} da_rule_input;

typedef da_error (*da_rule_fn)(const da_rule_input *in, da_finding_list *out);

typedef struct da_rule_family {
    const char *name; /* "mohs", ... */
    da_rule_fn run;   /* the family's entry point */
} da_rule_family;

/* The rule families, terminated by {NULL, NULL}. */
extern const da_rule_family da_rule_families[];

/* Each family's entry point, and the loader of its table (da_rules_load
 * calls it; the table is freed with free() unless said otherwise). */
da_error da_rule_mohs(const da_rule_input *in, da_finding_list *out);
typedef struct da_mohs_table da_mohs_table;
da_error da_mohs_load(da_mohs_table **out);
da_error da_rule_em(const da_rule_input *in, da_finding_list *out);
da_error da_rule_modifiers(const da_rule_input *in, da_finding_list *out);
typedef struct da_pair_table da_pair_table;
da_error da_pairs_load(da_pair_table **out);
da_error da_rule_contracts(const da_rule_input *in, da_finding_list *out);

struct da_contract;
/* What paid line ci of an encounter is due: its payer's row of contracts
 * (NULL: none) per unit (*row, audit/contracts.h) or, with no row, the fee
 * table's non-facility amount per unit (*row NULL); halved for a secondary
 * procedure under the multiple-procedure reduction (*reduced). -1 when
 * neither prices it. */
da_cents da_line_due(const da_dataset *d, size_t encounter, size_t ci,
                     const struct da_fee_table *fees, const struct da_contracts *contracts,
                     const struct da_contract **row, bool *reduced);
da_error da_rule_modifier_25(const da_rule_input *in, da_finding_list *out);
da_error da_rule_lesions(const da_rule_input *in, da_finding_list *out);
typedef struct da_lesion_codes da_lesion_codes;
da_error da_lesion_codes_load(da_lesion_codes **out);
da_error da_rule_repairs(const da_rule_input *in, da_finding_list *out);
typedef struct da_repair_table da_repair_table;
da_error da_repairs_load(da_repair_table **out);
da_error da_rule_pathology(const da_rule_input *in, da_finding_list *out);
typedef struct da_pathology_table da_pathology_table;
da_error da_pathology_load(da_pathology_table **out);
da_error da_rule_cosmetic(const da_rule_input *in, da_finding_list *out);
typedef struct da_cosmetic_table da_cosmetic_table;
da_error da_cosmetic_load(da_cosmetic_table **out);
da_error da_rule_drugs(const da_rule_input *in, da_finding_list *out);
typedef struct da_drug_policy da_drug_policy;
/* The policy is indexed like drugs (audit/drugs.h). */
da_error da_drug_policy_load(da_drug_policy **out, const da_drugs *drugs);
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

/* The catalog: da_rules.catalog, or the writer's own when its report has no
 * rules. A NULL catalog has no rows. */
typedef struct da_catalog da_catalog;
/* Reads the built-in catalog into a new one (*out, NULL on error). */
da_error da_catalog_load(da_catalog **out);
size_t da_catalog_count(const da_catalog *c);
/* Row i, NULL past the end. */
const da_rule_info *da_catalog_get(const da_catalog *c, size_t i);
/* The row of a rule id, NULL when none. */
const da_rule_info *da_catalog_find(const da_catalog *c, const char *id);
void da_catalog_free(da_catalog *c);

#endif
