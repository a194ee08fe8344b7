/* fees.h - the fee table: amount, MULT PROC indicator and global period per code.
 *
 * The built-in table is rules/fees_2026.csv (2026 national Medicare
 * non-facility amounts, CMS PFS July release, conversion factor 33.4009). A
 * user may pass either a file in that same layout or a CMS PPRRVU relative
 * value file as CMS ships it (2025 and 2026 layouts), whose columns are found
 * by header name. The table owns its strings; da_fees_free releases it.
 */
#ifndef DA_FEES_H
#define DA_FEES_H

#include <stdbool.h>
#include <stddef.h>

#include "dq.h"
#include "error.h"
#include "model.h"

typedef struct da_fee {
    char code[DA_CODE_LEN];  /* CPT/HCPCS */
    const char *description; /* our own plain-language description ("" when none) */
    da_cents nonfacility;    /* national non-facility amount */
    da_cents facility;       /* national facility amount */
    int mult_proc;           /* MULT PROC indicator (0 none, 2 standard 100/50%); -1 unknown */
    char global[4];          /* global period: "000", "010", "090", "ZZZ", "XXX", ... */
} da_fee;

typedef struct da_fee_table da_fee_table;

/* The built-in 2026 table. */
da_error da_fees_load_default(da_fee_table **out);
/* A fee file: our CSV layout or a CMS PPRRVU file. Rows that cannot be read
 * are logged in dq against path; DA_ERR_COLUMN when a needed column is absent. */
da_error da_fees_load_file(const char *path, da_dq_log *dq, da_fee_table **out);
/* The same from memory; name labels dq entries. */
da_error da_fees_load_mem(const char *data, size_t len, const char *name, da_dq_log *dq,
                          da_fee_table **out);
void da_fees_free(da_fee_table *t);

/* The row for a code, NULL when the table has none. */
const da_fee *da_fees_find(const da_fee_table *t, const char *code);
/* A description of where the amounts come from, for the workbook. */
const char *da_fees_source(const da_fee_table *t);
size_t da_fees_count(const da_fee_table *t);

/* An add-on code (global "ZZZ"): never reduced, needs its primary code. */
bool da_fee_is_addon(const da_fee *f);

#endif
