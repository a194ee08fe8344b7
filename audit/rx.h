/* rx.h - PCRE2 as the note reader uses it: a pattern compiled twice (for
 * UTF-8 text, and faster for ASCII-only text), a start filter in front of
 * the big patterns PCRE2 cannot skip to, matching under limits, and the
 * builder that turns a table of terms into one alternation.
 *
 * Settings and per-thread state live on a da_rx_ctx, the way PCRE2 keeps
 * its settings on context objects: match limits, the JIT stack, the match
 * data of the last match, whether the current text is ASCII. Patterns
 * (da_rx) are compiled against a context and used only with it: a reader
 * and its patterns belong to one thread. The context owns its PCRE2
 * objects; a da_rx owns its compiled forms and filter; the caller owns both
 * structs and frees them with da_rx_free and da_rx_ctx_free.
 */
#ifndef DA_RX_H
#define DA_RX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "error.h"

#define DA_RX_MATCH_LIMIT 1000000u          /* default match limit (extract.h's) */
#define DA_RX_DEPTH_LIMIT 10000u            /* backtracking depth */
#define DA_RX_HEAP_LIMIT (64u * 1024u)      /* KiB of heap for one match */
#define DA_RX_JIT_STACK_MAX (4u * 1024u * 1024u) /* bytes of JIT stack */
/* A big pattern builds its start filter once it has searched this many
 * bytes of ASCII text: the build then pays for itself. */
#define DA_RX_FILTER_AFTER ((size_t)1 << 20)

typedef struct da_rx_filter da_rx_filter;

typedef struct da_rx {
    pcre2_code *utf;      /* compiled with UTF and UCP, for text with non-ASCII bytes */
    pcre2_code *ascii;    /* compiled without them, for ASCII-only text */
    char *plain;          /* the ASCII pattern until its start filter is built; NULL: none */
    size_t searched;      /* bytes of ASCII text searched without the filter */
    da_rx_filter *filter; /* the start filter once built, or NULL */
    unsigned stopped;     /* the context's text number when a limit stopped this pattern */
} da_rx;

typedef struct da_rx_ctx {
    pcre2_compile_context *cc;  /* compile settings */
    pcre2_match_context *mctx;  /* match, depth and heap limits; the JIT stack */
    pcre2_jit_stack *jit_stack; /* larger than PCRE2's 32 KiB default */
    pcre2_match_data *md;       /* the last match of da_rx_find */
    bool jit;                   /* every pattern compiled so far was JIT-compiled */
    bool ascii;                 /* the current text is ASCII only: ASCII forms apply */
    bool bare;                  /* PCRE2's own search, no filters (the extraction floor) */
    size_t filter_after;        /* bytes searched before a filter is built */
    unsigned text;              /* number of the current text (da_rx_begin); never 0 */
    bool limit_hit;             /* a pattern hit a limit in the current text */
} da_rx_ctx;

typedef enum da_rx_result {
    DA_RX_NONE,  /* no (further) match, or the pattern is stopped for this text */
    DA_RX_FOUND, /* a match is in the match data */
    DA_RX_ERROR  /* an error that is neither "no match" nor a limit: a bug */
} da_rx_result;

/* A context with the default limits (the match limit lowered by the
 * DA_EXTRACT_MATCH_LIMIT environment variable when set). */
da_error da_rx_ctx_init(da_rx_ctx *c);
void da_rx_ctx_free(da_rx_ctx *c);
void da_rx_ctx_set_match_limit(da_rx_ctx *c, uint32_t limit);

/* Starts a new text: every pattern may match again, limit_hit is cleared. */
void da_rx_begin(da_rx_ctx *c, bool ascii);

/* Compiles pattern (case-insensitive) into rx. DA_ERR_REGEX when PCRE2
 * rejects it (a bug: patterns are ours or checked at load). */
da_error da_rx_compile(da_rx_ctx *c, da_rx *rx, const char *pattern);
void da_rx_free(da_rx *rx);

/* The first match of rx in text[from..end), into the context's match data
 * or md. A limit stops the pattern for the rest of the text and sets
 * limit_hit. */
da_rx_result da_rx_find(da_rx_ctx *c, da_rx *rx, const char *text, size_t from, size_t end);
da_rx_result da_rx_find_into(da_rx_ctx *c, da_rx *rx, const char *text, size_t from, size_t end,
                             pcre2_match_data *md);
/* True when rx matches somewhere in text[from..end). */
da_rx_result da_rx_any(da_rx_ctx *c, da_rx *rx, const char *text, size_t from, size_t end);

/* The last match of da_rx_find. */
size_t da_rx_start(const da_rx_ctx *c);
size_t da_rx_end(const da_rx_ctx *c);
/* Where the next search starts: after the match, one character on when it
 * was empty, so a loop always advances. */
size_t da_rx_next(pcre2_match_data *md, const char *text, size_t end);
/* The span of capture group n, false when it did not take part. */
bool da_rx_group(pcre2_match_data *md, uint32_t n, size_t *s, size_t *e);
/* The number of the last match's (*MARK:n), -1 when none. */
int da_rx_mark(pcre2_match_data *md);
/* The number of the named group of rx, 0 when it has none. */
uint32_t da_rx_group_number(const da_rx *rx, const char *name);

/* The builder of one alternation from term tables. Each row of a table is a
 * '|'-separated list of pattern fragments and a number; the alternation
 * tries the longest fragment first and marks a match with (*MARK:number).
 * A space outside parentheses in a fragment matches any run of spaces or
 * hyphens. Fragments are grouped by their first letter behind look-aheads
 * (and big groups by their second), which makes the alternation several
 * times faster without changing what it matches. */
typedef struct da_rx_terms da_rx_terms;
da_rx_terms *da_rx_terms_new(void);
/* Adds the alternatives of fragments (split at top-level '|') for mark. */
void da_rx_terms_add(da_rx_terms *t, const char *fragments, int mark);
/* The alternation prefix (terms) suffix, to free; frees t. */
char *da_rx_alternation(const char *prefix, const char *suffix, da_rx_terms *t);
/* True when every term added begins with a plain letter. */
bool da_rx_terms_lettered(const da_rx_terms *t);

/* A look-ahead that admits any letter, in any case, in UTF mode too (the
 * long s and the Kelvin sign fold to s and k): put before an alternation
 * whose every match begins with a letter, so a word end is passed at once. */
#define DA_RX_LETTER_AHEAD "(?=[a-z\\x{17f}\\x{212a}])"

#endif
