/* drugrule.h - the arithmetic of the drug rule (rules/drugs.c), for tests
 * and for anyone who needs the units a dose is billed in. */
#ifndef DA_DRUGRULE_H
#define DA_DRUGRULE_H

#include "drugs.h"

/* Billing units of a dose: dose / unit size rounded up (40 mg of J3301 per
 * 10 mg = 4; 4 mg = 1); 1 for an unclassified code (unit_mg 0) whatever the
 * dose; 0 when a classified drug's dose is not stated (dose_mg <= 0). */
int da_drug_units(const da_drug *drug, double dose_mg);

#endif
