/* rulefix.h - a hand-built encounter for rule-family tests: claim lines,
 * notes and their facts given directly, as import and extraction would make
 * them, so each test checks one rule family alone. Included by one test
 * file each (every test is its own program), hence static inline functions.
 */
#ifndef DA_RULEFIX_H
#define DA_RULEFIX_H

#include <string.h>

#include "rules.h"

#define FIX_NOTE_TEXT "Procedure note. Specimen A sent. Lesion inflamed and bleeding."
#define FIX_MAX_NOTES 4

typedef struct fixture {
    da_dataset data;                     /* the audited encounter, plus other claims of the practice */
    bool in_encounter[64];               /* claim i belongs to the audited encounter */
    da_fact_list facts[FIX_MAX_NOTES];   /* facts of its notes */
    da_finding_list out;                 /* what the rule found */
    da_details details;                  /* detail tables the rule wrote */
    da_options opt;                      /* run options */
} fixture;

static inline int fix_setup(void **state)
{
    fixture *f = test_calloc(1, sizeof(*f));
    da_dataset_init(&f->data);
    da_findings_init(&f->out);
    da_details_init(&f->details);
    for (int i = 0; i < FIX_MAX_NOTES; i++)
        da_facts_init(&f->facts[i]);
    *state = f;
    return 0;
}

static inline int fix_teardown(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < FIX_MAX_NOTES; i++)
        da_facts_free(&f->facts[i]);
    da_findings_free(&f->out);
    da_details_free(&f->details);
    da_dataset_free(&f->data);
    test_free(f);
    return 0;
}

/* A claim line of patient P1; payer commercial unless changed by the caller. */
static inline da_claim_line *fix_line(fixture *f, const char *code, int units, bool in_encounter)
{
    da_dataset *d = &f->data;
    assert_true(d->nclaims < 64);
    da_grow((void **)&d->claims, &d->claims_cap, d->nclaims + 1, sizeof(*d->claims));
    f->in_encounter[d->nclaims] = in_encounter;
    da_claim_line *c = &d->claims[d->nclaims++];
    memset(c, 0, sizeof(*c));
    strcpy(c->code, code);
    c->units = units;
    c->icd10 = da_arena_alloc(d->arena, DA_MAX_ICD10 * sizeof(*c->icd10));
    c->claim_id = c->line_no = c->encounter_id = c->provider = c->pos = c->prior_auth = c->ndc = "";
    c->patient_id = "P1";
    c->payer = "Test Payer";
    c->payer_type = DA_PAYER_COMMERCIAL;
    c->denial_codes = "";
    c->status = DA_STATUS_PAID;
    c->charge = c->allowed = c->paid = 10000;
    return c;
}

static inline da_claim_line *fix_bill(fixture *f, const char *code, int units)
{
    return fix_line(f, code, units, true);
}

static inline void fix_mod(da_claim_line *c, const char *mod)
{
    strcpy(c->modifiers[c->nmodifiers++], mod);
}

static inline void fix_icd(da_claim_line *c, const char *icd)
{
    strcpy(c->icd10[c->nicd10++], icd);
}

static inline void fix_note(fixture *f)
{
    da_dataset *d = &f->data;
    assert_true(d->nnotes < FIX_MAX_NOTES);
    da_grow((void **)&d->notes, &d->notes_cap, d->nnotes + 1, sizeof(*d->notes));
    da_note *n = &d->notes[d->nnotes++];
    memset(n, 0, sizeof(*n));
    n->text = FIX_NOTE_TEXT;
    n->text_len = strlen(FIX_NOTE_TEXT);
    n->note_id = n->encounter_id = n->patient_id = n->note_type = n->provider = "";
}

/* A fact of the last note. */
static inline void fix_fact(fixture *f, da_fact_kind kind, int lesion, double value, double value2)
{
    da_fact x = {.kind = kind, .lesion = lesion, .value = value, .value2 = value2, .site = -1,
                 .ref = -1, .start = 0, .end = 9};
    da_facts_add(&f->facts[f->data.nnotes - 1], &x);
}

static inline void fix_run(fixture *f, da_rule_fn rule)
{
    da_dataset *d = &f->data;
    d->encounters = da_xcalloc(1, sizeof(da_encounter));
    d->nencounters = 1;
    da_encounter *e = &d->encounters[0];
    e->encounter_id = "E1";
    e->patient_id = "P1";
    e->provider = "";
    e->payer = "Test Payer";
    e->payer_type = DA_PAYER_COMMERCIAL;
    e->claims = da_arena_alloc(d->arena, (d->nclaims + 1) * sizeof(size_t));
    e->notes = da_arena_alloc(d->arena, (d->nnotes + 1) * sizeof(size_t));
    for (size_t i = 0; i < d->nclaims; i++)
        if (f->in_encounter[i])
            e->claims[e->nclaims++] = i;
    for (size_t i = 0; i < d->nnotes; i++)
        e->notes[e->nnotes++] = i;
    da_dataset_index(d);
    da_rule_input in = {d, 0, f->facts, NULL, &f->opt, &f->details};
    assert_int_equal(rule(&in, &f->out), DA_OK);
}

static inline void fix_expect(const da_finding *x, const char *category, const char *rule,
                       da_direction dir, const char *billed, int billed_units,
                       const char *expected, int expected_units)
{
    assert_string_equal(x->category, category);
    assert_string_equal(x->rule, rule);
    assert_int_equal(x->direction, dir);
    assert_string_equal(x->billed_code, billed);
    assert_int_equal(x->billed_units, billed_units);
    assert_string_equal(x->expected_code, expected);
    assert_int_equal(x->expected_units, expected_units);
    assert_true(strlen(x->evidence) > 0);
}

/* Text of cell (row, column) of the named detail table. */
static inline const char *fix_cell(const fixture *f, const char *sheet, size_t row, size_t column)
{
    const da_detail *t = da_details_find(&f->details, sheet);
    assert_non_null(t);
    assert_true(row < t->nrows && column < t->ncolumns);
    assert_int_equal(t->columns[column].type, DA_CELL_TEXT);
    return t->cells[row * t->ncolumns + column].text;
}

#endif
