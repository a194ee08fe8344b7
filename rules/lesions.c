/* lesions.c - lesion removal, destruction and biopsy codes: what the notes
 * support against what was billed (coding-rules.md sections 1-3, 4.1, 7.5).
 *
 * Excision (11400-11446 benign, 11600-11646 malignant): one code per lesion
 * by site group and excised diameter (lesion + 2 x narrowest margin), benign
 * versus malignant from the final pathology. Shave removal (11300-11313): by
 * lesion diameter alone. Malignant destruction (17260-17286): by site and
 * lesion diameter, any diameter the note states accepted (no consensus on
 * pre- versus post-curettage size). Premalignant destruction: 17000 + 17003
 * per lesion 2-14, 17004 alone for 15 or more. Benign destruction: 17110 once
 * per session for 1-14, 17111 for 15 or more. Biopsies: one base code by the
 * hierarchy incisional > punch > tangential, the others add-ons of their own
 * technique. Sizes go to buckets with upper-inclusive thresholds in mm; a
 * size that is not a whole mm within 0.5 mm of a boundary accepts both
 * buckets and any finding on it is low confidence (section 1.3).
 *
 * The codes come from rules/lesion_codes.csv (family, group, upper, code):
 * upper is the bucket's upper bound in mm for the size families, a lesion
 * count for the destruction families and 1 (base code) or blank (add-on) for
 * biopsies; blank means no upper bound. This file also collects the lesions
 * of an encounter for repairs.c (see lesions.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fees.h"
#include "lesions.h"
#include "text.h"

#define MAX_ROWS 128   /* rows of the code table */
#define MAX_UNITS 64   /* billed units of one family per encounter considered */
#define MAX_ACCEPT 8   /* codes accepted for one lesion */

/* ---- the code table ----------------------------------------------------- */

typedef struct code_row {
    char family[32];        /* excision_benign, shave, destruction_premalignant, biopsy, ... */
    char group[16];         /* tal/snhfg/face, or first/additional/fifteen, any, a biopsy technique */
    double upper;           /* upper bound (mm or lesions), < 0 when none */
    char code[DA_CODE_LEN]; /* the code */
} code_row;

/* The lesion code table (rules/lesion_codes.csv). */
struct da_lesion_codes {
    code_row rows[MAX_ROWS]; /* in file order: buckets ascending within a family and group */
    size_t count;            /* rows used */
};

static const char *table_row(void *ctx, const char *const *f, unsigned long line)
{
    (void)line;
    da_lesion_codes *t = ctx;
    if (t->count == MAX_ROWS || strlen(f[3]) != 5 || strlen(f[0]) >= sizeof(t->rows[0].family) ||
        strlen(f[1]) >= sizeof(t->rows[0].group))
        return "too many rows, or a code, family or group of the wrong length";
    code_row *r = &t->rows[t->count++];
    snprintf(r->family, sizeof(r->family), "%s", f[0]);
    snprintf(r->group, sizeof(r->group), "%s", f[1]);
    snprintf(r->code, sizeof(r->code), "%s", f[3]);
    char *end;
    r->upper = f[2][0] ? strtod(f[2], &end) : -1;
    if (f[2][0] && (*end || r->upper <= 0))
        return "bad upper bound";
    return NULL;
}

/* A code of (family, group) with the given upper bound: < 0 asks for the unbounded row. */
static const char *row_code(const da_lesion_codes *table, const char *family, const char *group,
                            double upper)
{
    for (size_t i = 0; i < table->count; i++) {
        const code_row *r = &table->rows[i];
        if (strcmp(r->family, family) == 0 && strcmp(r->group, group) == 0 &&
            ((upper < 0 && r->upper < 0) || (upper >= 0 && fabs(r->upper - upper) < 1e-9)))
            return r->code;
    }
    return "";
}

/* Every code the rules name by role is there. */
static bool table_complete(const void *t)
{
    static const char *const needed[][3] = {
        {"destruction_premalignant", "first", "1"}, {"destruction_premalignant", "additional", "14"},
        {"destruction_premalignant", "fifteen", ""}, {"destruction_benign", "any", "14"},
        {"destruction_benign", "any", ""}, {"biopsy", "tangential", "1"}, {"biopsy", "tangential", ""},
        {"biopsy", "punch", "1"}, {"biopsy", "punch", ""}, {"biopsy", "incisional", "1"},
        {"biopsy", "incisional", ""}, {"skin_tag", "first", "15"}, {"skin_tag", "additional", "10"},
    };
    for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
        if (!row_code(t, needed[i][0], needed[i][1], needed[i][2][0] ? atof(needed[i][2]) : -1)[0])
            return false;
    return true;
}

da_error da_lesion_codes_load(da_lesion_codes **out)
{
    static const char *const columns[] = {"family", "group", "upper", "code"};
    da_error err;
    *out = da_rulekit_load("rules/lesion_codes.csv", columns, sizeof(columns) / sizeof(columns[0]),
                           table_row, table_complete, sizeof(**out), &err);
    return err;
}

static const char *group_name(da_lesion_group g)
{
    switch (g) {
    case DA_LESION_TAL: return "tal";
    case DA_LESION_SNHFG: return "snhfg";
    case DA_LESION_FACE: return "face";
    default: return "";
    }
}

const char *da_lesion_code(const da_lesion_codes *table, const char *family, da_lesion_group group,
                           double mm)
{
    const char *g = group_name(group);
    for (size_t i = 0; i < table->count; i++) {
        const code_row *r = &table->rows[i];
        if (strcmp(r->family, family) == 0 && strcmp(r->group, g) == 0 &&
            (r->upper < 0 || mm <= r->upper + 1e-9))
            return r->code;
    }
    return "";
}

bool da_lesion_boundary_ambiguous(const da_lesion_codes *table, const char *family,
                                  da_lesion_group group, double mm)
{
    if (fabs(mm - round(mm)) < 1e-6)
        return false;
    const char *g = group_name(group);
    for (size_t i = 0; i < table->count; i++) {
        const code_row *r = &table->rows[i];
        if (strcmp(r->family, family) == 0 && strcmp(r->group, g) == 0 && r->upper >= 0 &&
            fabs(mm - r->upper) <= 0.5 + 1e-9)
            return true;
    }
    return false;
}

bool da_lesion_code_info(const da_lesion_codes *table, const char *code, const char **family,
                         const char **group)
{
    for (size_t i = 0; i < table->count; i++)
        if (strcmp(table->rows[i].code, code) == 0) {
            if (family)
                *family = table->rows[i].family;
            if (group)
                *group = table->rows[i].group;
            return true;
        }
    return false;
}

/* Position of a code's row within its family and group (0 = smallest bucket). */
static int code_bucket(const da_lesion_codes *table, const char *code)
{
    const char *family, *group;
    if (!da_lesion_code_info(table, code, &family, &group))
        return -1;
    int n = 0;
    for (size_t i = 0; i < table->count; i++) {
        const code_row *r = &table->rows[i];
        if (strcmp(r->code, code) == 0)
            return n;
        if (strcmp(r->family, family) == 0 && strcmp(r->group, group) == 0)
            n++;
    }
    return -1;
}

/* ---- lesions of an encounter -------------------------------------------- */

bool da_lesion_has(const da_lesion *l, da_procedure p)
{
    return (l->procs >> p) & 1u;
}

static void lesion_init(da_lesion *l, long note)
{
    memset(l, 0, sizeof(*l));
    l->note = note;
    l->site = -1;
    l->margin = -1;
    da_evidence *evs[] = {&l->ev_proc,   &l->ev_size,   &l->ev_margin, &l->ev_site, &l->ev_path,
                          &l->ev_count,  &l->ev_repair, &l->ev_length, &l->ev_flap,
                          &l->ev_complex};
    for (size_t i = 0; i < sizeof(evs) / sizeof(evs[0]); i++)
        evs[i]->note = -1;
}

/* Benign lesions destroyed under 17110/17111 (not tags, not vascular lesions). */
static bool benign_destructible(da_diagnosis dx)
{
    return dx == DA_DX_WART || dx == DA_DX_SK || dx == DA_DX_SK_INFLAMED || dx == DA_DX_BENIGN_OTHER;
}

/* The first positive value of a kind of fact (a length, an area) and where it stands. */
static void keep_first(double *slot, da_evidence *ev, long note, const da_fact *f)
{
    if (*slot == 0 && f->value > 0) {
        *slot = f->value;
        *ev = da_evidence_of(note, f);
    }
}

/* A final pathology replaces a benign one when it is malignant. */
static void path_merge(da_diagnosis *path, da_evidence *ev, da_diagnosis dx, long note, const da_fact *f)
{
    if (dx == DA_DX_NONE)
        return;
    if (*path == DA_DX_NONE || (!da_diagnosis_malignant(*path) && da_diagnosis_malignant(dx))) {
        *path = dx;
        *ev = da_evidence_of(note, f);
    }
}

/* Lesion counts seen in one block, resolved against its diagnosis at the end. */
typedef struct counts {
    int premalignant; /* largest count stated for AKs */
    int benign;       /* largest count stated for benign destructible lesions */
    int untyped;      /* largest count stated without a diagnosis */
    int tags;         /* largest count stated for skin tags */
    bool anchored;    /* the lesion's size, procedure, count or closure has been seen */
} counts;

static void lesion_fold(const da_sites *sites, da_lesion *l, counts *c, long note, const da_fact *f)
{
    int v = (int)f->value;
    bool anchor = f->kind == DA_FACT_SIZE || f->kind == DA_FACT_PROCEDURE || f->kind == DA_FACT_LESION_COUNT ||
                  f->kind == DA_FACT_REPAIR || f->kind == DA_FACT_FLAP || f->kind == DA_FACT_MOHS_STAGE;
    if (anchor && l->site >= 0)
        c->anchored = true;
    switch (f->kind) {
    case DA_FACT_PROCEDURE:
        if (v > DA_PROC_NONE && v < 32) {
            if (!l->procs)
                l->ev_proc = da_evidence_of(note, f);
            l->procs |= 1u << v;
        }
        break;
    case DA_FACT_SIZE:
    case DA_FACT_DEFECT_SIZE:
        if (f->value <= 0)
            break;
        if (f->kind == DA_FACT_SIZE && l->size == 0) {
            l->size = f->value;
            l->ev_size = da_evidence_of(note, f);
        }
        if (f->kind == DA_FACT_SIZE) {
            if (l->size_lo == 0 || f->value < l->size_lo)
                l->size_lo = f->value;
            if (f->value > l->size_hi)
                l->size_hi = f->value;
        }
        if (l->size_min == 0 || f->value < l->size_min)
            l->size_min = f->value;
        if (f->value > l->size_max)
            l->size_max = f->value;
        break;
    case DA_FACT_MARGIN:
        if (f->value >= 0 && (l->margin < 0 || f->value < l->margin)) {
            l->margin = f->value;
            l->ev_margin = da_evidence_of(note, f);
        }
        break;
    case DA_FACT_EXCISED_DIAMETER:
        if (l->excised == 0 && f->value > 0)
            l->excised = f->value;
        break;
    case DA_FACT_SITE: {
        /* The lesion's site is the last one named before its size or
         * procedure (history and exam text come earlier), else the first
         * one after. */
        const da_site *s = da_site_get(sites, f->site);
        if ((l->site < 0 || !c->anchored) && s && s->lesion != DA_LESION_NONE) {
            l->site = f->site;
            l->ev_site = da_evidence_of(note, f);
        }
        break;
    }
    case DA_FACT_DIAGNOSIS:
        if (l->dx == DA_DX_NONE)
            l->dx = (da_diagnosis)v;
        break;
    case DA_FACT_PATH_DIAGNOSIS:
        path_merge(&l->path, &l->ev_path, (da_diagnosis)v, note, f);
        break;
    case DA_FACT_LESION_COUNT: {
        da_diagnosis dx = (da_diagnosis)(int)f->value2;
        int *slot = dx == DA_DX_AK ? &c->premalignant : benign_destructible(dx) ? &c->benign
                    : dx == DA_DX_SKIN_TAG ? &c->tags : dx == DA_DX_NONE ? &c->untyped : NULL;
        if (slot && v > *slot) {
            *slot = v;
            l->ev_count = da_evidence_of(note, f);
        }
        break;
    }
    case DA_FACT_REPAIR:
        if (v > (int)l->repair) {
            l->repair = (da_repair_class)v;
            l->ev_repair = da_evidence_of(note, f);
        }
        break;
    case DA_FACT_REPAIR_LENGTH:
        keep_first(&l->repair_length, &l->ev_length, note, f);
        break;
    case DA_FACT_UNDERMINING: {
        int u = v == DA_UNDERMINE_WIDTH ? 3 : v == DA_UNDERMINE_EXTENSIVE ? 2 : 1;
        if (u > l->undermining) {
            l->undermining = u;
            if (u == 3)
                l->ev_complex = da_evidence_of(note, f);
        }
        break;
    }
    case DA_FACT_WOUND_PREP:
        l->wound_prep = true;
        break;
    case DA_FACT_FLAP:
        if (!l->flap && l->ev_flap.note < 0)
            l->ev_flap = da_evidence_of(note, f);
        l->flap = true;
        break;
    case DA_FACT_FLAP_AREA:
        keep_first(&l->flap_area, &l->ev_flap, note, f);
        break;
    default:
        break;
    }
}


#define LESION_PROCS ((1u << DA_PROC_EXCISION) | (1u << DA_PROC_SHAVE) | \
                      (1u << DA_PROC_BIOPSY_TANGENTIAL) | (1u << DA_PROC_BIOPSY_PUNCH) | \
                      (1u << DA_PROC_BIOPSY_INCISIONAL) | (1u << DA_PROC_DESTRUCTION) | \
                      (1u << DA_PROC_SKIN_TAG_REMOVAL))

/* "Shave biopsies x3 of the arm, back and chest": a note that is one
 * unlabelled biopsy lesion and counts its biopsies documents that many
 * (the reader checked the count against the lesions it found). When it
 * names several techniques ("Biopsies x3: shave bx, shave bx, 4 mm punch
 * bx"), each is one biopsy, highest first, and a biopsy counted beyond
 * them takes the lowest, marked as not read. */
static void counted_biopsies(const da_fact_list *facts, da_lesion_set *set)
{
    static const da_procedure order[3] = {DA_PROC_BIOPSY_INCISIONAL, DA_PROC_BIOPSY_PUNCH,
                                          DA_PROC_BIOPSY_TANGENTIAL};
    const unsigned biopsy = (1u << DA_PROC_BIOPSY_TANGENTIAL) | (1u << DA_PROC_BIOPSY_PUNCH) |
                            (1u << DA_PROC_BIOPSY_INCISIONAL);
    if (facts->nlesions != 0 || set->count == 0)
        return;
    da_lesion *l = &set->items[set->count - 1];
    if (!(l->procs & biopsy) || (l->procs & ~biopsy & LESION_PROCS))
        return;
    int counted = 0;
    for (size_t i = 0; i < facts->count; i++)
        if (facts->items[i].kind == DA_FACT_PROCEDURE_COUNT &&
            facts->items[i].value2 == DA_COUNT_BIOPSIES && (int)facts->items[i].value > counted)
            counted = (int)facts->items[i].value;
    da_procedure techs[3];
    int nt = 0;
    for (int t = 0; t < 3; t++)
        if (l->procs & (1u << order[t]))
            techs[nt++] = order[t];
    bool split = nt > 1 && counted >= nt;
    unsigned rest = l->procs & ~biopsy;
    if (split)
        l->procs = rest | (1u << techs[0]);
    for (int k = 1; k < counted && set->count < DA_MAX_LESIONS; k++) {
        da_lesion *copy = &set->items[set->count];
        *copy = *l;
        copy->number = (int)set->count + 1;
        if (split) {
            copy->procs = rest | (1u << techs[k < nt ? k : nt - 1]);
            copy->technique_unread = k >= nt;
        }
        set->count++;
    }
}

void da_lesions_collect(const da_rule_input *in, da_lesion_set *set)
{
    const da_dataset *data = in->data;
    const da_encounter *enc = &data->encounters[in->encounter];
    /* Final pathology per specimen (0 = unlabelled) from the pathology reports. */
    da_diagnosis spec[DA_MAX_LESIONS + 1] = {DA_DX_NONE};
    da_evidence spec_ev[DA_MAX_LESIONS + 1];
    size_t nspec = 0;
    set->count = 0;
    for (size_t i = 0; i < enc->nnotes; i++) {
        const da_fact_list *facts = &in->facts[i];
        long note = (long)enc->notes[i];
        if (da_facts_are_report(data->notes[note].note_type, facts)) {
            for (size_t j = 0; j < facts->count; j++) {
                const da_fact *f = &facts->items[j];
                int s = f->value2 > 0 ? (int)f->value2 : f->lesion;
                if (f->kind != DA_FACT_PATH_DIAGNOSIS || s < 0 || s > DA_MAX_LESIONS)
                    continue;
                if (spec[s] == DA_DX_NONE)
                    nspec++;
                path_merge(&spec[s], &spec_ev[s], (da_diagnosis)(int)f->value, note, f);
            }
            continue;
        }
        int blocks = facts->nlesions > 0 ? facts->nlesions : 1;
        for (int b = 1; b <= blocks && set->count < DA_MAX_LESIONS; b++) {
            da_lesion *l = &set->items[set->count];
            counts c = {0, 0, 0, 0, false};
            lesion_init(l, note);
            for (size_t j = 0; j < facts->count; j++) {
                const da_fact *f = &facts->items[j];
                if (facts->nlesions == 0 || f->lesion == b || (f->lesion == 0 && blocks == 1))
                    lesion_fold(in->rules->sites, l, &c, note, f);
            }
            l->premalignant = c.premalignant;
            l->benign_count = c.benign;
            l->tag_count = c.tags;
            if (c.untyped > 0 && l->dx == DA_DX_AK && c.untyped > l->premalignant)
                l->premalignant = c.untyped;
            else if (c.untyped > 0 && benign_destructible(l->dx) && c.untyped > l->benign_count)
                l->benign_count = c.untyped;
            if ((l->procs & LESION_PROCS) || l->premalignant || l->benign_count ||
                l->repair != DA_REPAIR_NONE || l->flap) {
                l->in_note = facts->nlesions > 0 ? b : 0;
                l->number = (int)set->count + 1;
                set->count++;
            }
        }
        counted_biopsies(facts, set);
    }
    /* A lesion takes the specimen of its marker; an unmarked lesion takes
     * specimen 1 or the unlabelled one when it is the only one removed. */
    size_t removed = 0;
    for (size_t i = 0; i < set->count; i++)
        removed += (set->items[i].procs & LESION_PROCS) != 0;
    for (size_t i = 0; i < set->count && nspec > 0; i++) {
        da_lesion *l = &set->items[i];
        if (l->path != DA_DX_NONE || !(l->procs & LESION_PROCS))
            continue;
        int s = l->in_note;
        if (s == 0 && removed == 1)
            s = spec[1] != DA_DX_NONE ? 1 : 0;
        if ((s > 0 || removed == 1) && s <= DA_MAX_LESIONS && spec[s] != DA_DX_NONE) {
            l->path = spec[s];
            l->ev_path = spec_ev[s];
        }
    }
}

da_malignancy da_lesion_malignancy(const da_lesion *l)
{
    if (l->path != DA_DX_NONE) {
        if (da_diagnosis_malignant(l->path))
            return DA_MAL_MALIGNANT;
        return l->dx != DA_DX_NONE && da_diagnosis_malignant(l->dx) ? DA_MAL_EITHER : DA_MAL_BENIGN;
    }
    if (l->dx != DA_DX_NONE)
        return da_diagnosis_malignant(l->dx) ? DA_MAL_MALIGNANT : DA_MAL_BENIGN;
    return DA_MAL_UNKNOWN;
}

/* Millimetres from cm, exact to 0.01 mm (sizes are written to 0.1 mm at most). */
static double to_mm(double cm)
{
    return round(cm * 1000.0) / 100.0;
}

bool da_lesion_excision_size(const da_lesion *l, da_excision_size *out)
{
    memset(out, 0, sizeof(*out));
    if (l->size > 0 && l->margin >= 0) {
        out->mm = to_mm(l->size + 2 * l->margin);
        out->margin_known = true;
    } else if (l->excised > 0) {
        out->mm = to_mm(l->excised);
        out->margin_known = true;
    } else if (l->size > 0) {
        out->mm = to_mm(l->size);
    } else {
        return false;
    }
    return true;
}

/* ---- findings ---------------------------------------------------------- */

da_direction da_code_direction(const da_rule_input *in, const char *billed, int billed_units,
                               const char *expected, int expected_units, da_direction fallback)
{
    if (!in->fees)
        return fallback;
    const da_fee *b = billed[0] ? da_fees_find(in->fees, billed) : NULL;
    const da_fee *e = expected[0] ? da_fees_find(in->fees, expected) : NULL;
    if ((billed[0] && !b) || (expected[0] && !e))
        return fallback;
    da_cents was = b ? b->nonfacility * billed_units : 0;
    da_cents will = e ? e->nonfacility * expected_units : 0;
    return will > was ? DA_DIR_UNDER : will < was ? DA_DIR_OVER : fallback;
}

da_finding *da_lesion_finding(da_finding_list *out, const char *category, const da_rule_input *in,
                              const da_lesion *l, const char *rule, da_direction dir,
                              da_confidence conf)
{
    da_finding *f = da_rulekit_finding(out, category, in->encounter, rule, dir, conf);
    f->lesion = l ? l->number : 0;
    return f;
}

/* Billed units of a set of codes, one entry per unit (each unit is a lesion). */
typedef struct billed_unit {
    char code[DA_CODE_LEN]; /* code billed */
    long claim;             /* its claim line */
    bool used;              /* matched to a lesion */
} billed_unit;

typedef struct billed_units {
    billed_unit items[MAX_UNITS]; /* in claim order */
    size_t count;                 /* units used */
} billed_units;

/* Units billed on the encounter whose code belongs to one of the families. */
static void billed_collect(const da_rule_input *in, const char *const *families, billed_units *b)
{
    const da_lesion_codes *table = in->rules->lesions;
    const da_encounter *enc = &in->data->encounters[in->encounter];
    b->count = 0;
    for (size_t i = 0; i < enc->nclaims; i++) {
        const da_claim_line *line = &in->data->claims[enc->claims[i]];
        const char *family;
        if (!da_lesion_code_info(table, line->code, &family, NULL))
            continue;
        bool mine = false;
        for (size_t k = 0; families[k] && !mine; k++)
            mine = strcmp(families[k], family) == 0;
        for (int u = 0; mine && u < line->units && b->count < MAX_UNITS; u++) {
            billed_unit *x = &b->items[b->count++];
            memcpy(x->code, line->code, DA_CODE_LEN);
            x->claim = (long)enc->claims[i];
            x->used = false;
        }
    }
}

/* Units of one code billed on the encounter, and its first line. */
static int billed_code_units(const da_rule_input *in, const char *code, long *claim)
{
    const da_encounter *enc = &in->data->encounters[in->encounter];
    int units = 0;
    if (claim)
        *claim = -1;
    for (size_t i = 0; i < enc->nclaims; i++) {
        const da_claim_line *line = &in->data->claims[enc->claims[i]];
        if (strcmp(line->code, code) != 0)
            continue;
        units += line->units;
        if (claim && *claim < 0)
            *claim = (long)enc->claims[i];
    }
    return units;
}

/* What one lesion of a size family supports. */
typedef struct expectation {
    size_t lesion;                         /* index in the lesion set */
    char accept[MAX_ACCEPT][DA_CODE_LEN];  /* codes the note supports */
    int naccept;                           /* codes used */
    char primary[2][DA_CODE_LEN];          /* code reported as expected: [0] benign or only family, [1] malignant */
    da_confidence conf;                    /* confidence of a finding on it */
    bool margin_gap;                       /* excision coded on lesion size: margin not documented */
    da_evidence ev;                        /* size (and margin) evidence */
    bool matched;                          /* a billed unit carries an accepted code */
} expectation;

/* The lesions of one size family in an encounter. */
typedef struct sized_set {
    expectation xs[DA_MAX_LESIONS]; /* lesions with a size and a site group, in lesion order */
    size_t nx;                      /* expectations used */
    size_t unsized[DA_MAX_LESIONS]; /* lesions of the family with no usable size (set indexes) */
    size_t nunsized;                /* used */
} sized_set;

static void accept_add(expectation *x, const char *code)
{
    if (!code[0] || x->naccept == MAX_ACCEPT)
        return;
    for (int i = 0; i < x->naccept; i++)
        if (strcmp(x->accept[i], code) == 0)
            return;
    memcpy(x->accept[x->naccept++], code, DA_CODE_LEN);
}

static bool accepts(const expectation *x, const char *code)
{
    for (int i = 0; i < x->naccept; i++)
        if (strcmp(x->accept[i], code) == 0)
            return true;
    return false;
}

/* Accepts every bucket that [lo_mm, hi_mm] reaches and, when an end is
 * boundary-ambiguous, the bucket across that boundary; returns the code of hi_mm. */
static const char *accept_size(const da_lesion_codes *table, expectation *x, const char *family,
                               da_lesion_group g, double lo_mm, double hi_mm, bool *ambiguous)
{
    if (da_lesion_boundary_ambiguous(table, family, g, lo_mm) ||
        da_lesion_boundary_ambiguous(table, family, g, hi_mm)) {
        *ambiguous = true;
        lo_mm -= 0.5;
        hi_mm += 0.5;
    }
    const char *gn = group_name(g);
    double lower = -1; /* the bucket's exclusive lower bound */
    for (size_t i = 0; i < table->count; i++) {
        const code_row *r = &table->rows[i];
        if (strcmp(r->family, family) != 0 || strcmp(r->group, gn) != 0)
            continue;
        if (hi_mm > lower + 1e-9 && (r->upper < 0 || lo_mm <= r->upper + 1e-9))
            accept_add(x, r->code);
        lower = r->upper;
    }
    return da_lesion_code(table, family, g, *ambiguous ? hi_mm - 0.5 : hi_mm);
}

/* Rule ids and wording of one size family. */
typedef struct size_rules {
    const char *what;         /* "excision", "shave removal", "malignant destruction" */
    const char *code_rule;    /* a lesion billed with another code of the family */
    const char *missing_rule; /* a documented lesion with no line */
    const char *extra_rule;   /* a line with no documented lesion */
    const char *const *families; /* the code table's families billed for it, NULL-terminated */
} size_rules;

/* Per-lesion billed and expected codes, for the detail sheet. */
typedef struct lesion_codes {
    char billed[48];   /* codes billed for the lesion */
    char expected[48]; /* codes the note supports */
} lesion_codes;

/* Appends code ("x3" for units above one) to buf; a code with no units
 * (not billed, not expected) is not listed. */
static void codes_append(char *buf, size_t size, const char *code, int units)
{
    size_t o = strlen(buf);
    if (!code[0] || units <= 0 || o >= size)
        return;
    if (units > 1)
        snprintf(buf + o, size - o, "%s%s x%d", o ? ", " : "", code, units);
    else
        snprintf(buf + o, size - o, "%s%s", o ? ", " : "", code);
}

/* Why a lesion's billed code differs from its expected one (excision only). */
static const char *excision_reason(const da_lesion_codes *table, const char *billed,
                                   const char *expected)
{
    const char *bf, *bg, *ef, *eg;
    if (!da_lesion_code_info(table, billed, &bf, &bg) ||
        !da_lesion_code_info(table, expected, &ef, &eg))
        return "LESION-EXC-SIZE";
    if (strcmp(bf, ef) != 0)
        return "LESION-EXC-PATHOLOGY";
    if (strcmp(bg, eg) != 0)
        return "LESION-EXC-SITE";
    return "LESION-EXC-SIZE";
}

/* Fallback direction without fees: malignant over benign, then face over
 * scalp/neck/hands/feet over trunk/limbs, then the larger bucket. */
static da_direction rank_direction(const da_lesion_codes *table, const char *billed,
                                   const char *expected)
{
    const char *bf, *bg, *ef, *eg;
    if (!da_lesion_code_info(table, billed, &bf, &bg) ||
        !da_lesion_code_info(table, expected, &ef, &eg))
        return DA_DIR_UNDER;
    int bm = strstr(bf, "malignant") != NULL, em = strstr(ef, "malignant") != NULL;
    if (bm != em)
        return em > bm ? DA_DIR_UNDER : DA_DIR_OVER;
    static const char *const order[] = {"tal", "snhfg", "face"};
    int bo = 0, eo = 0;
    for (int i = 0; i < 3; i++) {
        bo = strcmp(bg, order[i]) == 0 ? i : bo;
        eo = strcmp(eg, order[i]) == 0 ? i : eo;
    }
    if (bo != eo)
        return eo > bo ? DA_DIR_UNDER : DA_DIR_OVER;
    return code_bucket(table, expected) >= code_bucket(table, billed) ? DA_DIR_UNDER : DA_DIR_OVER;
}

/* Why a size-coded finding is a review item: the sizes stated disagree
 * across a size range, or one lies on a range's edge. */
#define SIZE_REVIEW                                                                                \
    "the notes state sizes that fall in different size ranges, or one on a range's edge"

/* Matches the expectations of one size family against its billed units:
 * exact codes first, then the rest in order, pairwise. unsized lists the
 * lesions of the family documented without the size or site the code needs:
 * a line left over is theirs to carry, a gap, not an unsupported line. */
static void size_family_compare(const da_rule_input *in, const da_lesion_set *set,
                                sized_set *s, billed_units *b, const size_rules *rules,
                                bool excision, lesion_codes *codes, da_finding_list *out)
{
    expectation *xs = s->xs;
    size_t nx = s->nx, nunsized = s->nunsized;
    const size_t *unsized = s->unsized;
    const da_lesion_codes *table = in->rules->lesions;
    for (size_t i = 0; i < nx; i++)
        for (size_t k = 0; k < b->count && !xs[i].matched; k++)
            if (!b->items[k].used && accepts(&xs[i], b->items[k].code)) {
                b->items[k].used = xs[i].matched = true;
                const da_lesion *l = &set->items[xs[i].lesion];
                codes_append(codes[xs[i].lesion].billed, sizeof(codes[0].billed), b->items[k].code, 1);
                codes_append(codes[xs[i].lesion].expected, sizeof(codes[0].expected), b->items[k].code, 1);
                if (xs[i].margin_gap) {
                    da_finding *f = da_lesion_finding(out, "lesion", in, l, "LESION-EXC-MARGIN",
                                                      DA_DIR_GAP, DA_CONF_MEDIUM);
                    da_rulekit_codes(f, b->items[k].claim, b->items[k].code, 1, b->items[k].code,
                                     1);
                    da_evidence_fill(in->data, f, &xs[i].ev, "lesion size documented without a margin");
                }
            }
    for (size_t i = 0; i < nx; i++) {
        expectation *x = &xs[i];
        if (x->matched)
            continue;
        const da_lesion *l = &set->items[x->lesion];
        billed_unit *u = NULL;
        for (size_t k = 0; k < b->count && !u; k++)
            if (!b->items[k].used)
                u = &b->items[k];
        const char *family = NULL;
        if (u)
            da_lesion_code_info(table, u->code, &family, NULL);
        /* The primary code of the billed family when the pathology allows either. */
        const char *expected = x->primary[0];
        if (x->primary[1][0] && (!x->primary[0][0] || (family && strstr(family, "malignant"))))
            expected = x->primary[1];
        if (!expected[0])
            continue;
        codes_append(codes[x->lesion].expected, sizeof(codes[0].expected), expected, 1);
        if (!u) {
            da_finding *f =
                da_lesion_finding(out, "lesion", in, l, rules->missing_rule, DA_DIR_UNDER, x->conf);
            if (x->conf == DA_CONF_LOW)
                f->review = SIZE_REVIEW;
            da_rulekit_codes(f, -1, NULL, 0, expected, 1);
            da_evidence_fill(in->data, f, &l->ev_proc, rules->what);
            continue;
        }
        u->used = true;
        codes_append(codes[x->lesion].billed, sizeof(codes[0].billed), u->code, 1);
        da_direction dir = da_code_direction(in, u->code, 1, expected, 1,
                                             rank_direction(table, u->code, expected));
        const char *rule = excision ? excision_reason(table, u->code, expected) : rules->code_rule;
        da_confidence conf = x->conf;
        if (x->margin_gap && dir == DA_DIR_OVER) {
            /* Billed above the lesion-size bucket with no margin documented:
             * the documentation does not carry the code. */
            dir = DA_DIR_GAP;
            rule = "LESION-EXC-MARGIN";
        }
        da_finding *f = da_lesion_finding(out, "lesion", in, l, rule, dir, conf);
        if (conf == DA_CONF_LOW)
            f->review = SIZE_REVIEW;
        da_rulekit_codes(f, u->claim, u->code, 1, expected, 1);
        const da_evidence *ev = strcmp(rule, "LESION-EXC-PATHOLOGY") == 0 && l->ev_path.note >= 0
                                    ? &l->ev_path
                                : strcmp(rule, "LESION-EXC-SITE") == 0 && l->ev_site.note >= 0 ? &l->ev_site
                                                                                             : &x->ev;
        da_evidence_fill(in->data, f, ev, rules->what);
    }
    size_t flap = 0; /* next lesion looked at for an adjacent tissue transfer */
    for (size_t k = 0; k < b->count; k++) {
        if (b->items[k].used)
            continue;
        while (excision && flap < set->count &&
               !(da_lesion_has(&set->items[flap], DA_PROC_EXCISION) && set->items[flap].flap))
            flap++;
        if (excision && flap < set->count) {
            const da_lesion *l = &set->items[flap];
            da_finding *f = da_lesion_finding(out, "lesion", in, l, "LESION-EXC-ATT", DA_DIR_OVER,
                                              DA_CONF_HIGH);
            da_rulekit_codes(f, b->items[k].claim, b->items[k].code, 1, NULL, 0);
            da_evidence_fill(in->data, f, &l->ev_flap, "adjacent tissue transfer documented");
            codes_append(codes[flap].billed, sizeof(codes[0].billed), b->items[k].code, 1);
            flap++;
            continue;
        }
        if (nunsized > 0) {
            const da_lesion *l = &set->items[unsized[--nunsized]];
            /* the note may state the size in words the reader does not
             * know: a coder looks before it counts */
            da_finding *f =
                da_lesion_finding(out, "lesion", in, l, "LESION-SIZE-GAP", DA_DIR_GAP, DA_CONF_LOW);
            f->review = "the removal is documented but no size or site for its code was read";
            da_rulekit_codes(f, b->items[k].claim, b->items[k].code, 1, b->items[k].code, 1);
            da_evidence_fill(in->data, f, &l->ev_proc, rules->what);
            codes_append(codes[l - set->items].billed, sizeof(codes[0].billed), b->items[k].code, 1);
            continue;
        }
        /* A line beyond the lesions read is an accusation only where the
         * notes describe no more: a lesion with a size and no removal read,
         * one removal with two sizes (two lesions read as one) or a count
         * above the lesions read may be the line's */
        bool more = false;
        for (size_t i = 0; i < set->count && !more; i++) {
            const da_lesion *l = &set->items[i];
            bool mine = false;
            for (size_t j = 0; j < nx && !mine; j++)
                mine = xs[j].lesion == i;
            more = mine ? l->size_lo < l->size_hi : l->size_hi > 0 && l->procs == 0;
        }
        /* ... or a count the notes state ("Seborrheic keratoses x2") */
        const da_encounter *enc = &in->data->encounters[in->encounter];
        for (size_t i = 0; i < enc->nnotes && !more; i++)
            for (size_t j = 0; j < in->facts[i].count && !more; j++) {
                const da_fact *c = &in->facts[i].items[j];
                more = (c->kind == DA_FACT_LESION_COUNT || c->kind == DA_FACT_PROCEDURE_COUNT) &&
                       c->value > (double)nx;
            }
        da_finding *f = da_lesion_finding(out, "lesion", in, NULL, rules->extra_rule, DA_DIR_OVER,
                                          more ? DA_CONF_LOW : DA_CONF_MEDIUM);
        if (more)
            f->review = "the notes describe more lesions than were read as removed";
        da_rulekit_codes(f, b->items[k].claim, b->items[k].code, 1, NULL, 0);
        snprintf(f->evidence, sizeof(f->evidence), "%zu %s(s) documented; more lines billed", nx,
                 rules->what);
    }
}

/* Evidence spanning the size and the margin when both are in one note. */
static da_evidence size_evidence(const da_lesion *l)
{
    da_evidence ev = l->ev_size.note >= 0 ? l->ev_size : l->ev_proc;
    if (l->ev_margin.note >= 0 && l->ev_margin.note == ev.note) {
        if (l->ev_margin.start < ev.start)
            ev.start = l->ev_margin.start;
        if (l->ev_margin.end > ev.end)
            ev.end = l->ev_margin.end;
    }
    return ev;
}

static const char *const EXCISION_FAMILIES[] = {"excision_benign", "excision_malignant", NULL};
static const char *const SHAVE_FAMILIES[] = {"shave", NULL};
static const char *const DESTRUCTION_FAMILIES[] = {"destruction_malignant", NULL};
static const size_rules EXCISION_RULES = {"excision", "LESION-EXC-SIZE", "LESION-EXC-NOT-BILLED",
                                          "LESION-EXC-UNSUPPORTED", EXCISION_FAMILIES};
static const size_rules SHAVE_RULES = {"shave removal", "LESION-SHAVE-CODE", "LESION-SHAVE-NOT-BILLED",
                                       "LESION-SHAVE-UNSUPPORTED", SHAVE_FAMILIES};
static const size_rules DESTRUCTION_RULES = {
    "malignant destruction", "LESION-DESTR-MALIGNANT", "LESION-DESTR-MALIGNANT-NOT-BILLED",
    "LESION-DESTR-MALIGNANT-UNSUPPORTED", DESTRUCTION_FAMILIES};

static da_lesion_group lesion_group(const da_sites *sites, const da_lesion *l, bool *mucosa)
{
    const da_site *s = l->site >= 0 ? da_site_get(sites, l->site) : NULL;
    if (mucosa)
        *mucosa = s && s->mucosa;
    return s ? s->lesion : DA_LESION_NONE;
}

/* The next expectation, xs[nx], cleared, for lesion i with its evidence. */
static expectation *expect(expectation *xs, size_t nx, size_t i, da_evidence ev)
{
    expectation *x = &xs[nx];
    memset(x, 0, sizeof(*x));
    x->lesion = i;
    x->ev = ev;
    return x;
}

/* No skin excision documented, and a note documents a service outside
 * the audit that its own words would have made one (a lipoma removed through
 * an incision, an excisional debridement): each skin excision line billed
 * is the code of a procedure not done (the service has codes of its own). */
static void excision_for_service(const da_rule_input *in, billed_units *b, da_finding_list *out)
{
    const da_encounter *enc = &in->data->encounters[in->encounter];
    da_evidence ev = {.note = -1};
    for (size_t i = 0; i < enc->nnotes && ev.note < 0; i++)
        for (size_t j = 0; j < in->facts[i].count && ev.note < 0; j++) {
            const da_fact *f = &in->facts[i].items[j];
            if (f->kind == DA_FACT_SERVICE && (int)f->value2 == DA_PROC_EXCISION)
                ev = da_evidence_of((long)enc->notes[i], f);
        }
    if (ev.note < 0)
        return;
    for (size_t k = 0; k < b->count; k++) {
        da_finding *f = da_lesion_finding(out, "lesion", in, NULL, "LESION-EXC-SERVICE",
                                          DA_DIR_OVER, DA_CONF_MEDIUM);
        da_rulekit_codes(f, b->items[k].claim, b->items[k].code, 1, NULL, 0);
        da_evidence_fill(in->data, f, &ev, "a service outside the skin excision codes documented");
    }
}

static void excisions(const da_rule_input *in, const da_lesion_set *set, lesion_codes *codes,
                      da_finding_list *out)
{
    const da_lesion_codes *table = in->rules->lesions;
    sized_set s;
    s.nx = s.nunsized = 0;
    bool att = false;
    for (size_t i = 0; i < set->count; i++) {
        const da_lesion *l = &set->items[i];
        if (!da_lesion_has(l, DA_PROC_EXCISION))
            continue;
        if (l->flap) {
            att = true; /* the adjacent tissue transfer includes the excision: no code */
            continue;
        }
        da_excision_size sz;
        bool mucosa;
        da_lesion_group g = lesion_group(in->rules->sites, l, &mucosa);
        if (!da_lesion_excision_size(l, &sz) || g == DA_LESION_NONE) {
            s.unsized[s.nunsized++] = i;
            continue;
        }
        expectation *x = expect(s.xs, s.nx, i, size_evidence(l));
        da_malignancy m = da_lesion_malignancy(l);
        bool ambiguous = false;
        bool benign = m != DA_MAL_MALIGNANT, malignant = m != DA_MAL_BENIGN && !mucosa;
        /* clinical sizes that disagree give a range of excised diameters:
         * the codes of all of it are accepted and none is claimed */
        double lo = sz.mm, hi = sz.mm;
        if (l->size > 0 && l->size_lo < l->size_hi && (l->margin >= 0 || l->excised <= 0)) {
            double rim = l->margin >= 0 ? 2 * l->margin : 0;
            lo = to_mm(l->size_lo + rim);
            hi = to_mm(l->size_hi + rim);
        }
        if (benign)
            snprintf(x->primary[0], DA_CODE_LEN, "%s",
                     accept_size(table, x, "excision_benign", g, lo, hi, &ambiguous));
        if (malignant)
            snprintf(x->primary[1], DA_CODE_LEN, "%s",
                     accept_size(table, x, "excision_malignant", g, lo, hi, &ambiguous));
        if (x->naccept == 0)
            continue;
        const char *fam = benign ? "excision_benign" : "excision_malignant";
        ambiguous |=
            strcmp(da_lesion_code(table, fam, g, lo), da_lesion_code(table, fam, g, hi)) != 0;
        x->margin_gap = !sz.margin_known;
        x->conf = ambiguous ? DA_CONF_LOW
                  : !sz.margin_known || m == DA_MAL_UNKNOWN || l->path == DA_DX_NONE ? DA_CONF_MEDIUM
                                                                                   : DA_CONF_HIGH;
        s.nx++;
    }
    billed_units b;
    billed_collect(in, EXCISION_RULES.families, &b);
    if (s.nx == 0 && !att && s.nunsized == 0) {
        excision_for_service(in, &b, out);
        return; /* no excision documented: nothing else to audit the lines against */
    }
    size_family_compare(in, set, &s, &b, &EXCISION_RULES, true, codes, out);
}

static void shaves(const da_rule_input *in, const da_lesion_set *set, lesion_codes *codes,
                   da_finding_list *out)
{
    const da_lesion_codes *table = in->rules->lesions;
    sized_set s;
    s.nx = s.nunsized = 0;
    for (size_t i = 0; i < set->count; i++) {
        const da_lesion *l = &set->items[i];
        if (!da_lesion_has(l, DA_PROC_SHAVE) || da_lesion_has(l, DA_PROC_EXCISION))
            continue;
        da_lesion_group g = lesion_group(in->rules->sites, l, NULL);
        if (l->size <= 0 || g == DA_LESION_NONE) {
            s.unsized[s.nunsized++] = i;
            continue;
        }
        expectation *x = expect(s.xs, s.nx, i, l->ev_size);
        bool ambiguous = false;
        /* lesion diameter only: margins never count; sizes that disagree
         * ("erythema 2-3 mm" ... "lesion diameter 1.4 cm") accept the codes
         * of both and decide nothing */
        double lo = to_mm(l->size_lo), hi = to_mm(l->size_hi);
        snprintf(x->primary[0], DA_CODE_LEN, "%s",
                 accept_size(table, x, "shave", g, lo, hi, &ambiguous));
        bool disagree = strcmp(da_lesion_code(table, "shave", g, lo),
                               da_lesion_code(table, "shave", g, hi)) != 0;
        x->conf = ambiguous || disagree ? DA_CONF_LOW : DA_CONF_HIGH;
        s.nx += x->naccept > 0;
    }
    if (s.nx == 0)
        return;
    billed_units b;
    billed_collect(in, SHAVE_RULES.families, &b);
    size_family_compare(in, set, &s, &b, &SHAVE_RULES, false, codes, out);
}

static void malignant_destructions(const da_rule_input *in, const da_lesion_set *set,
                                   lesion_codes *codes, da_finding_list *out)
{
    const da_lesion_codes *table = in->rules->lesions;
    sized_set s;
    s.nx = s.nunsized = 0;
    for (size_t i = 0; i < set->count; i++) {
        const da_lesion *l = &set->items[i];
        da_lesion_group g = lesion_group(in->rules->sites, l, NULL);
        /* A biopsy read beside the destruction ("LN2 to AKs ... shave
         * biopsy of the shin") owns the pathology: its malignancy does not
         * make the destroyed AKs malignant */
        bool biopsied = da_lesion_has(l, DA_PROC_BIOPSY_TANGENTIAL) ||
                        da_lesion_has(l, DA_PROC_BIOPSY_PUNCH) ||
                        da_lesion_has(l, DA_PROC_BIOPSY_INCISIONAL);
        bool malignant = (!biopsied && l->path != DA_DX_NONE && da_diagnosis_malignant(l->path)) ||
                         (l->dx != DA_DX_NONE && da_diagnosis_malignant(l->dx));
        if (!da_lesion_has(l, DA_PROC_DESTRUCTION) || !malignant)
            continue;
        if (l->size_max <= 0 || g == DA_LESION_NONE) {
            s.unsized[s.nunsized++] = i;
            continue;
        }
        expectation *x = expect(s.xs, s.nx, i, l->ev_size.note >= 0 ? l->ev_size : l->ev_proc);
        bool ambiguous = false;
        /* Any diameter the note gives (before or after curettage) is accepted. */
        snprintf(x->primary[0], DA_CODE_LEN, "%s",
                 accept_size(table, x, "destruction_malignant", g, to_mm(l->size_min),
                             to_mm(l->size_max), &ambiguous));
        if (l->size > 0)
            snprintf(x->primary[0], DA_CODE_LEN, "%s",
                     da_lesion_code(table, "destruction_malignant", g, to_mm(l->size)));
        x->conf = ambiguous ? DA_CONF_LOW : DA_CONF_HIGH;
        s.nx += x->naccept > 0;
    }
    billed_units b;
    billed_collect(in, DESTRUCTION_RULES.families, &b);
    if (s.nx == 0 && s.nunsized == 0) {
        /* No malignant lesion destroyed. Where every destruction documented
         * names what it destroyed (AKs, warts), a malignant destruction
         * line is not supported; one of a lesion whose diagnosis was not
         * read may be it, and says nothing. */
        for (size_t i = 0; i < set->count; i++)
            if (da_lesion_has(&set->items[i], DA_PROC_DESTRUCTION) &&
                set->items[i].dx == DA_DX_NONE && set->items[i].path == DA_DX_NONE)
                return;
        for (size_t k = 0; k < b.count; k++) {
            da_finding *f = da_lesion_finding(out, "lesion", in, NULL, DESTRUCTION_RULES.extra_rule,
                                              DA_DIR_OVER, DA_CONF_MEDIUM);
            da_rulekit_codes(f, b.items[k].claim, b.items[k].code, 1, NULL, 0);
            snprintf(f->evidence, sizeof(f->evidence),
                     "no destruction of a malignant lesion documented");
        }
        return;
    }
    size_family_compare(in, set, &s, &b, &DESTRUCTION_RULES, false, codes, out);
}

/* The units of code billed (none: nothing) as over-billing when nothing
 * documents them: a finding of rule about lesion l (NULL: the encounter),
 * with evidence ev or the words why. */
static void unsupported_line(da_finding_list *out, const da_rule_input *in, const da_lesion *l,
                             const char *rule, const char *code, const da_evidence *ev,
                             const char *why)
{
    long line;
    int units = billed_code_units(in, code, &line);
    if (units <= 0)
        return;
    da_finding *f = da_lesion_finding(out, "lesion", in, l, rule, DA_DIR_OVER, DA_CONF_MEDIUM);
    da_rulekit_codes(f, line, code, units, NULL, 0);
    da_evidence_fill(in->data, f, ev, why);
}

/* Destruction lines (premalignant 17000-17004, benign 17110/17111) billed
 * where the notes speak of such lesions and document no destruction at all
 * ("No destruction today", "NOT treated with LN2 today"): the code of a
 * procedure not done. Notes silent about the lesions say nothing. */
static void unsupported_destructions(const da_rule_input *in, da_finding_list *out)
{
    const da_lesion_codes *table = in->rules->lesions;
    /* the notes speak of the lesions (AKs; SKs, warts) and destroy none */
    bool ak = false, benign = false;
    const da_encounter *enc = &in->data->encounters[in->encounter];
    for (size_t i = 0; i < enc->nnotes; i++)
        for (size_t k = 0; k < in->facts[i].count; k++) {
            const da_fact *f = &in->facts[i].items[k];
            if (f->kind == DA_FACT_PROCEDURE && (int)f->value == DA_PROC_DESTRUCTION)
                return;
            if (f->kind == DA_FACT_DIAGNOSIS) {
                ak |= (int)f->value == DA_DX_AK;
                benign |= benign_destructible((da_diagnosis)(int)f->value);
            }
        }
    static const struct {
        const char *family, *group; /* the code's row in rules/lesion_codes.csv */
        double upper;               /* its upper bound, -1 unbounded */
        bool premalignant;          /* an AK code, else a benign one */
    } rows[] = {{"destruction_premalignant", "first", 1, true},
                {"destruction_premalignant", "additional", 14, true},
                {"destruction_premalignant", "fifteen", -1, true},
                {"destruction_benign", "any", 14, false},
                {"destruction_benign", "any", -1, false}};
    for (size_t k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
        if (rows[k].premalignant ? !ak : !benign)
            continue;
        unsupported_line(out, in, NULL, "LESION-DESTR-UNSUPPORTED",
                         row_code(table, rows[k].family, rows[k].group, rows[k].upper), NULL,
                         "no destruction documented in the notes");
    }
}

/* 17000 + 17003 x (n - 1) for 1-14 premalignant lesions, 17004 alone for 15 or more. */
static void premalignant(const da_rule_input *in, const da_lesion_set *set, lesion_codes *codes,
                         da_finding_list *out)
{
    const da_lesion_codes *table = in->rules->lesions;
    int n = 0;
    const da_lesion *first = NULL;
    for (size_t i = 0; i < set->count; i++)
        if (set->items[i].premalignant > 0) {
            n += set->items[i].premalignant;
            if (!first)
                first = &set->items[i];
        }
    if (n == 0)
        return;
    const char *c_first = row_code(table, "destruction_premalignant", "first", 1);
    const char *c_addl = row_code(table, "destruction_premalignant", "additional", 14);
    const char *c_many = row_code(table, "destruction_premalignant", "fifteen", -1);
    long l_first, l_addl, l_many;
    int b_first = billed_code_units(in, c_first, &l_first);
    int b_addl = billed_code_units(in, c_addl, &l_addl);
    int b_many = billed_code_units(in, c_many, &l_many);
    int e_first = n >= 15 ? 0 : 1, e_addl = n >= 15 ? 0 : n - 1, e_many = n >= 15 ? 1 : 0;
    lesion_codes *lc = &codes[first - set->items];
    codes_append(lc->billed, sizeof(lc->billed), c_first, b_first);
    codes_append(lc->billed, sizeof(lc->billed), c_addl, b_addl);
    codes_append(lc->billed, sizeof(lc->billed), c_many, b_many);
    codes_append(lc->expected, sizeof(lc->expected), c_first, e_first);
    codes_append(lc->expected, sizeof(lc->expected), c_addl, e_addl);
    codes_append(lc->expected, sizeof(lc->expected), c_many, e_many);
    const char *fallback = "premalignant lesions treated";
    /* 15 or more billed as 17000 + 17003: the pair becomes 17004; fewer than
     * 15 billed as 17004: it becomes 17000 (17003 below). */
    bool to_many = e_many && !b_many && b_first, to_first = !e_many && b_many && !b_first;
    if (to_many || to_first) {
        const char *from = to_many ? c_first : c_many, *to = to_many ? c_many : c_first;
        int units = to_many ? b_first : b_many;
        long line = to_many ? l_first : l_many;
        da_finding *f = da_rulekit_add(
            in->data, out, "lesion", in->encounter, "LESION-AK-17004",
            da_code_direction(in, from, units, to, 1, to_many ? DA_DIR_UNDER : DA_DIR_OVER),
            DA_CONF_HIGH, line, from, units, to, 1, &first->ev_count, fallback);
        f->lesion = first->number;
        b_first = to_first;
        b_many = to_many;
        l_first = l_many = line;
    }
    struct {
        const char *code;
        int billed, expected;
        long line;
        const char *rule;
    } cmp[] = {
        {c_first, b_first, e_first, l_first, e_many ? "LESION-AK-17004" : "LESION-AK-COUNT"},
        {c_addl, b_addl, e_addl, l_addl, e_many ? "LESION-AK-17004" : "LESION-AK-COUNT"},
        {c_many, b_many, e_many, l_many, "LESION-AK-17004"},
    };
    for (size_t i = 0; i < sizeof(cmp) / sizeof(cmp[0]); i++) {
        if (cmp[i].billed == cmp[i].expected)
            continue;
        da_direction dir = cmp[i].expected > cmp[i].billed ? DA_DIR_UNDER : DA_DIR_OVER;
        da_finding *f = da_rulekit_add(in->data, out, "lesion", in->encounter, cmp[i].rule, dir,
                                       DA_CONF_HIGH, cmp[i].line, cmp[i].code, cmp[i].billed,
                                       cmp[i].code, cmp[i].expected, &first->ev_count, fallback);
        f->lesion = first->number;
    }
}

/* 17110 once per session for 1-14 benign lesions, 17111 for 15 or more. */
static void benign_destructions(const da_rule_input *in, const da_lesion_set *set, lesion_codes *codes,
                                da_finding_list *out)
{
    const da_lesion_codes *table = in->rules->lesions;
    int n = 0;
    const da_lesion *first = NULL;
    for (size_t i = 0; i < set->count; i++) {
        const da_lesion *l = &set->items[i];
        int c = l->benign_count;
        /* a destroyed lesion with no count is at least one, unless it was
         * shaved or excised too: electrodesiccation of the shave's base is
         * the removal's hemostasis, not a destruction */
        if (c == 0 && da_lesion_has(l, DA_PROC_DESTRUCTION) && benign_destructible(l->dx) &&
            !da_lesion_has(l, DA_PROC_SHAVE) && !da_lesion_has(l, DA_PROC_EXCISION))
            c = 1;
        if (c > 0) {
            n += c;
            if (!first)
                first = l;
        }
    }
    if (n == 0)
        return;
    const char *c_few = row_code(table, "destruction_benign", "any", 14);
    const char *c_many = row_code(table, "destruction_benign", "any", -1);
    long l_few, l_many;
    int b_few = billed_code_units(in, c_few, &l_few);
    int b_many = billed_code_units(in, c_many, &l_many);
    const char *expected = n >= 15 ? c_many : c_few;
    lesion_codes *lc = &codes[first - set->items];
    codes_append(lc->billed, sizeof(lc->billed), c_few, b_few);
    codes_append(lc->billed, sizeof(lc->billed), c_many, b_many);
    codes_append(lc->expected, sizeof(lc->expected), expected, 1);
    const char *fallback = "benign lesions destroyed";
    const da_evidence *ev = first->ev_count.note >= 0 ? &first->ev_count : &first->ev_proc;
    struct {
        const char *code;
        int billed, expected;
        long line;
    } cmp[] = {{c_few, b_few, n >= 15 ? 0 : 1, l_few}, {c_many, b_many, n >= 15 ? 1 : 0, l_many}};
    /* The wrong one of the two billed once becomes the right one. */
    int wrong = n >= 15 ? 0 : 1, right = 1 - wrong;
    if (cmp[wrong].billed > 0 && cmp[right].billed == 0) {
        da_finding *f = da_rulekit_add(
            in->data, out, "lesion", in->encounter, "LESION-DESTR-BENIGN",
            da_code_direction(in, cmp[wrong].code, cmp[wrong].billed, cmp[right].code, 1,
                              n >= 15 ? DA_DIR_UNDER : DA_DIR_OVER),
            DA_CONF_HIGH, cmp[wrong].line, cmp[wrong].code, cmp[wrong].billed, cmp[right].code, 1,
            ev, fallback);
        f->lesion = first->number;
        return;
    }
    for (int i = 0; i < 2; i++) {
        if (cmp[i].billed == cmp[i].expected)
            continue;
        da_finding *f = da_rulekit_add(in->data, out, "lesion", in->encounter,
                                       "LESION-DESTR-BENIGN",
                                       cmp[i].expected > cmp[i].billed ? DA_DIR_UNDER : DA_DIR_OVER,
                                       DA_CONF_HIGH, cmp[i].line, cmp[i].code, cmp[i].billed,
                                       cmp[i].code, cmp[i].expected, ev, fallback);
        f->lesion = first->number;
    }
}

/* Skin tags removed: 11200 for up to 15, then 11201 for each further 10 or
 * part (coding-rules.md 3.2), where a tag code is billed. Only a stated
 * count is coded: a removal of "skin tags" with no number says nothing
 * about the add-on. */
static void skin_tags(const da_rule_input *in, const da_lesion_set *set, da_finding_list *out)
{
    const da_lesion_codes *table = in->rules->lesions;
    int n = 0;
    const da_lesion *first = NULL;
    for (size_t i = 0; i < set->count; i++) {
        const da_lesion *l = &set->items[i];
        if (l->tag_count > 0 && da_lesion_has(l, DA_PROC_SKIN_TAG_REMOVAL)) {
            n += l->tag_count;
            if (!first)
                first = l;
        }
    }
    if (n == 0)
        return;
    const char *c_first = row_code(table, "skin_tag", "first", 15);
    const char *c_addl = row_code(table, "skin_tag", "additional", 10);
    long l_first, l_addl;
    int b_first = billed_code_units(in, c_first, &l_first);
    int b_addl = billed_code_units(in, c_addl, &l_addl);
    if (b_first + b_addl == 0)
        return; /* not billed at all: whether it should be is the cosmetic family's question */
    struct {
        const char *code;
        int billed, expected;
        long line;
    } cmp[] = {{c_first, b_first, 1, l_first}, {c_addl, b_addl, n > 15 ? (n - 15 + 9) / 10 : 0, l_addl}};
    for (int i = 0; i < 2; i++) {
        if (cmp[i].billed == cmp[i].expected)
            continue;
        da_finding *f = da_rulekit_add(in->data, out, "lesion", in->encounter, "LESION-TAG-COUNT",
                                       cmp[i].expected > cmp[i].billed ? DA_DIR_UNDER : DA_DIR_OVER,
                                       DA_CONF_HIGH, cmp[i].line, cmp[i].code, cmp[i].billed,
                                       cmp[i].code, cmp[i].expected, &first->ev_count,
                                       "skin tags removed");
        f->lesion = first->number;
    }
}

/* Biopsy lines billed where the notes document no biopsy, but document what
 * a biopsy would be part of: the lesion's excision or shave removal (an
 * "excisional biopsy" is the excision, the biopsy of a lesion removed the
 * same session is included in its removal), or Mohs surgery (a diagnostic
 * biopsy that day is billable only when documented, with no prior
 * pathology; coding-rules.md 1 and 5), the removal's code billed too.
 * Elsewhere a biopsy the reading missed is too likely to accuse. */
static void unsupported_biopsies(const da_rule_input *in, const da_lesion_set *set,
                                 const char *const tech[3], da_finding_list *out)
{
    const da_lesion_codes *table = in->rules->lesions;
    /* a removal documented and billed: a shave biopsy read as a shave
     * removal nobody billed is no removal */
    const da_encounter *enc = &in->data->encounters[in->encounter];
    bool excision_billed = false, shave_billed = false;
    for (size_t i = 0; i < enc->nclaims; i++) {
        const char *code = in->data->claims[enc->claims[i]].code;
        excision_billed |= strncmp(code, "114", 3) == 0 || strncmp(code, "116", 3) == 0;
        shave_billed |= strncmp(code, "113", 3) == 0;
    }
    const da_lesion *removed = NULL;
    for (size_t i = 0; i < set->count && !removed; i++)
        if ((excision_billed && da_lesion_has(&set->items[i], DA_PROC_EXCISION)) ||
            (shave_billed && da_lesion_has(&set->items[i], DA_PROC_SHAVE)))
            removed = &set->items[i];
    da_evidence mohs = {.note = -1};
    /* Mohs done: a stage documented, not a name ("... and Mohs Surgery"
     * in a letterhead) */
    for (size_t i = 0; i < enc->nnotes && mohs.note < 0; i++)
        for (size_t k = 0; k < in->facts[i].count && mohs.note < 0; k++)
            if (in->facts[i].items[k].kind == DA_FACT_MOHS_STAGE ||
                in->facts[i].items[k].kind == DA_FACT_MOHS_STAGE_COUNT)
                mohs = da_evidence_of((long)enc->notes[i], &in->facts[i].items[k]);
    if (!removed && mohs.note < 0)
        return;
    const char *why = removed ? "the notes document the lesion's removal and no separate biopsy"
                              : "the notes document Mohs surgery and no diagnostic biopsy";
    for (int t = 0; t < 3; t++)
        for (int rank = 1; rank >= -1; rank -= 2)
            unsupported_line(out, in, removed, "LESION-BIOPSY-UNSUPPORTED",
                             row_code(table, "biopsy", tech[t], rank),
                             removed ? &removed->ev_proc : &mohs, why);
}

/* The first of the techniques procs (incisional, punch, tangential) the
 * lesion documents, -1 when none or when the lesion was removed in the same
 * session (reported as the removal only). */
static int biopsy_technique(const da_lesion *l, const da_procedure procs[3])
{
    if (da_lesion_has(l, DA_PROC_EXCISION) || da_lesion_has(l, DA_PROC_SHAVE))
        return -1;
    for (int t = 0; t < 3; t++)
        if (da_lesion_has(l, procs[t]))
            return t;
    return -1;
}

/* One base biopsy code by incisional > punch > tangential; the rest add-ons. */
/* The most biopsies any note of the encounter says were done ("biopsies
 * x3", "biopsy of two lesions"), 0 when none says. */
static int stated_biopsies(const da_rule_input *in)
{
    const da_encounter *enc = &in->data->encounters[in->encounter];
    int most = 0;
    for (size_t i = 0; i < enc->nnotes; i++)
        for (size_t j = 0; j < in->facts[i].count; j++) {
            const da_fact *f = &in->facts[i].items[j];
            if (f->kind == DA_FACT_PROCEDURE_COUNT && f->value2 == DA_COUNT_BIOPSIES &&
                (int)f->value > most)
                most = (int)f->value;
        }
    return most;
}

static void biopsies(const da_rule_input *in, const da_lesion_set *set, lesion_codes *codes,
                     da_finding_list *out)
{
    const da_lesion_codes *table = in->rules->lesions;
    static const char *const tech[3] = {"incisional", "punch", "tangential"};
    static const da_procedure procs[3] = {DA_PROC_BIOPSY_INCISIONAL, DA_PROC_BIOPSY_PUNCH,
                                          DA_PROC_BIOPSY_TANGENTIAL};
    int n[3] = {0, 0, 0};
    const da_lesion *first[3] = {NULL, NULL, NULL};
    for (size_t i = 0; i < set->count; i++) {
        int t = biopsy_technique(&set->items[i], procs);
        if (t >= 0 && n[t]++ == 0)
            first[t] = &set->items[i];
    }
    int top = n[0] ? 0 : n[1] ? 1 : n[2] ? 2 : -1;
    if (top < 0) {
        unsupported_biopsies(in, set, tech, out);
        return;
    }
    char base[3][DA_CODE_LEN], addon[3][DA_CODE_LEN];
    int e_addon[3], b_base[3], b_addon[3];
    long l_base[3], l_addon[3];
    for (int t = 0; t < 3; t++) {
        snprintf(base[t], DA_CODE_LEN, "%s", row_code(table, "biopsy", tech[t], 1));
        snprintf(addon[t], DA_CODE_LEN, "%s", row_code(table, "biopsy", tech[t], -1));
        e_addon[t] = t == top ? n[t] - 1 : n[t];
        b_base[t] = billed_code_units(in, base[t], &l_base[t]);
        b_addon[t] = billed_code_units(in, addon[t], &l_addon[t]);
    }
    /* Per lesion, the code its technique and rank give. */
    bool base_taken = false;
    for (size_t i = 0; i < set->count; i++) {
        int t = biopsy_technique(&set->items[i], procs);
        if (t < 0)
            continue;
        bool is_base = t == top && !base_taken;
        base_taken |= is_base;
        codes_append(codes[i].expected, sizeof(codes[0].expected), is_base ? base[t] : addon[t], 1);
    }
    const da_lesion *lead = first[top];
    for (int t = 0; t < 3; t++) {
        codes_append(codes[lead - set->items].billed, sizeof(codes[0].billed), base[t], b_base[t]);
        codes_append(codes[lead - set->items].billed, sizeof(codes[0].billed), addon[t], b_addon[t]);
    }
    const char *fallback = "biopsies documented";
    int billed_bases = b_base[0] + b_base[1] + b_base[2];
    if (billed_bases == 0) {
        da_finding *f = da_lesion_finding(out, "lesion", in, lead, "LESION-BIOPSY-BASE",
                                          DA_DIR_UNDER, DA_CONF_HIGH);
        da_rulekit_codes(f, -1, NULL, 0, base[top], 1);
        da_evidence_fill(in->data, f, &lead->ev_proc, fallback);
    } else if (b_base[top] == 0) {
        /* The base billed under a lower technique: the highest billed one moves up. */
        int t = b_base[1] && top < 1 ? 1 : 2;
        da_finding *f = da_lesion_finding(
            out, "lesion", in, first[t] ? first[t] : lead, "LESION-BIOPSY-BASE",
            da_code_direction(in, base[t], 1, base[top], 1, DA_DIR_UNDER), DA_CONF_HIGH);
        da_rulekit_codes(f, l_base[t], base[t], 1, base[top], 1);
        da_evidence_fill(in->data, f, &lead->ev_proc, fallback);
        b_base[t]--;
        b_base[top] = 1;
    }
    /* Every further base code is billed where its technique's add-on belongs:
     * a code beyond what the notes support (and a denial risk). */
    for (int t = 0; t < 3; t++) {
        int extra = b_base[t] - (t == top ? 1 : 0);
        if (extra <= 0)
            continue;
        const da_lesion *l = first[t] ? first[t] : lead;
        da_finding *f = da_lesion_finding(out, "lesion", in, l, "LESION-BIOPSY-BASE", DA_DIR_OVER,
                                          DA_CONF_HIGH);
        da_rulekit_codes(f, l_base[t], base[t], extra, addon[t], extra);
        da_evidence_fill(in->data, f, &l->ev_proc, fallback);
        b_addon[t] += extra;
    }
    /* Fewer biopsies read than billed is an accusation only where the notes
     * count them so: a second biopsy written in the first one's sentence
     * ("punch biopsies of the calf and thigh") is easily missed. */
    int read = n[0] + n[1] + n[2], stated = stated_biopsies(in);
    bool unread = false; /* a counted biopsy's technique was taken, not read */
    for (size_t i = 0; i < set->count; i++)
        unread |= set->items[i].technique_unread;
    for (int t = 0; t < 3; t++) {
        if (b_addon[t] == e_addon[t])
            continue;
        const da_lesion *l = first[t] ? first[t] : lead;
        bool over = e_addon[t] < b_addon[t];
        /* the add-ons a base code billed in their place stands for are that
         * code's finding: an over-billed add-on is one actually billed */
        if (over && billed_code_units(in, addon[t], NULL) <= e_addon[t])
            continue;
        bool counted = stated == read;
        da_finding *f = da_lesion_finding(out, "lesion", in, l, "LESION-BIOPSY-ADDON",
                                          over ? DA_DIR_OVER : DA_DIR_UNDER,
                                          (over && !counted) || unread ? DA_CONF_LOW
                                                                       : DA_CONF_HIGH);
        if (unread)
            f->review = "the notes count more biopsies than they give techniques for";
        else if (over && !counted)
            f->review = "fewer biopsies were read than billed, and the notes do not count them";
        int billed = billed_code_units(in, addon[t], NULL);
        da_rulekit_codes(f, l_addon[t], addon[t], billed, addon[t], e_addon[t]);
        da_evidence_fill(in->data, f, &l->ev_proc, fallback);
    }
}

/* ---- the detail sheet -------------------------------------------------- */

const da_detail_column da_lesion_columns[] = {
    {DA_COL_ENCOUNTER, DA_CELL_TEXT, 14},        {"Date of service", DA_CELL_DATE, 12},
    {"Payer", DA_CELL_TEXT, 16},            {"Lesion", DA_CELL_NUMBER, 7},
    {"Procedure", DA_CELL_TEXT, 18},        {"Site", DA_CELL_TEXT, 18},
    {"Site group", DA_CELL_TEXT, 12},       {"Lesion size (cm)", DA_CELL_TEXT, 10},
    {"Margin (cm)", DA_CELL_TEXT, 9},       {"Excised diameter (cm)", DA_CELL_TEXT, 11},
    {"Pathology", DA_CELL_TEXT, 16},        {"Repair length (cm) or area (sq cm)", DA_CELL_TEXT, 12},
    {"Billed code", DA_CELL_TEXT, 22},
    {"Expected code", DA_CELL_TEXT, 22},    {"Under ($)", DA_CELL_AMOUNT, 11},
    {"Over ($)", DA_CELL_AMOUNT, 11},
};
const size_t da_lesion_ncolumns = sizeof(da_lesion_columns) / sizeof(da_lesion_columns[0]);

const char *da_size_text(char out[16], double v, bool known)
{
    if (known)
        snprintf(out, 16, "%g", round(v * 100.0) / 100.0);
    else
        out[0] = '\0';
    return out;
}

static const char *procedure_text(const da_lesion *l)
{
    static const da_procedure order[] = {DA_PROC_EXCISION, DA_PROC_SHAVE, DA_PROC_BIOPSY_INCISIONAL,
                                         DA_PROC_BIOPSY_PUNCH, DA_PROC_BIOPSY_TANGENTIAL, DA_PROC_DESTRUCTION};
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
        if (da_lesion_has(l, order[i]))
            return da_procedure_name(order[i]);
    if (l->premalignant || l->benign_count)
        return da_procedure_name(DA_PROC_DESTRUCTION);
    return "";
}

static void detail_rows(const da_rule_input *in, const da_lesion_set *set, const lesion_codes *codes,
                        const long *first, const long *nfindings)
{
    if (!in->details)
        return;
    const da_encounter *enc = &in->data->encounters[in->encounter];
    da_detail *sheet = da_details_table(in->details, "Lesions & Repairs", da_lesion_columns,
                                        da_lesion_ncolumns);
    for (size_t i = 0; i < set->count; i++) {
        const da_lesion *l = &set->items[i];
        const char *proc = procedure_text(l);
        if (!proc[0])
            continue; /* closures alone are shown by the repair family */
        const da_site *s = l->site >= 0 ? da_site_get(in->rules->sites, l->site) : NULL;
        bool mucosa;
        da_lesion_group g = lesion_group(in->rules->sites, l, &mucosa);
        da_excision_size sz;
        bool excision = da_lesion_has(l, DA_PROC_EXCISION) && da_lesion_excision_size(l, &sz) &&
                        sz.margin_known;
        char size[16], margin[16], excised[16];
        da_cell row[] = {
            da_cell_text(enc->encounter_id),
            da_cell_date(enc->dos),
            da_cell_text(enc->payer),
            da_cell_number(l->number),
            da_cell_text(proc),
            da_cell_text(s ? s->name : ""),
            da_cell_text(group_name(g)),
            da_cell_text(da_size_text(size, l->size, l->size > 0)),
            da_cell_text(da_size_text(margin, l->margin, l->margin >= 0)),
            da_cell_text(da_size_text(excised, excision ? sz.mm / 10.0 : 0, excision)),
            da_cell_text(l->path != DA_DX_NONE ? da_diagnosis_name(l->path) : ""),
            da_cell_text(""),
            da_cell_text(codes[i].billed),
            da_cell_text(codes[i].expected),
            da_cell_amount(first[i], nfindings[i], DA_DIR_UNDER),
            da_cell_amount(first[i], nfindings[i], DA_DIR_OVER),
        };
        da_detail_add_row(in->details, sheet, row);
    }
}

da_error da_rule_lesions(const da_rule_input *in, da_finding_list *out)
{
    da_lesion_set *set = da_xmalloc(sizeof(*set));
    da_lesions_collect(in, set);
    lesion_codes codes[DA_MAX_LESIONS];
    memset(codes, 0, sizeof(codes));
    da_finding_list found;
    da_findings_init(&found);
    excisions(in, set, codes, &found);
    shaves(in, set, codes, &found);
    malignant_destructions(in, set, codes, &found);
    premalignant(in, set, codes, &found);
    unsupported_destructions(in, &found);
    benign_destructions(in, set, codes, &found);
    skin_tags(in, set, &found);
    biopsies(in, set, codes, &found);
    /* Findings go out lesion by lesion, so each detail row sums a contiguous range. */
    long first[DA_MAX_LESIONS], nfindings[DA_MAX_LESIONS];
    for (int n = 0; n <= (int)set->count; n++) {
        long start = (long)out->count;
        for (size_t j = 0; j < found.count; j++)
            if (found.items[j].lesion == n)
                *da_findings_push(out) = found.items[j];
        if (n > 0) {
            first[n - 1] = out->count > (size_t)start ? start : -1;
            nfindings[n - 1] = (long)out->count - start;
        }
    }
    detail_rows(in, set, codes, first, nfindings);
    da_findings_free(&found);
    free(set);
    return DA_OK;
}
