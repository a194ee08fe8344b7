/* ncci.c - NCCI PTP and MUE files as CMS ships them (see ncci.h).
 *
 * The PTP file is plain tab-separated text (no quoting), read line by line;
 * the MUE file is CSV with quoted multi-line cells, read through csvin.
 * Both find their header first (everything above it is the AMA notice and
 * the title), then their columns by name.
 */
#include "ncci.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "csvin.h"
#include "mem.h"
#include "x12.h"

void da_ncci_init(da_ncci *n)
{
    memset(n, 0, sizeof(*n));
}

void da_ncci_free(da_ncci *n)
{
    free(n->ptp);
    free(n->mue);
    memset(n, 0, sizeof(*n));
}

/* Copies s (len bytes) trimmed of blanks and quotes into out (cap bytes, cut to fit). */
static void trimmed(const char *s, size_t len, char *out, size_t cap)
{
    while (len && (isspace((unsigned char)*s) || *s == '"')) {
        s++;
        len--;
    }
    while (len && (isspace((unsigned char)s[len - 1]) || s[len - 1] == '"'))
        len--;
    if (len >= cap)
        len = cap - 1;
    memcpy(out, s, len);
    out[len] = '\0';
}

/* A five-character HCPCS/CPT code, upper case. */
static bool code_read(const char *s, char out[DA_CODE_LEN])
{
    if (strlen(s) != 5)
        return false;
    for (int i = 0; i < 5; i++) {
        if (!isalnum((unsigned char)s[i]))
            return false;
        out[i] = (char)toupper((unsigned char)s[i]);
    }
    out[5] = '\0';
    return true;
}

/* ---- PTP ---- */

enum { P_COL1, P_COL2, P_PRIOR, P_EFFECTIVE, P_DELETION, P_MODIFIER, P_RATIONALE, P_COUNT };

#define PTP_MAX_FIELDS 16 /* fields of a PTP line looked at */

/* Splits line (len bytes) on tabs into at most PTP_MAX_FIELDS trimmed fields. */
static size_t ptp_split(const char *line, size_t len, char (*fields)[96])
{
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= len && n < PTP_MAX_FIELDS; i++)
        if (i == len || line[i] == '\t') {
            trimmed(line + start, i - start, fields[n++], 96);
            start = i + 1;
        }
    return n;
}

static int ptp_cmp(const void *a, const void *b)
{
    const da_ptp_edit *x = a, *y = b;
    int c = strcmp(x->col1, y->col1);
    if (!c)
        c = strcmp(x->col2, y->col2);
    return c ? c : (x->effective > y->effective) - (x->effective < y->effective);
}

/* Column positions from the concatenated header names, false when a needed
 * one is missing. */
static bool ptp_columns(char (*names)[384], size_t n, int *col)
{
    static const char *const want[P_COUNT] = {"column 1", "column 2", "prior to 1996",
                                              "effective", "deletion", "modifier", "rationale"};
    for (int k = 0; k < P_COUNT; k++) {
        col[k] = -1;
        for (size_t i = 0; i < n && col[k] < 0; i++) {
            char lower[384];
            size_t j = 0;
            for (; names[i][j] && j + 1 < sizeof(lower); j++)
                lower[j] = (char)tolower((unsigned char)names[i][j]);
            lower[j] = '\0';
            if (strstr(lower, want[k]))
                col[k] = (int)i;
        }
    }
    return col[P_COL1] >= 0 && col[P_COL2] >= 0 && col[P_EFFECTIVE] >= 0 &&
           col[P_DELETION] >= 0 && col[P_MODIFIER] >= 0;
}

static void ptp_row(da_ncci *n, const char *path, unsigned long line, char (*f)[96], size_t nf,
                    const int *col, da_dq_log *dq)
{
    da_ptp_edit e;
    memset(&e, 0, sizeof(e));
    const char *field[P_COUNT];
    for (int k = 0; k < P_COUNT; k++)
        field[k] = col[k] >= 0 && (size_t)col[k] < nf ? f[col[k]] : "";
    const char *why = NULL;
    if (!code_read(field[P_COL1], e.col1) || !code_read(field[P_COL2], e.col2))
        why = "malformed code";
    else if (!da_x12_date(field[P_EFFECTIVE], &e.effective))
        why = "bad effective date";
    else if (strcmp(field[P_DELETION], "*") == 0)
        e.deleted = DA_DATE_NONE;
    else if (!da_x12_date(field[P_DELETION], &e.deleted))
        why = "bad deletion date";
    if (!why && (strlen(field[P_MODIFIER]) != 1 || !strchr("019", field[P_MODIFIER][0])))
        why = "modifier indicator not 0, 1 or 9";
    if (why) {
        da_dq_add(dq, path, line, DA_DQ_REJECTED, why, "");
        return;
    }
    e.indicator = field[P_MODIFIER][0] - '0';
    e.before_1996 = strcmp(field[P_PRIOR], "*") == 0;
    snprintf(e.rationale, sizeof(e.rationale), "%.63s", field[P_RATIONALE]);
    da_grow((void **)&n->ptp, &n->ptp_cap, n->nptp + 1, sizeof(*n->ptp));
    n->ptp[n->nptp++] = e;
}

da_error da_ncci_load_ptp(da_ncci *n, const char *path, const char *buf, size_t len, da_dq_log *dq)
{
    da_buf file;
    da_buf_init(&file, SIZE_MAX - 1);
    if (!buf) {
        da_error err = da_buf_append_file(&file, path);
        if (err != DA_OK) {
            da_buf_free(&file);
            return err;
        }
        buf = file.data ? file.data : "";
        len = file.len;
    }
    char (*f)[96] = da_xmalloc(PTP_MAX_FIELDS * sizeof(*f));
    char (*names)[384] = da_xcalloc(PTP_MAX_FIELDS, sizeof(*names));
    size_t nnames = 0;
    int header_lines = 0; /* 0: not seen; 1-4: lines of the wrapped header read */
    bool have_cols = false;
    int col[P_COUNT];
    unsigned long line = 0;
    size_t before = n->nptp;
    for (size_t pos = 0; pos < len;) {
        const char *eol = memchr(buf + pos, '\n', len - pos);
        size_t end = eol ? (size_t)(eol - buf) : len;
        size_t l = end - pos;
        if (l && buf[pos + l - 1] == '\r')
            l--;
        line++;
        size_t nf = ptp_split(buf + pos, l, f);
        pos = end + 1;
        bool blank = true;
        for (size_t i = 0; i < nf; i++)
            blank &= f[i][0] == '\0';
        if (blank)
            continue;
        char code[DA_CODE_LEN];
        bool data_row = nf >= 2 && code_read(f[0], code) && code_read(f[1], code);
        if (!header_lines) {
            bool header = false; /* a field is "Column 1" (the columns may come in any order) */
            for (size_t i = 0; i < nf; i++)
                header |= strcmp(f[i], "Column 1") == 0 || strcmp(f[i], "Column1") == 0;
            if (header) {
                header_lines = 1;
                nnames = nf;
                for (size_t i = 0; i < nf; i++)
                    snprintf(names[i], sizeof(names[i]), "%s", f[i]);
            }
            continue; /* the AMA notice and the title */
        }
        if (!data_row && !have_cols && header_lines < 4) {
            /* a wrapped header line: its fields continue the names above them */
            header_lines++;
            for (size_t i = 0; i < nf && i < PTP_MAX_FIELDS; i++) {
                if (!f[i][0])
                    continue;
                size_t used = strlen(names[i]);
                snprintf(names[i] + used, sizeof(names[i]) - used, "%s%s", used ? " " : "", f[i]);
            }
            if (nf > nnames)
                nnames = nf;
            continue;
        }
        if (!have_cols) {
            if (!ptp_columns(names, nnames, col))
                break;
            have_cols = true;
        }
        if (!data_row) {
            da_dq_add(dq, path, line, DA_DQ_REJECTED, "malformed code", "");
            continue;
        }
        ptp_row(n, path, line, f, nf, col, dq);
    }
    if (header_lines && !have_cols)
        have_cols = ptp_columns(names, nnames, col);
    free(f);
    free(names);
    da_buf_free(&file);
    if (!have_cols) {
        n->nptp = before;
        return DA_ERR_COLUMN;
    }
    n->ptp_files++;
    da_sort(n->ptp, n->nptp, sizeof(*n->ptp), ptp_cmp);
    return DA_OK;
}

const da_ptp_edit *da_ncci_ptp_find(const da_ncci *n, const char *col1, const char *col2,
                                    da_date dos)
{
    if (!n || !n->nptp)
        return NULL;
    size_t lo = 0, hi = n->nptp;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const da_ptp_edit *e = &n->ptp[mid];
        int c = strcmp(e->col1, col1);
        if (!c)
            c = strcmp(e->col2, col2);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < n->nptp; i++) {
        const da_ptp_edit *e = &n->ptp[i];
        if (strcmp(e->col1, col1) != 0 || strcmp(e->col2, col2) != 0)
            break;
        if (e->indicator != 9 && dos >= e->effective &&
            (e->deleted == DA_DATE_NONE || dos < e->deleted))
            return e;
    }
    return NULL;
}

const da_ptp_edit *da_ncci_edit_for_line(const da_ncci *n, const da_dataset *d,
                                         const da_encounter *e, size_t ci, size_t *col1_line)
{
    const da_claim_line *c = &d->claims[ci];
    for (size_t k = 0; k < e->nclaims; k++) {
        const da_claim_line *o = &d->claims[e->claims[k]];
        if (e->claims[k] == ci || o->dos != c->dos)
            continue;
        const da_ptp_edit *edit = da_ncci_ptp_find(n, o->code, c->code, c->dos);
        if (edit) {
            *col1_line = e->claims[k];
            return edit;
        }
    }
    return NULL;
}

/* ---- MUE ---- */

enum { M_CODE, M_VALUE, M_INDICATOR, M_RATIONALE, M_COUNT };

typedef struct mue_reader {
    da_ncci *n;          /* where rows go */
    const char *path;    /* for the log */
    da_dq_log *dq;       /* rows not used */
    int col[M_COUNT];    /* column positions, -1 absent */
    bool have_header;    /* the header row has been read */
} mue_reader;

static int mue_row(void *ctx, const da_csv_row *row)
{
    mue_reader *m = ctx;
    if (!m->have_header) {
        char key[64];
        for (int k = 0; k < M_COUNT; k++)
            m->col[k] = -1;
        for (size_t i = 0; i < row->nfields; i++) {
            da_csv_header_key(row->fields[i], key, sizeof(key));
            if (strstr(key, "hcpcs") && strstr(key, "cpt"))
                m->col[M_CODE] = (int)i;
            else if (strstr(key, "muevalue"))
                m->col[M_VALUE] = (int)i;
            else if (strstr(key, "adjudicationindicator"))
                m->col[M_INDICATOR] = (int)i;
            else if (strstr(key, "rationale"))
                m->col[M_RATIONALE] = (int)i;
        }
        m->have_header = m->col[M_CODE] >= 0 && m->col[M_VALUE] >= 0 && m->col[M_INDICATOR] >= 0;
        return 0; /* the AMA notice before it is skipped */
    }
    char f[M_COUNT][96];
    for (int k = 0; k < M_COUNT; k++) {
        int at = m->col[k];
        if (at >= 0 && (size_t)at < row->nfields)
            trimmed(row->fields[at], row->lens[at], f[k], sizeof(f[k]));
        else
            f[k][0] = '\0';
    }
    da_mue e;
    memset(&e, 0, sizeof(e));
    const char *why = NULL;
    char *end;
    long v = strtol(f[M_VALUE], &end, 10);
    if (!code_read(f[M_CODE], e.code))
        why = "malformed code";
    else if (!f[M_VALUE][0] || *end || v < 0 || v > 100000)
        why = "MUE value not a whole number";
    else if (!strchr("123", f[M_INDICATOR][0]) || !f[M_INDICATOR][0] ||
             isdigit((unsigned char)f[M_INDICATOR][1]))
        why = "MUE adjudication indicator not 1, 2 or 3";
    if (why) {
        da_dq_add(m->dq, m->path, row->line, DA_DQ_REJECTED, why, "");
        return 0;
    }
    e.value = (int)v;
    e.indicator = f[M_INDICATOR][0] - '0';
    snprintf(e.rationale, sizeof(e.rationale), "%.47s", f[M_RATIONALE]);
    da_grow((void **)&m->n->mue, &m->n->mue_cap, m->n->nmue + 1, sizeof(*m->n->mue));
    m->n->mue[m->n->nmue++] = e;
    return 0;
}

static void mue_problem(void *ctx, unsigned long line, const char *reason)
{
    mue_reader *m = ctx;
    da_dq_add(m->dq, m->path, line, DA_DQ_REJECTED, reason, "");
}

static int mue_cmp(const void *a, const void *b)
{
    return strcmp(((const da_mue *)a)->code, ((const da_mue *)b)->code);
}

da_error da_ncci_load_mue(da_ncci *n, const char *path, const char *buf, size_t len, da_dq_log *dq)
{
    mue_reader m = {n, path, dq, {-1, -1, -1, -1}, false};
    size_t before = n->nmue;
    da_error err = buf ? da_csv_read_mem(buf, len, NULL, mue_row, mue_problem, &m)
                       : da_csv_read_file(path, NULL, mue_row, mue_problem, &m);
    if (err != DA_OK)
        return err;
    if (!m.have_header) {
        n->nmue = before;
        return DA_ERR_COLUMN;
    }
    n->mue_files++;
    da_sort(n->mue, n->nmue, sizeof(*n->mue), mue_cmp);
    return DA_OK;
}

const da_mue *da_ncci_mue_find(const da_ncci *n, const char *code)
{
    if (!n || !n->nmue)
        return NULL;
    da_mue key;
    snprintf(key.code, sizeof(key.code), "%.5s", code);
    return bsearch(&key, n->mue, n->nmue, sizeof(*n->mue), mue_cmp);
}
