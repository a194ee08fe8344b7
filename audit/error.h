/* error.h - the one error enum every fallible dermaudit call returns.
 *
 * Functions return da_error (DA_OK == 0) and hand results back through
 * out-parameters. Messages with context (file, line, column) are printed
 * once, by the CLI; library code never prints note text or identifiers.
 */
#ifndef DA_ERROR_H
#define DA_ERROR_H

typedef enum da_error {
    DA_OK = 0,            /* success */
    DA_ERR_NOMEM,         /* allocation failed */
    DA_ERR_IO,            /* a file could not be opened, read or written */
    DA_ERR_USAGE,         /* bad command-line usage */
    DA_ERR_COLUMN,        /* a required column is missing from a header */
    DA_ERR_FORMAT,        /* input whose structure cannot be used at all */
    DA_ERR_LIMIT,         /* a size ceiling was reached */
    DA_ERR_REGEX,         /* a pattern failed to compile */
    DA_ERR_XLSX,          /* the workbook library reported an error */
    DA_ERR_INTERRUPTED,   /* the run was interrupted by a signal */
    DA_ERR_INTERNAL,      /* a broken invariant: a bug */
    DA_ERR_CHANGED        /* the notes file changed before its texts were read back */
} da_error;

/* A static, human-readable description of an error; never NULL. */
const char *da_strerror(da_error err);

#endif
