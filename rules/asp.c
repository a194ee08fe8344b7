/* asp.c - the CMS Medicare Part B payment limit file (see asp.h).
 *
 * CMS publishes the file quarterly as CSV with CRLF line ends, eight title
 * lines (some of bare commas) above the header, and the odd ISO-8859-1 byte
 * in a description (a no-break space in "1 million PFU"). Limits carry three
 * decimals and are kept as integer thousandths of a dollar, so 4 units of
 * 0.741 are exactly 2.964 and round once, to $2.96. A limit written "N/A" is
 * CMS saying there is none (priced by the contractor): kept as no limit.
 */
#include "asp.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "codefile.h"
#include "csvin.h"
#include "embedded.h"
#include "mem.h"
#include "text.h"

#define DEFAULT_NAME "rules/asp_2026q1.csv"
#define MAX_PREAMBLE 16 /* title rows tolerated above the header */
#define KEY_LEN 64      /* longest normalised header name compared */

typedef struct asp_entry {
    da_asp_limit limit;  /* first member: da_asp_find hands out &entry->limit */
    unsigned long line;  /* physical line in the source, for duplicates */
} asp_entry;

struct da_asp_table {
    asp_entry *items;   /* sorted by code once loaded */
    size_t count, cap;  /* used and allocated */
    da_arena *arena;    /* owns descriptions, dosages and the period */
    const char *period; /* "Effective ... through ...", "" when not found */
};

enum { COL_CODE, COL_DESC, COL_DOSAGE, COL_LIMIT, NCOLS };

static const da_column_spec COLUMNS[NCOLS] = {
    [COL_CODE] = {"hcpcscode", "HCPCS Code", true},
    [COL_DESC] = {"shortdescription", "Short Description", false},
    [COL_DOSAGE] = {"hcpcscodedosage", "HCPCS Code Dosage", false},
    [COL_LIMIT] = {"paymentlimit", "Payment Limit", true},
};

typedef struct loader {
    da_asp_table *t;  /* table being filled */
    const char *name; /* labels data-quality entries */
    da_dq_log *dq;    /* where unreadable rows go; NULL = nowhere */
    long col[NCOLS];  /* field index per column, -1 when absent */
    bool header;      /* the header row was found */
    size_t npre;      /* rows seen above the header */
    da_buf text;      /* scratch for converting text to UTF-8 */
    da_error err;     /* why reading stopped */
} loader;

static void reject(loader *l, unsigned long line, const char *reason, const char *column)
{
    da_codefile_reject(l->dq, l->name, line, reason, column);
}

/* A copy of a field in UTF-8: kept as is when it already is, else read as
 * ISO-8859-1, where every byte is the code point of the same number. */
static const char *utf8_copy(loader *l, const char *s, size_t len)
{
    if (da_utf8_valid(s, len))
        return da_arena_strndup(l->t->arena, s, len);
    da_buf_reset(&l->text);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char two[2] = {(char)(0xC0 | (c >> 6)), (char)(0x80 | (c & 0x3F))};
        da_error err = c == 0 ? da_buf_append_char(&l->text, ' ')
                       : c < 0x80 ? da_buf_append_char(&l->text, (char)c)
                                  : da_buf_append(&l->text, two, 2);
        if (err != DA_OK)
            break;
    }
    return da_arena_strndup(l->t->arena, l->text.data ? l->text.data : "", l->text.len);
}

static const char *field(const da_csv_row *row, long col, size_t *len)
{
    if (col < 0 || (size_t)col >= row->nfields) {
        *len = 0;
        return "";
    }
    *len = row->lens[col];
    return row->fields[col];
}

/* Finds the columns in a header row; false when it is not the header. */
static bool read_header(loader *l, const da_csv_row *row)
{
    long col[NCOLS];
    for (int k = 0; k < NCOLS; k++)
        col[k] = -1;
    for (size_t i = 0; i < row->nfields; i++) {
        char key[KEY_LEN];
        da_csv_header_key(row->fields[i], key, sizeof(key));
        for (int k = 0; k < NCOLS; k++)
            if (col[k] < 0 && strcmp(key, COLUMNS[k].key) == 0)
                col[k] = (long)i;
    }
    for (int k = 0; k < NCOLS; k++)
        if (COLUMNS[k].needed && col[k] < 0)
            return false;
    memcpy(l->col, col, sizeof(col));
    return true;
}

/* A title row: keep the period the file covers. */
static void read_title(loader *l, const da_csv_row *row)
{
    if (row->nfields == 0 || l->t->period[0])
        return;
    if (strncmp(row->fields[0], "Effective", 9) == 0)
        l->t->period = utf8_copy(l, row->fields[0], row->lens[0]);
}

static void read_limit(loader *l, const da_csv_row *row)
{
    size_t n;
    const char *code = field(row, l->col[COL_CODE], &n);
    da_asp_limit lim = {.mills = -1};
    if (n == 0) {
        reject(l, row->line, "missing code", COLUMNS[COL_CODE].label);
        return;
    }
    if (n != DA_CODE_LEN - 1) {
        reject(l, row->line, "bad code", COLUMNS[COL_CODE].label);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (!isalnum((unsigned char)code[i])) {
            reject(l, row->line, "bad code", COLUMNS[COL_CODE].label);
            return;
        }
        lim.code[i] = (char)toupper((unsigned char)code[i]);
    }
    const char *limit = field(row, l->col[COL_LIMIT], &n);
    if (strcmp(limit, "N/A") != 0 && !da_parse_fixed(limit, 3, 9, &lim.mills)) {
        reject(l, row->line, "bad payment limit", COLUMNS[COL_LIMIT].label);
        return;
    }
    const char *s = field(row, l->col[COL_DESC], &n);
    lim.description = utf8_copy(l, s, n);
    s = field(row, l->col[COL_DOSAGE], &n);
    lim.dosage = utf8_copy(l, s, n);
    da_asp_table *t = l->t;
    da_grow((void **)&t->items, &t->cap, t->count + 1, sizeof(*t->items));
    t->items[t->count].limit = lim;
    t->items[t->count].line = row->line;
    t->count++;
}

static int on_row(void *ctx, const da_csv_row *row)
{
    loader *l = ctx;
    if (l->header) {
        read_limit(l, row);
        return 0;
    }
    if (read_header(l, row)) {
        l->header = true;
        return 0;
    }
    read_title(l, row);
    if (++l->npre >= MAX_PREAMBLE) {
        l->err = DA_ERR_COLUMN;
        return 1;
    }
    return 0;
}

static void on_problem(void *ctx, unsigned long line, const char *reason)
{
    loader *l = ctx;
    /* The title block has lines of bare commas: not rows, not problems. */
    if (!l->header && strcmp(reason, "empty row") == 0)
        return;
    reject(l, line, reason, "");
}

/* Reads from path when it is not NULL, else from data/len. */
static da_error load(const char *path, const char *data, size_t len, const char *name,
                     da_dq_log *dq, da_asp_table **out)
{
    *out = NULL;
    da_asp_table *t = da_xcalloc(1, sizeof(*t));
    t->arena = da_arena_new();
    t->period = "";
    loader l = {.t = t, .name = name, .dq = dq};
    da_buf_init(&l.text, 1u << 16);
    da_error err = path ? da_csv_read_file(path, NULL, on_row, on_problem, &l)
                        : da_csv_read_mem(data, len, NULL, on_row, on_problem, &l);
    da_buf_free(&l.text);
    if (err == DA_ERR_INTERRUPTED && l.err != DA_OK)
        err = l.err;
    if (err == DA_OK && !l.header)
        err = DA_ERR_COLUMN;
    if (err == DA_ERR_COLUMN && dq)
        da_dq_add(dq, name, 0, DA_DQ_REJECTED, "no payment limit header", "HCPCS Code");
    if (err != DA_OK) {
        da_asp_free(t);
        return err;
    }
    t->count = da_codefile_unique(t->items, t->count, sizeof(*t->items), offsetof(asp_entry, line),
                                  l.dq, l.name, COLUMNS[COL_CODE].label);
    *out = t;
    return DA_OK;
}

da_error da_asp_load_default(da_asp_table **out)
{
    const da_embedded_file *f = da_embedded_find(DEFAULT_NAME);
    if (!f) {
        *out = NULL;
        return DA_ERR_INTERNAL;
    }
    return load(NULL, (const char *)f->data, f->len, DEFAULT_NAME, NULL, out);
}

da_error da_asp_load_file(const char *path, da_dq_log *dq, da_asp_table **out)
{
    return load(path, NULL, 0, path, dq, out);
}

da_error da_asp_load_mem(const char *data, size_t len, const char *name, da_dq_log *dq,
                         da_asp_table **out)
{
    return load(NULL, data, len, name, dq, out);
}

void da_asp_free(da_asp_table *t)
{
    if (!t)
        return;
    free(t->items);
    da_arena_free(t->arena);
    free(t);
}

const da_asp_limit *da_asp_find(const da_asp_table *t, const char *code)
{
    size_t lo = 0, hi = t->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(t->items[mid].limit.code, code);
        if (c == 0)
            return &t->items[mid].limit;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

size_t da_asp_count(const da_asp_table *t)
{
    return t->count;
}

const char *da_asp_period(const da_asp_table *t)
{
    return t->period;
}

da_cents da_asp_amount(const da_asp_limit *limit, int units)
{
    if (!limit || limit->mills < 0 || units < 1)
        return 0;
    if (limit->mills > (INT64_MAX - 5) / units)
        return INT64_MAX / 10; /* absurd unit counts saturate rather than wrap */
    return (limit->mills * units + 5) / 10;
}
