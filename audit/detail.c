/* detail.c - detail tables built by the rule families. */
#include "detail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void da_details_init(da_details *set)
{
    memset(set, 0, sizeof(*set));
    set->arena = da_arena_new();
}

void da_details_free(da_details *set)
{
    for (size_t i = 0; i < set->count; i++)
        free(set->items[i].cells);
    free(set->items);
    da_arena_free(set->arena);
    for (size_t i = 0; i < set->nmerged; i++)
        da_arena_free(set->merged[i]);
    free(set->merged);
    memset(set, 0, sizeof(*set));
}

da_detail *da_details_table(da_details *set, const char *sheet, const da_detail_column *columns,
                            size_t ncolumns)
{
    for (size_t i = 0; i < set->count; i++)
        if (strcmp(set->items[i].sheet, sheet) == 0)
            return &set->items[i];
    da_grow((void **)&set->items, &set->cap, set->count + 1, sizeof(*set->items));
    da_detail *t = &set->items[set->count++];
    memset(t, 0, sizeof(*t));
    t->sheet = sheet;
    t->columns = columns;
    t->ncolumns = ncolumns;
    return t;
}

const da_detail *da_details_find(const da_details *set, const char *sheet)
{
    for (size_t i = 0; i < set->count; i++)
        if (strcmp(set->items[i].sheet, sheet) == 0)
            return &set->items[i];
    return NULL;
}

/* A rule that put the wrong type of cell in a column: its sheet would show
 * one member of the cell read as another, so the run stops here. */
static void wrong_cell(const da_detail *table, size_t column)
{
    fprintf(stderr, "dermaudit: detail table \"%s\" column %zu: cell of the wrong type\n",
            table->sheet, column + 1);
    abort();
}

/* The blank cell of a column type; a number column has none. */
static bool blank_cell(da_cell_type type, da_cell *out)
{
    switch (type) {
    case DA_CELL_TEXT: *out = da_cell_text(""); return true;
    case DA_CELL_NUMBER: return false;
    case DA_CELL_MONEY: *out = da_cell_money(DA_CENTS_NONE); return true;
    case DA_CELL_DATE: *out = da_cell_date(DA_DATE_NONE); return true;
    case DA_CELL_AMOUNT: *out = da_cell_amount(-1, 0, -1); return true;
    }
    return false;
}

/* Cell text blocks: big enough that their unused tails do not count. */
#define TEXT_BLOCK (64u * 1024u)

/* A copy of a cell's text in the set; "" needs none. */
static const char *keep_text(da_details *set, const char *text)
{
    if (!text || !text[0])
        return "";
    size_t n = strlen(text) + 1;
    if (n > set->text_left) {
        if (n > TEXT_BLOCK / 4)
            return da_arena_strdup(set->arena, text);
        set->text_next = da_arena_alloc(set->arena, TEXT_BLOCK);
        set->text_left = TEXT_BLOCK;
    }
    char *p = memcpy(set->text_next, text, n);
    set->text_next += n;
    set->text_left -= n;
    return p;
}

/* Rows of a detail table's first allocation, doubled as it grows: a few
 * encounters' rows before the first copy. */
#define DETAIL_FIRST_ROWS 64

size_t da_detail_add_row(da_details *set, da_detail *table, const da_cell *cells)
{
    size_t need = (table->nrows + 1) * table->ncolumns;
    size_t cap_cells = table->cap * table->ncolumns;
    if (need > cap_cells) {
        size_t rows = table->cap ? table->cap * 2 : DETAIL_FIRST_ROWS;
        table->cells = da_xrealloc(table->cells, rows * table->ncolumns * sizeof(da_cell));
        table->cap = rows;
    }
    da_cell *row = &table->cells[table->nrows * table->ncolumns];
    for (size_t c = 0; c < table->ncolumns; c++) {
        da_cell_type type = table->columns[c].type;
        row[c] = cells[c];
        if (cells[c].type != type &&
            (cells[c].type != DA_CELL_TEXT || (cells[c].text && cells[c].text[0]) ||
             !blank_cell(type, &row[c])))
            wrong_cell(table, c);
        if (type == DA_CELL_TEXT)
            row[c].text = keep_text(set, cells[c].text);
    }
    return table->nrows++;
}

void da_details_merge(da_details *dst, da_details *src, long finding_offset)
{
    for (size_t t = 0; t < src->count; t++) {
        da_detail *from = &src->items[t];
        da_detail *to = da_details_table(dst, from->sheet, from->columns, from->ncolumns);
        if (to->columns != from->columns || to->ncolumns != from->ncolumns) {
            fprintf(stderr, "dermaudit: detail table \"%s\" made with two sets of columns\n",
                    to->sheet);
            abort();
        }
        size_t n = from->nrows * from->ncolumns;
        for (size_t c = 0; c < from->ncolumns; c++) {
            if (from->columns[c].type != DA_CELL_AMOUNT)
                continue;
            for (size_t i = c; i < n; i += from->ncolumns) {
                da_cell *cell = &from->cells[i];
                if (cell->finding >= 0)
                    *cell = da_cell_amount(cell->finding + finding_offset, cell->nfindings,
                                           cell->direction);
            }
        }
        if (to->nrows == 0) {
            free(to->cells);
            to->cells = from->cells;
            to->cap = from->cap;
        } else {
            /* Exactly the rows both hold: the table does not grow again. */
            to->cells = da_xrealloc(to->cells, (to->nrows * to->ncolumns + n) * sizeof(da_cell));
            memcpy(&to->cells[to->nrows * to->ncolumns], from->cells, n * sizeof(da_cell));
            to->cap = to->nrows + from->nrows;
            free(from->cells);
        }
        to->nrows += from->nrows;
        from->cells = NULL;
        from->nrows = from->cap = 0;
    }
    /* The moved text cells still point into src's arenas: dst keeps them. */
    size_t more = 1 + src->nmerged;
    dst->merged = da_xrealloc(dst->merged, (dst->nmerged + more) * sizeof(*dst->merged));
    dst->merged[dst->nmerged++] = src->arena;
    for (size_t i = 0; i < src->nmerged; i++)
        dst->merged[dst->nmerged++] = src->merged[i];
    src->arena = NULL;
    src->nmerged = 0;
    da_details_free(src);
}

/* An amount's finding index or count: 32 bits hold any finding list this
 * program makes, and a cell stays 16 bytes. */
static int32_t amount_index(long v)
{
    if (v < INT32_MIN || v > INT32_MAX) {
        fputs("dermaudit: detail cell: finding index out of range\n", stderr);
        abort();
    }
    return (int32_t)v;
}

da_cell da_cell_text(const char *text)
{
    return (da_cell){.text = text, .type = DA_CELL_TEXT};
}

da_cell da_cell_number(double number)
{
    return (da_cell){.number = number, .type = DA_CELL_NUMBER};
}

da_cell da_cell_money(da_cents money)
{
    return (da_cell){.money = money, .type = DA_CELL_MONEY};
}

da_cell da_cell_date(da_date date)
{
    return (da_cell){.date = date, .type = DA_CELL_DATE};
}

da_cell da_cell_amount(long finding, long nfindings, int direction)
{
    return (da_cell){.finding = amount_index(finding), .nfindings = amount_index(nfindings),
                     .direction = direction, .type = DA_CELL_AMOUNT};
}
