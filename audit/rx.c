/* rx.c - PCRE2 as the note reader uses it (rx.h): patterns compiled for
 * UTF-8 and for ASCII-only text, start filters, matching under limits, and
 * the alternation builder for term tables.
 *
 * Everything here is about regular expressions in general; which patterns
 * exist and what their matches mean is the business of the reader's stages.
 */
#include "rx.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

#define MAX_GROUPS 64 /* ovector pairs: more than any pattern's groups */


/* Where a pattern can start matching in ASCII text, read from the pattern
 * itself: the first three bytes of every match are looked up in tables
 * built by asking PCRE2 (partial matching) which one-, two- and three-byte
 * beginnings could lead to a match. A search then runs the pattern,
 * anchored, only where the text passes the tables: PCRE2's own search
 * enters the pattern at nearly every word, and a big alternation costs
 * hundreds of instructions to reject one. Each anchored attempt is the
 * attempt the unanchored search makes at that place, so the first one
 * that matches is the match the unanchored search finds. */
struct da_rx_filter {
    pcre2_code *anchored;   /* the ASCII pattern compiled to match at its start offset only */
    bool word_start;        /* a match that begins with a word character begins a word */
    bool word[256];         /* the word characters of ASCII text (\w without UCP) */
    uint16_t first[256];    /* row of pairs for a first byte; 0: no match starts with it */
    uint16_t (*pairs)[257]; /* per row: number of the pair (first, second byte; 256 is the
                               end of the text), 0 when no match starts so */
    uint8_t (*thirds)[33];  /* per pair number: bit set of the third bytes (256: the end),
                               bit THIRDS_KNOWN once it is filled in (on first use) */
    pcre2_match_data *probe; /* for the partial matches that fill the tables */
};

#define THIRDS_KNOWN 257 /* bit of a thirds row: the row is filled in */

/* The pattern for ASCII-only text, compiled without UTF and UCP: there
 * \b, \w, \s, \d and caseless letters mean what they mean in UTF mode, and
 * PCRE2 finds a caseless first letter faster ('s' and 'k' have no third
 * form to look for). A code point above 0xFF, which UTF-8 text alone can
 * hold, becomes \x{ff}, a byte ASCII text lacks too. */
static char *ascii_pattern(const char *pattern)
{
    size_t n = strlen(pattern);
    char *out = da_xmalloc(n + 1), *w = out;
    for (size_t i = 0; i < n; i++) {
        if (pattern[i] != '\\' || i + 1 >= n) {
            *w++ = pattern[i];
            continue;
        }
        if (pattern[i + 1] == 'x' && i + 2 < n && pattern[i + 2] == '{') {
            char *close;
            unsigned long cp = strtoul(pattern + i + 3, &close, 16);
            if (*close == '}' && cp > 0xFF) {
                w += sprintf(w, "\\x{ff}");
                i = (size_t)(close - pattern);
                continue;
            }
        }
        *w++ = pattern[i];
        *w++ = pattern[++i];
    }
    *w = '\0';
    return out;
}

/* ---- start filters (see da_rx_filter) ---------------------------------- */

static size_t class_end(const char *t, size_t i, size_t len);

/* A start bitmap with fewer bytes than this lets PCRE2 skip ahead well by
 * itself (digits, a few letters): a filter would only add calls. */
#define FILTER_MIN_BYTES 12

/* Most pairs of first bytes a filter may pass (and the row numbers fit
 * uint16_t). */
#define FILTER_MAX_PAIRS 8192

/* A set of letters is a bit mask, bit 0 = 'a' (either case): all 26. */
#define ALL_LETTERS ((1u << 26) - 1)

/* The first JIT stack; PCRE2 grows it as a match needs, to
 * DA_RX_JIT_STACK_MAX. 32 KiB is PCRE2's own default, which most matches
 * never pass. */
#define JIT_STACK_START (32u * 1024u)

/* A word character of ASCII text for \b and \w without UCP. */
static bool ascii_word(unsigned c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* True when the anchored pattern can match text that begins with bytes
 * b[0..n) (n = 1..3), as far as PCRE2 can tell from them: a full or a
 * partial match after either no text before them (no look-behind holds;
 * a word start) or a word character before them. */
static bool filter_can_start(const da_rx_filter *f, pcre2_match_data *md, const unsigned char *b,
                             size_t n)
{
    unsigned char subject[4];
    for (size_t before = 0; before < 2; before++) {
        /* a word character before a word character breaks a word start */
        if (before && f->word_start && ascii_word(b[0]))
            break;
        subject[0] = 'a';
        memcpy(subject + before, b, n);
        int rc = pcre2_jit_match(f->anchored, subject, n + before, before,
                                 PCRE2_PARTIAL_HARD | PCRE2_NO_UTF_CHECK, md, NULL);
        if (rc != PCRE2_ERROR_NOMATCH)
            return true; /* a match, a partial match, or an error: keep the place */
    }
    return false;
}

static void filter_free(da_rx_filter *f)
{
    if (!f)
        return;
    pcre2_match_data_free(f->probe);
    pcre2_code_free(f->anchored);
    free(f->pairs);
    free(f->thirds);
    free(f);
}

/* True when every positive look-behind of pattern t opens a top-level
 * alternative and accepts the start of the text ("(?<=^|\n)#") or follows
 * three letters of the match: the tables, asked with no text before a start
 * and with three bytes at most, then never leave a match out. */
static bool lookbehinds_known(const char *t)
{
    size_t len = strlen(t);
    int depth = 0;
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '\\') {
            i++;
        } else if (t[i] == '[') {
            i = class_end(t, i, len);
        } else if (t[i] == '(') {
            /* "(?<=^|...)" opening the pattern, or a look-behind after three
             * letters of the match ("complex(?<=\\[x\\] complex)"), which a
             * table of three bytes never reaches */
            bool after_letters = i >= 3 && isalpha((unsigned char)t[i - 1]) &&
                                 isalpha((unsigned char)t[i - 2]) &&
                                 isalpha((unsigned char)t[i - 3]) && (i < 4 || t[i - 4] != '\\');
            if (strncmp(t + i, "(?<=", 4) == 0 && !after_letters &&
                !(depth == 0 && (i == 0 || t[i - 1] == '|') && strncmp(t + i + 4, "^|", 2) == 0))
                return false;
            depth++;
        } else if (t[i] == ')') {
            depth--;
        }
    }
    return true;
}

/* True when an ASCII pattern (plain, compiled as code) can have a start
 * filter: not one that can match the empty string, that PCRE2 already
 * searches by a first byte or a small set of them, or that holds what the
 * tables cannot stand for (a positive look-behind other than
 * lookbehinds_known's, \G, \K, or a verb other than MARK). */
static bool filter_possible(const char *plain, const pcre2_code *code)
{
    uint32_t type = 1, minlen = 0;
    const uint8_t *bitmap = NULL;
    (void)pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODETYPE, &type);
    (void)pcre2_pattern_info(code, PCRE2_INFO_FIRSTBITMAP, &bitmap);
    (void)pcre2_pattern_info(code, PCRE2_INFO_MINLENGTH, &minlen);
    int bytes = 0;
    for (int c = 0; bitmap && c < 256; c++)
        bytes += (bitmap[c / 8] >> (c % 8)) & 1;
    bool unsafe = !lookbehinds_known(plain) || strstr(plain, "\\G") || strstr(plain, "\\K");
    for (const char *v = strstr(plain, "(*"); v && !unsafe; v = strstr(v + 2, "(*"))
        unsafe = strncmp(v, "(*MARK:", 7) != 0;
    return type == 0 && bitmap && minlen > 0 && bytes >= FILTER_MIN_BYTES && !unsafe;
}

/* The start filter of an ASCII pattern (plain, compiled unanchored as
 * code) that filter_possible accepts, or NULL when JIT is not at hand. */
static da_rx_filter *filter_build(const char *plain, const pcre2_code *code)
{
    int rc;
    PCRE2_SIZE offset;
    da_rx_filter *f = da_xcalloc(1, sizeof(*f));
    for (unsigned c = 0; c < 256; c++)
        f->word[c] = ascii_word(c);
    f->anchored = pcre2_compile((PCRE2_SPTR)plain, PCRE2_ZERO_TERMINATED,
                                PCRE2_CASELESS | PCRE2_ANCHORED, &rc, &offset, NULL);
    f->probe = f->anchored ? pcre2_match_data_create_from_pattern(f->anchored, NULL) : NULL;
    if (!f->probe ||
        pcre2_jit_compile(f->anchored, PCRE2_JIT_COMPLETE | PCRE2_JIT_PARTIAL_HARD) != 0) {
        filter_free(f);
        return NULL;
    }
    /* Every match begins a word when the pattern opens, for all its
     * alternatives, with \b or a look-behind refusing a word character. */
    size_t alts = 0;
    size_t len = strlen(plain);
    for (size_t i = 0, depth = 0; i < len; i++) {
        if (plain[i] == '\\')
            i++;
        else if (plain[i] == '[')
            i = class_end(plain, i, len);
        else if (plain[i] == '(')
            depth++;
        else if (plain[i] == ')')
            depth--;
        else if (plain[i] == '|' && depth == 0)
            alts++;
    }
    f->word_start = alts == 0 && (strncmp(plain, "\\b", 2) == 0 ||
                                  strncmp(plain, "(?<![\\w", 7) == 0);
    /* the bytes PCRE2's own search would try a match from */
    const uint8_t *bitmap = NULL;
    (void)pcre2_pattern_info(code, PCRE2_INFO_FIRSTBITMAP, &bitmap);
    size_t rows = 0, npairs = 0;
    for (unsigned b = 0; b < 256; b++) {
        if (bitmap && !((bitmap[b / 8] >> (b % 8)) & 1))
            continue;
        uint16_t row[257];
        bool any = false;
        for (unsigned c = 0; c <= 256; c++) {
            unsigned char s[2] = {(unsigned char)b, (unsigned char)c};
            row[c] = filter_can_start(f, f->probe, s, c < 256 ? 2 : 1) ? (uint16_t)++npairs : 0;
            any |= row[c] != 0;
            if (npairs > FILTER_MAX_PAIRS) { /* a sieve this coarse is not worth its tables */
                filter_free(f);
                return NULL;
            }
        }
        if (!any)
            continue;
        f->pairs = da_xrealloc(f->pairs, (rows + 2) * sizeof(*f->pairs));
        memcpy(f->pairs[++rows], row, sizeof(row));
        f->first[b] = (uint16_t)rows;
    }
    /* third bytes are asked for when a pair first occurs: most never do */
    f->thirds = da_xcalloc(npairs + 1, sizeof(*f->thirds));
    return f;
}

/* Fills in the thirds row of the pair (b, c). */
static void filter_fill_thirds(da_rx_filter *f, unsigned pair, unsigned b, unsigned c)
{
    uint8_t *row = f->thirds[pair];
    for (unsigned d = 0; d <= 256; d++) {
        unsigned char t[3] = {(unsigned char)b, (unsigned char)c, (unsigned char)d};
        if (filter_can_start(f, f->probe, t, d < 256 ? 3 : 2))
            row[d / 8] |= (uint8_t)(1u << (d % 8));
    }
    row[THIRDS_KNOWN / 8] |= (uint8_t)(1u << (THIRDS_KNOWN % 8));
}

/* The first match of the filtered pattern in text[from..end), as
 * pcre2_match would find it: its return code, the match in md. */
static int filter_match(da_rx_filter *f, const char *text, size_t from, size_t end,
                        pcre2_match_data *md, pcre2_match_context *mctx)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t i = from;
    /* Where every match begins a word, the rest of a word is passed over. */
    if (f->word_start)
        while (i < end && i > 0 && f->word[t[i]] && f->word[t[i - 1]])
            i++;
    while (i < end) {
        unsigned c = t[i];
        unsigned row = f->first[c];
        if (row) {
            unsigned pair = f->pairs[row][i + 1 < end ? t[i + 1] : 256];
            unsigned third = i + 2 < end ? t[i + 2] : 256;
            if (pair && i + 1 < end &&
                !((f->thirds[pair][THIRDS_KNOWN / 8] >> (THIRDS_KNOWN % 8)) & 1))
                filter_fill_thirds(f, pair, c, t[i + 1]);
            if (pair && (i + 1 == end || ((f->thirds[pair][third / 8] >> (third % 8)) & 1))) {
                int rc = pcre2_jit_match(f->anchored, (PCRE2_SPTR)text, end, i,
                                         PCRE2_NO_UTF_CHECK, md, mctx);
                if (rc != PCRE2_ERROR_NOMATCH)
                    return rc;
            }
        }
        i++;
        if (f->word_start && f->word[c])
            while (i < end && f->word[t[i]])
                i++;
    }
    return PCRE2_ERROR_NOMATCH;
}


/* Index of the ']' closing the character class opened at t[i] ('['), so
 * parentheses and bars inside a class are not read as structure. */
static size_t class_end(const char *t, size_t i, size_t len)
{
    size_t k = i + 1;
    if (k < len && t[k] == '^')
        k++;
    if (k < len && t[k] == ']')
        k++;
    for (; k < len && t[k] != ']'; k++)
        if (t[k] == '\\')
            k++;
    return k < len ? k : len - 1;
}

/* Bytes of a term that count toward its length: those outside parentheses,
 * so a look-behind guard does not make "back" sort before "back of the hand". */
static size_t term_weight(const char *t, size_t len)
{
    size_t w = 0;
    int depth = 0;
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '\\' && i + 1 < len) {
            i++;
            w += depth == 0;
        } else if (t[i] == '[') {
            i = class_end(t, i, len);
            w += depth == 0;
        } else if (t[i] == '(') {
            depth++;
        } else if (t[i] == ')') {
            depth--;
        } else if (depth == 0) {
            w++;
        }
    }
    return w;
}

typedef struct rx_term {
    const char *text; /* term in the site table */
    size_t len;       /* its bytes */
    size_t weight;    /* sort key: longest first */
    char lead;        /* first letter it matches, lower case; 0 when not a plain letter */
    int mark;         /* row it names (its MARK) */
} rx_term;

/* The letter a term's match starts with, after any leading look-behind. */
static char term_lead_at(const char *t, size_t len, size_t *at)
{
    size_t i = 0;
    while (i + 3 < len && t[i] == '(' && t[i + 1] == '?' && t[i + 2] == '<' &&
           (t[i + 3] == '!' || t[i + 3] == '=')) {
        int depth = 0;
        for (; i < len; i++) {
            if (t[i] == '\\')
                i++;
            else if (t[i] == '(')
                depth++;
            else if (t[i] == ')' && --depth == 0)
                break;
        }
        i++;
    }
    if (i + 5 < len && strncmp(t + i, "(?-i:", 5) == 0)
        i += 5;
    if (i >= len || (i + 1 < len && strchr("?*{", t[i + 1])))
        return 0;
    char c = t[i];
    if (c >= 'A' && c <= 'Z')
        c = (char)(c - 'A' + 'a');
    *at = i;
    return c >= 'a' && c <= 'z' ? c : 0;
}

static char term_lead(const char *t, size_t len)
{
    size_t at;
    return term_lead_at(t, len, &at);
}

/* Terms by leading letter (plain letters first), then longest first. */
static int term_cmp(const void *a, const void *b)
{
    const rx_term *x = a, *y = b;
    if (x->lead != y->lead)
        return x->lead == 0 ? 1 : y->lead == 0 ? -1 : x->lead - y->lead;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    return x->mark - y->mark;
}

/* Index one past the group opened at t[i] ('('), or len when unbalanced. */
static size_t group_end(const char *t, size_t i, size_t len)
{
    int depth = 0;
    for (; i < len; i++) {
        if (t[i] == '\\')
            i++;
        else if (t[i] == '[')
            i = class_end(t, i, len);
        else if (t[i] == '(')
            depth++;
        else if (t[i] == ')' && --depth == 0)
            return i + 1;
    }
    return len;
}

/* Calls fn for each top-level alternative of t[0..len). */
static void each_alternative(const char *t, size_t len, void (*fn)(void *, const char *, size_t),
                             void *ctx)
{
    size_t start = 0;
    int depth = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || (t[i] == '|' && depth == 0)) {
            fn(ctx, t + start, i - start);
            start = i + 1;
        } else if (t[i] == '\\') {
            i++;
        } else if (t[i] == '[') {
            i = class_end(t, i, len);
        } else if (t[i] == '(') {
            depth++;
        } else if (t[i] == ')') {
            depth--;
        }
    }
}

typedef struct term_sink {
    rx_term **terms; /* the list being built */
    size_t *n, *cap;   /* its used and allocated counts */
    da_arena *arena;   /* owns pieces written while expanding */
    int mark;          /* row the pieces name */
    int depth;         /* expansion depth */
    const char *rest;  /* the text after an expanded group */
    size_t rest_len;   /* its bytes */
    bool keep_case;    /* the group was (?-i:...) */
} term_sink;

static void term_add(term_sink *k, const char *t, size_t len);

/* One alternative of an expanded leading group, followed by the rest. */
static void term_alt(void *ctx, const char *alt, size_t len)
{
    term_sink *k = ctx;
    size_t total = len + k->rest_len + (k->keep_case ? 6 : 0);
    char *piece = da_arena_alloc(k->arena, total + 1);
    size_t w = 0;
    if (k->keep_case) {
        memcpy(piece, "(?-i:", 5);
        w = 5;
    }
    memcpy(piece + w, alt, len);
    w += len;
    if (k->keep_case)
        piece[w++] = ')';
    memcpy(piece + w, k->rest, k->rest_len);
    w += k->rest_len;
    piece[w] = '\0';
    term_sink inner = *k;
    inner.depth++;
    term_add(&inner, piece, w);
}

/* Adds one alternative. A leading group of alternatives ("(?:a|b)c",
 * "(?:x\s+)?y") is distributed into separate terms so each starts with a
 * known letter and lands in its letter's bucket instead of the slow
 * bucket tried at every word. */
static void term_add(term_sink *k, const char *t, size_t len)
{
    while (len && t[0] == ' ') {
        t++;
        len--;
    }
    while (len && t[len - 1] == ' ')
        len--;
    if (!len)
        return;
    bool plain = len > 3 && strncmp(t, "(?:", 3) == 0;
    bool nocase = len > 5 && strncmp(t, "(?-i:", 5) == 0;
    if ((plain || nocase) && k->depth < 4) {
        size_t open = plain ? 3 : 5, ge = group_end(t, 0, len);
        bool optional = ge < len && t[ge] == '?';
        bool repeated = ge < len && strchr("*+{", t[ge]);
        const char *inner = t + open;
        size_t inner_len = ge - 1 - open;
        size_t alts = 0;
        for (size_t i = 0, depth = 0; i < inner_len; i++) {
            if (inner[i] == '\\')
                i++;
            else if (inner[i] == '[')
                i = class_end(inner, i, inner_len);
            else if (inner[i] == '(')
                depth++;
            else if (inner[i] == ')')
                depth--;
            else if (inner[i] == '|' && depth == 0)
                alts++;
        }
        if (ge <= len && !repeated && (plain || alts > 0 || optional)) {
            term_sink sub = *k;
            sub.rest = t + ge + optional;
            sub.rest_len = len - ge - optional;
            sub.keep_case = nocase;
            each_alternative(inner, inner_len, term_alt, &sub);
            if (optional && sub.rest_len) {
                term_sink inner_sink = *k;
                inner_sink.depth++;
                term_add(&inner_sink, sub.rest, sub.rest_len);
            }
            return;
        }
    }
    da_grow((void **)k->terms, k->cap, *k->n + 1, sizeof(**k->terms));
    (*k->terms)[(*k->n)++] = (rx_term){t, len, term_weight(t, len), term_lead(t, len), k->mark};
}

static void term_add_cb(void *ctx, const char *t, size_t len)
{
    term_add(ctx, t, len);
}

/* Appends the '|'-separated alternatives of t (split outside parentheses)
 * to *terms, each to end in (*MARK:mark). Expanded pieces live in arena. */
static void terms_split(const char *t, int mark, rx_term **terms, size_t *n, size_t *cap,
                        da_arena *arena)
{
    term_sink k = {terms, n, cap, arena, mark, 0, NULL, 0, false};
    each_alternative(t, strlen(t), term_add_cb, &k);
}

/* What the text matched by t[0..len) can begin with, a superset: the
 * letters (bit 0 = 'a', either case) in *letters, true returned when it can
 * also begin with anything else (a digit, a space, a non-ASCII character,
 * or what this reader does not follow). *empty says all of it is optional.
 * Zero-width items (\b, look-arounds, MARKs) are stepped over. */
static bool term_first(const char *t, size_t len, uint32_t *letters, bool *empty)
{
    bool other = false;
    *letters = 0;
    *empty = false;
    size_t i = 0;
    for (;;) {
        if (i >= len) {
            *empty = true;
            return other;
        }
        uint32_t first = 0;
        bool first_other = false, first_empty = false;
        size_t next;
        char c = t[i];
        if (c == '\\' && i + 1 < len && (t[i + 1] == 'b' || t[i + 1] == 'B')) {
            i += 2;
            continue;
        }
        if (c == '(') {
            size_t ge = group_end(t, i, len);
            if (i + 2 < len && t[i + 1] == '*') { /* (*MARK:n) */
                i = ge;
                continue;
            }
            if (i + 2 < len && t[i + 1] == '?' &&
                (t[i + 2] == '=' || t[i + 2] == '!' ||
                 (t[i + 2] == '<' && i + 3 < len && (t[i + 3] == '=' || t[i + 3] == '!')))) {
                i = ge;
                continue;
            }
            size_t open = i + 1;
            if (open < len && t[open] == '?') {
                if (open + 1 < len && t[open + 1] == ':')
                    open += 2;
                else if (open + 3 < len && strncmp(t + open, "?-i:", 4) == 0)
                    open += 4;
                else
                    return *letters = ALL_LETTERS, true;
            }
            /* each alternative of the group */
            size_t inner_end = ge - 1, alt = open;
            int depth = 0;
            for (size_t k = open; k <= inner_end; k++) {
                if (k < inner_end && t[k] == '\\') {
                    k++;
                    continue;
                }
                if (k < inner_end && t[k] == '[') {
                    k = class_end(t, k, inner_end);
                    continue;
                }
                if (k < inner_end && t[k] == '(')
                    depth++;
                else if (k < inner_end && t[k] == ')')
                    depth--;
                else if (k == inner_end || (t[k] == '|' && depth == 0)) {
                    uint32_t l;
                    bool e;
                    first_other |= term_first(t + alt, k - alt, &l, &e);
                    first |= l;
                    first_empty |= e;
                    alt = k + 1;
                }
            }
            next = ge;
        } else if (c == '[') {
            size_t ce = class_end(t, i, len);
            if (t[i + 1] == '^')
                return *letters = ALL_LETTERS, true;
            for (size_t k = i + 1; k < ce; k++) {
                char d = t[k];
                if (d == '\\') {
                    first_other = true;
                    if (k + 1 < ce && t[k + 1] == 'w')
                        first = ALL_LETTERS;
                    k++;
                    continue;
                }
                unsigned lower = (unsigned char)d | 0x20u;
                if (lower < 'a' || lower > 'z') {
                    first_other = true;
                    continue;
                }
                unsigned hi = lower;
                if (k + 2 < ce && t[k + 1] == '-') {
                    hi = (unsigned char)t[k + 2] | 0x20u;
                    if (hi < lower || hi > 'z')
                        return *letters = ALL_LETTERS, true;
                    k += 2;
                }
                for (unsigned l = lower; l <= hi; l++)
                    first |= 1u << (l - 'a');
            }
            next = ce + 1;
        } else if (c == '\\') {
            if (i + 1 >= len || t[i + 1] == 'w' || t[i + 1] == 'x' || t[i + 1] == 'p')
                return *letters = ALL_LETTERS, true;
            first_other = true;
            next = i + 2;
        } else {
            unsigned lower = (unsigned char)c | 0x20u;
            if (c == '.' || (unsigned char)c >= 0x80 || c == '^' || c == '$' || c == '|' ||
                c == ')')
                return *letters = ALL_LETTERS, true;
            if (lower >= 'a' && lower <= 'z')
                first = 1u << (lower - 'a');
            else
                first_other = true;
            next = i + 1;
        }
        *letters |= first;
        other |= first_other;
        bool optional = first_empty ||
                        (next < len && (t[next] == '?' || t[next] == '*' ||
                                        (t[next] == '{' && next + 1 < len && t[next + 1] == '0')));
        if (!optional)
            return other;
        /* step over the quantifier and go on with what follows */
        i = next;
        if (i < len && t[i] == '{') {
            while (i < len && t[i] != '}')
                i++;
            i++;
        } else if (i < len && (t[i] == '?' || t[i] == '*' || t[i] == '+')) {
            i++;
        }
        if (i < len && (t[i] == '?' || t[i] == '+'))
            i++;
    }
}

/* What a term with a leading letter can have as its second character, a
 * superset as term_first gives it; every letter and true when unsure. */
static bool term_second(const rx_term *t, uint32_t *letters)
{
    size_t at;
    *letters = ALL_LETTERS;
    if (!term_lead_at(t->text, t->len, &at) || at + 1 >= t->len || t->text[at + 1] == '+')
        return true;
    if (at >= 5 && strncmp(t->text + at - 5, "(?-i:", 5) == 0) {
        /* inside (?-i:...): only when that group is one plain sequence */
        size_t ge = group_end(t->text, at - 5, t->len);
        if (ge < t->len && strchr("?*+{", t->text[ge]))
            return true;
        for (size_t k = at; k + 1 < ge; k++)
            if (t->text[k] == '|' || t->text[k] == '(')
                return true;
    }
    char *rest = da_xmalloc(t->len);
    memcpy(rest, t->text, at);
    memcpy(rest + at, t->text + at + 1, t->len - at - 1);
    bool empty;
    bool other = term_first(rest, t->len - 1, letters, &empty);
    free(rest);
    if (empty) {
        *letters = ALL_LETTERS;
        return true;
    }
    return other;
}

/* Bytes term_emit may write for a term of len bytes: each byte once, a
 * space as the six of "[\s-]+", then the MARK with its number and a
 * separator, well under 60. The alternation's buffers are sized from it. */
#define TERM_EMIT_MAX(len) ((len) * 6 + 60)

/* Copies of one term an alternation may hold: in a big bucket a term is
 * written under each letter that can follow its first (26 at most), and
 * once more when something else can; one spare. */
#define TERM_COPIES_MAX 28

/* Bytes of a bucket's piece beside its terms, and of the whole pattern
 * beside its buckets: the look-aheads of the dispatch trees ("(?=.a)(?:",
 * a letter set with the long s and the Kelvin sign), about ten bytes a
 * letter; far more than 26 letters need, as these sizes bound sprintf. */
#define BUCKET_EXTRA_BYTES 4096
#define DISPATCH_EXTRA_BYTES (64 * 1024)

/* Writes term t, a space outside parentheses as any run of spaces or
 * hyphens, then its MARK. */
static char *term_emit(char *w, const rx_term *t)
{
    int depth = 0;
    for (size_t k = 0; k < t->len; k++) {
        char c = t->text[k];
        if (c == '\\' && k + 1 < t->len) {
            *w++ = c;
            *w++ = t->text[++k];
            continue;
        }
        if (c == '[') {
            size_t ce = class_end(t->text, k, t->len);
            memcpy(w, t->text + k, ce - k + 1);
            w += ce - k + 1;
            k = ce;
            continue;
        }
        depth += c == '(';
        depth -= c == ')';
        if (c == ' ' && depth == 0) {
            memcpy(w, "[\\s-]+", 6);
            w += 6;
        } else {
            *w++ = c;
        }
    }
    return w + sprintf(w, "(*MARK:%d)", t->mark);
}

typedef struct dispatch_item {
    char letter; /* the letter its own look-ahead tests */
    char *text;  /* "(?=c)(?:...)", or "(?=.c)(?:...)" for a second letter */
} dispatch_item;

static char *dispatch_emit(char *w, const dispatch_item *items, size_t n, const char *dot);

/* One node of the dispatch tree: a look-ahead for any letter of its items
 * (with the long s and the Kelvin sign where s or k is one), then them. */
static char *dispatch_node(char *w, const dispatch_item *items, size_t n, const char *dot)
{
    w += sprintf(w, "(?=%s[", dot);
    for (size_t k = 0; k < n; k++) {
        *w++ = items[k].letter;
        if (items[k].letter == 's')
            w += sprintf(w, "\\x{17f}");
        if (items[k].letter == 'k')
            w += sprintf(w, "\\x{212a}");
    }
    w += sprintf(w, "])(?:");
    w = dispatch_emit(w, items, n, dot);
    *w++ = ')';
    return w;
}

/* Writes items, whose look-aheads exclude one another, as alternatives in
 * a binary tree of look-aheads: a letter passes about five tests instead
 * of one per item before it. Each item keeps its own look-ahead and every
 * node admits what its items do, so the same item is tried as before. */
static char *dispatch_emit(char *w, const dispatch_item *items, size_t n, const char *dot)
{
    if (n <= 3) {
        for (size_t k = 0; k < n; k++) {
            if (k)
                *w++ = '|';
            w = stpcpy(w, items[k].text);
        }
        return w;
    }
    size_t half = n / 2;
    w = dispatch_node(w, items, half, dot);
    *w++ = '|';
    return dispatch_node(w, items + half, n - half, dot);
}

/* An alternation of terms, longest first, each ending in (*MARK:index) so
 * a match says which row it found. A space outside parentheses matches any
 * run of spaces or hyphens. Terms are grouped by leading letter behind a
 * look-ahead, so each word start tries one bucket of terms rather than all
 * of them (five times faster). A term without a plain leading letter used
 * to sit in a last group tried everywhere; it is now also tried at the end
 * of each bucket whose letter it can begin with, and kept in the last group
 * only if it can begin with something else: the order in which terms are
 * tried at any place is unchanged, so is the match. Frees terms. */
static char *alternation_build(const char *prefix, const char *suffix, rx_term *terms,
                               size_t nterms)
{
    da_sort(terms, nterms, sizeof(*terms), term_cmp);
    size_t nlettered = 0;
    while (nlettered < nterms && terms[nlettered].lead)
        nlettered++;
    size_t nzero = nterms - nlettered;
    uint32_t *zero_letters = da_xcalloc(nzero + 1, sizeof(*zero_letters));
    bool *zero_other = da_xcalloc(nzero + 1, sizeof(*zero_other));
    uint32_t buckets = 0; /* letters that have a bucket */
    for (size_t i = 0; i < nlettered; i++)
        buckets |= 1u << (terms[i].lead - 'a');
    for (size_t z = 0; z < nzero; z++) {
        bool empty;
        zero_other[z] = term_first(terms[nlettered + z].text, terms[nlettered + z].len,
                                   &zero_letters[z], &empty);
        if (empty)
            zero_letters[z] = ALL_LETTERS, zero_other[z] = true;
        /* a letter without a bucket reaches only the last group */
        zero_other[z] |= (zero_letters[z] & ~buckets) != 0;
    }
    size_t size = strlen(prefix) + strlen(suffix) + 8;
    for (size_t i = 0; i < nterms; i++)
        size += TERM_EMIT_MAX(terms[i].len) * TERM_COPIES_MAX;
    size += DISPATCH_EXTRA_BYTES;
    char *pat = da_xmalloc(size);
    char *w = pat;
    w += sprintf(w, "%s", prefix);
    bool any = false; /* an alternative is written */
    /* Word ends are boundaries too: one look at the letter spares them the
     * walk through every bucket's look-ahead. */
    if (nlettered)
        w += sprintf(w, "%s(?:", DA_RX_LETTER_AHEAD);
    const rx_term **bucket = da_xcalloc(nterms + 1, sizeof(*bucket));
    uint32_t *second = da_xcalloc(nterms + 1, sizeof(*second));
    bool *second_other = da_xcalloc(nterms + 1, sizeof(*second_other));
    dispatch_item buckets_out[26], subs[26];
    size_t nbuckets = 0;
    for (size_t i = 0; i < nlettered;) {
        /* the bucket: its terms, then the lead-less terms that can begin
         * with its letter, each with its possible second characters */
        char lead = terms[i].lead;
        size_t nb = 0, bytes = BUCKET_EXTRA_BYTES;
        for (; i < nlettered && terms[i].lead == lead; i++) {
            second_other[nb] = term_second(&terms[i], &second[nb]);
            bucket[nb++] = &terms[i];
        }
        for (size_t z = 0; z < nzero; z++)
            if (zero_letters[z] & (1u << (lead - 'a'))) {
                second[nb] = ALL_LETTERS;
                second_other[nb] = true;
                bucket[nb++] = &terms[nlettered + z];
            }
        for (size_t k = 0; k < nb; k++)
            bytes += TERM_EMIT_MAX(bucket[k]->len);
        char *piece = da_xmalloc(bytes * TERM_COPIES_MAX), *pw = piece;
        buckets_out[nbuckets++] = (dispatch_item){lead, piece};
        pw += sprintf(pw, "(?=%c)(?:", lead);
        if (nb < 8) {
            for (size_t k = 0; k < nb; k++) {
                if (k)
                    *pw++ = '|';
                pw = term_emit(pw, bucket[k]);
            }
            strcpy(pw, ")");
            continue;
        }
        /* A big bucket is split the same way by second letter. A term that
         * could have any letter second ends a segment: the terms before it
         * are split, then it follows alone, so the order stays. */
        bool sub_any = false;
        for (size_t k0 = 0; k0 < nb;) {
            size_t k1 = k0, nsubs = 0;
            while (k1 < nb && second[k1] != ALL_LETTERS)
                k1++;
            for (char c2 = 'a'; c2 <= 'z'; c2++) {
                char *sub = NULL, *sw = NULL;
                for (size_t k = k0; k < k1; k++) {
                    if (!(second[k] & (1u << (c2 - 'a'))))
                        continue;
                    if (!sub) {
                        sub = sw = da_xmalloc(bytes);
                        sw += sprintf(sw, "(?=.%c)(?:", c2);
                    } else {
                        *sw++ = '|';
                    }
                    sw = term_emit(sw, bucket[k]);
                }
                if (sub) {
                    strcpy(sw, ")");
                    subs[nsubs++] = (dispatch_item){c2, sub};
                }
            }
            if (nsubs) {
                if (sub_any)
                    *pw++ = '|';
                pw = dispatch_emit(pw, subs, nsubs, ".");
                sub_any = true;
            }
            for (size_t k = 0; k < nsubs; k++)
                free(subs[k].text);
            for (size_t k = k0; k < k1; k++) {
                if (!second_other[k])
                    continue;
                if (sub_any)
                    *pw++ = '|';
                sub_any = true;
                pw = term_emit(pw, bucket[k]);
            }
            if (k1 < nb) {
                if (sub_any)
                    *pw++ = '|';
                sub_any = true;
                pw = term_emit(pw, bucket[k1]);
            }
            k0 = k1 + 1;
        }
        strcpy(pw, ")");
    }
    if (nbuckets) {
        w = dispatch_emit(w, buckets_out, nbuckets, "");
        any = true;
    }
    for (size_t k = 0; k < nbuckets; k++)
        free(buckets_out[k].text);
    free(bucket);
    free(second);
    free(second_other);
    if (nlettered)
        *w++ = ')';
    bool rest = false; /* the last group is open */
    for (size_t z = 0; z < nzero; z++) {
        if (!zero_other[z])
            continue;
        w += sprintf(w, "%s", rest ? "|" : any ? "|(?:" : "(?:");
        rest = true;
        w = term_emit(w, &terms[nlettered + z]);
    }
    if (rest)
        *w++ = ')';
    sprintf(w, "%s", suffix);
    free(zero_letters);
    free(zero_other);
    free(terms);
    return pat;
}


/* ---- terms -------------------------------------------------------------- */

struct da_rx_terms {
    rx_term *items;  /* the terms, in the order added until the build sorts them */
    size_t n, cap;   /* used and allocated */
    da_arena *arena; /* owns the pieces written while expanding leading groups */
};

da_rx_terms *da_rx_terms_new(void)
{
    da_rx_terms *t = da_xcalloc(1, sizeof(*t));
    t->arena = da_arena_new();
    return t;
}

void da_rx_terms_add(da_rx_terms *t, const char *fragments, int mark)
{
    terms_split(fragments, mark, &t->items, &t->n, &t->cap, t->arena);
}

bool da_rx_terms_lettered(const da_rx_terms *t)
{
    for (size_t i = 0; i < t->n; i++)
        if (!t->items[i].lead)
            return false;
    return true;
}

char *da_rx_alternation(const char *prefix, const char *suffix, da_rx_terms *t)
{
    char *pat = alternation_build(prefix, suffix, t->items, t->n);
    da_arena_free(t->arena);
    free(t);
    return pat;
}

/* ---- context ------------------------------------------------------------ */

da_error da_rx_ctx_init(da_rx_ctx *c)
{
    memset(c, 0, sizeof(*c));
    c->jit = true;
    c->text = 1;
    c->filter_after = DA_RX_FILTER_AFTER;
    c->cc = pcre2_compile_context_create(NULL);
    c->mctx = pcre2_match_context_create(NULL);
    c->jit_stack = pcre2_jit_stack_create(JIT_STACK_START, DA_RX_JIT_STACK_MAX, NULL);
    c->md = pcre2_match_data_create(MAX_GROUPS, NULL);
    if (!c->cc || !c->mctx || !c->jit_stack || !c->md) {
        da_rx_ctx_free(c);
        return DA_ERR_NOMEM;
    }
    /* DA_EXTRACT_MATCH_LIMIT in the environment lowers the limit for a
     * whole run (tests of the Data Quality notice; tighter time bounds). */
    const char *env = getenv("DA_EXTRACT_MATCH_LIMIT");
    unsigned long limit = env ? strtoul(env, NULL, 10) : 0;
    pcre2_set_match_limit(c->mctx, limit > 0 && limit < DA_RX_MATCH_LIMIT ? (uint32_t)limit
                                                                          : DA_RX_MATCH_LIMIT);
    pcre2_set_depth_limit(c->mctx, DA_RX_DEPTH_LIMIT);
    pcre2_set_heap_limit(c->mctx, DA_RX_HEAP_LIMIT);
    pcre2_jit_stack_assign(c->mctx, NULL, c->jit_stack);
    return DA_OK;
}

void da_rx_ctx_free(da_rx_ctx *c)
{
    pcre2_match_data_free(c->md);
    pcre2_match_context_free(c->mctx);
    pcre2_jit_stack_free(c->jit_stack);
    pcre2_compile_context_free(c->cc);
    memset(c, 0, sizeof(*c));
}

void da_rx_ctx_set_match_limit(da_rx_ctx *c, uint32_t limit)
{
    pcre2_set_match_limit(c->mctx, limit);
}

void da_rx_begin(da_rx_ctx *c, bool ascii)
{
    c->ascii = ascii;
    c->limit_hit = false;
    if (++c->text == 0) /* 0 is "never stopped" */
        c->text = 1;
}

da_error da_rx_compile(da_rx_ctx *c, da_rx *rx, const char *pattern)
{
    int code;
    PCRE2_SIZE offset;
    memset(rx, 0, sizeof(*rx));
    rx->utf = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                            PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &code, &offset, c->cc);
    char *plain = ascii_pattern(pattern);
    rx->ascii = pcre2_compile((PCRE2_SPTR)plain, PCRE2_ZERO_TERMINATED, PCRE2_CASELESS, &code,
                              &offset, c->cc);
    if (!rx->utf || !rx->ascii) {
        free(plain);
        da_rx_free(rx);
        return DA_ERR_REGEX;
    }
    if (pcre2_jit_compile(rx->utf, PCRE2_JIT_COMPLETE) != 0 ||
        pcre2_jit_compile(rx->ascii, PCRE2_JIT_COMPLETE) != 0)
        c->jit = false;
    if (filter_possible(plain, rx->ascii))
        rx->plain = plain;
    else
        free(plain);
    return DA_OK;
}

void da_rx_free(da_rx *rx)
{
    pcre2_code_free(rx->utf);
    pcre2_code_free(rx->ascii);
    free(rx->plain);
    filter_free(rx->filter);
    memset(rx, 0, sizeof(*rx));
}

/* ---- matching ----------------------------------------------------------- */

/* The filter to search text[from..end) with, NULL for PCRE2's own search;
 * builds it once the pattern has searched c->filter_after ASCII bytes. */
static da_rx_filter *rx_filter(const da_rx_ctx *c, da_rx *rx, size_t from, size_t end)
{
    if (!c->ascii || c->bare)
        return NULL;
    if (!rx->filter && rx->plain) {
        rx->searched += end - from;
        if (rx->searched >= c->filter_after) {
            rx->filter = filter_build(rx->plain, rx->ascii);
            free(rx->plain);
            rx->plain = NULL;
        }
    }
    return rx->filter;
}

da_rx_result da_rx_find_into(da_rx_ctx *c, da_rx *rx, const char *text, size_t from, size_t end,
                             pcre2_match_data *md)
{
    if (rx->stopped == c->text || from > end)
        return DA_RX_NONE;
    da_rx_filter *f = rx_filter(c, rx, from, end);
    const pcre2_code *code = c->ascii ? rx->ascii : rx->utf;
    /* With every pattern JIT-compiled pcre2_jit_match is called directly:
     * pcre2_match would only check what is known and then call it. */
    int rc = f        ? filter_match(f, text, from, end, md, c->mctx)
             : c->jit ? pcre2_jit_match(code, (PCRE2_SPTR)text, end, from, PCRE2_NO_UTF_CHECK, md,
                                        c->mctx)
                      : pcre2_match(code, (PCRE2_SPTR)text, end, from, PCRE2_NO_UTF_CHECK, md,
                                    c->mctx);
    if (rc >= 0)
        return DA_RX_FOUND;
    if (rc == PCRE2_ERROR_NOMATCH)
        return DA_RX_NONE;
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
        rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT) {
        rx->stopped = c->text;
        c->limit_hit = true;
        return DA_RX_NONE;
    }
    return DA_RX_ERROR;
}

da_rx_result da_rx_find(da_rx_ctx *c, da_rx *rx, const char *text, size_t from, size_t end)
{
    return da_rx_find_into(c, rx, text, from, end, c->md);
}

da_rx_result da_rx_any(da_rx_ctx *c, da_rx *rx, const char *text, size_t from, size_t end)
{
    return from < end ? da_rx_find(c, rx, text, from, end) : DA_RX_NONE;
}

size_t da_rx_start(const da_rx_ctx *c)
{
    return pcre2_get_ovector_pointer(c->md)[0];
}

size_t da_rx_end(const da_rx_ctx *c)
{
    return pcre2_get_ovector_pointer(c->md)[1];
}

size_t da_rx_next(pcre2_match_data *md, const char *text, size_t end)
{
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    size_t s = ov[0], e = ov[1];
    if (e > s)
        return e;
    e++;
    while (e < end && ((unsigned char)text[e] & 0xC0) == 0x80)
        e++;
    return e;
}

bool da_rx_group(pcre2_match_data *md, uint32_t n, size_t *s, size_t *e)
{
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    if (n == 0 || n >= pcre2_get_ovector_count(md) || ov[2 * n] == PCRE2_UNSET)
        return false;
    *s = ov[2 * n];
    *e = ov[2 * n + 1];
    return true;
}

int da_rx_mark(pcre2_match_data *md)
{
    PCRE2_SPTR mark = pcre2_get_mark(md);
    return mark ? atoi((const char *)mark) : -1;
}

uint32_t da_rx_group_number(const da_rx *rx, const char *name)
{
    int n = pcre2_substring_number_from_name(rx->utf, (PCRE2_SPTR)name);
    return n > 0 && n < MAX_GROUPS ? (uint32_t)n : 0;
}
