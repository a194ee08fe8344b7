/* sites.c - the anatomic site table (rules/sites.csv): canonical site names,
 * the phrases that name them, and their CPT site group per code family. */
#include "sites.h"

#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "embedded.h"
#include "mem.h"
#include "rx.h"

static const char *const columns[] = {"site", "terms", "lesion_group", "mucosa", "mohs_group",
                                      "simple_repair", "intermediate_repair", "complex_repair",
                                      "part_of"};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

typedef struct site_row {
    da_site site;        /* what callers see */
    const char *terms;   /* the terms column, for the extractor's pattern */
    const char *part_of; /* the part_of column, resolved into site.part_of after loading */
} site_row;

struct da_sites {
    site_row *items;   /* table rows in file order */
    size_t count, cap; /* used and allocated */
    da_arena *arena;   /* owns the strings */
};

/* The table being read, and what the reading found. */
typedef struct loader {
    da_sites *table;  /* rows go here */
    bool header_seen; /* the header row was checked */
    bool bad;         /* a row could not be used */
} loader;

static int parse_lesion_group(const char *s, da_lesion_group *out)
{
    if (strcmp(s, "TAL") == 0)
        *out = DA_LESION_TAL;
    else if (strcmp(s, "SNHFG") == 0)
        *out = DA_LESION_SNHFG;
    else if (strcmp(s, "FACE") == 0)
        *out = DA_LESION_FACE;
    else if (strcmp(s, "NONE") == 0)
        *out = DA_LESION_NONE;
    else
        return -1;
    return 0;
}

static int parse_mohs_group(const char *s, da_mohs_group *out)
{
    if (strcmp(s, "HEAD") == 0)
        *out = DA_MOHS_HEAD;
    else if (strcmp(s, "TRUNK") == 0)
        *out = DA_MOHS_TRUNK;
    else if (strcmp(s, "NONE") == 0)
        *out = DA_MOHS_NONE;
    else
        return -1;
    return 0;
}

/* A repair group: one digit from 0 (no code) to max. */
static int parse_group_number(const char *s, int max, int *out)
{
    if (s[0] < '0' || s[0] > '0' + max || s[1] != '\0')
        return -1;
    *out = s[0] - '0';
    return 0;
}

static int on_row(void *ctx, const da_csv_row *row)
{
    loader *l = ctx;
    da_sites *table = l->table;
    if (row->nfields != NCOLUMNS) {
        l->bad = true;
        return 1;
    }
    if (!l->header_seen) {
        l->header_seen = true;
        for (size_t i = 0; i < NCOLUMNS; i++)
            if (strcmp(row->fields[i], columns[i]) != 0) {
                l->bad = true;
                return 1;
            }
        return 0;
    }
    site_row r;
    memset(&r, 0, sizeof(r));
    if (row->fields[0][0] == '\0' || row->fields[1][0] == '\0' ||
        parse_lesion_group(row->fields[2], &r.site.lesion) != 0 ||
        (strcmp(row->fields[3], "0") != 0 && strcmp(row->fields[3], "1") != 0) ||
        parse_mohs_group(row->fields[4], &r.site.mohs) != 0 ||
        parse_group_number(row->fields[5], 2, &r.site.simple_repair) != 0 ||
        parse_group_number(row->fields[6], 3, &r.site.intermediate_repair) != 0 ||
        parse_group_number(row->fields[7], 4, &r.site.complex_repair) != 0) {
        l->bad = true;
        return 1;
    }
    r.site.mucosa = row->fields[3][0] == '1';
    r.site.name = da_arena_strdup(table->arena, row->fields[0]);
    r.terms = da_arena_strdup(table->arena, row->fields[1]);
    r.part_of = da_arena_strdup(table->arena, row->fields[8]);
    da_grow((void **)&table->items, &table->cap, table->count + 1, sizeof(*table->items));
    table->items[table->count++] = r;
    return 0;
}

static void on_problem(void *ctx, unsigned long line, const char *reason)
{
    (void)line;
    (void)reason;
    ((loader *)ctx)->bad = true;
}

da_error da_sites_load(da_sites **out)
{
    *out = NULL;
    const da_embedded_file *f = da_embedded_find("rules/sites.csv");
    if (!f)
        return DA_ERR_INTERNAL;
    da_sites *table = da_xcalloc(1, sizeof(*table));
    table->arena = da_arena_new();
    loader l = {table, false, false};
    da_error err = da_csv_read_mem((const char *)f->data, f->len, NULL, on_row, on_problem, &l);
    if (err == DA_ERR_INTERRUPTED || (err == DA_OK && (l.bad || table->count == 0)))
        err = DA_ERR_FORMAT;
    /* each site's broader site, by name; a name not in the table, or a
     * chain that comes back to itself, is a broken table */
    for (size_t i = 0; i < table->count && err == DA_OK; i++) {
        site_row *r = &table->items[i];
        r->site.part_of = -1;
        if (!r->part_of[0])
            continue;
        r->site.part_of = da_site_find(table, r->part_of);
        if (r->site.part_of < 0)
            err = DA_ERR_FORMAT;
    }
    for (size_t i = 0; i < table->count && err == DA_OK; i++) {
        int at = table->items[i].site.part_of;
        for (size_t steps = 0; at >= 0 && err == DA_OK; steps++, at = table->items[at].site.part_of)
            if (steps > table->count || (size_t)at == i)
                err = DA_ERR_FORMAT;
    }
    if (err != DA_OK) {
        da_sites_free(table);
        return err;
    }
    *out = table;
    return DA_OK;
}

size_t da_sites_count(const da_sites *sites)
{
    return sites->count;
}

const da_site *da_site_get(const da_sites *sites, int i)
{
    return i >= 0 && (size_t)i < sites->count ? &sites->items[i].site : NULL;
}

bool da_site_within(const da_sites *sites, int a, int b)
{
    for (size_t steps = 0; a >= 0 && (size_t)a < sites->count && steps <= sites->count; steps++) {
        if (a == b)
            return true;
        a = sites->items[a].site.part_of;
    }
    return false;
}

int da_site_find(const da_sites *sites, const char *name)
{
    for (size_t i = 0; i < sites->count; i++)
        if (strcmp(sites->items[i].site.name, name) == 0)
            return (int)i;
    return -1;
}

void da_sites_free(da_sites *sites)
{
    if (!sites)
        return;
    free(sites->items);
    da_arena_free(sites->arena);
    free(sites);
}

/* The pattern parts around the alternation of the table's terms: a side
 * ("right", "L", "bilateral") and position words before, a plural after. */
static const char site_prefix[] =
    "\\b(?:(?<side>bilateral|bilat|both|right|left|b/l|rt|lt|r|l)(?:\\.|[\\s-]+sided)?[\\s,]+)?"
    "(?:(?:anterior|posterior|lateral|medial|proximal|distal|mid|midline|central|superior|"
    "inferior|upper|lower|dorsal|ventral|volar|inner|outer)[\\s-]+){0,3}?(?:";
static const char site_suffix[] = ")(?:e?s)?\\b";

char *da_sites_pattern(const da_sites *sites)
{
    da_rx_terms *terms = da_rx_terms_new();
    for (int s = 0; s < (int)sites->count; s++)
        da_rx_terms_add(terms, sites->items[s].terms, s);
    /* When every site term begins with a letter, so does every match (the
     * side and position words do): a word end is passed over at once. */
    bool lettered = da_rx_terms_lettered(terms);
    char *prefix = da_xmalloc(sizeof(site_prefix) + sizeof(DA_RX_LETTER_AHEAD));
    sprintf(prefix, "\\b%s%s", lettered ? DA_RX_LETTER_AHEAD : "", site_prefix + 2);
    char *pat = da_rx_alternation(prefix, site_suffix, terms);
    free(prefix);
    return pat;
}
