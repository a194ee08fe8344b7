/* drugs.c - injections and biologics: the drug lines, units, channel,
 * administration codes, discarded-drug modifiers, Medicare self-administered
 * exclusions and prior authorization (coding-rules.md section 8).
 *
 * One "administration" per drug of the drug table that an encounter's notes
 * document or its claim bills. Units are the documented dose divided by the
 * code's unit size, rounded up (unclassified J3590 is 1 unit with the NDC).
 * A drug supplied by a specialty pharmacy or the patient is billed by them:
 * the practice bills administration only. The dollars of a drug finding are
 * the CMS payment limit per unit (rules/asp.c) times the units at stake; the
 * fee table has no drug amounts, so the rule sets them itself and pricing
 * keeps them. Administration codes (96372, 11900/11901) are priced by the
 * fee table as usual.
 *
 * An E/M on the same day needs modifier 25: that is the modifier family's
 * rule, not repeated here.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asp.h"
#include "carc.h"
#include "drugrule.h"
#include "mem.h"
#include "rulekit.h"
#include "rules.h"
#include "table.h"
#include "text.h"

#define MAX_ADMINS 8         /* drugs per encounter considered */
#define MAX_LESION_SLOTS 32  /* lesion blocks of a note whose doses are kept apart */
#define LESIONS_PER_11900 7  /* 11900 covers up to 7 lesions; 11901 more */

static const char CODE_SC_IM[] = "96372";
static const char CODE_IL_FEW[] = "11900";
static const char CODE_IL_MANY[] = "11901";
static const char BASIS_ASP[] = "CMS ASP payment limit per unit x units";

#define MAX_DRUGS 64 /* drugs of the table the policy can hold */

/* What the rule reads from the drug table beyond drugs.h: the usual route
 * and whether payers other than Medicare want prior authorization
 * (rules/drugs.csv). */
struct da_drug_policy {
    da_route route[MAX_DRUGS];  /* per drug index: route when the note states none */
    bool prior_auth[MAX_DRUGS]; /* per drug index: commercial and Medicaid payers require
                                 * authorization */
};

static da_route route_from_name(const char *s)
{
    if (strcmp(s, "il") == 0)
        return DA_ROUTE_IL;
    if (strcmp(s, "iv") == 0)
        return DA_ROUTE_IV;
    if (strcmp(s, "im") == 0)
        return DA_ROUTE_IM;
    return DA_ROUTE_SC;
}

/* The policy being read, and the drug table its rows are indexed like. */
typedef struct policy_loader {
    da_drug_policy *policy; /* the table being filled (owned by da_drug_policy_load) */
    const da_drugs *drugs;  /* the drug table (audit/drugs.h) */
} policy_loader;

static const char *policy_row(void *ctx, const char *const *f, unsigned long line)
{
    enum { GENERIC = 1, ROUTE = 8, PRIOR_AUTH = 9 }; /* columns of rules/drugs.csv */
    (void)line;
    policy_loader *l = ctx;
    int i = da_drug_find(l->drugs, f[GENERIC]);
    if (i < 0 || i >= MAX_DRUGS)
        return "a drug not in the drug table, or too many";
    l->policy->route[i] = route_from_name(f[ROUTE]);
    l->policy->prior_auth[i] = strcmp(f[PRIOR_AUTH], "yes") == 0;
    return NULL;
}

/* Read with da_table_read, not the kit's loader: each row needs the drug
 * table beside the policy it fills. */
da_error da_drug_policy_load(da_drug_policy **out, const da_drugs *drugs)
{
    static const char *const columns[] = {"hcpcs", "generic", "names", "unit_mg", "container",
                                          "channel", "medicare_sad", "notes", "route",
                                          "prior_auth"};
    policy_loader l = {da_xcalloc(1, sizeof(da_drug_policy)), drugs};
    da_error err = da_table_read("rules/drugs.csv", columns, sizeof(columns) / sizeof(columns[0]),
                                 policy_row, &l, NULL);
    if (err != DA_OK) {
        free(l.policy);
        l.policy = NULL;
    }
    *out = l.policy;
    return err;
}

int da_drug_units(const da_drug *drug, double dose_mg)
{
    if (drug->unit_mg <= 0)
        return 1; /* unclassified code: one unit, the dose goes in the narrative */
    if (dose_mg <= 0)
        return 0;
    /* 0.3 mL x 10 mg/mL is 3.0000000000000004 in binary: not a 2nd unit. */
    return (int)ceil(dose_mg / drug->unit_mg - 1e-9);
}

/* Where the channel of a drug was learnt, weakest first. */
typedef enum source_origin { FROM_TABLE, FROM_CLAIM, FROM_NOTE } source_origin;

/* One drug given or billed at the encounter. */
typedef struct admin {
    int drug;                /* index in the drug table */
    const da_drug *d;        /* its row */
    double dose;             /* mg documented, 0 = not stated */
    double waste;            /* mg documented as discarded */
    bool documented;         /* the notes name the drug as given */
    bool given;              /* an administration is documented (route, injection, lesion count) */
    da_route route;          /* documented route, else the table's */
    int lesions;             /* lesions injected, 0 = not stated */
    int container;           /* documented container: 1 single-dose, 2 multi-dose, 0 not stated */
    da_drug_source source;   /* who supplied the drug */
    source_origin origin;    /* where source comes from */
    da_evidence dose_ev;        /* the dose */
    da_evidence waste_ev;       /* the discarded amount */
    da_evidence source_ev;      /* the channel */
    int billed;              /* units billed on lines without JW */
    int jw;                  /* units billed with JW */
    long line;               /* first drug line (not JW), -1 none */
    long jw_line;            /* first JW line, -1 none */
    bool jz;                 /* a drug line carries JZ */
    bool ndc;                /* a drug line carries an NDC */
    long denied;             /* a drug line denied CO-197, -1 none */
    bool modifier_denied;    /* a drug line denied CO-4 (modifier): the denial is the finding */
} admin;

typedef struct encounter_view {
    const da_rule_input *in;  /* what the rule was given */
    admin a[MAX_ADMINS];      /* drugs of the encounter */
    size_t n;                 /* drugs used */
    bool prior_auth;          /* an authorization number is on the claim */
    da_drug_source claim_source; /* drug_source of any claim line, UNKNOWN when none */
    int b96372, b11900, b11901;  /* administration units billed */
    long l96372, l11900, l11901; /* first line of each, -1 none */
} encounter_view;

static admin *admin_for(encounter_view *v, int drug)
{
    for (size_t i = 0; i < v->n; i++)
        if (v->a[i].drug == drug)
            return &v->a[i];
    if (v->n == MAX_ADMINS || !da_drug_get(v->in->rules->drugs, drug))
        return NULL;
    admin *a = &v->a[v->n++];
    memset(a, 0, sizeof(*a));
    a->drug = drug;
    a->d = da_drug_get(v->in->rules->drugs, drug);
    a->route = v->in->rules->drug_policy->route[drug];
    a->source = a->d->buy_and_bill ? DA_SOURCE_BUY_AND_BILL : DA_SOURCE_SPECIALTY_PHARMACY;
    a->dose_ev.note = a->waste_ev.note = a->source_ev.note = -1;
    a->line = a->jw_line = a->denied = -1;
    return a;
}

/* The drug a billed code stands for: the documented one with that code, else
 * the first row of the table with it; -1 when the code is no drug of ours. */
static int drug_for_code(const encounter_view *v, const char *code)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->a[i].d->hcpcs, code) == 0)
            return v->a[i].drug;
    for (size_t i = 0; i < da_drugs_count(v->in->rules->drugs); i++)
        if (strcmp(da_drug_get(v->in->rules->drugs, (int)i)->hcpcs, code) == 0)
            return (int)i;
    return -1;
}

/* The drug fact of the note nearest to f, NULL when the note names none. */
static const da_fact *nearest_drug(const da_drugs *drugs, const da_fact_list *facts,
                                   const da_fact *f)
{
    const da_fact *best = NULL;
    size_t best_d = 0;
    for (size_t i = 0; i < facts->count; i++) {
        const da_fact *g = &facts->items[i];
        if (g->kind != DA_FACT_DRUG || !da_drug_get(drugs, g->ref))
            continue;
        size_t d = g->start > f->start ? g->start - f->start : f->start - g->start;
        if (!best || d < best_d) {
            best = g;
            best_d = d;
        }
    }
    return best;
}

/* The dose of one drug in one note: doses of separate lesions add up, a dose
 * stated twice for the same lesion (or the note as a whole) counts once. */
static double note_dose(const da_fact_list *facts, int drug, long note, da_evidence *ev)
{
    double per_lesion[MAX_LESION_SLOTS] = {0}, whole = 0, sum = 0;
    for (size_t i = 0; i < facts->count; i++) {
        const da_fact *f = &facts->items[i];
        if (f->kind != DA_FACT_DRUG || f->ref != drug || f->value <= 0)
            continue;
        if (ev->note < 0)
            *ev = da_evidence_of(note, f);
        if (f->lesion >= 1 && f->lesion < MAX_LESION_SLOTS) {
            if (f->value > per_lesion[f->lesion])
                per_lesion[f->lesion] = f->value;
        } else if (f->value > whole) {
            whole = f->value;
        }
    }
    for (int l = 1; l < MAX_LESION_SLOTS; l++)
        sum += per_lesion[l];
    return sum > 0 ? sum : whole;
}

/* Facts about an administration that name no drug (route, lesion count,
 * container, channel) go to the nearest drug of their note, or to every
 * drug when their note names none. */
static void apply_fact(admin *a, long note, const da_fact *f)
{
    int v = (int)f->value;
    switch (f->kind) {
    case DA_FACT_ROUTE:
        if (v >= DA_ROUTE_SC && v <= DA_ROUTE_IV) {
            a->route = (da_route)v;
            a->given = true;
        }
        break;
    case DA_FACT_LESIONS_INJECTED:
        if (v > a->lesions)
            a->lesions = v;
        a->given = true;
        if (a->route != DA_ROUTE_IL && a->route != DA_ROUTE_IV)
            a->route = DA_ROUTE_IL;
        break;
    case DA_FACT_PROCEDURE:
        if (v == DA_PROC_INJECTION_IL) {
            a->route = DA_ROUTE_IL;
            a->given = true;
        } else if (v == DA_PROC_INJECTION_SC_IM) {
            if (a->route == DA_ROUTE_IL || a->route == DA_ROUTE_UNKNOWN)
                a->route = DA_ROUTE_SC;
            a->given = true;
        }
        break;
    case DA_FACT_CONTAINER:
        if (v == 1 || v == 2)
            a->container = v;
        break;
    case DA_FACT_DRUG_SOURCE:
        if (v >= DA_SOURCE_BUY_AND_BILL && v <= DA_SOURCE_PATIENT) {
            a->source = (da_drug_source)v;
            a->origin = FROM_NOTE;
            a->source_ev = da_evidence_of(note, f);
        }
        break;
    default:
        break;
    }
}

static bool attaches(da_fact_kind k)
{
    return k == DA_FACT_ROUTE || k == DA_FACT_LESIONS_INJECTED || k == DA_FACT_CONTAINER ||
           k == DA_FACT_DRUG_SOURCE ||
           k == DA_FACT_PROCEDURE;
}

static void read_notes(encounter_view *v)
{
    const da_rule_input *in = v->in;
    const da_encounter *enc = &in->data->encounters[in->encounter];
    for (size_t i = 0; i < enc->nnotes; i++) {
        const da_fact_list *facts = &in->facts[i];
        long note = (long)enc->notes[i];
        for (size_t j = 0; j < facts->count; j++) {
            const da_fact *f = &facts->items[j];
            if (f->kind != DA_FACT_DRUG)
                continue;
            admin *a = admin_for(v, f->ref);
            if (!a)
                continue;
            /* The same dose written in two notes is one dose: the larger. */
            da_evidence ev = DA_EVIDENCE_NONE;
            double dose = note_dose(facts, f->ref, note, &ev);
            if (dose > a->dose) {
                a->dose = dose;
                a->dose_ev = ev;
            }
            if (a->dose_ev.note < 0)
                a->dose_ev = da_evidence_of(note, f);
            a->documented = true;
        }
        for (size_t j = 0; j < facts->count; j++) {
            const da_fact *f = &facts->items[j];
            if (f->kind == DA_FACT_DRUG_WASTE) {
                admin *a = admin_for(v, f->ref);
                if (a && f->value > a->waste) {
                    a->waste = f->value;
                    a->waste_ev = da_evidence_of(note, f);
                }
                continue;
            }
            if (!attaches(f->kind))
                continue;
            const da_fact *near = nearest_drug(in->rules->drugs, facts, f);
            if (near) {
                admin *a = admin_for(v, near->ref);
                if (a)
                    apply_fact(a, note, f);
            } else {
                for (size_t k = 0; k < v->n; k++)
                    if (f->kind == DA_FACT_DRUG_SOURCE || f->kind == DA_FACT_CONTAINER)
                        apply_fact(&v->a[k], note, f);
            }
        }
    }
}

static bool denied_for_auth(const da_claim_line *c)
{
    return c->status == DA_STATUS_DENIED && strstr(c->denial_codes, "197") != NULL;
}

static void read_claims(encounter_view *v)
{
    const da_dataset *data = v->in->data;
    const da_encounter *enc = &data->encounters[v->in->encounter];
    for (size_t i = 0; i < enc->nclaims; i++) {
        long idx = (long)enc->claims[i];
        const da_claim_line *c = &data->claims[idx];
        if (c->prior_auth[0])
            v->prior_auth = true;
        if (c->drug_source != DA_SOURCE_UNKNOWN && v->claim_source == DA_SOURCE_UNKNOWN)
            v->claim_source = c->drug_source;
        if (strcmp(c->code, CODE_SC_IM) == 0) {
            v->b96372 += c->units;
            if (v->l96372 < 0)
                v->l96372 = idx;
        } else if (strcmp(c->code, CODE_IL_FEW) == 0) {
            v->b11900 += c->units;
            if (v->l11900 < 0)
                v->l11900 = idx;
        } else if (strcmp(c->code, CODE_IL_MANY) == 0) {
            v->b11901 += c->units;
            if (v->l11901 < 0)
                v->l11901 = idx;
        }
        int drug = drug_for_code(v, c->code);
        admin *a = drug >= 0 ? admin_for(v, drug) : NULL;
        if (!a)
            continue;
        if (da_claim_has_modifier(c, "JW")) {
            a->jw += c->units;
            if (a->jw_line < 0)
                a->jw_line = idx;
            continue;
        }
        a->billed += c->units;
        if (a->line < 0)
            a->line = idx;
        a->jz |= da_claim_has_modifier(c, "JZ");
        a->ndc |= c->ndc[0] != '\0';
        if (denied_for_auth(c) && a->denied < 0)
            a->denied = idx;
        a->modifier_denied |= c->status == DA_STATUS_DENIED && da_claim_has_carc(c, "CO-4");
        if (c->drug_source != DA_SOURCE_UNKNOWN && a->origin < FROM_CLAIM) {
            a->source = c->drug_source;
            a->origin = FROM_CLAIM;
        }
    }
    /* A source on another line (the administration line of a white-bagged
     * drug) speaks for every drug the notes leave open. */
    for (size_t i = 0; i < v->n; i++)
        if (v->a[i].origin == FROM_TABLE && v->claim_source != DA_SOURCE_UNKNOWN) {
            v->a[i].source = v->claim_source;
            v->a[i].origin = FROM_CLAIM;
        }
}

/* ---- findings ----------------------------------------------------------- */

static da_finding *add(encounter_view *v, da_finding_list *out, const char *rule,
                       da_direction dir, da_confidence conf, long claim)
{
    da_finding *f = da_rulekit_finding(out, "drug", v->in->encounter, rule, dir, conf);
    f->claim = claim;
    return f;
}

static void set_billed(da_finding *f, const char *code, int units)
{
    if (units > 0) {
        snprintf(f->billed_code, sizeof(f->billed_code), "%s", code);
        f->billed_units = units;
    }
}

static void set_expected(da_finding *f, const char *code, int units)
{
    if (units > 0) {
        snprintf(f->expected_code, sizeof(f->expected_code), "%s", code);
        f->expected_units = units;
    }
}

/* The payment limit of units units of the drug. */
static void price_drug(da_finding *f, const da_asp_table *asp, const admin *a, int units)
{
    f->amount = da_asp_amount(da_asp_find(asp, a->d->hcpcs), units);
    f->basis = BASIS_ASP;
    f->priced_by_rule = true;
}

static bool medicare(const encounter_view *v)
{
    const da_encounter *e = &v->in->data->encounters[v->in->encounter];
    return e->payer_type == DA_PAYER_MEDICARE;
}

/* Payers that ask for prior authorization of biologics: commercial plans
 * and Medicaid. Traditional Medicare Part B does not. */
static bool payer_wants_auth(const encounter_view *v)
{
    da_payer_type t = v->in->data->encounters[v->in->encounter].payer_type;
    return t == DA_PAYER_COMMERCIAL || t == DA_PAYER_MEDICAID || t == DA_PAYER_OTHER;
}

static bool supplied_elsewhere(const admin *a)
{
    return a->source == DA_SOURCE_SPECIALTY_PHARMACY || a->source == DA_SOURCE_PATIENT;
}

static bool single_dose(const admin *a)
{
    return a->container ? a->container == 1 : a->d->single_dose;
}

/* Checks of a billed drug line. */
static void check_line(encounter_view *v, const da_asp_table *asp, admin *a, da_finding_list *out)
{
    const da_dataset *data = v->in->data;
    const char *code = a->d->hcpcs;
    if (supplied_elsewhere(a) && a->origin != FROM_TABLE) {
        da_finding *f = add(v, out, "DRUG-SUPPLIED", DA_DIR_OVER,
                            a->origin == FROM_NOTE ? DA_CONF_HIGH : DA_CONF_MEDIUM, a->line);
        set_billed(f, code, a->billed);
        price_drug(f, asp, a, a->billed);
        da_evidence_fill(data, f, &a->source_ev,
                         "the claim marks the drug as supplied by a pharmacy or the patient");
        return;
    }
    if (a->d->medicare_sad && medicare(v)) {
        da_finding *f = add(v, out, "DRUG-SAD-MEDICARE", DA_DIR_OVER, DA_CONF_MEDIUM, a->line);
        set_billed(f, code, a->billed);
        price_drug(f, asp, a, a->billed);
        da_evidence_fill(
            data, f, &a->dose_ev,
            "self-administered drug on Medicare contractor exclusion lists billed to Part B");
        return;
    }
    int expected = a->documented ? da_drug_units(a->d, a->dose) : 0;
    if (expected > 0 && expected != a->billed) {
        bool under = expected > a->billed;
        da_finding *f = add(v, out, "DRUG-UNITS", under ? DA_DIR_UNDER : DA_DIR_OVER,
                            DA_CONF_HIGH, a->line);
        set_billed(f, code, a->billed);
        set_expected(f, code, expected);
        price_drug(f, asp, a, under ? expected - a->billed : a->billed - expected);
        da_evidence_fill(data, f, &a->dose_ev, "dose documented");
    }
    if (a->d->unit_mg <= 0 && !a->ndc) {
        da_finding *f = add(v, out, "DRUG-UNCLASSIFIED-NDC", DA_DIR_GAP, DA_CONF_HIGH, a->line);
        set_billed(f, code, a->billed);
        da_evidence_fill(data, f, &a->dose_ev, "unclassified drug code billed without an NDC");
    }
    if (medicare(v) && single_dose(a) && a->d->unit_mg > 0) {
        int waste = a->waste > 0 ? da_drug_units(a->d, a->waste) : 0;
        if (a->documented && waste != a->jw) {
            bool under = waste > a->jw;
            da_finding *f = add(v, out, "DRUG-WASTE", under ? DA_DIR_UNDER : DA_DIR_OVER,
                                DA_CONF_HIGH, a->jw_line >= 0 ? a->jw_line : a->line);
            set_billed(f, code, a->jw);
            set_expected(f, code, waste);
            price_drug(f, asp, a, under ? waste - a->jw : a->jw - waste);
            da_evidence_fill(data, f, a->waste_ev.note >= 0 ? &a->waste_ev : &a->dose_ev,
                             "discarded amount documented");
        }
        /* a line the payer denied for its modifier is the denial family's
         * (a corrected claim with JZ or JW), not a second finding */
        if (!a->jz && a->jw == 0 && !a->modifier_denied) {
            da_finding *f = add(v, out, "DRUG-JZ-JW", DA_DIR_GAP, DA_CONF_HIGH, a->line);
            set_billed(f, code, a->billed);
            da_evidence_fill(data, f, a->waste_ev.note >= 0 ? &a->waste_ev : &a->dose_ev,
                             "single-dose drug billed to Medicare with neither JZ nor a JW line");
        }
    }
    if (v->in->rules->drug_policy->prior_auth[a->drug] && payer_wants_auth(v) && !v->prior_auth) {
        da_finding *f = add(v, out, "DRUG-PRIOR-AUTH", DA_DIR_GAP, DA_CONF_MEDIUM, a->line);
        set_billed(f, code, a->billed);
        da_evidence_fill(data, f, &a->dose_ev,
                         "biologic billed with no prior authorization on the claim");
    }
    if (a->denied >= 0 && v->prior_auth) {
        const da_claim_line *c = &data->claims[a->denied];
        da_finding *f = add(v, out, "DRUG-AUTH-DENIAL", DA_DIR_DENIAL, DA_CONF_HIGH, a->denied);
        set_billed(f, code, c->units);
        price_drug(f, asp, a, c->units);
        snprintf(f->evidence, sizeof(f->evidence),
                 "drug line denied for missing authorization (CARC 197) while the claim carries "
                 "an authorization number");
    }
}

/* A drug given in the office, bought by the practice, with no drug line. */
static void check_unbilled(encounter_view *v, const da_asp_table *asp, admin *a,
                           da_finding_list *out)
{
    if (!a->documented || !a->given || supplied_elsewhere(a) || (a->d->medicare_sad && medicare(v)))
        return;
    int expected = da_drug_units(a->d, a->dose);
    if (expected <= 0)
        return;
    da_finding *f = add(v, out, "DRUG-NOT-BILLED", DA_DIR_UNDER,
                        a->origin == FROM_TABLE ? DA_CONF_MEDIUM : DA_CONF_HIGH, -1);
    set_expected(f, a->d->hcpcs, expected);
    price_drug(f, asp, a, expected);
    da_evidence_fill(v->in->data, f, &a->dose_ev, "dose documented");
}

/* Administration of the intralesional drugs, by lesion count. */
static void check_il(encounter_view *v, const admin *a, int lesions, da_finding_list *out)
{
    const da_dataset *data = v->in->data;
    bool many = lesions > LESIONS_PER_11900;
    const char *want = many ? CODE_IL_MANY : CODE_IL_FEW;
    if (v->b11900 + v->b11901 == 0) {
        da_finding *f = add(v, out, "DRUG-ADMIN-MISSING", DA_DIR_UNDER,
                            lesions ? DA_CONF_HIGH : DA_CONF_MEDIUM, -1);
        set_expected(f, want, 1);
        da_evidence_fill(data, f, &a->dose_ev, "intralesional injection documented");
    } else if (many && v->b11901 == 0) {
        da_finding *f = add(v, out, "DRUG-ADMIN-LESIONS", DA_DIR_UNDER, DA_CONF_HIGH, v->l11900);
        set_billed(f, CODE_IL_FEW, v->b11900);
        set_expected(f, CODE_IL_MANY, 1);
        da_evidence_fill(data, f, &a->dose_ev, "more than 7 lesions injected");
    } else if (lesions > 0 && !many && v->b11900 == 0) {
        da_finding *f = add(v, out, "DRUG-ADMIN-LESIONS", DA_DIR_OVER, DA_CONF_HIGH, v->l11901);
        set_billed(f, CODE_IL_MANY, v->b11901);
        set_expected(f, CODE_IL_FEW, 1);
        da_evidence_fill(data, f, &a->dose_ev, "7 or fewer lesions injected");
    }
}

static void check_sc(encounter_view *v, const admin *a, int needed, da_finding_list *out)
{
    if (v->b96372 >= needed)
        return;
    da_finding *f = add(v, out, "DRUG-ADMIN-MISSING", DA_DIR_UNDER, DA_CONF_HIGH, v->l96372);
    set_billed(f, CODE_SC_IM, v->b96372);
    set_expected(f, CODE_SC_IM, needed);
    da_evidence_fill(v->in->data, f, &a->dose_ev,
                     "subcutaneous or intramuscular injection documented");
}

/* ---- the Drugs sheet ---------------------------------------------------- */

static const da_detail_column drug_columns[] = {
    {DA_COL_ENCOUNTER, DA_CELL_TEXT, 14},       {"Date of service", DA_CELL_DATE, 12},
    {DA_COL_PATIENT, DA_CELL_TEXT, 12},         {DA_COL_PROVIDER, DA_CELL_TEXT, 18},
    {"Payer", DA_CELL_TEXT, 18},           {"Drug", DA_CELL_TEXT, 24},
    {"HCPCS", DA_CELL_TEXT, 8},            {"Dose (mg)", DA_CELL_TEXT, 10},
    {"Unit (mg)", DA_CELL_TEXT, 9},        {"Route", DA_CELL_TEXT, 14},
    {"Lesions", DA_CELL_TEXT, 8},          {"Channel", DA_CELL_TEXT, 22},
    {"Expected units", DA_CELL_NUMBER, 10}, {"Billed units", DA_CELL_NUMBER, 10},
    {"Discarded units (JW)", DA_CELL_TEXT, 12}, {"Administration", DA_CELL_TEXT, 18},
    {"Limit per unit ($)", DA_CELL_TEXT, 12}, {"Under ($)", DA_CELL_AMOUNT, 12},
    {"Over ($)", DA_CELL_AMOUNT, 12},      {"Denied ($)", DA_CELL_AMOUNT, 12},
};

static const char *route_name(da_route r)
{
    switch (r) {
    case DA_ROUTE_SC: return "subcutaneous";
    case DA_ROUTE_IM: return "intramuscular";
    case DA_ROUTE_IL: return "intralesional";
    case DA_ROUTE_IV: return "intravenous";
    default: return "";
    }
}

static void channel_text(const admin *a, char *buf, size_t size)
{
    const char *s = a->source == DA_SOURCE_BUY_AND_BILL         ? "buy and bill"
                    : a->source == DA_SOURCE_SPECIALTY_PHARMACY ? "specialty pharmacy"
                                                                : "patient supplied";
    const char *from = a->origin == FROM_NOTE ? "note" : a->origin == FROM_CLAIM ? "claim" : "usual";
    snprintf(buf, size, "%s (%s)", s, from);
}

static void detail_row(encounter_view *v, const da_asp_table *asp, const admin *a,
                       const char *administration, long first, long nfindings)
{
    da_details *set = v->in->details;
    if (!set)
        return;
    const da_encounter *enc = &v->in->data->encounters[v->in->encounter];
    da_detail *sheet = da_details_table(set, "Drugs", drug_columns,
                                        sizeof(drug_columns) / sizeof(drug_columns[0]));
    char dose[24] = "", unit[24], lesions[16] = "", channel[48], jw[16] = "", limit[24] = "";
    if (a->dose > 0)
        snprintf(dose, sizeof(dose), "%g", a->dose);
    if (a->d->unit_mg > 0)
        snprintf(unit, sizeof(unit), "%g", a->d->unit_mg);
    else
        snprintf(unit, sizeof(unit), "1 unit (NDC)");
    if (a->lesions > 0)
        snprintf(lesions, sizeof(lesions), "%d", a->lesions);
    if (a->jw > 0 || a->waste > 0)
        snprintf(jw, sizeof(jw), "%d", a->jw);
    channel_text(a, channel, sizeof(channel));
    const da_asp_limit *lim = da_asp_find(asp, a->d->hcpcs);
    if (lim && lim->mills >= 0)
        snprintf(limit, sizeof(limit), "%lld.%03lld", (long long)(lim->mills / 1000),
                 (long long)(lim->mills % 1000));
    int expected = a->documented ? da_drug_units(a->d, a->dose) : 0;
    da_cell row[] = {
        da_cell_text(enc->encounter_id), da_cell_date(enc->dos), da_cell_text(enc->patient_id),
        da_cell_text(enc->provider), da_cell_text(enc->payer), da_cell_text(a->d->generic),
        da_cell_text(a->d->hcpcs), da_cell_text(dose), da_cell_text(unit),
        da_cell_text(a->given || a->documented ? route_name(a->route) : ""),
        da_cell_text(lesions), da_cell_text(channel), da_cell_number(expected),
        da_cell_number(a->billed), da_cell_text(jw), da_cell_text(administration),
        da_cell_text(limit), da_cell_amount(first, nfindings, DA_DIR_UNDER),
        da_cell_amount(first, nfindings, DA_DIR_OVER), da_cell_amount(first, nfindings, DA_DIR_DENIAL),
    };
    da_detail_add_row(set, sheet, row);
}

/* "96372 x1 billed of 1" and the like, for the sheet. */
static void admin_text(const encounter_view *v, const admin *a, char *buf, size_t size)
{
    buf[0] = '\0';
    if (a->route == DA_ROUTE_IL)
        snprintf(buf, size, "11900 x%d, 11901 x%d billed", v->b11900, v->b11901);
    else if (a->route == DA_ROUTE_SC || a->route == DA_ROUTE_IM)
        snprintf(buf, size, "96372 x%d billed", v->b96372);
}

da_error da_rule_drugs(const da_rule_input *in, da_finding_list *out)
{
    const da_asp_table *asp = in->rules->asp;
    encounter_view v;
    memset(&v, 0, sizeof(v));
    v.in = in;
    v.l96372 = v.l11900 = v.l11901 = -1;
    read_notes(&v);
    read_claims(&v);

    /* What administration the documented injections need. */
    int sc_needed = 0, il_lesions = 0;
    long first_il = -1, last_sc = -1;
    for (size_t i = 0; i < v.n; i++) {
        admin *a = &v.a[i];
        if (!a->documented || !a->given)
            continue;
        if (a->route == DA_ROUTE_IL) {
            if (first_il < 0)
                first_il = (long)i;
            if (a->lesions > il_lesions)
                il_lesions = a->lesions;
        } else if (a->route == DA_ROUTE_SC || a->route == DA_ROUTE_IM) {
            sc_needed++;
            last_sc = (long)i;
        }
    }

    for (size_t i = 0; i < v.n; i++) {
        admin *a = &v.a[i];
        long first = (long)out->count;
        if (a->billed > 0)
            check_line(&v, asp, a, out);
        else
            check_unbilled(&v, asp, a, out);
        if ((long)i == first_il)
            check_il(&v, a, il_lesions, out);
        if ((long)i == last_sc)
            check_sc(&v, a, sc_needed, out);
        char administration[64];
        admin_text(&v, a, administration, sizeof(administration));
        if (a->documented || a->billed > 0 || a->jw > 0)
            detail_row(&v, asp, a, administration, first, (long)out->count - first);
    }
    return DA_OK;
}
