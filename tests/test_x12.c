/* test_x12.c - the X12 readers: 835 remittances (x835), 837P claims (x837),
 * the envelope (x12) and the join of remittances to claim lines (remit).
 * Expected values are read off the files in tests/data/x12/ by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "import.h"
#include "remit.h"
#include "x12.h"
#include "x835.h"
#include "x837.h"

#define DATA DA_SOURCE_DIR "/tests/data/x12/"

static da_date ymd(int y, int m, int d)
{
    return da_date_from_ymd(y, m, d);
}

/* The n-th Data Quality entry, checked field by field. */
static void expect_dq(const da_dq_log *dq, size_t n, unsigned long segment, da_dq_action action,
                      const char *reason_part, const char *id)
{
    assert_true(n < dq->count);
    const da_dq_entry *e = &dq->items[n];
    assert_int_equal(e->line, segment);
    assert_int_equal(e->action, action);
    if (!strstr(e->reason, reason_part))
        fail_msg("entry %zu: '%s' lacks '%s'", n, e->reason, reason_part);
    assert_string_equal(e->column, id);
}

/* ---- 835: real example files ---- */

static void test_835_cob_contractual(void **state)
{
    (void)state;
    da_remit r;
    da_remit_init(&r);
    da_dq_log dq;
    da_dq_init(&dq);
    assert_int_equal(da_x835_read_path(&r, DATA "cob-contractural-adjustment.835", &dq), DA_OK);
    /* CLP*0001000055*2*541.00*34.00**12*50650619501, one SVC*HC>55669*541.00*34.00**1.00,
     * DTM*472*20050202, CAS*OA*23*516.00, CAS*OA*94*-9.00, AMT*B6*550.00. */
    assert_int_equal(r.claims, 1);
    assert_int_equal(r.nlines, 1);
    const da_remit_line *l = &r.lines[0];
    assert_string_equal(l->claim_id, "0001000055");
    assert_int_equal(l->status, DA_REMIT_SECONDARY);
    assert_string_equal(l->payer_claim, "50650619501");
    assert_string_equal(l->patient_id, "987654321");
    assert_string_equal(l->payer, "YOUR TAX DOLLARS AT WORK");
    assert_string_equal(l->code, "55669");
    assert_int_equal(l->nmodifiers, 0);
    assert_int_equal(l->charge, 54100);
    assert_int_equal(l->paid, 3400);
    assert_int_equal(l->units, 1);
    assert_int_equal(l->dos, ymd(2005, 2, 2));
    /* BPR*I*34.00*C*CHK***********20050318: the date sits in BPR15, not BPR16. */
    assert_int_equal(l->paid_date, DA_DATE_NONE);
    assert_int_equal(l->nadj, 2);
    assert_string_equal(l->adj[0].group, "OA");
    assert_string_equal(l->adj[0].carc, "23");
    assert_int_equal(l->adj[0].amount, 51600);
    assert_string_equal(l->adj[1].carc, "94");
    assert_int_equal(l->adj[1].amount, -900);
    assert_int_equal(l->allowed_amt, 55000);
    assert_int_equal(da_remit_allowed(l), 55000);
    assert_false(da_remit_denied(l));
    /* The file declares ':' (ISA16) and writes HC>55669: read, and said. */
    assert_int_equal(dq.count, 1);
    expect_dq(&dq, 0, 21, DA_DQ_NOTICE, "component separator other than the ISA's", "SVC");
    da_dq_free(&dq);
    da_remit_free(&r);
}

static void test_835_managed_care(void **state)
{
    (void)state;
    da_remit r;
    da_remit_init(&r);
    da_dq_log dq;
    da_dq_init(&dq);
    assert_int_equal(da_x835_read_path(&r, DATA "managed-care.835", &dq), DA_OK);
    assert_int_equal(r.claims, 2);
    assert_int_equal(r.nlines, 2);
    /* CLP*5554555444*1*800.00*450.00*300.00*12*94060555410000, CAS*CO*A2*50.00 (claim),
     * SVC*HC:99211*800.00*500.00, DTM*150*20020301, CAS*PR*1*300.00. */
    const da_remit_line *a = &r.lines[0];
    assert_string_equal(a->claim_id, "5554555444");
    assert_int_equal(a->status, DA_REMIT_PRIMARY);
    assert_string_equal(a->patient_id, "33344555510");
    assert_string_equal(a->payer, "RUSHMORE LIFE");
    assert_string_equal(a->code, "99211");
    assert_int_equal(a->charge, 80000);
    assert_int_equal(a->paid, 50000);
    assert_int_equal(a->dos, ymd(2002, 3, 1));
    assert_int_equal(a->nadj, 2);
    assert_string_equal(a->adj[0].group, "PR");
    assert_string_equal(a->adj[0].carc, "1");
    assert_int_equal(a->adj[0].amount, 30000);
    assert_false(a->adj[0].claim_level);
    assert_string_equal(a->adj[1].group, "CO");
    assert_string_equal(a->adj[1].carc, "A2");
    assert_int_equal(a->adj[1].amount, 5000);
    assert_true(a->adj[1].claim_level);
    /* allowed = 800.00 - 50.00 (CO); deductible (PR-1) is part of it. */
    assert_int_equal(da_remit_allowed(a), 75000);
    /* CLP*8765432112*1*1200.00*495.00*600.00, CAS*CO*A2*55.00, SVC*HC:93555*1200.00*550.00,
     * DTM*150*20020310, CAS*PR*1*600.00, CAS*CO*45*50.00. */
    const da_remit_line *b = &r.lines[1];
    assert_string_equal(b->claim_id, "8765432112");
    assert_string_equal(b->code, "93555");
    assert_int_equal(b->charge, 120000);
    assert_int_equal(b->paid, 55000);
    assert_int_equal(b->dos, ymd(2002, 3, 10));
    assert_int_equal(b->nadj, 3);
    assert_string_equal(b->adj[1].carc, "45");
    assert_int_equal(b->adj[1].amount, 5000);
    assert_int_equal(da_remit_allowed(b), 120000 - 5000 - 5500);
    char list[64];
    da_remit_adj_list(b, false, list, sizeof(list));
    assert_string_equal(list, "PR-1;CO-45;CO-A2");
    da_remit_adj_list(b, true, list, sizeof(list));
    assert_string_equal(list, "CO-45;CO-A2");
    /* BPR16 is 20002316: no such month. */
    assert_int_equal(a->paid_date, DA_DATE_NONE);
    assert_int_equal(dq.count, 1);
    expect_dq(&dq, 0, 4, DA_DQ_NOTICE, "payment date (BPR16) not a date", "BPR");
    da_dq_free(&dq);
    da_remit_free(&r);
}

static void test_835_claim_level_plb_and_unreadable(void **state)
{
    (void)state;
    da_remit r;
    da_remit_init(&r);
    da_dq_log dq;
    da_dq_init(&dq);
    /* Medicare Part A: two claims without SVC (claim-level lines), a PLB. */
    assert_int_equal(da_x835_read_path(&r, DATA "medicare-part-a.835", &dq), DA_OK);
    assert_int_equal(r.nlines, 2);
    assert_string_equal(r.lines[0].claim_id, "666123");
    assert_string_equal(r.lines[0].code, "");
    assert_int_equal(r.lines[0].charge, 21136697);
    assert_int_equal(r.lines[0].paid, 13801840);
    assert_int_equal(r.lines[0].dos, ymd(2002, 8, 16));
    assert_int_equal(r.lines[0].nadj, 1);
    assert_int_equal(r.lines[0].adj[0].amount, 7334857);
    assert_string_equal(r.lines[1].claim_id, "777777");
    assert_int_equal(r.lines[1].paid, 1198033);
    assert_int_equal(r.nplbs, 1);
    assert_string_equal(r.plbs[0].reason, "CV");
    assert_int_equal(r.plbs[0].amount, -127);
    assert_int_equal(r.plbs[0].segment, 29);
    expect_dq(&dq, 0, 29, DA_DQ_NOTICE, "provider-level adjustment (PLB)", "PLB");
    /* Tertiary: SVC*HC*24599.00*...: the composite holds no code. */
    assert_int_equal(da_x835_read_path(&r, DATA "tertiary-payment.835", &dq), DA_OK);
    assert_int_equal(r.nlines, 2);
    expect_dq(&dq, 1, 20, DA_DQ_REJECTED, "service line without a procedure code", "SVC");
    assert_int_equal(dq.count, 2);
    da_dq_free(&dq);
    da_remit_free(&r);
}

/* ---- 835: dermatology file and the join ---- */

static void test_835_derm_and_join(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    da_import_result ir;
    assert_int_equal(da_import_claims(&d, DATA "derm-claims.837", NULL, &ir), DA_OK);
    assert_int_equal(d.nclaims, 8);
    da_remit r;
    da_remit_init(&r);
    assert_int_equal(da_x835_read_path(&r, DATA "derm-remit.835", &d.dq), DA_OK);
    /* 9 lines read; the reversal's own line is not kept, and it voids the first payment. */
    assert_int_equal(r.nlines, 9);
    assert_int_equal(r.reversals, 1);
    assert_true(r.lines[7].voided);
    assert_false(r.lines[8].voided);
    assert_string_equal(r.lines[0].remarks[0], "N519");
    assert_int_equal(r.lines[4].units, 1); /* J3245 paid at 1 unit */
    da_remit_join_stats st;
    da_remit_join(&d, &r, &st);
    assert_int_equal(st.joined, 7);
    assert_int_equal(st.unmatched_remit, 1); /* D9999: not billed in these claims */
    assert_int_equal(st.unpaid_claims, 1);   /* D1005: no remittance */
    assert_int_equal(st.voided, 1);
    /* 17311 denied CO-4. */
    const da_claim_line *c = &d.claims[0];
    assert_string_equal(c->code, "17311");
    assert_int_equal(c->status, DA_STATUS_DENIED);
    assert_string_equal(c->denial_codes, "CO-4");
    assert_int_equal(c->allowed, 0);
    assert_int_equal(c->paid, 0);
    assert_int_equal(c->paid_date, ymd(2026, 8, 1));
    /* 11102 paid: allowed 200 - 80 (CO-45) = 120, paid 96. */
    c = &d.claims[2];
    assert_int_equal(c->status, DA_STATUS_PAID);
    assert_int_equal(c->allowed, 12000);
    assert_int_equal(c->paid, 9600);
    assert_string_equal(c->denial_codes, "");
    /* 11103-59 reduced CO-59: allowed 100 - 40 - 30 = 30. */
    c = &d.claims[3];
    assert_string_equal(c->code, "11103");
    assert_int_equal(c->allowed, 3000);
    assert_int_equal(c->paid, 3000);
    /* J3245 billed 100 units, paid 40.00. */
    c = &d.claims[4];
    assert_int_equal(c->units, 100);
    assert_int_equal(c->paid, 4000);
    /* 99213: the correction replaces the reversed payment. */
    c = &d.claims[6];
    assert_string_equal(c->code, "99213");
    assert_int_equal(c->paid, 9000);
    assert_int_equal(c->allowed, 9000);
    assert_int_equal(c->paid_date, ymd(2026, 8, 10));
    /* 99212 of D1005: pending, and listed. */
    c = &d.claims[7];
    assert_int_equal(c->status, DA_STATUS_PENDING);
    assert_int_equal(c->allowed, DA_CENTS_NONE);
    size_t n = d.dq.count;
    expect_dq(&d.dq, n - 3, 86, DA_DQ_NOTICE, "provider-level adjustment", "PLB");
    expect_dq(&d.dq, n - 2, 52, DA_DQ_NOTICE, "remittance line matches no claim line", "SVC");
    expect_dq(&d.dq, n - 1, 85, DA_DQ_NOTICE, "claim line with no remittance", "");
    da_remit_free(&r);
    da_dataset_free(&d);
}

/* A claims CSV takes remittances as the 837 does: here without line control numbers,
 * so lines join by claim id, date, code and modifiers. */
static void test_835_join_csv(void **state)
{
    (void)state;
    static const char csv[] = "claim_id,patient_id,date_of_service,cpt,modifiers,units,charge\n"
                              "D1002,P1002,2026-07-07,11102,,1,200.00\n"
                              "D1002,P1002,2026-07-07,11103,59,1,100.00\n"
                              "D1001,P1001,2026-07-06,17311,,1,1400.00\n";
    da_dataset d;
    da_dataset_init(&d);
    da_import_result ir;
    assert_int_equal(da_import_claims_mem(&d, "claims.csv", csv, sizeof(csv) - 1, &ir), DA_OK);
    da_remit r;
    da_remit_init(&r);
    assert_int_equal(da_x835_read_path(&r, DATA "derm-remit.835", &d.dq), DA_OK);
    da_remit_join_stats st;
    da_remit_join(&d, &r, &st);
    assert_int_equal(st.joined, 3);
    /* 17312, the J3245 claim's two lines, D9999 and the corrected 99213 of D1004 */
    assert_int_equal(st.unmatched_remit, 5);
    assert_int_equal(st.unpaid_claims, 0);
    assert_int_equal(d.claims[0].allowed, 12000);
    assert_int_equal(d.claims[1].allowed, 3000);
    assert_int_equal(d.claims[2].status, DA_STATUS_DENIED);
    assert_string_equal(d.claims[2].denial_codes, "CO-4");
    assert_string_equal(d.claims[2].payer, "MEDICARE PART B");
    assert_int_equal(d.claims[2].payer_type, DA_PAYER_MEDICARE);
    da_remit_free(&r);
    da_dataset_free(&d);
}

/* ---- 837: real example files ---- */

static void test_837_example1(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    da_import_result ir;
    assert_int_equal(da_import_claims(&d, DATA "demo.example1.837", NULL, &ir), DA_OK);
    /* CLM*26463774*100.00***11:B:1, four SV1 lines: 99213 40.00, 87070 15.00 (20061003),
     * 99214 35.00, 86663 10.00 (20061010); subscriber JS00111223333 is the patient's
     * member id (the patient loop's NM1*QC has none); payer KEY INSURANCE COMPANY,
     * SBR09 CI; billing provider BEN KILDARE SERVICE; BHT04 20061015. */
    assert_int_equal(d.nclaims, 4);
    static const char *const codes[] = {"99213", "87070", "99214", "86663"};
    static const long long charges[] = {4000, 1500, 3500, 1000};
    for (int i = 0; i < 4; i++) {
        const da_claim_line *c = &d.claims[i];
        assert_string_equal(c->claim_id, "26463774");
        assert_string_equal(c->code, codes[i]);
        assert_int_equal(c->charge, charges[i]);
        assert_int_equal(c->units, 1);
        assert_int_equal(c->nmodifiers, 0);
        assert_int_equal(c->dos, i < 2 ? ymd(2006, 10, 3) : ymd(2006, 10, 10));
        assert_string_equal(c->pos, "11");
        assert_string_equal(c->payer, "KEY INSURANCE COMPANY");
        assert_int_equal(c->payer_type, DA_PAYER_COMMERCIAL);
        assert_string_equal(c->patient_id, "JS00111223333");
        assert_string_equal(c->provider, "BEN KILDARE SERVICE");
        assert_int_equal(c->submitted, ymd(2006, 10, 15));
        assert_int_equal(c->nicd10, 0); /* HI*BK:0340*BF:V7389 is ICD-9 */
        assert_int_equal(c->status, DA_STATUS_UNKNOWN);
        assert_int_equal(c->allowed, DA_CENTS_NONE);
    }
    assert_string_equal(d.claims[0].line_no, "1");
    assert_string_equal(d.claims[3].line_no, "4");
    assert_int_equal(d.claims_stats.rows_read, 4);
    assert_int_equal(d.claims_stats.rows_used, 4);
    assert_int_equal(d.dq.count, 1);
    expect_dq(&d.dq, 0, 29, DA_DQ_NOTICE, "ICD-9", "HI");
    da_dataset_free(&d);
}

static void test_837_drug(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    da_import_result ir;
    assert_int_equal(da_import_claims(&d, DATA "demo.drug.example10.2.837", NULL, &ir), DA_OK);
    /* CLM*CLMNO12345*2232.93***12:B:1: S9500 1400.00 x7; S5001 682.50 x7 NDC 00004196501;
     * S5000 15.12 x14 NDC 63323024910; S5000 67.69 x7 NDC 00338004938; S5000 57.12 x14 NDC
     * 08290033010; S5000 10.50 x7 NDC 08290038005; DTP*472*RD8*20040201-20040207. */
    assert_int_equal(d.nclaims, 6);
    static const char *const codes[] = {"S9500", "S5001", "S5000", "S5000", "S5000", "S5000"};
    static const long long charges[] = {140000, 68250, 1512, 6769, 5712, 1050};
    static const int units[] = {7, 7, 14, 7, 14, 7};
    static const char *const ndcs[] = {"", "00004196501", "63323024910", "00338004938",
                                       "08290033010", "08290038005"};
    for (int i = 0; i < 6; i++) {
        const da_claim_line *c = &d.claims[i];
        assert_string_equal(c->claim_id, "CLMNO12345");
        assert_string_equal(c->code, codes[i]);
        assert_int_equal(c->charge, charges[i]);
        assert_int_equal(c->units, units[i]);
        assert_string_equal(c->ndc, ndcs[i]);
        assert_int_equal(c->dos, ymd(2004, 2, 1));
        assert_string_equal(c->pos, "12");
        assert_string_equal(c->patient_id, "MBRID01234");
        assert_string_equal(c->payer, "R&R Health Plan");
        assert_string_equal(c->provider, "Professional Home IV, LLC");
    }
    da_dataset_free(&d);
}

static void test_837_derm(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    da_import_result ir;
    assert_int_equal(da_import_claims(&d, DATA "derm-claims.837", NULL, &ir), DA_OK);
    assert_int_equal(d.dq.count, 0);
    const da_claim_line *c = &d.claims[3];
    assert_string_equal(c->code, "11103");
    assert_int_equal(c->nmodifiers, 1);
    assert_string_equal(c->modifiers[0], "59");
    assert_int_equal(c->nicd10, 1);
    assert_string_equal(c->icd10[0], "L821"); /* pointer 2 */
    assert_string_equal(d.claims[2].icd10[0], "D485");
    assert_string_equal(c->encounter_id, "E1002");
    assert_string_equal(c->line_no, "D1002-2");
    assert_string_equal(c->provider, "AVERY STONE");
    assert_int_equal(d.claims[0].payer_type, DA_PAYER_MEDICARE);
    assert_string_equal(d.claims[4].prior_auth, "PA7788");
    assert_string_equal(d.claims[4].ndc, "47335017740");
    assert_int_equal(d.claims[4].units, 100);
    da_dataset_free(&d);
}

/* ---- broken files ---- */

#define ISA "ISA*00*          *00*          *ZZ*S              *ZZ*R              *260715*1200*^*00501*000000101*0*P*:~"

static da_remit read835(const char *text, da_dq_log *dq, da_error *err)
{
    da_remit r;
    da_remit_init(&r);
    *err = da_x835_read_mem(&r, "t.835", text, strlen(text), dq);
    return r;
}

static void test_broken_separators(void **state)
{
    (void)state;
    da_dq_log dq;
    da_dq_init(&dq);
    da_error err;
    /* No ISA at all: nothing can be read. */
    da_remit r = read835("GS*HP*S*R~ST*835*1~SE*2*1~", &dq, &err);
    assert_int_equal(err, DA_ERR_FORMAT);
    expect_dq(&dq, 0, 1, DA_DQ_NOTICE, "not an X12 file", "ISA");
    da_remit_free(&r);
    /* The ISA declares '*' but the segments after it use '|': each is reported. */
    r = read835(ISA "GS|HP|S|R~ST|835|1~CLP|A|1|10|10~SE|4|1~GE|1|1~IEA|1|1~", &dq, &err);
    assert_int_equal(err, DA_OK);
    assert_int_equal(r.nlines, 0);
    expect_dq(&dq, 1, 2, DA_DQ_REJECTED, "not a segment", "");
    expect_dq(&dq, 6, 7, DA_DQ_REJECTED, "not a segment", "");
    expect_dq(&dq, 7, 7, DA_DQ_NOTICE, "file ends before its IEA", "IEA");
    assert_int_equal(dq.count, 8);
    da_remit_free(&r);
    da_dq_free(&dq);
}

#define HEAD ISA "GS*HP*S*R*20260715*1200*1*X*005010X221A1~ST*835*0001~N1*PR*PAYER~"
#define CLAIM_A "CLP*A1*1*100.00*80.00**12*P1~SVC*HC:11102*100.00*80.00**1~DTM*472*20260701~CAS*CO*45*20.00~"
#define CLAIM_B "CLP*B1*1*50.00*40.00**12*P2~SVC*HC:17000*50.00*40.00**1~DTM*472*20260702~"

static void test_broken_envelope(void **state)
{
    (void)state;
    da_dq_log dq;
    da_dq_init(&dq);
    da_error err;
    /* A missing SE: the next ST ends the set; both sets' claims are read. */
    da_remit r = read835(HEAD CLAIM_A "ST*835*0002~N1*PR*PAYER~" CLAIM_B "SE*6*0002~GE*2*1~IEA*1*1~",
                         &dq, &err);
    assert_int_equal(err, DA_OK);
    assert_int_equal(r.nlines, 2);
    assert_int_equal(dq.count, 1);
    expect_dq(&dq, 0, 9, DA_DQ_NOTICE, "transaction set begun at segment 3 has no SE", "ST");
    da_remit_free(&r);
    /* A segment count that disagrees: reported, the set still read. */
    r = read835(HEAD CLAIM_A "SE*9*0001~GE*1*1~IEA*1*1~", &dq, &err);
    assert_int_equal(r.nlines, 1);
    assert_int_equal(r.lines[0].paid, 8000);
    expect_dq(&dq, 1, 9, DA_DQ_NOTICE, "SE says 9 segments, the transaction set has 7", "SE");
    assert_int_equal(dq.count, 2);
    da_remit_free(&r);
    /* Truncated in the middle of a segment: what came before is kept. */
    r = read835(HEAD CLAIM_A "CLP*B1*1*50.0", &dq, &err);
    assert_int_equal(r.nlines, 1);
    expect_dq(&dq, 2, 9, DA_DQ_REJECTED, "last segment has no terminator", "");
    expect_dq(&dq, 3, 9, DA_DQ_NOTICE, "has no SE", "ST");
    expect_dq(&dq, 4, 9, DA_DQ_NOTICE, "file ends before its IEA", "IEA");
    assert_int_equal(dq.count, 5);
    da_remit_free(&r);
    da_dq_free(&dq);
}

/* Two interchanges in one file, the second with separators of its own ('|', '>', and a
 * line break as terminator): each ISA declares its own, and both are read. */
static void test_two_interchanges(void **state)
{
    (void)state;
    da_dq_log dq;
    da_dq_init(&dq);
    da_error err;
    da_remit r = read835(HEAD CLAIM_A "SE*7*0001~GE*1*1~IEA*1*1~\n"
                         "ISA|00|          |00|          |ZZ|S              |ZZ|R              |260715|1200|^|00501|000000102|0|P|>\n"
                         "GS|HP|S|R|20260715|1200|2|X|005010X221A1\nST|835|0001\nN1|PR|OTHER\n"
                         "CLP|B1|1|50.00|40.00||12|P2\nSVC|HC>17000>59|50.00|40.00||1\nDTM|472|20260702\n"
                         "SE|6|0001\nGE|1|2\nIEA|1|000000102\n",
                         &dq, &err);
    assert_int_equal(err, DA_OK);
    assert_int_equal(dq.count, 0);
    assert_int_equal(r.nlines, 2);
    assert_string_equal(r.lines[1].payer, "OTHER");
    assert_string_equal(r.lines[1].code, "17000");
    assert_int_equal(r.lines[1].nmodifiers, 1);
    assert_string_equal(r.lines[1].modifiers[0], "59");
    assert_int_equal(r.lines[1].dos, ymd(2026, 7, 2));
    da_remit_free(&r);
    da_dq_free(&dq);
}

static void test_broken_loops(void **state)
{
    (void)state;
    da_dq_log dq;
    da_dq_init(&dq);
    da_error err;
    /* An SV1 (an 837 segment) inside an 835 claim, a CAS before any claim, a claim
     * without amounts: each is named with its segment number; the rest is read. */
    da_remit r = read835(HEAD "CAS*CO*45*1.00~" CLAIM_A "SV1*HC:99213*10*UN*1~CLP*X1*1~SVC*HC:11102*1*1~"
                         CLAIM_B "SE*14*0001~GE*1*1~IEA*1*1~",
                         &dq, &err);
    assert_int_equal(err, DA_OK);
    assert_int_equal(r.nlines, 2);
    assert_string_equal(r.lines[0].claim_id, "A1");
    assert_string_equal(r.lines[1].claim_id, "B1");
    assert_int_equal(r.lines[0].nadj, 1);
    expect_dq(&dq, 0, 5, DA_DQ_REJECTED, "CAS not expected before any claim in an 835", "CAS");
    expect_dq(&dq, 1, 10, DA_DQ_REJECTED, "SV1 not expected in a service line (SVC)", "SV1");
    expect_dq(&dq, 2, 11, DA_DQ_REJECTED, "claim without a claim id, charge or paid amount", "CLP");
    assert_int_equal(dq.count, 3);
    da_remit_free(&r);
    da_dq_free(&dq);
}

static void test_broken_837(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    const char *text =
        ISA "GS*HC*S*R*20260715*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~"
            "BHT*0019*00*1*20260710*1200*CH~HL*1**20*1~NM1*85*2*DERM~HL*2*1*22*0~"
            "SBR*P*18*******MB~NM1*IL*1*DOE*J****MI*P1~NM1*PR*2*MEDICARE~"
            "CLM*C1*100***11:B:1*Y*A*Y*Y~HI*ABK:L570~"
            "LX*1~SV1*HC:17000*60*UN*1***1~DTP*472*D8*20260701~"
            "LX*2~SV1*HC:17003*40*UN*two***1~DTP*472*D8*20260701~"
            "LX*3~SV1*HC:1700*40*UN*1***1~DTP*472*D8*20260701~"
            "LX*4~SV1*HC:17003*40*UN*1***1~"
            "LX*5~SVC*HC:17003*40*UN*1~"
            "SE*25*0001~GE*1*1~IEA*1*1~";
    assert_int_equal(da_import_claims_mem(&d, "t.837", text, strlen(text), &(da_import_result){0}),
                     DA_OK);
    assert_int_equal(d.nclaims, 1);
    assert_string_equal(d.claims[0].icd10[0], "L570");
    assert_int_equal(d.claims_stats.rows_read, 5);
    assert_int_equal(d.claims_stats.rows_used, 1);
    assert_int_equal(d.claims_stats.rows_rejected, 4);
    expect_dq(&d.dq, 0, 17, DA_DQ_REJECTED, "bad units", "SV1");
    expect_dq(&d.dq, 1, 20, DA_DQ_REJECTED, "not an HCPCS code", "SV1");
    expect_dq(&d.dq, 2, 23, DA_DQ_REJECTED, "without a date of service", "SV1");
    expect_dq(&d.dq, 3, 25, DA_DQ_REJECTED, "SVC not expected in a service line (LX)", "SVC");
    expect_dq(&d.dq, 4, 26, DA_DQ_NOTICE, "SE says 25 segments, the transaction set has 24", "SE");
    expect_dq(&d.dq, 5, 24, DA_DQ_REJECTED, "LX) without an SV1", "SV1");
    assert_int_equal(d.dq.count, 6);
    da_dataset_free(&d);
}

/* ---- the sample practice as 837 + 835 ---- */

static int run(const char *cmd)
{
    int status = system(cmd);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

/* The sample practice written by the generator as claims.837 and remit.835 gives the
 * same findings CSV, byte for byte, as the same practice given as claims.csv. */
static void test_sample_as_x12(void **state)
{
    (void)state;
    char tmp[] = "/tmp/da-x12-XXXXXX";
    assert_non_null(mkdtemp(tmp));
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "'%s/dermaudit-sample' --out '%s' --x12 2>/dev/null", DA_BINARY_DIR,
             tmp);
    assert_int_equal(run(cmd), 0);
    snprintf(cmd, sizeof(cmd), "cmp -s '%s/claims.csv' '%s/sample-data/claims.csv'", tmp,
             DA_SOURCE_DIR);
    assert_int_equal(run(cmd), 0);
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && '%s/dermaudit' --claims claims.csv --notes notes.csv --out a.xlsx "
             "--findings a.csv 2>/dev/null && '%s/dermaudit' --claims claims.837 --remit remit.835 "
             "--notes notes.csv --out b.xlsx --findings b.csv 2>/dev/null",
             tmp, DA_BINARY_DIR, DA_BINARY_DIR);
    assert_int_equal(run(cmd), 0);
    snprintf(cmd, sizeof(cmd), "cmp -s '%s/a.csv' '%s/b.csv'", tmp, tmp);
    if (run(cmd) != 0)
        fail_msg("findings from claims.837 + remit.835 differ from those from claims.csv");
    /* 1,351 findings and the header. */
    snprintf(cmd, sizeof(cmd), "test \"$(wc -l < '%s/b.csv')\" -eq 1352", tmp);
    assert_int_equal(run(cmd), 0);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
    assert_int_equal(run(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_835_cob_contractual),
        cmocka_unit_test(test_835_managed_care),
        cmocka_unit_test(test_835_claim_level_plb_and_unreadable),
        cmocka_unit_test(test_835_derm_and_join),
        cmocka_unit_test(test_835_join_csv),
        cmocka_unit_test(test_837_example1),
        cmocka_unit_test(test_837_drug),
        cmocka_unit_test(test_837_derm),
        cmocka_unit_test(test_broken_separators),
        cmocka_unit_test(test_broken_envelope),
        cmocka_unit_test(test_two_interchanges),
        cmocka_unit_test(test_broken_loops),
        cmocka_unit_test(test_broken_837),
        cmocka_unit_test(test_sample_as_x12),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
