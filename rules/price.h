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

/* Prices findings[first..list->count) of one encounter in place. */
void da_price_encounter(const da_dataset *data, size_t encounter, const da_fee_table *fees,
                        da_finding_list *list, size_t first);

#endif
