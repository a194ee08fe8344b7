/* rule_fixture.h - hand-built encounters for rule-family tests: claim
 * lines with payer, status and money, notes of a given type, and facts as
 * extraction would produce them. Included by test_modifiers.c and
 * test_em.c (static functions, one copy per test program). */
#ifndef RULE_FIXTURE_H
#define RULE_FIXTURE_H

#include <string.h>

#include "fees.h"
#include "rules.h"

#define FX_NOTE_TEXT "Assessment and plan: problem addressed separately from the procedure today."

typedef struct fixture {
    da_dataset data;          /* one encounter */
    da_fact_list facts[4];    /* facts of its notes */
    da_finding_list out;      /* what the rule found */
    da_details details;       /* detail tables */
    da_fee_table *fees;       /* fee table */
} fixture;

static inline int fx_setup(void **state)
{
    fixture *f = test_calloc(1, sizeof(*f));
    da_dataset_init(&f->data);
    da_findings_init(&f->out);
    da_details_init(&f->details);
    for (int i = 0; i < 4; i++)
        da_facts_init(&f->facts[i]);
    if (da_fees_load_default(&f->fees) != DA_OK)
        return -1;
    *state = f;
    return 0;
}

static inline int fx_teardown(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 4; i++)
        da_facts_free(&f->facts[i]);
    da_findings_free(&f->out);
    da_details_free(&f->details);
    da_dataset_free(&f->data);
    da_fees_free(f->fees);
    test_free(f);
    return 0;
}

/* Replaces the fee table (the 2025 worked example). */
static inline void fx_fees(fixture *f, const char *csv)
{
    da_fees_free(f->fees);
    f->fees = NULL;
    assert_int_equal(da_fees_load_mem(csv, strlen(csv), "test fees", NULL, &f->fees), DA_OK);
}

/* A claim line, paid in full by a payer of the given type; mods is "XS 51" or "". */
static inline da_claim_line *fx_bill(fixture *f, const char *code, const char *mods, int units,
                              da_payer_type payer)
{
    da_dataset *d = &f->data;
    da_grow((void **)&d->claims, &d->claims_cap, d->nclaims + 1, sizeof(*d->claims));
    da_claim_line *c = &d->claims[d->nclaims++];
    memset(c, 0, sizeof(*c));
    strcpy(c->code, code);
    for (const char *m = mods; *m; m += m[2] ? 3 : 2) {
        memcpy(c->modifiers[c->nmodifiers], m, 2);
        c->modifiers[c->nmodifiers++][2] = '\0';
        if (!m[2])
            break;
    }
    c->units = units;
    c->claim_id = c->patient_id = c->encounter_id = c->pos = c->denial_codes = "";
    c->prior_auth = c->ndc = "";
    c->line_no = "1";
    c->provider = "Dr. Test";
    c->payer_type = payer;
    c->payer = da_payer_type_name(payer);
    c->status = DA_STATUS_PAID;
    c->charge = c->allowed = c->paid = DA_CENTS_NONE;
    c->submitted = c->paid_date = DA_DATE_NONE;
    return c;
}

static inline void fx_note(fixture *f, const char *type)
{
    da_dataset *d = &f->data;
    da_grow((void **)&d->notes, &d->notes_cap, d->nnotes + 1, sizeof(*d->notes));
    da_note *n = &d->notes[d->nnotes++];
    memset(n, 0, sizeof(*n));
    n->text = FX_NOTE_TEXT;
    n->text_len = strlen(FX_NOTE_TEXT);
    n->note_id = n->encounter_id = n->patient_id = n->provider = "";
    n->note_type = type;
}

/* A fact of the last note. */
static inline void fx_fact(fixture *f, da_fact_kind kind, int lesion, double value, double value2, int site)
{
    da_fact x = {.kind = kind, .lesion = lesion, .value = value, .value2 = value2, .site = site,
                 .ref = -1, .start = 0, .end = 20};
    da_fact_list *l = &f->facts[f->data.nnotes - 1];
    da_facts_add(l, &x);
    if (lesion > l->nlesions)
        l->nlesions = lesion;
}

static inline void fx_group(fixture *f)
{
    da_dataset *d = &f->data;
    d->encounters = da_xcalloc(1, sizeof(da_encounter));
    d->nencounters = 1;
    da_encounter *e = &d->encounters[0];
    e->encounter_id = e->patient_id = e->provider = e->payer = "";
    e->claims = da_arena_alloc(d->arena, (d->nclaims + 1) * sizeof(size_t));
    e->notes = da_arena_alloc(d->arena, (d->nnotes + 1) * sizeof(size_t));
    for (size_t i = 0; i < d->nclaims; i++)
        e->claims[e->nclaims++] = i;
    for (size_t i = 0; i < d->nnotes; i++)
        e->notes[e->nnotes++] = i;
    da_dataset_index(d);
}

static inline void fx_run(fixture *f, da_rule_fn rule)
{
    fx_group(f);
    da_rule_input in = {&f->data, 0, f->facts, f->fees, NULL, &f->details};
    assert_int_equal(rule(&in, &f->out), DA_OK);
}

static inline void fx_expect(const da_finding *x, const char *category, const char *rule, da_direction dir,
                      const char *billed, int billed_units, const char *expected, int expected_units)
{
    assert_string_equal(x->category, category);
    assert_string_equal(x->rule, rule);
    assert_int_equal(x->direction, dir);
    assert_string_equal(x->billed_code, billed);
    assert_int_equal(x->billed_units, billed_units);
    assert_string_equal(x->expected_code, expected);
    assert_int_equal(x->expected_units, expected_units);
}

#endif
