/* families.c - the list of rule families run on every encounter. */
#include "rules.h"

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
