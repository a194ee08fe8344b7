/* asp.h - Medicare Part B drug payment limits (the CMS ASP pricing file).
 *
 * The file is read as CMS ships it each quarter: a few title lines, then the
 * header row "HCPCS Code,Short Description,HCPCS Code Dosage,Payment
 * Limit,...", whose columns are found by name; text in ISO-8859-1 is
 * converted to UTF-8. A row that cannot be used is listed on the data-quality
 * log and skipped, never fatal. The built-in table is the Q1 2026 file
 * (rules/asp_2026q1.csv); --drug-prices replaces it. A table owns its
 * strings; da_asp_free releases it.
 */
#ifndef DA_ASP_H
#define DA_ASP_H

#include <stddef.h>
#include <stdint.h>

#include "dq.h"
#include "error.h"
#include "model.h"

typedef struct da_asp_limit {
    char code[DA_CODE_LEN];  /* HCPCS code */
    const char *description; /* CMS short description, UTF-8 */
    const char *dosage;      /* the billing unit as CMS writes it, e.g. "10 MG" */
    int64_t mills;           /* payment limit per billing unit in 1/1000 dollar; -1 = none given (N/A) */
} da_asp_limit;

typedef struct da_asp_table da_asp_table;

/* The built-in Q1 2026 file. */
da_error da_asp_load_default(da_asp_table **out);
/* A CMS payment limit file. Rows that cannot be read are logged in dq
 * against path; DA_ERR_COLUMN when no header with "HCPCS Code" and
 * "Payment Limit" comes within the first 16 rows. */
da_error da_asp_load_file(const char *path, da_dq_log *dq, da_asp_table **out);
/* The same from memory; name labels dq entries. */
da_error da_asp_load_mem(const char *data, size_t len, const char *name, da_dq_log *dq,
                         da_asp_table **out);
void da_asp_free(da_asp_table *t);

/* The row for a code, NULL when the file has none. */
const da_asp_limit *da_asp_find(const da_asp_table *t, const char *code);
size_t da_asp_count(const da_asp_table *t);
/* The file's period as its title says ("Effective January 1, 2026 through
 * March 31, 2026"), "" when it has none. */
const char *da_asp_period(const da_asp_table *t);

/* Payment limit x units, rounded half up to the cent; 0 when no limit. */
da_cents da_asp_amount(const da_asp_limit *limit, int units);

#endif
