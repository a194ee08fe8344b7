/* test_report.c - the workbook as the product, end to end: the Summary's
 * figures against the findings CSV of the same run, byte-identical reruns,
 * stable pseudonyms, templates, the Trend sheet; and detail tables rendered
 * as sheets (amount cells, frozen header, autofilter, split, E&M chart).
 *
 * The program runs on a 15-day practice from the sample generator rather
 * than the 90-day sample: every sheet still has rows, and the dozen runs
 * stay affordable under valgrind. test_e2e checks the sample itself. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "csvin.h"
#include "workbook.h"

#define BIN DA_BINARY_DIR

static char dir[64];

__attribute__((format(printf, 1, 2))) static int sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    int status = system(cmd);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

/* Runs dermaudit on the 15-day practice with extra options; returns its exit status. */
static int audit(const char *out, const char *extra)
{
    return sh("'%s/dermaudit' --claims '%s/practice/claims.csv' --notes '%s/practice/notes.csv' "
              "--out '%s/%s' --practice 'Sample Dermatology' --created 2026-11-27T00:00:00Z %s "
              "2>/dev/null",
              BIN, dir, dir, dir, out, extra);
}

__attribute__((format(printf, 1, 2))) static char *slurp_cmd(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t len = 0, cap = 1 << 16;
    char *out = malloc(cap);
    size_t n;
    while ((n = fread(out + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (cap - len < 2)
            out = realloc(out, cap *= 2);
    }
    out[len] = '\0';
    pclose(p);
    return out;
}

/* The XML of the named sheet of a workbook in dir. */
static char *sheet(const char *xlsx, const char *name)
{
    char *wb = slurp_cmd("unzip -p '%s/%s' xl/workbook.xml", dir, xlsx);
    char needle[96];
    snprintf(needle, sizeof(needle), "<sheet name=\"%s\"", name);
    char *at = strstr(wb, needle);
    if (!at) {
        free(wb);
        return NULL;
    }
    int n = 0;
    for (char *p = strstr(wb, "<sheet name=\""); p && p <= at; p = strstr(p + 1, "<sheet name=\""))
        n++;
    free(wb);
    return slurp_cmd("unzip -p '%s/%s' xl/worksheets/sheet%d.xml", dir, xlsx, n);
}

/* The nth number after the inline string label, within its row. */
static double value_after(const char *xml, const char *label, int nth)
{
    char needle[256];
    snprintf(needle, sizeof(needle), "<t>%s</t>", label);
    const char *p = strstr(xml, needle);
    if (!p)
        fail_msg("no cell %s", label);
    const char *row_end = strstr(p, "</row>");
    for (int i = 0; i <= nth; i++) {
        p = strstr(p + 1, "<v>");
        assert_non_null(p);
        assert_true(p < row_end);
    }
    return strtod(p + 3, NULL);
}

/* Findings CSV: counted amounts by category and direction. */
typedef struct sums {
    double under[16], over[16], denial[16]; /* dollars per category */
    const char *cats[16];                   /* category ids */
    size_t ncats;                           /* categories */
    int header;                             /* header seen */
    int col[5];                             /* category, direction, confidence, amount, evidence */
} sums;

static int sums_row(void *ctx, const da_csv_row *row)
{
    sums *s = ctx;
    if (!s->header) {
        s->header = 1;
        const char *want[] = {"category", "direction", "confidence", "amount"};
        for (int k = 0; k < 4; k++)
            for (size_t i = 0; i < row->nfields; i++)
                if (strcmp(row->fields[i], want[k]) == 0)
                    s->col[k] = (int)i;
        return 0;
    }
    if (strcmp(row->fields[s->col[2]], "low") == 0)
        return 0;
    size_t c = 0;
    while (c < s->ncats && strcmp(s->cats[c], row->fields[s->col[0]]) != 0)
        c++;
    if (c == s->ncats)
        s->cats[s->ncats++] = strdup(row->fields[s->col[0]]);
    double v = strtod(row->fields[s->col[3]], NULL);
    const char *d = row->fields[s->col[1]];
    if (strcmp(d, "under") == 0)
        s->under[c] += v;
    else if (strcmp(d, "over") == 0)
        s->over[c] += v;
    else if (strcmp(d, "denial") == 0)
        s->denial[c] += v;
    return 0;
}

static void sums_problem(void *ctx, unsigned long line, const char *reason)
{
    (void)ctx;
    fail_msg("findings CSV line %lu: %s", line, reason);
}

/* The Summary's figures are the findings' sums: per category, in all,
 * annualized over the 90-day sample period, never netted. */
static void test_summary_matches_findings(void **state)
{
    (void)state;
    assert_int_equal(audit("a.xlsx", "--findings \"$PWD/f.csv\""), 0);
    sums s = {0};
    char path[128];
    snprintf(path, sizeof(path), "%s/f.csv", dir);
    assert_int_equal(da_csv_read_file(path, NULL, sums_row, sums_problem, &s), DA_OK);
    char *x = sheet("a.xlsx", "Summary");
    assert_non_null(x);
    static const struct {
        const char *id, *label; /* category and its Summary label */
    } labels[] = {{"mohs", "Mohs"}, {"denial", "Denials"}};
    double under = 0, over = 0, denial = 0;
    for (size_t c = 0; c < s.ncats; c++) {
        under += s.under[c];
        over += s.over[c];
        denial += s.denial[c];
        for (size_t k = 0; k < 2; k++)
            if (strcmp(s.cats[c], labels[k].id) == 0) {
                assert_float_equal(value_after(x, labels[k].label, 1), s.under[c], 0.005);
                assert_float_equal(value_after(x, labels[k].label, 2), s.over[c], 0.005);
                assert_float_equal(value_after(x, labels[k].label, 3), s.denial[c], 0.005);
            }
    }
    assert_true(under > 0 && over > 0 && denial > 0);
    /* Period 2026-07-01 to 2026-07-15: 15 days. */
    assert_non_null(strstr(x, "from 2026-07-01 to 2026-07-15 (15 days)"));
    assert_float_equal(value_after(x, "Estimated revenue leak (under-billing)", 0), under, 0.005);
    assert_float_equal(value_after(x, "Estimated revenue leak (under-billing)", 1),
                       round(under * 100 * 365 / 15) / 100, 0.005);
    assert_float_equal(value_after(x, "Over-billing exposure", 0), over, 0.005);
    assert_float_equal(value_after(x, "Over-billing exposure", 1),
                       round(over * 100 * 365 / 15) / 100, 0.005);
    assert_float_equal(value_after(x, "Recoverable denials", 0), denial, 0.005);
    assert_float_equal(value_after(x, "All categories", 1), under, 0.005);
    assert_float_equal(value_after(x, "All categories", 2), over, 0.005);
    /* The denial benchmark is stated with its source. */
    assert_true(value_after(x, "Claims", 3) == 0.1181);
    assert_non_null(strstr(x, "Kodiak Solutions"));
    for (size_t c = 0; c < s.ncats; c++)
        free((char *)s.cats[c]);
    free(x);
}

/* Two runs on the same input give byte-identical workbooks (the first run
 * also wrote a findings CSV, which leaves the workbook as it is). */
static void test_reruns_identical(void **state)
{
    (void)state;
    assert_int_equal(audit("r1.xlsx", ""), 0);
    assert_int_equal(sh("cmp -s '%s/a.xlsx' '%s/r1.xlsx'", dir, dir), 0);
    /* A different creation time changes the file. */
    assert_int_equal(sh("'%s/dermaudit' --claims '%s/practice/claims.csv' --notes "
                        "'%s/practice/notes.csv' --out '%s/r3.xlsx' --practice 'Sample Dermatology' "
                        "--created 2026-11-28T00:00:00Z 2>/dev/null",
                        BIN, dir, dir, dir),
                     0);
    assert_int_not_equal(sh("cmp -s '%s/r1.xlsx' '%s/r3.xlsx'", dir, dir), 0);
}

/* Masked: no identifier of the practice (P000001..., C0000001..., E000001...)
 * anywhere in the workbook; the same pseudonyms in every run; the key file
 * maps them back; a kept secret gives the same pseudonyms on new input. */
static void test_masked_identifiers(void **state)
{
    (void)state;
    assert_int_equal(audit("k1.xlsx", "--mask-phi --mask-key-out \"$PWD/key1.csv\""), 0);
    /* Masked twice, byte-identical; writing the key file leaves the workbook as it is. */
    assert_int_equal(audit("m1.xlsx", "--mask-phi"), 0);
    assert_int_equal(sh("cmp -s '%s/m1.xlsx' '%s/k1.xlsx'", dir, dir), 0);
    assert_int_equal(sh("unzip -p '%s/k1.xlsx' | grep -Eq '>(P[0-9]{6}|C[0-9]{7}|E[0-9]{6})<'",
                        dir),
                     1);
    char *unmasked = sheet("r1.xlsx", "Findings");
    char *masked = sheet("k1.xlsx", "Findings");
    assert_non_null(strstr(unmasked, ">P0"));
    assert_null(strstr(masked, ">P0"));
    /* The key file: kind,identifier,pseudonym; the first patient's
     * pseudonym is in the workbook. */
    char *key = slurp_cmd("grep '^patient,P' '%s/key1.csv' | head -1", dir);
    char *pseudo = strrchr(key, ',');
    assert_non_null(pseudo);
    pseudo++;
    pseudo[strcspn(pseudo, "\n")] = '\0';
    assert_int_equal(strlen(pseudo), 15);
    assert_int_equal(audit("k2.xlsx", "--template prospect"), 0);
    char *prospect = slurp_cmd("unzip -p '%s/k2.xlsx'", dir);
    char *first_masked = strstr(masked, "<t>PT-");
    assert_non_null(first_masked);
    assert_int_equal(sh("grep -q ',%.15s$' '%s/key1.csv'", first_masked + 3, dir), 0);
    /* The prospect's workbook names no one, not even by pseudonym: its
     * examples are de-identified (test_prospect searches it in full). */
    assert_null(strstr(prospect, ">P0"));
    assert_null(strstr(prospect, "<t>PT-"));
    /* With a kept secret: created on first use, the same pseudonyms next time. */
    assert_int_equal(audit("s1.xlsx", "--mask-phi --mask-secret \"$PWD/secret\""), 0);
    assert_int_equal(sh("test -s '%s/secret' && test \"$(stat -c %%a '%s/secret')\" = 600", dir,
                        dir),
                     0);
    assert_int_equal(audit("s2.xlsx", "--mask-phi --mask-secret \"$PWD/secret\""), 0);
    assert_int_equal(sh("cmp -s '%s/s1.xlsx' '%s/s2.xlsx'", dir, dir), 0);
    assert_int_not_equal(sh("cmp -s '%s/s1.xlsx' '%s/k1.xlsx'", dir, dir), 0);
    /* The key file without masking is refused. */
    assert_int_equal(audit("x.xlsx", "--mask-key-out \"$PWD/key2.csv\""), 2);
    free(key);
    free(unmasked);
    free(masked);
    free(prospect);
}

static void test_templates(void **state)
{
    (void)state;
    char *names = slurp_cmd("unzip -p '%s/r1.xlsx' xl/workbook.xml | grep -o '<sheet name=\"[^\"]*\"' "
                            "| cut -d'\"' -f2 | paste -sd'|'", dir);
    /* The onboarding template's order, Findings right after the Summary;
     * every rule family has rows on the sample. */
    assert_string_equal(names, "Summary|Findings|Mohs|Lesions &amp; Repairs|Pathology|Cosmetic|"
                               "Modifiers|E&amp;M|Drugs|Denials|Payers|AR Aging|Data Quality|Rules\n");
    free(names);
    /* A template file: its title, its sheets in its order, its words. */
    sh("printf 'title: Custom review for {practice}\\nintro: Leak {leak} over {days} days.\\n"
       "sheets: Rules, Denials, Findings\\nmask_phi: no\\n' > '%s/mine.txt'", dir);
    assert_int_equal(audit("t.xlsx", "--template \"$PWD/mine.txt\""), 0);
    names = slurp_cmd("unzip -p '%s/t.xlsx' xl/workbook.xml | grep -o '<sheet name=\"[^\"]*\"' "
                      "| cut -d'\"' -f2 | paste -sd'|'", dir);
    assert_string_equal(names, "Summary|Rules|Denials|Findings\n");
    free(names);
    char *x = sheet("t.xlsx", "Summary");
    assert_non_null(strstr(x, "Custom review for Sample Dermatology"));
    assert_non_null(strstr(x, "over 15 days."));
    free(x);
    /* The quarterly review compares two periods: without the earlier one it
     * says what is missing. */
    char *err = slurp_cmd("'%s/dermaudit' --claims '%s/practice/claims.csv' --notes "
                          "'%s/practice/notes.csv' --out '%s/q.xlsx' --template quarterly 2>&1; "
                          "echo \"exit $?\"",
                          BIN, dir, dir, dir);
    assert_string_equal(err, "dermaudit: --template quarterly compares two periods: give the "
                             "earlier period's findings CSV (its --findings file) with --previous "
                             "FILE\nexit 2\n");
    free(err);
    assert_int_equal(audit("q.xlsx", "--template quarterly --previous \"$PWD/f.csv\""), 0);
    x = sheet("q.xlsx", "Summary");
    assert_non_null(strstr(x, "Quarterly revenue review"));
    free(x);
    assert_int_equal(audit("n.xlsx", "--template no-such-template"), 2);
}

/* The previous period's findings give a Trend sheet; a run compared with
 * itself has every rule recurring and the same leak on both sides. */
static void test_trend(void **state)
{
    (void)state;
    assert_int_equal(audit("tr.xlsx", "--template quarterly --previous \"$PWD/f.csv\""), 0);
    char *names = slurp_cmd("unzip -p '%s/tr.xlsx' xl/workbook.xml | grep -o '<sheet name=\"[^\"]*\"' "
                            "| cut -d'\"' -f2 | head -2 | paste -sd'|'", dir);
    assert_string_equal(names, "Summary|Trend\n");
    free(names);
    char *x = sheet("tr.xlsx", "Trend");
    assert_float_equal(value_after(x, "All categories", 0), value_after(x, "All categories", 2),
                       0.005);
    assert_float_equal(value_after(x, "All categories", 4), 0.0, 0.005);
    assert_non_null(strstr(x, "<t>recurring</t>"));
    assert_null(strstr(x, "<t>new</t>"));
    assert_null(strstr(x, "<t>resolved</t>"));
    free(x);
    assert_int_equal(audit("tb.xlsx", "--previous /nonexistent.csv"), 2);
    /* The first page compares the periods: the same findings, every cue "same". */
    x = sheet("tr.xlsx", "Summary");
    assert_non_null(strstr(x, "<t>This period against the last</t>"));
    assert_float_equal(value_after(x, "Estimated revenue leak", 0),
                       value_after(x, "Estimated revenue leak", 1), 0.005);
    assert_null(strstr(x, "\u25B2 worse</t>"));
    assert_null(strstr(x, "\u25BC better</t>"));
    assert_non_null(strstr(x, "<t>= same</t>"));
    assert_non_null(strstr(x, "<t>Recurring findings, by provider and dollars: whom to teach what</t>"));
    free(x);
    /* An earlier period without the drug findings: this period's leak and
     * its Drugs row are worse by exactly the drugs' leak a year. */
    sh("grep -v '^drug,' '%s/f.csv' > '%s/nodrug.csv'", dir, dir);
    assert_int_equal(audit("tq.xlsx", "--template quarterly --previous \"$PWD/nodrug.csv\""), 0);
    x = sheet("tq.xlsx", "Summary");
    double was = value_after(x, "Drugs", 0), now = value_after(x, "Drugs", 1);
    assert_float_equal(was, 0.0, 0.005);
    assert_true(now > 0);
    assert_float_equal(value_after(x, "Drugs", 2), now, 0.005);
    const char *drugs = strstr(x, "<t>Drugs</t>");
    assert_non_null(drugs);
    assert_true(strstr(drugs, "<t>\u25B2 worse</t>") < strstr(drugs, "</row>"));
    double change = value_after(x, "Estimated revenue leak", 1) -
                    value_after(x, "Estimated revenue leak", 0);
    assert_true(fabs(change - now) < 0.01);
    char *chart = slurp_cmd("unzip -p '%s/tq.xlsx' 'xl/charts/*.xml' | grep -c "
                            "'Leak a year by category: last period and this one'",
                            dir);
    assert_int_equal(atoi(chart), 1);
    free(chart);
    free(x);
}

/* Detail tables by hand: an E&M table with the level columns (named as the
 * E&M rule names them, detail.h; test_figures checks the rule's own table),
 * rendered with its distribution panel and charts, amount cells summed from
 * findings. */
static void test_detail_sheets(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    d.encounters = da_xcalloc(1, sizeof(*d.encounters));
    d.nencounters = 1;
    d.encounters[0] = (da_encounter){.encounter_id = "E1", .patient_id = "P1", .provider = "Dr A",
                                     .payer = "", .dos = da_date_from_ymd(2026, 7, 1)};
    da_finding_list fl;
    da_findings_init(&fl);
    for (int i = 0; i < 3; i++) {
        da_finding *f = da_findings_push(&fl);
        f->category = "em";
        f->rule = "EM-LEVEL";
        f->direction = i == 2 ? DA_DIR_OVER : DA_DIR_UNDER;
        f->amount = 1000 * (i + 1); /* $10, $20, $30 */
    }
    static const da_detail_column cols[] = {
        {DA_COL_PATIENT, DA_CELL_TEXT, 10},   {DA_COL_PROVIDER, DA_CELL_TEXT, 12},
        {DA_COL_EM_BILLED, DA_CELL_TEXT, 8},  {DA_COL_EM_SUPPORTED, DA_CELL_TEXT, 8},
        {"Amount", DA_CELL_AMOUNT, 10},
    };
    da_details details;
    da_details_init(&details);
    da_detail *t = da_details_table(&details, "E&M", cols, 5);
    /* Dr A: billed 99213, 99213, 99214; supported 99214, 99214, 99213. Dr B: one 99212/99212. */
    static const char *const rows[][4] = {{"P1", "Dr A", "99213", "99214"},
                                          {"P2", "Dr A", "99213", "99214"},
                                          {"P3", "Dr A", "99214", "99213"},
                                          {"P4", "Dr B", "99212", "99212"}};
    for (int r = 0; r < 4; r++) {
        da_cell cells[5] = {da_cell_text(rows[r][0]), da_cell_text(rows[r][1]),
                            da_cell_text(rows[r][2]), da_cell_text(rows[r][3]),
                            r == 0 ? da_cell_amount(0, 2, DA_DIR_UNDER)
                            : r == 1 ? da_cell_amount(0, 3, -1)
                                     : da_cell_amount(-1, 0, -1)};
        da_detail_add_row(&details, t, cells);
    }
    da_report rep = {.data = &d, .findings = &fl, .details = &details, .practice = "P",
                     .from = da_date_from_ymd(2026, 7, 1), .to = da_date_from_ymd(2026, 9, 28),
                     .fees_source = "fees", .created = "2026-11-27T00:00:00Z"};
    char path[128];
    snprintf(path, sizeof(path), "%s/em.xlsx", dir);
    assert_int_equal(da_workbook_write_split(path, &rep, 3), DA_OK);
    char *x = sheet("em.xlsx", "E&amp;M");
    assert_non_null(x);
    assert_non_null(strstr(x, "ySplit=\"1\""));
    assert_non_null(strstr(x, "<autoFilter ref=\"A1:E4\"/>"));
    /* Row 2: under findings 0-1, $10 + $20; row 3: every direction, $60; row 4 blank. */
    assert_true(strstr(x, "<c r=\"E2\" s=\"") && value_after(x, "99214", 0) >= 0);
    char *e2 = strstr(x, "<c r=\"E2\"");
    assert_float_equal(strtod(strstr(e2, "<v>") + 3, NULL), 30.0, 1e-9);
    char *e3 = strstr(x, "<c r=\"E3\"");
    assert_float_equal(strtod(strstr(e3, "<v>") + 3, NULL), 60.0, 1e-9);
    assert_null(strstr(x, "<c r=\"E4\""));
    /* The panel: Dr A billed 99213 twice, supported once; 99214 once and twice. */
    assert_non_null(strstr(x, "<t>Level distribution: billed vs supported</t>"));
    free(x);
    /* 4 rows at 3 a sheet: a second part with the 4th row. */
    x = sheet("em.xlsx", "E&amp;M (2)");
    assert_non_null(x);
    assert_non_null(strstr(x, "<t>Dr B</t>"));
    assert_non_null(strstr(x, "<autoFilter ref=\"A1:E2\"/>"));
    free(x);
    char *charts = slurp_cmd("unzip -p '%s/em.xlsx' 'xl/charts/*.xml' | grep -o 'E/M levels: Dr [AB]' "
                             "| sort | paste -sd'|'", dir);
    assert_string_equal(charts, "E/M levels: Dr A|E/M levels: Dr B\n");
    free(charts);
    /* Masked: the Patient column becomes pseudonyms. */
    da_mask m;
    da_mask_init(&m, "k", 1);
    rep.mask = &m;
    assert_int_equal(da_workbook_write(path, &rep), DA_OK);
    x = sheet("em.xlsx", "E&amp;M");
    assert_null(strstr(x, "<t>P1</t>"));
    char p1[DA_PSEUDONYM_LEN];
    da_mask_pseudonym(&m, "PT", "P1", p1);
    assert_non_null(strstr(x, p1));
    free(x);
    da_details_free(&details);
    da_findings_free(&fl);
    da_dataset_free(&d);
}

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/da_report_XXXXXX");
    if (!mkdtemp(dir) || chdir(dir) != 0)
        return -1;
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "'%s/dermaudit-sample' --days 15 --out '%s/practice' >/dev/null 2>&1",
             BIN, dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    if (chdir("/") != 0)
        return -1;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_matches_findings),
        cmocka_unit_test(test_reruns_identical),
        cmocka_unit_test(test_masked_identifiers),
        cmocka_unit_test(test_templates),
        cmocka_unit_test(test_trend),
        cmocka_unit_test(test_detail_sheets),
    };
    return cmocka_run_group_tests_name("report", tests, setup, teardown);
}
