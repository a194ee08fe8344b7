/* x837.h - the 837P professional claim reader (ASC X12 005010X222A1).
 *
 * Reads what was billed into the same claim lines the CSV import makes: one
 * da_claim_line per service line (SV1), with the claim's id (CLM01), place
 * of service, diagnosis codes (HI, resolved through the line's pointers),
 * payer (SBR + NM1*PR), rendering provider (NM1*82 of the line, else of the
 * claim, else the billing provider), patient (NM1*QC's identifier, else the
 * subscriber's), encounter (REF*EA, the medical record number a practice
 * management system fills with its chart or visit number), authorization
 * (REF*G1), submission date (BHT04), line item control number (REF*6R, else
 * the LX number) and drug (LIN*N4 NDC). The file's da_file_stats count
 * service lines: read = used + rejected. Problems go to the Data Quality log
 * with the file and the segment number (the log's "line"); a rejected
 * service line is listed there with its reason.
 */
#ifndef DA_X837_H
#define DA_X837_H

#include <stddef.h>

#include "error.h"
#include "model.h"

/* Reads an 837P file into d's claims and claims_stats. DA_ERR_IO when it
 * cannot be read, DA_ERR_FORMAT when it has no readable ISA. */
da_error da_x837_read_file(da_dataset *d, const char *path);

/* The same from memory; name stands for the file. */
da_error da_x837_read_mem(da_dataset *d, const char *name, const char *buf, size_t len);

#endif
