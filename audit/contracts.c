/* contracts.c - payer contracts from the practice's CSV (see contracts.h). */
#include "contracts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvin.h"
#include "parse.h"

void da_contracts_init(da_contracts *t)
{
    memset(t, 0, sizeof(*t));
    t->arena = da_arena_new();
    t->file = "";
}

void da_contracts_free(da_contracts *t)
{
    da_arena_free(t->arena);
    free(t->rows);
    memset(t, 0, sizeof(*t));
}

enum { K_PAYER, K_CODE, K_MODIFIER, K_ALLOWED, K_PERCENT, K_FROM, K_TO, K_COUNT };

typedef struct loader {
    da_contracts *t;    /* where rows go */
    da_dq_log *dq;      /* rows not used */
    int col[K_COUNT];   /* column positions, -1 absent */
    bool have_header;   /* the header has been read */
} loader;

static void field_of(const loader *l, const da_csv_row *row, int k, const char **s, size_t *len)
{
    int at = l->col[k];
    *s = "";
    *len = 0;
    if (at < 0 || (size_t)at >= row->nfields)
        return;
    *s = row->fields[at];
    *len = row->lens[at];
    while (*len && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

static int on_row(void *ctx, const da_csv_row *row)
{
    loader *l = ctx;
    if (!l->have_header) {
        static const struct {
            const char *key; /* normalised header name */
            int col;         /* its column */
        } names[] = {{"payer", K_PAYER}, {"payername", K_PAYER}, {"code", K_CODE},
                     {"cpt", K_CODE}, {"hcpcs", K_CODE}, {"modifier", K_MODIFIER},
                     {"mod", K_MODIFIER}, {"allowed", K_ALLOWED}, {"allowedamount", K_ALLOWED},
                     {"percentofmedicare", K_PERCENT}, {"percentmedicare", K_PERCENT},
                     {"effectivefrom", K_FROM}, {"from", K_FROM}, {"effectivedate", K_FROM},
                     {"effectiveto", K_TO}, {"to", K_TO}, {"enddate", K_TO}};
        for (int k = 0; k < K_COUNT; k++)
            l->col[k] = -1;
        for (size_t i = 0; i < row->nfields; i++) {
            char key[64];
            da_csv_header_key(row->fields[i], key, sizeof(key));
            for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++)
                if (strcmp(key, names[n].key) == 0 && l->col[names[n].col] < 0)
                    l->col[names[n].col] = (int)i;
        }
        l->have_header = true;
        return l->col[K_PAYER] >= 0 && l->col[K_CODE] >= 0 &&
                       (l->col[K_ALLOWED] >= 0 || l->col[K_PERCENT] >= 0)
                   ? 0
                   : 1;
    }
    da_contract c;
    memset(&c, 0, sizeof(c));
    c.line = row->line;
    const char *s;
    size_t len;
    const char *why = NULL, *column = "";
    field_of(l, row, K_PAYER, &s, &len);
    if (!len) {
        why = "missing required field";
        column = "payer";
    }
    c.payer = da_arena_strndup(l->t->arena, s, len);
    field_of(l, row, K_CODE, &s, &len);
    char mods[DA_MAX_MODIFIERS][3];
    int nmods = 0;
    if (!why && len == 1 && s[0] == '*') {
        strcpy(c.code, "*");
    } else if (!why && !da_parse_cpt(s, len, c.code, mods, &nmods)) {
        why = "malformed code";
        column = "code";
    }
    field_of(l, row, K_MODIFIER, &s, &len);
    if (!why && (!da_parse_modifiers(s, len, mods, &nmods) || nmods > 1)) {
        why = "malformed code";
        column = "modifier";
    }
    if (nmods == 1)
        memcpy(c.modifier, mods[0], 3);
    field_of(l, row, K_ALLOWED, &s, &len);
    if (!why && !da_parse_money(s, len, &c.allowed)) {
        why = "bad amount";
        column = "allowed";
    }
    field_of(l, row, K_PERCENT, &s, &len);
    if (!why && c.allowed == DA_CENTS_NONE) {
        char buf[32];
        char *end;
        snprintf(buf, sizeof(buf), "%.*s", (int)(len < 31 ? len : 31), s);
        c.percent = strtod(buf, &end);
        if (!len || (*end && strcmp(end, "%") != 0) || c.percent <= 0 || c.percent > 1000) {
            why = len ? "bad percentage" : "neither allowed nor percent_of_medicare";
            column = "percent_of_medicare";
        }
    }
    field_of(l, row, K_FROM, &s, &len);
    if (!why && !da_parse_date(s, len, &c.from)) {
        why = "bad date";
        column = "effective_from";
    }
    field_of(l, row, K_TO, &s, &len);
    if (!why && !da_parse_date(s, len, &c.to)) {
        why = "bad date";
        column = "effective_to";
    }
    if (why) {
        da_dq_add(l->dq, l->t->file, row->line, DA_DQ_REJECTED, why, column);
        return 0;
    }
    da_grow((void **)&l->t->rows, &l->t->cap, l->t->count + 1, sizeof(*l->t->rows));
    l->t->rows[l->t->count++] = c;
    return 0;
}

static void on_problem(void *ctx, unsigned long line, const char *reason)
{
    loader *l = ctx;
    da_dq_add(l->dq, l->t->file, line, DA_DQ_REJECTED, reason, "");
}

da_error da_contracts_load(da_contracts *t, const char *path, const char *buf, size_t len,
                           da_dq_log *dq)
{
    loader l = {t, dq, {-1, -1, -1, -1, -1, -1, -1}, false};
    t->file = da_arena_strdup(t->arena, path);
    da_error err = buf ? da_csv_read_mem(buf, len, NULL, on_row, on_problem, &l)
                       : da_csv_read_file(path, NULL, on_row, on_problem, &l);
    if (err == DA_ERR_INTERRUPTED || (err == DA_OK && !l.have_header))
        return DA_ERR_COLUMN;
    return err;
}

const da_contract *da_contract_find(const da_contracts *t, const da_claim_line *c)
{
    const da_contract *best = NULL;
    int best_score = 0;
    for (size_t i = 0; t && i < t->count; i++) {
        const da_contract *r = &t->rows[i];
        if (strcasecmp(r->payer, c->payer) != 0 || (r->from != DA_DATE_NONE && c->dos < r->from) ||
            (r->to != DA_DATE_NONE && c->dos > r->to))
            continue;
        bool own = strcmp(r->code, c->code) == 0;
        if (!own && strcmp(r->code, "*") != 0)
            continue;
        if (r->modifier[0] && !da_claim_has_modifier(c, r->modifier))
            continue;
        int score = (own ? 2 : 0) + (r->modifier[0] ? 1 : 0) + 1;
        if (score > best_score) {
            best = r;
            best_score = score;
        }
    }
    return best;
}

bool da_contracts_has_payer(const da_contracts *t, const char *payer)
{
    for (size_t i = 0; t && i < t->count; i++)
        if (strcasecmp(t->rows[i].payer, payer) == 0)
            return true;
    return false;
}
