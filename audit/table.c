/* table.c - built-in CSV tables read with a header check (table.h). */
#include "table.h"

#include <stdbool.h>
#include <string.h>

#include "csvin.h"
#include "embedded.h"

typedef struct reading {
    const char *const *columns; /* the header expected */
    size_t ncolumns;            /* its fields */
    da_table_row_fn on_row;     /* the caller's callback */
    void *ctx;                  /* its context */
    da_table_error *why;        /* where a failure is told */
    bool header_seen;           /* the header row was checked */
    size_t rows;                /* data rows accepted */
} reading;

static int fail(reading *r, unsigned long line, const char *reason)
{
    r->why->line = line;
    r->why->reason = reason;
    return 1;
}

static int on_row(void *ctx, const da_csv_row *row)
{
    reading *r = ctx;
    if (row->nfields != r->ncolumns)
        return fail(r, row->line, r->header_seen ? "wrong number of fields" : "unexpected header");
    if (!r->header_seen) {
        r->header_seen = true;
        for (size_t i = 0; i < r->ncolumns; i++)
            if (strcmp(row->fields[i], r->columns[i]) != 0)
                return fail(r, row->line, "unexpected header");
        return 0;
    }
    const char *reason = r->on_row(r->ctx, row->fields, row->line);
    if (reason)
        return fail(r, row->line, reason);
    r->rows++;
    return 0;
}

static void on_problem(void *ctx, unsigned long line, const char *reason)
{
    reading *r = ctx;
    if (!r->why->reason)
        (void)fail(r, line, reason);
}

da_error da_table_read_mem(const char *name, const char *data, size_t len,
                           const char *const *columns, size_t ncolumns, da_table_row_fn on_row_fn,
                           void *ctx, da_table_error *why)
{
    da_table_error local;
    if (!why)
        why = &local;
    *why = (da_table_error){name, 0, NULL};
    reading r = {columns, ncolumns, on_row_fn, ctx, why, false, 0};
    da_error err = da_csv_read_mem(data, len, NULL, on_row, on_problem, &r);
    if (err == DA_ERR_INTERRUPTED || why->reason)
        return DA_ERR_FORMAT;
    if (err == DA_OK && r.rows == 0) {
        why->reason = "no rows";
        return DA_ERR_FORMAT;
    }
    return err;
}

da_error da_table_read(const char *name, const char *const *columns, size_t ncolumns,
                       da_table_row_fn on_row_fn, void *ctx, da_table_error *why)
{
    const da_embedded_file *f = da_embedded_find(name);
    if (!f) {
        if (why)
            *why = (da_table_error){name, 0, "not built in"};
        return DA_ERR_INTERNAL;
    }
    return da_table_read_mem(name, (const char *)f->data, f->len, columns, ncolumns, on_row_fn,
                             ctx, why);
}
