/* vocab.h - the note reader's vocabulary: the words and phrases it looks
 * for, kept as CSV tables in rules/ that a coder extends without touching C
 * (rules/terms.csv, ...; their columns are described in rules/README.md).
 *
 * Each reader loads its own copy when it is made (a few kilobytes), so
 * threads share nothing. A da_vocab owns its rows and their strings.
 */
#ifndef DA_VOCAB_H
#define DA_VOCAB_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "facts.h"
#include "mem.h"
#include "table.h"

/* What kind of statement surrounds a word (the context check's classes).
 * A term lists the classes that cancel it: its veto set. */
enum da_cue {
    DA_CUE_NEG = 1,   /* "no", "denies", "without", "... not seen" */
    DA_CUE_HIST = 2,  /* "history of", "previously", "s/p", "mother with", history sections */
    DA_CUE_PLAN = 4,  /* "will", "plan", "recommend", "if", "consider" */
    DA_CUE_RISK = 8,  /* "risks including", "signs of", "attention to" */
    DA_CUE_UNC = 16,  /* "rule out", "vs", "differential": the diagnosis is not established */
    DA_CUE_PATH = 32, /* "biopsy-proven", "pathology showed": a diagnosis from pathology */
    DA_CUE_BREAK = 64, /* "but", "however": a cue before it does not reach past it */
    DA_CUE_DATED = 128 /* a date before the visit right after it: "punch bx 07/08/2026" */
};

/* Term kinds beyond the fact kinds: words that set the reader's state
 * rather than state a fact. */
enum {
    DA_TERM_LAB = DA_FACT_KIND_COUNT, /* names the laboratory (value da_lab) */
    DA_TERM_STATUS                    /* a problem status word (value da_problem_status) */
};

/* The kinds of note section (rules/sections.csv names them). */
typedef enum da_section_kind {
    DA_SEC_NONE,         /* text before any title, or no titles at all */
    DA_SEC_HPI,          /* chief complaint, history of present illness, subjective */
    DA_SEC_HISTORY,      /* past history, family and social history, medications, allergies, ROS */
    DA_SEC_EXAM,         /* examination */
    DA_SEC_DIAGNOSIS,    /* diagnosis, pre- and post-operative diagnosis, indication */
    DA_SEC_PLAN,         /* assessment and plan, impression, recommendations */
    DA_SEC_PROCEDURE,    /* procedure, operation, technique, closure, Mohs stages, specimens */
    DA_SEC_PATHOLOGY,    /* a pathology report: gross, microscopic, final diagnosis */
    DA_SEC_INSTRUCTIONS, /* patient instructions, wound care, education, handouts */
    DA_SEC_CONSENT,      /* consent and the risks discussed */
    DA_SEC_ADDENDUM,     /* addendum */
    DA_SEC_ATTESTATION,  /* attestation, signature */
    DA_SEC_OTHER,        /* a title that changes nothing (comment, note) */
    DA_SEC_KIND_COUNT
} da_section_kind;

/* Stable lower-case name of a section kind ("procedure"); NULL when out of range. */
const char *da_section_kind_name(da_section_kind kind);

/* One row of rules/sections.csv: the titles of one kind of section. */
typedef struct da_section_row {
    da_section_kind kind;    /* what the titles start */
    unsigned cue;            /* da_cue classes every word of the section carries */
    unsigned procedure_cue;  /* classes procedure words there carry besides */
    da_section_kind in_path; /* the kind inside a pathology report (DA_SEC_NONE: the same) */
    const char *note_types;  /* PCRE2 fragment: note types whose whole text is this section, or NULL */
    const char *titles;      /* PCRE2 fragment: the titles, '|'-separated */
} da_section_row;

/* Where role words stand against the number they name. */
enum { DA_ROLE_AFTER = 1, DA_ROLE_BEFORE = 2 };

/* One row of rules/roles.csv: words that give a measurement its role. */
typedef struct da_role_row {
    da_role role;      /* the role they give */
    bool strong;       /* a strong word wins over a weak one ("size", "measuring") */
    unsigned position; /* DA_ROLE_AFTER, DA_ROLE_BEFORE or both */
    const char *words; /* PCRE2 fragment, '|'-separated */
} da_role_row;

/* One row of rules/services.csv: a service outside the rule families,
 * recognised so it is counted as not audited and never coded as a lesion
 * removal ("excision of a subfascial lipoma" is no 11400-11646). */
typedef struct da_service_row {
    const char *name;  /* what a coder calls it ("wound debridement") */
    const char *codes; /* the codes a coder would look at, as text ("11042-11047") */
    int needs;         /* da_procedure that must be stated in the same sentence, 0 none */
    int replaces;      /* da_procedure the service's own words state that is not one, 0 none */
    const char *pattern; /* PCRE2 fragment, '|'-separated */
} da_service_row;

/* One row of rules/terms.csv. */
typedef struct da_term {
    const char *pattern; /* PCRE2 fragment, case-insensitive; alternatives separated by '|' */
    int kind;            /* da_fact_kind or DA_TERM_* */
    int value;           /* the fact's value */
    int value2;          /* the fact's value2 */
    unsigned veto;       /* da_cue classes that cancel it */
    int route;           /* da_route the same words also state, -1 when none */
    int dx;              /* da_diagnosis the same words also state, 0 when none */
} da_term;

typedef struct da_vocab {
    da_term *terms;  /* rules/terms.csv, in file order (a match names its row) */
    size_t nterms;   /* rows */
    size_t cap_terms; /* rows allocated */
    da_section_row *sections; /* rules/sections.csv, in file order */
    size_t nsections;         /* rows */
    size_t cap_sections;      /* rows allocated */
    da_service_row *services; /* rules/services.csv, in file order */
    size_t nservices;         /* rows */
    size_t cap_services;      /* rows allocated */
    da_role_row *roles;       /* rules/roles.csv, in file order */
    size_t nroles;            /* rows */
    size_t cap_roles;         /* rows allocated */
    da_arena *arena; /* owns the strings */
} da_vocab;

/* Reads every table. DA_ERR_FORMAT with *why (when not NULL) filled in
 * when a table is malformed: a bug in a built-in table, caught by tests. */
da_error da_vocab_load(da_vocab *v, da_table_error *why);
void da_vocab_free(da_vocab *v);

/* The da_cue bit of a name ("neg", "hist", "plan", "risk", "unc"), 0 when none. */
unsigned da_cue_parse(const char *name);

#endif
