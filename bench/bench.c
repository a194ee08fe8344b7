/* bench.c - the `bench` target: end-to-end stage timings on generated
 * sample practices, and the extraction floor.
 *
 * For each scale (default 1, 10 and 100; DA_BENCH_SCALES="1" or the
 * --scales argument runs fewer) the generator writes claims and notes under
 * the data directory (reused when already there), then one process times
 * import, extraction on one thread, the audit run (extraction and rules on
 * every core, with the CPU time each took) and the workbook, and prints wall
 * time, MB/s of note text, claim lines/s and the peak memory so far after
 * each stage (getrusage). The extraction floor is a bare PCRE2-JIT scan of the
 * same notes with the same patterns (da_extract_scan), printed beside the
 * measured extraction. Both leave out the time to read note texts back from
 * the notes file, printed apart. Prints counts and timings only, never note text.
 *
 * --stress (or DA_BENCH_STRESS=1) times instead inputs built to make a run
 * crawl, against the same lines in ordinary encounters: every claim line in
 * one encounter (an export with a constant encounter id), and every line
 * with a payer of its own. Two inputs: 100,000 claim lines without notes
 * (add-ons mostly without their primaries: the lines are all the work),
 * and the 10x practice (99,162 lines, its notes as they are). Each is timed
 * end to end (import and grouping, audit run, workbook) and as a ratio to
 * the ordinary encounters.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "audit.h"
#include "extract.h"
#include "fees.h"
#include "import.h"
#include "notetext.h"
#include "rules.h"
#include "workbook.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double peak_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0; /* ru_maxrss is in KiB on Linux */
}

/* Note i's text, read back from the notes file into buf when it was left
 * there; adds the seconds that took to *spent. */
static da_error note_text(const da_dataset *data, size_t i, da_buf *buf, const char **text,
                          size_t *len, double *spent)
{
    double t0 = now();
    da_buf_reset(buf);
    da_error err = da_note_text(data, i, buf, text, len);
    *spent += now() - t0;
    return err;
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && st.st_size > 0;
}

/* Writes the practice at this scale unless it is already there. */
static int generate(const char *sample, const char *dir, long scale)
{
    char claims[4096], cmd[8192];
    snprintf(claims, sizeof(claims), "%s/notes.csv", dir);
    if (file_exists(claims))
        return 0;
    snprintf(cmd, sizeof(cmd), "mkdir -p '%s' && '%s' --out '%s' --scale %ld >/dev/null 2>&1", dir,
             sample, dir, scale);
    return system(cmd) == 0 ? 0 : -1;
}

static int run_scale(const char *dir, long scale)
{
    char claims[4096], notes[4096], xlsx[4096];
    snprintf(claims, sizeof(claims), "%s/claims.csv", dir);
    snprintf(notes, sizeof(notes), "%s/notes.csv", dir);
    snprintf(xlsx, sizeof(xlsx), "%s/bench.xlsx", dir);

    da_dataset data;
    da_dataset_init(&data);
    da_fee_table *fees = NULL;
    da_rules tables = {0};
    da_finding_list findings;
    da_findings_init(&findings);
    da_details details;
    da_details_init(&details);
    da_sites *sites = NULL;
    da_drugs *drugs = NULL;
    da_extractor *x = NULL;
    da_fact_list facts;
    da_facts_init(&facts);
    da_buf text_buf; /* a note's text read back from the notes file */
    da_buf_init(&text_buf, SIZE_MAX);
    int rc = 1;

    double t0 = now();
    da_import_result ir, notes_ir;
    const char *failed;
    if (da_fees_load_default(&fees) != DA_OK || da_rules_load(&tables, NULL, NULL, NULL) != DA_OK ||
        da_import_files(&data, claims, notes, NULL, &ir, &notes_ir, &failed) != DA_OK) {
        fprintf(stderr, "bench: import failed for scale %ld\n", scale);
        goto done;
    }
    da_dataset_group(&data);
    double t_import = now() - t0;
    double peak_import = peak_mb();

    size_t bytes = 0;
    for (size_t i = 0; i < data.nnotes; i++)
        bytes += data.notes[i].text_len;
    double mb = (double)bytes / (1024.0 * 1024.0);

    if (da_sites_load(&sites) != DA_OK || da_drugs_load(&drugs) != DA_OK ||
        da_extractor_new(&x, sites, drugs) != DA_OK)
        goto done;
    /* Reading texts back from the notes file is timed apart from both. */
    double t_load = 0;
    t0 = now();
    size_t nfacts = 0;
    for (size_t i = 0; i < data.nnotes; i++) {
        const char *text;
        size_t len;
        if (note_text(&data, i, &text_buf, &text, &len, &t_load) != DA_OK ||
            da_extract_note(x, text, len, NULL, &facts) != DA_OK)
            goto done;
        nfacts += facts.count;
    }
    double t_extract = now() - t0 - t_load;
    double peak_extract = peak_mb();

    double t_load_floor = 0;
    t0 = now();
    size_t matches = 0;
    for (size_t i = 0; i < data.nnotes; i++) {
        const char *text;
        size_t len;
        if (note_text(&data, i, &text_buf, &text, &len, &t_load_floor) != DA_OK)
            goto done;
        matches += da_extract_scan(x, text, len);
    }
    double t_floor = now() - t0 - t_load_floor;

    t0 = now();
    da_options opt = {0};
    da_audit_stats stats;
    /* As the program runs it: the practice's own amounts first, each finding priced once. */
    da_observed *observed = da_observed_build(&data, fees);
    da_audit_config cfg = {.fees = fees, .observed = observed, .opt = &opt, .rules = &tables,
                           .time_stages = true};
    da_error audit_err = da_audit_run(&data, &cfg, NULL, &findings, &details, &stats);
    da_observed_free(observed);
    if (audit_err != DA_OK)
        goto done;
    double t_audit = now() - t0;
    double peak_audit = peak_mb();

    t0 = now();
    da_report report = {.data = &data, .findings = &findings, .details = &details,
                        .practice = "Benchmark practice", .from = data.first_dos,
                        .to = data.last_dos, .fees_source = da_fees_source(fees),
                        .created = "2026-01-01T00:00:00Z"};
    if (da_workbook_write(xlsx, &report) != DA_OK)
        goto done;
    double t_workbook = now() - t0;
    double peak_workbook = peak_mb();
    remove(xlsx);

    double total = t_import + t_audit + t_workbook;
    printf("scale %ldx: %zu claim lines, %zu notes, %.1f MB of notes, %zu encounters, "
           "%zu facts, %zu findings\n",
           scale, data.nclaims, data.nnotes, mb, data.nencounters, nfacts, findings.count);
    printf("  import      %8.2f s  %8.1f MB/s  %10.0f claim lines/s  peak %6.0f MB\n",
           t_import, mb / t_import, (double)data.nclaims / t_import, peak_import);
    printf("  extraction  %8.2f s  %8.1f MB/s  one thread               peak %6.0f MB\n",
           t_extract, mb / t_extract, peak_extract);
    printf("    text load %8.2f s  %8.1f MB/s  note texts read back from the notes file\n",
           t_load, mb / t_load);
    printf("    floor     %8.2f s  %8.1f MB/s  bare PCRE2-JIT scan, same patterns, %zu matches; "
           "extraction/floor %.2fx\n",
           t_floor, mb / t_floor, matches, t_extract / t_floor);
    printf("  audit run   %8.2f s  %8.1f MB/s  %10.0f claim lines/s  peak %6.0f MB\n", t_audit,
           mb / t_audit, (double)data.nclaims / t_audit, peak_audit);
    /* Thread CPU time, summed over the audit run's threads. */
    printf("    extraction %7.2f s CPU  %7.1f MB/s\n", stats.extract_seconds,
           mb / stats.extract_seconds);
    printf("    rules      %7.2f s CPU  %10.0f claim lines/s\n", stats.rules_seconds,
           (double)data.nclaims / stats.rules_seconds);
    printf("    text load  %7.2f s CPU  %7.1f MB/s\n", stats.load_seconds,
           mb / stats.load_seconds);
    printf("  workbook    %8.2f s  %8.1f MB/s  %10.0f claim lines/s  peak %6.0f MB\n",
           t_workbook, mb / t_workbook, (double)data.nclaims / t_workbook, peak_workbook);
    printf("  end to end  %8.2f s  %8.1f MB/s  %10.0f claim lines/s  peak %6.0f MB\n", total,
           mb / total, (double)data.nclaims / total, peak_mb());
    fflush(stdout);
    rc = 0;
done:
    da_extractor_free(x);
    da_sites_free(sites);
    da_drugs_free(drugs);
    da_facts_free(&facts);
    da_buf_free(&text_buf);
    da_findings_free(&findings);
    da_details_free(&details);
    da_fees_free(fees);
    da_rules_free(&tables);
    da_dataset_free(&data);
    return rc;
}

/* ---- --stress ---------------------------------------------------------- */

typedef enum stress_kind { STRESS_ORDINARY, STRESS_ONE_ENCOUNTER, STRESS_PAYERS } stress_kind;

static const char *const stress_names[] = {"ordinary encounters", "one encounter",
                                           "distinct payers"};

/* Writes n claim lines in encounters of four to claims (add-on codes
 * mostly without their primaries, E/M, drugs, pathology; every tenth line
 * denied) and a notes file with no note: an input where the claim lines
 * are all the work. 0 on success. */
static int write_lines(const char *claims, const char *notes, size_t n)
{
    static const char *const codes[] = {"11103", "17003", "11201", "17312", "11105", "11107",
                                        "13102", "17004", "99213", "J3301", "96372", "88305",
                                        "11300", "11400", "12032", "17110", "15004", "17000"};
    static const char *const payers[] = {"Medicare Part B", "BlueShield PPO", "Aetna HMO",
                                         "United Choice", "Medicaid"};
    FILE *c = fopen(claims, "w"), *t = fopen(notes, "w");
    bool ok = c && t;
    if (ok) {
        fputs("note_id,encounter_id,patient_id,date_of_service,provider,text\n", t);
        fputs("claim_id,line,encounter_id,patient_id,date_of_service,provider,payer,cpt,"
              "modifiers,units,charge,allowed,paid,status,denial_codes\n",
              c);
        for (size_t i = 0; i < n; i++) {
            size_t enc = i / 4;
            bool denied = i % 10 == 9;
            fprintf(c, "C%07zu,%zu,E%07zu,P%06zu,2026-%02d-%02d,Dr Stone,%s,%s,%s,1,100.00,%s,%s,%s,%s\n",
                    enc, i % 4 + 1, enc, enc / 3, 1 + (int)(enc / 28 % 12), 1 + (int)(enc % 28),
                    payers[enc % 5], codes[i % 18], i % 7 ? "" : "59", denied ? "0.00" : "60.00",
                    denied ? "0.00" : "50.00", denied ? "denied" : "paid", denied ? "CO-18" : "");
        }
        ok = !ferror(c) && !ferror(t);
    }
    if (c)
        ok = fclose(c) == 0 && ok;
    if (t)
        ok = fclose(t) == 0 && ok;
    return ok ? 0 : -1;
}

/* Times claims and notes in dir end to end, the claim lines made into the
 * kind of input asked for after import: every line in encounter "0" (an
 * export with a constant encounter id), or every line with a payer of its
 * own. Seconds, or -1 on failure. */
static double stress_run(const char *dir, stress_kind kind)
{
    char claims[4096], notes[4096], xlsx[4096];
    snprintf(claims, sizeof(claims), "%s/claims.csv", dir);
    snprintf(notes, sizeof(notes), "%s/notes.csv", dir);
    snprintf(xlsx, sizeof(xlsx), "%s/stress.xlsx", dir);
    da_dataset data;
    da_dataset_init(&data);
    da_fee_table *fees = NULL;
    da_rules tables = {0};
    da_finding_list findings;
    da_findings_init(&findings);
    da_details details;
    da_details_init(&details);
    double total = -1;
    double t0 = now();
    da_import_result ir, notes_ir;
    const char *failed;
    if (da_fees_load_default(&fees) != DA_OK || da_rules_load(&tables, NULL, NULL, NULL) != DA_OK ||
        da_import_files(&data, claims, notes, NULL, &ir, &notes_ir, &failed) != DA_OK)
        goto done;
    for (size_t i = 0; i < data.nclaims; i++) {
        if (kind == STRESS_ONE_ENCOUNTER) {
            data.claims[i].encounter_id = "0";
        } else if (kind == STRESS_PAYERS) {
            char payer[32];
            snprintf(payer, sizeof(payer), "Payer %07zu", i);
            data.claims[i].payer = da_arena_strdup(data.arena, payer);
        }
    }
    da_dataset_group(&data);
    double t_import = now() - t0;
    t0 = now();
    da_options opt = {0};
    da_audit_stats stats;
    if (da_audit_run(&data, &(da_audit_config){.fees = fees, .opt = &opt, .rules = &tables}, NULL,
                     &findings, &details, &stats) != DA_OK)
        goto done;
    double t_audit = now() - t0;
    t0 = now();
    da_report report = {.data = &data, .findings = &findings, .details = &details,
                        .practice = "Benchmark practice", .from = data.first_dos,
                        .to = data.last_dos, .fees_source = da_fees_source(fees),
                        .created = "2026-01-01T00:00:00Z", .fees = fees};
    if (da_workbook_write(xlsx, &report) != DA_OK)
        goto done;
    double t_workbook = now() - t0;
    total = t_import + t_audit + t_workbook;
    printf("  %-20s %6zu lines, %6zu encounters, %6zu findings: import %6.2f s, audit %6.2f s, "
           "workbook %6.2f s, total %6.2f s\n",
           stress_names[kind], data.nclaims, data.nencounters, findings.count, t_import, t_audit,
           t_workbook, total);
    fflush(stdout);
done:
    remove(xlsx);
    da_findings_free(&findings);
    da_details_free(&details);
    da_fees_free(fees);
    da_rules_free(&tables);
    da_dataset_free(&data);
    return total;
}

/* The three kinds on the input in dir, with their ratios; 0 on success. */
static int stress_set(const char *dir)
{
    double base = stress_run(dir, STRESS_ORDINARY);
    if (base < 0)
        return 1;
    for (int k = STRESS_ONE_ENCOUNTER; k <= STRESS_PAYERS; k++) {
        double t = stress_run(dir, (stress_kind)k);
        if (t < 0)
            return 1;
        printf("  %-20s %.2fx the time of ordinary encounters (limit 3x)\n", stress_names[k],
               t / base);
    }
    return 0;
}

static int stress(const char *sample, const char *data_dir)
{
    char dir[1024], claims[1100], notes[1100];
    snprintf(dir, sizeof(dir), "%s/lines100k", data_dir);
    snprintf(claims, sizeof(claims), "%s/claims.csv", dir);
    snprintf(notes, sizeof(notes), "%s/notes.csv", dir);
    char cmd[1100];
    snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", dir);
    if (system(cmd) != 0 || write_lines(claims, notes, 100000) != 0) {
        fprintf(stderr, "bench: writing the claim lines failed\n");
        return 1;
    }
    printf("dermaudit bench --stress: 100,000 claim lines and no notes, three ways\n");
    if (stress_set(dir) != 0)
        return 1;
    snprintf(dir, sizeof(dir), "%s/scale10", data_dir);
    if (generate(sample, dir, 10) != 0) {
        fprintf(stderr, "bench: generating scale 10 failed\n");
        return 1;
    }
    printf("the 10x practice's claim lines (and its notes), three ways\n");
    if (stress_set(dir) != 0)
        return 1;
    return 0;
}

int main(int argc, char **argv)
{
    const char *sample = NULL, *data_dir = NULL, *scales = getenv("DA_BENCH_SCALES");
    bool stress_mode = getenv("DA_BENCH_STRESS") && strcmp(getenv("DA_BENCH_STRESS"), "1") == 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--sample") == 0)
            sample = argv[i + 1];
        else if (strcmp(argv[i], "--data") == 0)
            data_dir = argv[i + 1];
        else if (strcmp(argv[i], "--scales") == 0)
            scales = argv[i + 1];
    }
    for (int i = 1; i < argc; i++)
        stress_mode |= strcmp(argv[i], "--stress") == 0;
    if (!sample || !data_dir) {
        fputs("usage: dermaudit-bench --sample PATH --data DIR [--scales 1,10,100] "
              "[--stress]\n",
              stderr);
        return 2;
    }
    if (stress_mode)
        return stress(sample, data_dir);
    if (!scales || !*scales)
        scales = "1,10,100";
    printf("dermaudit bench: scales %s, data in %s\n", scales, data_dir);
    for (const char *p = scales; *p;) {
        char *end;
        long scale = strtol(p, &end, 10);
        if (end == p || scale < 1 || scale > 1000) {
            fprintf(stderr, "bench: bad scale list\n");
            return 2;
        }
        char dir[1024];
        snprintf(dir, sizeof(dir), "%s/scale%ld", data_dir, scale);
        if (generate(sample, dir, scale) != 0) {
            fprintf(stderr, "bench: generating scale %ld failed\n", scale);
            return 1;
        }
        if (run_scale(dir, scale) != 0)
            return 1;
        p = *end == ',' ? end + 1 : end;
    }
    return 0;
}
