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
 */
#include <errno.h>
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
    da_finding_list findings;
    da_findings_init(&findings);
    da_details details;
    da_details_init(&details);
    da_extractor *x = NULL;
    da_fact_list facts;
    da_facts_init(&facts);
    da_buf text_buf; /* a note's text read back from the notes file */
    da_buf_init(&text_buf, SIZE_MAX);
    int rc = 1;

    double t0 = now();
    da_import_result ir, notes_ir;
    const char *failed;
    if (da_fees_load_default(&fees) != DA_OK ||
        da_import_files(&data, claims, notes, &ir, &notes_ir, &failed) != DA_OK) {
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

    if (da_extractor_new(&x) != DA_OK)
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
    if (da_audit_run(&data, fees, &opt, NULL, &findings, &details, &stats) != DA_OK)
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
    da_facts_free(&facts);
    da_buf_free(&text_buf);
    da_findings_free(&findings);
    da_details_free(&details);
    da_fees_free(fees);
    da_dataset_free(&data);
    return rc;
}

int main(int argc, char **argv)
{
    const char *sample = NULL, *data_dir = NULL, *scales = getenv("DA_BENCH_SCALES");
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--sample") == 0)
            sample = argv[i + 1];
        else if (strcmp(argv[i], "--data") == 0)
            data_dir = argv[i + 1];
        else if (strcmp(argv[i], "--scales") == 0)
            scales = argv[i + 1];
    }
    if (!sample || !data_dir) {
        fputs("usage: dermaudit-bench --sample PATH --data DIR [--scales 1,10,100]\n", stderr);
        return 2;
    }
    da_audit_set_timing(true);
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
    da_catalog_free();
    return 0;
}
