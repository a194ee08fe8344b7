/* compare.c - two periods side by side (see compare.h). */
#include "compare.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

double da_compare_annual(da_cents cents, long days)
{
    return days > 0 ? round((double)cents * 365.0 / (double)days) : NAN;
}

/* The dollar direction of a finding that counts, -1 for one that does not
 * (a review item, a gap, no amount). */
static int counted_dir(const da_finding *f)
{
    if (!da_finding_counts(f))
        return -1;
    return f->direction == DA_DIR_UNDER    ? DA_CMP_UNDER
           : f->direction == DA_DIR_OVER   ? DA_CMP_OVER
           : f->direction == DA_DIR_DENIAL ? DA_CMP_DENIAL
                                           : -1;
}

void da_compare_totals(const da_finding_list *fl, da_cents out[DA_CMP_DIRS])
{
    memset(out, 0, DA_CMP_DIRS * sizeof(*out));
    for (size_t i = 0; i < fl->count; i++) {
        int k = counted_dir(&fl->items[i]);
        if (k >= 0)
            out[k] += fl->items[i].amount;
    }
}

static int dir_index(const char *direction)
{
    return strcmp(direction, "under") == 0    ? DA_CMP_UNDER
           : strcmp(direction, "over") == 0   ? DA_CMP_OVER
           : strcmp(direction, "denial") == 0 ? DA_CMP_DENIAL
                                              : -1;
}

static da_compare_row *row_of(da_compare *c, size_t *cap, const char *category)
{
    for (size_t i = 0; i < c->ncats; i++)
        if (strcmp(c->cats[i].category, category) == 0)
            return &c->cats[i];
    da_grow((void **)&c->cats, cap, c->ncats + 1, sizeof(*c->cats));
    da_compare_row *r = &c->cats[c->ncats++];
    memset(r, 0, sizeof(*r));
    r->category = category;
    return r;
}

static da_compare_pair *pair_of(da_compare *c, size_t *cap, const char *rule,
                                const char *category, const char *provider)
{
    for (size_t i = 0; i < c->npairs; i++)
        if (strcmp(c->pairs[i].rule, rule) == 0 && strcmp(c->pairs[i].provider, provider) == 0)
            return &c->pairs[i];
    da_grow((void **)&c->pairs, cap, c->npairs + 1, sizeof(*c->pairs));
    da_compare_pair *p = &c->pairs[c->npairs++];
    *p = (da_compare_pair){rule, category, provider, 0, 0, 0};
    return p;
}

static int pair_cmp(const void *a, const void *b)
{
    const da_compare_pair *x = a, *y = b;
    bool rx = x->before && x->now, ry = y->before && y->now;
    if (rx != ry)
        return rx ? -1 : 1;
    int c = strcmp(x->provider, y->provider);
    if (c)
        return c;
    if (x->amount != y->amount)
        return x->amount > y->amount ? -1 : 1;
    return strcmp(x->rule, y->rule);
}

void da_compare_build(const da_dataset *d, const da_finding_list *fl, long now_days,
                      const da_previous *pv, da_compare *out)
{
    memset(out, 0, sizeof(*out));
    size_t cats_cap = 0, pairs_cap = 0;
    out->now_days = now_days;
    out->was_days = pv->first != DA_DATE_NONE ? (long)pv->last - (long)pv->first + 1 : 0;
    for (size_t i = 0; i < pv->count; i++) {
        const da_prev_finding *f = &pv->items[i];
        pair_of(out, &pairs_cap, f->rule, f->category, f->provider)->before++;
        if (strcmp(f->direction, "gap") == 0)
            out->was_gaps++;
        int k = dir_index(f->direction);
        if (k < 0 || strcmp(f->confidence, "low") == 0)
            continue;
        out->was[k] += f->amount;
        row_of(out, &cats_cap, f->category)->was[k] += f->amount;
    }
    for (size_t i = 0; i < fl->count; i++) {
        const da_finding *f = &fl->items[i];
        const char *prov = f->encounter < d->nencounters && d->encounters[f->encounter].provider
                               ? d->encounters[f->encounter].provider
                               : "";
        da_compare_pair *p = pair_of(out, &pairs_cap, f->rule, f->category, prov);
        p->now++;
        if (f->direction == DA_DIR_GAP)
            out->now_gaps++;
        int k = counted_dir(f);
        if (k < 0)
            continue;
        out->now[k] += f->amount;
        row_of(out, &cats_cap, f->category)->now[k] += f->amount;
        p->amount += f->amount;
    }
    da_sort(out->pairs, out->npairs, sizeof(*out->pairs), pair_cmp);
}

void da_compare_free(da_compare *c)
{
    free(c->cats);
    free(c->pairs);
    memset(c, 0, sizeof(*c));
}
