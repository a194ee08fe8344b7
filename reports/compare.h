/* compare.h - two periods side by side for the quarterly review: the
 * headline figures and each category's dollars in the earlier period (a
 * --previous findings CSV) and in this one, each annualized so periods of
 * different length compare, and the (rule, provider) pairs found in either
 * period with their counts and dollars. Built once, before any sheet.
 *
 * Counting policy (da_finding_counts, finding.h): dollars are those of
 * findings that are not review items, by direction; a gap carries none. A
 * previous period's CSV row counts unless its confidence is low. The
 * pairs count every finding. The model owns its arrays; the strings are
 * borrowed from the findings, the dataset and the previous set.
 */
#ifndef DA_COMPARE_H
#define DA_COMPARE_H

#include <stddef.h>

#include "finding.h"
#include "model.h"
#include "trend.h"

enum { DA_CMP_UNDER, DA_CMP_OVER, DA_CMP_DENIAL, DA_CMP_DIRS }; /* the dollar directions */

typedef struct da_compare_row {
    const char *category;         /* finding category */
    da_cents was[DA_CMP_DIRS];    /* earlier period's dollars by direction */
    da_cents now[DA_CMP_DIRS];    /* this period's */
} da_compare_row;

typedef struct da_compare_pair {
    const char *rule;     /* rule id */
    const char *category; /* its category */
    const char *provider; /* the rendering provider ("" when none) */
    size_t before, now;   /* findings in the earlier and in this period */
    da_cents amount;      /* this period's counted dollars */
} da_compare_pair;

typedef struct da_compare {
    long was_days, now_days;    /* days in each period; 0 when unknown */
    da_cents was[DA_CMP_DIRS];  /* earlier period's dollars by direction */
    da_cents now[DA_CMP_DIRS];  /* this period's */
    size_t was_gaps, now_gaps;  /* documentation gap findings */
    da_compare_row *cats;       /* per category, in order of first appearance */
    size_t ncats;               /* rows */
    da_compare_pair *pairs;     /* recurring first, then by provider and this period's dollars */
    size_t npairs;              /* pairs */
} da_compare;

/* The counted dollars of findings by direction (the counting policy above):
 * the headline figures of a period. */
void da_compare_totals(const da_finding_list *fl, da_cents out[DA_CMP_DIRS]);

/* now_days: days of this period (the report's). */
void da_compare_build(const da_dataset *d, const da_finding_list *fl, long now_days,
                      const da_previous *pv, da_compare *out);
void da_compare_free(da_compare *c);

/* Dollars a year: cents * 365 / days, rounded; NaN when days is 0. */
double da_compare_annual(da_cents cents, long days);

#endif
