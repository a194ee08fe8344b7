/* scrub.h - identifiers taken out of note text shown in a masked report.
 *
 * A masked report pseudonymises the identifier columns, but an evidence
 * snippet quotes the note, and a note may name the patient or give a date
 * of birth. da_scrub_phi replaces, in a copy of the text:
 *   dates of birth ("DOB: 03/14/1961") -> "DOB: [DOB]"
 *   record numbers ("MRN 88412")       -> "MRN [MRN]"
 *   social security numbers            -> "[SSN]"
 *   telephone and fax numbers          -> "[PHONE]"
 *   e-mail addresses                   -> "[EMAIL]"
 *   street addresses ("12 Oak Street") -> "[ADDRESS]"
 *   names after "patient", "pt", "Mr.", "Mrs.", "Ms.", "Miss" and after
 *   "Name:"                            -> "[NAME]"
 * and, when dates_to_year is set (--deidentify), every other date to its
 * year. It is pattern matching: a name written with no such cue stays.
 * Safe from several threads at once.
 */
#ifndef DA_SCRUB_H
#define DA_SCRUB_H

#include <stdbool.h>
#include <stddef.h>

/* The scrubbed copy of text, malloc'd (the caller frees it); NULL only when
 * the patterns cannot be compiled, which is a bug. */
char *da_scrub_phi(const char *text, bool dates_to_year);

/* The copy of text with only its dates reduced to the year (any cell of a
 * --deidentify report: "2026-07-01 to 2026-09-30" -> "2026 to 2026"). */
char *da_scrub_dates(const char *text);

#endif
