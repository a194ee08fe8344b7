/* sheet.h - the workbook writer's own parts, shared by its files (not a
 * public interface: workbook.h is). The writer state, a sheet being
 * written, table columns and panels, and the functions each sheet family's
 * file offers the others, prefixed wb_ (libxlsxwriter's lxw_ convention for
 * library-internal names). The sheet writers lay out the report model
 * (figures.h); they never decide what counts. Everything a writer makes
 * lives in its arena or is freed by the function that made it.
 */
#ifndef DA_SHEET_H
#define DA_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include <xlsxwriter.h>

#include "buf.h"
#include "compare.h"
#include "carc.h"
#include "figures.h"
#include "mem.h"
#include "price.h"
#include "revenue.h"
#include "rules.h"
#include "scorecard.h"
#include "text.h"
#include "workbook.h"

/* Excel's cap on a cell, in UTF-16 units. libxlsxwriter counts code points,
 * which are never more, so text within this passes both. */
#define CELL_MAX 32767
#define TRUNCATED " [truncated]"
#define MAX_COLS 48          /* widest sheet: a detail table, its derived columns and a panel */
#define TEXT_COLS 6          /* Summary paragraphs span columns A to F */
#define TEXT_LINE_CHARS 105  /* characters on one line of a paragraph across A:F */
#define SUMMARY_LABEL_CHARS 44 /* width of the Summary's column A, in characters */
#define FILL_CEILING (16u << 20) /* a filled-in paragraph, before truncation */
#define TOP_FINDINGS 10      /* findings listed on the Summary */
#define TOP_GROUPS 5         /* groups of findings per list on a prospect's Summary */
#define EXAMPLES_PER_GROUP 3 /* findings per category and direction on the Examples sheet */
#define RECURRING_PER_PROVIDER 5 /* recurring rules per provider on a quarterly first page */
#define PANEL_TOP_CODES 15   /* codes listed in the Denials panel */
#define MAX_CHARTS 6         /* E&M charts, one per provider */
#define NVARS 24             /* template placeholders */

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
    bool measure;            /* its widths follow the content (wb_start_part); other sheets
                              * have set widths, so measuring every cell would be waste */
    double width[MAX_COLS];  /* widest content seen per column, in characters */
    double wrap_chars[MAX_COLS]; /* characters on a line of a wrapped column, 0 = not wrapped */
    unsigned lines;          /* lines the wrapped text of the current row needs */
} sheet;

typedef struct var {
    const char *name;  /* placeholder name without braces */
    const char *value; /* text it stands for */
} var;

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
    const da_catalog *catalog; /* the rule catalog: the report's, else one this write loaded */
    lxw_error lerr;        /* first library error; writes after it are skipped */
    lxw_format *bold;      /* section titles on working sheets */
    lxw_format *bold_top;  /* bold, top aligned (labels beside wrapped text) */
    lxw_format *head;      /* table headers */
    lxw_format *title;     /* the Summary's first row */
    lxw_format *band;      /* Summary section titles: white on teal */
    lxw_format *money;     /* $#,##0.00 */
    lxw_format *money0;    /* $#,##0: annualized figures, estimates shown to the dollar */
    lxw_format *big;       /* the headline leak: large, bold */
    lxw_format *big0;      /* the same, to the dollar (annualized) */
    lxw_format *card;      /* headline labels */
    lxw_format *pct;       /* 0.0% */
    lxw_format *ratio;     /* 0.00 */
    lxw_format *num1;      /* 0.0 */
    lxw_format *date;      /* yyyy-mm-dd */
    lxw_format *wrap;      /* long text: wrapped, top aligned */
    lxw_format *note;      /* small grey italic notes */
    lxw_format *top;       /* plain cells: top aligned, level with wrapped text beside them */
    char *scratch;         /* wb_cell_text's copy of a string it had to change */
    size_t scratch_cap;    /* bytes allocated */
    var vars[NVARS];       /* template placeholders */
    size_t nvars;          /* placeholders used */
    da_arena *arena;       /* panel strings and sheet names */
    size_t rows_per_sheet; /* data rows per part of a long sheet */
    da_date as_of;         /* receivables and deadlines as of */
    da_figures *fig;       /* every figure of the report, built before any sheet */
    bool prospect;         /* the template's "audience: prospect": nothing internal, providers
                            * pseudonymous, findings grouped, public sources only */
    const char *footer;    /* the page footer, filled in and escaped; NULL = none */
} writer;

typedef void (*row_fn)(writer *w, sheet *sh, size_t i);

/* ---- cells, rows and paragraphs (sheet.c) ---- */

void wb_keep(writer *w, lxw_error e);

const char *wb_cell_text(writer *w, const char *s);

/* Counts the lines a wrapped cell's text takes, for end_row's height:
 * words are not split, so a line holds a little less than the width. */
void wb_track_lines(const writer *w, sheet *sh, lxw_col_t col, const char *t,
                        const lxw_format *fmt);

/* Ends the current row: one that holds wrapped text gets the height of its
 * lines (neither Excel nor LibreOffice fits it on opening a written file),
 * so the text never runs over the next row. */
void wb_end_row(writer *w, sheet *sh);

void wb_put_str(writer *w, sheet *sh, lxw_col_t col, const char *s, lxw_format *fmt);

/* A number, or "n/a" where a NaN or infinity would corrupt the sheet. */
void wb_put_num(writer *w, sheet *sh, lxw_col_t col, double v, lxw_format *fmt);

void wb_put_count(writer *w, sheet *sh, lxw_col_t col, size_t n);

/* A money cell from cents; a float of cents (annualized) may be NaN. */
void wb_put_money(writer *w, sheet *sh, lxw_col_t col, double cents);

/* A share, blank-free: "n/a" when the denominator is 0. */
void wb_put_share(writer *w, sheet *sh, lxw_col_t col, double part, double whole);

/* A real date; blank when unknown, text outside Excel's years. */
void wb_put_date(writer *w, sheet *sh, lxw_col_t col, da_date date);

/* An identifier, as a pseudonym when the report is masked. */
void wb_put_id(writer *w, sheet *sh, lxw_col_t col, const char *prefix, const char *id);

/* Note text: at most the evidence length, identifiers scrubbed (scrub.h), when the report is masked. */
void wb_put_note_text(writer *w, sheet *sh, lxw_col_t col, const char *s, lxw_format *fmt);

/* Cents scaled from the period to a year; NaN when the period is unknown. */
double wb_annualize(da_cents cents, long days);

/* One paragraph across columns A:F, wrapped, its row tall enough for it. */
void wb_put_paragraph(writer *w, sheet *sh, const char *text, lxw_format *fmt, double height);

/* Writes the template lines with this key as paragraphs, only the first one
 * when first_only (the title). */
da_error wb_put_template(writer *w, sheet *sh, const char *key, bool first_only,
                             lxw_format *fmt, double height);

/* The template's recommended action for a category, "" when none. */
const char *wb_template_action(writer *w, const char *category);

/* A copy of a formatted string in the writer's arena. */
__attribute__((format(printf, 2, 3))) const char *wb_fmt_text(writer *w, const char *fmt, ...);

/* A label in column A. */
void wb_put_label(writer *w, sheet *sh, const char *label);

/* A section title: a teal band across A:F. */
void wb_put_band(writer *w, sheet *sh, const char *title);

/* A row of table headers from column 0. */
void wb_put_headers(writer *w, sheet *sh, const char *const *names, size_t n);

/* Sorts idx[0..n) (indexes into fl) by amount, largest first. On the main
 * thread only (the comparison reads a file-level pointer). */
void wb_rank_findings(const da_finding_list *fl, size_t *idx, size_t n);

/* "17312 x2", "" when no code. */
void wb_code_units(const char *code, int units, char out[24]);

/* The first value of a template key, copied into the arena; NULL when none. */
const char *wb_template_value(writer *w, const char *key);

/* The template's footer line with its placeholders filled in, as a page
 * footer: small, left, '&' doubled, at most 200 bytes; NULL when none. */
const char *wb_footer_text(writer *w);

/* A provider as the report names them: "Provider A", "Provider B", ... in
 * a prospect's report (in scorecard order), the name as imported otherwise. */
const char *wb_provider_label(writer *w, size_t i);

/* A rule's id with its plain name, "EM-LEVEL (E/M level)", written into
 * out (any thread may call it); the id alone when the catalog has no name. */
#define WB_RULE_LABEL_MAX 160
const char *wb_rule_label(const writer *w, const char *rule, char out[WB_RULE_LABEL_MAX]);

/* Text merged over columns first..TEXT_COLS-1 of the current row, wrapped,
 * the row as tall as its lines at chars characters a line. */
void wb_put_merged(writer *w, sheet *sh, lxw_col_t first, const char *text, double chars,
                       lxw_format *fmt);

/* The comparison row of a category, NULL when neither period has dollars in it. */
const da_compare_row *wb_compare_row(const writer *w, const char *category);

void wb_start_part(writer *w, sheet *sh, const column *cols, size_t ncols);

/* Right after the part's last row, while constant-memory mode still allows
 * the autofilter over it. */
void wb_finish_part(writer *w, sheet *sh, const column *cols, size_t ncols);

/* Writes rows 0..rows-1 with fn over the parts, per_part rows to a part. */
void wb_write_parts(writer *w, sheet *parts, size_t rows, size_t per_part, const column *cols,
                        size_t ncols, row_fn fn);

/* ---- the Summary (summary.c) ---- */

da_error wb_write_summary(writer *w, sheet *sh, da_figures *t, const char *split_note);

/* Column widths and page setup: the Summary prints one page wide. The
 * headline amounts (14 pt bold) need room for $999,999,999.99. */
void wb_summary_layout(writer *w, sheet *sh);

/* ---- the scorecard (scorecard_sheet.c) ---- */

/* The provider scorecard over columns A:F: per provider the accuracy rate
 * and the dollars, then the three rules that cost most with the line to
 * teach for each. */
void wb_write_scorecard(writer *w, sheet *sh);

/* A prospect's Scorecard sheet: the title, then the scorecard, printed as
 * the Summary is. */
void wb_write_scorecard_sheet(writer *w, sheet *sh);

/* ---- Findings, Data Quality, Rules, Examples (findings_sheet.c) ---- */

da_error wb_write_examples(writer *w, sheet *sh);

/* The Findings sheet over its parts. */
void wb_write_findings(writer *w, sheet *parts, size_t nparts);

/* The Data Quality sheet over its parts. */
void wb_write_dq(writer *w, sheet *parts);

/* The Rules sheet: a prospect's without the working notes. */
void wb_write_rules(writer *w, sheet *parts);

/* ---- category sheets and panels (detail_sheet.c) ---- */

pcell *wb_panel_row(panel *p);

pcell wb_ptext(const char *s);

pcell wb_pnum(pkind kind, double v);

void wb_panel_headers(panel *p, const char *const *names, size_t n);

void wb_panel_free(panel *p);

/* A detail table over its parts, with a panel beside the first part; the
 * panel's charts are drawn later (detail_charts), on the main thread. */
void wb_write_detail(writer *w, sheet *parts, size_t nparts, const da_detail *t,
                         const panel *pn);

/* The charts of the panel beside a detail table's first part. */
da_error wb_detail_charts(writer *w, sheet *parts, const da_detail *t, const panel *pn);

/* The E&M level distribution, billed against supported, per provider, from
 * the E&M table's provider, billed and supported code columns (detail.h). */
void wb_em_panel(writer *w, const da_detail *t, panel *p);

/* ---- Denials panel, Payers, AR Aging (denials_sheet.c) ---- */

/* Denial rates beside the denied lines, with a chart of the reasons. */
void wb_denial_panel(writer *w, panel *p);

da_error wb_write_payers(writer *w, sheet *sh);

da_error wb_write_ar(writer *w, sheet *sh);

/* ---- the Trend sheet (trend_sheet.c) ---- */

void wb_write_trend(writer *w, sheet *sh);

#endif
