/* repairs.c - closures after lesion removal and Mohs: the repair codes the
 * notes support against those billed (coding-rules.md 1.4, 4.2, 4.3, 7.5).
 *
 * Intermediate and complex repairs are summed per class and per site group
 * (the groups differ by class, see audit/sites.h) and coded by total length,
 * with the complex add-ons (13102/13122/13133/13153) for each further 5 cm.
 * Adjacent tissue transfer is coded by primary + secondary defect area by the
 * complex-repair groups (14301/14302 for any site above 30 sq cm). Simple
 * repair is included in an excision, shave or biopsy. Medicare: a benign
 * excision of 0.5 cm or less includes any repair of that lesion. The codes
 * come from rules/repair_codes.csv (class, group, upper, code, addon,
 * addon_step): upper is the bucket's upper bound in cm (sq cm for att), blank
 * for none; group 0 is any site; a blank code means the class has no code for
 * the bucket; past the last bucket with an add-on, one add-on per started step.
 * A closure told in two notes of the visit (a letter to the referring
 * physician and its operative record) is one repair, summed once.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lesions.h"

#define MAX_ROWS 96   /* rows of the repair table */
#define MAX_SLOTS 16  /* class and group combinations per encounter */
#define MAX_CODES 4   /* distinct base codes billed in one slot */

typedef enum repair_class { RC_SIMPLE, RC_INTERMEDIATE, RC_COMPLEX, RC_ATT, RC_COUNT } repair_class;

static const char *const CLASS_NAMES[RC_COUNT] = {"simple", "intermediate", "complex", "att"};
static const char *const CLASS_TEXT[RC_COUNT] = {"simple repair", "intermediate repair",
                                                 "complex repair", "adjacent tissue transfer"};

typedef struct repair_row {
    repair_class cls;        /* class */
    int group;               /* site group of the class, 0 = any site */
    double upper;            /* upper bound (cm, sq cm for att), < 0 when none */
    char code[DA_CODE_LEN];  /* base code, "" when the bucket has none */
    char addon[DA_CODE_LEN]; /* add-on code beyond this bucket, "" when none */
    double step;             /* the add-on's step (cm or sq cm) */
} repair_row;

/* The repair table (rules/repair_codes.csv). */
struct da_repair_table {
    repair_row rows[MAX_ROWS]; /* in file order: buckets ascending within a class and group */
    size_t count;              /* rows used */
};

static const char *table_row(void *ctx, const char *const *f, unsigned long line)
{
    (void)line;
    da_repair_table *t = ctx;
    if (t->count == MAX_ROWS)
        return "too many rows";
    repair_row *r = &t->rows[t->count];
    int cls = -1;
    for (int c = 0; c < RC_COUNT; c++)
        if (strcmp(f[0], CLASS_NAMES[c]) == 0)
            cls = c;
    char *end;
    r->group = (int)strtol(f[1], &end, 10);
    bool ok = cls >= 0 && f[1][0] && !*end && r->group >= 0;
    r->upper = f[2][0] ? strtod(f[2], &end) : -1;
    ok = ok && (!f[2][0] || (!*end && r->upper > 0));
    r->step = f[5][0] ? strtod(f[5], &end) : 0;
    ok = ok && (!f[5][0] || (!*end && r->step > 0));
    size_t lc = strlen(f[3]), la = strlen(f[4]);
    ok = ok && (lc == 0 || lc == 5) && (la == 0 || (la == 5 && r->step > 0 && r->upper > 0));
    if (!ok)
        return "bad class, group, bound, code or add-on";
    r->cls = (repair_class)cls;
    snprintf(r->code, sizeof(r->code), "%s", f[3]);
    snprintf(r->addon, sizeof(r->addon), "%s", f[4]);
    t->count++;
    return NULL;
}

da_error da_repairs_load(da_repair_table **out)
{
    static const char *const columns[] = {"class", "group", "upper", "code", "addon", "addon_step"};
    da_error err;
    *out = da_rulekit_load("rules/repair_codes.csv", columns, sizeof(columns) / sizeof(columns[0]),
                           table_row, NULL, sizeof(**out), &err);
    return err;
}

/* The code and add-on units of a class, group and size; false when the table has no code. */
static bool repair_code(const da_repair_table *table, repair_class cls, int group, double size,
                        char code[DA_CODE_LEN], char addon[DA_CODE_LEN], int *addon_units)
{
    const repair_row *last = NULL;
    code[0] = addon[0] = '\0';
    *addon_units = 0;
    for (size_t i = 0; i < table->count; i++) {
        const repair_row *r = &table->rows[i];
        if (r->cls != cls || (r->group != group && r->group != 0))
            continue;
        last = r;
        if (r->upper < 0 || size <= r->upper + 1e-9) {
            memcpy(code, r->code, DA_CODE_LEN);
            memcpy(addon, r->addon, DA_CODE_LEN);
            return code[0] != '\0';
        }
    }
    if (!last || !last->addon[0])
        return false;
    memcpy(code, last->code, DA_CODE_LEN);
    memcpy(addon, last->addon, DA_CODE_LEN);
    *addon_units = (int)ceil((size - last->upper) / last->step - 1e-9);
    return code[0] != '\0';
}

/* Class, group and role of a billed code; false when not a repair code. */
static bool repair_code_info(const da_repair_table *table, const char *code, repair_class *cls,
                             int *group, bool *addon)
{
    for (size_t i = 0; i < table->count; i++) {
        const repair_row *r = &table->rows[i];
        if (strcmp(r->code, code) == 0 || strcmp(r->addon, code) == 0) {
            *cls = r->cls;
            *group = r->group;
            *addon = strcmp(r->addon, code) == 0;
            return true;
        }
    }
    return false;
}

/* The group of a site for a class. */
static int site_group(const da_sites *sites, int site, repair_class cls)
{
    const da_site *s = site >= 0 ? da_site_get(sites, site) : NULL;
    if (!s)
        return 0;
    switch (cls) {
    case RC_SIMPLE: return s->simple_repair;
    case RC_INTERMEDIATE: return s->intermediate_repair;
    default: return s->complex_repair;
    }
}

/* What the notes support for one class and group. */
typedef struct expected_slot {
    repair_class cls;              /* class */
    int group;                     /* group of the class */
    double size;                   /* summed length (cm) or area (sq cm) */
    int repairs;                   /* repairs summed */
    char code[DA_CODE_LEN];        /* base code */
    char addon[DA_CODE_LEN];       /* add-on code, "" when none */
    int addon_units;               /* add-on units */
    const da_lesion *lesion;       /* first lesion repaired */
    da_evidence ev;                /* the length, area or closure of that lesion */
    int partner;                   /* billed slot paired with it, -1 none */
    const char *rule;              /* rule when the pair differs */
    bool retold_otherwise;         /* two notes tell one of its repairs with another class or
                                    * size: its findings are for a coder to read */
} expected_slot;

/* What was billed for one class and group. */
typedef struct billed_slot {
    repair_class cls;                    /* class */
    int group;                           /* group (0 for the any-site ATT codes) */
    char codes[MAX_CODES][DA_CODE_LEN];  /* distinct base codes, the most units first after sorting */
    int units[MAX_CODES];                /* units of each */
    long lines[MAX_CODES];               /* first claim line of each */
    int ncodes;                          /* codes used */
    char addon[DA_CODE_LEN];             /* add-on billed, "" when none */
    int addon_units;                     /* its units */
    long addon_line;                     /* its first claim line */
    bool used;                           /* paired with an expected slot */
} billed_slot;

typedef struct repair_audit {
    expected_slot exp[MAX_SLOTS]; /* documented */
    size_t nexp;                  /* used */
    billed_slot bil[MAX_SLOTS];   /* billed */
    size_t nbil;                  /* used */
    const da_lesion *bundled;     /* Medicare: a benign excision of 0.5 cm or less with a repair */
    bool removal;                 /* an excision, shave or biopsy is documented */
    const da_lesion *unclassed;   /* a closure length documented with no class read: what
                                   * was billed for it cannot be called unsupported */
    bool simple_apart;            /* a simple repair is documented on a lesion with no removal
                                   * of its own (a Mohs defect): not included in one */
    const da_lesion *unsized;     /* a first repair documented (intermediate or more) with no
                                   * length, area or site: it cannot be coded */
    da_evidence unsized_ev;       /* its closure */
    repair_class unsized_cls;     /* its class */
    bool unsized_billed;          /* a billed line stands for it */
} repair_audit;

static expected_slot *expected_slot_get(repair_audit *a, repair_class cls, int group)
{
    for (size_t i = 0; i < a->nexp; i++)
        if (a->exp[i].cls == cls && a->exp[i].group == group)
            return &a->exp[i];
    if (a->nexp == MAX_SLOTS)
        return NULL;
    expected_slot *s = &a->exp[a->nexp++];
    memset(s, 0, sizeof(*s));
    s->cls = cls;
    s->group = group;
    s->partner = -1;
    return s;
}

/* Medicare bundles every repair into a benign excision of 0.5 cm or less. */
static bool bundled_by_medicare(const da_rule_input *in, const da_lesion *l)
{
    const da_encounter *enc = &in->data->encounters[in->encounter];
    da_excision_size sz;
    return enc->payer_type == DA_PAYER_MEDICARE && da_lesion_has(l, DA_PROC_EXCISION) &&
           da_lesion_malignancy(l) == DA_MAL_BENIGN && da_lesion_excision_size(l, &sz) && sz.mm <= 5.0 + 1e-9;
}

#define MAX_TELLINGS 4 /* notes one repair is merged from */

/* One closure as a note tells it, before a closure told in two notes is merged. */
typedef struct told_repair {
    const da_lesion *lesion;     /* the lesion block it closes (the kept telling's) */
    repair_class cls;            /* class */
    double size;                 /* length (cm) or area (sq cm), <= 0 when not stated */
    const da_evidence *ev;       /* the length, area or closure */
    bool bundled;                /* Medicare bundles it into a small benign excision */
    bool correction;             /* told in an addendum, which corrects the other notes */
    long notes[MAX_TELLINGS];    /* the notes that tell it (indexes into data->notes) */
    int ntellings;               /* notes used */
    bool retold_otherwise;       /* another note tells it with another class or size */
} told_repair;

/* Whether a closure of another note is one already kept told again (a letter
 * to the referring physician and the operative record of the same visit):
 * both at one site, or one within the other, and the note not one of those
 * that already tell it. A closure without a site is never taken for another:
 * two repairs read as one would make the second one's lines look over-billed. */
static bool same_repair(const da_sites *sites, const told_repair *kept, const told_repair *t)
{
    int a = kept->lesion->site, b = t->lesion->site;
    if (a < 0 || b < 0 || kept->ntellings == MAX_TELLINGS)
        return false;
    for (int i = 0; i < kept->ntellings; i++)
        if (kept->notes[i] == t->lesion->note)
            return false;
    return a == b || da_site_within(sites, a, b) || da_site_within(sites, b, a);
}

/* Keeps one closure per repair told in several notes of the encounter: an
 * addendum's that states a size (it corrects the record), else the one that
 * states its size (the first when both or neither do); a class or size told
 * otherwise elsewhere, with no addendum to settle it, is marked. Returns the
 * closures left, in their order. */
static size_t merge_retold(const da_sites *sites, told_repair *told, size_t n)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < kept && !same_repair(sites, &told[k], &told[i]))
            k++;
        if (k == kept) {
            told[kept++] = told[i];
            continue;
        }
        told_repair *m = &told[k];
        const told_repair *t = &told[i];
        bool corrects = t->correction && !m->correction && t->size > 0;
        bool settled = corrects || (m->correction && !t->correction && m->size > 0);
        bool otherwise = (!settled && (m->cls != t->cls || (m->size > 0 && t->size > 0 &&
                                                            fabs(m->size - t->size) > 0.05))) ||
                         m->retold_otherwise;
        m->bundled |= t->bundled;
        m->notes[m->ntellings++] = t->lesion->note;
        if (corrects || (!settled && m->size <= 0 && t->size > 0)) {
            m->lesion = t->lesion;
            m->cls = t->cls;
            m->size = t->size;
            m->ev = t->ev;
            m->correction = t->correction;
        }
        m->retold_otherwise = otherwise;
    }
    return kept;
}

static void documented(const da_rule_input *in, const da_lesion_set *set, repair_audit *a)
{
    const da_repair_table *table = in->rules->repairs;
    told_repair told[DA_MAX_LESIONS];
    size_t ntold = 0;
    for (size_t i = 0; i < set->count; i++) {
        const da_lesion *l = &set->items[i];
        bool removal = da_lesion_has(l, DA_PROC_EXCISION) || da_lesion_has(l, DA_PROC_SHAVE) ||
                       da_lesion_has(l, DA_PROC_BIOPSY_TANGENTIAL) ||
                       da_lesion_has(l, DA_PROC_BIOPSY_PUNCH) ||
                       da_lesion_has(l, DA_PROC_BIOPSY_INCISIONAL);
        a->removal |= removal;
        a->simple_apart |= l->repair == DA_REPAIR_SIMPLE && !removal;
        if (l->repair == DA_REPAIR_NONE && l->repair_length > 0 && !l->flap && !a->unclassed)
            a->unclassed = l;
        repair_class cls;
        double size;
        const da_evidence *ev;
        if (l->flap) {
            cls = RC_ATT;
            size = l->flap_area;
            ev = &l->ev_flap;
        } else if (l->repair == DA_REPAIR_INTERMEDIATE || l->repair == DA_REPAIR_COMPLEX) {
            /* A layered closure is complex (coding-rules.md 4) when the wound
             * was prepared for it (cones excised, edges trimmed or debrided)
             * and undermined at least the defect's width. */
            bool width = l->repair == DA_REPAIR_INTERMEDIATE && l->undermining == 3 && l->wound_prep;
            cls = l->repair == DA_REPAIR_COMPLEX || width ? RC_COMPLEX : RC_INTERMEDIATE;
            size = l->repair_length;
            ev = width                     ? &l->ev_complex
                 : l->ev_length.note >= 0 ? &l->ev_length
                                          : &l->ev_repair;
        } else {
            continue;
        }
        told[ntold++] = (told_repair){.lesion = l, .cls = cls, .size = size, .ev = ev,
                                      .bundled = bundled_by_medicare(in, l),
                                      .correction = strcasecmp(in->data->notes[l->note].note_type,
                                                               "addendum") == 0,
                                      .notes = {l->note}, .ntellings = 1};
    }
    ntold = merge_retold(in->rules->sites, told, ntold);
    for (size_t i = 0; i < ntold; i++) {
        const told_repair *t = &told[i];
        const da_lesion *l = t->lesion;
        repair_class cls = t->cls;
        double size = t->size;
        const da_evidence *ev = t->ev;
        if (t->bundled) {
            if (!a->bundled)
                a->bundled = l;
            continue;
        }
        int group = site_group(in->rules->sites, l->site, cls);
        if (size <= 0 || group == 0) {
            /* A closure that cannot be coded: the length, area or site is
             * missing. Whatever repair line was billed for it is at risk
             * (compare_unpaired); one not billed is for a coder to query. */
            if (!a->unsized) {
                a->unsized = l;
                a->unsized_ev = *ev;
                a->unsized_cls = cls;
            }
            continue;
        }
        expected_slot *s = expected_slot_get(a, cls, group);
        if (!s)
            continue;
        if (!s->lesion) {
            s->lesion = l;
            s->ev = *ev;
        }
        s->size += size;
        s->repairs++;
        s->retold_otherwise |= t->retold_otherwise;
    }
    size_t kept = 0;
    for (size_t i = 0; i < a->nexp; i++) {
        expected_slot *s = &a->exp[i];
        /* Sums of lengths written to 0.1 cm stay exact at 0.01 cm. */
        s->size = round(s->size * 100.0) / 100.0;
        if (repair_code(table, s->cls, s->group, s->size, s->code, s->addon, &s->addon_units))
            a->exp[kept++] = *s;
    }
    a->nexp = kept;
}

static void billed(const da_rule_input *in, repair_audit *a)
{
    const da_repair_table *table = in->rules->repairs;
    const da_encounter *enc = &in->data->encounters[in->encounter];
    for (size_t i = 0; i < enc->nclaims; i++) {
        const da_claim_line *line = &in->data->claims[enc->claims[i]];
        repair_class cls;
        int group;
        bool addon;
        if (!repair_code_info(table, line->code, &cls, &group, &addon))
            continue;
        billed_slot *s = NULL;
        for (size_t k = 0; k < a->nbil && !s; k++)
            if (a->bil[k].cls == cls && a->bil[k].group == group)
                s = &a->bil[k];
        if (!s) {
            if (a->nbil == MAX_SLOTS)
                continue;
            s = &a->bil[a->nbil++];
            memset(s, 0, sizeof(*s));
            s->cls = cls;
            s->group = group;
            s->addon_line = -1;
        }
        if (addon) {
            memcpy(s->addon, line->code, DA_CODE_LEN);
            s->addon_units += line->units;
            if (s->addon_line < 0)
                s->addon_line = (long)enc->claims[i];
            continue;
        }
        int c = 0;
        while (c < s->ncodes && strcmp(s->codes[c], line->code) != 0)
            c++;
        if (c == MAX_CODES)
            continue;
        if (c == s->ncodes) {
            memcpy(s->codes[c], line->code, DA_CODE_LEN);
            s->lines[c] = (long)enc->claims[i];
            s->ncodes++;
        }
        s->units[c] += line->units;
    }
    /* The main code of a slot is the one with the most units. */
    for (size_t k = 0; k < a->nbil; k++) {
        billed_slot *s = &a->bil[k];
        for (int c = 1; c < s->ncodes; c++)
            if (s->units[c] > s->units[0]) {
                char code[DA_CODE_LEN];
                memcpy(code, s->codes[0], DA_CODE_LEN);
                memcpy(s->codes[0], s->codes[c], DA_CODE_LEN);
                memcpy(s->codes[c], code, DA_CODE_LEN);
                int u = s->units[0];
                s->units[0] = s->units[c];
                s->units[c] = u;
                long l = s->lines[0];
                s->lines[0] = s->lines[c];
                s->lines[c] = l;
            }
    }
}

/* The ATT codes above 30 sq cm serve every site: they pair with any ATT group. */
static bool same_slot(const expected_slot *e, const billed_slot *b)
{
    return e->cls == b->cls && (e->group == b->group || (e->cls == RC_ATT && b->group == 0));
}

static void pair(repair_audit *a)
{
    for (int pass = 0; pass < 3; pass++)
        for (size_t i = 0; i < a->nexp; i++) {
            expected_slot *e = &a->exp[i];
            if (e->partner >= 0)
                continue;
            for (size_t k = 0; k < a->nbil && e->partner < 0; k++) {
                billed_slot *b = &a->bil[k];
                if (b->used || b->ncodes == 0 || b->cls == RC_SIMPLE)
                    continue;
                bool ok = pass == 0 ? same_slot(e, b) : pass == 1 ? e->cls == b->cls : true;
                if (!ok)
                    continue;
                b->used = true;
                e->partner = (int)k;
                e->rule = pass == 2 ? "REPAIR-CLASS"
                          : e->repairs > 1 || b->ncodes > 1 || b->units[0] > 1 ? "REPAIR-SUM"
                                                                               : "REPAIR-CODE";
            }
        }
}

/* Fallback direction without fees: a larger bucket or a higher class pays more. */
static da_direction bucket_direction(const da_repair_table *table, const char *billed,
                                     const char *expected)
{
    size_t bi = table->count, ei = table->count;
    for (size_t i = 0; i < table->count; i++) {
        if (strcmp(table->rows[i].code, billed) == 0 && bi == table->count)
            bi = i;
        if (strcmp(table->rows[i].code, expected) == 0 && ei == table->count)
            ei = i;
    }
    return ei >= bi ? DA_DIR_UNDER : DA_DIR_OVER;
}

/* Findings of one documented slot against its billed partner (or none). */
static void compare_slot(const da_rule_input *in, const repair_audit *a, const expected_slot *e,
                         da_finding_list *out)
{
    const da_repair_table *table = in->rules->repairs;
    const char *what = CLASS_TEXT[e->cls];
    if (e->partner < 0) {
        da_finding *f = da_lesion_finding(out, "repair", in, e->lesion, "REPAIR-NOT-BILLED",
                                          DA_DIR_UNDER, DA_CONF_HIGH);
        da_rulekit_codes(f, -1, "", 0, e->code, 1);
        da_evidence_fill(in->data, f, &e->ev, what);
        if (e->addon_units > 0) {
            f = da_lesion_finding(out, "repair", in, e->lesion, "REPAIR-NOT-BILLED", DA_DIR_UNDER,
                                  DA_CONF_HIGH);
            da_rulekit_codes(f, -1, "", 0, e->addon, e->addon_units);
            da_evidence_fill(in->data, f, &e->ev, what);
        }
        return;
    }
    const billed_slot *b = &a->bil[e->partner];
    /* The expected code when billed in the slot, else the one with the most units. */
    int main = 0;
    for (int c = 0; c < b->ncodes; c++)
        if (strcmp(b->codes[c], e->code) == 0)
            main = c;
    if (strcmp(b->codes[main], e->code) != 0 || b->units[main] != 1) {
        da_direction dir = da_code_direction(in, b->codes[main], b->units[main], e->code, 1,
                                             bucket_direction(table, b->codes[main], e->code));
        /* A complex repair billed where the note reads intermediate but says
         * the undermining was extensive: complex when it reached the
         * defect's width (which words alone do not tell) and the wound was
         * prepared (which the reading may have missed). A coder looks. */
        bool hint = dir == DA_DIR_OVER && b->cls == RC_COMPLEX && e->cls == RC_INTERMEDIATE &&
                    e->lesion && e->lesion->undermining >= 2;
        da_finding *f = da_lesion_finding(out, "repair", in, e->lesion, e->rule, dir,
                                          hint ? DA_CONF_LOW : DA_CONF_HIGH);
        if (hint)
            f->review = e->lesion->undermining == 3
                            ? "the note states undermining of the defect's width: complex if the "
                              "wound was prepared for the repair (cones, edges), which was not read"
                            : "the note states extensive undermining: complex if it reached the "
                              "defect's width, which it does not measure";
        da_rulekit_codes(f, b->lines[main], b->codes[main], b->units[main], e->code, 1);
        da_evidence_fill(in->data, f, &e->ev, what);
    }
    for (int c = 0; c < b->ncodes; c++) {
        if (c == main)
            continue;
        da_finding *f = da_lesion_finding(out, "repair", in, e->lesion, "REPAIR-SUM", DA_DIR_OVER,
                                          DA_CONF_HIGH);
        da_rulekit_codes(f, b->lines[c], b->codes[c], b->units[c], "", 0);
        da_evidence_fill(in->data, f, &e->ev, what);
    }
    bool same_addon = strcmp(b->addon, e->addon) == 0 || !b->addon[0] || !e->addon[0];
    if (same_addon && b->addon_units != e->addon_units) {
        const char *code = e->addon[0] ? e->addon : b->addon;
        da_finding *f = da_lesion_finding(
            out, "repair", in, e->lesion, "REPAIR-CODE",
            e->addon_units > b->addon_units ? DA_DIR_UNDER : DA_DIR_OVER, DA_CONF_HIGH);
        da_rulekit_codes(f, b->addon_line, code, b->addon_units, code, e->addon_units);
        da_evidence_fill(in->data, f, &e->ev, what);
    } else if (!same_addon) {
        da_finding *f = da_lesion_finding(
            out, "repair", in, e->lesion, "REPAIR-CODE",
            da_code_direction(in, b->addon, b->addon_units, e->addon, e->addon_units, DA_DIR_UNDER),
            DA_CONF_HIGH);
        da_rulekit_codes(f, b->addon_line, b->addon, b->addon_units, e->addon, e->addon_units);
        da_evidence_fill(in->data, f, &e->ev, what);
    }
}

/* Findings of a billed slot no documented repair pairs with. */
static void compare_unpaired(const da_rule_input *in, const repair_audit *a, const billed_slot *b,
                             da_finding_list *out)
{
    const char *rule;
    const da_lesion *l = NULL;
    da_confidence conf = DA_CONF_HIGH;
    const char *why;
    if (b->cls == RC_SIMPLE) {
        if (!a->removal || a->simple_apart)
            return; /* a simple repair alone (a laceration), or of a Mohs defect, is not
                     * included in a removal (coding-rules.md 4, 5) */
        rule = "REPAIR-SIMPLE-INCLUDED";
        why = "simple repair is included in the excision, shave or biopsy";
    } else if (a->unsized) {
        /* a repair is documented, its length or area is not: the billed
         * code is at risk, not unsupported */
        for (int c = 0; c <= b->ncodes; c++) {
            const char *code = c < b->ncodes ? b->codes[c] : b->addon;
            int units = c < b->ncodes ? b->units[c] : b->addon_units;
            if (!code[0] || units <= 0)
                continue;
            da_finding *f = da_lesion_finding(out, "repair", in, a->unsized, "REPAIR-SIZE-GAP",
                                              DA_DIR_GAP, DA_CONF_MEDIUM);
            da_rulekit_codes(f, c < b->ncodes ? b->lines[c] : b->addon_line, code, units, code,
                             units);
            da_evidence_fill(in->data, f, &a->unsized_ev, CLASS_TEXT[a->unsized_cls]);
        }
        return;
    } else if (a->bundled) {
        rule = "REPAIR-BENIGN-SMALL";
        l = a->bundled;
        why = "Medicare: a benign excision of 0.5 cm or less includes its repair";
    } else {
        rule = "REPAIR-UNSUPPORTED";
        conf = DA_CONF_MEDIUM;
        why = "no repair of this class documented";
    }
    for (int c = 0; c <= b->ncodes; c++) {
        const char *code = c < b->ncodes ? b->codes[c] : b->addon;
        int units = c < b->ncodes ? b->units[c] : b->addon_units;
        if (!code[0] || units <= 0)
            continue;
        da_finding *f = da_lesion_finding(out, "repair", in, l, rule, DA_DIR_OVER, conf);
        da_rulekit_codes(f, c < b->ncodes ? b->lines[c] : b->addon_line, code, units, "", 0);
        if (l) {
            da_evidence_fill(in->data, f, l->ev_size.note >= 0 ? &l->ev_size : &l->ev_proc, why);
        } else if (a->unclassed) {
            /* the note measures a closure whose class the reader did not
             * find: the reading is incomplete, a coder reads the closure */
            f->lesion = a->unclassed->number;
            f->review = "a closure is measured in the note but its class was not read";
            da_evidence_fill(in->data, f, &a->unclassed->ev_length, why);
        } else {
            snprintf(f->evidence, sizeof(f->evidence), "%s", why);
        }
    }
}

static void slot_codes(char *buf, size_t size, const char *code, int units, const char *addon,
                       int addon_units)
{
    size_t o = 0;
    buf[0] = '\0';
    if (code[0])
        o += (size_t)snprintf(buf, size, units > 1 ? "%s x%d" : "%s", code, units);
    if (addon[0] && addon_units > 0 && o < size)
        snprintf(buf + o, size - o, addon_units > 1 ? "%s%s x%d" : "%s%s", o ? ", " : "", addon,
                 addon_units);
}

static void detail_row(const da_rule_input *in, const char *proc, const da_lesion *l, int group,
                       double size, const char *billed_text, const char *expected_text, long first,
                       long nfindings)
{
    if (!in->details)
        return;
    const da_encounter *enc = &in->data->encounters[in->encounter];
    da_detail *sheet = da_details_table(in->details, "Lesions & Repairs", da_lesion_columns,
                                        da_lesion_ncolumns);
    const da_site *s = l && l->site >= 0 ? da_site_get(in->rules->sites, l->site) : NULL;
    char grp[16], sz[16];
    if (group)
        snprintf(grp, sizeof(grp), "%d", group);
    else
        grp[0] = '\0';
    da_cell row[] = {
        da_cell_text(enc->encounter_id),
        da_cell_date(enc->dos),
        da_cell_text(enc->payer),
        da_cell_number(l ? l->number : 0),
        da_cell_text(proc),
        da_cell_text(s ? s->name : ""),
        da_cell_text(grp),
        da_cell_text(""),
        da_cell_text(""),
        da_cell_text(""),
        da_cell_text(""),
        da_cell_text(da_size_text(sz, size, size > 0)),
        da_cell_text(billed_text),
        da_cell_text(expected_text),
        da_cell_amount(nfindings ? first : -1, nfindings, DA_DIR_UNDER),
        da_cell_amount(nfindings ? first : -1, nfindings, DA_DIR_OVER),
    };
    da_detail_add_row(in->details, sheet, row);
}

da_error da_rule_repairs(const da_rule_input *in, da_finding_list *out)
{
    da_lesion_set *set = da_xmalloc(sizeof(*set));
    repair_audit *a = da_xmalloc(sizeof(*a));
    memset(a, 0, sizeof(*a));
    da_lesions_collect(in, set);
    if (set->count == 0) {
        /* Nothing documented to audit the repair lines against. */
        free(a);
        free(set);
        return DA_OK;
    }
    documented(in, set, a);
    billed(in, a);
    pair(a);
    char billed_text[64], expected_text[64];
    for (size_t i = 0; i < a->nexp; i++) {
        const expected_slot *e = &a->exp[i];
        long start = (long)out->count;
        compare_slot(in, a, e, out);
        /* Two notes tell a repair differently: which is right is for a
         * coder, not grounds for money either way. */
        for (size_t k = (size_t)start; e->retold_otherwise && k < out->count; k++) {
            out->items[k].confidence = DA_CONF_LOW;
            if (!out->items[k].review)
                out->items[k].review = "two notes of the visit tell the repair with another "
                                       "class or length";
        }
        const billed_slot *b = e->partner >= 0 ? &a->bil[e->partner] : NULL;
        billed_text[0] = '\0';
        for (int c = 0; b && c < b->ncodes; c++) {
            size_t o = strlen(billed_text);
            slot_codes(billed_text + o, sizeof(billed_text) - o, b->codes[c], b->units[c],
                       c + 1 == b->ncodes ? b->addon : "", b->addon_units);
        }
        slot_codes(expected_text, sizeof(expected_text), e->code, 1, e->addon, e->addon_units);
        char proc[64];
        snprintf(proc, sizeof(proc), e->repairs > 1 ? "%s (%d summed)" : "%s", CLASS_TEXT[e->cls], e->repairs);
        detail_row(in, proc, e->lesion, e->group, e->size, billed_text, expected_text, start,
                   (long)out->count - start);
    }
    for (size_t k = 0; k < a->nbil; k++) {
        const billed_slot *b = &a->bil[k];
        if (b->used)
            continue;
        long start = (long)out->count;
        a->unsized_billed |= a->unsized && b->cls != RC_SIMPLE;
        compare_unpaired(in, a, b, out);
        if ((long)out->count == start)
            continue;
        slot_codes(billed_text, sizeof(billed_text), b->ncodes ? b->codes[0] : "",
                   b->ncodes ? b->units[0] : 0, b->addon, b->addon_units);
        detail_row(in, CLASS_TEXT[b->cls], b->cls == RC_SIMPLE ? NULL : a->bundled, b->group, 0,
                   billed_text, "", start, (long)out->count - start);
    }
    if (a->unsized && !a->unsized_billed) {
        /* documented, not billed, not codable: a coder queries the length */
        da_finding *f = da_lesion_finding(out, "repair", in, a->unsized, "REPAIR-SIZE-GAP",
                                          DA_DIR_GAP, DA_CONF_LOW);
        f->review = "a repair is documented without the length, area or site that codes it";
        da_evidence_fill(in->data, f, &a->unsized_ev, CLASS_TEXT[a->unsized_cls]);
    }
    free(a);
    free(set);
    return DA_OK;
}
