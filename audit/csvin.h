/* csvin.h - a streaming CSV reader over libcsv that knows its line numbers.
 *
 * libcsv gives no line numbers, swallows the rest of a file after an
 * unbalanced quote unless strict, and leaves a BOM in the first header. This
 * reader feeds libcsv one physical line at a time, so every row carries the
 * line where it starts; strips a UTF-8 BOM; and recovers from bad quoting by
 * reporting the row where the quote opened and reading on from the line after
 * it. Every data row is handed either to on_row or, with a reason, to
 * on_problem: nothing is dropped silently (blank lines are not rows).
 *
 * Row fields are valid only during the callback. Fields are NUL-terminated
 * but may contain NUL bytes: use lens[].
 */
#ifndef DA_CSVIN_H
#define DA_CSVIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"

typedef struct da_csv_row {
    unsigned long line;  /* physical line (1-based) where the row starts */
    size_t nfields;      /* fields in the row */
    const char **fields; /* field bytes, NUL-terminated */
    const size_t *lens;  /* field lengths in bytes */
    long long offset;    /* byte offset in the input where the row's record starts */
    size_t bytes;        /* the record's raw bytes from offset, quotes included, without its
                          * line end: read alone again, they give this row */
} da_csv_row;

typedef struct da_csv_opts {
    size_t max_field;  /* longest field in bytes; a longer one rejects its row (0 = 64 MiB) */
    size_t max_fields; /* most fields per row; more rejects the row (0 = 4096) */
    size_t *long_field; /* if set, receives the 0-based index of the field before each
                         * "field too long" problem is reported (borrowed) */
    size_t chunk;       /* bytes read and parsed at a time (0 = 1 MiB; 1 to 3 read as 4).
                         * Tests and fuzzing set a few bytes, to put the edge between two
                         * reads inside every kind of record */
} da_csv_opts;

/* Called for each well-formed row, header included. Return nonzero to stop
 * reading (the read then returns DA_ERR_INTERRUPTED). */
typedef int (*da_csv_row_fn)(void *ctx, const da_csv_row *row);
/* Called for each row that could not be read, with a fixed reason:
 * "unbalanced quote", "malformed quoting", "field too long", "too many fields",
 * "empty row" (every field empty, e.g. a line of commas). A field over
 * max_field is read past, keeping nothing, to its record's end: the record
 * is reported too long once and reading resumes at the next record; only a
 * quote still open at the end of the input is an unbalanced quote. */
typedef void (*da_csv_problem_fn)(void *ctx, unsigned long line, const char *reason);

/* Reads a whole file. DA_ERR_IO when it cannot be opened or read. */
da_error da_csv_read_file(const char *path, const da_csv_opts *opts, da_csv_row_fn on_row,
                          da_csv_problem_fn on_problem, void *ctx);
/* Reads a stream open for reading (a pipe will do) from where it stands:
 * row offsets count from there. The caller closes it. */
da_error da_csv_read_stream(FILE *fp, const da_csv_opts *opts, da_csv_row_fn on_row,
                            da_csv_problem_fn on_problem, void *ctx);
/* Reads CSV held in memory (built-in tables, tests, fuzzing). */
da_error da_csv_read_mem(const char *data, size_t len, const da_csv_opts *opts,
                         da_csv_row_fn on_row, da_csv_problem_fn on_problem, void *ctx);

/* Finds field `index` of one record that this reader read without a problem
 * (its da_csv_row.bytes from da_csv_row.offset) and moves it, as the reader
 * gave it - unquoted, "" read as ", blanks around it dropped - to the start
 * of record; sets *len. False when the record has no such field or is not
 * quoted as the reader requires. Rereads a field without the reader. */
bool da_csv_record_field(char *record, size_t record_len, size_t index, size_t *len);

/* Normalises a header name for matching: lower case, with spaces,
 * underscores and punctuation removed ("Claim #" -> "claim"). out_size >= 1. */
void da_csv_header_key(const char *name, char *out, size_t out_size);

#endif
