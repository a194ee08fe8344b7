/* lesions.h - the lesions an encounter's notes document, and the code
 * tables, shared by the lesion family (lesions.c) and the repair family
 * (repairs.c).
 *
 * A lesion is one block of a procedure note (the text after a "Lesion A:" or
 * "Specimen 2:" marker, or the whole note when it has none) that documents a
 * removal, biopsy, destruction, lesion count or closure. Final pathology comes
 * from any note of the encounter and is tied to a lesion by specimen number.
 */
#ifndef DA_LESIONS_H
#define DA_LESIONS_H

#include <stdbool.h>

#include "rulekit.h"
#include "rules.h"
#include "sites.h"

#define DA_MAX_LESIONS 32 /* lesions per encounter considered */

typedef struct da_lesion {
    long note;               /* index into data->notes of the procedure note */
    int number;              /* lesion number in the encounter, 1-based, in note order */
    int in_note;             /* lesion marker number in its note, 0 when the note has none */
    unsigned procs;          /* procedures documented: bit (1u << da_procedure) */
    bool technique_unread;   /* a biopsy the note counts whose technique it does not give
                                (taken as the lowest the note names) */
    int site;                /* first site with a lesion group, -1 when none */
    double size;             /* first clinical size stated, cm; 0 when none */
    double size_min;         /* smallest size or defect stated, cm (destruction); 0 when none */
    double size_max;         /* largest size or defect stated, cm (destruction); 0 when none */
    double size_lo, size_hi; /* smallest and largest clinical size stated, cm; 0 when none */
    double margin;           /* narrowest margin, cm; < 0 when not documented */
    double excised;          /* excised diameter as written by the clinician, cm; 0 when none */
    da_diagnosis dx;         /* clinical diagnosis (the first one), DA_DX_NONE when none */
    da_diagnosis path;       /* final pathology (malignant wins), DA_DX_NONE when none */
    int premalignant;        /* premalignant lesions counted for destruction */
    int benign_count;        /* benign lesions counted for destruction */
    int tag_count;           /* skin tags counted as removed */
    da_repair_class repair;  /* most complex closure documented */
    double repair_length;    /* repair length, cm; 0 when none */
    int undermining;         /* most undermining stated: 0 none, 1 limited or unspecified, 2
                                extensive in words, 3 at least the defect's width */
    bool wound_prep;         /* the wound was prepared for the repair (cones, edges) */
    da_evidence ev_complex;  /* what makes a layered closure complex: the undermining */
    bool flap;               /* adjacent tissue transfer documented */
    double flap_area;        /* flap area, primary + secondary defect, sq cm; 0 when none */
    da_evidence ev_proc;     /* the procedure */
    da_evidence ev_size;     /* the clinical size */
    da_evidence ev_margin;   /* the margin */
    da_evidence ev_site;     /* the site */
    da_evidence ev_path;     /* the final pathology */
    da_evidence ev_count;    /* the lesion count */
    da_evidence ev_repair;   /* the closure */
    da_evidence ev_length;   /* the repair length */
    da_evidence ev_flap;     /* the flap and its area */
} da_lesion;

typedef struct da_lesion_set {
    da_lesion items[DA_MAX_LESIONS]; /* lesions in note order */
    size_t count;                    /* lesions used */
} da_lesion_set;

/* Collects the lesions of the encounter under audit. */
void da_lesions_collect(const da_rule_input *in, da_lesion_set *set);

/* True when the lesion documents procedure p. */
bool da_lesion_has(const da_lesion *l, da_procedure p);

/* The excision grid's reading of a lesion (coding-rules.md 1.2-1.3). */
typedef enum da_malignancy {
    DA_MAL_UNKNOWN,   /* no diagnosis: either family is accepted */
    DA_MAL_BENIGN,    /* benign final pathology, or a benign clinical diagnosis without pathology */
    DA_MAL_MALIGNANT, /* malignant final pathology, or a malignant clinical diagnosis without pathology */
    DA_MAL_EITHER     /* benign pathology after a malignant clinical diagnosis (a re-excision keeps
                       * the malignant code, a misdiagnosis takes the benign one): both accepted */
} da_malignancy;

typedef struct da_excision_size {
    double mm;         /* excised diameter in mm (lesion + 2 x margin, else as written, else lesion) */
    bool margin_known; /* a margin (or an excised diameter) was documented */
    bool ambiguous;    /* not a whole mm and within 0.5 mm of a bucket boundary */
} da_excision_size;

da_malignancy da_lesion_malignancy(const da_lesion *l);
/* False when no size is documented. */
bool da_lesion_excision_size(const da_lesion *l, da_excision_size *out);

/* The lesion code table (rules/lesion_codes.csv): da_rules.lesions. */
/* Code of a size family ("excision_benign", "shave", "destruction_malignant",
 * ...) for a site group and a size in mm (upper-inclusive buckets); "" when
 * the table has none. */
const char *da_lesion_code(const da_lesion_codes *table, const char *family, da_lesion_group group,
                           double mm);
/* Family and bucket of a code of the lesion table; false when not in it. */
bool da_lesion_code_info(const da_lesion_codes *table, const char *code, const char **family,
                         const char **group);
/* True when mm is not a whole millimetre and lies within 0.5 mm of a bucket boundary of the family. */
bool da_lesion_boundary_ambiguous(const da_lesion_codes *table, const char *family,
                                  da_lesion_group group, double mm);

/* A finding of the encounter under audit about lesion l (NULL: about the
 * encounter as a whole), in category ("lesion", "repair"). */
da_finding *da_lesion_finding(da_finding_list *out, const char *category, const da_rule_input *in,
                              const da_lesion *l, const char *rule, da_direction dir,
                              da_confidence conf);

/* Under when the expected code and units earn more than the billed ones at
 * the fee table's amounts (fallback when there is no fee table or a code is
 * missing from it), else over. */
da_direction da_code_direction(const da_rule_input *in, const char *billed, int billed_units,
                               const char *expected, int expected_units, da_direction fallback);

/* A size for the detail sheet ("1.4"); "" when not known. */
const char *da_size_text(char out[16], double v, bool known);

/* The "Lesions & Repairs" sheet's columns. */
extern const da_detail_column da_lesion_columns[];
extern const size_t da_lesion_ncolumns;

#endif
