/* catalog.c - the rule catalog (rules/catalog.csv): every rule id with its
 * plain name, what it checks, its sources (our working notes and a public
 * one a coder can look up) and one line to teach, for the Rules sheet, the
 * scorecard and for checking that each finding names a known rule. */
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "rules.h"
#include "table.h"

struct da_catalog {
    da_rule_info *items; /* catalog rows, in file order */
    size_t count, cap;   /* used and allocated */
    da_arena *arena;     /* owns the strings */
};

static const char *on_row(void *ctx, const char *const *f, unsigned long line)
{
    (void)line;
    da_catalog *c = ctx;
    da_grow((void **)&c->items, &c->cap, c->count + 1, sizeof(*c->items));
    da_rule_info *r = &c->items[c->count++];
    r->id = da_arena_strdup(c->arena, f[0]);
    r->category = da_arena_strdup(c->arena, f[1]);
    r->checks = da_arena_strdup(c->arena, f[2]);
    r->source = da_arena_strdup(c->arena, f[3]);
    r->name = da_arena_strdup(c->arena, f[4]);
    r->public_source = da_arena_strdup(c->arena, f[5]);
    r->teach = da_arena_strdup(c->arena, f[6]);
    return NULL;
}

da_error da_catalog_load(da_catalog **out)
{
    static const char *const columns[] = {"rule", "category", "checks", "source",
                                          "name", "public_source", "teach"};
    da_catalog *c = da_xcalloc(1, sizeof(*c));
    c->arena = da_arena_new();
    da_error err = da_table_read("rules/catalog.csv", columns, sizeof(columns) / sizeof(columns[0]),
                                 on_row, c, NULL);
    if (err != DA_OK) {
        da_catalog_free(c);
        c = NULL;
    }
    *out = c;
    return err;
}

size_t da_catalog_count(const da_catalog *c)
{
    return c ? c->count : 0;
}

const da_rule_info *da_catalog_get(const da_catalog *c, size_t i)
{
    return c && i < c->count ? &c->items[i] : NULL;
}

const da_rule_info *da_catalog_find(const da_catalog *c, const char *id)
{
    for (size_t i = 0; c && i < c->count; i++)
        if (strcmp(c->items[i].id, id) == 0)
            return &c->items[i];
    return NULL;
}

void da_catalog_free(da_catalog *c)
{
    if (!c)
        return;
    free(c->items);
    da_arena_free(c->arena);
    free(c);
}
