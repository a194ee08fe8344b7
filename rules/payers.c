/* payers.c - the per-payer settings of rules/payers.csv (see payers.h). */
#include "payers.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "rulekit.h"

#define MAX_PAYER_ROWS 64 /* rows the table may hold */

typedef struct payer_row {
    char match[64];        /* payer name or payer_type name, as written */
    da_payer_rules rules;  /* its settings */
} payer_row;

/* The payer table (rules/payers.csv). */
struct da_payer_table {
    payer_row rows[MAX_PAYER_ROWS]; /* rows in file order */
    size_t count;                   /* rows used */
};

static bool yes(const char *s, bool *bad)
{
    if (strcasecmp(s, "yes") == 0)
        return true;
    if (strcasecmp(s, "no") != 0)
        *bad = true;
    return false;
}

static const char *table_row(void *ctx, const char *const *f, unsigned long line)
{
    (void)line;
    da_payer_table *t = ctx;
    if (t->count == MAX_PAYER_ROWS || !f[0][0] || strlen(f[0]) >= sizeof(t->rows[0].match))
        return "too many rows, or a match empty or too long";
    payer_row *r = &t->rows[t->count++];
    snprintf(r->match, sizeof(r->match), "%s", f[0]);
    bool bad = false;
    r->rules.modifier_51 = yes(f[1], &bad);
    r->rules.mppr = yes(f[2], &bad);
    r->rules.g2211 = yes(f[3], &bad);
    return bad ? "a setting is neither yes nor no" : NULL;
}

da_error da_payers_load(da_payer_table **out)
{
    static const char *const columns[] = {"match", "modifier_51", "mppr", "g2211", "note"};
    da_error err;
    *out = da_rulekit_load("rules/payers.csv", columns, sizeof(columns) / sizeof(columns[0]),
                           table_row, NULL, sizeof(**out), &err);
    return err;
}

da_payer_rules da_payers_for(const da_payer_table *table, const da_claim_line *line)
{
    const char *type = da_payer_type_name(line->payer_type);
    const payer_row *by_type = NULL;
    for (size_t i = 0; i < table->count; i++) {
        if (strcasecmp(table->rows[i].match, line->payer) == 0)
            return table->rows[i].rules;
        if (!by_type && strcasecmp(table->rows[i].match, type) == 0)
            by_type = &table->rows[i];
    }
    return by_type ? by_type->rules : (da_payer_rules){false, false, false};
}
