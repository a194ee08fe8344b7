/* modifiers.c - multiple procedures and modifiers (coding-rules.md 7, 12.1).
 *
 * Per encounter and rendering provider:
 * - MPPR: indicator-2 lines (MULT PROC 2, 17311/17313 included) are ranked
 *   by fee schedule amount; the first is expected at 100%, the others at 50%;
 *   add-ons, 17004, E/M, 96372 and pathology (indicator 0) at 100%. The
 *   payer's share paid per line is its allowed amount over the fee, scaled
 *   by the payer's rate, which is read from the lines expected in full
 *   (the highest such ratio). A secondary paid in full is an overpayment the
 *   payer may recover (over, the excess as amount); a primary or add-on
 *   reduced in error is an underpayment (category payment, under).
 * - Modifier 51 where the payer wants it (rules/payers.csv) on every
 *   secondary procedure; never on an add-on or a 51-exempt code.
 * - 59/X{EPSU}: a pair of rules/ncci_pairs.csv on distinct lesions needs one
 *   on either code; never 59 with an X modifier on one line, never on an E/M.
 * - Pairs that never go together: exclusive pairs, an add-on without its
 *   primary, a biopsy and an excision (or destruction) of the same lesion.
 * - With the CMS NCCI files loaded (--ncci-ptp, --mue; audit/ncci.h), their
 *   edits replace the table's distinct and exclusive pairs: a column-2 code
 *   billed with its column-1 code on one date is over-billing (NCCI-PTP-BUNDLED)
 *   when the edit allows no modifier (indicator 0), or allows one (1) and
 *   neither line has 59/X{EPSU} and the notes do not tell the two lesions
 *   apart; when they do, the missing modifier is a gap (MOD-59-MISSING).
 *   Units above a code's MUE are over-billing: on one line for adjudication
 *   indicator 1 (MUE-UNITS-LINE), over the date for 2 and 3 (MUE-UNITS-DATE).
 * - Modifier 25 on an E/M beside a 000/010-global procedure when a problem
 *   beyond the procedure decision is documented; 57 for the decision for a
 *   090-global procedure (da_rule_modifier_25, run before the denials).
 * The Modifiers sheet shows each multi-procedure encounter line by line,
 * with the ranks again after the other families' corrections (a missing
 * code added to the expected set re-ranks every line).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carc.h"
#include "em.h"
#include "fees.h"
#include "ncci.h"
#include "payers.h"
#include "rules.h"
#include "rulekit.h"
#include "text.h"
#include "mem.h"

#define MAX_PAIRS 64       /* rows of the pair table */
#define MAX_LINES 64       /* claim lines of one encounter considered */
#define SHARE_TOLERANCE 0.25 /* a paid share this far from the expected one is a different percentage */

static const char BASIS_OBSERVED[] = "observed payment against the expected multiple-procedure share";

typedef enum pair_relation {
    PAIR_DISTINCT,  /* allowed on distinct lesions with 59/X; never on the same lesion */
    PAIR_EXCLUSIVE, /* never together */
    PAIR_ADDON      /* code2 is an add-on that needs a code1 */
} pair_relation;

typedef struct pair_row {
    char lo1[DA_CODE_LEN], hi1[DA_CODE_LEN]; /* first code range */
    char lo2[DA_CODE_LEN], hi2[DA_CODE_LEN]; /* second code range (the one a finding names) */
    pair_relation relation;                  /* how the two go together */
} pair_row;

/* The code pairs (rules/ncci_pairs.csv). */
struct da_pair_table {
    pair_row rows[MAX_PAIRS]; /* rows in file order */
    size_t count;             /* rows used */
};

/* "11102-11107" or "17110" into a range; false when malformed. */
static bool range_parse(const char *s, char lo[DA_CODE_LEN], char hi[DA_CODE_LEN])
{
    size_t n = strlen(s);
    if (n == 5) {
        memcpy(lo, s, 6);
        memcpy(hi, s, 6);
        return true;
    }
    if (n != 11 || s[5] != '-')
        return false;
    memcpy(lo, s, 5);
    lo[5] = '\0';
    memcpy(hi, s + 6, 6);
    return strcmp(lo, hi) <= 0;
}

static const char *pair_row_read(void *ctx, const char *const *f, unsigned long line)
{
    (void)line;
    da_pair_table *t = ctx;
    pair_row p;
    if (t->count == MAX_PAIRS || !range_parse(f[0], p.lo1, p.hi1) ||
        !range_parse(f[1], p.lo2, p.hi2))
        return "too many pairs, or a malformed code range";
    const char *rel = f[2];
    if (strcmp(rel, "distinct") == 0)
        p.relation = PAIR_DISTINCT;
    else if (strcmp(rel, "exclusive") == 0)
        p.relation = PAIR_EXCLUSIVE;
    else if (strcmp(rel, "addon") == 0)
        p.relation = PAIR_ADDON;
    else
        return "unknown relation";
    t->rows[t->count++] = p;
    return NULL;
}

da_error da_pairs_load(da_pair_table **out)
{
    static const char *const columns[] = {"code1", "code2", "relation", "source"};
    da_error err;
    *out = da_rulekit_load("rules/ncci_pairs.csv", columns, sizeof(columns) / sizeof(columns[0]),
                           pair_row_read, NULL, sizeof(**out), &err);
    return err;
}

static bool in_range(const char *code, const char *lo, const char *hi)
{
    return strlen(code) == 5 && strcmp(code, lo) >= 0 && strcmp(code, hi) <= 0;
}

/* ---- findings ---------------------------------------------------------- */

static da_finding *add_finding(da_finding_list *out, const da_rule_input *in, const char *category,
                               const char *rule, da_direction dir, da_confidence conf, long claim)
{
    da_finding *f = da_rulekit_finding(out, category, in->encounter, rule, dir, conf);
    f->claim = claim;
    return f;
}

/* A finding about one billed line: billed and expected name the same code
 * and units unless told otherwise (a modifier or payment is what is wrong). */
static da_finding *line_finding(da_finding_list *out, const da_rule_input *in, const char *category,
                                const char *rule, da_direction dir, da_confidence conf, long claim,
                                bool keep_expected)
{
    const da_claim_line *c = &in->data->claims[claim];
    da_finding *f = add_finding(out, in, category, rule, dir, conf, claim);
    snprintf(f->billed_code, sizeof(f->billed_code), "%s", c->code);
    f->billed_units = c->units;
    if (keep_expected) {
        snprintf(f->expected_code, sizeof(f->expected_code), "%s", c->code);
        f->expected_units = c->units;
    }
    return f;
}

static bool has_x_modifier(const da_claim_line *c)
{
    return da_claim_has_modifier(c, "XE") || da_claim_has_modifier(c, "XS") ||
           da_claim_has_modifier(c, "XP") || da_claim_has_modifier(c, "XU");
}

static bool has_distinct_modifier(const da_claim_line *c)
{
    return da_claim_has_modifier(c, "59") || has_x_modifier(c);
}

/* ---- multiple-procedure ranking --------------------------------------- */

/* One line of a set being ranked. */
typedef struct mp_line {
    long claim;           /* index into data->claims, -1 for a code added by a correction */
    const da_fee *fee;    /* fee table row */
    char code[DA_CODE_LEN]; /* the code */
    int units;            /* units */
    bool reduced;         /* MULT PROC 2 */
    int rank;             /* 1-based rank among indicator-2 lines, 0 when not reduced */
    double expected;      /* expected share of fee x units */
    double ratio;         /* observed allowed / (fee x units); < 0 when not observed */
    double paid_share;    /* ratio over the payer's rate; < 0 when unknown */
    double after;         /* expected share after the corrections; < 0 when removed */
} mp_line;

static int mp_compare(const void *pa, const void *pb)
{
    const mp_line *a = pa, *b = pb;
    if (a->reduced != b->reduced)
        return a->reduced ? -1 : 1;
    if (a->fee->nonfacility != b->fee->nonfacility)
        return a->fee->nonfacility > b->fee->nonfacility ? -1 : 1;
    /* Equal fees: the payer's choice of which one it paid in full stands. */
    if (a->ratio != b->ratio)
        return a->ratio > b->ratio ? -1 : 1;
    int c = strcmp(a->code, b->code);
    if (c)
        return c;
    return a->claim < b->claim ? -1 : a->claim > b->claim;
}

/* Ranks the indicator-2 lines (highest fee first) and sets each line's
 * expected share: the top unit 100%, every other indicator-2 unit 50%
 * (coding-rules.md 7.1; the 6th and later are estimated at 50% as in
 * price.c), every other line 100%. Sorts the array. */
static void mp_rank(mp_line *lines, size_t n)
{
    da_sort(lines, n, sizeof(*lines), mp_compare);
    int rank = 0;
    for (size_t i = 0; i < n; i++) {
        mp_line *l = &lines[i];
        if (!l->reduced || l->units < 1) {
            l->rank = 0;
            l->expected = 1.0;
            continue;
        }
        l->rank = ++rank;
        l->expected = rank == 1 ? (1.0 + 0.5 * (l->units - 1)) / l->units : 0.5;
    }
}

/* Observed allowed of a line, when the payer adjudicated it with money. */
static da_cents observed(const da_claim_line *c)
{
    if (c->status == DA_STATUS_DENIED || c->status == DA_STATUS_PENDING)
        return DA_CENTS_NONE;
    if (c->allowed != DA_CENTS_NONE && c->allowed > 0)
        return c->allowed;
    return DA_CENTS_NONE;
}

/* The procedures whose paid share says something about the reduction. */
static bool procedure_global(const da_fee *fee)
{
    return strcmp(fee->global, "000") == 0 || strcmp(fee->global, "010") == 0 ||
           strcmp(fee->global, "090") == 0 || strcmp(fee->global, "ZZZ") == 0;
}

/* ---- the Modifiers sheet ---------------------------------------------- */

static const da_detail_column mp_columns[] = {
    {DA_COL_ENCOUNTER, DA_CELL_TEXT, 14},     {"Date of service", DA_CELL_DATE, 12},
    {DA_COL_PATIENT, DA_CELL_TEXT, 12},       {DA_COL_PROVIDER, DA_CELL_TEXT, 18},
    {"Payer", DA_CELL_TEXT, 18},         {"Line", DA_CELL_TEXT, 8},
    {"Code", DA_CELL_TEXT, 8},           {"Units", DA_CELL_NUMBER, 6},
    {"Modifiers", DA_CELL_TEXT, 10},     {"MULT PROC", DA_CELL_NUMBER, 6},
    {"Rank", DA_CELL_TEXT, 6},         {"Fee schedule ($)", DA_CELL_MONEY, 12},
    {"Expected %", DA_CELL_TEXT, 10},  {"Expected ($)", DA_CELL_MONEY, 12},
    {"Expected % after corrections", DA_CELL_TEXT, 12},
    {"Allowed ($)", DA_CELL_MONEY, 12},  {"Paid %", DA_CELL_TEXT, 8},
    {"Difference ($)", DA_CELL_MONEY, 12}, {"Finding ($)", DA_CELL_AMOUNT, 12},
};

static da_cents cents_round(double v)
{
    return (da_cents)floor(v + 0.5);
}

static void mp_detail(const da_rule_input *in, const mp_line *lines, size_t n, double rate,
                      const long *finding_of, const mp_line *added, size_t nadded)
{
    if (!in->details)
        return;
    const da_dataset *data = in->data;
    const da_encounter *enc = &data->encounters[in->encounter];
    da_detail *sheet = da_details_table(in->details, "Modifiers", mp_columns,
                                        sizeof(mp_columns) / sizeof(mp_columns[0]));
    for (size_t i = 0; i < n + nadded; i++) {
        const mp_line *l = i < n ? &lines[i] : &added[i - n];
        const da_claim_line *c = l->claim >= 0 ? &data->claims[l->claim] : NULL;
        char mods[16] = "";
        for (int m = 0, o = 0; c && m < c->nmodifiers; m++)
            o += snprintf(mods + o, sizeof(mods) - (size_t)o, "%s%s", m ? " " : "", c->modifiers[m]);
        double fee = (double)l->fee->nonfacility * l->units;
        da_cents allowed = c ? observed(c) : DA_CENTS_NONE;
        bool paid_known = l->paid_share >= 0 && rate > 0;
        char rank[8] = "", expected[16] = "", after[16] = "removed", paid[16] = "";
        if (l->rank)
            snprintf(rank, sizeof(rank), "%d", l->rank);
        if (c)
            snprintf(expected, sizeof(expected), "%.0f%%", 100.0 * l->expected);
        if (l->after >= 0)
            snprintf(after, sizeof(after), "%.0f%%", 100.0 * l->after);
        if (paid_known)
            snprintf(paid, sizeof(paid), "%.0f%%", 100.0 * l->paid_share);
        da_cell row[] = {
            da_cell_text(enc->encounter_id), da_cell_date(enc->dos), da_cell_text(enc->patient_id),
            da_cell_text(c ? c->provider : enc->provider), da_cell_text(c ? c->payer : enc->payer),
            da_cell_text(c ? c->line_no : "added"), da_cell_text(l->code),
            da_cell_number(l->units), da_cell_text(mods), da_cell_number(l->fee->mult_proc),
            da_cell_text(rank), da_cell_money(cents_round(fee)), da_cell_text(expected),
            da_cell_money(c ? cents_round(fee * l->expected) : DA_CENTS_NONE), da_cell_text(after),
            da_cell_money(allowed), da_cell_text(paid),
            da_cell_money(paid_known ? allowed - cents_round(rate * fee * l->expected) : DA_CENTS_NONE),
            i < n && finding_of[i] >= 0 ? da_cell_amount(finding_of[i], 1, -1)
                                        : da_cell_amount(-1, 0, -1),
        };
        da_detail_add_row(in->details, sheet, row);
    }
}

/* ---- the multiple-procedure check ------------------------------------- */

/* Fills one line from a claim; false when the fee table does not know the code. */
static bool mp_from_claim(const da_rule_input *in, long claim, mp_line *l)
{
    const da_claim_line *c = &in->data->claims[claim];
    const da_fee *fee = da_fees_find(in->fees, c->code);
    if (!fee || c->units < 1)
        return false;
    memset(l, 0, sizeof(*l));
    l->claim = claim;
    l->fee = fee;
    memcpy(l->code, fee->code, DA_CODE_LEN);
    l->units = c->units;
    l->reduced = fee->mult_proc == 2;
    da_cents obs = observed(c);
    l->ratio = obs != DA_CENTS_NONE && fee->nonfacility > 0
                   ? (double)obs / ((double)fee->nonfacility * c->units)
                   : -1.0;
    l->paid_share = -1.0;
    l->after = -1.0;
    return true;
}

/* Adds units of a code to a corrected set (negative units remove). */
static void corrected_add(const da_rule_input *in, mp_line *set, size_t *n, const char *code, int units)
{
    const da_fee *fee = code[0] ? da_fees_find(in->fees, code) : NULL;
    if (!fee || units == 0)
        return;
    for (size_t i = 0; i < *n; i++)
        if (set[i].fee == fee) {
            set[i].units += units;
            return;
        }
    if (units < 0 || *n == MAX_LINES)
        return;
    mp_line *l = &set[(*n)++];
    memset(l, 0, sizeof(*l));
    l->claim = -1;
    l->fee = fee;
    memcpy(l->code, fee->code, DA_CODE_LEN);
    l->units = units;
    l->reduced = fee->mult_proc == 2;
    l->ratio = l->paid_share = l->after = -1.0;
}

/* The lines of one provider on this encounter, with the corrected set's
 * shares; codes the corrections add come back in added. */
static size_t mp_lines(const da_rule_input *in, const char *provider, const da_finding *corrections,
                       size_t ncorrections, mp_line *lines, mp_line *added, size_t *nadded)
{
    const da_encounter *enc = &in->data->encounters[in->encounter];
    size_t n = 0;
    for (size_t i = 0; i < enc->nclaims && n < MAX_LINES; i++) {
        long claim = (long)enc->claims[i];
        if (strcmp(in->data->claims[claim].provider, provider) == 0 && mp_from_claim(in, claim, &lines[n]))
            n++;
    }
    mp_rank(lines, n);

    /* The expected set: the billed codes with every earlier correction applied, ranked again. */
    mp_line set[MAX_LINES];
    size_t nset = 0;
    for (size_t i = 0; i < n; i++)
        corrected_add(in, set, &nset, lines[i].code, lines[i].units);
    for (size_t i = 0; i < ncorrections; i++) {
        const da_finding *f = &corrections[i];
        if (f->direction != DA_DIR_UNDER && f->direction != DA_DIR_OVER)
            continue;
        corrected_add(in, set, &nset, f->billed_code, -f->billed_units);
        corrected_add(in, set, &nset, f->expected_code, f->expected_units);
    }
    size_t kept = 0;
    for (size_t i = 0; i < nset; i++)
        if (set[i].units > 0)
            set[kept++] = set[i];
    mp_rank(set, kept);
    *nadded = 0;
    for (size_t i = 0; i < kept; i++) {
        bool billed = false;
        for (size_t j = 0; j < n; j++)
            if (lines[j].fee == set[i].fee) {
                lines[j].after = set[i].expected;
                billed = true;
            }
        if (!billed) {
            set[i].after = set[i].expected;
            added[(*nadded)++] = set[i];
        }
    }
    return n;
}

static int reduced_units(const mp_line *lines, size_t n)
{
    int units = 0;
    for (size_t i = 0; i < n; i++)
        units += lines[i].reduced ? lines[i].units : 0;
    return units;
}

/* Compares each line's paid share with its expected one; returns the payer's rate (0 unknown). */
static double mp_compare_paid(const da_rule_input *in, mp_line *lines, size_t n, long *finding_of,
                              da_finding_list *out)
{
    const da_dataset *data = in->data;
    double rate = 0;
    for (size_t i = 0; i < n; i++) {
        const mp_line *l = &lines[i];
        bool full = l->expected > 0.999;
        bool comparable = procedure_global(l->fee) || da_em_code_level(l->code, &(bool){false}) >= 0;
        if (full && comparable && l->ratio > rate)
            rate = l->ratio;
    }
    if (rate <= 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        mp_line *l = &lines[i];
        if (l->ratio < 0)
            continue;
        l->paid_share = l->ratio / rate;
        if (!procedure_global(l->fee) || fabs(l->paid_share - l->expected) < SHARE_TOLERANCE)
            continue;
        const da_claim_line *c = &data->claims[l->claim];
        bool over = l->paid_share > l->expected;
        da_finding *f = line_finding(out, in, "payment",
                                     over ? "MPPR-SECONDARY-FULL" : "MPPR-REDUCED-IN-ERROR",
                                     over ? DA_DIR_OVER : DA_DIR_UNDER, DA_CONF_HIGH, l->claim, true);
        /* The money is what the payer paid beyond (or short of) the share: in its own dollars. */
        da_cents paid = c->paid != DA_CENTS_NONE && c->paid > 0 ? c->paid : c->allowed;
        double factor = over ? 1.0 - l->expected / l->paid_share : l->expected / l->paid_share - 1.0;
        f->amount = cents_round((double)paid * factor);
        f->basis = BASIS_OBSERVED;
        f->priced_by_rule = true;
        snprintf(f->evidence, sizeof(f->evidence),
                 "Rank %d of the multiple procedures of this date: expected %.0f%% of the fee, paid %.0f%%",
                 l->rank, 100.0 * l->expected, 100.0 * l->paid_share);
        finding_of[i] = (long)(out->count - 1);
    }
    return rate;
}

/* Modifier 51: on each secondary procedure where the payer wants it. */
static void mp_check_51(const da_rule_input *in, const mp_line *lines, size_t n, long *finding_of,
                        da_finding_list *out)
{
    const da_claim_line *first = &in->data->claims[lines[0].claim];
    if (!da_payers_for(in->rules->payers, first).modifier_51)
        return;
    for (size_t i = 0; i < n; i++) {
        const mp_line *l = &lines[i];
        if (!l->reduced || l->rank < 2 || da_claim_has_modifier(&in->data->claims[l->claim], "51"))
            continue;
        da_finding *f = line_finding(out, in, "modifier", "MOD-51-MISSING", DA_DIR_GAP, DA_CONF_HIGH,
                                     l->claim, true);
        snprintf(f->evidence, sizeof(f->evidence),
                 "Secondary procedure (rank %d) without modifier 51 for a payer that requires it",
                 l->rank);
        if (finding_of[i] < 0)
            finding_of[i] = (long)(out->count - 1);
    }
}

static void check_mppr(const da_rule_input *in, da_finding_list *out)
{
    const da_encounter *enc = &in->data->encounters[in->encounter];
    /* Findings other families made on this encounter before this one ran:
     * only their corrections re-rank (this family's own change no code). */
    size_t earlier = out->count, from = out->count;
    while (from > 0 && out->items[from - 1].encounter == in->encounter)
        from--;
    for (size_t p = 0; p < enc->nclaims; p++) {
        const da_claim_line *c = &in->data->claims[enc->claims[p]];
        bool seen = false;
        for (size_t q = 0; q < p && !seen; q++)
            seen = strcmp(in->data->claims[enc->claims[q]].provider, c->provider) == 0;
        if (seen)
            continue;
        mp_line lines[MAX_LINES], added[MAX_LINES];
        size_t nadded = 0;
        size_t n = mp_lines(in, c->provider, out->items + from, earlier - from, lines, added, &nadded);
        if (reduced_units(lines, n) < 2)
            continue;
        long finding_of[MAX_LINES];
        for (size_t i = 0; i < n; i++)
            finding_of[i] = -1;
        double rate = 0;
        if (da_payers_for(in->rules->payers, c).mppr)
            rate = mp_compare_paid(in, lines, n, finding_of, out);
        mp_check_51(in, lines, n, finding_of, out);
        mp_detail(in, lines, n, rate, finding_of, added, nadded);
    }
}

/* Modifier 51 on a code that never takes it: an add-on or a 51-exempt code. */
static void check_51_not_allowed(const da_rule_input *in, da_finding_list *out)
{
    const da_encounter *enc = &in->data->encounters[in->encounter];
    for (size_t i = 0; i < enc->nclaims; i++) {
        const da_claim_line *c = &in->data->claims[enc->claims[i]];
        const da_fee *fee = da_fees_find(in->fees, c->code);
        if (!fee || !da_claim_has_modifier(c, "51") || (fee->mult_proc != 0 && !da_fee_is_addon(fee)))
            continue;
        da_finding *f = line_finding(out, in, "modifier", "MOD-51-NOT-ALLOWED", DA_DIR_GAP, DA_CONF_HIGH,
                                     (long)enc->claims[i], true);
        snprintf(f->evidence, sizeof(f->evidence), "Modifier 51 on %s, which is %s", c->code,
                 da_fee_is_addon(fee) ? "an add-on code" : "exempt from the multiple-procedure rules");
    }
}

/* ---- code pairs and 59/X ----------------------------------------------- */

/* What kind of procedure a code is, for matching it with procedure facts. */
static int code_procedure(const char *code)
{
    if (in_range(code, "11102", "11107"))
        return 1; /* biopsy */
    if (in_range(code, "11400", "11646"))
        return 2; /* excision */
    if (in_range(code, "17000", "17286"))
        return 3; /* destruction */
    if (in_range(code, "11900", "11901"))
        return 4; /* intralesional injection */
    if (in_range(code, "11300", "11313"))
        return 5; /* shave */
    return 0;
}

static int fact_procedure(const da_fact *f)
{
    switch ((da_procedure)(int)f->value) {
    case DA_PROC_BIOPSY_TANGENTIAL: case DA_PROC_BIOPSY_PUNCH: case DA_PROC_BIOPSY_INCISIONAL:
        return 1;
    case DA_PROC_EXCISION: return 2;
    case DA_PROC_DESTRUCTION: return 3;
    case DA_PROC_INJECTION_IL: return 4;
    case DA_PROC_SHAVE: return 5;
    default: return 0;
    }
}

/* Where a procedure was done: its note, lesion and site. */
typedef struct proc_place {
    da_evidence ev; /* the procedure's evidence, in its note */
    int lesion;     /* lesion in the note, 0 when the note is not split */
    int site;       /* site index, -1 when none tied to the lesion */
    int side;       /* laterality of the site */
} proc_place;

static size_t proc_places(const da_rule_input *in, int kind, proc_place *places, size_t room)
{
    const da_encounter *enc = &in->data->encounters[in->encounter];
    size_t n = 0;
    for (size_t i = 0; i < enc->nnotes; i++) {
        const da_fact_list *facts = &in->facts[i];
        for (size_t j = 0; j < facts->count && n < room; j++) {
            const da_fact *f = &facts->items[j];
            if (f->kind != DA_FACT_PROCEDURE || fact_procedure(f) != kind)
                continue;
            proc_place *p = &places[n++];
            p->ev = da_evidence_of((long)enc->notes[i], f);
            p->lesion = f->lesion;
            p->site = -1;
            p->side = 0;
            /* The lesion's site; in a note not split into lesions, only a single site is telling. */
            int sites = 0;
            for (size_t k = 0; k < facts->count; k++) {
                const da_fact *s = &facts->items[k];
                if (s->kind != DA_FACT_SITE || s->lesion != f->lesion)
                    continue;
                if (sites++ == 0) {
                    p->site = s->site;
                    p->side = (int)s->value2;
                }
            }
            if (f->lesion == 0 && sites > 1)
                p->site = -1;
        }
    }
    return n;
}

typedef enum lesion_relation { REL_UNKNOWN, REL_SAME, REL_DISTINCT } lesion_relation;

static lesion_relation places_relation(const proc_place *a, const proc_place *b)
{
    if (a->ev.note == b->ev.note && a->lesion > 0 && b->lesion > 0)
        return a->lesion == b->lesion ? REL_SAME : REL_DISTINCT;
    if (a->site >= 0 && b->site >= 0)
        return a->site == b->site && a->side == b->side ? REL_SAME : REL_DISTINCT;
    return REL_UNKNOWN;
}

/* How the procedures of two codes relate: same lesion when any pair of
 * their documented places is the same lesion, distinct when every pair is
 * told apart, unknown otherwise (or when a procedure is not documented). */
static lesion_relation codes_relation(const da_rule_input *in, const char *a, const char *b,
                                      proc_place *evidence)
{
    proc_place pa[16], pb[16];
    int ka = code_procedure(a), kb = code_procedure(b);
    if (!ka || !kb || ka == kb)
        return REL_UNKNOWN;
    size_t na = proc_places(in, ka, pa, 16), nb = proc_places(in, kb, pb, 16);
    if (!na || !nb)
        return REL_UNKNOWN;
    bool all_distinct = true;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++) {
            lesion_relation r = places_relation(&pa[i], &pb[j]);
            if (r == REL_SAME) {
                *evidence = pb[j];
                return REL_SAME;
            }
            all_distinct &= r == REL_DISTINCT;
        }
    *evidence = pb[0];
    return all_distinct ? REL_DISTINCT : REL_UNKNOWN;
}

static void place_evidence(const da_rule_input *in, const proc_place *p, da_finding *f)
{
    f->lesion = p->lesion;
    da_evidence_fill(in->data, f, &p->ev, "");
}

/* The first line of the encounter billing a code in [lo, hi] (an add-on
 * only when addons), -1 none. */
static long billed_in(const da_rule_input *in, const char *lo, const char *hi, bool addons)
{
    const da_encounter *enc = &in->data->encounters[in->encounter];
    for (size_t i = 0; i < enc->nclaims; i++) {
        const char *code = in->data->claims[enc->claims[i]].code;
        if (in_range(code, lo, hi) && (addons || !da_fee_is_addon(da_fees_find(in->fees, code))))
            return (long)enc->claims[i];
    }
    return -1;
}

/* The CMS PTP edits of --ncci-ptp (see the top of the file). */
static void check_ptp(const da_rule_input *in, const da_ncci *n, da_finding_list *out)
{
    const da_dataset *data = in->data;
    const da_encounter *enc = &data->encounters[in->encounter];
    for (size_t i = 0; i < enc->nclaims; i++) {
        size_t b = enc->claims[i], a;
        const da_claim_line *cb = &data->claims[b];
        const da_ptp_edit *e = da_ncci_edit_for_line(n, data, enc, b, &a);
        /* a denied line is the denial family's */
        if (!e || cb->status == DA_STATUS_DENIED)
            continue;
        const da_claim_line *ca = &data->claims[a];
        if (e->indicator == 1 && (has_distinct_modifier(cb) || has_distinct_modifier(ca)))
            continue;
        proc_place where;
        lesion_relation rel = e->indicator == 1 ? codes_relation(in, ca->code, cb->code, &where)
                                                : REL_UNKNOWN;
        if (rel == REL_DISTINCT) {
            da_finding *f = line_finding(out, in, "modifier", "MOD-59-MISSING", DA_DIR_GAP,
                                         DA_CONF_MEDIUM, (long)b, true);
            place_evidence(in, &where, f);
            continue;
        }
        da_finding *f = line_finding(out, in, "modifier", "NCCI-PTP-BUNDLED", DA_DIR_OVER,
                                     e->indicator == 0 || rel == REL_SAME ? DA_CONF_HIGH
                                                                          : DA_CONF_MEDIUM,
                                     (long)b, false);
        snprintf(f->evidence, sizeof(f->evidence),
                 "%s is column 2 of %s the same date (NCCI PTP, modifier indicator %d: %s)",
                 cb->code, ca->code, e->indicator,
                 e->indicator == 0 ? "no modifier allows the pair"
                                   : "no 59/X{EPSU} and no distinct lesion or site documented");
        if (rel == REL_SAME)
            place_evidence(in, &where, f);
    }
}

/* Units above the code's MUE (--mue): per line for adjudication indicator
 * 1, over the date of service for 2 and 3; a denied line is the denial
 * family's. */
static void check_mue(const da_rule_input *in, const da_ncci *n, da_finding_list *out)
{
    const da_dataset *data = in->data;
    const da_encounter *enc = &data->encounters[in->encounter];
    for (size_t i = 0; i < enc->nclaims; i++) {
        size_t ci = enc->claims[i];
        const da_claim_line *c = &data->claims[ci];
        const da_mue *m = da_ncci_mue_find(n, c->code);
        if (!m || c->status == DA_STATUS_DENIED)
            continue;
        int units = c->units;
        bool first = true; /* the date's total is reported on its first line */
        if (m->indicator != 1)
            for (size_t k = 0; k < enc->nclaims; k++) {
                const da_claim_line *o = &data->claims[enc->claims[k]];
                if (k == i || strcmp(o->code, c->code) != 0 || o->dos != c->dos ||
                    o->status == DA_STATUS_DENIED)
                    continue;
                units += o->units;
                first &= k > i;
            }
        if (units <= m->value || !first)
            continue;
        da_finding *f = line_finding(out, in, "modifier",
                                     m->indicator == 1 ? "MUE-UNITS-LINE" : "MUE-UNITS-DATE",
                                     DA_DIR_OVER, DA_CONF_HIGH, (long)ci, true);
        /* the line's units above what the MUE leaves for it */
        f->expected_units = c->units - (units - m->value);
        if (f->expected_units < 0)
            f->expected_units = 0;
        snprintf(f->evidence, sizeof(f->evidence),
                 "%d units of %s %s; the MUE is %d (adjudication indicator %d)", units, c->code,
                 m->indicator == 1 ? "on one line" : "on one date", m->value, m->indicator);
    }
}

/* True when an earlier family already found claim line `claim` of the
 * encounter over-billed. */
static bool reported_over(const da_finding_list *out, size_t encounter, long claim)
{
    for (size_t i = out->count; i > 0 && out->items[i - 1].encounter == encounter; i--)
        if (out->items[i - 1].claim == claim && out->items[i - 1].direction == DA_DIR_OVER)
            return true;
    return false;
}

static void check_pairs(const da_rule_input *in, da_finding_list *out)
{
    const da_pair_table *pairs = in->rules->pairs;
    const da_dataset *data = in->data;
    const da_encounter *enc = &data->encounters[in->encounter];
    const da_ncci *n = in->rules->ncci;
    bool cms_edits = n && n->nptp > 0; /* the CMS edits replace the table's pairs */
    if (cms_edits)
        check_ptp(in, n, out);
    if (n && n->nmue > 0)
        check_mue(in, n, out);
    bool flagged[MAX_LINES] = {false}; /* second-code lines already named by a pair finding */
    /* Each row's first code billed, looked up once per encounter (per line,
     * an encounter of many lines took time quadratic in its lines): any
     * line for the exclusive and distinct-lesion rows, a line that is not
     * an add-on for the primary of an add-on row. */
    long *first = da_xmalloc((pairs->count ? pairs->count : 1) * sizeof(*first));
    for (size_t r = 0; r < pairs->count; r++)
        first[r] = billed_in(in, pairs->rows[r].lo1, pairs->rows[r].hi1,
                             pairs->rows[r].relation != PAIR_ADDON);
    for (size_t r = 0; r < pairs->count; r++) {
        const pair_row *p = &pairs->rows[r];
        if (p->relation == PAIR_ADDON || cms_edits)
            continue;
        long a = first[r];
        if (a < 0)
            continue;
        for (size_t i = 0; i < enc->nclaims && i < MAX_LINES; i++) {
            long b = (long)enc->claims[i];
            const da_claim_line *cb = &data->claims[b];
            if (flagged[i] || b == a || !in_range(cb->code, p->lo2, p->hi2))
                continue;
            if (p->relation == PAIR_EXCLUSIVE) {
                /* the lesion family may already take the line back ("17 AKs:
                 * 17004 alone"): a line is reported once */
                if (reported_over(out, in->encounter, b)) {
                    flagged[i] = true;
                    continue;
                }
                da_finding *f = line_finding(out, in, "modifier", "PAIR-EXCLUSIVE", DA_DIR_OVER,
                                             DA_CONF_HIGH, b, false);
                snprintf(f->evidence, sizeof(f->evidence), "%s is never billed with %s on one date",
                         cb->code, data->claims[a].code);
                flagged[i] = true;
                continue;
            }
            proc_place where;
            lesion_relation rel = codes_relation(in, data->claims[a].code, cb->code, &where);
            if (rel == REL_SAME) {
                da_finding *f = line_finding(out, in, "modifier", "PAIR-SAME-LESION", DA_DIR_OVER,
                                             DA_CONF_MEDIUM, b, false);
                place_evidence(in, &where, f);
                flagged[i] = true;
            } else if (rel == REL_DISTINCT && !has_distinct_modifier(cb) &&
                       !has_distinct_modifier(&data->claims[a]) &&
                       cb->status != DA_STATUS_DENIED &&
                       data->claims[a].status != DA_STATUS_DENIED) {
                /* (a pair already denied is the denial family's: its
                 * recovery is the same modifier) */
                da_finding *f = line_finding(out, in, "modifier", "MOD-59-MISSING", DA_DIR_GAP,
                                             DA_CONF_MEDIUM, b, true);
                place_evidence(in, &where, f);
                flagged[i] = true;
            }
        }
    }
    /* Add-ons without their primary code the same date. */
    for (size_t i = 0; i < enc->nclaims; i++) {
        long b = (long)enc->claims[i];
        const char *code = data->claims[b].code;
        bool addon = false, primary = false;
        for (size_t r = 0; r < pairs->count; r++) {
            const pair_row *p = &pairs->rows[r];
            if (p->relation != PAIR_ADDON || !in_range(code, p->lo2, p->hi2))
                continue;
            addon = true;
            primary |= first[r] >= 0;
        }
        if (!addon || primary)
            continue;
        da_finding *f = line_finding(out, in, "modifier", "PAIR-ADDON-WITHOUT-PRIMARY", DA_DIR_GAP,
                                     DA_CONF_HIGH, b, true);
        snprintf(f->evidence, sizeof(f->evidence), "Add-on %s billed without its primary code the same date",
                 code);
    }
    free(first);
}

/* Lines with 59 and an X modifier together, or 59/X on an E/M. */
static void check_59_lines(const da_rule_input *in, da_finding_list *out)
{
    const da_encounter *enc = &in->data->encounters[in->encounter];
    for (size_t i = 0; i < enc->nclaims; i++) {
        long claim = (long)enc->claims[i];
        const da_claim_line *c = &in->data->claims[claim];
        bool em = da_em_code_level(c->code, &(bool){false}) >= 0;
        if (em && has_distinct_modifier(c)) {
            da_finding *f = line_finding(out, in, "modifier", "MOD-59-ON-EM", DA_DIR_GAP, DA_CONF_HIGH,
                                         claim, true);
            snprintf(f->evidence, sizeof(f->evidence), "Modifier 59 or X{EPSU} on the E/M code %s", c->code);
        } else if (da_claim_has_modifier(c, "59") && has_x_modifier(c)) {
            da_finding *f = line_finding(out, in, "modifier", "MOD-59-X-SAME-LINE", DA_DIR_GAP,
                                         DA_CONF_HIGH, claim, true);
            snprintf(f->evidence, sizeof(f->evidence), "Modifier 59 and an X modifier on the same line");
        }
    }
}

/* ---- modifier 25 and 57 ------------------------------------------------ */

static bool unpaid(const da_claim_line *c)
{
    return c->status == DA_STATUS_DENIED ||
           (c->status != DA_STATUS_PENDING && c->paid != DA_CENTS_NONE && c->paid <= 0);
}

static void check_25(const da_rule_input *in, da_finding_list *out)
{
    const da_encounter *enc = &in->data->encounters[in->encounter];
    long em = -1;
    bool new_patient = false;
    for (size_t i = 0; i < enc->nclaims && em < 0; i++)
        if (da_em_code_level(in->data->claims[enc->claims[i]].code, &new_patient) >= 0)
            em = (long)enc->claims[i];
    if (em < 0)
        return;
    da_em_assessment a;
    da_em_assess(in, new_patient, &a);
    /* Without extracted E/M elements the note cannot be judged either way,
     * unless it says the visit was for the procedure alone, or the only
     * notes are the procedure's own. */
    bool alone = a.procedure_only || (a.op_notes_only && !a.assessable);
    if ((!a.assessable && !alone) || (!a.minor_procedure && !a.major_procedure))
        return;
    const da_claim_line *c = &in->data->claims[em];
    bool m25 = da_claim_has_modifier(c, "25"), m57 = da_claim_has_modifier(c, "57");
    if (a.minor_procedure) {
        if (!m25 && !m57 && a.separate && c->status == DA_STATUS_DENIED &&
            da_claim_has_carc(c, "4")) {
            /* Denied for the missing modifier, and the note shows the
             * separate problem: a recoverable denial, told once, here with
             * the note's evidence (the denial family sees it and is silent). */
            da_finding *f = line_finding(out, in, "denial", "DENIAL-CO4", DA_DIR_DENIAL,
                                         a.problems_stated ? DA_CONF_HIGH : DA_CONF_MEDIUM, em, true);
            da_evidence_fill(in->data, f, &a.ev,
                             "a problem beyond the procedure decision is documented");
        } else if (!m25 && !m57 && a.separate) {
            bool lost = unpaid(c);
            da_finding *f = line_finding(out, in, "modifier", "MOD-25-MISSING",
                                         lost ? DA_DIR_UNDER : DA_DIR_GAP,
                                         a.problems_stated ? DA_CONF_HIGH : DA_CONF_MEDIUM, em, true);
            if (lost) {
                /* Not paid: the E/M the note supports is the money a corrected claim recovers. */
                f->billed_code[0] = '\0';
                f->billed_units = 0;
            }
            da_evidence_fill(in->data, f, &a.ev,
                             "a problem beyond the procedure decision is documented");
        } else if (m25 && !a.separate) {
            /* An accusation: made only where a note says the visit was for
             * the procedure alone, or no note documents a visit; else a
             * coder looks. */
            da_finding *f = line_finding(out, in, "modifier", "MOD-25-UNSUPPORTED", DA_DIR_OVER,
                                         alone ? DA_CONF_MEDIUM : DA_CONF_LOW, em, false);
            if (!alone)
                f->review = "no separate problem was read, and no note says the visit was for "
                            "the procedure alone";
            snprintf(f->evidence, sizeof(f->evidence),
                     "The notes document only the decision for the procedure: no separately identifiable problem");
        }
    } else if (!m57 && !a.separate) {
        da_finding *f = line_finding(out, in, "modifier", "MOD-57-DECISION", DA_DIR_GAP, DA_CONF_MEDIUM,
                                     em, true);
        snprintf(f->evidence, sizeof(f->evidence),
                 "E/M for the decision for a 090-global procedure billed without modifier 57%s",
                 m25 ? " (25 billed instead)" : "");
    }
}

da_error da_rule_modifiers(const da_rule_input *in, da_finding_list *out)
{
    if (!in->fees)
        return DA_OK;
    check_mppr(in, out);
    check_51_not_allowed(in, out);
    check_59_lines(in, out);
    check_pairs(in, out);
    return DA_OK;
}

/* Runs before the denial family: an E/M denied CO-4 for want of 25, the
 * note showing the separate problem, is reported here as DENIAL-CO4 with
 * the note's evidence, so the denial family, seeing that finding on the
 * line, does not report it twice. */
da_error da_rule_modifier_25(const da_rule_input *in, da_finding_list *out)
{
    if (!in->fees)
        return DA_OK;
    check_25(in, out);
    return DA_OK;
}
