/* fees.c - the fee table: the built-in 2026 amounts, our CSV layout and CMS
 * PPRRVU files (see fees.h).
 *
 * A CMS relative value file stacks its column names over several header rows
 * ("NON-FACILITY" over "TOTAL") under a few title lines, and its layout moves
 * between years (2026 adds "PRIC IND"), so columns are found by joining the
 * stacked cells of each column, never by position. Only the global row of a
 * code (no modifier) is kept: -26/-TC/-53 rows are split payments of the same
 * service and the table is keyed by code alone. Amounts are computed in
 * integers from the decimal text, so 19.97 x 33.4009 is exactly 667.015973
 * and rounds to $667.02 as CMS does.
 */
#include "fees.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "codefile.h"
#include "csvin.h"
#include "embedded.h"
#include "mem.h"

#define DEFAULT_NAME "rules/fees_2026.csv"
#define DEFAULT_SOURCE "CMS PFS 2026 July release, national non-facility, CF 33.4009"
#define MAX_PREAMBLE 16 /* title and stacked header rows tolerated before the header */
#define KEY_LEN 96      /* longest normalised header name compared */

/* A row and the line it came from, so duplicates can name the later line. */
typedef struct fee_entry {
    da_fee fee;         /* first member: da_fees_find hands out &entry->fee */
    unsigned long line; /* physical line in the source */
} fee_entry;

struct da_fee_table {
    fee_entry *items;   /* sorted by code once loaded */
    size_t count, cap;  /* used and allocated */
    da_arena *arena;    /* owns the descriptions */
    char source[192];   /* where the amounts come from */
};

typedef enum layout { LAYOUT_UNKNOWN, LAYOUT_OURS, LAYOUT_CMS } layout;

/* Columns a loader looks for; which are needed depends on the layout. */
enum { COL_CODE, COL_MOD, COL_DESC, COL_NF, COL_F, COL_MP, COL_GLOB, COL_CF, NCOLS };

static const da_column_spec OURS[NCOLS] = {
    [COL_CODE] = {"code", "code", true},
    [COL_MOD] = {NULL, NULL, false},
    [COL_DESC] = {"description", "description", false},
    [COL_NF] = {"nonfacility", "nonfacility", true},
    [COL_F] = {"facility", "facility", false},
    [COL_MP] = {"multproc", "mult_proc", false},
    [COL_GLOB] = {"globaldays", "global_days", false},
    [COL_CF] = {NULL, NULL, false},
};

static const da_column_spec CMS[NCOLS] = {
    [COL_CODE] = {"hcpcs", "HCPCS", true},
    [COL_MOD] = {"mod", "MOD", true},
    [COL_DESC] = {NULL, NULL, false}, /* CMS text is AMA-licensed: never read */
    [COL_NF] = {"nonfacilitytotal", "NON-FACILITY TOTAL", true},
    [COL_F] = {"facilitytotal", "FACILITY TOTAL", true},
    [COL_MP] = {"multproc", "MULT PROC", true},
    [COL_GLOB] = {"globdays", "GLOB DAYS", true},
    [COL_CF] = {"convfactor", "CONV FACTOR", true},
};

typedef struct loader {
    da_fee_table *t;            /* table being filled */
    const char *name;           /* labels data-quality entries */
    da_dq_log *dq;              /* where unreadable rows go; NULL = nowhere */
    layout kind;                /* decided by the header row */
    const da_column_spec *spec;    /* column names of that layout */
    long col[NCOLS];            /* field index per column, -1 when absent */
    da_arena *scratch;          /* preamble copies, freed after loading */
    char **pre[MAX_PREAMBLE];   /* rows above the header, for stacked names */
    size_t pre_n[MAX_PREAMBLE]; /* fields per preamble row */
    size_t npre;                /* preamble rows kept */
    da_error err;               /* why reading stopped */
    char cf[24];                /* conversion factor text of the first CMS row */
    bool cf_varies;             /* rows disagree on the conversion factor */
} loader;

static void reject(loader *l, unsigned long line, const char *reason, const char *column)
{
    da_codefile_reject(l->dq, l->name, line, reason, column);
}

static const char *cell(const da_csv_row *row, long col)
{
    return col >= 0 && (size_t)col < row->nfields ? row->fields[col] : "";
}

/* RVUs (4 places) x conversion factor (4 places), rounded half up to cents. */
static da_cents rvu_amount(int64_t rvu, int64_t cf)
{
    return (rvu * cf + 500000) / 1000000;
}

/* A CMS column's name: its cell in the header row joined with the non-empty
 * cells stacked directly above it. */
static void stacked_key(const loader *l, const da_csv_row *row, size_t c, char *key)
{
    char joined[KEY_LEN * 2] = "";
    size_t top = l->npre;
    while (top > 0 && c < l->pre_n[top - 1] && l->pre[top - 1][c][0] != '\0')
        top--;
    size_t len = 0;
    for (size_t r = top; r <= l->npre; r++) {
        const char *s = r < l->npre ? l->pre[r][c] : row->fields[c];
        int n = snprintf(joined + len, sizeof(joined) - len, "%s%s", len ? " " : "", s);
        if (n < 0 || (size_t)n >= sizeof(joined) - len)
            break;
        len += (size_t)n;
    }
    da_csv_header_key(joined, key, KEY_LEN);
}

static void find_columns(loader *l, const da_csv_row *row)
{
    for (int k = 0; k < NCOLS; k++)
        l->col[k] = -1;
    for (size_t c = 0; c < row->nfields; c++) {
        char key[KEY_LEN];
        if (l->kind == LAYOUT_CMS)
            stacked_key(l, row, c, key);
        else
            da_csv_header_key(row->fields[c], key, sizeof(key));
        for (int k = 0; k < NCOLS; k++)
            if (l->spec[k].key && l->col[k] < 0 && strcmp(key, l->spec[k].key) == 0)
                l->col[k] = (long)c;
    }
    for (int k = 0; k < NCOLS; k++)
        if (l->spec[k].needed && l->col[k] < 0) {
            if (l->dq)
                da_dq_add(l->dq, l->name, 0, DA_DQ_REJECTED, "missing column", l->spec[k].label);
            l->err = DA_ERR_COLUMN;
        }
}

/* Keeps a row seen before the header; CMS stacks column names over these. */
static void keep_preamble(loader *l, const da_csv_row *row)
{
    char **cells = da_arena_alloc(l->scratch, (row->nfields + 1) * sizeof(*cells));
    for (size_t i = 0; i < row->nfields; i++)
        cells[i] = da_arena_strndup(l->scratch, row->fields[i], row->lens[i]);
    l->pre[l->npre] = cells;
    l->pre_n[l->npre] = row->nfields;
    l->npre++;
}

static void note_cf(loader *l, const char *cf)
{
    if (l->cf[0] == '\0')
        snprintf(l->cf, sizeof(l->cf), "%s", cf);
    else if (strcmp(l->cf, cf) != 0)
        l->cf_varies = true;
}

/* One data row; false (with a logged reason) when it cannot be used. */
static bool read_fee(loader *l, const da_csv_row *row, da_fee *f)
{
    const da_column_spec *spec = l->spec;
    const char *code = cell(row, l->col[COL_CODE]);
    size_t n = strlen(code);
    if (n == 0) {
        reject(l, row->line, "missing code", spec[COL_CODE].label);
        return false;
    }
    if (n >= DA_CODE_LEN) {
        reject(l, row->line, "bad code", spec[COL_CODE].label);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (!isalnum((unsigned char)code[i])) {
            reject(l, row->line, "bad code", spec[COL_CODE].label);
            return false;
        }
        f->code[i] = (char)toupper((unsigned char)code[i]);
    }
    f->code[n] = '\0';

    const char *nf = cell(row, l->col[COL_NF]);
    const char *fac = cell(row, l->col[COL_F]);
    if (l->kind == LAYOUT_CMS) {
        int64_t nf_rvu, f_rvu, cf;
        if (!da_parse_fixed(nf, 4, 5, &nf_rvu)) {
            reject(l, row->line, "bad number", spec[COL_NF].label);
            return false;
        }
        if (!da_parse_fixed(fac, 4, 5, &f_rvu)) {
            reject(l, row->line, "bad number", spec[COL_F].label);
            return false;
        }
        const char *cf_text = cell(row, l->col[COL_CF]);
        if (!da_parse_fixed(cf_text, 4, 4, &cf)) {
            reject(l, row->line, "bad number", spec[COL_CF].label);
            return false;
        }
        f->nonfacility = rvu_amount(nf_rvu, cf);
        f->facility = rvu_amount(f_rvu, cf);
        note_cf(l, cf_text);
    } else {
        if (!da_parse_fixed(nf, 2, 9, &f->nonfacility)) {
            reject(l, row->line, "bad number", spec[COL_NF].label);
            return false;
        }
        if (fac[0] == '\0')
            f->facility = DA_CENTS_NONE;
        else if (!da_parse_fixed(fac, 2, 9, &f->facility)) {
            reject(l, row->line, "bad number", spec[COL_F].label);
            return false;
        }
    }

    const char *mp = cell(row, l->col[COL_MP]);
    f->mult_proc = -1;
    if (mp[0] != '\0') {
        if (!isdigit((unsigned char)mp[0]) || mp[1] != '\0') {
            reject(l, row->line, "bad number", spec[COL_MP].label);
            return false;
        }
        f->mult_proc = mp[0] - '0';
    }

    const char *glob = cell(row, l->col[COL_GLOB]);
    if (strlen(glob) >= sizeof(f->global)) {
        reject(l, row->line, "bad global period", spec[COL_GLOB].label);
        return false;
    }
    for (size_t i = 0; i <= strlen(glob); i++)
        f->global[i] = (char)toupper((unsigned char)glob[i]);

    const char *desc = cell(row, l->col[COL_DESC]);
    f->description = desc[0] ? da_arena_strdup(l->t->arena, desc) : "";
    return true;
}

/* Our header is the first row with a "code" column, wherever it stands. */
static bool has_cell(const da_csv_row *row, const char *want)
{
    for (size_t i = 0; i < row->nfields; i++) {
        char key[KEY_LEN];
        da_csv_header_key(row->fields[i], key, sizeof(key));
        if (strcmp(key, want) == 0)
            return true;
    }
    return false;
}

static int on_row(void *ctx, const da_csv_row *row)
{
    loader *l = ctx;
    if (l->kind == LAYOUT_UNKNOWN) {
        char key[KEY_LEN];
        da_csv_header_key(row->nfields ? row->fields[0] : "", key, sizeof(key));
        if (strcmp(key, "hcpcs") == 0) { /* before "code": CMS has a STATUS CODE column */
            l->kind = LAYOUT_CMS;
            l->spec = CMS;
        } else if (has_cell(row, "code")) {
            l->kind = LAYOUT_OURS;
            l->spec = OURS;
        } else if (l->npre < MAX_PREAMBLE) {
            keep_preamble(l, row);
            return 0;
        } else {
            l->err = DA_ERR_COLUMN;
            return 1;
        }
        find_columns(l, row);
        return l->err != DA_OK;
    }
    if (l->kind == LAYOUT_CMS && cell(row, l->col[COL_MOD])[0] != '\0')
        return 0; /* -26/-TC/-53 split of a code whose global row is kept */
    da_fee fee;
    if (!read_fee(l, row, &fee))
        return 0;
    da_fee_table *t = l->t;
    da_grow((void **)&t->items, &t->cap, t->count + 1, sizeof(*t->items));
    t->items[t->count].fee = fee;
    t->items[t->count].line = row->line;
    t->count++;
    return 0;
}

static void on_problem(void *ctx, unsigned long line, const char *reason)
{
    loader *l = ctx;
    /* CMS title blocks hold lines of bare commas: keep them as gaps that
     * stop a stacked column name, and do not count them against the file. */
    if (l->kind == LAYOUT_UNKNOWN && strcmp(reason, "empty row") == 0) {
        if (l->npre < MAX_PREAMBLE) {
            l->pre[l->npre] = NULL;
            l->pre_n[l->npre] = 0;
            l->npre++;
        }
        return;
    }
    reject(l, line, reason, "");
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Our own descriptions for a CMS file, whose descriptor text is licensed. */
static void borrow_descriptions(da_fee_table *t)
{
    da_fee_table *def;
    if (da_fees_load_default(&def) != DA_OK)
        return;
    for (size_t i = 0; i < t->count; i++) {
        const da_fee *d = da_fees_find(def, t->items[i].fee.code);
        if (d && d->description[0])
            t->items[i].fee.description = da_arena_strdup(t->arena, d->description);
    }
    da_fees_free(def);
}

/* Reads from path when it is not NULL, else from data/len. */
static da_error load(const char *path, const char *data, size_t len, const char *name,
                     da_dq_log *dq, da_fee_table **out)
{
    *out = NULL;
    da_fee_table *t = da_xcalloc(1, sizeof(*t));
    t->arena = da_arena_new();
    loader l = {.t = t, .name = name, .dq = dq, .scratch = da_arena_new()};
    da_error err = path ? da_csv_read_file(path, NULL, on_row, on_problem, &l)
                        : da_csv_read_mem(data, len, NULL, on_row, on_problem, &l);
    if (err == DA_ERR_INTERRUPTED && l.err != DA_OK)
        err = l.err;
    if (err == DA_OK && l.kind == LAYOUT_UNKNOWN) {
        if (dq)
            da_dq_add(dq, name, 0, DA_DQ_REJECTED, "no header row", "");
        err = DA_ERR_COLUMN;
    }
    da_arena_free(l.scratch);
    if (err != DA_OK) {
        da_fees_free(t);
        return err;
    }
    t->count = da_codefile_unique(t->items, t->count, sizeof(*t->items), offsetof(fee_entry, line),
                                  l.dq, l.name, l.spec[COL_CODE].label);
    if (l.kind == LAYOUT_CMS) {
        borrow_descriptions(t);
        if (l.cf_varies)
            snprintf(t->source, sizeof(t->source),
                     "CMS PPRRVU file %s, national non-facility, CF per row", base_name(name));
        else
            snprintf(t->source, sizeof(t->source),
                     "CMS PPRRVU file %s, national non-facility, CF %s", base_name(name), l.cf);
    } else {
        snprintf(t->source, sizeof(t->source), "fee file %s", base_name(name));
    }
    *out = t;
    return DA_OK;
}

da_error da_fees_load_default(da_fee_table **out)
{
    *out = NULL;
    const da_embedded_file *f = da_embedded_find(DEFAULT_NAME);
    if (!f)
        return DA_ERR_INTERNAL;
    da_dq_log dq;
    da_dq_init(&dq);
    da_error err = load(NULL, (const char *)f->data, f->len, DEFAULT_NAME, &dq, out);
    /* The built-in table is ours: any unreadable row in it is a bug. */
    if (err == DA_OK && dq.count != 0) {
        da_fees_free(*out);
        *out = NULL;
        err = DA_ERR_INTERNAL;
    }
    da_dq_free(&dq);
    if (err == DA_OK)
        snprintf((*out)->source, sizeof((*out)->source), "%s", DEFAULT_SOURCE);
    return err;
}

da_error da_fees_load_file(const char *path, da_dq_log *dq, da_fee_table **out)
{
    return load(path, NULL, 0, path, dq, out);
}

da_error da_fees_load_mem(const char *data, size_t len, const char *name, da_dq_log *dq,
                          da_fee_table **out)
{
    return load(NULL, data, len, name, dq, out);
}

void da_fees_free(da_fee_table *t)
{
    if (!t)
        return;
    free(t->items);
    da_arena_free(t->arena);
    free(t);
}

static int find_cmp(const void *key, const void *item)
{
    return strcmp(key, ((const fee_entry *)item)->fee.code);
}

const da_fee *da_fees_find(const da_fee_table *t, const char *code)
{
    if (!t || t->count == 0 || !code || !code[0])
        return NULL;
    const fee_entry *e = bsearch(code, t->items, t->count, sizeof(*t->items), find_cmp);
    return e ? &e->fee : NULL;
}

const char *da_fees_source(const da_fee_table *t)
{
    return t->source;
}

size_t da_fees_count(const da_fee_table *t)
{
    return t->count;
}

bool da_fee_is_addon(const da_fee *f)
{
    return f && strcmp(f->global, "ZZZ") == 0;
}
