/* pathology.c - surgical pathology billed by a practice that reads its own
 * skin specimens (coding-rules.md sections 5 and 6).
 *
 * One 88302/88304/88305 unit per specimen submitted separately (bottle, part
 * A/B/C) to the practice's lab; the level by specimen type (88304 cyst, tag,
 * debridement; 88302 plastic repair such as a scar revision; 88305 any other
 * skin); none for a specimen sent to an outside or reference laboratory,
 * which bills it. Mohs includes the pathology of its own tissue: 88305 or
 * 88331 on it is over-billing, except a separately submitted specimen (a
 * debulk sent for permanent sections, 88305-59) and a same-day diagnostic
 * biopsy read on a frozen section (88331, with 59 on the biopsy). Special
 * stains and immunostains documented but not billed are a leak.
 *
 * Silent unless the practice bills its own pathology: its claims carry an
 * 88300-88399 line, or the run says so (--in-house-pathology). Codes come
 * from rules/pathology.csv.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulekit.h"
#include "rules.h"

#define MAX_SPECIMENS 26 /* specimens per encounter considered (A-Z) */

/* Specimen levels, cheapest first, so a higher index pays more. */
enum { L_PLASTIC, L_CYST, L_OTHER, L_COUNT };
/* Stain codes, in the order of the table's kinds. */
enum { S_SPECIAL_I, S_SPECIAL_II, S_IHC_FIRST, S_IHC_ADDL, S_COUNT };

/* The pathology code table (rules/pathology.csv). */
struct da_pathology_table {
    char level[L_COUNT][DA_CODE_LEN]; /* specimen code per level */
    char frozen[DA_CODE_LEN];         /* frozen section, first block */
    char stain[S_COUNT][DA_CODE_LEN]; /* stain codes */
};

static const char *table_row(void *ctx, const char *const *f, unsigned long line)
{
    static const char *const levels[L_COUNT] = {"plastic_repair", "cyst_tag_debridement", "other"};
    static const char *const stains[S_COUNT] = {"special_i", "special_ii", "ihc_first",
                                                "ihc_additional"};
    (void)line;
    da_pathology_table *t = ctx;
    if (strlen(f[0]) != 5)
        return "a code is five characters";
    const char *code = f[0], *role = f[1], *kind = f[2];
    char *slot = NULL;
    if (strcmp(role, "frozen_section") == 0)
        slot = t->frozen;
    for (int i = 0; i < L_COUNT && strcmp(role, "specimen") == 0; i++)
        if (strcmp(kind, levels[i]) == 0)
            slot = t->level[i];
    for (int i = 0; i < S_COUNT && strcmp(role, "stain") == 0; i++)
        if (strcmp(kind, stains[i]) == 0)
            slot = t->stain[i];
    if (!slot)
        return "unknown role or kind";
    memcpy(slot, code, DA_CODE_LEN);
    return NULL;
}

/* Every level, stain and the frozen section have a code. */
static bool table_complete(const void *table)
{
    const da_pathology_table *t = table;
    bool complete = t->frozen[0] != '\0';
    for (int i = 0; i < L_COUNT; i++)
        complete &= t->level[i][0] != '\0';
    for (int i = 0; i < S_COUNT; i++)
        complete &= t->stain[i][0] != '\0';
    return complete;
}

da_error da_pathology_load(da_pathology_table **out)
{
    static const char *const columns[] = {"code", "role", "kind"};
    da_error err;
    *out = da_rulekit_load("rules/pathology.csv", columns, sizeof(columns) / sizeof(columns[0]),
                           table_row, table_complete, sizeof(**out), &err);
    return err;
}

/* One specimen documented in the encounter's notes. */
typedef struct specimen {
    int label;            /* 1 = A, 2 = B, ...; 0 = unlabelled */
    da_lab lab;           /* where it went; outside wins over in-house when notes differ */
    size_t note;          /* position in the encounter of the note that first names it */
    int lesion;           /* lesion of that first mention, 0 = the note as a whole */
    da_evidence ev;       /* that first mention */
    int level;            /* L_* the notes support */
    bool level_stated;    /* the level rests on a diagnosis or procedure, not the default */
    da_evidence level_ev; /* the fact that set the level */
    int stains[3];        /* stains documented per da_stain (index da_stain - 1) */
    bool reported;        /* a pathology report of the encounter names it */
} specimen;

/* What the notes of one encounter document about pathology. */
typedef struct path_notes {
    specimen sp[MAX_SPECIMENS]; /* specimens, labelled ones first */
    size_t n;                   /* specimens */
    bool report_lists;          /* a pathology report names its specimens by label */
    int untied[3];              /* stains tied to no specimen, per da_stain */
    da_evidence stain_ev;       /* a documented stain */
    bool mohs;                  /* Mohs surgery documented with a stage */
    da_evidence mohs_ev;        /* where */
    bool biopsy;                /* a biopsy documented */
    bool frozen;                /* a frozen section documented outside the Mohs stages */
    da_evidence frozen_ev;      /* where */
    bool count_doubt;           /* the specimens were counted from a mention that gives no
                                   number while its note tells more lesions apart, and no
                                   label or stated number settles it */
} path_notes;

static da_lab lab_merge(da_lab a, da_lab b)
{
    if (a == DA_LAB_OUTSIDE || b == DA_LAB_OUTSIDE)
        return DA_LAB_OUTSIDE;
    return a == DA_LAB_IN_HOUSE || b == DA_LAB_IN_HOUSE ? DA_LAB_IN_HOUSE : DA_LAB_UNKNOWN;
}

static specimen *specimen_add(path_notes *p, int label, size_t note, long note_index,
                              const da_fact *f)
{
    if (p->n == MAX_SPECIMENS)
        return NULL;
    specimen *s = &p->sp[p->n++];
    memset(s, 0, sizeof(*s));
    s->label = label;
    s->note = note;
    s->lesion = f ? f->lesion : 0;
    s->ev = f ? da_evidence_of(note_index, f) : DA_EVIDENCE_NONE;
    s->level = L_OTHER;
    s->level_ev = DA_EVIDENCE_NONE;
    return s;
}

static specimen *specimen_find(path_notes *p, int label)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->sp[i].label == label)
            return &p->sp[i];
    return NULL;
}

/* Specimens: labelled ones by label across notes (the procedure note and the
 * pathology report name the same A and B); unlabelled mentions count as one
 * specimen per note unless a number is stated, and the same specimen across
 * notes, so the most any one note documents. In a note with labelled
 * specimens an unlabelled mention with a lab ("specimens sent to ...") states
 * the lab of those specimens. */
static void collect_specimens(const da_rule_input *in, path_notes *p)
{
    const da_encounter *enc = &in->data->encounters[in->encounter];
    int most_unlabelled = 0, stated_count = 0;
    size_t unlabelled_note = 0;
    const da_fact *unlabelled_fact = NULL;
    da_lab unlabelled_lab = DA_LAB_UNKNOWN, encounter_lab = DA_LAB_UNKNOWN;
    bool labs_differ = false, doubt = false;
    for (size_t i = 0; i < enc->nnotes; i++) {
        const da_fact_list *facts = &in->facts[i];
        long note_index = (long)enc->notes[i];
        bool report = da_facts_are_report(in->data->notes[enc->notes[i]].note_type, facts);
        bool labelled = false;
        int count = 0;
        const da_fact *first0 = NULL;
        da_lab note_lab = DA_LAB_UNKNOWN;
        for (size_t j = 0; j < facts->count; j++) {
            const da_fact *f = &facts->items[j];
            if (f->kind == DA_FACT_SPECIMEN_COUNT && (int)f->value > count)
                count = (int)f->value;
            if (f->kind != DA_FACT_SPECIMEN)
                continue;
            int label = (int)f->value;
            da_lab lab = (da_lab)(int)f->value2;
            if (lab != DA_LAB_UNKNOWN) {
                if (encounter_lab != DA_LAB_UNKNOWN && encounter_lab != lab)
                    labs_differ = true;
                encounter_lab = lab_merge(encounter_lab, lab);
            }
            if (label <= 0) {
                if (!first0)
                    first0 = f;
                note_lab = lab_merge(note_lab, lab);
                continue;
            }
            labelled = true;
            specimen *s = specimen_find(p, label);
            if (!s)
                s = specimen_add(p, label, i, note_index, f);
            if (s)
                s->lab = lab_merge(s->lab, lab);
            if (s && report) {
                s->reported = true;
                p->report_lists = true;
            }
        }
        if (labelled) {
            /* The note's lab statement covers the specimens it names. */
            for (size_t j = 0; j < facts->count && note_lab != DA_LAB_UNKNOWN; j++) {
                const da_fact *f = &facts->items[j];
                specimen *s = f->kind == DA_FACT_SPECIMEN && f->value > 0
                                  ? specimen_find(p, (int)f->value)
                                  : NULL;
                if (s && s->lab == DA_LAB_UNKNOWN)
                    s->lab = note_lab;
            }
        } else if (first0 || count) {
            int here = count > 0 ? count : 1;
            /* "the specimens were sent to ..." after "shave biopsies x3": one
             * mention, not one specimen */
            int told = facts->nlesions;
            for (size_t j = 0; j < facts->count; j++)
                if (facts->items[j].kind == DA_FACT_PROCEDURE_COUNT &&
                    (int)facts->items[j].value > told)
                    told = (int)facts->items[j].value;
            if (!count && told > here)
                doubt = true;
            if (here > most_unlabelled) {
                most_unlabelled = here;
                unlabelled_note = i;
                unlabelled_fact = first0;
                unlabelled_lab = note_lab;
            }
        }
        if (count > stated_count)
            stated_count = count;
    }
    int total = most_unlabelled > stated_count ? most_unlabelled : stated_count;
    /* labelled specimens or a stated number settle the count */
    p->count_doubt = doubt && p->n == 0 && stated_count == 0;
    long unl_index = unlabelled_fact ? (long)enc->notes[unlabelled_note] : -1;
    for (int k = (int)p->n; k < total; k++) {
        specimen *s = specimen_add(p, 0, unlabelled_note, unl_index, unlabelled_fact);
        if (s)
            s->lab = unlabelled_lab;
    }
    /* A specimen whose lab nobody stated went where every stated one went. */
    for (size_t k = 0; k < p->n && !labs_differ; k++)
        if (p->sp[k].lab == DA_LAB_UNKNOWN)
            p->sp[k].lab = encounter_lab;
}

static bool cyst_or_tag(double dx)
{
    return (int)dx == DA_DX_CYST || (int)dx == DA_DX_SKIN_TAG;
}

/* Does fact f (in note position note) speak about specimen s? A pathology
 * diagnosis or stain by its specimen label; anything else by lesion within
 * the same note; everything when there is one specimen. */
static bool about(const path_notes *p, const specimen *s, size_t note, const da_fact *f,
                  int label_of_fact)
{
    if (p->n == 1)
        return true;
    if (label_of_fact >= 0)
        return s->label > 0 && label_of_fact == s->label;
    return note == s->note && f->lesion > 0 && f->lesion == s->lesion;
}

/* The level each specimen supports, and the stains tied to it. */
static void specimen_levels(const da_rule_input *in, path_notes *p)
{
    const da_encounter *enc = &in->data->encounters[in->encounter];
    for (size_t k = 0; k < p->n; k++) {
        specimen *s = &p->sp[k];
        /* Strength of what set the level: 4 scar revision, 3 pathology, 2 tag
         * removal, 1 clinical diagnosis. */
        int best = 0;
        bool path_other = false;
        for (size_t i = 0; i < enc->nnotes; i++) {
            const da_fact_list *facts = &in->facts[i];
            for (size_t j = 0; j < facts->count; j++) {
                const da_fact *f = &facts->items[j];
                int strength = 0, level = L_OTHER;
                if (f->kind == DA_FACT_PROCEDURE && (int)f->value == DA_PROC_SCAR_REVISION &&
                    about(p, s, i, f, -1)) {
                    strength = 4;
                    level = L_PLASTIC;
                } else if (f->kind == DA_FACT_PATH_DIAGNOSIS && f->value > 0 &&
                           about(p, s, i, f, (int)f->value2 > 0 ? (int)f->value2 : -1)) {
                    strength = 3;
                    level = cyst_or_tag(f->value) ? L_CYST : L_OTHER;
                    path_other |= level == L_OTHER;
                } else if (f->kind == DA_FACT_PROCEDURE &&
                           (int)f->value == DA_PROC_SKIN_TAG_REMOVAL && about(p, s, i, f, -1)) {
                    strength = 2;
                    level = L_CYST;
                } else if (f->kind == DA_FACT_DIAGNOSIS && cyst_or_tag(f->value) &&
                           about(p, s, i, f, -1)) {
                    strength = 1;
                    level = L_CYST;
                }
                if (strength > best) {
                    best = strength;
                    s->level = level;
                    s->level_stated = true;
                    s->level_ev = da_evidence_of((long)enc->notes[i], f);
                }
            }
        }
        /* A malignancy anywhere in the final diagnosis of a cyst makes it other skin. */
        if (best == 3 && path_other)
            s->level = L_OTHER;
    }
}

/* Stains per specimen: the most any one note documents, so the procedure
 * note and the report naming the same stain count it once. Immunostains
 * count by the antibodies named ("SOX10 and PRAME": two), or one where only
 * the generic word is ("immunohistochemistry"). */
static void collect_stains(const da_rule_input *in, path_notes *p)
{
    const da_encounter *enc = &in->data->encounters[in->encounter];
    for (size_t i = 0; i < enc->nnotes; i++) {
        const da_fact_list *facts = &in->facts[i];
        int here[MAX_SPECIMENS + 1][3];
        bool generic[MAX_SPECIMENS + 1];
        memset(here, 0, sizeof(here));
        memset(generic, 0, sizeof(generic));
        for (size_t j = 0; j < facts->count; j++) {
            const da_fact *f = &facts->items[j];
            int kind = (int)f->value;
            if (f->kind != DA_FACT_STAIN || kind < DA_STAIN_SPECIAL_I || kind > DA_STAIN_IHC)
                continue;
            size_t slot = MAX_SPECIMENS;
            int label = (int)f->value2;
            for (size_t k = 0; k < p->n; k++)
                if ((label > 0 && p->sp[k].label == label) || (label <= 0 && p->n == 1))
                    slot = k;
            if (kind == DA_STAIN_IHC && f->ref == 0)
                generic[slot] = true;
            else
                here[slot][kind - 1]++;
            if (p->stain_ev.note < 0)
                p->stain_ev = da_evidence_of((long)enc->notes[i], f);
        }
        for (size_t k = 0; k <= MAX_SPECIMENS; k++) {
            if (generic[k] && here[k][DA_STAIN_IHC - 1] == 0)
                here[k][DA_STAIN_IHC - 1] = 1;
            for (int s = 0; s < 3; s++) {
                int *into = k < MAX_SPECIMENS ? &p->sp[k].stains[s] : &p->untied[s];
                if (here[k][s] > *into)
                    *into = here[k][s];
            }
        }
    }
}

static void collect(const da_rule_input *in, path_notes *p)
{
    memset(p, 0, sizeof(*p));
    p->mohs_ev = p->stain_ev = p->frozen_ev = DA_EVIDENCE_NONE;
    const da_encounter *enc = &in->data->encounters[in->encounter];
    for (size_t i = 0; i < enc->nnotes; i++) {
        const da_fact_list *facts = &in->facts[i];
        for (size_t j = 0; j < facts->count; j++) {
            const da_fact *f = &facts->items[j];
            int proc = (int)f->value;
            if (f->kind == DA_FACT_MOHS && p->mohs_ev.note < 0)
                p->mohs_ev = da_evidence_of((long)enc->notes[i], f);
            /* A stage makes it surgery done, not "refer for Mohs". */
            p->mohs |= f->kind == DA_FACT_MOHS_STAGE || f->kind == DA_FACT_MOHS_STAGE_COUNT;
            if (f->kind == DA_FACT_FROZEN_SECTION && !p->frozen)
                p->frozen_ev = da_evidence_of((long)enc->notes[i], f);
            p->frozen |= f->kind == DA_FACT_FROZEN_SECTION;
            p->biopsy |= f->kind == DA_FACT_PROCEDURE &&
                         (proc == DA_PROC_BIOPSY_TANGENTIAL || proc == DA_PROC_BIOPSY_PUNCH ||
                          proc == DA_PROC_BIOPSY_INCISIONAL);
        }
    }
    /* Mohs billed on notes without it (MOHS-UNSUPPORTED) leaves no Mohs tissue. */
    p->mohs &= p->mohs_ev.note >= 0;
    collect_specimens(in, p);
    specimen_levels(in, p);
    collect_stains(in, p);
}

/* Does the specimen owe the practice a pathology line? Not one sent out,
 * and, where a report lists its specimens, only one it lists (two biopsies
 * put in one container are reported as one specimen, A). Mohs tissue never
 * does, so in a Mohs encounter only a specimen stated to go to the
 * practice's own lab counts (a debulk sent for permanent sections), unless
 * a biopsy not read frozen is documented beside it: its specimen is no Mohs
 * tissue, and counts as any other. */
static bool billable(const path_notes *p, const specimen *s)
{
    if (p->report_lists && s->label > 0 && !s->reported)
        return false;
    bool mohs_tissue = p->mohs && !(p->biopsy && !p->frozen);
    return mohs_tissue ? s->lab == DA_LAB_IN_HOUSE : s->lab != DA_LAB_OUTSIDE;
}

/* Codes of one encounter: what the notes support and what was billed. */
typedef struct path_tally {
    int expected[L_COUNT];        /* specimen units the notes support */
    int billed[L_COUNT];          /* specimen units billed */
    long line[L_COUNT];           /* first line billing the level, -1 none */
    int stain_expected[S_COUNT];  /* stain units the notes support */
    int stain_billed[S_COUNT];    /* stain units billed */
    long stain_line[S_COUNT];     /* first line billing the stain, -1 none */
    int frozen_billed;            /* 88331 units */
    long frozen_line;             /* first 88331 line, -1 none */
    bool any_pathology;           /* the encounter has an 88300-88399 line */
} path_tally;

static void tally_billed(const da_rule_input *in, path_tally *t)
{
    const da_pathology_table *table = in->rules->pathology;
    const da_dataset *data = in->data;
    const da_encounter *enc = &data->encounters[in->encounter];
    for (int c = 0; c < L_COUNT; c++)
        t->line[c] = -1;
    for (int c = 0; c < S_COUNT; c++)
        t->stain_line[c] = -1;
    t->frozen_line = -1;
    for (size_t i = 0; i < enc->nclaims; i++) {
        const da_claim_line *c = &data->claims[enc->claims[i]];
        long at = (long)enc->claims[i];
        t->any_pathology |= da_code_in_range(c->code, "88300", "88399");
        for (int l = 0; l < L_COUNT; l++)
            if (strcmp(c->code, table->level[l]) == 0) {
                t->billed[l] += c->units;
                if (t->line[l] < 0)
                    t->line[l] = at;
            }
        for (int s = 0; s < S_COUNT; s++)
            if (strcmp(c->code, table->stain[s]) == 0) {
                t->stain_billed[s] += c->units;
                if (t->stain_line[s] < 0)
                    t->stain_line[s] = at;
            }
        if (strcmp(c->code, table->frozen) == 0) {
            t->frozen_billed += c->units;
            if (t->frozen_line < 0)
                t->frozen_line = at;
        }
    }
}

static void add_stains(path_tally *t, const int *stains)
{
    t->stain_expected[S_SPECIAL_I] += stains[DA_STAIN_SPECIAL_I - 1];
    t->stain_expected[S_SPECIAL_II] += stains[DA_STAIN_SPECIAL_II - 1];
    int ihc = stains[DA_STAIN_IHC - 1];
    if (ihc > 0) {
        t->stain_expected[S_IHC_FIRST] += 1;
        t->stain_expected[S_IHC_ADDL] += ihc - 1;
    }
}

static void tally_expected(const path_notes *p, path_tally *t)
{
    bool any = false;
    for (size_t k = 0; k < p->n; k++) {
        const specimen *s = &p->sp[k];
        if (!billable(p, s))
            continue;
        any = true;
        t->expected[s->level]++;
        add_stains(t, s->stains);
    }
    /* Stains tied to no specimen count once, when some specimen is the
     * practice's own; on Mohs frozen sections they are payer-dependent. */
    if (any && !p->mohs)
        add_stains(t, p->untied);
}

/* The practice bills its own pathology: the run says so, this encounter
 * carries a pathology line, or some claim of the practice does. */
static bool practice_in_house(const da_rule_input *in, const path_tally *t)
{
    return (in->opt && in->opt->in_house_pathology) || t->any_pathology ||
           in->data->bills_pathology;
}

/* Evidence for a level: a specimen at that level whose level was stated, else any. */
static const specimen *specimen_at(const path_notes *p, int level, bool stated_only)
{
    for (size_t k = 0; k < p->n; k++)
        if (billable(p, &p->sp[k]) && p->sp[k].level == level &&
            (!stated_only || p->sp[k].level_stated))
            return &p->sp[k];
    return NULL;
}

static void compare(const da_rule_input *in, const path_notes *p, path_tally *t,
                    da_finding_list *out)
{
    const da_pathology_table *table = in->rules->pathology;
    const da_dataset *data = in->data;
    size_t enc = in->encounter;
    int d[L_COUNT], paired_out[L_COUNT] = {0}, paired_in[L_COUNT] = {0};
    for (int l = 0; l < L_COUNT; l++)
        d[l] = t->expected[l] - t->billed[l];

    /* Units billed at the wrong level: pair a billed excess with an expected one. */
    for (int b = L_COUNT - 1; b >= 0; b--)
        for (int x = 0; x < L_COUNT; x++) {
            int k = d[b] < 0 && d[x] > 0 ? (-d[b] < d[x] ? -d[b] : d[x]) : 0;
            if (!k)
                continue;
            const specimen *s = specimen_at(p, x, true);
            da_rulekit_add(data, out, "pathology", enc, "PATH-LEVEL",
                           b > x ? DA_DIR_OVER : DA_DIR_UNDER, s ? DA_CONF_HIGH : DA_CONF_MEDIUM,
                           t->line[b], table->level[b], k, table->level[x], k,
                           s ? &s->level_ev : NULL, "specimen type documented in the notes");
            d[b] += k;
            d[x] -= k;
            paired_out[b] += k;
            paired_in[x] += k;
        }

    for (int l = 0; l < L_COUNT; l++) {
        if (d[l] == 0)
            continue;
        int billed = t->billed[l] - paired_out[l], expected = t->expected[l] - paired_in[l];
        const specimen *s = specimen_at(p, l, false);
        if (d[l] > 0) {
            /* A lab nobody stated is taken to be the practice's own: medium. */
            bool stated = true;
            for (size_t k = 0; k < p->n; k++)
                stated &= !billable(p, &p->sp[k]) || p->sp[k].lab != DA_LAB_UNKNOWN;
            /* ... unless neither the run nor the visit's claim says so:
             * the specimens may have gone to an outside lab the note names
             * in words the reader does not know */
            bool own = (in->opt && in->opt->in_house_pathology) || t->any_pathology;
            da_finding *f = da_rulekit_add(
                data, out, "pathology", enc, "PATH-UNITS", DA_DIR_UNDER,
                stated ? DA_CONF_HIGH : own ? DA_CONF_MEDIUM : DA_CONF_LOW, t->line[l],
                table->level[l], billed, table->level[l], expected, s ? &s->ev : NULL,
                "specimens submitted to the practice's laboratory");
            if (!stated && !own)
                f->review = "no pathology is billed for the visit and the notes do not say "
                            "which laboratory read the specimens";
        } else if (p->mohs) {
            da_rulekit_add(data, out, "pathology", enc, "PATH-MOHS-BUNDLED", DA_DIR_OVER,
                           DA_CONF_HIGH, t->line[l], table->level[l], billed, table->level[l],
                           expected, &p->mohs_ev,
                           "Mohs surgery includes the pathology of its own tissue");
        } else {
            char why[96];
            snprintf(why, sizeof(why), "%zu specimen(s) documented, %d for the practice's laboratory",
                     p->n, t->expected[0] + t->expected[1] + t->expected[2]);
            /* A count the notes never state is no ground for taking units
             * back, unless none of the specimens was the practice's to read. */
            bool doubt = p->count_doubt && expected > 0;
            da_finding *f = da_rulekit_add(data, out, "pathology", enc, "PATH-UNITS", DA_DIR_OVER,
                                           doubt ? DA_CONF_LOW : DA_CONF_HIGH, t->line[l],
                                           table->level[l], billed, table->level[l], expected,
                                           p->n ? &p->sp[0].ev : NULL, why);
            if (doubt)
                f->review = "the notes mention the specimens without saying how many went to "
                            "the laboratory, and tell more lesions apart";
        }
    }

    /* A frozen section on Mohs tissue is part of the Mohs codes, unless it
     * read a same-day diagnostic biopsy (the 59 that biopsy needs is the
     * biopsy line's matter, not the frozen section's). */
    if (p->mohs && t->frozen_billed > 0 && !(p->biopsy && p->frozen))
        da_rulekit_add(data, out, "pathology", enc, "PATH-MOHS-BUNDLED", DA_DIR_OVER, DA_CONF_HIGH,
                       t->frozen_line, table->frozen, t->frozen_billed, "", 0, &p->mohs_ev,
                       "Mohs surgery includes its frozen sections");

    for (int s = 0; s < S_COUNT; s++)
        if (t->stain_expected[s] > t->stain_billed[s])
            da_rulekit_add(data, out, "pathology", enc, "PATH-STAIN", DA_DIR_UNDER, DA_CONF_HIGH,
                           t->stain_line[s], table->stain[s], t->stain_billed[s], table->stain[s],
                           t->stain_expected[s], &p->stain_ev,
                           "stain documented in the pathology report");
}

/* The Pathology sheet: one row per encounter with specimens or pathology lines. */
static const da_detail_column path_columns[] = {
    {DA_COL_ENCOUNTER, DA_CELL_TEXT, 14},       {"Date of service", DA_CELL_DATE, 12},
    {DA_COL_PATIENT, DA_CELL_TEXT, 12},         {"Payer", DA_CELL_TEXT, 18},
    {"Specimens", DA_CELL_TEXT, 40},       {"Specimens documented", DA_CELL_NUMBER, 11},
    {"Owed by the practice", DA_CELL_NUMBER, 11}, {"Specimen units billed", DA_CELL_NUMBER, 11},
    {"Mohs", DA_CELL_TEXT, 7},             {"Expected codes", DA_CELL_TEXT, 26},
    {"Billed codes", DA_CELL_TEXT, 26},    {"Under ($)", DA_CELL_AMOUNT, 12},
    {"Over ($)", DA_CELL_AMOUNT, 12},
};

static size_t codes_text(char *buf, size_t size, size_t o, const char *code, int units)
{
    if (units > 0 && o < size)
        o += (size_t)snprintf(buf + o, size - o, "%s%s x%d", o ? ", " : "", code, units);
    return o;
}

static void detail_row(const da_rule_input *in, const path_notes *p, const path_tally *t,
                       long first, long nfindings)
{
    const da_pathology_table *table = in->rules->pathology;
    if (!in->details)
        return;
    static const char *const lab_names[] = {"lab not stated", "in-house", "outside lab"};
    const da_encounter *enc = &in->data->encounters[in->encounter];
    da_detail *sheet = da_details_table(in->details, "Pathology", path_columns,
                                        sizeof(path_columns) / sizeof(path_columns[0]));
    char specimens[512] = "", expected[160] = "", billed[160] = "";
    size_t so = 0, eo = 0, bo = 0;
    int owed = 0, units = 0;
    for (size_t k = 0; k < p->n && so < sizeof(specimens); k++) {
        const specimen *s = &p->sp[k];
        char label[4] = "-";
        if (s->label > 0 && s->label <= 26)
            snprintf(label, sizeof(label), "%c", 'A' + s->label - 1);
        owed += billable(p, s);
        so += (size_t)snprintf(specimens + so, sizeof(specimens) - so, "%s%s %s, %s", k ? "; " : "",
                               label, lab_names[s->lab <= DA_LAB_OUTSIDE ? s->lab : 0],
                               billable(p, s) ? table->level[s->level] : "no line owed");
    }
    for (int l = L_COUNT - 1; l >= 0; l--) {
        eo = codes_text(expected, sizeof(expected), eo, table->level[l], t->expected[l]);
        bo = codes_text(billed, sizeof(billed), bo, table->level[l], t->billed[l]);
        units += t->billed[l];
    }
    for (int s = 0; s < S_COUNT; s++) {
        eo = codes_text(expected, sizeof(expected), eo, table->stain[s], t->stain_expected[s]);
        bo = codes_text(billed, sizeof(billed), bo, table->stain[s], t->stain_billed[s]);
    }
    bo = codes_text(billed, sizeof(billed), bo, table->frozen, t->frozen_billed);
    da_cell row[] = {
        da_cell_text(enc->encounter_id), da_cell_date(enc->dos), da_cell_text(enc->patient_id),
        da_cell_text(enc->payer), da_cell_text(specimens), da_cell_number((double)p->n),
        da_cell_number(owed), da_cell_number(units), da_cell_text(p->mohs ? "yes" : "no"),
        da_cell_text(expected), da_cell_text(billed),
        da_cell_amount(first, nfindings, DA_DIR_UNDER), da_cell_amount(first, nfindings, DA_DIR_OVER),
    };
    da_detail_add_row(in->details, sheet, row);
}

da_error da_rule_pathology(const da_rule_input *in, da_finding_list *out)
{
    const da_pathology_table *table = in->rules->pathology;
    const da_encounter *enc = &in->data->encounters[in->encounter];
    if (enc->nnotes == 0)
        return DA_OK; /* nothing to audit against */
    path_notes p;
    collect(in, &p);
    path_tally t;
    memset(&t, 0, sizeof(t));
    tally_billed(in, &t);
    int specimen_units = t.billed[L_PLASTIC] + t.billed[L_CYST] + t.billed[L_OTHER];
    /* The Mohs surgeon reads a same-day diagnostic biopsy's frozen section
     * himself, whatever lab the practice uses: 88331 (59 on the biopsy) is
     * owed when the notes document both and it is not billed (coding-rules.md 5). */
    if (p.mohs && p.biopsy && p.frozen && t.frozen_billed == 0)
        da_rulekit_add(in->data, out, "pathology", in->encounter, "PATH-FROZEN-BIOPSY", DA_DIR_UNDER,
                       DA_CONF_MEDIUM, -1, "", 0, table->frozen, 1, &p.frozen_ev,
                       "frozen section of the same-day diagnostic biopsy");
    /* Without a documented specimen only Mohs tissue can be judged. */
    if (p.n == 0 && !(p.mohs && (specimen_units || t.frozen_billed)))
        return DA_OK;
    if (!practice_in_house(in, &t))
        return DA_OK;
    tally_expected(&p, &t);
    long first = (long)out->count;
    compare(in, &p, &t, out);
    detail_row(in, &p, &t, first, (long)out->count - first);
    return DA_OK;
}
