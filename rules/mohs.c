/* mohs.c - Mohs micrographic surgery (17311-17315). Work in progress. */
#include "rules.h"

da_error da_rule_mohs(const da_rule_input *in, da_finding_list *out)
{
    (void)in;
    (void)out;
    return DA_OK;
}
