/* table.h - one way to read a built-in CSV table (the CSV files of rules/, embedded at
 * build time): the header must be exactly the columns the reader expects, and
 * each data row goes to a callback that may refuse it with a reason.
 *
 * Tables are read into whatever the caller owns (a reader's vocabulary, a
 * rule family's codes); this module keeps nothing.
 */
#ifndef DA_TABLE_H
#define DA_TABLE_H

#include <stddef.h>

#include "error.h"

/* Called for each data row with its fields (exactly the columns asked for)
 * and its line in the file; returns NULL to accept the row, else a fixed
 * reason that stops the read. */
typedef const char *(*da_table_row_fn)(void *ctx, const char *const *fields, unsigned long line);

/* What stopped a read: the table, line and reason, for a test or a message. */
typedef struct da_table_error {
    const char *table;  /* the table's name */
    unsigned long line; /* line of the file, 0 when not a row's fault */
    const char *reason; /* fixed text */
} da_table_error;

/* Reads the built-in table name ("rules/terms.csv"). DA_ERR_FORMAT (with
 * *why filled in when why is not NULL) when the header differs from
 * columns, a row has another number of fields, a row is refused, or the
 * table has no rows; DA_ERR_INTERNAL when no such table is built in. */
da_error da_table_read(const char *name, const char *const *columns, size_t ncolumns,
                       da_table_row_fn on_row, void *ctx, da_table_error *why);

/* The same for a table held in memory (tests). */
da_error da_table_read_mem(const char *name, const char *data, size_t len,
                           const char *const *columns, size_t ncolumns, da_table_row_fn on_row,
                           void *ctx, da_table_error *why);

#endif
