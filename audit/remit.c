/* remit.c - joins 835 remittance lines to claim lines (see remit.h).
 *
 * Claim lines are indexed twice, by claim id and by patient and date, as
 * sorted arrays of indexes searched by bisection, so a join costs
 * O((claims + remittance lines) log claims).
 */
#include "remit.h"

#include <stdlib.h>
#include <string.h>

#include "parse.h"

/* The claim lines and the two sorted indexes over them. */
typedef struct joiner {
    da_dataset *d;        /* the claim lines */
    size_t *by_claim;     /* claim line indexes sorted by claim id, then file order */
    size_t *by_day;       /* sorted by patient id, date, then file order */
    bool *paid;           /* a primary remittance line has been joined to the line */
} joiner;

/* A claim line with the keys of one of the two orders copied beside it:
 * qsort's comparator has no context argument to find the lines by. */
typedef struct keyed_line {
    const char *id; /* claim id, or patient id (borrowed from the dataset) */
    da_date dos;    /* date of service in the patient order, 0 in the claim order */
    size_t line;    /* index of the claim line: the last key, so ties keep file order */
} keyed_line;

static int keyed_cmp(const void *a, const void *b)
{
    const keyed_line *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    if (!c)
        c = (x->dos > y->dos) - (x->dos < y->dos);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Fills idx[0..nclaims) with the claim lines' indexes sorted by claim id
 * (by_patient false) or by patient id and date, then file order. */
static void sort_lines(const da_dataset *d, bool by_patient, size_t *idx)
{
    size_t n = d->nclaims;
    keyed_line *k = da_xmalloc((n ? n : 1) * sizeof(*k));
    for (size_t i = 0; i < n; i++) {
        const da_claim_line *c = &d->claims[i];
        k[i] = by_patient ? (keyed_line){c->patient_id, c->dos, i}
                          : (keyed_line){c->claim_id, 0, i};
    }
    da_sort(k, n, sizeof(*k), keyed_cmp);
    for (size_t i = 0; i < n; i++)
        idx[i] = k[i].line;
    free(k);
}

/* First position in idx[0..n) whose line is not below the key (claim id, or
 * patient and date when patient is set). */
static size_t lower(const joiner *j, const size_t *idx, size_t n, const char *claim,
                    const char *patient, da_date dos)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const da_claim_line *c = &j->d->claims[idx[mid]];
        int cmp;
        if (patient) {
            cmp = strcmp(c->patient_id, patient);
            if (!cmp)
                cmp = (c->dos > dos) - (c->dos < dos);
        } else {
            cmp = strcmp(c->claim_id, claim ? claim : "");
        }
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool same_modifiers(const da_claim_line *c, const da_remit_line *l)
{
    if (c->nmodifiers != l->nmodifiers)
        return false;
    for (int i = 0; i < c->nmodifiers; i++)
        if (!da_claim_has_modifier(c, l->modifiers[i]))
            return false;
    return true;
}

/* How well claim line c fits remittance line l: 0 not at all, 1 same code,
 * 2 same code and modifiers, 3 the line control number too. */
static int fit(const joiner *j, size_t ci, const da_remit_line *l)
{
    const da_claim_line *c = &j->d->claims[ci];
    if (strcmp(c->code, l->code) != 0 || (l->dos != DA_DATE_NONE && c->dos != l->dos))
        return 0;
    bool primary = l->status != DA_REMIT_SECONDARY && l->status != DA_REMIT_TERTIARY;
    if (primary && j->paid[ci])
        return 0;
    if (l->line_ctl[0] && strcmp(l->line_ctl, c->line_no) == 0)
        return 3;
    return same_modifiers(c, l) ? 2 : 1;
}

static void apply(joiner *j, size_t ci, const da_remit_line *l)
{
    da_claim_line *c = &j->d->claims[ci];
    bool primary = l->status != DA_REMIT_SECONDARY && l->status != DA_REMIT_TERTIARY;
    if (!primary && j->paid[ci]) {
        c->paid += l->paid; /* what the next payer paid adds to the primary's */
        return;
    }
    j->paid[ci] = true;
    bool denied = da_remit_denied(l);
    c->allowed = da_remit_allowed(l);
    c->paid = l->paid;
    c->status = denied ? DA_STATUS_DENIED : DA_STATUS_PAID;
    if (l->paid_date != DA_DATE_NONE)
        c->paid_date = l->paid_date;
    if (!c->payer[0] && l->payer[0]) {
        c->payer = da_arena_strdup(j->d->arena, l->payer);
        if (c->payer_type == DA_PAYER_UNKNOWN)
            c->payer_type = da_payer_type_infer(c->payer, strlen(c->payer));
    }
    if (!c->denial_codes[0] && denied) {
        /* The denial codes as the claim line keeps them ("CO-197;CO-16"):
         * a line carries a few codes of six bytes or so; more are cut. */
        enum { DENIAL_LIST_CHARS = 128 };
        char list[DENIAL_LIST_CHARS];
        da_remit_adj_list(l, true, list, sizeof(list));
        c->denial_codes = da_arena_strdup(j->d->arena, list);
    }
}

/* Joins one remittance line; false when it matches no claim line. */
static bool join_line(joiner *j, const da_remit_line *l)
{
    size_t n = j->d->nclaims;
    size_t at = lower(j, j->by_claim, n, l->claim_id, NULL, 0);
    size_t best = n;
    int best_fit = 0;
    bool any = false;
    for (size_t k = at; k < n && strcmp(j->d->claims[j->by_claim[k]].claim_id, l->claim_id) == 0;
         k++) {
        size_t ci = j->by_claim[k];
        if (!l->code[0]) {
            /* A claim-level remittance pays or denies every line not paid otherwise. */
            if (!j->paid[ci]) {
                apply(j, ci, l);
                any = true;
            }
            continue;
        }
        int f = fit(j, ci, l);
        if (f > best_fit) {
            best_fit = f;
            best = ci;
        }
    }
    if (!l->code[0])
        return any;
    if (best == n && l->patient_id[0] && l->dos != DA_DATE_NONE) {
        at = lower(j, j->by_day, n, NULL, l->patient_id, l->dos);
        for (size_t k = at; k < n; k++) {
            const da_claim_line *c = &j->d->claims[j->by_day[k]];
            if (strcmp(c->patient_id, l->patient_id) != 0 || c->dos != l->dos)
                break;
            int f = fit(j, j->by_day[k], l);
            if (f >= 2 && f > best_fit) {
                best_fit = f;
                best = j->by_day[k];
            }
        }
    }
    if (best == n)
        return false;
    apply(j, best, l);
    return true;
}

void da_remit_join(da_dataset *d, da_remit *r, da_remit_join_stats *stats)
{
    memset(stats, 0, sizeof(*stats));
    size_t n = d->nclaims;
    joiner j = {d, da_xmalloc((n ? n : 1) * sizeof(size_t)), da_xmalloc((n ? n : 1) * sizeof(size_t)),
                da_xcalloc(n ? n : 1, sizeof(bool))};
    sort_lines(d, false, j.by_claim);
    sort_lines(d, true, j.by_day);
    /* Primary remittances first, so a secondary payment finds its line paid. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < r->nlines; i++) {
            da_remit_line *l = &r->lines[i];
            bool primary = l->status != DA_REMIT_SECONDARY && l->status != DA_REMIT_TERTIARY;
            if (l->voided || primary != (pass == 0))
                continue;
            l->joined = join_line(&j, l);
            if (l->joined) {
                stats->joined++;
            } else {
                stats->unmatched_remit++;
                da_dq_add(&d->dq, l->file, l->segment, DA_DQ_NOTICE,
                          "remittance line matches no claim line", l->code[0] ? "SVC" : "CLP");
            }
        }
    for (size_t i = 0; i < r->nlines; i++)
        stats->voided += r->lines[i].voided;
    for (size_t i = 0; i < n; i++) {
        if (j.paid[i])
            continue;
        stats->unpaid_claims++;
        da_claim_line *c = &d->claims[i];
        if (c->status == DA_STATUS_UNKNOWN)
            c->status = DA_STATUS_PENDING;
        da_dq_add(&d->dq, d->claims_stats.path ? d->claims_stats.path : "", c->line, DA_DQ_NOTICE,
                  "claim line with no remittance", "");
    }
    free(j.by_claim);
    free(j.by_day);
    free(j.paid);
}
