/* contracts.h - payer contracts a practice fills from its agreements
 * (--contracts FILE), read into a table the payment rules price lines by.
 *
 * The CSV has a header row; its columns (names matched as the claims
 * importer matches them): payer, code (a CPT/HCPCS code, or "*" for the
 * payer's default), modifier (optional: the row applies only to lines with
 * it), allowed (dollars per unit) or percent_of_medicare (of the fee table's
 * non-facility amount, per unit), and optionally effective_from and
 * effective_to (YYYY-MM-DD or MM/DD/YYYY, both days included). A row that
 * cannot be read is listed on the Data Quality log with its line and skipped.
 * A da_contracts owns its rows; whoever calls da_contracts_init calls
 * da_contracts_free. The rules read the table through da_rules.contracts
 * (rules/rules.h) and the writer through its report; they never read files.
 */
#ifndef DA_CONTRACTS_H
#define DA_CONTRACTS_H

#include <stddef.h>

#include "dq.h"
#include "error.h"
#include "mem.h"
#include "model.h"

typedef struct da_contract {
    unsigned long line;     /* line of the row in the contracts file */
    const char *payer;      /* payer name as written */
    char code[DA_CODE_LEN]; /* the code, "*" for the payer's default */
    char modifier[3];       /* "" for any */
    da_cents allowed;       /* per unit, DA_CENTS_NONE when the row gives a percentage */
    double percent;         /* percent of the Medicare fee per unit, when allowed is NONE */
    da_date from, to;       /* effective dates, DA_DATE_NONE when open */
} da_contract;

typedef struct da_contracts {
    da_arena *arena;        /* owns the payer names and the file name */
    const char *file;       /* the contracts file */
    da_contract *rows;      /* rows in file order */
    size_t count, cap;      /* used and allocated */
} da_contracts;

void da_contracts_init(da_contracts *t);
void da_contracts_free(da_contracts *t);

/* Reads a contracts file (from memory: buf, len; from the file when buf is
 * NULL). DA_ERR_IO when unreadable, DA_ERR_COLUMN when payer, code and one of
 * allowed and percent_of_medicare are not all in the header. */
da_error da_contracts_load(da_contracts *t, const char *path, const char *buf, size_t len,
                           da_dq_log *dq);

/* The row that prices a line of this payer (names compared without regard
 * to case), code and modifiers on dos: the code's own row before the
 * payer's "*" row, a row with the line's modifier before one without; NULL
 * when the payer has no contract row for it. */
const da_contract *da_contract_find(const da_contracts *t, const da_claim_line *c);

/* True when the payer has any row at all. */
bool da_contracts_has_payer(const da_contracts *t, const char *payer);

#endif
