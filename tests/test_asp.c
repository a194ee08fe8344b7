/* test_asp.c - the CMS Medicare Part B payment limit loader (rules/asp.c).
 *
 * The real Q1 2026 file as CMS ships it (rules/asp_2026q1.csv, byte for
 * byte the file in shared/data/cms): 8 title lines, the header, 877 rows,
 * CRLF, one ISO-8859-1 no-break space, one "N/A" limit and a quoted field
 * over two lines. Then a damaged copy: bad rows are logged and skipped.
 * Expected values are read off the file by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "asp.h"
#include "rules.h"
#include "text.h"

#define REAL DA_SOURCE_DIR "/rules/asp_2026q1.csv"
#define ROWS_IN_REAL 877

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void test_real_file_as_shipped(void **state)
{
    (void)state;
    da_dq_log dq;
    da_dq_init(&dq);
    da_asp_table *t = NULL;
    assert_int_equal(da_asp_load_file(REAL, &dq, &t), DA_OK);
    assert_int_equal(da_asp_count(t), ROWS_IN_REAL);
    assert_int_equal(dq.count, 0);
    assert_string_equal(da_asp_period(t), "Effective January 1, 2026 through March 31, 2026");

    const da_asp_limit *k = da_asp_find(t, "J3301");
    assert_non_null(k);
    assert_int_equal(k->mills, 741);
    assert_string_equal(k->dosage, "10 MG");
    assert_string_equal(k->description, "Triamcinolone acet inj nos");
    const da_asp_limit *il = da_asp_find(t, "J3245");
    assert_non_null(il);
    assert_int_equal(il->mills, 123785);
    assert_string_equal(il->description, "Inj., tildrakizumab, 1 mg"); /* quoted, commas inside */
    const da_asp_limit *xo = da_asp_find(t, "J2357");
    assert_int_equal(xo->mills, 45499);
    assert_string_equal(xo->dosage, "5 MG");
    assert_int_equal(da_asp_find(t, "J1628")->mills, 72937);
    assert_int_equal(da_asp_find(t, "90371")->mills, 137828); /* first data row */
    assert_int_equal(da_asp_find(t, "Q9999")->mills, 32957);  /* last row, no newline issue */
    /* "N/A": CMS gives no limit; the row is kept, not rejected. */
    assert_int_equal(da_asp_find(t, "A9606")->mills, -1);
    /* The ISO-8859-1 no-break space (0xA0) becomes U+00A0 in UTF-8. */
    const da_asp_limit *tv = da_asp_find(t, "J9325");
    assert_string_equal(tv->dosage, "1 million\xC2\xA0PFU");
    assert_true(da_utf8_valid(tv->dosage, strlen(tv->dosage)));
    /* No specific code, no limit. */
    assert_null(da_asp_find(t, "J3590"));
    da_asp_free(t);
    da_dq_free(&dq);
}

static void test_builtin_is_the_real_file(void **state)
{
    (void)state;
    da_asp_table *t = NULL;
    assert_int_equal(da_asp_load_default(&t), DA_OK);
    assert_int_equal(da_asp_count(t), ROWS_IN_REAL);
    assert_int_equal(da_asp_find(t, "J3245")->mills, 123785);
    da_asp_free(t);
    /* With no table of the caller's, the rules load the built-in one. */
    da_rules rules;
    assert_int_equal(da_rules_load(&rules, NULL, NULL, NULL), DA_OK);
    assert_int_equal(da_asp_count(rules.asp), ROWS_IN_REAL);
    da_rules_free(&rules);
}

/* Replaces the first occurrence of from with to in a malloc'd string. */
static char *replace(char *s, const char *from, const char *to)
{
    char *at = strstr(s, from);
    assert_non_null(at);
    size_t n = strlen(s), a = strlen(from), b = strlen(to);
    char *out = malloc(n - a + b + 1);
    size_t pre = (size_t)(at - s);
    memcpy(out, s, pre);
    memcpy(out + pre, to, b);
    memcpy(out + pre + b, at + a, n - pre - a + 1);
    free(s);
    return out;
}

static bool logged(const da_dq_log *dq, unsigned long line, const char *reason)
{
    for (size_t i = 0; i < dq->count; i++)
        if (dq->items[i].line == line && strcmp(dq->items[i].reason, reason) == 0 &&
            dq->items[i].action == DA_DQ_REJECTED)
            return true;
    return false;
}

/* The real file with four bad lines; every other row still loads. Line
 * numbers: J3245 is on line 489, J3301 on line 499 (grep -n). */
static char *damaged(size_t *len)
{
    char *s = slurp(REAL, len);
    s = replace(s, "J3245,\"Inj., tildrakizumab, 1 mg\",1 MG,123.785",
                "J3245,\"Inj., tildrakizumab, 1 mg\",1 MG,12x.785");
    /* Appended at the end (lines 888-891): a short code, a duplicate, an
     * unbalanced quote, then a good row that must still be read. */
    const char *tail = "J33,Too short,1 MG,1.000,20.000,,,,,,,\r\n"
                       "J3301,Duplicate,10 MG,9.999,20.000,,,,,,,\r\n"
                       "J9999,\"Unclosed,1 MG,1.000,20.000,,,,,,,\r\n"
                       "Q0001,Made up good row,1 MG,2.500,20.000,,,,,,,\r\n";
    size_t n = strlen(s), m = strlen(tail);
    s = realloc(s, n + m + 1);
    memcpy(s + n, tail, m + 1);
    *len = n + m;
    return s;
}

static void test_damaged_copy_reports_and_goes_on(void **state)
{
    (void)state;
    size_t len;
    char *s = damaged(&len);
    char path[] = "/tmp/da-asp-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_int_equal(fwrite(s, 1, len, f), len);
    fclose(f);

    da_dq_log dq;
    da_dq_init(&dq);
    da_asp_table *t = NULL;
    assert_int_equal(da_asp_load_file(path, &dq, &t), DA_OK);
    assert_true(logged(&dq, 489, "bad payment limit"));
    assert_true(logged(&dq, 888, "bad code"));
    assert_true(logged(&dq, 889, "duplicate code"));
    assert_true(logged(&dq, 890, "unbalanced quote"));
    assert_int_equal(da_dq_count(&dq, path, DA_DQ_REJECTED), 4);
    assert_null(da_asp_find(t, "J3245"));
    assert_int_equal(da_asp_find(t, "J3301")->mills, 741); /* the first J3301 row wins */
    assert_int_equal(da_asp_find(t, "Q0001")->mills, 2500);
    assert_int_equal(da_asp_count(t), ROWS_IN_REAL - 1 + 1);
    da_asp_free(t);
    da_dq_free(&dq);

    /* The command line reads it too, and says nothing is wrong with the run. */
    char cmd[1024];
    snprintf(cmd, sizeof(cmd),
             "'%s/dermaudit' --claims '%s/sample-data/claims.csv' --notes "
             "'%s/sample-data/notes.csv' --out '%s.xlsx' --drug-prices '%s' 2>/dev/null",
             DA_BINARY_DIR, DA_SOURCE_DIR, DA_SOURCE_DIR, path, path);
    int status = system(cmd);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    snprintf(cmd, sizeof(cmd), "%s.xlsx", path);
    remove(cmd);
    remove(path);
    free(s);
}

static void test_columns_found_by_name(void **state)
{
    (void)state;
    const char *csv = "Some title,,\n,,\n"
                      "Payment Limit,Notes,HCPCS Code,HCPCS Code Dosage\n"
                      "15.5,,J2357,5 MG\n"
                      "0.741,,j3301,10 MG\n";
    da_asp_table *t = NULL;
    assert_int_equal(da_asp_load_mem(csv, strlen(csv), "x.csv", NULL, &t), DA_OK);
    assert_int_equal(da_asp_count(t), 2);
    assert_int_equal(da_asp_find(t, "J2357")->mills, 15500);
    assert_int_equal(da_asp_find(t, "J3301")->mills, 741); /* upper-cased */
    assert_string_equal(da_asp_find(t, "J3301")->description, "");
    assert_string_equal(da_asp_period(t), "");
    da_asp_free(t);
}

static void test_no_header_is_an_error(void **state)
{
    (void)state;
    const char *csv = "Payment Allowance Limits,,\nHCPCS,Description,Limit\nJ3301,x,0.741\n";
    da_dq_log dq;
    da_dq_init(&dq);
    da_asp_table *t = (da_asp_table *)&dq; /* must be reset to NULL */
    assert_int_equal(da_asp_load_mem(csv, strlen(csv), "fees.csv", &dq, &t), DA_ERR_COLUMN);
    assert_null(t);
    assert_int_equal(dq.count, 1);
    da_dq_free(&dq);

    char cmd[1024];
    snprintf(cmd, sizeof(cmd),
             "'%s/dermaudit' --claims '%s/sample-data/claims.csv' --notes "
             "'%s/sample-data/notes.csv' --out /tmp/da-asp-never.xlsx --drug-prices "
             "'%s/rules/fees_2026.csv' 2>&1 | grep -q 'not a CMS payment limit file'",
             DA_BINARY_DIR, DA_SOURCE_DIR, DA_SOURCE_DIR, DA_SOURCE_DIR);
    int status = system(cmd);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_amounts(void **state)
{
    (void)state;
    da_asp_limit kenalog = {.code = "J3301", .mills = 741};
    assert_int_equal(da_asp_amount(&kenalog, 4), 296);       /* 2.964 -> $2.96 */
    assert_int_equal(da_asp_amount(&kenalog, 3), 222);       /* 2.223 -> $2.22 */
    da_asp_limit ilumya = {.code = "J3245", .mills = 123785};
    assert_int_equal(da_asp_amount(&ilumya, 100), 1237850);  /* $12,378.50 */
    assert_int_equal(da_asp_amount(&ilumya, 99), 1225472);   /* 12254.715 half up */
    da_asp_limit xolair = {.code = "J2357", .mills = 45499};
    assert_int_equal(da_asp_amount(&xolair, 30), 136497);    /* 1364.97 */
    da_asp_limit none = {.code = "A9606", .mills = -1};
    assert_int_equal(da_asp_amount(&none, 5), 0);
    assert_int_equal(da_asp_amount(NULL, 5), 0);
    assert_int_equal(da_asp_amount(&kenalog, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_file_as_shipped),
        cmocka_unit_test(test_builtin_is_the_real_file),
        cmocka_unit_test(test_damaged_copy_reports_and_goes_on),
        cmocka_unit_test(test_columns_found_by_name),
        cmocka_unit_test(test_no_header_is_an_error),
        cmocka_unit_test(test_amounts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
