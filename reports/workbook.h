/* workbook.h - the audit workbook (libxlsxwriter).
 *
 * The writer lays out what the audit decided; it never decides what is
 * billable. Sheets: Summary, the category sheets (one per detail table, plus
 * Denials, Payers and AR Aging), Findings, Data Quality, Rules and Trend, in
 * the template's order (docs/workbook.md). Strings reaching
 * the library are valid UTF-8 (the importer repairs input), and cells are
 * capped at Excel's 32,767 characters. Written in constant-memory mode.
 */
#ifndef DA_WORKBOOK_H
#define DA_WORKBOOK_H

#include <stdbool.h>

#include "detail.h"
#include "error.h"
#include "fees.h"
#include "finding.h"
#include "mask.h"
#include "model.h"
#include "trend.h"

/* A report template (templates/NAME.txt): the words, the sheets and their
 * order, and whether identifiers are masked. The format is described at the
 * top of templates/onboarding.txt. */
typedef struct da_template da_template;

/* The zlib level of the workbook's parts: fast, since the deflate of a large
 * workbook is the longest single-core step of a run (reports/ziplevel.c). */
#define DA_WORKBOOK_ZIP_LEVEL 1

#define DA_TEMPLATE_DEFAULT "onboarding"
#define DA_TEMPLATE_MAX (1u << 20) /* bytes of a template file */

/* A built-in template by name ("prospect", "onboarding", "quarterly"), else
 * a template file at that path. DA_ERR_IO when neither exists,
 * DA_ERR_LIMIT when the file is larger than DA_TEMPLATE_MAX. */
da_error da_template_load(const char *name, da_template **out);
void da_template_free(da_template *t);
/* The template asks for pseudonyms ("mask_phi: yes"). */
bool da_template_mask_phi(const da_template *t);
/* The template is for a prospect ("audience: prospect"): nothing internal in
 * the workbook (templates/prospect.txt lists what that means). */
bool da_template_prospect(const da_template *t);
/* The template compares two periods ("previous: required"): a run without
 * --previous is a usage error. */
bool da_template_needs_previous(const da_template *t);
/* The template's name (built-in name or file path). */
const char *da_template_name(const da_template *t);
/* The next value of key at or after *pos (start at 0): sets *value and *len
 * (leading spaces and a trailing CR removed) and moves *pos past its line;
 * false when there is none. */
bool da_template_next(const da_template *t, const char *key, size_t *pos, const char **value,
                      size_t *len);

typedef struct da_report {
    const da_dataset *data;          /* imported rows, encounters, data quality */
    const da_finding_list *findings; /* priced findings */
    const da_details *details;       /* rule families' detail tables, one sheet each; may be NULL */
    const char *practice;            /* practice name for the title */
    da_date from, to;                /* audit period, inclusive */
    const char *fees_source;         /* what the dollar amounts are based on */
    const char *created;             /* "YYYY-MM-DDTHH:MM:SSZ" creation time, NULL = now */
    const da_template *tpl;          /* words and sheets; NULL = the built-in default */
    const da_mask *mask;             /* pseudonyms for identifiers, identifiers scrubbed from
                                        note text (scrub.h); NULL = as imported */
    bool deidentify;                 /* with mask: every date cell and date in note text
                                        reduced to its year (--deidentify) */
    da_date as_of;                   /* receivables and deadlines as of; 0 or NONE = period end */
    const da_fee_table *fees;        /* for the payers' expected amounts; may be NULL */
    const da_previous *previous;     /* an earlier period's findings (Trend); may be NULL */
    const char *beside;              /* the writer's own temporary files go in this path's
                                        directory; NULL = the written path's */
    int threads;                     /* threads for the cells of the Findings, Data Quality
                                        and detail sheets: 0 = two when there are two online
                                        cores and the workbook is large enough to gain; 1 =
                                        the calling thread only; 2 or more = two whenever
                                        there are two such sheets (one when the Summary has
                                        not used every format the cells need, e.g. without
                                        period dates). The file is the same either way */
} da_report;

/* "$1,234.56" for a non-negative amount of cents (rounded); "n/a" when it is
 * negative, not finite or beyond $10^15. */
void da_money_text(double cents, char out[32]);
/* The same rounded to whole dollars, "$1,235": annualized figures are
 * estimates, shown without cents. */
void da_money_text_dollars(double cents, char out[32]);

/* Writes the workbook to path (the caller renames it into place). */
da_error da_workbook_write(const char *path, const da_report *report);

/* Excel's rows per sheet, header excluded. */
#define DA_SHEET_ROWS_MAX 1048575u

/* As da_workbook_write, with at most rows_per_sheet data rows (1 to
 * DA_SHEET_ROWS_MAX) on each Findings, Data Quality or detail sheet; the
 * rest go on "Findings (2)", ... Lets the tests see a split without a
 * million rows. */
da_error da_workbook_write_split(const char *path, const da_report *report, size_t rows_per_sheet);

#endif
