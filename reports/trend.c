/* trend.c - reads the findings CSV of an earlier run (see trend.h). */
#include "trend.h"

#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "finding.h"
#include "parse.h"

enum { C_CATEGORY, C_RULE, C_DIRECTION, C_CONFIDENCE, C_PROVIDER, C_DOS, C_AMOUNT, C_COUNT };
static const char *const NAMES[C_COUNT] = {"category", "rule", "direction", "confidence",
                                           "provider", "dateofservice", "amount"};

typedef struct reader {
    da_previous *p;   /* the set filled */
    int col[C_COUNT]; /* field index per column, -1 until the header is read */
    bool header;      /* the header has been read */
    bool missing;     /* a needed column is missing */
} reader;

/* A field as the earlier run had it (the ' before formula-like text
 * removed), "" when the row is short. */
static const char *field(const da_csv_row *row, int i)
{
    return i >= 0 && (size_t)i < row->nfields ? da_csv_text(row->fields[i]) : "";
}

static int on_row(void *ctx, const da_csv_row *row)
{
    reader *r = ctx;
    if (!r->header) {
        r->header = true;
        for (int c = 0; c < C_COUNT; c++) {
            r->col[c] = -1;
            for (size_t i = 0; i < row->nfields; i++) {
                char key[32];
                da_csv_header_key(row->fields[i], key, sizeof(key));
                if (strcmp(key, NAMES[c]) == 0)
                    r->col[c] = (int)i;
            }
            if (r->col[c] < 0 && c != C_PROVIDER) {
                r->missing = true;
                return 1;
            }
        }
        return 0;
    }
    da_previous *p = r->p;
    da_grow((void **)&p->items, &p->cap, p->count + 1, sizeof(*p->items));
    da_prev_finding *f = &p->items[p->count++];
    f->category = da_arena_strdup(p->arena, field(row, r->col[C_CATEGORY]));
    f->rule = da_arena_strdup(p->arena, field(row, r->col[C_RULE]));
    f->direction = da_arena_strdup(p->arena, field(row, r->col[C_DIRECTION]));
    f->confidence = da_arena_strdup(p->arena, field(row, r->col[C_CONFIDENCE]));
    f->provider = da_arena_strdup(p->arena, field(row, r->col[C_PROVIDER]));
    const char *dos = field(row, r->col[C_DOS]), *amount = field(row, r->col[C_AMOUNT]);
    if (!da_parse_date(dos, strlen(dos), &f->dos))
        f->dos = DA_DATE_NONE;
    if (!da_parse_money(amount, strlen(amount), &f->amount) || f->amount < 0) {
        f->amount = 0;
        p->bad_rows++;
    }
    if (f->dos != DA_DATE_NONE) {
        if (p->first == DA_DATE_NONE || f->dos < p->first)
            p->first = f->dos;
        if (p->last == DA_DATE_NONE || f->dos > p->last)
            p->last = f->dos;
    }
    return 0;
}

static void on_problem(void *ctx, unsigned long line, const char *reason)
{
    (void)line;
    (void)reason;
    ((reader *)ctx)->p->bad_rows++;
}

da_error da_previous_load(const char *path, da_previous *out)
{
    memset(out, 0, sizeof(*out));
    out->arena = da_arena_new();
    out->first = out->last = DA_DATE_NONE;
    reader r = {.p = out};
    da_error err = da_csv_read_file(path, NULL, on_row, on_problem, &r);
    if (r.missing || (err == DA_OK && !r.header))
        err = DA_ERR_COLUMN;
    if (err != DA_OK)
        da_previous_free(out);
    return err;
}

void da_previous_free(da_previous *p)
{
    free(p->items);
    da_arena_free(p->arena);
    memset(p, 0, sizeof(*p));
}
