/* revenue.h - practice-wide figures from the claim lines alone: denial
 * rates, payer performance and receivables aging, for the Denials, Payers
 * and AR Aging sheets and the Summary.
 *
 * Adjudicated lines are those paid, denied or adjusted; pending and unknown
 * lines are receivables, not denials. A denied line is one with status
 * "denied" (a CARC on a paid line, such as CO-45, is an adjustment). Lines
 * whose charge is absent count in the line figures and not in the dollars.
 * Every array is sorted by its key and owned by the struct it is in.
 */
#ifndef DA_REVENUE_H
#define DA_REVENUE_H

#include <stddef.h>

#include "fees.h"
#include "model.h"

typedef struct da_rate_row {
    const char *key;          /* CARC, payer name or code */
    size_t lines;             /* adjudicated lines (by CARC: the denied lines) */
    size_t denied;            /* denied lines */
    da_cents charges;         /* charges of those lines */
    da_cents denied_charges;  /* charges of the denied ones */
} da_rate_row;

typedef struct da_denial_stats {
    size_t lines, denied;             /* adjudicated lines, denied lines */
    size_t claims, denied_claims;     /* adjudicated claims, claims with a denied line */
    da_cents charges, denied_charges; /* charges of adjudicated and of denied lines */
    da_rate_row *by_carc;             /* denied lines by primary CARC */
    size_t ncarc;                     /* rows */
    da_rate_row *by_payer;            /* adjudicated and denied lines by payer */
    size_t npayer;                    /* rows */
    da_rate_row *by_code;             /* adjudicated and denied lines by code */
    size_t ncode;                     /* rows */
} da_denial_stats;

void da_denial_stats_build(const da_dataset *d, da_denial_stats *s);
void da_denial_stats_free(da_denial_stats *s);

typedef struct da_payer_row {
    const char *payer;        /* payer name */
    da_payer_type type;       /* payer class of its first line */
    size_t claims;            /* distinct claims */
    size_t lines;             /* claim lines */
    da_cents charges;         /* billed charges */
    da_cents allowed;         /* allowed on paid lines */
    da_cents paid;            /* paid on paid lines */
    da_cents priced_allowed;  /* allowed on paid lines the fee table prices (no drug lines) */
    da_cents priced_paid;     /* paid on those lines */
    da_cents expected;        /* fee-table value of the paid lines, with the MPPR; for a payer
                               * with a contract (--contracts), what the contract gives them */
    bool contract;            /* expected comes from the payer's contract */
    size_t paid_claims;       /* claims with a submission and a payment date */
    double days_to_pay;       /* mean days from submission to payment over those, NAN if none */
    size_t adjudicated;       /* adjudicated lines */
    size_t denied;            /* denied lines */
} da_payer_row;

struct da_contracts;
/* Rows by payer name, a payer's expected amounts from its contract rows
 * when contracts (may be NULL) has any; free *rows. */
void da_payer_stats_build(const da_dataset *d, const da_fee_table *fees,
                          const struct da_contracts *contracts, da_payer_row **rows, size_t *n);

#define DA_AR_BUCKETS 5
/* "0-30", "31-60", "61-90", "91-120", "over 120" (days since submission). */
extern const char *const da_ar_bucket_names[DA_AR_BUCKETS];

typedef struct da_ar_row {
    const char *payer;               /* payer name */
    size_t lines[DA_AR_BUCKETS];     /* unpaid lines per bucket */
    da_cents amount[DA_AR_BUCKETS];  /* their charges */
} da_ar_row;

/* Unpaid lines (pending, or no status and no payment) aged from the
 * submission date (else the date of service) to as_of; rows by payer name,
 * free *rows. */
void da_ar_aging_build(const da_dataset *d, da_date as_of, da_ar_row **rows, size_t *n);

/* The bucket of an age in days (negative ages fall in the first). */
int da_ar_bucket(long days);

#endif
