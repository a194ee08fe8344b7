/* import.h - claims and notes CSV exports into a dataset.
 *
 * Header names match case-insensitively, ignoring spaces, underscores and
 * punctuation, with common synonyms ("DOS", "CPT Code", "Claim #", ...).
 * Every data row ends up used, or listed in dataset->dq with its line and
 * reason; the file's da_file_stats keep rows read = used + rejected.
 */
#ifndef DA_IMPORT_H
#define DA_IMPORT_H

#include <stddef.h>

#include "error.h"
#include "model.h"

#define DA_IMPORT_LIST_MAX 320 /* bytes of a list of names in a result */

typedef struct da_import_result {
    char missing_column[64]; /* with DA_ERR_COLUMN: the required column not found */
    char accepted[DA_IMPORT_LIST_MAX]; /* with DA_ERR_COLUMN: the header names accepted for
                                        * it, as matched (lower case, no spaces or punctuation) */
    char found[DA_IMPORT_LIST_MAX];    /* with DA_ERR_COLUMN: the header the file has, ", "
                                        * between names, cut with "..." when long */
    const char *file_kind; /* with DA_ERR_FORMAT or DA_ERR_COLUMN: what the file is when it is
                            * not a comma-separated file ("an Excel workbook (.xlsx)",
                            * "tab-separated (TSV)", "semicolon-separated"), NULL otherwise */
} da_import_result;

/* How a file is read; NULL for the defaults. */
typedef struct da_import_opts {
    size_t csv_chunk; /* bytes read and parsed at a time (da_csv_opts.chunk; 0 = 1 MiB) */
} da_import_opts;

/* Imports a claims file into d (claims and claims_stats). DA_ERR_IO when
 * unreadable; DA_ERR_COLUMN (result names it, the names accepted for it and
 * the header found) when a required column is missing; DA_ERR_FORMAT when
 * the file has no header row or is an Excel workbook (result->file_kind). */
da_error da_import_claims(da_dataset *d, const char *path, const da_import_opts *io,
                          da_import_result *result);
/* The same for notes (notes and notes_stats). */
da_error da_import_notes(da_dataset *d, const char *path, const da_import_opts *io,
                         da_import_result *result);

/* Imports a claims file and a notes file into d (which holds neither yet)
 * at the same time, the notes on a second thread: the same dataset, Data
 * Quality log (claims rows before notes rows) and accounting as
 * da_import_claims followed by da_import_notes. On failure *failed is the
 * path that failed (the claims file when both did) and its result says why. */
da_error da_import_files(da_dataset *d, const char *claims, const char *notes,
                         const da_import_opts *io, da_import_result *claims_result,
                         da_import_result *notes_result, const char **failed);

/* The same from memory (tests); name stands in for the path. */
da_error da_import_claims_mem(da_dataset *d, const char *name, const char *csv, size_t len,
                              da_import_result *result);
da_error da_import_notes_mem(da_dataset *d, const char *name, const char *csv, size_t len,
                             da_import_result *result);

#endif
