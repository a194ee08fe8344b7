/* figures.h - the report model: every figure the workbook shows, worked
 * out in one pass before any sheet is written, so the sheet writers only
 * lay it out (and tests check the figures without reading a workbook).
 *
 * Headline totals by direction, per category and per pricing basis; the
 * denial rates, payer performance and receivables aging of the claim lines
 * (revenue.h); the provider scorecard (scorecard.h); and, with an earlier
 * period, the comparison (compare.h). Which findings count is decided once,
 * by da_finding_counts (finding.h). The model owns its arrays; its strings
 * are borrowed from the report's dataset and findings.
 */
#ifndef DA_FIGURES_H
#define DA_FIGURES_H

#include <stdbool.h>
#include <stddef.h>

#include "compare.h"
#include "revenue.h"
#include "scorecard.h"
#include "workbook.h"

/* A finding category, in the order the rules document them, with the word
 * the reports show for it. */
typedef struct da_category {
    const char *id;    /* finding category */
    const char *label; /* shown in the reports */
} da_category;

extern const da_category da_categories[];
extern const size_t da_ncategories;

/* The label of a category id; the id itself when it is not a known one. */
const char *da_category_label(const char *id);

typedef struct da_cat_total {
    const char *name;             /* finding category */
    size_t order;                 /* position in the category list, breaks ties */
    size_t findings;              /* findings of any direction and confidence */
    da_cents under, over, denial; /* counted amounts by direction */
    size_t gaps;                  /* documentation gap findings */
} da_cat_total;

typedef struct da_basis_total {
    const char *basis; /* how the amounts were priced */
    size_t findings;   /* counted findings priced this way */
    da_cents amount;   /* their amounts */
} da_basis_total;

typedef struct da_figures {
    da_cat_total *cats;            /* categories, the known ones first, in their order */
    size_t ncats, cats_cap;        /* used and allocated */
    da_basis_total *bases;         /* amounts by pricing basis */
    size_t nbases, bases_cap;      /* used and allocated */
    da_cents under, over, denial;  /* counted amounts by direction */
    size_t denial_findings;        /* counted recoverable denied lines */
    size_t gaps;                   /* documentation gap findings */
    size_t low;                    /* review items (low confidence), left out of the amounts */
    long days;                     /* days in the period, 0 when it is unknown */
    da_denial_stats denials;       /* denial rates of the claim lines */
    da_payer_row *payers;          /* payer performance, by payer name */
    size_t npayers;                /* rows */
    da_ar_row *ar;                 /* unpaid lines by age, by payer name */
    size_t nar;                    /* rows */
    da_scorecard score;            /* the provider scorecard */
    da_compare cmp;                /* this period against report->previous */
    bool compared;                 /* cmp is built (report->previous given) */
} da_figures;

/* Builds every figure of report r, aging receivables as of as_of.
 * DA_ERR_INTERNAL when a finding points past the dataset. */
da_error da_figures_build(const da_report *r, da_date as_of, da_figures *out);
void da_figures_free(da_figures *f);

#endif
