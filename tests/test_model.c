/* test_model.c - the report model's figures, without a workbook: the
 * headline totals (by direction, category and basis, review items and gaps
 * apart), the provider scorecard (accuracy, dollars by direction, the three
 * costliest rules) and the comparison of two periods (dollars a year per
 * direction and category, recurring rule and provider pairs), worked out
 * by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "figures.h"

static void add(da_finding_list *fl, size_t enc, const char *rule, da_direction dir,
                da_confidence conf, da_cents amount)
{
    da_finding *f = da_findings_push(fl);
    f->category = "lesion";
    f->rule = rule;
    f->direction = dir;
    f->confidence = conf;
    f->encounter = enc;
    f->claim = -1;
    f->note = -1;
    f->amount = amount;
}

static void test_scorecard(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    /* Dr B: encounters 0-3; Dr A: 4-5; encounter 6 has no claims (not audited). */
    static const char *const prov[] = {"Dr B", "Dr B", "Dr B", "Dr B", "Dr A", "Dr A", "Dr A"};
    d.encounters = da_xcalloc(7, sizeof(*d.encounters));
    d.nencounters = 7;
    for (size_t i = 0; i < 7; i++) {
        d.encounters[i].provider = prov[i];
        d.encounters[i].nclaims = i == 6 ? 0 : 1;
    }
    da_finding_list fl;
    da_findings_init(&fl);
    add(&fl, 0, "EM-LEVEL", DA_DIR_UNDER, DA_CONF_HIGH, 5000);
    add(&fl, 0, "MOHS-STAGES", DA_DIR_UNDER, DA_CONF_HIGH, 20000);
    add(&fl, 1, "EM-LEVEL", DA_DIR_OVER, DA_CONF_MEDIUM, 3000);
    add(&fl, 2, "LESION-EXC-MARGIN", DA_DIR_GAP, DA_CONF_MEDIUM, 0);
    add(&fl, 3, "LESION-EXC-SIZE", DA_DIR_UNDER, DA_CONF_LOW, 0); /* review item: clean */
    add(&fl, 3, "DENIAL-CO16", DA_DIR_DENIAL, DA_CONF_HIGH, 1000);
    add(&fl, 4, "DENIAL-CO16", DA_DIR_DENIAL, DA_CONF_LOW, 0);    /* review item */
    da_scorecard sc;
    da_scorecard_build(&d, &fl, &sc);
    assert_int_equal(sc.count, 2);
    /* Dr A first (by name): 2 audited, both clean; no dollars, no rule. */
    assert_string_equal(sc.rows[0].provider, "Dr A");
    assert_int_equal(sc.rows[0].encounters, 2);
    assert_int_equal(sc.rows[0].clean, 2);
    assert_int_equal(sc.rows[0].ntop, 0);
    assert_true(da_scorecard_accuracy(&sc.rows[0]) == 1.0);
    /* Dr B: 4 audited, 0-3 each with a counted finding: accuracy 0. */
    const da_provider_score *b = &sc.rows[1];
    assert_int_equal(b->encounters, 4);
    assert_int_equal(b->clean, 0);
    assert_int_equal(b->under, 25000);
    assert_int_equal(b->over, 3000);
    assert_int_equal(b->denial, 1000);
    /* Costliest: MOHS-STAGES $200, EM-LEVEL $50 + $30, DENIAL-CO16 $10. */
    assert_int_equal(b->ntop, 3);
    assert_string_equal(b->top[0].rule, "MOHS-STAGES");
    assert_string_equal(b->top[1].rule, "EM-LEVEL");
    assert_int_equal(b->top[1].amount, 8000);
    assert_int_equal(b->top[1].findings, 2);
    assert_string_equal(b->top[2].rule, "DENIAL-CO16");
    da_scorecard_free(&sc);
    da_findings_free(&fl);
    da_dataset_free(&d);
}

/* No encounter: an empty scorecard. */
static void test_empty(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    da_finding_list fl;
    da_findings_init(&fl);
    da_scorecard sc;
    da_scorecard_build(&d, &fl, &sc);
    assert_int_equal(sc.count, 0);
    da_scorecard_free(&sc);
    da_findings_free(&fl);
    da_dataset_free(&d);
}

static void add_prev(da_previous *pv, const char *category, const char *rule,
                     const char *direction, const char *confidence, const char *provider,
                     da_cents amount)
{
    da_grow((void **)&pv->items, &pv->cap, pv->count + 1, sizeof(*pv->items));
    pv->items[pv->count++] = (da_prev_finding){category, rule, direction, confidence, provider,
                                               DA_DATE_NONE, amount};
}

/* Earlier period: 30 days (2026-04-01 to 04-30); this period: 60 days. */
static void test_compare(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    d.encounters = da_xcalloc(2, sizeof(*d.encounters));
    d.nencounters = 2;
    d.encounters[0].provider = "Dr A";
    d.encounters[1].provider = "Dr B";
    da_finding_list fl;
    da_findings_init(&fl);
    add(&fl, 0, "EM-LEVEL", DA_DIR_UNDER, DA_CONF_HIGH, 6000);   /* recurs for Dr A */
    add(&fl, 1, "EM-LEVEL", DA_DIR_UNDER, DA_CONF_HIGH, 4000);   /* new for Dr B */
    add(&fl, 1, "MOHS-STAGES", DA_DIR_OVER, DA_CONF_LOW, 99999); /* review item: no dollars */
    fl.items[2].category = "mohs";
    fl.items[0].category = fl.items[1].category = "em";
    da_previous pv = {0};
    pv.first = da_date_from_ymd(2026, 4, 1);
    pv.last = da_date_from_ymd(2026, 4, 30);
    add_prev(&pv, "em", "EM-LEVEL", "under", "high", "Dr A", 3000);
    add_prev(&pv, "lesion", "LESION-EXC-SIZE", "over", "medium", "Dr A", 2000); /* resolved */
    add_prev(&pv, "lesion", "LESION-EXC-MARGIN", "gap", "medium", "Dr A", 0);
    da_compare c;
    da_compare_build(&d, &fl, 60, &pv, &c);
    assert_int_equal(c.was_days, 30);
    assert_int_equal(c.now_days, 60);
    assert_int_equal(c.was[DA_CMP_UNDER], 3000);
    assert_int_equal(c.now[DA_CMP_UNDER], 10000);
    assert_int_equal(c.was[DA_CMP_OVER], 2000);
    assert_int_equal(c.now[DA_CMP_OVER], 0);
    assert_int_equal(c.was_gaps, 1);
    assert_int_equal(c.now_gaps, 0);
    /* $30 in 30 days = $365 a year; $100 in 60 days = $608.33 a year. */
    assert_true(da_compare_annual(c.was[DA_CMP_UNDER], c.was_days) == 36500);
    assert_true(da_compare_annual(c.now[DA_CMP_UNDER], c.now_days) == 60833);
    /* Pairs: the recurring one first, then by provider and dollars. */
    assert_int_equal(c.npairs, 5);
    assert_string_equal(c.pairs[0].rule, "EM-LEVEL");
    assert_string_equal(c.pairs[0].provider, "Dr A");
    assert_int_equal(c.pairs[0].before, 1);
    assert_int_equal(c.pairs[0].now, 1);
    assert_int_equal(c.pairs[0].amount, 6000);
    for (size_t i = 1; i < c.npairs; i++)
        assert_false(c.pairs[i].before && c.pairs[i].now);
    da_compare_free(&c);
    free(pv.items);
    da_findings_free(&fl);
    da_dataset_free(&d);
}

/* The headline: a leak of $50 + $200, $30 over, $10 recoverable, one gap;
 * the review item's $999.99 is in no total. */
static void test_figures(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    d.encounters = da_xcalloc(2, sizeof(*d.encounters));
    d.nencounters = 2;
    d.claims = da_xcalloc(2, sizeof(*d.claims));
    d.nclaims = 2;
    size_t *index = da_arena_alloc(d.arena, 2 * sizeof(*index));
    for (size_t i = 0; i < 2; i++) {
        da_claim_line *c = &d.claims[i];
        strcpy(c->code, "99213");
        c->units = 1;
        c->claim_id = c->patient_id = c->payer = c->encounter_id = c->provider = "";
        c->line_no = c->pos = c->denial_codes = c->prior_auth = c->ndc = "";
        c->status = DA_STATUS_PAID;
        c->charge = c->allowed = c->paid = DA_CENTS_NONE;
        c->submitted = c->paid_date = DA_DATE_NONE;
        index[i] = i;
        d.encounters[i].provider = "Dr A";
        d.encounters[i].claims = &index[i];
        d.encounters[i].nclaims = 1;
    }
    da_finding_list fl;
    da_findings_init(&fl);
    add(&fl, 0, "EM-LEVEL", DA_DIR_UNDER, DA_CONF_HIGH, 5000);
    add(&fl, 0, "MOHS-STAGES", DA_DIR_UNDER, DA_CONF_MEDIUM, 20000);
    add(&fl, 1, "EM-LEVEL", DA_DIR_OVER, DA_CONF_HIGH, 3000);
    add(&fl, 1, "DENIAL-CO16", DA_DIR_DENIAL, DA_CONF_HIGH, 1000);
    add(&fl, 1, "LESION-EXC-MARGIN", DA_DIR_GAP, DA_CONF_MEDIUM, 0);
    add(&fl, 1, "LESION-EXC-SIZE", DA_DIR_UNDER, DA_CONF_LOW, 99999);
    fl.items[1].category = "mohs";
    fl.items[0].category = fl.items[2].category = "em";
    fl.items[3].category = "denial";
    for (size_t i = 0; i < fl.count; i++)
        fl.items[i].basis = "fee table";
    da_report r = {.data = &d, .findings = &fl, .from = da_date_from_ymd(2026, 7, 1),
                   .to = da_date_from_ymd(2026, 9, 28)};
    da_figures f;
    assert_int_equal(da_figures_build(&r, r.to, &f), DA_OK);
    assert_int_equal(f.days, 90);
    assert_int_equal(f.under, 25000);
    assert_int_equal(f.over, 3000);
    assert_int_equal(f.denial, 1000);
    assert_int_equal(f.denial_findings, 1);
    assert_int_equal(f.gaps, 1);
    assert_int_equal(f.low, 1);
    /* The ten known categories first, in their order: Mohs is the third. */
    assert_true(f.ncats >= da_ncategories);
    assert_string_equal(f.cats[2].name, "mohs");
    assert_int_equal(f.cats[2].under, 20000);
    assert_int_equal(f.cats[0].findings, 2); /* lesion: the gap and the review item */
    assert_int_equal(f.nbases, 1);
    assert_int_equal(f.bases[0].findings, 4);
    assert_int_equal(f.bases[0].amount, 29000);
    assert_int_equal(f.score.count, 1);
    assert_int_equal(f.score.rows[0].clean, 0);
    assert_false(f.compared);
    da_figures_free(&f);
    /* A finding that points past the dataset is a bug, not a figure. */
    fl.items[0].encounter = 7;
    assert_int_equal(da_figures_build(&r, r.to, &f), DA_ERR_INTERNAL);
    da_figures_free(&f);
    da_findings_free(&fl);
    da_dataset_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scorecard),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_figures),
    };
    return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
