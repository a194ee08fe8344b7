/* sheet.c - cells of the workbook's sheets: every string and number on its way to
 * libxlsxwriter (valid UTF-8, within Excel's cap, finite), row heights of
 * wrapped text, template paragraphs and the table parts of the long sheets
 * (see sheet.h).
 */
#include "sheet.h"

#include "scrub.h"

#include <ctype.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void wb_keep(writer *w, lxw_error e)
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

const char *wb_cell_text(writer *w, const char *s)
{
    if (!w->r->mask || !w->r->deidentify || !strpbrk(s, "0123456789"))
        return cell_text_max(w, s, CELL_MAX);
    /* --deidentify: a date in any text (a period, a deadline) to its year. */
    char *years = da_scrub_dates(s);
    const char *t = cell_text_max(w, years, CELL_MAX);
    if (t == years) {
        size_t len = strlen(years);
        da_grow((void **)&w->scratch, &w->scratch_cap, len + 1, 1);
        memcpy(w->scratch, years, len + 1);
        t = w->scratch;
    }
    free(years);
    return t;
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

/* Points per line of wrapped text in the default 11-point font. */
#define LINE_POINTS 15.0

/* Lines above which a row stops growing (Excel's row limit is 409 points). */
#define ROW_LINES_MAX 27u

/* Counts the lines a wrapped cell's text takes, for end_row's height:
 * words are not split, so a line holds a little less than the width. */
void wb_track_lines(const writer *w, sheet *sh, lxw_col_t col, const char *t,
                        const lxw_format *fmt)
{
    if (fmt != w->wrap || col >= MAX_COLS || sh->wrap_chars[col] <= 0)
        return;
    double per_line = sh->wrap_chars[col] * 0.95, run = 0;
    unsigned lines = 1;
    for (const char *c = t; *c; c++) {
        if (*c == '\n') {
            lines++;
            run = 0;
        } else if (((unsigned char)*c & 0xC0) != 0x80 && ++run > per_line) {
            lines++;
            run = 1;
        }
    }
    if (lines > sh->lines)
        sh->lines = lines;
}

/* Ends the current row: one that holds wrapped text gets the height of its
 * lines (neither Excel nor LibreOffice fits it on opening a written file),
 * so the text never runs over the next row. */
void wb_end_row(writer *w, sheet *sh)
{
    if (sh->lines > 1 && w->lerr == LXW_NO_ERROR)
        wb_keep(w, worksheet_set_row(sh->ws, sh->row,
                                  LINE_POINTS * (sh->lines < ROW_LINES_MAX ? sh->lines
                                                                           : ROW_LINES_MAX),
                                  NULL));
    sh->lines = 0;
    sh->row++;
}

void wb_put_str(writer *w, sheet *sh, lxw_col_t col, const char *s, lxw_format *fmt)
{
    if (w->lerr != LXW_NO_ERROR)
        return;
    const char *t = wb_cell_text(w, s);
    track_text(sh, col, t);
    wb_track_lines(w, sh, col, t, fmt);
    wb_keep(w, worksheet_write_string(sh->ws, sh->row, col, t, fmt ? fmt : w->top));
}

/* A number, or "n/a" where a NaN or infinity would corrupt the sheet. */
void wb_put_num(writer *w, sheet *sh, lxw_col_t col, double v, lxw_format *fmt)
{
    if (!isfinite(v)) {
        wb_put_str(w, sh, col, "n/a", NULL);
        return;
    }
    if (w->lerr != LXW_NO_ERROR)
        return;
    if (sh->measure) /* thousands separators, cents, sign */
        track(sh, col, integer_digits(fabs(v)) * 4.0 / 3.0 + 4.0);
    wb_keep(w, worksheet_write_number(sh->ws, sh->row, col, v, fmt ? fmt : w->top));
}

void wb_put_count(writer *w, sheet *sh, lxw_col_t col, size_t n)
{
    wb_put_num(w, sh, col, (double)n, NULL);
}

/* A money cell from cents; a float of cents (annualized) may be NaN. */
void wb_put_money(writer *w, sheet *sh, lxw_col_t col, double cents)
{
    wb_put_num(w, sh, col, cents / 100.0, w->money);
}

/* A share, blank-free: "n/a" when the denominator is 0. */
void wb_put_share(writer *w, sheet *sh, lxw_col_t col, double part, double whole)
{
    wb_put_num(w, sh, col, whole > 0 ? part / whole : NAN, w->pct);
}

/* A real date; blank when unknown, text outside Excel's years. */
void wb_put_date(writer *w, sheet *sh, lxw_col_t col, da_date date)
{
    if (date == DA_DATE_NONE)
        return;
    int y, m, d;
    da_date_to_ymd(date, &y, &m, &d);
    if (w->r->mask && w->r->deidentify) {
        char year[8];
        snprintf(year, sizeof(year), "%d", y);
        wb_put_str(w, sh, col, year, NULL);
        return;
    }
    if (y < 1900 || y > 9999) {
        char text[11];
        da_date_format(date, text);
        wb_put_str(w, sh, col, text, NULL);
        return;
    }
    if (w->lerr != LXW_NO_ERROR)
        return;
    lxw_datetime dt = {.year = y, .month = (uint8_t)m, .day = (uint8_t)d};
    track(sh, col, 10.0);
    wb_keep(w, worksheet_write_datetime(sh->ws, sh->row, col, &dt, w->date));
}

/* An identifier, as a pseudonym when the report is masked. */
void wb_put_id(writer *w, sheet *sh, lxw_col_t col, const char *prefix, const char *id)
{
    if (w->r->mask) {
        char p[DA_PSEUDONYM_LEN];
        da_mask_pseudonym(w->r->mask, prefix, id, p);
        wb_put_str(w, sh, col, p, NULL);
    } else {
        wb_put_str(w, sh, col, id, NULL);
    }
}

/* Note text: at most the evidence length, with identifiers scrubbed, when
 * the report is masked. */
void wb_put_note_text(writer *w, sheet *sh, lxw_col_t col, const char *s, lxw_format *fmt)
{
    if (!w->r->mask || w->lerr != LXW_NO_ERROR) {
        wb_put_str(w, sh, col, s, fmt);
        return;
    }
    char *scrubbed = da_scrub_phi(s, w->r->deidentify);
    const char *t = cell_text_max(w, scrubbed ? scrubbed : "[text withheld]", DA_EVIDENCE_CHARS);
    track_text(sh, col, t);
    wb_track_lines(w, sh, col, t, fmt);
    wb_keep(w, worksheet_write_string(sh->ws, sh->row, col, t, fmt));
    free(scrubbed);
}

/* "$1,234.56", or "$1,235" when dollars; "n/a" out of range. */
static void money_format(double cents, bool dollars, char out[32])
{
    if (!isfinite(cents) || cents < 0 || cents > 1e17) {
        strcpy(out, "n/a");
        return;
    }
    long long c = dollars ? llround(cents / 100.0) * 100 : llround(cents);
    char digits[24];
    int n = snprintf(digits, sizeof(digits), "%lld", c / 100);
    size_t o = 0;
    out[o++] = '$';
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    if (dollars)
        out[o] = '\0';
    else
        snprintf(out + o, 32 - o, ".%02lld", c % 100);
}

void da_money_text(double cents, char out[32])
{
    money_format(cents, false, out);
}

void da_money_text_dollars(double cents, char out[32])
{
    money_format(cents, true, out);
}

/* Cents scaled from the period to a year; NaN when the period is unknown. */
double wb_annualize(da_cents cents, long days)
{
    return da_compare_annual(cents, days);
}

/* Appends text with each known {name} replaced by its value. */
static da_error fill_text(const writer *w, const char *text, size_t len, da_buf *out)
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
void wb_put_paragraph(writer *w, sheet *sh, const char *text, lxw_format *fmt, double height)
{
    if (w->lerr != LXW_NO_ERROR)
        return;
    const char *t = wb_cell_text(w, text);
    if (height <= 0) {
        size_t lines = da_utf8_count(t, strlen(t)) / TEXT_LINE_CHARS + 1;
        height = 15.0 * (double)(lines < 20 ? lines : 20) + 3.0;
    }
    wb_keep(w, worksheet_set_row(sh->ws, sh->row, height, NULL));
    if (w->lerr == LXW_NO_ERROR)
        wb_keep(w, worksheet_merge_range(sh->ws, sh->row, 0, sh->row, TEXT_COLS - 1, t, fmt));
    sh->row++;
}

/* Writes the template lines with this key as paragraphs, only the first one
 * when first_only (the title). */
da_error wb_put_template(writer *w, sheet *sh, const char *key, bool first_only,
                             lxw_format *fmt, double height)
{
    da_buf text;
    da_buf_init(&text, FILL_CEILING);
    da_error err = DA_OK;
    size_t pos = 0, len;
    const char *v;
    while (err == DA_OK && da_template_next(w->tpl, key, &pos, &v, &len)) {
        da_buf_reset(&text);
        err = fill_text(w, v, len, &text);
        if (err == DA_OK)
            wb_put_paragraph(w, sh, text.data ? text.data : "", fmt, height);
        if (first_only)
            break;
    }
    da_buf_free(&text);
    return err;
}

/* The template's recommended action for a category, "" when none. */
const char *wb_template_action(writer *w, const char *category)
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
__attribute__((format(printf, 2, 3))) const char *wb_fmt_text(writer *w, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    return da_arena_strdup(w->arena, buf);
}

/* A label in column A. */
void wb_put_label(writer *w, sheet *sh, const char *label)
{
    wb_put_str(w, sh, 0, label, NULL);
}

/* A section title: a teal band across A:F. */
void wb_put_band(writer *w, sheet *sh, const char *title)
{
    sh->row++;
    if (w->lerr == LXW_NO_ERROR) {
        wb_keep(w, worksheet_set_row(sh->ws, sh->row, 20, NULL));
        wb_keep(w, worksheet_merge_range(sh->ws, sh->row, 0, sh->row, TEXT_COLS - 1,
                                      wb_cell_text(w, title), w->band));
    }
    sh->row++;
}

/* A row of table headers from column 0. */
void wb_put_headers(writer *w, sheet *sh, const char *const *names, size_t n)
{
    for (size_t c = 0; c < n; c++)
        wb_put_str(w, sh, (lxw_col_t)c, names[c], w->head);
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

/* Sorts idx[0..n) (indexes into fl) by amount, largest first. On the main
 * thread only (the comparison reads a file-level pointer). */
void wb_rank_findings(const da_finding_list *fl, size_t *idx, size_t n)
{
    rank_list = fl;
    da_sort(idx, n, sizeof(*idx), by_amount_desc);
    rank_list = NULL;
}

/* "17312 x2", "" when no code. */
void wb_code_units(const char *code, int units, char out[24])
{
    if (!code[0])
        snprintf(out, 24, "none");
    else
        snprintf(out, 24, "%s x%d", code, units);
}

/* The first value of a template key, copied into the arena; NULL when none. */
const char *wb_template_value(writer *w, const char *key)
{
    size_t pos = 0, len;
    const char *v;
    if (!da_template_next(w->tpl, key, &pos, &v, &len))
        return NULL;
    return da_arena_strndup(w->arena, v, len);
}

/* The template's footer line with its placeholders filled in, as a page
 * footer: small, left, '&' doubled, at most 200 bytes; NULL when none. */
const char *wb_footer_text(writer *w)
{
    size_t pos = 0, len;
    const char *v;
    if (!da_template_next(w->tpl, "footer", &pos, &v, &len))
        return NULL;
    da_buf text;
    da_buf_init(&text, FILL_CEILING);
    const char *out = NULL;
    if (fill_text(w, v, len, &text) == DA_OK && text.data) {
        char buf[256] = "&L&8";
        size_t o = strlen(buf);
        for (const char *c = text.data; *c && o + 3 < sizeof(buf) - 50; c++) {
            if (*c == '&')
                buf[o++] = '&';
            buf[o++] = *c;
        }
        buf[o] = '\0';
        out = da_arena_strdup(w->arena, buf);
    }
    da_buf_free(&text);
    return out;
}

/* A provider as the report names them: "Provider A", "Provider B", ... in
 * a prospect's report (in scorecard order), the name as imported otherwise. */
const char *wb_provider_label(writer *w, size_t i)
{
    const char *name = w->fig->score.rows[i].provider;
    if (w->prospect) {
        char label[32];
        if (i < 26)
            snprintf(label, sizeof(label), "Provider %c", (char)('A' + i));
        else
            snprintf(label, sizeof(label), "Provider %zu", i + 1);
        return da_arena_strdup(w->arena, label);
    }
    return name[0] ? name : "(no provider named)";
}

/* A rule's id with its plain name: "EM-LEVEL (E/M level)". */
const char *wb_rule_label(const writer *w, const char *rule, char out[WB_RULE_LABEL_MAX])
{
    const da_rule_info *info = da_catalog_find(w->catalog, rule);
    if (info && info->name[0])
        snprintf(out, WB_RULE_LABEL_MAX, "%s (%s)", rule, info->name);
    else
        snprintf(out, WB_RULE_LABEL_MAX, "%s", rule);
    return out;
}

/* Text merged over columns first..TEXT_COLS-1 of the current row, wrapped,
 * the row as tall as its lines at chars characters a line. */
void wb_put_merged(writer *w, sheet *sh, lxw_col_t first, const char *text, double chars,
                       lxw_format *fmt)
{
    if (w->lerr != LXW_NO_ERROR)
        return;
    const char *t = wb_cell_text(w, text);
    size_t lines = (size_t)((double)da_utf8_count(t, strlen(t)) / chars) + 1;
    if (lines > 1)
        wb_keep(w, worksheet_set_row(sh->ws, sh->row, 15.0 * (double)lines + 3.0, NULL));
    wb_keep(w, worksheet_merge_range(sh->ws, sh->row, first, sh->row, TEXT_COLS - 1, t, fmt));
}

/* The comparison row of a category, NULL when neither period has dollars in it. */
const da_compare_row *wb_compare_row(const writer *w, const char *category)
{
    for (size_t i = 0; i < w->fig->cmp.ncats; i++)
        if (strcmp(w->fig->cmp.cats[i].category, category) == 0)
            return &w->fig->cmp.cats[i];
    return NULL;
}

void wb_start_part(writer *w, sheet *sh, const column *cols, size_t ncols)
{
    sh->measure = true;
    for (size_t c = 0; c < ncols; c++) {
        wb_put_str(w, sh, (lxw_col_t)c, cols[c].header, w->head);
        sh->width[c] += 3; /* room for the filter button */
        if (c < MAX_COLS)
            sh->wrap_chars[c] = cols[c].wrap ? cols[c].width_max : 0;
    }
    worksheet_freeze_panes(sh->ws, 1, 0);
    sh->row = 1;
}

/* Right after the part's last row, while constant-memory mode still allows
 * the autofilter over it. */
void wb_finish_part(writer *w, sheet *sh, const column *cols, size_t ncols)
{
    if (w->lerr != LXW_NO_ERROR || ncols == 0)
        return;
    wb_keep(w, worksheet_autofilter(sh->ws, 0, 0, sh->row - 1, (lxw_col_t)(ncols - 1)));
    for (size_t c = 0; c < ncols; c++) {
        double width = cols[c].wrap ? cols[c].width_max : fmin(sh->width[c] + 1, cols[c].width_max);
        wb_keep(w, worksheet_set_column(sh->ws, (lxw_col_t)c, (lxw_col_t)c, width,
                                     cols[c].wrap ? w->wrap : NULL));
    }
}

/* Writes rows 0..rows-1 with fn over the parts, per_part rows to a part. */
void wb_write_parts(writer *w, sheet *parts, size_t rows, size_t per_part, const column *cols,
                        size_t ncols, row_fn fn)
{
    size_t p = 0;
    wb_start_part(w, &parts[0], cols, ncols);
    for (size_t i = 0; i < rows && w->lerr == LXW_NO_ERROR; i++) {
        if (i > 0 && i % per_part == 0) {
            wb_finish_part(w, &parts[p], cols, ncols);
            wb_start_part(w, &parts[++p], cols, ncols);
        }
        fn(w, &parts[p], i);
        wb_end_row(w, &parts[p]);
    }
    wb_finish_part(w, &parts[p], cols, ncols);
}
