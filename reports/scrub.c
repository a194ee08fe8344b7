/* scrub.c - identifiers taken out of masked note text (see scrub.h). */
#include "scrub.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* One pattern and what replaces each match ($1 keeps a label). */
typedef struct scrub_rule {
    const char *pattern; /* PCRE2, UTF */
    const char *with;    /* replacement, pcre2_substitute syntax */
    bool dates_only;     /* applied only with dates_to_year */
} scrub_rule;

#define MONTH                                                                                     \
    "(?i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"           \
    "Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
#define DATE                                                                                      \
    "(?:\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})|\\d{4}-\\d{1,2}-\\d{1,2}|" MONTH              \
    "\\.? \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}|\\d{1,2} " MONTH "\\.? \\d{4})"
#define SUFFIX                                                                                    \
    "(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|"      \
    "Terrace|Circle|Cir|Parkway|Pkwy|Highway|Hwy)"
/* Capitalised words after "Patient" that are no name. */
#define NOT_NAME                                                                                  \
    "(?!(?:Name|Education|Instructions?|Information|History|Consent|Presents|Is|Was|Has|Had|"   \
    "Reports|Denies|States|Tolerated|Seen|Here|Returns|Agrees|Understands|Declined|Prefers|"      \
    "Counseled|Advised|Verbalized|ID|Identified|Positioned|Prepped)\\b)"

static const scrub_rule rules[] = {
    {"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}", "[EMAIL]", false},
    {"(\\b(?i:DOB|D\\.O\\.B\\.?|date of birth|birth ?date|born(?: on)?)\\s*[:#-]?\\s*)" DATE,
     "$1[DOB]", false},
    {"(\\b(?i:SSN|SS#|social security(?: number| no\\.?| #)?)\\s*[:#]?\\s*)"
     "\\d{3}-?\\d{2}-?\\d{4}\\b",
     "$1[SSN]", false},
    {"(?<![\\d-])\\d{3}-\\d{2}-\\d{4}(?![\\d-])", "[SSN]", false},
    {"(\\b(?i:MRN|MR#|medical record(?: number| no\\.?| #)?|chart(?: number| no\\.?| #)|"
     "acct\\.?|account(?: number| no\\.?| #)?|patient id)\\s*[:#]?\\s*)"
     "(?=[A-Za-z-]*\\d)[A-Za-z0-9-]{4,}",
     "$1[MRN]", false},
    {"(?<![\\d.])(?:\\+?1[ .-]?)?(?:\\(\\d{3}\\)\\s?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}(?![\\d])",
     "[PHONE]", false},
    {"\\b\\d{1,6}\\s+(?:[NSEW]\\.?\\s+)?(?:[A-Z][A-Za-z'-]+\\s+){1,4}" SUFFIX
     "\\b\\.?(?:,?\\s+(?i:apt|suite|unit|#)\\.?\\s*[A-Za-z0-9-]+)?",
     "[ADDRESS]", false},
    {"(\\b(?i:patient(?:'s)? name|name)\\s*:\\s*)"
     "[A-Z][A-Za-z'-]+(?:\\s+[A-Z]\\.)?(?:,?\\s+[A-Z][A-Za-z'-]+)?(?:\\s+[A-Z]\\.)?",
     "$1[NAME]", false},
    {"(\\b(?:(?i:patient|pt)\\.?|Mr\\.?|Mrs\\.?|Ms\\.?|Miss)\\s+)" NOT_NAME
     "[A-Z][A-Za-z'-]+(?:\\s+[A-Z]\\.)?(?:\\s+[A-Z][A-Za-z'-]+)?",
     "$1[NAME]", false},
    {"\\b\\d{1,2}[/.-]\\d{1,2}[/.-](\\d{4})\\b", "$1", true},
    {"\\b(\\d{4})-\\d{1,2}-\\d{1,2}\\b", "$1", true},
    {"\\b" MONTH "\\.? \\d{1,2}(?:st|nd|rd|th)?,? (\\d{4})\\b", "$1", true},
    {"\\b\\d{1,2} " MONTH "\\.? (\\d{4})\\b", "$1", true},
};
#define WITHHELD "[text withheld: it could not be searched for identifiers]"
#define NRULES (sizeof(rules) / sizeof(rules[0]))

static pcre2_code *compiled[NRULES]; /* rules[], compiled once */
static bool compile_failed;           /* a pattern did not compile */
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void compile_all(void)
{
    for (size_t i = 0; i < NRULES; i++) {
        int code;
        PCRE2_SIZE at;
        compiled[i] = pcre2_compile((PCRE2_SPTR)rules[i].pattern, PCRE2_ZERO_TERMINATED,
                                    PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &at, NULL);
        if (!compiled[i]) {
            compile_failed = true;
            continue;
        }
        pcre2_jit_compile(compiled[i], PCRE2_JIT_COMPLETE); /* slower without; not fatal */
    }
}

/* The text through the identifier rules (when phi) and the date rules
 * (when dates). */
static char *scrub(const char *text, bool phi, bool dates)
{
    pthread_once(&once, compile_all);
    if (compile_failed)
        return NULL;
    size_t len = strlen(text);
    char *cur = da_xmalloc(len + 1);
    memcpy(cur, text, len + 1);
    for (size_t i = 0; i < NRULES; i++) {
        if (rules[i].dates_only ? !dates : !phi)
            continue;
        PCRE2_SIZE cap = len + len / 2 + 64;
        for (;;) {
            char *out = da_xmalloc(cap);
            PCRE2_SIZE out_len = cap;
            int rc = pcre2_substitute(compiled[i], (PCRE2_SPTR)cur, len, 0,
                                      PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH,
                                      NULL, NULL, (PCRE2_SPTR)rules[i].with,
                                      PCRE2_ZERO_TERMINATED, (PCRE2_UCHAR *)out, &out_len);
            if (rc == PCRE2_ERROR_NOMEMORY) {
                free(out);
                cap = out_len + 1;
                continue;
            }
            if (rc > 0) {
                free(cur);
                cur = out;
                len = out_len;
            } else if (rc < 0) {
                /* a match limit: what was not searched may not be shown */
                free(out);
                free(cur);
                return da_xstrdup(WITHHELD);
            } else {
                free(out);
            }
            break;
        }
    }
    return cur;
}

char *da_scrub_phi(const char *text, bool dates_to_year)
{
    return scrub(text, true, dates_to_year);
}

char *da_scrub_dates(const char *text)
{
    return scrub(text, false, true);
}
