/* catalog.c - the rule catalog (rules/catalog.csv): every rule id with its
 * plain name, what it checks, its sources (our working notes and a public
 * one a coder can look up) and one line to teach, for the Rules sheet, the
 * scorecard and for checking that each finding names a known rule. */
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "embedded.h"
#include "mem.h"
#include "rules.h"

static struct {
    da_rule_info *items; /* catalog rows */
    size_t count, cap;   /* used and allocated */
    da_arena *arena;     /* owns the strings */
    bool header_seen;    /* the header row was skipped */
} catalog;

static int on_row(void *ctx, const da_csv_row *row)
{
    (void)ctx;
    if (!catalog.header_seen) {
        catalog.header_seen = true;
        return 0;
    }
    if (row->nfields < 7)
        return 1;
    da_grow((void **)&catalog.items, &catalog.cap, catalog.count + 1, sizeof(*catalog.items));
    da_rule_info *r = &catalog.items[catalog.count++];
    r->id = da_arena_strdup(catalog.arena, row->fields[0]);
    r->category = da_arena_strdup(catalog.arena, row->fields[1]);
    r->checks = da_arena_strdup(catalog.arena, row->fields[2]);
    r->source = da_arena_strdup(catalog.arena, row->fields[3]);
    r->name = da_arena_strdup(catalog.arena, row->fields[4]);
    r->public_source = da_arena_strdup(catalog.arena, row->fields[5]);
    r->teach = da_arena_strdup(catalog.arena, row->fields[6]);
    return 0;
}

static void on_problem(void *ctx, unsigned long line, const char *reason)
{
    (void)line;
    (void)reason;
    *(bool *)ctx = true;
}

da_error da_catalog_load(void)
{
    if (catalog.arena)
        return DA_OK;
    const da_embedded_file *f = da_embedded_find("rules/catalog.csv");
    if (!f)
        return DA_ERR_INTERNAL;
    catalog.arena = da_arena_new();
    bool bad = false;
    da_error err = da_csv_read_mem((const char *)f->data, f->len, NULL, on_row, on_problem, &bad);
    if (err == DA_OK && bad)
        err = DA_ERR_FORMAT;
    if (err != DA_OK)
        da_catalog_free();
    return err == DA_ERR_INTERRUPTED ? DA_ERR_FORMAT : err;
}

size_t da_catalog_count(void)
{
    return catalog.count;
}

const da_rule_info *da_catalog_get(size_t i)
{
    return i < catalog.count ? &catalog.items[i] : NULL;
}

const da_rule_info *da_catalog_find(const char *id)
{
    for (size_t i = 0; i < catalog.count; i++)
        if (strcmp(catalog.items[i].id, id) == 0)
            return &catalog.items[i];
    return NULL;
}

void da_catalog_free(void)
{
    free(catalog.items);
    da_arena_free(catalog.arena);
    memset(&catalog, 0, sizeof(catalog));
}
