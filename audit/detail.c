/* detail.c - detail tables built by the rule families. */
#include "detail.h"

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

size_t da_detail_add_row(da_details *set, da_detail *table, const da_cell *cells)
{
    size_t need = (table->nrows + 1) * table->ncolumns;
    size_t cap_cells = table->cap * table->ncolumns;
    if (need > cap_cells) {
        size_t rows = table->cap ? table->cap * 2 : 64;
        table->cells = da_xrealloc(table->cells, rows * table->ncolumns * sizeof(da_cell));
        table->cap = rows;
    }
    da_cell *row = &table->cells[table->nrows * table->ncolumns];
    for (size_t c = 0; c < table->ncolumns; c++) {
        row[c] = cells[c];
        if (table->columns[c].type == DA_CELL_TEXT)
            row[c].text = da_arena_strdup(set->arena, cells[c].text ? cells[c].text : "");
    }
    return table->nrows++;
}

da_cell da_cell_text(const char *text)
{
    return (da_cell){.text = text, .money = DA_CENTS_NONE, .date = DA_DATE_NONE, .finding = -1};
}

da_cell da_cell_number(double number)
{
    return (da_cell){.number = number, .money = DA_CENTS_NONE, .date = DA_DATE_NONE, .finding = -1};
}

da_cell da_cell_money(da_cents money)
{
    return (da_cell){.money = money, .date = DA_DATE_NONE, .finding = -1};
}

da_cell da_cell_date(da_date date)
{
    return (da_cell){.money = DA_CENTS_NONE, .date = date, .finding = -1};
}

da_cell da_cell_amount(long finding, long nfindings, int direction)
{
    return (da_cell){.money = DA_CENTS_NONE, .date = DA_DATE_NONE, .finding = finding,
                     .nfindings = nfindings, .direction = direction};
}
