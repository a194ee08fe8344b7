/* test_blind.c - the blind corpus: notes, claim lines and a coder's answer
 * key written by independent writers who never saw the reader's code
 * (tests/blind/README.md says who wrote what and how each batch was first
 * measured).
 *
 * For each batch listed in tests/blind/batches.csv the test assembles the
 * writer's files into the program's input (one notes.csv from the note
 * files), runs the command line, scores its findings against expected.csv
 * and checks the figures against the batch's floors in tests/blind/floors.csv.
 *
 * Scoring. An expected row and a finding match when they are on the same
 * encounter, in the same direction, and name the same code: the expected
 * codes when both give one, else the billed codes, else any code they share
 * (rows without codes match on category). An over row matches a finding on
 * the same billed code unless both name different replacement codes: keys
 * state one correction in several ways ("11102 x3 -> x1" and the add-on
 * apart, or "11102 -> 11103"); a gap row likewise matches a finding on
 * its billed code, whatever each writes as the expected side. Each
 * finding matches at most one
 * row. A finding of low confidence is a review item for a coder, without
 * dollars: it is neither a hit nor a false alarm, and an expected row that
 * only a review item names is counted as "flagged", not found. A service the
 * key says is outside the rule families (not_audited) is found when the
 * --facts output names a service not audited on that encounter.
 *
 * Run with batch folders as arguments (build/test_blind DIR...) it scores
 * those batches, prints the table and checks nothing: the first-look
 * measurement of a new batch, before anything is changed for it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "csv_table.h"

#define BLIND DA_SOURCE_DIR "/tests/blind"
#define BIN DA_BINARY_DIR

/* The categories of the answer key, in report order. */
static const char *const categories[] = {"lesion",   "repair",   "mohs", "pathology", "cosmetic",
                                         "modifier", "drug",     "em",   "denial"};
#define NCAT (sizeof(categories) / sizeof(categories[0]))

/* Directions scored for precision apart: an over finding is an accusation. */
enum { SIDE_UNDER, SIDE_OVER, NSIDE }; /* under, gap and denial findings; over findings */

typedef struct score {
    int expected[NCAT];       /* expected rows (not not_audited) */
    int found[NCAT];          /* of them, matched by a finding with dollars or a gap */
    int flagged[NCAT];        /* of them, matched only by a review item */
    int claims[NCAT][NSIDE];  /* findings made (not review items), by category and side */
    int right[NCAT][NSIDE];   /* of them, matching an expected row */
    int review;               /* review items made */
    int not_audited;          /* services the key says are outside the rule families */
    int not_audited_named;    /* of them, named by the program */
} score;

static int run(const char *cmd)
{
    int status = system(cmd);
    assert_true(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static int category_index(const char *c)
{
    /* The multiple-procedure reduction is a modifier matter to the key. */
    if (strcmp(c, "payment") == 0)
        c = "modifier";
    for (size_t i = 0; i < NCAT; i++)
        if (strcmp(categories[i], c) == 0)
            return (int)i;
    return -1;
}

/* Writes the CSV field s, quoted. */
static void put_field(FILE *out, const char *s, size_t len)
{
    fputc('"', out);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            fputc('"', out);
        fputc(s[i], out);
    }
    fputc('"', out);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* notes.csv in the program's layout from the batch's encounters.csv and its
 * note files notes/<encounter_id>__<note_type>.txt. */
static void assemble_notes(const char *batch, const char *out_path)
{
    char path[1024];
    table enc;
    snprintf(path, sizeof(path), "%s/encounters.csv", batch);
    table_read(&enc, path);
    snprintf(path, sizeof(path), "%s/notes", batch);
    DIR *d = opendir(path);
    assert_non_null(d);
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = realloc(names, cap * sizeof(*names));
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(*names), name_cmp);
    FILE *out = fopen(out_path, "w");
    assert_non_null(out);
    fputs("note_id,encounter_id,patient_id,date_of_service,note_type,provider,text\n", out);
    for (size_t i = 0; i < n; i++) {
        char *sep = strstr(names[i], "__");
        if (!sep)
            fail_msg("%s/notes/%s: not <encounter_id>__<note_type>.txt", batch, names[i]);
        size_t elen = (size_t)(sep - names[i]);
        size_t row = SIZE_MAX;
        for (size_t r = 0; r < enc.count && row == SIZE_MAX; r++)
            if (strlen(cell(&enc, r, "encounter_id")) == elen &&
                strncmp(cell(&enc, r, "encounter_id"), names[i], elen) == 0)
                row = r;
        if (row == SIZE_MAX)
            fail_msg("%s/notes/%s: encounter not in encounters.csv", batch, names[i]);
        snprintf(path, sizeof(path), "%s/notes/%s", batch, names[i]);
        FILE *in = fopen(path, "rb");
        assert_non_null(in);
        char *text = NULL;
        size_t len = 0, tcap = 0;
        for (int c; (c = fgetc(in)) != EOF;) {
            if (len + 1 >= tcap) {
                tcap = tcap ? tcap * 2 : 4096;
                text = realloc(text, tcap);
            }
            text[len++] = (char)c;
        }
        fclose(in);
        size_t idlen = strlen(names[i]) - 4; /* the note id is the file name less ".txt" */
        put_field(out, names[i], idlen);
        fputc(',', out);
        put_field(out, names[i], elen);
        const char *fields[] = {cell(&enc, row, "patient_id"), cell(&enc, row, "date_of_service")};
        for (size_t k = 0; k < 2; k++) {
            fputc(',', out);
            put_field(out, fields[k], strlen(fields[k]));
        }
        fputc(',', out);
        put_field(out, sep + 2, strlen(sep + 2) - 4);
        fputc(',', out);
        put_field(out, cell(&enc, row, "provider"), strlen(cell(&enc, row, "provider")));
        fputc(',', out);
        put_field(out, text ? text : "", len);
        fputc('\n', out);
        free(text);
        free(names[i]);
    }
    free(names);
    assert_int_equal(fclose(out), 0);
    table_free(&enc);
}

static bool same(const char *a, const char *b)
{
    return a[0] && strcmp(a, b) == 0;
}

/* The matching rule of the header comment. */
static bool codes_match(const table *key, size_t k, const table *found, size_t f)
{
    const char *kb = cell(key, k, "billed_code"), *ke = cell(key, k, "expected_code");
    const char *fb = cell(found, f, "billed_code"), *fe = cell(found, f, "expected_code");
    /* An over row says a billed line is not supported; key and finding agree
     * when they name the same billed code, however each states what replaces
     * it (fewer units of it, its add-on, nothing), unless both name different
     * replacement codes. */
    if (strcmp(cell(key, k, "direction"), "over") == 0 && same(kb, fb)) {
        bool k_other = ke[0] && strcmp(ke, kb) != 0, f_other = fe[0] && strcmp(fe, fb) != 0;
        if (!(k_other && f_other))
            return true;
    }
    /* A gap row says a billed line lacks the documentation it needs: key
     * and finding agree when they name the same billed line, whatever each
     * writes as its expected side (the billed code again, for the query, or
     * the code the notes support as they stand). */
    if (strcmp(cell(key, k, "direction"), "gap") == 0 && same(kb, fb))
        return true;
    if (ke[0] && fe[0])
        return strcmp(ke, fe) == 0;
    if (kb[0] && fb[0])
        return strcmp(kb, fb) == 0;
    if (kb[0] || ke[0] || fb[0] || fe[0])
        return same(kb, fe) || same(ke, fb);
    return strcmp(cell(key, k, "category"), cell(found, f, "category")) == 0;
}

/* Scores the batch folder's findings (findings.csv, facts.csv in work) into s. */
static void score_batch(const char *batch, const char *work, score *s, bool verbose)
{
    char path[1024];
    table key, found, facts;
    snprintf(path, sizeof(path), "%s/expected.csv", batch);
    table_read(&key, path);
    snprintf(path, sizeof(path), "%s/findings.csv", work);
    table_read(&found, path);
    snprintf(path, sizeof(path), "%s/facts.csv", work);
    table_read(&facts, path);
    memset(s, 0, sizeof(*s));
    bool *used = calloc(found.count + 1, sizeof(bool));
    bool *hit = calloc(key.count + 1, sizeof(bool));
    /* Findings with dollars and gaps first, then review items. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < key.count; k++) {
            if (hit[k] || strcmp(cell(&key, k, "direction"), "not_audited") == 0)
                continue;
            for (size_t f = 0; f < found.count && !hit[k]; f++) {
                bool review = strcmp(cell(&found, f, "confidence"), "low") == 0;
                if (used[f] || review != (pass == 1) ||
                    strcmp(cell(&key, k, "encounter_id"), cell(&found, f, "encounter_id")) != 0 ||
                    strcmp(cell(&key, k, "direction"), cell(&found, f, "direction")) != 0 ||
                    !codes_match(&key, k, &found, f))
                    continue;
                used[f] = hit[k] = true;
                int c = category_index(cell(&key, k, "category"));
                if (c < 0)
                    fail_msg("%s/expected.csv row %zu: unknown category", batch, k + 2);
                if (pass == 0) {
                    if (verbose)
                        printf("  found    %s %s %s %s\n", cell(&key, k, "encounter_id"),
                               cell(&found, f, "direction"), cell(&key, k, "category"),
                               cell(&found, f, "rule"));
                    s->found[c]++;
                    int side = strcmp(cell(&found, f, "direction"), "over") == 0 ? SIDE_OVER
                                                                                  : SIDE_UNDER;
                    s->claims[c][side]++;
                    s->right[c][side]++;
                } else {
                    s->flagged[c]++;
                    if (verbose)
                        printf("  flagged  %s %s %s %s: %s\n", cell(&key, k, "encounter_id"),
                               cell(&key, k, "direction"), cell(&key, k, "category"),
                               cell(&key, k, "billed_code"), cell(&found, f, "review"));
                }
            }
        }
    for (size_t k = 0; k < key.count; k++) {
        if (strcmp(cell(&key, k, "direction"), "not_audited") == 0) {
            s->not_audited++;
            bool named = false;
            for (size_t f = 0; f < facts.count && !named; f++)
                named = strcmp(cell(&facts, f, "fact"), "service_not_audited") == 0 &&
                        strcmp(cell(&facts, f, "encounter_id"), cell(&key, k, "encounter_id")) == 0;
            s->not_audited_named += named;
            continue;
        }
        int c = category_index(cell(&key, k, "category"));
        if (c < 0)
            fail_msg("%s/expected.csv row %zu: unknown category", batch, k + 2);
        s->expected[c]++;
        if (verbose && !hit[k])
            printf("  missed   %s %s %s %s x%s -> %s x%s: %s\n", cell(&key, k, "encounter_id"),
                   cell(&key, k, "direction"), cell(&key, k, "category"),
                   cell(&key, k, "billed_code"), cell(&key, k, "billed_units"),
                   cell(&key, k, "expected_code"), cell(&key, k, "expected_units"),
                   cell(&key, k, "explanation"));
    }
    for (size_t f = 0; f < found.count; f++) {
        bool review = strcmp(cell(&found, f, "confidence"), "low") == 0;
        if (review) {
            s->review++;
            continue;
        }
        if (used[f])
            continue;
        int c = category_index(cell(&found, f, "category"));
        int side = strcmp(cell(&found, f, "direction"), "over") == 0 ? SIDE_OVER : SIDE_UNDER;
        if (c >= 0)
            s->claims[c][side]++;
        if (verbose)
            printf("  wrong    %s %s %s %s %s x%s -> %s x%s $%s\n",
                   cell(&found, f, "encounter_id"), cell(&found, f, "direction"),
                   cell(&found, f, "category"), cell(&found, f, "rule"),
                   cell(&found, f, "billed_code"), cell(&found, f, "billed_units"),
                   cell(&found, f, "expected_code"), cell(&found, f, "expected_units"),
                   cell(&found, f, "amount"));
    }
    free(used);
    free(hit);
    table_free(&key);
    table_free(&found);
    table_free(&facts);
}

/* Runs the program on a batch folder into a fresh work folder and scores it. */
static void run_batch(const char *batch, score *s, bool verbose)
{
    char work[] = "/tmp/da-blind-XXXXXX";
    assert_non_null(mkdtemp(work));
    char notes[1100], cmd[4096];
    snprintf(notes, sizeof(notes), "%s/notes.csv", work);
    assemble_notes(batch, notes);
    snprintf(cmd, sizeof(cmd),
             "'%s/dermaudit' --claims '%s/claims.csv' --notes '%s' --out '%s/report.xlsx' "
             "--findings '%s/findings.csv' --facts '%s/facts.csv' --created 2026-12-01T00:00:00Z "
             ">/dev/null",
             BIN, batch, notes, work, work, work);
    assert_int_equal(run(cmd), 0);
    score_batch(batch, work, s, verbose);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", work);
    assert_int_equal(run(cmd), 0);
}

static double ratio(int a, int b)
{
    return b ? (double)a / b : 1.0;
}

static void print_score(const char *name, const score *s)
{
    printf("%s\n| category | expected | found | flagged | recall | under/gap claims | precision | "
           "over claims | precision |\n|---|---|---|---|---|---|---|---|---|\n", name);
    score total = {0};
    for (size_t c = 0; c < NCAT; c++) {
        printf("| %s | %d | %d | %d | %.2f | %d | %.2f | %d | %.2f |\n", categories[c],
               s->expected[c], s->found[c], s->flagged[c], ratio(s->found[c], s->expected[c]),
               s->claims[c][SIDE_UNDER], ratio(s->right[c][SIDE_UNDER], s->claims[c][SIDE_UNDER]),
               s->claims[c][SIDE_OVER], ratio(s->right[c][SIDE_OVER], s->claims[c][SIDE_OVER]));
        total.expected[0] += s->expected[c];
        total.found[0] += s->found[c];
        total.flagged[0] += s->flagged[c];
        for (int k = 0; k < NSIDE; k++) {
            total.claims[0][k] += s->claims[c][k];
            total.right[0][k] += s->right[c][k];
        }
    }
    printf("| **all** | %d | %d | %d | %.2f | %d | %.2f | %d | %.2f |\n", total.expected[0],
           total.found[0], total.flagged[0], ratio(total.found[0], total.expected[0]),
           total.claims[0][SIDE_UNDER], ratio(total.right[0][SIDE_UNDER], total.claims[0][SIDE_UNDER]),
           total.claims[0][SIDE_OVER], ratio(total.right[0][SIDE_OVER], total.claims[0][SIDE_OVER]));
    printf("review items: %d; services not audited named: %d of %d\n\n", s->review,
           s->not_audited_named, s->not_audited);
}

/* Each batch of batches.csv against its floors: per category (or "all"),
 * the least recall and precision (under/gap, over) it must keep. A category
 * is checked only where the batch expects at least min_expected rows of it. */
static void test_blind_batches(void **state)
{
    (void)state;
    table batches, floors;
    table_read(&batches, BLIND "/batches.csv");
    table_read(&floors, BLIND "/floors.csv");
    for (size_t b = 0; b < batches.count; b++) {
        char dir[1024];
        const char *name = cell(&batches, b, "batch");
        snprintf(dir, sizeof(dir), "%s/%s", BLIND, name);
        score s;
        run_batch(dir, &s, getenv("DA_BLIND_VERBOSE") != NULL);
        print_score(name, &s);
        for (size_t r = 0; r < floors.count; r++) {
            if (strcmp(cell(&floors, r, "batch"), name) != 0)
                continue;
            const char *cat = cell(&floors, r, "category");
            int c = strcmp(cat, "all") == 0 ? -1 : category_index(cat);
            int exp = 0, fnd = 0, claims[NSIDE] = {0}, right[NSIDE] = {0};
            for (size_t k = 0; k < NCAT; k++) {
                if (c >= 0 && (int)k != c)
                    continue;
                exp += s.expected[k];
                fnd += s.found[k];
                for (int side = 0; side < NSIDE; side++) {
                    claims[side] += s.claims[k][side];
                    right[side] += s.right[k][side];
                }
            }
            if (exp < atoi(cell(&floors, r, "min_expected")))
                continue;
            double rec = ratio(fnd, exp), pu = ratio(right[SIDE_UNDER], claims[SIDE_UNDER]);
            double po = ratio(right[SIDE_OVER], claims[SIDE_OVER]);
            if (rec + 1e-9 < atof(cell(&floors, r, "recall")) ||
                pu + 1e-9 < atof(cell(&floors, r, "precision_under")) ||
                po + 1e-9 < atof(cell(&floors, r, "precision_over")))
                fail_msg("%s %s: recall %.2f, precision under/gap %.2f, over %.2f below the "
                         "floor %s/%s/%s", name, cat, rec, pu, po, cell(&floors, r, "recall"),
                         cell(&floors, r, "precision_under"), cell(&floors, r, "precision_over"));
        }
    }
    table_free(&batches);
    table_free(&floors);
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        for (int i = 1; i < argc; i++) {
            score s;
            run_batch(argv[i], &s, getenv("DA_BLIND_VERBOSE") != NULL);
            print_score(argv[i], &s);
        }
        return 0;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blind_batches),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
