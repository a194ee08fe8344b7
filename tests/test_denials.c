/* test_denials.c - the denial rule family, CARC reading, filing deadlines,
 * and the practice-wide denial, payer and receivables figures, on datasets
 * built by hand. Every expected figure is worked out in the comment beside
 * it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "denials.h"
#include "mask.h"
#include "revenue.h"
#include "rules.h"

/* A line of the hand-made practice. */
typedef struct line {
    const char *claim;   /* claim id */
    const char *payer;   /* payer name */
    da_payer_type type;  /* payer type */
    const char *code;    /* code */
    da_claim_status st;  /* status */
    const char *carcs;   /* denial codes */
    double charge;       /* dollars */
    double paid;         /* dollars */
    int dos;             /* days after 2026-07-01 */
    int sub;             /* days after 2026-07-01 submitted, -1 = none */
    int paid_on;         /* days after 2026-07-01 paid, -1 = none */
    const char *auth;    /* prior authorization */
} line;

static da_date day(int n)
{
    return da_date_from_ymd(2026, 7, 1) + n;
}

/* One encounter per claim id, lines in order. */
static void build(da_dataset *d, const line *lines, size_t n)
{
    da_dataset_init(d);
    d->claims = da_xcalloc(n, sizeof(*d->claims));
    d->encounters = da_xcalloc(n, sizeof(*d->encounters));
    for (size_t i = 0; i < n; i++) {
        const line *l = &lines[i];
        da_claim_line *c = &d->claims[d->nclaims++];
        c->claim_id = l->claim;
        c->line_no = "1";
        c->patient_id = c->encounter_id = l->claim;
        c->provider = "Dr Synthetic";
        c->payer = l->payer;
        c->payer_type = l->type;
        c->pos = "11";
        c->dos = day(l->dos);
        snprintf(c->code, sizeof(c->code), "%s", l->code);
        c->units = 1;
        c->status = l->st;
        c->denial_codes = l->carcs;
        c->charge = (da_cents)llround(l->charge * 100);
        c->paid = l->paid >= 0 ? (da_cents)llround(l->paid * 100) : DA_CENTS_NONE;
        c->allowed = c->paid;
        c->submitted = l->sub >= 0 ? day(l->sub) : DA_DATE_NONE;
        c->paid_date = l->paid_on >= 0 ? day(l->paid_on) : DA_DATE_NONE;
        c->prior_auth = l->auth;
        c->ndc = "";
        if (i == 0 || strcmp(lines[i - 1].claim, l->claim) != 0) {
            da_encounter *e = &d->encounters[d->nencounters++];
            e->encounter_id = e->patient_id = l->claim;
            e->dos = c->dos;
            e->provider = "Dr Synthetic";
            e->payer = l->payer;
            e->payer_type = l->type;
            e->claims = da_arena_alloc(d->arena, n * sizeof(size_t));
        }
        da_encounter *e = &d->encounters[d->nencounters - 1];
        e->claims[e->nclaims++] = i;
    }
}

#define MCR DA_PAYER_MEDICARE
#define COM DA_PAYER_COMMERCIAL
#define PAID DA_STATUS_PAID
#define DEN DA_STATUS_DENIED
#define PEND DA_STATUS_PENDING

/* Medicare: C1 paid (2 lines), C2 denied CO-16 (2 lines), C3 denied PR-1
 * status denied, C4 pending. Acme: C5 paid, C6 denied CO-197 with an
 * authorization, C7 denied CO-197 without, C8 pending, C9 adjusted. */
static const line PRACTICE[] = {
    /* claim payer      type code     status carcs      charge  paid dos sub paid_on auth */
    {"C1", "Medicare", MCR, "99213", PAID, "", 200.00, 80.00, 0, 2, 16, ""},
    {"C1", "Medicare", MCR, "17000", PAID, "", 150.00, 50.00, 0, 2, 16, ""},
    {"C2", "Medicare", MCR, "11102", DEN, "CO-16", 210.00, 0, 1, 3, 20, ""},
    {"C2", "Medicare", MCR, "11103", DEN, "CO16;N290", 110.00, 0, 1, 3, 20, ""},
    {"C3", "Medicare", MCR, "99212", DEN, "PR-1", 130.00, 0, 2, 4, 25, ""},
    {"C4", "Medicare", MCR, "99214", PEND, "", 300.00, -1, 80, 85, -1, ""},
    {"C5", "Acme", COM, "99213", PAID, "", 200.00, 100.00, 3, 5, 35, ""},
    {"C6", "Acme", COM, "17311", DEN, "CO-197", 1500.00, 0, 4, 6, 30, "PA1"},
    {"C7", "Acme", COM, "17311", DEN, "co 197", 1400.00, 0, 5, 6, 30, ""},
    {"C8", "Acme", COM, "11102", PEND, "", 200.00, -1, 10, 11, -1, ""},
    {"C9", "Acme", COM, "99212", DA_STATUS_ADJUSTED, "CO-45", 100.00, 40.00, 12, 14, 24, ""},
};
#define NPRACTICE (sizeof(PRACTICE) / sizeof(PRACTICE[0]))

static void test_carc_parsing(void **state)
{
    (void)state;
    char c[DA_CARC_LEN];
    da_carc_primary("CO-50;CO-16", c);
    assert_string_equal(c, "CO-50");
    assert_true(da_carc_nth("CO-50;CO-16", 1, c));
    assert_string_equal(c, "CO-16");
    assert_false(da_carc_nth("CO-50;CO-16", 2, c));
    da_carc_primary("co 16", c);
    assert_string_equal(c, "CO-16");
    da_carc_primary(" CO16 , PR-2", c);
    assert_string_equal(c, "CO-16");
    da_carc_primary("CO-B7", c);
    assert_string_equal(c, "CO-B7");
    da_carc_primary("B7", c);
    assert_string_equal(c, "B7");
    da_carc_primary("16", c);
    assert_string_equal(c, "16");
    da_carc_primary("", c);
    assert_string_equal(c, "");
    assert_string_equal(da_carc_meaning("CO-197"), "precertification or authorization absent");
    assert_string_equal(da_carc_meaning("CO-9999"), "");
}

static void test_filing_deadline(void **state)
{
    (void)state;
    assert_int_equal(da_filing_load(), DA_OK);
    /* Medicare: 12 months from the date of service. */
    assert_int_equal(da_filing_deadline(MCR, da_date_from_ymd(2026, 7, 3)),
                     da_date_from_ymd(2027, 7, 3));
    /* Feb 29 has no anniversary: the last day of February. */
    assert_int_equal(da_filing_deadline(MCR, da_date_from_ymd(2028, 2, 29)),
                     da_date_from_ymd(2029, 2, 28));
    /* Commercial placeholder: 90 days. */
    assert_int_equal(da_filing_deadline(COM, da_date_from_ymd(2026, 7, 3)),
                     da_date_from_ymd(2026, 7, 3) + 90);
    /* Self pay: no limit; an unknown date: none. */
    assert_int_equal(da_filing_deadline(DA_PAYER_SELF, da_date_from_ymd(2026, 7, 3)), DA_DATE_NONE);
    assert_int_equal(da_filing_deadline(MCR, DA_DATE_NONE), DA_DATE_NONE);
}

/* Runs the denial family over every encounter with no facts. */
static void run_rule(const da_dataset *d, da_finding_list *out, da_details *details,
                     da_fact_list *facts_per_note)
{
    da_options opt = {0};
    for (size_t e = 0; e < d->nencounters; e++) {
        da_rule_input in = {d, e, facts_per_note, NULL, &opt, details, NULL, NULL};
        assert_int_equal(da_rule_denials(&in, out), DA_OK);
    }
}

static void test_recoverable_lines(void **state)
{
    (void)state;
    da_dataset d;
    build(&d, PRACTICE, NPRACTICE);
    da_finding_list out;
    da_findings_init(&out);
    da_details details;
    da_details_init(&details);
    run_rule(&d, &out, &details, NULL);
    /* C2's two CO-16 lines and C6 (authorization on file); not C3 (PR-1)
     * nor C7 (no authorization); paid, adjusted and pending lines never. */
    assert_int_equal(out.count, 3);
    assert_string_equal(out.items[0].rule, "DENIAL-CO16");
    assert_string_equal(out.items[0].billed_code, "11102");
    assert_int_equal(out.items[0].billed_units, 1);
    assert_string_equal(out.items[0].expected_code, "");
    assert_int_equal(out.items[0].claim, 2);
    assert_string_equal(out.items[1].rule, "DENIAL-CO16");
    assert_string_equal(out.items[1].billed_code, "11103");
    assert_string_equal(out.items[2].rule, "DENIAL-CO197");
    assert_int_equal(out.items[2].claim, 7);
    for (size_t i = 0; i < out.count; i++) {
        assert_int_equal(out.items[i].direction, DA_DIR_DENIAL);
        assert_string_equal(out.items[i].category, "denial");
        assert_non_null(da_catalog_find(out.items[i].rule));
        assert_true(strlen(out.items[i].evidence) > 0);
        assert_null(strstr(out.items[i].evidence, "PA1")); /* no identifiers */
    }
    /* Every denied line is a row of the Denials table, recoverable or not. */
    const da_detail *t = da_details_find(&details, "Denials");
    assert_non_null(t);
    assert_int_equal(t->nrows, 5);
    size_t rec = 0, deadline_col = 0, amount_col = 0;
    for (size_t c = 0; c < t->ncolumns; c++) {
        if (strcmp(t->columns[c].name, "Recoverable") == 0)
            rec = c;
        if (strcmp(t->columns[c].name, "Filing deadline") == 0)
            deadline_col = c;
        if (t->columns[c].type == DA_CELL_AMOUNT)
            amount_col = c;
    }
    static const char *const want[] = {"yes", "yes", "no", "yes", "no"};
    for (size_t r = 0; r < 5; r++)
        assert_string_equal(t->cells[r * t->ncolumns + rec].text, want[r]);
    /* C2 (Medicare, 2026-07-02): 2027-07-02, a sourced limit. C6 (Acme,
     * 2026-07-05): the commercial limit is a default (rules/filing.csv), so
     * the sheet gives no deadline and says why. */
    assert_int_equal(t->cells[0 * t->ncolumns + deadline_col].date, da_date_from_ymd(2027, 7, 2));
    assert_int_equal(t->cells[3 * t->ncolumns + deadline_col].date, DA_DATE_NONE);
    assert_non_null(strstr(t->cells[0 * t->ncolumns + deadline_col - 1].text, "42 CFR 424.44"));
    assert_non_null(strstr(t->cells[3 * t->ncolumns + deadline_col - 1].text, "default"));
    assert_true(da_filing_sourced(DA_PAYER_MEDICARE));
    assert_false(da_filing_sourced(DA_PAYER_COMMERCIAL));
    /* The amount cells point at their findings; none for the lost lines. */
    assert_int_equal(t->cells[0 * t->ncolumns + amount_col].finding, 0);
    assert_int_equal(t->cells[3 * t->ncolumns + amount_col].finding, 2);
    assert_int_equal(t->cells[2 * t->ncolumns + amount_col].finding, -1);
    da_details_free(&details);
    da_findings_free(&out);
    da_dataset_free(&d);
}

/* CO-50 is recoverable only when a note documents necessity; CO-236 only
 * when the note shows two sites. Facts built by hand. */
static void test_necessity_and_ncci(void **state)
{
    (void)state;
    static const line lines[] = {
        {"C1", "Medicare", MCR, "11300", DEN, "CO-50", 120.00, 0, 0, 2, 20, ""},
        {"C2", "Medicare", MCR, "11102", DEN, "CO-236", 120.00, 0, 0, 2, 20, ""},
    };
    da_dataset d;
    build(&d, lines, 2);
    static const char text[] = "Irritated seborrheic keratosis, bleeds when caught on clothing.";
    da_note note = {.line = 2, .note_id = "N1", .encounter_id = "C1", .patient_id = "C1",
                    .dos = day(0), .note_type = "procedure", .provider = "Dr Synthetic",
                    .text = text, .text_len = sizeof(text) - 1};
    d.notes = da_xcalloc(1, sizeof(*d.notes));
    d.notes[0] = note;
    d.nnotes = 1;
    size_t note_index = 0;
    for (size_t e = 0; e < 2; e++) {
        d.encounters[e].notes = &note_index;
        d.encounters[e].nnotes = 1;
    }
    da_fact_list facts;
    da_facts_init(&facts);
    da_finding_list out;
    da_findings_init(&out);
    da_options opt = {0};

    /* No facts: neither is recoverable. */
    for (size_t e = 0; e < 2; e++) {
        da_rule_input in = {&d, e, &facts, NULL, &opt, NULL, NULL, NULL};
        assert_int_equal(da_rule_denials(&in, &out), DA_OK);
    }
    assert_int_equal(out.count, 0);

    /* A necessity sign ("bleeds", bytes 39-45) and two distinct sites. */
    da_fact f = {.kind = DA_FACT_NECESSITY, .value = DA_NEED_BLEEDING, .site = -1, .ref = -1,
                 .start = 39, .end = 45};
    da_grow((void **)&facts.items, &facts.cap, 3, sizeof(*facts.items));
    facts.items[facts.count++] = f;
    da_rule_input in = {&d, 0, &facts, NULL, &opt, NULL, NULL, NULL};
    assert_int_equal(da_rule_denials(&in, &out), DA_OK);
    assert_int_equal(out.count, 1);
    assert_string_equal(out.items[0].rule, "DENIAL-CO50");
    assert_int_equal(out.items[0].confidence, DA_CONF_MEDIUM);
    assert_int_equal(out.items[0].note, 0);
    assert_non_null(strstr(out.items[0].evidence, "bleeds"));

    in.encounter = 1; /* CO-236 with one site only: not yet */
    facts.items[facts.count++] = (da_fact){.kind = DA_FACT_SITE, .site = 3, .ref = -1, .start = 0,
                                           .end = 9};
    assert_int_equal(da_rule_denials(&in, &out), DA_OK);
    assert_int_equal(out.count, 1);
    facts.items[facts.count++] = (da_fact){.kind = DA_FACT_SITE, .site = 7, .ref = -1,
                                           .start = 10, .end = 20};
    assert_int_equal(da_rule_denials(&in, &out), DA_OK);
    assert_int_equal(out.count, 2);
    assert_string_equal(out.items[1].rule, "DENIAL-CO236");

    da_findings_free(&out);
    da_facts_free(&facts);
    da_dataset_free(&d);
}

/* CO-18 (duplicate): recoverable only where the denied code is billed again
 * on the encounter and the notes show a second lesion or site for it. C1
 * bills 11102 twice, the second denied CO-18; C2 bills 11300 once, denied
 * CO-18 (a true duplicate of a claim elsewhere, which this encounter cannot
 * show). */
static void test_duplicate_denial(void **state)
{
    (void)state;
    static const line lines[] = {
        {"C1", "Medicare", MCR, "11102", PAID, "", 120.00, 60.00, 0, 2, 20, ""},
        {"C1", "Medicare", MCR, "11102", DEN, "CO-18", 120.00, 0, 0, 2, 20, ""},
        {"C2", "Medicare", MCR, "11300", DEN, "CO-18", 120.00, 0, 0, 2, 20, ""},
    };
    da_dataset d;
    build(&d, lines, 3);
    static const char text[] = "Left forearm and right scalp lesions biopsied.";
    da_note note = {.line = 2, .note_id = "N1", .encounter_id = "C1", .patient_id = "C1",
                    .dos = day(0), .note_type = "procedure", .provider = "Dr Synthetic",
                    .text = text, .text_len = sizeof(text) - 1};
    d.notes = da_xcalloc(1, sizeof(*d.notes));
    d.notes[0] = note;
    d.nnotes = 1;
    size_t note_index = 0;
    for (size_t e = 0; e < d.nencounters; e++) {
        d.encounters[e].notes = &note_index;
        d.encounters[e].nnotes = 1;
    }
    da_fact_list facts;
    da_facts_init(&facts);
    da_finding_list out;
    da_findings_init(&out);
    da_options opt = {0};

    /* One site only: the second 11102 may be a true duplicate. */
    da_grow((void **)&facts.items, &facts.cap, 2, sizeof(*facts.items));
    facts.items[facts.count++] = (da_fact){.kind = DA_FACT_SITE, .site = 3, .ref = -1, .start = 0,
                                           .end = 12};
    da_rule_input in = {&d, 0, &facts, NULL, &opt, NULL, NULL, NULL};
    assert_int_equal(da_rule_denials(&in, &out), DA_OK);
    assert_int_equal(out.count, 0);

    /* A second site ("right scalp", bytes 17-28): recoverable with 59/XS. */
    facts.items[facts.count++] = (da_fact){.kind = DA_FACT_SITE, .site = 7, .ref = -1,
                                           .start = 17, .end = 28};
    assert_int_equal(da_rule_denials(&in, &out), DA_OK);
    assert_int_equal(out.count, 1);
    assert_string_equal(out.items[0].rule, "DENIAL-CO18");
    assert_int_equal(out.items[0].confidence, DA_CONF_MEDIUM);
    assert_non_null(strstr(out.items[0].evidence, "right scalp"));

    /* C2: the same two sites, but 11300 is billed once: not recoverable here. */
    in.encounter = 1;
    assert_int_equal(da_rule_denials(&in, &out), DA_OK);
    assert_int_equal(out.count, 1);

    da_findings_free(&out);
    da_facts_free(&facts);
    da_dataset_free(&d);
}

/* Adjudicated: C1 x2, C2 x2, C3, C5, C6, C7, C9 = 9 lines (pending C4 and
 * C8 are receivables). Denied: C2 x2, C3, C6, C7 = 5 lines. Claims:
 * adjudicated C1 C2 C3 C5 C6 C7 C9 = 7, denied C2 C3 C6 C7 = 4. */
static void test_denial_rates(void **state)
{
    (void)state;
    da_dataset d;
    build(&d, PRACTICE, NPRACTICE);
    da_denial_stats s;
    da_denial_stats_build(&d, &s);
    assert_int_equal(s.lines, 9);
    assert_int_equal(s.denied, 5);
    assert_int_equal(s.claims, 7);
    assert_int_equal(s.denied_claims, 4);
    /* Charges: 200 + 150 + 210 + 110 + 130 + 200 + 1500 + 1400 + 100 = 4,000.00;
     * denied 210 + 110 + 130 + 1500 + 1400 = 3,350.00. */
    assert_int_equal(s.charges, 400000);
    assert_int_equal(s.denied_charges, 335000);
    /* By primary CARC, sorted: CO-16 (2 lines, 320.00), CO-197 (2, 2,900.00), PR-1 (1). */
    assert_int_equal(s.ncarc, 3);
    assert_string_equal(s.by_carc[0].key, "CO-16");
    assert_int_equal(s.by_carc[0].denied, 2);
    assert_int_equal(s.by_carc[0].denied_charges, 32000);
    assert_string_equal(s.by_carc[1].key, "CO-197");
    assert_int_equal(s.by_carc[1].denied_charges, 290000);
    assert_string_equal(s.by_carc[2].key, "PR-1");
    /* By payer: Acme 4 adjudicated (C5 C6 C7 C9), 2 denied; Medicare 5, 3. */
    assert_int_equal(s.npayer, 2);
    assert_string_equal(s.by_payer[0].key, "Acme");
    assert_int_equal(s.by_payer[0].lines, 4);
    assert_int_equal(s.by_payer[0].denied, 2);
    assert_string_equal(s.by_payer[1].key, "Medicare");
    assert_int_equal(s.by_payer[1].lines, 5);
    assert_int_equal(s.by_payer[1].denied, 3);
    /* By code: 17311 2 of 2 denied; 99213 0 of 2. */
    for (size_t i = 0; i < s.ncode; i++) {
        if (strcmp(s.by_code[i].key, "17311") == 0) {
            assert_int_equal(s.by_code[i].lines, 2);
            assert_int_equal(s.by_code[i].denied, 2);
        }
        if (strcmp(s.by_code[i].key, "99213") == 0) {
            assert_int_equal(s.by_code[i].lines, 2);
            assert_int_equal(s.by_code[i].denied, 0);
        }
    }
    da_denial_stats_free(&s);
    da_dataset_free(&d);

    /* No adjudicated line at all: zero, no division. */
    static const line pending[] = {{"C1", "Medicare", MCR, "99213", PEND, "", 100, -1, 0, 1, -1, ""}};
    build(&d, pending, 1);
    da_denial_stats_build(&d, &s);
    assert_int_equal(s.lines, 0);
    assert_int_equal(s.claims, 0);
    da_denial_stats_free(&s);
    da_dataset_free(&d);
}

/* As of 2026-09-28 (day 89): C4 submitted day 85 -> 4 days (0-30);
 * C8 submitted day 11 -> 78 days (61-90). An unpaid line with no
 * submission date ages from its date of service. */
static void test_ar_buckets(void **state)
{
    (void)state;
    da_dataset d;
    build(&d, PRACTICE, NPRACTICE);
    da_ar_row *rows;
    size_t n;
    da_ar_aging_build(&d, day(89), &rows, &n);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].payer, "Acme");
    assert_int_equal(rows[0].lines[2], 1);
    assert_int_equal(rows[0].amount[2], 20000);
    assert_int_equal(rows[0].lines[0] + rows[0].lines[1] + rows[0].lines[3] + rows[0].lines[4], 0);
    assert_string_equal(rows[1].payer, "Medicare");
    assert_int_equal(rows[1].lines[0], 1);
    assert_int_equal(rows[1].amount[0], 30000);
    free(rows);
    /* As of day 200: C4 115 days (91-120), C8 189 days (over 120). */
    da_ar_aging_build(&d, day(200), &rows, &n);
    assert_int_equal(rows[0].lines[4], 1);
    assert_int_equal(rows[1].lines[3], 1);
    free(rows);
    /* Bucket edges. */
    assert_int_equal(da_ar_bucket(-3), 0);
    assert_int_equal(da_ar_bucket(30), 0);
    assert_int_equal(da_ar_bucket(31), 1);
    assert_int_equal(da_ar_bucket(60), 1);
    assert_int_equal(da_ar_bucket(61), 2);
    assert_int_equal(da_ar_bucket(90), 2);
    assert_int_equal(da_ar_bucket(91), 3);
    assert_int_equal(da_ar_bucket(120), 3);
    assert_int_equal(da_ar_bucket(121), 4);
    da_dataset_free(&d);
}

/* Acme: claims C5 C6 C7 C8 C9 = 5; paid lines C5 (100.00, submitted day 5,
 * paid day 35: 30 days). Adjusted C9 is not a paid line. Medicare: claims
 * C1-C4 = 4; paid C1 (130.00, 14 days). Expected: 99213 at 2026 fees,
 * $95.19 for Acme; 99213 + 17000 (both unreduced: E/M indicator 0, 17000
 * alone ranked first) = 95.19 + 66.47 = 161.66 for Medicare. */
static void test_payer_stats(void **state)
{
    (void)state;
    da_dataset d;
    build(&d, PRACTICE, NPRACTICE);
    da_fee_table *fees;
    assert_int_equal(da_fees_load_default(&fees), DA_OK);
    da_payer_row *rows;
    size_t n;
    da_payer_stats_build(&d, fees, &rows, &n);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].payer, "Acme");
    assert_int_equal(rows[0].claims, 5);
    assert_int_equal(rows[0].lines, 5);
    assert_int_equal(rows[0].paid, 10000);
    assert_int_equal(rows[0].expected, 9519);
    assert_int_equal(rows[0].paid_claims, 1);
    assert_float_equal(rows[0].days_to_pay, 30.0, 1e-9);
    assert_int_equal(rows[0].adjudicated, 4);
    assert_int_equal(rows[0].denied, 2);
    assert_string_equal(rows[1].payer, "Medicare");
    assert_int_equal(rows[1].claims, 4);
    assert_int_equal(rows[1].paid, 13000);
    assert_int_equal(rows[1].expected, 16166);
    assert_float_equal(rows[1].days_to_pay, 14.0, 1e-9);
    free(rows);
    da_fees_free(fees);
    da_dataset_free(&d);
}

/* SipHash-2-4 reference vector (Aumasson & Bernstein): key 00..0f, message
 * 00..0e (15 bytes) -> a129ca6149be45e5. Pseudonyms: the same key and
 * identifier give the same pseudonym; another key or identifier does not. */
static void test_pseudonyms(void **state)
{
    (void)state;
    unsigned char msg[15];
    for (int i = 0; i < 15; i++)
        msg[i] = (unsigned char)i;
    assert_true(da_siphash(0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL, msg, 15) ==
                0xa129ca6149be45e5ULL);
    da_mask a, b, c;
    da_mask_init(&a, "practice secret", 15);
    da_mask_init(&b, "practice secret", 15);
    da_mask_init(&c, "another secret", 14);
    char pa[DA_PSEUDONYM_LEN], pb[DA_PSEUDONYM_LEN], pc[DA_PSEUDONYM_LEN];
    da_mask_pseudonym(&a, "PT", "P000123", pa);
    da_mask_pseudonym(&b, "PT", "P000123", pb);
    da_mask_pseudonym(&c, "PT", "P000123", pc);
    assert_string_equal(pa, pb);
    assert_string_not_equal(pa, pc);
    assert_int_equal(strlen(pa), 15);
    assert_true(strncmp(pa, "PT-", 3) == 0);
    assert_null(strstr(pa, "123"));
    da_mask_pseudonym(&a, "PT", "P000124", pb);
    assert_string_not_equal(pa, pb);
    da_mask_pseudonym(&a, "PT", "", pb);
    assert_string_equal(pb, "");
    /* Absorbing the same input bytes gives the same key. */
    da_mask_absorb(&a, "claims", 6);
    da_mask_absorb(&b, "claims", 6);
    da_mask_pseudonym(&a, "CL", "C1", pa);
    da_mask_pseudonym(&b, "CL", "C1", pb);
    assert_string_equal(pa, pb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_carc_parsing),      cmocka_unit_test(test_filing_deadline),
        cmocka_unit_test(test_recoverable_lines), cmocka_unit_test(test_necessity_and_ncci),
        cmocka_unit_test(test_duplicate_denial),
        cmocka_unit_test(test_denial_rates),      cmocka_unit_test(test_ar_buckets),
        cmocka_unit_test(test_payer_stats),       cmocka_unit_test(test_pseudonyms),
    };
    if (da_catalog_load() != DA_OK)
        return 1;
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    da_catalog_free();
    return failed;
}
