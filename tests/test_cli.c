/* test_cli.c - what the command line says to its user, word for word: a
 * missing column (with the headers found and the names accepted), a file
 * that is a workbook, tab- or semicolon-separated, a period with no claim
 * line, rows outside the period, a mistyped option or template, an option
 * without its value, the last line (the report written and its headline
 * figure, worked out by hand from the fee table) and the progress line on
 * a terminal.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xlsx_sheet.h"

#define BIN DA_BINARY_DIR

static char dir[64]; /* the test's directory, the working directory of every run */

/* Writes text to dir/name. */
static void put_file(const char *name, const char *text, size_t len)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
}

static void put_text(const char *name, const char *text)
{
    put_file(name, text, strlen(text));
}

/* dermaudit's stderr and exit status for these arguments, run in dir. */
static char *run(const char *args)
{
    return xs_slurp("cd '%s' && '%s/dermaudit' %s 2>&1 >/dev/null; echo \"exit $?\"", dir, BIN,
                    args);
}

static void expect(const char *args, const char *output)
{
    char *out = run(args);
    assert_string_equal(out, output);
    free(out);
}

static void test_missing_column(void **state)
{
    (void)state;
    put_text("bad.csv", "Claim,DOS,Patient,Code Description\n1,2026-07-01,P1,x\n");
    expect("--claims bad.csv --notes n.csv --out o.xlsx",
           "dermaudit: bad.csv: missing required column 'cpt'; accepted names (case, spaces and "
           "punctuation ignored): cpt, cptcode, procedurecode, procedure, hcpcs, hcpcscode, "
           "cpthcpcs, proccode; the header has: Claim, DOS, Patient, Code Description\n"
           "exit 2\n");
    put_text("badnotes.csv", "id,body2\n1,x\n");
    expect("--claims c.csv --notes badnotes.csv --out o.xlsx",
           "dermaudit: badnotes.csv: missing required column 'text'; accepted names (case, "
           "spaces and punctuation ignored): text, note, notetext, body, narrative, notebody; the "
           "header has: id, body2\n"
           "exit 2\n");
}

static void test_not_comma_separated(void **state)
{
    (void)state;
    put_file("claims.xlsx", "PK\3\4\24\0\0\0", 8);
    expect("--claims claims.xlsx --notes n.csv --out o.xlsx",
           "dermaudit: claims.xlsx: this file is an Excel workbook (.xlsx), not comma-separated: "
           "save it as CSV (comma-separated values) and run again\nexit 2\n");
    put_text("t.csv", "claim_id\tpatient_id\tdos\tcpt\n1\tP1\t2026-07-01\t99213\n");
    expect("--claims t.csv --notes n.csv --out o.xlsx",
           "dermaudit: t.csv: this file is tab-separated (TSV), not comma-separated: save it as "
           "CSV (comma-separated values) and run again\nexit 2\n");
    put_text("s.csv", "claim_id;patient_id;dos;cpt\n1;P1;2026-07-01;99213\n");
    expect("--claims s.csv --notes n.csv --out o.xlsx",
           "dermaudit: s.csv: this file is semicolon-separated, not comma-separated: save it as "
           "CSV (comma-separated values) and run again\nexit 2\n");
}

static void test_period(void **state)
{
    (void)state;
    expect("--claims c.csv --notes n.csv --out o.xlsx --from 2027-01-01",
           "dermaudit: no claim line has a date of service from 2027-01-01 on (the input runs "
           "from 2026-07-01 to 2026-07-02): nothing to audit\nexit 2\n");
    expect("--claims c.csv --notes n.csv --out o.xlsx --to 2026-06-30",
           "dermaudit: no claim line has a date of service up to 2026-06-30 (the input runs "
           "from 2026-07-01 to 2026-07-02): nothing to audit\nexit 2\n");
    /* One row of each file is outside the period: not "rejected". */
    expect("--claims c.csv --notes n.csv --out o.xlsx --from 2026-07-02",
           "dermaudit: 2 claim rows (1 used, 0 rejected, 1 outside the period), 2 note rows (1 "
           "used, 0 rejected, 1 outside the period), 1 encounters, 0 findings\n"
           "dermaudit: wrote o.xlsx: estimated leak $0.00 in 1 day ($0 a year), recoverable "
           "denials $0.00, over-billing exposure $0.00\nexit 0\n");
}

/* A line dated 1900-01-01 is left out of the period (1 day, not 46,203);
 * a --from/--to far wider than the data is said to be. */
static void test_stray_date_and_wide_period(void **state)
{
    (void)state;
    put_text("c1900.csv", "claim_id,patient_id,date_of_service,cpt\nC1,P1,2026-07-01,99213\n"
                          "C2,P2,1900-01-01,99213\n");
    expect("--claims c1900.csv --notes n.csv --out o.xlsx",
           "dermaudit: 1 rows dated over a year apart from all the others left out of the "
           "period (listed on Data Quality)\n"
           "dermaudit: 2 claim rows (1 used, 0 rejected, 1 outside the period), 2 note rows (2 "
           "used, 0 rejected, 0 outside the period), 2 encounters, 0 findings\n"
           "dermaudit: wrote o.xlsx: estimated leak $0.00 in 2 days ($0 a year), recoverable "
           "denials $0.00, over-billing exposure $0.00\nexit 0\n");
    expect("--claims c.csv --notes n.csv --out o.xlsx --from 2020-01-01 --to 2026-07-02",
           "dermaudit: warning: the period 2020-01-01 to 2026-07-02 (--from/--to) is over a "
           "month wider than the dates of service (2026-07-01 to 2026-07-02); annualized "
           "figures assume the whole period\n"
           "dermaudit: 2 claim rows (2 used, 0 rejected, 0 outside the period), 2 note rows (2 "
           "used, 0 rejected, 0 outside the period), 2 encounters, 0 findings\n"
           "dermaudit: wrote o.xlsx: estimated leak $0.00 in 2375 days ($0 a year), recoverable "
           "denials $0.00, over-billing exposure $0.00\nexit 0\n");
}

/* A --mask-secret under 16 bytes (an empty one included: no ": Success"),
 * or one other users may read, is refused. */
static void test_mask_secret_checks(void **state)
{
    (void)state;
    char path[128];
    put_text("empty.key", "");
    put_text("short.key", "abc\n");
    put_text("shared.key", "0123456789abcdef0123456789abcdef\n");
    snprintf(path, sizeof(path), "%s/empty.key", dir);
    chmod(path, 0600);
    snprintf(path, sizeof(path), "%s/short.key", dir);
    chmod(path, 0600);
    snprintf(path, sizeof(path), "%s/shared.key", dir);
    chmod(path, 0644);
    char *out = run("--claims c.csv --notes n.csv --out m.xlsx --mask-phi --mask-secret empty.key");
    assert_non_null(strstr(out, "dermaudit: empty.key: the mask secret has 0 bytes; at least 16 "
                                "are needed"));
    assert_null(strstr(out, "Success"));
    assert_non_null(strstr(out, "exit 2\n"));
    free(out);
    out = run("--claims c.csv --notes n.csv --out m.xlsx --mask-phi --mask-secret short.key");
    assert_non_null(strstr(out, "short.key: the mask secret has 3 bytes"));
    assert_non_null(strstr(out, "exit 2\n"));
    free(out);
    out = run("--claims c.csv --notes n.csv --out m.xlsx --mask-phi --mask-secret shared.key");
    assert_non_null(strstr(out, "shared.key: the mask secret may be read by other users (mode "
                                "0644)"));
    assert_non_null(strstr(out, "exit 2\n"));
    free(out);
}

/* A --facts file cut by the file size limit is named, with the limit
 * (it said "input/output error"). */
static void test_facts_size_limit(void **state)
{
    (void)state;
    char *out = xs_slurp("cd '%s' && (ulimit -f 1; '%s/dermaudit' --claims c.csv --notes "
                         "'%s/sample-data/notes.csv' --out fl.xlsx --facts fl.csv) 2>&1 "
                         ">/dev/null; echo \"exit $?\"",
                         dir, BIN, DA_SOURCE_DIR);
    /* ulimit -f counts 512-byte blocks in dash, 1024-byte ones in bash. */
    if (strcmp(out, "dermaudit: fl.csv: file size limit reached (ulimit -f: 512 bytes); no "
                    "report written\nexit 1\n") != 0)
        assert_string_equal(out, "dermaudit: fl.csv: file size limit reached (ulimit -f: 1024 "
                                 "bytes); no report written\nexit 1\n");
    free(out);
}

/* --deidentify: no full date of service anywhere in the sheets, and the
 * planted name and date of birth are not in the note text shown. */
static void test_deidentify(void **state)
{
    (void)state;
    put_text("nd.csv", "patient_id,date_of_service,text\n"
                       "P1,2026-07-01,\"Patient Zelda Quark, DOB: 01/02/1960. Actinic keratoses "
                       "x3 on the scalp, LN2 on 07/01/2026.\"\n");
    put_text("cd.csv", "claim_id,patient_id,date_of_service,cpt,units\nC1,P1,2026-07-01,17000,1\n");
    free(run("--claims cd.csv --notes nd.csv --out d.xlsx --deidentify"));
    char *out = xs_slurp("cd '%s' && unzip -p d.xlsx 'xl/worksheets/*.xml' "
                         "'xl/sharedStrings.xml' 2>/dev/null | grep -c "
                         "'2026-07-0\\|07/01/2026\\|Zelda\\|1960\\|46204'; true",
                         dir);
    assert_string_equal(out, "0\n");
    free(out);
}

static void test_mistyped(void **state)
{
    (void)state;
    static const char options[] =
        "; the options are: --claims --notes --remit --ncci-ptp --mue --contracts --out --findings --facts --fees --drug-prices "
        "--practice --from --to --created --in-house-pathology --template --mask-phi --deidentify "
        "--mask-secret --mask-key-out --previous --as-of --version --help\nexit 2\n";
    char want[1024];
    snprintf(want, sizeof(want), "dermaudit: unknown option '--clams' (did you mean --claims?)%s",
             options);
    expect("--clams c.csv --notes n.csv --out o.xlsx", want);
    snprintf(want, sizeof(want), "dermaudit: unknown option '--zzz'%s", options);
    expect("--zzz", want);
    expect("--claims c.csv --notes n.csv --out o.xlsx --template quartely",
           "dermaudit: --template quartely: no such built-in template or file (did you mean "
           "quarterly?); the built-in templates are prospect, onboarding and quarterly\nexit 2\n");
    expect("--claims c.csv --notes n.csv --out o.xlsx --template nothing-like-it",
           "dermaudit: --template nothing-like-it: no such built-in template or file; the "
           "built-in templates are prospect, onboarding and quarterly\nexit 2\n");
    expect("--claims", "dermaudit: --claims needs a value (dermaudit --help)\nexit 2\n");
}

/* Three actinic keratoses destroyed, 17000 billed alone: 17003 x2 not
 * billed, $6.35 each in the built-in fee table (an add-on, not reduced):
 * $12.70 in one day, $4,635.50 a year, shown as $4,636. */
static void test_last_line(void **state)
{
    (void)state;
    put_text("c2.csv", "claim_id,patient_id,date_of_service,cpt,units\nC1,P1,2026-07-01,17000,1\n");
    put_text("n2.csv", "patient_id,date_of_service,text\nP1,2026-07-01,\"Actinic keratoses x3 on "
                       "the scalp, treated with liquid nitrogen cryotherapy.\"\n");
    expect("--claims c2.csv --notes n2.csv --out o2.xlsx",
           "dermaudit: 1 claim rows (1 used, 0 rejected), 1 note rows (1 used, 0 rejected), 1 "
           "encounters, 1 findings\n"
           "dermaudit: wrote o2.xlsx: estimated leak $12.70 in 1 day ($4,636 a year), "
           "recoverable denials $0.00, over-billing exposure $0.00\nexit 0\n");
}

/* On a terminal (script(1) gives the run one), a progress line is drawn
 * and cleared before the closing lines; without one (every test above)
 * there is none. */
static void test_progress_on_a_terminal(void **state)
{
    (void)state;
    char *out = xs_slurp("cd '%s' && script -qec \"'%s/dermaudit' --claims c2.csv --notes n2.csv "
                         "--out o3.xlsx\" /dev/null",
                         dir, BIN);
    /* The first line drawn is the stage under way when the thread starts. */
    assert_true(strstr(out, "\rdermaudit: reading the claims and notes\033[K") ||
                strstr(out, "\rdermaudit: auditing   0% (0 of 1 encounters, 0 a second)\033[K") ||
                strstr(out, "\rdermaudit: auditing 100% (1 of 1 encounters, ") ||
                strstr(out, "\rdermaudit: writing the workbook\033[K"));
    const char *clear = strstr(out, "\r\033[Kdermaudit: 1 claim rows");
    assert_non_null(clear);
    assert_non_null(strstr(clear, "dermaudit: wrote o3.xlsx: estimated leak $12.70"));
    free(out);
}

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/da_cli_XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    put_text("c.csv", "claim_id,patient_id,date_of_service,cpt\nC1,P1,2026-07-01,99213\n"
                      "C2,P2,2026-07-02,99213\n");
    put_text("n.csv", "patient_id,date_of_service,text\n"
                      "P1,2026-07-01,\"Established patient follow-up. Acne, stable on current "
                      "regimen. Continue topical tretinoin.\"\n"
                      "P2,2026-07-02,\"Established patient follow-up. Acne, stable on current "
                      "regimen. Continue topical tretinoin.\"\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_column), cmocka_unit_test(test_not_comma_separated),
        cmocka_unit_test(test_period),         cmocka_unit_test(test_mistyped),
        cmocka_unit_test(test_last_line),      cmocka_unit_test(test_progress_on_a_terminal),
        cmocka_unit_test(test_stray_date_and_wide_period),
        cmocka_unit_test(test_mask_secret_checks),
        cmocka_unit_test(test_facts_size_limit),
        cmocka_unit_test(test_deidentify),
    };
    return cmocka_run_group_tests_name("cli", tests, setup, teardown);
}
