/* vocab.c - the reader's vocabulary tables (vocab.h). */
#include "vocab.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

unsigned da_cue_parse(const char *name)
{
    static const struct {
        const char *name;
        unsigned cue;
    } cues[] = {{"neg", DA_CUE_NEG}, {"hist", DA_CUE_HIST}, {"plan", DA_CUE_PLAN},
                {"risk", DA_CUE_RISK}, {"unc", DA_CUE_UNC}};
    for (size_t i = 0; i < sizeof(cues) / sizeof(cues[0]); i++)
        if (strcmp(cues[i].name, name) == 0)
            return cues[i].cue;
    return 0;
}

/* A space-separated list of cue names as a set; false when a name is unknown. */
static bool cues_parse(const char *s, unsigned *out)
{
    *out = 0;
    char word[16];
    while (*s) {
        while (*s == ' ')
            s++;
        size_t n = strcspn(s, " ");
        if (!n)
            break;
        if (n >= sizeof(word))
            return false;
        memcpy(word, s, n);
        word[n] = '\0';
        unsigned c = da_cue_parse(word);
        if (!c)
            return false;
        *out |= c;
        s += n;
    }
    return true;
}

/* The kind column: a fact kind or one of the state words. */
static int term_kind_parse(const char *s)
{
    if (strcmp(s, "pathology_heading") == 0)
        return DA_TERM_PATH_HEADING;
    if (strcmp(s, "lab") == 0)
        return DA_TERM_LAB;
    if (strcmp(s, "problem_status") == 0)
        return DA_TERM_STATUS;
    if (strcmp(s, "assessment_heading") == 0)
        return DA_TERM_ASSESS;
    return da_fact_kind_parse(s);
}

static const char *term_row(void *ctx, const char *const *f, unsigned long line)
{
    (void)line;
    da_vocab *v = ctx;
    da_term t = {NULL, term_kind_parse(f[0]), 0, 0, 0, -1, 0};
    if (t.kind < 0)
        return "unknown kind";
    /* State words name their values as the fact kinds that carry them. */
    if (t.kind == DA_TERM_STATUS)
        t.value = da_fact_value_parse(DA_FACT_PROBLEM, f[1]);
    else if (t.kind == DA_TERM_LAB)
        t.value = da_fact_value2_parse(DA_FACT_SPECIMEN, f[1]);
    else if (t.kind < DA_FACT_KIND_COUNT)
        t.value = da_fact_value_parse((da_fact_kind)t.kind, f[1]);
    if (t.value < 0)
        return "unknown value";
    if (f[2][0]) {
        t.value2 = t.kind < DA_FACT_KIND_COUNT ? da_fact_value2_parse((da_fact_kind)t.kind, f[2])
                                               : -1;
        if (t.value2 < 0)
            return "unknown value2";
    }
    if (!cues_parse(f[3], &t.veto))
        return "unknown cue in veto";
    if (f[4][0] && (t.route = da_fact_value_parse(DA_FACT_ROUTE, f[4])) < 0)
        return "unknown route";
    if (f[5][0] && (t.dx = da_fact_value_parse(DA_FACT_DIAGNOSIS, f[5])) <= 0)
        return "unknown diagnosis";
    if (!f[6][0])
        return "empty pattern";
    t.pattern = da_arena_strdup(v->arena, f[6]);
    da_grow((void **)&v->terms, &v->cap_terms, v->nterms + 1, sizeof(*v->terms));
    v->terms[v->nterms++] = t;
    return NULL;
}

da_error da_vocab_load(da_vocab *v, da_table_error *why)
{
    static const char *const term_columns[] = {"kind",  "value", "value2", "veto",
                                               "route", "dx",    "pattern"};
    memset(v, 0, sizeof(*v));
    v->arena = da_arena_new();
    da_error err = da_table_read("rules/terms.csv", term_columns,
                                 sizeof(term_columns) / sizeof(term_columns[0]), term_row, v, why);
    if (err != DA_OK)
        da_vocab_free(v);
    return err;
}

void da_vocab_free(da_vocab *v)
{
    free(v->terms);
    da_arena_free(v->arena);
    memset(v, 0, sizeof(*v));
}
