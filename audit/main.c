/* main.c - the dermaudit command line: options, files in, reports out.
 *
 * Every report is written through a temporary file beside its target and
 * renamed into place only when the whole run succeeded, so a failed or
 * interrupted run never leaves a half-written report (output.h says what
 * protects the outputs). The process holds PHI, so it dumps no core unless
 * DERMAUDIT_CORE_DUMPS=1 asks for one. Messages name files, lines, columns
 * and counts only, never note text or identifiers.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "asp.h"
#include "audit.h"
#include "compare.h"
#include "contracts.h"
#include "extract.h"
#include "fees.h"
#include "import.h"
#include "mask.h"
#include "mem.h"
#include "ncci.h"
#include "output.h"
#include "price.h"
#include "remit.h"
#include "rules.h"
#include "trend.h"
#include "workbook.h"

typedef enum da_exit {
    DA_EXIT_OK = 0,      /* report written (bad rows are reported, never fatal) */
    DA_EXIT_FAILURE = 1, /* internal failure, or the report could not be written */
    DA_EXIT_USAGE = 2    /* usage error, unreadable file or missing required column */
} da_exit;

/* A write went past the file size limit (ulimit -f): some output is short. */
static volatile sig_atomic_t size_limit_hit;

/* SIGXFSZ: the write fails with EFBIG instead of killing the program, and
 * the run fails, so the temporary files are removed. */
static void on_size_limit(int sig)
{
    (void)sig;
    size_limit_hit = 1;
}

/* Says which file (NULL: some output) reached the file size limit, and the limit. */
static void size_limit_message(const char *file)
{
    struct rlimit rl;
    char limit[64] = "";
    if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
        snprintf(limit, sizeof(limit), ": %llu bytes", (unsigned long long)rl.rlim_cur);
    fprintf(stderr, "dermaudit: %s%sfile size limit reached (ulimit -f%s); no report written\n",
            file ? file : "", file ? ": " : "", limit);
}

/* A core dump would hold patient identifiers and note text: none, unless
 * DERMAUDIT_CORE_DUMPS=1 (for debugging, on data that may be dumped). */
static void no_core_dumps(void)
{
    const char *keep = getenv("DERMAUDIT_CORE_DUMPS");
    if (keep && strcmp(keep, "1") == 0)
        return;
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

static void usage(FILE *out)
{
    fputs("usage: dermaudit --claims FILE --notes FILE --out REPORT.xlsx [options]\n"
          "  --claims FILE        claim lines CSV (one row per claim line), or an 837P\n"
          "                       file (detected by its ISA header)\n"
          "  --remit FILE         835 remittance advice file, or a folder of them\n"
          "                       (repeatable): joined to the claim lines\n"
          "  --notes FILE         note extracts CSV (one row per note)\n"
          "  --out FILE           the audit workbook to write (.xlsx)\n"
          "  --findings FILE      also write every finding as CSV\n"
          "  --facts FILE         also write every fact extracted from the notes as CSV\n"
          "  --fees FILE          fee table: our CSV layout or a CMS PPRRVU file\n"
          "                       (default: built-in 2026 national Medicare non-facility)\n"
          "  --drug-prices FILE   CMS Medicare Part B drug payment limit file, as CMS ships it\n"
          "                       (default: built-in Q1 2026 file)\n"
          "  --ncci-ptp FILE      CMS NCCI practitioner PTP edit file, as CMS ships it\n"
          "                       (repeatable: f1..f4; default: the built-in pair table)\n"
          "  --mue FILE           CMS practitioner MUE file, as CMS ships it\n"
          "  --contracts FILE     payer contracts CSV: payer, code (or *), modifier,\n"
          "                       allowed or percent_of_medicare, effective dates\n"
          "  --practice NAME      practice name for the report title\n"
          "  --from DATE          first date of service audited (YYYY-MM-DD)\n"
          "  --to DATE            last date of service audited (YYYY-MM-DD)\n"
          "  --in-house-pathology the practice bills its own pathology (88300-88399)\n"
          "                       even when no such line is in the claims\n"
          "  --created TIME       creation time stored in the workbook\n"
          "                       (YYYY-MM-DDTHH:MM:SSZ), for reproducible reports\n"
          "  --template NAME      prospect, onboarding (default) or quarterly, or the\n"
          "                       path of a template file (see templates/onboarding.txt)\n"
          "  --mask-phi           patient, claim and encounter IDs as stable pseudonyms,\n"
          "                       names, birth dates, MRNs, SSNs, phones, e-mail and\n"
          "                       street addresses scrubbed from note text (also when\n"
          "                       the template says mask_phi: yes)\n"
          "  --deidentify         --mask-phi, and every date reduced to its year\n"
          "  --mask-secret FILE   the practice's secret for the pseudonyms (created with\n"
          "                       random bytes when missing; default: the input files)\n"
          "  --mask-key-out FILE  write pseudonym -> identifier pairs, for the practice\n"
          "  --previous FILE      the --findings CSV of an earlier period: Trend sheet\n"
          "  --as-of DATE         receivables and filing deadlines as of (YYYY-MM-DD;\n"
          "                       default: the last day of the period)\n"
          "  --version            print the version\n"
          "  --help               print this help\n",
          out);
}

/* Edits (insert, delete, replace) from a to b, counting at most 3. */
static int edits(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return 3;
    int d[41][41];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            d[i][j] = best;
        }
    return d[la][lb] < 3 ? d[la][lb] : 3;
}

/* The closest of names to word (at most 2 edits away), NULL when none is. */
static const char *closest(const char *word, const char *const *names, size_t n)
{
    const char *best = NULL;
    int best_d = 3;
    for (size_t i = 0; i < n; i++) {
        int d = edits(word, names[i]);
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    return best;
}

/* A mistyped option: what was typed, the closest option and every option,
 * in one line. */
static void unknown_option(const char *arg, const struct option *opts)
{
    const char *names[64];
    size_t n = 0;
    for (; opts[n].name && n < 64; n++)
        names[n] = opts[n].name;
    const char *word = arg;
    while (*word == '-')
        word++;
    char typed[64];
    snprintf(typed, sizeof(typed), "%.*s", (int)strcspn(word, "="), word);
    const char *near = closest(typed, names, n);
    fprintf(stderr, "dermaudit: unknown option '%s'", arg);
    if (near)
        fprintf(stderr, " (did you mean --%s?)", near);
    fputs("; the options are:", stderr);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, " --%s", names[i]);
    fputc('\n', stderr);
}

/* ---- progress on a terminal ---- */

/* The stages a long run goes through, shown on stderr when it is a terminal. */
typedef enum stage { STAGE_READ, STAGE_AUDIT, STAGE_WRITE, STAGE_DONE } stage;

typedef struct progress {
    pthread_t thread;     /* the thread that draws the line */
    bool running;         /* the thread was started */
    atomic_int stage;     /* the stage under way */
    size_t encounters;    /* encounters to audit, set before STAGE_AUDIT */
    struct timespec t0;   /* when the audit stage began */
} progress;

static double seconds_since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Redraws one line every quarter second: the stage and, while auditing,
 * the share done and the rate. Counts only, never a name or a note. */
static void *progress_main(void *arg)
{
    progress *p = arg;
    struct timespec tick = {0, 250000000L};
    for (int st; (st = atomic_load(&p->stage)) != STAGE_DONE; nanosleep(&tick, NULL)) {
        if (st == STAGE_READ) {
            fputs("\rdermaudit: reading the claims and notes\033[K", stderr);
        } else if (st == STAGE_AUDIT) {
            size_t done = da_audit_progress();
            double secs = seconds_since(&p->t0);
            fprintf(stderr, "\rdermaudit: auditing %3.0f%% (%zu of %zu encounters, %.0f a second)\033[K",
                    p->encounters ? 100.0 * (double)done / (double)p->encounters : 100.0, done,
                    p->encounters, secs > 0 ? (double)done / secs : 0.0);
        } else {
            fputs("\rdermaudit: writing the workbook\033[K", stderr);
        }
        fflush(stderr);
    }
    fputs("\r\033[K", stderr);
    return NULL;
}

static void progress_start(progress *p)
{
    atomic_init(&p->stage, STAGE_READ);
    p->running = isatty(STDERR_FILENO) && pthread_create(&p->thread, NULL, progress_main, p) == 0;
}

static void progress_stage(progress *p, stage st)
{
    if (st == STAGE_AUDIT)
        clock_gettime(CLOCK_MONOTONIC, &p->t0);
    atomic_store(&p->stage, st);
}

/* Ends the line; the lines that follow start at the margin. */
static void progress_stop(progress *p)
{
    atomic_store(&p->stage, STAGE_DONE);
    if (p->running)
        pthread_join(p->thread, NULL);
    p->running = false;
}

static bool parse_iso_date(const char *s, da_date *out)
{
    int y, m, d;
    char tail;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < 1900 || m < 1 || m > 12 ||
        d < 1 || d > 31)
        return false;
    da_date v = da_date_from_ymd(y, m, d);
    int y2, m2, d2;
    da_date_to_ymd(v, &y2, &m2, &d2);
    if (y2 != y || m2 != m || d2 != d)
        return false;
    *out = v;
    return true;
}

static bool valid_created(const char *s)
{
    int y, mo, d, h, mi, sec;
    char z, tail;
    return strlen(s) == 20 &&
           sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c%c", &y, &mo, &d, &h, &mi, &sec, &z, &tail) == 7 &&
           z == 'Z' && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && sec < 61;
}

static da_exit import_failed(const char *path, da_error err, const da_import_result *r)
{
    if ((err == DA_ERR_COLUMN || err == DA_ERR_FORMAT) && r->file_kind)
        fprintf(stderr,
                "dermaudit: %s: this file is %s, not comma-separated: save it as CSV "
                "(comma-separated values) and run again\n",
                path, r->file_kind);
    else if (err == DA_ERR_COLUMN)
        fprintf(stderr,
                "dermaudit: %s: missing required column '%s'%s; accepted names (case, spaces and "
                "punctuation ignored): %s; the header has: %s\n",
                path, r->missing_column,
                strcmp(r->missing_column, "encounter_id") == 0
                    ? " (or both patient_id and date_of_service)"
                    : "",
                r->accepted, r->found);
    else if (err == DA_ERR_IO)
        fprintf(stderr, "dermaudit: %s: cannot read: %s\n", path, strerror(errno));
    else if (err == DA_ERR_FORMAT)
        fprintf(stderr, "dermaudit: %s: no header row (an 837: no readable ISA segment)\n", path);
    else
        fprintf(stderr, "dermaudit: %s: %s\n", path, da_strerror(err));
    return err == DA_ERR_NOMEM || err == DA_ERR_INTERNAL ? DA_EXIT_FAILURE : DA_EXIT_USAGE;
}

/* The --findings CSV, written on a thread of its own. */
typedef struct csv_job {
    const da_output *out;            /* the file to write through; NULL when not asked for */
    const da_dataset *data;          /* the audited dataset, read only */
    const da_finding_list *findings; /* the findings, read only */
    int err;                         /* errno of the failure, 0 when written */
} csv_job;

static void *findings_csv_main(void *arg)
{
    csv_job *job = arg;
    errno = 0;
    FILE *fp = da_output_stream(job->out);
    bool ok = fp && da_findings_write_csv(fp, job->data, job->findings) == DA_OK;
    if (fp && fclose(fp) != 0)
        ok = false;
    job->err = ok ? 0 : errno ? errno : EIO;
    return NULL;
}

/* Folds a file's bytes into the mask key; false when it cannot be read. */
static bool absorb_file(da_mask *m, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    unsigned char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        da_mask_absorb(m, buf, n);
    bool ok = !ferror(f);
    fclose(f);
    return ok;
}

#define SECRET_MIN 16   /* bytes a --mask-secret must have */
#define SECRET_MAX 4096 /* bytes of it used */

/* The mask key from the practice's secret file, which is created (0600,
 * 32 random bytes as hex) when it does not exist yet. A secret shorter than
 * SECRET_MIN bytes, or a file others may read, is refused; false (with a
 * message) when it cannot be used. */
static bool mask_from_secret(da_mask *m, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f && errno == ENOENT) {
        unsigned char raw[32];
        FILE *rnd = fopen("/dev/urandom", "rb");
        bool got = rnd && fread(raw, 1, sizeof(raw), rnd) == sizeof(raw);
        if (rnd)
            fclose(rnd);
        int fd = got ? open(path, O_WRONLY | O_CREAT | O_EXCL, S_IRUSR | S_IWUSR) : -1;
        bool ok = fd >= 0;
        if (ok) {
            char hex[2 * sizeof(raw) + 2];
            for (size_t i = 0; i < sizeof(raw); i++)
                snprintf(hex + 2 * i, 3, "%02x", raw[i]);
            hex[2 * sizeof(raw)] = '\n';
            ok = write(fd, hex, sizeof(hex) - 1) == (ssize_t)(sizeof(hex) - 1);
            ok = close(fd) == 0 && ok;
        }
        if (!ok) {
            fprintf(stderr, "dermaudit: %s: cannot create the mask secret: %s\n", path,
                    strerror(errno ? errno : EIO));
            return false;
        }
        f = fopen(path, "rb");
    }
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0) {
        fprintf(stderr, "dermaudit: %s: cannot read the mask secret: %s\n", path,
                strerror(errno ? errno : EIO));
        if (f)
            fclose(f);
        return false;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        fprintf(stderr,
                "dermaudit: %s: the mask secret may be read by other users (mode %04o): make it "
                "the owner's only (chmod 600)\n",
                path, (unsigned)(st.st_mode & 07777));
        fclose(f);
        return false;
    }
    char secret[SECRET_MAX + 1];
    size_t n = fread(secret, 1, sizeof(secret), f);
    bool ok = !ferror(f);
    fclose(f);
    if (!ok) {
        fprintf(stderr, "dermaudit: %s: cannot read the mask secret: %s\n", path,
                strerror(errno ? errno : EIO));
        return false;
    }
    bool longer = n > SECRET_MAX;
    if (longer)
        n = SECRET_MAX;
    while (n > 0 && (secret[n - 1] == '\n' || secret[n - 1] == '\r'))
        n--;
    if (n < SECRET_MIN) {
        fprintf(stderr,
                "dermaudit: %s: the mask secret has %zu bytes; at least %d are needed (delete "
                "the file and one with 32 random bytes is made)\n",
                path, n, SECRET_MIN);
        return false;
    }
    if (longer)
        fprintf(stderr,
                "dermaudit: warning: %s: the mask secret is longer than %d bytes; only its first "
                "%d are used\n",
                path, SECRET_MAX, SECRET_MAX);
    da_mask_init(m, secret, n);
    return true;
}

int main(int argc, char **argv)
{
    no_core_dumps();
    const char *claims_path = NULL, *notes_path = NULL, *fees_path = NULL;
    const char *drug_prices_path = NULL;
    const char *remit_paths[64], *ptp_paths[16];
    int nremit = 0, nptp = 0;
    const char *mue_path = NULL, *contracts_path = NULL;
    const char *practice = "the practice", *created = NULL;
    const char *template_name = NULL, *secret_path = NULL, *previous_path = NULL;
    bool mask_phi = false, deidentify = false; /* --mask-phi, --deidentify */
    enum { OUT_WORKBOOK, OUT_FINDINGS, OUT_FACTS, OUT_KEY, MAX_OUTPUTS };
    da_output outs[MAX_OUTPUTS] = {
        {.option = "--out", .fd = -1},
        {.option = "--findings", .fd = -1, .phi = true},
        {.option = "--facts", .fd = -1, .phi = true},
        {.option = "--mask-key-out", .fd = -1, .phi = true},
    };
    da_date from = DA_DATE_NONE, to = DA_DATE_NONE, as_of = DA_DATE_NONE;
    da_options opt = {0};

    enum { O_CLAIMS = 256, O_NOTES, O_OUT, O_FINDINGS, O_FACTS, O_FEES, O_PRACTICE, O_FROM, O_TO,
           O_CREATED, O_IN_HOUSE_PATHOLOGY, O_DRUG_PRICES, O_VERSION, O_HELP, O_TEMPLATE, O_MASK,
           O_SECRET, O_KEY_OUT, O_PREVIOUS, O_AS_OF, O_REMIT, O_PTP, O_MUE, O_CONTRACTS,
           O_DEIDENTIFY };
    static const struct option longopts[] = {
        {"claims", required_argument, NULL, O_CLAIMS},
        {"notes", required_argument, NULL, O_NOTES},
        {"remit", required_argument, NULL, O_REMIT},
        {"ncci-ptp", required_argument, NULL, O_PTP},
        {"mue", required_argument, NULL, O_MUE},
        {"contracts", required_argument, NULL, O_CONTRACTS},
        {"out", required_argument, NULL, O_OUT},
        {"findings", required_argument, NULL, O_FINDINGS},
        {"facts", required_argument, NULL, O_FACTS},
        {"fees", required_argument, NULL, O_FEES},
        {"drug-prices", required_argument, NULL, O_DRUG_PRICES},
        {"practice", required_argument, NULL, O_PRACTICE},
        {"from", required_argument, NULL, O_FROM},
        {"to", required_argument, NULL, O_TO},
        {"created", required_argument, NULL, O_CREATED},
        {"in-house-pathology", no_argument, NULL, O_IN_HOUSE_PATHOLOGY},
        {"template", required_argument, NULL, O_TEMPLATE},
        {"mask-phi", no_argument, NULL, O_MASK},
        {"deidentify", no_argument, NULL, O_DEIDENTIFY},
        {"mask-secret", required_argument, NULL, O_SECRET},
        {"mask-key-out", required_argument, NULL, O_KEY_OUT},
        {"previous", required_argument, NULL, O_PREVIOUS},
        {"as-of", required_argument, NULL, O_AS_OF},
        {"version", no_argument, NULL, O_VERSION},
        {"help", no_argument, NULL, O_HELP},
        {NULL, 0, NULL, 0},
    };
    int c;
    opterr = 0; /* the messages below name the valid options */
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (c) {
        case O_CLAIMS: claims_path = optarg; break;
        case O_NOTES: notes_path = optarg; break;
        case O_REMIT:
            if (nremit == (int)(sizeof(remit_paths) / sizeof(remit_paths[0]))) {
                fputs("dermaudit: --remit: at most 64 (name a folder instead)\n", stderr);
                return DA_EXIT_USAGE;
            }
            remit_paths[nremit++] = optarg;
            break;
        case O_PTP:
            if (nptp == (int)(sizeof(ptp_paths) / sizeof(ptp_paths[0]))) {
                fputs("dermaudit: --ncci-ptp: at most 16 files\n", stderr);
                return DA_EXIT_USAGE;
            }
            ptp_paths[nptp++] = optarg;
            break;
        case O_MUE: mue_path = optarg; break;
        case O_CONTRACTS: contracts_path = optarg; break;
        case O_OUT: outs[OUT_WORKBOOK].target = optarg; break;
        case O_FINDINGS: outs[OUT_FINDINGS].target = optarg; break;
        case O_FACTS: outs[OUT_FACTS].target = optarg; break;
        case O_FEES: fees_path = optarg; break;
        case O_DRUG_PRICES: drug_prices_path = optarg; break;
        case O_PRACTICE: practice = optarg; break;
        case O_FROM:
            if (!parse_iso_date(optarg, &from)) {
                fprintf(stderr, "dermaudit: --from: not a date (YYYY-MM-DD)\n");
                return DA_EXIT_USAGE;
            }
            break;
        case O_TO:
            if (!parse_iso_date(optarg, &to)) {
                fprintf(stderr, "dermaudit: --to: not a date (YYYY-MM-DD)\n");
                return DA_EXIT_USAGE;
            }
            break;
        case O_CREATED:
            if (!valid_created(optarg)) {
                fprintf(stderr, "dermaudit: --created: expected YYYY-MM-DDTHH:MM:SSZ\n");
                return DA_EXIT_USAGE;
            }
            created = optarg;
            break;
        case O_IN_HOUSE_PATHOLOGY: opt.in_house_pathology = true; break;
        case O_TEMPLATE: template_name = optarg; break;
        case O_MASK: mask_phi = true; break;
        case O_DEIDENTIFY: mask_phi = deidentify = true; break;
        case O_SECRET: secret_path = optarg; break;
        case O_KEY_OUT: outs[OUT_KEY].target = optarg; break;
        case O_PREVIOUS: previous_path = optarg; break;
        case O_AS_OF:
            if (!parse_iso_date(optarg, &as_of)) {
                fprintf(stderr, "dermaudit: --as-of: not a date (YYYY-MM-DD)\n");
                return DA_EXIT_USAGE;
            }
            break;
        case O_VERSION: printf("dermaudit %s\n", DERMAUDIT_VERSION); return DA_EXIT_OK;
        case O_HELP: usage(stdout); return DA_EXIT_OK;
        case ':':
            fprintf(stderr, "dermaudit: %s needs a value (dermaudit --help)\n", argv[optind - 1]);
            return DA_EXIT_USAGE;
        default:
            unknown_option(argv[optind - 1], longopts);
            return DA_EXIT_USAGE;
        }
    }
    if (optind < argc || !claims_path || !notes_path || !outs[OUT_WORKBOOK].target) {
        fputs("dermaudit: --claims, --notes and --out are required\n", stderr);
        usage(stderr);
        return DA_EXIT_USAGE;
    }
    if (from != DA_DATE_NONE && to != DA_DATE_NONE && to < from) {
        fputs("dermaudit: --to is before --from\n", stderr);
        return DA_EXIT_USAGE;
    }

    /* Every file named is compared before any is read. A template is a file
     * when it is not a built-in name. */
    da_input inputs[9 + sizeof(remit_paths) / sizeof(remit_paths[0]) +
                    sizeof(ptp_paths) / sizeof(ptp_paths[0])] = {
        {"--claims", claims_path},
        {"--notes", notes_path},
        {"--fees", fees_path},
        {"--drug-prices", drug_prices_path},
        {"--previous", previous_path},
        {"--mask-secret", secret_path},
        {"--template", template_name && (strchr(template_name, '/') || access(template_name, F_OK) == 0)
                           ? template_name
                           : NULL},
        {"--mue", mue_path},
        {"--contracts", contracts_path},
    };
    size_t ninputs = 9;
    /* --remit may name a folder of remittance files: a folder is no file an
     * output could overwrite */
    for (int k = 0; k < nremit; k++) {
        struct stat st;
        if (stat(remit_paths[k], &st) != 0 || !S_ISDIR(st.st_mode))
            inputs[ninputs++] = (da_input){"--remit", remit_paths[k]};
    }
    for (int k = 0; k < nptp; k++)
        inputs[ninputs++] = (da_input){"--ncci-ptp", ptp_paths[k]};
    if (!da_outputs_check(inputs, ninputs, outs, MAX_OUTPUTS))
        return DA_EXIT_USAGE;

    da_outputs_guard();
    /* sigaction, not signal(): with _POSIX_C_SOURCE, signal() resets the
     * handler after one delivery and the next write would kill the program. */
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_size_limit;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGXFSZ, &sa, NULL);
    da_exit code = DA_EXIT_FAILURE;
    progress prog = {0};
    da_dataset data;
    da_dataset_init(&data);
    da_fee_table *fees = NULL;
    da_asp_table *asp = NULL;
    da_finding_list findings;
    da_findings_init(&findings);
    da_details details;
    da_details_init(&details);
    FILE *facts_fp = NULL;
    da_error err;
    da_import_result ir;
    da_template *tpl = NULL;
    da_observed *observed = NULL;
    da_previous previous = {0};
    bool have_previous = false;
    da_mask mask;
    bool masked = false;
    da_ncci ncci;
    da_ncci_init(&ncci);
    da_contracts contracts;
    da_contracts_init(&contracts);

    if ((err = da_template_load(template_name, &tpl)) != DA_OK) {
        static const char *const builtin[] = {"prospect", "onboarding", "quarterly"};
        const char *near = closest(template_name, builtin, 3);
        if (err == DA_ERR_LIMIT)
            fprintf(stderr, "dermaudit: --template %s: file too large\n", template_name);
        else
            fprintf(stderr,
                    "dermaudit: --template %s: no such built-in template or file%s%s%s; the "
                    "built-in templates are prospect, onboarding and quarterly\n",
                    template_name, near ? " (did you mean " : "", near ? near : "",
                    near ? "?)" : "");
        code = DA_EXIT_USAGE;
        goto cleanup;
    }
    if (da_template_needs_previous(tpl) && !previous_path) {
        fprintf(stderr, "dermaudit: --template %s compares two periods: give the earlier "
                        "period's findings CSV (its --findings file) with --previous FILE\n",
                da_template_name(tpl));
        code = DA_EXIT_USAGE;
        goto cleanup;
    }
    masked = mask_phi || da_template_mask_phi(tpl);
    /* The workbook is the prospect's; the CSVs stay the practice's own. */
    for (int k = OUT_FINDINGS; k <= OUT_FACTS && da_template_prospect(tpl); k++)
        if (outs[k].target)
            fprintf(stderr,
                    "dermaudit: warning: %s is not masked: it keeps the practice's real "
                    "identifiers%s; do not hand it to the prospect\n",
                    k == OUT_FINDINGS ? "--findings" : "--facts", k == OUT_FACTS ? " and note text" : "");
    outs[OUT_WORKBOOK].phi = !masked;
    if (outs[OUT_KEY].target && !masked) {
        fputs("dermaudit: --mask-key-out needs --mask-phi or a template that masks\n", stderr);
        code = DA_EXIT_USAGE;
        goto cleanup;
    }
    if (previous_path) {
        if ((err = da_previous_load(previous_path, &previous)) != DA_OK) {
            fprintf(stderr, "dermaudit: %s: %s\n", previous_path,
                    err == DA_ERR_COLUMN ? "not a findings CSV (needed columns missing)"
                                         : da_strerror(err));
            code = DA_EXIT_USAGE;
            goto cleanup;
        }
        have_previous = true;
    }

    for (int i = 0; i < MAX_OUTPUTS; i++)
        if (!da_output_open(&outs[i])) {
            code = DA_EXIT_USAGE;
            goto cleanup;
        }
    /* libxlsxwriter opens its file by name: the descriptor's own name. */
    char workbook_path[64];
    da_output_fd_path(&outs[OUT_WORKBOOK], workbook_path, sizeof(workbook_path));
    if (access(workbook_path, W_OK) != 0) {
        fprintf(stderr, "dermaudit: %s: /proc is not mounted, so the workbook cannot be written "
                        "through its own descriptor\n",
                outs[OUT_WORKBOOK].target);
        goto cleanup;
    }
    if ((err = da_catalog_load()) != DA_OK) {
        fprintf(stderr, "dermaudit: built-in tables: %s\n", da_strerror(err));
        goto cleanup;
    }
    err = fees_path ? da_fees_load_file(fees_path, &data.dq, &fees) : da_fees_load_default(&fees);
    if (err != DA_OK) {
        fprintf(stderr, "dermaudit: %s: %s\n", fees_path ? fees_path : "built-in fee table",
                err == DA_ERR_COLUMN ? "not a fee table (needed columns missing)" : da_strerror(err));
        code = err == DA_ERR_NOMEM ? DA_EXIT_FAILURE : DA_EXIT_USAGE;
        goto cleanup;
    }
    err = drug_prices_path ? da_asp_load_file(drug_prices_path, &data.dq, &asp)
                           : da_asp_load_default(&asp);
    if (err != DA_OK) {
        fprintf(stderr, "dermaudit: %s: %s\n", drug_prices_path ? drug_prices_path : "built-in drug prices",
                err == DA_ERR_COLUMN ? "not a CMS payment limit file (no HCPCS Code / Payment Limit header)"
                                     : da_strerror(err));
        code = err == DA_ERR_NOMEM ? DA_EXIT_FAILURE : DA_EXIT_USAGE;
        goto cleanup;
    }
    da_asp_use(asp);
    for (int i = 0; i < nptp + (mue_path != NULL); i++) {
        const char *path = i < nptp ? ptp_paths[i] : mue_path;
        err = i < nptp ? da_ncci_load_ptp(&ncci, path, NULL, 0, &data.dq)
                       : da_ncci_load_mue(&ncci, path, NULL, 0, &data.dq);
        if (err != DA_OK) {
            fprintf(stderr, "dermaudit: %s: %s\n", path,
                    err == DA_ERR_COLUMN ? (i < nptp ? "not a CMS NCCI PTP file (no Column 1 / Column 2 "
                                                       "header with dates and modifier indicator)"
                                                     : "not a CMS MUE file (no HCPCS/CPT Code header "
                                                       "with MUE values and adjudication indicator)")
                                         : da_strerror(err));
            code = err == DA_ERR_NOMEM ? DA_EXIT_FAILURE : DA_EXIT_USAGE;
            goto cleanup;
        }
    }
    if (nptp || mue_path)
        da_ncci_use(&ncci);
    if (contracts_path) {
        if ((err = da_contracts_load(&contracts, contracts_path, NULL, 0, &data.dq)) != DA_OK) {
            fprintf(stderr, "dermaudit: %s: %s\n", contracts_path,
                    err == DA_ERR_COLUMN ? "not a contracts CSV (needs payer, code and allowed or "
                                           "percent_of_medicare columns)"
                                         : da_strerror(err));
            code = err == DA_ERR_NOMEM ? DA_EXIT_FAILURE : DA_EXIT_USAGE;
            goto cleanup;
        }
        da_contracts_use(&contracts);
    }
    da_import_result notes_ir;
    memset(&ir, 0, sizeof(ir));
    memset(&notes_ir, 0, sizeof(notes_ir));
    const char *failed;
    progress_start(&prog);
    if ((err = da_import_files(&data, claims_path, notes_path, &ir, &notes_ir, &failed)) != DA_OK) {
        progress_stop(&prog);
        code = import_failed(failed, err, failed == claims_path ? &ir : &notes_ir);
        goto cleanup;
    }
    if (nremit) {
        da_remit remit;
        da_remit_init(&remit);
        for (int i = 0; i < nremit; i++)
            if ((err = da_x835_read_path(&remit, remit_paths[i], &data.dq)) != DA_OK) {
                fprintf(stderr, "dermaudit: %s: %s\n", remit_paths[i],
                        err == DA_ERR_FORMAT ? "not an X12 835 file (no ISA segment)"
                                             : "cannot read");
                da_remit_free(&remit);
                code = DA_EXIT_USAGE;
                goto cleanup;
            }
        da_remit_join_stats js;
        da_remit_join(&data, &remit, &js);
        da_remit_free(&remit);
        fprintf(stderr,
                "dermaudit: remittances: %zu lines joined, %zu matching no claim line, %zu "
                "reversed; %zu claim lines with no remittance (listed on Data Quality)\n",
                js.joined, js.unmatched_remit, js.voided, js.unpaid_claims);
    }
    da_dataset_restrict_period(&data, from, to);
    if ((from != DA_DATE_NONE || to != DA_DATE_NONE) && data.nclaims == 0) {
        char a[11], b[11], first[11], last[11];
        da_date_format(from, a);
        da_date_format(to, b);
        da_date_format(data.first_dos, first);
        da_date_format(data.last_dos, last);
        fprintf(stderr,
                "dermaudit: no claim line has a date of service %s%s%s%s%s (the input runs from "
                "%s to %s): nothing to audit\n",
                a[0] ? "from " : "", a, a[0] && b[0] ? " to " : b[0] ? "up to " : " on", b,
                "", first[0] ? first : "?", last[0] ? last : "?");
        code = DA_EXIT_USAGE;
        goto cleanup;
    }
    size_t strays = da_dataset_drop_stray_dates(&data);
    if (strays)
        fprintf(stderr,
                "dermaudit: %zu rows dated over a year apart from all the others left out of the "
                "period (listed on Data Quality)\n",
                strays);
    if ((from != DA_DATE_NONE && from + 31 < data.first_dos) ||
        (to != DA_DATE_NONE && data.last_dos != DA_DATE_NONE && to > data.last_dos + 31)) {
        char a[11], b[11], first[11], last[11];
        da_date_format(from != DA_DATE_NONE ? from : data.first_dos, a);
        da_date_format(to != DA_DATE_NONE ? to : data.last_dos, b);
        da_date_format(data.first_dos, first);
        da_date_format(data.last_dos, last);
        fprintf(stderr,
                "dermaudit: warning: the period %s to %s (--from/--to) is over a month wider "
                "than the dates of service (%s to %s); annualized figures assume the whole "
                "period\n",
                a, b, first, last);
    }
    da_dataset_group(&data);

    if (outs[OUT_FACTS].temp && !(facts_fp = da_output_stream(&outs[OUT_FACTS]))) {
        fprintf(stderr, "dermaudit: %s: %s\n", outs[OUT_FACTS].target, strerror(errno));
        goto cleanup;
    }
    da_audit_stats stats;
    prog.encounters = data.nencounters;
    progress_stage(&prog, STAGE_AUDIT);
    err = da_audit_run(&data, fees, &opt, facts_fp, &findings, &details, &stats);
    progress_stage(&prog, STAGE_WRITE);
    if (err != DA_OK) {
        progress_stop(&prog);
        /* An input/output error is the --facts file's or the notes file's (texts read back). */
        bool facts_failed = err == DA_ERR_IO && facts_fp && ferror(facts_fp);
        bool notes_failed = err == DA_ERR_CHANGED || (err == DA_ERR_IO && !facts_failed);
        if (facts_failed && size_limit_hit)
            size_limit_message(outs[OUT_FACTS].target);
        else
            fprintf(stderr, "dermaudit: %s: %s\n",
                    facts_failed ? outs[OUT_FACTS].target : notes_failed ? notes_path : "audit",
                    da_strerror(err));
        goto cleanup;
    }
    /* Price again at the practice's own allowed amounts where it has them. */
    observed = da_observed_build(&data, fees);
    da_price_findings(&data, fees, observed, &findings);
    if (masked) {
        if (secret_path) {
            if (!mask_from_secret(&mask, secret_path)) {
                code = DA_EXIT_USAGE;
                goto cleanup;
            }
        } else {
            da_mask_init(&mask, "dermaudit", 9);
            const char *unread = !absorb_file(&mask, claims_path) ? claims_path
                                 : !absorb_file(&mask, notes_path) ? notes_path
                                                                   : NULL;
            if (unread) {
                fprintf(stderr, "dermaudit: %s: cannot read it again for the mask key: %s\n",
                        unread, strerror(errno ? errno : EIO));
                code = DA_EXIT_USAGE;
                goto cleanup;
            }
        }
    }
    if (outs[OUT_KEY].temp) {
        FILE *key_fp = da_output_stream(&outs[OUT_KEY]);
        bool ok = key_fp && da_mask_write_key(key_fp, &mask, &data) == DA_OK;
        if (key_fp && fclose(key_fp) != 0)
            ok = false;
        if (!ok) {
            fprintf(stderr, "dermaudit: %s: %s\n", outs[OUT_KEY].target, strerror(errno));
            goto cleanup;
        }
    }
    if (facts_fp) {
        int rc = fclose(facts_fp);
        facts_fp = NULL;
        if (rc != 0) {
            if (size_limit_hit)
                size_limit_message(outs[OUT_FACTS].target);
            else
                fprintf(stderr, "dermaudit: %s: %s\n", outs[OUT_FACTS].target, strerror(errno));
            goto cleanup;
        }
    }
    char basis_text[320];
    snprintf(basis_text, sizeof(basis_text),
             "the practice's own allowed amounts (median per code and payer, 3 or more paid "
             "lines), else the fee table scaled by the payer's ratio, else the fee table (%s)",
             da_fees_source(fees));
    da_report report = {
        .data = &data,
        .findings = &findings,
        .details = &details,
        .practice = practice,
        .from = from != DA_DATE_NONE ? from : data.first_dos,
        .to = to != DA_DATE_NONE ? to : data.last_dos,
        .fees_source = basis_text,
        .created = created,
        .tpl = tpl,
        .mask = masked ? &mask : NULL,
        .deidentify = deidentify,
        .as_of = as_of,
        .fees = fees,
        .previous = have_previous ? &previous : NULL,
        .beside = outs[OUT_WORKBOOK].target,
    };
    /* The --findings CSV is written while the workbook is (both only read
     * the findings and the dataset), on the core the workbook's compression
     * leaves idle. */
    csv_job csv = {outs[OUT_FINDINGS].temp ? &outs[OUT_FINDINGS] : NULL, &data, &findings, 0};
    pthread_t csv_tid;
    bool csv_thread = false;
    if (csv.out && !(csv_thread = pthread_create(&csv_tid, NULL, findings_csv_main, &csv) == 0))
        findings_csv_main(&csv);
    err = da_workbook_write(workbook_path, &report);
    progress_stop(&prog);
    if (csv_thread)
        pthread_join(csv_tid, NULL);
    if (err != DA_OK) {
        if (size_limit_hit)
            size_limit_message(outs[OUT_WORKBOOK].target);
        else
            fprintf(stderr, "dermaudit: %s: %s\n", outs[OUT_WORKBOOK].target, da_strerror(err));
        goto cleanup;
    }
    if (csv.err && (csv.err == EFBIG || size_limit_hit)) {
        size_limit_message(outs[OUT_FINDINGS].target);
        goto cleanup;
    }
    if (csv.err) {
        fprintf(stderr, "dermaudit: %s: %s\n", outs[OUT_FINDINGS].target, strerror(csv.err));
        goto cleanup;
    }
    /* libxlsxwriter does not check every write: a short file is caught here. */
    if (size_limit_hit) {
        size_limit_message(NULL);
        goto cleanup;
    }
    /* All reports or none: no signal between the renames. */
    if (!da_outputs_commit(outs, MAX_OUTPUTS))
        goto cleanup;

    char claims_outside[48] = "", notes_outside[48] = "";
    if (from != DA_DATE_NONE || to != DA_DATE_NONE || strays) {
        snprintf(claims_outside, sizeof(claims_outside), ", %lu outside the period",
                 data.claims_stats.rows_outside);
        snprintf(notes_outside, sizeof(notes_outside), ", %lu outside the period",
                 data.notes_stats.rows_outside);
    }
    fprintf(stderr,
            "dermaudit: %lu claim rows (%lu used, %lu rejected%s), %lu note rows (%lu used, %lu "
            "rejected%s), %zu encounters, %zu findings\n",
            data.claims_stats.rows_read, data.claims_stats.rows_used,
            data.claims_stats.rows_rejected, claims_outside, data.notes_stats.rows_read,
            data.notes_stats.rows_used, data.notes_stats.rows_rejected, notes_outside,
            data.nencounters, findings.count);
    /* The last line: the report written and its headline figure. */
    da_cents sums[DA_CMP_DIRS];
    da_compare_totals(&findings, sums);
    long days = report.from != DA_DATE_NONE && report.to != DA_DATE_NONE
                    ? (long)report.to - (long)report.from + 1
                    : 0;
    char leak[32], year[32], denials[32], over[32];
    da_money_text((double)sums[DA_CMP_UNDER], leak);
    da_money_text_dollars(da_compare_annual(sums[DA_CMP_UNDER], days), year);
    da_money_text((double)sums[DA_CMP_DENIAL], denials);
    da_money_text((double)sums[DA_CMP_OVER], over);
    fprintf(stderr,
            "dermaudit: wrote %s: estimated leak %s in %ld day%s (%s a year), recoverable "
            "denials %s, over-billing exposure %s\n",
            outs[OUT_WORKBOOK].target, leak, days, days == 1 ? "" : "s", days > 0 ? year : "n/a", denials,
            over);
    code = DA_EXIT_OK;

cleanup:
    progress_stop(&prog);
    if (facts_fp)
        fclose(facts_fp);
    for (int i = 0; i < MAX_OUTPUTS; i++)
        da_output_discard(&outs[i]);
    da_findings_free(&findings);
    da_details_free(&details);
    da_observed_free(observed);
    da_template_free(tpl);
    if (have_previous)
        da_previous_free(&previous);
    da_fees_free(fees);
    da_asp_use(NULL);
    da_asp_free(asp);
    da_ncci_use(NULL);
    da_ncci_free(&ncci);
    da_contracts_use(NULL);
    da_contracts_free(&contracts);
    da_dataset_free(&data);
    da_catalog_free();
    return (int)code;
}
