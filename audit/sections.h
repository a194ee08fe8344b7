/* sections.h - the note reader's first stage: a note cut into sections by
 * their titles (rules/sections.csv), so that a size in a pathology report,
 * a procedure named in the history, or a sign listed in a consent paragraph
 * is read for what it is (reading.md: find where you are before you read
 * what is there).
 *
 * A title is one of the table's phrases standing at the start of a line
 * (after any bullet), followed by a colon, a dash or the end of the line;
 * or run into the text after a sentence end ("... scalp.,PROCEDURE:, ..."),
 * followed by a colon, in capitals unless a full stop precedes it. A
 * section runs from its title to the next one. Inside a pathology report
 * (a note typed so, or after a pathology title whose text is not just
 * "pending") a "Diagnosis:" or "Comment:" title belongs to the report.
 *
 * The sectioner holds its compiled patterns and belongs to one reader (one
 * thread); a section list owns its array.
 */
#ifndef DA_SECTIONS_H
#define DA_SECTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "rx.h"
#include "vocab.h"

typedef struct da_section {
    size_t start;           /* first byte of its title (0 for the untitled head) */
    size_t body;            /* first byte after the title and its colon or dash */
    size_t end;             /* one past its last byte: the next title, or the end */
    da_section_kind kind;   /* what it holds */
    unsigned cue;           /* da_cue classes every word in it carries */
    unsigned procedure_cue; /* classes its procedure words carry besides */
} da_section;

typedef struct da_section_list {
    da_section *items; /* in text order, contiguous from 0 to the note's end */
    size_t count;      /* sections used */
    size_t cap;        /* sections allocated */
} da_section_list;

typedef struct da_sectioner {
    da_rx title;          /* every title of the table, one alternation */
    da_rx title0;         /* the same, opening the text */
    uint32_t g_title;     /* the title phrase */
    uint32_t g_colon;     /* a colon after it */
    uint32_t g_dash;      /* a dash after it */
    da_rx note_type;      /* the note types of the table, anchored; unset when none */
    bool typed;           /* the table names note types */
    const da_vocab *vocab; /* the table (borrowed) */
} da_sectioner;

void da_sections_init(da_section_list *l);
void da_sections_free(da_section_list *l);

/* Compiles the title pattern of v's sections table with c's settings. */
da_error da_sectioner_init(da_sectioner *s, da_rx_ctx *c, const da_vocab *v);
void da_sectioner_free(da_sectioner *s);

/* Cuts text[0..len) into sections. The context must have begun this text
 * (da_rx_begin). note_type (NULL or "" when unknown) names the note's kind
 * as the export does; a type the table lists (its note_types column) makes
 * the note that section from its first line: a pathology report has its own
 * titles after that, a handout or consent form stays one quiet section.
 * DA_ERR_INTERNAL on a PCRE2 error other than a limit (a limit leaves the
 * sections found so far and sets the context's limit_hit). */
da_error da_sections_find(da_sectioner *s, da_rx_ctx *c, const char *text, size_t len,
                          const char *note_type, da_section_list *out);

/* The section holding byte pos, NULL when the list is empty. */
const da_section *da_section_at(const da_section_list *l, size_t pos);

#endif
