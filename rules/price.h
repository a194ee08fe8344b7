/* price.h - dollars for findings, with the multiple-procedure reduction.
 *
 * For each encounter, pricing builds the billed set (its claim lines) and the
 * expected set (the billed set with every finding's correction applied) and
 * ranks the MULT PROC 2 codes of each set by fee: the highest is paid at
 * 100%, the 2nd-5th at 50%. Add-on codes and codes with indicator 0 are never
 * reduced. A coding finding's amount is what its correction changes the
 * encounter's total by, the corrections applied one after another in list
 * order (a code that takes the 100% place carries the drop to 50% of the one
 * it displaces, once), so an encounter's amounts add up to the change of its
 * total; never negative. A refused line (same code and units on both sides)
 * and a denial are worth what the line earns in the billed set.
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

/* The practice's own allowed amounts: for each payer and code, the median
 * allowed per unit over the period's paid lines that were paid unreduced
 * (codes outside the multiple-procedure reduction, or the one full-fee
 * indicator-2 line of a date of service billed as a single unit), and per
 * payer the median ratio of those amounts to the fee table. A finding is
 * priced at the median when at least DA_OBSERVED_MIN_LINES lines back it,
 * else at the fee table scaled by the payer's ratio (same minimum), else at
 * the fee table; f->basis names which. */
typedef struct da_observed da_observed;

#define DA_OBSERVED_MIN_LINES 3

/* How a finding's amount was priced (the values of da_finding.basis). */
extern const char DA_BASIS_OBSERVED[]; /* the practice's median allowed */
extern const char DA_BASIS_SCALED[];   /* fee table x the payer's observed ratio */
extern const char DA_BASIS_FEES[];     /* fee table */
extern const char DA_BASIS_GAP[];      /* a documentation gap: not priced */
extern const char DA_BASIS_REVIEW[];   /* a review item (low confidence): not priced */
extern const char DA_BASIS_UNKNOWN[];  /* no amount known for the code */

/* Builds the observed amounts of data's paid lines; free with da_observed_free. */
da_observed *da_observed_build(const da_dataset *data, const da_fee_table *fees);
void da_observed_free(da_observed *obs);

/* The full one-unit amount of code for payer and its basis (one of the
 * DA_BASIS_ values; obs may be NULL); DA_CENTS_NONE with DA_BASIS_UNKNOWN
 * when neither the practice's lines nor the fee table know the code. */
da_cents da_observed_amount(const da_observed *obs, const da_fee_table *fees, const char *payer,
                            const char *code, const char **basis);
/* Lines behind the median for payer and code (0 when none). */
size_t da_observed_lines(const da_observed *obs, const char *payer, const char *code);

/* As da_price_encounter, at the observed amounts of the encounter's payer. */
void da_price_encounter_observed(const da_dataset *data, size_t encounter,
                                 const da_fee_table *fees, const da_observed *obs,
                                 da_finding_list *list, size_t first);


#endif
