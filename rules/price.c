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

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static const char BASIS_FEES[] = "fee table with multiple-procedure reduction";
static const char BASIS_DENIAL[] =
    "fee table value of the denied line, with multiple-procedure reduction";
static const char BASIS_GAP[] = "not priced: documentation gap";
static const char BASIS_UNKNOWN[] = "code not in fee table";

/* A code in a set with all its units; codes appear once. */
typedef struct set_item {
    const da_fee *fee; /* its row in the fee table */
    int units;         /* units in the set, >= 0 */
} set_item;

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

static set_item *set_get(const fee_set *s, const da_fee *fee)
{
    for (size_t i = 0; i < s->count; i++)
        if (s->items[i].fee == fee)
            return &s->items[i];
    return NULL;
}

/* Codes the fee table does not know are left out: they earn nothing. */
static void set_add(fee_set *s, const da_fee_table *fees, const char *code, int units)
{
    const da_fee *fee = da_fees_find(fees, code);
    if (!fee || units < 1)
        return;
    set_item *it = set_get(s, fee);
    if (!it) {
        da_grow((void **)&s->items, &s->cap, s->count + 1, sizeof(*s->items));
        it = &s->items[s->count++];
        it->fee = fee;
        it->units = 0;
    }
    it->units += units;
}

static void set_remove(fee_set *s, const da_fee_table *fees, const char *code, int units)
{
    const da_fee *fee = da_fees_find(fees, code);
    set_item *it = fee ? set_get(s, fee) : NULL;
    if (!it || units < 1)
        return;
    it->units = units < it->units ? it->units - units : 0;
}

static bool reduced(const da_fee *fee)
{
    return fee->mult_proc == 2;
}

/* The indicator-2 code whose first unit is paid in full: highest fee, and
 * the lower code on a tie so the choice does not depend on line order. */
static const da_fee *set_top(const fee_set *s)
{
    const da_fee *top = NULL;
    for (size_t i = 0; i < s->count; i++) {
        const da_fee *f = s->items[i].fee;
        if (s->items[i].units < 1 || !reduced(f))
            continue;
        if (!top || f->nonfacility > top->nonfacility ||
            (f->nonfacility == top->nonfacility && strcmp(f->code, top->code) < 0))
            top = f;
    }
    return top;
}

/* What units units of code earn in the set, in half-cents. When the set has
 * more units of the code than asked for, the asked ones are its lowest-paid:
 * a finding about one extra unit is worth that unit's marginal share. */
static int64_t set_value(const fee_set *s, const da_fee *top, const da_fee *fee, int units)
{
    const set_item *it = set_get(s, fee);
    if (!it || units < 1)
        return 0;
    int n = units < it->units ? units : it->units;
    int64_t full = 2 * fee->nonfacility;
    if (!reduced(fee))
        return n * full;
    int64_t v = n * fee->nonfacility;
    if (fee == top && n == it->units)
        v += fee->nonfacility; /* the top unit is among them: its other half */
    return v;
}

static int64_t set_total(const fee_set *s)
{
    const da_fee *top = set_top(s);
    int64_t sum = 0;
    for (size_t i = 0; i < s->count; i++)
        sum += set_value(s, top, s->items[i].fee, s->items[i].units);
    return sum;
}

/* Half-cents to cents, half up; negative differences are no money at stake. */
static da_cents to_cents(int64_t half_cents)
{
    return half_cents > 0 ? (half_cents + 1) / 2 : 0;
}

da_cents da_price_set_total(const da_fee_table *fees, const da_price_item *items, size_t n)
{
    fee_set s = {0};
    for (size_t i = 0; i < n; i++)
        set_add(&s, fees, items[i].code, items[i].units);
    da_cents total = to_cents(set_total(&s));
    set_free(&s);
    return total;
}

static bool corrects_coding(const da_finding *f)
{
    return f->direction == DA_DIR_UNDER || f->direction == DA_DIR_OVER;
}

/* The encounter's claim lines, and the same with every correction applied. */
static void build_sets(const da_dataset *data, size_t encounter, const da_fee_table *fees,
                       const da_finding_list *list, size_t first, fee_set *billed,
                       fee_set *expected)
{
    const da_encounter *e = &data->encounters[encounter];
    for (size_t i = 0; i < e->nclaims; i++) {
        const da_claim_line *c = &data->claims[e->claims[i]];
        set_add(billed, fees, c->code, c->units);
        set_add(expected, fees, c->code, c->units);
    }
    for (size_t i = first; i < list->count; i++) {
        const da_finding *f = &list->items[i];
        if (!corrects_coding(f))
            continue;
        set_remove(expected, fees, f->billed_code, f->billed_units);
        set_add(expected, fees, f->expected_code, f->expected_units);
    }
}

/* A named code the fee table does not know. */
static bool unknown(const da_fee_table *fees, const char *code)
{
    return code[0] != '\0' && !da_fees_find(fees, code);
}

static void price_one(const da_dataset *data, const da_fee_table *fees, const fee_set *billed,
                      const fee_set *expected, da_finding *f)
{
    const da_fee *btop = set_top(billed), *etop = set_top(expected);
    const da_fee *bfee = da_fees_find(fees, f->billed_code);
    const da_fee *efee = da_fees_find(fees, f->expected_code);
    int64_t was = bfee ? set_value(billed, btop, bfee, f->billed_units) : 0;
    int64_t will = efee ? set_value(expected, etop, efee, f->expected_units) : 0;
    switch (f->direction) {
    case DA_DIR_UNDER:
        f->amount = to_cents(will - was);
        f->basis = unknown(fees, f->expected_code) ? BASIS_UNKNOWN : BASIS_FEES;
        break;
    case DA_DIR_OVER:
        f->amount = to_cents(was - will);
        f->basis = unknown(fees, f->billed_code) ? BASIS_UNKNOWN : BASIS_FEES;
        break;
    case DA_DIR_DENIAL: {
        const char *code = f->billed_code;
        int units = f->billed_units;
        if (code[0] == '\0' && f->claim >= 0) {
            code = data->claims[f->claim].code;
            units = data->claims[f->claim].units;
        }
        const da_fee *fee = da_fees_find(fees, code);
        f->amount = fee ? to_cents(set_value(billed, btop, fee, units)) : 0;
        f->basis = fee ? BASIS_DENIAL : BASIS_UNKNOWN;
        break;
    }
    case DA_DIR_GAP:
        f->amount = 0;
        f->basis = BASIS_GAP;
        break;
    }
}

/* A finding its rule already priced from another source (drug lines at
 * the CMS payment limit, rules/drugs.c): the fee table has no amount for its
 * code, so there is nothing here to improve on. */
static bool priced_by_rule(const da_fee_table *fees, const da_finding *f)
{
    const char *code = f->direction == DA_DIR_UNDER ? f->expected_code : f->billed_code;
    return f->amount > 0 && f->basis != NULL && unknown(fees, code);
}

void da_price_encounter(const da_dataset *data, size_t encounter, const da_fee_table *fees,
                        da_finding_list *list, size_t first)
{
    fee_set billed = {0}, expected = {0};
    build_sets(data, encounter, fees, list, first, &billed, &expected);
    for (size_t i = first; i < list->count; i++)
        if (!priced_by_rule(fees, &list->items[i]))
            price_one(data, fees, &billed, &expected, &list->items[i]);
    set_free(&billed);
    set_free(&expected);
}

void da_price_encounter_totals(const da_dataset *data, size_t encounter,
                               const da_fee_table *fees, const da_finding_list *list,
                               size_t first, da_cents *billed, da_cents *expected)
{
    fee_set b = {0}, x = {0};
    build_sets(data, encounter, fees, list, first, &b, &x);
    *billed = to_cents(set_total(&b));
    *expected = to_cents(set_total(&x));
    set_free(&b);
    set_free(&x);
}
