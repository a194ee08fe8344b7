/* audit.h - the audit pipeline: extraction, rule families and pricing over
 * every encounter of an imported dataset.
 *
 * One direction, no back and forth: the caller imports and groups the
 * dataset, da_audit_run extracts each note's facts, hands each encounter to
 * every rule family and prices the findings. The caller owns the dataset,
 * the fee table and the finding list.
 */
#ifndef DA_AUDIT_H
#define DA_AUDIT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>

#include "detail.h"
#include "error.h"
#include "fees.h"
#include "finding.h"
#include "model.h"
#include "price.h"
#include "rules.h"

/* How one run audits: what it prices with and how it runs, handed down by
 * the caller (nothing of it is process-wide). The caller owns everything
 * pointed to, which must outlive da_audit_run. */
typedef struct da_audit_config {
    const da_fee_table *fees;    /* fee table (MULT PROC, global days, amounts) */
    const da_observed *observed; /* the practice's own allowed amounts, built from the claims
                                  * before the audit; NULL prices at the fee table alone */
    const da_options *opt;       /* the rules' options */
    int threads;                 /* 0 = one per online core, at most 8; 1 = the calling thread
                                  * only; the findings are the same either way */
    bool time_stages;            /* measure each thread's CPU time per stage (off in runs: it
                                  * costs about 2%; the benchmark turns it on) */
    atomic_size_t *progress;     /* when set, counts the encounters audited so far (any thread
                                  * may read it, for a progress line); set to 0 first */
} da_audit_config;

typedef struct da_audit_stats {
    size_t notes_extracted;   /* notes run through extraction */
    size_t notes_limit_hit;   /* notes where a match limit stopped extraction */
    size_t facts;             /* facts extracted */
    size_t encounters_audited; /* encounters handed to the rule families */
    double extract_seconds;   /* thread time spent extracting, summed over threads
                               * (the three times are 0 unless cfg->time_stages) */
    double rules_seconds;     /* thread time spent in rule families and pricing, summed */
    double load_seconds;      /* thread time spent reading note texts back from the notes
                               * file, summed (not in extract_seconds) */
} da_audit_stats;

/* Audits every encounter of data (grouped) as cfg says, appending findings
 * priced once (at cfg->observed where it knows the amount, else the fee
 * table) to out and the rule families' working to details (may be NULL).
 * When facts_out is not NULL, every extracted fact is written to it as
 * the --facts CSV. Notes whose extraction hit a limit are logged in
 * data->dq. A note text left in the notes file is read back while its
 * encounter is audited: DA_ERR_CHANGED when the file changed since import. */
da_error da_audit_run(da_dataset *data, const da_audit_config *cfg, FILE *facts_out,
                      da_finding_list *out, da_details *details, da_audit_stats *stats);

/* Drops claim lines and notes dated outside [from, to] (either may be
 * DA_DATE_NONE for no bound), listing each on the Data Quality sheet as
 * outside the audit period and counting it in rows_outside, so rows read =
 * used + rejected + outside. Call before grouping. */
void da_dataset_restrict_period(da_dataset *data, da_date from, da_date to);

/* Gap in days between dates of service past which the dates beyond it are
 * strays (a 1900-01-01 typed for a missing date), not part of the period. */
#define DA_STRAY_GAP_DAYS 365

/* Finds the bulk of the dates of service (claim lines and notes): the run of
 * sorted dates around the median with no gap over DA_STRAY_GAP_DAYS. Drops
 * the lines and notes dated outside it as da_dataset_restrict_period does
 * (Data Quality, rows_outside), sets first_dos/last_dos to the range of
 * the dates kept (after any --from/--to restriction)
 * and returns the number dropped. Call before grouping. */
size_t da_dataset_drop_stray_dates(da_dataset *data);

#endif
