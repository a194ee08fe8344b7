/* em.c - office E/M level (99202-99205, 99211-99215) and G2211: the level
 * the notes support against the level billed (coding-rules.md 9 and 7.4).
 *
 * The supported level is the higher of medical decision making (2 of 3:
 * problems, data, risk) and documented total time (2024+ thresholds:
 * 15/30/45/60 minutes new, 10/20/30/40 established). Findings go both ways.
 * An under-coded visit is a finding only when the level rests on time or on
 * stated elements (a problem status, a prescription), else a review item; an over-coded
 * one rests on what the note does not say, so it is medium, and low for a
 * high-complexity code: the fact vocabulary has no severe exacerbation or
 * intensive drug monitoring, so a 99205/99215 is never called unsupported
 * with confidence. G2211 is not payable with a 25-modified E/M on a
 * procedure day; it is missing where a Medicare visit manages a serious or
 * complex chronic condition longitudinally.
 */
#include "em.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fees.h"
#include "payers.h"
#include "text.h"

static const char *const NEW_CODES[] = {"", "99202", "99203", "99204", "99205"};
static const char *const EST_CODES[] = {"99211", "99212", "99213", "99214", "99215"};

int da_em_code_level(const char *code, bool *new_patient)
{
    for (int l = 1; l <= 4; l++)
        if (strcmp(code, NEW_CODES[l]) == 0) {
            *new_patient = true;
            return l;
        }
    for (int l = 0; l <= 4; l++)
        if (strcmp(code, EST_CODES[l]) == 0) {
            *new_patient = false;
            return l;
        }
    return -1;
}

const char *da_em_code_for(da_mdm level, bool new_patient)
{
    int l = level < DA_MDM_STRAIGHTFORWARD ? 1 : level > DA_MDM_HIGH ? 4 : (int)level;
    return new_patient ? NEW_CODES[l] : EST_CODES[l];
}

const char *da_mdm_name(da_mdm level)
{
    switch (level) {
    case DA_MDM_STRAIGHTFORWARD: return "straightforward";
    case DA_MDM_LOW: return "low";
    case DA_MDM_MODERATE: return "moderate";
    case DA_MDM_HIGH: return "high";
    case DA_MDM_NONE: break;
    }
    return "none";
}

/* Lesions that resolve on their own or need no ongoing care. */
static bool self_limited(da_diagnosis dx)
{
    switch (dx) {
    case DA_DX_SK: case DA_DX_SK_INFLAMED: case DA_DX_NEVUS: case DA_DX_CYST: case DA_DX_WART:
    case DA_DX_SKIN_TAG: case DA_DX_DERMATOFIBROMA: case DA_DX_BENIGN_OTHER:
        return true;
    default:
        return false;
    }
}

/* Conditions whose longitudinal management G2211 pays for (AAD: psoriasis on a biologic). */
static bool serious_chronic(da_diagnosis dx)
{
    return dx == DA_DX_PSORIASIS || dx == DA_DX_ATOPIC_DERMATITIS || dx == DA_DX_HIDRADENITIS;
}

/* What a problem counts as in the AMA problems column. */
typedef enum problem_kind {
    P_MINOR,        /* self-limited or minor */
    P_ACUTE,        /* acute uncomplicated illness */
    P_CHRONIC,      /* stable chronic illness */
    P_EXACERBATION, /* chronic illness with exacerbation, progression or side effects */
    P_UNCERTAIN     /* undiagnosed new problem with uncertain prognosis */
} problem_kind;

/* *inferred is set when the note gave no status and the kind comes from the diagnosis alone. */
static problem_kind problem_classify(da_problem_status status, da_diagnosis dx, bool *inferred)
{
    *inferred = false;
    switch (status) {
    case DA_PROBLEM_WORSENING:
    case DA_PROBLEM_FLARE:
        return P_EXACERBATION;
    case DA_PROBLEM_NEW:
        if (da_diagnosis_malignant(dx) || dx == DA_DX_NEVUS_ATYPICAL)
            return P_UNCERTAIN;
        if (self_limited(dx))
            return P_MINOR;
        return dx == DA_DX_NONE ? P_ACUTE : P_CHRONIC; /* AAD: a new psoriasis diagnosis is a stable chronic illness */
    case DA_PROBLEM_STABLE:
    case DA_PROBLEM_IMPROVING:
        return self_limited(dx) ? P_MINOR : P_CHRONIC;
    case DA_PROBLEM_UNSPECIFIED:
        break;
    }
    *inferred = true;
    return self_limited(dx) || dx == DA_DX_NONE ? P_MINOR : P_CHRONIC;
}

/* The problems element from tallies per kind. */
static da_mdm problems_level(const int *n)
{
    if (n[P_EXACERBATION] || n[P_UNCERTAIN] || n[P_CHRONIC] >= 2)
        return DA_MDM_MODERATE;
    if (n[P_CHRONIC] || n[P_ACUTE] || n[P_MINOR] >= 2)
        return DA_MDM_LOW;
    return n[P_MINOR] ? DA_MDM_STRAIGHTFORWARD : DA_MDM_NONE;
}

static da_mdm time_level(int minutes, bool new_patient)
{
    static const int new_min[] = {0, 15, 30, 45, 60};
    static const int est_min[] = {0, 10, 20, 30, 40};
    const int *t = new_patient ? new_min : est_min;
    for (int l = DA_MDM_HIGH; l >= DA_MDM_STRAIGHTFORWARD; l--)
        if (minutes >= t[l])
            return (da_mdm)l;
    return DA_MDM_NONE;
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* A note about a procedure: its facts are the procedure decision. */
static bool procedure_note(const da_note *n, const da_fact_list *facts)
{
    /* A typed note is what its type says: a visit note that also records
     * the biopsy still documents the visit. */
    if (n->note_type[0])
        return starts_with(n->note_type, "procedure") || starts_with(n->note_type, "mohs") ||
               starts_with(n->note_type, "op") || starts_with(n->note_type, "path");
    for (size_t i = 0; i < facts->count; i++)
        switch (facts->items[i].kind) {
        case DA_FACT_PROCEDURE: case DA_FACT_MOHS: case DA_FACT_REPAIR: case DA_FACT_FLAP:
        case DA_FACT_GRAFT: case DA_FACT_PATH_DIAGNOSIS:
            return true;
        default:
            break;
        }
    return false;
}


#define NEAR_PROCEDURE 150 /* bytes within which a diagnosis is the procedure's own */

/* True when diagnosis fact f names a lesion treated at the visit: one of a
 * lesion (a label, a list item) with a procedure, or, in text cut into no
 * lesions, stated close to a procedure ("2. AKs x8 - LN2 x 2 FTC"). Its
 * problem is the procedure decision, not a separate one. */
static bool beside_procedure(const da_fact_list *facts, const da_fact *f)
{
    for (size_t k = 0; k < facts->count; k++) {
        const da_fact *p = &facts->items[k];
        if (p->kind != DA_FACT_PROCEDURE && p->kind != DA_FACT_MOHS &&
            p->kind != DA_FACT_LESION_COUNT)
            continue;
        if (f->lesion > 0 ? p->lesion == f->lesion
                          : p->lesion == 0 && (p->start > f->start ? p->start - f->start
                                                                   : f->start - p->start) <
                                                  NEAR_PROCEDURE)
            return true;
    }
    return false;
}

static void set_evidence(da_em_assessment *a, long note, const da_fact *f)
{
    if (a->ev.note < 0)
        a->ev = da_evidence_of(note, f);
}

/* The procedures billed: minor (000/010 global) and major (090). */
static void procedures_billed(const da_rule_input *in, da_em_assessment *a)
{
    const da_encounter *enc = &in->data->encounters[in->encounter];
    for (size_t i = 0; i < enc->nclaims && in->fees; i++) {
        const da_fee *fee = da_fees_find(in->fees, in->data->claims[enc->claims[i]].code);
        if (!fee)
            continue;
        if (strcmp(fee->global, "000") == 0 || strcmp(fee->global, "010") == 0)
            a->minor_procedure = true;
        else if (strcmp(fee->global, "090") == 0)
            a->major_procedure = true;
    }
}

void da_em_assess(const da_rule_input *in, bool new_patient, da_em_assessment *a)
{
    const da_dataset *data = in->data;
    const da_encounter *enc = &data->encounters[in->encounter];
    memset(a, 0, sizeof(*a));
    a->ev = DA_EVIDENCE_NONE;
    procedures_billed(in, a);
    bool procedure_day = a->minor_procedure || a->major_procedure;
    a->op_notes_only = enc->nnotes > 0;
    for (size_t i = 0; i < enc->nnotes; i++)
        a->op_notes_only &= procedure_note(&data->notes[enc->notes[i]], &in->facts[i]);

    /* Diagnoses of the lesions treated: problems about them are the procedure decision. */
    bool treated[DA_DX_RASH_OTHER + 1] = {false};
    for (size_t i = 0; i < enc->nnotes && procedure_day; i++) {
        const da_fact_list *facts = &in->facts[i];
        bool whole = procedure_note(&data->notes[enc->notes[i]], facts);
        for (size_t j = 0; j < facts->count; j++) {
            const da_fact *f = &facts->items[j];
            int dx = f->kind == DA_FACT_DIAGNOSIS ? (int)f->value
                     : f->kind == DA_FACT_LESION_COUNT ? (int)f->value2 : 0;
            if (dx > 0 && dx <= DA_DX_RASH_OTHER && (whole || beside_procedure(facts, f)))
                treated[dx] = true;
        }
    }

    int kinds[P_UNCERTAIN + 1] = {0}, explicit_kinds[P_UNCERTAIN + 1] = {0};
    int by_dx[DA_DX_RASH_OTHER + 1];        /* kind of each diagnosis's problem, -1 none */
    bool by_dx_explicit[DA_DX_RASH_OTHER + 1] = {false};
    for (int d = 0; d <= DA_DX_RASH_OTHER; d++)
        by_dx[d] = -1;
    int notes_data = 0;
    bool historian = false, serious = false;
    const da_fact *time_fact = NULL; /* the longest total time stated */
    long time_note = -1;             /* its note */
    for (size_t i = 0; i < enc->nnotes; i++) {
        const da_note *n = &data->notes[enc->notes[i]];
        const da_fact_list *facts = &in->facts[i];
        long note = (long)enc->notes[i];
        if (da_facts_are_report(n->note_type, facts))
            continue;
        bool in_procedure = procedure_day && procedure_note(n, facts);
        bool separate_here = false;
        for (size_t j = 0; j < facts->count; j++)
            if (facts->items[j].kind == DA_FACT_SEPARATE_EM) {
                if (facts->items[j].value == 2)
                    a->procedure_only = true;
                else
                    separate_here = true;
            }
        if (separate_here)
            a->separate = true;
        for (size_t j = 0; j < facts->count; j++) {
            const da_fact *f = &facts->items[j];
            if (f->kind == DA_FACT_PATIENT && a->patient == 0)
                a->patient = (int)f->value;
            else if (f->kind == DA_FACT_PATIENT && a->patient != (int)f->value)
                a->patient = -1; /* the notes say both */
            a->postop |= f->kind == DA_FACT_POSTOP;
        }
        /* A procedure note speaks for the E/M only where it says a problem was evaluated separately. */
        bool counts = !in_procedure || separate_here;
        for (size_t j = 0; j < facts->count; j++) {
            const da_fact *f = &facts->items[j];
            switch (f->kind) {
            case DA_FACT_PROBLEM: {
                a->assessable = true;
                da_diagnosis dx = (da_diagnosis)(int)f->value2;
                bool mine = counts && !(procedure_day && dx > DA_DX_NONE && dx <= DA_DX_RASH_OTHER && treated[dx]);
                if (!mine)
                    break;
                bool inferred;
                problem_kind k = problem_classify((da_problem_status)(int)f->value, dx, &inferred);
                if (dx > DA_DX_NONE && dx <= DA_DX_RASH_OTHER) {
                    /* one diagnosis is one problem, however often the
                     * notes state it: at its most severe status */
                    if ((int)k > by_dx[dx] || ((int)k == by_dx[dx] && !inferred))
                        by_dx[dx] = (int)k, by_dx_explicit[dx] = !inferred;
                } else {
                    kinds[k]++;
                    if (!inferred)
                        explicit_kinds[k]++;
                }
                serious |= serious_chronic(dx) && !self_limited(dx);
                a->nproblems++;
                set_evidence(a, note, f);
                break;
            }
            case DA_FACT_RX:
                if (counts) {
                    a->rx = true;
                    set_evidence(a, note, f);
                }
                break;
            case DA_FACT_OTC:
                a->otc |= counts;
                break;
            case DA_FACT_DATA:
                if (!counts)
                    break;
                if ((int)f->value == DA_DATA_HISTORIAN)
                    historian = true;
                else
                    notes_data++;
                break;
            case DA_FACT_TOTAL_TIME:
                a->assessable = true;
                if (!procedure_day && (int)f->value > a->minutes) {
                    a->minutes = (int)f->value;
                    time_fact = f;
                    time_note = note;
                }
                break;
            default:
                break;
            }
        }
    }
    for (int d = 0; d <= DA_DX_RASH_OTHER; d++)
        if (by_dx[d] >= 0) {
            kinds[by_dx[d]]++;
            explicit_kinds[by_dx[d]] += by_dx_explicit[d];
        }
    /* Beyond the procedure decision: another problem addressed, or the
     * management of any (a prescription started, changed or refilled, tests
     * ordered); a different diagnosis is not required (coding-rules.md 7.4). */
    a->separate |= procedure_day && (a->nproblems > 0 || a->rx || notes_data > 0);
    a->ndata = notes_data + historian;
    a->longitudinal = serious && a->rx;

    a->problems = problems_level(kinds);
    a->problems_stated = problems_level(explicit_kinds) == a->problems;
    a->data = notes_data + historian >= 3        ? DA_MDM_MODERATE
              : notes_data >= 2 || historian     ? DA_MDM_LOW
                                                 : DA_MDM_STRAIGHTFORWARD;
    a->risk = a->rx ? DA_MDM_MODERATE : a->otc ? DA_MDM_LOW : DA_MDM_STRAIGHTFORWARD;
    if (a->problems != DA_MDM_NONE) {
        /* 2 of 3: the middle of the three element levels. */
        da_mdm p = a->problems, d = a->data, r = a->risk;
        a->mdm = p > d ? (d > r ? d : (p > r ? r : p)) : (p > r ? p : (d > r ? r : d));
    }
    a->by_time = a->minutes ? time_level(a->minutes, new_patient) : DA_MDM_NONE;
    a->level = a->by_time > a->mdm ? a->by_time : a->mdm;
    if (a->by_time != DA_MDM_NONE && a->by_time >= a->mdm) {
        a->explicit_elements = true;
        a->ev = DA_EVIDENCE_NONE;
        set_evidence(a, time_note, time_fact);
    } else if (a->mdm != DA_MDM_NONE) {
        /* Two elements at or above the MDM level must be stated, not inferred;
         * minimal data and minimal risk need nothing stated. */
        int stated = (a->problems >= a->mdm && a->problems_stated) +
                     (a->data >= a->mdm && (a->ndata > 0 || a->mdm == DA_MDM_STRAIGHTFORWARD)) +
                     (a->risk >= a->mdm && (a->rx || a->otc || a->mdm == DA_MDM_STRAIGHTFORWARD));
        a->explicit_elements = stated >= 2;
    }
}

/* The E&M sheet: one row per office E/M visit. Provider, billed code and
 * supported code are what the level-distribution chart counts. */
static const da_detail_column em_columns[] = {
    {DA_COL_ENCOUNTER, DA_CELL_TEXT, 14},    {"Date of service", DA_CELL_DATE, 12},
    {DA_COL_PATIENT, DA_CELL_TEXT, 12},      {DA_COL_PROVIDER, DA_CELL_TEXT, 18},
    {"Payer", DA_CELL_TEXT, 18},             {"Patient type", DA_CELL_TEXT, 11},
    {DA_COL_EM_BILLED, DA_CELL_TEXT, 9},     {"Modifiers", DA_CELL_TEXT, 9},
    {DA_COL_EM_SUPPORTED, DA_CELL_TEXT, 10}, {"Problems", DA_CELL_TEXT, 22},
    {"Data", DA_CELL_TEXT, 18},            {"Risk", DA_CELL_TEXT, 22},
    {"MDM", DA_CELL_TEXT, 15},             {"Total time (min)", DA_CELL_NUMBER, 10},
    {"Basis", DA_CELL_TEXT, 10},           {"Procedure day", DA_CELL_TEXT, 9},
    {"Confidence", DA_CELL_TEXT, 10},      {"Under ($)", DA_CELL_AMOUNT, 12},
    {"Over ($)", DA_CELL_AMOUNT, 12},
};

static void modifiers_text(const da_claim_line *c, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int i = 0; i < c->nmodifiers && o < size; i++)
        o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? " " : "", c->modifiers[i]);
}

static void detail_row(const da_rule_input *in, const da_claim_line *line, bool new_patient,
                       const da_em_assessment *a, const char *confidence, long first, long n)
{
    if (!in->details)
        return;
    const da_encounter *enc = &in->data->encounters[in->encounter];
    da_detail *sheet = da_details_table(in->details, "E&M", em_columns,
                                        sizeof(em_columns) / sizeof(em_columns[0]));
    char mods[16], problems[48] = "", data[48] = "", risk[48] = "";
    modifiers_text(line, mods, sizeof(mods));
    bool judged = a->assessable && a->level != DA_MDM_NONE;
    if (judged) {
        snprintf(problems, sizeof(problems), "%s (%d problem%s%s)", da_mdm_name(a->problems),
                 a->nproblems, a->nproblems == 1 ? "" : "s", a->problems_stated ? "" : ", status inferred");
        snprintf(data, sizeof(data), "%s (%d item%s)", da_mdm_name(a->data), a->ndata,
                 a->ndata == 1 ? "" : "s");
        snprintf(risk, sizeof(risk), "%s%s", da_mdm_name(a->risk),
                 a->rx ? " (prescription)" : a->otc ? " (OTC drug)" : "");
    }
    const char *basis = !judged ? "" : a->by_time > a->mdm ? "time" : "MDM";
    da_cell row[] = {
        da_cell_text(enc->encounter_id), da_cell_date(enc->dos), da_cell_text(enc->patient_id),
        da_cell_text(line->provider), da_cell_text(line->payer),
        da_cell_text(new_patient ? "new" : "established"), da_cell_text(line->code), da_cell_text(mods),
        da_cell_text(judged ? da_em_code_for(a->level, new_patient) : "not assessed"),
        da_cell_text(problems), da_cell_text(data), da_cell_text(risk),
        da_cell_text(judged ? da_mdm_name(a->mdm) : ""), da_cell_number(a->minutes),
        da_cell_text(basis),
        da_cell_text(a->minor_procedure || a->major_procedure ? "yes" : "no"),
        da_cell_text(confidence), da_cell_amount(first, n, DA_DIR_UNDER),
        da_cell_amount(first, n, DA_DIR_OVER),
    };
    da_detail_add_row(in->details, sheet, row);
}

static da_finding *add_finding(da_finding_list *out, const da_rule_input *in, const char *rule,
                               da_direction dir, da_confidence conf, long claim)
{
    da_finding *f = da_rulekit_finding(out, "em", in->encounter, rule, dir, conf);
    f->claim = claim;
    return f;
}

/* True when the patient had surgery with a 010 or 090 global period that
 * this visit's date falls inside (after the day of surgery). */
static bool in_global_period(const da_rule_input *in)
{
    const da_dataset *data = in->data;
    const da_encounter *enc = &data->encounters[in->encounter];
    for (long p = enc->prev_visit; p >= 0 && in->fees; p = data->encounters[p].prev_visit) {
        const da_encounter *prior = &data->encounters[p];
        long days = (long)enc->dos - (long)prior->dos;
        if (days > 90)
            break;
        for (size_t i = 0; i < prior->nclaims; i++) {
            const da_fee *fee = da_fees_find(in->fees, data->claims[prior->claims[i]].code);
            if (fee && ((strcmp(fee->global, "010") == 0 && days <= 10) ||
                        (strcmp(fee->global, "090") == 0 && days <= 90)))
                return true;
        }
    }
    return false;
}

/* A procedure day with no E/M billed whose notes document a problem managed
 * beyond the procedure decision: the E/M with 25 is a leak. The level is
 * what the notes support; the patient must be stated new or established,
 * else the code cannot be named and the finding is for a coder's review. */
static da_error em_not_billed(const da_rule_input *in, da_finding_list *out)
{
    da_em_assessment a;
    da_em_assess(in, false, &a);
    /* significant: some management (a prescription) or a problem whose
     * status the note states, at low complexity or more */
    if (!a.minor_procedure || !a.separate || a.procedure_only || !a.assessable ||
        !(a.rx || a.problems_stated))
        return DA_OK;
    bool new_patient = a.patient == DA_PATIENT_NEW;
    if (new_patient)
        da_em_assess(in, true, &a);
    if (a.level < DA_MDM_LOW)
        return DA_OK;
    bool known = a.patient == DA_PATIENT_NEW || a.patient == DA_PATIENT_ESTABLISHED;
    da_confidence conf = !known ? DA_CONF_LOW : a.explicit_elements ? DA_CONF_HIGH : DA_CONF_MEDIUM;
    da_finding *f = add_finding(out, in, "EM-NOT-BILLED", DA_DIR_UNDER, conf, -1);
    if (known) {
        snprintf(f->expected_code, sizeof(f->expected_code), "%s",
                 da_em_code_for(a.level, new_patient));
        f->expected_units = 1;
    } else {
        f->review = "the notes do not say whether the patient is new or established";
    }
    da_evidence_fill(in->data, f, &a.ev, "a problem managed beyond the procedure decision");
    return DA_OK;
}

da_error da_rule_em(const da_rule_input *in, da_finding_list *out)
{
    const da_dataset *data = in->data;
    const da_encounter *enc = &data->encounters[in->encounter];
    long em = -1, g2211 = -1;
    bool new_patient = false;
    int billed = -1;
    for (size_t i = 0; i < enc->nclaims; i++) {
        const da_claim_line *c = &data->claims[enc->claims[i]];
        bool np;
        int level = da_em_code_level(c->code, &np);
        if (level >= 0 && em < 0) {
            em = (long)enc->claims[i];
            billed = level;
            new_patient = np;
        } else if (strcmp(c->code, "G2211") == 0 && g2211 < 0) {
            g2211 = (long)enc->claims[i];
        }
    }
    if (em < 0)
        return em_not_billed(in, out);
    const da_claim_line *line = &data->claims[em];
    da_em_assessment a;
    da_em_assess(in, new_patient, &a);
    if (billed >= 1 && in_global_period(in) && a.postop && !a.rx && a.ndata == 0 &&
        !da_claim_has_modifier(line, "24")) {
        /* A visit for the earlier surgery's aftercare inside its global
         * period is part of that surgery: 99024 at no charge. */
        da_finding *f = add_finding(out, in, "EM-GLOBAL-POSTOP", DA_DIR_OVER, DA_CONF_HIGH, em);
        snprintf(f->billed_code, sizeof(f->billed_code), "%s", line->code);
        f->billed_units = 1;
        snprintf(f->expected_code, sizeof(f->expected_code), "99024");
        f->expected_units = 1;
        da_evidence_fill(in->data, f, &a.ev,
                         "post-operative care inside the global period of earlier surgery");
        detail_row(in, line, new_patient, &a, "high", (long)out->count - 1, 1);
        return DA_OK;
    }
    bool procedure_day = a.minor_procedure || a.major_procedure;
    bool mod25 = da_claim_has_modifier(line, "25");
    long first = (long)out->count;
    const char *confidence = "";

    /* A procedure-day E/M with no separate problem is the modifier rules' business. */
    if (a.assessable && a.level != DA_MDM_NONE && billed >= 1 && (int)a.level != billed &&
        (!procedure_day || a.separate)) {
        bool under = (int)a.level > billed;
        /* An over-coded visit rests on what the note does not say: an
         * accusation only where the documented total time falls short of
         * the billed level too; else a coder looks. */
        bool time_short = a.minutes > 0 && (int)time_level(a.minutes, new_patient) < billed;
        da_confidence conf = under ? (a.explicit_elements ? DA_CONF_HIGH : DA_CONF_LOW)
                             : time_short && billed != DA_MDM_HIGH ? DA_CONF_MEDIUM
                                                                  : DA_CONF_LOW;
        da_finding *f = add_finding(out, in, "EM-LEVEL", under ? DA_DIR_UNDER : DA_DIR_OVER, conf, em);
        snprintf(f->billed_code, sizeof(f->billed_code), "%s", line->code);
        f->billed_units = 1;
        snprintf(f->expected_code, sizeof(f->expected_code), "%s",
                 da_em_code_for(a.level, new_patient));
        f->expected_units = 1;
        da_evidence_fill(in->data, f, &a.ev, "E/M elements documented");
        if (conf == DA_CONF_LOW)
            f->review = under ? "the higher level rests on elements inferred from diagnoses, not "
                                "stated in the note"
                              : "the level billed rests on elements the note may state in words the "
                                "reading does not know; no time documented below it";
        confidence = da_confidence_name(conf);
    } else if (a.assessable && a.level != DA_MDM_NONE) {
        confidence = a.explicit_elements ? "high" : "medium";
    }

    if (g2211 >= 0 && mod25) {
        /* Claims alone show it: from CY2025 G2211 with a 25-modified E/M is paid only
         * beside an annual wellness visit, a vaccine or a Part B preventive service,
         * none of which a dermatology claim here carries. */
        da_finding *f = add_finding(out, in, "EM-G2211-WITH-25", DA_DIR_OVER, DA_CONF_HIGH, g2211);
        snprintf(f->billed_code, sizeof(f->billed_code), "G2211");
        f->billed_units = data->claims[g2211].units;
        snprintf(f->evidence, sizeof(f->evidence),
                 "G2211 billed with a 25-modified E/M on the day of another service");
    } else if (g2211 < 0 && !procedure_day && !mod25 && !new_patient && billed >= 1 && a.longitudinal &&
               da_payers_for(in->rules->payers, line).g2211) {
        da_finding *f = add_finding(out, in, "EM-G2211-MISSING", DA_DIR_UNDER, DA_CONF_MEDIUM, em);
        snprintf(f->expected_code, sizeof(f->expected_code), "G2211");
        f->expected_units = 1;
        da_evidence_fill(in->data, f, &a.ev, "ongoing management of a serious chronic condition");
    }
    detail_row(in, line, new_patient, &a, confidence, first, (long)out->count - first);
    return DA_OK;
}
