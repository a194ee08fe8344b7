/* payers.h - per-payer billing settings (rules/payers.csv): whether a payer
 * wants modifier 51 on secondary procedures, applies the multiple-procedure
 * reduction, and pays G2211. A row matches a payer by its name (as on the
 * claim, case-insensitive) or by its payer_type; a name row wins. */
#ifndef DA_PAYERS_H
#define DA_PAYERS_H

#include <stdbool.h>

#include "error.h"
#include "model.h"

typedef struct da_payer_rules {
    bool modifier_51; /* wants 51 on secondary procedures */
    bool mppr;        /* reduces secondary procedures (so paid amounts can be checked) */
    bool g2211;       /* pays the E/M complexity add-on G2211 */
} da_payer_rules;

/* The table: da_rules.payers, freed with free(). */
typedef struct da_payer_table da_payer_table;

/* Reads the built-in table (da_rules_load calls it). */
da_error da_payers_load(da_payer_table **out);
/* The settings for the payer of a claim line (the payer_type row when no
 * name row matches; all false when neither does). */
da_payer_rules da_payers_for(const da_payer_table *table, const da_claim_line *line);

#endif
