/* measure.h - the note reader's third stage: every length in a note with
 * the role the words around it give it (rules/roles.csv), never the role a
 * unit suggests.
 *
 * A measurement is a number, a range or a composite with a unit ("6 mm",
 * "3 to 4 mm", "1.4 x 1 cm", "1.2 cm x 0.8 cm"); an area in square units is
 * not one (areas are read apart). Its role comes from a role word right
 * after it ("4 mm margins", "a 3 cm elliptical incision", "6 mm pink
 * papule", "2 cm from the lid margin"), else from the nearest strong role
 * word before it in its clause ("margins of 3 to 4 mm", "Final defect 1.0 x
 * 0.9 cm", "closed in layers, 3.5 cm", "undermined 2 cm"), else a weak one
 * ("Size: 6 mm", "measuring 0.7 cm"), else it is unknown: reported, never
 * priced.
 *
 * The measurer holds its compiled patterns and belongs to one reader.
 */
#ifndef DA_MEASURE_H
#define DA_MEASURE_H

#include <stdbool.h>
#include <stddef.h>

#include "rx.h"
#include "vocab.h"

/* A decimal as clinicians write it: "1.2", "12", ".5" (a pattern fragment). */
#define DA_MEASURE_NUM "(?:[0-9]{1,3}(?:\\.[0-9]{1,2})?|\\.[0-9]{1,2})"

typedef struct da_measure {
    size_t start;    /* first byte of the measurement */
    size_t end;      /* one past its last byte */
    double greatest; /* its greatest dimension, cm */
    double least;    /* its least value, cm: the narrowest of a range ("3 to 4 mm": 0.3) */
    int dims;        /* dimensions written: 1 "6 mm", 2 "1.4 x 1 cm", 3 a specimen */
    da_role role;    /* what it measures */
    size_t role_start; /* the role word, for evidence; role_end == role_start when unknown */
    size_t role_end;
} da_measure;

typedef struct da_measurer {
    da_rx quantity;          /* numbers with units */
    da_rx spoken;            /* the same with numbers in words too ("two point five cm") */
    da_rx after;             /* the role words that follow a number, one alternation */
    da_rx before;            /* the role words that precede one */
    const da_vocab *vocab;   /* the table (borrowed) */
} da_measurer;

da_error da_measurer_init(da_measurer *m, da_rx_ctx *c, const da_vocab *v);
void da_measurer_free(da_measurer *m);

/* The next measurement in text[from..end), its role read in text[floor..
 * end) (the clause before it may start before from, never before floor);
 * with words, numbers written as words count too ("zero point nine by zero
 * point seven centimeters", as dictation software writes them). The
 * context must have begun this text. DA_RX_NONE when there is none,
 * DA_RX_ERROR on a PCRE2 error other than a limit. */
da_rx_result da_measure_next(da_measurer *m, da_rx_ctx *c, const char *text, size_t floor,
                             size_t from, size_t end, bool words, da_measure *out);

#endif
