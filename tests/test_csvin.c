/* test_csvin.c - the line-aware CSV reader: line numbers, line ends, bad
 * quoting and recovery, limits, header keys. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvin.h"
#include "mem.h"

/* What the reader handed over, fields of a row joined with '|'. */
typedef struct seen {
    unsigned long row_line[16];     /* line of each row */
    char row[16][64];               /* fields of each row, joined */
    size_t nrows;                   /* rows seen (all counted, first 16 kept) */
    unsigned long problem_line[16]; /* line of each problem */
    const char *problem[16];        /* reason of each problem */
    size_t nproblems;               /* problems seen */
    size_t stop_after;              /* stop after this many rows (0 = never) */
    unsigned long last_line;        /* line of the last row */
    char last[64];                  /* fields of the last row */
} seen;

static int on_row(void *ctx, const da_csv_row *row)
{
    seen *s = ctx;
    char joined[64] = "";
    size_t o = 0;
    for (size_t i = 0; i < row->nfields; i++) {
        for (size_t k = 0; k < row->lens[i] && o + 2 < sizeof(joined); k++)
            joined[o++] = row->fields[i][k] ? row->fields[i][k] : '@';
        if (i + 1 < row->nfields && o + 2 < sizeof(joined))
            joined[o++] = '|';
    }
    joined[o] = '\0';
    if (s->nrows < 16) {
        s->row_line[s->nrows] = row->line;
        memcpy(s->row[s->nrows], joined, sizeof(joined));
    }
    s->last_line = row->line;
    memcpy(s->last, joined, sizeof(joined));
    s->nrows++;
    return s->stop_after && s->nrows >= s->stop_after;
}

static void on_problem(void *ctx, unsigned long line, const char *reason)
{
    seen *s = ctx;
    if (s->nproblems < 16) {
        s->problem_line[s->nproblems] = line;
        s->problem[s->nproblems] = reason;
    }
    s->nproblems++;
}

static da_error read_str(const char *csv, const da_csv_opts *opts, seen *s)
{
    memset(s, 0, sizeof(*s));
    return da_csv_read_mem(csv, strlen(csv), opts, on_row, on_problem, s);
}

static void test_lf_lines(void **state)
{
    (void)state;
    seen s;
    assert_int_equal(read_str("a,b\n1,2\n3,4\n", NULL, &s), DA_OK);
    assert_int_equal(s.nrows, 3);
    assert_int_equal(s.nproblems, 0);
    assert_int_equal(s.row_line[0], 1);
    assert_string_equal(s.row[1], "1|2");
    assert_int_equal(s.row_line[2], 3);
}

static void test_bom_stripped(void **state)
{
    (void)state;
    seen s;
    assert_int_equal(read_str("\xEF\xBB\xBF" "claim,x\n1,2\n", NULL, &s), DA_OK);
    assert_string_equal(s.row[0], "claim|x");
    assert_int_equal(s.row_line[1], 2);
    /* A BOM-like sequence later in the file is data. */
    assert_int_equal(read_str("a\n\xEF\xBB\xBF" "b\n", NULL, &s), DA_OK);
    assert_string_equal(s.row[1], "\xEF\xBB\xBF" "b");
}

static void test_crlf_and_cr(void **state)
{
    (void)state;
    seen s;
    assert_int_equal(read_str("h\r\n1\r\n2\r\n", NULL, &s), DA_OK);
    assert_int_equal(s.nrows, 3);
    assert_int_equal(s.row_line[2], 3);
    assert_string_equal(s.row[2], "2");
    assert_int_equal(read_str("h\r1\r2\r", NULL, &s), DA_OK);
    assert_int_equal(s.nrows, 3);
    assert_int_equal(s.row_line[1], 2);
    assert_int_equal(s.row_line[2], 3);
    /* CR then CRLF: the lone CR ends line 2, which is blank. */
    assert_int_equal(read_str("h\r\r\n1\n", NULL, &s), DA_OK);
    assert_int_equal(s.nrows, 2);
    assert_int_equal(s.row_line[1], 3);
}

static void test_quoted_newlines_keep_line_numbers(void **state)
{
    (void)state;
    seen s;
    assert_int_equal(read_str("id,text\n1,\"a\nb\nc\"\n2,x\n", NULL, &s), DA_OK);
    assert_int_equal(s.nrows, 3);
    assert_int_equal(s.row_line[1], 2);
    assert_string_equal(s.row[1], "1|a\nb\nc");
    assert_int_equal(s.row_line[2], 5);
    /* CRLF inside a quoted field is kept byte for byte and counts one line. */
    assert_int_equal(read_str("id,text\r\n1,\"a\r\nb\"\r\n2,x\r\n", NULL, &s), DA_OK);
    assert_string_equal(s.row[1], "1|a\r\nb");
    assert_int_equal(s.row_line[2], 4);
}

static void test_blank_lines(void **state)
{
    (void)state;
    seen s;
    assert_int_equal(read_str("h\n\n1\n\n\n2\n", NULL, &s), DA_OK);
    assert_int_equal(s.nrows, 3);
    assert_int_equal(s.nproblems, 0);
    assert_int_equal(s.row_line[1], 3);
    assert_int_equal(s.row_line[2], 6);
    /* A line of spaces is blank too, and the next row keeps its own line. */
    assert_int_equal(read_str("h\n   \n1\n \t\r\n2\n", NULL, &s), DA_OK);
    assert_int_equal(s.nrows, 3);
    assert_int_equal(s.row_line[1], 3);
    assert_int_equal(s.row_line[2], 5);
}

static void test_unbalanced_quote_to_end(void **state)
{
    (void)state;
    seen s;
    /* The quote opened on line 2 never closes: the reader reports line 2 and
     * reads lines 3 and 4 as rows. */
    assert_int_equal(read_str("id,t\n1,\"abc\n2,x\n3,y\n", NULL, &s), DA_OK);
    assert_int_equal(s.nproblems, 1);
    assert_int_equal(s.problem_line[0], 2);
    assert_string_equal(s.problem[0], "unbalanced quote");
    assert_int_equal(s.nrows, 3);
    assert_int_equal(s.row_line[1], 3);
    assert_string_equal(s.row[1], "2|x");
    assert_int_equal(s.row_line[2], 4);
    assert_string_equal(s.row[2], "3|y");
}

static void test_unbalanced_quote_before_quoted_rows(void **state)
{
    (void)state;
    seen s;
    /* The opened quote runs into the next row's quote, where strict parsing
     * stops: still reported at line 2, and the row on line 3 is read. */
    assert_int_equal(read_str("id,t\n1,\"abc\n2,\"x\"\n3,y\n", NULL, &s), DA_OK);
    assert_int_equal(s.nproblems, 1);
    assert_int_equal(s.problem_line[0], 2);
    assert_string_equal(s.problem[0], "unbalanced quote");
    assert_int_equal(s.nrows, 3);
    assert_int_equal(s.row_line[1], 3);
    assert_string_equal(s.row[1], "2|x");
    assert_int_equal(s.row_line[2], 4);
}

static void test_unbalanced_quote_crlf(void **state)
{
    (void)state;
    seen s;
    assert_int_equal(read_str("id,t\r\n1,\"abc\r\n2,x\r\n3,y\r\n", NULL, &s), DA_OK);
    assert_int_equal(s.nproblems, 1);
    assert_int_equal(s.problem_line[0], 2);
    assert_int_equal(s.nrows, 3);
    assert_int_equal(s.row_line[1], 3);
    assert_int_equal(s.row_line[2], 4);
}

static void test_unbalanced_quote_on_last_line(void **state)
{
    (void)state;
    seen s;
    assert_int_equal(read_str("id,t\n1,\"abc", NULL, &s), DA_OK);
    assert_int_equal(s.nrows, 1);
    assert_int_equal(s.nproblems, 1);
    assert_int_equal(s.problem_line[0], 2);
    assert_string_equal(s.problem[0], "unbalanced quote");
}

static void test_stray_quote_in_unquoted_field(void **state)
{
    (void)state;
    seen s;
    assert_int_equal(read_str("id,t\n1,ab\"c\n2,x\n", NULL, &s), DA_OK);
    assert_int_equal(s.nproblems, 1);
    assert_int_equal(s.problem_line[0], 2);
    assert_string_equal(s.problem[0], "malformed quoting");
    assert_int_equal(s.nrows, 2);
    assert_int_equal(s.row_line[1], 3);
    assert_string_equal(s.row[1], "2|x");
    /* Text after a closing quote: the rest of that line is dropped with the row. */
    assert_int_equal(read_str("id,t\n1,\"ab\"c,\"d\n2,x\n", NULL, &s), DA_OK);
    assert_int_equal(s.nproblems, 1);
    assert_string_equal(s.problem[0], "malformed quoting");
    assert_int_equal(s.nrows, 2);
    assert_int_equal(s.row_line[1], 3);
}

static void test_doubled_quotes(void **state)
{
    (void)state;
    seen s;
    assert_int_equal(read_str("t\n\"she said \"\"hi\"\"\"\n", NULL, &s), DA_OK);
    assert_int_equal(s.nproblems, 0);
    assert_string_equal(s.row[1], "she said \"hi\"");
}

static void test_empty_row(void **state)
{
    (void)state;
    seen s;
    assert_int_equal(read_str("a,b\n,,\n1,2\n", NULL, &s), DA_OK);
    assert_int_equal(s.nrows, 2);
    assert_int_equal(s.nproblems, 1);
    assert_int_equal(s.problem_line[0], 2);
    assert_string_equal(s.problem[0], "empty row");
    assert_int_equal(s.row_line[1], 3);
    /* A row with one non-empty field is not empty. */
    assert_int_equal(read_str("a,b\n,x\n", NULL, &s), DA_OK);
    assert_int_equal(s.nrows, 2);
    assert_int_equal(s.nproblems, 0);
}

static void test_limits(void **state)
{
    (void)state;
    seen s;
    da_csv_opts few = {.max_fields = 3};
    assert_int_equal(read_str("a,b,c,d\n1,2\n", &few, &s), DA_OK);
    assert_int_equal(s.nproblems, 1);
    assert_string_equal(s.problem[0], "too many fields");
    assert_int_equal(s.problem_line[0], 1);
    assert_int_equal(s.nrows, 1);
    assert_int_equal(s.row_line[0], 2);

    da_csv_opts small = {.max_field = 8};
    assert_int_equal(read_str("id,t\n1,abcdefghijkl\n2,12345678\n", &small, &s), DA_OK);
    assert_int_equal(s.nproblems, 1);
    assert_string_equal(s.problem[0], "field too long");
    assert_int_equal(s.problem_line[0], 2);
    assert_int_equal(s.nrows, 2);
    assert_string_equal(s.row[1], "2|12345678");
    assert_int_equal(s.row_line[1], 3);
    /* A short quoted field spanning lines is not too long. */
    assert_int_equal(read_str("id,t\n1,\"a\nb\"\n", &small, &s), DA_OK);
    assert_int_equal(s.nproblems, 0);
    assert_string_equal(s.row[1], "1|a\nb");
}

/* A quoted field over the limit that spans many lines (a 200 MB note) is
 * one "field too long" row, naming the field, and reading resumes at the
 * next record: not an unbalanced quote followed by a row per inner line. */
static void test_long_field_resumes(void **state)
{
    (void)state;
    seen s;
    size_t field = 99;
    da_csv_opts small = {.max_field = 8, .long_field = &field};
    const char *csv = "id,t,u\n"
                      "1,\"line one\nline, two\n\"\"three\"\"\nfour\",x\n"
                      "2,ok,y\n"
                      "3,\"abcdefghij\"\"\nk\"\r\n"
                      "4,ok,z\n";
    for (size_t chunk = 4; chunk <= 64; chunk += 60) {
        small.chunk = chunk;
        assert_int_equal(read_str(csv, &small, &s), DA_OK);
        assert_int_equal(s.nproblems, 2);
        assert_string_equal(s.problem[0], "field too long");
        assert_int_equal(s.problem_line[0], 2);
        assert_string_equal(s.problem[1], "field too long");
        assert_int_equal(s.problem_line[1], 7);
        assert_int_equal(field, 1);
        assert_int_equal(s.nrows, 3);
        assert_string_equal(s.row[1], "2|ok|y");
        assert_int_equal(s.row_line[1], 6);
        assert_string_equal(s.row[2], "4|ok|z");
        assert_int_equal(s.row_line[2], 9);
    }
    /* A quote that never closes is still one, and the lines after it are read. */
    assert_int_equal(read_str("id,t\n1,\"abcdefghijkl\n2,b\n3,c\n", &small, &s), DA_OK);
    assert_int_equal(s.nproblems, 1);
    assert_string_equal(s.problem[0], "unbalanced quote");
    assert_int_equal(s.nrows, 3);
    assert_string_equal(s.row[2], "3|c");
}

static void test_last_row_without_newline_and_nul(void **state)
{
    (void)state;
    seen s;
    assert_int_equal(read_str("a\n1", NULL, &s), DA_OK);
    assert_int_equal(s.nrows, 2);
    assert_int_equal(s.row_line[1], 2);
    memset(&s, 0, sizeof(s));
    static const char with_nul[] = "a,b\n1,x\0y\n";
    assert_int_equal(da_csv_read_mem(with_nul, sizeof(with_nul) - 1, NULL, on_row, on_problem, &s),
                     DA_OK);
    assert_int_equal(s.nrows, 2);
    assert_string_equal(s.row[1], "1|x@y");
}

static void test_stop(void **state)
{
    (void)state;
    seen s;
    memset(&s, 0, sizeof(s));
    s.stop_after = 2;
    const char *csv = "a\n1\n2\n3\n";
    assert_int_equal(da_csv_read_mem(csv, strlen(csv), NULL, on_row, on_problem, &s),
                     DA_ERR_INTERRUPTED);
    assert_int_equal(s.nrows, 2);
}

/* Builds a header "hh\n" or "h\n", then "a\n" lines up to the chunk edge, then tail placed so
 * that its byte tail_at falls on the first byte of the second 1 MiB chunk. */
static char *edge_input(const char *tail, size_t tail_at, size_t *len, unsigned long *filler)
{
    const size_t chunk = (size_t)1 << 20;
    size_t start = chunk - tail_at; /* where tail begins */
    size_t tlen = strlen(tail);
    char *buf = da_xmalloc(start + tlen + 1);
    /* A header of the parity that lets two-byte lines fill the gap. */
    size_t o = start % 2 ? 3 : 2;
    memcpy(buf, &"hh\n"[3 - o], o);
    *filler = 0;
    while (o + 2 <= start) {
        memcpy(buf + o, "a\n", 2);
        o += 2;
        (*filler)++;
    }
    assert_int_equal(o, start);
    memcpy(buf + o, tail, tlen + 1);
    *len = start + tlen;
    return buf;
}

static void test_chunk_edges(void **state)
{
    (void)state;
    seen s;
    size_t len;
    unsigned long filler;
    /* A CR ends line "b", then "xyz" ends exactly at the chunk edge and its LF
     * starts the next chunk: that LF ends line "xyz", it is no CRLF. */
    char *buf = edge_input("b\rxyz\nafter\n", 5, &len, &filler);
    memset(&s, 0, sizeof(s));
    assert_int_equal(da_csv_read_mem(buf, len, NULL, on_row, on_problem, &s), DA_OK);
    assert_int_equal(s.nproblems, 0);
    assert_int_equal(s.nrows, filler + 4);
    assert_string_equal(s.last, "after");
    assert_int_equal(s.last_line, filler + 4);
    free(buf);

    /* A CRLF split by the chunk edge counts one line. */
    buf = edge_input("b\r\nafter\n", 2, &len, &filler);
    memset(&s, 0, sizeof(s));
    assert_int_equal(da_csv_read_mem(buf, len, NULL, on_row, on_problem, &s), DA_OK);
    assert_int_equal(s.nrows, filler + 3);
    assert_int_equal(s.last_line, filler + 3);
    free(buf);

    /* A stray quote just before the edge: the rest of that line, in the next
     * chunk, is not read as a row of its own. */
    buf = edge_input("b\"cd,ef\nafter\n", 3, &len, &filler);
    memset(&s, 0, sizeof(s));
    assert_int_equal(da_csv_read_mem(buf, len, NULL, on_row, on_problem, &s), DA_OK);
    assert_int_equal(s.nproblems, 1);
    assert_string_equal(s.problem[0], "malformed quoting");
    assert_int_equal(s.problem_line[0], filler + 2);
    assert_int_equal(s.nrows, filler + 2);
    assert_string_equal(s.last, "after");
    assert_int_equal(s.last_line, filler + 3);
    free(buf);
}

/* Every kind of record cut at every place: read a few bytes at a time, from
 * memory and from a file, the reader hands over what it does in one read.
 * Worked out by hand: BOM dropped; the quoted newline keeps row 1 on line 2;
 * a lone CR ends line 4; line 6 is all empty fields; the quote opened on
 * line 7 never closes, so line 7 is reported and reading resumes on line 8. */
static void test_small_chunks(void **state)
{
    (void)state;
    static const char csv[] = "\xEF\xBB\xBFid,text\r\n"
                              "1,\"two\nlines\"\r\n"
                              "2,plain\r"
                              "3,\"say \"\"hi\"\"\"\n"
                              ",\n"
                              "4,\"open\n"
                              "5,after\n"
                              "6,last";
    char path[] = "/tmp/da_csvin_chunks_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, csv, sizeof(csv) - 1), (ssize_t)(sizeof(csv) - 1));
    close(fd);
    for (size_t chunk = 0; chunk <= 48; chunk++) {
        da_csv_opts opts = {.chunk = chunk}; /* 0: the default; 1 to 3 read as 4 */
        for (int from_file = 0; from_file < 2; from_file++) {
            seen s;
            memset(&s, 0, sizeof(s));
            if (from_file)
                assert_int_equal(da_csv_read_file(path, &opts, on_row, on_problem, &s), DA_OK);
            else
                assert_int_equal(read_str(csv, &opts, &s), DA_OK);
            assert_int_equal(s.nrows, 6);
            static const unsigned long lines[] = {1, 2, 4, 5, 8, 9};
            static const char *const rows[] = {"id|text", "1|two\nlines", "2|plain",
                                               "3|say \"hi\"", "5|after", "6|last"};
            for (size_t i = 0; i < 6; i++) {
                assert_int_equal(s.row_line[i], lines[i]);
                assert_string_equal(s.row[i], rows[i]);
            }
            assert_int_equal(s.nproblems, 2);
            assert_int_equal(s.problem_line[0], 6);
            assert_string_equal(s.problem[0], "empty row");
            assert_int_equal(s.problem_line[1], 7);
            assert_string_equal(s.problem[1], "unbalanced quote");
        }
    }
    unlink(path);
}

static void test_file_fixture(void **state)
{
    (void)state;
    seen s;
    memset(&s, 0, sizeof(s));
    assert_int_equal(
        da_csv_read_file("data/import/notes_multiline.csv", NULL, on_row, on_problem, &s), DA_OK);
    /* header + 3 notes; the second note spans lines 4-6. */
    assert_int_equal(s.nrows, 4);
    assert_int_equal(s.nproblems, 0);
    assert_int_equal(s.row_line[1], 2);
    assert_int_equal(s.row_line[2], 4);
    assert_int_equal(s.row_line[3], 7);
    assert_int_equal(da_csv_read_file("data/import/no-such-file.csv", NULL, on_row, on_problem, &s),
                     DA_ERR_IO);
}

static void test_header_key(void **state)
{
    (void)state;
    char k[16];
    da_csv_header_key("Claim #", k, sizeof(k));
    assert_string_equal(k, "claim");
    da_csv_header_key(" Date_of Service ", k, sizeof(k));
    assert_string_equal(k, "dateofservice");
    da_csv_header_key("Modifier(s)", k, sizeof(k));
    assert_string_equal(k, "modifiers");
    da_csv_header_key("ABCDEFGHIJKLMNOPQRSTUVWXYZ", k, 5);
    assert_string_equal(k, "abcd");
    da_csv_header_key("#", k, sizeof(k));
    assert_string_equal(k, "");
}

/* ---- where each row's record is ---- */

/* Offsets and raw lengths of the rows read. */
typedef struct spans {
    long long offset[8]; /* da_csv_row.offset of each row */
    size_t bytes[8];     /* da_csv_row.bytes of each row */
    size_t nrows;        /* rows seen */
} spans;

static int on_span(void *ctx, const da_csv_row *row)
{
    spans *s = ctx;
    if (s->nrows < 8) {
        s->offset[s->nrows] = row->offset;
        s->bytes[s->nrows] = row->bytes;
    }
    s->nrows++;
    return 0;
}

static void ignore_problem(void *ctx, unsigned long line, const char *reason)
{
    (void)ctx;
    (void)line;
    (void)reason;
}

static void test_row_offsets(void **state)
{
    (void)state;
    /* BOM (0-2); "a,b" 3-5, CRLF; a quoted CRLF in "x..y",2 at 8-15, CRLF;
     * a blank line at 18; two blanks and c,"d" at 19-25, LF; last,row at 27-34. */
    static const char csv[] = "\xEF\xBB\xBF" "a,b\r\n\"x\r\ny\",2\r\n\n  c,\"d\"\nlast,row";
    spans s = {0};
    assert_int_equal(da_csv_read_mem(csv, sizeof(csv) - 1, NULL, on_span, ignore_problem, &s),
                     DA_OK);
    assert_int_equal(s.nrows, 4);
    static const long long offset[] = {3, 8, 19, 27};
    static const size_t bytes[] = {3, 8, 7, 8};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(s.offset[i], offset[i]);
        assert_int_equal(s.bytes[i], bytes[i]);
    }
}

static void test_row_offsets_after_recovery(void **state)
{
    (void)state;
    /* The quote opened on line 2 (bytes 2-8) never closes: reading goes on at
     * line 3, byte 10, and a lone CR ends the row there. */
    static const char csv[] = "h\n\"open,1\nnext,2\rz";
    spans s = {0};
    assert_int_equal(da_csv_read_mem(csv, sizeof(csv) - 1, NULL, on_span, ignore_problem, &s),
                     DA_OK);
    assert_int_equal(s.nrows, 3);
    assert_int_equal(s.offset[0], 0);
    assert_int_equal(s.bytes[0], 1);
    assert_int_equal(s.offset[1], 10);
    assert_int_equal(s.bytes[1], 6);
    assert_int_equal(s.offset[2], 17);
    assert_int_equal(s.bytes[2], 1);
}

/* Field index of record, or NULL when da_csv_record_field finds none. */
static const char *field_of(const char *record, size_t index, char *out, size_t size)
{
    size_t len = strlen(record);
    assert_true(len < size);
    memcpy(out, record, len + 1);
    size_t found = 0;
    if (!da_csv_record_field(out, len, index, &found))
        return NULL;
    out[found] = '\0';
    return out;
}

static void test_record_field(void **state)
{
    (void)state;
    char out[64];
    const char *rec = "a, \"b\"\"c\" ,\t d \t,\"\"";
    assert_string_equal(field_of(rec, 0, out, sizeof(out)), "a");
    assert_string_equal(field_of(rec, 1, out, sizeof(out)), "b\"c");
    assert_string_equal(field_of(rec, 2, out, sizeof(out)), "d");
    assert_string_equal(field_of(rec, 3, out, sizeof(out)), "");
    assert_null(field_of(rec, 4, out, sizeof(out)));
    assert_string_equal(field_of("\"x\r\ny, z\",2", 0, out, sizeof(out)), "x\r\ny, z");
    assert_string_equal(field_of("\"x\r\ny, z\",2", 1, out, sizeof(out)), "2");
    assert_string_equal(field_of(",", 0, out, sizeof(out)), "");
    assert_string_equal(field_of(",", 1, out, sizeof(out)), "");
    assert_null(field_of(",", 2, out, sizeof(out)));
    /* Quoting the reader rejects. */
    assert_null(field_of("a\"b,c", 1, out, sizeof(out)));
    assert_null(field_of("\"ab\"c,d", 1, out, sizeof(out)));
    assert_null(field_of("\"ab\" \"c\",d", 1, out, sizeof(out)));
    assert_null(field_of("x,\"open", 1, out, sizeof(out)));
}

/* Generated CSV, and what the reader gave for it. */
typedef struct compare {
    const char *csv; /* the input */
    size_t rows;     /* rows checked */
} compare;

/* Every field of the row, found again from its raw bytes alone, is the field
 * the reader gave; there is no field past the last. */
static int on_compare(void *ctx, const da_csv_row *row)
{
    compare *c = ctx;
    char *raw = da_xmalloc(row->bytes + 1);
    for (size_t k = 0; k <= row->nfields; k++) {
        memcpy(raw, c->csv + row->offset, row->bytes);
        size_t len = 0;
        bool found = da_csv_record_field(raw, row->bytes, k, &len);
        if (k == row->nfields) {
            assert_false(found);
            break;
        }
        assert_true(found);
        assert_int_equal(len, row->lens[k]);
        assert_memory_equal(raw, row->fields[k], len);
    }
    free(raw);
    c->rows++;
    return 0;
}

static unsigned next_random(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 16) & 0x7fff;
}

static void test_record_field_matches_reader(void **state)
{
    (void)state;
    static const char content[] = "ab \t,\"\r\n\xC3\xA9";
    static const char *const ends[] = {"\n", "\r\n", "\r"};
    unsigned seed = 7;
    size_t rows = 0;
    char csv[1024];
    for (int doc = 0; doc < 3000; doc++) {
        size_t o = 0;
        for (int r = 0; r < 6; r++) {
            int nfields = 1 + (int)(next_random(&seed) % 4);
            for (int f = 0; f < nfields; f++) {
                if (f)
                    csv[o++] = ',';
                unsigned kind = next_random(&seed) % 3;
                int n = (int)(next_random(&seed) % 6);
                if (kind == 0) { /* quoted, anything inside, quotes doubled */
                    csv[o++] = next_random(&seed) % 3 ? '"' : ' ';
                    if (csv[o - 1] == ' ')
                        csv[o++] = '"';
                    for (int i = 0; i < n; i++) {
                        char ch = content[next_random(&seed) % (sizeof(content) - 1)];
                        csv[o++] = ch;
                        if (ch == '"')
                            csv[o++] = '"';
                    }
                    csv[o++] = '"';
                    if (next_random(&seed) % 3 == 0)
                        csv[o++] = '\t';
                } else { /* unquoted: no comma, quote or line end */
                    for (int i = 0; i < n; i++) {
                        char ch = content[next_random(&seed) % 4];
                        csv[o++] = ch;
                    }
                }
                /* Now and then a stray byte: bad quoting, recovery. */
                if (next_random(&seed) % 40 == 0)
                    csv[o++] = content[next_random(&seed) % (sizeof(content) - 1)];
            }
            const char *end = ends[next_random(&seed) % 3];
            memcpy(csv + o, end, strlen(end));
            o += strlen(end);
        }
        compare c = {csv, 0};
        assert_true(o < sizeof(csv));
        da_csv_read_mem(csv, o, NULL, on_compare, ignore_problem, &c);
        rows += c.rows;
    }
    /* Most generated rows are well formed. */
    assert_true(rows > 3000 * 6 / 2);
}

/* ---- a pipe ---- */

/* Bytes a thread writes into a pipe. */
typedef struct pipe_writer {
    int fd;          /* the pipe's write end, closed when done */
    const char *csv; /* bytes to write */
    size_t len;      /* their count */
    bool ok;         /* all were written */
} pipe_writer;

static void *write_pipe(void *arg)
{
    pipe_writer *w = arg;
    size_t done = 0;
    while (done < w->len) {
        ssize_t k = write(w->fd, w->csv + done, w->len - done);
        if (k <= 0)
            break;
        done += (size_t)k;
    }
    w->ok = done == w->len;
    close(w->fd);
    return NULL;
}

/* Reads csv through a pipe another thread writes it to. */
static da_error read_pipe(const char *csv, size_t len, seen *s)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pipe_writer w = {fds[1], csv, len, false};
    pthread_t tid;
    assert_int_equal(pthread_create(&tid, NULL, write_pipe, &w), 0);
    FILE *fp = fdopen(fds[0], "rb");
    assert_non_null(fp);
    memset(s, 0, sizeof(*s));
    da_error err = da_csv_read_stream(fp, NULL, on_row, on_problem, s);
    fclose(fp);
    pthread_join(tid, NULL);
    assert_true(w.ok);
    return err;
}

static void test_pipe_reads_as_memory(void **state)
{
    (void)state;
    /* Megabytes, so the reader keeps and drops bytes over many chunks. The
     * quote on line 2 closes only at the first quoted row, megabytes on: the
     * reader goes back to line 3. One in the middle of the quoted rows closes
     * on the next line, a rewind of one line. */
    size_t cap = 8u << 20, o = 0;
    char *csv = da_xmalloc(cap);
    o += (size_t)snprintf(csv + o, cap - o, "h1,h2\n1,\"opened\n");
    for (int i = 0; i < 150000; i++)
        o += (size_t)snprintf(csv + o, cap - o, "p%d,plain %d\n", i, i);
    assert_true(o > 2u << 20);
    for (int i = 0; i < 60000; i++) {
        if (i == 30000)
            o += (size_t)snprintf(csv + o, cap - o, "bad,\"open\nnext,\"closes\"\n");
        o += (size_t)snprintf(csv + o, cap - o, "q%d,\"quoted, text %d \"\"x\"\"\"\r\n", i, i);
    }
    assert_true(o < cap);
    seen from_mem, from_pipe;
    memset(&from_mem, 0, sizeof(from_mem));
    assert_int_equal(da_csv_read_mem(csv, o, NULL, on_row, on_problem, &from_mem), DA_OK);
    assert_int_equal(read_pipe(csv, o, &from_pipe), DA_OK);
    /* Worked out by hand: the header, every p and q row, and "next" after the bad row. */
    assert_int_equal(from_mem.nrows, 1 + 150000 + 60000 + 1);
    assert_int_equal(from_mem.nproblems, 2);
    assert_int_equal(from_mem.problem_line[0], 2);
    assert_string_equal(from_mem.problem[0], "unbalanced quote");
    assert_int_equal(from_mem.problem_line[1], 3 + 150000 + 30000);
    assert_string_equal(from_mem.row[1], "p0|plain 0");
    assert_string_equal(from_mem.last, "q59999|quoted, text 59999 \"x\"");
    assert_int_equal(from_pipe.nrows, from_mem.nrows);
    assert_int_equal(from_pipe.nproblems, from_mem.nproblems);
    assert_memory_equal(from_pipe.problem_line, from_mem.problem_line,
                        sizeof(from_mem.problem_line));
    assert_memory_equal(from_pipe.row_line, from_mem.row_line, sizeof(from_mem.row_line));
    assert_memory_equal(from_pipe.row, from_mem.row, sizeof(from_mem.row));
    assert_int_equal(from_pipe.last_line, from_mem.last_line);
    assert_string_equal(from_pipe.last, from_mem.last);
    free(csv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lf_lines),
        cmocka_unit_test(test_bom_stripped),
        cmocka_unit_test(test_crlf_and_cr),
        cmocka_unit_test(test_quoted_newlines_keep_line_numbers),
        cmocka_unit_test(test_blank_lines),
        cmocka_unit_test(test_unbalanced_quote_to_end),
        cmocka_unit_test(test_unbalanced_quote_before_quoted_rows),
        cmocka_unit_test(test_unbalanced_quote_crlf),
        cmocka_unit_test(test_unbalanced_quote_on_last_line),
        cmocka_unit_test(test_stray_quote_in_unquoted_field),
        cmocka_unit_test(test_doubled_quotes),
        cmocka_unit_test(test_empty_row),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_long_field_resumes),
        cmocka_unit_test(test_last_row_without_newline_and_nul),
        cmocka_unit_test(test_stop),
        cmocka_unit_test(test_chunk_edges),
        cmocka_unit_test(test_small_chunks),
        cmocka_unit_test(test_file_fixture),
        cmocka_unit_test(test_header_key),
        cmocka_unit_test(test_row_offsets),
        cmocka_unit_test(test_row_offsets_after_recovery),
        cmocka_unit_test(test_record_field),
        cmocka_unit_test(test_record_field_matches_reader),
        cmocka_unit_test(test_pipe_reads_as_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
