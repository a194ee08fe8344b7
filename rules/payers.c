/* payers.c - the per-payer settings of rules/payers.csv (see payers.h). */
#include "payers.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "csvin.h"
#include "embedded.h"

#define MAX_PAYER_ROWS 64 /* rows the table may hold */

typedef struct payer_row {
    char match[64];        /* payer name or payer_type name, as written */
    da_payer_rules rules;  /* its settings */
} payer_row;

static struct {
    payer_row rows[MAX_PAYER_ROWS]; /* rows in file order */
    size_t count;                   /* rows used */
    bool header_seen;               /* the header row was skipped */
    bool loaded;                    /* the table has been read */
} table;

static bool yes(const char *s, bool *bad)
{
    if (strcasecmp(s, "yes") == 0)
        return true;
    if (strcasecmp(s, "no") != 0)
        *bad = true;
    return false;
}

static int table_row(void *ctx, const da_csv_row *row)
{
    bool *bad = ctx;
    if (!table.header_seen) {
        table.header_seen = true;
        return 0;
    }
    if (row->nfields < 4 || table.count == MAX_PAYER_ROWS || row->lens[0] == 0 ||
        row->lens[0] >= sizeof(table.rows[0].match)) {
        *bad = true;
        return 1;
    }
    payer_row *r = &table.rows[table.count++];
    snprintf(r->match, sizeof(r->match), "%s", row->fields[0]);
    r->rules.modifier_51 = yes(row->fields[1], bad);
    r->rules.mppr = yes(row->fields[2], bad);
    r->rules.g2211 = yes(row->fields[3], bad);
    return *bad;
}

static void table_problem(void *ctx, unsigned long line, const char *reason)
{
    (void)line;
    (void)reason;
    *(bool *)ctx = true;
}

da_error da_payers_load(void)
{
    if (table.loaded)
        return DA_OK;
    const da_embedded_file *f = da_embedded_find("rules/payers.csv");
    if (!f)
        return DA_ERR_INTERNAL;
    bool bad = false;
    table.count = 0;
    table.header_seen = false;
    da_error err = da_csv_read_mem((const char *)f->data, f->len, NULL, table_row, table_problem, &bad);
    if (err == DA_ERR_INTERRUPTED || (err == DA_OK && (bad || table.count == 0)))
        err = DA_ERR_FORMAT;
    table.loaded = err == DA_OK;
    return err;
}

da_payer_rules da_payers_for(const da_claim_line *line)
{
    const char *type = da_payer_type_name(line->payer_type);
    const payer_row *by_type = NULL;
    for (size_t i = 0; i < table.count; i++) {
        if (strcasecmp(table.rows[i].match, line->payer) == 0)
            return table.rows[i].rules;
        if (!by_type && strcasecmp(table.rows[i].match, type) == 0)
            by_type = &table.rows[i];
    }
    return by_type ? by_type->rules : (da_payer_rules){false, false, false};
}
