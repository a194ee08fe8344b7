/* codefile.h - what the two tables read from a file an analyst or CMS
 * supplies share: the fee table (fees.c) and the drug payment limits
 * (asp.c). Their columns are found by name, a row that cannot be read goes
 * to the Data Quality log, amounts are decimal text kept in fixed point,
 * and a code is kept once (its first row), sorted for binary search.
 */
#ifndef DA_CODEFILE_H
#define DA_CODEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dq.h"

/* A column a loader looks for. */
typedef struct da_column_spec {
    const char *key;   /* normalised header name (da_csv_header_key) */
    const char *label; /* name used in data-quality entries */
    bool needed;       /* absent -> DA_ERR_COLUMN */
} da_column_spec;

/* Lists line of file name as rejected on dq (NULL: nowhere) for reason,
 * naming column ("" when no one column is at fault). */
void da_codefile_reject(da_dq_log *dq, const char *name, unsigned long line, const char *reason,
                        const char *column);

/* Decimal text to an integer in units of 10^-places: digits and one point
 * only, at most max_int integer digits (which bounds what callers multiply). */
bool da_parse_fixed(const char *s, int places, int max_int, int64_t *out);

/* Sorts count entries of size bytes by code, then by line, and keeps the
 * first entry of each code; a later one is rejected on dq as a duplicate
 * (column label). Each entry starts with its code (char[DA_CODE_LEN]) and
 * holds at byte line_at the line it came from. Returns the entries kept. */
size_t da_codefile_unique(void *items, size_t count, size_t size, size_t line_at, da_dq_log *dq,
                          const char *name, const char *label);

#endif
