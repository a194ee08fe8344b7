/* xlsx_sheet.h - a written workbook read back for tests: a shell command's
 * output, a sheet's XML by sheet name (unzip -p), and a sheet laid out as a
 * grid of cell texts so a test can find a column by its header and check
 * every row. Every test file is its own program, hence static functions;
 * each needs cmocka.h included before this header (static inline: a test
 * uses what it needs). Strings are malloc'd and
 * owned by the caller (or by the grid, freed with grid_free).
 */
#ifndef DA_XLSX_SHEET_H
#define DA_XLSX_SHEET_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The standard output of a shell command, NUL-terminated. */
__attribute__((format(printf, 1, 2))) static inline char *xs_slurp(const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t len = 0, cap = 1 << 16;
    char *out = malloc(cap);
    assert_non_null(out);
    size_t n;
    while ((n = fread(out + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (cap - len < 2) {
            out = realloc(out, cap *= 2);
            assert_non_null(out);
        }
    }
    out[len] = '\0';
    pclose(p);
    return out;
}

/* The XML of the sheet named name (as xl/workbook.xml writes it, "&amp;"
 * included) of the workbook at path; NULL when there is no such sheet. */
static inline char *xs_sheet(const char *path, const char *name)
{
    char *wb = xs_slurp("unzip -p '%s' xl/workbook.xml", path);
    char needle[160];
    snprintf(needle, sizeof(needle), "<sheet name=\"%s\"", name);
    char *at = strstr(wb, needle);
    if (!at) {
        free(wb);
        return NULL;
    }
    int n = 0;
    for (char *p = strstr(wb, "<sheet name=\""); p && p <= at; p = strstr(p + 1, "<sheet name=\""))
        n++;
    free(wb);
    return xs_slurp("unzip -p '%s' xl/worksheets/sheet%d.xml", path, n);
}

/* A sheet as rows of cell texts: inline strings as written (entities
 * kept), numbers as their <v> text, absent cells NULL. */
typedef struct grid {
    char ***cells;     /* cells[r][c], r and c from 0 (row 1, column A) */
    double *height;    /* height[r]: the row's ht in points, 0 when not set */
    size_t rows, cols; /* extent */
} grid;

/* Makes rows up to r exist. */
static inline void grid_ensure(grid *g, size_t r)
{
    if (r >= g->rows) {
        g->cells = realloc(g->cells, (r + 1) * sizeof(*g->cells));
        g->height = realloc(g->height, (r + 1) * sizeof(*g->height));
        for (size_t i = g->rows; i <= r; i++) {
            g->cells[i] = calloc(64, sizeof(char *));
            g->height[i] = 0;
        }
        g->rows = r + 1;
    }
}

static inline void grid_put(grid *g, size_t r, size_t c, char *text)
{
    grid_ensure(g, r);
    assert_true(c < 64);
    if (c >= g->cols)
        g->cols = c + 1;
    free(g->cells[r][c]);
    g->cells[r][c] = text;
}

/* Reads the sheet XML into g. */
static inline void grid_read(grid *g, const char *xml)
{
    memset(g, 0, sizeof(*g));
    for (const char *row = strstr(xml, "<row "); row; row = strstr(row + 1, "<row ")) {
        size_t r = strtoul(strstr(row, " r=\"") + 4, NULL, 10) - 1;
        const char *row_end = strstr(row, "</row>");
        const char *tag_end = strchr(row, '>');
        grid_ensure(g, r);
        const char *ht = strstr(row, " ht=\"");
        if (ht && ht < tag_end)
            g->height[r] = strtod(ht + 5, NULL);
        if (!row_end || tag_end[-1] == '/')
            continue;
        for (const char *c = strstr(row, "<c r=\""); c && c < row_end; c = strstr(c + 1, "<c r=\"")) {
            size_t col = 0;
            const char *p = c + 6;
            for (; *p >= 'A' && *p <= 'Z'; p++)
                col = col * 26 + (size_t)(*p - 'A' + 1);
            const char *close = strchr(c, '>');
            if (close[-1] == '/')
                continue;
            const char *cend = strstr(c, "</c>");
            const char *t = strstr(c, "<t");
            const char *v = strstr(c, "<v>");
            char *text = NULL;
            if (t && t < cend) {
                t = strchr(t, '>') + 1;
                text = strndup(t, (size_t)(strstr(t, "</t>") - t));
            } else if (v && v < cend) {
                v += 3;
                text = strndup(v, (size_t)(strstr(v, "</v>") - v));
            }
            grid_put(g, r, col - 1, text);
        }
    }
}

static inline void grid_free(grid *g)
{
    for (size_t r = 0; r < g->rows; r++) {
        for (size_t c = 0; c < 64; c++)
            free(g->cells[r][c]);
        free(g->cells[r]);
    }
    free(g->cells);
    free(g->height);
}

/* The text of a cell, "" when empty or out of the grid. */
static inline const char *grid_at(const grid *g, size_t r, size_t c)
{
    return r < g->rows && c < 64 && g->cells[r][c] ? g->cells[r][c] : "";
}

/* The column whose row-0 header is name; fails the test when none. */
static inline size_t grid_col(const grid *g, const char *name)
{
    for (size_t c = 0; c < g->cols; c++)
        if (strcmp(grid_at(g, 0, c), name) == 0)
            return c;
    fail_msg("no column %s", name);
    return 0;
}

#endif
