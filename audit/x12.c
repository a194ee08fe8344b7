/* x12.c - ASC X12 segments and envelopes (see x12.h).
 *
 * The envelope is a state machine over segment ids; its transitions:
 *
 *   OUTSIDE --ISA--> INTERCHANGE    (separators read from this ISA)
 *   INTERCHANGE --GS--> GROUP
 *   GROUP --ST--> SET               (counting starts at 1; a set of another
 *                                    type is reported and skipped to its SE)
 *   SET --any but ST/SE/GE/IEA/ISA--> SET   (counted, handed over)
 *   SET --SE--> GROUP               (SE01 checked against the count)
 *   SET --ST/GE/IEA/ISA or end of file--> GROUP, "no SE": the set ends
 *                                    there, what it held is kept, and the
 *                                    segment is then read from GROUP
 *   GROUP --GE--> INTERCHANGE
 *   INTERCHANGE --IEA--> OUTSIDE
 *   GROUP/INTERCHANGE --ISA--> INTERCHANGE, "no GE"/"no IEA" reported
 *   OUTSIDE/INTERCHANGE/GROUP --other--> same state, "outside a
 *                                    transaction set", skipped
 *   end of file in INTERCHANGE or GROUP --> "file ends before IEA"
 *
 * A segment whose id is not two or three capital letters or digits (the
 * file does not use the separators its ISA declares, or the segment was cut)
 * is reported and skipped, as is a last segment with no terminator.
 */
#include "x12.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "parse.h"

typedef enum envelope_state { OUTSIDE, INTERCHANGE, GROUP, SET, OTHER_SET } envelope_state;

/* The reader's state while it walks a file. */
typedef struct walker {
    const da_x12_handler *h; /* where segments and problems go */
    const char *st01;        /* the transaction set wanted */
    envelope_state state;    /* where in the envelope the walk is */
    unsigned long set_count; /* segments of the current set so far, ST included */
    unsigned long set_start; /* segment number of the current set's ST */
    char set_control[16];    /* ST02 of the current set */
    char elem, comp, term;   /* separators of the current interchange */
} walker;

static void problem(walker *w, unsigned long number, const char *reason, const char *id)
{
    w->h->problem(w->h->ctx, number, reason, id);
}

bool da_x12_detect(const char *buf, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && isspace((unsigned char)buf[i]))
        i++;
    return len - i >= 3 && memcmp(buf + i, "ISA", 3) == 0;
}

static bool is_separator(char c)
{
    return c != '\0' && !isalnum((unsigned char)c) && c != ' ';
}

/* Reads the separators of the ISA starting at p (len bytes left): the
 * element separator after "ISA", the component separator (ISA16) after the
 * sixteenth element separator, the terminator right after it. */
static bool isa_separators(const char *p, size_t len, walker *w)
{
    if (len < 4 || !is_separator(p[3]))
        return false;
    char elem = p[3];
    size_t seps = 0, i = 3;
    for (; i < len && seps < 16; i++)
        seps += p[i] == elem;
    /* i is now just past the sixteenth separator: ISA16, then the terminator. */
    if (seps < 16 || i + 1 >= len || !is_separator(p[i]) || p[i] == elem ||
        !(is_separator(p[i + 1]) || p[i + 1] == '\n' || p[i + 1] == '\r') ||
        p[i + 1] == elem || p[i + 1] == p[i])
        return false;
    w->elem = elem;
    w->comp = p[i];
    w->term = p[i + 1];
    return true;
}

static bool valid_id(const char *id)
{
    size_t n = strlen(id);
    if (n < 2 || n > 3)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(isupper((unsigned char)id[i]) || isdigit((unsigned char)id[i])))
            return false;
    return true;
}

/* Ends the current transaction set without its SE. */
static void set_cut(walker *w, unsigned long number)
{
    char reason[DA_X12_REASON_LEN];
    snprintf(reason, sizeof(reason), "transaction set begun at segment %lu has no SE",
             w->set_start);
    problem(w, number, reason, "ST");
    if (w->state == SET)
        w->h->end(w->h->ctx);
    w->state = GROUP;
}

static void set_close(walker *w, const da_x12_seg *s)
{
    w->set_count++;
    unsigned long declared = 0;
    const char *n = da_x12_el(s, 1);
    char *end;
    declared = strtoul(n, &end, 10);
    if (w->state == SET) {
        if (!*n || *end || declared != w->set_count) {
            char reason[DA_X12_REASON_LEN];
            snprintf(reason, sizeof(reason),
                     "SE says %s segments, the transaction set has %lu (its segments are read)",
                     *n && !*end && strlen(n) < 12 ? n : "no number of", w->set_count);
            problem(w, s->number, reason, "SE");
        }
        if (strcmp(da_x12_el(s, 2), w->set_control) != 0)
            problem(w, s->number, "SE02 differs from its ST02", "SE");
        w->h->segment(w->h->ctx, s);
        w->h->end(w->h->ctx);
    }
    w->state = GROUP;
}

/* One segment through the envelope state machine. */
static void envelope(walker *w, const da_x12_seg *s)
{
    const char *id = s->el[0];
    bool is_st = strcmp(id, "ST") == 0, is_se = strcmp(id, "SE") == 0;
    bool is_gs = strcmp(id, "GS") == 0, is_ge = strcmp(id, "GE") == 0;
    bool is_isa = strcmp(id, "ISA") == 0, is_iea = strcmp(id, "IEA") == 0;
    if ((w->state == SET || w->state == OTHER_SET) && (is_st || is_ge || is_iea || is_isa || is_gs))
        set_cut(w, s->number);
    if (w->state == SET || w->state == OTHER_SET) {
        if (is_se) {
            set_close(w, s);
            return;
        }
        w->set_count++;
        if (w->state == SET)
            w->h->segment(w->h->ctx, s);
        return;
    }
    if (is_isa) {
        if (w->state == GROUP)
            problem(w, s->number, "functional group has no GE", "GS");
        if (w->state != OUTSIDE)
            problem(w, s->number, "interchange has no IEA", "ISA");
        w->state = INTERCHANGE;
    } else if (is_gs && w->state == INTERCHANGE) {
        w->state = GROUP;
    } else if (is_ge && w->state == GROUP) {
        w->state = INTERCHANGE;
    } else if (is_iea && w->state == INTERCHANGE) {
        w->state = OUTSIDE;
    } else if (is_st && w->state == GROUP) {
        w->set_count = 1;
        w->set_start = s->number;
        snprintf(w->set_control, sizeof(w->set_control), "%s", da_x12_el(s, 2));
        if (strcmp(da_x12_el(s, 1), w->st01) == 0) {
            w->state = SET;
            w->h->segment(w->h->ctx, s);
        } else {
            char reason[DA_X12_REASON_LEN];
            snprintf(reason, sizeof(reason), "not an %s transaction set, skipped", w->st01);
            problem(w, s->number, reason, "ST");
            w->state = OTHER_SET;
        }
    } else {
        problem(w, s->number, "segment outside a transaction set, skipped", valid_id(id) ? id : "");
    }
}

da_error da_x12_read(const char *buf, size_t len, const char *st01, const da_x12_handler *h)
{
    walker w = {h, st01, OUTSIDE, 0, 0, "", 0, 0, 0};
    size_t pos = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len && isspace((unsigned char)buf[pos]))
        pos++;
    if (!da_x12_detect(buf, len) || !isa_separators(buf + pos, len - pos, &w)) {
        problem(&w, 1, "no ISA segment with readable separators: not an X12 file", "ISA");
        return DA_ERR_FORMAT;
    }
    char *copy = da_xmalloc(len + 1);
    memcpy(copy, buf, len);
    copy[len] = '\0';
    unsigned long number = 0;
    da_x12_seg s;
    while (pos < len) {
        while (pos < len && (copy[pos] == '\n' || copy[pos] == '\r' || copy[pos] == ' ' ||
                             copy[pos] == '\t'))
            pos++;
        if (pos >= len)
            break;
        /* Each ISA declares the separators of its interchange. */
        if (len - pos >= 3 && memcmp(copy + pos, "ISA", 3) == 0 && number > 0 &&
            !isa_separators(copy + pos, len - pos, &w)) {
            problem(&w, number + 1, "ISA separators cannot be read: the rest of the file is not read",
                    "ISA");
            break;
        }
        char *start = copy + pos;
        char *end = memchr(start, w.term, len - pos);
        number++;
        if (!end) {
            problem(&w, number, "file is cut short: last segment has no terminator, not read", "");
            break;
        }
        *end = '\0';
        pos = (size_t)(end - copy) + 1;
        memset(&s, 0, sizeof(s));
        s.number = number;
        s.comp = w.comp;
        s.el[0] = start;
        s.nel = 1;
        bool too_many = false;
        for (char *p = start; *p; p++)
            if (*p == w.elem) {
                *p = '\0';
                if (s.nel < DA_X12_MAX_ELEMENTS)
                    s.el[s.nel++] = p + 1;
                else
                    too_many = true;
            }
        /* Line breaks inside the last element (a terminator followed by CRLF
         * is common) are not data. */
        char *last = (char *)s.el[s.nel - 1];
        size_t n = strlen(last);
        while (n && (last[n - 1] == '\r' || last[n - 1] == '\n'))
            last[--n] = '\0';
        if (!valid_id(s.el[0])) {
            problem(&w, number,
                    "not a segment (its id is not 2 or 3 capitals: separators differ from the ISA's?), skipped",
                    "");
            if (w.state == SET || w.state == OTHER_SET)
                w.set_count++;
            continue;
        }
        if (too_many)
            problem(&w, number, "more than 63 elements: the rest are not read", s.el[0]);
        envelope(&w, &s);
    }
    if (w.state == SET || w.state == OTHER_SET)
        set_cut(&w, number);
    if (w.state != OUTSIDE)
        problem(&w, number, "file ends before its IEA: it may be cut short", "IEA");
    free(copy);
    return DA_OK;
}

da_error da_x12_read_file(const char *path, const char *st01, const da_x12_handler *h)
{
    da_buf b;
    da_buf_init(&b, SIZE_MAX - 1);
    da_error err = da_buf_append_file(&b, path);
    if (err == DA_OK)
        err = da_x12_read(b.data ? b.data : "", b.len, st01, h);
    da_buf_free(&b);
    return err;
}

const char *da_x12_el(const da_x12_seg *s, size_t i)
{
    return i < s->nel ? s->el[i] : "";
}

size_t da_x12_components(const da_x12_seg *s, size_t i, char (*parts)[DA_X12_COMPONENT_LEN],
                         size_t max, bool *other_sep)
{
    const char *e = da_x12_el(s, i);
    char sep = s->comp;
    *other_sep = false;
    if (!strchr(e, sep))
        for (const char *c = ":>^<"; *c; c++)
            if (*c != s->comp && strchr(e, *c)) {
                sep = *c;
                *other_sep = true;
                break;
            }
    size_t k = 0;
    const char *p = e;
    for (;;) {
        const char *q = strchr(p, sep);
        size_t n = q ? (size_t)(q - p) : strlen(p);
        if (k < max) {
            size_t m = n < DA_X12_COMPONENT_LEN - 1 ? n : DA_X12_COMPONENT_LEN - 1;
            memcpy(parts[k], p, m);
            parts[k][m] = '\0';
        }
        k++;
        if (!q)
            break;
        p = q + 1;
    }
    return k < max ? k : max;
}

bool da_x12_money(const char *s, da_cents *cents)
{
    return *s && da_parse_money(s, strlen(s), cents) && *cents != DA_CENTS_NONE;
}

bool da_x12_date(const char *s, da_date *days)
{
    if (strlen(s) != 8)
        return false;
    for (int i = 0; i < 8; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[4] - '0') * 10 + (s[5] - '0'), d = (s[6] - '0') * 10 + (s[7] - '0');
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    da_date v = da_date_from_ymd(y, m, d);
    int y2, m2, d2;
    da_date_to_ymd(v, &y2, &m2, &d2);
    if (y2 != y || m2 != m || d2 != d)
        return false;
    *days = v;
    return true;
}
