/* drugs.c - the drug table (rules/drugs.csv, built into the program): codes,
 * billing-unit sizes and the names notes use, which extraction turns into
 * its drug pattern. The column set is fixed; the issue-7 family owns the rows. */
#include "drugs.h"

#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "embedded.h"
#include "mem.h"

static const char *const columns[] = {"hcpcs",     "generic", "names",        "unit_mg",
                                      "container", "channel", "medicare_sad", "notes"};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

static struct {
    da_drug *items;    /* table rows in file order */
    size_t count, cap; /* used and allocated */
    da_arena *arena;   /* owns the strings */
    bool header_seen;  /* the header row was checked */
    bool bad;          /* a row could not be used */
} table;

/* A non-negative decimal such as "10" or "0.5"; -1 when it is not one. */
static double parse_mg(const char *s)
{
    char *end;
    if (s[0] < '0' || s[0] > '9')
        return -1;
    double v = strtod(s, &end);
    return *end == '\0' ? v : -1;
}

static int on_row(void *ctx, const da_csv_row *row)
{
    (void)ctx;
    if (row->nfields != NCOLUMNS) {
        table.bad = true;
        return 1;
    }
    if (!table.header_seen) {
        table.header_seen = true;
        for (size_t i = 0; i < NCOLUMNS; i++)
            if (strcmp(row->fields[i], columns[i]) != 0) {
                table.bad = true;
                return 1;
            }
        return 0;
    }
    const char *const *f = row->fields;
    double mg = parse_mg(f[3]);
    bool single = strcmp(f[4], "single") == 0;
    bool buy = strcmp(f[5], "buy_and_bill") == 0;
    bool sad = strcmp(f[6], "yes") == 0;
    if (row->lens[0] == 0 || row->lens[0] >= DA_CODE_LEN || f[1][0] == '\0' || f[2][0] == '\0' ||
        mg < 0 || (!single && strcmp(f[4], "multi") != 0) ||
        (!buy && strcmp(f[5], "pharmacy") != 0) || (!sad && strcmp(f[6], "no") != 0)) {
        table.bad = true;
        return 1;
    }
    da_drug d;
    memset(&d, 0, sizeof(d));
    memcpy(d.hcpcs, f[0], row->lens[0]);
    d.generic = da_arena_strdup(table.arena, f[1]);
    d.names = da_arena_strdup(table.arena, f[2]);
    d.unit_mg = mg;
    d.single_dose = single;
    d.buy_and_bill = buy;
    d.medicare_sad = sad;
    da_grow((void **)&table.items, &table.cap, table.count + 1, sizeof(*table.items));
    table.items[table.count++] = d;
    return 0;
}

static void on_problem(void *ctx, unsigned long line, const char *reason)
{
    (void)ctx;
    (void)line;
    (void)reason;
    table.bad = true;
}

da_error da_drugs_load(void)
{
    if (table.arena)
        return DA_OK;
    const da_embedded_file *f = da_embedded_find("rules/drugs.csv");
    if (!f)
        return DA_ERR_INTERNAL;
    table.arena = da_arena_new();
    da_error err = da_csv_read_mem((const char *)f->data, f->len, NULL, on_row, on_problem, NULL);
    if (err == DA_ERR_INTERRUPTED || (err == DA_OK && (table.bad || table.count == 0)))
        err = DA_ERR_FORMAT;
    if (err != DA_OK)
        da_drugs_free();
    return err;
}

void da_drugs_free(void)
{
    free(table.items);
    da_arena_free(table.arena);
    memset(&table, 0, sizeof(table));
}

size_t da_drugs_count(void)
{
    return table.count;
}

const da_drug *da_drug_get(int i)
{
    return i >= 0 && (size_t)i < table.count ? &table.items[i] : NULL;
}

int da_drug_find(const char *generic)
{
    for (size_t i = 0; i < table.count; i++)
        if (strcmp(table.items[i].generic, generic) == 0)
            return (int)i;
    return -1;
}
