/* carc.c - claim adjustment reason codes: parsing, meanings (carc.h). */
#include "carc.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* CARC meanings, paraphrased from coding-rules.md 11.2 (X12/CMS lists). */
static const struct {
    const char *code;    /* reason code without group */
    const char *meaning; /* plain words */
} CARCS[] = {
    {"1", "deductible (patient responsibility, not a denial)"},
    {"2", "coinsurance (patient responsibility, not a denial)"},
    {"3", "co-payment (patient responsibility, not a denial)"},
    {"4", "modifier missing or inconsistent with the code"},
    {"16", "claim lacks information or has a billing error"},
    {"18", "exact duplicate claim or service"},
    {"29", "time limit for filing expired"},
    {"45", "charge exceeds the fee schedule (contractual write-off, not a denial)"},
    {"50", "not deemed medically necessary by the payer"},
    {"96", "non-covered charge"},
    {"97", "included in the payment for another service"},
    {"151", "information does not support this many or this frequent services"},
    {"197", "precertification or authorization absent"},
    {"236", "code pair not allowed the same day (NCCI) without a modifier"},
    {"B7", "provider not certified or eligible on this date"},
};

static bool is_sep(char c)
{
    return c == ';' || c == ',' || c == '|' || c == ' ' || c == '\t' || c == '/';
}

/* Copies one CARC token [s, s+n) into out as GROUP-CODE: a group is two
 * letters before the code ("CO16", "co 16", "CO-B7"); "B7" alone has none. */
static void carc_normalize(const char *s, size_t n, char out[DA_CARC_LEN])
{
    char group[3] = "", code[8] = "";
    size_t i = 0, k = 0;
    if (n >= 3 && isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1])) {
        group[0] = (char)toupper((unsigned char)s[0]);
        group[1] = (char)toupper((unsigned char)s[1]);
        i = 2;
    }
    while (i < n && (s[i] == '-' || s[i] == ' '))
        i++;
    while (i < n && k < sizeof(code) - 1 && isalnum((unsigned char)s[i]))
        code[k++] = (char)toupper((unsigned char)s[i++]);
    code[k] = '\0';
    if (!code[0])
        snprintf(out, DA_CARC_LEN, "%s", group);
    else if (group[0])
        snprintf(out, DA_CARC_LEN, "%s-%s", group, code);
    else
        snprintf(out, DA_CARC_LEN, "%s", code);
}

bool da_carc_nth(const char *list, size_t n, char out[DA_CARC_LEN])
{
    out[0] = '\0';
    const char *p = list ? list : "";
    for (size_t i = 0;; i++) {
        while (*p && (*p == ';' || *p == ',' || *p == '|' || *p == '\t' || *p == '/'))
            p++;
        while (*p == ' ')
            p++;
        if (!*p)
            return false;
        /* A token runs to the next separator other than the space or dash
         * inside "CO 16" / "CO-16". */
        const char *q = p;
        while (*q && !(is_sep(*q) && *q != ' '))
            q++;
        const char *end = q;
        while (end > p && end[-1] == ' ')
            end--;
        if (i == n) {
            carc_normalize(p, (size_t)(end - p), out);
            return out[0] != '\0';
        }
        p = q;
    }
}

void da_carc_primary(const char *list, char out[DA_CARC_LEN])
{
    da_carc_nth(list, 0, out);
}

const char *da_carc_code(const char *carc)
{
    const char *dash = strchr(carc, '-');
    return dash ? dash + 1 : carc;
}

const char *da_carc_meaning(const char *carc)
{
    const char *code = da_carc_code(carc);
    for (size_t i = 0; i < sizeof(CARCS) / sizeof(CARCS[0]); i++)
        if (strcmp(CARCS[i].code, code) == 0)
            return CARCS[i].meaning;
    return "";
}

bool da_claim_has_carc(const da_claim_line *c, const char *carc)
{
    size_t n = strlen(carc);
    for (const char *p = c->denial_codes; (p = strstr(p, carc)) != NULL; p += n) {
        bool starts = p == c->denial_codes || !((p[-1] >= '0' && p[-1] <= '9') ||
                                                (p[-1] >= 'A' && p[-1] <= 'Z'));
        bool ends = !(p[n] >= '0' && p[n] <= '9');
        if (starts && ends)
            return true;
    }
    return false;
}
