/* scorecard.c - the provider scorecard (see scorecard.h). */
#include "scorecard.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static int by_provider(const void *a, const void *b)
{
    return strcmp(((const da_provider_score *)a)->provider,
                  ((const da_provider_score *)b)->provider);
}

/* One provider's rule costs, while the findings are summed. */
typedef struct rule_sum {
    const char *provider; /* the provider */
    da_rule_cost cost;    /* the rule's sums for that provider */
} rule_sum;

static int by_cost(const void *a, const void *b)
{
    const rule_sum *x = a, *y = b;
    int c = strcmp(x->provider, y->provider);
    if (c)
        return c;
    if (x->cost.amount != y->cost.amount)
        return x->cost.amount > y->cost.amount ? -1 : 1;
    if (x->cost.findings != y->cost.findings)
        return x->cost.findings > y->cost.findings ? -1 : 1;
    return strcmp(x->cost.rule, y->cost.rule);
}

static da_provider_score *row_of(da_scorecard *s, size_t *cap, const char *provider)
{
    for (size_t i = 0; i < s->count; i++)
        if (strcmp(s->rows[i].provider, provider) == 0)
            return &s->rows[i];
    da_grow((void **)&s->rows, cap, s->count + 1, sizeof(*s->rows));
    da_provider_score *p = &s->rows[s->count++];
    memset(p, 0, sizeof(*p));
    p->provider = provider;
    return p;
}

void da_scorecard_build(const da_dataset *d, const da_finding_list *fl, da_scorecard *out)
{
    memset(out, 0, sizeof(*out));
    size_t cap = 0;
    bool *hit = da_xcalloc(d->nencounters ? d->nencounters : 1, sizeof(*hit));
    for (size_t i = 0; i < fl->count; i++)
        if (da_finding_counts(&fl->items[i]) && fl->items[i].encounter < d->nencounters)
            hit[fl->items[i].encounter] = true;
    for (size_t e = 0; e < d->nencounters; e++) {
        const da_encounter *enc = &d->encounters[e];
        if (!enc->nclaims)
            continue;
        da_provider_score *p = row_of(out, &cap, enc->provider ? enc->provider : "");
        p->encounters++;
        p->clean += !hit[e];
    }
    free(hit);
    rule_sum *sums = NULL;
    size_t nsums = 0, sums_cap = 0;
    for (size_t i = 0; i < fl->count; i++) {
        const da_finding *f = &fl->items[i];
        if (!da_finding_counts(f) || f->encounter >= d->nencounters)
            continue;
        const char *prov = d->encounters[f->encounter].provider;
        prov = prov ? prov : "";
        da_provider_score *p = row_of(out, &cap, prov);
        da_cents amount = f->direction == DA_DIR_GAP || f->amount < 0 ? 0 : f->amount;
        if (f->direction == DA_DIR_UNDER)
            p->under += amount;
        else if (f->direction == DA_DIR_OVER)
            p->over += amount;
        else if (f->direction == DA_DIR_DENIAL)
            p->denial += amount;
        rule_sum *r = NULL;
        for (size_t k = 0; k < nsums && !r; k++)
            if (strcmp(sums[k].provider, prov) == 0 && strcmp(sums[k].cost.rule, f->rule) == 0)
                r = &sums[k];
        if (!r) {
            da_grow((void **)&sums, &sums_cap, nsums + 1, sizeof(*sums));
            r = &sums[nsums++];
            *r = (rule_sum){prov, {f->rule, 0, 0}};
        }
        r->cost.amount += amount;
        r->cost.findings++;
    }
    da_sort(sums, nsums, sizeof(*sums), by_cost);
    for (size_t k = 0; k < nsums; k++) {
        da_provider_score *p = row_of(out, &cap, sums[k].provider);
        if (p->ntop < DA_SCORE_TOP_RULES)
            p->top[p->ntop++] = sums[k].cost;
    }
    free(sums);
    da_sort(out->rows, out->count, sizeof(*out->rows), by_provider);
}

void da_scorecard_free(da_scorecard *s)
{
    free(s->rows);
    memset(s, 0, sizeof(*s));
}

double da_scorecard_accuracy(const da_provider_score *p)
{
    return p->encounters ? (double)p->clean / (double)p->encounters : 0;
}
