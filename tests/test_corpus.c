/* test_corpus.c - extraction measured against the labelled corpus in
 * tests/corpus/ (format in tests/corpus/README.md): per fact kind
 * precision and recall, and a failure when the overall precision or
 * recall falls below 0.95. DA_CORPUS_VERBOSE=1 lists every miss. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drugs.h"
#include "extract.h"
#include "mem.h"
#include "sites.h"

#define CORPUS DA_SOURCE_DIR "/tests/corpus"
#define MIN_SCORE 0.95
#define TOLERANCE 0.011 /* cm, mg, counts: written with at most two decimals */

typedef struct expected {
    da_fact fact;       /* kind, lesion, value, value2 (site, ref) as labelled */
    bool has_value2;    /* value2 was written */
    char evidence[256]; /* text the fact must overlap ("" = any) */
    bool matched;       /* paired with an extracted fact */
} expected;

typedef struct tally {
    unsigned tp, fp, fn; /* per kind */
} tally;

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        da_grow((void **)&buf, &cap, n + 4096, 1);
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int kind_of(const char *name)
{
    for (int k = 0; k < DA_FACT_KIND_COUNT; k++)
        if (strcmp(da_fact_kind_name((da_fact_kind)k), name) == 0)
            return k;
    return -1;
}

/* A value as labelled: a number, or the name of an enumerated value. */
static bool parse_value(da_fact_kind kind, bool second, const char *tok, double *out)
{
    char *end;
    double v = strtod(tok, &end);
    if (end != tok && *end == '\0') {
        *out = v;
        return true;
    }
    for (int i = 0; i < 40; i++) {
        const char *name = second ? da_fact_value2_name(kind, i) : da_fact_value_name(kind, i);
        if (name && strcmp(name, tok) == 0) {
            *out = i;
            return true;
        }
    }
    return false;
}

/* Underscores in a labelled name stand for spaces. */
static void unscore(char *s)
{
    for (; *s; s++)
        if (*s == '_')
            *s = ' ';
}

/* The reader's tables: the group's state. */
typedef struct tables {
    da_sites *sites; /* the built-in site table */
    da_drugs *drugs; /* the built-in drug table */
} tables;

static size_t parse_facts(const tables *tab, const char *path, expected **out)
{
    size_t len;
    char *buf = read_file(path, &len);
    if (!buf)
        fail_msg("cannot read %s", path);
    size_t n = 0, cap = 0;
    *out = NULL;
    int lineno = 0;
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        lineno++;
        if (line[0] == '#' || line[strspn(line, " \t\r")] == '\0')
            continue;
        expected e;
        memset(&e, 0, sizeof(e));
        e.fact.site = e.fact.ref = -1;
        char *bar = strchr(line, '|');
        if (bar) {
            *bar = '\0';
            const char *ev = bar + 1;
            while (*ev == ' ')
                ev++;
            snprintf(e.evidence, sizeof(e.evidence), "%s", ev);
            size_t el = strlen(e.evidence);
            while (el && (e.evidence[el - 1] == ' ' || e.evidence[el - 1] == '\r'))
                e.evidence[--el] = '\0';
        }
        char *tok[5] = {0};
        int ntok = 0;
        for (char *t = strtok_r(line, " \t", &line); t && ntok < 5; t = strtok_r(NULL, " \t", &line))
            tok[ntok++] = t;
        int kind = ntok >= 3 ? kind_of(tok[0]) : -1;
        if (kind < 0)
            fail_msg("%s:%d: bad fact line", path, lineno);
        e.fact.kind = (da_fact_kind)kind;
        e.fact.lesion = atoi(tok[1]);
        bool ok = true;
        if (kind == DA_FACT_SITE) {
            unscore(tok[2]);
            e.fact.site = da_site_find(tab->sites, tok[2]);
            ok = e.fact.site >= 0;
            if (ntok > 3)
                ok = ok && parse_value(e.fact.kind, true, tok[3], &e.fact.value2);
            e.has_value2 = ntok > 3;
        } else if (kind == DA_FACT_DRUG || kind == DA_FACT_DRUG_WASTE) {
            unscore(tok[2]);
            e.fact.ref = da_drug_find(tab->drugs, tok[2]);
            ok = e.fact.ref >= 0 && ntok > 3;
            if (ok)
                ok = parse_value(e.fact.kind, false, tok[3], &e.fact.value);
        } else {
            ok = parse_value(e.fact.kind, false, tok[2], &e.fact.value);
            if (ok && ntok > 3) {
                ok = parse_value(e.fact.kind, true, tok[3], &e.fact.value2);
                e.has_value2 = true;
            }
        }
        if (!ok)
            fail_msg("%s:%d: bad value", path, lineno);
        da_grow((void **)out, &cap, n + 1, sizeof(**out));
        (*out)[n++] = e;
    }
    free(buf);
    return n;
}

/* True when some occurrence of evidence in text overlaps [s, e). */
static bool overlaps(const char *text, const char *evidence, size_t s, size_t e)
{
    if (!evidence[0])
        return true;
    size_t el = strlen(evidence);
    for (const char *p = strstr(text, evidence); p; p = strstr(p + 1, evidence)) {
        size_t ps = (size_t)(p - text);
        if (ps < e && ps + el > s)
            return true;
    }
    return false;
}

static bool fact_matches(const expected *x, const da_fact *f, const char *text)
{
    if (x->fact.kind != f->kind || x->fact.lesion != f->lesion)
        return false;
    if (f->kind == DA_FACT_SITE && x->fact.site != f->site)
        return false;
    if ((f->kind == DA_FACT_DRUG || f->kind == DA_FACT_DRUG_WASTE) && x->fact.ref != f->ref)
        return false;
    if (f->kind != DA_FACT_SITE && fabs(x->fact.value - f->value) > TOLERANCE)
        return false;
    if (x->has_value2 && fabs(x->fact.value2 - f->value2) > TOLERANCE)
        return false;
    return overlaps(text, x->evidence, f->start, f->end);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_corpus(void **state)
{
    const tables *tab = *state;
    da_extractor *x;
    assert_int_equal(da_extractor_new(&x, tab->sites, tab->drugs), DA_OK);
    bool verbose = getenv("DA_CORPUS_VERBOSE") != NULL;
    DIR *dir = opendir(CORPUS);
    assert_non_null(dir);
    char **names = NULL;
    size_t nnames = 0, cap = 0;
    for (struct dirent *de; (de = readdir(dir));) {
        size_t l = strlen(de->d_name);
        if (l > 4 && strcmp(de->d_name + l - 4, ".txt") == 0) {
            da_grow((void **)&names, &cap, nnames + 1, sizeof(*names));
            names[nnames++] = da_xstrdup(de->d_name);
        }
    }
    closedir(dir);
    qsort(names, nnames, sizeof(*names), name_cmp);
    size_t passages = nnames;

    tally t[DA_FACT_KIND_COUNT];
    memset(t, 0, sizeof(t));
    da_fact_list facts;
    da_facts_init(&facts);
    for (size_t i = 0; i < nnames; i++) {
        char path[1024];
        size_t len;
        snprintf(path, sizeof(path), "%s/%s", CORPUS, names[i]);
        char *text = read_file(path, &len);
        assert_non_null(text);
        snprintf(path, sizeof(path), "%s/%.*s.facts", CORPUS, (int)(strlen(names[i]) - 4),
                 names[i]);
        expected *exp;
        size_t nexp = parse_facts(tab, path, &exp);
        assert_int_equal(da_extract_note(x, text, len, NULL, &facts), DA_OK);
        bool *used = da_xcalloc(facts.count + 1, sizeof(*used));
        for (size_t k = 0; k < nexp; k++)
            for (size_t f = 0; f < facts.count && !exp[k].matched; f++)
                if (!used[f] && fact_matches(&exp[k], &facts.items[f], text))
                    used[f] = exp[k].matched = true;
        for (size_t k = 0; k < nexp; k++) {
            t[exp[k].fact.kind].tp += exp[k].matched;
            t[exp[k].fact.kind].fn += !exp[k].matched;
            if (!exp[k].matched && verbose)
                printf("MISSED %s: %s %d %g %g | %s\n", names[i],
                       da_fact_kind_name(exp[k].fact.kind), exp[k].fact.lesion,
                       exp[k].fact.value, exp[k].fact.value2, exp[k].evidence);
        }
        for (size_t f = 0; f < facts.count; f++) {
            if (used[f])
                continue;
            t[facts.items[f].kind].fp++;
            if (verbose) {
                const da_fact *g = &facts.items[f];
                printf("EXTRA  %s: %s %d %g %g site=%d ref=%d | %.*s\n", names[i],
                       da_fact_kind_name(g->kind), g->lesion, g->value, g->value2, g->site, g->ref,
                       (int)(g->end - g->start), text + g->start);
            }
        }
        free(used);
        free(exp);
        free(text);
        free(names[i]);
    }
    free(names);
    da_facts_free(&facts);
    da_extractor_free(x);

    unsigned tp = 0, fp = 0, fn = 0;
    printf("%-18s %6s %6s %6s %9s %7s\n", "fact", "tp", "fp", "fn", "precision", "recall");
    for (int k = 0; k < DA_FACT_KIND_COUNT; k++) {
        tp += t[k].tp;
        fp += t[k].fp;
        fn += t[k].fn;
        if (!t[k].tp && !t[k].fp && !t[k].fn)
            continue;
        printf("%-18s %6u %6u %6u %9.3f %7.3f\n", da_fact_kind_name((da_fact_kind)k), t[k].tp,
               t[k].fp, t[k].fn, t[k].tp + t[k].fp ? (double)t[k].tp / (t[k].tp + t[k].fp) : 1.0,
               t[k].tp + t[k].fn ? (double)t[k].tp / (t[k].tp + t[k].fn) : 1.0);
    }
    double precision = tp + fp ? (double)tp / (tp + fp) : 0;
    double recall = tp + fn ? (double)tp / (tp + fn) : 0;
    printf("%-18s %6u %6u %6u %9.3f %7.3f\n", "overall", tp, fp, fn, precision, recall);
    printf("%zu passages, %u labelled facts\n", passages, tp + fn);
    assert_true(passages >= 200);
    assert_true(precision >= MIN_SCORE);
    assert_true(recall >= MIN_SCORE);
}

static int setup(void **state)
{
    static tables t;
    *state = &t;
    return da_sites_load(&t.sites) == DA_OK && da_drugs_load(&t.drugs) == DA_OK ? 0 : -1;
}

static int teardown(void **state)
{
    tables *t = *state;
    da_sites_free(t->sites);
    da_drugs_free(t->drugs);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_corpus)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
