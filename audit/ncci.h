/* ncci.h - NCCI procedure-to-procedure edits and medically unlikely edits,
 * read from the practitioner files as CMS ships them.
 *
 * PTP (--ncci-ptp, the quarterly ccipra-v...-f1..f4 tab-separated text
 * files): an AMA notice line, a title line, a header wrapped over four lines
 * whose column names are the column-wise concatenation ("Column 1", "Column
 * 2", "*=in existence prior to 1996", "Effective Date", "Deletion Date *=no
 * data", "Modifier 0=not allowed 1=allowed 9=not applicable", "PTP Edit
 * Rationale"), then one edit per line; dates YYYYMMDD, a deletion date of
 * "*" is open. An edit applies to a date of service on or after its
 * effective date and before its deletion date; a modifier indicator 9 edit
 * never applies.
 *
 * MUE (--mue, MCR_MUE_PractitionerServices_Eff_MM-DD-YYYY.csv): a first
 * record holding the multi-line AMA notice, then the header ("HCPCS/\nCPT
 * Code", "Practitioner Services MUE Values", "MUE Adjudication Indicator",
 * "MUE Rationale"), then one code per record; the indicator is the number
 * that starts its text ("2 Date of Service Edit: Policy").
 *
 * Columns are found by their names. A row that cannot be read is listed on
 * the Data Quality log with its file and line and skipped. A da_ncci owns
 * its rows; whoever calls da_ncci_init calls da_ncci_free. The rules read the
 * tables a run loaded through da_rules.ncci (rules/rules.h); they never read
 * files.
 */
#ifndef DA_NCCI_H
#define DA_NCCI_H

#include <stdbool.h>
#include <stddef.h>

#include "dq.h"
#include "error.h"
#include "model.h"

typedef struct da_ptp_edit {
    char col1[DA_CODE_LEN]; /* column 1 code: the one that is paid */
    char col2[DA_CODE_LEN]; /* column 2 code: bundled into column 1 */
    da_date effective;      /* first date of service the edit applies to */
    da_date deleted;        /* first date it no longer applies to, DA_DATE_NONE when open */
    int indicator;          /* modifier indicator: 0 none allowed, 1 allowed, 9 not applicable */
    bool before_1996;       /* "*": in existence prior to 1996 */
    char rationale[64];     /* PTP edit rationale, cut to fit */
} da_ptp_edit;

typedef struct da_mue {
    char code[DA_CODE_LEN]; /* HCPCS/CPT code */
    int value;              /* most units per line (indicator 1) or per date (2, 3) */
    int indicator;          /* MUE adjudication indicator: 1 line, 2 date (policy), 3 date (clinical) */
    char rationale[48];     /* MUE rationale, cut to fit */
} da_mue;

typedef struct da_ncci {
    da_ptp_edit *ptp;       /* PTP edits, sorted by column 1, column 2, effective date */
    size_t nptp, ptp_cap;   /* used and allocated */
    da_mue *mue;            /* MUE values, sorted by code */
    size_t nmue, mue_cap;   /* used and allocated */
    size_t ptp_files;       /* PTP files read */
    size_t mue_files;       /* MUE files read */
} da_ncci;

void da_ncci_init(da_ncci *n);
void da_ncci_free(da_ncci *n);

/* Reads a PTP file (from memory: buf, len; from the file when buf is NULL).
 * DA_ERR_IO when unreadable; DA_ERR_COLUMN when no "Column 1 / Column 2"
 * header with effective, deletion and modifier columns is found. */
da_error da_ncci_load_ptp(da_ncci *n, const char *path, const char *buf, size_t len, da_dq_log *dq);

/* Reads an MUE file the same way; DA_ERR_COLUMN when no "HCPCS/CPT Code"
 * header with an MUE value and an adjudication indicator column is found. */
da_error da_ncci_load_mue(da_ncci *n, const char *path, const char *buf, size_t len, da_dq_log *dq);

/* The edit of col2 bundled into col1 that applies on dos (indicator 9 never
 * does), NULL when none. */
const da_ptp_edit *da_ncci_ptp_find(const da_ncci *n, const char *col1, const char *col2,
                                    da_date dos);

/* The MUE of a code, NULL when the files give none. */
const da_mue *da_ncci_mue_find(const da_ncci *n, const char *code);

/* For claim line ci of encounter e: the edit that bundles it (as column 2)
 * into another line of the encounter billed on the same date, with that
 * line's index in *col1_line; NULL when none. */
const da_ptp_edit *da_ncci_edit_for_line(const da_ncci *n, const da_dataset *d,
                                         const da_encounter *e, size_t ci, size_t *col1_line);

#endif
