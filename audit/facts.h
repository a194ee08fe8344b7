/* facts.h - what extraction finds in a note: one da_fact per finding in the
 * text, with the byte offsets a coder can check.
 *
 * A fact list owns its array; facts own nothing (sites are indexes into the
 * site table). Lists are created and freed by whoever runs extraction.
 */
#ifndef DA_FACTS_H
#define DA_FACTS_H

#include <stddef.h>

#include "error.h"

typedef enum da_fact_kind {
    DA_FACT_SIZE,              /* lesion size, greatest dimension, cm (value) */
    DA_FACT_MARGIN,            /* margin, cm (value) */
    DA_FACT_SITE,              /* anatomic site: site index (site), laterality (value2) */
    DA_FACT_MOHS,              /* Mohs micrographic surgery is documented */
    DA_FACT_MOHS_STAGE,        /* one Mohs stage is documented: stage number (value) */
    DA_FACT_MOHS_BLOCKS,       /* tissue blocks (value) of stage value2 (0 = stage not stated) */
    DA_FACT_MOHS_STAGE_COUNT,  /* total Mohs stages stated (value) */
    DA_FACT_MOHS_DEEP,         /* Mohs surgery involved muscle, cartilage, bone, tendon, major nerve or vessel */
    DA_FACT_KIND_COUNT
} da_fact_kind;

typedef enum da_laterality {
    DA_SIDE_NONE,      /* not stated */
    DA_SIDE_RIGHT,     /* right */
    DA_SIDE_LEFT,      /* left */
    DA_SIDE_BILATERAL  /* both sides */
} da_laterality;

typedef struct da_fact {
    da_fact_kind kind; /* what was found */
    int lesion;        /* lesion it belongs to, 1-based; 0 = the note as a whole */
    double value;      /* main value (cm, count, stage number); see the kind */
    double value2;     /* second value (blocks of a stage, laterality); see the kind */
    int site;          /* DA_FACT_SITE: index in the site table; -1 otherwise */
    size_t start;      /* first byte of the evidence in the note */
    size_t end;        /* one past the last byte of the evidence */
} da_fact;

typedef struct da_fact_list {
    da_fact *items; /* facts in text order */
    size_t count;   /* facts used */
    size_t cap;     /* facts allocated */
    int nlesions;   /* lesions the note was split into (0 = no lesion markers) */
    int limit_hit;  /* nonzero when a match limit stopped extraction early */
} da_fact_list;

void da_facts_init(da_fact_list *list);
void da_facts_free(da_fact_list *list);
void da_facts_clear(da_fact_list *list);
void da_facts_add(da_fact_list *list, const da_fact *fact);

/* Stable lower-case name of a kind, as written in --facts ("size", "mohs_stage"). */
const char *da_fact_kind_name(da_fact_kind kind);

#endif
