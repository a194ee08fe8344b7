/* revenue.c - denial rates, payer performance and receivables aging from
 * the claim lines (see revenue.h). */
#include "revenue.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "contracts.h"
#include "carc.h"
#include "keymap.h"
#include "mem.h"
#include "price.h"
#include "rules.h"

const char *const da_ar_bucket_names[DA_AR_BUCKETS] = {"0-30", "31-60", "61-90", "91-120",
                                                       "over 120"};

static bool adjudicated(const da_claim_line *c)
{
    return c->status == DA_STATUS_PAID || c->status == DA_STATUS_DENIED ||
           c->status == DA_STATUS_ADJUSTED;
}

static da_cents charge_of(const da_claim_line *c)
{
    return c->charge == DA_CENTS_NONE ? 0 : c->charge;
}

/* A list of rate rows looked up by key; keys are dataset strings or, for
 * CARCs and codes, copies owned by the list. */
typedef struct rate_list {
    da_rate_row *rows; /* rows */
    size_t count, cap; /* used and allocated */
    da_keymap index;   /* key -> row; set up by the first rate_get */
} rate_list;

static da_rate_row *rate_get(rate_list *l, const char *key, bool copy)
{
    size_t at;
    if (!l->index.cap)
        da_keymap_init(&l->index, 64);
    if (da_keymap_get(&l->index, key, &at))
        return &l->rows[at];
    da_grow((void **)&l->rows, &l->cap, l->count + 1, sizeof(*l->rows));
    da_rate_row *r = &l->rows[l->count];
    memset(r, 0, sizeof(*r));
    r->key = copy ? da_xstrdup(key) : key;
    da_keymap_put(&l->index, r->key, l->count++);
    return r;
}

static int rate_cmp(const void *a, const void *b)
{
    return strcmp(((const da_rate_row *)a)->key, ((const da_rate_row *)b)->key);
}

static void rate_add(da_rate_row *r, const da_claim_line *c)
{
    bool denied = c->status == DA_STATUS_DENIED;
    r->lines++;
    r->denied += denied;
    r->charges = da_cents_add(r->charges, charge_of(c));
    if (denied)
        r->denied_charges = da_cents_add(r->denied_charges, charge_of(c));
}

/* Claim id first: ids nearly always differ, payer names are mostly equal
 * and long, and only the grouping matters to the counts. */
static int by_claim(const void *a, const void *b)
{
    const da_claim_line *x = *(const da_claim_line *const *)a;
    const da_claim_line *y = *(const da_claim_line *const *)b;
    int c = strcmp(x->claim_id, y->claim_id);
    return c ? c : strcmp(x->payer, y->payer);
}

/* Every line, sorted by claim id and then payer, for counting claims. */
static const da_claim_line **lines_by_claim(const da_dataset *d)
{
    const da_claim_line **idx = da_xmalloc((d->nclaims ? d->nclaims : 1) * sizeof(*idx));
    for (size_t i = 0; i < d->nclaims; i++)
        idx[i] = &d->claims[i];
    da_sort(idx, d->nclaims, sizeof(*idx), by_claim);
    return idx;
}

void da_denial_stats_build(const da_dataset *d, da_denial_stats *s)
{
    memset(s, 0, sizeof(*s));
    rate_list carc = {0}, payer = {0}, code = {0};
    for (size_t i = 0; i < d->nclaims; i++) {
        const da_claim_line *c = &d->claims[i];
        if (!adjudicated(c))
            continue;
        bool denied = c->status == DA_STATUS_DENIED;
        s->lines++;
        s->denied += denied;
        s->charges = da_cents_add(s->charges, charge_of(c));
        rate_add(rate_get(&payer, c->payer, false), c);
        rate_add(rate_get(&code, c->code, true), c);
        if (!denied)
            continue;
        s->denied_charges = da_cents_add(s->denied_charges, charge_of(c));
        char primary[DA_CARC_LEN];
        da_carc_primary(c->denial_codes, primary);
        rate_add(rate_get(&carc, primary[0] ? primary : "none given", true), c);
    }
    /* Claims: a claim is denied when any of its adjudicated lines is. */
    const da_claim_line **idx = lines_by_claim(d);
    for (size_t i = 0; i < d->nclaims;) {
        const da_claim_line *first = idx[i];
        bool any = false, denied = false;
        size_t j = i;
        for (; j < d->nclaims; j++) {
            const da_claim_line *c = idx[j];
            if (strcmp(c->payer, first->payer) != 0 || strcmp(c->claim_id, first->claim_id) != 0)
                break;
            any |= adjudicated(c);
            denied |= c->status == DA_STATUS_DENIED;
        }
        s->claims += any;
        s->denied_claims += denied;
        i = j;
    }
    free((void *)idx);
    da_keymap_free(&carc.index);
    da_keymap_free(&payer.index);
    da_keymap_free(&code.index);
    da_sort(carc.rows, carc.count, sizeof(*carc.rows), rate_cmp);
    da_sort(payer.rows, payer.count, sizeof(*payer.rows), rate_cmp);
    da_sort(code.rows, code.count, sizeof(*code.rows), rate_cmp);
    s->by_carc = carc.rows;
    s->ncarc = carc.count;
    s->by_payer = payer.rows;
    s->npayer = payer.count;
    s->by_code = code.rows;
    s->ncode = code.count;
}

void da_denial_stats_free(da_denial_stats *s)
{
    for (size_t i = 0; i < s->ncarc; i++)
        free((char *)s->by_carc[i].key);
    for (size_t i = 0; i < s->ncode; i++)
        free((char *)s->by_code[i].key);
    free(s->by_carc);
    free(s->by_payer);
    free(s->by_code);
    memset(s, 0, sizeof(*s));
}

/* The payer rows being built, looked up by payer name. */
typedef struct payer_list {
    da_payer_row **rows; /* the caller's array */
    size_t *n;           /* the caller's count */
    size_t cap;          /* rows allocated */
    da_keymap index;     /* payer name (a dataset string) -> row */
} payer_list;

static da_payer_row *payer_get(payer_list *l, const da_claim_line *c)
{
    size_t at;
    if (da_keymap_get(&l->index, c->payer, &at))
        return &(*l->rows)[at];
    da_grow((void **)l->rows, &l->cap, *l->n + 1, sizeof(**l->rows));
    da_payer_row *r = &(*l->rows)[*l->n];
    memset(r, 0, sizeof(*r));
    r->payer = c->payer;
    r->type = c->payer_type;
    da_keymap_put(&l->index, c->payer, (*l->n)++);
    return r;
}

/* A paid line of an encounter, for grouping the encounter's lines by payer. */
typedef struct paid_line {
    const char *payer; /* the line's payer */
    size_t claim;      /* the line's index in the dataset */
} paid_line;

/* By payer, then in file order. */
static int paid_line_cmp(const void *a, const void *b)
{
    const paid_line *x = a, *y = b;
    int c = strcmp(x->payer, y->payer);
    return c ? c : (x->claim > y->claim) - (x->claim < y->claim);
}

static int payer_cmp(const void *a, const void *b)
{
    return strcmp(((const da_payer_row *)a)->payer, ((const da_payer_row *)b)->payer);
}

void da_payer_stats_build(const da_dataset *d, const da_fee_table *fees,
                          const struct da_contracts *contracts, da_payer_row **rows,
                          size_t *n)
{
    *rows = NULL;
    *n = 0;
    payer_list list = {.rows = rows, .n = n};
    da_keymap_init(&list.index, 64);
    for (size_t i = 0; i < d->nclaims; i++) {
        const da_claim_line *c = &d->claims[i];
        da_payer_row *r = payer_get(&list, c);
        r->lines++;
        r->charges = da_cents_add(r->charges, charge_of(c));
        r->adjudicated += adjudicated(c);
        r->denied += c->status == DA_STATUS_DENIED;
        if (c->status == DA_STATUS_PAID) {
            da_cents allowed = c->allowed == DA_CENTS_NONE ? 0 : c->allowed;
            da_cents paid = c->paid == DA_CENTS_NONE ? 0 : c->paid;
            r->allowed = da_cents_add(r->allowed, allowed);
            r->paid = da_cents_add(r->paid, paid);
            const da_fee *fee = fees ? da_fees_find(fees, c->code) : NULL;
            if (fee && fee->nonfacility > 0) {
                r->priced_allowed = da_cents_add(r->priced_allowed, allowed);
                r->priced_paid = da_cents_add(r->priced_paid, paid);
            }
        }
    }
    /* Expected: each encounter's paid lines of one payer, priced as a set
     * (the encounter's paid lines sorted by payer, so one pass). */
    da_price_item *items = NULL;
    paid_line *paid = NULL;
    size_t items_cap = 0, paid_cap = 0;
    for (size_t e = 0; e < d->nencounters; e++) {
        const da_encounter *enc = &d->encounters[e];
        size_t np = 0;
        for (size_t i = 0; i < enc->nclaims; i++) {
            const da_claim_line *c = &d->claims[enc->claims[i]];
            if (c->status != DA_STATUS_PAID)
                continue;
            da_grow((void **)&paid, &paid_cap, np + 1, sizeof(*paid));
            paid[np++] = (paid_line){c->payer, enc->claims[i]};
        }
        da_sort(paid, np, sizeof(*paid), paid_line_cmp);
        for (size_t i = 0; i < np;) {
            const da_claim_line *lead = &d->claims[paid[i].claim];
            da_payer_row *row = payer_get(&list, lead);
            row->contract = da_contracts_has_payer(contracts, lead->payer);
            size_t m = 0, k = 0;
            for (; i + k < np && strcmp(paid[i + k].payer, lead->payer) == 0; k++) {
                const da_claim_line *c = &d->claims[paid[i + k].claim];
                if (row->contract) {
                    /* a contract gives what each line is due */
                    const struct da_contract *r;
                    bool reduced;
                    da_cents due = da_line_due(d, e, paid[i + k].claim, fees, contracts, &r,
                                               &reduced);
                    row->expected = da_cents_add(row->expected, due > 0 ? due : 0);
                    continue;
                }
                da_grow((void **)&items, &items_cap, m + 1, sizeof(*items));
                memcpy(items[m].code, c->code, sizeof(items[m].code));
                items[m++].units = c->units;
            }
            if (m)
                row->expected = da_cents_add(row->expected, da_price_set_total(fees, items, m));
            i += k;
        }
    }
    free(items);
    free(paid);
    /* Claims and days to pay, one claim at a time. */
    const da_claim_line **idx = lines_by_claim(d);
    double *days = da_xcalloc(*n ? *n : 1, sizeof(*days));
    for (size_t i = 0; i < d->nclaims;) {
        const da_claim_line *first = idx[i];
        da_payer_row *r = payer_get(&list, first);
        long wait = -1;
        size_t j = i;
        for (; j < d->nclaims; j++) {
            const da_claim_line *c = idx[j];
            if (strcmp(c->payer, first->payer) != 0 || strcmp(c->claim_id, first->claim_id) != 0)
                break;
            if (wait < 0 && c->status == DA_STATUS_PAID && c->submitted != DA_DATE_NONE &&
                c->paid_date != DA_DATE_NONE && c->paid_date >= c->submitted)
                wait = (long)c->paid_date - (long)c->submitted;
        }
        r->claims++;
        if (wait >= 0) {
            r->paid_claims++;
            days[r - *rows] += (double)wait;
        }
        i = j;
    }
    for (size_t i = 0; i < *n; i++)
        (*rows)[i].days_to_pay = (*rows)[i].paid_claims ? days[i] / (double)(*rows)[i].paid_claims
                                                        : NAN;
    free(days);
    free((void *)idx);
    da_keymap_free(&list.index);
    da_sort(*rows, *n, sizeof(**rows), payer_cmp);
}

int da_ar_bucket(long days)
{
    return days <= 30 ? 0 : days <= 60 ? 1 : days <= 90 ? 2 : days <= 120 ? 3 : 4;
}

static int ar_cmp(const void *a, const void *b)
{
    return strcmp(((const da_ar_row *)a)->payer, ((const da_ar_row *)b)->payer);
}

void da_ar_aging_build(const da_dataset *d, da_date as_of, da_ar_row **rows, size_t *n)
{
    size_t cap = 0;
    *rows = NULL;
    *n = 0;
    da_keymap index; /* payer name -> row */
    da_keymap_init(&index, 64);
    for (size_t i = 0; i < d->nclaims; i++) {
        const da_claim_line *c = &d->claims[i];
        bool unpaid = c->status == DA_STATUS_PENDING ||
                      ((c->status == DA_STATUS_UNKNOWN || c->status == DA_STATUS_OTHER) &&
                       (c->paid == DA_CENTS_NONE || c->paid == 0));
        da_date from = c->submitted != DA_DATE_NONE ? c->submitted : c->dos;
        if (!unpaid || from == DA_DATE_NONE || as_of == DA_DATE_NONE)
            continue;
        da_ar_row *r;
        size_t at;
        if (da_keymap_get(&index, c->payer, &at)) {
            r = &(*rows)[at];
        } else {
            da_grow((void **)rows, &cap, *n + 1, sizeof(**rows));
            r = &(*rows)[*n];
            memset(r, 0, sizeof(*r));
            r->payer = c->payer;
            da_keymap_put(&index, c->payer, (*n)++);
        }
        int b = da_ar_bucket((long)as_of - (long)from);
        r->lines[b]++;
        r->amount[b] = da_cents_add(r->amount[b], charge_of(c));
    }
    da_keymap_free(&index);
    da_sort(*rows, *n, sizeof(**rows), ar_cmp);
}
