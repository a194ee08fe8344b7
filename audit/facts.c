/* facts.c - fact lists and fact names. */
#include "facts.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mem.h"

void da_facts_init(da_fact_list *list)
{
    list->items = NULL;
    list->count = list->cap = 0;
    list->nlesions = 0;
    list->limit_hit = 0;
}

void da_facts_free(da_fact_list *list)
{
    free(list->items);
    da_facts_init(list);
}

void da_facts_clear(da_fact_list *list)
{
    list->count = 0;
    list->nlesions = 0;
    list->limit_hit = 0;
}

void da_facts_add(da_fact_list *list, const da_fact *fact)
{
    da_grow((void **)&list->items, &list->cap, list->count + 1, sizeof(*list->items));
    list->items[list->count++] = *fact;
}

const char *da_fact_kind_name(da_fact_kind kind)
{
    switch (kind) {
    case DA_FACT_SIZE: return "size";
    case DA_FACT_MARGIN: return "margin";
    case DA_FACT_SITE: return "site";
    case DA_FACT_MOHS: return "mohs";
    case DA_FACT_MOHS_STAGE: return "mohs_stage";
    case DA_FACT_MOHS_BLOCKS: return "mohs_blocks";
    case DA_FACT_EXCISED_DIAMETER: return "excised_diameter";
    case DA_FACT_DEFECT_SIZE: return "defect_size";
    case DA_FACT_REPAIR_LENGTH: return "repair_length";
    case DA_FACT_FLAP_AREA: return "flap_area";
    case DA_FACT_PATH_SIZE: return "path_size";
    case DA_FACT_PROCEDURE: return "procedure";
    case DA_FACT_REPAIR: return "repair";
    case DA_FACT_UNDERMINING: return "undermining";
    case DA_FACT_WOUND_PREP: return "wound_prep";
    case DA_FACT_FLAP: return "flap";
    case DA_FACT_GRAFT: return "graft";
    case DA_FACT_DIAGNOSIS: return "diagnosis";
    case DA_FACT_PATH_DIAGNOSIS: return "path_diagnosis";
    case DA_FACT_LESION_COUNT: return "lesion_count";
    case DA_FACT_SPECIMEN: return "specimen";
    case DA_FACT_SPECIMEN_COUNT: return "specimen_count";
    case DA_FACT_STAIN: return "stain";
    case DA_FACT_FROZEN_SECTION: return "frozen_section";
    case DA_FACT_DRUG: return "drug";
    case DA_FACT_DRUG_WASTE: return "drug_waste";
    case DA_FACT_DRUG_SOURCE: return "drug_source";
    case DA_FACT_ROUTE: return "route";
    case DA_FACT_LESIONS_INJECTED: return "lesions_injected";
    case DA_FACT_CONTAINER: return "container";
    case DA_FACT_NDC: return "ndc";
    case DA_FACT_NECESSITY: return "necessity";
    case DA_FACT_COSMETIC: return "cosmetic";
    case DA_FACT_PROBLEM: return "problem";
    case DA_FACT_RX: return "rx";
    case DA_FACT_OTC: return "otc";
    case DA_FACT_DATA: return "data";
    case DA_FACT_TOTAL_TIME: return "total_time";
    case DA_FACT_SEPARATE_EM: return "separate_em";
    case DA_FACT_MOHS_STAGE_COUNT: return "mohs_stage_count";
    case DA_FACT_MOHS_DEEP: return "mohs_deep";
    case DA_FACT_MOHS_MORE: return "mohs_more";
    case DA_FACT_MEASURE: return "measure";
    case DA_FACT_SERVICE: return "service_not_audited";
    case DA_FACT_PROCEDURE_COUNT: return "procedure_count";
    case DA_FACT_PATIENT: return "patient_status";
    case DA_FACT_POSTOP: return "postop_care";
    case DA_FACT_READING: return "reading_gap";
    case DA_FACT_KIND_COUNT: break;
    }
    return "?";
}

int da_diagnosis_malignant(da_diagnosis dx)
{
    switch (dx) {
    case DA_DX_BCC:
    case DA_DX_SCC:
    case DA_DX_SCCIS:
    case DA_DX_MELANOMA:
    case DA_DX_MIS:
    case DA_DX_DFSP:
    case DA_DX_MALIGNANT_OTHER:
        return 1;
    default:
        return 0;
    }
}

const char *da_diagnosis_name(da_diagnosis dx)
{
    static const char *const names[] = {
        "none", "bcc", "scc", "sccis", "melanoma", "mis", "dfsp", "malignant_other", "ak", "sk",
        "sk_inflamed", "nevus", "nevus_atypical", "cyst", "wart", "skin_tag", "dermatofibroma",
        "benign_other", "psoriasis", "atopic_dermatitis", "acne", "rosacea", "hidradenitis",
        "urticaria", "alopecia", "keloid", "rash_other"};
    return (size_t)dx < sizeof(names) / sizeof(names[0]) ? names[dx] : "?";
}

const char *da_procedure_name(da_procedure p)
{
    static const char *const names[] = {
        "none", "excision", "shave_removal", "tangential_biopsy", "punch_biopsy",
        "incisional_biopsy", "destruction", "skin_tag_removal", "intralesional_injection",
        "sc_im_injection", "scar_revision"};
    return (size_t)p < sizeof(names) / sizeof(names[0]) ? names[p] : "?";
}

#define NAME_AT(names, v) ((v) >= 0 && (size_t)(v) < sizeof(names) / sizeof((names)[0]) ? (names)[v] : NULL)

const char *da_fact_value_name(da_fact_kind kind, int value)
{
    static const char *const repair[] = {"none", "simple", "intermediate", "complex"};
    static const char *const undermining[] = {"unspecified", "limited", "extensive", "width"};
    static const char *const flap[] = {"other", "advancement", "rotation", "transposition",
                                       "bilobed", "rhombic", "v-y", "o-z"};
    static const char *const graft[] = {"none", "full_thickness", "split_thickness"};
    static const char *const stain[] = {"none", "special_i", "special_ii", "ihc"};
    static const char *const source[] = {"unknown", "buy_and_bill", "specialty_pharmacy",
                                         "patient"};
    static const char *const route[] = {"unknown", "sc", "im", "il", "iv"};
    static const char *const container[] = {"none", "single_dose", "multi_dose"};
    static const char *const necessity[] = {"none",     "bleeding", "itching",     "pain",
                                            "inflamed", "irritated", "change",     "obstruction",
                                            "trauma",   "suspicious"};
    static const char *const problem[] = {"unspecified", "new",       "stable",
                                          "improving",   "worsening", "flare"};
    static const char *const rx[] = {"none", "started", "changed", "continued", "stopped"};
    static const char *const data[] = {"none", "external_note", "test_result", "test_ordered",
                                       "historian"};
    static const char *const gap[] = {"none", "count", "unread", "specimens"};
    static const char *const patient[] = {"none", "new", "established"};
    switch (kind) {
    case DA_FACT_PROCEDURE: return value >= 0 && value <= DA_PROC_SCAR_REVISION ? da_procedure_name((da_procedure)value) : NULL;
    case DA_FACT_DIAGNOSIS:
    case DA_FACT_PATH_DIAGNOSIS: return value >= 0 && value <= DA_DX_RASH_OTHER ? da_diagnosis_name((da_diagnosis)value) : NULL;
    case DA_FACT_REPAIR: return NAME_AT(repair, value);
    case DA_FACT_UNDERMINING: return NAME_AT(undermining, value);
    case DA_FACT_FLAP: return NAME_AT(flap, value);
    case DA_FACT_GRAFT: return NAME_AT(graft, value);
    case DA_FACT_STAIN: return NAME_AT(stain, value);
    case DA_FACT_DRUG_SOURCE: return NAME_AT(source, value);
    case DA_FACT_ROUTE: return NAME_AT(route, value);
    case DA_FACT_CONTAINER: return NAME_AT(container, value);
    case DA_FACT_NECESSITY: return NAME_AT(necessity, value);
    case DA_FACT_PROBLEM: return NAME_AT(problem, value);
    case DA_FACT_RX: return NAME_AT(rx, value);
    case DA_FACT_DATA: return NAME_AT(data, value);
    case DA_FACT_READING: return NAME_AT(gap, value);
    case DA_FACT_PATIENT: return NAME_AT(patient, value);
    default: return NULL;
    }
}

const char *da_role_name(da_role role)
{
    static const char *const names[] = {"unknown",  "lesion",     "margin",   "excised",
                                        "defect",   "repair",     "incision", "instrument",
                                        "specimen", "distance",   "depth",    "area"};
    return (size_t)role < sizeof(names) / sizeof(names[0]) ? names[role] : NULL;
}

const char *da_fact_value2_name(da_fact_kind kind, int value2)
{
    static const char *const destruction[] = {"unspecified", "cryo", "edc", "curettage",
                                              "laser", "chemical"};
    static const char *const lab[] = {"unknown", "in_house", "outside"};
    static const char *const side[] = {"none", "right", "left", "bilateral"};
    static const char *const counted[] = {"lesions", "biopsies", "excisions", "tumors"};
    switch (kind) {
    case DA_FACT_PROCEDURE: return NAME_AT(destruction, value2);
    case DA_FACT_SPECIMEN: return NAME_AT(lab, value2);
    case DA_FACT_SITE: return NAME_AT(side, value2);
    case DA_FACT_PROCEDURE_COUNT: return NAME_AT(counted, value2);
    case DA_FACT_SIZE:
    case DA_FACT_MARGIN:
    case DA_FACT_EXCISED_DIAMETER:
    case DA_FACT_DEFECT_SIZE:
    case DA_FACT_REPAIR_LENGTH:
    case DA_FACT_PATH_SIZE:
    case DA_FACT_MEASURE: return da_role_name((da_role)value2);
    case DA_FACT_PROBLEM:
    case DA_FACT_LESION_COUNT: return value2 >= 0 && value2 <= DA_DX_RASH_OTHER ? da_diagnosis_name((da_diagnosis)value2) : NULL;
    default: return NULL;
    }
}

int da_fact_kind_parse(const char *name)
{
    for (int k = 0; k < DA_FACT_KIND_COUNT; k++)
        if (strcmp(da_fact_kind_name((da_fact_kind)k), name) == 0)
            return k;
    return -1;
}

/* Values tried by name: every enumeration a fact's value takes has fewer. */
#define NAMED_VALUES_MAX 64

/* Numbers a value may be written as instead of a name: the tables write
 * small counts and codes. */
#define NUMBER_VALUES_MAX 1000

/* The value whose name name_of gives as name, else name read as a whole
 * number; -1 when neither. */
static int value_parse(const char *(*name_of)(da_fact_kind, int), da_fact_kind kind,
                       const char *name)
{
    for (int v = 0; v < NAMED_VALUES_MAX; v++) {
        const char *n = name_of(kind, v);
        if (n && strcmp(n, name) == 0)
            return v;
    }
    char *end;
    long v = strtol(name, &end, 10);
    return *name && !*end && v >= 0 && v < NUMBER_VALUES_MAX ? (int)v : -1;
}

int da_fact_value_parse(da_fact_kind kind, const char *name)
{
    return value_parse(da_fact_value_name, kind, name);
}

int da_fact_value2_parse(da_fact_kind kind, const char *name)
{
    return value_parse(da_fact_value2_name, kind, name);
}

bool da_facts_are_report(const char *note_type, const da_fact_list *facts)
{
    if (note_type && note_type[0])
        return strncasecmp(note_type, "path", 4) == 0;
    bool path = false;
    for (size_t i = 0; i < facts->count; i++) {
        da_fact_kind k = facts->items[i].kind;
        if (k == DA_FACT_PROCEDURE || k == DA_FACT_MOHS || k == DA_FACT_REPAIR ||
            k == DA_FACT_FLAP || k == DA_FACT_LESION_COUNT)
            return false;
        path |= k == DA_FACT_PATH_DIAGNOSIS;
    }
    return path;
}
