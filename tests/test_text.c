/* test_text.c - the evidence snippet (da_snippet): what a finding quotes
 * from its note; the repair of text a workbook cannot hold; the escape of
 * Office's own character escapes; CSV cells a spreadsheet would run.
 * Expected results are worked out by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "text.h"

static void test_sentence_around_the_span(void **state)
{
    (void)state;
    const char *t = "Exam normal. Shave removal of a 0.6 cm nevus, left arm. Follow up.";
    size_t s = (size_t)(strstr(t, "0.6 cm") - t);
    char out[DA_EVIDENCE_BYTES];
    da_snippet(t, strlen(t), s, s + 6, DA_EVIDENCE_CHARS, out, sizeof(out));
    assert_string_equal(out, "Shave removal of a 0.6 cm nevus, left arm.");
}

static void test_line_breaks_fold_to_spaces(void **state)
{
    (void)state;
    const char *t = "Size:\r\n  1.2 cm\n";
    char out[64];
    da_snippet(t, strlen(t), 9, 15, 200, out, sizeof(out));
    assert_string_equal(out, "1.2 cm");
    /* The whole line of a span with nothing around it. */
    const char *u = "A. \tbiopsy  done\t. B.";
    da_snippet(u, strlen(u), 4, 10, 200, out, sizeof(out));
    assert_string_equal(out, "biopsy done .");
}

/* A 500-character line is cut to max_chars around its span, span kept. */
static void test_long_line_is_cut_around_the_span(void **state)
{
    (void)state;
    char t[501];
    memset(t, 'x', 500);
    t[500] = '\0';
    memcpy(t + 300, " SPAN ", 6);
    char out[DA_EVIDENCE_BYTES];
    da_snippet(t, 500, 301, 305, 20, out, sizeof(out));
    assert_int_equal(strlen(out), 20);
    assert_non_null(strstr(out, "SPAN"));
    /* Right context is dropped first: the span and what leads to it stay. */
    assert_string_equal(out, "xxxxxxxxxxxxxxx SPAN");
}

/* Three-byte characters run out of bytes before characters: the snippet
 * is trimmed to the buffer, keeps its span, and ends on a whole character. */
static void test_wide_text_trimmed_to_bytes(void **state)
{
    (void)state;
    enum { N = 180 }; /* 180 x "€" (3 bytes) on each side of the span */
    char t[N * 3 * 2 + 16];
    size_t o = 0;
    for (int i = 0; i < N; i++, o += 3)
        memcpy(t + o, "\xe2\x82\xac", 3);
    size_t s = o;
    memcpy(t + o, "SPAN", 4);
    o += 4;
    for (int i = 0; i < N; i++, o += 3)
        memcpy(t + o, "\xe2\x82\xac", 3);
    char out[DA_EVIDENCE_BYTES];
    da_snippet(t, o, s, s + 4, DA_EVIDENCE_CHARS, out, sizeof(out));
    size_t len = strlen(out);
    assert_true(len < sizeof(out));
    assert_true(da_utf8_valid(out, len));
    assert_non_null(strstr(out, "SPAN"));
    /* 4 bytes of span + whole 3-byte characters, filling all but < 3 bytes. */
    assert_int_equal((len - 4) % 3, 0);
    assert_true(len + 3 >= sizeof(out) - 1);
}

/* A span longer than the buffer keeps its start, cut on a character; a
 * span that fits keeps what context still fits. */
static void test_span_longer_than_buffer(void **state)
{
    (void)state;
    const char *t = "Excision \xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 done";
    char out[8];
    da_snippet(t, strlen(t), 0, strlen(t), 200, out, sizeof(out));
    assert_string_equal(out, "Excisio");
    /* 8 bytes of span and 3 of left context fill 12 bytes with the NUL. */
    char tiny[12];
    da_snippet(t, strlen(t), 9, 17, 200, tiny, sizeof(tiny));
    assert_string_equal(tiny, "on \xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
}

/* A full stop inside a number is no sentence end, and a context cut to
 * fit ends between words, never inside a number. */
static void test_cut_never_inside_a_number(void **state)
{
    (void)state;
    const char *t = "Acne: start adapalene 0.1% gel nightly. Return in 6 weeks.";
    char out[DA_EVIDENCE_BYTES];
    /* span "adapalene": the sentence runs past "0." to "nightly." */
    da_snippet(t, strlen(t), 12, 21, 200, out, sizeof(out));
    assert_string_equal(out, "Acne: start adapalene 0.1% gel nightly.");
    /* 24 characters would end "adapalene 0.": the cut goes back to a space. */
    da_snippet(t, strlen(t), 6, 21, 24, out, sizeof(out));
    assert_string_equal(out, "Acne: start adapalene");
    /* 32 characters would end "gel ni": whole words up to "gel". */
    da_snippet(t, strlen(t), 6, 21, 32, out, sizeof(out));
    assert_string_equal(out, "Acne: start adapalene 0.1% gel");
}

/* U+FFFE, U+FFFF and encoded surrogates become U+FFFD, byte for byte;
 * U+FFFD itself and U+FFFC are kept; other invalid bytes '?', NUL ' '. */
static void test_xml_invalid_code_points(void **state)
{
    (void)state;
    char s[] = "a\xef\xbf\xbe" "b\xef\xbf\xbf" "c\xed\xa0\x80" "d\xed\xbf\xbf" "e\xef\xbf\xbd"
               "f\xef\xbf\xbc" "g\xff" "h";
    size_t len = sizeof(s) - 1;
    s[len - 1] = '\0'; /* a NUL for the last byte, 'h' */
    assert_false(da_utf8_valid(s, len));
    assert_int_equal(da_utf8_xml_invalid(s, len), 4);
    assert_int_equal(da_utf8_repair(s, &len), 6);
    assert_int_equal(len, sizeof(s) - 1);
    assert_memory_equal(s, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd" "d\xef\xbf\xbd"
                           "e\xef\xbf\xbd" "f\xef\xbf\xbc" "g?" " ",
                        len);
    assert_true(da_utf8_valid(s, len));
    assert_int_equal(da_utf8_xml_invalid(s, len), 0);
    /* A cut sequence is not a surrogate: plain invalid bytes. */
    char cut[] = "x\xef\xbf";
    len = sizeof(cut) - 1;
    assert_int_equal(da_utf8_xml_invalid(cut, len), 0);
    assert_int_equal(da_utf8_repair(cut, &len), 2);
    assert_string_equal(cut, "x??");
}

static void test_ooxml_escapes_escaped(void **state)
{
    (void)state;
    const char *t = "a _x000D_ b _x00e9_ _x12G4_ _x1234 __x0041_";
    char out[128];
    size_t n = da_ooxml_escape(t, strlen(t), NULL);
    assert_int_equal(n, strlen(t) + 18);
    assert_int_equal(da_ooxml_escape(t, strlen(t), out), n);
    out[n] = '\0';
    assert_string_equal(out, "a _x005F_x000D_ b _x005F_x00e9_ _x12G4_ _x1234 __x005F_x0041_");
    assert_int_equal(da_ooxml_escape("plain", 5, NULL), 5);
}

/* Text cells a spreadsheet would run get a leading ', inside the quotes
 * when the cell is quoted; plain numbers, and text that only contains the
 * characters, are left alone; da_csv_text undoes it. */
static void test_csv_formula_cells(void **state)
{
    (void)state;
    static const char *const in[] = {"=1+1", "+1", "-12.50", "-", "-1e3", "@SUM(A1)", "\tx",
                                     "\rx", "a=b", "=HYPERLINK(\"u\",\"c\")", "-x,y", "+.5", ""};
    static const char *const want[] = {"'=1+1", "+1", "-12.50", "'-", "'-1e3", "'@SUM(A1)",
                                       "'\tx", "\"'\rx\"", "a=b", "\"'=HYPERLINK(\"\"u\"\",\"\"c\"\")\"",
                                       "\"'-x,y\"", "+.5", ""};
    for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        char *buf = NULL;
        size_t size = 0;
        FILE *fp = open_memstream(&buf, &size);
        assert_non_null(fp);
        da_csv_put(fp, in[i]);
        assert_int_equal(fclose(fp), 0);
        assert_string_equal(buf, want[i]);
        free(buf);
    }
    assert_string_equal(da_csv_text("'=1+1"), "=1+1");
    assert_string_equal(da_csv_text("'@x"), "@x");
    assert_string_equal(da_csv_text("'quoted'"), "'quoted'");
    assert_string_equal(da_csv_text("'-12"), "'-12");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sentence_around_the_span),
        cmocka_unit_test(test_line_breaks_fold_to_spaces),
        cmocka_unit_test(test_long_line_is_cut_around_the_span),
        cmocka_unit_test(test_cut_never_inside_a_number),
        cmocka_unit_test(test_wide_text_trimmed_to_bytes),
        cmocka_unit_test(test_span_longer_than_buffer),
        cmocka_unit_test(test_xml_invalid_code_points),
        cmocka_unit_test(test_ooxml_escapes_escaped),
        cmocka_unit_test(test_csv_formula_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
