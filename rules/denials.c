/* denials.c - the denial rule family: each denied claim line, whether it is
 * recoverable and by when it must be filed again (see denials.h).
 *
 * A recoverable denied line becomes a finding (category "denial", direction
 * denial) priced at what the line should have been paid; every denied line,
 * recoverable or not, is a row of the "Denials" detail table so the sheet
 * accounts for all of them. Which CARCs are recoverable is this project's
 * triage from coding-rules.md 11.2, not a sourced statistic.
 */
#include "denials.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "carc.h"
#include "ncci.h"
#include "rulekit.h"
#include "rules.h"
#include "text.h"

#define FILING_LABEL_MAX 96 /* bytes of a filing limit's label */

/* Filing limits per payer type (rules/filing.csv). */
struct da_filing_table {
    int months[DA_PAYER_OTHER + 1]; /* limit in months, 0 when given in days */
    int days[DA_PAYER_OTHER + 1];   /* limit in days, 0 when given in months */
    bool known[DA_PAYER_OTHER + 1]; /* the table has a row for the type */
    bool sourced[DA_PAYER_OTHER + 1]; /* the limit is the payer's own, with a public source */
    char label[DA_PAYER_OTHER + 1][FILING_LABEL_MAX]; /* the limit as the sheet states it */
};

static da_payer_type type_from_name(const char *s)
{
    static const da_payer_type all[] = {DA_PAYER_UNKNOWN, DA_PAYER_MEDICARE, DA_PAYER_MEDICAID,
                                        DA_PAYER_COMMERCIAL, DA_PAYER_SELF, DA_PAYER_OTHER};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        if (strcmp(da_payer_type_name(all[i]), s) == 0)
            return all[i];
    return (da_payer_type)-1;
}

static const char *filing_row(void *ctx, const char *const *f, unsigned long line)
{
    (void)line;
    da_filing_table *filing = ctx;
    int t = (int)type_from_name(f[0]);
    if (t < 0 || t > DA_PAYER_OTHER || strlen(f[4]) >= FILING_LABEL_MAX)
        return "unknown payer type, or a label too long";
    filing->months[t] = atoi(f[1]);
    filing->days[t] = atoi(f[2]);
    filing->known[t] = filing->months[t] > 0 || filing->days[t] > 0;
    filing->sourced[t] = strcmp(f[3], "yes") == 0;
    snprintf(filing->label[t], sizeof(filing->label[t]), "%s", f[4]);
    return NULL;
}

da_error da_filing_load(da_filing_table **out)
{
    static const char *const columns[] = {"payer_type", "months", "days",
                                          "sourced", "label", "source"};
    da_error err;
    *out = da_rulekit_load("rules/filing.csv", columns, sizeof(columns) / sizeof(columns[0]),
                           filing_row, NULL, sizeof(**out), &err);
    return err;
}

bool da_filing_sourced(const da_filing_table *filing, da_payer_type type)
{
    return (int)type >= 0 && type <= DA_PAYER_OTHER && filing->known[type] && filing->sourced[type];
}

const char *da_filing_label(const da_filing_table *filing, da_payer_type type)
{
    if ((int)type < 0 || type > DA_PAYER_OTHER || !filing->known[type])
        return "no filing limit";
    return filing->label[type];
}

da_date da_filing_deadline(const da_filing_table *filing, da_payer_type type, da_date dos)
{
    if (dos == DA_DATE_NONE || (int)type < 0 || type > DA_PAYER_OTHER || !filing->known[type])
        return DA_DATE_NONE;
    if (filing->days[type] > 0)
        return dos + filing->days[type];
    int y, m, d;
    da_date_to_ymd(dos, &y, &m, &d);
    m += filing->months[type];
    y += (m - 1) / 12;
    m = (m - 1) % 12 + 1;
    /* The same day of the month, or the month's last day (Feb 29 -> Feb 28). */
    da_date first_next = m == 12 ? da_date_from_ymd(y + 1, 1, 1) : da_date_from_ymd(y, m + 1, 1);
    da_date want = da_date_from_ymd(y, m, 1) + (d - 1);
    return want < first_next ? want : first_next - 1;
}

/* ---- the rule ---- */

static const da_detail_column DENIAL_COLS[] = {
    {"Date of service", DA_CELL_DATE, 12},   {DA_COL_CLAIM, DA_CELL_TEXT, 14},
    {"Line", DA_CELL_TEXT, 6},               {"Payer", DA_CELL_TEXT, 20},
    {"Payer type", DA_CELL_TEXT, 11},        {"Code", DA_CELL_TEXT, 8},
    {"Units", DA_CELL_NUMBER, 6},            {"CARC", DA_CELL_TEXT, 12},
    {"Reason", DA_CELL_TEXT, 40},            {"Charge", DA_CELL_MONEY, 11},
    {"Recoverable", DA_CELL_TEXT, 11},       {"Next step", DA_CELL_TEXT, 50},
    {"Filing limit", DA_CELL_TEXT, 40},      {"Filing deadline", DA_CELL_DATE, 12},
    {"Recoverable amount", DA_CELL_AMOUNT, 12},
};

/* What the rule decided about one denied line. */
typedef struct verdict {
    const char *rule;          /* catalog id, NULL when not recoverable */
    const char *step;          /* what to do, or why it is not recoverable */
    da_confidence confidence;  /* how sure the recovery is */
    da_evidence ev;            /* the evidence, DA_EVIDENCE_NONE when none */
} verdict;

/* The first fact of kind in the encounter's notes (site facts: a second
 * distinct site when want_second). */
static bool find_fact(const da_rule_input *in, da_fact_kind kind, verdict *v)
{
    const da_encounter *e = &in->data->encounters[in->encounter];
    for (size_t i = 0; i < e->nnotes; i++)
        for (size_t k = 0; k < in->facts[i].count; k++) {
            const da_fact *f = &in->facts[i].items[k];
            if (f->kind != kind)
                continue;
            v->ev = da_evidence_of((long)e->notes[i], f);
            return true;
        }
    return false;
}

/* Two lesions or two distinct sites documented: a separate site or lesion
 * supports 59/XS; a separately evaluated problem supports 25. */
static bool modifier_supported(const da_rule_input *in, const da_claim_line *c, verdict *v)
{
    if (c->code[0] == '9' && c->code[1] == '9' && c->code[2] == '2')
        return find_fact(in, DA_FACT_SEPARATE_EM, v);
    const da_encounter *e = &in->data->encounters[in->encounter];
    int first_site = -1;
    for (size_t i = 0; i < e->nnotes; i++) {
        if (in->facts[i].nlesions >= 2 && find_fact(in, DA_FACT_SITE, v))
            return true;
        for (size_t k = 0; k < in->facts[i].count; k++) {
            const da_fact *f = &in->facts[i].items[k];
            if (f->kind != DA_FACT_SITE)
                continue;
            if (first_site < 0)
                first_site = f->site;
            else if (f->site != first_site) {
                v->ev = da_evidence_of((long)e->notes[i], f);
                return true;
            }
        }
    }
    return false;
}

/* The denied line's code is billed on another line of the encounter. */
static bool billed_again(const da_rule_input *in, const da_claim_line *c)
{
    const da_encounter *e = &in->data->encounters[in->encounter];
    for (size_t i = 0; i < e->nclaims; i++) {
        const da_claim_line *o = &in->data->claims[e->claims[i]];
        if (o != c && strcmp(o->code, c->code) == 0)
            return true;
    }
    return false;
}

/* An authorization number on this line or another line of its claim. */
static bool authorized(const da_rule_input *in, const da_claim_line *c)
{
    if (c->prior_auth[0])
        return true;
    const da_encounter *e = &in->data->encounters[in->encounter];
    for (size_t i = 0; i < e->nclaims; i++) {
        const da_claim_line *o = &in->data->claims[e->claims[i]];
        if (o->prior_auth[0] && strcmp(o->claim_id, c->claim_id) == 0)
            return true;
    }
    return false;
}

/* Decides on one CARC; true when it makes the line recoverable. */
static bool judge(const da_rule_input *in, const da_claim_line *c, const char *carc, verdict *v)
{
    const char *code = da_carc_code(carc);
    bool patient = strncmp(carc, "PR-", 3) == 0;
    v->ev = DA_EVIDENCE_NONE;
    v->confidence = DA_CONF_HIGH;
    if (!patient && strcmp(code, "4") == 0) {
        v->rule = "DENIAL-CO4";
        v->step = "Correct or add the modifier and resubmit";
        return true;
    }
    if (!patient && strcmp(code, "16") == 0) {
        v->rule = "DENIAL-CO16";
        v->step = "Add the missing information and send a corrected claim";
        return true;
    }
    if (!patient && strcmp(code, "197") == 0) {
        if (authorized(in, c)) {
            v->rule = "DENIAL-CO197";
            v->step = "An authorization number is on file: resubmit with it or ask for a reopening";
            return true;
        }
        v->step = "No authorization on file: ask the payer about a retro-authorization";
        return false;
    }
    if (!patient && strcmp(code, "50") == 0) {
        if (find_fact(in, DA_FACT_NECESSITY, v)) {
            v->rule = "DENIAL-CO50";
            v->confidence = DA_CONF_MEDIUM;
            v->step = "The note documents a medical-necessity sign: appeal with the note";
            return true;
        }
        v->step = "The note documents no medical-necessity sign: review before appealing";
        return false;
    }
    if (!patient && strcmp(code, "18") == 0) {
        /* a second line of the same code taken for a duplicate: the notes
         * show a second lesion or site it was for */
        if (billed_again(in, c) && modifier_supported(in, c, v)) {
            v->rule = "DENIAL-CO18";
            v->confidence = DA_CONF_MEDIUM;
            v->step = "A separate lesion or site is documented: add 59/XS and resubmit";
            return true;
        }
        v->step = "No second lesion or site documented for the repeated code: the denial stands";
        return false;
    }
    if (!patient && strcmp(code, "236") == 0) {
        const da_ncci *n = in->rules->ncci;
        size_t other;
        const da_ptp_edit *edit =
            n ? da_ncci_edit_for_line(n, in->data, &in->data->encounters[in->encounter],
                                      (size_t)(c - in->data->claims), &other)
              : NULL;
        if (edit && edit->indicator == 0) {
            v->step = "NCCI modifier indicator 0: no modifier allows the pair; do not appeal, "
                      "never bill the patient";
            return false;
        }
        if (modifier_supported(in, c, v)) {
            v->rule = "DENIAL-CO236";
            v->confidence = DA_CONF_MEDIUM;
            v->step = "The note supports a distinct service: add the modifier and resubmit";
            return true;
        }
        v->step = "The note does not show a distinct service: the edit stands";
        return false;
    }
    if (!patient && strcmp(code, "151") == 0) {
        /* units above the MUE: payable on appeal only for a clinical
         * date-of-service edit (indicator 3) with the documentation */
        const da_mue *m = da_ncci_mue_find(in->rules->ncci, c->code);
        if (m && m->indicator == 3 && find_fact(in, DA_FACT_PROCEDURE, v)) {
            v->rule = "DENIAL-CO151";
            v->confidence = DA_CONF_MEDIUM;
            v->step = "MUE indicator 3 (clinical): appeal with the note documenting the units";
            return true;
        }
        v->step = m ? "MUE indicator 1 or 2: units above the MUE are not payable; the denial stands"
                    : "Units above what the payer allows: review the documentation before appealing";
        return false;
    }
    v->step = patient ? "Patient responsibility: bill the patient or the secondary payer"
                      : "Not a recoverable denial as exported: review by hand";
    return false;
}

/* The index of a finding another family already made that recovers this
 * denied claim line of the encounter (a cosmetic appeal or corrected
 * diagnosis, a drug authorization), -1 when none: such a line is reported
 * once, by the family that knows it best. */
static long claimed_denial(const da_finding_list *out, size_t encounter, size_t claim)
{
    for (size_t i = out->count; i > 0 && out->items[i - 1].encounter == encounter; i--) {
        const da_finding *f = &out->items[i - 1];
        if (f->claim == (long)claim && (f->direction == DA_DIR_DENIAL || f->direction == DA_DIR_UNDER))
            return (long)(i - 1);
    }
    return -1;
}

da_error da_rule_denials(const da_rule_input *in, da_finding_list *out)
{
    const da_dataset *d = in->data;
    const da_encounter *e = &d->encounters[in->encounter];
    for (size_t i = 0; i < e->nclaims; i++) {
        size_t ci = e->claims[i];
        const da_claim_line *c = &d->claims[ci];
        if (c->status != DA_STATUS_DENIED)
            continue;
        verdict v = {0};
        char carc[DA_CARC_LEN], primary[DA_CARC_LEN];
        da_carc_primary(c->denial_codes, primary);
        bool recoverable = false;
        for (size_t n = 0; !recoverable && da_carc_nth(c->denial_codes, n, carc); n++) {
            verdict try = {0};
            if (judge(in, c, carc, &try)) {
                v = try;
                recoverable = true;
            } else if (n == 0) {
                v = try;
            }
        }
        if (!primary[0])
            v.step = "Denied with no reason code: ask the payer for the remittance advice";
        da_date deadline = da_filing_deadline(in->rules->filing, c->payer_type, c->dos);
        long finding = claimed_denial(out, in->encounter, ci);
        if (recoverable && finding < 0) {
            finding = (long)out->count;
            da_finding *f = da_rulekit_finding(out, "denial", in->encounter, v.rule, DA_DIR_DENIAL,
                                               v.confidence);
            f->claim = (long)ci;
            snprintf(f->billed_code, sizeof(f->billed_code), "%s", c->code);
            f->billed_units = c->units;
            if (v.ev.note >= 0) {
                da_evidence_fill(d, f, &v.ev, "");
            } else {
                char due[11];
                da_date_format(deadline, due);
                snprintf(f->evidence, sizeof(f->evidence), "Denied %s (%s). %s%s%s.", carc,
                         da_carc_meaning(carc), v.step, due[0] ? " by " : "", due);
            }
        }
        if (!in->details)
            continue;
        da_detail *t = da_details_table(in->details, "Denials", DENIAL_COLS,
                                        sizeof(DENIAL_COLS) / sizeof(DENIAL_COLS[0]));
        const char *meaning = da_carc_meaning(primary);
        /* The row says what the findings say: a line another rule recovers
         * (a cosmetic removal's documented necessity) is recoverable with
         * that finding's amount, whatever its CARC alone would say; a review
         * item is priced at nothing until a coder confirms it. */
        const da_finding *claimed = finding >= 0 ? &out->items[finding] : NULL;
        char step[160];
        const char *answer = "no";
        if (claimed) {
            answer = claimed->confidence == DA_CONF_LOW ? "review" : "yes";
            if (!recoverable) {
                snprintf(step, sizeof(step), "Recoverable under %s: see its finding", claimed->rule);
                v.step = step;
            }
        }
        da_cell row[] = {
            da_cell_date(c->dos),
            da_cell_text(c->claim_id),
            da_cell_text(c->line_no),
            da_cell_text(c->payer),
            da_cell_text(da_payer_type_name(c->payer_type)),
            da_cell_text(c->code),
            da_cell_number(c->units),
            da_cell_text(c->denial_codes),
            da_cell_text(meaning[0] ? meaning : "reason code not in the built-in list"),
            da_cell_money(c->charge),
            da_cell_text(answer),
            da_cell_text(v.step),
            da_cell_text(da_filing_label(in->rules->filing, c->payer_type)),
            da_cell_date(da_filing_sourced(in->rules->filing, c->payer_type) ? deadline
                                                                             : DA_DATE_NONE),
            da_cell_amount(finding, claimed ? 1 : 0, -1),
        };
        da_detail_add_row(in->details, t, row);
    }
    return DA_OK;
}
