/* rule_fixture.h - a hand-built encounter for rule-family tests: claim lines
 * with payer, modifiers, diagnoses, status and money; notes of a given type;
 * facts as extraction would produce them; claims of the practice outside the
 * audited encounter. Each test checks rule families alone, on what it states.
 * Every test file is its own program, hence static inline functions.
 *
 * Defaults a test relies on are stated here once: patient "P1", encounter
 * "E1", payer f->payer (commercial unless the test sets it), every line paid
 * with no money given (DA_CENTS_NONE), no fee table unless fx_setup_fees.
 */
#ifndef DA_RULE_FIXTURE_H
#define DA_RULE_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "fees.h"
#include "rules.h"

#define FX_NOTE_TEXT "Assessment and plan: problem addressed separately from the procedure today."
#define FX_MAX_NOTES 4
#define FX_MAX_CLAIMS 64
#define FX_MAX_PRIOR 4

typedef struct fixture {
    da_dataset data;                    /* the audited encounter, plus other claims of the practice */
    bool in_encounter[FX_MAX_CLAIMS];   /* claim i belongs to the audited encounter */
    int prior_of[FX_MAX_CLAIMS];        /* claim i belongs to earlier visit k - 1 (0: none) */
    int days_before[FX_MAX_PRIOR];      /* earlier visit k: days before the audited one */
    int nprior;                         /* earlier visits of the patient */
    da_fact_list facts[FX_MAX_NOTES];   /* facts per note of the encounter */
    da_finding_list out;                /* what the rules found */
    da_details details;                 /* detail tables the rules wrote */
    da_options opt;                     /* run options */
    da_fee_table *fees;                 /* fee table; NULL unless fx_setup_fees or fx_fees */
    da_sites *sites;                    /* the built-in site table */
    da_drugs *drugs;                    /* the built-in drug table */
    da_payer_type payer;                /* payer class of the encounter and of each new line */
} fixture;

/* A fixture with no fee table: rules fall back to their fee-less directions. */
static inline int fx_setup(void **state)
{
    fixture *f = test_calloc(1, sizeof(*f));
    da_dataset_init(&f->data);
    da_findings_init(&f->out);
    da_details_init(&f->details);
    for (int i = 0; i < FX_MAX_NOTES; i++)
        da_facts_init(&f->facts[i]);
    f->payer = DA_PAYER_COMMERCIAL;
    *state = f;
    return da_sites_load(&f->sites) == DA_OK && da_drugs_load(&f->drugs) == DA_OK ? 0 : -1;
}

/* A fixture with the built-in fee table. */
static inline int fx_setup_fees(void **state)
{
    if (fx_setup(state) != 0)
        return -1;
    fixture *f = *state;
    return da_fees_load_default(&f->fees) == DA_OK ? 0 : -1;
}

static inline int fx_teardown(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < FX_MAX_NOTES; i++)
        da_facts_free(&f->facts[i]);
    da_findings_free(&f->out);
    da_details_free(&f->details);
    da_dataset_free(&f->data);
    da_fees_free(f->fees);
    da_sites_free(f->sites);
    da_drugs_free(f->drugs);
    test_free(f);
    return 0;
}

/* Replaces the fee table with one given as CSV text. */
static inline void fx_fees(fixture *f, const char *csv)
{
    da_fees_free(f->fees);
    f->fees = NULL;
    assert_int_equal(da_fees_load_mem(csv, strlen(csv), "test fees", NULL, &f->fees), DA_OK);
}

/* Adds modifiers to a line: one ("59") or several separated by spaces ("XS 51"). */
static inline da_claim_line *fx_mod(da_claim_line *c, const char *mods)
{
    for (const char *m = mods; *m;) {
        assert_true(c->nmodifiers < DA_MAX_MODIFIERS);
        memcpy(c->modifiers[c->nmodifiers], m, 2);
        c->modifiers[c->nmodifiers++][2] = '\0';
        m += m[2] ? 3 : 2;
    }
    return c;
}

/* Adds a diagnosis code (upper case, no dot) to a line of the fixture. Every
 * diagnosis a test writes goes through here. */
static inline da_claim_line *fx_icd(fixture *f, da_claim_line *c, const char *icd)
{
    assert_true(c >= f->data.claims && c < f->data.claims + f->data.nclaims);
    assert_true(c->nicd10 < DA_MAX_ICD10 && strlen(icd) < sizeof(c->icd10[0]));
    if (!c->icd10) /* the importer keeps a line's codes in the arena */
        c->icd10 = da_arena_alloc(f->data.arena, DA_MAX_ICD10 * sizeof(*c->icd10));
    strcpy(c->icd10[c->nicd10++], icd);
    return c;
}

/* Sets the payer class of a line (and the payer name to match). */
static inline da_claim_line *fx_payer(da_claim_line *c, da_payer_type payer)
{
    c->payer_type = payer;
    c->payer = da_payer_type_name(payer);
    return c;
}

/* The payer adjudicated the line with money: allowed and paid amounts. */
static inline da_claim_line *fx_paid(da_claim_line *c, da_cents allowed)
{
    c->allowed = c->paid = allowed;
    return c;
}

/* A paid claim line of patient P1 from payer f->payer, in the audited
 * encounter or not (a claim of the practice on another visit). */
static inline da_claim_line *fx_line(fixture *f, const char *code, int units, bool in_encounter)
{
    da_dataset *d = &f->data;
    assert_true(d->nclaims < FX_MAX_CLAIMS);
    da_grow((void **)&d->claims, &d->claims_cap, d->nclaims + 1, sizeof(*d->claims));
    f->in_encounter[d->nclaims] = in_encounter;
    da_claim_line *c = &d->claims[d->nclaims++];
    memset(c, 0, sizeof(*c));
    assert_true(strlen(code) < sizeof(c->code));
    strcpy(c->code, code);
    c->units = units;
    c->claim_id = c->encounter_id = c->provider = c->pos = c->denial_codes = c->prior_auth = c->ndc = "";
    c->line_no = "1";
    c->patient_id = "P1";
    fx_payer(c, f->payer);
    c->status = DA_STATUS_PAID;
    c->charge = c->allowed = c->paid = DA_CENTS_NONE;
    c->submitted = c->paid_date = DA_DATE_NONE;
    return c;
}

/* A line of the audited encounter. */
static inline da_claim_line *fx_bill(fixture *f, const char *code, int units)
{
    return fx_line(f, code, units, true);
}

/* A line of the audited encounter with modifiers ("" for none) and its own payer class. */
static inline da_claim_line *fx_claim(fixture *f, const char *code, const char *mods, int units,
                                      da_payer_type payer)
{
    return fx_mod(fx_payer(fx_bill(f, code, units), payer), mods);
}

/* A line of an earlier visit of the same patient, days before the audited
 * encounter (visits with the same days are one). */
static inline da_claim_line *fx_prior(fixture *f, const char *code, int days)
{
    int k = 0;
    while (k < f->nprior && f->days_before[k] != days)
        k++;
    if (k == f->nprior) {
        assert_true(f->nprior < FX_MAX_PRIOR);
        f->days_before[f->nprior++] = days;
    }
    da_claim_line *c = fx_line(f, code, 1, false);
    f->prior_of[f->data.nclaims - 1] = k + 1;
    c->dos = -days;
    return c;
}

/* A note of the encounter with the given type and text. */
static inline void fx_note_text(fixture *f, const char *type, const char *text)
{
    da_dataset *d = &f->data;
    assert_true(d->nnotes < FX_MAX_NOTES);
    da_grow((void **)&d->notes, &d->notes_cap, d->nnotes + 1, sizeof(*d->notes));
    da_note *n = &d->notes[d->nnotes++];
    memset(n, 0, sizeof(*n));
    n->text = text;
    n->text_len = strlen(text);
    n->note_id = n->encounter_id = n->provider = "";
    n->patient_id = "P1";
    n->note_type = type;
}

/* A note of the given type ("" for none) with the default text. */
static inline void fx_note(fixture *f, const char *type)
{
    fx_note_text(f, type, FX_NOTE_TEXT);
}

/* Adds a fact to the last note; a lesion number beyond the note's count raises it. */
static inline void fx_add(fixture *f, const da_fact *x)
{
    assert_true(f->data.nnotes > 0);
    da_fact_list *l = &f->facts[f->data.nnotes - 1];
    da_facts_add(l, x);
    if (x->lesion > l->nlesions)
        l->nlesions = x->lesion;
}

/* A fact of the last note at a site (-1 = none), its evidence the note's first 20 bytes. */
static inline void fx_fact(fixture *f, da_fact_kind kind, int lesion, double value, double value2, int site)
{
    da_fact x = {.kind = kind, .lesion = lesion, .value = value, .value2 = value2, .site = site,
                 .ref = -1, .start = 0, .end = 20};
    fx_add(f, &x);
}

/* The rule input for the fixture as it stands: the encounter is (re)built
 * from the lines and notes given so far, and the per-patient and practice
 * flags indexed, as da_dataset_group would. */
static inline da_rule_input fx_input(fixture *f)
{
    da_dataset *d = &f->data;
    free(d->encounters);
    d->encounters = da_xcalloc(1 + (size_t)f->nprior, sizeof(da_encounter));
    d->nencounters = 1 + (size_t)f->nprior;
    for (int k = 0; k < f->nprior; k++) {
        da_encounter *p = &d->encounters[1 + k];
        p->encounter_id = "EP";
        p->patient_id = "P1";
        p->provider = "";
        p->payer = "";
        p->dos = -f->days_before[k];
        p->claims = da_arena_alloc(d->arena, (d->nclaims + 1) * sizeof(size_t));
        p->notes = NULL;
        for (size_t i = 0; i < d->nclaims; i++)
            if (f->prior_of[i] == k + 1)
                p->claims[p->nclaims++] = i;
    }
    da_encounter *e = &d->encounters[0];
    e->encounter_id = "E1";
    e->patient_id = "P1";
    e->provider = "";
    e->payer_type = f->payer;
    e->payer = da_payer_type_name(f->payer);
    e->claims = da_arena_alloc(d->arena, (d->nclaims + 1) * sizeof(size_t));
    e->notes = da_arena_alloc(d->arena, (d->nnotes + 1) * sizeof(size_t));
    for (size_t i = 0; i < d->nclaims; i++)
        if (f->in_encounter[i])
            e->claims[e->nclaims++] = i;
    for (size_t i = 0; i < d->nnotes; i++)
        e->notes[e->nnotes++] = i;
    da_dataset_index(d);
    return (da_rule_input){d, 0, f->facts, f->fees, &f->opt, &f->details, f->sites, f->drugs};
}

/* Runs one rule family over the encounter; call it again for several. */
static inline void fx_run(fixture *f, da_rule_fn rule)
{
    da_rule_input in = fx_input(f);
    assert_int_equal(rule(&in, &f->out), DA_OK);
}

/* The finding is this one, with evidence quoted from a note. */
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
    assert_true(strlen(x->evidence) > 0);
}

/* The named detail table, which the rules must have made. */
static inline const da_detail *fx_table(const fixture *f, const char *sheet)
{
    const da_detail *t = da_details_find(&f->details, sheet);
    assert_non_null(t);
    return t;
}

/* Cell (row, column) of the named detail table. */
static inline const da_cell *fx_cell(const fixture *f, const char *sheet, size_t row, size_t column)
{
    const da_detail *t = fx_table(f, sheet);
    assert_true(row < t->nrows && column < t->ncolumns);
    return &t->cells[row * t->ncolumns + column];
}

#endif
