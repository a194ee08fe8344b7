/* measure.c - lengths and the roles the words around them give (measure.h). */
#include "measure.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NUM DA_MEASURE_NUM
#define UNIT "(?:cm|mm|centimet(?:er|re)s?|millimet(?:er|re)s?)(?![\\w\\x{00B2}^])"
#define USEP "\\s*-?\\s*"
#define DSEP "\\s*(?:x|\\x{00D7}|by|\\*)\\s*"

/* A number that starts a measurement (not the tail of another token), a
 * range, further dimensions, each with or without its unit, and a unit at
 * the end; not an area ("7 sq cm", "3 cm2"). */
#define QUANTITY(num)                                                                              \
    "(?<![\\w.])" num "(?:\\s*(?:-|\\x{2013}|to)\\s*" num ")?(?:" USEP UNIT ")?(?:" DSEP num       \
    "(?:\\s*(?:-|\\x{2013}|to)\\s*" num ")?(?:" USEP UNIT ")?){0,3}" USEP UNIT                        \
    "(?!\\s*(?:sq\\b|squared\\b|\\^?2\\b|\\x{00B2}))"
static const char quantity_pattern[] = QUANTITY(NUM);

/* Numbers in words as dictation writes them: "two", "zero point nine",
 * "one point two five". */
#define DIGIT_WORD "(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
#define NUM_WORDS                                                                                  \
    "(?:(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"        \
    "fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty)\\b"         \
    "(?:\\s+point\\s+" DIGIT_WORD "\\b(?:\\s+" DIGIT_WORD "\\b)?)?)"
static const char spoken_pattern[] = QUANTITY("(?:" NUM "|" NUM_WORDS ")");

/* Words a role word may stand behind without changing it: "1.2 cm in
 * greatest diameter papule" is rare, "2.8 cm in length" is not. */
static const char transparent[] = "in ";

static char *roles_pattern(const da_vocab *v, unsigned position)
{
    da_rx_terms *terms = da_rx_terms_new();
    for (size_t i = 0; i < v->nroles; i++)
        if (v->roles[i].position & position)
            da_rx_terms_add(terms, v->roles[i].words, (int)i);
    /* after a number the words follow at once; before it, anywhere in the clause */
    return da_rx_alternation(position == DA_ROLE_AFTER ? "(?:" : "\\b(?:", ")(?!\\w)", terms);
}

da_error da_measurer_init(da_measurer *m, da_rx_ctx *c, const da_vocab *v)
{
    memset(m, 0, sizeof(*m));
    m->vocab = v;
    da_error err = da_rx_compile(c, &m->quantity, quantity_pattern);
    if (err == DA_OK)
        err = da_rx_compile(c, &m->spoken, spoken_pattern);
    char *after = roles_pattern(v, DA_ROLE_AFTER), *before = roles_pattern(v, DA_ROLE_BEFORE);
    if (err == DA_OK)
        err = da_rx_compile(c, &m->after, after);
    if (err == DA_OK)
        err = da_rx_compile(c, &m->before, before);
    free(after);
    free(before);
    if (err != DA_OK)
        da_measurer_free(m);
    return err;
}

void da_measurer_free(da_measurer *m)
{
    da_rx_free(&m->quantity);
    da_rx_free(&m->spoken);
    da_rx_free(&m->after);
    da_rx_free(&m->before);
    memset(m, 0, sizeof(*m));
}

/* The value of a number written in words at t[i..e) ("two", "zero point
 * nine", "one point two five") as digits over a power of ten; the index
 * after it, or i when no number word starts there. */
static size_t number_words(const char *t, size_t i, size_t e, double *digits, double *scale)
{
    static const char *const units[] = {"zero", "one", "two", "three", "four", "five", "six",
                                        "seven", "eight", "nine", "ten", "eleven", "twelve",
                                        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                                        "eighteen", "nineteen"};
    static const char *const tens[] = {"twenty", "thirty", "forty", "fifty"};
    size_t w = i;
    while (w < e && isalpha((unsigned char)t[w]))
        w++;
    size_t n = w - i;
    int v = -1;
    for (int k = 0; k < 20 && v < 0; k++)
        if (strlen(units[k]) == n && strncasecmp(t + i, units[k], n) == 0)
            v = k;
    for (int k = 0; k < 4 && v < 0; k++)
        if (strlen(tens[k]) == n && strncasecmp(t + i, tens[k], n) == 0)
            v = 20 + 10 * k;
    if (v < 0)
        return i;
    *digits = v;
    *scale = 1;
    /* " point nine", " point two five" */
    size_t p = w;
    while (p < e && t[p] == ' ')
        p++;
    if (e - p < 6 || strncasecmp(t + p, "point", 5) != 0 || isalpha((unsigned char)t[p + 5]))
        return w;
    p += 5;
    for (int d = 0; d < 2; d++) {
        size_t q = p;
        while (q < e && t[q] == ' ')
            q++;
        size_t r = q;
        while (r < e && isalpha((unsigned char)t[r]))
            r++;
        int dv = -1;
        for (int k = 0; k < 10 && dv < 0; k++)
            if (strlen(units[k]) == r - q && strncasecmp(t + q, units[k], r - q) == 0)
                dv = k;
        if (dv < 0 && r - q == 2 && strncasecmp(t + q, "oh", 2) == 0)
            dv = 0;
        if (dv < 0)
            break;
        *digits = *digits * 10 + dv;
        *scale *= 10;
        w = p = r;
    }
    return w;
}

/* The values of a measurement text[s..e): each number takes the unit written
 * after it ("1.2 x 0.8 cm", "1.2 cm x 0.8 cm", "4-6 mm"). A number is kept as
 * digits over a power of ten and divided once, so "30 mm" is exactly 3.0 cm
 * and lands in the right size bucket. */
static void values(const char *t, size_t s, size_t e, da_measure *out)
{
    struct {
        double digits; /* the number without its decimal point */
        double scale;  /* 10^(digits after the point) */
    } pending[8];
    size_t npending = 0, i = s;
    out->greatest = 0;
    out->least = -1;
    out->dims = 1;
    while (i < e) {
        char c = t[i];
        if ((c >= '0' && c <= '9') || (c == '.' && i + 1 < e && t[i + 1] >= '0' && t[i + 1] <= '9')) {
            double digits = 0, scale = 1;
            bool point = false;
            for (; i < e && ((t[i] >= '0' && t[i] <= '9') || (t[i] == '.' && !point)); i++) {
                if (t[i] == '.') {
                    point = true;
                    continue;
                }
                digits = digits * 10 + (t[i] - '0');
                if (point)
                    scale *= 10;
            }
            if (npending < sizeof(pending) / sizeof(pending[0]))
                pending[npending].digits = digits, pending[npending++].scale = scale;
            continue;
        }
        if (isalpha((unsigned char)c) && (i == s || !isalpha((unsigned char)t[i - 1]))) {
            double digits, scale;
            size_t next = number_words(t, i, e, &digits, &scale);
            if (next > i) {
                if (npending < sizeof(pending) / sizeof(pending[0]))
                    pending[npending].digits = digits, pending[npending++].scale = scale;
                i = next;
                continue;
            }
        }
        double per_cm = strncasecmp(t + i, "cm", 2) == 0 || strncasecmp(t + i, "centi", 5) == 0 ? 1
                        : strncasecmp(t + i, "mm", 2) == 0 || strncasecmp(t + i, "milli", 5) == 0
                            ? 10
                            : 0;
        if (per_cm > 0) {
            for (size_t k = 0; k < npending; k++) {
                double cm = pending[k].digits / (pending[k].scale * per_cm);
                if (cm > out->greatest)
                    out->greatest = cm;
                if (out->least < 0 || cm < out->least)
                    out->least = cm;
            }
            npending = 0;
            while (i < e && ((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z')))
                i++;
            continue;
        }
        /* a dimension separator: x, the multiplication sign, "by", "*" */
        if (((c | 0x20) == 'x' && (i + 1 >= e || t[i + 1] == ' ' || (t[i + 1] >= '0' && t[i + 1] <= '9'))) ||
            c == '*' || ((unsigned char)c == 0xC3 && i + 1 < e && (unsigned char)t[i + 1] == 0x97) ||
            ((c | 0x20) == 'b' && i + 1 < e && (t[i + 1] | 0x20) == 'y'))
            out->dims++;
        i++;
    }
    if (out->least < 0)
        out->least = out->greatest;
}

/* Bytes looked back from a length for the start of its clause, where the
 * words that give it a role stand: a clause is a few words, and the cut
 * keeps one length's look-back short in a note with no stops. */
#define CLAUSE_REACH 160

/* Where the clause holding pos starts: after the last full stop (not a
 * decimal point), semicolon or line break before it, no further back than
 * floor. */
static size_t clause_start(const char *t, size_t floor, size_t pos)
{
    size_t i = pos;
    size_t lo = pos > floor + CLAUSE_REACH ? pos - CLAUSE_REACH : floor;
    while (i > lo) {
        char c = t[i - 1];
        if (c == ';' || c == '\n')
            break;
        if (c == '.' && !(i >= 2 && t[i - 2] >= '0' && t[i - 2] <= '9' && t[i] >= '0' && t[i] <= '9'))
            break;
        i--;
    }
    return i;
}

/* Bytes, once past the blanks and "in" after a length, in which its role
 * words must stand ("margins", "excision defect"): a role phrase is a few
 * words, and the cut keeps the look-ahead short in a note with no stops. */
#define ROLE_AFTER_REACH 80

/* The role word right after a measurement ending at e (blanks, a hyphen, an
 * opening parenthesis and "in" between), or DA_ROLE_UNKNOWN. */
static da_role role_after(da_measurer *m, da_rx_ctx *c, const char *t, size_t e, size_t end,
                          size_t *rs, size_t *re)
{
    size_t p = e;
    for (;;) {
        while (p < end && (t[p] == ' ' || t[p] == '\t' || t[p] == '-' || t[p] == '('))
            p++;
        size_t n = strlen(transparent);
        if (p + n < end && strncasecmp(t + p, transparent, n) == 0)
            p += n;
        else
            break;
    }
    size_t limit = end - p > ROLE_AFTER_REACH ? p + ROLE_AFTER_REACH : end;
    if (p >= limit || da_rx_find(c, &m->after, t, p, limit) != DA_RX_FOUND || da_rx_start(c) != p)
        return DA_ROLE_UNKNOWN;
    int row = da_rx_mark(c->md);
    if (row < 0 || (size_t)row >= m->vocab->nroles)
        return DA_ROLE_UNKNOWN;
    *rs = da_rx_start(c);
    *re = da_rx_end(c);
    return m->vocab->roles[row].role;
}

/* The nearest strong role word before s in its clause, else the nearest weak one. */
static da_role role_before(da_measurer *m, da_rx_ctx *c, const char *t, size_t floor, size_t s,
                           size_t *rs, size_t *re)
{
    size_t b = clause_start(t, floor, s);
    da_role strong = DA_ROLE_UNKNOWN, weak = DA_ROLE_UNKNOWN;
    size_t ss = 0, se = 0, ws = 0, we = 0;
    for (size_t from = b; from < s && da_rx_find(c, &m->before, t, from, s) == DA_RX_FOUND;
         from = da_rx_next(c->md, t, s)) {
        int row = da_rx_mark(c->md);
        if (row < 0 || (size_t)row >= m->vocab->nroles)
            continue;
        const da_role_row *r = &m->vocab->roles[row];
        if (r->strong)
            strong = r->role, ss = da_rx_start(c), se = da_rx_end(c);
        else
            weak = r->role, ws = da_rx_start(c), we = da_rx_end(c);
    }
    if (strong != DA_ROLE_UNKNOWN) {
        *rs = ss, *re = se;
        return strong;
    }
    *rs = ws, *re = we;
    return weak;
}

/* True when "in length" or "long" follows a measurement ending at e. */
static bool length_after(const char *t, size_t e, size_t end)
{
    while (e < end && (t[e] == ' ' || t[e] == '\t'))
        e++;
    return (end - e >= 9 && strncasecmp(t + e, "in length", 9) == 0) ||
           (end - e >= 4 && strncasecmp(t + e, "long", 4) == 0 &&
            (end - e == 4 || !isalpha((unsigned char)t[e + 4])));
}

/* True when text[s..e) holds word, in any case. */
static bool has_word(const char *t, size_t s, size_t e, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = s; i + n <= e; i++)
        if (strncasecmp(t + i, word, n) == 0)
            return true;
    return false;
}

/* "closed it in layers, with buried 3-0 Monocryl ... sutures. The final
 * wound measured 6.3 cm": a final wound given one length right after the
 * sentence that closed it is the closed wound, the repair's length (a
 * curettage's final wound, with no closure told, stays a defect). The role
 * word is text[rs..re), the measurement's clause starts at clause. */
static bool closed_final_wound(const char *t, size_t floor, size_t clause, size_t rs, size_t re)
{
    if (re - rs < 10 || strncasecmp(t + rs, "final", 5) != 0 ||
        strncasecmp(t + re - 5, "wound", 5) != 0 || clause <= floor + 1)
        return false;
    size_t b = clause_start(t, floor, clause - 1);
    return has_word(t, b, clause, "closed") || has_word(t, b, clause, "sutur");
}

da_rx_result da_measure_next(da_measurer *m, da_rx_ctx *c, const char *text, size_t floor,
                             size_t from, size_t end, bool words, da_measure *out)
{
    da_rx_result r = da_rx_find(c, words ? &m->spoken : &m->quantity, text, from, end);
    if (r != DA_RX_FOUND)
        return r;
    size_t s = da_rx_start(c), e = da_rx_end(c);
    memset(out, 0, sizeof(*out));
    out->start = s;
    out->end = e;
    values(text, s, e, out);
    size_t rs = s, re = s;
    out->role = role_after(m, c, text, e, end, &rs, &re);
    size_t bs = s, be = s;
    da_role before = out->role == DA_ROLE_UNKNOWN || out->role == DA_ROLE_DEFECT
                         ? role_before(m, c, text, floor, s, &bs, &be)
                         : DA_ROLE_UNKNOWN;
    /* "closure of a 3.2 cm wound": the wound closed is the repair's length */
    if (out->role == DA_ROLE_UNKNOWN || (out->role == DA_ROLE_DEFECT && before == DA_ROLE_REPAIR)) {
        out->role = before;
        rs = bs, re = be;
    }
    out->role_start = rs;
    out->role_end = re;
    /* "the final wound measured 5.2 cm in length": a wound given one
     * length is the closed wound, the repair's length */
    if (out->role == DA_ROLE_DEFECT && out->dims == 1 &&
        (length_after(text, e, end) ||
         closed_final_wound(text, floor, clause_start(text, floor, s), rs, re)))
        out->role = DA_ROLE_REPAIR;
    /* an area written as two lengths ("undermined 18 cm by 16 cm") is not a length */
    if (out->role == DA_ROLE_DISTANCE && out->dims == 2)
        out->role = DA_ROLE_AREA;
    return DA_RX_FOUND;
}
