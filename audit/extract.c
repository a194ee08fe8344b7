/* extract.c - fact extraction from note text with PCRE2: sizes, margins,
 * sites, Mohs surgery (stages, blocks, stage counts, deep structures) and
 * the lesion blocks a note is split into.
 *
 * Every pattern is compiled once with JIT and run under one match context
 * whose limits bound the work on any input. A note is first cut into lesion
 * blocks ("Lesion 2:", "#3"); each pattern then runs over each block, so a
 * fact's lesion is the block it lies in and a marker's own digits are never
 * read as a measurement. Pattern families run only when a cheap literal
 * search says the note can contain them (c-craft.md section 5).
 */
#include "extract.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <pcre2.h>

#include "finding.h"
#include "mem.h"
#include "sites.h"
#include "text.h"

/* ---- pattern text ----------------------------------------------------- */

/* A decimal as clinicians write it: "1.2", "12", ".5". */
#define NUM "(?:[0-9]{1,3}(?:\\.[0-9]{1,2})?|\\.[0-9]{1,2})"
/* A number that starts a measurement, not the tail of another token. */
#define SNUM "(?<![\\w.])" NUM
#define UNIT "(?:cm|mm|centimet(?:er|re)s?|millimet(?:er|re)s?)(?![\\w\\x{00B2}^])"
#define USEP "\\s*-?\\s*"
#define RANGE "(?:\\s*(?:-|\\x{2013}|to)\\s*" NUM ")?"
#define DSEP "\\s*(?:x|\\x{00D7}|by|\\*)\\s*"
/* Not a punch tool size and not an area. */
#define NOT_TOOL "(?![\\s-]*punch)(?!\\s*(?:sq\\b|squared))"

static const char measure_pattern[] =
    "\\bmargins?(?:\\s+(?:of|were|was|is|are|measuring|measured|at|approximately|about|"
    "clear\\s+by|by|taken|set)){0,3}\\s*[:=]?\\s*~?\\s*(?<mg1>" NUM RANGE USEP UNIT ")"
    "|(?<mg2>" SNUM RANGE USEP UNIT ")[\\s-]+(?:(?:peripheral|surgical|clinical|lateral|deep|gross|"
    "circumferential|total|skin)\\s+){0,2}margins?\\b"
    "|(?<sz1>" SNUM USEP UNIT "(?:" DSEP NUM USEP UNIT "){1,3})" NOT_TOOL
    "|(?<sz2>" SNUM RANGE "(?:" DSEP NUM "){0,3}" USEP UNIT ")" NOT_TOOL;

/* Lesion markers: "Lesion A:", "Lesion #2", "Site 1:", "Tumor 2:", "Lesion 1 -",
 * and "#1" at the start of a line. The separator keeps "site 2 cm" out. */
#define MSEP "\\s*(?:[:)\\-\\x{2013}\\x{2014}]|\\.(?![0-9]))"
static const char lesion_pattern[] =
    "\\b(?:lesion|tumou?r|site|specimen)\\s*(?:"
    "(?:#|no\\.?)\\s*(?<n1>[0-9]{1,2})\\b(?:" MSEP ")?"
    "|(?<n2>[0-9]{1,2})(?:\\s+of\\s+[0-9]{1,2})?" MSEP
    "|(?<l1>[a-h])" MSEP ")"
    "|(?<=^|\\n|\\n |\\n  |\\n\\t)#\\s*(?<n3>[0-9]{1,2})\\b(?:" MSEP ")?";

static const char mohs_pattern[] =
    "\\b(?:mohs(?:['\\x{2019}]s?)?(?:\\s+micrographic)?(?:\\s+(?:surgery|surgical\\s+procedure|"
    "procedure|excision|stage|layer))?|micrographic\\s+surgery|(?-i:MMS))\\b";

/* Words before a Mohs mention (same sentence) that make it a plan, a
 * referral or history rather than surgery done in this encounter. */
static const char mohs_veto_before_pattern[] =
    "\\b(?:refer(?:red|ral|ring|s)?|candidate|consider(?:ed|ing)?|recommend(?:ed|s|ation)?|"
    "discuss(?:ed|ion)?|schedul(?:e|ed|ing)|plan(?:ned|s)?|options?|will|would|future|history|hx|"
    "prior|previous(?:ly)?|s/p|status\\s+post|declin(?:ed|es)|defer(?:red)?|consult(?:ation)?|"
    "awaiting|pending)\\b";
static const char mohs_veto_after_pattern[] =
    "\\b(?:recommended|discussed|considered|scheduled|planned|declined|deferred|referral|"
    "consult(?:ation)?|offered|will\\s+be)\\b";

/* Stage numbers: digits, roman I-X, words one-ten; ordinals. */
#define STAGE_NUM                                                                                  \
    "(?:[0-9]{1,2}|viii|vii|iii|ix|iv|vi|ii|x|v|i|one|two|three|four|five|six|seven|eight|nine|"  \
    "ten)(?!\\w)(?!\\.[0-9])"
#define ORD                                                                                        \
    "(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|1st|2nd|3rd|[4-9]th|"   \
    "10th)"
#define CARD "\\b(?:[0-9]{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\\b"
#define MOHS_PREFIX "(?:(?:mohs|mms)\\s+)?"
#define HEAD(i)                                                                                    \
    "\\b(?:" MOHS_PREFIX "(?:stage|layer)\\s*(?:#\\s*|no\\.?\\s*|number\\s+)?(?<sn" i ">"        \
    STAGE_NUM ")|(?<so" i ">" ORD ")\\s+(?:mohs\\s+)?(?:stage|layer)\\b)"
/* A tumour stage ("stage IIA melanoma") is not a Mohs stage. */
#define NOT_TUMOUR                                                                                 \
    "(?![a-c]?\\s*(?:melanoma|carcinoma|cancer|disease|ckd|kidney|renal|lymphoma|sarcoma|breast|"  \
    "lung|colon|prostate|pressure|ulcer|hypertension|heart|chronic|lymphedema))"
/* Words up to the end of the sentence (a decimal point does not end it, nor
 * a wrapped line; a blank line does), never crossing another stage. */
#define FILL(n)                                                                                    \
    "(?:(?!\\b(?:stages?|layers?)\\b)(?:[^.;\\n]|\\.(?=[0-9])|\\n(?![ \\t\\r]*\\n))){0," n "}?"
#define BLOCK_WORDS "(?:(?:tissue|frozen|mohs|histologic|separate)\\s+){0,2}"
#define BIND                                                                                       \
    "\\b(?:clear(?:ed)?|margins?|negative|positive|residual|tumou?r[\\s-]+free|taken|excised|"     \
    "removed|mapped|processed|examined|blocks?|sections?|pieces?)\\b"

static const char stage_pattern[] =
    /* "Stage I: 3 blocks", "first stage was divided into 3 sections" */
    HEAD("1") NOT_TUMOUR FILL("80") "(?<bn1>" CARD ")\\s+" BLOCK_WORDS
    "(?:blocks?|sections?|pieces?|specimens?)\\b"
    /* "3 blocks were taken in the first stage" */
    "|(?<bn2>" CARD ")\\s+" BLOCK_WORDS "blocks?\\b" FILL("40")
    "\\b(?:in|for|during|of|from)\\s+(?:the\\s+)?" HEAD("2")
    /* "Stage 2: margins clear" */
    "|" HEAD("3") NOT_TUMOUR "(?=" FILL("80") BIND ")"
    /* "Stage 1:" heading a line */
    "|(?<=^|\\n|\\n |\\n  |\\n\\t)" HEAD("4") NOT_TUMOUR "\\s*[:\\-\\x{2013}\\x{2014}.)]"
    /* "Mohs stage 2" */
    "|\\b(?:mohs|mms)\\s+(?:stage|layer)\\s*(?:#\\s*|no\\.?\\s*)?(?<sn5>" STAGE_NUM ")"
    /* "Number of stages: 3" */
    "|\\b(?:number\\s+of\\s+(?:mohs\\s+)?stages|total\\s+(?:number\\s+of\\s+)?stages|"
    "stages\\s+(?:required|needed|performed|taken|total)|stages(?=\\s*[:=]))"
    "\\s*(?::|=|-|was|were|is)?\\s*(?<cn2>" CARD ")"
    /* "a total of three stages", "cleared after 2 stages", "one stage" */
    "|\\b(?:total\\s+of\\s+)?(?<cn1>" CARD ")\\s+(?:(?:mohs|total)\\s+)?stages\\b"
    "|\\b(?<cn3>one|1|a\\s+single|single)\\s+(?:mohs\\s+)?stage\\b(?!\\s*[0-9])"
    /* "7 tissue blocks", "a total of 7 blocks", "Total blocks: 7" */
    "|\\b(?:(?<tot>total\\s+of)\\s+)?(?<bn5>" CARD ")\\s+" BLOCK_WORDS "blocks?\\b"
    "|\\b(?<tot2>total\\s+)?(?:tissue\\s+)?blocks\\s*[:=]\\s*(?<bn6>" CARD ")";

#define TISSUE                                                                                     \
    "(?:muscles?|cartilage|bone|tendons?|(?:major|named|large)\\s+(?:nerves?|vessels?|"          \
    "arter(?:y|ies)|veins?|neurovascular\\s+(?:structures?|bundles?)))\\b"
static const char deep_pattern[] =
    "\\b(?:involv(?:ed|ing|es|ement\\s+of)|extend(?:ed|ing|s)?\\s+(?:down\\s+)?(?:in)?to|"
    "extension\\s+(?:in)?to|expos(?:ed|ing|es|ure\\s+of)|invad(?:ed|ing|es)|invasion\\s+(?:of|into)|"
    "resect(?:ed|ing|ion\\s+of)|(?:carried|taken|excised|dissected|went|go(?:ne|ing)?|proceeded)"
    "\\s+(?:down\\s+)?(?:in)?to|down\\s+to|to\\s+the\\s+level\\s+of|sacrific(?:ed|ing)|"
    "required\\s+(?:resection|removal|excision)\\s+of|includ(?:ed|ing))\\s+(?:[\\w-]+\\s+){0,3}?"
    TISSUE
    "|\\b" TISSUE "\\s+(?:was|were|is|are)\\s+(?:partially\\s+|also\\s+|then\\s+)?(?:exposed|"
    "involved|removed|resected|excised|taken|sacrificed|invaded|included|reached)\\b"
    "|\\b" TISSUE "\\s+(?:involvement|invasion|exposure)\\b"
    /* a labelled field: "Deep structures involved: cartilage", "Depth: muscle" */
    "|\\b(?:deep\\s+structures?(?:\\s+involved)?|depth(?:\\s+of\\s+(?:invasion|resection))?)"
    "\\s*[:=]\\s*(?:[\\w-]+\\s+(?:and\\s+)?){0,3}?" TISSUE;

/* Negation cues around a deep-structure statement; a contrast word ("but")
 * starts a new clause. */
static const char negation_pattern[] =
    "\\b(?<contrast>but|however|although|though|whereas)\\b"
    "|\\b(?:no|not|without|none|neither|nor|never|negative|absence|absent|free\\s+of|"
    "spar(?:ed|ing)|avoid(?:ed|ing)?|superficial\\s+to|above|preserv(?:ed|ing)|intact|"
    "rather\\s+than|instead\\s+of)\\b|n['\\x{2019}]t\\b";

/* Site pattern parts around the alternation built from rules/sites.csv. */
static const char site_prefix[] =
    "\\b(?:(?<side>bilateral|bilat|right|left|b/l|rt|lt|r|l)(?:\\.|[\\s-]+sided)?[\\s,]+)?"
    "(?:(?:anterior|posterior|lateral|medial|proximal|distal|mid|midline|central|superior|"
    "inferior|upper|lower|dorsal|ventral|volar|inner|outer)[\\s-]+){0,3}?(?:";
static const char site_suffix[] = ")(?:e?s)?\\b";

/* ---- the extractor ---------------------------------------------------- */

enum pattern {
    PAT_LESION,
    PAT_MEASURE,
    PAT_SITE,
    PAT_MOHS,
    PAT_MOHS_VETO_BEFORE,
    PAT_MOHS_VETO_AFTER,
    PAT_STAGE,
    PAT_DEEP,
    PAT_NEGATION,
    PAT_COUNT
};

/* Named groups read after a match, resolved to numbers at load time. */
enum group {
    G_N1, G_N2, G_N3, G_L1,                           /* lesion marker */
    G_MG1, G_MG2, G_SZ1, G_SZ2,                       /* measurement */
    G_SIDE,                                           /* site */
    G_SN1, G_SN2, G_SN3, G_SN4, G_SN5,                /* stage number */
    G_SO1, G_SO2, G_SO3, G_SO4,                       /* stage ordinal */
    G_BN1, G_BN2, G_BN5, G_BN6,                       /* blocks */
    G_CN1, G_CN2, G_CN3,                              /* stage count */
    G_TOT, G_TOT2,                                    /* "total" blocks */
    G_CONTRAST,                                       /* negation clause break */
    G_COUNT
};

static const struct {
    enum pattern pattern; /* pattern the group belongs to */
    const char *name;     /* group name in it */
} group_names[G_COUNT] = {
    [G_N1] = {PAT_LESION, "n1"},       [G_N2] = {PAT_LESION, "n2"},
    [G_N3] = {PAT_LESION, "n3"},       [G_L1] = {PAT_LESION, "l1"},
    [G_MG1] = {PAT_MEASURE, "mg1"},    [G_MG2] = {PAT_MEASURE, "mg2"},
    [G_SZ1] = {PAT_MEASURE, "sz1"},    [G_SZ2] = {PAT_MEASURE, "sz2"},
    [G_SIDE] = {PAT_SITE, "side"},     [G_SN1] = {PAT_STAGE, "sn1"},
    [G_SN2] = {PAT_STAGE, "sn2"},      [G_SN3] = {PAT_STAGE, "sn3"},
    [G_SN4] = {PAT_STAGE, "sn4"},      [G_SN5] = {PAT_STAGE, "sn5"},
    [G_SO1] = {PAT_STAGE, "so1"},      [G_SO2] = {PAT_STAGE, "so2"},
    [G_SO3] = {PAT_STAGE, "so3"},      [G_SO4] = {PAT_STAGE, "so4"},
    [G_BN1] = {PAT_STAGE, "bn1"},      [G_BN2] = {PAT_STAGE, "bn2"},
    [G_BN5] = {PAT_STAGE, "bn5"},      [G_BN6] = {PAT_STAGE, "bn6"},
    [G_CN1] = {PAT_STAGE, "cn1"},      [G_CN2] = {PAT_STAGE, "cn2"},
    [G_CN3] = {PAT_STAGE, "cn3"},      [G_TOT] = {PAT_STAGE, "tot"},
    [G_TOT2] = {PAT_STAGE, "tot2"},    [G_CONTRAST] = {PAT_NEGATION, "contrast"},
};

typedef struct lesion_marker {
    size_t start; /* first byte of the marker */
    size_t end;   /* one past the marker: the lesion's text starts here */
    int lesion;   /* lesion number it announces */
} lesion_marker;

struct da_extractor {
    pcre2_code *re[PAT_COUNT];       /* compiled patterns */
    uint32_t group[G_COUNT];         /* capture group numbers */
    bool jit;                        /* every pattern was JIT-compiled */
    pcre2_match_context *mctx;       /* limits and JIT stack */
    pcre2_jit_stack *jit_stack;      /* larger than the 32 KiB default */
    pcre2_match_data *md;            /* reused for every match */
    lesion_marker *markers;          /* markers of the current note, reused */
    size_t markers_cap;              /* markers allocated */
    bool stopped[PAT_COUNT];         /* pattern hit a limit in the current note */
    da_fact_list *out;               /* facts of the current note */
};

#define MAX_GROUPS 64 /* ovector pairs: more than any pattern's groups */
#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static da_error compile(da_extractor *x, pcre2_compile_context *cc, enum pattern p,
                        const char *pattern)
{
    int code;
    PCRE2_SIZE offset;
    x->re[p] = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                             PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &code, &offset, cc);
    if (!x->re[p])
        return DA_ERR_REGEX;
    if (pcre2_jit_compile(x->re[p], PCRE2_JIT_COMPLETE) != 0)
        x->jit = false;
    return DA_OK;
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

typedef struct site_term {
    const char *text; /* term in the site table */
    size_t len;       /* its bytes */
    size_t weight;    /* sort key: longest first */
    char lead;        /* first letter it matches, lower case; 0 when not a plain letter */
    int site;         /* site index */
} site_term;

/* The letter a term's match starts with, after any leading look-behind. */
static char term_lead(const char *t, size_t len)
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
    if (i >= len)
        return 0;
    char c = t[i];
    if (c >= 'A' && c <= 'Z')
        c = (char)(c - 'A' + 'a');
    return c >= 'a' && c <= 'z' ? c : 0;
}

/* Terms by leading letter (plain letters first), then longest first. */
static int term_cmp(const void *a, const void *b)
{
    const site_term *x = a, *y = b;
    if (x->lead != y->lead)
        return x->lead == 0 ? 1 : y->lead == 0 ? -1 : x->lead - y->lead;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    return x->site - y->site;
}

/* The site alternation: every term of every site, longest first, each
 * ending in (*MARK:index) so a match says which site it found. A space
 * outside parentheses matches any run of spaces or hyphens. Terms are
 * grouped by leading letter behind a look-ahead, so each word start tries
 * one bucket of terms rather than all of them (five times faster). */
static char *site_pattern_build(void)
{
    site_term *terms = NULL;
    size_t nterms = 0, cap = 0;
    for (int s = 0; s < (int)da_sites_count(); s++) {
        const char *t = da_site_terms(s);
        while (*t) {
            const char *p = t;
            int depth = 0;
            for (; *p && !(*p == '|' && depth == 0); p++) {
                if (*p == '\\' && p[1])
                    p++;
                else if (*p == '(')
                    depth++;
                else if (*p == ')')
                    depth--;
            }
            size_t len = (size_t)(p - t);
            while (len && t[0] == ' ') {
                t++;
                len--;
            }
            while (len && t[len - 1] == ' ')
                len--;
            if (len) {
                da_grow((void **)&terms, &cap, nterms + 1, sizeof(*terms));
                terms[nterms++] = (site_term){t, len, term_weight(t, len), term_lead(t, len), s};
            }
            t = *p ? p + 1 : p;
        }
    }
    qsort(terms, nterms, sizeof(*terms), term_cmp);
    size_t size = sizeof(site_prefix) + sizeof(site_suffix);
    for (size_t i = 0; i < nterms; i++)
        size += terms[i].len * 6 + 40;
    char *pat = da_xmalloc(size);
    char *w = pat;
    w += sprintf(w, "%s", site_prefix);
    for (size_t i = 0; i < nterms; i++) {
        bool bucket_start = i == 0 || terms[i].lead != terms[i - 1].lead;
        if (i && bucket_start)
            *w++ = ')';
        if (i)
            *w++ = '|';
        if (bucket_start)
            w += terms[i].lead ? sprintf(w, "(?=%c)(?:", terms[i].lead) : sprintf(w, "(?:");
        int depth = 0;
        for (size_t k = 0; k < terms[i].len; k++) {
            char c = terms[i].text[k];
            if (c == '\\' && k + 1 < terms[i].len) {
                *w++ = c;
                *w++ = terms[i].text[++k];
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
        w += sprintf(w, "(*MARK:%d)", terms[i].site);
    }
    sprintf(w, "%s%s", nterms ? ")" : "", site_suffix);
    free(terms);
    return pat;
}

da_error da_extractor_new(da_extractor **out)
{
    *out = NULL;
    da_error err = da_sites_load();
    if (err != DA_OK)
        return err;
    da_extractor *x = da_xcalloc(1, sizeof(*x));
    x->jit = true;
    pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
    if (!cc) {
        free(x);
        return DA_ERR_NOMEM;
    }
    char *site_pattern = site_pattern_build();
    const char *patterns[PAT_COUNT] = {
        [PAT_LESION] = lesion_pattern,
        [PAT_MEASURE] = measure_pattern,
        [PAT_SITE] = site_pattern,
        [PAT_MOHS] = mohs_pattern,
        [PAT_MOHS_VETO_BEFORE] = mohs_veto_before_pattern,
        [PAT_MOHS_VETO_AFTER] = mohs_veto_after_pattern,
        [PAT_STAGE] = stage_pattern,
        [PAT_DEEP] = deep_pattern,
        [PAT_NEGATION] = negation_pattern,
    };
    for (int p = 0; p < PAT_COUNT && err == DA_OK; p++)
        err = compile(x, cc, (enum pattern)p, patterns[p]);
    free(site_pattern);
    pcre2_compile_context_free(cc);
    for (int g = 0; g < G_COUNT && err == DA_OK; g++) {
        int n = pcre2_substring_number_from_name(x->re[group_names[g].pattern],
                                                 (PCRE2_SPTR)group_names[g].name);
        if (n <= 0 || n >= MAX_GROUPS)
            err = DA_ERR_INTERNAL;
        else
            x->group[g] = (uint32_t)n;
    }
    if (err == DA_OK) {
        x->mctx = pcre2_match_context_create(NULL);
        x->jit_stack = pcre2_jit_stack_create(32 * 1024, 4 * 1024 * 1024, NULL);
        x->md = pcre2_match_data_create(MAX_GROUPS, NULL);
        if (!x->mctx || !x->jit_stack || !x->md)
            err = DA_ERR_NOMEM;
    }
    if (err != DA_OK) {
        da_extractor_free(x);
        return err;
    }
    pcre2_set_match_limit(x->mctx, DA_EXTRACT_MATCH_LIMIT);
    pcre2_set_depth_limit(x->mctx, 10000);
    pcre2_set_heap_limit(x->mctx, 64 * 1024); /* KiB */
    pcre2_jit_stack_assign(x->mctx, NULL, x->jit_stack);
    *out = x;
    return DA_OK;
}

void da_extractor_free(da_extractor *x)
{
    if (!x)
        return;
    for (int p = 0; p < PAT_COUNT; p++)
        pcre2_code_free(x->re[p]);
    pcre2_match_data_free(x->md);
    pcre2_match_context_free(x->mctx);
    pcre2_jit_stack_free(x->jit_stack);
    free(x->markers);
    free(x);
}

bool da_extractor_uses_jit(const da_extractor *x)
{
    return x->jit;
}

void da_extractor_set_match_limit(da_extractor *x, uint32_t limit)
{
    pcre2_set_match_limit(x->mctx, limit);
}

/* ---- matching helpers ------------------------------------------------- */

typedef enum match_result {
    MATCH_NONE,  /* no (further) match, or the pattern is stopped for this note */
    MATCH_FOUND, /* a match is in x->md */
    MATCH_ERROR  /* an error that is neither "no match" nor a limit: a bug */
} match_result;

/* Finds the first match of pattern p in text[from..end). A limit error
 * stops the pattern for the rest of the note and marks the note. */
static match_result match(da_extractor *x, enum pattern p, const char *text, size_t from,
                          size_t end)
{
    if (x->stopped[p] || from > end)
        return MATCH_NONE;
    int rc = pcre2_match(x->re[p], (PCRE2_SPTR)text, end, from, PCRE2_NO_UTF_CHECK, x->md,
                         x->mctx);
    if (rc >= 0)
        return MATCH_FOUND;
    if (rc == PCRE2_ERROR_NOMATCH)
        return MATCH_NONE;
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
        rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT) {
        x->stopped[p] = true;
        x->out->limit_hit = 1;
        return MATCH_NONE;
    }
    return MATCH_ERROR;
}

static size_t match_start(const da_extractor *x)
{
    return pcre2_get_ovector_pointer(x->md)[0];
}

static size_t match_end(const da_extractor *x)
{
    return pcre2_get_ovector_pointer(x->md)[1];
}

/* Where the next search starts: after the match, one character on when it
 * was empty so a loop always advances. */
static size_t next_from(const da_extractor *x, const char *text, size_t end)
{
    size_t s = match_start(x), e = match_end(x);
    if (e > s)
        return e;
    e++;
    while (e < end && ((unsigned char)text[e] & 0xC0) == 0x80)
        e++;
    return e;
}

/* The span of group g in the last match, false when it did not take part. */
static bool group_span(const da_extractor *x, enum group g, size_t *s, size_t *e)
{
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->md);
    uint32_t n = x->group[g];
    if (ov[2 * n] == PCRE2_UNSET)
        return false;
    *s = ov[2 * n];
    *e = ov[2 * n + 1];
    return true;
}

/* The first of several alternative groups that took part, or G_COUNT. */
static enum group first_set(const da_extractor *x, const enum group *gs, size_t n, size_t *s,
                            size_t *e)
{
    for (size_t i = 0; i < n; i++)
        if (group_span(x, gs[i], s, e))
            return gs[i];
    return G_COUNT;
}

static bool ci_prefix(const char *s, size_t len, const char *word)
{
    size_t n = strlen(word);
    if (len < n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[i])
            return false;
    }
    return true;
}

/* Case-insensitive search for an ASCII lower-case needle: the cheap
 * trigger that decides whether a pattern family runs at all. */
static bool ci_contains(const char *s, size_t len, const char *needle)
{
    char first = needle[0], upper = (char)(first - 'a' + 'A');
    for (size_t i = 0; i < len; i++)
        if ((s[i] == first || s[i] == upper) && ci_prefix(s + i, len - i, needle))
            return true;
    return false;
}

/* A numeral as written: digits, roman I-X, one-twelve, first-tenth, 1st. */
static int numeral_value(const char *s, size_t len)
{
    static const char *const words[] = {"one", "two", "three", "four", "five", "six",
                                        "seven", "eight", "nine", "ten", "eleven", "twelve"};
    static const char *const ordinals[] = {"first", "second", "third", "fourth", "fifth",
                                           "sixth", "seventh", "eighth", "ninth", "tenth"};
    static const char *const romans[] = {"i", "ii", "iii", "iv", "v",
                                         "vi", "vii", "viii", "ix", "x"};
    if (len && s[0] >= '0' && s[0] <= '9') {
        int v = 0;
        for (size_t i = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++)
            v = v * 10 + (s[i] - '0');
        return v;
    }
    for (int i = 0; i < 12; i++)
        if (strlen(words[i]) == len && ci_prefix(s, len, words[i]))
            return i + 1;
    for (int i = 0; i < 10; i++)
        if (strlen(ordinals[i]) == len && ci_prefix(s, len, ordinals[i]))
            return i + 1;
    for (int i = 0; i < 10; i++)
        if (strlen(romans[i]) == len && ci_prefix(s, len, romans[i]))
            return i + 1;
    if (ci_prefix(s, len, "a single") || ci_prefix(s, len, "single"))
        return 1;
    return 0;
}

/* The largest measurement in s[0..len) in cm: each number takes the unit
 * written after it ("1.2 x 0.8 cm", "1.2 cm x 0.8 cm", "4-6 mm"). A number
 * is kept as digits over a power of ten and divided once, so "30 mm" is
 * exactly 3.0 cm and lands in the right size bucket. */
static double measure_cm(const char *s, size_t len)
{
    struct {
        double digits; /* the number without its decimal point */
        double scale;  /* 10^(digits after the point) */
    } pending[8];
    size_t npending = 0, i = 0;
    double best = 0;
    while (i < len) {
        char c = s[i];
        if ((c >= '0' && c <= '9') || (c == '.' && i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9')) {
            double digits = 0, scale = 1;
            bool point = false;
            for (; i < len && ((s[i] >= '0' && s[i] <= '9') || (s[i] == '.' && !point)); i++) {
                if (s[i] == '.') {
                    point = true;
                    continue;
                }
                digits = digits * 10 + (s[i] - '0');
                if (point)
                    scale *= 10;
            }
            if (npending < sizeof(pending) / sizeof(pending[0])) {
                pending[npending].digits = digits;
                pending[npending++].scale = scale;
            }
            continue;
        }
        double per_cm = ci_prefix(s + i, len - i, "cm") || ci_prefix(s + i, len - i, "centi") ? 1
                        : ci_prefix(s + i, len - i, "mm") || ci_prefix(s + i, len - i, "milli")
                            ? 10
                            : 0;
        if (per_cm > 0) {
            for (size_t k = 0; k < npending; k++) {
                double cm = pending[k].digits / (pending[k].scale * per_cm);
                if (cm > best)
                    best = cm;
            }
            npending = 0;
            while (i < len && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
                i++;
            continue;
        }
        i++;
    }
    return best;
}

static void add_fact(da_extractor *x, da_fact_kind kind, int lesion, double value, double value2,
                     int site, size_t start, size_t end)
{
    da_fact f = {.kind = kind, .lesion = lesion, .value = value, .value2 = value2, .site = site,
                 .ref = -1, .start = start, .end = end};
    da_facts_add(x->out, &f);
}

/* ---- families --------------------------------------------------------- */

static da_error find_lesion_markers(da_extractor *x, const char *text, size_t len, size_t *count)
{
    *count = 0;
    if (!ci_contains(text, len, "lesion") && !ci_contains(text, len, "site") &&
        !ci_contains(text, len, "tumo") && !ci_contains(text, len, "specimen") &&
        !memchr(text, '#', len))
        return DA_OK;
    static const enum group number_groups[] = {G_N1, G_N2, G_N3};
    size_t from = 0;
    match_result r;
    while ((r = match(x, PAT_LESION, text, from, len)) == MATCH_FOUND) {
        size_t s, e;
        int lesion;
        if (first_set(x, number_groups, COUNT_OF(number_groups), &s, &e) != G_COUNT)
            lesion = numeral_value(text + s, e - s);
        else if (group_span(x, G_L1, &s, &e))
            lesion = ((text[s] | 0x20) - 'a') + 1;
        else
            lesion = 0;
        if (lesion > 0) {
            da_grow((void **)&x->markers, &x->markers_cap, *count + 1, sizeof(*x->markers));
            x->markers[(*count)++] = (lesion_marker){match_start(x), match_end(x), lesion};
            if (lesion > x->out->nlesions)
                x->out->nlesions = lesion;
        }
        from = next_from(x, text, len);
    }
    return r == MATCH_ERROR ? DA_ERR_INTERNAL : DA_OK;
}

static da_error find_measures(da_extractor *x, const char *text, size_t from, size_t end,
                              int lesion)
{
    static const enum group margin_groups[] = {G_MG1, G_MG2};
    static const enum group size_groups[] = {G_SZ1, G_SZ2};
    match_result r;
    while ((r = match(x, PAT_MEASURE, text, from, end)) == MATCH_FOUND) {
        size_t s, e;
        if (first_set(x, margin_groups, COUNT_OF(margin_groups), &s, &e) != G_COUNT)
            add_fact(x, DA_FACT_MARGIN, lesion, measure_cm(text + s, e - s), 0, -1,
                     match_start(x), match_end(x));
        else if (first_set(x, size_groups, COUNT_OF(size_groups), &s, &e) != G_COUNT)
            add_fact(x, DA_FACT_SIZE, lesion, measure_cm(text + s, e - s), 0, -1,
                     match_start(x), match_end(x));
        from = next_from(x, text, end);
    }
    return r == MATCH_ERROR ? DA_ERR_INTERNAL : DA_OK;
}

static da_laterality side_of(const char *s, size_t len)
{
    if (ci_prefix(s, len, "b"))
        return DA_SIDE_BILATERAL;
    if (ci_prefix(s, len, "r"))
        return DA_SIDE_RIGHT;
    return DA_SIDE_LEFT;
}

static da_error find_sites(da_extractor *x, const char *text, size_t from, size_t end, int lesion)
{
    match_result r;
    while ((r = match(x, PAT_SITE, text, from, end)) == MATCH_FOUND) {
        PCRE2_SPTR mark = pcre2_get_mark(x->md);
        size_t s, e;
        if (mark) {
            int site = atoi((const char *)mark);
            da_laterality side =
                group_span(x, G_SIDE, &s, &e) ? side_of(text + s, e - s) : DA_SIDE_NONE;
            add_fact(x, DA_FACT_SITE, lesion, 0, side, site, match_start(x), match_end(x));
        }
        from = next_from(x, text, end);
    }
    return r == MATCH_ERROR ? DA_ERR_INTERNAL : DA_OK;
}

#define CLAUSE_WINDOW 120 /* bytes looked at around a statement for negation or plans */

/* Moves back to the start of a UTF-8 character. */
static size_t char_start(const char *text, size_t i)
{
    while (i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80)
        i--;
    return i;
}

/* The text before pos back to a sentence or clause break (one of stops),
 * at most CLAUSE_WINDOW bytes, no further back than floor. */
static size_t clause_before(const char *text, size_t floor, size_t pos, const char *stops)
{
    size_t lo = pos > floor + CLAUSE_WINDOW ? char_start(text, pos - CLAUSE_WINDOW) : floor;
    size_t i = pos;
    while (i > lo && !strchr(stops, text[i - 1]))
        i--;
    return i;
}

/* The text after pos up to a break, at most CLAUSE_WINDOW bytes, before ceil. */
static size_t clause_after(const char *text, size_t pos, size_t ceil, const char *stops)
{
    size_t hi = ceil - pos > CLAUSE_WINDOW ? char_start(text, pos + CLAUSE_WINDOW) : ceil;
    size_t i = pos;
    while (i < hi && !strchr(stops, text[i]))
        i++;
    return i;
}

/* True when pattern p matches anywhere in text[from..end). */
static match_result any_match(da_extractor *x, enum pattern p, const char *text, size_t from,
                              size_t end)
{
    return from < end ? match(x, p, text, from, end) : MATCH_NONE;
}

static da_error find_mohs(da_extractor *x, const char *text, size_t from, size_t end, int lesion)
{
    match_result r;
    while ((r = match(x, PAT_MOHS, text, from, end)) == MATCH_FOUND) {
        size_t s = match_start(x), e = match_end(x);
        from = next_from(x, text, end);
        size_t b = clause_before(text, 0, s, ".;\n");
        size_t a = clause_after(text, e, end, ".;\n");
        match_result before = any_match(x, PAT_MOHS_VETO_BEFORE, text, b, s);
        match_result after = before == MATCH_NONE ? any_match(x, PAT_MOHS_VETO_AFTER, text, e, a)
                                                  : MATCH_NONE;
        if (before == MATCH_ERROR || after == MATCH_ERROR)
            return DA_ERR_INTERNAL;
        if (before == MATCH_NONE && after == MATCH_NONE && !x->stopped[PAT_MOHS_VETO_BEFORE] &&
            !x->stopped[PAT_MOHS_VETO_AFTER])
            add_fact(x, DA_FACT_MOHS, lesion, 1, 0, -1, s, e);
    }
    return r == MATCH_ERROR ? DA_ERR_INTERNAL : DA_OK;
}

/* True when text[from..to) holds only tissue words and list connectors,
 * the tail of an enumeration such as ", cartilage or ". */
static bool tissue_list(const char *text, size_t from, size_t to)
{
    static const char *const words[] = {"muscle", "muscles", "cartilage", "bone", "tendon",
                                        "tendons", "fascia", "nerve", "nerves", "vessel",
                                        "vessels", "or", "and", "nor"};
    size_t i = from;
    while (i < to) {
        while (i < to && (text[i] == ' ' || text[i] == ','))
            i++;
        size_t w = i;
        while (i < to && text[i] != ' ' && text[i] != ',')
            i++;
        if (i == w)
            break;
        bool known = false;
        for (size_t k = 0; k < sizeof(words) / sizeof(words[0]) && !known; k++)
            known = strlen(words[k]) == i - w && strncasecmp(text + w, words[k], i - w) == 0;
        if (!known)
            return false;
    }
    return true;
}

/* True when a negation cue governs the statement text[s..e): in its clause
 * up to its end (after any "but"), or after it up to a "but" or clause end. */
static da_error negated(da_extractor *x, const char *text, size_t s, size_t e, size_t end,
                        bool *out)
{
    *out = false;
    size_t b = clause_before(text, 0, s, ".;:,\n");
    /* "no muscle, cartilage or bone involvement": a comma inside a list of
     * tissues does not end the clause the negation governs. */
    while (b > 0 && text[b - 1] == ',' && tissue_list(text, b, s))
        b = clause_before(text, 0, b - 1, ".;:,\n");
    size_t a = clause_after(text, e, end, ".;,\n");
    bool cue = false;
    match_result r;
    for (size_t from = b; (r = any_match(x, PAT_NEGATION, text, from, e)) == MATCH_FOUND;
         from = next_from(x, text, e)) {
        size_t gs, ge;
        cue = !group_span(x, G_CONTRAST, &gs, &ge);
    }
    if (r == MATCH_ERROR)
        return DA_ERR_INTERNAL;
    for (size_t from = e; !cue && (r = any_match(x, PAT_NEGATION, text, from, a)) == MATCH_FOUND;
         from = next_from(x, text, a)) {
        size_t gs, ge;
        if (group_span(x, G_CONTRAST, &gs, &ge))
            break;
        cue = true;
    }
    if (r == MATCH_ERROR)
        return DA_ERR_INTERNAL;
    /* A limit in the negation check leaves the statement unproven. */
    *out = cue || x->stopped[PAT_NEGATION];
    return DA_OK;
}

static da_error find_deep(da_extractor *x, const char *text, size_t from, size_t end, int lesion)
{
    match_result r;
    while ((r = match(x, PAT_DEEP, text, from, end)) == MATCH_FOUND) {
        size_t s = match_start(x), e = match_end(x);
        from = next_from(x, text, end);
        bool neg;
        da_error err = negated(x, text, s, e, end, &neg);
        if (err != DA_OK)
            return err;
        if (!neg)
            add_fact(x, DA_FACT_MOHS_DEEP, lesion, 1, 0, -1, s, e);
    }
    return r == MATCH_ERROR ? DA_ERR_INTERNAL : DA_OK;
}

#define BLOCK_TIE_BYTES 300 /* a bare block count this close after a stage belongs to it */

static bool stage_seen(const da_fact_list *l, int lesion, int stage)
{
    for (size_t i = 0; i < l->count; i++)
        if (l->items[i].kind == DA_FACT_MOHS_STAGE && l->items[i].lesion == lesion &&
            (int)l->items[i].value == stage)
            return true;
    return false;
}

static da_error find_stages(da_extractor *x, const char *text, size_t from, size_t end,
                            int lesion)
{
    static const enum group stage_groups[] = {G_SN1, G_SN2, G_SN3, G_SN4, G_SN5,
                                              G_SO1, G_SO2, G_SO3, G_SO4};
    static const enum group block_groups[] = {G_BN1, G_BN2, G_BN5, G_BN6};
    static const enum group count_groups[] = {G_CN1, G_CN2, G_CN3};
    int last_stage = 0;          /* stage most recently stated in this block */
    bool last_has_blocks = true; /* it already has its block count */
    size_t last_end = 0;         /* where its statement ended */
    match_result r;
    while ((r = match(x, PAT_STAGE, text, from, end)) == MATCH_FOUND) {
        size_t ms = match_start(x), me = match_end(x), s, e;
        from = next_from(x, text, end);
        if (first_set(x, count_groups, COUNT_OF(count_groups), &s, &e) != G_COUNT) {
            int n = numeral_value(text + s, e - s);
            if (n > 0)
                add_fact(x, DA_FACT_MOHS_STAGE_COUNT, lesion, n, 0, -1, ms, me);
            continue;
        }
        int stage = 0, blocks = 0;
        size_t ss, se;
        if (first_set(x, stage_groups, COUNT_OF(stage_groups), &ss, &se) != G_COUNT)
            stage = numeral_value(text + ss, se - ss);
        if (first_set(x, block_groups, COUNT_OF(block_groups), &s, &e) != G_COUNT)
            blocks = numeral_value(text + s, e - s);
        if (stage > 0) {
            if (!stage_seen(x->out, lesion, stage))
                add_fact(x, DA_FACT_MOHS_STAGE, lesion, stage, 0, -1, ms, me);
            last_stage = stage;
            last_has_blocks = blocks > 0;
            last_end = me;
            if (blocks > 0)
                add_fact(x, DA_FACT_MOHS_BLOCKS, lesion, blocks, stage, -1, ms, me);
        } else if (blocks > 0) {
            bool total = group_span(x, G_TOT, &s, &e) || group_span(x, G_TOT2, &s, &e);
            int tied = 0;
            if (!total && last_stage && !last_has_blocks && ms - last_end < BLOCK_TIE_BYTES) {
                tied = last_stage;
                last_has_blocks = true;
            }
            add_fact(x, DA_FACT_MOHS_BLOCKS, lesion, blocks, tied, -1, ms, me);
        }
    }
    return r == MATCH_ERROR ? DA_ERR_INTERNAL : DA_OK;
}

static int fact_cmp(const void *a, const void *b)
{
    const da_fact *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return (int)x->kind - (int)y->kind;
}

static bool has_measure_unit(const char *text, size_t len)
{
    return ci_contains(text, len, "cm") || ci_contains(text, len, "mm") ||
           ci_contains(text, len, "met");
}

da_error da_extract_note(da_extractor *x, const char *text, size_t len, da_fact_list *out)
{
    da_facts_clear(out);
    x->out = out;
    memset(x->stopped, 0, sizeof(x->stopped));
    if (len == 0)
        return DA_OK;
    /* One linear check per note instead of PCRE2's check on every call:
     * matching with PCRE2_NO_UTF_CHECK on invalid UTF-8 is undefined. */
    if (!da_utf8_valid(text, len))
        return DA_ERR_FORMAT;
    size_t nmarkers;
    da_error err = find_lesion_markers(x, text, len, &nmarkers);
    bool measures = err == DA_OK && has_measure_unit(text, len);
    bool mohs = err == DA_OK && (ci_contains(text, len, "mohs") || ci_contains(text, len, "mms"));
    /* Block i is the text after marker i-1 up to marker i; block 0 precedes
     * the first marker and belongs to the note as a whole. */
    for (size_t pass = 0; pass < 2 && err == DA_OK; pass++) {
        if (pass == 1) {
            bool documented = false;
            for (size_t i = 0; i < out->count; i++)
                documented |= out->items[i].kind == DA_FACT_MOHS;
            if (!documented)
                break;
        }
        for (size_t b = 0; b <= nmarkers && err == DA_OK; b++) {
            size_t from = b == 0 ? 0 : x->markers[b - 1].end;
            size_t end = b == nmarkers ? len : x->markers[b].start;
            int lesion = b == 0 ? 0 : x->markers[b - 1].lesion;
            if (from >= end)
                continue;
            if (pass == 0) {
                if (measures)
                    err = find_measures(x, text, from, end, lesion);
                if (err == DA_OK)
                    err = find_sites(x, text, from, end, lesion);
                if (err == DA_OK && mohs)
                    err = find_mohs(x, text, from, end, lesion);
            } else {
                err = find_stages(x, text, from, end, lesion);
                if (err == DA_OK)
                    err = find_deep(x, text, from, end, lesion);
            }
        }
    }
    if (out->count > 1) /* items is NULL while the list is empty */
        qsort(out->items, out->count, sizeof(*out->items), fact_cmp);
    return err;
}

/* ---- the --facts CSV -------------------------------------------------- */

void da_facts_write_csv_header(FILE *out)
{
    fputs("note_id,encounter_id,lesion,fact,value,unit,start,end,text\n", out);
}

static const char *side_name(double side)
{
    switch ((da_laterality)side) {
    case DA_SIDE_RIGHT: return "right ";
    case DA_SIDE_LEFT: return "left ";
    case DA_SIDE_BILATERAL: return "bilateral ";
    case DA_SIDE_NONE: break;
    }
    return "";
}

void da_facts_write_csv(FILE *out, const char *note_id, const char *encounter_id,
                        const char *text, size_t text_len, const da_fact_list *facts)
{
    char *span = NULL;
    size_t span_cap = 0;
    for (size_t i = 0; i < facts->count; i++) {
        const da_fact *f = &facts->items[i];
        da_csv_put(out, note_id);
        fputc(',', out);
        da_csv_put(out, encounter_id);
        fprintf(out, ",%d,%s,", f->lesion, da_fact_kind_name(f->kind));
        const char *unit = "";
        switch (f->kind) {
        case DA_FACT_SIZE:
        case DA_FACT_MARGIN:
            fprintf(out, "%g", f->value);
            unit = "cm";
            break;
        case DA_FACT_SITE: {
            const da_site *site = da_site_get(f->site);
            char name[128];
            snprintf(name, sizeof(name), "%s%s", side_name(f->value2), site ? site->name : "");
            da_csv_put(out, name);
            break;
        }
        case DA_FACT_MOHS_STAGE:
        case DA_FACT_MOHS_STAGE_COUNT:
            fprintf(out, "%d", (int)f->value);
            unit = "stage";
            break;
        case DA_FACT_MOHS_BLOCKS:
            fprintf(out, "%d", (int)f->value);
            unit = "blocks";
            break;
        default:
            /* Kinds this extractor does not produce yet print their value. */
            fprintf(out, "%g", f->value);
            break;
        }
        size_t s = f->start < text_len ? f->start : text_len;
        size_t e = f->end < text_len ? f->end : text_len;
        if (e < s)
            e = s;
        da_grow((void **)&span, &span_cap, e - s + 1, 1);
        for (size_t k = s; k < e; k++)
            span[k - s] = text[k] == '\n' || text[k] == '\r' ? ' ' : text[k];
        span[e - s] = '\0';
        fprintf(out, ",%s,%zu,%zu,", unit, f->start, f->end);
        da_csv_put(out, span);
        fputc('\n', out);
    }
    free(span);
}
