/* model.h - claim lines, notes and encounters: what the importer builds.
 *
 * A da_dataset owns everything in it. Strings point into dataset->arena and
 * are never NULL (an absent optional field is ""), except a note's text, which
 * stays in the notes file until the audit needs it. Encounters refer to their
 * claim lines and notes by index into the dataset's arrays. Whoever calls
 * da_dataset_init calls da_dataset_free.
 */
#ifndef DA_MODEL_H
#define DA_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dq.h"
#include "mem.h"

typedef int32_t da_date; /* days since 1970-01-01 */
#define DA_DATE_NONE INT32_MIN

typedef int64_t da_cents; /* money in cents */
#define DA_CENTS_NONE INT64_MIN
/* The largest amount one claim line may carry, either sign: $10,000,000.00.
 * Lines over it are rejected on import, so sums of any number of lines that
 * fit in memory stay far inside 64 bits. */
#define DA_CENTS_CEILING ((da_cents)1000000000)

/* a + b, held at INT64_MAX / INT64_MIN + 1 instead of overflowing (sums of
 * amounts that did not pass the import ceiling: contracts, fee schedules). */
static inline da_cents da_cents_add(da_cents a, da_cents b)
{
    da_cents r;
    if (__builtin_add_overflow(a, b, &r))
        return a > 0 ? INT64_MAX : INT64_MIN + 1;
    return r;
}

typedef enum da_payer_type {
    DA_PAYER_UNKNOWN,
    DA_PAYER_MEDICARE,
    DA_PAYER_MEDICAID,
    DA_PAYER_COMMERCIAL,
    DA_PAYER_SELF,
    DA_PAYER_OTHER
} da_payer_type;

typedef enum da_claim_status {
    DA_STATUS_UNKNOWN,
    DA_STATUS_PAID,
    DA_STATUS_DENIED,
    DA_STATUS_PENDING,
    DA_STATUS_ADJUSTED,
    DA_STATUS_OTHER
} da_claim_status;

typedef enum da_drug_source {
    DA_SOURCE_UNKNOWN,
    DA_SOURCE_BUY_AND_BILL,
    DA_SOURCE_SPECIALTY_PHARMACY,
    DA_SOURCE_PATIENT
} da_drug_source;

#define DA_MAX_MODIFIERS 4
#define DA_MAX_ICD10 12
#define DA_CODE_LEN 6 /* five characters and the NUL */

typedef struct da_claim_line {
    /* Pointers, then 8-, 4- and 1-byte fields: no padding between them, and
     * the diagnosis codes live in the arena, because the 100x input holds
     * about a million of these. */
    unsigned long line;                     /* physical line in the claims file where the row starts */
    const char *claim_id;                   /* claim number */
    const char *line_no;                    /* claim line number as exported */
    const char *patient_id;                 /* patient identifier */
    const char *encounter_id;               /* encounter identifier as exported */
    const char *provider;                   /* rendering provider */
    const char *payer;                      /* payer name */
    const char *pos;                        /* place of service */
    const char *denial_codes;               /* CARCs as exported, e.g. "CO-50;CO-16" */
    const char *prior_auth;                 /* authorization number */
    const char *ndc;                        /* national drug code */
    char (*icd10)[8];                       /* nicd10 diagnosis codes, upper case, no dot, in the
                                             * dataset's arena (shared by consecutive lines with
                                             * the same codes, so read only); NULL when none */
    da_cents charge;                        /* billed charge, DA_CENTS_NONE if absent */
    da_cents allowed;                       /* allowed amount, DA_CENTS_NONE if absent */
    da_cents paid;                          /* paid amount, DA_CENTS_NONE if absent */
    da_date dos;                            /* date of service */
    da_date submitted;                      /* submission date, DA_DATE_NONE if absent */
    da_date paid_date;                      /* payment date, DA_DATE_NONE if absent */
    da_payer_type payer_type;               /* payer class, from payer_type or the payer name */
    da_claim_status status;                 /* adjudication status */
    da_drug_source drug_source;             /* who supplied a drug on this line */
    int units;                              /* units of service, >= 1 */
    int nmodifiers;                         /* modifiers used */
    int nicd10;                             /* diagnosis codes used */
    char code[DA_CODE_LEN];                 /* CPT/HCPCS, upper case */
    char modifiers[DA_MAX_MODIFIERS][3];    /* two-character modifiers, upper case */
} da_claim_line;

typedef struct da_note {
    unsigned long line;       /* physical line in the notes file where the row starts */
    const char *note_id;      /* note identifier; "line-N" when the file has none */
    const char *encounter_id; /* encounter identifier, "" if absent */
    const char *patient_id;   /* patient identifier, "" if absent */
    da_date dos;              /* date of service, DA_DATE_NONE if absent */
    const char *note_type;    /* procedure, mohs, progress, pathology, ... */
    const char *provider;     /* author */
    const char *text;         /* valid UTF-8, NUL-terminated, CRLF kept as exported; NULL
                               * while it is only in the notes file (da_note_text reads it) */
    size_t text_len;          /* bytes of text, also while text is NULL */
    long long offset;         /* with text NULL: where the note's record starts in the notes file */
    size_t bytes;             /* with text NULL: the record's raw bytes (da_csv_row.bytes) */
} da_note;

typedef struct da_encounter {
    const char *encounter_id; /* as exported, or "patient_id|date" when none */
    const char *patient_id;   /* patient identifier */
    da_date dos;              /* date of service */
    const char *provider;     /* provider of the first claim line (or note) */
    const char *payer;        /* payer of the first claim line */
    da_payer_type payer_type; /* payer class of the first claim line */
    size_t *claims;           /* indexes into dataset->claims, in file order */
    size_t nclaims;           /* claim lines */
    size_t *notes;            /* indexes into dataset->notes, in file order */
    size_t nnotes;            /* notes */
    bool patient_insured;     /* some claim line of the patient's, in the period, has an insurer */
    long prev_visit;          /* the same patient's latest encounter before this date, -1 none */
} da_encounter;

typedef struct da_file_stats {
    const char *path;          /* the file as named on the command line */
    unsigned long rows_read;   /* data rows seen (header excluded) */
    unsigned long rows_used;   /* rows imported, repaired ones included */
    unsigned long rows_rejected; /* rows listed on the Data Quality sheet and not used */
    unsigned long rows_outside; /* rows left out by --from/--to (listed on the Data Quality
                                 * sheet too): read = used + rejected + outside */
} da_file_stats;

typedef struct da_dataset {
    da_arena *arena;              /* owns every string below */
    da_claim_line *claims;        /* claim lines in file order */
    size_t nclaims, claims_cap;   /* used and allocated */
    da_note *notes;               /* notes in file order */
    size_t nnotes, notes_cap;     /* used and allocated */
    da_encounter *encounters;     /* built by da_dataset_group */
    size_t nencounters;           /* encounters */
    da_dq_log dq;                 /* rows not used as given */
    da_file_stats claims_stats;   /* accounting for the claims file */
    da_file_stats notes_stats;    /* accounting for the notes file */
    da_date first_dos, last_dos;  /* range of dates of service seen */
    size_t encounters_without_notes;  /* encounters with claims but no note */
    size_t encounters_without_claims; /* encounters with notes but no claim */
    bool bills_pathology;         /* the practice bills pathology (88300-88399) on at least half
                                   * of the encounters where it bills a biopsy, shave or excision */
    int notes_fd;                 /* the notes file, open to read texts back (da_note_text);
                                   * -1 when every text is in memory. da_dataset_free closes it */
    size_t notes_text_field;      /* position of the text among a notes record's fields */
    long long notes_size;         /* the notes file's size and modification time (ns) when */
    long long notes_mtime_ns;     /* imported: a change fails the run (da_notes_file_check) */
} da_dataset;

void da_dataset_init(da_dataset *d);
void da_dataset_free(da_dataset *d);

/* Builds d->encounters from the imported claims and notes: lines and notes
 * that share encounter_id, else that share (patient_id, date_of_service). */
void da_dataset_group(da_dataset *d);

/* Sets da_encounter.patient_insured and prev_visit and da_dataset.bills_pathology from the
 * claim lines; da_dataset_group calls it, and so must whoever builds
 * encounters by hand (the rule tests). */
void da_dataset_index(da_dataset *d);

/* True when the claim line's code is between lo and hi (five-character
 * codes compared as text, so "88300".."88399" is a range). */
bool da_code_in_range(const char *code, const char *lo, const char *hi);

/* Civil date helpers. */
da_date da_date_from_ymd(int y, int m, int d);
void da_date_to_ymd(da_date date, int *y, int *m, int *d);
/* Bytes of a date as da_date_format writes it: "YYYY-MM-DD" and the NUL. */
#define DA_DATE_TEXT_LEN 11
/* Writes "YYYY-MM-DD"; "" for DA_DATE_NONE. */
void da_date_format(da_date date, char out[DA_DATE_TEXT_LEN]);

const char *da_payer_type_name(da_payer_type t);

/* True when the claim line carries modifier mod ("25", "59", ...). */
bool da_claim_has_modifier(const da_claim_line *c, const char *mod);

#endif
