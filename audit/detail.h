/* detail.h - detail tables: the line-by-line working a rule family shows
 * beside its findings (one row per Mohs case, per lesion, per specimen, per
 * administration, ...), rendered by the workbook as a sheet of its own.
 *
 * A rule family describes its columns once and appends rows of typed cells;
 * it never writes cells in a workbook. A cell may show the priced amount of
 * a finding, which pricing fills in after the rules ran. The da_details set
 * owns its tables and their strings; da_details_free releases everything.
 */
#ifndef DA_DETAIL_H
#define DA_DETAIL_H

#include <stddef.h>
#include <stdint.h>

#include "mem.h"
#include "model.h"

typedef enum da_cell_type {
    DA_CELL_TEXT,    /* text (copied into the set's arena) */
    DA_CELL_NUMBER,  /* a number (sizes, counts) */
    DA_CELL_MONEY,   /* dollars, from cents */
    DA_CELL_DATE,    /* a date */
    DA_CELL_AMOUNT   /* the priced amount of findings [finding, finding + nfindings) with
                      * direction `direction` (-1 = any), summed; blank when none */
} da_cell_type;

/* Column names the workbook reads by name: the interface between a rule
 * family's detail table and the writer. A rule names these columns with the
 * macros, never with its own spelling; tests/test_figures.c runs the real
 * rules and checks what the writer makes of them. */
#define DA_COL_PATIENT "Patient"     /* an identifier: a pseudonym when masked */
#define DA_COL_CLAIM "Claim"         /* an identifier: a pseudonym when masked */
#define DA_COL_ENCOUNTER "Encounter" /* an identifier: a pseudonym when masked */
#define DA_COL_PROVIDER "Provider"   /* the E&M chart's one chart per provider */
#define DA_COL_EM_BILLED "Billed code"       /* the E&M chart's billed level */
#define DA_COL_EM_SUPPORTED "Supported code" /* the E&M chart's supported level */

typedef struct da_detail_column {
    const char *name;  /* header text (static) */
    da_cell_type type; /* the type every cell of the column has */
    double width;      /* column width in characters */
} da_detail_column;

/* A cell holds one value, the one its column's type names: read it only
 * as that type. 16 bytes, because the rule families make millions of them. */
typedef struct da_cell {
    union {
        const char *text; /* DA_CELL_TEXT; never NULL once in a table */
        double number;    /* DA_CELL_NUMBER */
        da_cents money;   /* DA_CELL_MONEY; DA_CENTS_NONE = blank */
        da_date date;     /* DA_CELL_DATE; DA_DATE_NONE = blank */
        struct {
            int32_t finding;   /* DA_CELL_AMOUNT: first finding (index in the finding list),
                                * -1 = blank */
            int32_t nfindings; /* DA_CELL_AMOUNT: findings summed from `finding` */
        };
    };
    int direction;      /* DA_CELL_AMOUNT: da_direction summed, -1 = every direction */
    unsigned char type; /* da_cell_type the constructor made, checked against the column */
} da_cell;

typedef struct da_detail {
    const char *sheet;               /* sheet name, e.g. "Mohs" (static) */
    const da_detail_column *columns; /* column descriptions (static) */
    size_t ncolumns;                 /* columns */
    da_cell *cells;                  /* rows * ncolumns cells, row after row */
    size_t nrows;                    /* rows */
    size_t cap;                      /* rows allocated */
} da_detail;

typedef struct da_details {
    da_detail *items; /* tables in the order they were first used */
    size_t count;     /* tables */
    size_t cap;       /* tables allocated */
    da_arena *arena;  /* owns the text of every cell made in this set */
    da_arena **merged; /* arenas of the sets merged in, owning their cells' text */
    size_t nmerged;   /* arenas in merged */
    char *text_next;  /* where the next cell text goes, packed byte by byte in a block
                       * of the arena (the arena itself rounds every string up to 16) */
    size_t text_left; /* bytes left in that block */
} da_details;

void da_details_init(da_details *set);
void da_details_free(da_details *set);
/* The table for sheet, created with these columns on first use. */
da_detail *da_details_table(da_details *set, const char *sheet, const da_detail_column *columns,
                            size_t ncolumns);
/* The table for sheet, NULL when no rule made one. */
const da_detail *da_details_find(const da_details *set, const char *sheet);
/* Appends a row of ncolumns cells; text cells are copied. A blank text cell
 * (NULL or "") in a money, date or amount column becomes that column's blank;
 * any other cell whose type is not its column's is a bug in the rule, and
 * aborts rather than leave a value that would be read as another type. A
 * number column has no blank. Returns the row index. */
size_t da_detail_add_row(da_details *set, da_detail *table, const da_cell *cells);

/* Moves every row of src to the end of the same sheet's table in dst (made
 * there if new), adding finding_offset to the amount cells' first finding,
 * table by table so the two never both hold a table's rows; src is left
 * empty, as after da_details_free. */
void da_details_merge(da_details *dst, da_details *src, long finding_offset);

/* Cell constructors for compound literals in rule code. An amount's finding
 * and count must fit 32 bits (aborts otherwise). */
da_cell da_cell_text(const char *text);
da_cell da_cell_number(double number);
da_cell da_cell_money(da_cents money);
da_cell da_cell_date(da_date date);
da_cell da_cell_amount(long finding, long nfindings, int direction);

#endif
