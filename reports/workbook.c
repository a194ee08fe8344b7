/* workbook.c - the audit workbook: Summary, the category sheets, Findings,
 * Data Quality, Rules and Trend (see workbook.h and docs/workbook.md).
 *
 * Written in libxlsxwriter's constant-memory mode, so each sheet's rows go
 * out strictly top to bottom: every figure is worked out before its sheet
 * is started, and each autofilter is set right after its table's last row.
 * Tables that sit beside a detail table (the "panel" of the Denials and E&M
 * sheets) are laid out in memory first and written row by row with it.
 * Every string passes cell_text on its way to the library (valid UTF-8, no
 * more than Excel's 32,767 characters) and every number passes isfinite:
 * either would otherwise give a file Excel calls corrupt. The library
 * formats doubles with snprintf, so LC_NUMERIC must stay "C": never call
 * setlocale here.
 */
#include "workbook.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "buf.h"
#include "denials.h"
#include "mem.h"
#include "price.h"
#include "revenue.h"
#include "rules.h"
#include "text.h"

#if LXW_VERSION_ID < 114
#error "libxlsxwriter 1.1.4 or later is required"
#endif

/* Excel's cap on a cell, in UTF-16 units. libxlsxwriter counts code points,
 * which are never more, so text within this passes both. */
#define CELL_MAX 32767
#define TRUNCATED " [truncated]"
#define MAX_COLS 48          /* widest sheet: a detail table, its derived columns and a panel */
#define TEXT_COLS 6          /* Summary paragraphs span columns A to F */
#define TEXT_LINE_CHARS 105  /* characters on one line of a paragraph across A:F */
#define FILL_CEILING (16u << 20) /* a filled-in paragraph, before truncation */
#define TOP_FINDINGS 10      /* findings listed on the Summary */
#define PANEL_TOP_CODES 15   /* codes listed in the Denials panel */
#define MAX_CHARTS 6         /* E&M charts, one per provider */
#define NVARS 24             /* template placeholders */
/* Uncompressed size of the sheets above which the zip needs zip64 (limit
 * 4 GiB). Some Excel builds reject zip64 files that do not need it. */
#define ZIP64_ESTIMATE 3.0e9
/* Estimated XML of the cell sheets below which they are written on one
 * thread: about 10 ms of work, where a second thread gains nothing. */
#define THREAD_MIN_XML 1.0e6

/* Colours of the Summary: a dark teal band for section titles. */
#define COLOR_BAND 0x1F4E5F
#define COLOR_HEAD 0xDCE6EA
#define COLOR_CARD 0xF2F6F7

typedef struct column {
    const char *header; /* header text */
    double width_max;   /* the widest the column grows to, in characters */
    bool wrap;          /* long text: always width_max wide, wrapped */
} column;

typedef struct sheet {
    lxw_worksheet *ws;       /* the worksheet */
    const char *name;        /* its name (static or the writer's arena) */
    lxw_row_t row;           /* row being written */
    bool measure;            /* its widths follow the content (start_part); other sheets
                              * have set widths, so measuring every cell would be waste */
    double width[MAX_COLS];  /* widest content seen per column, in characters */
} sheet;

typedef struct var {
    const char *name;  /* placeholder name without braces */
    const char *value; /* text it stands for */
} var;

typedef struct cat_total {
    const char *name;           /* finding category */
    size_t order;               /* position in the category list, breaks ties */
    size_t findings;            /* findings of any direction and confidence */
    da_cents under, over, denial; /* counted amounts by direction */
    size_t gaps;                /* documentation gap findings */
} cat_total;

typedef struct basis_total {
    const char *basis; /* how the amounts were priced */
    size_t findings;   /* counted findings priced this way */
    da_cents amount;   /* their amounts */
} basis_total;

typedef struct totals {
    cat_total *cats;            /* categories, the ten known ones first */
    size_t ncats, cats_cap;     /* used and allocated */
    basis_total *bases;         /* amounts by pricing basis */
    size_t nbases, bases_cap;   /* used and allocated */
    da_cents under, over, denial; /* counted amounts by direction */
    size_t denial_findings;     /* counted recoverable denied lines */
    size_t gaps;                /* documentation gap findings */
    size_t low;                 /* low-confidence findings left out of the amounts */
    long days;                  /* days in the period, 0 when it is unknown */
} totals;

/* A cell of a panel (a table laid out beside a detail table). */
typedef enum pkind { P_EMPTY, P_TEXT, P_HEAD, P_TITLE, P_COUNT, P_MONEY, P_PCT } pkind;

typedef struct pcell {
    pkind kind;       /* what the cell holds */
    const char *text; /* P_TEXT, P_HEAD, P_TITLE (lives as long as the panel) */
    double value;     /* P_COUNT, P_MONEY (cents), P_PCT (a fraction) */
} pcell;

#define PANEL_COLS 5

/* A chart over ranges of a panel, drawn once the panel is written. */
typedef struct chart_spec {
    lxw_chart_type type;  /* chart type */
    const char *title;    /* chart title */
    size_t first, last;   /* panel rows of the data, inclusive */
    int cat_col;          /* panel column of the categories */
    int val_cols[2];      /* panel columns of the series (-1 = none) */
    const char *names[2]; /* series names */
    bool money;           /* the values are dollars */
} chart_spec;

typedef struct panel {
    pcell (*rows)[PANEL_COLS];     /* rows of cells */
    size_t count, cap;             /* used and allocated */
    double width[PANEL_COLS];      /* column widths */
    chart_spec charts[MAX_CHARTS]; /* charts over the panel */
    size_t ncharts;                /* charts used */
} panel;

typedef struct writer {
    lxw_workbook *wb;      /* the workbook being written */
    const da_report *r;    /* what to write */
    const da_template *tpl; /* the template in use */
    lxw_error lerr;        /* first library error; writes after it are skipped */
    lxw_format *bold;      /* section titles on working sheets */
    lxw_format *bold_top;  /* bold, top aligned (labels beside wrapped text) */
    lxw_format *head;      /* table headers */
    lxw_format *title;     /* the Summary's first row */
    lxw_format *band;      /* Summary section titles: white on teal */
    lxw_format *money;     /* $#,##0.00 */
    lxw_format *money0;    /* $#,##0 (headline cards) */
    lxw_format *big;       /* the headline leak: large, bold */
    lxw_format *card;      /* headline labels */
    lxw_format *pct;       /* 0.0% */
    lxw_format *ratio;     /* 0.00 */
    lxw_format *num1;      /* 0.0 */
    lxw_format *date;      /* yyyy-mm-dd */
    lxw_format *wrap;      /* long text: wrapped, top aligned */
    lxw_format *note;      /* small grey italic notes */
    char *scratch;         /* cell_text's copy of a string it had to change */
    size_t scratch_cap;    /* bytes allocated */
    var vars[NVARS];       /* template placeholders */
    size_t nvars;          /* placeholders used */
    da_arena *arena;       /* panel strings and sheet names */
    size_t rows_per_sheet; /* data rows per part of a long sheet */
    da_date as_of;         /* receivables and deadlines as of */
    da_denial_stats dstats; /* denial rates */
} writer;

/* Categories in the order the rules document them, with the words the
 * Summary shows for them. */
static const struct {
    const char *id;    /* finding category */
    const char *label; /* shown on the Summary */
} CATEGORIES[] = {
    {"lesion", "Lesions"},     {"repair", "Repairs"},     {"mohs", "Mohs"},
    {"pathology", "Pathology"}, {"cosmetic", "Cosmetic"}, {"modifier", "Modifiers"},
    {"drug", "Drugs"},         {"em", "E&M"},             {"denial", "Denials"},
    {"payment", "Payments"},
};
#define NCATEGORIES (sizeof(CATEGORIES) / sizeof(CATEGORIES[0]))

/* Sheets a template may name, in the default order. */
static const char *const SHEETS[] = {
    "Mohs",   "Lesions & Repairs", "Pathology", "Cosmetic", "Modifiers",
    "E&M",    "Drugs",             "Denials",   "Payers",   "AR Aging",
    "Findings", "Data Quality",    "Rules",     "Trend",
};
#define NSHEETS (sizeof(SHEETS) / sizeof(SHEETS[0]))

static const char *category_label(const char *id)
{
    for (size_t i = 0; i < NCATEGORIES; i++)
        if (strcmp(CATEGORIES[i].id, id) == 0)
            return CATEGORIES[i].label;
    return id;
}

static void keep(writer *w, lxw_error e)
{
    if (e != LXW_NO_ERROR && w->lerr == LXW_NO_ERROR)
        w->lerr = e;
}

/* s fit for a cell: valid UTF-8 with XML characters only (a corrupt file
 * otherwise), CR and CRLF as LF (Excel breaks wrapped lines on LF only), a
 * literal "_xHHHH_" escaped (Excel would read it as a character), and at
 * most max_units UTF-16 units, cut on a code-point boundary and marked.
 * Returns s when it needs no change, else the writer's scratch copy, valid
 * until the next call. */
static const char *cell_text_max(writer *w, const char *s, size_t max_units)
{
    size_t len = strlen(s);
    /* Each UTF-16 unit takes at least one UTF-8 byte. */
    if (len <= max_units && !memchr(s, '\r', len) && !strstr(s, "_x") && da_utf8_valid(s, len))
        return s;
    da_grow((void **)&w->scratch, &w->scratch_cap, len + 1, 1);
    char *out = w->scratch;
    memcpy(out, s, len);
    da_utf8_repair(out, &len);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (out[i] == '\r' && i + 1 < len && out[i + 1] == '\n')
            continue;
        out[n++] = out[i] == '\r' ? '\n' : out[i];
    }
    len = n;
    size_t escaped = da_ooxml_escape(out, len, NULL);
    if (escaped != len) {
        da_grow((void **)&w->scratch, &w->scratch_cap, len + escaped + 1, 1);
        out = w->scratch;
        da_ooxml_escape(out, len, out + len);
        memmove(out, out + len, escaped);
        len = escaped;
    }
    const size_t keep_units = max_units - (sizeof(TRUNCATED) - 1);
    size_t units = 0, cut = len;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)out[i];
        size_t bytes = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        size_t u = bytes == 4 ? 2 : 1; /* outside the BMP: a surrogate pair */
        if (cut == len && units + u > keep_units)
            cut = i;
        units += u;
        if (units > max_units) {
            memcpy(out + cut, TRUNCATED, sizeof(TRUNCATED) - 1);
            len = cut + sizeof(TRUNCATED) - 1;
            break;
        }
        i += bytes;
    }
    out[len] = '\0';
    return out;
}

static const char *cell_text(writer *w, const char *s)
{
    return cell_text_max(w, s, CELL_MAX);
}

static void track(sheet *sh, lxw_col_t col, double chars)
{
    if (col < MAX_COLS && chars > sh->width[col])
        sh->width[col] = chars;
}

static void track_text(sheet *sh, lxw_col_t col, const char *t)
{
    if (sh->measure)
        track(sh, col, (double)da_utf8_count(t, strlen(t)));
}

/* Characters of "%.0f" for a finite v >= 0, without formatting it below
 * 1e15 (rint rounds as printf does, in the current rounding mode). */
static int integer_digits(double v)
{
    double r = rint(v);
    if (r >= 1e15)
        return snprintf(NULL, 0, "%.0f", v);
    int n = 1;
    for (unsigned long long u = (unsigned long long)r; u >= 10; u /= 10)
        n++;
    return n;
}

static void put_str(writer *w, sheet *sh, lxw_col_t col, const char *s, lxw_format *fmt)
{
    if (w->lerr != LXW_NO_ERROR)
        return;
    const char *t = cell_text(w, s);
    track_text(sh, col, t);
    keep(w, worksheet_write_string(sh->ws, sh->row, col, t, fmt));
}

/* A number, or "n/a" where a NaN or infinity would corrupt the sheet. */
static void put_num(writer *w, sheet *sh, lxw_col_t col, double v, lxw_format *fmt)
{
    if (!isfinite(v)) {
        put_str(w, sh, col, "n/a", NULL);
        return;
    }
    if (w->lerr != LXW_NO_ERROR)
        return;
    if (sh->measure) /* thousands separators, cents, sign */
        track(sh, col, integer_digits(fabs(v)) * 4.0 / 3.0 + 4.0);
    keep(w, worksheet_write_number(sh->ws, sh->row, col, v, fmt));
}

static void put_count(writer *w, sheet *sh, lxw_col_t col, size_t n)
{
    put_num(w, sh, col, (double)n, NULL);
}

/* A money cell from cents; a float of cents (annualized) may be NaN. */
static void put_money(writer *w, sheet *sh, lxw_col_t col, double cents)
{
    put_num(w, sh, col, cents / 100.0, w->money);
}

/* A share, blank-free: "n/a" when the denominator is 0. */
static void put_share(writer *w, sheet *sh, lxw_col_t col, double part, double whole)
{
    put_num(w, sh, col, whole > 0 ? part / whole : NAN, w->pct);
}

/* A real date; blank when unknown, text outside Excel's years. */
static void put_date(writer *w, sheet *sh, lxw_col_t col, da_date date)
{
    if (date == DA_DATE_NONE)
        return;
    int y, m, d;
    da_date_to_ymd(date, &y, &m, &d);
    if (y < 1900 || y > 9999) {
        char text[11];
        da_date_format(date, text);
        put_str(w, sh, col, text, NULL);
        return;
    }
    if (w->lerr != LXW_NO_ERROR)
        return;
    lxw_datetime dt = {.year = y, .month = (uint8_t)m, .day = (uint8_t)d};
    track(sh, col, 10.0);
    keep(w, worksheet_write_datetime(sh->ws, sh->row, col, &dt, w->date));
}

/* An identifier, as a pseudonym when the report is masked. */
static void put_id(writer *w, sheet *sh, lxw_col_t col, const char *prefix, const char *id)
{
    if (w->r->mask) {
        char p[DA_PSEUDONYM_LEN];
        da_mask_pseudonym(w->r->mask, prefix, id, p);
        put_str(w, sh, col, p, NULL);
    } else {
        put_str(w, sh, col, id, NULL);
    }
}

/* Note text: at most the evidence length when the report is masked. */
static void put_note_text(writer *w, sheet *sh, lxw_col_t col, const char *s, lxw_format *fmt)
{
    if (!w->r->mask || w->lerr != LXW_NO_ERROR) {
        put_str(w, sh, col, s, fmt);
        return;
    }
    const char *t = cell_text_max(w, s, DA_EVIDENCE_CHARS);
    track_text(sh, col, t);
    keep(w, worksheet_write_string(sh->ws, sh->row, col, t, fmt));
}

/* "$1,234.56" for a non-negative float of cents; "n/a" when not finite. */
static void money_text(double cents, char out[32])
{
    if (!isfinite(cents) || cents < 0 || cents > 1e17) {
        strcpy(out, "n/a");
        return;
    }
    long long c = llround(cents);
    char digits[24];
    int n = snprintf(digits, sizeof(digits), "%lld", c / 100);
    size_t o = 0;
    out[o++] = '$';
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    snprintf(out + o, 32 - o, ".%02lld", c % 100);
}

/* Cents scaled from the period to a year; NaN when the period is unknown. */
static double annualize(da_cents cents, long days)
{
    return days > 0 ? round((double)cents * 365.0 / (double)days) : NAN;
}

static bool counted(const da_finding *f)
{
    return f->confidence != DA_CONF_LOW && f->amount >= 0;
}

static cat_total *category_of(totals *t, const char *name)
{
    for (size_t i = 0; i < t->ncats; i++)
        if (strcmp(t->cats[i].name, name) == 0)
            return &t->cats[i];
    da_grow((void **)&t->cats, &t->cats_cap, t->ncats + 1, sizeof(*t->cats));
    cat_total *c = &t->cats[t->ncats];
    memset(c, 0, sizeof(*c));
    c->name = name;
    c->order = t->ncats++;
    return c;
}

static basis_total *basis_of(totals *t, const char *basis)
{
    for (size_t i = 0; i < t->nbases; i++)
        if (strcmp(t->bases[i].basis, basis) == 0)
            return &t->bases[i];
    da_grow((void **)&t->bases, &t->bases_cap, t->nbases + 1, sizeof(*t->bases));
    basis_total *b = &t->bases[t->nbases++];
    memset(b, 0, sizeof(*b));
    b->basis = basis;
    return b;
}

static void totals_free(totals *t)
{
    free(t->cats);
    free(t->bases);
}

/* Adds up the findings; DA_ERR_INTERNAL when one points past the dataset. */
static da_error totals_build(const da_report *r, totals *t)
{
    const da_dataset *d = r->data;
    memset(t, 0, sizeof(*t));
    for (size_t i = 0; i < NCATEGORIES; i++)
        category_of(t, CATEGORIES[i].id);
    if (r->from != DA_DATE_NONE && r->to != DA_DATE_NONE && r->to >= r->from)
        t->days = (long)r->to - (long)r->from + 1;
    for (size_t i = 0; i < r->findings->count; i++) {
        const da_finding *f = &r->findings->items[i];
        if (f->encounter >= d->nencounters || f->claim >= (long)d->nclaims ||
            f->note >= (long)d->nnotes)
            return DA_ERR_INTERNAL;
        cat_total *c = category_of(t, f->category);
        c->findings++;
        if (f->direction == DA_DIR_GAP) {
            c->gaps++;
            t->gaps++;
            continue;
        }
        if (!counted(f)) {
            t->low += f->confidence == DA_CONF_LOW;
            continue;
        }
        da_cents *cat_sum = f->direction == DA_DIR_UNDER ? &c->under
                            : f->direction == DA_DIR_OVER ? &c->over
                                                          : &c->denial;
        da_cents *sum = f->direction == DA_DIR_UNDER ? &t->under
                        : f->direction == DA_DIR_OVER ? &t->over
                                                      : &t->denial;
        *cat_sum += f->amount;
        *sum += f->amount;
        t->denial_findings += f->direction == DA_DIR_DENIAL;
        basis_total *b = basis_of(t, f->basis && f->basis[0] ? f->basis : "not priced");
        b->findings++;
        b->amount += f->amount;
    }
    return DA_OK;
}

/* Larger under-billing first; the documented category order breaks ties. */
static int by_under_desc(const void *a, const void *b)
{
    const cat_total *x = a, *y = b;
    da_cents xs = x->under + x->over + x->denial, ys = y->under + y->over + y->denial;
    if (x->under != y->under)
        return x->under > y->under ? -1 : 1;
    if (xs != ys)
        return xs > ys ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* "YYYY-MM-DDTHH:MM:SSZ" to seconds since the epoch (UTC), without timegm. */
static bool parse_created(const char *s, time_t *out)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    if (strlen(s) != sizeof(shape) - 1)
        return false;
    for (size_t i = 0; shape[i]; i++)
        if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
            return false;
    int y = atoi(s), mo = atoi(s + 5), d = atoi(s + 8);
    int h = atoi(s + 11), mi = atoi(s + 14), sec = atoi(s + 17);
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59)
        return false;
    da_date date = da_date_from_ymd(y, mo, d);
    int yy, mm, dd;
    da_date_to_ymd(date, &yy, &mm, &dd);
    if (mm != mo || dd != d) /* 2025-02-30 and the like */
        return false;
    *out = (time_t)date * 86400 + h * 3600 + mi * 60 + sec;
    return *out > 0; /* libxlsxwriter reads 0 as "now" */
}

static void set_var(writer *w, const char *name, const char *value)
{
    if (w->nvars < NVARS) {
        w->vars[w->nvars].name = name;
        w->vars[w->nvars].value = value;
        w->nvars++;
    }
}

/* Appends text with each known {name} replaced by its value. */
static da_error fill(const writer *w, const char *text, size_t len, da_buf *out)
{
    da_error err = DA_OK;
    size_t i = 0;
    while (err == DA_OK && i < len) {
        const char *open = memchr(text + i, '{', len - i);
        const char *close = open ? memchr(open, '}', len - (size_t)(open - text)) : NULL;
        if (!close) {
            err = da_buf_append(out, text + i, len - i);
            break;
        }
        size_t name_len = (size_t)(close - open - 1);
        const char *value = NULL;
        for (size_t v = 0; v < w->nvars && !value; v++)
            if (strlen(w->vars[v].name) == name_len &&
                memcmp(w->vars[v].name, open + 1, name_len) == 0)
                value = w->vars[v].value;
        size_t upto = (size_t)((value ? open : close + 1) - text);
        err = da_buf_append(out, text + i, upto - i);
        if (err == DA_OK && value)
            err = da_buf_append_str(out, value);
        i = (size_t)(close + 1 - text);
    }
    return err;
}

/* One paragraph across columns A:F, wrapped, its row tall enough for it. */
static void put_paragraph(writer *w, sheet *sh, const char *text, lxw_format *fmt, double height)
{
    if (w->lerr != LXW_NO_ERROR)
        return;
    const char *t = cell_text(w, text);
    if (height <= 0) {
        size_t lines = da_utf8_count(t, strlen(t)) / TEXT_LINE_CHARS + 1;
        height = 15.0 * (double)(lines < 20 ? lines : 20) + 3.0;
    }
    keep(w, worksheet_set_row(sh->ws, sh->row, height, NULL));
    if (w->lerr == LXW_NO_ERROR)
        keep(w, worksheet_merge_range(sh->ws, sh->row, 0, sh->row, TEXT_COLS - 1, t, fmt));
    sh->row++;
}

/* Writes the template lines with this key as paragraphs, only the first one
 * when first_only (the title). */
static da_error put_template(writer *w, sheet *sh, const char *key, bool first_only,
                             lxw_format *fmt, double height)
{
    da_buf text;
    da_buf_init(&text, FILL_CEILING);
    da_error err = DA_OK;
    size_t pos = 0, len;
    const char *v;
    while (err == DA_OK && da_template_next(w->tpl, key, &pos, &v, &len)) {
        da_buf_reset(&text);
        err = fill(w, v, len, &text);
        if (err == DA_OK)
            put_paragraph(w, sh, text.data ? text.data : "", fmt, height);
        if (first_only)
            break;
    }
    da_buf_free(&text);
    return err;
}

/* The template's recommended action for a category, "" when none. */
static const char *template_action(writer *w, const char *category)
{
    size_t pos = 0, len, clen = strlen(category);
    const char *v;
    while (da_template_next(w->tpl, "action", &pos, &v, &len)) {
        const char *bar = memchr(v, '|', len);
        if (!bar)
            continue;
        const char *end = bar;
        while (end > v && end[-1] == ' ')
            end--;
        if ((size_t)(end - v) == clen && memcmp(v, category, clen) == 0) {
            const char *text = bar + 1;
            while (text < v + len && *text == ' ')
                text++;
            return da_arena_strndup(w->arena, text, (size_t)(v + len - text));
        }
    }
    return "";
}

/* A copy of a formatted string in the writer's arena. */
__attribute__((format(printf, 2, 3))) static const char *fmt_text(writer *w, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    return da_arena_strdup(w->arena, buf);
}

/* A label in column A. */
static void put_label(writer *w, sheet *sh, const char *label)
{
    put_str(w, sh, 0, label, NULL);
}

/* A section title: a teal band across A:F. */
static void put_band(writer *w, sheet *sh, const char *title)
{
    sh->row++;
    if (w->lerr == LXW_NO_ERROR) {
        keep(w, worksheet_set_row(sh->ws, sh->row, 20, NULL));
        keep(w, worksheet_merge_range(sh->ws, sh->row, 0, sh->row, TEXT_COLS - 1,
                                      cell_text(w, title), w->band));
    }
    sh->row++;
}

/* A row of table headers from column 0. */
static void put_headers(writer *w, sheet *sh, const char *const *names, size_t n)
{
    for (size_t c = 0; c < n; c++)
        put_str(w, sh, (lxw_col_t)c, names[c], w->head);
    sh->row++;
}

static void put_file_stats(writer *w, sheet *sh, const da_file_stats *s, const char *fallback)
{
    put_str(w, sh, 0, s->path && s->path[0] ? s->path : fallback, NULL);
    put_count(w, sh, 1, s->rows_read);
    put_count(w, sh, 2, s->rows_used);
    put_count(w, sh, 3, s->rows_rejected);
    put_str(w, sh, 4, s->rows_read == s->rows_used + s->rows_rejected ? "yes" : "NO", NULL);
    sh->row++;
}

/* Findings ranked by counted amount, largest first; the index breaks ties. */
static const da_finding_list *rank_list;

static int by_amount_desc(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    da_cents ax = rank_list->items[x].amount, ay = rank_list->items[y].amount;
    if (ax != ay)
        return ax > ay ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* "17312 x2", "" when no code. */
static void code_units(const char *code, int units, char out[24])
{
    if (!code[0])
        snprintf(out, 24, "none");
    else
        snprintf(out, 24, "%s x%d", code, units);
}

static void write_top_findings(writer *w, sheet *sh)
{
    const da_finding_list *fl = w->r->findings;
    size_t *idx = da_xmalloc((fl->count ? fl->count : 1) * sizeof(*idx));
    size_t n = 0;
    for (size_t i = 0; i < fl->count; i++)
        if (counted(&fl->items[i]) && fl->items[i].direction != DA_DIR_GAP &&
            fl->items[i].amount > 0)
            idx[n++] = i;
    rank_list = fl;
    da_sort(idx, n, sizeof(*idx), by_amount_desc);
    rank_list = NULL;
    static const char *const heads[] = {"Finding (rule)", "Category", "Direction",
                                        "Date of service", "Billed / expected", "Amount"};
    put_band(w, sh, "Top 10 findings by dollars");
    if (n == 0) {
        put_label(w, sh, "No priced findings.");
        sh->row++;
    } else {
        put_headers(w, sh, heads, 6);
    }
    for (size_t k = 0; k < n && k < TOP_FINDINGS; k++) {
        const da_finding *f = &fl->items[idx[k]];
        char billed[24], expected[24], both[64];
        code_units(f->billed_code, f->billed_units, billed);
        code_units(f->expected_code, f->expected_units, expected);
        snprintf(both, sizeof(both), "%s / %s", billed, expected);
        put_str(w, sh, 0, f->rule, NULL);
        put_str(w, sh, 1, category_label(f->category), NULL);
        put_str(w, sh, 2, da_direction_name(f->direction), NULL);
        put_date(w, sh, 3, w->r->data->encounters[f->encounter].dos);
        put_str(w, sh, 4, f->direction == DA_DIR_DENIAL ? billed : both, NULL);
        put_money(w, sh, 5, (double)f->amount);
        sh->row++;
    }
    free(idx);
}

static void write_denial_summary(writer *w, sheet *sh, const totals *t)
{
    const da_denial_stats *s = &w->dstats;
    put_band(w, sh, "Denials against the benchmark");
    static const char *const heads[] = {"Measure", "Adjudicated", "Denied", "Denial rate",
                                        "Benchmark"};
    put_headers(w, sh, heads, 5);
    put_label(w, sh, "Claims");
    put_count(w, sh, 1, s->claims);
    put_count(w, sh, 2, s->denied_claims);
    put_share(w, sh, 3, (double)s->denied_claims, (double)s->claims);
    put_num(w, sh, 4, DA_DENIAL_BENCHMARK, w->pct);
    sh->row++;
    put_label(w, sh, "Claim lines");
    put_count(w, sh, 1, s->lines);
    put_count(w, sh, 2, s->denied);
    put_share(w, sh, 3, (double)s->denied, (double)s->lines);
    sh->row++;
    put_label(w, sh, "Charges ($)");
    put_money(w, sh, 1, (double)s->charges);
    put_money(w, sh, 2, (double)s->denied_charges);
    put_share(w, sh, 3, (double)s->denied_charges, (double)s->charges);
    sh->row++;
    char line[160], amount[32];
    money_text((double)t->denial, amount);
    snprintf(line, sizeof(line), "Recoverable denied lines: %zu, expected to be paid %s once "
             "corrected or appealed (Denials sheet).", t->denial_findings, amount);
    put_paragraph(w, sh, line, w->wrap, 0);
    put_template(w, sh, "denials", false, w->wrap, 0);
    put_paragraph(w, sh, "Benchmark: " DA_DENIAL_BENCHMARK_SOURCE, w->note, 0);
}

static void write_actions(writer *w, sheet *sh, const totals *t)
{
    put_band(w, sh, "Recommended actions");
    size_t written = 0;
    for (size_t i = 0; i < t->ncats; i++) {
        const cat_total *c = &t->cats[i];
        if (!c->findings)
            continue;
        const char *action = template_action(w, c->name);
        if (!action[0])
            action = "Review the findings of this category with a certified coder.";
        put_str(w, sh, 0, category_label(c->name), w->bold_top);
        if (w->lerr == LXW_NO_ERROR) {
            const char *text = cell_text(w, action);
            size_t lines = da_utf8_count(text, strlen(text)) / 75 + 1;
            keep(w, worksheet_set_row(sh->ws, sh->row, 15.0 * (double)lines + 3.0, NULL));
            keep(w, worksheet_merge_range(sh->ws, sh->row, 1, sh->row, TEXT_COLS - 1, text,
                                          w->wrap));
        }
        sh->row++;
        written++;
    }
    if (!written) {
        put_label(w, sh, "No findings: nothing to act on.");
        sh->row++;
    }
}

static void write_bases(writer *w, sheet *sh, const totals *t)
{
    put_band(w, sh, "How the amounts were priced");
    static const char *const heads[] = {"Basis", "Findings", "Amount"};
    put_headers(w, sh, heads, 3);
    for (size_t i = 0; i < t->nbases; i++) {
        const char *b = t->bases[i].basis;
        put_label(w, sh, strcmp(b, DA_BASIS_OBSERVED) == 0 ? "Median: the practice's own allowed amount"
                         : strcmp(b, DA_BASIS_SCALED) == 0 ? "Scaled: fee table x the payer's ratio"
                         : strcmp(b, DA_BASIS_FEES) == 0   ? "Fee table"
                                                           : b);
        put_count(w, sh, 1, t->bases[i].findings);
        put_money(w, sh, 2, (double)t->bases[i].amount);
        sh->row++;
    }
    if (!t->nbases) {
        put_label(w, sh, "No priced findings.");
        sh->row++;
    }
    put_paragraph(w, sh,
                  "Median: the practice's own median allowed amount for the code and payer over "
                  "the period's paid lines, when at least 3 lines were paid in full. Scaled: the "
                  "fee table times the payer's median ratio of allowed to fee-table amounts. Fee "
                  "table: when the payer has too few paid lines.",
                  w->note, 0);
}

/* The chart of leak by category below its table, rows [first, last). */
static da_error leak_chart(writer *w, sheet *sh, lxw_row_t first, lxw_row_t last)
{
    lxw_chart *chart = workbook_add_chart(w->wb, LXW_CHART_BAR);
    if (!chart)
        return DA_ERR_XLSX;
    /* Constant-memory charts carry no cached values: Excel computes them on open. */
    static const struct {
        int col;          /* column of the values */
        const char *name; /* series name */
        uint32_t color;   /* fill */
    } series[] = {{2, "Leak (under-billing)", 0x1F4E5F}, {4, "Recoverable denials", 0x5B9BA8},
                  {3, "Over-billing exposure", 0xC0504D}};
    for (size_t i = 0; i < 3; i++) {
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        if (!s)
            return DA_ERR_XLSX;
        chart_series_set_categories(s, sh->name, first, 0, last - 1, 0);
        chart_series_set_values(s, sh->name, first, (lxw_col_t)series[i].col, last - 1,
                                (lxw_col_t)series[i].col);
        chart_series_set_name(s, series[i].name);
        lxw_chart_fill fill = {.color = series[i].color};
        chart_series_set_fill(s, &fill);
    }
    chart_title_set_name(chart, "Dollars by category (period)");
    chart_axis_set_num_format(chart->x_axis, "$#,##0");
    chart_axis_set_num_format(chart->y_axis, "@");
    chart_axis_set_reverse(chart->y_axis);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options opt = {.x_scale = 1.82, .y_scale = 0.95,
                             .object_position = LXW_OBJECT_MOVE_DONT_SIZE};
    keep(w, worksheet_insert_chart_opt(sh->ws, sh->row, 0, chart, &opt));
    sh->row += 15;
    return DA_OK;
}

static da_error write_summary(writer *w, sheet *sh, totals *t, const char *split_note)
{
    const da_report *r = w->r;
    const da_dataset *d = r->data;
    da_error err = put_template(w, sh, "title", true, w->title, 30.0);
    if (err == DA_OK)
        err = put_template(w, sh, "intro", false, w->wrap, 0);
    if (err != DA_OK)
        return err;

    /* The headline: three amounts, never netted, each annualized. */
    put_band(w, sh, "Headline");
    char period[48];
    if (t->days > 0)
        snprintf(period, sizeof(period), "%ld-day period", t->days);
    else
        snprintf(period, sizeof(period), "Audit period");
    const char *heads[] = {"", period, "Annualized"};
    for (size_t c = 0; c < 3; c++)
        put_str(w, sh, (lxw_col_t)c, heads[c], w->head);
    if (w->lerr == LXW_NO_ERROR)
        keep(w, worksheet_merge_range(sh->ws, sh->row, 3, sh->row, TEXT_COLS - 1, "What it is",
                                      w->head));
    sh->row++;
    struct {
        const char *what;   /* label */
        da_cents cents;     /* amount in the period */
        const char *note;   /* what it means */
    } money[] = {
        {"Estimated revenue leak (under-billing)", t->under,
         "The notes support more than was billed"},
        {"Recoverable denials", t->denial, "Denied lines that can be corrected or appealed"},
        {"Over-billing exposure", t->over,
         "Compliance exposure; never netted against the leak"},
    };
    for (size_t i = 0; i < sizeof(money) / sizeof(money[0]); i++) {
        keep(w, worksheet_set_row(sh->ws, sh->row, i == 0 ? 24 : 18, NULL));
        put_str(w, sh, 0, money[i].what, w->card);
        put_num(w, sh, 1, (double)money[i].cents / 100.0, i == 0 ? w->big : w->money);
        put_num(w, sh, 2, annualize(money[i].cents, t->days) / 100.0, i == 0 ? w->big : w->money);
        if (w->lerr == LXW_NO_ERROR)
            keep(w, worksheet_merge_range(sh->ws, sh->row, 3, sh->row, TEXT_COLS - 1,
                                          money[i].note, w->note));
        sh->row++;
    }
    put_label(w, sh, "Documentation gaps (findings)");
    put_count(w, sh, 1, t->gaps);
    sh->row++;
    put_label(w, sh, "Low-confidence findings (listed, not in the amounts)");
    put_count(w, sh, 1, t->low);
    sh->row++;
    err = put_template(w, sh, "money", false, w->wrap, 0);
    if (err != DA_OK)
        return err;

    put_band(w, sh, "Leak by category");
    static const char *const cat_headers[] = {"Category", "Findings", "Leak ($)",
                                              "Over-billing ($)", "Denials ($)", "Gaps"};
    put_headers(w, sh, cat_headers, 6);
    da_sort(t->cats, t->ncats, sizeof(*t->cats), by_under_desc);
    lxw_row_t first = sh->row;
    for (size_t i = 0; i < t->ncats; i++) {
        const cat_total *c = &t->cats[i];
        if (!c->findings)
            continue;
        put_str(w, sh, 0, category_label(c->name), NULL);
        put_count(w, sh, 1, c->findings);
        put_money(w, sh, 2, (double)c->under);
        put_money(w, sh, 3, (double)c->over);
        put_money(w, sh, 4, (double)c->denial);
        put_count(w, sh, 5, c->gaps);
        sh->row++;
    }
    lxw_row_t last = sh->row; /* one past the table */
    put_str(w, sh, 0, "All categories", w->bold);
    put_count(w, sh, 1, r->findings->count);
    put_money(w, sh, 2, (double)t->under);
    put_money(w, sh, 3, (double)t->over);
    put_money(w, sh, 4, (double)t->denial);
    put_count(w, sh, 5, t->gaps);
    sh->row++;
    if (last > first && w->lerr == LXW_NO_ERROR) {
        sh->row++;
        err = leak_chart(w, sh, first, last);
        if (err != DA_OK)
            return err;
    }

    write_top_findings(w, sh);
    write_denial_summary(w, sh, t);
    write_actions(w, sh, t);
    write_bases(w, sh, t);

    put_band(w, sh, "The data");
    put_label(w, sh, "Period start");
    put_date(w, sh, 1, r->from);
    sh->row++;
    put_label(w, sh, "Period end");
    put_date(w, sh, 1, r->to);
    sh->row++;
    put_label(w, sh, "Days in period");
    put_num(w, sh, 1, t->days > 0 ? (double)t->days : NAN, NULL);
    sh->row++;
    put_label(w, sh, "Receivables and deadlines as of");
    put_date(w, sh, 1, w->as_of);
    sh->row++;
    static const char *const file_headers[] = {"Input file", "Rows read", "Rows used",
                                               "Rows rejected", "Read = used + rejected"};
    put_headers(w, sh, file_headers, 5);
    put_file_stats(w, sh, &d->claims_stats, "claims");
    put_file_stats(w, sh, &d->notes_stats, "notes");
    put_label(w, sh, "Encounters");
    put_count(w, sh, 1, d->nencounters);
    sh->row++;
    put_label(w, sh, "Encounters without notes");
    put_count(w, sh, 1, d->encounters_without_notes);
    sh->row++;
    put_label(w, sh, "Encounters without claims");
    put_count(w, sh, 1, d->encounters_without_claims);
    sh->row++;
    if (r->mask) {
        put_label(w, sh, "Identifiers");
        put_str(w, sh, 1, "patient, claim and encounter identifiers are pseudonyms", NULL);
        sh->row++;
    }
    if (split_note[0])
        put_paragraph(w, sh, split_note, w->note, 0);
    sh->row++;
    return put_template(w, sh, "close", false, w->wrap, 0);
}

/* Column widths and page setup: the Summary prints one page wide. The
 * headline amounts (14 pt bold) need room for $999,999,999.99. */
static void summary_layout(writer *w, sheet *sh)
{
    static const double widths[TEXT_COLS] = {44, 22, 22, 15, 21, 15};
    for (lxw_col_t c = 0; c < TEXT_COLS; c++)
        keep(w, worksheet_set_column(sh->ws, c, c, widths[c], NULL));
    worksheet_freeze_panes(sh->ws, 1, 0);
    worksheet_gridlines(sh->ws, LXW_HIDE_ALL_GRIDLINES);
    worksheet_set_paper(sh->ws, 1); /* US Letter */
    worksheet_set_margins(sh->ws, 0.5, 0.5, 0.6, 0.6);
    worksheet_fit_to_pages(sh->ws, 1, 0);
    keep(w, worksheet_print_area(sh->ws, 0, 0, sh->row, TEXT_COLS - 1));
}

static void start_part(writer *w, sheet *sh, const column *cols, size_t ncols)
{
    sh->measure = true;
    for (size_t c = 0; c < ncols; c++) {
        put_str(w, sh, (lxw_col_t)c, cols[c].header, w->head);
        sh->width[c] += 3; /* room for the filter button */
    }
    worksheet_freeze_panes(sh->ws, 1, 0);
    sh->row = 1;
}

/* Right after the part's last row, while constant-memory mode still allows
 * the autofilter over it. */
static void finish_part(writer *w, sheet *sh, const column *cols, size_t ncols)
{
    if (w->lerr != LXW_NO_ERROR || ncols == 0)
        return;
    keep(w, worksheet_autofilter(sh->ws, 0, 0, sh->row - 1, (lxw_col_t)(ncols - 1)));
    for (size_t c = 0; c < ncols; c++) {
        double width = cols[c].wrap ? cols[c].width_max : fmin(sh->width[c] + 1, cols[c].width_max);
        keep(w, worksheet_set_column(sh->ws, (lxw_col_t)c, (lxw_col_t)c, width,
                                     cols[c].wrap ? w->wrap : NULL));
    }
}

typedef void (*row_fn)(writer *w, sheet *sh, size_t i);

/* Writes rows 0..rows-1 with fn over the parts, per_part rows to a part. */
static void write_parts(writer *w, sheet *parts, size_t rows, size_t per_part, const column *cols,
                        size_t ncols, row_fn fn)
{
    size_t p = 0;
    start_part(w, &parts[0], cols, ncols);
    for (size_t i = 0; i < rows && w->lerr == LXW_NO_ERROR; i++) {
        if (i > 0 && i % per_part == 0) {
            finish_part(w, &parts[p], cols, ncols);
            start_part(w, &parts[++p], cols, ncols);
        }
        fn(w, &parts[p], i);
        parts[p].row++;
    }
    finish_part(w, &parts[p], cols, ncols);
}

static const column finding_cols[] = {
    {"Category", 14, false},      {"Rule", 28, false},          {"Direction", 12, false},
    {"Confidence", 13, false},    {"Patient ID", 20, false},    {"Date of service", 16, false},
    {"Encounter", 24, false},     {"Claim", 20, false},         {"Provider", 28, false},
    {"Payer", 28, false},         {"Billed code", 13, false},   {"Billed units", 13, false},
    {"Expected code", 15, false}, {"Expected units", 16, false}, {"Amount ($)", 14, false},
    {"Evidence", 90, true},       {"Priced from", 40, false},
};

static void finding_row(writer *w, sheet *sh, size_t i)
{
    const da_dataset *d = w->r->data;
    const da_finding *f = &w->r->findings->items[i];
    const da_encounter *e = &d->encounters[f->encounter];
    const da_claim_line *c = da_finding_claim(d, f);
    put_str(w, sh, 0, f->category, NULL);
    put_str(w, sh, 1, f->rule, NULL);
    put_str(w, sh, 2, da_direction_name(f->direction), NULL);
    put_str(w, sh, 3, da_confidence_name(f->confidence), NULL);
    put_id(w, sh, 4, "PT", e->patient_id);
    put_date(w, sh, 5, e->dos);
    put_id(w, sh, 6, "EN", e->encounter_id);
    if (c)
        put_id(w, sh, 7, "CL", c->claim_id);
    put_str(w, sh, 8, e->provider, NULL);
    put_str(w, sh, 9, e->payer, NULL);
    put_str(w, sh, 10, f->billed_code, NULL);
    if (f->billed_units > 0)
        put_count(w, sh, 11, (size_t)f->billed_units);
    put_str(w, sh, 12, f->expected_code, NULL);
    if (f->expected_units > 0)
        put_count(w, sh, 13, (size_t)f->expected_units);
    if (f->amount >= 0)
        put_money(w, sh, 14, (double)f->amount);
    put_note_text(w, sh, 15, f->evidence, w->wrap);
    put_str(w, sh, 16, f->basis ? f->basis : "", NULL);
}

static const column dq_cols[] = {
    {"File", 40, false}, {"Line", 10, false}, {"Action", 10, false},
    {"Reason", 60, false}, {"Column", 24, false},
};

static void dq_row(writer *w, sheet *sh, size_t i)
{
    const da_dq_entry *e = &w->r->data->dq.items[i];
    put_str(w, sh, 0, e->file, NULL);
    if (e->line > 0) /* 0 is the whole file */
        put_count(w, sh, 1, e->line);
    put_str(w, sh, 2, da_dq_action_name(e->action), NULL);
    put_str(w, sh, 3, e->reason, NULL);
    put_str(w, sh, 4, e->column, NULL);
}

static const column rule_cols[] = {
    {"Rule", 30, false},
    {"Category", 14, false},
    {"What it checks", 80, true},
    {"Source", 50, true},
};

static void rule_row(writer *w, sheet *sh, size_t i)
{
    const da_rule_info *info = da_catalog_get(i);
    put_str(w, sh, 0, info->id, NULL);
    put_str(w, sh, 1, info->category, NULL);
    put_str(w, sh, 2, info->checks, w->wrap);
    put_str(w, sh, 3, info->source, w->wrap);
}

static size_t parts_for(size_t rows, size_t per_part)
{
    return rows ? (rows - 1) / per_part + 1 : 1;
}

/* Adds "base", "base (2)", ... in order; NULL worksheets are caught by the caller. */
static void add_parts(writer *w, const char *base, sheet *parts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char name[32];
        if (i == 0)
            snprintf(name, sizeof(name), "%s", base);
        else
            snprintf(name, sizeof(name), "%s (%zu)", base, i + 1);
        parts[i].name = da_arena_strdup(w->arena, name);
        parts[i].ws = workbook_add_worksheet(w->wb, name);
        if (!parts[i].ws)
            keep(w, LXW_ERROR_PARAMETER_VALIDATION);
    }
}

/* ---- panels: small tables beside a detail table ---- */

static pcell *panel_row(panel *p)
{
    da_grow((void **)&p->rows, &p->cap, p->count + 1, sizeof(*p->rows));
    pcell *row = p->rows[p->count++];
    memset(row, 0, sizeof(pcell) * PANEL_COLS);
    return row;
}

static pcell ptext(const char *s)
{
    return (pcell){P_TEXT, s, 0};
}

static pcell phead(const char *s)
{
    return (pcell){P_HEAD, s, 0};
}

static pcell pnum(pkind kind, double v)
{
    return (pcell){kind, NULL, v};
}

static void panel_headers(panel *p, const char *const *names, size_t n)
{
    pcell *row = panel_row(p);
    for (size_t c = 0; c < n && c < PANEL_COLS; c++)
        row[c] = phead(names[c]);
}

static void panel_free(panel *p)
{
    free(p->rows);
    memset(p, 0, sizeof(*p));
}

/* Writes panel row i at column col0 of the sheet's current row. */
static void put_panel_row(writer *w, sheet *sh, const panel *p, size_t i, lxw_col_t col0)
{
    for (int c = 0; c < PANEL_COLS; c++) {
        const pcell *cell = &p->rows[i][c];
        lxw_col_t col = (lxw_col_t)(col0 + c);
        switch (cell->kind) {
        case P_EMPTY: break;
        case P_TEXT: put_str(w, sh, col, cell->text, NULL); break;
        case P_HEAD: put_str(w, sh, col, cell->text, w->head); break;
        case P_TITLE: put_str(w, sh, col, cell->text, w->bold); break;
        case P_COUNT: put_num(w, sh, col, cell->value, NULL); break;
        case P_MONEY: put_num(w, sh, col, cell->value / 100.0, w->money); break;
        case P_PCT: put_num(w, sh, col, cell->value, w->pct); break;
        }
    }
}

/* The panel's charts, right of the panel, one under the other. */
static da_error panel_charts(writer *w, sheet *sh, const panel *p, lxw_col_t col0)
{
    for (size_t i = 0; i < p->ncharts && w->lerr == LXW_NO_ERROR; i++) {
        lxw_chart *chart = workbook_add_chart(w->wb, (uint8_t)p->charts[i].type);
        if (!chart)
            return DA_ERR_XLSX;
        for (int k = 0; k < 2; k++) {
            if (p->charts[i].val_cols[k] < 0)
                continue;
            lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
            if (!s)
                return DA_ERR_XLSX;
            lxw_row_t r0 = (lxw_row_t)p->charts[i].first, r1 = (lxw_row_t)p->charts[i].last;
            lxw_col_t cc = (lxw_col_t)(col0 + p->charts[i].cat_col);
            lxw_col_t vc = (lxw_col_t)(col0 + p->charts[i].val_cols[k]);
            chart_series_set_categories(s, sh->name, r0, cc, r1, cc);
            chart_series_set_values(s, sh->name, r0, vc, r1, vc);
            if (p->charts[i].names[k])
                chart_series_set_name(s, p->charts[i].names[k]);
            lxw_chart_fill fill = {.color = k == 0 ? 0x1F4E5F : 0x9BBB59};
            chart_series_set_fill(s, &fill);
        }
        chart_title_set_name(chart, p->charts[i].title);
        if (p->charts[i].money)
            chart_axis_set_num_format(chart->y_axis, "$#,##0");
        chart_legend_set_position(chart, p->charts[i].val_cols[1] >= 0 ? LXW_CHART_LEGEND_BOTTOM
                                                                         : LXW_CHART_LEGEND_NONE);
        keep(w, worksheet_insert_chart(sh->ws, (lxw_row_t)(1 + 16 * i),
                                       (lxw_col_t)(col0 + PANEL_COLS + 1), chart));
    }
    return DA_OK;
}

/* ---- detail sheets ---- */

/* A column of a detail sheet: a table column, or the days left before a
 * deadline column (computed against the report's as-of date). */
typedef struct out_col {
    size_t src;     /* table column */
    bool days_left; /* the derived "Days left" column of src */
    const char *id; /* pseudonym prefix for identifier columns, NULL otherwise */
} out_col;

static bool starts_with_ci(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
            return false;
    return true;
}

static bool contains_ci(const char *s, const char *word)
{
    for (; *s; s++)
        if (starts_with_ci(s, word))
            return true;
    return false;
}

/* Identifier columns are found by name: "Patient...", "Claim...",
 * "Encounter..." (docs/workbook.md). */
static const char *id_prefix(const char *name)
{
    return starts_with_ci(name, "patient")     ? "PT"
           : starts_with_ci(name, "claim")     ? "CL"
           : starts_with_ci(name, "encounter") ? "EN"
                                               : NULL;
}

static size_t out_columns(const da_detail *t, out_col *out)
{
    size_t n = 0;
    for (size_t c = 0; c < t->ncolumns && n + 2 <= MAX_COLS - PANEL_COLS - 1; c++) {
        out[n++] = (out_col){c, false,
                             t->columns[c].type == DA_CELL_TEXT ? id_prefix(t->columns[c].name)
                                                                : NULL};
        if (t->columns[c].type == DA_CELL_DATE && contains_ci(t->columns[c].name, "deadline"))
            out[n++] = (out_col){c, true, NULL};
    }
    return n;
}

/* The summed amount of a DA_CELL_AMOUNT cell; false when blank. */
static bool cell_amount(const writer *w, const da_cell *cell, double *cents)
{
    const da_finding_list *fl = w->r->findings;
    if (cell->finding < 0 || cell->nfindings <= 0 || (size_t)cell->finding >= fl->count)
        return false;
    size_t end = (size_t)cell->finding + (size_t)cell->nfindings;
    if (end > fl->count)
        end = fl->count;
    bool any = false;
    double sum = 0;
    for (size_t i = (size_t)cell->finding; i < end; i++) {
        const da_finding *f = &fl->items[i];
        if ((cell->direction >= 0 && (int)f->direction != cell->direction) || f->amount < 0)
            continue;
        any = true;
        sum += (double)f->amount;
    }
    *cents = sum;
    return any;
}

static void put_detail_cell(writer *w, sheet *sh, lxw_col_t col, const da_detail *t,
                            const da_cell *row, const out_col *oc)
{
    const da_cell *cell = &row[oc->src];
    if (oc->days_left) {
        if (cell->date != DA_DATE_NONE && w->as_of != DA_DATE_NONE)
            put_num(w, sh, col, (double)((long)cell->date - (long)w->as_of), NULL);
        return;
    }
    switch (t->columns[oc->src].type) {
    case DA_CELL_TEXT:
        if (oc->id)
            put_id(w, sh, col, oc->id, cell->text ? cell->text : "");
        else
            put_note_text(w, sh, col, cell->text ? cell->text : "",
                          t->columns[oc->src].width >= 40 ? w->wrap : NULL);
        break;
    case DA_CELL_NUMBER: put_num(w, sh, col, cell->number, NULL); break;
    case DA_CELL_MONEY:
        if (cell->money != DA_CENTS_NONE)
            put_money(w, sh, col, (double)cell->money);
        break;
    case DA_CELL_DATE: put_date(w, sh, col, cell->date); break;
    case DA_CELL_AMOUNT: {
        double cents;
        if (cell_amount(w, cell, &cents))
            put_money(w, sh, col, cents);
        break;
    }
    }
}

/* A detail table over its parts, with a panel beside the first part; the
 * panel's charts are drawn later (detail_charts), on the main thread. */
static void write_detail(writer *w, sheet *parts, size_t nparts, const da_detail *t,
                         const panel *pn)
{
    out_col cols[MAX_COLS];
    size_t ncols = t ? out_columns(t, cols) : 0;
    size_t rows = t ? t->nrows : 0, per = w->rows_per_sheet;
    lxw_col_t pcol = (lxw_col_t)(ncols ? ncols + 1 : 0);
    for (size_t p = 0; p < nparts && w->lerr == LXW_NO_ERROR; p++) {
        sheet *sh = &parts[p];
        size_t first = p * per, last = first + per < rows ? first + per : rows;
        size_t panel_rows = p == 0 && pn ? pn->count : 0;
        size_t sheet_rows = last - first + 1;
        if (panel_rows > sheet_rows)
            sheet_rows = panel_rows;
        worksheet_freeze_panes(sh->ws, 1, 0);
        for (size_t r = 0; r < sheet_rows && w->lerr == LXW_NO_ERROR; r++) {
            sh->row = (lxw_row_t)r;
            if (r == 0) {
                for (size_t c = 0; c < ncols; c++)
                    put_str(w, sh, (lxw_col_t)c,
                            cols[c].days_left ? "Days left" : t->columns[cols[c].src].name,
                            w->head);
            } else if (first + r - 1 < last) {
                const da_cell *row = &t->cells[(first + r - 1) * t->ncolumns];
                for (size_t c = 0; c < ncols; c++)
                    put_detail_cell(w, sh, (lxw_col_t)c, t, row, &cols[c]);
            }
            if (r < panel_rows)
                put_panel_row(w, sh, pn, r, pcol);
            if (ncols && r == last - first && w->lerr == LXW_NO_ERROR)
                keep(w, worksheet_autofilter(sh->ws, 0, 0, (lxw_row_t)r, (lxw_col_t)(ncols - 1)));
        }
        for (size_t c = 0; c < ncols; c++) {
            const da_detail_column *dc = &t->columns[cols[c].src];
            double width = cols[c].days_left ? 10 : dc->width > 0 ? dc->width : 12;
            bool wrap = !cols[c].days_left && dc->type == DA_CELL_TEXT && dc->width >= 40;
            keep(w, worksheet_set_column(sh->ws, (lxw_col_t)c, (lxw_col_t)c, width + 2,
                                         wrap ? w->wrap : NULL));
        }
        if (p == 0 && pn)
            for (int c = 0; c < PANEL_COLS; c++)
                if (pn->width[c] > 0)
                    keep(w, worksheet_set_column(sh->ws, (lxw_col_t)(pcol + c),
                                                 (lxw_col_t)(pcol + c), pn->width[c], NULL));
        worksheet_ignore_errors(sh->ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, "A1:XFD1048576");
    }
}

/* The charts of the panel beside a detail table's first part. */
static da_error detail_charts(writer *w, sheet *parts, const da_detail *t, const panel *pn)
{
    out_col cols[MAX_COLS];
    size_t ncols = t ? out_columns(t, cols) : 0;
    return panel_charts(w, &parts[0], pn, (lxw_col_t)(ncols ? ncols + 1 : 0));
}

/* Denial rates beside the denied lines, with a chart of the reasons. */
static void denial_panel(writer *w, panel *p)
{
    const da_denial_stats *s = &w->dstats;
    static const double widths[PANEL_COLS] = {30, 44, 13, 13, 14};
    memcpy(p->width, widths, sizeof(widths));
    pcell *row = panel_row(p);
    row[0] = (pcell){P_HEAD, "Denial figures", 0};
    static const char *const heads[] = {"Measure", "Adjudicated", "Denied", "Denial rate",
                                        "Benchmark"};
    panel_headers(p, heads, 5);
    row = panel_row(p);
    row[0] = ptext("Claims");
    row[1] = pnum(P_COUNT, (double)s->claims);
    row[2] = pnum(P_COUNT, (double)s->denied_claims);
    row[3] = s->claims ? pnum(P_PCT, (double)s->denied_claims / (double)s->claims) : ptext("n/a");
    row[4] = pnum(P_PCT, DA_DENIAL_BENCHMARK);
    row = panel_row(p);
    row[0] = ptext("Claim lines");
    row[1] = pnum(P_COUNT, (double)s->lines);
    row[2] = pnum(P_COUNT, (double)s->denied);
    row[3] = s->lines ? pnum(P_PCT, (double)s->denied / (double)s->lines) : ptext("n/a");
    row = panel_row(p);
    row[0] = ptext("Charges");
    row[1] = pnum(P_MONEY, (double)s->charges);
    row[2] = pnum(P_MONEY, (double)s->denied_charges);
    row[3] = s->charges ? pnum(P_PCT, (double)s->denied_charges / (double)s->charges)
                        : ptext("n/a");
    row = panel_row(p);
    row[0] = ptext("Benchmark: Kodiak Solutions, all-payer initial denial rate 2024 (not "
                   "dermatology-specific)");
    panel_row(p);

    row = panel_row(p);
    row[0] = (pcell){P_TITLE, "Denied lines by reason", 0};
    static const char *const carc_heads[] = {"CARC", "Meaning", "Denied lines",
                                             "Denied charges"};
    panel_headers(p, carc_heads, 4);
    size_t first = p->count;
    for (size_t i = 0; i < s->ncarc; i++) {
        row = panel_row(p);
        const char *meaning = da_carc_meaning(s->by_carc[i].key);
        row[0] = ptext(s->by_carc[i].key);
        row[1] = ptext(meaning[0] ? meaning : "not in the built-in list");
        row[2] = pnum(P_COUNT, (double)s->by_carc[i].denied);
        row[3] = pnum(P_MONEY, (double)s->by_carc[i].denied_charges);
    }
    if (s->ncarc && p->ncharts < MAX_CHARTS)
        p->charts[p->ncharts++] = (chart_spec){LXW_CHART_BAR, "Denied lines by reason",
                                                          first, p->count - 1, 0, {2, -1},
                                                          {"Denied lines", NULL}, false};
    panel_row(p);

    row = panel_row(p);
    row[0] = (pcell){P_TITLE, "By payer", 0};
    static const char *const payer_heads[] = {"Payer", "Adjudicated lines", "Denied",
                                              "Denial rate", "Denied charges"};
    panel_headers(p, payer_heads, 5);
    for (size_t i = 0; i < s->npayer; i++) {
        const da_rate_row *r = &s->by_payer[i];
        row = panel_row(p);
        row[0] = ptext(r->key);
        row[1] = pnum(P_COUNT, (double)r->lines);
        row[2] = pnum(P_COUNT, (double)r->denied);
        row[3] = r->lines ? pnum(P_PCT, (double)r->denied / (double)r->lines) : ptext("n/a");
        row[4] = pnum(P_MONEY, (double)r->denied_charges);
    }
    panel_row(p);

    row = panel_row(p);
    row[0] = (pcell){P_TITLE, "By code (most denied first)", 0};
    static const char *const code_heads[] = {"Code", "Adjudicated lines", "Denied",
                                             "Denial rate", "Denied charges"};
    panel_headers(p, code_heads, 5);
    /* Most denied codes: a selection by denied lines, then code. */
    size_t shown = 0;
    bool *used = da_xcalloc(s->ncode ? s->ncode : 1, sizeof(*used));
    while (shown < PANEL_TOP_CODES) {
        long best = -1;
        for (size_t i = 0; i < s->ncode; i++)
            if (!used[i] && s->by_code[i].denied > 0 &&
                (best < 0 || s->by_code[i].denied > s->by_code[best].denied))
                best = (long)i;
        if (best < 0)
            break;
        used[best] = true;
        const da_rate_row *r = &s->by_code[best];
        row = panel_row(p);
        row[0] = ptext(r->key);
        row[1] = pnum(P_COUNT, (double)r->lines);
        row[2] = pnum(P_COUNT, (double)r->denied);
        row[3] = r->lines ? pnum(P_PCT, (double)r->denied / (double)r->lines) : ptext("n/a");
        row[4] = pnum(P_MONEY, (double)r->denied_charges);
        shown++;
    }
    free(used);
}

/* The text of a level cell: the text, or the number as written. */
static const char *level_text(writer *w, const da_detail *t, size_t col, const da_cell *cell)
{
    if (t->columns[col].type == DA_CELL_TEXT)
        return cell->text ? cell->text : "";
    return fmt_text(w, "%g", cell->number);
}

static long find_column(const da_detail *t, const char *name)
{
    for (size_t c = 0; c < t->ncolumns; c++)
        if (strcasecmp(t->columns[c].name, name) == 0)
            return (long)c;
    return -1;
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds s to the sorted-later set of strings if it is new. */
static void set_put(const char ***set, size_t *n, size_t *cap, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*set)[i], s) == 0)
            return;
    da_grow((void **)set, cap, *n + 1, sizeof(**set));
    (*set)[(*n)++] = s;
}

static size_t set_index(const char **set, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(set[i], s) == 0)
            return i;
    return n;
}

/* The E&M level distribution, billed against supported, per provider, from
 * the E&M table's "Provider", "Billed level" and "Supported level" columns. */
static void em_panel(writer *w, const da_detail *t, panel *p)
{
    long cp = find_column(t, "Provider"), cb = find_column(t, "Billed level");
    long cs = find_column(t, "Supported level");
    if (cp < 0 || cb < 0 || cs < 0 || t->columns[cp].type != DA_CELL_TEXT)
        return;
    const char **provs = NULL, **levels = NULL;
    size_t np = 0, nl = 0, capp = 0, capl = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const da_cell *row = &t->cells[r * t->ncolumns];
        set_put(&provs, &np, &capp, row[cp].text ? row[cp].text : "");
        const char *b = level_text(w, t, (size_t)cb, &row[cb]);
        const char *s = level_text(w, t, (size_t)cs, &row[cs]);
        if (b[0])
            set_put(&levels, &nl, &capl, b);
        if (s[0])
            set_put(&levels, &nl, &capl, s);
    }
    da_sort(provs, np, sizeof(*provs), str_cmp);
    da_sort(levels, nl, sizeof(*levels), str_cmp);
    size_t *counts = da_xcalloc(np * nl * 2 + 1, sizeof(*counts));
    for (size_t r = 0; r < t->nrows; r++) {
        const da_cell *row = &t->cells[r * t->ncolumns];
        size_t pi = set_index(provs, np, row[cp].text ? row[cp].text : "");
        size_t bi = set_index(levels, nl, level_text(w, t, (size_t)cb, &row[cb]));
        size_t si = set_index(levels, nl, level_text(w, t, (size_t)cs, &row[cs]));
        if (bi < nl)
            counts[(pi * nl + bi) * 2]++;
        if (si < nl)
            counts[(pi * nl + si) * 2 + 1]++;
    }
    static const double widths[PANEL_COLS] = {28, 14, 12, 12, 0};
    memcpy(p->width, widths, sizeof(widths));
    pcell *row = panel_row(p);
    row[0] = (pcell){P_HEAD, "Level distribution: billed vs supported", 0};
    for (size_t i = 0; i < np; i++) {
        row = panel_row(p);
        row[0] = (pcell){P_TITLE, provs[i][0] ? provs[i] : "(no provider)", 0};
        static const char *const heads[] = {"Provider", "Level", "Billed", "Supported"};
        panel_headers(p, heads, 4);
        size_t first = p->count;
        for (size_t l = 0; l < nl; l++) {
            row = panel_row(p);
            row[0] = ptext(provs[i]);
            row[1] = ptext(levels[l]);
            row[2] = pnum(P_COUNT, (double)counts[(i * nl + l) * 2]);
            row[3] = pnum(P_COUNT, (double)counts[(i * nl + l) * 2 + 1]);
        }
        if (nl && p->ncharts < MAX_CHARTS)
            p->charts[p->ncharts++] = (chart_spec){
                LXW_CHART_COLUMN, fmt_text(w, "E/M levels: %s", provs[i]), first, p->count - 1,
                1, {2, 3}, {"Billed", "Supported"}, false};
        panel_row(p);
    }
    free(counts);
    free(provs);
    free(levels);
}

/* ---- Payers, AR Aging, Trend ---- */

static const column payer_cols[] = {
    {"Payer", 28, false},           {"Payer type", 12, false},
    {"Claims", 10, false},          {"Lines", 10, false},
    {"Charges", 14, false},         {"Allowed", 14, false},
    {"Paid", 14, false},            {"Expected (fee table)", 16, false},
    {"Allowed / expected", 12, false}, {"Paid / expected", 12, false},
    {"Average days to pay", 12, false}, {"Adjudicated lines", 12, false},
    {"Denied lines", 10, false},    {"Denial rate", 10, false},
};
#define NPAYER_COLS (sizeof(payer_cols) / sizeof(payer_cols[0]))

static da_error write_payers(writer *w, sheet *sh)
{
    da_payer_row *rows;
    size_t n;
    da_payer_stats_build(w->r->data, w->r->fees, &rows, &n);
    start_part(w, sh, payer_cols, NPAYER_COLS);
    for (size_t i = 0; i < n; i++) {
        const da_payer_row *p = &rows[i];
        bool expected = w->r->fees && p->expected > 0;
        put_str(w, sh, 0, p->payer, NULL);
        put_str(w, sh, 1, da_payer_type_name(p->type), NULL);
        put_count(w, sh, 2, p->claims);
        put_count(w, sh, 3, p->lines);
        put_money(w, sh, 4, (double)p->charges);
        put_money(w, sh, 5, (double)p->allowed);
        put_money(w, sh, 6, (double)p->paid);
        if (expected) {
            put_money(w, sh, 7, (double)p->expected);
            put_num(w, sh, 8, (double)p->allowed / (double)p->expected, w->ratio);
            put_num(w, sh, 9, (double)p->paid / (double)p->expected, w->ratio);
        }
        if (p->paid_claims)
            put_num(w, sh, 10, p->days_to_pay, w->num1);
        put_count(w, sh, 11, p->adjudicated);
        put_count(w, sh, 12, p->denied);
        put_share(w, sh, 13, (double)p->denied, (double)p->adjudicated);
        sh->row++;
    }
    finish_part(w, sh, payer_cols, NPAYER_COLS);
    lxw_row_t last = sh->row - 1;
    sh->row++;
    put_str(w, sh, 0,
            "Expected: the fee-table value of each payer's paid lines, with the multiple-procedure "
            "reduction (national Medicare amounts unless --fees says otherwise). Paid excludes the "
            "patient's share, so a Medicare paid ratio near 0.80 is normal. Days to pay: from "
            "submission to payment, per paid claim.",
            w->note);
    da_error err = DA_OK;
    if (n && w->r->fees && w->lerr == LXW_NO_ERROR) {
        lxw_chart *chart = workbook_add_chart(w->wb, LXW_CHART_BAR);
        lxw_chart_series *s = chart ? chart_add_series(chart, NULL, NULL) : NULL;
        if (!s) {
            err = DA_ERR_XLSX;
        } else {
            chart_series_set_categories(s, sh->name, 1, 0, last, 0);
            chart_series_set_values(s, sh->name, 1, 8, last, 8);
            chart_series_set_name(s, "Allowed / expected");
            lxw_chart_fill fill = {.color = COLOR_BAND};
            chart_series_set_fill(s, &fill);
            chart_title_set_name(chart, "Allowed per dollar of fee-table value, by payer");
            chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
            keep(w, worksheet_insert_chart(sh->ws, sh->row + 2, 0, chart));
        }
    }
    free(rows);
    return err;
}

static da_error write_ar(writer *w, sheet *sh)
{
    da_ar_row *rows;
    size_t n;
    da_ar_aging_build(w->r->data, w->as_of, &rows, &n);
    column cols[DA_AR_BUCKETS + 3];
    cols[0] = (column){"Payer", 28, false};
    char names[DA_AR_BUCKETS][32];
    for (int b = 0; b < DA_AR_BUCKETS; b++) {
        snprintf(names[b], sizeof(names[b]), "%s days", da_ar_bucket_names[b]);
        cols[b + 1] = (column){names[b], 14, false};
    }
    cols[DA_AR_BUCKETS + 1] = (column){"Total", 14, false};
    cols[DA_AR_BUCKETS + 2] = (column){"Unpaid lines", 12, false};
    size_t ncols = DA_AR_BUCKETS + 3;
    start_part(w, sh, cols, ncols);
    da_cents all[DA_AR_BUCKETS] = {0};
    size_t all_lines = 0;
    for (size_t i = 0; i < n; i++) {
        da_cents total = 0;
        size_t lines = 0;
        put_str(w, sh, 0, rows[i].payer, NULL);
        for (int b = 0; b < DA_AR_BUCKETS; b++) {
            put_money(w, sh, (lxw_col_t)(b + 1), (double)rows[i].amount[b]);
            total += rows[i].amount[b];
            lines += rows[i].lines[b];
            all[b] += rows[i].amount[b];
        }
        put_money(w, sh, DA_AR_BUCKETS + 1, (double)total);
        put_count(w, sh, DA_AR_BUCKETS + 2, lines);
        all_lines += lines;
        sh->row++;
    }
    finish_part(w, sh, cols, ncols);
    lxw_row_t last = sh->row - 1;
    da_cents total = 0;
    put_str(w, sh, 0, "All payers", w->bold);
    for (int b = 0; b < DA_AR_BUCKETS; b++) {
        put_money(w, sh, (lxw_col_t)(b + 1), (double)all[b]);
        total += all[b];
    }
    put_money(w, sh, DA_AR_BUCKETS + 1, (double)total);
    put_count(w, sh, DA_AR_BUCKETS + 2, all_lines);
    sh->row += 2;
    char as_of[11], note[256];
    da_date_format(w->as_of, as_of);
    snprintf(note, sizeof(note),
             "Unpaid lines (pending, or no status and no payment) at their charge, aged from the "
             "submission date (else the date of service) to %s.",
             as_of[0] ? as_of : "an unknown date");
    put_str(w, sh, 0, note, w->note);
    da_error err = DA_OK;
    if (n && w->lerr == LXW_NO_ERROR) {
        lxw_chart *chart = workbook_add_chart(w->wb, LXW_CHART_COLUMN_STACKED);
        static const uint32_t colors[DA_AR_BUCKETS] = {0x9BBB59, 0x5B9BA8, 0x1F4E5F, 0xF79646,
                                                       0xC0504D};
        for (int b = 0; b < DA_AR_BUCKETS && chart; b++) {
            lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
            if (!s) {
                chart = NULL;
                break;
            }
            chart_series_set_categories(s, sh->name, 1, 0, last, 0);
            chart_series_set_values(s, sh->name, 1, (lxw_col_t)(b + 1), last, (lxw_col_t)(b + 1));
            chart_series_set_name(s, names[b]);
            lxw_chart_fill fill = {.color = colors[b]};
            chart_series_set_fill(s, &fill);
        }
        if (!chart) {
            err = DA_ERR_XLSX;
        } else {
            chart_title_set_name(chart, "Unpaid charges by age and payer");
            chart_axis_set_num_format(chart->y_axis, "$#,##0");
            chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
            lxw_chart_options opt = {.x_scale = 1.5, .y_scale = 1.1};
            keep(w, worksheet_insert_chart_opt(sh->ws, sh->row + 2, 0, chart, &opt));
        }
    }
    free(rows);
    return err;
}

/* A rule and provider compared across the two periods. */
typedef struct trend_key {
    const char *rule;     /* rule id */
    const char *category; /* category */
    const char *provider; /* provider */
    size_t before, now;   /* findings in the earlier and the current period */
} trend_key;

static trend_key *trend_get(trend_key **keys, size_t *n, size_t *cap, const char *rule,
                            const char *category, const char *provider)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*keys)[i].rule, rule) == 0 && strcmp((*keys)[i].provider, provider) == 0)
            return &(*keys)[i];
    da_grow((void **)keys, cap, *n + 1, sizeof(**keys));
    trend_key *k = &(*keys)[(*n)++];
    *k = (trend_key){rule, category, provider, 0, 0};
    return k;
}

static int trend_cmp(const void *a, const void *b)
{
    const trend_key *x = a, *y = b;
    bool rx = x->before && x->now, ry = y->before && y->now;
    if (rx != ry)
        return rx ? -1 : 1;
    int c = strcmp(x->rule, y->rule);
    return c ? c : strcmp(x->provider, y->provider);
}

static const column trend_cols[] = {
    {"Rule", 28, false},          {"Category", 14, false},
    {"Provider", 26, false},      {"Earlier period findings", 14, false},
    {"This period findings", 14, false}, {"Status", 12, false},
};

static void write_trend(writer *w, sheet *sh, const totals *t)
{
    const da_previous *pv = w->r->previous;
    long before_days = pv->first != DA_DATE_NONE ? (long)pv->last - (long)pv->first + 1 : 0;
    /* Earlier leak by category: counted under-billing, as on the Summary. */
    da_cents before[NCATEGORIES + 1] = {0}, before_over = 0, before_denial = 0;
    for (size_t i = 0; i < pv->count; i++) {
        const da_prev_finding *f = &pv->items[i];
        if (strcmp(f->confidence, "low") == 0)
            continue;
        if (strcmp(f->direction, "over") == 0)
            before_over += f->amount;
        if (strcmp(f->direction, "denial") == 0)
            before_denial += f->amount;
        if (strcmp(f->direction, "under") != 0)
            continue;
        size_t c = 0;
        while (c < NCATEGORIES && strcmp(CATEGORIES[c].id, f->category) != 0)
            c++;
        before[c] += f->amount;
    }
    static const char *const heads[] = {"Category", "Earlier leak", "Earlier, annualized",
                                        "This period leak", "This period, annualized",
                                        "Change, annualized"};
    for (size_t c = 0; c < 6; c++)
        put_str(w, sh, (lxw_col_t)c, heads[c], w->head);
    worksheet_freeze_panes(sh->ws, 1, 0);
    sh->row = 1;
    for (size_t c = 0; c <= NCATEGORIES; c++) {
        da_cents now = 0;
        for (size_t k = 0; k < t->ncats && c < NCATEGORIES; k++)
            if (strcmp(t->cats[k].name, CATEGORIES[c].id) == 0)
                now = t->cats[k].under;
        if (c == NCATEGORIES)
            now = t->under;
        da_cents was = before[c];
        if (c == NCATEGORIES) /* every category, those the list does not know included */
            for (size_t k = 0; k < NCATEGORIES; k++)
                was += before[k];
        if (c < NCATEGORIES && !was && !now)
            continue;
        put_str(w, sh, 0, c == NCATEGORIES ? "All categories" : CATEGORIES[c].label,
                c == NCATEGORIES ? w->bold : NULL);
        double wa = annualize(was, before_days), na = annualize(now, t->days);
        put_money(w, sh, 1, (double)was);
        put_money(w, sh, 2, wa);
        put_money(w, sh, 3, (double)now);
        put_money(w, sh, 4, na);
        put_num(w, sh, 5, (na - wa) / 100.0, w->money);
        sh->row++;
    }
    struct {
        const char *what; /* label */
        da_cents was;     /* earlier amount */
        da_cents now;     /* current amount */
    } other[] = {{"Recoverable denials", before_denial, t->denial},
                 {"Over-billing exposure (not netted)", before_over, t->over}};
    for (size_t i = 0; i < 2; i++) {
        double wa = annualize(other[i].was, before_days), na = annualize(other[i].now, t->days);
        put_str(w, sh, 0, other[i].what, NULL);
        put_money(w, sh, 1, (double)other[i].was);
        put_money(w, sh, 2, wa);
        put_money(w, sh, 3, (double)other[i].now);
        put_money(w, sh, 4, na);
        put_num(w, sh, 5, (na - wa) / 100.0, w->money);
        sh->row++;
    }
    char note[200], a[11], b[11];
    da_date_format(pv->first, a);
    da_date_format(pv->last, b);
    snprintf(note, sizeof(note),
             "Earlier period: findings dated %s to %s (%ld days), from the --previous file; "
             "annualized figures make periods of different length comparable.",
             a[0] ? a : "?", b[0] ? b : "?", before_days);
    put_str(w, sh, 0, note, w->note);
    sh->row += 2;

    /* Which findings recur: the same rule for the same provider in both periods. */
    trend_key *keys = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < pv->count; i++)
        trend_get(&keys, &n, &cap, pv->items[i].rule, pv->items[i].category,
                  pv->items[i].provider)->before++;
    const da_dataset *d = w->r->data;
    for (size_t i = 0; i < w->r->findings->count; i++) {
        const da_finding *f = &w->r->findings->items[i];
        trend_get(&keys, &n, &cap, f->rule, f->category, d->encounters[f->encounter].provider)
            ->now++;
    }
    da_sort(keys, n, sizeof(*keys), trend_cmp);
    put_str(w, sh, 0, "Findings that recur (same rule, same provider)", w->bold);
    sh->row++;
    lxw_row_t head = sh->row;
    for (size_t c = 0; c < 6; c++)
        put_str(w, sh, (lxw_col_t)c, trend_cols[c].header, w->head);
    sh->row++;
    for (size_t i = 0; i < n; i++) {
        put_str(w, sh, 0, keys[i].rule, NULL);
        put_str(w, sh, 1, keys[i].category, NULL);
        put_str(w, sh, 2, keys[i].provider, NULL);
        put_count(w, sh, 3, keys[i].before);
        put_count(w, sh, 4, keys[i].now);
        put_str(w, sh, 5, keys[i].before && keys[i].now ? "recurring"
                          : keys[i].now                 ? "new"
                                                        : "resolved",
                NULL);
        sh->row++;
    }
    if (w->lerr == LXW_NO_ERROR)
        keep(w, worksheet_autofilter(sh->ws, head, 0, sh->row - 1, 5));
    for (size_t c = 0; c < 6; c++)
        keep(w, worksheet_set_column(sh->ws, (lxw_col_t)c, (lxw_col_t)c, c == 0 ? 36 : 20, NULL));
    free(keys);
}

/* ---- the workbook ---- */

typedef enum skind { S_DETAIL, S_DENIALS, S_PAYERS, S_AR, S_FINDINGS, S_DQ, S_RULES, S_TREND } skind;

/* One sheet of the workbook (and its parts when it is split). */
typedef struct plan_sheet {
    skind kind;             /* what it holds */
    const char *name;       /* sheet name */
    const da_detail *table; /* S_DETAIL, S_DENIALS: the detail table (may be NULL for Denials) */
    size_t rows;            /* data rows, for splitting */
    sheet *parts;           /* its parts */
    size_t nparts;          /* parts */
    panel pn;               /* S_DENIALS, E&M: the panel, built before the cells are written */
    double cost;            /* estimated bytes of XML, to share the cells between threads */
    int side;               /* 0: cells written by the main thread, 1: by the helper */
} plan_sheet;

typedef struct plan {
    plan_sheet *items; /* sheets after the Summary, in order */
    size_t count, cap; /* used and allocated */
} plan;

static bool planned(const plan *p, const char *name)
{
    for (size_t i = 0; i < p->count; i++)
        if (strcmp(p->items[i].name, name) == 0)
            return true;
    return false;
}

static const da_detail *table_named(const da_report *r, const char *name)
{
    if (!r->details)
        return NULL;
    const da_detail *t = da_details_find(r->details, name);
    return t && t->nrows > 0 ? t : NULL;
}

static bool known_sheet(const char *name)
{
    for (size_t i = 0; i < NSHEETS; i++)
        if (strcmp(SHEETS[i], name) == 0)
            return true;
    return false;
}

/* Adds the named sheet when it has content. */
static void plan_add(writer *w, plan *p, const char *name)
{
    const da_report *r = w->r;
    if (planned(p, name))
        return;
    plan_sheet s = {.name = name};
    if (strcmp(name, "Findings") == 0) {
        s.kind = S_FINDINGS;
        s.rows = r->findings->count;
    } else if (strcmp(name, "Data Quality") == 0) {
        s.kind = S_DQ;
        s.rows = r->data->dq.count;
    } else if (strcmp(name, "Rules") == 0) {
        s.kind = S_RULES;
    } else if (strcmp(name, "Trend") == 0) {
        if (!r->previous)
            return;
        s.kind = S_TREND;
    } else if (strcmp(name, "Payers") == 0) {
        if (!r->data->nclaims)
            return;
        s.kind = S_PAYERS;
    } else if (strcmp(name, "AR Aging") == 0) {
        da_ar_row *rows;
        size_t n;
        da_ar_aging_build(r->data, w->as_of, &rows, &n);
        free(rows);
        if (!n)
            return;
        s.kind = S_AR;
    } else if (strcmp(name, "Denials") == 0) {
        s.table = table_named(r, name);
        if (!s.table && !w->dstats.denied)
            return;
        s.kind = S_DENIALS;
        s.rows = s.table ? s.table->nrows : 0;
    } else {
        s.table = table_named(r, name);
        if (!s.table)
            return;
        s.kind = S_DETAIL;
        s.rows = s.table->nrows;
    }
    s.nparts = s.kind == S_FINDINGS || s.kind == S_DQ || s.kind == S_DETAIL || s.kind == S_DENIALS
                   ? parts_for(s.rows, w->rows_per_sheet)
                   : 1;
    da_grow((void **)&p->items, &p->cap, p->count + 1, sizeof(*p->items));
    p->items[p->count++] = s;
}

/* A detail table's sheet name made safe for Excel: at most 25 characters
 * (room for " (99)") without []:*?/\ characters. */
static const char *safe_name(writer *w, const char *name)
{
    char out[26];
    size_t n = 0;
    for (const char *c = name; *c && n < sizeof(out) - 1; c++)
        out[n++] = strchr("[]:*?/\\", *c) ? '-' : *c;
    out[n] = '\0';
    return da_arena_strdup(w->arena, n ? out : "Detail");
}

static void plan_build(writer *w, plan *p)
{
    size_t pos = 0, len;
    const char *v;
    bool listed = false;
    while (da_template_next(w->tpl, "sheets", &pos, &v, &len)) {
        listed = true;
        const char *end = v + len;
        while (v < end) {
            const char *comma = memchr(v, ',', (size_t)(end - v));
            const char *stop = comma ? comma : end;
            const char *a = v, *b = stop;
            while (a < b && (*a == ' ' || *a == '\t'))
                a++;
            while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
                b--;
            for (size_t i = 0; i < NSHEETS; i++)
                if (strlen(SHEETS[i]) == (size_t)(b - a) && memcmp(SHEETS[i], a, (size_t)(b - a)) == 0) {
                    /* Tables a family made under a name the list does not know go
                     * before Findings. */
                    if (strcmp(SHEETS[i], "Findings") == 0 && w->r->details)
                        for (size_t k = 0; k < w->r->details->count; k++) {
                            const da_detail *t = &w->r->details->items[k];
                            if (!known_sheet(t->sheet) && t->nrows)
                                plan_add(w, p, safe_name(w, t->sheet));
                        }
                    plan_add(w, p, SHEETS[i]);
                }
            v = comma ? comma + 1 : end;
        }
    }
    if (!listed)
        for (size_t i = 0; i < NSHEETS; i++)
            plan_add(w, p, SHEETS[i]);
    if (w->r->previous)
        plan_add(w, p, "Trend");
}

/* Rough bytes of XML for the findings, the data quality entries and a
 * detail table. */
static double findings_estimate(const da_finding_list *fl)
{
    double bytes = 0;
    for (size_t i = 0; i < fl->count; i++)
        bytes += 900.0 + 6.0 * (double)strlen(fl->items[i].evidence);
    return bytes;
}

static double dq_estimate(const da_dataset *d)
{
    return 300.0 * (double)d->dq.count;
}

static double detail_estimate(const da_detail *t)
{
    return t ? 120.0 * (double)(t->nrows * t->ncolumns) : 0;
}

/* Rough bytes of sheet XML, to decide on zip64. */
static double xml_estimate(const da_report *r)
{
    double bytes = dq_estimate(r->data) + 250.0 * (double)r->data->nclaims +
                   findings_estimate(r->findings);
    for (size_t i = 0; r->details && i < r->details->count; i++)
        bytes += detail_estimate(&r->details->items[i]);
    return bytes;
}

static lxw_format *new_format(writer *w)
{
    return workbook_add_format(w->wb);
}

static void add_formats(writer *w)
{
    w->bold = new_format(w);
    format_set_bold(w->bold);
    w->bold_top = new_format(w);
    format_set_bold(w->bold_top);
    format_set_align(w->bold_top, LXW_ALIGN_VERTICAL_TOP);
    w->head = new_format(w);
    format_set_bold(w->head);
    format_set_bg_color(w->head, COLOR_HEAD);
    format_set_bottom(w->head, LXW_BORDER_THIN);
    format_set_text_wrap(w->head);
    format_set_align(w->head, LXW_ALIGN_VERTICAL_TOP);
    w->title = new_format(w);
    format_set_bold(w->title);
    format_set_font_size(w->title, 18);
    format_set_font_color(w->title, COLOR_BAND);
    format_set_align(w->title, LXW_ALIGN_VERTICAL_CENTER);
    w->band = new_format(w);
    format_set_bold(w->band);
    format_set_font_size(w->band, 12);
    format_set_font_color(w->band, LXW_COLOR_WHITE);
    format_set_bg_color(w->band, COLOR_BAND);
    format_set_align(w->band, LXW_ALIGN_VERTICAL_CENTER);
    w->money = new_format(w);
    format_set_num_format(w->money, "$#,##0.00");
    w->money0 = new_format(w);
    format_set_num_format(w->money0, "$#,##0");
    w->big = new_format(w);
    format_set_num_format(w->big, "$#,##0.00");
    format_set_bold(w->big);
    format_set_font_size(w->big, 14);
    format_set_font_color(w->big, COLOR_BAND);
    format_set_bg_color(w->big, COLOR_CARD);
    w->card = new_format(w);
    format_set_bold(w->card);
    format_set_bg_color(w->card, COLOR_CARD);
    format_set_align(w->card, LXW_ALIGN_VERTICAL_CENTER);
    w->pct = new_format(w);
    format_set_num_format(w->pct, "0.0%");
    w->ratio = new_format(w);
    format_set_num_format(w->ratio, "0.00");
    w->num1 = new_format(w);
    format_set_num_format(w->num1, "0.0");
    w->date = new_format(w);
    format_set_num_format(w->date, "yyyy-mm-dd");
    w->wrap = new_format(w);
    format_set_text_wrap(w->wrap);
    format_set_align(w->wrap, LXW_ALIGN_VERTICAL_TOP);
    w->note = new_format(w);
    format_set_italic(w->note);
    format_set_font_color(w->note, 0x595959);
    format_set_font_size(w->note, 9);
    format_set_text_wrap(w->note);
    format_set_align(w->note, LXW_ALIGN_VERTICAL_TOP);
}

/* Fills the placeholders from the totals; the strings live in text. */
static void set_vars(writer *w, const totals *t, char text[][32])
{
    const da_report *r = w->r;
    da_date_format(r->from, text[0]);
    da_date_format(r->to, text[1]);
    snprintf(text[2], 32, "%ld", t->days);
    money_text((double)t->under, text[3]);
    money_text(annualize(t->under, t->days), text[4]);
    money_text((double)t->denial, text[5]);
    money_text(annualize(t->denial, t->days), text[6]);
    money_text((double)t->over, text[7]);
    money_text(annualize(t->over, t->days), text[8]);
    snprintf(text[9], 32, "%zu", t->gaps);
    if (w->dstats.claims)
        snprintf(text[10], 32, "%.1f%%",
                 100.0 * (double)w->dstats.denied_claims / (double)w->dstats.claims);
    else
        snprintf(text[10], 32, "n/a");
    snprintf(text[11], 32, "%.1f%%", 100.0 * DA_DENIAL_BENCHMARK);
    da_date_format(w->as_of, text[12]);
    set_var(w, "practice", r->practice ? r->practice : "");
    set_var(w, "basis", r->fees_source ? r->fees_source : "");
    set_var(w, "from", text[0][0] ? text[0] : "unknown");
    set_var(w, "to", text[1][0] ? text[1] : "unknown");
    set_var(w, "days", t->days > 0 ? text[2] : "unknown");
    set_var(w, "leak", text[3]);
    set_var(w, "leak_annual", text[4]);
    set_var(w, "denials", text[5]);
    set_var(w, "denials_annual", text[6]);
    set_var(w, "over", text[7]);
    set_var(w, "over_annual", text[8]);
    set_var(w, "gaps", text[9]);
    set_var(w, "denial_rate", text[10]);
    set_var(w, "benchmark", text[11]);
    set_var(w, "as_of", text[12][0] ? text[12] : "unknown");
}

/* "A sheet holds at most N rows: Findings runs over 2 sheets, ..." or "". */
static void split_note(const plan *p, char *out, size_t size)
{
    out[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < p->count && used < size; i++) {
        if (p->items[i].nparts < 2)
            continue;
        int n = snprintf(out + used, size - used, "%s%s runs over %zu sheets",
                         used ? ", " : "", p->items[i].name, p->items[i].nparts);
        used += n > 0 ? (size_t)n : 0;
    }
    if (used && used < size) {
        char head[96];
        snprintf(head, sizeof(head), "A sheet holds at most %u rows: ", DA_SHEET_ROWS_MAX);
        size_t hl = strlen(head);
        if (used + hl + 2 < size) {
            memmove(out + hl, out, used + 1);
            memcpy(out, head, hl);
            strcat(out, ".");
        }
    }
}

/* Sheets of cells only, which may be written on a helper thread: their
 * writes touch nothing but their own worksheets (see write_cells_shared). */
static bool cell_sheet(const plan_sheet *s)
{
    return s->kind == S_FINDINGS || s->kind == S_DQ || s->kind == S_DETAIL ||
           s->kind == S_DENIALS;
}

/* Builds a cell sheet's panel and its cost, on the main thread (the panels
 * take their strings from the writer's arena). The cost is the XML the
 * sheet comes to: on the 10x sample about 35% of the zip64 estimate for a
 * detail table and 75% for the findings. */
static void prepare_sheet(writer *w, plan_sheet *s)
{
    const da_report *r = w->r;
    switch (s->kind) {
    case S_FINDINGS: s->cost = 0.75 * findings_estimate(r->findings); break;
    case S_DQ: s->cost = 0.35 * dq_estimate(r->data); break;
    case S_DENIALS:
        denial_panel(w, &s->pn);
        s->cost = 0.35 * detail_estimate(s->table);
        break;
    case S_DETAIL:
        if (strcmp(s->name, "E&M") == 0)
            em_panel(w, s->table, &s->pn);
        s->cost = 0.35 * detail_estimate(s->table);
        break;
    default: break;
    }
}

/* The cells of a cell sheet. Safe on any thread as long as each sheet is
 * written by one thread and w is that thread's own writer. */
static void write_cells(writer *w, plan_sheet *s)
{
    const da_report *r = w->r;
    switch (s->kind) {
    case S_FINDINGS:
        write_parts(w, s->parts, r->findings->count, w->rows_per_sheet, finding_cols,
                    sizeof(finding_cols) / sizeof(finding_cols[0]), finding_row);
        /* IDs are text on purpose: no "number stored as text" triangles. */
        for (size_t i = 0; i < s->nparts; i++)
            keep(w, worksheet_ignore_errors(s->parts[i].ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT,
                                            "A1:XFD1048576"));
        break;
    case S_DQ:
        write_parts(w, s->parts, r->data->dq.count, w->rows_per_sheet, dq_cols,
                    sizeof(dq_cols) / sizeof(dq_cols[0]), dq_row);
        break;
    case S_DENIALS: write_detail(w, s->parts, s->nparts, s->table, &s->pn); break;
    case S_DETAIL:
        write_detail(w, s->parts, s->nparts, s->table, s->pn.count ? &s->pn : NULL);
        break;
    default: break;
    }
}

/* Everything of a sheet that is not a cell sheet's cells: the workbook-level
 * parts (charts) and the small sheets, on the main thread in sheet order so
 * the charts are numbered as the sheets are ordered. */
static da_error write_sheet(writer *w, plan_sheet *s, const totals *t)
{
    switch (s->kind) {
    case S_FINDINGS:
    case S_DQ: return DA_OK;
    case S_DENIALS: return detail_charts(w, s->parts, s->table, &s->pn);
    case S_DETAIL: return s->pn.count ? detail_charts(w, s->parts, s->table, &s->pn) : DA_OK;
    case S_RULES:
        write_parts(w, s->parts, da_catalog_count(), DA_SHEET_ROWS_MAX, rule_cols,
                    sizeof(rule_cols) / sizeof(rule_cols[0]), rule_row);
        return DA_OK;
    case S_PAYERS: return write_payers(w, &s->parts[0]);
    case S_AR: return write_ar(w, &s->parts[0]);
    case S_TREND: write_trend(w, &s->parts[0], t); return DA_OK;
    }
    return DA_OK;
}

/* The cell sheets of one side, in sheet order; stops at a library error. */
static void write_side(writer *w, plan *p, int side)
{
    for (size_t i = 0; i < p->count && w->lerr == LXW_NO_ERROR; i++)
        if (cell_sheet(&p->items[i]) && p->items[i].side == side)
            write_cells(w, &p->items[i]);
}

/* The helper thread's share of the cells. */
typedef struct cell_job {
    writer w; /* the helper's own writer: its first error, its scratch copy */
    plan *p;  /* the sheets; the helper writes those of side 1 */
} cell_job;

static void *cell_job_run(void *arg)
{
    cell_job *job = arg;
    write_side(&job->w, job->p, 1);
    return NULL;
}

static int workbook_threads; /* da_workbook_set_threads: 0 = one per core, at most 2 */

void da_workbook_set_threads(int n)
{
    workbook_threads = n < 0 ? 0 : n;
}

/* Two threads when there are two cores (or the caller asks for them), at
 * least two cell sheets and, unless asked, enough XML to be worth it. */
static bool use_helper(const plan *p)
{
    size_t n = 0;
    double cost = 0;
    for (size_t i = 0; i < p->count; i++)
        if (cell_sheet(&p->items[i])) {
            n++;
            cost += p->items[i].cost;
        }
    if (n < 2 || workbook_threads == 1)
        return false;
    if (workbook_threads >= 2)
        return true;
    return sysconf(_SC_NPROCESSORS_ONLN) >= 2 && cost >= THREAD_MIN_XML;
}

/* Shares the cell sheets between the two sides, the costliest first to the
 * side with less so far. */
static void share_sheets(plan *p)
{
    double load[2] = {0, 0};
    for (;;) {
        plan_sheet *next = NULL;
        for (size_t i = 0; i < p->count; i++) {
            plan_sheet *s = &p->items[i];
            if (cell_sheet(s) && s->side < 0 && (!next || s->cost > next->cost))
                next = s;
        }
        if (!next)
            return;
        next->side = load[1] < load[0] ? 1 : 0;
        load[next->side] += next->cost;
    }
}

/* Writes the cells of the cell sheets, on two threads when use_helper says
 * so. Nothing the threads share is written while they run: the writer is
 * copied for the helper, charts, sheets and names are left to the main
 * thread, and no format is used for the first time. The library numbers a
 * format on its first use, in the workbook's table (lxw_format_get_xf_index);
 * once numbered, a use only reads its xf_index. The Summary, written first,
 * normally uses every format the cells use; when it has not (no period
 * dates, say), the cells stay on this thread so that formats are numbered
 * in order of first use, as they always were. */
static void write_cells_shared(writer *w, plan *p)
{
    const lxw_format *const used[] = {w->head, w->wrap, w->bold, w->money, w->pct, w->date};
    bool numbered = true;
    for (size_t i = 0; i < sizeof(used) / sizeof(used[0]); i++)
        numbered = numbered && used[i]->xf_index != LXW_PROPERTY_UNSET;
    bool two = numbered && use_helper(p);
    for (size_t i = 0; i < p->count; i++)
        p->items[i].side = two ? -1 : 0;
    if (two)
        share_sheets(p);
    cell_job job = {.w = *w, .p = p};
    job.w.scratch = NULL;
    job.w.scratch_cap = 0;
    job.w.arena = NULL; /* the arena is not for the helper */
    pthread_t helper;
    bool started = two && pthread_create(&helper, NULL, cell_job_run, &job) == 0;
    write_side(w, p, 0);
    if (started)
        pthread_join(helper, NULL);
    else if (two)
        cell_job_run(&job);
    keep(w, job.w.lerr);
    free(job.w.scratch);
}

da_error da_workbook_write_split(const char *path, const da_report *r, size_t rows_per_sheet)
{
    if (!path || !r || !r->data || !r->findings || rows_per_sheet < 1 ||
        rows_per_sheet > DA_SHEET_ROWS_MAX)
        return DA_ERR_USAGE;
    lxw_doc_properties props = {0};
    if (r->created && !parse_created(r->created, &props.created))
        return DA_ERR_USAGE;
    da_error err = da_catalog_load();
    if (err != DA_OK)
        return err;
    da_template *own_tpl = NULL;
    if (!r->tpl && (err = da_template_load(DA_TEMPLATE_DEFAULT, &own_tpl)) != DA_OK)
        return err;
    totals t;
    err = totals_build(r, &t);
    if (err != DA_OK) {
        totals_free(&t);
        da_template_free(own_tpl);
        return err;
    }

    writer w = {.r = r, .tpl = r->tpl ? r->tpl : own_tpl, .rows_per_sheet = rows_per_sheet};
    w.arena = da_arena_new();
    w.as_of = r->as_of != 0 && r->as_of != DA_DATE_NONE ? r->as_of : r->to;
    da_denial_stats_build(r->data, &w.dstats);
    char var_text[13][32];
    set_vars(&w, &t, var_text);
    plan p = {0};
    plan_build(&w, &p);
    /* libxlsxwriter keeps sheet data in unlinked temporary files and ignores
     * failed writes to them: kept in the report's own directory instead of
     * /tmp, a disk that fills there also fails the final write, which is
     * checked, rather than truncating a sheet without a word. */
    char tmpdir[4096];
    const char *near = r->beside ? r->beside : path;
    const char *slash = strrchr(near, '/');
    snprintf(tmpdir, sizeof(tmpdir), "%.*s", slash ? (int)(slash - near) : 1,
             slash ? (slash == near ? "/" : near) : ".");
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE,
                                .tmpdir = tmpdir,
                                .use_zip64 = xml_estimate(r) > ZIP64_ESTIMATE};
    w.wb = workbook_new_opt(path, &opt);
    if (!w.wb) {
        err = DA_ERR_XLSX;
        goto done;
    }
    add_formats(&w);

    sheet summary = {0};
    add_parts(&w, "Summary", &summary, 1);
    for (size_t i = 0; i < p.count; i++) {
        p.items[i].parts = da_xcalloc(p.items[i].nparts, sizeof(sheet));
        add_parts(&w, p.items[i].name, p.items[i].parts, p.items[i].nparts);
    }
    char note[1024];
    split_note(&p, note, sizeof(note));
    if (w.lerr == LXW_NO_ERROR) {
        err = write_summary(&w, &summary, &t, note);
        summary_layout(&w, &summary);
    }
    for (size_t i = 0; i < p.count; i++)
        prepare_sheet(&w, &p.items[i]);
    if (err == DA_OK && w.lerr == LXW_NO_ERROR)
        write_cells_shared(&w, &p);
    for (size_t i = 0; i < p.count && err == DA_OK && w.lerr == LXW_NO_ERROR; i++)
        err = write_sheet(&w, &p.items[i], &t);

    char title[] = "Revenue integrity assessment", author[] = "dermaudit " DERMAUDIT_VERSION;
    props.title = title;
    props.author = author;
    keep(&w, workbook_set_properties(w.wb, &props));
    /* workbook_close frees the workbook whatever it returns. */
    keep(&w, workbook_close(w.wb));
    if (err == DA_OK && w.lerr != LXW_NO_ERROR)
        err = DA_ERR_XLSX;
done:
    for (size_t i = 0; i < p.count; i++) {
        free(p.items[i].parts);
        panel_free(&p.items[i].pn);
    }
    free(p.items);
    da_denial_stats_free(&w.dstats);
    da_arena_free(w.arena);
    totals_free(&t);
    free(w.scratch);
    da_template_free(own_tpl);
    return err;
}

da_error da_workbook_write(const char *path, const da_report *report)
{
    return da_workbook_write_split(path, report, DA_SHEET_ROWS_MAX);
}
