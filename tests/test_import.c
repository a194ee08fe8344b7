/* test_import.c - the claims and notes importer, its field parsers, and
 * grouping into encounters. Every expected value is worked out by hand from
 * the fixtures in data/import/ or the strings below. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "import.h"
#include "notetext.h"
#include "parse.h"

static const da_dq_entry *dq_at(const da_dataset *d, unsigned long line, da_dq_action action)
{
    for (size_t i = 0; i < d->dq.count; i++)
        if (d->dq.items[i].line == line && d->dq.items[i].action == action)
            return &d->dq.items[i];
    return NULL;
}

static void assert_rejected(const da_dataset *d, unsigned long line, const char *reason,
                            const char *column)
{
    const da_dq_entry *e = dq_at(d, line, DA_DQ_REJECTED);
    if (!e)
        fail_msg("no rejection at line %lu", line);
    assert_string_equal(e->reason, reason);
    assert_string_equal(e->column, column);
}

static void assert_balanced(const da_file_stats *s)
{
    assert_int_equal(s->rows_read, s->rows_used + s->rows_rejected);
}

static da_date ymd(int y, int m, int d)
{
    return da_date_from_ymd(y, m, d);
}

static da_error claims_str(da_dataset *d, const char *csv, da_import_result *r)
{
    return da_import_claims_mem(d, "claims.csv", csv, strlen(csv), r);
}

static da_error notes_str(da_dataset *d, const char *csv, da_import_result *r)
{
    return da_import_notes_mem(d, "notes.csv", csv, strlen(csv), r);
}

/* ---- parsers ---- */

static void test_parse_date(void **state)
{
    (void)state;
    da_date v;
    assert_true(da_parse_date("2026-01-05", 10, &v));
    assert_int_equal(v, ymd(2026, 1, 5));
    assert_true(da_parse_date("01/05/2026", 10, &v));
    assert_int_equal(v, ymd(2026, 1, 5));
    assert_true(da_parse_date(" 1/6/2026 ", 10, &v));
    assert_int_equal(v, ymd(2026, 1, 6));
    assert_true(da_parse_date("2024-02-29", 10, &v));
    assert_int_equal(v, ymd(2024, 2, 29));
    assert_true(da_parse_date("2026-01-05 00:00:00", 19, &v));
    assert_int_equal(v, ymd(2026, 1, 5));
    assert_true(da_parse_date("", 0, &v));
    assert_int_equal(v, DA_DATE_NONE);
    assert_false(da_parse_date("2026-02-30", 10, &v));
    assert_false(da_parse_date("2026-02-29", 10, &v));
    assert_false(da_parse_date("13/01/2026", 10, &v));
    assert_false(da_parse_date("2026-13-01", 10, &v));
    assert_false(da_parse_date("2026-00-10", 10, &v));
    assert_false(da_parse_date("01/05/26", 8, &v));
    assert_false(da_parse_date("2026/01/05", 10, &v));
    assert_false(da_parse_date("20260105", 8, &v));
    assert_false(da_parse_date("2026-01-05x", 11, &v));
    assert_false(da_parse_date("yesterday", 9, &v));
}

static void test_parse_money(void **state)
{
    (void)state;
    da_cents v;
    assert_true(da_parse_money("$1,234.56", 9, &v));
    assert_int_equal(v, 123456);
    assert_true(da_parse_money("(12.00)", 7, &v));
    assert_int_equal(v, -1200);
    assert_true(da_parse_money("-12.00", 6, &v));
    assert_int_equal(v, -1200);
    assert_true(da_parse_money("-$7.5", 5, &v));
    assert_int_equal(v, -750);
    assert_true(da_parse_money("$ 50", 4, &v));
    assert_int_equal(v, 5000);
    assert_true(da_parse_money("0.10", 4, &v));
    assert_int_equal(v, 10);
    assert_true(da_parse_money("3.500", 5, &v));
    assert_int_equal(v, 350);
    assert_true(da_parse_money("  ", 2, &v));
    assert_true(v == DA_CENTS_NONE);
    assert_false(da_parse_money("3.505", 5, &v));
    assert_false(da_parse_money("12.3.4", 6, &v));
    assert_false(da_parse_money("$", 1, &v));
    assert_false(da_parse_money("(12.00", 6, &v));
    assert_false(da_parse_money("(-12)", 5, &v));
    assert_false(da_parse_money("12-", 3, &v));
    assert_false(da_parse_money("N/A", 3, &v));
    /* A comma is a thousands separator only before exactly three digits. */
    assert_true(da_parse_money("1,234,567.00", 12, &v));
    assert_int_equal(v, 123456700);
    assert_true(da_parse_money("$1,234", 6, &v));
    assert_int_equal(v, 123400);
    assert_false(da_parse_money("12,34", 5, &v));
    assert_false(da_parse_money("1,2345", 6, &v));
    assert_false(da_parse_money("1,23.00", 7, &v));
    assert_false(da_parse_money(",123", 4, &v));
    assert_false(da_parse_money("1.00,000", 8, &v));
}

/* Sums that would pass 64 bits are held at the limit, not wrapped. */
static void test_cents_add(void **state)
{
    (void)state;
    assert_true(da_cents_add(2, 3) == 5);
    assert_true(da_cents_add(INT64_MAX - 1, 5) == INT64_MAX);
    assert_true(da_cents_add(INT64_MIN + 2, -5) == INT64_MIN + 1);
}

/* An amount over the stated ceiling rejects its line, with the reason; 200
 * such lines no longer add up to a negative total. "12,34" is no $1,234.00. */
static void test_amount_ceiling_and_comma(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    da_buf csv;
    da_buf_init(&csv, 1u << 20);
    static const char head[] = "claim_id,patient_id,dos,cpt,charge,paid\n";
    da_buf_append(&csv, head, sizeof(head) - 1);
    for (int i = 0; i < 200; i++) {
        char row[128];
        int n = snprintf(row, sizeof(row),
                         "C%d,P1,2026-01-05,11102,\"$999,999,999,999,999.99\",\n", i);
        da_buf_append(&csv, row, (size_t)n);
    }
    static const char tail[] = "D1,P2,2026-01-05,11102,\"$10,000,000.00\",\n"
                               "D2,P2,2026-01-05,11103,\"10,000,000.01\",\n"
                               "D3,P2,2026-01-05,11104,5,-10000000.01\n"
                               "D4,P2,2026-01-05,11105,\"12,34\",\n";
    da_buf_append(&csv, tail, sizeof(tail) - 1);
    assert_int_equal(da_import_claims_mem(&d, "c.csv", csv.data, csv.len, NULL), DA_OK);
    assert_int_equal(d.claims_stats.rows_read, 204);
    assert_int_equal(d.claims_stats.rows_used, 1);
    assert_balanced(&d.claims_stats);
    assert_rejected(&d, 2, "amount over the $10,000,000.00 ceiling", "charge");
    assert_rejected(&d, 201, "amount over the $10,000,000.00 ceiling", "charge");
    assert_int_equal(d.claims[0].line, 202);
    assert_true(d.claims[0].charge == 1000000000);
    assert_rejected(&d, 203, "amount over the $10,000,000.00 ceiling", "charge");
    assert_rejected(&d, 204, "amount over the $10,000,000.00 ceiling", "paid");
    assert_rejected(&d, 205, "bad amount", "charge");
    da_buf_free(&csv);
    da_dataset_free(&d);
}

static void test_parse_units(void **state)
{
    (void)state;
    int v;
    assert_true(da_parse_units("1", 1, &v));
    assert_int_equal(v, 1);
    assert_true(da_parse_units("1.0", 3, &v));
    assert_int_equal(v, 1);
    assert_true(da_parse_units("2.00", 4, &v));
    assert_int_equal(v, 2);
    assert_true(da_parse_units("", 0, &v));
    assert_int_equal(v, 1);
    assert_false(da_parse_units("1.5", 3, &v));
    assert_false(da_parse_units("0", 1, &v));
    assert_false(da_parse_units("-1", 2, &v));
    assert_false(da_parse_units("two", 3, &v));
    assert_false(da_parse_units("999999", 6, &v));
}

static void test_parse_codes(void **state)
{
    (void)state;
    char code[DA_CODE_LEN];
    char mods[DA_MAX_MODIFIERS][3];
    int n = 0;
    assert_true(da_parse_cpt(" 17311 ", 7, code, mods, &n));
    assert_string_equal(code, "17311");
    assert_int_equal(n, 0);
    assert_true(da_parse_cpt("11 602", 6, code, mods, &n));
    assert_string_equal(code, "11602");
    assert_int_equal(n, 0);
    assert_true(da_parse_cpt("j3301", 5, code, mods, &n));
    assert_string_equal(code, "J3301");
    assert_true(da_parse_cpt("11602-59", 8, code, mods, &n));
    assert_string_equal(code, "11602");
    assert_int_equal(n, 1);
    assert_string_equal(mods[0], "59");
    n = 0;
    assert_true(da_parse_cpt("11602 59 xs", 11, code, mods, &n));
    assert_int_equal(n, 2);
    assert_string_equal(mods[1], "XS");
    /* The modifiers column repeating one from the code field adds nothing. */
    assert_true(da_parse_modifiers("59;25", 5, mods, &n));
    assert_int_equal(n, 3);
    assert_string_equal(mods[2], "25");
    assert_true(da_parse_modifiers("LT", 2, mods, &n));
    assert_int_equal(n, 4);
    assert_false(da_parse_modifiers("RT", 2, mods, &n)); /* a fifth */
    n = 0;
    assert_false(da_parse_cpt("1160259", 7, code, mods, &n));
    assert_false(da_parse_cpt("1160", 4, code, mods, &n));
    assert_false(da_parse_cpt("116022", 6, code, mods, &n));
    assert_false(da_parse_cpt("11602-5", 7, code, mods, &n));
    assert_false(da_parse_cpt("11602-595", 9, code, mods, &n));
    assert_false(da_parse_cpt("11.602", 6, code, mods, &n));
    assert_false(da_parse_cpt("", 0, code, mods, &n));
    assert_false(da_parse_modifiers("5", 1, mods, &n));
    assert_false(da_parse_modifiers("59XS", 4, mods, &n));
    assert_false(da_parse_modifiers("5#", 2, mods, &n));
    assert_int_equal(n, 0);

    char icd[DA_MAX_ICD10][8];
    int ni = 0;
    assert_true(da_parse_icd10("l82.1; D48.5,C44.311 L82.1", 26, icd, &ni));
    assert_int_equal(ni, 3);
    assert_string_equal(icd[0], "L821");
    assert_string_equal(icd[1], "D485");
    assert_string_equal(icd[2], "C44311");
    ni = 0;
    assert_false(da_parse_icd10("82.1", 4, icd, &ni));
    assert_false(da_parse_icd10("L8", 2, icd, &ni));
    assert_false(da_parse_icd10("L82.12345", 9, icd, &ni));
    assert_false(da_parse_icd10("L82/1", 5, icd, &ni));
}

static void test_parse_classes(void **state)
{
    (void)state;
    assert_int_equal(da_payer_type_infer("Medicare", 8), DA_PAYER_MEDICARE);
    assert_int_equal(da_payer_type_infer("Medicare Part B", 15), DA_PAYER_MEDICARE);
    assert_int_equal(da_payer_type_infer("Aetna Medicare Advantage", 24), DA_PAYER_COMMERCIAL);
    assert_int_equal(da_payer_type_infer("State Medicaid", 14), DA_PAYER_MEDICAID);
    assert_int_equal(da_payer_type_infer("Self-Pay", 8), DA_PAYER_SELF);
    assert_int_equal(da_payer_type_infer("Self Pay", 8), DA_PAYER_SELF);
    assert_int_equal(da_payer_type_infer("Patient", 7), DA_PAYER_SELF);
    assert_int_equal(da_payer_type_infer("BlueCross", 9), DA_PAYER_COMMERCIAL);
    assert_int_equal(da_payer_type_infer("", 0), DA_PAYER_UNKNOWN);
    assert_int_equal(da_parse_payer_type("Medicaid", 8), DA_PAYER_MEDICAID);
    assert_int_equal(da_parse_payer_type("self", 4), DA_PAYER_SELF);
    assert_int_equal(da_parse_payer_type("commercial", 10), DA_PAYER_COMMERCIAL);
    assert_int_equal(da_parse_payer_type("workers comp", 12), DA_PAYER_OTHER);
    assert_int_equal(da_parse_payer_type(" ", 1), DA_PAYER_UNKNOWN);

    assert_int_equal(da_parse_status("Paid in full", 12), DA_STATUS_PAID);
    assert_int_equal(da_parse_status("Denied", 6), DA_STATUS_DENIED);
    assert_int_equal(da_parse_status("Rejected", 8), DA_STATUS_DENIED);
    assert_int_equal(da_parse_status("Open", 4), DA_STATUS_PENDING);
    assert_int_equal(da_parse_status("Submitted", 9), DA_STATUS_PENDING);
    assert_int_equal(da_parse_status("adjusted", 8), DA_STATUS_ADJUSTED);
    assert_int_equal(da_parse_status("Voided", 6), DA_STATUS_OTHER);
    assert_int_equal(da_parse_status("", 0), DA_STATUS_UNKNOWN);

    assert_int_equal(da_parse_drug_source("buy and bill", 12), DA_SOURCE_BUY_AND_BILL);
    assert_int_equal(da_parse_drug_source("buy_and_bill", 12), DA_SOURCE_BUY_AND_BILL);
    assert_int_equal(da_parse_drug_source("White Bag", 9), DA_SOURCE_SPECIALTY_PHARMACY);
    assert_int_equal(da_parse_drug_source("specialty pharmacy", 18), DA_SOURCE_SPECIALTY_PHARMACY);
    assert_int_equal(da_parse_drug_source("Patient supplied", 16), DA_SOURCE_PATIENT);
    assert_int_equal(da_parse_drug_source("samples", 7), DA_SOURCE_UNKNOWN);
}

/* ---- claims ---- */

static void test_claims_basic_fixture(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    da_import_result r;
    assert_int_equal(da_import_claims(&d, "data/import/claims_basic.csv", NULL, &r), DA_OK);
    assert_string_equal(d.claims_stats.path, "data/import/claims_basic.csv");
    assert_int_equal(d.claims_stats.rows_read, 6);
    assert_int_equal(d.claims_stats.rows_used, 6);
    assert_int_equal(d.claims_stats.rows_rejected, 0);
    /* "Insurance" names the payer a second time; "Notes Flag" is no column of
     * ours; lines 6 and 7 spell their codes in lower case or with a space. */
    assert_int_equal(d.dq.count, 4);
    assert_int_equal(da_dq_count(&d.dq, "data/import/claims_basic.csv", DA_DQ_NOTICE), 2);
    assert_int_equal(da_dq_count(&d.dq, "data/import/claims_basic.csv", DA_DQ_REPAIRED), 2);
    assert_int_equal(d.dq.items[2].line, 6);
    assert_int_equal(d.dq.items[3].line, 7);
    assert_int_equal(d.dq.items[0].line, 1);
    assert_string_equal(d.dq.items[0].reason, "column named twice, the first one used");
    assert_string_equal(d.dq.items[0].column, "payer");
    assert_string_equal(d.dq.items[1].reason, "unknown column ignored");
    assert_string_equal(d.dq.items[1].column, "Notes Flag");
    assert_int_equal(d.nclaims, 6);

    const da_claim_line *c = &d.claims[0];
    assert_int_equal(c->line, 2);
    assert_string_equal(c->claim_id, "C1");
    assert_string_equal(c->line_no, "1");
    assert_string_equal(c->patient_id, "P1");
    assert_string_equal(c->encounter_id, "");
    assert_int_equal(c->dos, ymd(2026, 1, 5));
    assert_string_equal(c->code, "11102");
    assert_int_equal(c->nmodifiers, 0);
    assert_int_equal(c->units, 1);
    assert_int_equal(c->nicd10, 2);
    assert_string_equal(c->icd10[0], "L821");
    assert_string_equal(c->icd10[1], "D485");
    assert_int_equal(c->charge, 123456);
    assert_int_equal(c->allowed, 10000);
    assert_int_equal(c->paid, -1200);
    assert_int_equal(c->status, DA_STATUS_PAID);
    /* "Insurance" repeats the payer column: the first wins. */
    assert_string_equal(c->payer, "Medicare");
    assert_int_equal(c->payer_type, DA_PAYER_MEDICARE);
    assert_string_equal(c->provider, "Dr A");
    assert_string_equal(c->pos, "11");
    assert_int_equal(c->submitted, DA_DATE_NONE);
    assert_string_equal(c->ndc, "");

    c = &d.claims[1];
    assert_int_equal(c->dos, ymd(2026, 1, 5)); /* MM/DD/YYYY */
    assert_int_equal(c->nmodifiers, 1);
    assert_string_equal(c->modifiers[0], "59");
    assert_true(da_claim_has_modifier(c, "59"));
    assert_int_equal(c->units, 2);
    assert_int_equal(c->nicd10, 2);
    assert_int_equal(c->charge, 5000);
    assert_true(c->allowed == DA_CENTS_NONE);
    assert_true(c->paid == DA_CENTS_NONE);
    assert_int_equal(c->status, DA_STATUS_DENIED);
    assert_string_equal(c->denial_codes, "CO-50;CO-16");

    c = &d.claims[2];
    assert_int_equal(c->dos, ymd(2026, 1, 6)); /* M/D/YYYY */
    assert_string_equal(c->code, "11602");     /* "11602-59" */
    assert_int_equal(c->nmodifiers, 2);
    assert_string_equal(c->modifiers[0], "59");
    assert_string_equal(c->modifiers[1], "XS");
    assert_int_equal(c->units, 1); /* "1.0" */
    assert_int_equal(c->charge, -1200);
    assert_int_equal(c->status, DA_STATUS_DENIED); /* "Rejected" */
    assert_int_equal(c->payer_type, DA_PAYER_COMMERCIAL);

    c = &d.claims[3];
    assert_string_equal(c->code, "17311"); /* "17311 xs" */
    assert_int_equal(c->nmodifiers, 2);
    assert_string_equal(c->modifiers[0], "XS");
    assert_string_equal(c->modifiers[1], "25");
    assert_int_equal(c->units, 2);
    assert_string_equal(c->icd10[0], "C44311");
    assert_string_equal(c->icd10[1], "C4491");
    assert_int_equal(c->status, DA_STATUS_PENDING);
    assert_int_equal(c->payer_type, DA_PAYER_SELF);

    c = &d.claims[4];
    assert_string_equal(c->code, "J3301");
    assert_int_equal(c->status, DA_STATUS_PENDING);
    assert_int_equal(c->payer_type, DA_PAYER_MEDICAID);

    c = &d.claims[5];
    assert_string_equal(c->code, "11602"); /* "11 602" */
    assert_int_equal(c->nmodifiers, 0);
    assert_int_equal(c->units, 1); /* blank */
    assert_int_equal(c->status, DA_STATUS_ADJUSTED);
    assert_int_equal(c->payer_type, DA_PAYER_COMMERCIAL);
    assert_string_equal(c->pos, "22");

    assert_int_equal(d.first_dos, ymd(2026, 1, 5));
    assert_int_equal(d.last_dos, ymd(2026, 1, 9));
    da_dataset_free(&d);
}

static void test_claims_bad_fixture(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    const char *path = "data/import/claims_bad.csv";
    assert_int_equal(da_import_claims(&d, path, NULL, NULL), DA_OK);
    assert_int_equal(d.claims_stats.rows_read, 18);
    assert_int_equal(d.claims_stats.rows_used, 3);
    assert_int_equal(d.claims_stats.rows_rejected, 15);
    assert_balanced(&d.claims_stats);
    assert_int_equal(da_dq_count(&d.dq, path, DA_DQ_REJECTED), 15);
    assert_int_equal(da_dq_count(&d.dq, path, DA_DQ_REPAIRED), 0);
    assert_rejected(&d, 2, "bad date", "date_of_service");  /* 2026-02-30 */
    assert_rejected(&d, 3, "bad date", "date_of_service");  /* 13/01/2026 */
    assert_rejected(&d, 4, "malformed code", "cpt");
    assert_rejected(&d, 5, "malformed code", "modifiers");
    assert_rejected(&d, 6, "bad units", "units");           /* 1.5 */
    assert_rejected(&d, 7, "bad units", "units");           /* 0 */
    assert_rejected(&d, 8, "bad amount", "charge");
    assert_rejected(&d, 9, "missing required field", "patient_id");
    assert_rejected(&d, 10, "empty row", "");
    assert_rejected(&d, 12, "duplicate line", "");
    assert_rejected(&d, 14, "missing required field", "date_of_service"); /* short row */
    assert_rejected(&d, 15, "malformed quoting", "");
    assert_rejected(&d, 16, "bad units", "units");          /* abc */
    assert_rejected(&d, 18, "too many fields", "");
    assert_rejected(&d, 19, "bad units", "units");          /* -1 */
    assert_null(dq_at(&d, 11, DA_DQ_REJECTED));
    assert_int_equal(d.nclaims, 3);
    assert_int_equal(d.claims[0].line, 11);
    assert_int_equal(d.claims[1].line, 13);
    assert_string_equal(d.claims[1].line_no, "2");
    assert_int_equal(d.claims[2].line, 17); /* trailing empty fields are fine */
    assert_string_equal(d.claims[2].claim_id, "K13");
    /* The whole file's one date of service. */
    assert_int_equal(d.first_dos, ymd(2026, 1, 5));
    assert_int_equal(d.last_dos, ymd(2026, 1, 5));
    da_dataset_free(&d);
}

static void test_claims_bom_crlf_and_cr(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    assert_int_equal(da_import_claims(&d, "data/import/claims_bom_crlf.csv", NULL, NULL), DA_OK);
    assert_int_equal(d.nclaims, 2);
    assert_int_equal(d.claims[0].line, 2);
    assert_string_equal(d.claims[0].claim_id, "C1");
    assert_int_equal(d.claims[1].line, 4); /* after a blank CRLF line */
    assert_string_equal(d.claims[1].code, "17000");
    assert_int_equal(d.claims_stats.rows_read, 2);
    da_dataset_free(&d);

    da_dataset_init(&d);
    assert_int_equal(claims_str(&d, "claim_id,patient_id,dos,cpt\r"
                                    "C1,P1,2026-01-05,11102\r"
                                    "C2,P2,2026-01-06,bad\r",
                                NULL),
                     DA_OK);
    assert_int_equal(d.nclaims, 1);
    assert_rejected(&d, 3, "malformed code", "cpt");
    assert_balanced(&d.claims_stats);
    da_dataset_free(&d);
}

static void test_header_synonyms(void **state)
{
    (void)state;
    static const char *const headers[] = {
        "Claim No,MRN,Service Date,Procedure Code,Mod,Diagnosis,Billed Amount\n",
        "claim number,Account #,Date of Service,HCPCS,Modifier,Dx,Charge\n",
        "CLAIM_ID,patient_id,date_of_service,CPT,MODIFIERS,ICD10,charge\n",
        "Claim #,Patient ID,DOS,CPT Code,Modifier(s),Dx Codes,Charge Amt\n",
    };
    for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
        char csv[256];
        strcpy(csv, headers[i]);
        strcat(csv, "C9,P9,2026-03-02,11102,59,L57.0,$80.00\n");
        da_dataset d;
        da_dataset_init(&d);
        da_import_result r;
        assert_int_equal(claims_str(&d, csv, &r), DA_OK);
        assert_int_equal(d.nclaims, 1);
        assert_string_equal(d.claims[0].claim_id, "C9");
        assert_string_equal(d.claims[0].patient_id, "P9");
        assert_int_equal(d.claims[0].dos, ymd(2026, 3, 2));
        assert_string_equal(d.claims[0].code, "11102");
        assert_string_equal(d.claims[0].modifiers[0], "59");
        assert_string_equal(d.claims[0].icd10[0], "L570");
        assert_int_equal(d.claims[0].charge, 8000);
        da_dataset_free(&d);
    }
}

static void test_claims_optional_columns(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    const char *csv =
        "claim_id,line,patient_id,encounter_id,dos,cpt,mod1,mod2,payer,payer_type,"
        "submitted_date,paid_date,prior_auth,ndc,drug_source,units\n"
        "C1,1,P1,E1,2026-01-05,J7500,JW,,Acme Health,medicare,2026-01-06,01/20/2026,"
        "PA-1,00000-0000-00,white bag,10\n"
        "C1,2,P1,E1,2026-01-05,96372,,,,,,2026-13-01,,,,1\n";
    assert_int_equal(claims_str(&d, csv, NULL), DA_OK);
    assert_int_equal(d.nclaims, 1);
    const da_claim_line *c = &d.claims[0];
    assert_string_equal(c->encounter_id, "E1");
    assert_string_equal(c->modifiers[0], "JW");
    assert_int_equal(c->nmodifiers, 1);
    /* An explicit payer type wins over the name. */
    assert_int_equal(c->payer_type, DA_PAYER_MEDICARE);
    assert_int_equal(c->submitted, ymd(2026, 1, 6));
    assert_int_equal(c->paid_date, ymd(2026, 1, 20));
    assert_string_equal(c->prior_auth, "PA-1");
    assert_string_equal(c->ndc, "00000-0000-00");
    assert_int_equal(c->drug_source, DA_SOURCE_SPECIALTY_PHARMACY);
    assert_int_equal(c->units, 10);
    assert_rejected(&d, 3, "bad date", "paid_date");
    assert_balanced(&d.claims_stats);
    da_dataset_free(&d);
}

/* Diagnosis codes are kept once per run of lines that share them. */
static void test_claims_diagnosis_codes(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    const char *csv = "claim_id,line,patient_id,dos,cpt,icd10\n"
                      "C1,1,P1,2026-01-05,11102,L57.0;C44.311\n"
                      "C1,2,P1,2026-01-05,11103,\"l570, C44311\"\n"
                      "C1,3,P1,2026-01-05,17000,L57.0\n"
                      "C1,4,P1,2026-01-05,99213,\n"
                      "C1,5,P1,2026-01-05,11104,L57.0;C44.311\n";
    assert_int_equal(claims_str(&d, csv, NULL), DA_OK);
    assert_int_equal(d.nclaims, 5);
    const da_claim_line *c = d.claims;
    assert_int_equal(c[0].nicd10, 2);
    assert_string_equal(c[0].icd10[0], "L570");
    assert_string_equal(c[0].icd10[1], "C44311");
    assert_int_equal(c[1].nicd10, 2);
    assert_ptr_equal(c[1].icd10, c[0].icd10); /* the same codes as the line before */
    assert_int_equal(c[2].nicd10, 1);
    assert_true(c[2].icd10 != c[0].icd10);
    assert_string_equal(c[2].icd10[0], "L570");
    assert_int_equal(c[3].nicd10, 0);
    assert_null(c[3].icd10);
    assert_int_equal(c[4].nicd10, 2);
    assert_string_equal(c[4].icd10[0], "L570");
    assert_string_equal(c[4].icd10[1], "C44311");
    da_dataset_free(&d);
}

static void test_missing_columns_and_empty(void **state)
{
    (void)state;
    da_dataset d;
    da_import_result r;
    da_dataset_init(&d);
    assert_int_equal(claims_str(&d, "claim_id,patient_id,cpt\nC1,P1,11102\n", &r), DA_ERR_COLUMN);
    assert_string_equal(r.missing_column, "date_of_service");
    assert_int_equal(d.nclaims, 0);
    assert_int_equal(claims_str(&d, "Claim,Patient,DOS,Units\n", &r), DA_ERR_COLUMN);
    assert_string_equal(r.missing_column, "cpt");
    assert_int_equal(claims_str(&d, "", &r), DA_ERR_FORMAT);
    assert_int_equal(claims_str(&d, "\n\r\n  \n", &r), DA_ERR_FORMAT);
    assert_int_equal(da_import_claims(&d, "data/import/absent.csv", NULL, &r), DA_ERR_IO);

    assert_int_equal(notes_str(&d, "note_id,patient_id,text\nN1,P1,hello\n", &r), DA_ERR_COLUMN);
    assert_string_equal(r.missing_column, "encounter_id");
    assert_int_equal(notes_str(&d, "encounter_id,body_part\nE1,arm\n", &r), DA_ERR_COLUMN);
    assert_string_equal(r.missing_column, "text");
    /* Patient and date without an encounter column are enough. */
    assert_int_equal(notes_str(&d, "Patient ID,DOS,Narrative\nP1,2026-01-05,hello\n", &r), DA_OK);
    assert_int_equal(d.nnotes, 1);
    /* A header alone: nothing read, nothing wrong. */
    assert_int_equal(notes_str(&d, "encounter_id,text\n", &r), DA_OK);
    da_dataset_free(&d);
}

static void test_repairs(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    static const char csv[] = "claim_id,patient_id,dos,cpt,provider,payer\n"
                              "C1,P1,2026-01-05,11102,Dr \xE9lise,Acme\n"
                              "C2,P2,2026-01-05,11102,Dr\0B,Acme\n"
                              "C3,P3,2026-01-05,11102,Dr \xE9lise,Acme\n"
                              "C4,P4,2026-01-05,11\0" "102,Dr C,Acme\n";
    assert_int_equal(da_import_claims_mem(&d, "c.csv", csv, sizeof(csv) - 1, NULL), DA_OK);
    assert_int_equal(d.claims_stats.rows_read, 4);
    assert_int_equal(d.claims_stats.rows_used, 3);
    assert_int_equal(d.claims_stats.rows_rejected, 1);
    assert_int_equal(da_dq_count(&d.dq, "c.csv", DA_DQ_REPAIRED), 3);
    const da_dq_entry *e = dq_at(&d, 2, DA_DQ_REPAIRED);
    assert_non_null(e);
    assert_string_equal(e->reason, "invalid UTF-8 repaired");
    assert_string_equal(e->column, "provider");
    assert_string_equal(d.claims[0].provider, "Dr ?lise");
    e = dq_at(&d, 3, DA_DQ_REPAIRED);
    assert_non_null(e);
    assert_string_equal(e->reason, "NUL bytes replaced");
    assert_string_equal(d.claims[1].provider, "Dr B");
    /* The same bad bytes on the next row are repaired and logged again. */
    assert_non_null(dq_at(&d, 4, DA_DQ_REPAIRED));
    assert_string_equal(d.claims[2].provider, "Dr ?lise");
    /* A NUL inside a code is no repair: the code is malformed. */
    assert_rejected(&d, 5, "malformed code", "cpt");
    da_dataset_free(&d);

    /* Every repaired column of a row is listed, not only the first. */
    da_dataset_init(&d);
    static const char two[] = "claim_id,patient_id,dos,cpt,provider,payer\n"
                              "C1,P1,2026-01-05,11102,Dr \xE9lise,Acm\xE9\n";
    assert_int_equal(da_import_claims_mem(&d, "c.csv", two, sizeof(two) - 1, NULL), DA_OK);
    assert_int_equal(da_dq_count(&d.dq, "c.csv", DA_DQ_REPAIRED), 2);
    assert_string_equal(d.dq.items[0].column, "provider");
    assert_string_equal(d.dq.items[1].column, "payer");
    assert_string_equal(d.dq.items[1].reason, "invalid UTF-8 repaired");
    da_dataset_free(&d);

    da_dataset_init(&d);
    static const char notes[] = "encounter_id,text\nE1,caf\xC3 ok\nE2,a\0b\xFF\n";
    assert_int_equal(da_import_notes_mem(&d, "n.csv", notes, sizeof(notes) - 1, NULL), DA_OK);
    assert_int_equal(d.nnotes, 2);
    assert_string_equal(d.notes[0].text, "caf? ok");
    assert_int_equal(d.notes[0].text_len, 7);
    assert_string_equal(d.notes[1].text, "a b?");
    assert_int_equal(d.notes[1].text_len, 4);
    /* Both repairs on one row: one entry for each. */
    assert_int_equal(da_dq_count(&d.dq, "n.csv", DA_DQ_REPAIRED), 3);
    assert_int_equal(d.notes_stats.rows_used, 2);
    assert_balanced(&d.notes_stats);
    da_dataset_free(&d);
}

/* One line dated 1900-01-01 among a year's dates is left out of the period,
 * with a Data Quality entry; a year of dates with no gap keeps every line. */
static void test_stray_dates(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    da_import_result r;
    assert_int_equal(claims_str(&d,
                                "claim_id,patient_id,dos,cpt\n"
                                "C1,P1,2026-01-05,11102\n"
                                "C2,P1,1900-01-01,11102\n"
                                "C3,P2,2026-06-30,11102\n"
                                "C4,P3,2026-12-31,11102\n"
                                "C5,P4,2028-01-02,11102\n",
                                &r),
                     DA_OK);
    assert_int_equal(d.first_dos, ymd(1900, 1, 1));
    assert_int_equal(da_dataset_drop_stray_dates(&d), 2);
    assert_rejected(&d, 3, "date of service over a year apart from the others",
                    "date_of_service");
    assert_rejected(&d, 6, "date of service over a year apart from the others",
                    "date_of_service");
    assert_int_equal(d.nclaims, 3);
    assert_int_equal(d.first_dos, ymd(2026, 1, 5));
    assert_int_equal(d.last_dos, ymd(2026, 12, 31));
    assert_int_equal(d.claims_stats.rows_outside, 2);
    assert_int_equal(d.claims_stats.rows_read,
                     d.claims_stats.rows_used + d.claims_stats.rows_rejected +
                         d.claims_stats.rows_outside);
    /* Nothing further apart: nothing dropped, the period unchanged. */
    assert_int_equal(da_dataset_drop_stray_dates(&d), 0);
    assert_int_equal(d.nclaims, 3);
    da_dataset_free(&d);
}

/* A note over the 64 MiB field limit, on many lines, is one row rejected as
 * too long, naming its column; the next note is read. */
static void test_note_too_long(void **state)
{
    (void)state;
    static const char head[] = "encounter_id,text\nE1,\"";
    static const char tail[] = "\"\nE2,short note\n";
    size_t body = ((size_t)64 << 20) + 100;
    size_t len = sizeof(head) - 1 + body + sizeof(tail) - 1;
    char *csv = malloc(len);
    assert_non_null(csv);
    memcpy(csv, head, sizeof(head) - 1);
    for (size_t i = 0; i < body; i++)
        csv[sizeof(head) - 1 + i] = i % 80 == 79 ? '\n' : 'a';
    memcpy(csv + sizeof(head) - 1 + body, tail, sizeof(tail) - 1);
    da_dataset d;
    da_dataset_init(&d);
    assert_int_equal(da_import_notes_mem(&d, "n.csv", csv, len, NULL), DA_OK);
    free(csv);
    assert_rejected(&d, 2, "field too long", "text");
    assert_int_equal(d.notes_stats.rows_read, 2);
    assert_int_equal(d.notes_stats.rows_rejected, 1);
    assert_int_equal(d.nnotes, 1);
    assert_int_equal(d.notes[0].line, 2 + body / 80 + 1);
    da_dataset_free(&d);
}

/* ---- notes ---- */

/* A note's text as the audit reads it: from the notes file when it was left there. */
static void assert_note_text(const da_dataset *d, size_t note, const char *want)
{
    da_buf buf;
    da_buf_init(&buf, 1u << 20);
    const char *text = NULL;
    size_t len = 0;
    assert_int_equal(da_note_text(d, note, &buf, &text, &len), DA_OK);
    assert_int_equal(len, strlen(want));
    assert_int_equal(d->notes[note].text_len, strlen(want));
    assert_string_equal(text, want);
    da_buf_free(&buf);
}

static void test_notes_fixture(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    const char *path = "data/import/notes_basic.csv";
    assert_int_equal(da_import_notes(&d, path, NULL, NULL), DA_OK);
    assert_int_equal(d.notes_stats.rows_read, 8);
    assert_int_equal(d.notes_stats.rows_used, 4);
    assert_int_equal(d.notes_stats.rows_rejected, 4);
    assert_balanced(&d.notes_stats);
    assert_string_equal(d.notes_stats.path, path);
    assert_int_equal(d.nnotes, 4);

    const da_note *n = &d.notes[0];
    assert_int_equal(n->line, 2);
    assert_string_equal(n->note_id, "N1");
    assert_string_equal(n->encounter_id, "E1");
    assert_string_equal(n->patient_id, "P1");
    assert_int_equal(n->dos, ymd(2026, 1, 5));
    assert_string_equal(n->note_type, "procedure");
    assert_string_equal(n->provider, "Dr A");
    /* Valid texts stay in the file, read back on demand. */
    assert_null(n->text);
    assert_note_text(&d, 0, "Shave removal.\nTwo lines.");

    n = &d.notes[1];
    assert_int_equal(n->line, 4); /* the quoted newline above took line 3 */
    assert_string_equal(n->encounter_id, "");
    assert_int_equal(n->dos, ymd(2026, 1, 6));
    assert_note_text(&d, 1, "Follow-up \"visit\", stable.");

    assert_rejected(&d, 5, "missing required field", "encounter_id");
    assert_rejected(&d, 6, "unbalanced quote", "");
    n = &d.notes[2];
    assert_int_equal(n->line, 7); /* read after the unbalanced quote */
    assert_string_equal(n->note_id, "N5");
    assert_note_text(&d, 2, "Mohs stage I.");
    assert_rejected(&d, 8, "missing required field", "text");
    assert_rejected(&d, 9, "bad date", "date_of_service");

    n = &d.notes[3];
    assert_int_equal(n->line, 10);
    assert_string_equal(n->note_id, "line-10");
    assert_int_equal(n->dos, DA_DATE_NONE);
    assert_note_text(&d, 3, "No id note");

    assert_int_equal(d.first_dos, ymd(2026, 1, 5));
    assert_int_equal(d.last_dos, ymd(2026, 1, 9));
    da_dataset_free(&d);
}

/* Claims and notes read at the same time make the dataset they make one
 * after the other: rows, texts, dates, accounting and the Data Quality log
 * in the same order (claims rows first). */
static void test_files_at_once(void **state)
{
    (void)state;
    const char *claims = "data/import/claims_bad.csv", *notes = "data/import/notes_basic.csv";
    da_dataset one, both;
    da_dataset_init(&one);
    da_dataset_init(&both);
    assert_int_equal(da_import_claims(&one, claims, NULL, NULL), DA_OK);
    assert_int_equal(da_import_notes(&one, notes, NULL, NULL), DA_OK);
    const char *failed = "unset";
    assert_int_equal(da_import_files(&both, claims, notes, NULL, NULL, NULL, &failed), DA_OK);
    assert_null(failed);

    assert_int_equal(both.nclaims, 3);
    assert_int_equal(both.nnotes, 4);
    assert_int_equal(both.nclaims, one.nclaims);
    assert_int_equal(both.nnotes, one.nnotes);
    for (size_t i = 0; i < one.nclaims; i++) {
        assert_int_equal(both.claims[i].line, one.claims[i].line);
        assert_string_equal(both.claims[i].claim_id, one.claims[i].claim_id);
    }
    da_buf a, b;
    da_buf_init(&a, 1u << 20);
    da_buf_init(&b, 1u << 20);
    for (size_t i = 0; i < one.nnotes; i++) {
        assert_int_equal(both.notes[i].line, one.notes[i].line);
        assert_string_equal(both.notes[i].note_id, one.notes[i].note_id);
        const char *ta, *tb;
        size_t la, lb;
        assert_int_equal(da_note_text(&one, i, &a, &ta, &la), DA_OK);
        assert_int_equal(da_note_text(&both, i, &b, &tb, &lb), DA_OK);
        assert_int_equal(la, lb);
        assert_memory_equal(ta, tb, la);
    }
    da_buf_free(&a);
    da_buf_free(&b);
    assert_int_equal(both.first_dos, one.first_dos);
    assert_int_equal(both.last_dos, one.last_dos);
    assert_string_equal(both.claims_stats.path, claims);
    assert_string_equal(both.notes_stats.path, notes);
    assert_int_equal(both.notes_stats.rows_read, 8);
    assert_int_equal(both.notes_stats.rows_rejected, 4);
    assert_int_equal(both.claims_stats.rows_rejected, 15);
    assert_int_equal(both.dq.count, 19);
    assert_int_equal(both.dq.count, one.dq.count);
    for (size_t i = 0; i < one.dq.count; i++) {
        assert_string_equal(both.dq.items[i].file, one.dq.items[i].file);
        assert_int_equal(both.dq.items[i].line, one.dq.items[i].line);
        assert_int_equal(both.dq.items[i].action, one.dq.items[i].action);
        assert_string_equal(both.dq.items[i].reason, one.dq.items[i].reason);
        assert_string_equal(both.dq.items[i].column, one.dq.items[i].column);
    }
    da_dataset_free(&one);
    da_dataset_free(&both);
}

/* The file named on failure is the one that failed; the claims file when both did. */
static void test_files_at_once_failing(void **state)
{
    (void)state;
    const char *claims = "data/import/claims_basic.csv", *notes = "data/import/notes_basic.csv";
    const char *no_cpt = "data/bad/missing_column.claims.csv"; /* no cpt column, no text column */
    struct {
        const char *claims, *notes, *failed;
    } cases[] = {{no_cpt, notes, no_cpt}, {claims, no_cpt, no_cpt}, {no_cpt, claims, no_cpt},
                 {claims, "data/import/no such file.csv", "data/import/no such file.csv"}};
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        da_dataset d;
        da_dataset_init(&d);
        da_import_result rc, rn;
        const char *failed = NULL;
        da_error err = da_import_files(&d, cases[k].claims, cases[k].notes, NULL, &rc, &rn, &failed);
        assert_int_not_equal(err, DA_OK);
        assert_ptr_equal(failed, cases[k].failed);
        if (failed == cases[k].claims && cases[k].claims == no_cpt)
            assert_string_equal(rc.missing_column, "cpt");
        da_dataset_free(&d);
    }
}

static void test_notes_need_a_key(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    assert_int_equal(notes_str(&d, "patient_id,date_of_service,text\n"
                                   ",2026-01-05,a\n"
                                   "P1,,b\n"
                                   "P1,2026-01-05,   \n"
                                   "P1,2026-01-05,c,,\n"
                                   "P1,2026-01-05,d,e\n",
                               NULL),
                     DA_OK);
    assert_rejected(&d, 2, "missing required field", "patient_id");
    assert_rejected(&d, 3, "missing required field", "date_of_service");
    assert_rejected(&d, 4, "missing required field", "text");
    assert_rejected(&d, 6, "too many fields", "");
    assert_int_equal(d.nnotes, 1);
    assert_int_equal(d.notes[0].line, 5);
    assert_int_equal(d.notes_stats.rows_read, 5);
    assert_balanced(&d.notes_stats);
    da_dataset_free(&d);
}

/* ---- grouping ---- */

static void test_group(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    assert_int_equal(claims_str(&d, "claim_id,line,patient_id,encounter_id,dos,cpt,payer\n"
                                    "A,1,P1,E1,2026-01-05,11102,Medicare\n"
                                    "A,2,P1,E1,2026-01-05,11103,Medicare\n"
                                    "B,1,P2,,2026-01-06,17000,Acme\n"
                                    "C,1,P3,E3,2026-01-07,99213,Acme\n",
                                NULL),
                     DA_OK);
    assert_int_equal(notes_str(&d, "note_id,encounter_id,patient_id,date_of_service,text\n"
                                   "N1,E1,P1,2026-01-05,biopsy note\n"
                                   "N2,,P2,2026-01-06,destruction note\n"
                                   "N3,E9,P9,2026-01-08,orphan note\n"
                                   "N4,E2,P2,2026-01-06,addendum\n"
                                   "N5,,P1,2026-01-05,second note\n",
                               NULL),
                     DA_OK);
    da_dataset_group(&d);
    /* E1 (A1, A2, N1, N5); P2's day (B1, N2, N4); E3 (C1); E9 (N3). */
    assert_int_equal(d.nencounters, 4);
    assert_int_equal(d.encounters_without_notes, 1);
    assert_int_equal(d.encounters_without_claims, 1);

    const da_encounter *e = &d.encounters[0];
    assert_string_equal(e->encounter_id, "E1");
    assert_int_equal(e->nclaims, 2);
    assert_int_equal(e->claims[0], 0);
    assert_int_equal(e->claims[1], 1);
    assert_int_equal(e->nnotes, 2);
    assert_int_equal(e->notes[0], 0);
    assert_int_equal(e->notes[1], 4);
    assert_int_equal(e->payer_type, DA_PAYER_MEDICARE);

    e = &d.encounters[1];
    assert_string_equal(e->patient_id, "P2");
    assert_int_equal(e->dos, ymd(2026, 1, 6));
    assert_int_equal(e->nclaims, 1);
    assert_int_equal(e->claims[0], 2);
    assert_int_equal(e->nnotes, 2);
    assert_int_equal(e->notes[0], 1);
    assert_int_equal(e->notes[1], 3);

    e = &d.encounters[2];
    assert_string_equal(e->encounter_id, "E3");
    assert_int_equal(e->nclaims, 1);
    assert_int_equal(e->nnotes, 0);

    e = &d.encounters[3];
    assert_string_equal(e->encounter_id, "E9");
    assert_int_equal(e->nclaims, 0);
    assert_int_equal(e->nnotes, 1);
    assert_int_equal(e->notes[0], 2);
    da_dataset_free(&d);
}

static void test_group_by_day_only(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    /* No encounter ids anywhere: the same patient on two days is two encounters. */
    assert_int_equal(claims_str(&d, "claim_id,patient_id,dos,cpt\n"
                                    "A,P1,2026-01-05,11102\n"
                                    "B,P1,2026-01-06,11102\n"
                                    "C,P2,2026-01-05,11102\n",
                                NULL),
                     DA_OK);
    assert_int_equal(notes_str(&d, "patient_id,dos,text\nP1,2026-01-06,x\n", NULL), DA_OK);
    da_dataset_group(&d);
    assert_int_equal(d.nencounters, 3);
    assert_int_equal(d.encounters_without_notes, 2);
    assert_int_equal(d.encounters_without_claims, 0);
    assert_int_equal(d.encounters[1].nnotes, 1);
    assert_int_equal(d.encounters[1].claims[0], 1);
    da_dataset_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_date),
        cmocka_unit_test(test_parse_money),
        cmocka_unit_test(test_cents_add),
        cmocka_unit_test(test_amount_ceiling_and_comma),
        cmocka_unit_test(test_parse_units),
        cmocka_unit_test(test_parse_codes),
        cmocka_unit_test(test_parse_classes),
        cmocka_unit_test(test_claims_basic_fixture),
        cmocka_unit_test(test_claims_bad_fixture),
        cmocka_unit_test(test_claims_bom_crlf_and_cr),
        cmocka_unit_test(test_header_synonyms),
        cmocka_unit_test(test_claims_optional_columns),
        cmocka_unit_test(test_claims_diagnosis_codes),
        cmocka_unit_test(test_missing_columns_and_empty),
        cmocka_unit_test(test_repairs),
        cmocka_unit_test(test_stray_dates),
        cmocka_unit_test(test_note_too_long),
        cmocka_unit_test(test_notes_fixture),
        cmocka_unit_test(test_notes_need_a_key),
        cmocka_unit_test(test_files_at_once),
        cmocka_unit_test(test_files_at_once_failing),
        cmocka_unit_test(test_group),
        cmocka_unit_test(test_group_by_day_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
