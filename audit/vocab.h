/* vocab.h - the note reader's vocabulary: the words and phrases it looks
 * for, kept as CSV tables in rules/ that a coder extends without touching C
 * (rules/terms.csv, ...; their columns are described in rules/README.md).
 *
 * Each reader loads its own copy when it is made (a few kilobytes), so
 * threads share nothing. A da_vocab owns its rows and their strings.
 */
#ifndef DA_VOCAB_H
#define DA_VOCAB_H

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
    DA_CUE_BREAK = 64 /* "but", "however": a cue before it does not reach past it */
};

/* Term kinds beyond the fact kinds: words that set the reader's state
 * rather than state a fact. */
enum {
    DA_TERM_PATH_HEADING = DA_FACT_KIND_COUNT, /* starts a pathology report */
    DA_TERM_LAB,                               /* names the laboratory (value da_lab) */
    DA_TERM_STATUS,                            /* a problem status word (value da_problem_status) */
    DA_TERM_ASSESS                             /* an assessment/plan heading */
};

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
    da_arena *arena; /* owns the strings */
} da_vocab;

/* Reads every table. DA_ERR_FORMAT with *why (when not NULL) filled in
 * when a table is malformed: a bug in a built-in table, caught by tests. */
da_error da_vocab_load(da_vocab *v, da_table_error *why);
void da_vocab_free(da_vocab *v);

/* The da_cue bit of a name ("neg", "hist", "plan", "risk", "unc"), 0 when none. */
unsigned da_cue_parse(const char *name);

#endif
