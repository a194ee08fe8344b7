/* csvin.c - line-aware streaming CSV reading over libcsv (see csvin.h). */
#include "csvin.h"

#include <csv.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"

/* Bytes read and parsed at a time unless da_csv_opts.chunk says: large
 * enough that fread and libcsv run long, small enough to stay in cache. */
#define CHUNK (1u << 20)
#define MIN_CHUNK 4 /* a BOM fits in the first */
#define DEFAULT_MAX_FIELD ((size_t)64 << 20)
#define DEFAULT_MAX_FIELDS 4096

/* Where the bytes come from: a file read in chunks, or memory. A file is
 * read once, front to back, so a pipe will do: the bytes a rewind after bad
 * quoting may go back to are kept in the window. */
typedef struct source {
    FILE *fp;                /* file, or NULL for memory */
    const char *mem;         /* memory source */
    size_t mem_len;          /* bytes in mem */
    char *window;            /* file bytes from window_from on */
    size_t window_len;       /* bytes in window */
    size_t window_cap;       /* bytes allocated */
    long long window_from;   /* offset of window[0] */
    size_t chunk;            /* bytes read and parsed at a time (da_csv_opts.chunk) */
} source;

typedef struct reader {
    struct csv_parser parser;  /* libcsv state for the current record */
    const da_csv_opts *opts;   /* limits */
    da_csv_row_fn on_row;      /* row callback */
    da_csv_problem_fn on_problem; /* bad-row callback */
    void *ctx;                 /* caller's context */
    da_buf fields;             /* bytes of the current row's fields, each NUL-terminated */
    size_t *offsets;           /* start of each field in fields.data */
    size_t *lens;              /* length of each field */
    const char **ptrs;         /* field pointers handed to on_row */
    size_t nfields, fields_cap; /* fields in the current row, allocated */
    bool row_bad;              /* the current row already has a problem */
    const char *bad_reason;    /* that problem */
    bool in_record;            /* a record has started and not ended */
    unsigned long record_line; /* line where the current record started */
    long long record_offset;   /* byte offset where the current record started */
    long long fed_end;         /* byte offset just after the bytes last fed to libcsv */
    bool fed_eol;              /* those bytes end with a line end (it closes a record) */
    unsigned long line;        /* current physical line, 1-based */
    bool stopped;              /* on_row asked to stop */
    size_t long_field;         /* index of the field a "field too long" is about */
} reader;

/* Reading past the rest of a field that passed the limit, without keeping
 * it, to the end of its record. */
typedef enum skip_state {
    SKIP_NONE,        /* not skipping */
    SKIP_UNQUOTED,    /* in an unquoted field: a line end ends the record */
    SKIP_FIELD_START, /* just after a delimiter: a quote opens a quoted field */
    SKIP_QUOTED,      /* inside a quoted field: line ends are part of it */
    SKIP_QUOTE        /* a quote inside a quoted field: "" or the field's end */
} skip_state;

/* Moves the skip state over bytes[0..n) (a line or its part, without its
 * line end). */
static skip_state skip_over(skip_state st, const char *bytes, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        char c = bytes[k];
        if (st == SKIP_QUOTED)
            st = c == '"' ? SKIP_QUOTE : SKIP_QUOTED;
        else if (c == '"' && (st == SKIP_QUOTE || st == SKIP_FIELD_START))
            st = SKIP_QUOTED;
        else
            st = c == ',' ? SKIP_FIELD_START : SKIP_UNQUOTED;
    }
    return st;
}

/* Reports the record being skipped as too long, by field, and ends it. */
static void skip_done(reader *r)
{
    if (r->opts->long_field)
        *r->opts->long_field = r->long_field;
    r->on_problem(r->ctx, r->record_line, "field too long");
}

/* Where parsing (re)starts: always at the start of a physical line. */
typedef struct position {
    long long offset;   /* byte offset */
    unsigned long line; /* its line number */
    bool after_cr;      /* the byte before it is a CR, so a LF there ends no line */
} position;

/* Marks the current row bad because field `index` is over the limit. */
static void too_long(reader *r, size_t index)
{
    r->row_bad = true;
    r->bad_reason = "field too long";
    r->long_field = index;
}

static void on_field(void *field, size_t len, void *data)
{
    reader *r = data;
    if (r->row_bad)
        return;
    if (r->nfields >= r->opts->max_fields) {
        r->row_bad = true;
        r->bad_reason = "too many fields";
        return;
    }
    if (len > r->opts->max_field) {
        too_long(r, r->nfields);
        return;
    }
    if (r->nfields == r->fields_cap) {
        size_t cap = r->fields_cap;
        da_grow((void **)&r->offsets, &cap, r->nfields + 1, sizeof(size_t));
        r->lens = da_xrealloc(r->lens, cap * sizeof(size_t));
        r->ptrs = da_xrealloc(r->ptrs, cap * sizeof(char *));
        r->fields_cap = cap;
    }
    r->offsets[r->nfields] = r->fields.len;
    r->lens[r->nfields] = len;
    if (da_buf_append(&r->fields, field ? field : "", len) != DA_OK ||
        da_buf_append_char(&r->fields, '\0') != DA_OK) {
        too_long(r, r->nfields);
        return;
    }
    r->nfields++;
}

static void end_row(reader *r)
{
    r->in_record = false;
    r->nfields = 0;
    r->row_bad = false;
    da_buf_reset(&r->fields);
}

static void on_record(int c, void *data)
{
    reader *r = data;
    (void)c;
    if (r->stopped) {
        end_row(r);
        return;
    }
    if (r->row_bad) {
        if (r->opts->long_field)
            *r->opts->long_field = r->long_field;
        r->on_problem(r->ctx, r->record_line, r->bad_reason);
    } else {
        bool empty = true;
        for (size_t i = 0; i < r->nfields && empty; i++)
            empty = r->lens[i] == 0;
        if (empty) {
            r->on_problem(r->ctx, r->record_line, "empty row");
        } else {
            for (size_t i = 0; i < r->nfields; i++)
                r->ptrs[i] = r->fields.data + r->offsets[i];
            /* libcsv ends a record at the line end that closes the bytes fed last,
             * or, at the end of the input, after them. */
            long long end = r->fed_end - (r->fed_eol ? 1 : 0);
            da_csv_row row = {r->record_line, r->nfields, r->ptrs, r->lens, r->record_offset,
                              (size_t)(end - r->record_offset)};
            if (r->on_row(r->ctx, &row))
                r->stopped = true;
        }
    }
    end_row(r);
}

/* libcsv grows a field's buffer by this many bytes at a time (128 unless
 * set: a long note in 128-byte steps is quadratic under ASan); past it, by
 * the buffer's size (see parse_from). */
#define PARSER_BLOCK ((size_t)64 << 10)

static void parser_reset(reader *r)
{
    csv_free(&r->parser);
    csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    csv_set_blk_size(&r->parser, PARSER_BLOCK);
    end_row(r);
}

/* Fetches up to s->chunk bytes at offset; returns the count, 0 at the end.
 * Nothing before keep_from will be asked for again. */
static size_t source_read(source *s, long long offset, long long keep_from, const char **bytes,
                          da_error *err)
{
    if (!s->fp) {
        if ((size_t)offset >= s->mem_len)
            return 0;
        *bytes = s->mem + offset;
        size_t n = s->mem_len - (size_t)offset;
        return n > s->chunk ? s->chunk : n;
    }
    if (offset < s->window_from || keep_from < s->window_from || keep_from > offset) {
        *err = DA_ERR_INTERNAL;
        return 0;
    }
    size_t at = (size_t)(offset - s->window_from);
    if (at >= s->window_len) {
        /* Before reading more, what no rewind can reach goes: most often all
         * of it, or a record's first part. */
        size_t drop = (size_t)(keep_from - s->window_from);
        if (drop) {
            memmove(s->window, s->window + drop, s->window_len - drop);
            s->window_len -= drop;
            s->window_from = keep_from;
            at -= drop;
        }
        /* The window stays one chunk unless a record outgrows half of one. */
        size_t want = s->window_len < s->chunk / 2 ? s->chunk - s->window_len : s->chunk;
        da_grow((void **)&s->window, &s->window_cap, s->window_len + want, 1);
        size_t n = fread(s->window + s->window_len, 1, want, s->fp);
        if (n == 0 && ferror(s->fp))
            *err = DA_ERR_IO;
        s->window_len += n;
    }
    if (at >= s->window_len)
        return 0;
    *bytes = s->window + at;
    size_t n = s->window_len - at;
    return n > s->chunk ? s->chunk : n;
}

/* True when bytes[0..n) holds only spaces and tabs: libcsv starts no row there. */
static bool only_blanks(const char *bytes, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (bytes[k] != ' ' && bytes[k] != '\t')
            return false;
    return true;
}

/* Parses the source from *pos to the end. When a record that spans lines
 * turns out badly quoted, it reports the record at its first line, sets
 * *pos to the line after that first line and returns true, so the caller
 * parses again from there: the quote that opened there most likely never
 * closed, and the rows it swallowed are read after all. */
static bool parse_from(reader *r, source *s, position *pos, da_error *err)
{
    long long offset = pos->offset;
    bool prev_cr = pos->after_cr; /* the last byte fed was a CR */
    bool skip_line = false;       /* drop the rest of a physical line after an error */
    skip_state skip = SKIP_NONE;  /* skipping the rest of a record with a field too long */
    position first_eol = {-1, 0, false}; /* just after the current record's first line */
    r->line = pos->line;
    parser_reset(r);
    for (;;) {
        const char *bytes = NULL;
        /* A rewind goes back to the first line end of the record being read. */
        long long keep_from = r->in_record ? r->record_offset : offset;
        size_t n = source_read(s, offset, keep_from, &bytes, err);
        if (*err != DA_OK)
            return false;
        if (n == 0)
            break;
        size_t i = 0;
        if (offset == 0 && n >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0)
            i = 3; /* a UTF-8 BOM */
        /* The next LF and CR at or after i, found with memchr (the profile's
         * top spot in our own import code was this scan, byte by byte). */
        size_t next_lf = 0, next_cr = 0;
        bool lf_known = false, cr_known = false;
        while (i < n && !r->stopped) {
            /* One physical line, or its part in this chunk: up to and including its CR or LF. */
            if (!lf_known || next_lf < i) {
                const char *p = memchr(bytes + i, '\n', n - i);
                next_lf = p ? (size_t)(p - bytes) : n;
                lf_known = true;
            }
            if (!cr_known || next_cr < i) {
                const char *p = memchr(bytes + i, '\r', n - i);
                next_cr = p ? (size_t)(p - bytes) : n;
                cr_known = true;
            }
            size_t j = next_lf < next_cr ? next_lf : next_cr;
            bool has_eol = j < n;
            if (has_eol)
                j++;
            bool lone_lf = j - i == 1 && bytes[i] == '\n' && prev_cr;
            if (!skip_line && !r->in_record && !lone_lf &&
                !only_blanks(bytes + i, j - i - has_eol)) {
                r->in_record = true;
                r->record_line = r->line;
                r->record_offset = offset + (long long)i;
                first_eol.offset = -1;
            }
            if (skip != SKIP_NONE) {
                if (!lone_lf)
                    skip = skip_over(skip, bytes + i, j - i - has_eol);
                if (has_eol && !lone_lf && skip != SKIP_QUOTED) {
                    skip_done(r);
                    parser_reset(r);
                    skip = SKIP_NONE;
                }
            } else if (!skip_line && r->in_record) {
                r->fed_end = offset + (long long)j;
                r->fed_eol = has_eol;
                size_t fed = csv_parse(&r->parser, bytes + i, j - i, on_field, on_record, r);
                /* Grow a long field's buffer geometrically, not by a fixed step. */
                if (r->parser.entry_size > PARSER_BLOCK)
                    csv_set_blk_size(&r->parser, r->parser.entry_size);
                if (fed < j - i) {
                    /* Strict mode stops at a quote where none may stand. */
                    if (first_eol.offset >= 0) {
                        r->on_problem(r->ctx, r->record_line, "unbalanced quote");
                        *pos = first_eol;
                        parser_reset(r);
                        return true;
                    }
                    r->on_problem(r->ctx, r->record_line,
                                  csv_error(&r->parser) == CSV_ETOOBIG ? "field too long"
                                                                       : "malformed quoting");
                    parser_reset(r);
                    skip_line = !has_eol;
                }
            } else if (has_eol) {
                skip_line = false;
            }
            if (has_eol) {
                char eol = bytes[j - 1];
                if (!lone_lf)
                    r->line++;
                prev_cr = eol == '\r';
                if (r->in_record && first_eol.offset < 0)
                    first_eol = (position){offset + (long long)j, r->line, prev_cr};
            } else if (j > i) {
                prev_cr = false;
            }
            /* entry_pos is the length of the field being read (csv.h; the buffer size
             * would count libcsv's 128-byte allocation steps). */
            if (skip == SKIP_NONE && r->in_record &&
                r->parser.entry_pos > r->opts->max_field) {
                /* Too long, or a quote that never closes: read on, keeping
                 * nothing, to the record's end (then it was too long) or the
                 * end of the input (then the quote was unbalanced). */
                skip = r->parser.pstate == 3 ? SKIP_QUOTE
                       : r->parser.quoted    ? SKIP_QUOTED
                                             : SKIP_UNQUOTED;
                r->long_field = r->nfields;
                unsigned long line = r->record_line;
                long long start = r->record_offset;
                parser_reset(r); /* frees the field read so far */
                r->in_record = true;
                r->record_line = line;
                r->record_offset = start;
                if (has_eol && skip != SKIP_QUOTED) {
                    skip_done(r);
                    parser_reset(r);
                    skip = SKIP_NONE;
                }
            }
            i = j;
        }
        if (r->stopped)
            return false;
        offset += (long long)n;
    }
    if (skip == SKIP_QUOTED) {
        /* The quote never closed: report where it opened, go on after that line. */
        r->on_problem(r->ctx, r->record_line, "unbalanced quote");
        parser_reset(r);
        if (first_eol.offset < 0)
            return false;
        *pos = first_eol;
        return true;
    }
    if (skip != SKIP_NONE) {
        skip_done(r);
        parser_reset(r);
        return false;
    }
    if (csv_fini(&r->parser, on_field, on_record, r) != 0) {
        r->on_problem(r->ctx, r->record_line, "unbalanced quote");
        parser_reset(r);
        if (first_eol.offset < 0)
            return false;
        *pos = first_eol;
        return true;
    }
    /* A last row without a line end: fini delivered it. */
    return false;
}

static da_error read_source(source *s, const da_csv_opts *opts_in, da_csv_row_fn on_row,
                            da_csv_problem_fn on_problem, void *ctx)
{
    da_csv_opts opts = opts_in ? *opts_in : (da_csv_opts){0};
    s->chunk = opts.chunk == 0 ? CHUNK : opts.chunk < MIN_CHUNK ? MIN_CHUNK : opts.chunk;
    if (!opts.max_field)
        opts.max_field = DEFAULT_MAX_FIELD;
    if (!opts.max_fields)
        opts.max_fields = DEFAULT_MAX_FIELDS;
    reader r;
    memset(&r, 0, sizeof(r));
    r.opts = &opts;
    r.on_row = on_row;
    r.on_problem = on_problem;
    r.ctx = ctx;
    /* A row may hold every field at its maximum; the buffer ceiling stops a
     * row far beyond that. */
    da_buf_init(&r.fields, opts.max_field * 4 + 4096);
    if (csv_init(&r.parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return DA_ERR_NOMEM;
    csv_set_blk_size(&r.parser, PARSER_BLOCK);
    da_error err = DA_OK;
    position pos = {0, 1, false};
    while (parse_from(&r, s, &pos, &err))
        ;
    csv_free(&r.parser);
    da_buf_free(&r.fields);
    free(r.offsets);
    free(r.lens);
    free(r.ptrs);
    if (err == DA_OK && r.stopped)
        err = DA_ERR_INTERRUPTED;
    return err;
}

da_error da_csv_read_stream(FILE *fp, const da_csv_opts *opts, da_csv_row_fn on_row,
                            da_csv_problem_fn on_problem, void *ctx)
{
    source s = {0};
    s.fp = fp;
    da_error err = read_source(&s, opts, on_row, on_problem, ctx);
    free(s.window);
    return err;
}

da_error da_csv_read_file(const char *path, const da_csv_opts *opts, da_csv_row_fn on_row,
                          da_csv_problem_fn on_problem, void *ctx)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return DA_ERR_IO;
    da_error err = da_csv_read_stream(fp, opts, on_row, on_problem, ctx);
    fclose(fp);
    return err;
}

da_error da_csv_read_mem(const char *data, size_t len, const da_csv_opts *opts,
                         da_csv_row_fn on_row, da_csv_problem_fn on_problem, void *ctx)
{
    source s = {0};
    s.mem = data;
    s.mem_len = len;
    return read_source(&s, opts, on_row, on_problem, ctx);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* The rules are libcsv's in strict mode: blanks before a field are skipped;
 * an unquoted field ends at a comma, without its trailing blanks, and holds
 * no quote; a quoted field ends at a quote not doubled, and only blanks may
 * follow it before the comma. Fields only move left, so in place is safe. */
bool da_csv_record_field(char *record, size_t record_len, size_t index, size_t *len)
{
    size_t i = 0;
    for (size_t field = 0;; field++) {
        bool want = field == index;
        size_t out = 0; /* bytes of the wanted field moved so far */
        while (i < record_len && is_blank(record[i]))
            i++;
        if (i < record_len && record[i] == '"') {
            for (i++;;) {
                const char *q = memchr(record + i, '"', record_len - i);
                if (!q)
                    return false;
                size_t n = (size_t)(q - (record + i));
                bool doubled = i + n + 1 < record_len && q[1] == '"';
                if (want)
                    memmove(record + out, record + i, n + doubled);
                out += n + doubled;
                i += n + 1 + doubled;
                if (!doubled)
                    break;
            }
            while (i < record_len && is_blank(record[i]))
                i++;
        } else {
            const char *comma = memchr(record + i, ',', record_len - i);
            size_t end = comma ? (size_t)(comma - record) : record_len;
            if (memchr(record + i, '"', end - i))
                return false;
            size_t last = end;
            while (last > i && is_blank(record[last - 1]))
                last--;
            if (want)
                memmove(record, record + i, last - i);
            out = last - i;
            i = end;
        }
        if (i < record_len && record[i] != ',')
            return false;
        if (want) {
            *len = out;
            return true;
        }
        if (i == record_len)
            return false;
        i++;
    }
}

void da_csv_header_key(const char *name, char *out, size_t out_size)
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p && o + 1 < out_size; p++)
        if (isalnum(*p))
            out[o++] = (char)tolower(*p);
    out[o] = '\0';
}
