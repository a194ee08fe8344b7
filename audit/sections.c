/* sections.c - a note cut into sections by their titles (sections.h). */
#include "sections.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mem.h"

void da_sections_init(da_section_list *l)
{
    memset(l, 0, sizeof(*l));
}

void da_sections_free(da_section_list *l)
{
    free(l->items);
    da_sections_init(l);
}

/* Where a title may stand: the start of the text or of a line (a few
 * blanks in), or after punctuation ending a sentence or a dictated field;
 * then an optional bullet. */
#define TITLE_BEFORE                                                                               \
    "(?:\\n[ \\t]{0,3}|[.;,!?)][ \\t]{0,2})(?:[-*#>\\x{2022}]+[ \\t]*)?"
/* ... and at the very start of the text. TITLE_BEFORE consumes the line
 * break or stop before a title rather than looking behind for it, so that
 * PCRE2 can skip to those bytes instead of trying every position; a title
 * opening the text needs the anchored twin. */
#define TITLE_AT_START "\\A[ \\t]{0,3}(?:[-*#>\\x{2022}]+[ \\t]*)?"
/* After the phrase: a number, a parenthesis or a specimen label
 * ("Procedure #2", "PROCEDURE (lesion A)", "Final diagnosis, specimen B"), then a colon (or
 * "colon" as dictation software writes it: "Plan colon three lesions ..."), a dash between
 * blanks, or the end of the line. */
#define TITLE_AFTER                                                                                \
    ")(?![\\w/&])[ \\t]*(?:#?[0-9]{1,2}[ \\t]*)?(?:\\([^)\\n]{0,80}\\)[ \\t]*)?"                  \
    "(?:,?[ \\t]*(?:specimen|part|lesion|site)[ \\t]*[a-z0-9]{1,2}\\b[ \\t]*)?"                     \
    "(?:(?<colon>:|(?<=[ \\t])colon\\b(?![ \\t]+(?:cancer|polyps?|resection)))|"                      \
    "(?<dash>[-\\x{2013}\\x{2014}])(?=[ \\t])|(?=\\r?\\n|$))"

da_error da_sectioner_init(da_sectioner *s, da_rx_ctx *c, const da_vocab *v)
{
    memset(s, 0, sizeof(*s));
    s->vocab = v;
    da_rx_terms *terms = da_rx_terms_new();
    for (size_t i = 0; i < v->nsections; i++)
        da_rx_terms_add(terms, v->sections[i].titles, (int)i);
    da_rx_terms *twin = da_rx_terms_new();
    for (size_t i = 0; i < v->nsections; i++)
        da_rx_terms_add(twin, v->sections[i].titles, (int)i);
    char *pattern = da_rx_alternation(TITLE_BEFORE "(?<title>", TITLE_AFTER, terms);
    da_error err = da_rx_compile(c, &s->title, pattern);
    free(pattern);
    pattern = da_rx_alternation(TITLE_AT_START "(?<title>", TITLE_AFTER, twin);
    if (err == DA_OK)
        err = da_rx_compile(c, &s->title0, pattern);
    free(pattern);
    if (err != DA_OK)
        return err;
    terms = da_rx_terms_new();
    for (size_t i = 0; i < v->nsections; i++)
        if (v->sections[i].note_types) {
            da_rx_terms_add(terms, v->sections[i].note_types, (int)i);
            s->typed = true;
        }
    pattern = da_rx_alternation("^(?:", ")$", terms);
    if (s->typed)
        err = da_rx_compile(c, &s->note_type, pattern);
    free(pattern);
    if (err != DA_OK) {
        da_sectioner_free(s);
        return err;
    }
    s->g_title = da_rx_group_number(&s->title, "title");
    s->g_colon = da_rx_group_number(&s->title, "colon");
    s->g_dash = da_rx_group_number(&s->title, "dash");
    if (!s->g_title || !s->g_colon || !s->g_dash) {
        da_sectioner_free(s);
        return DA_ERR_INTERNAL;
    }
    return DA_OK;
}

void da_sectioner_free(da_sectioner *s)
{
    da_rx_free(&s->title);
    da_rx_free(&s->title0);
    da_rx_free(&s->note_type);
    memset(s, 0, sizeof(*s));
}

/* True when only blanks and bullet marks stand between the start of the
 * line and pos. */
static bool at_line_start(const char *text, size_t pos)
{
    while (pos > 0) {
        unsigned char c = (unsigned char)text[pos - 1];
        if (c == '\n')
            return true;
        if (c != ' ' && c != '\t' && c != '-' && c != '*' && c != '#' && c != '>' && c < 0x80)
            return false;
        pos--;
    }
    return true;
}

static bool has_lower(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= 'a' && s[i] <= 'z')
            return true;
    return false;
}

/* The last character before pos that is not a blank or a comma. */
static char before_blanks(const char *text, size_t pos)
{
    while (pos > 0 && (text[pos - 1] == ' ' || text[pos - 1] == '\t' || text[pos - 1] == ','))
        pos--;
    return pos > 0 ? text[pos - 1] : '\n';
}

/* Bytes past which a section says more than that its report is to come
 * ("Pending.", "Sent to dermatopathology, results to follow."). */
#define PENDING_ONLY_MAX 60

/* True when a section's text says only that the report is to come. */
static bool pending_only(const char *text, size_t from, size_t to)
{
    static const char *const words[] = {"pend", "follow", "await", "sent", "submitted"};
    if (to - from > PENDING_ONLY_MAX)
        return false;
    for (size_t i = from; i < to; i++)
        for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
            if (strncasecmp(text + i, words[k], strlen(words[k])) == 0)
                return true;
    return false;
}

static void push(da_section_list *out, size_t start, size_t body, const da_section_row *row,
                 da_section_kind kind)
{
    if (out->count)
        out->items[out->count - 1].end = start;
    /* an untitled head with no text before the first title is no section */
    if (out->count == 1 && start == 0)
        out->count = 0;
    da_grow((void **)&out->items, &out->cap, out->count + 1, sizeof(*out->items));
    out->items[out->count++] = (da_section){start, body, start, kind, row ? row->cue : 0,
                                            row ? row->procedure_cue : 0};
}

/* True when the line starting at i is a list item or indented. */
static bool list_line(const char *text, size_t i, size_t until)
{
    char c = text[i];
    return c == ' ' || c == '\t' || c == '-' || c == '*' || c == '>' ||
           (unsigned char)c >= 0x80 ||
           (c >= '0' && c <= '9' && i + 1 < until && (text[i + 1] == '.' || text[i + 1] == ')'));
}

/* The start of the next non-blank line after the line holding i, or until. */
static size_t next_line(const char *text, size_t i, size_t until)
{
    const char *nl = i < until ? memchr(text + i, '\n', until - i) : NULL;
    if (!nl)
        return until;
    size_t next = (size_t)(nl - text) + 1;
    while (next < until && (text[next] == '\r' || text[next] == '\n'))
        next++;
    return next;
}

/* Where a section whose text is a single line or a list ends, SIZE_MAX
 * when its text is prose that runs to the next title. A title whose line
 * holds its text ("Past medical history: osteoarthritis.") ends with that
 * line, unless list items follow a line that does not end a sentence
 * ("Medications: as follows\n- metformin"); a list ("Medications:\n-
 * metformin") ends with its last item. Items after a line that ends a
 * sentence ("Consent: risks discussed. Time-out.\n- Full-thickness
 * excision ...") are the note's own. */
static size_t section_cut(const char *text, size_t body, size_t until)
{
    size_t i = body;
    while (i < until && (text[i] == ' ' || text[i] == '\t' || text[i] == ','))
        i++;
    bool inline_text = i < until && text[i] != '\n' && text[i] != '\r';
    size_t line = next_line(text, i, until);
    if (line >= until)
        return SIZE_MAX;
    if (inline_text) {
        size_t last = line;
        while (last > i && (text[last - 1] == '\n' || text[last - 1] == '\r' ||
                            text[last - 1] == ' ' || text[last - 1] == '\t'))
            last--;
        if (last > i && text[last - 1] == '.')
            return line;
    }
    if (!inline_text) {
        /* the title stands alone: a list follows, or prose does */
        if (!list_line(text, line, until))
            return SIZE_MAX;
        line = next_line(text, line, until);
    }
    while (line < until && list_line(text, line, until))
        line = next_line(text, line, until);
    return line < until ? line : SIZE_MAX;
}

/* Ends each section whose text is one line or a list there (section_cut),
 * the rest up to the next title going back to the note's own kind (deflt). */
static void close_inline(da_section_list *out, const char *text, const da_section_kind *deflt)
{
    size_t n = out->count;
    for (size_t i = 1; i < n; i++) {
        da_section *sec = &out->items[i];
        size_t cut = section_cut(text, sec->body, sec->end);
        if (cut == SIZE_MAX || cut >= sec->end)
            continue;
        da_grow((void **)&out->items, &out->cap, out->count + 1, sizeof(*out->items));
        sec = &out->items[i];
        out->items[out->count++] = (da_section){cut, cut, sec->end, deflt[i], 0, 0};
        sec->end = cut;
    }
}

static int section_cmp(const void *a, const void *b)
{
    const da_section *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Bytes of a note type matched against the table: types are short words,
 * and a longer value, a field shifted into the column, is none of them. */
#define NOTE_TYPE_MAX 64

/* The row of the sections table naming note_type among its note types, or
 * NULL. Types are short ASCII words ("op", "pathology", "handout"); any
 * other byte makes no match (the pattern runs without a UTF check). */
static const da_section_row *typed_row(da_sectioner *s, da_rx_ctx *c, const char *note_type)
{
    if (!s->typed || !note_type || !note_type[0])
        return NULL;
    size_t n = 0;
    for (; note_type[n]; n++)
        if ((unsigned char)note_type[n] < 0x20 || (unsigned char)note_type[n] > 0x7e ||
            n >= NOTE_TYPE_MAX)
            return NULL;
    if (da_rx_find(c, &s->note_type, note_type, 0, n) != DA_RX_FOUND)
        return NULL;
    int mark = da_rx_mark(c->md);
    return mark >= 0 && (size_t)mark < s->vocab->nsections ? &s->vocab->sections[mark] : NULL;
}

da_error da_sections_find(da_sectioner *s, da_rx_ctx *c, const char *text, size_t len,
                          const char *note_type, da_section_list *out)
{
    out->count = 0;
    const da_section_row *typed = typed_row(s, c, note_type);
    /* a handout or consent form says nothing of the encounter anywhere */
    if (typed && typed->kind != DA_SEC_PATHOLOGY) {
        push(out, 0, 0, typed, typed->kind);
        out->items[0].end = len;
        if (typed->cue)
            return DA_OK;
    }
    /* a note typed as a pathology report is one from its first line */
    bool path_note = typed && typed->kind == DA_SEC_PATHOLOGY;
    if (!out->count)
        push(out, 0, 0, typed, path_note ? DA_SEC_PATHOLOGY : DA_SEC_NONE);
    bool in_path = path_note;
    /* the kind text after a one-line section goes back to, per section */
    da_section_kind *deflt = NULL;
    size_t deflt_cap = 0;
    da_error err = DA_OK;
    size_t from = 0;
    da_rx_result r = da_rx_find(c, &s->title0, text, 0, len);
    if (r == DA_RX_NONE)
        r = da_rx_find(c, &s->title, text, from, len);
    for (; r == DA_RX_FOUND; r = da_rx_find(c, &s->title, text, from, len)) {
        size_t ts, te, cs, ce;
        from = da_rx_next(c->md, text, len);
        int mark = da_rx_mark(c->md);
        if (mark < 0 || (size_t)mark >= s->vocab->nsections ||
            !da_rx_group(c->md, s->g_title, &ts, &te))
            continue;
        bool colon = da_rx_group(c->md, s->g_colon, &cs, &ce);
        bool dash = da_rx_group(c->md, s->g_dash, &cs, &ce);
        bool line = at_line_start(text, ts);
        size_t n = te - ts;
        if (line) {
            /* "S:", "A:": a letter or two is a title only with its colon */
            if (n < 3 && !colon)
                continue;
        } else {
            char prev = before_blanks(text, ts);
            bool sentence_end = prev == '.' || prev == ';' || prev == '!' || prev == '?';
            if (!colon || dash || n < 3 || (has_lower(text + ts, n) && !sentence_end))
                continue;
        }
        const da_section_row *row = &s->vocab->sections[mark];
        da_section_kind kind = row->kind;
        if (in_path && row->in_path != DA_SEC_NONE)
            kind = row->in_path;
        size_t body = da_rx_end(c);
        push(out, ts, body, row, kind);
        if (kind == DA_SEC_PATHOLOGY && !in_path) {
            /* "PATHOLOGY: Pending." announces no report */
            da_rx_result next = da_rx_find(c, &s->title, text, body, len);
            size_t until = next == DA_RX_FOUND ? da_rx_start(c) : len;
            in_path = !pending_only(text, body, until);
            if (next == DA_RX_ERROR) {
                err = DA_ERR_INTERNAL;
                break;
            }
        } else if (kind != DA_SEC_PATHOLOGY && kind != DA_SEC_OTHER && !path_note &&
                   row->in_path == DA_SEC_NONE) {
            /* a clinic title ends the report */
            in_path = false;
        }
        da_grow((void **)&deflt, &deflt_cap, out->count, sizeof(*deflt));
        deflt[out->count - 1] = in_path ? DA_SEC_PATHOLOGY : DA_SEC_NONE;
    }
    if (r == DA_RX_ERROR)
        err = DA_ERR_INTERNAL;
    out->items[out->count - 1].end = len;
    if (err == DA_OK && out->count > 1) {
        close_inline(out, text, deflt);
        qsort(out->items, out->count, sizeof(*out->items), section_cmp);
    }
    free(deflt);
    return err;
}

const da_section *da_section_at(const da_section_list *l, size_t pos)
{
    if (!l->count)
        return NULL;
    size_t lo = 0, hi = l->count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->items[mid].start <= pos)
            lo = mid;
        else
            hi = mid;
    }
    return &l->items[lo];
}
