/* model.c - the dataset: lifetime, grouping into encounters, dates. */
#include "model.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "keymap.h"

void da_dataset_init(da_dataset *d)
{
    memset(d, 0, sizeof(*d));
    d->arena = da_arena_new();
    da_dq_init(&d->dq);
    d->first_dos = DA_DATE_NONE;
    d->last_dos = DA_DATE_NONE;
    d->notes_fd = -1;
}

void da_dataset_free(da_dataset *d)
{
    free(d->claims);
    free(d->notes);
    free(d->encounters);
    da_dq_free(&d->dq);
    da_arena_free(d->arena);
    if (d->notes_fd >= 0)
        close(d->notes_fd);
    memset(d, 0, sizeof(*d));
    d->notes_fd = -1;
}

/* "patient|YYYY-MM-DD" in buf when it fits (size bytes), else in the arena. */
static const char *patient_day_key(da_dataset *d, const char *patient, da_date dos, char *buf,
                                   size_t size)
{
    char date[DA_DATE_TEXT_LEN];
    da_date_format(dos, date);
    size_t n = strlen(patient);
    size_t need = n + 1 + DA_DATE_TEXT_LEN;
    char *k = need <= size ? buf : da_arena_alloc(d->arena, need);
    memcpy(k, patient, n);
    k[n] = '|';
    memcpy(k + n + 1, date, DA_DATE_TEXT_LEN);
    return k;
}

/* key as a string of the arena: the one given when it is already there. */
static const char *kept_key(da_dataset *d, const char *key, const char *buf)
{
    return key == buf ? da_arena_strdup(d->arena, key) : key;
}

typedef struct grouping {
    da_encounter *items;  /* encounters being built */
    size_t count, cap;    /* used and allocated */
    size_t *claim_enc;    /* encounter of each claim line */
    size_t *note_enc;     /* encounter of each note */
    da_keymap by_id;        /* encounter_id -> encounter */
    da_keymap by_day;       /* patient|date -> encounter */
} grouping;

static size_t new_encounter(da_dataset *d, grouping *g, const char *id, const char *patient,
                            da_date dos, const char *provider)
{
    da_grow((void **)&g->items, &g->cap, g->count + 1, sizeof(*g->items));
    da_encounter *e = &g->items[g->count];
    memset(e, 0, sizeof(*e));
    e->encounter_id = id;
    e->patient_id = patient;
    e->dos = dos;
    e->provider = provider;
    e->payer = "";
    (void)d;
    return g->count++;
}

/* The encounter for a row with these keys, created when none matches. */
static size_t find_encounter(da_dataset *d, grouping *g, const char *id, const char *patient,
                             da_date dos, const char *provider)
{
    size_t e;
    if (id[0] && da_keymap_get(&g->by_id, id, &e))
        return e;
    bool has_day = patient[0] && dos != DA_DATE_NONE;
    /* Most rows find their encounter by id: the day key is made on the stack
     * and kept in the arena only when a map or an encounter keeps it. */
    enum { DAY_KEY_ON_STACK = 64 }; /* a patient id of up to 52 bytes, '|' and the date */
    char buf[DAY_KEY_ON_STACK];
    const char *day = has_day ? patient_day_key(d, patient, dos, buf, sizeof(buf)) : NULL;
    if (!id[0] && has_day && da_keymap_get(&g->by_day, day, &e))
        return e;
    /* A row with an unknown encounter_id still joins the patient's day when
     * that day has an encounter whose rows carried no id of their own. */
    if (id[0] && has_day && da_keymap_get(&g->by_day, day, &e) &&
        strcmp(g->items[e].encounter_id, day) == 0)
        return e;
    if (has_day)
        day = kept_key(d, day, buf);
    e = new_encounter(d, g, id[0] ? id : (day ? day : ""), patient, dos, provider);
    if (id[0])
        da_keymap_put(&g->by_id, id, e);
    if (has_day && !da_keymap_get(&g->by_day, day, &(size_t){0}))
        da_keymap_put(&g->by_day, day, e);
    return e;
}

void da_dataset_group(da_dataset *d)
{
    grouping g;
    memset(&g, 0, sizeof(g));
    da_keymap_init(&g.by_id, d->nclaims + d->nnotes);
    da_keymap_init(&g.by_day, d->nclaims + d->nnotes);
    g.claim_enc = da_xcalloc(d->nclaims, sizeof(size_t));
    g.note_enc = da_xcalloc(d->nnotes, sizeof(size_t));

    for (size_t i = 0; i < d->nclaims; i++) {
        const da_claim_line *c = &d->claims[i];
        size_t e = find_encounter(d, &g, c->encounter_id, c->patient_id, c->dos, c->provider);
        g.claim_enc[i] = e;
        if (g.items[e].nclaims++ == 0) {
            g.items[e].payer = c->payer;
            g.items[e].payer_type = c->payer_type;
            if (!g.items[e].provider[0])
                g.items[e].provider = c->provider;
        }
    }
    for (size_t i = 0; i < d->nnotes; i++) {
        const da_note *n = &d->notes[i];
        size_t e = find_encounter(d, &g, n->encounter_id, n->patient_id, n->dos, n->provider);
        g.note_enc[i] = e;
        g.items[e].nnotes++;
    }

    /* Index arrays, filled in file order. */
    for (size_t e = 0; e < g.count; e++) {
        da_encounter *enc = &g.items[e];
        enc->claims = da_arena_alloc(d->arena, (enc->nclaims ? enc->nclaims : 1) * sizeof(size_t));
        enc->notes = da_arena_alloc(d->arena, (enc->nnotes ? enc->nnotes : 1) * sizeof(size_t));
        enc->nclaims = enc->nnotes = 0;
    }
    for (size_t i = 0; i < d->nclaims; i++) {
        da_encounter *enc = &g.items[g.claim_enc[i]];
        enc->claims[enc->nclaims++] = i;
    }
    for (size_t i = 0; i < d->nnotes; i++) {
        da_encounter *enc = &g.items[g.note_enc[i]];
        enc->notes[enc->nnotes++] = i;
    }

    d->encounters_without_notes = d->encounters_without_claims = 0;
    for (size_t e = 0; e < g.count; e++) {
        if (!g.items[e].nnotes)
            d->encounters_without_notes++;
        if (!g.items[e].nclaims)
            d->encounters_without_claims++;
    }
    free(d->encounters);
    d->encounters = g.items;
    d->nencounters = g.count;
    free(g.claim_enc);
    free(g.note_enc);
    da_keymap_free(&g.by_id);
    da_keymap_free(&g.by_day);
    da_dataset_index(d);
}

bool da_code_in_range(const char *code, const char *lo, const char *hi)
{
    return strlen(code) == strlen(lo) && strcmp(code, lo) >= 0 && strcmp(code, hi) <= 0;
}

/* An encounter in visit order: patient, then date, then file order. */
typedef struct visit {
    const char *patient; /* patient identifier */
    da_date dos;         /* date of service */
    size_t encounter;    /* index into d->encounters */
} visit;

static int visit_cmp(const void *a, const void *b)
{
    const visit *x = a, *y = b;
    int c = strcmp(x->patient, y->patient);
    if (c)
        return c;
    if (x->dos != y->dos)
        return x->dos < y->dos ? -1 : 1;
    return x->encounter < y->encounter ? -1 : x->encounter > y->encounter;
}

/* Each encounter's previous visit by the same patient (an earlier date):
 * the global periods of earlier surgery are judged from it. */
static void link_visits(da_dataset *d)
{
    visit *order = da_xmalloc((d->nencounters + 1) * sizeof(*order));
    for (size_t e = 0; e < d->nencounters; e++)
        order[e] = (visit){d->encounters[e].patient_id, d->encounters[e].dos, e};
    da_sort(order, d->nencounters, sizeof(*order), visit_cmp);
    long last = -1; /* the patient's latest encounter on an earlier date */
    for (size_t i = 0; i < d->nencounters; i++) {
        const visit *p = i ? &order[i - 1] : NULL;
        if (!p || strcmp(p->patient, order[i].patient) != 0)
            last = -1;
        else if (p->dos != order[i].dos)
            last = (long)p->encounter;
        d->encounters[order[i].encounter].prev_visit = last;
    }
    free(order);
}

/* Per-patient and practice-wide facts the rule families would otherwise
 * find by scanning every claim line for every encounter. */
void da_dataset_index(da_dataset *d)
{
    da_keymap insured;
    da_keymap_init(&insured, d->nclaims);
    for (size_t i = 0; i < d->nclaims; i++) {
        const da_claim_line *c = &d->claims[i];
        if (c->payer_type == DA_PAYER_MEDICARE || c->payer_type == DA_PAYER_MEDICAID ||
            c->payer_type == DA_PAYER_COMMERCIAL || c->payer_type == DA_PAYER_OTHER)
            da_keymap_put(&insured, c->patient_id, 1);
    }
    /* A practice bills its own pathology when it does so for at least half
     * of the encounters where it removed or sampled tissue: one stray 88305
     * does not make every outside laboratory's specimen the practice's. */
    size_t sampled = 0, with_pathology = 0;
    for (size_t e = 0; e < d->nencounters; e++) {
        da_encounter *enc = &d->encounters[e];
        enc->patient_insured = da_keymap_get(&insured, enc->patient_id, &(size_t){0});
        bool tissue = false, pathology = false;
        for (size_t i = 0; i < enc->nclaims; i++) {
            const char *code = d->claims[enc->claims[i]].code;
            tissue |= da_code_in_range(code, "11102", "11107") || da_code_in_range(code, "11300", "11313") ||
                      da_code_in_range(code, "11400", "11646");
            pathology |= da_code_in_range(code, "88300", "88399");
        }
        sampled += tissue;
        with_pathology += tissue && pathology;
    }
    d->bills_pathology = with_pathology > 0 && 2 * with_pathology >= sampled;
    da_keymap_free(&insured);
    link_visits(d);
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
da_date da_date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (da_date)(era * 146097 + (int)doe - 719468);
}

void da_date_to_ymd(da_date date, int *y, int *m, int *d)
{
    int z = date + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)yoe + era * 400 + (*m <= 2);
}

void da_date_format(da_date date, char out[DA_DATE_TEXT_LEN])
{
    if (date == DA_DATE_NONE) {
        out[0] = '\0';
        return;
    }
    int y, m, d;
    da_date_to_ymd(date, &y, &m, &d);
    /* Dates come from da_date_from_ymd on years 1..9999, so the fields fit. */
    out[0] = (char)('0' + y / 1000 % 10);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}

const char *da_payer_type_name(da_payer_type t)
{
    switch (t) {
    case DA_PAYER_MEDICARE: return "medicare";
    case DA_PAYER_MEDICAID: return "medicaid";
    case DA_PAYER_COMMERCIAL: return "commercial";
    case DA_PAYER_SELF: return "self";
    case DA_PAYER_OTHER: return "other";
    case DA_PAYER_UNKNOWN: break;
    }
    return "unknown";
}

bool da_claim_has_modifier(const da_claim_line *c, const char *mod)
{
    for (int i = 0; i < c->nmodifiers; i++)
        if (strcmp(c->modifiers[i], mod) == 0)
            return true;
    return false;
}
