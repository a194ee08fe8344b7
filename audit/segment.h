/* segment.h - the note reader's second stage: a note cut into the lesions it
 * documents, so that each size, site, procedure and closure is read as a
 * fact of its own lesion and several lesions never collapse into one.
 *
 * A lesion is announced by a label ("Lesion 2:", "Site A", "Specimen B",
 * "#3", "Lesion 2 on the right shoulder ...", "SITE B - left upper back"),
 * or is an item of a numbered or lettered list whose items name sites
 * ("1) Nasal dorsum ...", "A. LEFT CHEEK - BCC", "PROCEDURES:, 1. Excision
 * of the left cheek ... 2. Shave excision of ..."). A list of steps ("1.
 * Consent obtained 2. Prepped and draped") names no sites and is not a list
 * of lesions. The same label later in the note ("SITE A" then "SITE A -
 * left cheek") is the same lesion. A labelled lesion runs to the next label
 * or to a section that is not about the procedure (a plan, instructions, a
 * pathology report, a signature); a list item to the next item, and the last
 * one to the end of its list. Narrative outside them about several lesions
 * ("Attention was turned to the left upper back ... Next the right lower
 * back was addressed") is cut by the sites its sentences name: a sentence
 * naming one listed lesion's site, and no other, starts that lesion's text,
 * which runs to the paragraph's end or a sentence naming another site. Text
 * outside every lesion belongs to the note as a whole (lesion 0).
 *
 * The segmenter holds two compiled patterns and belongs to one reader; a
 * segment list owns its array.
 */
#ifndef DA_SEGMENT_H
#define DA_SEGMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "rx.h"
#include "sections.h"
#include "sites.h"

typedef enum da_segment_kind {
    DA_SEG_NOTE,  /* text of the note as a whole */
    DA_SEG_LABEL, /* a lesion announced by a label */
    DA_SEG_ITEM,  /* an item of a list of lesions */
    DA_SEG_SITE   /* narrative outside them naming one lesion's site */
} da_segment_kind;

typedef struct da_segment {
    size_t start;         /* first byte (of its label or item number) */
    size_t body;          /* first byte after the label or item number */
    size_t end;           /* one past its last byte */
    int lesion;           /* lesion number: the label's or item's (A = 1); 0 for the note */
    da_segment_kind kind; /* how it was announced */
    bool specimen;        /* it names a pathology specimen ("Specimen B:", an item of a report) */
    bool reference;       /* a label in parentheses naming its line's lesion ("(specimen A)") */
} da_segment;

/* A site as the reader names it: a row of the site table and a side. */
typedef struct da_site_key {
    int site;  /* row of the site table */
    char side; /* 'l', 'r', 'b', or 0 when not written */
} da_site_key;

typedef struct da_segment_list {
    da_segment *items; /* in text order, contiguous from 0 to the note's end */
    size_t count;      /* segments used */
    size_t cap;        /* segments allocated */
    int nlesions;      /* the highest lesion number (0: the note is one lesion) */
} da_segment_list;

typedef struct da_segmenter {
    da_rx label;        /* lesion labels */
    da_rx label0;       /* the same, opening the text */
    da_rx item;         /* list item numbers */
    da_rx repair_item;  /* an item that closes a wound listed before it */
    uint32_t g_num[4];  /* the label's number, in its four forms */
    uint32_t g_letter;  /* the label's letter */
    uint32_t g_letter2; /* the letter of a label heading a line */
    uint32_t g_word;    /* the label's word (lesion, site, specimen, ...) */
    uint32_t g_inum;    /* an item's number at the start of a line */
    uint32_t g_ipar;    /* an item's number in parentheses */
    uint32_t g_ilet;    /* an item's letter */
    uint32_t g_ilet2;   /* an item's letter before a dash or colon ("A - R temple") */
    uint32_t g_irun;    /* an item's number run into dictated text */
    void *scratch;      /* items of the current note, reused */
    size_t scratch_cap; /* items allocated */
    const da_sites *sites; /* the site table, which tells one place from another (borrowed) */
} da_segmenter;

void da_segments_init(da_segment_list *l);
void da_segments_free(da_segment_list *l);

/* sites must outlive the segmenter. */
da_error da_segmenter_init(da_segmenter *s, da_rx_ctx *c, const da_sites *sites);
void da_segmenter_free(da_segmenter *s);

/* Cuts text[0..len), already cut into sections, into lesions. site is the
 * reader's site pattern (borrowed), which tells a list of lesions from a
 * list of steps. The context must have begun this text. DA_ERR_INTERNAL on
 * a PCRE2 error other than a limit. */
da_error da_segments_find(da_segmenter *s, da_rx_ctx *c, da_rx *site, const char *text,
                          size_t len, const da_section_list *sections, da_segment_list *out);

/* Cuts a note no label or list divides into the lesions its procedure
 * sentences name by site: keys[0..nkeys) are those sites, in order, and
 * become lesions 1..nkeys; every sentence of a procedure or exam section
 * naming one of them, and no other, is that lesion's, and the sentences
 * after it that name no site, to the paragraph's end. 2 <= nkeys < 32.
 * sites is the table the keys index. DA_ERR_INTERNAL on a PCRE2 error other
 * than a limit. */
da_error da_segments_by_sites(da_rx_ctx *c, da_rx *site, const da_sites *sites, const char *text,
                              size_t len, const da_section_list *sections,
                              const da_site_key *keys, int nkeys, da_segment_list *out);

#endif
