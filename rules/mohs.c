/* mohs.c - Mohs micrographic surgery: the codes the op note supports
 * (17311-17315) against the codes billed.
 *
 * Per tumour (a Mohs case): the first-stage code by site group, 17311 for
 * head, neck, hands, feet and genitalia or wherever the surgery involved
 * muscle, cartilage, bone, tendon, major nerve or vessel, else 17313; one
 * additional-stage add-on (17312/17314) per stage after the first; one 17315
 * per tissue block beyond the first 5 in any stage. The codes come from
 * rules/mohs.csv. A case needs a documented stage (a stage list or a stage
 * count): a note that only mentions Mohs ("refer for Mohs") is not one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rulekit.h"
#include "rules.h"
#include "sites.h"
#include "text.h"

#define MAX_CASES 16   /* tumours per encounter considered */
#define MAX_STAGES 20  /* stages per tumour considered */

/* The Mohs code table (rules/mohs.csv). */
struct da_mohs_table {
    char first[3][DA_CODE_LEN];  /* first-stage code per da_mohs_group */
    char addl[3][DA_CODE_LEN];   /* additional-stage code per da_mohs_group */
    char block[DA_CODE_LEN];     /* additional-block code */
    int blocks_included;         /* blocks a stage code covers */
};

static da_mohs_group group_from_name(const char *s)
{
    if (strcmp(s, "head") == 0)
        return DA_MOHS_HEAD;
    if (strcmp(s, "trunk") == 0)
        return DA_MOHS_TRUNK;
    return DA_MOHS_NONE;
}

static const char *table_row(void *ctx, const char *const *f, unsigned long line)
{
    (void)line;
    da_mohs_table *t = ctx;
    if (strlen(f[0]) != 5)
        return "a code is five characters";
    da_mohs_group g = group_from_name(f[2]);
    const char *role = f[1];
    if (strcmp(role, "first_stage") == 0 && g != DA_MOHS_NONE) {
        memcpy(t->first[g], f[0], DA_CODE_LEN);
        t->blocks_included = atoi(f[3]);
    } else if (strcmp(role, "additional_stage") == 0 && g != DA_MOHS_NONE) {
        memcpy(t->addl[g], f[0], DA_CODE_LEN);
    } else if (strcmp(role, "additional_block") == 0) {
        memcpy(t->block, f[0], DA_CODE_LEN);
    } else {
        return "unknown role or Mohs group";
    }
    return NULL;
}

/* Every code the family bills is in the table. */
static bool table_complete(const void *table)
{
    const da_mohs_table *t = table;
    return t->first[DA_MOHS_HEAD][0] && t->first[DA_MOHS_TRUNK][0] && t->addl[DA_MOHS_HEAD][0] &&
           t->addl[DA_MOHS_TRUNK][0] && t->block[0] && t->blocks_included > 0;
}

da_error da_mohs_load(da_mohs_table **out)
{
    static const char *const columns[] = {"code", "role", "mohs_group", "blocks_included"};
    da_error err;
    *out = da_rulekit_load("rules/mohs.csv", columns, sizeof(columns) / sizeof(columns[0]),
                           table_row, table_complete, sizeof(**out), &err);
    return err;
}

typedef struct mohs_case {
    int stages;                   /* stages documented */
    bool uncounted;               /* the note takes "additional layer(s)" without saying how many */
    int blocks[MAX_STAGES + 1];   /* blocks per stage, by stage number; 0 = not stated */
    int untied_blocks;            /* most blocks stated without a stage */
    int each_blocks;              /* blocks stated for each stage ("five blocks in each stage") */
    bool deep;                    /* muscle, cartilage, bone, ... involved */
    da_mohs_group group;          /* Mohs group of the site, NONE when no site found */
    int site;                     /* the site (index in the site table), -1 when none */
    da_evidence site_ev;             /* the site */
    da_evidence stage_ev;            /* the last stage or the stage count */
    da_evidence block_ev;            /* a stage with more blocks than included */
    da_evidence deep_ev;             /* the deep involvement */
    long note;                    /* the note the case was read from (index into data->notes) */
    bool retold_otherwise;        /* another note of the encounter told this tumour with another
                                   * stage count */
} mohs_case;

/* Folds one fact into a case. */
static void case_add_fact(const da_rules *rules, mohs_case *c, long note, const da_fact *f)
{
    const da_mohs_table *table = rules->mohs;
    int v = (int)f->value;
    switch (f->kind) {
    case DA_FACT_MOHS_STAGE:
        if (v >= 1 && v <= MAX_STAGES && v >= c->stages) {
            c->stages = v;
            c->stage_ev = da_evidence_of(note, f);
        }
        break;
    case DA_FACT_MOHS_STAGE_COUNT:
        c->uncounted |= v == 0;
        if (v >= 1 && v <= MAX_STAGES && v >= c->stages) {
            c->stages = v;
            c->stage_ev = da_evidence_of(note, f);
        }
        break;
    case DA_FACT_MOHS_BLOCKS: {
        int s = (int)f->value2;
        if (v < 1)
            break;
        if (s < 0) {
            if (v > c->each_blocks)
                c->each_blocks = v;
        } else if (s >= 1 && s <= MAX_STAGES) {
            if (v > c->blocks[s])
                c->blocks[s] = v;
            if (s > c->stages) {
                c->stages = s;
                c->stage_ev = da_evidence_of(note, f);
            }
        } else if (v > c->untied_blocks) {
            c->untied_blocks = v;
        }
        if (v > table->blocks_included && c->block_ev.note < 0)
            c->block_ev = da_evidence_of(note, f);
        break;
    }
    case DA_FACT_MOHS_DEEP:
        if (!c->deep)
            c->deep_ev = da_evidence_of(note, f);
        c->deep = true;
        break;
    case DA_FACT_SITE:
        /* The operated site is the last one named before the first stage
         * (history and exam text come earlier, repairs later), else the
         * first one after it. */
        if (c->group == DA_MOHS_NONE || c->stages == 0) {
            const da_site *site = da_site_get(rules->sites, f->site);
            if (site && site->mohs != DA_MOHS_NONE) {
                c->group = site->mohs;
                c->site = f->site;
                c->site_ev = da_evidence_of(note, f);
            }
        }
        break;
    default:
        break;
    }
}

static void case_init(mohs_case *c)
{
    memset(c, 0, sizeof(*c));
    c->site = -1;
    c->site_ev.note = c->stage_ev.note = c->block_ev.note = c->deep_ev.note = -1;
}

/* Blocks beyond those included, over every stage of the case. */
static int case_extra_blocks(const da_mohs_table *table, const mohs_case *c)
{
    int extra = 0;
    bool tied = false;
    for (int s = 1; s <= MAX_STAGES; s++) {
        /* a count "in each stage" stands for a stage without its own */
        int n = c->blocks[s] ? c->blocks[s] : s <= c->stages ? c->each_blocks : 0;
        if (n) {
            tied = true;
            if (n > table->blocks_included)
                extra += n - table->blocks_included;
        }
    }
    /* Blocks stated without a stage belong to the only stage there is. */
    if (!tied && c->stages <= 1 && c->untied_blocks > table->blocks_included)
        extra += c->untied_blocks - table->blocks_included;
    return extra;
}

/* True when a stage of the case has no block count: stated for no stage
 * ("taken as multiple sections (see map)"), and not by a count without a
 * stage where there is one stage. */
static bool case_blocks_unstated(const mohs_case *c)
{
    if (c->stages <= 1 && c->untied_blocks > 0)
        return false;
    for (int s = 1; s <= c->stages && s <= MAX_STAGES; s++)
        if (!c->blocks[s] && !c->each_blocks)
            return true;
    return false;
}

/* Collects the Mohs cases of one note. A note split into lesions gives one
 * case per lesion with a documented stage; facts before the first lesion
 * marker count for every lesion only when there is a single lesion. */
static size_t note_cases(const da_rules *rules, const da_fact_list *facts, long note,
                         mohs_case *cases, size_t room)
{
    bool mohs = false;
    for (size_t i = 0; i < facts->count && !mohs; i++)
        mohs = facts->items[i].kind == DA_FACT_MOHS;
    if (!mohs || room == 0)
        return 0;
    int lesions = facts->nlesions > 0 ? facts->nlesions : 1;
    size_t n = 0;
    for (int l = 1; l <= lesions && n < room; l++) {
        mohs_case c;
        case_init(&c);
        for (size_t i = 0; i < facts->count; i++) {
            const da_fact *f = &facts->items[i];
            bool mine = facts->nlesions == 0 || f->lesion == l || (f->lesion == 0 && lesions == 1);
            if (mine)
                case_add_fact(rules, &c, note, f);
        }
        /* stages the note does not count are not counted here either:
         * the add-on stages billed are a gap, not over-billing */
        c.note = note;
        if (c.stages > 0 && !c.uncounted)
            cases[n++] = c;
    }
    return n;
}

/* Whether two cases of different notes are one tumour told twice (a letter
 * to the referring physician and its operative record, an op note and its
 * addendum): both at one site, or one within the other. A case without a
 * site is never taken for another: two tumours read as one would make the
 * second one's lines look over-billed. */
static bool same_tumour(const da_sites *sites, const mohs_case *a, const mohs_case *b)
{
    return a->note != b->note && a->site >= 0 && b->site >= 0 &&
           (a->site == b->site || da_site_within(sites, a->site, b->site) ||
            da_site_within(sites, b->site, a->site));
}

/* How much of a case its note states: a block count for every stage, then stages. */
static int case_detail(const mohs_case *c)
{
    return (case_blocks_unstated(c) ? 0 : 2 * MAX_STAGES) + c->stages;
}

/* Keeps one case per tumour told in several notes of the encounter, the one
 * told in more detail (the operative record's stage table over the letter's
 * "cleared in two stages"); a stage count told otherwise elsewhere is marked.
 * Returns the cases left, in their order. */
static size_t merge_retold(const da_sites *sites, mohs_case *cases, size_t n)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < kept && !same_tumour(sites, &cases[k], &cases[i]))
            k++;
        if (k == kept) {
            cases[kept++] = cases[i];
            continue;
        }
        bool otherwise = cases[k].stages != cases[i].stages || cases[k].retold_otherwise ||
                         cases[i].retold_otherwise;
        if (case_detail(&cases[i]) > case_detail(&cases[k]))
            cases[k] = cases[i];
        cases[k].retold_otherwise = otherwise;
    }
    return kept;
}

/* Per-code tallies of one encounter: expected from the cases, billed from the claim. */
enum { C_FIRST_HEAD, C_FIRST_TRUNK, C_ADDL_HEAD, C_ADDL_TRUNK, C_BLOCK, C_COUNT };

typedef struct tally {
    int expected[C_COUNT];   /* units the notes support */
    int billed[C_COUNT];     /* units billed */
    long line[C_COUNT];      /* first claim line billing the code, -1 none */
    da_evidence ev[C_COUNT];    /* evidence for the expected units */
    bool inferred[C_COUNT];  /* the expected units rest on an inference */
    bool more;               /* the notes may hold a tumour the reading did not tell apart: more
                                stage counts than tumours read, or a stage's blocks told twice */
    bool uncounted;          /* a first stage read, then tissue taken again with no count */
    da_evidence more_ev;        /* where the tissue was taken again */
    bool retold_otherwise;   /* two notes tell a tumour's stages differently */
} tally;

static const char *code_of(const da_mohs_table *table, int c)
{
    switch (c) {
    case C_FIRST_HEAD: return table->first[DA_MOHS_HEAD];
    case C_FIRST_TRUNK: return table->first[DA_MOHS_TRUNK];
    case C_ADDL_HEAD: return table->addl[DA_MOHS_HEAD];
    case C_ADDL_TRUNK: return table->addl[DA_MOHS_TRUNK];
    default: return table->block;
    }
}

/* Compares the two codes of one family (first-stage or additional-stage):
 * units billed under the wrong site group become wrong-code findings, then
 * what remains is missing or extra units. */
static void compare_family(const da_rule_input *in, tally *t, int head, int trunk,
                           const char *count_rule, const char *extra_rule, da_finding_list *out)
{
    const da_dataset *data = in->data;
    const da_mohs_table *table = in->rules->mohs;
    int d_head = t->expected[head] - t->billed[head];
    int d_trunk = t->expected[trunk] - t->billed[trunk];
    /* Billed as trunk, documented as head (or the reverse). */
    int pairs[2][2] = {{trunk, head}, {head, trunk}};
    for (int p = 0; p < 2; p++) {
        int billed = pairs[p][0], expected = pairs[p][1];
        int *d_exp = expected == head ? &d_head : &d_trunk;
        int *d_bill = billed == head ? &d_head : &d_trunk;
        int k = *d_exp > 0 && *d_bill < 0 ? (*d_exp < -*d_bill ? *d_exp : -*d_bill) : 0;
        if (!k)
            continue;
        /* 17311 pays more than 17313, 17312 more than 17314: head codes are the larger. */
        da_direction dir = expected == head ? DA_DIR_UNDER : DA_DIR_OVER;
        da_finding *f = da_rulekit_finding(out, "mohs", in->encounter, "MOHS-PRIMARY-SITE", dir,
                                           t->inferred[expected] ? DA_CONF_MEDIUM : DA_CONF_HIGH);
        f->claim = t->line[billed];
        snprintf(f->billed_code, sizeof(f->billed_code), "%s", code_of(table, billed));
        f->billed_units = k;
        snprintf(f->expected_code, sizeof(f->expected_code), "%s", code_of(table, expected));
        f->expected_units = k;
        da_evidence_fill(data, f, &t->ev[expected], "site group of the Mohs site");
        *d_exp -= k;
        *d_bill += k;
    }
    int codes[2] = {head, trunk};
    int deltas[2] = {d_head, d_trunk};
    for (int i = 0; i < 2; i++) {
        int c = codes[i];
        if (deltas[i] == 0)
            continue;
        bool missing = deltas[i] > 0;
        if (!missing && t->uncounted && (c == C_ADDL_HEAD || c == C_ADDL_TRUNK)) {
            /* "First stage ... additional tissue taken until a tumor-free
             * plane": more stages, not counted: the add-ons cannot be
             * verified either way */
            da_finding *f = da_rulekit_finding(
                out, "mohs", in->encounter, "MOHS-STAGES-UNDOCUMENTED", DA_DIR_GAP, DA_CONF_MEDIUM);
            f->claim = t->line[c];
            snprintf(f->billed_code, sizeof(f->billed_code), "%s", code_of(table, c));
            f->billed_units = t->billed[c];
            da_evidence_fill(data, f, &t->more_ev, "tissue taken again without a stage count");
            continue;
        }
        /* Lines beyond the tumours read, where the notes may hold another:
         * a coder looks before it is an accusation */
        bool doubt = (!missing && t->more) || t->retold_otherwise;
        da_finding *f =
            da_rulekit_finding(out, "mohs", in->encounter, missing ? count_rule : extra_rule,
                               missing ? DA_DIR_UNDER : DA_DIR_OVER,
                               doubt            ? DA_CONF_LOW
                               : t->inferred[c] ? DA_CONF_MEDIUM
                                                : DA_CONF_HIGH);
        if (doubt)
            f->review = t->retold_otherwise
                            ? "two notes of the visit tell the Mohs stages differently"
                            : "the Mohs notes count stages or blocks again past the tumours "
                              "read: another tumour may be there";
        f->claim = t->line[c];
        if (t->billed[c]) {
            snprintf(f->billed_code, sizeof(f->billed_code), "%s", code_of(table, c));
            f->billed_units = t->billed[c];
        }
        if (t->expected[c]) {
            snprintf(f->expected_code, sizeof(f->expected_code), "%s", code_of(table, c));
            f->expected_units = t->expected[c];
        }
        da_evidence_fill(data, f, &t->ev[c], "stages documented in the Mohs note");
    }
}

/* The Mohs sheet: one row per encounter with Mohs documented or billed. */
static const da_detail_column mohs_columns[] = {
    {DA_COL_ENCOUNTER, DA_CELL_TEXT, 14}, {"Date of service", DA_CELL_DATE, 12},
    {DA_COL_PATIENT, DA_CELL_TEXT, 12},   {DA_COL_PROVIDER, DA_CELL_TEXT, 18},
    {"Payer", DA_CELL_TEXT, 18},     {"Tumours", DA_CELL_NUMBER, 9},
    {"Sites", DA_CELL_TEXT, 24},     {"Deep structures", DA_CELL_TEXT, 10},
    {"Stages", DA_CELL_TEXT, 8},     {"Blocks per stage", DA_CELL_TEXT, 16},
    {"Expected codes", DA_CELL_TEXT, 26}, {"Billed codes", DA_CELL_TEXT, 26},
    {"Under ($)", DA_CELL_AMOUNT, 12}, {"Over ($)", DA_CELL_AMOUNT, 12},
};

/* Appends "code xN" for each code with units to buf. */
static void codes_text(const da_mohs_table *table, const int *units, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int c = 0; c < C_COUNT && o < size; c++)
        if (units[c])
            o += (size_t)snprintf(buf + o, size - o, "%s%s x%d", o ? ", " : "", code_of(table, c),
                                  units[c]);
}

static void detail_row(const da_rule_input *in, const mohs_case *cases, size_t ncases,
                       const tally *t, long first, long nfindings)
{
    if (!in->details)
        return;
    const da_encounter *enc = &in->data->encounters[in->encounter];
    const da_mohs_table *table = in->rules->mohs;
    da_detail *sheet = da_details_table(in->details, "Mohs", mohs_columns,
                                        sizeof(mohs_columns) / sizeof(mohs_columns[0]));
    char sites[256] = "", stages[64] = "", blocks[256] = "", expected[128], billed[128];
    bool deep = false;
    size_t so = 0, go = 0, bo = 0;
    for (size_t i = 0; i < ncases; i++) {
        const mohs_case *c = &cases[i];
        const da_site *site = c->site >= 0 ? da_site_get(in->rules->sites, c->site) : NULL;
        deep |= c->deep;
        if (so < sizeof(sites))
            so += (size_t)snprintf(sites + so, sizeof(sites) - so, "%s%s", i ? "; " : "",
                                   site ? site->name : "not stated");
        if (go < sizeof(stages))
            go += (size_t)snprintf(stages + go, sizeof(stages) - go, "%s%d", i ? "; " : "",
                                   c->stages);
        for (int s = 1; s <= c->stages && bo < sizeof(blocks); s++)
            bo += (size_t)snprintf(blocks + bo, sizeof(blocks) - bo, "%s%d",
                                   s > 1 ? ", " : (i ? "; " : ""), c->blocks[s]);
    }
    codes_text(table, t->expected, expected, sizeof(expected));
    codes_text(table, t->billed, billed, sizeof(billed));
    da_cell row[] = {
        da_cell_text(enc->encounter_id), da_cell_date(enc->dos), da_cell_text(enc->patient_id),
        da_cell_text(enc->provider), da_cell_text(enc->payer), da_cell_number((double)ncases),
        da_cell_text(sites), da_cell_text(ncases ? (deep ? "yes" : "no") : ""),
        da_cell_text(stages), da_cell_text(blocks), da_cell_text(expected), da_cell_text(billed),
        da_cell_amount(first, nfindings, DA_DIR_UNDER), da_cell_amount(first, nfindings, DA_DIR_OVER),
    };
    da_detail_add_row(in->details, sheet, row);
}

/* Compares one encounter; fills t and cases for its detail row. */
static void mohs_compare(const da_rule_input *in, da_finding_list *out, tally *t_out,
                         mohs_case *cases, size_t *ncases_out)
{
    const da_dataset *data = in->data;
    const da_encounter *enc = &data->encounters[in->encounter];
    const da_mohs_table *table = in->rules->mohs;

    tally *t = t_out;
    memset(t, 0, sizeof(*t));
    for (int c = 0; c < C_COUNT; c++) {
        t->line[c] = -1;
        t->ev[c].note = -1;
    }
    int billed_any = 0;
    for (size_t i = 0; i < enc->nclaims; i++) {
        const da_claim_line *line = &data->claims[enc->claims[i]];
        for (int c = 0; c < C_COUNT; c++)
            if (strcmp(line->code, code_of(table, c)) == 0) {
                t->billed[c] += line->units;
                billed_any += line->units;
                if (t->line[c] < 0)
                    t->line[c] = (long)enc->claims[i];
            }
    }

    size_t ncases = 0;
    bool mentioned = false;
    for (size_t i = 0; i < enc->nnotes; i++) {
        const da_fact_list *facts = &in->facts[i];
        for (size_t j = 0; j < facts->count && !mentioned; j++)
            mentioned = facts->items[j].kind == DA_FACT_MOHS;
        ncases += note_cases(in->rules, facts, (long)enc->notes[i], cases + ncases,
                             MAX_CASES - ncases);
    }
    ncases = merge_retold(in->rules->sites, cases, ncases);

    if (ncases == 0) {
        if (!billed_any || enc->nnotes == 0)
            return; /* nothing billed, or nothing to audit against */
        if (mentioned) {
            /* Mohs is in the notes but no stage is: add-ons cannot be verified. */
            int addl = t->billed[C_ADDL_HEAD] + t->billed[C_ADDL_TRUNK] + t->billed[C_BLOCK];
            if (addl) {
                int c = t->billed[C_ADDL_HEAD] ? C_ADDL_HEAD
                        : t->billed[C_ADDL_TRUNK] ? C_ADDL_TRUNK : C_BLOCK;
                da_finding *f =
                    da_rulekit_finding(out, "mohs", in->encounter, "MOHS-STAGES-UNDOCUMENTED",
                                       DA_DIR_GAP, DA_CONF_MEDIUM);
                f->claim = t->line[c];
                snprintf(f->billed_code, sizeof(f->billed_code), "%s", code_of(table, c));
                f->billed_units = t->billed[c];
                snprintf(f->evidence, sizeof(f->evidence),
                         "Mohs surgery is documented without a stage count or stage list");
            }
            return;
        }
        for (int c = 0; c < C_COUNT; c++) {
            if (!t->billed[c])
                continue;
            da_finding *f = da_rulekit_finding(out, "mohs", in->encounter, "MOHS-UNSUPPORTED",
                                               DA_DIR_OVER, DA_CONF_MEDIUM);
            f->claim = t->line[c];
            snprintf(f->billed_code, sizeof(f->billed_code), "%s", code_of(table, c));
            f->billed_units = t->billed[c];
            snprintf(f->evidence, sizeof(f->evidence),
                     "No Mohs surgery documented in the %zu note(s) of this encounter",
                     enc->nnotes);
        }
        return;
    }
    *ncases_out = ncases;

    /* A case without a recognised site takes the group billed, else the
     * lower-paying trunk group, and says so through its confidence. */
    da_mohs_group billed_group = t->billed[C_FIRST_HEAD] >= t->billed[C_FIRST_TRUNK] &&
                                         t->billed[C_FIRST_HEAD] > 0
                                     ? DA_MOHS_HEAD
                                     : DA_MOHS_TRUNK;
    bool blocks_unstated = false; /* a stage of some case has no block count */
    for (size_t i = 0; i < ncases; i++) {
        mohs_case *c = &cases[i];
        bool inferred = false;
        da_mohs_group g = c->group;
        const da_evidence *site_ev = &c->site_ev;
        if (c->deep) {
            g = DA_MOHS_HEAD;
            site_ev = &c->deep_ev;
        } else if (g == DA_MOHS_NONE) {
            g = billed_group;
            inferred = true;
        }
        int first = g == DA_MOHS_HEAD ? C_FIRST_HEAD : C_FIRST_TRUNK;
        int addl = g == DA_MOHS_HEAD ? C_ADDL_HEAD : C_ADDL_TRUNK;
        t->expected[first] += 1;
        t->inferred[first] |= inferred;
        if (t->ev[first].note < 0 || site_ev->note >= 0)
            t->ev[first] = site_ev->note >= 0 ? *site_ev : c->stage_ev;
        if (c->stages > 1) {
            t->expected[addl] += c->stages - 1;
            t->inferred[addl] |= inferred;
            t->ev[addl] = c->stage_ev;
        }
        blocks_unstated |= case_blocks_unstated(c);
        int extra = case_extra_blocks(table, c);
        if (extra > 0) {
            t->expected[C_BLOCK] += extra;
            t->ev[C_BLOCK] = c->block_ev;
        }
    }
    for (int c = 0; c < C_COUNT; c++)
        if (t->ev[c].note < 0)
            t->ev[c] = cases[0].stage_ev;

    if (!billed_any) {
        for (int c = 0; c < C_COUNT; c++) {
            if (!t->expected[c])
                continue;
            /* other lines billed and not one Mohs code: the Mohs was most
             * likely another surgeon's, whose report is in the chart */
            da_finding *f =
                da_rulekit_finding(out, "mohs", in->encounter, "MOHS-NOT-BILLED", DA_DIR_UNDER,
                                   enc->nclaims     ? DA_CONF_LOW
                                   : t->inferred[c] ? DA_CONF_MEDIUM
                                                    : DA_CONF_HIGH);
            if (enc->nclaims)
                f->review = "Mohs is documented but the visit's claim has no Mohs code: check "
                            "that this practice's surgeon performed it";
            snprintf(f->expected_code, sizeof(f->expected_code), "%s", code_of(table, c));
            f->expected_units = t->expected[c];
            da_evidence_fill(data, f, &t->ev[c], "Mohs stages documented");
        }
        return;
    }
    /* "Two stages" then "One stage", or blocks told for stage 1 twice:
     * the stage facts of one lesion are kept once each, the counts and
     * block statements are not */
    int counts = 0, blocks = 0, stages = 0, tumours = 0, top_stage = 0;
    bool again = false;
    for (size_t i = 0; i < enc->nnotes; i++)
        for (size_t k = 0; k < in->facts[i].count; k++) {
            const da_fact *f = &in->facts[i].items[k];
            counts += f->kind == DA_FACT_MOHS_STAGE_COUNT;
            blocks += f->kind == DA_FACT_MOHS_BLOCKS;
            stages += f->kind == DA_FACT_MOHS_STAGE;
            if (f->kind == DA_FACT_MOHS_STAGE && (int)f->value > top_stage)
                top_stage = (int)f->value;
            if (f->kind == DA_FACT_MOHS_MORE && !again) {
                again = true;
                t->more_ev = da_evidence_of((long)enc->notes[i], f);
            }
        }
    t->uncounted = again && counts == 0 && top_stage <= 1;
    for (int c = C_FIRST_HEAD; c <= C_FIRST_TRUNK; c++)
        tumours += t->expected[c];
    t->more = counts > tumours || blocks > stages;
    for (size_t i = 0; i < ncases; i++)
        t->retold_otherwise |= cases[i].retold_otherwise;
    compare_family(in, t, C_FIRST_HEAD, C_FIRST_TRUNK, "MOHS-NOT-BILLED", "MOHS-UNSUPPORTED", out);
    compare_family(in, t, C_ADDL_HEAD, C_ADDL_TRUNK, "MOHS-STAGES", "MOHS-STAGES", out);
    int d = t->expected[C_BLOCK] - t->billed[C_BLOCK];
    if (d < 0 && blocks_unstated) {
        /* more blocks billed than counted, and a stage's blocks are not
         * counted: the extra blocks may be there; a coder asks */
        da_finding *f = da_rulekit_finding(out, "mohs", in->encounter, "MOHS-BLOCKS-UNDOCUMENTED",
                                           DA_DIR_GAP, DA_CONF_MEDIUM);
        f->claim = t->line[C_BLOCK];
        snprintf(f->billed_code, sizeof(f->billed_code), "%s", table->block);
        f->billed_units = t->billed[C_BLOCK];
        da_evidence_fill(data, f, &t->ev[C_BLOCK],
                         "a Mohs stage is documented without its block count");
    } else if (d != 0) {
        da_finding *f = da_rulekit_finding(out, "mohs", in->encounter, "MOHS-BLOCKS",
                                           d > 0 ? DA_DIR_UNDER : DA_DIR_OVER, DA_CONF_HIGH);
        f->claim = t->line[C_BLOCK];
        if (t->billed[C_BLOCK]) {
            snprintf(f->billed_code, sizeof(f->billed_code), "%s", table->block);
            f->billed_units = t->billed[C_BLOCK];
        }
        if (t->expected[C_BLOCK]) {
            snprintf(f->expected_code, sizeof(f->expected_code), "%s", table->block);
            f->expected_units = t->expected[C_BLOCK];
        }
        da_evidence_fill(data, f, &t->ev[C_BLOCK], "tissue blocks documented per stage");
    }
}


da_error da_rule_mohs(const da_rule_input *in, da_finding_list *out)
{
    tally t;
    mohs_case cases[MAX_CASES];
    size_t ncases = 0;
    long first = (long)out->count;
    mohs_compare(in, out, &t, cases, &ncases);
    long nfindings = (long)out->count - first;
    int billed = 0;
    for (int c = 0; c < C_COUNT; c++)
        billed += t.billed[c];
    if (ncases || billed)
        detail_row(in, cases, ncases, &t, first, nfindings);
    return DA_OK;
}
