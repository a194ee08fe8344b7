/* x12.h - ASC X12 segments and envelopes, shared by the 835 and 837 readers.
 *
 * Splits an X12 interchange into segments with the separators its ISA
 * declares (element separator at byte 4, component separator ISA16, segment
 * terminator after it; each ISA of a file declares its own), checks the
 * ISA/GS/ST/SE/GE/IEA envelopes and hands every segment of a transaction set
 * (ST to SE, both included) to a transaction reader. Problems are reported
 * with the segment number (1-based, counted over the whole file) and never
 * quote an element (elements are PHI). Segments may be on separate lines or
 * not; blanks between segments are skipped.
 *
 * The reader owns its copy of the bytes; a da_x12_seg handed to a callback is
 * valid during the call only.
 */
#ifndef DA_X12_H
#define DA_X12_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "model.h"

#define DA_X12_MAX_ELEMENTS 64 /* elements of a segment kept (the id included) */

typedef struct da_x12_seg {
    unsigned long number;              /* segment number in the file, 1-based */
    size_t nel;                        /* elements, the id included (el[0]) */
    const char *el[DA_X12_MAX_ELEMENTS]; /* NUL-terminated elements; el[0] is the segment id */
    char comp;                         /* component separator declared by the ISA */
} da_x12_seg;

/* What a transaction reader is told. */
typedef struct da_x12_handler {
    void *ctx; /* the transaction reader's state */
    /* Every segment from ST to SE of a transaction set whose ST01 is the
     * expected one, in order. */
    void (*segment)(void *ctx, const da_x12_seg *s);
    /* The transaction set ended, by its SE or by a problem (no SE). */
    void (*end)(void *ctx);
    /* A problem at segment number (0 = the whole file); reason is a fixed text
     * with numbers at most; id is the segment id concerned or "". */
    void (*problem)(void *ctx, unsigned long number, const char *reason, const char *id);
} da_x12_handler;

/* True when buf starts (after a UTF-8 byte-order mark and blanks) with "ISA". */
bool da_x12_detect(const char *buf, size_t len);

/* Reads an interchange from memory: st01 is the transaction set wanted
 * ("835", "837"); other sets are reported and skipped. DA_ERR_FORMAT when
 * the file has no readable ISA (nothing can be read); otherwise DA_OK, with
 * every problem reported through h->problem and every readable transaction
 * set handed over. */
da_error da_x12_read(const char *buf, size_t len, const char *st01, const da_x12_handler *h);

/* The same from a file; DA_ERR_IO when it cannot be read. */
da_error da_x12_read_file(const char *path, const char *st01, const da_x12_handler *h);

/* Element i of s, "" when absent. */
const char *da_x12_el(const da_x12_seg *s, size_t i);

/* Bytes of one component as da_x12_components copies it, NUL included:
 * the components read are codes (a qualifier, a procedure code, a
 * modifier, a diagnosis code or pointer) of a few characters; a longer one
 * is cut to 15 and then fails the code's own check. */
#define DA_X12_COMPONENT_LEN 16

/* Bytes of a reader's problem text, NUL included: the longest, fixed words
 * around a segment id and a number or two, fits with room. */
#define DA_X12_REASON_LEN 96

/* Splits composite element i of s into at most max components (copied into
 * parts[k], each DA_X12_COMPONENT_LEN bytes, cut to fit) and returns how
 * many there are.
 * When the element holds none of the declared component separator but one
 * of ':', '>', '^' or '<' (a file that declares one separator and uses
 * another), it is split on that one and *other_sep is set; otherwise
 * *other_sep is false. */
size_t da_x12_components(const da_x12_seg *s, size_t i, char (*parts)[DA_X12_COMPONENT_LEN],
                         size_t max, bool *other_sep);

/* An X12 amount ("123.45", "-9", ".5") in cents; false when it is not one. */
bool da_x12_money(const char *s, da_cents *cents);

/* A CCYYMMDD date; false when it is not one (2026-02-30 included). */
bool da_x12_date(const char *s, da_date *days);

#endif
