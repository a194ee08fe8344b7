/* drugs.c - loads the built-in drug table (rules/drugs.csv, see drugs.h).
 *
 * Columns are found by header name, so the columns the drug rule reads
 * from the same file (route, prior authorization) are passed over here.
 */
#include "drugs.h"

#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "embedded.h"
#include "mem.h"

enum { COL_HCPCS, COL_GENERIC, COL_NAMES, COL_UNIT, COL_CONTAINER, COL_CHANNEL, COL_SAD, NCOLS };
static const char *const COLUMN_KEYS[NCOLS] = {"hcpcs", "generic", "names", "unitmg",
                                               "container", "channel", "medicaresad"};

struct da_drugs {
    da_drug *items;   /* rows in file order: the index is the fact's ref */
    size_t count;     /* rows used */
    size_t cap;       /* rows allocated */
    da_arena *arena;  /* owns the names */
};

typedef struct loader {
    da_drugs *table; /* rows go here */
    long col[NCOLS]; /* field index per column, -1 until the header is read */
    bool header;     /* the header row was read */
    bool bad;        /* a row could not be used: the built-in table is broken */
} loader;

static int on_row(void *ctx, const da_csv_row *row)
{
    loader *l = ctx;
    if (!l->header) {
        l->header = true;
        for (int k = 0; k < NCOLS; k++)
            l->col[k] = -1;
        for (size_t i = 0; i < row->nfields; i++) {
            /* longer than any column key of the table: a longer header, cut,
             * matches none */
            enum { KEY_LEN = 32 };
            char key[KEY_LEN];
            da_csv_header_key(row->fields[i], key, sizeof(key));
            for (int k = 0; k < NCOLS; k++)
                if (l->col[k] < 0 && strcmp(key, COLUMN_KEYS[k]) == 0)
                    l->col[k] = (long)i;
        }
        for (int k = 0; k < NCOLS; k++)
            if (l->col[k] < 0)
                l->bad = true;
        return l->bad;
    }
    const char *f[NCOLS];
    for (int k = 0; k < NCOLS; k++) {
        if ((size_t)l->col[k] >= row->nfields) {
            l->bad = true;
            return 1;
        }
        f[k] = row->fields[l->col[k]];
    }
    if (strlen(f[COL_HCPCS]) != DA_CODE_LEN - 1 || !f[COL_GENERIC][0]) {
        l->bad = true;
        return 1;
    }
    char *end;
    double unit = strtod(f[COL_UNIT], &end);
    if (end == f[COL_UNIT] || *end || unit < 0) {
        l->bad = true;
        return 1;
    }
    da_drugs *table = l->table;
    da_grow((void **)&table->items, &table->cap, table->count + 1, sizeof(*table->items));
    da_drug *d = &table->items[table->count++];
    memcpy(d->hcpcs, f[COL_HCPCS], DA_CODE_LEN);
    d->generic = da_arena_strdup(table->arena, f[COL_GENERIC]);
    d->names = da_arena_strdup(table->arena, f[COL_NAMES]);
    d->unit_mg = unit;
    d->single_dose = strcmp(f[COL_CONTAINER], "single") == 0;
    d->buy_and_bill = strcmp(f[COL_CHANNEL], "buy_and_bill") == 0;
    d->medicare_sad = strcmp(f[COL_SAD], "yes") == 0;
    return 0;
}

static void on_problem(void *ctx, unsigned long line, const char *reason)
{
    (void)line;
    (void)reason;
    ((loader *)ctx)->bad = true;
}

da_error da_drugs_load(da_drugs **out)
{
    *out = NULL;
    const da_embedded_file *f = da_embedded_find("rules/drugs.csv");
    if (!f)
        return DA_ERR_INTERNAL;
    da_drugs *table = da_xcalloc(1, sizeof(*table));
    table->arena = da_arena_new();
    loader l = {.table = table, .header = false};
    da_error err = da_csv_read_mem((const char *)f->data, f->len, NULL, on_row, on_problem, &l);
    if (err == DA_ERR_INTERRUPTED || (err == DA_OK && (l.bad || table->count == 0)))
        err = DA_ERR_FORMAT;
    if (err != DA_OK) {
        da_drugs_free(table);
        return err;
    }
    *out = table;
    return DA_OK;
}

void da_drugs_free(da_drugs *drugs)
{
    if (!drugs)
        return;
    free(drugs->items);
    da_arena_free(drugs->arena);
    free(drugs);
}

size_t da_drugs_count(const da_drugs *drugs)
{
    return drugs->count;
}

const da_drug *da_drug_get(const da_drugs *drugs, int i)
{
    return i >= 0 && (size_t)i < drugs->count ? &drugs->items[i] : NULL;
}

int da_drug_find(const da_drugs *drugs, const char *generic)
{
    for (size_t i = 0; i < drugs->count; i++)
        if (strcmp(drugs->items[i].generic, generic) == 0)
            return (int)i;
    return -1;
}
