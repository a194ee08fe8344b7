/* facts.h - what extraction finds in a note: one da_fact per finding in the
 * text, with the byte offsets a coder can check.
 *
 * A fact list owns its array; facts own nothing (sites are indexes into the
 * site table). Lists are created and freed by whoever runs extraction.
 */
#ifndef DA_FACTS_H
#define DA_FACTS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* What a fact is. The value fields per kind are given beside each. Sizes are
 * in cm, areas in sq cm, doses in mg, time in minutes; every length fact
 * (size, margin, excised diameter, defect, repair length, pathology size,
 * measure) carries its da_role in value2. Negated ("no
 * bleeding"), historical ("history of melanoma", "previously treated") and
 * planned ("will return for excision") statements produce no fact. */
typedef enum da_fact_kind {
    DA_FACT_SIZE,              /* clinical (pre-operative) lesion size, greatest dimension: value cm */
    DA_FACT_MARGIN,            /* margin taken around the lesion (narrowest when several): value cm */
    DA_FACT_SITE,              /* anatomic site: site index (site), laterality (value2) */
    DA_FACT_MOHS,              /* Mohs micrographic surgery is documented */
    DA_FACT_MOHS_STAGE,        /* one Mohs stage is documented: stage number (value) */
    DA_FACT_MOHS_BLOCKS,       /* tissue blocks (value) of stage value2 (0 = stage not stated, -1 = each stage) */
    DA_FACT_MOHS_STAGE_COUNT,  /* total Mohs stages stated (value) */
    DA_FACT_MOHS_DEEP,         /* Mohs surgery involved muscle, cartilage, bone, tendon, major nerve or vessel */
    DA_FACT_MOHS_MORE,         /* tissue taken again without a count ("additional tissue taken ...
                                * until a tumor-free plane"): more stages than a first, uncounted */
    DA_FACT_EXCISED_DIAMETER,  /* excised diameter as written by the clinician: value cm */
    DA_FACT_DEFECT_SIZE,       /* post-excision defect, greatest dimension: value cm */
    DA_FACT_REPAIR_LENGTH,     /* length of the repaired wound: value cm */
    DA_FACT_FLAP_AREA,         /* flap or graft area, primary + secondary defect: value sq cm */
    DA_FACT_PATH_SIZE,         /* a size from the pathology report (never codes): value cm */
    DA_FACT_PROCEDURE,         /* a procedure performed: value da_procedure, value2 da_destruction (destruction) */
    DA_FACT_REPAIR,            /* a closure: value da_repair_class */
    DA_FACT_UNDERMINING,       /* undermining: value 0 unspecified, 1 limited, 2 extensive in words
                                * ("undermined widely"), 3 at least the defect's width (stated, or a
                                * distance measured against the defect) */
    DA_FACT_WOUND_PREP,        /* the wound prepared for its repair: standing cones or dog-ears
                                * excised, edges trimmed, freshened or debrided */
    DA_FACT_FLAP,              /* adjacent tissue transfer: value da_flap */
    DA_FACT_GRAFT,             /* skin graft: value 1 full-thickness, 2 split-thickness */
    DA_FACT_DIAGNOSIS,         /* clinical or working diagnosis: value da_diagnosis */
    DA_FACT_PATH_DIAGNOSIS,    /* final pathology diagnosis: value da_diagnosis, value2 specimen (1 = A; 0 = unlabelled) */
    DA_FACT_LESION_COUNT,      /* lesions treated in one statement ("15 AKs treated with LN2"): value count, value2 da_diagnosis */
    DA_FACT_SPECIMEN,          /* a specimen submitted: value specimen (1 = A; 0 = unlabelled), value2 da_lab */
    DA_FACT_SPECIMEN_COUNT,    /* specimens submitted, stated as a number: value count */
    DA_FACT_STAIN,             /* a stain beyond H&E: value da_stain, value2 specimen (0 = not tied) */
    DA_FACT_FROZEN_SECTION,    /* a frozen section was examined (outside Mohs) */
    DA_FACT_DRUG,              /* a drug given: ref = drug table index, value dose mg (0 = not stated) */
    DA_FACT_DRUG_WASTE,        /* drug discarded: ref = drug table index, value mg */
    DA_FACT_DRUG_SOURCE,       /* who supplied the drug: value da_drug_source (model.h) */
    DA_FACT_ROUTE,             /* route of an injection: value da_route */
    DA_FACT_LESIONS_INJECTED,  /* lesions injected intralesionally: value count */
    DA_FACT_CONTAINER,         /* value 1 single-dose vial/syringe, 2 multi-dose vial */
    DA_FACT_NDC,               /* an NDC or lot number is recorded (the evidence holds it) */
    DA_FACT_NECESSITY,         /* a medical-necessity sign or symptom: value da_necessity */
    DA_FACT_COSMETIC,          /* cosmetic intent ("for appearance", "cosmetic removal") */
    DA_FACT_PROBLEM,           /* a problem addressed at the visit: value da_problem_status, value2 da_diagnosis (0 = other) */
    DA_FACT_RX,                /* prescription drug management: value da_rx_action */
    DA_FACT_OTC,               /* over-the-counter drug recommended */
    DA_FACT_DATA,              /* data reviewed or ordered: value da_data_item */
    DA_FACT_TOTAL_TIME,        /* total time on the date of the encounter: value minutes */
    DA_FACT_SEPARATE_EM,       /* the note says a problem was evaluated separately from the procedure */
    DA_FACT_PATIENT,           /* new or established patient: value da_patient_status */
    DA_FACT_POSTOP,            /* post-operative care of an earlier procedure (sutures out, wound check) */
    DA_FACT_PROCEDURE_COUNT,   /* lesions the note says were treated: value count, value2 da_count_of */
    DA_FACT_READING,           /* the note's reading is incomplete here: value da_reading_gap, value2
                                * what the note states (a count), value is explained by the kind */
    DA_FACT_SERVICE,           /* a service outside the rule families (rules/services.csv): value row */
    DA_FACT_MEASURE,           /* a length that is not the lesion's, its margin, defect, excision or repair
                                * (an incision, a punch, a distance) or whose role no word gives: value cm */
    DA_FACT_KIND_COUNT
} da_fact_kind;

/* Whether the note calls the patient new or established (DA_FACT_PATIENT). */
/* How far a repair's undermining went (DA_FACT_UNDERMINING value). */
typedef enum da_undermining {
    DA_UNDERMINE_UNSPECIFIED, /* undermined, no extent */
    DA_UNDERMINE_LIMITED,     /* limited, minimal */
    DA_UNDERMINE_EXTENSIVE,   /* extensive in words only ("undermined widely") */
    DA_UNDERMINE_WIDTH        /* at least the defect's width: CPT's extensive undermining */
} da_undermining;

typedef enum da_patient_status { DA_PATIENT_NEW = 1, DA_PATIENT_ESTABLISHED } da_patient_status;

/* What a stated count counts (DA_FACT_PROCEDURE_COUNT value2). */
typedef enum da_count_of {
    DA_COUNT_LESIONS,   /* lesions, sites or moles treated in some way */
    DA_COUNT_BIOPSIES,  /* biopsies */
    DA_COUNT_EXCISIONS, /* excisions */
    DA_COUNT_TUMORS     /* tumours or surgical sites (Mohs) */
} da_count_of;

/* Why a note's reading is incomplete (DA_FACT_READING value). */
typedef enum da_reading_gap {
    DA_GAP_NONE,
    DA_GAP_COUNT,      /* the note counts more or fewer lesions than were found (value2: its count) */
    DA_GAP_UNREAD,     /* a sentence removes or samples tissue by no technique the reader knows */
    DA_GAP_SPECIMENS   /* the pathology report's specimens disagree with the lesions sampled */
} da_reading_gap;

typedef enum da_procedure {
    DA_PROC_NONE,
    DA_PROC_EXCISION,            /* full-thickness excision */
    DA_PROC_SHAVE,               /* shave removal (intent to remove) */
    DA_PROC_BIOPSY_TANGENTIAL,   /* shave, scoop or saucerization biopsy */
    DA_PROC_BIOPSY_PUNCH,        /* punch biopsy */
    DA_PROC_BIOPSY_INCISIONAL,   /* incisional or wedge biopsy */
    DA_PROC_DESTRUCTION,         /* destruction; method in value2 */
    DA_PROC_SKIN_TAG_REMOVAL,    /* removal of skin tags */
    DA_PROC_INJECTION_IL,        /* intralesional injection */
    DA_PROC_INJECTION_SC_IM,     /* subcutaneous or intramuscular injection */
    DA_PROC_SCAR_REVISION        /* scar revision (a plastic repair specimen) */
} da_procedure;

typedef enum da_destruction {
    DA_DESTROY_UNSPECIFIED,
    DA_DESTROY_CRYO,        /* cryotherapy, liquid nitrogen */
    DA_DESTROY_EDC,         /* electrodesiccation and curettage */
    DA_DESTROY_CURETTAGE,   /* curettage alone */
    DA_DESTROY_LASER,       /* laser */
    DA_DESTROY_CHEMICAL     /* chemical (cantharidin, TCA, ...) */
} da_destruction;

typedef enum da_repair_class {
    DA_REPAIR_NONE,
    DA_REPAIR_SIMPLE,        /* simple, single-layer */
    DA_REPAIR_INTERMEDIATE,  /* layered closure */
    DA_REPAIR_COMPLEX        /* complex repair */
} da_repair_class;

typedef enum da_flap {
    DA_FLAP_OTHER, DA_FLAP_ADVANCEMENT, DA_FLAP_ROTATION, DA_FLAP_TRANSPOSITION, DA_FLAP_BILOBED,
    DA_FLAP_RHOMBIC, DA_FLAP_VY, DA_FLAP_OZ
} da_flap;

typedef enum da_diagnosis {
    DA_DX_NONE,
    DA_DX_BCC,             /* basal cell carcinoma */
    DA_DX_SCC,             /* squamous cell carcinoma, invasive */
    DA_DX_SCCIS,           /* SCC in situ / Bowen's disease */
    DA_DX_MELANOMA,        /* invasive melanoma */
    DA_DX_MIS,             /* melanoma in situ */
    DA_DX_DFSP,            /* dermatofibrosarcoma protuberans */
    DA_DX_MALIGNANT_OTHER, /* other malignancy (Merkel cell, ...) */
    DA_DX_AK,              /* actinic keratosis (premalignant) */
    DA_DX_SK,              /* seborrheic keratosis, not inflamed */
    DA_DX_SK_INFLAMED,     /* irritated or inflamed seborrheic keratosis */
    DA_DX_NEVUS,           /* benign nevus */
    DA_DX_NEVUS_ATYPICAL,  /* atypical or dysplastic nevus */
    DA_DX_CYST,            /* epidermal, pilar or other cyst */
    DA_DX_WART,            /* verruca */
    DA_DX_SKIN_TAG,        /* acrochordon */
    DA_DX_DERMATOFIBROMA,  /* dermatofibroma */
    DA_DX_BENIGN_OTHER,    /* other benign lesion (lipoma, hemangioma, scar, ...) */
    DA_DX_PSORIASIS, DA_DX_ATOPIC_DERMATITIS, DA_DX_ACNE, DA_DX_ROSACEA, DA_DX_HIDRADENITIS,
    DA_DX_URTICARIA, DA_DX_ALOPECIA, DA_DX_KELOID, DA_DX_RASH_OTHER
} da_diagnosis;

typedef enum da_lab { DA_LAB_UNKNOWN, DA_LAB_IN_HOUSE, DA_LAB_OUTSIDE } da_lab;
typedef enum da_stain {
    DA_STAIN_SPECIAL_I = 1, /* special stain for microorganisms (PAS, GMS, AFB, ...): 88312 */
    DA_STAIN_SPECIAL_II,    /* other special stain (iron, trichrome, ...): 88313 */
    DA_STAIN_IHC            /* immunohistochemistry (SOX10, MART-1, ...): 88342/88341 */
} da_stain;
typedef enum da_route { DA_ROUTE_UNKNOWN, DA_ROUTE_SC, DA_ROUTE_IM, DA_ROUTE_IL, DA_ROUTE_IV } da_route;
typedef enum da_necessity {
    DA_NEED_BLEEDING = 1, DA_NEED_ITCHING, DA_NEED_PAIN, DA_NEED_INFLAMED, DA_NEED_IRRITATED,
    DA_NEED_CHANGE,          /* rapid growth or change in appearance */
    DA_NEED_OBSTRUCTION,     /* obstructs vision or an orifice */
    DA_NEED_TRAUMA,          /* repeated trauma, catches on clothing or jewellery */
    DA_NEED_SUSPICIOUS       /* uncertain diagnosis, malignancy a concern */
} da_necessity;
typedef enum da_problem_status {
    DA_PROBLEM_UNSPECIFIED, DA_PROBLEM_NEW, DA_PROBLEM_STABLE, DA_PROBLEM_IMPROVING,
    DA_PROBLEM_WORSENING, DA_PROBLEM_FLARE
} da_problem_status;
typedef enum da_rx_action { DA_RX_STARTED = 1, DA_RX_CHANGED, DA_RX_CONTINUED, DA_RX_STOPPED } da_rx_action;
typedef enum da_data_item {
    DA_DATA_EXTERNAL_NOTE = 1, DA_DATA_TEST_RESULT, DA_DATA_TEST_ORDERED, DA_DATA_HISTORIAN
} da_data_item;

/* True for the malignant diagnoses (the malignant excision and destruction codes). */
int da_diagnosis_malignant(da_diagnosis dx);
/* Stable lower-case names for the --facts CSV ("bcc", "punch_biopsy", ...). */
const char *da_diagnosis_name(da_diagnosis dx);
const char *da_procedure_name(da_procedure p);
/* Stable lower-case name of an enumerated value or value2 of a kind, as
 * written in --facts and in the test corpus ("cryo", "intermediate",
 * "itching", "outside"); NULL when that field of the kind is a number or
 * the value is out of range. */
const char *da_fact_value_name(da_fact_kind kind, int value);
const char *da_fact_value2_name(da_fact_kind kind, int value2);
/* The inverses, for tables that name kinds and values: the kind of a
 * --facts name, the value (or value2) of a name or of a whole number
 * written as digits; -1 when there is none. */
int da_fact_kind_parse(const char *name);
int da_fact_value_parse(da_fact_kind kind, const char *name);
int da_fact_value2_parse(da_fact_kind kind, const char *name);

/* The roles a measurement can have in a note (rules/roles.csv gives the words):
 * what the number measures, read from the words around it. */
typedef enum da_role {
    DA_ROLE_UNKNOWN,    /* no word says: never used for money */
    DA_ROLE_LESION,     /* the lesion, clinically, before removal */
    DA_ROLE_MARGIN,     /* the margin taken around it */
    DA_ROLE_EXCISED,    /* the excised diameter as written */
    DA_ROLE_DEFECT,     /* the defect or wound after removal */
    DA_ROLE_REPAIR,     /* the length of the closure */
    DA_ROLE_INCISION,   /* an incision or ellipse */
    DA_ROLE_INSTRUMENT, /* a punch, curette or blade */
    DA_ROLE_SPECIMEN,   /* a specimen as received */
    DA_ROLE_DISTANCE,   /* a distance: undermining, dissection, from a landmark */
    DA_ROLE_DEPTH,      /* a depth or thickness */
    DA_ROLE_AREA,       /* one side of an area, not a length */
    DA_ROLE_COUNT
} da_role;

/* Stable lower-case name of a role ("margin"); NULL when out of range. */
const char *da_role_name(da_role role);

typedef enum da_laterality {
    DA_SIDE_NONE,      /* not stated */
    DA_SIDE_RIGHT,     /* right */
    DA_SIDE_LEFT,      /* left */
    DA_SIDE_BILATERAL  /* both sides */
} da_laterality;

/* Lesion numbers the reader keeps apart: labels and list items number
 * lesions with one or two digits, so per-lesion tables of the reader are
 * this long and a higher number shares the last entry. */
#define DA_LESION_NUMBERS 100

typedef struct da_fact {
    da_fact_kind kind; /* what was found */
    int lesion;        /* lesion it belongs to, 1-based; 0 = the note as a whole */
    double value;      /* main value (cm, count, stage number); see the kind */
    double value2;     /* second value (blocks of a stage, laterality); see the kind */
    int site;          /* DA_FACT_SITE: index in the site table; -1 otherwise */
    int ref;           /* DA_FACT_DRUG, DA_FACT_DRUG_WASTE: index in the drug table; DA_FACT_STAIN:
                        * the antibody or stain named (0 generic words); -1 otherwise */
    size_t start;      /* first byte of the evidence in the note */
    size_t end;        /* one past the last byte of the evidence */
} da_fact;

typedef struct da_fact_list {
    da_fact *items; /* facts in text order */
    size_t count;   /* facts used */
    size_t cap;     /* facts allocated */
    int nlesions;   /* lesions the note was split into (0 = no lesion markers) */
    int limit_hit;  /* nonzero when a match limit stopped extraction early */
} da_fact_list;

void da_facts_init(da_fact_list *list);
void da_facts_free(da_fact_list *list);
void da_facts_clear(da_fact_list *list);
void da_facts_add(da_fact_list *list, const da_fact *fact);

/* True when a note is a pathology report: typed so by the export (a type
 * beginning "path"), or, untyped, stating a pathology diagnosis and no
 * procedure, Mohs, repair, flap or lesion count of its own (an op note
 * quoting the biopsy result is still the op note). */
bool da_facts_are_report(const char *note_type, const da_fact_list *facts);

/* Stable lower-case name of a kind, as written in --facts ("size", "mohs_stage"). */
const char *da_fact_kind_name(da_fact_kind kind);

#endif
