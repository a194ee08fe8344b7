/* text.c - UTF-8 validation and repair, and evidence snippets. */
#include "text.h"

#include <string.h>

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c >= 0x01 && c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && s[1] >= 0xA0)
            return 0; /* surrogate */
        if (c == 0xEF && s[1] == 0xBF && s[2] >= 0xBE)
            return 0; /* U+FFFE, U+FFFF: not XML characters */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0;
        if (c == 0xF4 && s[1] >= 0x90)
            return 0;
        return 4;
    }
    return 0;
}

bool da_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (p[i] >= 0x01 && p[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_seq(p + i, len - i);
        if (!n)
            return false;
        i += n;
    }
    return true;
}

/* True at a well-formed three-byte sequence for a code point XML does not
 * allow: a surrogate (U+D800..U+DFFF, ED A0..BF xx) or U+FFFE / U+FFFF. */
static bool xml_invalid_at(const unsigned char *s, size_t n)
{
    if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
        return false;
    return (s[0] == 0xED && s[1] >= 0xA0) || (s[0] == 0xEF && s[1] == 0xBF && s[2] >= 0xBE);
}

size_t da_utf8_xml_invalid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t count = 0;
    for (size_t i = 0; i + 2 < len; i++)
        if ((p[i] == 0xED || p[i] == 0xEF) && xml_invalid_at(p + i, len - i)) {
            count++;
            i += 2;
        }
    return count;
}

size_t da_utf8_repair(char *s, size_t *len)
{
    unsigned char *p = (unsigned char *)s;
    size_t replaced = 0;
    size_t i = 0;
    while (i < *len) {
        if (p[i] >= 0x01 && p[i] < 0x80) {
            i++;
            continue;
        }
        if (p[i] == 0) {
            p[i++] = ' ';
            replaced++;
            continue;
        }
        if (xml_invalid_at(p + i, *len - i)) {
            memcpy(p + i, "\xEF\xBF\xBD", 3); /* U+FFFD, the replacement character */
            i += 3;
            replaced++;
            continue;
        }
        size_t n = utf8_seq(p + i, *len - i);
        if (!n) {
            p[i++] = '?';
            replaced++;
            continue;
        }
        i += n;
    }
    return replaced;
}

/* "_x" then four hex digits and "_": how Office writes a character in XML. */
static bool ooxml_escape_at(const char *s, size_t n)
{
    if (n < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
        return false;
    for (size_t k = 2; k < 6; k++)
        if (!((s[k] >= '0' && s[k] <= '9') || (s[k] >= 'a' && s[k] <= 'f') ||
              (s[k] >= 'A' && s[k] <= 'F')))
            return false;
    return true;
}

size_t da_ooxml_escape(const char *s, size_t len, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '_' && ooxml_escape_at(s + i, len - i)) {
            if (out)
                memcpy(out + o, "_x005F", 6);
            o += 6;
        }
        if (out)
            out[o] = s[i];
        o++;
    }
    return o;
}

size_t da_utf8_count(const char *s, size_t len)
{
    size_t count = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    return count;
}

static bool is_break(char c)
{
    return c == '\n' || c == '\r';
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || is_break(c);
}

/* A sentence ends before i: a full stop, then a blank or the end of the
 * text ("pre-op 0.5 cm" has no sentence end after "0."). */
static bool sentence_end_before(const char *text, size_t text_len, size_t i)
{
    return i > 0 && text[i - 1] == '.' && (i == text_len || is_blank(text[i]));
}

/* Moves a byte offset back to the start of the code point containing it. */
static size_t char_start(const char *s, size_t i)
{
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return i;
}

void da_snippet(const char *text, size_t text_len, size_t start, size_t end,
                size_t max_chars, char *out, size_t out_size)
{
    if (out_size == 0)
        return;
    out[0] = '\0';
    if (start > text_len)
        start = text_len;
    if (end > text_len)
        end = text_len;
    if (end < start)
        end = start;

    /* Widen to the enclosing line, stopping at sentence ends. */
    size_t a = start;
    while (a > 0 && !is_break(text[a - 1]) &&
           !(a >= 2 && text[a - 1] == ' ' && text[a - 2] == '.'))
        a--;
    size_t b = end;
    while (b < text_len && !is_break(text[b]) && !(b > end && sentence_end_before(text, text_len, b)))
        b++;
    size_t a_whole = a, b_whole = b;

    /* Bound the work on huge lines, then trim to max_chars, keeping the
     * matched span in view: the right context goes first, then the left. */
    size_t room = 4 * max_chars;
    if (end - start > room) {
        end = char_start(text, start + room);
        b = end;
    } else if (b - end > room) {
        b = char_start(text, end + room);
    }
    if (start - a > room)
        a = char_start(text, start - room);
    /* Too long: more than max_chars code points, or more bytes than out
     * holds (multi-byte text can run out of bytes first). */
    size_t chars = da_utf8_count(text + a, b - a);
#define TOO_LONG (chars > max_chars || b - a >= out_size)
    while (TOO_LONG && b > end && b > a) {
        b = char_start(text, b - 1);
        chars--;
    }
    while (TOO_LONG && a < start) {
        a++;
        while (a < start && ((unsigned char)text[a] & 0xC0) == 0x80)
            a++;
        chars--;
    }
    while (TOO_LONG && b > a) {
        b = char_start(text, b - 1);
        chars--;
    }
#undef TOO_LONG
    /* A right context that had to be cut ends at a sentence end, else
     * between words, else not at all: never inside a number ("pre-op 0.").
     * A left context starts between words when one is in it; one long run
     * of letters keeps its cut. */
    if (b < b_whole && b > end) {
        size_t cut = b;
        while (cut > end && !sentence_end_before(text, text_len, cut))
            cut--;
        if (cut == end)
            for (cut = b; cut > end && !is_blank(text[cut]); cut--)
                ;
        if (cut > end || is_blank(text[end]))
            b = cut;
    }
    if (a > a_whole && a < start && !is_blank(text[a - 1])) {
        size_t cut = a;
        while (cut < start && !is_blank(text[cut - 1]))
            cut++;
        if (cut < start)
            a = cut;
    }

    size_t o = 0;
    bool space = false;
    for (size_t i = a; i < b && o + 1 < out_size; i++) {
        char c = text[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = o > 0;
            continue;
        }
        if (space) {
            if (o + 2 >= out_size)
                break;
            out[o++] = ' ';
            space = false;
        }
        /* Copy whole code points only. */
        size_t n = 1;
        unsigned char u = (unsigned char)c;
        if (u >= 0xF0)
            n = 4;
        else if (u >= 0xE0)
            n = 3;
        else if (u >= 0xC0)
            n = 2;
        if (o + n >= out_size || i + n > b)
            break;
        memcpy(out + o, text + i, n);
        o += n;
        i += n - 1;
    }
    out[o] = '\0';
}
