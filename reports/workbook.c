/* workbook.c - the audit workbook: Summary, Findings, Data Quality and Rules.
 *
 * Written in libxlsxwriter's constant-memory mode, so each sheet's rows go
 * out strictly top to bottom: every total is worked out before the Summary
 * is started, and each autofilter is set right after its sheet's last row.
 * Every string passes cell_text on its way to the library (valid UTF-8, no
 * more than Excel's 32,767 characters) and every number passes isfinite:
 * either would otherwise give a file Excel calls corrupt. The library
 * formats doubles with snprintf, so LC_NUMERIC must stay "C": never call
 * setlocale here.
 */
#include "workbook.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#include "buf.h"
#include "embedded.h"
#include "mem.h"
#include "rules.h"
#include "text.h"

#if LXW_VERSION_ID < 114
#error "libxlsxwriter 1.1.4 or later is required"
#endif

/* Excel's cap on a cell, in UTF-16 units. libxlsxwriter counts code points,
 * which are never more, so text within this passes both. */
#define CELL_MAX 32767
#define TRUNCATED " [truncated]"
#define MAX_COLS 16          /* columns of the widest sheet, Findings */
#define TEXT_COLS 6          /* Summary paragraphs span columns A to F */
#define TEXT_LINE_CHARS 110  /* characters on one line of a paragraph across A:F */
#define TEMPLATE_NAME "templates/assessment.txt"
#define FILL_CEILING (16u << 20) /* a filled-in paragraph, before truncation */
/* Uncompressed size of the sheets above which the zip needs zip64 (limit
 * 4 GiB). Some Excel builds reject zip64 files that do not need it. */
#define ZIP64_ESTIMATE 3.0e9

typedef struct column {
    const char *header; /* header text */
    double width_max;   /* the widest the column grows to, in characters */
    bool wrap;          /* long text: always width_max wide, wrapped */
} column;

typedef struct sheet {
    lxw_worksheet *ws;       /* the worksheet */
    lxw_row_t row;           /* row being written */
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

typedef struct totals {
    cat_total *cats;            /* categories, the ten known ones first */
    size_t ncats, cats_cap;     /* used and allocated */
    da_cents under, over, denial; /* counted amounts by direction */
    size_t gaps;                /* documentation gap findings */
    size_t low;                 /* low-confidence findings left out of the amounts */
    long days;                  /* days in the period, 0 when it is unknown */
} totals;

typedef struct writer {
    lxw_workbook *wb;      /* the workbook being written */
    const da_report *r;    /* what to write */
    lxw_error lerr;        /* first library error; writes after it are skipped */
    lxw_format *bold;      /* header rows and section titles */
    lxw_format *title;     /* the Summary's first row */
    lxw_format *money;     /* $#,##0.00 */
    lxw_format *date;      /* yyyy-mm-dd */
    lxw_format *wrap;      /* long text: wrapped, top aligned */
    char *scratch;         /* cell_text's copy of a string it had to change */
    size_t scratch_cap;    /* bytes allocated */
    var vars[14];          /* template placeholders */
    size_t nvars;          /* placeholders used */
} writer;

/* Categories in the order the rules document them. */
static const char *const categories[] = {"lesion",   "repair", "mohs", "pathology", "cosmetic",
                                         "modifier", "drug",   "em",   "denial",    "payment"};

static void keep(writer *w, lxw_error e)
{
    if (e != LXW_NO_ERROR && w->lerr == LXW_NO_ERROR)
        w->lerr = e;
}

/* s fit for a cell: valid UTF-8 (a corrupt file otherwise), CR and CRLF as
 * LF (Excel breaks wrapped lines on LF only), and at most CELL_MAX UTF-16
 * units, cut on a code-point boundary and marked. Returns s when it needs
 * no change, else the writer's scratch copy, valid until the next call. */
static const char *cell_text(writer *w, const char *s)
{
    size_t len = strlen(s);
    /* Each UTF-16 unit takes at least one UTF-8 byte. */
    if (len <= CELL_MAX && !memchr(s, '\r', len) && da_utf8_valid(s, len))
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
    const size_t keep_units = CELL_MAX - (sizeof(TRUNCATED) - 1);
    size_t units = 0, cut = len;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)out[i];
        size_t bytes = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        size_t u = bytes == 4 ? 2 : 1; /* outside the BMP: a surrogate pair */
        if (cut == len && units + u > keep_units)
            cut = i;
        units += u;
        if (units > CELL_MAX) {
            memcpy(out + cut, TRUNCATED, sizeof(TRUNCATED) - 1);
            len = cut + sizeof(TRUNCATED) - 1;
            break;
        }
        i += bytes;
    }
    out[len] = '\0';
    return out;
}

static void track(sheet *sh, lxw_col_t col, double chars)
{
    if (col < MAX_COLS && chars > sh->width[col])
        sh->width[col] = chars;
}

static void put_str(writer *w, sheet *sh, lxw_col_t col, const char *s, lxw_format *fmt)
{
    if (w->lerr != LXW_NO_ERROR)
        return;
    const char *t = cell_text(w, s);
    track(sh, col, (double)da_utf8_count(t, strlen(t)));
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
    char text[64];
    int n = snprintf(text, sizeof(text), "%.0f", fabs(v));
    track(sh, col, n * 4.0 / 3.0 + 4.0); /* thousands separators, cents, sign */
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

/* Adds up the findings; DA_ERR_INTERNAL when one points past the dataset. */
static da_error totals_build(const da_report *r, totals *t)
{
    const da_dataset *d = r->data;
    memset(t, 0, sizeof(*t));
    for (size_t i = 0; i < sizeof(categories) / sizeof(categories[0]); i++)
        category_of(t, categories[i]);
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
    }
    return DA_OK;
}

/* Larger under-billing first; the documented category order breaks ties. */
static int by_under_desc(const void *a, const void *b)
{
    const cat_total *x = a, *y = b;
    if (x->under != y->under)
        return x->under > y->under ? -1 : 1;
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
    w->vars[w->nvars].name = name;
    w->vars[w->nvars].value = value;
    w->nvars++;
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
            if (strlen(w->vars[v].name) == name_len && memcmp(w->vars[v].name, open + 1, name_len) == 0)
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
        height = 15.0 * (double)(lines < 20 ? lines : 20);
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
    const da_embedded_file *tpl = da_embedded_find(TEMPLATE_NAME);
    if (!tpl)
        return DA_ERR_INTERNAL;
    const char *p = (const char *)tpl->data, *end = p + tpl->len;
    size_t key_len = strlen(key);
    da_buf text;
    da_buf_init(&text, FILL_CEILING);
    da_error err = DA_OK;
    while (err == DA_OK && p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        const char *next = nl ? nl + 1 : end;
        if (line_end > p && line_end[-1] == '\r')
            line_end--;
        size_t n = (size_t)(line_end - p);
        if (n > key_len && memcmp(p, key, key_len) == 0 && p[key_len] == ':') {
            const char *body = p + key_len + 1;
            while (body < line_end && *body == ' ')
                body++;
            da_buf_reset(&text);
            err = fill(w, body, (size_t)(line_end - body), &text);
            if (err == DA_OK)
                put_paragraph(w, sh, text.data ? text.data : "", fmt, height);
            if (first_only)
                break;
        }
        p = next;
    }
    da_buf_free(&text);
    return err;
}

/* A label in column A and a value written by the caller in column B. */
static void put_label(writer *w, sheet *sh, const char *label)
{
    put_str(w, sh, 0, label, NULL);
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

static da_error write_summary(writer *w, sheet *sh, totals *t, size_t finding_parts,
                              size_t dq_parts)
{
    const da_report *r = w->r;
    const da_dataset *d = r->data;
    char label[160];
    da_error err = put_template(w, sh, "title", true, w->title, 24.0);
    if (err == DA_OK)
        err = put_template(w, sh, "intro", false, w->wrap, 0);
    if (err != DA_OK)
        return err;
    sh->row++;

    put_label(w, sh, "Period start");
    put_date(w, sh, 1, r->from);
    sh->row++;
    put_label(w, sh, "Period end");
    put_date(w, sh, 1, r->to);
    sh->row++;
    put_label(w, sh, "Days in period");
    put_num(w, sh, 1, t->days > 0 ? (double)t->days : NAN, NULL);
    sh->row += 2;

    static const char *const file_headers[] = {"Input file", "Rows read", "Rows used",
                                               "Rows rejected", "Read = used + rejected"};
    for (lxw_col_t c = 0; c < 5; c++)
        put_str(w, sh, c, file_headers[c], w->bold);
    sh->row++;
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
    if (finding_parts > 1 || dq_parts > 1) {
        snprintf(label, sizeof(label),
                 "A sheet holds at most %u rows: findings run over %zu sheets, data-quality "
                 "entries over %zu.",
                 DA_SHEET_ROWS_MAX, finding_parts, dq_parts);
        put_label(w, sh, label);
        sh->row++;
    }
    sh->row++;

    err = put_template(w, sh, "money", false, w->wrap, 0);
    if (err != DA_OK)
        return err;
    struct {
        const char *what;   /* label before the period */
        da_cents cents;     /* amount in the period */
    } money[] = {
        {"Estimated revenue leak (under-billing)", t->under},
        {"Recoverable denials", t->denial},
        {"Over-billing exposure (billed beyond documentation)", t->over},
    };
    for (size_t i = 0; i < sizeof(money) / sizeof(money[0]); i++) {
        snprintf(label, sizeof(label), "%s, %ld-day period", money[i].what, t->days);
        if (t->days <= 0)
            snprintf(label, sizeof(label), "%s, audit period", money[i].what);
        put_label(w, sh, label);
        put_money(w, sh, 1, (double)money[i].cents);
        sh->row++;
        snprintf(label, sizeof(label), "%s, annualized", money[i].what);
        put_label(w, sh, label);
        put_money(w, sh, 1, annualize(money[i].cents, t->days));
        sh->row++;
    }
    put_label(w, sh, "Documentation gaps (findings)");
    put_count(w, sh, 1, t->gaps);
    sh->row++;
    put_label(w, sh, "Low-confidence findings (listed, not in the amounts)");
    put_count(w, sh, 1, t->low);
    sh->row++;
    put_label(w, sh, "Amounts are based on");
    put_str(w, sh, 1, r->fees_source ? r->fees_source : "", NULL);
    sh->row += 2;

    put_str(w, sh, 0, "Leak by category", w->bold);
    sh->row++;
    static const char *const cat_headers[] = {"Category", "Findings", "Under ($)",
                                              "Over ($)", "Denial ($)", "Gaps"};
    for (lxw_col_t c = 0; c < 6; c++)
        put_str(w, sh, c, cat_headers[c], w->bold);
    sh->row++;
    qsort(t->cats, t->ncats, sizeof(*t->cats), by_under_desc);
    lxw_row_t first = sh->row;
    for (size_t i = 0; i < t->ncats; i++) {
        const cat_total *c = &t->cats[i];
        if (!c->findings)
            continue;
        put_str(w, sh, 0, c->name, NULL);
        put_count(w, sh, 1, c->findings);
        put_money(w, sh, 2, (double)c->under);
        put_money(w, sh, 3, (double)c->over);
        put_money(w, sh, 4, (double)c->denial);
        put_count(w, sh, 5, c->gaps);
        sh->row++;
    }
    lxw_row_t last = sh->row; /* one past the table */
    sh->row++;
    err = put_template(w, sh, "close", false, w->wrap, 0);
    if (err != DA_OK || last == first || w->lerr != LXW_NO_ERROR)
        return err;

    /* Constant-memory charts carry no cached values: Excel computes them on open. */
    lxw_chart *chart = workbook_add_chart(w->wb, LXW_CHART_COLUMN);
    lxw_chart_series *series = chart ? chart_add_series(chart, NULL, NULL) : NULL;
    if (!series)
        return DA_ERR_XLSX;
    chart_series_set_categories(series, "Summary", first, 0, last - 1, 0);
    chart_series_set_values(series, "Summary", first, 2, last - 1, 2);
    chart_series_set_name(series, "Under-billing ($)");
    chart_title_set_name(chart, "Estimated revenue leak by category");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    keep(w, worksheet_insert_chart(sh->ws, sh->row + 1, 0, chart));
    return DA_OK;
}

/* Column widths for the Summary: labels wide, figures narrow. */
static void summary_layout(writer *w, sheet *sh)
{
    keep(w, worksheet_set_column(sh->ws, 0, 0, 58, NULL));
    keep(w, worksheet_set_column(sh->ws, 1, TEXT_COLS - 1, 16, NULL));
    worksheet_freeze_panes(sh->ws, 1, 0);
}

static void start_part(writer *w, sheet *sh, const column *cols, size_t ncols)
{
    for (size_t c = 0; c < ncols; c++) {
        put_str(w, sh, (lxw_col_t)c, cols[c].header, w->bold);
        sh->width[c] += 3; /* room for the filter button */
    }
    worksheet_freeze_panes(sh->ws, 1, 0);
    sh->row = 1;
}

/* Right after the part's last row, while constant-memory mode still allows
 * the autofilter over it. */
static void finish_part(writer *w, sheet *sh, const column *cols, size_t ncols)
{
    if (w->lerr != LXW_NO_ERROR)
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
    {"Evidence", 90, true},
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
    put_str(w, sh, 4, e->patient_id, NULL);
    put_date(w, sh, 5, e->dos);
    put_str(w, sh, 6, e->encounter_id, NULL);
    put_str(w, sh, 7, c ? c->claim_id : "", NULL);
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
    put_str(w, sh, 15, f->evidence, w->wrap);
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
        parts[i].ws = workbook_add_worksheet(w->wb, name);
        if (!parts[i].ws)
            keep(w, LXW_ERROR_PARAMETER_VALIDATION);
    }
}

/* Rough bytes of sheet XML, to decide on zip64. */
static double xml_estimate(const da_report *r)
{
    double bytes = 300.0 * (double)r->data->dq.count;
    for (size_t i = 0; i < r->findings->count; i++)
        bytes += 900.0 + 6.0 * (double)strlen(r->findings->items[i].evidence);
    return bytes;
}

static void add_formats(writer *w)
{
    w->bold = workbook_add_format(w->wb);
    format_set_bold(w->bold);
    w->title = workbook_add_format(w->wb);
    format_set_bold(w->title);
    format_set_font_size(w->title, 14);
    w->money = workbook_add_format(w->wb);
    format_set_num_format(w->money, "$#,##0.00");
    w->date = workbook_add_format(w->wb);
    format_set_num_format(w->date, "yyyy-mm-dd");
    w->wrap = workbook_add_format(w->wb);
    format_set_text_wrap(w->wrap);
    format_set_align(w->wrap, LXW_ALIGN_VERTICAL_TOP);
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
    totals t;
    err = totals_build(r, &t);
    if (err != DA_OK) {
        free(t.cats);
        return err;
    }

    writer w = {.r = r};
    char var_text[10][32];
    set_vars(&w, &t, var_text);
    /* libxlsxwriter keeps sheet data in unlinked temporary files and ignores
     * failed writes to them: kept in the report's own directory instead of
     * /tmp, a disk that fills there also fails the final write, which is
     * checked, rather than truncating a sheet without a word. */
    char tmpdir[4096];
    const char *slash = strrchr(path, '/');
    snprintf(tmpdir, sizeof(tmpdir), "%.*s", slash ? (int)(slash - path) : 1,
             slash ? (slash == path ? "/" : path) : ".");
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE,
                                .tmpdir = tmpdir,
                                .use_zip64 = xml_estimate(r) > ZIP64_ESTIMATE};
    w.wb = workbook_new_opt(path, &opt);
    if (!w.wb) {
        free(t.cats);
        return DA_ERR_XLSX;
    }
    add_formats(&w);

    size_t nfind = parts_for(r->findings->count, rows_per_sheet);
    size_t ndq = parts_for(r->data->dq.count, rows_per_sheet);
    sheet summary = {0}, rules = {0};
    sheet *find = da_xcalloc(nfind, sizeof(*find));
    sheet *dq = da_xcalloc(ndq, sizeof(*dq));
    add_parts(&w, "Summary", &summary, 1);
    add_parts(&w, "Findings", find, nfind);
    add_parts(&w, "Data Quality", dq, ndq);
    add_parts(&w, "Rules", &rules, 1);

    if (w.lerr == LXW_NO_ERROR) {
        err = write_summary(&w, &summary, &t, nfind, ndq);
        summary_layout(&w, &summary);
    }
    if (err == DA_OK && w.lerr == LXW_NO_ERROR) {
        write_parts(&w, find, r->findings->count, rows_per_sheet, finding_cols,
                    sizeof(finding_cols) / sizeof(finding_cols[0]), finding_row);
        /* IDs are text on purpose: no "number stored as text" triangles. */
        for (size_t i = 0; i < nfind; i++)
            keep(&w, worksheet_ignore_errors(find[i].ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT,
                                             "A1:XFD1048576"));
        write_parts(&w, dq, r->data->dq.count, rows_per_sheet, dq_cols,
                    sizeof(dq_cols) / sizeof(dq_cols[0]), dq_row);
        write_parts(&w, &rules, da_catalog_count(), DA_SHEET_ROWS_MAX, rule_cols,
                    sizeof(rule_cols) / sizeof(rule_cols[0]), rule_row);
    }

    char title[] = "Revenue integrity assessment", author[] = "dermaudit " DERMAUDIT_VERSION;
    props.title = title;
    props.author = author;
    keep(&w, workbook_set_properties(w.wb, &props));
    /* workbook_close frees the workbook whatever it returns. */
    keep(&w, workbook_close(w.wb));
    free(find);
    free(dq);
    free(t.cats);
    free(w.scratch);
    if (err != DA_OK)
        return err;
    return w.lerr != LXW_NO_ERROR ? DA_ERR_XLSX : DA_OK;
}

da_error da_workbook_write(const char *path, const da_report *report)
{
    return da_workbook_write_split(path, report, DA_SHEET_ROWS_MAX);
}
