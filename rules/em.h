/* em.h - what an encounter's notes document for an office E/M visit: the
 * three medical-decision-making elements, total time and whether a problem
 * beyond the procedure decision was addressed. Shared by the E/M level rule
 * (em.c) and the modifier 25/57 checks (modifiers.c).
 *
 * On a procedure day the elements are counted EXCLUDING the procedure
 * decision (coding-rules.md 9.3): facts of procedure, Mohs and pathology
 * notes do not count unless the note says a problem was evaluated
 * separately, and a problem with the diagnosis of a treated lesion never
 * counts. Documented total time is not used on a procedure day, where it
 * includes the procedure.
 */
#ifndef DA_EM_H
#define DA_EM_H

#include <stdbool.h>
#include <stddef.h>

#include "rulekit.h"
#include "rules.h"

/* MDM levels; the number is also the E/M level (1 = 99202/99212 ... 4 = 99205/99215). */
typedef enum da_mdm {
    DA_MDM_NONE,            /* nothing documented */
    DA_MDM_STRAIGHTFORWARD, /* minimal */
    DA_MDM_LOW,             /* low */
    DA_MDM_MODERATE,        /* moderate */
    DA_MDM_HIGH             /* high */
} da_mdm;

typedef struct da_em_assessment {
    bool assessable;        /* extraction found E/M elements: a problem addressed or a total time */
    bool minor_procedure;   /* a 000/010-global procedure is billed */
    bool major_procedure;   /* a 090-global procedure is billed */
    bool separate;          /* a problem beyond the procedure decision is documented, or the
                             * management of one (a prescription, tests ordered) */
    bool procedure_only;    /* a note says the visit was for the procedure alone ("no other
                             * concerns today", "full skin exam declined") */
    bool op_notes_only;     /* every note is a procedure, operative or pathology note: none
                             * documents a visit (an op note alone carries no E/M) */
    int patient;            /* da_patient_status the notes state, 0 none, -1 both */
    bool postop;            /* a note records post-operative care (sutures out, wound check) */
    int nproblems;          /* problems counted (outside the procedure decision) */
    int ndata;              /* data items counted */
    bool rx, otc;           /* prescription drug management, OTC drug advised */
    da_mdm problems;        /* problems element */
    da_mdm data;            /* data element */
    da_mdm risk;            /* risk element */
    da_mdm mdm;             /* 2 of 3: the middle element */
    int minutes;            /* total time documented; 0 when none or on a procedure day */
    da_mdm by_time;         /* level the time reaches (2024+ thresholds) */
    da_mdm level;           /* level the notes support: the higher of mdm and by_time */
    bool problems_stated;   /* the problems element holds on problems whose status the note states */
    bool explicit_elements; /* the level rests on time or on stated elements, none inferred */
    bool longitudinal;      /* a serious or complex chronic condition managed with a prescription */
    da_evidence ev;         /* the first fact the level rests on; DA_EVIDENCE_NONE when none */
} da_em_assessment;

/* Assesses the encounter of in; the patient type sets the time thresholds. */
void da_em_assess(const da_rule_input *in, bool new_patient, da_em_assessment *out);

/* The level of an office E/M code: 1..4 for 99202-99205 and 99212-99215, 0
 * for 99211, -1 for any other code; *new_patient tells the family. */
int da_em_code_level(const char *code, bool *new_patient);
/* The office E/M code of a level 1..4. */
const char *da_em_code_for(da_mdm level, bool new_patient);
/* Plain name of a level ("moderate"). */
const char *da_mdm_name(da_mdm level);

#endif
