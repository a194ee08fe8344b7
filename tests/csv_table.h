/* csv_table.h - a small CSV file read into rows of strings, for tests that
 * compare a program's CSV output with an expected file (test_e2e, test_blind).
 * Every test file is its own program, hence static inline functions; each needs
 * cmocka.h included before this header. A table owns all its strings.
 */
#ifndef DA_CSV_TABLE_H
#define DA_CSV_TABLE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"

/* A CSV file read into rows of strings (small files only). */
typedef struct table {
    char ***rows;       /* rows[i][j]: field j of data row i */
    size_t *nfields;    /* fields per row */
    size_t count, cap;  /* rows used and allocated */
    char **header;      /* header fields */
    size_t nheader;     /* header fields */
} table;

static inline int table_row(void *ctx, const da_csv_row *row)
{
    table *t = ctx;
    char **fields = malloc(row->nfields * sizeof(char *));
    for (size_t i = 0; i < row->nfields; i++)
        fields[i] = strdup(row->fields[i]);
    if (!t->header) {
        t->header = fields;
        t->nheader = row->nfields;
        return 0;
    }
    if (t->count == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->rows = realloc(t->rows, t->cap * sizeof(*t->rows));
        t->nfields = realloc(t->nfields, t->cap * sizeof(*t->nfields));
    }
    t->rows[t->count] = fields;
    t->nfields[t->count++] = row->nfields;
    return 0;
}

static inline void table_problem(void *ctx, unsigned long line, const char *reason)
{
    (void)ctx;
    fail_msg("unreadable CSV row at line %lu: %s", line, reason);
}

static inline void table_read(table *t, const char *path)
{
    memset(t, 0, sizeof(*t));
    assert_int_equal(da_csv_read_file(path, NULL, table_row, table_problem, t), DA_OK);
    assert_non_null(t->header);
}

static inline void table_free(table *t)
{
    for (size_t i = 0; i < t->count; i++) {
        for (size_t j = 0; j < t->nfields[i]; j++)
            free(t->rows[i][j]);
        free(t->rows[i]);
    }
    for (size_t j = 0; j < t->nheader; j++)
        free(t->header[j]);
    free(t->header);
    free(t->rows);
    free(t->nfields);
}

/* Field of row i in the named column. */
static inline const char *cell(const table *t, size_t i, const char *column)
{
    for (size_t j = 0; j < t->nheader; j++)
        if (strcmp(t->header[j], column) == 0)
            return j < t->nfields[i] ? t->rows[i][j] : "";
    fail_msg("no column %s", column);
    return "";
}

#endif
