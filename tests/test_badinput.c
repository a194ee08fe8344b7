/* test_badinput.c - the bad-input matrix, data-driven.
 *
 * Each case is tests/data/bad/NAME.expect beside its input NAME.claims.csv or
 * NAME.notes.csv (or an input the test generates, for the megabyte-sized
 * ones). The .expect file says, worked out by hand from the import rules:
 *
 *   kind,claims|notes|both     which importer reads it (both: NAME.claims.csv
 *                              and NAME.notes.csv, then grouping)
 *   input,generated:WHAT       the input is made here (big_field, big_note,
 *                              many_columns)
 *   result,ok|format|column:C  what the import returns
 *   rows,READ,USED,REJECTED    the file's accounting
 *   encounters,N,NO_NOTE,NO_CLAIM  after grouping (kind both)
 *   LINE,ACTION,REASON,COLUMN  the Data Quality entries, all of them, in order
 *
 * Every case is read by the importer and checked entry by entry, then run
 * through the real command line for its exit status (0 when the import
 * succeeds, 2 when the file cannot be used), whose stderr must name the
 * missing column. The orphans case also checks that the workbook's Summary
 * shows the encounters without notes and without claims.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "import.h"

#define BAD DA_SOURCE_DIR "/tests/data/bad"
#define CLI DA_BINARY_DIR "/dermaudit"

/* One expected Data Quality entry. */
typedef struct expected_dq {
    unsigned long line; /* line of the row, 1 for the header */
    char action[16];    /* rejected, repaired, notice */
    char reason[96];    /* the fixed reason text */
    char column[64];    /* the column, "" when none */
} expected_dq;

/* A parsed .expect file. */
typedef struct expectation {
    char name[64];                 /* the case: file name without .expect */
    char kind[16];                 /* claims, notes or both */
    char generated[32];            /* what to generate, "" for a file */
    char result[80];               /* ok, format or column:NAME */
    unsigned long rows[3];         /* read, used, rejected */
    long encounters[3];            /* encounters, without notes, without claims; -1 unchecked */
    expected_dq dq[32];            /* entries in order */
    size_t ndq;                    /* entries */
} expectation;

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

static void expect_read(const char *name, expectation *x)
{
    memset(x, 0, sizeof(*x));
    snprintf(x->name, sizeof(x->name), "%s", name);
    x->encounters[0] = -1;
    char path[512], line[512];
    snprintf(path, sizeof(path), "%s/%s.expect", BAD, name);
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    while (fgets(line, sizeof(line), fp)) {
        chomp(line);
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *comma = strchr(line, ',');
        assert_non_null(comma);
        *comma = '\0';
        const char *rest = comma + 1;
        if (strcmp(line, "kind") == 0) {
            snprintf(x->kind, sizeof(x->kind), "%s", rest);
        } else if (strcmp(line, "input") == 0) {
            assert_int_equal(strncmp(rest, "generated:", 10), 0);
            snprintf(x->generated, sizeof(x->generated), "%s", rest + 10);
        } else if (strcmp(line, "result") == 0) {
            snprintf(x->result, sizeof(x->result), "%s", rest);
        } else if (strcmp(line, "rows") == 0) {
            assert_int_equal(sscanf(rest, "%lu,%lu,%lu", &x->rows[0], &x->rows[1], &x->rows[2]),
                             3);
        } else if (strcmp(line, "encounters") == 0) {
            assert_int_equal(sscanf(rest, "%ld,%ld,%ld", &x->encounters[0], &x->encounters[1],
                                    &x->encounters[2]),
                             3);
        } else {
            /* LINE,ACTION,REASON,COLUMN: the reason may hold commas, the column not. */
            assert_true(x->ndq < sizeof(x->dq) / sizeof(x->dq[0]));
            expected_dq *e = &x->dq[x->ndq++];
            e->line = strtoul(line, NULL, 10);
            const char *action_end = strchr(rest, ',');
            const char *column = strrchr(rest, ',');
            assert_non_null(action_end);
            assert_true(column > action_end);
            snprintf(e->action, sizeof(e->action), "%.*s", (int)(action_end - rest), rest);
            snprintf(e->reason, sizeof(e->reason), "%.*s", (int)(column - action_end - 1),
                     action_end + 1);
            snprintf(e->column, sizeof(e->column), "%s", column + 1);
        }
    }
    fclose(fp);
    assert_true(x->kind[0] && x->result[0]);
}

/* Writes a generated input to path. */
static void generate(const char *what, const char *path)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    const size_t mib = (size_t)1 << 20;
    if (strcmp(what, "big_field") == 0) {
        fputs("claim_id,patient_id,date_of_service,cpt\nC1,P1,2026-07-01,", fp);
        for (size_t i = 0; i < mib; i++)
            fputc('1', fp);
        fputs("\nC2,P2,2026-07-01,11102\n", fp);
    } else if (strcmp(what, "big_note") == 0) {
        fputs("encounter_id,text\nE1,\"", fp);
        for (size_t i = 0; i < mib / 32; i++)
            fputs("Lesion of the left forearm 4 mm\n", fp);
        fputs("\"\nE2,short note\n", fp);
    } else if (strcmp(what, "many_columns") == 0) {
        fputs("claim_id,patient_id,date_of_service,cpt\nC1,P1,2026-07-01,11102", fp);
        for (size_t i = 4; i < 100000; i++)
            fputs(",x", fp);
        fputs("\nC2,P2,2026-07-01,11102\n", fp);
    } else {
        fail_msg("unknown generated input %s", what);
    }
    assert_int_equal(fclose(fp), 0);
}

static da_error import_one(da_dataset *d, const char *kind, const char *path,
                           da_import_result *r)
{
    return strcmp(kind, "notes") == 0 ? da_import_notes(d, path, NULL, r) : da_import_claims(d, path, NULL, r);
}

/* The exit status of a shell command. */
static int run(const char *cmd)
{
    int status = system(cmd);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    size_t len = 0, cap = 4096;
    char *s = malloc(cap);
    size_t n;
    while ((n = fread(s + len, 1, cap - len - 1, fp)) > 0) {
        len += n;
        if (cap - len < 2)
            s = realloc(s, cap *= 2);
    }
    s[len] = '\0';
    fclose(fp);
    return s;
}

static void check_case(const expectation *x, const char *dir)
{
    char in[2][512]; /* claims, notes */
    bool both = strcmp(x->kind, "both") == 0;
    bool notes = strcmp(x->kind, "notes") == 0;
    if (x->generated[0]) {
        snprintf(in[0], sizeof(in[0]), "%s/%s.%s.csv", dir, x->name, x->kind);
        generate(x->generated, in[0]);
    } else {
        snprintf(in[0], sizeof(in[0]), "%s/%s.%s.csv", BAD, x->name, both ? "claims" : x->kind);
    }
    snprintf(in[1], sizeof(in[1]), "%s/%s.notes.csv", BAD, x->name);

    da_dataset d;
    da_dataset_init(&d);
    da_import_result r;
    da_error err = import_one(&d, both ? "claims" : x->kind, in[0], &r);
    if (both && err == DA_OK)
        err = da_import_notes(&d, in[1], NULL, &r);
    if (strcmp(x->result, "ok") == 0)
        assert_int_equal(err, DA_OK);
    else if (strcmp(x->result, "format") == 0)
        assert_int_equal(err, DA_ERR_FORMAT);
    else if (strncmp(x->result, "column:", 7) == 0) {
        assert_int_equal(err, DA_ERR_COLUMN);
        assert_string_equal(r.missing_column, x->result + 7);
    } else
        fail_msg("%s: unknown result %s", x->name, x->result);

    const da_file_stats *st = notes ? &d.notes_stats : &d.claims_stats;
    assert_int_equal(st->rows_read, x->rows[0]);
    assert_int_equal(st->rows_used, x->rows[1]);
    assert_int_equal(st->rows_rejected, x->rows[2]);
    if (d.dq.count != x->ndq)
        fail_msg("%s: %zu Data Quality entries, expected %zu", x->name, d.dq.count, x->ndq);
    for (size_t i = 0; i < x->ndq; i++) {
        const da_dq_entry *e = &d.dq.items[i];
        assert_string_equal(e->file, in[0]);
        assert_int_equal(e->line, x->dq[i].line);
        assert_string_equal(da_dq_action_name(e->action), x->dq[i].action);
        assert_string_equal(e->reason, x->dq[i].reason);
        assert_string_equal(e->column, x->dq[i].column);
    }
    if (x->encounters[0] >= 0) {
        da_dataset_group(&d);
        assert_int_equal(d.nencounters, x->encounters[0]);
        assert_int_equal(d.encounters_without_notes, x->encounters[1]);
        assert_int_equal(d.encounters_without_claims, x->encounters[2]);
    }
    da_dataset_free(&d);

    /* The command line: the case file with a clean file of the other kind. */
    char cmd[4096], out[600], errs[600];
    snprintf(out, sizeof(out), "%s/%s.xlsx", dir, x->name);
    snprintf(errs, sizeof(errs), "%s/%s.stderr", dir, x->name);
    snprintf(cmd, sizeof(cmd),
             "'%s' --claims '%s' --notes '%s' --out '%s' --created 2026-11-27T00:00:00Z 2>'%s'",
             CLI, notes ? BAD "/orphans.claims.csv" : in[0],
             notes ? in[0] : both ? in[1] : BAD "/orphans.notes.csv", out, errs);
    int status = run(cmd);
    char *stderr_text = slurp(errs);
    if (strcmp(x->result, "ok") == 0) {
        assert_int_equal(status, 0);
        assert_int_equal(access(out, F_OK), 0);
    } else {
        assert_int_equal(status, 2);
        assert_int_equal(access(out, F_OK), -1); /* no report, not even a partial one */
        if (strncmp(x->result, "column:", 7) == 0) {
            char want[128];
            snprintf(want, sizeof(want), "missing required column '%s'", x->result + 7);
            assert_non_null(strstr(stderr_text, want));
        }
    }
    free(stderr_text);
    unlink(out);
    unlink(errs);
    if (x->generated[0])
        unlink(in[0]);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_matrix(void **state)
{
    (void)state;
    char dir[] = "/tmp/da-bad-XXXXXX";
    assert_non_null(mkdtemp(dir));
    DIR *dp = opendir(BAD);
    assert_non_null(dp);
    char *names[128];
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        size_t len = strlen(de->d_name);
        if (len > 7 && strcmp(de->d_name + len - 7, ".expect") == 0) {
            assert_true(n < 128);
            names[n++] = strndup(de->d_name, len - 7);
        }
    }
    closedir(dp);
    qsort(names, n, sizeof(names[0]), by_name);
    assert_true(n >= 22); /* the whole matrix is there */
    for (size_t i = 0; i < n; i++) {
        expectation x;
        expect_read(names[i], &x);
        print_message("case %s\n", names[i]);
        check_case(&x, dir);
        free(names[i]);
    }
    assert_int_equal(rmdir(dir), 0);
}

/* The number in the cell beside a Summary label (inline string, then <v>). */
static long summary_count(const char *xml, const char *label)
{
    char needle[128];
    snprintf(needle, sizeof(needle), "<t>%s</t>", label);
    const char *at = strstr(xml, needle);
    if (!at)
        fail_msg("Summary has no '%s'", label);
    const char *row_end = strstr(at, "</row>");
    const char *v = strstr(at, "<v>");
    assert_non_null(v);
    assert_true(row_end == NULL || v < row_end);
    return strtol(v + 3, NULL, 10);
}

/* Claims without notes and notes without claims are counted on the Summary. */
static void test_orphans_on_summary(void **state)
{
    (void)state;
    char dir[] = "/tmp/da-orph-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[1024], sheet[600];
    snprintf(cmd, sizeof(cmd),
             "'%s' --claims '%s' --notes '%s' --out '%s/r.xlsx' 2>/dev/null && cd '%s' && "
             "unzip -p r.xlsx xl/worksheets/sheet1.xml > summary.xml",
             CLI, BAD "/orphans.claims.csv", BAD "/orphans.notes.csv", dir, dir);
    assert_int_equal(run(cmd), 0);
    snprintf(sheet, sizeof(sheet), "%s/summary.xml", dir);
    char *xml = slurp(sheet);
    assert_int_equal(summary_count(xml, "Encounters"), 5);
    assert_int_equal(summary_count(xml, "Encounters without notes"), 2);
    assert_int_equal(summary_count(xml, "Encounters without claims"), 2);
    free(xml);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(run(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matrix),
        cmocka_unit_test(test_orphans_on_summary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
