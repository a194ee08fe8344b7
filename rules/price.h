/* price.h - dollars for findings, with the multiple-procedure reduction.
 *
 * For each encounter, pricing builds the billed set (its claim lines) and the
 * expected set (the billed set with every finding's correction applied) and
 * ranks the MULT PROC 2 codes of each set by fee: the highest is paid at
 * 100%, the 2nd-5th at 50%. Add-on codes and codes with indicator 0 are never
 * reduced. A finding's amount is the difference between what its expected
 * code/units earn in the expected set and what its billed code/units earn in
 * the billed set; never negative.
 */
#ifndef DA_PRICE_H
#define DA_PRICE_H

#include "fees.h"
#include "finding.h"
#include "model.h"

/* One line of a set of codes billed on one date of service. */
typedef struct da_price_item {
    char code[DA_CODE_LEN]; /* CPT/HCPCS; codes not in the fee table count 0 */
    int units;              /* units of service; < 1 counts 0 */
} da_price_item;

/* Prices findings[first..list->count) of one encounter in place. */
void da_price_encounter(const da_dataset *data, size_t encounter, const da_fee_table *fees,
                        da_finding_list *list, size_t first);

/* What a set of codes earns in all, after the multiple-procedure reduction,
 * at the non-facility amounts: each unit of a MULT PROC 2 code is one
 * procedure, the highest-fee one is paid 100% and every other one 50% (CMS
 * prices the 6th and later "by report"; 50% is our estimate for them). The
 * shares are summed exactly and rounded to the cent once, half up. */
da_cents da_price_set_total(const da_fee_table *fees, const da_price_item *items, size_t n);

/* The encounter's billed total and its expected total (billed lines with the
 * under/over corrections of findings[first..list->count) applied). */
void da_price_encounter_totals(const da_dataset *data, size_t encounter,
                               const da_fee_table *fees, const da_finding_list *list,
                               size_t first, da_cents *billed, da_cents *expected);

#endif
