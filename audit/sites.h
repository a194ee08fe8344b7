/* sites.h - the anatomic site vocabulary and the CPT site groups per code family.
 *
 * The table is data (rules/sites.csv, built into the program): one row per
 * site, with the group it falls in for each code family and the broader
 * site it lies in (a helix in the ear, the ear in the face). Groupings differ by
 * family: the malignant excision face group has no mucous membrane, and the
 * repair classes group sites differently from each other.
 *
 * da_sites_load reads the table into a da_sites the caller owns and frees
 * with da_sites_free. It is read-only once loaded: load it once, before the
 * threads start, and lend it (const) to the extractors and the rule
 * families, which must not outlive it.
 */
#ifndef DA_SITES_H
#define DA_SITES_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* Excision, shave and destruction groups (11400-11446, 11600-11646, 11300-11313, 17260-17286). */
typedef enum da_lesion_group {
    DA_LESION_NONE,   /* no code in these families */
    DA_LESION_TAL,    /* trunk, arms, legs */
    DA_LESION_SNHFG,  /* scalp, neck, hands, feet, genitalia */
    DA_LESION_FACE    /* face, ears, eyelids, nose, lips (and mucous membrane, see da_site.mucosa) */
} da_lesion_group;

/* Mohs groups (17311 versus 17313). */
typedef enum da_mohs_group {
    DA_MOHS_NONE,  /* not a Mohs site */
    DA_MOHS_HEAD,  /* head, neck, hands, feet, genitalia: 17311/17312 */
    DA_MOHS_TRUNK  /* trunk, arms, legs: 17313/17314 */
} da_mohs_group;

typedef struct da_site {
    const char *name;         /* canonical site, e.g. "nasal ala" */
    da_lesion_group lesion;   /* excision/shave/destruction group */
    bool mucosa;              /* mucous membrane: in the benign face group, not the malignant one */
    da_mohs_group mohs;       /* Mohs group */
    int simple_repair;        /* simple repair group: 1 = scalp/neck/axillae/genitalia/trunk/extremities, 2 = face/ears/eyelids/nose/lips/mucosa */
    int intermediate_repair;  /* 1 = scalp/axillae/trunk/extremities, 2 = neck/hands/feet/genitalia, 3 = face/ears/eyelids/nose/lips/mucosa */
    int complex_repair;       /* 1 = trunk, 2 = scalp/arms/legs, 3 = forehead/cheeks/chin/mouth/neck/axillae/genitalia/hands/feet, 4 = eyelids/nose/ears/lips; also ATT */
    int part_of;              /* index of the broader site it lies in ("helix" in "ear"), -1 none */
} da_site;

/* The loaded table (opaque). */
typedef struct da_sites da_sites;

/* Reads the built-in table into *out (NULL on error): DA_ERR_FORMAT when
 * the table is broken (a bad row, a part_of naming no site, a part_of
 * chain that comes back to itself). */
da_error da_sites_load(da_sites **out);
/* Releases the table; NULL is a no-op. */
void da_sites_free(da_sites *sites);
size_t da_sites_count(const da_sites *sites);
/* The site at index i (as stored in DA_FACT_SITE facts), NULL out of range. */
const da_site *da_site_get(const da_sites *sites, int i);
/* True when site a is site b or lies within it, through part_of. */
bool da_site_within(const da_sites *sites, int a, int b);
/* Index of the site with this canonical name, or -1. */
int da_site_find(const da_sites *sites, const char *name);
/* The reader's site pattern, to free: every term of the table (as written
 * in rules/sites.csv: phrases separated by '|' outside parentheses,
 * optionally with regex fragments), each
 * ending in (*MARK:its row), behind an optional side ("right", "L.",
 * "bilateral") and position words ("upper", "medial"); the side is the
 * named group "side". */
char *da_sites_pattern(const da_sites *sites);

#endif
