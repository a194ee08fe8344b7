/* parse.c - field parsers for the claims and notes importer (see parse.h). */
#include "parse.h"

#include <ctype.h>
#include <string.h>

#include "csvin.h"

/* Narrows s/len to the bytes between leading and trailing spaces and tabs. */
static void trim(const char **s, size_t *len)
{
    while (*len && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

/* Bytes of a value's matching key, NUL included: the words it is compared
 * with ("medicare", "buyandbill", ...) are short, so a longer value, cut
 * here, matches none of them as it would not have uncut. */
#define VALUE_KEY_LEN 64

/* The matching key of a value (lower case letters and digits only), as for
 * header names. Values longer than the buffer are cut; they match nothing. */
static void value_key(const char *s, size_t len, char out[VALUE_KEY_LEN])
{
    char tmp[VALUE_KEY_LEN];
    size_t n = len < sizeof(tmp) - 1 ? len : sizeof(tmp) - 1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    da_csv_header_key(tmp, out, VALUE_KEY_LEN);
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Reads 1..max digits at s[*i]; false when there are none or more. */
static bool read_number(const char *s, size_t len, size_t *i, size_t max, int *out)
{
    size_t start = *i;
    int v = 0;
    while (*i < len && isdigit((unsigned char)s[*i]) && *i - start < max)
        v = v * 10 + (s[(*i)++] - '0');
    if (*i == start || (*i < len && isdigit((unsigned char)s[*i])))
        return false;
    *out = v;
    return true;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

bool da_parse_date(const char *s, size_t len, da_date *out)
{
    trim(&s, &len);
    *out = DA_DATE_NONE;
    if (!len)
        return true;
    size_t i = 0;
    int y, m, d;
    if (len >= 4 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
        isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) && len > 4 && s[4] == '-') {
        if (!read_number(s, len, &i, 4, &y) || i != 4 || s[i++] != '-' ||
            !read_number(s, len, &i, 2, &m) || i >= len || s[i++] != '-' ||
            !read_number(s, len, &i, 2, &d))
            return false;
    } else {
        if (!read_number(s, len, &i, 2, &m) || i >= len || s[i++] != '/' ||
            !read_number(s, len, &i, 2, &d) || i >= len || s[i++] != '/')
            return false;
        size_t year_start = i;
        if (!read_number(s, len, &i, 4, &y) || i - year_start != 4)
            return false;
    }
    /* A time of day after the date, as spreadsheets export it, is ignored. */
    if (i < len) {
        if (s[i] != ' ' && s[i] != 'T')
            return false;
        for (i++; i < len; i++)
            if (!strchr("0123456789:. APMapmZ+-", s[i]) || s[i] == '\0')
                return false;
    }
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    *out = da_date_from_ymd(y, m, d);
    return true;
}

bool da_parse_money(const char *s, size_t len, da_cents *out)
{
    trim(&s, &len);
    *out = DA_CENTS_NONE;
    if (!len)
        return true;
    bool negative = false;
    if (s[0] == '(') {
        if (s[len - 1] != ')')
            return false;
        negative = true;
        s++;
        len -= 2;
    }
    bool sign = false, point = false;
    int whole_digits = 0, decimals = 0;
    int64_t cents = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ',') {
            /* A thousands separator: after a digit, before exactly three
             * digits ("12,34" and "1,2345" are no amounts). */
            if (!whole_digits || point || i + 3 >= len ||
                !isdigit((unsigned char)s[i + 1]) || !isdigit((unsigned char)s[i + 2]) ||
                !isdigit((unsigned char)s[i + 3]) ||
                (i + 4 < len && isdigit((unsigned char)s[i + 4])))
                return false;
            continue;
        }
        if (c == '$' || c == ' ')
            continue;
        if ((c == '-' || c == '+') && !sign && !whole_digits && !point && !negative) {
            sign = true;
            negative = c == '-';
            continue;
        }
        if (c == '.' && !point) {
            point = true;
            continue;
        }
        if (!isdigit((unsigned char)c))
            return false;
        if (!point) {
            if (++whole_digits > 15)
                return false;
            cents = cents * 10 + (c - '0');
        } else if (++decimals <= 2) {
            cents = cents * 10 + (c - '0');
        } else if (c != '0') {
            return false;
        }
    }
    if (!whole_digits && !decimals)
        return false;
    for (int k = decimals < 2 ? decimals : 2; k < 2; k++)
        cents *= 10;
    *out = negative ? -cents : cents;
    return true;
}

bool da_parse_units(const char *s, size_t len, int *out)
{
    trim(&s, &len);
    *out = 1;
    if (!len)
        return true;
    size_t i = 0;
    long v = 0;
    for (; i < len && isdigit((unsigned char)s[i]); i++) {
        v = v * 10 + (s[i] - '0');
        if (v > DA_UNITS_MAX)
            return false;
    }
    if (i == 0)
        return false;
    if (i < len && s[i] == '.')
        for (i++; i < len && s[i] == '0'; i++)
            ;
    if (i != len || v < 1)
        return false;
    *out = (int)v;
    return true;
}

static bool is_separator(char c)
{
    return c == ' ' || c == '\t' || c == '-' || c == ',' || c == ';' || c == ':';
}

/* Appends modifier m unless present; false past DA_MAX_MODIFIERS. */
static bool add_modifier(char mods[DA_MAX_MODIFIERS][3], int *nmods, const char m[2])
{
    for (int k = 0; k < *nmods; k++)
        if (mods[k][0] == m[0] && mods[k][1] == m[1])
            return true;
    if (*nmods >= DA_MAX_MODIFIERS)
        return false;
    mods[*nmods][0] = m[0];
    mods[*nmods][1] = m[1];
    mods[*nmods][2] = '\0';
    (*nmods)++;
    return true;
}

bool da_parse_cpt(const char *s, size_t len, char code[DA_CODE_LEN],
                  char mods[DA_MAX_MODIFIERS][3], int *nmods)
{
    /* The letters and digits, and where a separator stood before each: a
     * code and its modifiers take 5 + 2 * DA_MAX_MODIFIERS = 13; a longer
     * run is no code of ours and is rejected when it fills the buffer. */
    enum { COMPACT_CHARS = 32 };
    char compact[COMPACT_CHARS];
    bool cut[COMPACT_CHARS + 1];
    size_t n = 0;
    bool pending_cut = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (is_separator(c)) {
            pending_cut = n > 0;
            continue;
        }
        if (!isalnum((unsigned char)c) || n == sizeof(compact))
            return false;
        cut[n] = pending_cut;
        pending_cut = false;
        compact[n++] = (char)toupper((unsigned char)c);
    }
    cut[n] = true;
    if (n < 5 || (n > 5 && !cut[5]))
        return false;
    memcpy(code, compact, 5);
    code[5] = '\0';
    for (size_t k = 5; k < n; k += 2)
        if (k + 2 > n || !cut[k] || cut[k + 1] || !cut[k + 2] ||
            !add_modifier(mods, nmods, compact + k))
            return false;
    return true;
}

bool da_parse_modifiers(const char *s, size_t len, char mods[DA_MAX_MODIFIERS][3], int *nmods)
{
    size_t i = 0;
    while (i < len) {
        if (is_separator(s[i])) {
            i++;
            continue;
        }
        size_t start = i;
        while (i < len && !is_separator(s[i]))
            i++;
        if (i - start != 2 || !isalnum((unsigned char)s[start]) ||
            !isalnum((unsigned char)s[start + 1]))
            return false;
        char m[2] = {(char)toupper((unsigned char)s[start]),
                     (char)toupper((unsigned char)s[start + 1])};
        if (!add_modifier(mods, nmods, m))
            return false;
    }
    return true;
}

bool da_parse_icd10(const char *s, size_t len, char codes[DA_MAX_ICD10][8], int *ncodes)
{
    size_t i = 0;
    while (i < len) {
        if (s[i] == ';' || s[i] == ',' || s[i] == ' ' || s[i] == '\t') {
            i++;
            continue;
        }
        char code[8];
        size_t n = 0;
        for (; i < len && s[i] != ';' && s[i] != ',' && s[i] != ' ' && s[i] != '\t'; i++) {
            if (s[i] == '.')
                continue;
            if (!isalnum((unsigned char)s[i]) || n == 7)
                return false;
            code[n++] = (char)toupper((unsigned char)s[i]);
        }
        code[n] = '\0';
        if (n < 3 || !isupper((unsigned char)code[0]))
            return false;
        bool seen = false;
        for (int k = 0; k < *ncodes && !seen; k++)
            seen = strcmp(codes[k], code) == 0;
        if (seen)
            continue;
        if (*ncodes >= DA_MAX_ICD10)
            return false;
        memcpy(codes[(*ncodes)++], code, n + 1);
    }
    return true;
}

da_payer_type da_parse_payer_type(const char *s, size_t len)
{
    char k[VALUE_KEY_LEN];
    value_key(s, len, k);
    if (!k[0])
        return DA_PAYER_UNKNOWN;
    if (strcmp(k, "medicare") == 0 || strcmp(k, "mcr") == 0)
        return DA_PAYER_MEDICARE;
    if (strcmp(k, "medicaid") == 0 || strcmp(k, "mcd") == 0)
        return DA_PAYER_MEDICAID;
    if (strcmp(k, "commercial") == 0 || strcmp(k, "private") == 0)
        return DA_PAYER_COMMERCIAL;
    if (strcmp(k, "self") == 0 || strcmp(k, "selfpay") == 0 || strcmp(k, "patient") == 0 ||
        strcmp(k, "cash") == 0)
        return DA_PAYER_SELF;
    return DA_PAYER_OTHER;
}

da_payer_type da_payer_type_infer(const char *s, size_t len)
{
    char k[VALUE_KEY_LEN];
    value_key(s, len, k);
    if (!k[0])
        return DA_PAYER_UNKNOWN;
    if (strstr(k, "medicare") && !strstr(k, "advantage"))
        return DA_PAYER_MEDICARE;
    if (strstr(k, "medicaid"))
        return DA_PAYER_MEDICAID;
    if (strstr(k, "selfpay") || strcmp(k, "self") == 0 || strstr(k, "patient"))
        return DA_PAYER_SELF;
    return DA_PAYER_COMMERCIAL;
}

da_claim_status da_parse_status(const char *s, size_t len)
{
    char k[VALUE_KEY_LEN];
    value_key(s, len, k);
    if (!k[0])
        return DA_STATUS_UNKNOWN;
    if (starts_with(k, "paid") || starts_with(k, "partial"))
        return DA_STATUS_PAID;
    if (starts_with(k, "deni") || starts_with(k, "reject"))
        return DA_STATUS_DENIED;
    if (strcmp(k, "open") == 0 || starts_with(k, "submitted") || starts_with(k, "pending") ||
        strcmp(k, "inprocess") == 0 || strcmp(k, "onhold") == 0 || strcmp(k, "hold") == 0)
        return DA_STATUS_PENDING;
    if (starts_with(k, "adjust"))
        return DA_STATUS_ADJUSTED;
    return DA_STATUS_OTHER;
}

da_drug_source da_parse_drug_source(const char *s, size_t len)
{
    char k[VALUE_KEY_LEN];
    value_key(s, len, k);
    if (strcmp(k, "buyandbill") == 0 || strcmp(k, "buybill") == 0 || strcmp(k, "bb") == 0 ||
        strcmp(k, "officestock") == 0)
        return DA_SOURCE_BUY_AND_BILL;
    if (strstr(k, "specialty") || strcmp(k, "whitebag") == 0 || strcmp(k, "pharmacy") == 0)
        return DA_SOURCE_SPECIALTY_PHARMACY;
    if (starts_with(k, "patient") || strcmp(k, "brownbag") == 0)
        return DA_SOURCE_PATIENT;
    return DA_SOURCE_UNKNOWN;
}
