/* parse.h - parsers for the fields of claims and notes exports.
 *
 * Each takes the field's bytes (s, len; not necessarily NUL-terminated),
 * ignores surrounding spaces and tabs, and returns false when the value
 * cannot be read. A blank field is not an error: it yields the "absent"
 * value (DA_DATE_NONE, DA_CENTS_NONE, no codes, UNKNOWN); callers decide
 * whether a blank field is allowed.
 */
#ifndef DA_PARSE_H
#define DA_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* YYYY-MM-DD (optionally followed by a time after a space or 'T'),
 * MM/DD/YYYY or M/D/YYYY; years 1900-2199. Impossible days (2026-02-30)
 * and months (13/01/2026) are errors. */
bool da_parse_date(const char *s, size_t len, da_date *out);

/* Money: "1234.56", "$1,234.56", "-12.00", "$-12", "-$12", "(12.00)" (negative).
 * '$', ',' and spaces are ignored; at most two decimals that are not zero. */
bool da_parse_money(const char *s, size_t len, da_cents *out);

/* Most units of service one claim line may bill: far above what a real
 * line bills, so a number past it is a typo or a stray field, rejected. */
#define DA_UNITS_MAX 100000

/* Units of service: a whole number 1..DA_UNITS_MAX, written "2", "2.0" or
 * "2.00". Blank gives 1. Zero, negatives, fractions and text are errors. */
bool da_parse_units(const char *s, size_t len, int *out);

/* A CPT/HCPCS field: five characters of [0-9A-Z] after upper-casing, with
 * spaces inside ignored ("11 602"), optionally followed by modifiers after
 * a separator ("11602-59", "11602 59 XS"). Modifiers found are appended to
 * mods/nmods (duplicates dropped). False when the code is malformed, a
 * modifier is not two alphanumerics, or more than DA_MAX_MODIFIERS result.
 * A blank field is an error here: the code is required. */
bool da_parse_cpt(const char *s, size_t len, char code[DA_CODE_LEN],
                  char mods[DA_MAX_MODIFIERS][3], int *nmods);

/* A modifiers field: two-character modifiers separated by spaces, ',' ';'
 * ':' or '-'; appended to mods/nmods as in da_parse_cpt. */
bool da_parse_modifiers(const char *s, size_t len, char mods[DA_MAX_MODIFIERS][3], int *nmods);

/* Diagnosis codes separated by ';' ',' or spaces, dots optional: each a
 * letter and 2 to 6 more letters or digits; stored upper case without the
 * dot, appended to codes/ncodes (duplicates dropped, at most DA_MAX_ICD10). */
bool da_parse_icd10(const char *s, size_t len, char codes[DA_MAX_ICD10][8], int *ncodes);

/* A payer-type column value: medicare, medicaid, commercial (or private),
 * self (self pay, patient, cash), other. Blank gives UNKNOWN; any other text
 * gives OTHER. */
da_payer_type da_parse_payer_type(const char *s, size_t len);

/* The payer class guessed from a payer name, for files without a payer-type
 * column: a name containing "Medicare" is medicare unless it also says
 * "Advantage" (a private plan, so commercial); "Medicaid" is medicaid;
 * "Self Pay", "Self-Pay", "Self" or "Patient" is self; any other name is
 * commercial; a blank name is UNKNOWN. */
da_payer_type da_payer_type_infer(const char *s, size_t len);

/* Claim status: paid ("Paid", "Paid in full", "Partially paid"), denied
 * ("Denied", "Rejected"), pending ("Open", "Submitted", "Pending", "In
 * process", "On hold"), adjusted ("Adjusted", "Adjustment"); blank gives
 * UNKNOWN, other text OTHER. */
da_claim_status da_parse_status(const char *s, size_t len);

/* Drug source: buy and bill ("buy_and_bill", "Buy & Bill", "office stock"),
 * specialty pharmacy ("specialty pharmacy", "white bag"), patient ("patient
 * supplied", "brown bag"); anything else UNKNOWN. */
da_drug_source da_parse_drug_source(const char *s, size_t len);

#endif
