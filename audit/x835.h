/* x835.h - the 835 remittance advice reader (ASC X12 005010X221A1).
 *
 * Reads what each payer paid, adjusted and denied, claim by claim and line
 * by line, into a da_remit: one da_remit_line per service line (SVC), or one
 * per claim with no service lines (code ""), with its adjustments (CAS) and
 * remark codes (LQ*HE). A reversal (CLP02 = 22) voids the lines it reverses
 * read before it, so the corrected claim that follows replaces them instead
 * of counting twice. Provider-level adjustments (PLB) are kept apart, never
 * spread over lines. Problems go to the Data Quality log with the file and
 * the segment number (the log's "line").
 *
 * A da_remit owns its lines and strings; whoever calls da_remit_init calls
 * da_remit_free.
 */
#ifndef DA_X835_H
#define DA_X835_H

#include <stdbool.h>
#include <stddef.h>

#include "dq.h"
#include "error.h"
#include "mem.h"
#include "model.h"

#define DA_REMIT_MAX_ADJ 16     /* adjustments kept per line (claim-level ones included) */
#define DA_REMIT_MAX_REMARKS 5  /* remark codes kept per line */

/* One CAS adjustment: group code, reason code, amount, quantity. */
typedef struct da_remit_adj {
    char group[3];   /* CO, PR, OA, PI or CR */
    char carc[6];    /* claim adjustment reason code, "45", "A2" */
    da_cents amount; /* adjusted amount (negative when it gives back) */
    int quantity;    /* adjusted units, 0 when not given */
    bool claim_level; /* given for the whole claim, not the line */
} da_remit_adj;

typedef enum da_remit_status {
    DA_REMIT_PRIMARY = 1,   /* CLP02 1: processed as primary */
    DA_REMIT_SECONDARY = 2, /* CLP02 2 */
    DA_REMIT_TERTIARY = 3,  /* CLP02 3 */
    DA_REMIT_DENIED = 4,    /* CLP02 4 */
    DA_REMIT_OTHER = 5      /* 19-23 forwarded, not our claim, ... (22 is never kept) */
} da_remit_status;

typedef struct da_remit_line {
    const char *file;        /* the 835 file */
    unsigned long segment;   /* segment number of the SVC (or of the CLP for a claim-level line) */
    const char *claim_id;    /* CLP01 patient control number: the practice's claim id */
    const char *payer_claim; /* CLP07 payer claim control number, "" when absent */
    const char *patient_id;  /* NM1*QC09 patient identifier, "" when absent */
    const char *payer;       /* N1*PR02 payer name of the transaction set */
    const char *line_ctl;    /* REF*6R line item control number, "" when absent */
    da_remit_status status;  /* from CLP02 */
    da_cents charge;         /* SVC02 (CLP03 for a claim-level line) */
    da_cents paid;           /* SVC03 (CLP04 for a claim-level line) */
    da_cents allowed_amt;    /* AMT*B6 allowed amount, DA_CENTS_NONE when not given */
    da_cents patient_resp;   /* CLP05 for a claim-level line, else the line's PR adjustments */
    da_date dos;             /* DTM*472 (or 150), else the claim's DTM*232, DA_DATE_NONE */
    da_date paid_date;       /* BPR16 of the transaction set, DA_DATE_NONE when absent */
    int units;               /* SVC05 units paid, 1 when not given */
    int nadj;                /* adjustments used */
    int nremarks;            /* remark codes used */
    int nmodifiers;          /* modifiers used */
    bool voided;             /* reversed by a later CLP02 = 22 */
    bool joined;             /* matched to a claim line by the join */
    char code[DA_CODE_LEN];  /* procedure code, "" for a claim-level line */
    char modifiers[DA_MAX_MODIFIERS][3]; /* modifiers, upper case */
    da_remit_adj adj[DA_REMIT_MAX_ADJ]; /* line adjustments, then the claim's */
    char remarks[DA_REMIT_MAX_REMARKS][8]; /* LQ*HE remark codes, "N130" */
} da_remit_line;

/* A PLB provider-level adjustment, reported and never spread over lines. */
typedef struct da_remit_plb {
    const char *file;      /* the 835 file */
    unsigned long segment; /* segment number of the PLB */
    char reason[3];        /* adjustment reason code, "WO", "CV", "L6" */
    da_cents amount;       /* amount (negative pays the provider back) */
} da_remit_plb;

typedef struct da_remit {
    da_arena *arena;          /* owns every string below */
    da_remit_line *lines;     /* lines in reading order, voided ones included */
    size_t nlines, lines_cap; /* used and allocated */
    da_remit_plb *plbs;       /* provider-level adjustments in reading order */
    size_t nplbs, plbs_cap;   /* used and allocated */
    size_t claims;            /* CLP segments read (reversals included) */
    size_t reversals;         /* CLP02 = 22 read */
    size_t files;             /* 835 files read */
} da_remit;

void da_remit_init(da_remit *r);
void da_remit_free(da_remit *r);

/* Reads one 835 from memory into r; name stands for the file in the log.
 * DA_ERR_FORMAT when it is not an X12 file (logged too). */
da_error da_x835_read_mem(da_remit *r, const char *name, const char *buf, size_t len,
                          da_dq_log *dq);

/* Reads an 835 file, or every regular file of a folder in name order, into r.
 * DA_ERR_IO when it cannot be read; DA_ERR_FORMAT when a file named on its
 * own is not an X12 file (a folder's other files are logged and skipped). */
da_error da_x835_read_path(da_remit *r, const char *path, da_dq_log *dq);

/* The line's adjustments in "CO-45;PR-2" form, skipping what a payment is
 * made of (deductible, coinsurance, copay: PR-1, PR-2, PR-3) when
 * denial_only is set. Written into out (cap bytes, cut to fit). */
void da_remit_adj_list(const da_remit_line *l, bool denial_only, char *out, size_t cap);

/* True when the line was denied: CLP02 = 4, or nothing paid on a charge
 * with an adjustment other than deductible, coinsurance and copay. */
bool da_remit_denied(const da_remit_line *l);

/* The allowed amount: AMT*B6 when given, 0 for a denied line, else the
 * charge less the contractual (CO) adjustments, Medicare's sequestration
 * (CO-253) excepted: it reduces the payment, not what was allowed. */
da_cents da_remit_allowed(const da_remit_line *l);

#endif
