/* finding.h - a finding: what the notes support against what was billed.
 *
 * Rule families append findings to a da_finding_list; pricing fills in the
 * amount; the writers read them. A list owns its array; findings hold only
 * static strings (category, rule, basis) and indexes into the dataset.
 */
#ifndef DA_FINDING_H
#define DA_FINDING_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"
#include "model.h"

typedef enum da_direction {
    DA_DIR_UNDER,  /* the notes support more than was billed: revenue leak */
    DA_DIR_OVER,   /* billed more than the notes support: compliance exposure */
    DA_DIR_DENIAL, /* a denied line that is recoverable */
    DA_DIR_GAP     /* a documentation gap that puts payment at risk */
} da_direction;

typedef enum da_confidence {
    DA_CONF_HIGH,   /* the note states every element the rule needs */
    DA_CONF_MEDIUM, /* an element was inferred */
    DA_CONF_LOW     /* worth a coder's look; never counted as a leak */
} da_confidence;

#define DA_EVIDENCE_CHARS 200 /* evidence is at most this many characters */
/* Room for every character of ASCII or two-byte text (°, ×, µ, é); text of
 * wider characters is trimmed to fit, its matched span kept in view
 * (da_snippet). Four bytes a character would double the memory findings
 * take, for text clinical notes rarely hold. */
#define DA_EVIDENCE_BYTES (DA_EVIDENCE_CHARS * 2 + 1)

typedef struct da_finding {
    const char *category;          /* lesion, repair, mohs, pathology, cosmetic, modifier, drug, em, denial, payment */
    const char *rule;              /* rule id, listed in the rule catalog */
    da_direction direction;        /* under, over, denial or gap */
    da_confidence confidence;      /* how explicit the note is */
    size_t encounter;              /* index into dataset->encounters */
    long claim;                    /* index into dataset->claims of the billed line, -1 when none */
    long note;                     /* index into dataset->notes of the evidence note, -1 when none */
    int lesion;                    /* lesion in the note, 0 when not lesion-specific */
    char billed_code[DA_CODE_LEN]; /* code billed, "" when missing */
    int billed_units;              /* units billed, 0 when missing */
    char expected_code[DA_CODE_LEN]; /* code the note supports, "" when none */
    int expected_units;            /* units the note supports, 0 when none */
    da_cents amount;               /* dollars at stake, >= 0; set by pricing */
    bool priced_by_rule;           /* the rule set amount and basis itself (a drug at the CMS
                                    * payment limit, an MPPR payment difference): pricing keeps them */
    const char *basis;             /* how the amount was priced */
    const char *review;            /* why a coder must look before it counts (a low-confidence
                                    * finding: what the reading could not settle), static; NULL
                                    * when none */
    char evidence[DA_EVIDENCE_BYTES]; /* note text supporting the finding */
} da_finding;

typedef struct da_finding_list {
    da_finding *items; /* findings in the order rules produced them */
    size_t count;      /* findings used */
    size_t cap;        /* findings allocated */
} da_finding_list;

void da_findings_init(da_finding_list *list);
void da_findings_free(da_finding_list *list);
/* Appends a zeroed finding (claim = note = -1) and returns it for filling in. */
da_finding *da_findings_push(da_finding_list *list);

/* The claim a finding is about: its billed line, else the encounter's first
 * line (a missing code belongs to the claim of its encounter); NULL when the
 * encounter has no claim lines. */
const da_claim_line *da_finding_claim(const da_dataset *data, const da_finding *f);

/* The counting policy of every total in the reports: a finding counts in
 * the dollars (and against its encounter's accuracy) unless it is a review
 * item (low confidence) or has no amount. A gap counts, with no dollars. */
bool da_finding_counts(const da_finding *f);

const char *da_direction_name(da_direction d);
const char *da_confidence_name(da_confidence c);

/* Writes the --findings CSV (header and one row per finding). */
da_error da_findings_write_csv(FILE *out, const da_dataset *data, const da_finding_list *list);

/* Writes one CSV text field, quoted when it needs to be. Text a spreadsheet
 * would run as a formula (a first character = + - @, tab or CR, other than
 * a plain signed number) is written with a leading ' so it stays text. */
void da_csv_put(FILE *out, const char *s);

/* A cell read back from a CSV that da_csv_put wrote, without the ' it put
 * before formula-like text; points into cell. */
const char *da_csv_text(const char *cell);

#endif
