/* families.c - the list of rule families run on every encounter. */
#include "rules.h"

const da_rule_family da_rule_families[] = {
    {"mohs", da_rule_mohs},
    {"pathology", da_rule_pathology},
    {"cosmetic", da_rule_cosmetic},
    {NULL, NULL},
};
