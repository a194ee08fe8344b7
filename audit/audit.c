/* audit.c - runs extraction, the rule families and pricing over a dataset.
 *
 * Extraction and the rules are pure per encounter, so the encounters are cut
 * into one contiguous range per core, balanced by note bytes, and each range
 * is audited by its own thread with its own extractor, finding list, detail
 * tables and limit log. The ranges are then joined in encounter order, so the
 * output is the same, byte for byte, whatever the number of threads. The
 * rule tables are loaded before the run (da_rules_load) and only read here,
 * so every thread starts at the first encounter of its range. --facts output
 * is written in one thread, in order.
 * Texts left in the notes file are read back one encounter at a time, by the
 * thread auditing it, and dropped after: only the encounters being audited
 * have their note text in memory.
 */
#include "audit.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdatomic.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "extract.h"
#include "mem.h"
#include "notetext.h"
#include "price.h"
#include "reading.h"

#define MAX_THREADS 8
/* Below this many encounters a second thread costs more than it saves. */
#define MIN_PARALLEL_ENCOUNTERS 64

/* One thread's share of the run and everything it produces. */
typedef struct worker {
    da_dataset *data;           /* read only while threads run, but for the text of the
                                 * notes of this worker's encounters (load_texts) */
    const da_audit_config *cfg; /* the run's configuration (fees, options, timing, progress) */
    FILE *facts_out;            /* --facts CSV, only with a single worker */
    size_t from, to;            /* encounters [from, to) */
    da_extractor *x;            /* this thread's compiled patterns */
    da_fact_list *facts;        /* one list per note of the largest encounter */
    size_t nfacts;              /* lists in facts */
    da_buf texts;               /* texts of the current encounter read back from the file */
    size_t *text_at;            /* per note of the encounter: its text's offset in texts,
                                 * SIZE_MAX when the text was in memory already */
    da_finding_list *out;       /* findings, in encounter order */
    da_details *details;        /* detail tables (NULL when the caller wants none) */
    da_dq_log dq;               /* notices about this worker's notes, in encounter order: match
                                 * limits, readings left incomplete, services not audited,
                                 * review items */
    da_audit_stats stats;       /* this worker's counts */
    da_error err;               /* first error, DA_OK when none */
} worker;

/* This thread's CPU time: the benchmark's split of the audit run between
 * extraction and rules, free of what other processes do to wall time. 0
 * unless asked for: the thread clock is a system call, four per encounter. */
static double thread_seconds(const worker *w)
{
    if (!w->cfg->time_stages)
        return 0;
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Leaves the texts load_texts read back in the file again. */
static void drop_texts(worker *w, const da_encounter *enc)
{
    for (size_t i = 0; i < enc->nnotes; i++)
        if (w->text_at[i] != SIZE_MAX)
            w->data->notes[enc->notes[i]].text = NULL;
}

/* Reads back the texts of enc's notes that are only in the notes file and
 * points the notes at them. A note belongs to one encounter and each
 * encounter to one worker, so no other thread reads or writes these notes
 * meanwhile. */
static da_error load_texts(worker *w, const da_encounter *enc)
{
    da_buf_reset(&w->texts);
    for (size_t i = 0; i < enc->nnotes; i++)
        w->text_at[i] = SIZE_MAX;
    for (size_t i = 0; i < enc->nnotes; i++) {
        if (w->data->notes[enc->notes[i]].text)
            continue;
        size_t at = w->texts.len;
        const char *text;
        size_t len;
        da_error err = da_note_text(w->data, enc->notes[i], &w->texts, &text, &len);
        if (err != DA_OK)
            return err;
        w->text_at[i] = at;
    }
    /* Pointed at only now: reading the next text may move the buffer. */
    for (size_t i = 0; i < enc->nnotes; i++)
        if (w->text_at[i] != SIZE_MAX)
            w->data->notes[enc->notes[i]].text = w->texts.data + w->text_at[i];
    return DA_OK;
}

/* The Data Quality notices of an audited encounter: its reading left
 * incomplete, each service not audited, each review item, on the line of
 * the note concerned (the encounter's first note for a review item). */
static void note_reading(worker *w, const da_encounter *enc, const da_reading *r, size_t first)
{
    const da_dataset *data = w->data;
    const char *path = data->notes_stats.path;
    char reason[160];
    if (r->gaps && r->note >= 0) {
        da_reading_describe(r, reason, sizeof(reason));
        da_dq_add(&w->dq, path, data->notes[r->note].line, DA_DQ_NOTICE, reason, "text");
    }
    for (size_t i = 0; i < enc->nnotes; i++)
        for (size_t k = 0; k < w->facts[i].count; k++) {
            const da_fact *f = &w->facts[i].items[k];
            const da_service_row *s = f->kind == DA_FACT_SERVICE
                                          ? da_extractor_service(w->x, (int)f->value)
                                          : NULL;
            if (!s)
                continue;
            snprintf(reason, sizeof(reason), "service not audited: %s (%s)", s->name, s->codes);
            da_dq_add(&w->dq, path, data->notes[enc->notes[i]].line, DA_DQ_NOTICE, reason,
                      "text");
        }
    unsigned long line = enc->nnotes ? data->notes[enc->notes[0]].line : 0;
    for (size_t i = first; i < w->out->count; i++) {
        const da_finding *f = &w->out->items[i];
        if (!f->review)
            continue;
        snprintf(reason, sizeof(reason), "review item %s, not priced: %s", f->rule, f->review);
        da_dq_add(&w->dq, path, line, DA_DQ_NOTICE, reason, "text");
    }
}

static void audit_encounters(worker *w, size_t from, size_t to)
{
    const da_dataset *data = w->data;
    for (size_t e = from; e < to && w->err == DA_OK; e++) {
        double t0 = thread_seconds(w);
        const da_encounter *enc = &data->encounters[e];
        w->err = load_texts(w, enc);
        if (w->err != DA_OK)
            break;
        double t_loaded = thread_seconds(w);
        w->stats.load_seconds += t_loaded - t0;
        t0 = t_loaded;
        for (size_t i = 0; i < enc->nnotes && w->err == DA_OK; i++) {
            const da_note *n = &data->notes[enc->notes[i]];
            da_fact_list *facts = &w->facts[i];
            da_extractor_set_date(w->x, n->dos != DA_DATE_NONE ? n->dos : enc->dos);
            w->err = da_extract_note(w->x, n->text, n->text_len, n->note_type, facts);
            w->stats.notes_extracted++;
            w->stats.facts += facts->count;
            if (facts->limit_hit) {
                w->stats.notes_limit_hit++;
                da_dq_add(&w->dq, data->notes_stats.path, n->line, DA_DQ_NOTICE,
                          "extraction stopped at a match limit", "text");
            }
            if (w->facts_out)
                da_facts_write_csv(w->x, w->facts_out, n->note_id, enc->encounter_id, n->text,
                                   n->text_len, facts);
        }
        if (w->err != DA_OK) {
            drop_texts(w, enc);
            break;
        }
        double t1 = thread_seconds(w);
        w->stats.extract_seconds += t1 - t0;
        size_t first = w->out->count;
        da_rule_input in = {.data = data, .encounter = e, .facts = w->facts, .fees = w->cfg->fees,
                            .opt = w->cfg->opt, .details = w->details, .rules = w->cfg->rules};
        for (const da_rule_family *fam = da_rule_families; fam->run && w->err == DA_OK; fam++)
            w->err = fam->run(&in, w->out);
        da_reading verdict;
        da_reading_judge(data, e, w->facts, &verdict);
        da_reading_apply(&verdict, w->out, first);
        note_reading(w, enc, &verdict, first);
        if (w->err == DA_OK && w->out->count > first)
            da_price_encounter_observed(data, e, w->cfg->fees, w->cfg->observed, w->out, first);
        drop_texts(w, enc);
        w->stats.encounters_audited++;
        if (w->cfg->progress)
            atomic_fetch_add_explicit(w->cfg->progress, 1, memory_order_relaxed);
        w->stats.rules_seconds += thread_seconds(w) - t1;
    }
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    audit_encounters(w, w->from, w->to);
    return NULL;
}

static void worker_free(worker *w)
{
    for (size_t i = 0; i < w->nfacts; i++)
        da_facts_free(&w->facts[i]);
    free(w->facts);
    da_buf_free(&w->texts);
    free(w->text_at);
    da_dq_free(&w->dq);
    da_extractor_free(w->x);
}

/* Appends src's findings to dst and moves src's detail rows to details,
 * pointing amount cells at the findings' new places; src's tables are gone
 * afterwards, so the peak never holds a table twice. */
static void merge(da_finding_list *dst, da_details *details, const da_finding_list *src,
                  da_details *src_details)
{
    long offset = (long)dst->count;
    /* Exactly the findings both hold, not the next power of two of them. */
    if (dst->count + src->count > dst->cap) {
        dst->cap = dst->count + src->count;
        dst->items = da_xrealloc(dst->items, dst->cap * sizeof(*dst->items));
    }
    if (src->count)
        memcpy(&dst->items[dst->count], src->items, src->count * sizeof(*src->items));
    dst->count += src->count;
    if (details)
        da_details_merge(details, src_details, offset);
}

/* Threads to use: the setting, else one per core, never more ranges than
 * make sense for the input. --facts is written in order by one thread. */
static size_t thread_count(const da_dataset *data, int setting, FILE *facts_out)
{
    long n = setting > 0 ? setting : sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1 || facts_out || data->nencounters < MIN_PARALLEL_ENCOUNTERS)
        n = 1;
    return n > MAX_THREADS ? MAX_THREADS : (size_t)n;
}

/* Cuts the encounters into nw ranges of about equal note bytes. */
static void split(const da_dataset *data, worker *w, size_t nw)
{
    size_t total = 0;
    for (size_t e = 0; e < data->nencounters; e++)
        for (size_t i = 0; i < data->encounters[e].nnotes; i++)
            total += data->notes[data->encounters[e].notes[i]].text_len + 1;
    size_t e = 0, done = 0;
    for (size_t k = 0; k < nw; k++) {
        w[k].from = e;
        size_t goal = total / nw * (k + 1);
        while (e < data->nencounters && (k == nw - 1 || done < goal)) {
            for (size_t i = 0; i < data->encounters[e].nnotes; i++)
                done += data->notes[data->encounters[e].notes[i]].text_len + 1;
            e++;
        }
        w[k].to = e;
    }
}

/* The run's big arrays (detail tables, finding lists) grow by doubling.
 * glibc raises its mmap threshold up to 32 MB as big blocks are freed (the
 * importer frees some), after which those arrays grow on the heap and every
 * doubling leaves the old copy behind as a hole the run cannot give back:
 * about 100 MB at 100x. A fixed threshold keeps big blocks in mmap, where a
 * realloc moves pages without copying and a free returns them. */
#define MMAP_THRESHOLD_BYTES (128 * 1024) /* glibc's own starting threshold */
static void keep_big_blocks_mapped(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES);
#endif
}

da_error da_audit_run(da_dataset *data, const da_audit_config *cfg, FILE *facts_out,
                      da_finding_list *out, da_details *details, da_audit_stats *stats)
{
    keep_big_blocks_mapped();
    memset(stats, 0, sizeof(*stats));
    if (cfg->progress)
        atomic_store_explicit(cfg->progress, 0, memory_order_relaxed);
    da_error err = da_notes_file_check(data);
    if (err != DA_OK)
        return err;
    size_t most_notes = 1;
    size_t most_text = 0; /* the most bytes one encounter's texts take in a worker's buffer */
    for (size_t e = 0; e < data->nencounters; e++) {
        const da_encounter *enc = &data->encounters[e];
        if (enc->nnotes > most_notes)
            most_notes = enc->nnotes;
        size_t bytes = 0;
        for (size_t i = 0; i < enc->nnotes; i++)
            if (!data->notes[enc->notes[i]].text)
                bytes += data->notes[enc->notes[i]].bytes + 1; /* see da_note_text */
        if (bytes > most_text)
            most_text = bytes;
    }

    size_t nw = thread_count(data, cfg->threads, facts_out);
    worker w[MAX_THREADS];
    da_finding_list lists[MAX_THREADS];
    da_details sets[MAX_THREADS];
    memset(w, 0, sizeof(w));
    split(data, w, nw);
    size_t made = 0;
    for (; made < nw && err == DA_OK; made++) {
        worker *k = &w[made];
        k->data = data;
        k->cfg = cfg;
        k->facts_out = facts_out;
        /* The first range writes straight into the caller's lists. */
        k->out = out;
        k->details = details;
        if (made > 0) {
            da_findings_init(&lists[made]);
            k->out = &lists[made];
            if (details) {
                da_details_init(&sets[made]);
                k->details = &sets[made];
            }
        }
        da_dq_init(&k->dq);
        k->nfacts = most_notes;
        k->facts = da_xcalloc(most_notes, sizeof(*k->facts));
        for (size_t i = 0; i < most_notes; i++)
            da_facts_init(&k->facts[i]);
        da_buf_init(&k->texts, most_text);
        k->text_at = da_xmalloc(most_notes * sizeof(*k->text_at));
        /* The reader's tables, loaded once with the rules' and read-only. */
        err = da_extractor_new(&k->x, cfg->rules->sites, cfg->rules->drugs);
    }
    if (facts_out)
        da_facts_write_csv_header(facts_out);

    pthread_t tid[MAX_THREADS];
    bool started[MAX_THREADS] = {false};
    if (err == DA_OK) {
        /* The rule tables are loaded (da_rules_load): every thread starts at once. */
        for (size_t k = 1; k < nw; k++)
            started[k] = pthread_create(&tid[k], NULL, worker_main, &w[k]) == 0;
        /* A thread that could not start has its range audited here, in order below. */
        audit_encounters(&w[0], w[0].from, w[0].to);
        for (size_t k = 1; k < nw; k++)
            if (started[k])
                pthread_join(tid[k], NULL);
            else if (w[0].err == DA_OK)
                audit_encounters(&w[k], w[k].from, w[k].to);
    }

    for (size_t k = 0; k < made; k++) {
        if (err == DA_OK)
            err = w[k].err;
        if (k > 0 && err == DA_OK)
            merge(out, details, &lists[k], &sets[k]);
        da_dq_append(&data->dq, &w[k].dq);
        stats->notes_extracted += w[k].stats.notes_extracted;
        stats->notes_limit_hit += w[k].stats.notes_limit_hit;
        stats->facts += w[k].stats.facts;
        stats->encounters_audited += w[k].stats.encounters_audited;
        stats->extract_seconds += w[k].stats.extract_seconds;
        stats->rules_seconds += w[k].stats.rules_seconds;
        stats->load_seconds += w[k].stats.load_seconds;
        if (k > 0) {
            da_findings_free(&lists[k]);
            if (details)
                da_details_free(&sets[k]);
        }
        worker_free(&w[k]);
    }
    if (err == DA_OK && facts_out && ferror(facts_out))
        err = DA_ERR_IO;
    /* Texts read back while the file changed would be other texts of the same length. */
    if (err == DA_OK)
        err = da_notes_file_check(data);
    return err;
}

static bool outside(da_date dos, da_date from, da_date to)
{
    if (dos == DA_DATE_NONE)
        return false;
    return (from != DA_DATE_NONE && dos < from) || (to != DA_DATE_NONE && dos > to);
}

/* Drops the claim lines and notes dated outside [from, to] with the reason
 * given (see da_dataset_restrict_period); returns how many. */
static size_t drop_outside(da_dataset *data, da_date from, da_date to, const char *reason)
{
    size_t kept = 0, dropped = 0;
    for (size_t i = 0; i < data->nclaims; i++) {
        if (outside(data->claims[i].dos, from, to)) {
            da_dq_add(&data->dq, data->claims_stats.path, data->claims[i].line, DA_DQ_REJECTED,
                      reason, "date_of_service");
            data->claims_stats.rows_used--;
            data->claims_stats.rows_outside++;
            dropped++;
            continue;
        }
        data->claims[kept++] = data->claims[i];
    }
    data->nclaims = kept;
    kept = 0;
    for (size_t i = 0; i < data->nnotes; i++) {
        if (outside(data->notes[i].dos, from, to)) {
            da_dq_add(&data->dq, data->notes_stats.path, data->notes[i].line, DA_DQ_REJECTED,
                      reason, "date_of_service");
            data->notes_stats.rows_used--;
            data->notes_stats.rows_outside++;
            dropped++;
            continue;
        }
        data->notes[kept++] = data->notes[i];
    }
    data->nnotes = kept;
    return dropped;
}

void da_dataset_restrict_period(da_dataset *data, da_date from, da_date to)
{
    if (from == DA_DATE_NONE && to == DA_DATE_NONE)
        return;
    drop_outside(data, from, to, "outside the audit period");
}

static int date_cmp(const void *a, const void *b)
{
    da_date x = *(const da_date *)a, y = *(const da_date *)b;
    return (x > y) - (x < y);
}

size_t da_dataset_drop_stray_dates(da_dataset *data)
{
    size_t n = 0;
    da_date *dates = da_xmalloc((data->nclaims + data->nnotes + 1) * sizeof(*dates));
    for (size_t i = 0; i < data->nclaims; i++)
        if (data->claims[i].dos != DA_DATE_NONE)
            dates[n++] = data->claims[i].dos;
    for (size_t i = 0; i < data->nnotes; i++)
        if (data->notes[i].dos != DA_DATE_NONE)
            dates[n++] = data->notes[i].dos;
    size_t dropped = 0;
    if (n) {
        da_sort(dates, n, sizeof(*dates), date_cmp);
        size_t lo = n / 2, hi = n / 2;
        while (lo > 0 && dates[lo] - dates[lo - 1] <= DA_STRAY_GAP_DAYS)
            lo--;
        while (hi + 1 < n && dates[hi + 1] - dates[hi] <= DA_STRAY_GAP_DAYS)
            hi++;
        if (lo > 0 || hi + 1 < n)
            dropped = drop_outside(data, dates[lo], dates[hi],
                                   "date of service over a year apart from the others");
        data->first_dos = dates[lo];
        data->last_dos = dates[hi];
    }
    free(dates);
    return dropped;
}
