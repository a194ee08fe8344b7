/* text.h - UTF-8 checks and the evidence snippet.
 *
 * Every string that reaches PCRE2 (compiled without a per-call UTF check) or
 * the workbook (which corrupts on invalid UTF-8) passes da_utf8_repair once,
 * at import.
 */
#ifndef DA_TEXT_H
#define DA_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is valid UTF-8 with no NUL byte. */
bool da_utf8_valid(const char *s, size_t len);

/* Rewrites s[0..*len) in place so it is valid UTF-8 without NUL bytes:
 * each invalid byte becomes '?' and each NUL a space. Returns the number of
 * bytes replaced. *len never grows. */
size_t da_utf8_repair(char *s, size_t *len);

/* Number of code points in valid UTF-8 s[0..len). */
size_t da_utf8_count(const char *s, size_t len);

/* Copies the note text around [start, end) into out (NUL-terminated, valid
 * UTF-8, at most max_chars code points, out_size bytes including the NUL):
 * the span itself first, widened to whole lines or sentences when room is
 * left, with line breaks folded to spaces. text must be valid UTF-8. */
void da_snippet(const char *text, size_t text_len, size_t start, size_t end,
                size_t max_chars, char *out, size_t out_size);

#endif
