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
                {"risk", DA_CUE_RISK}, {"unc", DA_CUE_UNC}, {"dated", DA_CUE_DATED}};
    for (size_t i = 0; i < sizeof(cues) / sizeof(cues[0]); i++)
        if (strcmp(cues[i].name, name) == 0)
            return cues[i].cue;
    return 0;
}

/* A space-separated list of cue names as a set; false when a name is unknown. */
static bool cues_parse(const char *s, unsigned *out)
{
    *out = 0;
    enum { CUE_NAME_LEN = 16 }; /* longer than any cue name: a longer word is none */
    char word[CUE_NAME_LEN];
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
    if (strcmp(s, "lab") == 0)
        return DA_TERM_LAB;
    if (strcmp(s, "problem_status") == 0)
        return DA_TERM_STATUS;
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

const char *da_section_kind_name(da_section_kind kind)
{
    static const char *const names[] = {"none",         "hpi",     "history",     "exam",
                                        "diagnosis",    "plan",    "procedure",   "pathology",
                                        "instructions", "consent", "addendum",    "attestation",
                                        "other"};
    return (size_t)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : NULL;
}

static int section_kind_parse(const char *s)
{
    for (int k = 1; k < DA_SEC_KIND_COUNT; k++)
        if (strcmp(da_section_kind_name((da_section_kind)k), s) == 0)
            return k;
    return -1;
}

static const char *section_row(void *ctx, const char *const *f, unsigned long line)
{
    (void)line;
    da_vocab *v = ctx;
    da_section_row r = {DA_SEC_NONE, 0, 0, DA_SEC_NONE, NULL, NULL};
    int kind = section_kind_parse(f[0]);
    if (kind < 0)
        return "unknown section";
    r.kind = (da_section_kind)kind;
    if (!cues_parse(f[1], &r.cue) || !cues_parse(f[2], &r.procedure_cue))
        return "unknown cue";
    if (f[3][0]) {
        int in_path = section_kind_parse(f[3]);
        if (in_path < 0)
            return "unknown section in pathology";
        r.in_path = (da_section_kind)in_path;
    }
    if (f[4][0])
        r.note_types = da_arena_strdup(v->arena, f[4]);
    if (!f[5][0])
        return "no titles";
    r.titles = da_arena_strdup(v->arena, f[5]);
    da_grow((void **)&v->sections, &v->cap_sections, v->nsections + 1, sizeof(*v->sections));
    v->sections[v->nsections++] = r;
    return NULL;
}

static const char *role_row(void *ctx, const char *const *f, unsigned long line)
{
    (void)line;
    da_vocab *v = ctx;
    da_role_row r = {DA_ROLE_UNKNOWN, false, 0, NULL};
    for (int k = 1; k < DA_ROLE_COUNT; k++)
        if (strcmp(da_role_name((da_role)k), f[0]) == 0)
            r.role = (da_role)k;
    if (r.role == DA_ROLE_UNKNOWN)
        return "unknown role";
    if (strcmp(f[1], "strong") != 0 && strcmp(f[1], "weak") != 0)
        return "strength is strong or weak";
    r.strong = f[1][0] == 's';
    r.position = strcmp(f[2], "after") == 0    ? DA_ROLE_AFTER
                 : strcmp(f[2], "before") == 0 ? DA_ROLE_BEFORE
                 : strcmp(f[2], "either") == 0 ? DA_ROLE_AFTER | DA_ROLE_BEFORE
                                               : 0;
    if (!r.position)
        return "position is after, before or either";
    if (!f[3][0])
        return "no words";
    r.words = da_arena_strdup(v->arena, f[3]);
    da_grow((void **)&v->roles, &v->cap_roles, v->nroles + 1, sizeof(*v->roles));
    v->roles[v->nroles++] = r;
    return NULL;
}

static const char *service_row(void *ctx, const char *const *f, unsigned long line)
{
    (void)line;
    da_vocab *v = ctx;
    da_service_row r = {NULL, NULL, 0, 0, NULL};
    if (!f[0][0] || !f[1][0] || !f[4][0])
        return "a service needs a name, codes and a pattern";
    if (f[2][0] && (r.needs = da_fact_value_parse(DA_FACT_PROCEDURE, f[2])) <= 0)
        return "needs is a procedure";
    if (f[3][0] && (r.replaces = da_fact_value_parse(DA_FACT_PROCEDURE, f[3])) <= 0)
        return "replaces is a procedure";
    r.name = da_arena_strdup(v->arena, f[0]);
    r.codes = da_arena_strdup(v->arena, f[1]);
    r.pattern = da_arena_strdup(v->arena, f[4]);
    da_grow((void **)&v->services, &v->cap_services, v->nservices + 1, sizeof(*v->services));
    v->services[v->nservices++] = r;
    return NULL;
}

#define NCOLUMNS(c) (sizeof(c) / sizeof((c)[0]))

da_error da_vocab_load(da_vocab *v, da_table_error *why)
{
    static const char *const term_columns[] = {"kind",  "value", "value2", "veto",
                                               "route", "dx",    "pattern"};
    static const char *const section_columns[] = {"section", "cue", "procedure_cue",
                                                  "in_pathology", "note_types", "titles"};
    memset(v, 0, sizeof(*v));
    v->arena = da_arena_new();
    da_error err = da_table_read("rules/terms.csv", term_columns, NCOLUMNS(term_columns),
                                 term_row, v, why);
    if (err == DA_OK)
        err = da_table_read("rules/sections.csv", section_columns, NCOLUMNS(section_columns),
                            section_row, v, why);
    static const char *const service_columns[] = {"service", "codes", "needs", "replaces",
                                                  "pattern"};
    if (err == DA_OK)
        err = da_table_read("rules/services.csv", service_columns, NCOLUMNS(service_columns),
                            service_row, v, why);
    static const char *const role_columns[] = {"role", "strength", "position", "words"};
    if (err == DA_OK)
        err = da_table_read("rules/roles.csv", role_columns, NCOLUMNS(role_columns), role_row, v,
                            why);
    if (err != DA_OK)
        da_vocab_free(v);
    return err;
}

void da_vocab_free(da_vocab *v)
{
    free(v->terms);
    free(v->sections);
    free(v->roles);
    free(v->services);
    da_arena_free(v->arena);
    memset(v, 0, sizeof(*v));
}
