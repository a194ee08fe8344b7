/* trend.h - the findings of an earlier period (a --findings CSV of an
 * earlier run), for the Trend sheet of a quarterly review.
 *
 * Only the columns the comparison needs are kept: category, rule,
 * direction, confidence, provider, date of service and amount. The set owns
 * its strings.
 */
#ifndef DA_TREND_H
#define DA_TREND_H

#include <stddef.h>

#include "error.h"
#include "mem.h"
#include "model.h"

typedef struct da_prev_finding {
    const char *category;   /* finding category */
    const char *rule;       /* rule id */
    const char *direction;  /* under, over, denial or gap */
    const char *confidence; /* high, medium or low */
    const char *provider;   /* rendering provider */
    da_date dos;            /* date of service, DA_DATE_NONE if unreadable */
    da_cents amount;        /* dollars at stake */
} da_prev_finding;

typedef struct da_previous {
    da_prev_finding *items; /* findings in file order */
    size_t count, cap;      /* used and allocated */
    da_date first, last;    /* range of dates of service */
    size_t bad_rows;        /* rows that could not be read */
    da_arena *arena;        /* owns the strings */
} da_previous;

/* Reads a findings CSV; DA_ERR_COLUMN when a needed column is missing. */
da_error da_previous_load(const char *path, da_previous *out);
void da_previous_free(da_previous *p);

#endif
