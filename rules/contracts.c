/* contracts.c - paid below the payer's contract (--contracts; audit/contracts.h).
 *
 * A paid line of a payer with a contract row for it is expected to be
 * allowed the row's amount per unit (or its percentage of the fee table's
 * non-facility amount), halved for a secondary procedure under the
 * multiple-procedure reduction (MULT PROC 2 with a higher-fee MULT PROC 2
 * line paid on the encounter). The allowed amount holds the patient's share
 * (deductible, coinsurance, copay), and Medicare's sequestration is not a
 * reduction of it (the 835 join leaves CO-253 out), so a line allowed more
 * than a cent below what the contract gives is an underpayment
 * (PAY-CONTRACT-UNDER: payment, under, the difference). A line another
 * family already finds underpaid (MPPR-REDUCED-IN-ERROR) is reported once.
 * A payer with no contract row says nothing here.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "contracts.h"
#include "fees.h"
#include "rulekit.h"
#include "rules.h"

static const char BASIS_CONTRACT[] = "the payer's contract (--contracts)";

/* A secondary procedure: MULT PROC 2 with a higher-fee MULT PROC 2 line paid
 * on the encounter (the first line wins a tie). */
static bool secondary(const da_dataset *d, const da_encounter *e, size_t ci, const da_fee_table *fees,
                      const da_fee *fee)
{
    if (!fee || fee->mult_proc != 2)
        return false;
    for (size_t k = 0; k < e->nclaims; k++) {
        const da_claim_line *o = &d->claims[e->claims[k]];
        const da_fee *of = da_fees_find(fees, o->code);
        if (e->claims[k] == ci || !of || of->mult_proc != 2 || o->status != DA_STATUS_PAID)
            continue;
        if (of->nonfacility > fee->nonfacility ||
            (of->nonfacility == fee->nonfacility && e->claims[k] < ci))
            return true;
    }
    return false;
}

da_cents da_line_due(const da_dataset *d, size_t encounter, size_t ci, const da_fee_table *fees,
                     const da_contracts *contracts, const da_contract **row, bool *reduced)
{
    const da_claim_line *c = &d->claims[ci];
    const da_fee *fee = fees ? da_fees_find(fees, c->code) : NULL;
    const da_contract *r = da_contract_find(contracts, c);
    da_cents due = -1;
    if (r && r->allowed != DA_CENTS_NONE)
        due = r->allowed * c->units;
    else if (fee && fee->nonfacility > 0)
        due = (da_cents)llround((double)fee->nonfacility * (r ? r->percent / 100.0 : 1.0)) * c->units;
    *row = r;
    *reduced = due > 0 && secondary(d, &d->encounters[encounter], ci, fees, fee);
    return *reduced ? (due + 1) / 2 : due;
}

static bool already_found(const da_finding_list *out, size_t encounter, size_t ci)
{
    for (size_t i = out->count; i > 0 && out->items[i - 1].encounter == encounter; i--)
        if (out->items[i - 1].claim == (long)ci && out->items[i - 1].direction == DA_DIR_UNDER &&
            strcmp(out->items[i - 1].category, "payment") == 0)
            return true;
    return false;
}

da_error da_rule_contracts(const da_rule_input *in, da_finding_list *out)
{
    const da_contracts *t = in->rules->contracts;
    if (!t || !t->count)
        return DA_OK;
    const da_encounter *e = &in->data->encounters[in->encounter];
    for (size_t k = 0; k < e->nclaims; k++) {
        size_t ci = e->claims[k];
        const da_claim_line *c = &in->data->claims[ci];
        if (c->status != DA_STATUS_PAID || c->allowed == DA_CENTS_NONE)
            continue;
        const da_contract *r;
        bool reduced;
        da_cents due = da_line_due(in->data, in->encounter, ci, in->fees, t, &r, &reduced);
        if (!r || due < 0 || c->allowed >= due - 1 || already_found(out, in->encounter, ci))
            continue;
        da_finding *f = da_rulekit_finding(out, "payment", in->encounter, "PAY-CONTRACT-UNDER",
                                           DA_DIR_UNDER, DA_CONF_HIGH);
        f->claim = (long)ci;
        snprintf(f->billed_code, sizeof(f->billed_code), "%s", c->code);
        f->billed_units = c->units;
        snprintf(f->expected_code, sizeof(f->expected_code), "%s", c->code);
        f->expected_units = c->units;
        f->amount = due - c->allowed;
        f->priced_by_rule = true;
        f->basis = BASIS_CONTRACT;
        char terms[48];
        if (r->allowed != DA_CENTS_NONE)
            snprintf(terms, sizeof(terms), "$%lld.%02lld per unit", (long long)(r->allowed / 100),
                     (long long)(r->allowed % 100));
        else
            snprintf(terms, sizeof(terms), "%.4g%% of Medicare per unit", r->percent);
        snprintf(f->evidence, sizeof(f->evidence),
                 "Contract row at line %lu (code %s%s%s): %s%s, due $%lld.%02lld; allowed $%lld.%02lld",
                 r->line, r->code, r->modifier[0] ? "-" : "", r->modifier, terms,
                 reduced ? ", 50% as a secondary procedure" : "", (long long)(due / 100),
                 (long long)(due % 100), (long long)(c->allowed / 100), (long long)(c->allowed % 100));
    }
    return DA_OK;
}
