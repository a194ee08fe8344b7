/* output.c - checks, creates, guards and commits the files a run writes
 * (see output.h). */
#define _XOPEN_SOURCE 700 /* realpath, SIGPOLL and the other XSI signals */
#include "output.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The signal state, the only mutable file-scope variables of audit/ beside
 * main.c's size_limit_hit (tests/check_globals.sh allows these three): a
 * signal handler takes no argument, so what it reaches must be here. */

/* Temporary names not yet renamed, for the signal handler (and the
 * out-of-memory exit) to remove. Eight: the run's outputs (workbook,
 * findings, facts, mask key) with room to spare. */
#define MAX_TEMPS 8
static char *volatile temps[MAX_TEMPS];

/* The signals guarded, filled by da_outputs_guard: the handler's own mask,
 * and blocked while the outputs are renamed. */
static sigset_t guarded;

void da_outputs_remove_temps(void)
{
    for (int i = 0; i < MAX_TEMPS; i++) {
        char *t = temps[i];
        if (t)
            unlink(t);
    }
}

/* Removes the temporary files, says so, and lets the signal do what it
 * would have done (SA_RESETHAND restored the default action). */
static void on_fatal_signal(int sig)
{
    static const char msg[] = "dermaudit: interrupted; no report written\n";
    int saved = errno;
    da_outputs_remove_temps();
    if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0) {
        /* nothing more can be done in a signal handler */
    }
    errno = saved;
    raise(sig);
}

void da_outputs_guard(void)
{
    /* Every signal whose default action ends the process, but SIGXFSZ (a
     * write past ulimit -f fails instead) and SIGKILL/SIGSTOP (which cannot
     * be caught). The faults (SIGSEGV and the like) are left to the
     * sanitizers when they are built in, which report them. */
    static const int sigs[] = {
        SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGVTALRM,
        SIGPROF, SIGXCPU, SIGPOLL, SIGTRAP, SIGSYS,
#ifdef SIGSTKFLT
        SIGSTKFLT,
#endif
#ifdef SIGPWR
        SIGPWR,
#endif
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
        SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL,
#endif
    };
    sigemptyset(&guarded);
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        sigaddset(&guarded, sigs[i]);
    for (int s = SIGRTMIN; s <= SIGRTMAX; s++)
        sigaddset(&guarded, s);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_fatal_signal;
    sa.sa_flags = (int)SA_RESETHAND;
    /* While one handler runs, no other guarded signal interrupts it. */
    sa.sa_mask = guarded;
    for (int s = 1; s <= SIGRTMAX; s++) {
        struct sigaction old;
        /* A signal ignored when the program started (nohup) stays ignored. */
        if (sigismember(&guarded, s) == 1 && sigaction(s, NULL, &old) == 0 &&
            old.sa_handler != SIG_IGN)
            sigaction(s, &sa, NULL);
    }
}

/* ---- checks before anything is read ------------------------------------ */

/* What makes two paths the same file. */
typedef struct file_id {
    bool exists;    /* stat succeeded (symlinks followed) */
    bool regular;   /* it is a regular file */
    dev_t dev;      /* device, when it exists */
    ino_t ino;      /* inode, when it exists */
    char *resolved; /* the absolute path without symlinks, "." or ".." (owned), NULL if unknown */
} file_id;

/* The path resolved: realpath of the file, else realpath of its directory
 * and the last name (a file not created yet). NULL when neither resolves. */
static char *resolve(const char *path)
{
    char *r = realpath(path, NULL);
    if (r)
        return r;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    char *rdir = dir ? realpath(dir, NULL) : NULL;
    free(dir);
    if (!rdir)
        return NULL;
    size_t n = strlen(rdir), b = strlen(base);
    r = malloc(n + b + 2);
    if (r) {
        memcpy(r, rdir, n);
        r[n] = '/';
        memcpy(r + n + 1, base, b + 1);
    }
    free(rdir);
    return r;
}

static void identify(const char *path, file_id *id)
{
    struct stat st;
    memset(id, 0, sizeof(*id));
    if (stat(path, &st) == 0) {
        id->exists = true;
        id->regular = S_ISREG(st.st_mode);
        id->dev = st.st_dev;
        id->ino = st.st_ino;
    }
    id->resolved = resolve(path);
}

static bool same_file(const file_id *a, const file_id *b)
{
    if (a->exists && b->exists)
        return a->dev == b->dev && a->ino == b->ino;
    return a->resolved && b->resolved && strcmp(a->resolved, b->resolved) == 0;
}

bool da_outputs_check(const da_input *inputs, size_t ninputs, const da_output *outs,
                      size_t nouts)
{
    file_id *in = calloc(ninputs + 1, sizeof(*in)), *out = calloc(nouts + 1, sizeof(*out));
    bool ok = in && out;
    if (!ok)
        fputs("dermaudit: out of memory\n", stderr);
    for (size_t i = 0; ok && i < ninputs; i++) {
        if (!inputs[i].path)
            continue;
        identify(inputs[i].path, &in[i]);
        struct stat st;
        if (in[i].exists && !in[i].regular && stat(inputs[i].path, &st) == 0 &&
            S_ISDIR(st.st_mode)) {
            fprintf(stderr, "dermaudit: %s %s: is a directory\n", inputs[i].option,
                    inputs[i].path);
            ok = false;
        }
    }
    for (size_t o = 0; ok && o < nouts; o++) {
        const da_output *d = &outs[o];
        if (!d->target)
            continue;
        if (!d->target[0]) {
            fprintf(stderr, "dermaudit: %s: empty path\n", d->option);
            ok = false;
            break;
        }
        identify(d->target, &out[o]);
        if (out[o].exists && !out[o].regular) {
            fprintf(stderr,
                    "dermaudit: %s %s: exists and is not a regular file; refusing to replace it\n",
                    d->option, d->target);
            ok = false;
            break;
        }
        for (size_t i = 0; ok && i < ninputs; i++)
            if (inputs[i].path && same_file(&out[o], &in[i])) {
                fprintf(stderr, "dermaudit: %s and %s are the same file (%s); nothing was written\n",
                        d->option, inputs[i].option, d->target);
                ok = false;
            }
        for (size_t p = 0; ok && p < o; p++)
            if (outs[p].target && same_file(&out[o], &out[p])) {
                fprintf(stderr, "dermaudit: %s and %s are the same file (%s); nothing was written\n",
                        outs[p].option, d->option, d->target);
                ok = false;
            }
    }
    for (size_t i = 0; in && i < ninputs; i++)
        free(in[i].resolved);
    for (size_t o = 0; out && o < nouts; o++)
        free(out[o].resolved);
    free(in);
    free(out);
    return ok;
}

/* ---- create, write, commit --------------------------------------------- */

bool da_output_open(da_output *o)
{
    o->fd = -1;
    if (!o->target)
        return true;
    int slot = 0;
    while (slot < MAX_TEMPS && temps[slot])
        slot++;
    size_t n = strlen(o->target);
    char *path = malloc(n + 16);
    if (slot == MAX_TEMPS || !path) {
        free(path);
        fprintf(stderr, "dermaudit: %s: too many outputs or out of memory\n", o->target);
        return false;
    }
    memcpy(path, o->target, n);
    memcpy(path + n, ".partial-XXXXXX", 16);
    /* mkstemp: O_CREAT | O_EXCL, mode 0600 whatever the umask. */
    int fd = mkstemp(path);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        fprintf(stderr, "dermaudit: %s: cannot write here: %s\n", o->target, strerror(errno));
        if (fd >= 0) {
            unlink(path);
            close(fd);
        }
        free(path);
        return false;
    }
    o->temp = path;
    o->fd = fd;
    o->dev = st.st_dev;
    o->ino = st.st_ino;
    temps[slot] = path;
    return true;
}

FILE *da_output_stream(const da_output *o)
{
    int fd = dup(o->fd);
    if (fd < 0)
        return NULL;
    FILE *fp = fdopen(fd, "w");
    if (!fp) {
        int saved = errno;
        close(fd);
        errno = saved;
    }
    return fp;
}

void da_output_fd_path(const da_output *o, char *out, size_t size)
{
    snprintf(out, size, "/proc/self/fd/%d", o->fd);
}

/* Takes o's temporary name out of the handler's list and frees it. */
static void forget_temp(da_output *o)
{
    for (int i = 0; i < MAX_TEMPS; i++)
        if (temps[i] == o->temp)
            temps[i] = NULL;
    free(o->temp);
    o->temp = NULL;
}

static bool commit_one(da_output *o, mode_t mask)
{
    if (o->fd < 0)
        return true;
    mode_t mode = o->phi ? 0600 : 0666 & ~mask;
    struct stat st;
    if (stat(o->target, &st) == 0) {
        if (!S_ISREG(st.st_mode)) {
            fprintf(stderr, "dermaudit: %s %s: exists and is not a regular file; refusing to replace it\n",
                    o->option, o->target);
            return false;
        }
        mode &= st.st_mode & 0777; /* never wider than the file it replaces */
    }
    if (fsync(o->fd) != 0 || fchmod(o->fd, mode) != 0) {
        fprintf(stderr, "dermaudit: %s: %s\n", o->target, strerror(errno));
        return false;
    }
    if (lstat(o->temp, &st) != 0 || st.st_dev != o->dev || st.st_ino != o->ino) {
        fprintf(stderr,
                "dermaudit: %s: the temporary file was replaced by someone else; not renamed\n",
                o->target);
        return false;
    }
    if (rename(o->temp, o->target) != 0) {
        fprintf(stderr, "dermaudit: %s: %s\n", o->target, strerror(errno));
        return false;
    }
    forget_temp(o);
    bool ours = lstat(o->target, &st) == 0 && st.st_dev == o->dev && st.st_ino == o->ino;
    close(o->fd);
    o->fd = -1;
    if (!ours)
        fprintf(stderr, "dermaudit: %s: replaced by someone else while it was renamed\n",
                o->target);
    return ours;
}

bool da_outputs_commit(da_output *outs, size_t n)
{
    sigset_t old;
    sigprocmask(SIG_BLOCK, &guarded, &old);
    mode_t mask = umask(0);
    umask(mask);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++)
        ok = commit_one(&outs[i], mask);
    sigprocmask(SIG_SETMASK, &old, NULL);
    return ok;
}

void da_output_discard(da_output *o)
{
    if (o->temp) {
        unlink(o->temp);
        forget_temp(o);
    }
    if (o->fd >= 0) {
        close(o->fd);
        o->fd = -1;
    }
}
