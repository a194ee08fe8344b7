/* test_price.c - finding amounts with the multiple-procedure reduction.
 *
 * The worked example is coding-rules.md section 12.1 (2025 national
 * non-facility amounts); the Mohs cases use the built-in 2026 table. Every
 * expected figure is worked by hand in the comment beside it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fees.h"
#include "finding.h"
#include "model.h"
#include "price.h"

/* 2025 NF amounts, MULT PROC and global period from coding-rules.md section 12. */
static const char FEES_2025[] = "code,nonfacility,facility,mult_proc,global_days\n"
                                "99214,125.18,93.80,0,XXX\n"
                                "12051,272.68,164.97,2,010\n"
                                "11642,260.39,177.26,2,010\n"
                                "11102,95.75,36.23,2,000\n"
                                "11103,47.87,21.03,0,ZZZ\n"
                                "17000,66.31,53.70,2,010\n"
                                "17003,6.47,1.94,0,ZZZ\n"
                                "11600,191.17,119.36,2,010\n"
                                "11601,221.57,144.91,2,010\n";

static da_fee_table *fees_2025(void)
{
    da_fee_table *t = NULL;
    assert_int_equal(da_fees_load_mem(FEES_2025, strlen(FEES_2025), "fees2025", NULL, &t), DA_OK);
    assert_int_equal(da_fees_count(t), 9);
    return t;
}

static da_fee_table *fees_2026(void)
{
    da_fee_table *t = NULL;
    assert_int_equal(da_fees_load_default(&t), DA_OK);
    return t;
}

/* One encounter made of the given lines. */
static void make_encounter(da_dataset *d, const da_price_item *lines, size_t n)
{
    da_dataset_init(d);
    for (size_t i = 0; i < n; i++) {
        da_grow((void **)&d->claims, &d->claims_cap, d->nclaims + 1, sizeof(*d->claims));
        da_claim_line *c = &d->claims[d->nclaims++];
        memset(c, 0, sizeof(*c));
        c->line = i + 2;
        c->claim_id = c->line_no = c->patient_id = c->encounter_id = "";
        c->provider = c->payer = c->pos = c->denial_codes = c->prior_auth = c->ndc = "";
        memcpy(c->code, lines[i].code, sizeof(c->code));
        c->units = lines[i].units;
        c->charge = c->allowed = c->paid = DA_CENTS_NONE;
        c->submitted = c->paid_date = DA_DATE_NONE;
    }
    d->encounters = da_xcalloc(1, sizeof(*d->encounters));
    d->nencounters = 1;
    da_encounter *e = &d->encounters[0];
    e->encounter_id = e->patient_id = e->provider = e->payer = "";
    e->claims = da_arena_alloc(d->arena, (n ? n : 1) * sizeof(size_t));
    for (size_t i = 0; i < n; i++)
        e->claims[i] = i;
    e->nclaims = n;
}

static da_finding *add(da_finding_list *list, da_direction dir, const char *billed, int bunits,
                       const char *expected, int eunits)
{
    da_finding *f = da_findings_push(list);
    f->direction = dir;
    f->category = "test";
    f->rule = "test";
    assert_true(strlen(billed) < DA_CODE_LEN && strlen(expected) < DA_CODE_LEN);
    memcpy(f->billed_code, billed, strlen(billed) + 1);
    f->billed_units = bunits;
    memcpy(f->expected_code, expected, strlen(expected) + 1);
    f->expected_units = eunits;
    f->amount = -1; /* pricing must overwrite it */
    return f;
}

static const da_price_item EXAMPLE[] = {
    {"99214", 1}, {"12051", 1}, {"11642", 1}, {"11102", 1},
    {"11103", 2}, {"17000", 1}, {"17003", 6},
};
#define EXAMPLE_N (sizeof(EXAMPLE) / sizeof(EXAMPLE[0]))

static void test_worked_example_total(void **state)
{
    (void)state;
    da_fee_table *t = fees_2025();
    /* 125.18 + 272.68 + 130.195 + 47.875 + 95.74 + 33.155 + 38.82 = 743.645 -> 743.65 */
    assert_int_equal(da_price_set_total(t, EXAMPLE, EXAMPLE_N), 74365);
    /* Line order does not change the ranking. */
    da_price_item reversed[EXAMPLE_N];
    for (size_t i = 0; i < EXAMPLE_N; i++)
        reversed[i] = EXAMPLE[EXAMPLE_N - 1 - i];
    assert_int_equal(da_price_set_total(t, reversed, EXAMPLE_N), 74365);
    /* A code not in the table earns nothing and changes nothing. */
    const da_price_item odd[] = {{"12051", 1}, {"99999", 3}, {"11642", 1}};
    assert_int_equal(da_price_set_total(t, odd, 3), 27268 + 13020); /* 272.68 + 130.195 */
    da_fees_free(t);
}

/* Every line of the example found over-billed, in line order: each is worth
 * what its removal takes off what is left, so removing the top code gives
 * back the rise of the next one to 100%, and the amounts add up to the
 * total (each rounded half up: 743.66 against 743.645). */
static void test_worked_example_lines(void **state)
{
    (void)state;
    da_fee_table *t = fees_2025();
    da_dataset d;
    make_encounter(&d, EXAMPLE, EXAMPLE_N);
    da_finding_list list;
    da_findings_init(&list);
    static const da_cents want[EXAMPLE_N] = {
        12518, /* 99214: never reduced; 743.645 -> 618.465 */
        14249, /* 12051: 272.68 gone, 11642 rises by 130.195; -> 475.98, 142.485 */
        21252, /* 11642: 260.39 gone, 11102 rises by 47.875; -> 263.465, 212.515 */
        6260,  /* 11102: 95.75 gone, 17000 rises by 33.155; -> 200.87, 62.595 */
        9574,  /* 11103 x 2: add-on, 2 x 47.87; -> 105.13 */
        6631,  /* 17000: alone at 100% by now; -> 38.82 */
        3882,  /* 17003 x 6: add-on, 6 x 6.47; -> 0 */
    };
    for (size_t i = 0; i < EXAMPLE_N; i++)
        add(&list, DA_DIR_OVER, EXAMPLE[i].code, EXAMPLE[i].units, "", 0);
    da_price_encounter(&d, 0, t, &list, 0);
    for (size_t i = 0; i < EXAMPLE_N; i++) {
        assert_int_equal(list.items[i].amount, want[i]);
        assert_string_equal(list.items[i].basis, "fee table with multiple-procedure reduction");
    }
    da_cents billed, expected;
    da_price_encounter_totals(&d, 0, t, &list, 0, &billed, &expected);
    assert_int_equal(billed, 74365);
    assert_int_equal(expected, 0); /* every line was taken back */
    da_findings_free(&list);
    da_dataset_free(&d);
    da_fees_free(t);
}

static void test_missing_second_procedure_half(void **state)
{
    (void)state;
    da_fee_table *t = fees_2025();
    da_dataset d;
    const da_price_item billed[] = {{"12051", 1}};
    make_encounter(&d, billed, 1);
    da_finding_list list;
    da_findings_init(&list);
    /* 11642 below 12051: rank 2, 260.39 / 2 = 130.195 -> 130.20. */
    add(&list, DA_DIR_UNDER, "", 0, "11642", 1);
    da_price_encounter(&d, 0, t, &list, 0);
    assert_int_equal(list.items[0].amount, 13020);
    da_cents b, x;
    da_price_encounter_totals(&d, 0, t, &list, 0, &b, &x);
    assert_int_equal(b, 27268);
    assert_int_equal(x, 40288); /* 272.68 + 130.195 = 402.875 -> 402.88 */
    da_findings_free(&list);
    da_dataset_free(&d);
    da_fees_free(t);
}

static void test_mohs_2026(void **state)
{
    (void)state;
    da_fee_table *t = fees_2026();
    da_finding_list list;
    da_findings_init(&list);
    da_dataset d;

    /* A missing add-on stage: full add-on fee, 12.06 x 33.4009 = $402.81. */
    const da_price_item mohs[] = {{"17311", 1}};
    make_encounter(&d, mohs, 1);
    add(&list, DA_DIR_UNDER, "", 0, "17312", 1);
    da_price_encounter(&d, 0, t, &list, 0);
    assert_int_equal(list.items[0].amount, 40281);
    da_dataset_free(&d);

    /* Wrong primary site: 17313 billed, 17311 supported: 667.02 - 626.27. */
    const da_price_item trunk[] = {{"17313", 1}};
    make_encounter(&d, trunk, 1);
    size_t first = list.count;
    add(&list, DA_DIR_UNDER, "17313", 1, "17311", 1);
    da_price_encounter(&d, 0, t, &list, first);
    assert_int_equal(list.items[first].amount, 4075);
    assert_int_equal(list.items[0].amount, 40281); /* findings before first are left alone */

    da_dataset_free(&d);

    /* 17311 billed where 17313 is supported: as an under-billing it would be
     * -$40.75, which is no leak (never negative) ... */
    make_encounter(&d, mohs, 1);
    first = list.count;
    add(&list, DA_DIR_UNDER, "17311", 1, "17313", 1);
    da_price_encounter(&d, 0, t, &list, first);
    assert_int_equal(list.items[first].amount, 0);
    /* ... and as an over-billing it is $40.75. */
    first = list.count;
    add(&list, DA_DIR_OVER, "17311", 1, "17313", 1);
    da_price_encounter(&d, 0, t, &list, first);
    assert_int_equal(list.items[first].amount, 4075);
    da_dataset_free(&d);

    /* A missing biopsy beside 2026 11642 ($266.87): 95.53 / 2 = 47.765 -> $47.77. */
    const da_price_item exc[] = {{"11642", 1}};
    make_encounter(&d, exc, 1);
    first = list.count;
    add(&list, DA_DIR_UNDER, "", 0, "11102", 1);
    da_price_encounter(&d, 0, t, &list, first);
    assert_int_equal(list.items[first].amount, 4777);
    da_dataset_free(&d);

    da_findings_free(&list);
    da_fees_free(t);
}

/* A missing code that outranks the billed one takes the 100% share and
 * carries the billed code's drop to 50%: billed 11600 alone, 191.17; with
 * 11601, 221.57 + 95.585 = 317.155; the finding is worth 125.985 -> 125.99,
 * not 11601's 221.57. */
static void test_missing_code_outranks(void **state)
{
    (void)state;
    da_fee_table *t = fees_2025();
    da_dataset d;
    const da_price_item billed[] = {{"11600", 1}};
    make_encounter(&d, billed, 1);
    da_finding_list list;
    da_findings_init(&list);
    add(&list, DA_DIR_UNDER, "", 0, "11601", 1);
    da_price_encounter(&d, 0, t, &list, 0);
    assert_int_equal(list.items[0].amount, 12599);
    da_findings_free(&list);
    da_dataset_free(&d);

    /* Two missing codes above billed 11102 (95.75): the first listed takes
     * the top and the drop, 221.57 + 47.875 - 95.75 = 173.695 -> 173.70; the
     * second is a 50% procedure, 95.585 -> 95.59. The drop is charged once. */
    const da_price_item small[] = {{"11102", 1}};
    make_encounter(&d, small, 1);
    da_findings_init(&list);
    add(&list, DA_DIR_UNDER, "", 0, "11601", 1);
    add(&list, DA_DIR_UNDER, "", 0, "11600", 1);
    da_price_encounter(&d, 0, t, &list, 0);
    assert_int_equal(list.items[0].amount, 17370);
    assert_int_equal(list.items[1].amount, 9559);
    da_cents was, will;
    da_price_encounter_totals(&d, 0, t, &list, 0, &was, &will);
    assert_int_equal(was, 9575);
    assert_int_equal(will, 36503); /* 365.03: the two amounts, less a cent of rounding */
    da_findings_free(&list);
    da_dataset_free(&d);
    da_fees_free(t);
}

/* Units of one MULT PROC 2 code are ranked one by one. */
static void test_units_ranked_each(void **state)
{
    (void)state;
    da_fee_table *t = fees_2025();
    const da_price_item two[] = {{"11102", 2}};
    /* 95.75 + 47.875 = 143.625 -> 143.63 */
    assert_int_equal(da_price_set_total(t, two, 1), 14363);
    /* Six indicator-2 procedures: the 6th is "by report" at CMS, 50% here.
     * 12051 272.68 + (260.39 + 221.57 + 191.17 + 95.75 x 2) / 2 = 704.995 -> 705.00 */
    const da_price_item six[] = {{"11102", 2}, {"11600", 1}, {"11601", 1}, {"11642", 1},
                                 {"12051", 1}};
    assert_int_equal(da_price_set_total(t, six, 5), 70500);

    da_dataset d;
    make_encounter(&d, two, 1);
    da_finding_list list;
    da_findings_init(&list);
    /* One unit too many: the unit given back is the 50% one. */
    add(&list, DA_DIR_OVER, "11102", 2, "11102", 1);
    da_price_encounter(&d, 0, t, &list, 0);
    assert_int_equal(list.items[0].amount, 4788);
    da_dataset_free(&d);

    /* One unit billed, a second one supported: the added unit is the 50% one. */
    const da_price_item one[] = {{"11102", 1}};
    make_encounter(&d, one, 1);
    add(&list, DA_DIR_UNDER, "", 0, "11102", 1);
    da_price_encounter(&d, 0, t, &list, 1);
    assert_int_equal(list.items[1].amount, 4788);
    da_findings_free(&list);
    da_dataset_free(&d);
    da_fees_free(t);
}

static void test_denial_gap_unknown(void **state)
{
    (void)state;
    da_fee_table *t = fees_2025();
    da_dataset d;
    make_encounter(&d, EXAMPLE, EXAMPLE_N);
    da_finding_list list;
    da_findings_init(&list);
    add(&list, DA_DIR_DENIAL, "11642", 1, "", 0);
    da_finding *byline = add(&list, DA_DIR_DENIAL, "", 0, "", 0);
    byline->claim = 5; /* the 17000 line */
    add(&list, DA_DIR_GAP, "12051", 1, "12051", 1);
    add(&list, DA_DIR_UNDER, "", 0, "J3301", 4);
    da_price_encounter(&d, 0, t, &list, 0);
    assert_int_equal(list.items[0].amount, 13020); /* its value in the billed set */
    assert_int_equal(list.items[1].amount, 3316);
    assert_int_equal(list.items[2].amount, 0);
    assert_string_equal(list.items[2].basis, "not priced: documentation gap");
    assert_int_equal(list.items[3].amount, 0);
    assert_string_equal(list.items[3].basis, "code not in fee table");
    /* Neither the denial nor the gap changes the expected set. */
    da_cents b, x;
    da_price_encounter_totals(&d, 0, t, &list, 0, &b, &x);
    assert_int_equal(b, 74365);
    assert_int_equal(x, 74365);
    da_findings_free(&list);
    da_dataset_free(&d);
    da_fees_free(t);
}

/* A paid (or other) line of its own encounter, or of the last encounter
 * when same_encounter. */
typedef struct obs_line {
    const char *payer;  /* payer name */
    const char *code;   /* code */
    double allowed;     /* dollars */
    da_claim_status st; /* status */
    bool same;          /* on the previous line's encounter */
} obs_line;

static void make_practice(da_dataset *d, const obs_line *lines, size_t n)
{
    da_dataset_init(d);
    d->claims = da_xcalloc(n, sizeof(*d->claims));
    d->encounters = da_xcalloc(n, sizeof(*d->encounters));
    for (size_t i = 0; i < n; i++) {
        da_claim_line *c = &d->claims[d->nclaims++];
        c->claim_id = c->line_no = c->patient_id = c->encounter_id = "";
        c->provider = c->pos = c->denial_codes = c->prior_auth = c->ndc = "";
        c->payer = lines[i].payer;
        snprintf(c->code, sizeof(c->code), "%s", lines[i].code);
        c->units = 1;
        c->charge = c->paid = DA_CENTS_NONE;
        c->allowed = (da_cents)(lines[i].allowed * 100 + 0.5);
        c->status = lines[i].st;
        c->submitted = c->paid_date = DA_DATE_NONE;
        if (!lines[i].same) {
            da_encounter *e = &d->encounters[d->nencounters++];
            e->encounter_id = e->patient_id = e->provider = "";
            e->payer = lines[i].payer;
            e->claims = da_arena_alloc(d->arena, n * sizeof(size_t));
        }
        da_encounter *e = &d->encounters[d->nencounters - 1];
        e->claims[e->nclaims++] = i;
    }
}

/* Acme: 11102 paid 90, 100, 110 (three lines: their median); 99214 paid
 * 150 twice and 12051 300 once (too few lines of their own). The 11642 line
 * beside 12051 was reduced (rank 2) and the pending 11102 is not paid: both
 * are left out. Beta has a single line: too few for a ratio. */
static const obs_line PRACTICE[] = {
    {"Acme", "11102", 100.00, DA_STATUS_PAID, false},
    {"Acme", "11102", 110.00, DA_STATUS_PAID, false},
    {"Acme", "11102", 90.00, DA_STATUS_PAID, false},
    {"Acme", "99214", 150.00, DA_STATUS_PAID, false},
    {"Acme", "99214", 150.00, DA_STATUS_PAID, false},
    {"Acme", "12051", 300.00, DA_STATUS_PAID, false},
    {"Acme", "11642", 140.00, DA_STATUS_PAID, true},
    {"Acme", "11102", 500.00, DA_STATUS_PENDING, false},
    {"Beta", "11102", 80.00, DA_STATUS_PAID, false},
};
#define PRACTICE_N (sizeof(PRACTICE) / sizeof(PRACTICE[0]))

/* Acme's ratios to the 2025 fee table: 90/95.75, 100/95.75, 110/95.75,
 * 150/125.18 twice, 300/272.68 = 0.93995, 1.04439, 1.14883, 1.19827,
 * 1.19827, 1.10019; six values, median (1.10019 + 1.14883) / 2 = 1.124508. */
static void test_observed_basis_selection(void **state)
{
    (void)state;
    da_fee_table *t = fees_2025();
    da_dataset d;
    make_practice(&d, PRACTICE, PRACTICE_N);
    da_observed *obs = da_observed_build(&d, t);
    const char *basis = NULL;

    /* Three paid lines: the median, $100.00; the pending $500 is not counted. */
    assert_int_equal(da_observed_amount(obs, t, "Acme", "11102", &basis), 10000);
    assert_ptr_equal(basis, DA_BASIS_OBSERVED);
    assert_int_equal(da_observed_lines(obs, "Acme", "11102"), 3);
    /* Two lines: the fee table scaled, 125.18 x 1.124508 = 140.766 -> $140.77. */
    assert_int_equal(da_observed_amount(obs, t, "Acme", "99214", &basis), 14077);
    assert_ptr_equal(basis, DA_BASIS_SCALED);
    assert_int_equal(da_observed_lines(obs, "Acme", "99214"), 2);
    /* The reduced 11642 line is no sample: 260.39 x 1.124508 = 292.81. */
    assert_int_equal(da_observed_lines(obs, "Acme", "11642"), 0);
    assert_int_equal(da_observed_amount(obs, t, "Acme", "11642", &basis), 29281);
    assert_ptr_equal(basis, DA_BASIS_SCALED);
    /* Beta: one line, no median and no ratio: the fee table. */
    assert_int_equal(da_observed_amount(obs, t, "Beta", "11102", &basis), 9575);
    assert_ptr_equal(basis, DA_BASIS_FEES);
    /* A payer never seen, and no observations at all: the fee table. */
    assert_int_equal(da_observed_amount(obs, t, "Gamma", "99214", &basis), 12518);
    assert_ptr_equal(basis, DA_BASIS_FEES);
    assert_int_equal(da_observed_amount(NULL, t, "Acme", "11102", &basis), 9575);
    assert_ptr_equal(basis, DA_BASIS_FEES);
    /* Neither knows the code. */
    assert_int_equal(da_observed_amount(obs, t, "Acme", "J3301", &basis), DA_CENTS_NONE);
    assert_ptr_equal(basis, DA_BASIS_UNKNOWN);

    /* Findings priced at those amounts, an encounter at a time as the audit
     * prices them. Encounter 2 (Acme, 11102 billed). */
    da_finding_list list, beta;
    da_findings_init(&list);
    da_findings_init(&beta);
    da_finding *under = add(&list, DA_DIR_UNDER, "", 0, "11103", 1);
    under->encounter = 2;
    da_finding *denial = add(&list, DA_DIR_DENIAL, "11102", 1, "", 0);
    denial->encounter = 2;
    /* Encounter 7 (Beta): an over-billing of its 11102 line at the fee table. */
    da_finding *over = add(&beta, DA_DIR_OVER, "11102", 1, "", 0);
    over->encounter = 7;
    da_price_encounter_observed(&d, 2, t, obs, &list, 0);
    da_price_encounter_observed(&d, 7, t, obs, &beta, 0);
    /* 11103 add-on, never reduced: 47.87 x 1.124508 = 53.830 -> $53.83 */
    assert_int_equal(list.items[0].amount, 5383);
    assert_ptr_equal(list.items[0].basis, DA_BASIS_SCALED);
    assert_int_equal(list.items[1].amount, 10000);
    assert_ptr_equal(list.items[1].basis, DA_BASIS_OBSERVED);
    assert_int_equal(beta.items[0].amount, 9575);
    assert_ptr_equal(beta.items[0].basis, DA_BASIS_FEES);
    /* Without observations the same findings are priced at the fee table. */
    da_price_encounter(&d, 2, t, &list, 0);
    assert_int_equal(list.items[0].amount, 4787);
    assert_int_equal(list.items[1].amount, 9575);
    assert_ptr_equal(list.items[1].basis, DA_BASIS_FEES);

    da_findings_free(&beta);
    da_findings_free(&list);
    da_observed_free(obs);
    da_dataset_free(&d);
    da_fees_free(t);
}

/* The median of an even number of lines is the mean of the middle two,
 * rounded half up; the MPPR still applies at observed amounts. */
static void test_observed_median_and_mppr(void **state)
{
    (void)state;
    da_fee_table *t = fees_2025();
    static const obs_line lines[] = {
        {"Acme", "12051", 300.00, DA_STATUS_PAID, false},
        {"Acme", "12051", 301.01, DA_STATUS_PAID, false},
        {"Acme", "12051", 280.00, DA_STATUS_PAID, false},
        {"Acme", "12051", 310.00, DA_STATUS_PAID, false},
        {"Acme", "11642", 200.00, DA_STATUS_PAID, false},
        {"Acme", "11642", 200.00, DA_STATUS_PAID, false},
        {"Acme", "11642", 200.00, DA_STATUS_PAID, false},
    };
    da_dataset d;
    make_practice(&d, lines, sizeof(lines) / sizeof(lines[0]));
    da_observed *obs = da_observed_build(&d, t);
    const char *basis;
    /* 280, 300, 301.01, 310: (300 + 301.01) / 2 = 300.505 -> $300.51 */
    assert_int_equal(da_observed_amount(obs, t, "Acme", "12051", &basis), 30051);
    /* A missing 11642 beside the billed 12051: rank 2, 200.00 / 2. */
    da_finding_list list;
    da_findings_init(&list);
    add(&list, DA_DIR_UNDER, "", 0, "11642", 1);
    da_price_encounter_observed(&d, list.items[0].encounter, t, obs, &list, 0);
    assert_int_equal(list.items[0].amount, 10000);
    assert_ptr_equal(list.items[0].basis, DA_BASIS_OBSERVED);
    da_findings_free(&list);
    da_observed_free(obs);
    da_dataset_free(&d);
    da_fees_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked_example_total),
        cmocka_unit_test(test_worked_example_lines),
        cmocka_unit_test(test_missing_second_procedure_half),
        cmocka_unit_test(test_mohs_2026),
        cmocka_unit_test(test_missing_code_outranks),
        cmocka_unit_test(test_units_ranked_each),
        cmocka_unit_test(test_denial_gap_unknown),
        cmocka_unit_test(test_observed_basis_selection),
        cmocka_unit_test(test_observed_median_and_mppr),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
