/* families.c - the list of rule families run on every encounter. */
#include "rules.h"
#include "asp.h"
#include "denials.h"
#include "payers.h"

#include <stdlib.h>
#include <string.h>

const da_rule_family da_rule_families[] = {
    {"mohs", da_rule_mohs},
    {"lesions", da_rule_lesions},
    {"repairs", da_rule_repairs},
    {"pathology", da_rule_pathology},
    {"cosmetic", da_rule_cosmetic},
    {"drugs", da_rule_drugs},
    {"modifier-25", da_rule_modifier_25}, /* before denials: a CO-4 E/M it recovers is not a denial finding too */
    {"denials", da_rule_denials},
    {"em", da_rule_em},
    {"modifiers", da_rule_modifiers}, /* re-ranks with the other families' corrections */
    {"contracts", da_rule_contracts}, /* after modifiers: a line it finds underpaid is reported once */
    {NULL, NULL},
};

da_error da_rules_load(da_rules *r, const struct da_asp_table *asp, const struct da_ncci *ncci,
                       const struct da_contracts *contracts)
{
    memset(r, 0, sizeof(*r));
    da_error err = da_sites_load(&r->sites);
    if (err == DA_OK)
        err = da_drugs_load(&r->drugs);
    if (err == DA_OK)
        err = da_catalog_load(&r->catalog);
    if (err == DA_OK)
        err = da_mohs_load(&r->mohs);
    if (err == DA_OK)
        err = da_pathology_load(&r->pathology);
    if (err == DA_OK)
        err = da_cosmetic_load(&r->cosmetic);
    if (err == DA_OK)
        err = da_lesion_codes_load(&r->lesions);
    if (err == DA_OK)
        err = da_repairs_load(&r->repairs);
    if (err == DA_OK)
        err = da_pairs_load(&r->pairs);
    if (err == DA_OK)
        err = da_payers_load(&r->payers);
    if (err == DA_OK)
        err = da_filing_load(&r->filing);
    if (err == DA_OK)
        err = da_drug_policy_load(&r->drug_policy, r->drugs);
    if (err == DA_OK && !asp)
        err = da_asp_load_default(&r->asp_builtin);
    if (err != DA_OK) {
        da_rules_free(r);
        return err;
    }
    r->asp = asp ? asp : r->asp_builtin;
    r->ncci = ncci;
    r->contracts = contracts;
    return DA_OK;
}

void da_rules_free(da_rules *r)
{
    da_sites_free(r->sites);
    da_drugs_free(r->drugs);
    da_catalog_free(r->catalog);
    free(r->mohs);
    free(r->pathology);
    free(r->cosmetic);
    free(r->lesions);
    free(r->repairs);
    free(r->pairs);
    free(r->payers);
    free(r->filing);
    free(r->drug_policy);
    da_asp_free(r->asp_builtin);
    memset(r, 0, sizeof(*r));
}
