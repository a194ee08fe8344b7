/* families.c - the list of rule families run on every encounter. */
#include "rules.h"

const da_rule_family da_rule_families[] = {
    {"mohs", da_rule_mohs},
    {"denials", da_rule_denials},
    {NULL, NULL},
};
