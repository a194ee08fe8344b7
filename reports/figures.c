/* figures.c - the report model (see figures.h). */
#include "figures.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "rules.h"

const da_category da_categories[] = {
    {"lesion", "Lesions"},      {"repair", "Repairs"},     {"mohs", "Mohs"},
    {"pathology", "Pathology"}, {"cosmetic", "Cosmetic"}, {"modifier", "Modifiers"},
    {"drug", "Drugs"},          {"em", "E&M"},             {"denial", "Denials"},
    {"payment", "Payments"},
};
const size_t da_ncategories = sizeof(da_categories) / sizeof(da_categories[0]);

const char *da_category_label(const char *id)
{
    for (size_t i = 0; i < da_ncategories; i++)
        if (strcmp(da_categories[i].id, id) == 0)
            return da_categories[i].label;
    return id;
}

static da_cat_total *category_of(da_figures *t, const char *name)
{
    for (size_t i = 0; i < t->ncats; i++)
        if (strcmp(t->cats[i].name, name) == 0)
            return &t->cats[i];
    da_grow((void **)&t->cats, &t->cats_cap, t->ncats + 1, sizeof(*t->cats));
    da_cat_total *c = &t->cats[t->ncats];
    memset(c, 0, sizeof(*c));
    c->name = name;
    c->order = t->ncats++;
    return c;
}

static da_basis_total *basis_of(da_figures *t, const char *basis)
{
    for (size_t i = 0; i < t->nbases; i++)
        if (strcmp(t->bases[i].basis, basis) == 0)
            return &t->bases[i];
    da_grow((void **)&t->bases, &t->bases_cap, t->nbases + 1, sizeof(*t->bases));
    da_basis_total *b = &t->bases[t->nbases++];
    memset(b, 0, sizeof(*b));
    b->basis = basis;
    return b;
}

da_error da_figures_build(const da_report *r, da_date as_of, da_figures *t)
{
    const da_dataset *d = r->data;
    memset(t, 0, sizeof(*t));
    for (size_t i = 0; i < da_ncategories; i++)
        category_of(t, da_categories[i].id);
    if (r->from != DA_DATE_NONE && r->to != DA_DATE_NONE && r->to >= r->from)
        t->days = (long)r->to - (long)r->from + 1;
    for (size_t i = 0; i < r->findings->count; i++) {
        const da_finding *f = &r->findings->items[i];
        if (f->encounter >= d->nencounters || f->claim >= (long)d->nclaims ||
            f->note >= (long)d->nnotes)
            return DA_ERR_INTERNAL;
        da_cat_total *c = category_of(t, f->category);
        c->findings++;
        if (f->direction == DA_DIR_GAP) {
            c->gaps++;
            t->gaps++;
            continue;
        }
        if (!da_finding_counts(f)) {
            t->low += f->confidence == DA_CONF_LOW;
            continue;
        }
        da_cents *cat_sum = f->direction == DA_DIR_UNDER ? &c->under
                            : f->direction == DA_DIR_OVER ? &c->over
                                                          : &c->denial;
        da_cents *sum = f->direction == DA_DIR_UNDER ? &t->under
                        : f->direction == DA_DIR_OVER ? &t->over
                                                      : &t->denial;
        *cat_sum = da_cents_add(*cat_sum, f->amount);
        *sum = da_cents_add(*sum, f->amount);
        t->denial_findings += f->direction == DA_DIR_DENIAL;
        da_basis_total *b = basis_of(t, f->basis && f->basis[0] ? f->basis : "not priced");
        b->findings++;
        b->amount = da_cents_add(b->amount, f->amount);
    }
    da_denial_stats_build(d, &t->denials);
    da_payer_stats_build(d, r->fees, r->rules ? r->rules->contracts : NULL, &t->payers,
                         &t->npayers);
    da_ar_aging_build(d, as_of, &t->ar, &t->nar);
    da_scorecard_build(d, r->findings, &t->score);
    if (r->previous) {
        da_compare_build(d, r->findings, t->days, r->previous, &t->cmp);
        t->compared = true;
    }
    return DA_OK;
}

void da_figures_free(da_figures *f)
{
    free(f->cats);
    free(f->bases);
    da_denial_stats_free(&f->denials);
    free(f->payers);
    free(f->ar);
    da_scorecard_free(&f->score);
    da_compare_free(&f->cmp);
    memset(f, 0, sizeof(*f));
}
