/* price.c - dollars for findings, with the multiple-procedure reduction
 * (see price.h).
 *
 * Every unit of a MULT PROC 2 code is a procedure of its own (CMS ranks each
 * unit), and only the single highest-fee one is paid in full: the 2nd-5th are
 * paid 50%, and the 6th and later, which CMS prices by report, are estimated
 * at 50% too. So a set needs no full sort: find its top procedure, and every
 * other indicator-2 unit is a half. Values are kept in half-cents, which
 * holds 100% and 50% shares exactly, and are rounded to the cent only at the
 * end (half up): the worked example of coding-rules.md 12.1 pays 11642 at
 * 130.195 -> $130.20 on its own line, yet totals $743.645 -> $743.65.
 */
#include "price.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

const char DA_BASIS_OBSERVED[] =
    "practice's median allowed for the code and payer, with multiple-procedure reduction";
const char DA_BASIS_SCALED[] =
    "fee table scaled by the payer's observed allowed-to-fee ratio, with multiple-procedure "
    "reduction";
const char DA_BASIS_FEES[] = "fee table with multiple-procedure reduction";
const char DA_BASIS_GAP[] = "not priced: documentation gap";
const char DA_BASIS_REVIEW[] = "not priced: for a coder's review";
const char DA_BASIS_UNKNOWN[] = "code not in fee table";

/* One paid line's unreduced allowed amount per unit. */
typedef struct sample {
    const char *payer;      /* payer name (dataset string) */
    const char *code;       /* code billed (the claim line's array) */
    da_cents cents;         /* allowed per unit */
    double ratio;           /* cents / fee table amount; NAN when the table has none */
} sample;

/* The median of one payer's lines for one code. */
typedef struct observed_code {
    const char *payer; /* payer name */
    const char *code;  /* code */
    da_cents median;   /* median allowed per unit */
    size_t lines;      /* lines behind it */
} observed_code;

/* The median ratio of one payer's amounts to the fee table. */
typedef struct observed_payer {
    const char *payer; /* payer name */
    double ratio;      /* median allowed / fee table amount */
    size_t lines;      /* lines behind it */
} observed_payer;

struct da_observed {
    observed_code *codes;   /* sorted by payer, then code */
    size_t ncodes;          /* entries */
    observed_payer *payers; /* sorted by payer */
    size_t npayers;         /* entries */
};

/* A code in a set with all its units; codes appear once. */
typedef struct set_item {
    char code[DA_CODE_LEN]; /* the code */
    const da_fee *fee;      /* its fee-table row, NULL when the table has none */
    da_cents full;          /* one unit at 100% */
    const char *basis;      /* where full comes from */
    int units;              /* units in the set, >= 0 */
} set_item;

/* Where a set's amounts come from: the fee table, and the practice's own
 * amounts for one payer when obs is not NULL. */
typedef struct pricer {
    const da_fee_table *fees; /* fee table */
    const da_observed *obs;   /* observed amounts, NULL = fee table only */
    const char *payer;        /* payer of the encounter */
} pricer;

typedef struct fee_set {
    set_item *items;   /* codes in the order first seen */
    size_t count, cap; /* used and allocated */
} fee_set;

static void set_free(fee_set *s)
{
    free(s->items);
    s->items = NULL;
    s->count = s->cap = 0;
}

static set_item *set_get(const fee_set *s, const char *code)
{
    for (size_t i = 0; i < s->count; i++)
        if (strcmp(s->items[i].code, code) == 0)
            return &s->items[i];
    return NULL;
}

/* Codes with no known amount are left out: they earn nothing. */
static void set_add(fee_set *s, const pricer *p, const char *code, int units)
{
    if (units < 1 || !code[0])
        return;
    set_item *it = set_get(s, code);
    if (!it) {
        const char *basis;
        da_cents full = da_observed_amount(p->obs, p->fees, p->payer, code, &basis);
        if (full == DA_CENTS_NONE)
            return;
        da_grow((void **)&s->items, &s->cap, s->count + 1, sizeof(*s->items));
        it = &s->items[s->count++];
        memset(it, 0, sizeof(*it));
        snprintf(it->code, sizeof(it->code), "%s", code);
        it->fee = da_fees_find(p->fees, code);
        it->full = full;
        it->basis = basis;
    }
    it->units += units;
}

static void set_remove(fee_set *s, const char *code, int units)
{
    set_item *it = set_get(s, code);
    if (!it || units < 1)
        return;
    it->units = units < it->units ? it->units - units : 0;
}

static bool reduced(const da_fee *fee)
{
    return fee && fee->mult_proc == 2;
}

/* The indicator-2 code whose first unit is paid in full: highest amount, and
 * the lower code on a tie so the choice does not depend on line order. */
static const set_item *set_top(const fee_set *s)
{
    const set_item *top = NULL;
    for (size_t i = 0; i < s->count; i++) {
        const set_item *it = &s->items[i];
        if (it->units < 1 || !reduced(it->fee))
            continue;
        if (!top || it->full > top->full ||
            (it->full == top->full && strcmp(it->code, top->code) < 0))
            top = it;
    }
    return top;
}

/* What units units of code earn in the set, in half-cents. When the set has
 * more units of the code than asked for, the asked ones are its lowest-paid:
 * a finding about one extra unit is worth that unit's marginal share. */
static int64_t set_value(const fee_set *s, const set_item *top, const char *code, int units)
{
    const set_item *it = set_get(s, code);
    if (!it || units < 1)
        return 0;
    int n = units < it->units ? units : it->units;
    int64_t full = 2 * it->full;
    if (!reduced(it->fee))
        return n * full;
    int64_t v = n * it->full;
    if (it == top && n == it->units)
        v += it->full; /* the top unit is among them: its other half */
    return v;
}

static int64_t set_total(const fee_set *s)
{
    const set_item *top = set_top(s);
    int64_t sum = 0;
    for (size_t i = 0; i < s->count; i++)
        sum += set_value(s, top, s->items[i].code, s->items[i].units);
    return sum;
}

/* Half-cents to cents, half up; negative differences are no money at stake. */
static da_cents to_cents(int64_t half_cents)
{
    return half_cents > 0 ? (half_cents + 1) / 2 : 0;
}

da_cents da_price_set_total(const da_fee_table *fees, const da_price_item *items, size_t n)
{
    pricer p = {fees, NULL, ""};
    fee_set s = {0};
    for (size_t i = 0; i < n; i++)
        set_add(&s, &p, items[i].code, items[i].units);
    da_cents total = to_cents(set_total(&s));
    set_free(&s);
    return total;
}

static bool corrects_coding(const da_finding *f)
{
    return (f->direction == DA_DIR_UNDER || f->direction == DA_DIR_OVER) &&
           f->confidence != DA_CONF_LOW;
}

/* The encounter's claim lines. */
static void add_claims(const da_dataset *data, size_t encounter, const pricer *p, fee_set *s)
{
    const da_encounter *e = &data->encounters[encounter];
    for (size_t i = 0; i < e->nclaims; i++) {
        const da_claim_line *c = &data->claims[e->claims[i]];
        set_add(s, p, c->code, c->units);
    }
}

/* The encounter's claim lines, and the same with every correction applied. */
static void build_sets(const da_dataset *data, size_t encounter, const pricer *p,
                       const da_finding_list *list, size_t first, fee_set *billed,
                       fee_set *expected)
{
    add_claims(data, encounter, p, billed);
    add_claims(data, encounter, p, expected);
    for (size_t i = first; i < list->count; i++) {
        const da_finding *f = &list->items[i];
        if (!corrects_coding(f))
            continue;
        set_remove(expected, f->billed_code, f->billed_units);
        set_add(expected, p, f->expected_code, f->expected_units);
    }
}

/* The basis of the code a finding is priced by. */
static const char *basis_of(const fee_set *s, const char *code)
{
    const set_item *it = set_get(s, code);
    return it ? it->basis : DA_BASIS_UNKNOWN;
}

/* A refused line: the same code and units on both sides. The coding is
 * right but payment was refused (a cosmetic diagnosis, GY, self-pay, a
 * denial); what is at stake is what the covered line pays. */
static bool refused_line(const da_finding *f)
{
    return f->direction == DA_DIR_UNDER && strcmp(f->billed_code, f->expected_code) == 0 &&
           f->billed_units == f->expected_units;
}

static void price_one(const da_dataset *data, const fee_set *billed, const fee_set *expected,
                      da_finding *f)
{
    /* a review item is for a coder to look at: it carries no dollars */
    if (f->confidence == DA_CONF_LOW) {
        f->amount = 0;
        f->basis = DA_BASIS_REVIEW;
        return;
    }
    const set_item *btop = set_top(billed), *etop = set_top(expected);
    int64_t was = set_value(billed, btop, f->billed_code, f->billed_units);
    int64_t will = set_value(expected, etop, f->expected_code, f->expected_units);
    switch (f->direction) {
    case DA_DIR_UNDER:
        if (refused_line(f))
            was = 0;
        f->amount = to_cents(will - was);
        f->basis = basis_of(expected, f->expected_code);
        break;
    case DA_DIR_OVER:
        f->amount = to_cents(was - will);
        f->basis = basis_of(billed, f->billed_code);
        break;
    case DA_DIR_DENIAL: {
        const char *code = f->billed_code;
        int units = f->billed_units;
        if (code[0] == '\0' && f->claim >= 0) {
            code = data->claims[f->claim].code;
            units = data->claims[f->claim].units;
        }
        f->amount = to_cents(set_value(billed, btop, code, units));
        f->basis = basis_of(billed, code);
        break;
    }
    case DA_DIR_GAP:
        f->amount = 0;
        f->basis = DA_BASIS_GAP;
        break;
    }
}

void da_price_encounter_observed(const da_dataset *data, size_t encounter,
                                 const da_fee_table *fees, const da_observed *obs,
                                 da_finding_list *list, size_t first)
{
    pricer p = {fees, obs, data->encounters[encounter].payer};
    fee_set billed = {0}, expected = {0};
    build_sets(data, encounter, &p, list, first, &billed, &expected);
    /* A coding correction is worth what it changes the encounter's total by,
     * the corrections applied one after another in list order: a code that
     * takes the full-fee place carries the drop to 50% of the code it
     * displaces, a removed top code the rise of the next one, and the amounts
     * of an encounter add up to the change of its total. */
    fee_set running = {0};
    add_claims(data, encounter, &p, &running);
    for (size_t i = first; i < list->count; i++) {
        da_finding *f = &list->items[i];
        if (!corrects_coding(f) || refused_line(f)) {
            if (!f->priced_by_rule || f->confidence == DA_CONF_LOW)
                price_one(data, &billed, &expected, f);
            continue;
        }
        int64_t before = set_total(&running);
        set_remove(&running, f->billed_code, f->billed_units);
        set_add(&running, &p, f->expected_code, f->expected_units);
        int64_t after = set_total(&running);
        if (f->priced_by_rule)
            continue;
        bool under = f->direction == DA_DIR_UNDER;
        f->amount = to_cents(under ? after - before : before - after);
        f->basis = under ? basis_of(&expected, f->expected_code) : basis_of(&billed, f->billed_code);
    }
    set_free(&running);
    set_free(&billed);
    set_free(&expected);
}

void da_price_encounter(const da_dataset *data, size_t encounter, const da_fee_table *fees,
                        da_finding_list *list, size_t first)
{
    da_price_encounter_observed(data, encounter, fees, NULL, list, first);
}

void da_price_encounter_totals(const da_dataset *data, size_t encounter,
                               const da_fee_table *fees, const da_finding_list *list,
                               size_t first, da_cents *billed, da_cents *expected)
{
    pricer p = {fees, NULL, ""};
    fee_set b = {0}, x = {0};
    build_sets(data, encounter, &p, list, first, &b, &x);
    *billed = to_cents(set_total(&b));
    *expected = to_cents(set_total(&x));
    set_free(&b);
    set_free(&x);
}

/* ---- observed amounts ---- */

static int sample_cmp(const void *a, const void *b)
{
    const sample *x = a, *y = b;
    int c = strcmp(x->payer, y->payer);
    if (c == 0)
        c = strcmp(x->code, y->code);
    if (c == 0)
        c = (x->cents > y->cents) - (x->cents < y->cents);
    return c;
}

static int ratio_cmp(const void *a, const void *b)
{
    const sample *x = a, *y = b;
    int c = strcmp(x->payer, y->payer);
    if (c == 0)
        c = (x->ratio > y->ratio) - (x->ratio < y->ratio);
    return c;
}

/* The encounter's top-ranked code under the multiple-procedure reduction
 * (NULL when none) and its units, found once per encounter. */
typedef struct reduction_top {
    const da_fee *fee; /* the top-ranked indicator-2 code's fee row */
    int units;         /* units billed of it */
} reduction_top;

static reduction_top encounter_top(const da_dataset *data, const da_encounter *e,
                                   const da_fee_table *fees)
{
    const da_fee *top = NULL;
    int top_units = 0;
    for (size_t i = 0; i < e->nclaims; i++) {
        const da_claim_line *o = &data->claims[e->claims[i]];
        const da_fee *f = da_fees_find(fees, o->code);
        if (!reduced(f) || o->units < 1)
            continue;
        if (!top || f->nonfacility > top->nonfacility ||
            (f->nonfacility == top->nonfacility && strcmp(f->code, top->code) < 0)) {
            top = f;
            top_units = 0;
        }
        if (f == top)
            top_units += o->units;
    }
    return (reduction_top){top, top_units};
}

/* True when the line was paid at its full, unreduced amount: a code outside
 * the reduction, or the encounter's one top-ranked indicator-2 unit. */
static bool paid_in_full(const da_claim_line *c, const reduction_top *top,
                         const da_fee_table *fees)
{
    const da_fee *fee = da_fees_find(fees, c->code);
    if (!reduced(fee))
        return true;
    return c->units == 1 && top->fee == fee && top->units == 1;
}

/* The median of the sorted cents of s[0..n), rounded half up. */
static da_cents median_cents(const sample *s, size_t n)
{
    if (n % 2)
        return s[n / 2].cents;
    return (s[n / 2 - 1].cents + s[n / 2].cents + 1) / 2;
}

da_observed *da_observed_build(const da_dataset *data, const da_fee_table *fees)
{
    da_observed *obs = da_xcalloc(1, sizeof(*obs));
    sample *all = NULL;
    size_t n = 0, cap = 0;
    size_t cap_codes = 0, cap_payers = 0; /* obs->codes and obs->payers allocated */
    for (size_t e = 0; e < data->nencounters; e++) {
        const da_encounter *enc = &data->encounters[e];
        reduction_top top = encounter_top(data, enc, fees);
        for (size_t i = 0; i < enc->nclaims; i++) {
            const da_claim_line *c = &data->claims[enc->claims[i]];
            if (c->status != DA_STATUS_PAID || c->allowed == DA_CENTS_NONE || c->allowed <= 0 ||
                c->units < 1 || !c->code[0] || !paid_in_full(c, &top, fees))
                continue;
            da_grow((void **)&all, &cap, n + 1, sizeof(*all));
            const da_fee *fee = da_fees_find(fees, c->code);
            da_cents per_unit = (c->allowed + c->units / 2) / c->units;
            all[n++] = (sample){c->payer, c->code, per_unit,
                                fee && fee->nonfacility > 0
                                    ? (double)per_unit / (double)fee->nonfacility
                                    : NAN};
        }
    }
    da_sort(all, n, sizeof(*all), sample_cmp);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && strcmp(all[j].payer, all[i].payer) == 0 &&
               strcmp(all[j].code, all[i].code) == 0)
            j++;
        da_grow((void **)&obs->codes, &cap_codes, obs->ncodes + 1, sizeof(*obs->codes));
        obs->codes[obs->ncodes++] = (observed_code){all[i].payer, all[i].code,
                                                    median_cents(all + i, j - i), j - i};
        i = j;
    }
    /* Ratios: only lines the fee table prices, sorted by payer then ratio. */
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(all[i].ratio))
            all[m++] = all[i];
    da_sort(all, m, sizeof(*all), ratio_cmp);
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        while (j < m && strcmp(all[j].payer, all[i].payer) == 0)
            j++;
        size_t k = j - i;
        double r = k % 2 ? all[i + k / 2].ratio
                         : (all[i + k / 2 - 1].ratio + all[i + k / 2].ratio) / 2;
        da_grow((void **)&obs->payers, &cap_payers, obs->npayers + 1, sizeof(*obs->payers));
        obs->payers[obs->npayers++] = (observed_payer){all[i].payer, r, k};
        i = j;
    }
    free(all);
    return obs;
}

void da_observed_free(da_observed *obs)
{
    if (!obs)
        return;
    free(obs->codes);
    free(obs->payers);
    free(obs);
}

static const observed_code *find_code(const da_observed *obs, const char *payer, const char *code)
{
    size_t lo = 0, hi = obs ? obs->ncodes : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const observed_code *o = &obs->codes[mid];
        int c = strcmp(o->payer, payer);
        if (c == 0)
            c = strcmp(o->code, code);
        if (c == 0)
            return o;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static const observed_payer *find_payer(const da_observed *obs, const char *payer)
{
    size_t lo = 0, hi = obs ? obs->npayers : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(obs->payers[mid].payer, payer);
        if (c == 0)
            return &obs->payers[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

size_t da_observed_lines(const da_observed *obs, const char *payer, const char *code)
{
    const observed_code *o = find_code(obs, payer ? payer : "", code);
    return o ? o->lines : 0;
}

da_cents da_observed_amount(const da_observed *obs, const da_fee_table *fees, const char *payer,
                            const char *code, const char **basis)
{
    payer = payer ? payer : "";
    const observed_code *o = find_code(obs, payer, code);
    if (o && o->lines >= DA_OBSERVED_MIN_LINES) {
        *basis = DA_BASIS_OBSERVED;
        return o->median;
    }
    const da_fee *fee = da_fees_find(fees, code);
    if (!fee) {
        *basis = DA_BASIS_UNKNOWN;
        return DA_CENTS_NONE;
    }
    const observed_payer *p = find_payer(obs, payer);
    if (p && p->lines >= DA_OBSERVED_MIN_LINES) {
        *basis = DA_BASIS_SCALED;
        return llround((double)fee->nonfacility * p->ratio);
    }
    *basis = DA_BASIS_FEES;
    return fee->nonfacility;
}
