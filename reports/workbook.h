/* workbook.h - the audit workbook (libxlsxwriter).
 *
 * The writer lays out what the audit decided; it never decides what is
 * billable. Sheets: Summary, Findings, Data Quality, Rules. Strings reaching
 * the library are valid UTF-8 (the importer repairs input), and cells are
 * capped at Excel's 32,767 characters. Written in constant-memory mode.
 */
#ifndef DA_WORKBOOK_H
#define DA_WORKBOOK_H

#include "detail.h"
#include "error.h"
#include "finding.h"
#include "model.h"

typedef struct da_report {
    const da_dataset *data;          /* imported rows, encounters, data quality */
    const da_finding_list *findings; /* priced findings */
    const da_details *details;       /* rule families' detail tables, one sheet each; may be NULL */
    const char *practice;            /* practice name for the title */
    da_date from, to;                /* audit period, inclusive */
    const char *fees_source;         /* what the dollar amounts are based on */
    const char *created;             /* "YYYY-MM-DDTHH:MM:SSZ" creation time, NULL = now */
} da_report;

/* Writes the workbook to path (the caller renames it into place). */
da_error da_workbook_write(const char *path, const da_report *report);

/* Excel's rows per sheet, header excluded. */
#define DA_SHEET_ROWS_MAX 1048575u

/* As da_workbook_write, with at most rows_per_sheet data rows (1 to
 * DA_SHEET_ROWS_MAX) on each Findings or Data Quality sheet; the rest go on
 * "Findings (2)", ... Lets the tests see a split without a million rows. */
da_error da_workbook_write_split(const char *path, const da_report *report, size_t rows_per_sheet);

#endif
