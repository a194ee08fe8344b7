/* test_faults.c - the command line under faults, and what it says on stderr.
 *
 * Each fault must end with a clear message and an exit status, and leave no
 * report and no temporary file behind: an output directory that cannot be
 * written, a disk that fills (a 16 KiB tmpfs when this user may mount one,
 * and a file size limit, ulimit -f, always; a full /tmp must not truncate the
 * workbook), and SIGINT/SIGTERM sent while a
 * run on a 10x sample is under way (the temporary report is checked to be
 * mode 0600 while it exists). The PHI test runs the program on inputs full
 * of marker strings, bad rows included, and checks that stdout and stderr
 * name none of them.
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
#define MARK "ZQXPHI"

/* A scratch directory and two generated practices, made once: 15 days (a
 * run that completes, cheap enough under valgrind) and 10x the sample (a run
 * still going when it is interrupted, even without valgrind). */
typedef struct fixture {
    char dir[128];          /* scratch directory, in the build tree */
    char claims[256];       /* 10x claims */
    char notes[256];        /* 10x notes */
    char small_claims[256]; /* 15-day claims */
    char small_notes[256];  /* 15-day notes */
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

static int setup(void **state)
{
    (void)state;
    if ((size_t)snprintf(fx.dir, sizeof(fx.dir), "%s/da-faults-XXXXXX", DA_BINARY_DIR) >=
            sizeof(fx.dir) ||
        !mkdtemp(fx.dir))
        return -1;
    char cmd[512];
    snprintf(cmd, sizeof(cmd),
             "'%s/dermaudit-sample' --scale 10 --out '%s/x10' >/dev/null 2>&1 && "
             "'%s/dermaudit-sample' --days 15 --out '%s/d15' >/dev/null 2>&1",
             DA_BINARY_DIR, fx.dir, DA_BINARY_DIR, fx.dir);
    if (run(cmd) != 0)
        return -1;
    snprintf(fx.claims, sizeof(fx.claims), "%s/x10/claims.csv", fx.dir);
    snprintf(fx.notes, sizeof(fx.notes), "%s/x10/notes.csv", fx.dir);
    snprintf(fx.small_claims, sizeof(fx.small_claims), "%s/d15/claims.csv", fx.dir);
    snprintf(fx.small_notes, sizeof(fx.small_notes), "%s/d15/notes.csv", fx.dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx.dir);
    return run(cmd) == 0 ? 0 : -1;
}

/* Runs the CLI on the 15-day practice writing to out (and findings), stderr
 * to errs; returns the exit status. */
static int audit_to(const char *out, const char *findings, const char *errs)
{
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "'%s' --claims '%s' --notes '%s' --out '%s'%s%s%s 2>'%s'", CLI,
             fx.small_claims, fx.small_notes, out, findings ? " --findings '" : "",
             findings ? findings : "", findings ? "'" : "", errs);
    return run(cmd);
}

static void test_output_not_writable(void **state)
{
    (void)state;
    char errs[256], dir[256], out[512];
    snprintf(errs, sizeof(errs), "%s/stderr", fx.dir);

    /* No such directory. */
    snprintf(out, sizeof(out), "%s/no-such-dir/r.xlsx", fx.dir);
    assert_int_equal(audit_to(out, NULL, errs), 2);
    char *text = slurp(errs);
    assert_non_null(strstr(text, "cannot write here"));
    free(text);

    /* The "directory" is a file. */
    snprintf(out, sizeof(out), "%s/x10/claims.csv/r.xlsx", fx.dir);
    assert_int_equal(audit_to(out, NULL, errs), 2);
    text = slurp(errs);
    assert_non_null(strstr(text, "cannot write here"));
    free(text);

    /* A directory without write permission (root writes anywhere: skipped). */
    make_dir(dir, sizeof(dir), "readonly");
    if (geteuid() != 0) {
        assert_int_equal(chmod(dir, 0555), 0);
        snprintf(out, sizeof(out), "%s/r.xlsx", dir);
        assert_int_equal(audit_to(out, NULL, errs), 2);
        assert_int_equal(dir_entries(dir, NULL, 0), 0);
        assert_int_equal(chmod(dir, 0755), 0);
    }
    /* The findings file cannot be written: the workbook is not written either. */
    snprintf(out, sizeof(out), "%s/r.xlsx", dir);
    char findings[512];
    snprintf(findings, sizeof(findings), "%s/no-such-dir/f.csv", fx.dir);
    assert_int_equal(audit_to(out, findings, errs), 2);
    assert_int_equal(dir_entries(dir, NULL, 0), 0);
    remove_tree(dir);
}

/* Starts the CLI writing into dir, on the 10x input when big, else on the
 * 15-day practice; stderr to errs. With fsize > 0 the child runs under that
 * file size limit (bytes). */
static pid_t start(const char *dir, const char *errs, rlim_t fsize, bool findings, bool big)
{
    const char *claims = big ? fx.claims : fx.small_claims;
    const char *notes = big ? fx.notes : fx.small_notes;
    char out[512], fout[512];
    snprintf(out, sizeof(out), "%s/r.xlsx", dir);
    snprintf(fout, sizeof(fout), "%s/f.csv", dir);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(errs, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0 || dup2(fd, STDERR_FILENO) < 0)
            _exit(127);
        if (fsize) {
            struct rlimit rl = {fsize, fsize};
            if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
                _exit(127);
        }
        if (findings)
            execl(CLI, CLI, "--claims", claims, "--notes", notes, "--out", out, "--findings",
                  fout, (char *)NULL);
        else
            execl(CLI, CLI, "--claims", claims, "--notes", notes, "--out", out, (char *)NULL);
        _exit(127);
    }
    return pid;
}

static void check_disk_full(const char *dir, rlim_t fsize, bool findings, const char *message)
{
    char errs[256];
    snprintf(errs, sizeof(errs), "%s/stderr-full", fx.dir);
    int status;
    pid_t pid = start(dir, errs, fsize, findings, false);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 1);
    char *text = slurp(errs);
    /* message is one or more alternatives separated by '|'. */
    bool said = false;
    for (const char *m = message; *m && !said;) {
        size_t len = strcspn(m, "|");
        char want[128];
        snprintf(want, sizeof(want), "%.*s", (int)len, m);
        said = strstr(text, want) != NULL;
        m += len + (m[len] == '|');
    }
    if (!said)
        fail_msg("expected '%s' on stderr, got: %s", message, text);
    free(text);
    char left[256] = "";
    if (dir_entries(dir, left, sizeof(left)) != 0)
        fail_msg("left behind: %s", left);
}

static void test_disk_full_file_size_limit(void **state)
{
    (void)state;
    char dir[256];
    make_dir(dir, sizeof(dir), "fsize");
    /* 4 KiB: the 15-day findings CSV is larger, and so is its workbook. */
    check_disk_full(dir, 4 << 10, true, "file size limit reached (ulimit -f: 4096 bytes)");
    /* The workbook's own write fails, or a temporary sheet file is cut short. */
    check_disk_full(dir, 4 << 10, false, "could not be written|file size limit reached");
    remove_tree(dir);
}

static void test_disk_full_tmpfs(void **state)
{
    (void)state;
    char dir[256], cmd[512];
    make_dir(dir, sizeof(dir), "tmpfs");
    snprintf(cmd, sizeof(cmd), "mount -t tmpfs -o size=16k da-test '%s' 2>/dev/null", dir);
    if (geteuid() != 0 || run(cmd) != 0) {
        remove_tree(dir);
        print_message("tmpfs cannot be mounted here; the file size limit test covers a full disk\n");
        skip();
    }
    check_disk_full(dir, 0, true, "No space left on device");
    check_disk_full(dir, 0, false, "could not be written");
    snprintf(cmd, sizeof(cmd), "umount '%s'", dir);
    assert_int_equal(run(cmd), 0);
    remove_tree(dir);
}

/* A full /tmp (a 48 KiB tmpfs over /tmp in a private mount namespace) must
 * not cut the workbook short: the report is complete or not written. The
 * scratch directory is in the build tree, so the inputs and the output
 * directory stay visible under the mount. */
static void test_tmp_full(void **state)
{
    (void)state;
    char dir[256], cmd[2048];
    make_dir(dir, sizeof(dir), "tmpfull");
    if (geteuid() != 0 || run("unshare -m true 2>/dev/null") != 0) {
        remove_tree(dir);
        print_message("no private mount namespace here; skipped\n");
        skip();
    }
    snprintf(cmd, sizeof(cmd),
             "unshare -m sh -c \"mount -t tmpfs -o size=48k da-test /tmp && exec '%s' "
             "--claims '%s' --notes '%s' --out '%s/r.xlsx'\" 2>/dev/null",
             CLI, fx.small_claims, fx.small_notes, dir);
    int status = run(cmd);
    if (status == 0) {
        /* Every part's checksum holds, and the Findings sheet (the 2nd in
         * the onboarding template, right after the Summary) has its 227 rows
         * under the header. */
        snprintf(cmd, sizeof(cmd), "unzip -tq '%s/r.xlsx' >/dev/null", dir);
        assert_int_equal(run(cmd), 0);
        snprintf(cmd, sizeof(cmd),
                 "test \"$(unzip -p '%s/r.xlsx' xl/worksheets/sheet2.xml | grep -o '<row ' | "
                 "wc -l)\" = 228",
                 dir);
        assert_int_equal(run(cmd), 0);
    } else {
        assert_int_equal(dir_entries(dir, NULL, 0), 0);
    }
    remove_tree(dir);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void check_interrupt(int sig)
{
    char dir[256], errs[256], partial[512], name[256] = "";
    make_dir(dir, sizeof(dir), sig == SIGINT ? "sigint" : "sigterm");
    snprintf(errs, sizeof(errs), "%s/stderr-sig", fx.dir);
    pid_t pid = start(dir, errs, 0, true, true);
    /* Wait for the temporary report, check its mode, let the run get going. */
    bool seen = false;
    for (int i = 0; i < 6000 && !seen; i++) {
        seen = dir_entries(dir, name, sizeof(name)) > 0;
        if (!seen)
            sleep_ms(10);
    }
    assert_true(seen);
    assert_non_null(strstr(name, ".partial-"));
    snprintf(partial, sizeof(partial), "%s/%s", dir, name);
    struct stat st;
    assert_int_equal(stat(partial, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    sleep_ms(300);
    int status;
    assert_int_equal(waitpid(pid, &status, WNOHANG), 0); /* still running */
    assert_int_equal(kill(pid, sig), 0);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    /* It dies of the signal, so the shell reports 128 + signal. */
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), sig);
    char *text = slurp(errs);
    assert_non_null(strstr(text, "interrupted; no report written"));
    free(text);
    char left[256] = "";
    if (dir_entries(dir, left, sizeof(left)) != 0)
        fail_msg("left behind: %s", left);
    remove_tree(dir);
}

static void test_sigint(void **state)
{
    (void)state;
    check_interrupt(SIGINT);
}

static void test_sigterm(void **state)
{
    (void)state;
    check_interrupt(SIGTERM);
}

/* A successful run leaves the reports, readable by their owner only (they
 * hold PHI; test_hostile checks the modes further), and no temporary file. */
static void test_success_leaves_only_reports(void **state)
{
    (void)state;
    char dir[256], out[512], findings[512], errs[256];
    make_dir(dir, sizeof(dir), "ok");
    snprintf(out, sizeof(out), "%s/r.xlsx", dir);
    snprintf(findings, sizeof(findings), "%s/f.csv", dir);
    snprintf(errs, sizeof(errs), "%s/stderr-ok", fx.dir);
    mode_t mask = umask(022);
    assert_int_equal(audit_to(out, findings, errs), 0);
    umask(mask);
    assert_int_equal(dir_entries(dir, NULL, 0), 2);
    struct stat st;
    assert_int_equal(stat(out, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    remove_tree(dir);
}

/* ---- PHI ---- */

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

/* Every identifier and every note carries the marker, good rows and bad. */
static const char phi_claims[] =
    "claim_id,line,encounter_id,patient_id,date_of_service,provider,payer,cpt,units,charge,"
    "prior_auth,ndc\n"
    "C" MARK "1,1,E" MARK "1,P" MARK "1,2026-07-01,Dr " MARK ",Payer " MARK ",17311,1,900.00,"
    "A" MARK ",N" MARK "\n"
    "C" MARK "2,1,E" MARK "2,P" MARK "2,2026-02-30,Dr " MARK ",Payer " MARK ",17311,1,1,,\n"
    "C" MARK "3,1,E" MARK "3,P" MARK "3,2026-07-01,Dr " MARK ",Payer " MARK ",1" MARK ",1,1,,\n"
    "C" MARK "4,1,E" MARK "4,P" MARK "4,2026-07-01,Dr " MARK ",Payer " MARK ",17311,"
    MARK ",1,,\n"
    "C" MARK "5,1,E" MARK "5,P" MARK "5,2026-07-01,Dr " MARK ",Payer " MARK ",17311,1,$" MARK
    ",,\n"
    "C" MARK "1,1,E" MARK "1,P" MARK "1,2026-07-01,Dr " MARK ",Payer " MARK ",17311,1,900.00,"
    "A" MARK ",N" MARK "\n"
    "C" MARK "6,1,E" MARK "6,P" MARK "6,2026-07-01,Dr " MARK ",Payer " MARK ",17311,1,1,,,"
    MARK "," MARK "\n"
    "C" MARK "7,1,E" MARK "7,\"P" MARK "7,2026-07-01,Dr " MARK ",Payer " MARK ",17311,1,1,,\n"
    "C" MARK "8,1,E" MARK "8,P" MARK "8,2026-07-01,Dr " MARK ",Payer " MARK ",17311,1,1,,\n";

static const char phi_notes[] =
    "note_id,encounter_id,patient_id,date_of_service,provider,text\n"
    "N" MARK "1,E" MARK "1,P" MARK "1,2026-07-01,Dr " MARK ",\"" MARK " Mohs surgery, left "
    "nasal ala. Stage 1: 2 blocks, positive. Stage 2: 3 blocks, clear. " MARK "\"\n"
    "N" MARK "2,E" MARK "9,P" MARK "9,2026-13-01,Dr " MARK ",\"" MARK " bad date note\"\n"
    "N" MARK "3,E" MARK "3,P" MARK "3,2026-07-01,Dr " MARK ",\"" MARK " NUL \0 and \xff bytes\"\n"
    "N" MARK "4,,,,Dr " MARK ",\"" MARK " note with no encounter\"\n"
    "N" MARK "5,E" MARK "8,P" MARK "8,2026-07-01,Dr " MARK ",\"" MARK " quote never closes\n"
    "N" MARK "6,E" MARK "10,P" MARK "10,2026-07-02,Dr " MARK ",\"" MARK " orphan note\"\n";

static void assert_no_marker(const char *path)
{
    char *text = slurp(path);
    if (strstr(text, MARK))
        fail_msg("%s names PHI: %s", path, text);
    free(text);
}

static void test_phi_never_printed(void **state)
{
    (void)state;
    char dir[256], claims[512], notes[512], fees[512], cmd[4096], log[512], out[512];
    make_dir(dir, sizeof(dir), "phi");
    snprintf(claims, sizeof(claims), "%s/claims.csv", dir);
    snprintf(notes, sizeof(notes), "%s/notes.csv", dir);
    snprintf(fees, sizeof(fees), "%s/fees.csv", dir);
    snprintf(log, sizeof(log), "%s/log", dir);
    snprintf(out, sizeof(out), "%s/r.xlsx", dir);
    write_file(claims, phi_claims, sizeof(phi_claims) - 1);
    write_file(notes, phi_notes, sizeof(phi_notes) - 1);
    const char fee_text[] = "code,description,nonfacility,facility,mult_proc,global_days\n"
                            "17311,x,700.00,500.00,2,000\n"
                            MARK ",x,1,1,2,000\n17312,x,$" MARK ",1,0,ZZZ\n";
    write_file(fees, fee_text, sizeof(fee_text) - 1);

    /* A full run, with every output and the bad fee rows. */
    snprintf(cmd, sizeof(cmd),
             "'%s' --claims '%s' --notes '%s' --fees '%s' --out '%s' --findings '%s/f.csv' "
             "--facts '%s/facts.csv' >'%s' 2>&1",
             CLI, claims, notes, fees, out, dir, dir, log);
    assert_int_equal(run(cmd), 0);
    assert_no_marker(log);

    /* Failures: a missing column, a file that is not a fee table, no header. */
    const char no_cpt[] = "claim_id,patient_id,date_of_service\nC" MARK ",P" MARK ",2026-07-01\n";
    write_file(claims, no_cpt, sizeof(no_cpt) - 1);
    snprintf(cmd, sizeof(cmd), "'%s' --claims '%s' --notes '%s' --out '%s' >'%s' 2>&1", CLI,
             claims, notes, out, log);
    assert_int_equal(run(cmd), 2);
    assert_no_marker(log);
    snprintf(cmd, sizeof(cmd), "'%s' --claims '%s' --notes '%s' --fees '%s' --out '%s' >'%s' 2>&1",
             CLI, notes, notes, notes, out, log);
    assert_int_equal(run(cmd), 2);
    assert_no_marker(log);

    /* The Data Quality entries themselves hold no field values. */
    da_dataset d;
    da_dataset_init(&d);
    da_import_result r;
    assert_int_equal(da_import_claims_mem(&d, "claims.csv", phi_claims, sizeof(phi_claims) - 1, &r),
                     DA_OK);
    assert_int_equal(da_import_notes_mem(&d, "notes.csv", phi_notes, sizeof(phi_notes) - 1, &r),
                     DA_OK);
    assert_true(d.dq.count >= 8);
    for (size_t i = 0; i < d.dq.count; i++) {
        assert_null(strstr(d.dq.items[i].reason, MARK));
        assert_null(strstr(d.dq.items[i].column, MARK));
    }
    da_dataset_free(&d);
    remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_output_not_writable),
        cmocka_unit_test(test_disk_full_file_size_limit),
        cmocka_unit_test(test_disk_full_tmpfs),
        cmocka_unit_test(test_tmp_full),
        cmocka_unit_test(test_sigint),
        cmocka_unit_test(test_sigterm),
        cmocka_unit_test(test_success_leaves_only_reports),
        cmocka_unit_test(test_phi_never_printed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
