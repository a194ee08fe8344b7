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

/* Longest word edits() compares: option and template names are shorter. */
#define EDIT_WORD_MAX 40
/* Edits past which a word is not a typing slip of another. */
#define EDITS_FAR 3

/* Edits (insert, delete, replace) from a to b, counting at most EDITS_FAR. */
static int edits(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > EDIT_WORD_MAX || lb > EDIT_WORD_MAX)
        return EDITS_FAR;
    int d[EDIT_WORD_MAX + 1][EDIT_WORD_MAX + 1];
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
    return d[la][lb] < EDITS_FAR ? d[la][lb] : EDITS_FAR;
}

/* The closest of names to word (under EDITS_FAR edits away), NULL when none is. */
static const char *closest(const char *word, const char *const *names, size_t n)
{
    const char *best = NULL;
    int best_d = EDITS_FAR;
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
#define OPTIONS_MAX 64 /* entries of a longopts table unknown_option lists */
static void unknown_option(const char *arg, const struct option *opts)
{
    const char *names[OPTIONS_MAX];
    size_t n = 0;
    for (; opts[n].name && n < OPTIONS_MAX; n++)
        names[n] = opts[n].name;
    const char *word = arg;
    while (*word == '-')
        word++;
    char typed[EDIT_WORD_MAX + 1];
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
    atomic_size_t audited; /* encounters audited so far (da_audit_config.progress) */
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
            size_t done = atomic_load(&p->audited);
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

/* ---- the run ---- */

enum { OUT_WORKBOOK, OUT_FINDINGS, OUT_FACTS, OUT_KEY, MAX_OUTPUTS };

#define MAX_REMIT 64 /* --remit options; more files go in a folder */
#define MAX_PTP 16   /* --ncci-ptp options (CMS ships four files a quarter) */

/* What the command line asks for. Paths are argv's (borrowed). */
typedef struct cli {
    const char *claims;             /* --claims: claim lines CSV or 837P */
    const char *notes;              /* --notes: note extracts CSV */
    const char *fees;               /* --fees, NULL = the built-in table */
    const char *drug_prices;        /* --drug-prices, NULL = the built-in file */
    const char *remit[MAX_REMIT];   /* --remit files or folders */
    int nremit;                     /* entries in remit */
    const char *ptp[MAX_PTP];       /* --ncci-ptp files */
    int nptp;                       /* entries in ptp */
    const char *mue;                /* --mue, NULL when absent */
    const char *contracts;          /* --contracts, NULL when absent */
    const char *practice;           /* --practice, the report title's name */
    const char *created;            /* --created, NULL = now */
    const char *template_name;      /* --template, NULL = onboarding */
    const char *secret;             /* --mask-secret, NULL = key from the input files */
    const char *previous;           /* --previous findings CSV, NULL when absent */
    bool mask_phi;                  /* --mask-phi (or --deidentify) */
    bool deidentify;                /* --deidentify */
    da_date from, to;               /* --from/--to, DA_DATE_NONE when absent */
    da_date as_of;                  /* --as-of, DA_DATE_NONE = the period's end */
    da_options opt;                 /* the rules' options (--in-house-pathology) */
    da_output outs[MAX_OUTPUTS];    /* the files written, indexed by OUT_* */
} cli;

/* What a run loads and makes; run_free releases it all. */
typedef struct run {
    da_dataset data;           /* claims and notes, grouped into encounters */
    da_fee_table *fees;        /* fee table */
    da_asp_table *asp;         /* drug payment limits */
    da_ncci ncci;              /* --ncci-ptp / --mue edits */
    da_contracts contracts;    /* --contracts rows */
    da_rules rules;            /* every rule table, with the drug prices, edits and contracts */
    da_template *tpl;          /* the report template */
    da_previous previous;      /* --previous findings */
    bool have_previous;        /* previous was loaded */
    da_observed *observed;     /* the practice's own allowed amounts */
    da_finding_list findings;  /* every finding, priced */
    da_details details;        /* the rule families' detail tables */
    da_mask mask;              /* pseudonym key, when masked */
    bool masked;               /* identifiers are masked in the workbook */
    FILE *facts_fp;            /* --facts stream while the audit writes it */
    char workbook_path[64];    /* the workbook's own descriptor path (/proc/self/fd/N) */
    size_t strays;             /* rows left out for a stray date */
    progress prog;             /* the progress line on a terminal */
} run;

static void run_init(run *r)
{
    memset(r, 0, sizeof(*r));
    da_dataset_init(&r->data);
    da_ncci_init(&r->ncci);
    da_contracts_init(&r->contracts);
    da_findings_init(&r->findings);
    da_details_init(&r->details);
}

static void run_free(run *r)
{
    progress_stop(&r->prog);
    if (r->facts_fp)
        fclose(r->facts_fp);
    da_findings_free(&r->findings);
    da_details_free(&r->details);
    da_observed_free(r->observed);
    da_template_free(r->tpl);
    if (r->have_previous)
        da_previous_free(&r->previous);
    da_rules_free(&r->rules);
    da_fees_free(r->fees);
    da_asp_free(r->asp);
    da_ncci_free(&r->ncci);
    da_contracts_free(&r->contracts);
    da_dataset_free(&r->data);
}

/* Exit status for a table or input that failed to load. */
static da_exit load_failed(da_error err)
{
    return err == DA_ERR_NOMEM ? DA_EXIT_FAILURE : DA_EXIT_USAGE;
}

/* Reads the options into c: -1 to go on, else the exit status (after any
 * message, --help and --version included). */
static int parse_command_line(int argc, char **argv, cli *c)
{
    memset(c, 0, sizeof(*c));
    c->practice = "the practice";
    c->from = c->to = c->as_of = DA_DATE_NONE;
    c->outs[OUT_WORKBOOK] = (da_output){.option = "--out", .fd = -1};
    c->outs[OUT_FINDINGS] = (da_output){.option = "--findings", .fd = -1, .phi = true};
    c->outs[OUT_FACTS] = (da_output){.option = "--facts", .fd = -1, .phi = true};
    c->outs[OUT_KEY] = (da_output){.option = "--mask-key-out", .fd = -1, .phi = true};

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
    int opt;
    opterr = 0; /* the messages below name the valid options */
    while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (opt) {
        case O_CLAIMS: c->claims = optarg; break;
        case O_NOTES: c->notes = optarg; break;
        case O_REMIT:
            if (c->nremit == MAX_REMIT) {
                fputs("dermaudit: --remit: at most 64 (name a folder instead)\n", stderr);
                return DA_EXIT_USAGE;
            }
            c->remit[c->nremit++] = optarg;
            break;
        case O_PTP:
            if (c->nptp == MAX_PTP) {
                fputs("dermaudit: --ncci-ptp: at most 16 files\n", stderr);
                return DA_EXIT_USAGE;
            }
            c->ptp[c->nptp++] = optarg;
            break;
        case O_MUE: c->mue = optarg; break;
        case O_CONTRACTS: c->contracts = optarg; break;
        case O_OUT: c->outs[OUT_WORKBOOK].target = optarg; break;
        case O_FINDINGS: c->outs[OUT_FINDINGS].target = optarg; break;
        case O_FACTS: c->outs[OUT_FACTS].target = optarg; break;
        case O_FEES: c->fees = optarg; break;
        case O_DRUG_PRICES: c->drug_prices = optarg; break;
        case O_PRACTICE: c->practice = optarg; break;
        case O_FROM:
        case O_TO:
        case O_AS_OF:
            if (!parse_iso_date(optarg, opt == O_FROM ? &c->from : opt == O_TO ? &c->to : &c->as_of)) {
                fprintf(stderr, "dermaudit: --%s: not a date (YYYY-MM-DD)\n",
                        opt == O_FROM ? "from" : opt == O_TO ? "to" : "as-of");
                return DA_EXIT_USAGE;
            }
            break;
        case O_CREATED:
            if (!valid_created(optarg)) {
                fprintf(stderr, "dermaudit: --created: expected YYYY-MM-DDTHH:MM:SSZ\n");
                return DA_EXIT_USAGE;
            }
            c->created = optarg;
            break;
        case O_IN_HOUSE_PATHOLOGY: c->opt.in_house_pathology = true; break;
        case O_TEMPLATE: c->template_name = optarg; break;
        case O_MASK: c->mask_phi = true; break;
        case O_DEIDENTIFY: c->mask_phi = c->deidentify = true; break;
        case O_SECRET: c->secret = optarg; break;
        case O_KEY_OUT: c->outs[OUT_KEY].target = optarg; break;
        case O_PREVIOUS: c->previous = optarg; break;
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
    if (optind < argc || !c->claims || !c->notes || !c->outs[OUT_WORKBOOK].target) {
        fputs("dermaudit: --claims, --notes and --out are required\n", stderr);
        usage(stderr);
        return DA_EXIT_USAGE;
    }
    if (c->from != DA_DATE_NONE && c->to != DA_DATE_NONE && c->to < c->from) {
        fputs("dermaudit: --to is before --from\n", stderr);
        return DA_EXIT_USAGE;
    }
    return -1;
}

/* Compares every file named before any is read (output.h): false after a
 * message when an output would replace an input or another output. */
static bool check_paths(const cli *c)
{
    /* A template is a file when it is not a built-in name. */
    const char *tpl_file = c->template_name && (strchr(c->template_name, '/') ||
                                                access(c->template_name, F_OK) == 0)
                               ? c->template_name
                               : NULL;
    da_input inputs[9 + MAX_REMIT + MAX_PTP] = {
        {"--claims", c->claims},         {"--notes", c->notes},
        {"--fees", c->fees},             {"--drug-prices", c->drug_prices},
        {"--previous", c->previous},     {"--mask-secret", c->secret},
        {"--template", tpl_file},        {"--mue", c->mue},
        {"--contracts", c->contracts},
    };
    size_t n = 9;
    /* --remit may name a folder of remittance files: a folder is no file an
     * output could overwrite */
    for (int k = 0; k < c->nremit; k++) {
        struct stat st;
        if (stat(c->remit[k], &st) != 0 || !S_ISDIR(st.st_mode))
            inputs[n++] = (da_input){"--remit", c->remit[k]};
    }
    for (int k = 0; k < c->nptp; k++)
        inputs[n++] = (da_input){"--ncci-ptp", c->ptp[k]};
    return da_outputs_check(inputs, n, c->outs, MAX_OUTPUTS);
}

/* SIGXFSZ sets a flag instead of ending the run (on_size_limit). sigaction,
 * not signal(): with _POSIX_C_SOURCE, signal() resets the handler after one
 * delivery and the next write would kill the program. */
static void catch_size_limit(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_size_limit;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGXFSZ, &sa, NULL);
}

/* The template, what it needs and what it masks, and the earlier period. */
static da_exit choose_template(cli *c, run *r)
{
    da_error err = da_template_load(c->template_name, &r->tpl);
    if (err != DA_OK) {
        static const char *const builtin[] = {"prospect", "onboarding", "quarterly"};
        const char *near = closest(c->template_name, builtin, 3);
        if (err == DA_ERR_LIMIT)
            fprintf(stderr, "dermaudit: --template %s: file too large\n", c->template_name);
        else
            fprintf(stderr,
                    "dermaudit: --template %s: no such built-in template or file%s%s%s; the "
                    "built-in templates are prospect, onboarding and quarterly\n",
                    c->template_name, near ? " (did you mean " : "", near ? near : "",
                    near ? "?)" : "");
        return DA_EXIT_USAGE;
    }
    if (da_template_needs_previous(r->tpl) && !c->previous) {
        fprintf(stderr, "dermaudit: --template %s compares two periods: give the earlier "
                        "period's findings CSV (its --findings file) with --previous FILE\n",
                da_template_name(r->tpl));
        return DA_EXIT_USAGE;
    }
    r->masked = c->mask_phi || da_template_mask_phi(r->tpl);
    /* The workbook is the prospect's; the CSVs stay the practice's own. */
    for (int k = OUT_FINDINGS; k <= OUT_FACTS && da_template_prospect(r->tpl); k++)
        if (c->outs[k].target)
            fprintf(stderr,
                    "dermaudit: warning: %s is not masked: it keeps the practice's real "
                    "identifiers%s; do not hand it to the prospect\n",
                    k == OUT_FINDINGS ? "--findings" : "--facts",
                    k == OUT_FACTS ? " and note text" : "");
    c->outs[OUT_WORKBOOK].phi = !r->masked;
    if (c->outs[OUT_KEY].target && !r->masked) {
        fputs("dermaudit: --mask-key-out needs --mask-phi or a template that masks\n", stderr);
        return DA_EXIT_USAGE;
    }
    if (c->previous) {
        if ((err = da_previous_load(c->previous, &r->previous)) != DA_OK) {
            fprintf(stderr, "dermaudit: %s: %s\n", c->previous,
                    err == DA_ERR_COLUMN ? "not a findings CSV (needed columns missing)"
                                         : da_strerror(err));
            return DA_EXIT_USAGE;
        }
        r->have_previous = true;
    }
    return DA_EXIT_OK;
}

/* Creates every output's temporary file. */
static da_exit open_outputs(cli *c, run *r)
{
    for (int i = 0; i < MAX_OUTPUTS; i++)
        if (!da_output_open(&c->outs[i]))
            return DA_EXIT_USAGE;
    /* libxlsxwriter opens its file by name: the descriptor's own name. */
    da_output_fd_path(&c->outs[OUT_WORKBOOK], r->workbook_path, sizeof(r->workbook_path));
    if (access(r->workbook_path, W_OK) != 0) {
        fprintf(stderr, "dermaudit: %s: /proc is not mounted, so the workbook cannot be written "
                        "through its own descriptor\n",
                c->outs[OUT_WORKBOOK].target);
        return DA_EXIT_FAILURE;
    }
    return DA_EXIT_OK;
}

/* The reference tables: the fee table, drug prices, NCCI edits and
 * contracts the command line names, then the built-in ones with them
 * (da_rules_load). */
static da_exit load_tables(const cli *c, run *r)
{
    da_error err = c->fees ? da_fees_load_file(c->fees, &r->data.dq, &r->fees) : da_fees_load_default(&r->fees);
    if (err != DA_OK) {
        fprintf(stderr, "dermaudit: %s: %s\n", c->fees ? c->fees : "built-in fee table",
                err == DA_ERR_COLUMN ? "not a fee table (needed columns missing)" : da_strerror(err));
        return load_failed(err);
    }
    err = c->drug_prices ? da_asp_load_file(c->drug_prices, &r->data.dq, &r->asp)
                         : da_asp_load_default(&r->asp);
    if (err != DA_OK) {
        fprintf(stderr, "dermaudit: %s: %s\n", c->drug_prices ? c->drug_prices : "built-in drug prices",
                err == DA_ERR_COLUMN ? "not a CMS payment limit file (no HCPCS Code / Payment Limit header)"
                                     : da_strerror(err));
        return load_failed(err);
    }
    for (int i = 0; i < c->nptp + (c->mue != NULL); i++) {
        const char *path = i < c->nptp ? c->ptp[i] : c->mue;
        err = i < c->nptp ? da_ncci_load_ptp(&r->ncci, path, NULL, 0, &r->data.dq)
                          : da_ncci_load_mue(&r->ncci, path, NULL, 0, &r->data.dq);
        if (err != DA_OK) {
            fprintf(stderr, "dermaudit: %s: %s\n", path,
                    err == DA_ERR_COLUMN ? (i < c->nptp ? "not a CMS NCCI PTP file (no Column 1 / Column 2 "
                                                          "header with dates and modifier indicator)"
                                                        : "not a CMS MUE file (no HCPCS/CPT Code header "
                                                          "with MUE values and adjudication indicator)")
                                         : da_strerror(err));
            return load_failed(err);
        }
    }
    if (c->contracts) {
        if ((err = da_contracts_load(&r->contracts, c->contracts, NULL, 0, &r->data.dq)) != DA_OK) {
            fprintf(stderr, "dermaudit: %s: %s\n", c->contracts,
                    err == DA_ERR_COLUMN ? "not a contracts CSV (needs payer, code and allowed or "
                                           "percent_of_medicare columns)"
                                         : da_strerror(err));
            return load_failed(err);
        }
    }
    if ((err = da_rules_load(&r->rules, r->asp, c->nptp || c->mue ? &r->ncci : NULL,
                             c->contracts ? &r->contracts : NULL)) != DA_OK) {
        fprintf(stderr, "dermaudit: built-in tables: %s\n", da_strerror(err));
        return DA_EXIT_FAILURE;
    }
    return DA_EXIT_OK;
}

/* "YYYY-MM-DD" of d, "?" when none. */
static const char *date_or_unknown(da_date d, char out[11])
{
    da_date_format(d, out);
    return out[0] ? out : "?";
}

/* The claims and notes, the remittances joined to them, the period kept,
 * grouped into encounters. */
static da_exit read_inputs(const cli *c, run *r)
{
    da_import_result claims_ir, notes_ir;
    memset(&claims_ir, 0, sizeof(claims_ir));
    memset(&notes_ir, 0, sizeof(notes_ir));
    const char *failed;
    progress_start(&r->prog);
    da_error err = da_import_files(&r->data, c->claims, c->notes, NULL, &claims_ir, &notes_ir, &failed);
    if (err != DA_OK) {
        progress_stop(&r->prog);
        return import_failed(failed, err, failed == c->claims ? &claims_ir : &notes_ir);
    }
    if (c->nremit) {
        da_remit remit;
        da_remit_init(&remit);
        for (int i = 0; i < c->nremit; i++)
            if ((err = da_x835_read_path(&remit, c->remit[i], &r->data.dq)) != DA_OK) {
                fprintf(stderr, "dermaudit: %s: %s\n", c->remit[i],
                        err == DA_ERR_FORMAT ? "not an X12 835 file (no ISA segment)"
                                             : "cannot read");
                da_remit_free(&remit);
                return DA_EXIT_USAGE;
            }
        da_remit_join_stats js;
        da_remit_join(&r->data, &remit, &js);
        da_remit_free(&remit);
        fprintf(stderr,
                "dermaudit: remittances: %zu lines joined, %zu matching no claim line, %zu "
                "reversed; %zu claim lines with no remittance (listed on Data Quality)\n",
                js.joined, js.unmatched_remit, js.voided, js.unpaid_claims);
    }
    da_dataset *data = &r->data;
    da_dataset_restrict_period(data, c->from, c->to);
    char a[11], b[11], first[11], last[11];
    if ((c->from != DA_DATE_NONE || c->to != DA_DATE_NONE) && data->nclaims == 0) {
        da_date_format(c->from, a);
        da_date_format(c->to, b);
        fprintf(stderr,
                "dermaudit: no claim line has a date of service %s%s%s%s (the input runs from "
                "%s to %s): nothing to audit\n",
                a[0] ? "from " : "", a, a[0] && b[0] ? " to " : b[0] ? "up to " : " on", b,
                date_or_unknown(data->first_dos, first), date_or_unknown(data->last_dos, last));
        return DA_EXIT_USAGE;
    }
    r->strays = da_dataset_drop_stray_dates(data);
    if (r->strays)
        fprintf(stderr,
                "dermaudit: %zu rows dated over a year apart from all the others left out of the "
                "period (listed on Data Quality)\n",
                r->strays);
    if ((c->from != DA_DATE_NONE && c->from + 31 < data->first_dos) ||
        (c->to != DA_DATE_NONE && data->last_dos != DA_DATE_NONE && c->to > data->last_dos + 31)) {
        da_date_format(c->from != DA_DATE_NONE ? c->from : data->first_dos, a);
        da_date_format(c->to != DA_DATE_NONE ? c->to : data->last_dos, b);
        da_date_format(data->first_dos, first);
        da_date_format(data->last_dos, last);
        fprintf(stderr,
                "dermaudit: warning: the period %s to %s (--from/--to) is over a month wider "
                "than the dates of service (%s to %s); annualized figures assume the whole "
                "period\n",
                a, b, first, last);
    }
    da_dataset_group(data);
    return DA_EXIT_OK;
}

/* Extraction, the rule families and pricing; --facts written meanwhile. */
static da_exit audit(cli *c, run *r)
{
    da_output *facts = &c->outs[OUT_FACTS];
    if (facts->temp && !(r->facts_fp = da_output_stream(facts))) {
        fprintf(stderr, "dermaudit: %s: %s\n", facts->target, strerror(errno));
        return DA_EXIT_FAILURE;
    }
    da_audit_stats stats;
    r->prog.encounters = r->data.nencounters;
    /* Findings are priced once, as they are made: at the practice's own
     * allowed amounts where it has them (they need only the claims). */
    r->observed = da_observed_build(&r->data, r->fees);
    da_audit_config cfg = {.fees = r->fees, .observed = r->observed, .opt = &c->opt,
                           .rules = &r->rules, .progress = &r->prog.audited};
    progress_stage(&r->prog, STAGE_AUDIT);
    da_error err = da_audit_run(&r->data, &cfg, r->facts_fp, &r->findings, &r->details, &stats);
    progress_stage(&r->prog, STAGE_WRITE);
    if (err != DA_OK) {
        progress_stop(&r->prog);
        /* An input/output error is the --facts file's or the notes file's (texts read back). */
        bool facts_failed = err == DA_ERR_IO && r->facts_fp && ferror(r->facts_fp);
        bool notes_failed = err == DA_ERR_CHANGED || (err == DA_ERR_IO && !facts_failed);
        if (facts_failed && size_limit_hit)
            size_limit_message(facts->target);
        else
            fprintf(stderr, "dermaudit: %s: %s\n",
                    facts_failed ? facts->target : notes_failed ? c->notes : "audit",
                    da_strerror(err));
        return DA_EXIT_FAILURE;
    }
    return DA_EXIT_OK;
}

/* The mask key file and the --facts file closed (both before the workbook). */
static da_exit finish_side_files(cli *c, run *r)
{
    if (r->masked && !da_mask_for_run(&r->mask, c->secret, c->claims, c->notes))
        return DA_EXIT_USAGE;
    da_output *key = &c->outs[OUT_KEY];
    if (key->temp) {
        FILE *key_fp = da_output_stream(key);
        bool ok = key_fp && da_mask_write_key(key_fp, &r->mask, &r->data) == DA_OK;
        if (key_fp && fclose(key_fp) != 0)
            ok = false;
        if (!ok) {
            fprintf(stderr, "dermaudit: %s: %s\n", key->target, strerror(errno));
            return DA_EXIT_FAILURE;
        }
    }
    if (r->facts_fp) {
        int rc = fclose(r->facts_fp);
        r->facts_fp = NULL;
        if (rc != 0) {
            if (size_limit_hit)
                size_limit_message(c->outs[OUT_FACTS].target);
            else
                fprintf(stderr, "dermaudit: %s: %s\n", c->outs[OUT_FACTS].target, strerror(errno));
            return DA_EXIT_FAILURE;
        }
    }
    return DA_EXIT_OK;
}

/* The period the report covers: --from/--to, else the dates of service. */
static void report_period(const cli *c, const run *r, da_date *from, da_date *to)
{
    *from = c->from != DA_DATE_NONE ? c->from : r->data.first_dos;
    *to = c->to != DA_DATE_NONE ? c->to : r->data.last_dos;
}

/* The workbook, with the --findings CSV beside it, then every report renamed
 * into place at once. */
static da_exit write_reports(cli *c, run *r)
{
    char basis_text[320];
    snprintf(basis_text, sizeof(basis_text),
             "the practice's own allowed amounts (median per code and payer, 3 or more paid "
             "lines), else the fee table scaled by the payer's ratio, else the fee table (%s)",
             da_fees_source(r->fees));
    da_report report = {
        .data = &r->data,
        .findings = &r->findings,
        .details = &r->details,
        .practice = c->practice,
        .fees_source = basis_text,
        .created = c->created,
        .tpl = r->tpl,
        .mask = r->masked ? &r->mask : NULL,
        .deidentify = c->deidentify,
        .as_of = c->as_of,
        .fees = r->fees,
        .rules = &r->rules,
        .previous = r->have_previous ? &r->previous : NULL,
        .beside = c->outs[OUT_WORKBOOK].target,
    };
    report_period(c, r, &report.from, &report.to);
    /* The --findings CSV is written while the workbook is (both only read
     * the findings and the dataset), on the core the workbook's compression
     * leaves idle. */
    csv_job csv = {c->outs[OUT_FINDINGS].temp ? &c->outs[OUT_FINDINGS] : NULL, &r->data,
                   &r->findings, 0};
    pthread_t csv_tid;
    bool csv_thread = false;
    if (csv.out && !(csv_thread = pthread_create(&csv_tid, NULL, findings_csv_main, &csv) == 0))
        findings_csv_main(&csv);
    da_error err = da_workbook_write(r->workbook_path, &report);
    progress_stop(&r->prog);
    if (csv_thread)
        pthread_join(csv_tid, NULL);
    if (err != DA_OK) {
        if (size_limit_hit)
            size_limit_message(c->outs[OUT_WORKBOOK].target);
        else
            fprintf(stderr, "dermaudit: %s: %s\n", c->outs[OUT_WORKBOOK].target, da_strerror(err));
        return DA_EXIT_FAILURE;
    }
    if (csv.err && (csv.err == EFBIG || size_limit_hit)) {
        size_limit_message(c->outs[OUT_FINDINGS].target);
        return DA_EXIT_FAILURE;
    }
    if (csv.err) {
        fprintf(stderr, "dermaudit: %s: %s\n", c->outs[OUT_FINDINGS].target, strerror(csv.err));
        return DA_EXIT_FAILURE;
    }
    /* libxlsxwriter does not check every write: a short file is caught here. */
    if (size_limit_hit) {
        size_limit_message(NULL);
        return DA_EXIT_FAILURE;
    }
    /* All reports or none: no signal between the renames. */
    return da_outputs_commit(c->outs, MAX_OUTPUTS) ? DA_EXIT_OK : DA_EXIT_FAILURE;
}

/* The counts, and last the report written with its headline figures. */
static void print_summary(const cli *c, const run *r)
{
    const da_dataset *data = &r->data;
    char claims_outside[48] = "", notes_outside[48] = "";
    if (c->from != DA_DATE_NONE || c->to != DA_DATE_NONE || r->strays) {
        snprintf(claims_outside, sizeof(claims_outside), ", %lu outside the period",
                 data->claims_stats.rows_outside);
        snprintf(notes_outside, sizeof(notes_outside), ", %lu outside the period",
                 data->notes_stats.rows_outside);
    }
    fprintf(stderr,
            "dermaudit: %lu claim rows (%lu used, %lu rejected%s), %lu note rows (%lu used, %lu "
            "rejected%s), %zu encounters, %zu findings\n",
            data->claims_stats.rows_read, data->claims_stats.rows_used,
            data->claims_stats.rows_rejected, claims_outside, data->notes_stats.rows_read,
            data->notes_stats.rows_used, data->notes_stats.rows_rejected, notes_outside,
            data->nencounters, r->findings.count);
    da_cents sums[DA_CMP_DIRS];
    da_compare_totals(&r->findings, sums);
    da_date from, to;
    report_period(c, r, &from, &to);
    long days = from != DA_DATE_NONE && to != DA_DATE_NONE ? (long)to - (long)from + 1 : 0;
    char leak[32], year[32], denials[32], over[32];
    da_money_text((double)sums[DA_CMP_UNDER], leak);
    da_money_text_dollars(da_compare_annual(sums[DA_CMP_UNDER], days), year);
    da_money_text((double)sums[DA_CMP_DENIAL], denials);
    da_money_text((double)sums[DA_CMP_OVER], over);
    fprintf(stderr,
            "dermaudit: wrote %s: estimated leak %s in %ld day%s (%s a year), recoverable "
            "denials %s, over-billing exposure %s\n",
            c->outs[OUT_WORKBOOK].target, leak, days, days == 1 ? "" : "s", days > 0 ? year : "n/a",
            denials, over);
}

/* The command line, then the run's steps in order; each step says why it
 * failed, and nothing is written unless every step succeeded. */
int main(int argc, char **argv)
{
    no_core_dumps();
    cli c;
    int parsed = parse_command_line(argc, argv, &c);
    if (parsed >= 0)
        return parsed;
    if (!check_paths(&c))
        return DA_EXIT_USAGE;
    da_outputs_guard();
    catch_size_limit();
    run r;
    run_init(&r);
    da_exit code = choose_template(&c, &r);
    if (code == DA_EXIT_OK)
        code = open_outputs(&c, &r);
    if (code == DA_EXIT_OK)
        code = load_tables(&c, &r);
    if (code == DA_EXIT_OK)
        code = read_inputs(&c, &r);
    if (code == DA_EXIT_OK)
        code = audit(&c, &r);
    if (code == DA_EXIT_OK)
        code = finish_side_files(&c, &r);
    if (code == DA_EXIT_OK)
        code = write_reports(&c, &r);
    if (code == DA_EXIT_OK)
        print_summary(&c, &r);
    run_free(&r);
    for (int i = 0; i < MAX_OUTPUTS; i++)
        da_output_discard(&c.outs[i]);
    return (int)code;
}
