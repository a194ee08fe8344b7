/* cosmetic.c - benign lesion removal: medically necessary or cosmetic
 * (coding-rules.md section 10).
 *
 * A benign removal (shave, excision, destruction, skin tags of a seborrheic
 * keratosis, nevus, cyst, tag, wart, ...) is covered only when the note
 * documents a sign the LCD names (bleeding, intense itching, pain,
 * inflammation or irritation, rapid change, obstruction, repeated trauma,
 * uncertain diagnosis) and the diagnosis matches. Billed to an insurer
 * without one it is over-billing, or for Medicare a gap unless the line says
 * the patient was told (GA) or the service is excluded (GX, GY). Documented
 * but billed as if cosmetic (L82.1 for an inflamed keratosis, GY/GX, self
 * pay for an insured patient) it is a leak; denied for necessity or as
 * non-covered (CO-50, CO-96) it is recoverable by appeal. The codes and
 * diagnoses come from rules/cosmetic.csv.
 */
#include <stdio.h>
#include <string.h>

#include "carc.h"
#include "rulekit.h"
#include "rules.h"

#define MAX_CPT 16 /* removal code ranges */
#define MAX_ICD 32 /* benign diagnosis prefixes */

/* The removal table (rules/cosmetic.csv). */
struct da_cosmetic_table {
    struct {
        char from[DA_CODE_LEN], to[DA_CODE_LEN]; /* inclusive code range */
        char what[16];                           /* removal technique */
    } cpt[MAX_CPT];
    size_t ncpt;                                 /* ranges */
    struct {
        char prefix[8];  /* ICD-10 prefix, no dot */
        char lesion[20]; /* lesion the code names */
        bool cosmetic;   /* the non-covered variant of a lesion (L82.1) */
    } icd[MAX_ICD];
    size_t nicd; /* prefixes */
};

static const char *table_row(void *ctx, const char *const *f, unsigned long line)
{
    (void)line;
    da_cosmetic_table *t = ctx;
    if (strcmp(f[0], "cpt") == 0 && t->ncpt < MAX_CPT && strlen(f[1]) == 5 && strlen(f[2]) == 5) {
        snprintf(t->cpt[t->ncpt].from, DA_CODE_LEN, "%s", f[1]);
        snprintf(t->cpt[t->ncpt].to, DA_CODE_LEN, "%s", f[2]);
        snprintf(t->cpt[t->ncpt].what, sizeof(t->cpt[0].what), "%s", f[3]);
        t->ncpt++;
        return NULL;
    }
    if (strcmp(f[0], "icd") == 0 && t->nicd < MAX_ICD && f[1][0] &&
        strlen(f[1]) < sizeof(t->icd[0].prefix)) {
        snprintf(t->icd[t->nicd].prefix, sizeof(t->icd[0].prefix), "%s", f[1]);
        snprintf(t->icd[t->nicd].lesion, sizeof(t->icd[0].lesion), "%s", f[3]);
        t->icd[t->nicd].cosmetic = strcmp(f[4], "cosmetic") == 0;
        t->nicd++;
        return NULL;
    }
    return "neither a code range nor a diagnosis prefix, or too many";
}

/* Both kinds of row are there. */
static bool table_complete(const void *table)
{
    const da_cosmetic_table *t = table;
    return t->ncpt > 0 && t->nicd > 0;
}

da_error da_cosmetic_load(da_cosmetic_table **out)
{
    static const char *const columns[] = {"kind", "from", "to", "lesion", "coverage"};
    da_error err;
    *out = da_rulekit_load("rules/cosmetic.csv", columns, sizeof(columns) / sizeof(columns[0]),
                           table_row, table_complete, sizeof(**out), &err);
    return err;
}

/* The removal technique of a code, NULL when it is no benign removal code. */
static const char *removal_of(const da_cosmetic_table *table, const char *code)
{
    for (size_t i = 0; i < table->ncpt; i++)
        if (da_code_in_range(code, table->cpt[i].from, table->cpt[i].to))
            return table->cpt[i].what;
    return NULL;
}

/* The benign diagnosis row a claim line carries, -1 when none; a covered
 * variant wins over the cosmetic one when the line has both. */
static int benign_icd(const da_cosmetic_table *table, const da_claim_line *c)
{
    int found = -1;
    for (int k = 0; k < c->nicd10; k++)
        for (size_t i = 0; i < table->nicd; i++)
            if (strncmp(c->icd10[k], table->icd[i].prefix, strlen(table->icd[i].prefix)) == 0 &&
                (found < 0 || table->icd[found].cosmetic))
                found = (int)i;
    return found;
}

/* What the notes of one encounter say about why a lesion came off. */
typedef struct why_notes {
    bool necessity;       /* a covered indication is documented */
    bool inflamed;        /* inflammation or irritation is (the L82.0 sign) */
    da_evidence need_ev;  /* the first indication */
    bool cosmetic;        /* cosmetic intent is documented */
    da_evidence cosm_ev;  /* where */
    bool documented;      /* a removal (shave, excision, destruction, tags) is documented */
    bool removal;         /* a removal of a benign lesion is documented */
    bool malignant;       /* a malignant diagnosis is documented */
    bool not_wart;        /* a benign diagnosis other than a wart is documented */
} why_notes;

static void collect(const da_rule_input *in, why_notes *w)
{
    memset(w, 0, sizeof(*w));
    w->need_ev = w->cosm_ev = DA_EVIDENCE_NONE;
    const da_encounter *enc = &in->data->encounters[in->encounter];
    bool benign_dx = false;
    for (size_t i = 0; i < enc->nnotes; i++) {
        const da_fact_list *facts = &in->facts[i];
        long note = (long)enc->notes[i];
        for (size_t j = 0; j < facts->count; j++) {
            const da_fact *f = &facts->items[j];
            int v = (int)f->value;
            bool need = false, inflamed = false;
            if (f->kind == DA_FACT_NECESSITY) {
                need = true;
                inflamed = v == DA_NEED_INFLAMED || v == DA_NEED_IRRITATED;
            } else if (f->kind == DA_FACT_DIAGNOSIS || f->kind == DA_FACT_PATH_DIAGNOSIS) {
                /* An inflamed keratosis or an atypical nevus names its own indication. */
                inflamed = f->kind == DA_FACT_DIAGNOSIS && v == DA_DX_SK_INFLAMED;
                need = inflamed || (f->kind == DA_FACT_DIAGNOSIS && v == DA_DX_NEVUS_ATYPICAL);
                benign_dx |= v >= DA_DX_SK && v <= DA_DX_BENIGN_OTHER;
                w->not_wart |= v >= DA_DX_SK && v <= DA_DX_BENIGN_OTHER && v != DA_DX_WART;
                w->malignant |= da_diagnosis_malignant((da_diagnosis)v);
            } else if (f->kind == DA_FACT_COSMETIC && !w->cosmetic) {
                w->cosmetic = true;
                w->cosm_ev = da_evidence_of(note, f);
            } else if (f->kind == DA_FACT_PROCEDURE) {
                w->documented |= v == DA_PROC_SHAVE || v == DA_PROC_EXCISION ||
                           v == DA_PROC_DESTRUCTION || v == DA_PROC_SKIN_TAG_REMOVAL;
            }
            if (need && !w->necessity)
                w->need_ev = da_evidence_of(note, f);
            w->necessity |= need;
            w->inflamed |= inflamed;
        }
    }
    w->removal = w->documented && benign_dx && !w->malignant;
}

static bool line_unpaid(const da_claim_line *c)
{
    return c->status != DA_STATUS_PAID || c->paid == DA_CENTS_NONE || c->paid <= 0;
}

/* Judges one benign removal line; returns the rule of its finding or NULL. */
static const char *judge(const da_rule_input *in, const why_notes *w, long at, bool cosmetic_dx,
                         da_finding_list *out)
{
    const da_dataset *data = in->data;
    const da_claim_line *c = &data->claims[at];
    bool excluded = da_claim_has_modifier(c, "GY") || da_claim_has_modifier(c, "GX");
    bool told = excluded || da_claim_has_modifier(c, "GA");
    size_t enc = in->encounter;
    if (!w->necessity) {
        /* Absent necessity is judged only in a note that documents the
         * removal (a removal the notes do not show is another rule's), and
         * only while the payer has not already refused the line. */
        if (!w->documented || c->payer_type == DA_PAYER_SELF || told ||
            c->status == DA_STATUS_DENIED)
            return NULL;
        /* Warts are contagious and have indications of their own (the LCD's
         * wart criteria), which the reading does not weigh: only a wart
         * removal the note calls cosmetic is judged. */
        if (!w->not_wart && !w->cosmetic)
            return NULL;
        da_confidence conf = w->cosmetic ? DA_CONF_HIGH : DA_CONF_MEDIUM;
        const char *why = "no medical necessity (bleeding, itching, pain, inflammation, change, "
                          "obstruction, trauma, suspicion) documented for this removal";
        da_direction dir = c->payer_type == DA_PAYER_MEDICARE ? DA_DIR_GAP : DA_DIR_OVER;
        da_rulekit_add(data, out, "cosmetic", enc, "COSM-NO-NECESSITY", dir, conf, at, c->code,
                       c->units, "", 0, w->cosmetic ? &w->cosm_ev : NULL, why);
        return "COSM-NO-NECESSITY";
    }
    const char *rule = NULL;
    da_direction dir = DA_DIR_UNDER;
    if (excluded)
        rule = "COSM-LIABILITY-MODIFIER";
    else if (cosmetic_dx && w->inflamed && line_unpaid(c))
        rule = "COSM-COSMETIC-DX";
    else if (c->payer_type == DA_PAYER_SELF && data->encounters[enc].patient_insured)
        rule = "COSM-SELF-PAY";
    else if (da_claim_has_carc(c, "CO-50") || da_claim_has_carc(c, "CO-96")) {
        rule = "COSM-DENIAL-APPEAL";
        dir = DA_DIR_DENIAL;
    }
    /* A line the payer denied is a recoverable denial, whatever the fix
     * (the modifier off, the inflamed-SK diagnosis, an appeal) */
    if (rule && c->status == DA_STATUS_DENIED)
        dir = DA_DIR_DENIAL;
    if (rule)
        da_rulekit_add(data, out, "cosmetic", enc, rule, dir, DA_CONF_HIGH, at, c->code, c->units,
                       c->code, c->units, &w->need_ev, "medical necessity documented");
    return rule;
}

/* The Cosmetic sheet: one row per benign removal billed (or documented and not billed). */
static const da_detail_column cosm_columns[] = {
    {DA_COL_ENCOUNTER, DA_CELL_TEXT, 14},   {"Date of service", DA_CELL_DATE, 12},
    {DA_COL_PATIENT, DA_CELL_TEXT, 12},     {"Payer", DA_CELL_TEXT, 18},
    {"Payer type", DA_CELL_TEXT, 11},  {"Code", DA_CELL_TEXT, 8},
    {"Units", DA_CELL_NUMBER, 6},      {"Removal", DA_CELL_TEXT, 11},
    {"Diagnoses", DA_CELL_TEXT, 16},   {"Lesion", DA_CELL_TEXT, 14},
    {"Modifiers", DA_CELL_TEXT, 10},   {"Medical necessity", DA_CELL_TEXT, 48},
    {"Cosmetic intent", DA_CELL_TEXT, 10}, {"Status", DA_CELL_TEXT, 16},
    {"Finding", DA_CELL_TEXT, 24},     {"Amount ($)", DA_CELL_AMOUNT, 12},
};

static void detail_row(const da_rule_input *in, const why_notes *w, long at, int icd,
                       const char *rule, long first, long nfindings)
{
    const da_cosmetic_table *table = in->rules->cosmetic;
    if (!in->details)
        return;
    const da_dataset *data = in->data;
    const da_encounter *enc = &data->encounters[in->encounter];
    da_detail *sheet = da_details_table(in->details, "Cosmetic", cosm_columns,
                                        sizeof(cosm_columns) / sizeof(cosm_columns[0]));
    char need[DA_EVIDENCE_BYTES], dx[DA_MAX_ICD10 * 9] = "", mods[16] = "", status[64] = "";
    da_rulekit_snippet(data, &w->need_ev, need, sizeof(need));
    if (!w->necessity)
        snprintf(need, sizeof(need), "none documented");
    const da_claim_line *c = at >= 0 ? &data->claims[at] : NULL;
    if (c) {
        size_t o = 0;
        for (int k = 0; k < c->nicd10 && o < sizeof(dx); k++)
            o += (size_t)snprintf(dx + o, sizeof(dx) - o, "%s%s", k ? ";" : "", c->icd10[k]);
        o = 0;
        for (int k = 0; k < c->nmodifiers && o < sizeof(mods); k++)
            o += (size_t)snprintf(mods + o, sizeof(mods) - o, "%s%s", k ? " " : "", c->modifiers[k]);
        snprintf(status, sizeof(status), "%s%s%s",
                 c->status == DA_STATUS_DENIED ? "denied" : c->status == DA_STATUS_PAID ? "paid" : "other",
                 c->denial_codes[0] ? " " : "", c->denial_codes);
    } else {
        snprintf(status, sizeof(status), "not billed");
    }
    da_cell row[] = {
        da_cell_text(enc->encounter_id), da_cell_date(enc->dos), da_cell_text(enc->patient_id),
        da_cell_text(c ? c->payer : enc->payer),
        da_cell_text(da_payer_type_name(c ? c->payer_type : enc->payer_type)),
        da_cell_text(c ? c->code : ""), da_cell_number(c ? c->units : 0),
        da_cell_text(c ? removal_of(table, c->code) : ""), da_cell_text(dx),
        da_cell_text(icd >= 0 ? table->icd[icd].lesion : ""), da_cell_text(mods),
        da_cell_text(need), da_cell_text(w->cosmetic ? "yes" : "no"), da_cell_text(status),
        da_cell_text(rule ? rule : ""), da_cell_amount(first, nfindings, -1),
    };
    da_detail_add_row(in->details, sheet, row);
}

da_error da_rule_cosmetic(const da_rule_input *in, da_finding_list *out)
{
    const da_cosmetic_table *table = in->rules->cosmetic;
    const da_dataset *data = in->data;
    const da_encounter *enc = &data->encounters[in->encounter];
    if (enc->nnotes == 0)
        return DA_OK; /* nothing to audit against */
    why_notes w;
    bool collected = false, billed = false;
    for (size_t i = 0; i < enc->nclaims; i++) {
        long at = (long)enc->claims[i];
        const da_claim_line *c = &data->claims[at];
        int icd = removal_of(table, c->code) ? benign_icd(table, c) : -1;
        if (icd < 0)
            continue;
        if (!collected)
            collect(in, &w);
        collected = billed = true;
        long first = (long)out->count;
        const char *rule = judge(in, &w, at, table->icd[icd].cosmetic, out);
        detail_row(in, &w, at, icd, rule, first, (long)out->count - first);
    }
    if (!billed) {
        collect(in, &w);
        if (w.removal)
            detail_row(in, &w, -1, -1, NULL, -1, 0);
    }
    return DA_OK;
}
