/* segment.c - a note cut into the lesions it documents (segment.h). */
#include "segment.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mem.h"
#include "sites.h"

/* What follows a label's number when the label heads a block: a colon, a
 * closing parenthesis, a dash, a full stop not in a decimal, or a
 * parenthesis closed before a colon ("Lesion 1 (left cheek):"). */
#define MSEP "\\s*(?:[:)\\-\\x{2013}\\x{2014}]|\\.(?![0-9])|\\((?=[^)\\n]{1,40}\\)\\s*:))"
/* A label's number inside a sentence is followed by a word that is not a
 * unit or a span of time ("Lesion 2 on the right shoulder", not "lesion 2
 * cm", "site 2 weeks"). */
#define IN_SENTENCE                                                                                \
    "(?=[ \\t]*,|[ \\t]+(?!(?:cm|mm|x|by|weeks?|wks?|days?|months?|mos?|years?|yrs?|hours?|"      \
    "mg|ml|cc|percent|o'?clock|and|or|to|of\\s+[0-9]|sites?|lesions?|areas?|spots?)\\b)[a-z(])"

/* What may end a line a label stands on: the line's end, or a rule of
 * dashes or equals signs ("----- SITE B -----", "SITE 1 of 2"). */
#define LINE_TAIL "(?=[ \\t]*(?:[-=_*]{2,}[ \\t]*)?(?:\\r?\\n|$))"

/* Labels: "lesion", "tumor", "site" or "specimen" and a number or capital
 * letter anywhere; "part", "biopsy", "bx" or "procedure" and one only
 * heading a line ("Part 1:", "Biopsy #2 -"; "Medicare Part B" is no
 * lesion); "#3" heading a line. */
/* LINE_HEAD consumes the line break and \\K drops it from the match, so
 * that PCRE2 skips to line breaks and label words instead of trying every
 * position; the twin pattern, with LINE_HEAD0, finds a label opening the text. */
#define LINE_HEAD "\\n(?:[ \\t]{0,2})\\K[-*\\x{2022}]?[ \\t]*"
#define LINE_HEAD0 "\\A[-*\\x{2022}]?[ \\t]*"
#define LABEL_PATTERN(head)                                                                        \
    "\\b(?<word>lesion|tumou?r|site|specimen)\\s*(?::[ \\t]*)?(?:"                                    \
    "(?:#|no\\.?)\\s*(?<n1>[0-9]{1,2})\\b(?:" MSEP ")?"                                            \
    "|(?<n2>[0-9]{1,2})(?:\\s+of\\s+[0-9]{1,2})?(?:" MSEP "|" IN_SENTENCE "|" LINE_TAIL ")"         \
    "|(?-i:(?<l1>[A-H]))(?:" MSEP "|(?=[ \\t]*(?:\\r?\\n|,|\\(|[-\\x{2013}\\x{2014}]\\s))|" LINE_TAIL  \
    "))"                                                                                           \
    "|" head "(?<word2>part|biopsy|bx|procedure)\\s*(?:#|no\\.?)?\\s*"                              \
    "(?:(?<n4>[0-9]{1,2})\\b|(?-i:(?<l2>[A-H]))\\b)" MSEP                                           \
    "|" head "#\\s*(?<n3>[0-9]{1,2})\\b(?:" MSEP ")?"
static const char label_pattern[] = LABEL_PATTERN(LINE_HEAD);
/* anchored at the start as a whole: a label further on is the other's */
static const char label0_pattern[] = "\\A(?:" LABEL_PATTERN(LINE_HEAD0) ")";

/* A list item: a number or letter at the start of a line ("1.", "2)",
 * "(3)", "A.", "A - "), or a number run into dictated text after punctuation
 * ("PROCEDURES:, 1. Excision ... closure. 2. Shave ..."). */
static const char item_pattern[] =
    "(?<=^|\\n)[ \\t]*(?:(?<inum>[0-9]{1,2})[.)]|\\((?<ipar>[0-9]{1,2})\\)|(?-i:(?<ilet>[A-H]))[.)]"
    "|(?-i:(?<ilet2>[A-H]))[ \\t]+[-:\\x{2013}\\x{2014}])"
    "[ \\t]+(?=\\S)"
    "|(?<=[.,;:)] |[.,;:)]  |[.,;:)])(?<irun>[0-9]{1,2})\\.[ \\t]+(?=[a-z])";

/* An item that is the closure of a wound listed before it, not a lesion
 * of its own ("2. Intermediate (layered) repair, right cheek, 5.4 cm",
 * "2. Bilobed flap: designed from the nasal sidewall"): it opens with a
 * repair, flap or graft and names no removal. */
static const char repair_item_pattern[] =
    "\\G[ \\t]*(?=(?:[\\w()/-]+[ \\t,]+){0,4}?(?:repairs?|closures?|flaps?|grafts?|"
    "adjacent\\s+tissue|tissue\\s+(?:transfer|rearrangement))\\b)"
    "(?![^\\n]{0,200}?\\b(?:excis\\w*|biops\\w*|shav\\w*|destr\\w*|mohs|curett\\w*|punch|"
    "saucer\\w*|remov\\w*|ed&c|ed\\s*&\\s*c)\\b)";

void da_segments_init(da_segment_list *l)
{
    memset(l, 0, sizeof(*l));
}

void da_segments_free(da_segment_list *l)
{
    free(l->items);
    da_segments_init(l);
}

da_error da_segmenter_init(da_segmenter *s, da_rx_ctx *c, const da_sites *sites)
{
    memset(s, 0, sizeof(*s));
    s->sites = sites;
    da_error err = da_rx_compile(c, &s->label, label_pattern);
    if (err == DA_OK)
        err = da_rx_compile(c, &s->label0, label0_pattern);
    if (err == DA_OK)
        err = da_rx_compile(c, &s->item, item_pattern);
    if (err == DA_OK)
        err = da_rx_compile(c, &s->repair_item, repair_item_pattern);
    if (err != DA_OK) {
        da_segmenter_free(s);
        return err;
    }
    s->g_num[0] = da_rx_group_number(&s->label, "n1");
    s->g_num[1] = da_rx_group_number(&s->label, "n2");
    s->g_num[2] = da_rx_group_number(&s->label, "n3");
    s->g_num[3] = da_rx_group_number(&s->label, "n4");
    s->g_letter = da_rx_group_number(&s->label, "l1");
    s->g_letter2 = da_rx_group_number(&s->label, "l2");
    s->g_word = da_rx_group_number(&s->label, "word");
    s->g_inum = da_rx_group_number(&s->item, "inum");
    s->g_ipar = da_rx_group_number(&s->item, "ipar");
    s->g_ilet = da_rx_group_number(&s->item, "ilet");
    s->g_ilet2 = da_rx_group_number(&s->item, "ilet2");
    s->g_irun = da_rx_group_number(&s->item, "irun");
    return DA_OK;
}

void da_segmenter_free(da_segmenter *s)
{
    da_rx_free(&s->label);
    da_rx_free(&s->label0);
    da_rx_free(&s->item);
    da_rx_free(&s->repair_item);
    free(s->scratch);
    memset(s, 0, sizeof(*s));
}

/* ---- sections a lesion may run through ---------------------------------- */

/* Sections that go on describing a procedure: a lesion's text may run
 * through them, and a list of lesions may stand in them. */
static bool procedural(da_section_kind k)
{
    return k == DA_SEC_NONE || k == DA_SEC_PROCEDURE || k == DA_SEC_DIAGNOSIS ||
           k == DA_SEC_OTHER || k == DA_SEC_ADDENDUM;
}

/* Where a lesion starting at pos must end at the latest: the start of the
 * first section after pos's own that is not procedural (pathology reports
 * keep to themselves: a report's lesion ends where the report does; a
 * specimen's runs on into its report: "Specimen 1: shave biopsy. Final
 * diagnosis: ..."). */
static size_t section_limit(const da_section_list *sections, size_t pos, size_t len,
                            bool specimen)
{
    const da_section *at = da_section_at(sections, pos);
    if (!at)
        return len;
    size_t i = (size_t)(at - sections->items);
    bool report = at->kind == DA_SEC_PATHOLOGY;
    for (size_t k = i + 1; k < sections->count; k++) {
        da_section_kind kind = sections->items[k].kind;
        bool goes_on = report ? kind == DA_SEC_PATHOLOGY || kind == DA_SEC_OTHER
                              : procedural(kind) || (specimen && kind == DA_SEC_PATHOLOGY);
        if (!goes_on)
            return sections->items[k].start;
    }
    return len;
}

/* ---- labels ------------------------------------------------------------- */

static int numeral(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static void push(da_segment_list *out, da_segment seg)
{
    da_grow((void **)&out->items, &out->cap, out->count + 1, sizeof(*out->items));
    out->items[out->count++] = seg;
    if (seg.lesion > out->nlesions)
        out->nlesions = seg.lesion;
}

static da_error find_labels(da_segmenter *s, da_rx_ctx *c, const char *text, size_t len,
                            da_segment_list *out)
{
    size_t from = 0;
    /* a label opening the text, then the rest (the twin's groups are the same) */
    da_rx_result r = da_rx_find(c, &s->label0, text, 0, len);
    if (r == DA_RX_NONE)
        r = da_rx_find(c, &s->label, text, from, len);
    for (; r == DA_RX_FOUND; r = da_rx_find(c, &s->label, text, from, len)) {
        size_t gs, ge, ws = 0, we = 0;
        int lesion = 0;
        for (int k = 0; k < 4 && !lesion; k++)
            if (da_rx_group(c->md, s->g_num[k], &gs, &ge))
                lesion = numeral(text + gs, ge - gs);
        if (!lesion && (da_rx_group(c->md, s->g_letter, &gs, &ge) ||
                        da_rx_group(c->md, s->g_letter2, &gs, &ge)))
            lesion = text[gs] - 'A' + 1;
        bool specimen = da_rx_group(c->md, s->g_word, &ws, &we) && we - ws == 8 &&
                        strncasecmp(text + ws, "specimen", 8) == 0;
        size_t ls = da_rx_start(c), le = da_rx_end(c);
        size_t before = ls;
        while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t'))
            before--;
        if (lesion > 0 && before > 0 && text[before - 1] == '(') {
            /* "... shave bx today (specimen A)": the label names the lesion of
             * its line and heads nothing */
            size_t line = before;
            while (line > 0 && text[line - 1] != '\n')
                line--;
            const char *nl = memchr(text + le, '\n', len - le);
            size_t end = nl ? (size_t)(nl - text) + 1 : len;
            push(out, (da_segment){line, line, end, lesion, DA_SEG_LABEL, specimen, true});
        } else if (lesion > 0) {
            push(out, (da_segment){ls, le, len, lesion, DA_SEG_LABEL, specimen, false});
        }
        from = da_rx_next(c->md, text, len);
    }
    return r == DA_RX_ERROR ? DA_ERR_INTERNAL : DA_OK;
}

/* ---- sites ------------------------------------------------------------- */

#define SITE_KEYS 8     /* sites remembered per lesion */
#define SITE_LESIONS 32 /* lesions whose sites a sentence is compared with */

typedef da_site_key site_key;

typedef struct lesion_sites {
    site_key keys[SITE_KEYS]; /* the sites its own text names */
    int n;                    /* keys used */
} lesion_sites;

/* The sites text[from..end) names, at most max; -1 on a PCRE2 error. */
static int sites_in(da_rx_ctx *c, da_rx *site, uint32_t g_side, const char *text, size_t from,
                    size_t end, site_key *keys, int max)
{
    int n = 0;
    da_rx_result r;
    while (n < max && (r = da_rx_find(c, site, text, from, end)) == DA_RX_FOUND) {
        size_t gs, ge;
        int row = da_rx_mark(c->md);
        if (row >= 0) {
            keys[n].site = row;
            keys[n].side = g_side && da_rx_group(c->md, g_side, &gs, &ge) && ge > gs
                               ? (char)(text[gs] | 0x20)
                               : 0;
            n++;
        }
        from = da_rx_next(c->md, text, end);
    }
    return n < max && r == DA_RX_ERROR ? -1 : n;
}

/* Two mentions of one place: the same site, or one inside the other
 * ("the ear" and "left helix"), on no conflicting side. */
static bool same_site(const da_sites *sites, site_key a, site_key b)
{
    return (a.side == b.side || !a.side || !b.side) &&
           (da_site_within(sites, a.site, b.site) || da_site_within(sites, b.site, a.site));
}

/* True when words follow pos on its line (a colon, dash or blanks aside). */
static bool text_follows(const char *text, size_t pos, size_t len)
{
    for (size_t i = pos; i < len && text[i] != '\n'; i++)
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r' && text[i] != ':' &&
            text[i] != '-' && text[i] != '=' && text[i] != '_' && text[i] != '*')
            return true;
    return false;
}

/* Where the paragraph holding pos ends: after the line break that a blank
 * line follows, or at limit. */
static size_t paragraph_end(const char *text, size_t pos, size_t limit)
{
    for (size_t i = pos; i < limit; i++) {
        if (text[i] != '\n')
            continue;
        size_t k = i + 1;
        while (k < limit && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r'))
            k++;
        if (k < limit && text[k] == '\n')
            return i + 1;
    }
    return limit;
}

/* ---- lists -------------------------------------------------------------- */

typedef struct item {
    size_t start;  /* first byte of its number */
    size_t body;   /* first byte after it */
    int number;    /* its number (A = 1) */
    int style;     /* 0 "1." at a line start, 1 "(1)", 2 "A.", 3 run into dictation */
    int list;      /* list it belongs to, -1 none */
} item;

/* Items one list may have: a list numbered past this is cut there. A note
 * lists a handful of lesions or steps; the bound keeps a list's per-item
 * arrays on the stack. */
#define LIST_ITEMS_MAX 64

/* The end of the line holding i (its newline, or len). */
static size_t line_end(const char *text, size_t i, size_t len)
{
    const char *nl = i < len ? memchr(text + i, '\n', len - i) : NULL;
    return nl ? (size_t)(nl - text) : len;
}

/* Where the last item of a list starting its lines ends: at a blank line
 * followed by a line that is not indented, or at limit. */
static size_t list_tail_end(const char *text, size_t body, size_t limit)
{
    size_t i = line_end(text, body, limit);
    while (i < limit) {
        size_t next = i + 1;
        size_t blank = next;
        while (blank < limit && (text[blank] == '\r' || text[blank] == ' ' || text[blank] == '\t'))
            blank++;
        if (blank < limit && text[blank] == '\n') {
            /* a blank line: what follows it continues the item only when indented */
            size_t k = blank;
            while (k < limit && (text[k] == '\n' || text[k] == '\r'))
                k++;
            if (k >= limit || (text[k] != ' ' && text[k] != '\t'))
                return next;
        }
        i = line_end(text, next, limit);
    }
    return limit;
}

/* ---- sentences naming a lesion's site ---------------------------------- */

/* The one lesion whose sites the keys name: its number, 0 when the keys
 * are none, -1 when they name several lesions or a site no lesion has. */
static int lesion_named(const da_sites *sites, const lesion_sites *l, int nlesions,
                        const site_key *keys, int n)
{
    int found = 0;
    for (int k = 0; k < n; k++) {
        int match = 0;
        for (int i = 1; i <= nlesions; i++)
            for (int j = 0; j < l[i].n; j++)
                if (same_site(sites, keys[k], l[i].keys[j]) && match != i)
                    match = match ? -1 : i;
        if (match <= 0 || (found && found != match))
            return -1;
        found = match;
    }
    return found;
}

/* Where the sentence starting at i ends: after a full stop (not a decimal
 * point), ! or ? and the blanks after it, or after a line break. *para is
 * set when a blank line follows. */
static size_t sentence_end(const char *text, size_t i, size_t end, bool *para)
{
    *para = false;
    while (i < end) {
        char ch = text[i++];
        if (ch == '\n' || ((ch == '.' || ch == '!' || ch == '?') &&
                           (i >= end || text[i] == ' ' || text[i] == '\n' || text[i] == '\r'))) {
            int lines = ch == '\n';
            while (i < end && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
                lines += text[i++] == '\n';
            *para = lines > 1;
            return i;
        }
    }
    return end;
}

/* The sites each lesion's own text names (lesions numbered up to
 * SITE_LESIONS - 1). */
static da_error lesion_keys(da_rx_ctx *c, da_rx *site, const char *text,
                            const da_segment_list *found, lesion_sites *l)
{
    uint32_t g_side = da_rx_group_number(site, "side");
    for (size_t i = 0; i < found->count; i++) {
        lesion_sites *ls = &l[found->items[i].lesion];
        int n = sites_in(c, site, g_side, text, found->items[i].body, found->items[i].end,
                         ls->keys + ls->n, SITE_KEYS - ls->n);
        if (n < 0)
            return DA_ERR_INTERNAL;
        ls->n += n;
    }
    return DA_OK;
}

/* True when only blanks stand between the start of its line and pos. */
static bool line_head(const char *text, size_t pos)
{
    while (pos > 0 && (text[pos - 1] == ' ' || text[pos - 1] == '\t'))
        pos--;
    return pos == 0 || text[pos - 1] == '\n';
}

/* True when the sentence at i opens a line with a list mark: "3.", "2)",
 * "(4)", "- ", "* ", a bullet. */
static bool item_line(const char *text, size_t floor, size_t i)
{
    if (i > floor && text[i - 1] != '\n')
        return false;
    while (text[i] == ' ' || text[i] == '\t')
        i++;
    if (text[i] == '-' || text[i] == '*' || (unsigned char)text[i] == 0xE2 /* a bullet */)
        return true;
    if (text[i] == '(')
        i++;
    size_t d = i;
    while (text[i] >= '0' && text[i] <= '9' && i - d < 2)
        i++;
    return i > d && (text[i] == '.' || text[i] == ')');
}

/* Text outside the lesions found, about several of them ("Attention was
 * turned to the left upper back. The lesion there ... Next the right lower
 * back was addressed."): a sentence naming the site of one lesion, and no
 * other, starts that lesion's text; it runs on through sentences naming no
 * site to the end of the paragraph or section, or to a sentence naming
 * another site. Procedure and exam sections are read so. */
static da_error site_sentences(da_rx_ctx *c, da_rx *site, const da_sites *sites,
                               const char *text, size_t len, const da_section_list *sections,
                               const lesion_sites *l, int nlesions, da_segment_list *found)
{
    uint32_t g_side = da_rx_group_number(site, "side");
    size_t nlabelled = found->count;
    size_t at = 0;
    for (size_t g = 0; g <= nlabelled; g++) {
        /* the gap before the g-th lesion (found is in text order) */
        size_t gap_end = g < nlabelled ? found->items[g].start : len;
        int current = 0;    /* the lesion the run of sentences is naming, 0 none */
        size_t run = 0, i = 0; /* where the run began; how far the reading got */
        for (size_t k = 0; k < sections->count && at < gap_end; k++) {
            const da_section *sec = &sections->items[k];
            size_t a = sec->body > at ? sec->body : at, b = sec->end < gap_end ? sec->end : gap_end;
            bool usable = a < b && (procedural(sec->kind) || sec->kind == DA_SEC_EXAM);
            /* a run goes on through a title run into its paragraph ("... to fat.
             * Repair: intermediate ..."), not past one heading a line or a
             * section that is not about the procedure */
            if (current > 0 && (!usable || line_head(text, sec->start))) {
                push(found, (da_segment){run, run, i, current, DA_SEG_SITE, false, false});
                current = 0;
            }
            if (!usable)
                continue;
            for (i = a; i < b;) {
                bool para;
                size_t e = sentence_end(text, i, b, &para);
                site_key keys[SITE_KEYS];
                int n = sites_in(c, site, g_side, text, i, e, keys, SITE_KEYS);
                if (n < 0)
                    return DA_ERR_INTERNAL;
                int named = lesion_named(sites, l, nlesions, keys, n);
                /* a new item of a list ends the run of the one before */
                if (named == 0 && current > 0 && item_line(text, a, i)) {
                    push(found, (da_segment){run, run, i, current, DA_SEG_SITE, false, false});
                    current = 0;
                }
                if (named != 0 && named != current) {
                    if (current > 0)
                        push(found, (da_segment){run, run, i, current, DA_SEG_SITE, false, false});
                    current = named > 0 ? named : 0;
                    run = i;
                }
                i = e;
                if (para && current > 0) {
                    push(found, (da_segment){run, run, i, current, DA_SEG_SITE, false, false});
                    current = 0;
                }
            }
        }
        if (current > 0)
            push(found, (da_segment){run, run, i, current, DA_SEG_SITE, false, false});
        if (g < nlabelled)
            at = found->items[g].end;
    }
    return DA_OK;
}

/* The lesion of each of a list's m items: the items in order, except that
 * an item closing a wound (repair_item_pattern) is the lesion of the item
 * before it naming its site, else of the item just before it that is not a
 * closure. A pathology report's items are its specimens, one each. */
static da_error list_lesions(da_segmenter *s, da_rx_ctx *c, da_rx *site, const char *text,
                             const item *items, const size_t *members, const size_t *ends,
                             size_t m, bool report, int *lesion)
{
    uint32_t g_side = da_rx_group_number(site, "side");
    bool closure[LIST_ITEMS_MAX] = {false};
    int next = 0;
    for (size_t k = 0; k < m; k++) {
        const item *it = &items[members[k]];
        lesion[k] = 0;
        if (!report && k > 0) {
            da_rx_result r = da_rx_find(c, &s->repair_item, text, it->body, ends[k]);
            if (r == DA_RX_ERROR)
                return DA_ERR_INTERNAL;
            closure[k] = r == DA_RX_FOUND && da_rx_start(c) == it->body;
        }
        if (!closure[k]) {
            lesion[k] = ++next;
            continue;
        }
        site_key mine[SITE_KEYS], theirs[SITE_KEYS];
        int n = sites_in(c, site, g_side, text, it->body, ends[k], mine, SITE_KEYS);
        if (n < 0)
            return DA_ERR_INTERNAL;
        for (size_t j = k; j-- > 0 && !lesion[k];) {
            if (closure[j])
                continue;
            int t = sites_in(c, site, g_side, text, items[members[j]].body, ends[j], theirs,
                             SITE_KEYS);
            if (t < 0)
                return DA_ERR_INTERNAL;
            for (int a = 0; a < n && !lesion[k]; a++)
                for (int b = 0; b < t && !lesion[k]; b++)
                    if (same_site(s->sites, mine[a], theirs[b]))
                        lesion[k] = lesion[j];
        }
        for (size_t j = k; j-- > 0 && !lesion[k];)
            if (!closure[j])
                lesion[k] = lesion[j];
    }
    return DA_OK;
}

static int segment_cmp(const void *a, const void *b)
{
    const da_segment *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

static void assemble(const da_segment_list *found, size_t len, da_segment_list *out);

da_error da_segments_find(da_segmenter *s, da_rx_ctx *c, da_rx *site, const char *text,
                          size_t len, const da_section_list *sections, da_segment_list *out)
{
    out->count = 0;
    out->nlesions = 0;
    da_segment_list found = {0};
    da_error err = find_labels(s, c, text, len, &found);
    if (err == DA_OK && found.count == 0) {
        /* items, in order */
        item *items = s->scratch;
        size_t n = 0;
        size_t from = 0;
        da_rx_result r;
        while ((r = da_rx_find(c, &s->item, text, from, len)) == DA_RX_FOUND) {
            size_t gs, ge;
            item it = {da_rx_start(c), da_rx_end(c), 0, 0, -1};
            if (da_rx_group(c->md, s->g_inum, &gs, &ge))
                it.number = numeral(text + gs, ge - gs);
            else if (da_rx_group(c->md, s->g_ipar, &gs, &ge))
                it.number = numeral(text + gs, ge - gs), it.style = 1;
            else if (da_rx_group(c->md, s->g_ilet, &gs, &ge) ||
                     da_rx_group(c->md, s->g_ilet2, &gs, &ge))
                it.number = text[gs] - 'A' + 1, it.style = 2;
            else if (da_rx_group(c->md, s->g_irun, &gs, &ge))
                it.number = numeral(text + gs, ge - gs), it.style = 3;
            from = da_rx_next(c->md, text, len);
            const da_section *sec = da_section_at(sections, it.start);
            if (!it.number || (sec && !procedural(sec->kind) && sec->kind != DA_SEC_PLAN &&
                               sec->kind != DA_SEC_PATHOLOGY))
                continue;
            da_grow((void **)&s->scratch, &s->scratch_cap, n + 1, sizeof(item));
            items = s->scratch;
            items[n++] = it;
        }
        if (r == DA_RX_ERROR)
            err = DA_ERR_INTERNAL;
        /* lists: runs of items of one style numbered 1, 2, 3 ... in order */
        int lists = 0;
        for (size_t i = 0; i < n && err == DA_OK; i++) {
            if (items[i].number != 1 || items[i].list >= 0)
                continue;
            size_t members[LIST_ITEMS_MAX];
            size_t m = 0;
            members[m++] = i;
            for (size_t k = i + 1; k < n && m < LIST_ITEMS_MAX; k++)
                if (items[k].style == items[i].style && items[k].list < 0 &&
                    items[k].number == (int)m + 1)
                    members[m++] = k;
                else if (items[k].style == items[i].style && items[k].number == 1)
                    break;
            /* a list has two items at least; a pathology report's one
             * specimen is its "A." alone */
            const da_section *head = da_section_at(sections, items[members[0]].start);
            if (m < 2 && !(head && head->kind == DA_SEC_PATHOLOGY && items[members[0]].style == 2))
                continue;
            /* each item's text: to the next item, the last to its list's end,
             * which is its own line's when every other item is one line */
            bool one_line = true;
            for (size_t k = 0; k + 1 < m && one_line; k++) {
                const item *it = &items[members[k]];
                one_line = line_end(text, it->body, len) + 1 >= items[members[k + 1]].start;
            }
            size_t ends[LIST_ITEMS_MAX];
            int with_site = 0;
            for (size_t k = 0; k < m; k++) {
                const item *it = &items[members[k]];
                size_t limit = section_limit(sections, it->start, len, false);
                if (k + 1 < m && items[members[k + 1]].start < limit)
                    ends[k] = items[members[k + 1]].start;
                else if (it->style == 3) /* dictation: to the next title */
                    ends[k] = da_section_at(sections, it->start)->end < limit
                                  ? da_section_at(sections, it->start)->end
                                  : limit;
                else if (one_line)
                    ends[k] = line_end(text, it->body, limit) < limit
                                  ? line_end(text, it->body, limit) + 1
                                  : limit;
                else
                    ends[k] = list_tail_end(text, it->body, limit);
                da_rx_result sr = da_rx_any(c, site, text, it->body, ends[k]);
                if (sr == DA_RX_ERROR)
                    err = DA_ERR_INTERNAL;
                with_site += sr == DA_RX_FOUND;
            }
            /* a list of lesions names their sites, a list of steps does not;
             * a pathology report lists only specimens */
            const da_section *first = da_section_at(sections, items[members[0]].start);
            bool report = first && first->kind == DA_SEC_PATHOLOGY;
            if (err != DA_OK || (!report && (with_site < 2 || with_site * 2 < (int)m)))
                continue;
            int lesion[LIST_ITEMS_MAX];
            err = list_lesions(s, c, site, text, items, members, ends, m, report, lesion);
            for (size_t k = 0; k < m && err == DA_OK; k++) {
                item *it = &items[members[k]];
                it->list = lists;
                const da_section *sec = da_section_at(sections, it->start);
                push(&found, (da_segment){it->start, it->body, ends[k], lesion[k], DA_SEG_ITEM,
                                          sec && sec->kind == DA_SEC_PATHOLOGY, false});
            }
            lists++;
        }
    } else if (err == DA_OK) {
        /* a label's lesion runs to the next label, within its sections; a
         * label with text after it on its line ("Specimen B - L upper back:
         * 3 mm punch ...") heads one paragraph, not what follows it */
        for (size_t i = 0; i < found.count; i++) {
            if (found.items[i].reference)
                continue;
            size_t limit = section_limit(sections, found.items[i].start, len,
                                         found.items[i].specimen);
            size_t next = i + 1 < found.count ? found.items[i + 1].start : len;
            if (next > limit)
                next = limit;
            size_t para = text_follows(text, found.items[i].body, len)
                              ? paragraph_end(text, found.items[i].body, next)
                              : next;
            found.items[i].end = para;
        }
    }
    da_sort(found.items, found.count, sizeof(*found.items), segment_cmp);
    if (err == DA_OK && found.nlesions >= 2 && found.nlesions < SITE_LESIONS) {
        lesion_sites l[SITE_LESIONS] = {0};
        err = lesion_keys(c, site, text, &found, l);
        if (err == DA_OK)
            err = site_sentences(c, site, s->sites, text, len, sections, l, found.nlesions,
                                 &found);
        da_sort(found.items, found.count, sizeof(*found.items), segment_cmp);
    }
    if (err == DA_OK)
        assemble(&found, len, out);
    free(found.items);
    return err;
}

/* The segments found, in text order, and the gaps between them the note's. */
static void assemble(const da_segment_list *found, size_t len, da_segment_list *out)
{
    size_t at = 0;
    for (size_t i = 0; i < found->count; i++) {
        da_segment seg = found->items[i];
        if (seg.start < at)
            continue; /* overlaps the one before (an item inside a label's block) */
        if (seg.start > at)
            push(out, (da_segment){at, at, seg.start, 0, DA_SEG_NOTE, false, false});
        push(out, seg);
        at = seg.end;
    }
    if (at < len)
        push(out, (da_segment){at, at, len, 0, DA_SEG_NOTE, false, false});
    if (out->count == 0)
        push(out, (da_segment){0, 0, len, 0, DA_SEG_NOTE, false, false});
}

da_error da_segments_by_sites(da_rx_ctx *c, da_rx *site, const da_sites *sites, const char *text,
                              size_t len, const da_section_list *sections,
                              const da_site_key *keys, int nkeys, da_segment_list *out)
{
    out->count = 0;
    out->nlesions = 0;
    if (nkeys < 2 || nkeys >= SITE_LESIONS)
        return DA_ERR_INTERNAL;
    lesion_sites l[SITE_LESIONS] = {0};
    for (int i = 0; i < nkeys; i++) {
        l[i + 1].keys[0] = keys[i];
        l[i + 1].n = 1;
    }
    da_segment_list found = {0};
    da_error err = site_sentences(c, site, sites, text, len, sections, l, nkeys, &found);
    if (err == DA_OK) {
        da_sort(found.items, found.count, sizeof(*found.items), segment_cmp);
        assemble(&found, len, out);
    }
    free(found.items);
    return err;
}
