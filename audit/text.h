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

/* True when s[0..len) is valid UTF-8 with no NUL byte and no code point
 * XML forbids (U+FFFE, U+FFFF; surrogates are invalid UTF-8 anyway). */
bool da_utf8_valid(const char *s, size_t len);

/* Rewrites s[0..*len) in place so it passes da_utf8_valid: each NUL becomes
 * a space, each encoded surrogate, U+FFFE or U+FFFF becomes U+FFFD (three
 * bytes for three), and each other invalid byte '?'. Returns the number of
 * replacements. *len never grows. */
size_t da_utf8_repair(char *s, size_t *len);

/* Number of encoded surrogates, U+FFFE and U+FFFF in s[0..len): the code
 * points that make a workbook's XML not well-formed. */
size_t da_utf8_xml_invalid(const char *s, size_t len);

/* Writes s[0..len) to out with every literal "_xHHHH_" escaped as
 * "_x005F_xHHHH_", so a spreadsheet shows it as written instead of reading
 * it as the character HHHH; returns the length written. With out NULL only
 * the length is computed; out needs that many bytes (no NUL is added). */
size_t da_ooxml_escape(const char *s, size_t len, char *out);

/* Number of code points in valid UTF-8 s[0..len). */
size_t da_utf8_count(const char *s, size_t len);

/* Copies the note text around [start, end) into out (NUL-terminated, valid
 * UTF-8, at most max_chars code points, out_size bytes including the NUL):
 * the span itself first, widened to whole lines or sentences when room is
 * left, with line breaks folded to spaces. text must be valid UTF-8. */
void da_snippet(const char *text, size_t text_len, size_t start, size_t end,
                size_t max_chars, char *out, size_t out_size);

#endif
