/* generate.c - dermaudit-sample: a synthetic 90-day dermatology practice.
 *
 * Writes claims.csv, notes.csv and answer_key.csv into --out. Every patient,
 * encounter, claim and note is made up. Planted billing problems (each
 * listed in the answer key) cover Mohs coding, lesion and repair coding,
 * in-house pathology, cosmetic removals, drugs and their administration, and modifier and E/M errors that the
 * claims show (51 left off a commercial secondary procedure, 59 on an E/M,
 * G2211 with an E/M-25 on a procedure day); everything else is billed
 * exactly as its notes support, with the multiple-procedure reduction
 * applied to allowed amounts, so a rule that fires on it is wrong. The
 * practice reads most of its own biopsies, shaves and excisions (in-house
 * dermatopathology: 88305/88304 per specimen and the stains on its claims)
 * and sends the rest to an outside laboratory, which bills them. Skin
 * checks treat AKs and biopsy other lesions the same day; surgeries book
 * their post-operative visits (99024, no charge) inside the global period.
 * A handful of data-quality rows are planted too and listed with their
 * physical line numbers.
 *
 * Output depends only on the arguments: each scheduled visit draws from its
 * own splitmix64 stream seeded from --seed and the visit number (a post-op
 * visit from one seeded by its surgery's), and money is integer cents, so the
 * same arguments give the same bytes on any machine. Rows are written as they
 * are made through buffered stdio, so --scale 100 runs in constant memory
 * (only the post-op visits booked and not yet due wait in a queue). The
 * program links only libm (see CMakeLists.txt), so it keeps its own small
 * date, CSV and text helpers.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../audit/error.h"

#define GEN_ENCOUNTERS_PER_90_DAYS 3300L /* encounters at scale 1 over 90 days */
#define GEN_PATIENTS_PER_SCALE 1600L     /* patient panel at scale 1 */
#define GEN_MAX_LINES 16                 /* claim lines per encounter */
#define GEN_MAX_NOTES 5                  /* notes per encounter */
#define GEN_MAX_KEYS 4                   /* answer-key rows per encounter */
#define GEN_MAX_STAGES 4                 /* Mohs stages per tumour */
#define GEN_DQ_ROWS 6                    /* planted data-quality rows */
#define GEN_EXPORT_LAG 10                /* days after the period when the files were "exported" */
#define GEN_IO_BUFFER (1u << 20)         /* stdio buffer per output file */

/* ---- small helpers: allocation, text, PRNG, dates, CSV ---------------- */

static void *gen_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (q == NULL) {
        fputs("dermaudit-sample: out of memory\n", stderr);
        abort();
    }
    return q;
}

/* A growable text buffer, reused from one encounter to the next. */
typedef struct gen_text {
    char *data; /* content, NUL-terminated once anything was added */
    size_t len; /* bytes of content */
    size_t cap; /* bytes allocated */
} gen_text;

static void text_reset(gen_text *t)
{
    t->len = 0;
    if (t->data != NULL)
        t->data[0] = '\0';
}

static void text_reserve(gen_text *t, size_t more)
{
    if (t->len + more + 1 <= t->cap)
        return;
    size_t cap = t->cap ? t->cap : 1024;
    while (cap < t->len + more + 1)
        cap *= 2;
    t->data = gen_xrealloc(t->data, cap);
    t->cap = cap;
}

static void text_add(gen_text *t, const char *s)
{
    size_t n = strlen(s);
    text_reserve(t, n);
    memcpy(t->data + t->len, s, n + 1);
    t->len += n;
}

__attribute__((format(printf, 2, 3))) static void text_addf(gen_text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n > 0) {
        text_reserve(t, (size_t)n);
        vsnprintf(t->data + t->len, (size_t)n + 1, fmt, ap);
        t->len += (size_t)n;
    }
    va_end(ap);
}

/* splitmix64: tiny, fast and the same everywhere. */
typedef struct gen_rng {
    uint64_t state; /* advances by the golden-ratio increment per draw */
} gen_rng;

static uint64_t rng_next(gen_rng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static gen_rng rng_for(uint64_t seed, uint64_t stream)
{
    gen_rng r = {seed * 0xD1342543DE82EF95u + stream * 0x9E3779B97F4A7C15u + 1};
    rng_next(&r);
    return r;
}

/* Uniform in [lo, hi]; the modulo bias is irrelevant at these ranges. */
static int rng_int(gen_rng *r, int lo, int hi)
{
    return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static bool rng_pct(gen_rng *r, int pct)
{
    return rng_int(r, 0, 99) < pct;
}

/* A stream of its own taken from an encounter's stream without advancing
 * it: the E/M and modifier plants leave every other draw as it was. */
static gen_rng rng_side(const gen_rng *r, uint64_t salt)
{
    return rng_for(r->state, salt);
}

#define GEN_COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define GEN_PICK(r, a) ((a)[rng_int((r), 0, GEN_COUNT(a) - 1)])

/* Civil dates as days since 1970-01-01 (H. Hinnant's algorithms). */
static long date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void date_to_ymd(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static void date_format(long day, char out[16])
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
}

/* 0 = Sunday ... 6 = Saturday; 1970-01-01 was a Thursday. */
static int date_weekday(long day)
{
    long w = (day + 4) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

/* One RFC 4180 field: quoted when it holds a comma, quote or line break. */
static void csv_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    putc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            putc('"', f);
        putc(*s, f);
    }
    putc('"', f);
}

/* Writes one row; returns the physical lines it took. */
static unsigned long csv_row(FILE *f, const char *const *fields, int n)
{
    unsigned long lines = 1;
    for (int i = 0; i < n; i++) {
        if (i > 0)
            putc(',', f);
        csv_field(f, fields[i]);
        for (const char *p = fields[i]; *p; p++)
            lines += *p == '\n';
    }
    putc('\n', f);
    return lines;
}

static void money_format(long long cents, char out[24])
{
    snprintf(out, 24, "%lld.%02lld", cents / 100, cents % 100);
}

/* Centimetres with one decimal from whole millimetres: 12 -> "1.2". */
static const char *cm(char out[16], int mm)
{
    snprintf(out, 16, "%d.%d", mm / 10, mm % 10);
    return out;
}

static const char *const WORDS[] = {"zero", "one", "two",   "three", "four",   "five",  "six",
                                    "seven", "eight", "nine", "ten", "eleven", "twelve"};
static const char *const ROMAN[] = {"", "I", "II", "III", "IV", "V", "VI"};
static const char *const ORDINAL[] = {"", "first", "second", "third", "fourth", "fifth", "sixth"};
static const char *const ORDINAL_NUM[] = {"", "1st", "2nd", "3rd", "4th", "5th", "6th"};

/* ---- reference tables -------------------------------------------------- */

/* 2026 national non-facility Medicare amounts (coding-rules.md section 12). */
typedef struct gen_fee {
    const char *code; /* CPT/HCPCS */
    long long cents;  /* fee schedule amount per unit */
    int mult_proc;    /* 2 = subject to the multiple-procedure reduction */
} gen_fee;

static const gen_fee FEES[] = {
    {"99203", 11757, 0}, {"99204", 17736, 0}, {"99212", 5945, 0},  {"99213", 9519, 0},
    {"99214", 13561, 0}, {"99215", 19239, 0}, {"11102", 9553, 2},  {"11103", 4877, 0},
    {"11104", 12125, 2}, {"11105", 6046, 0},  {"11300", 9653, 2},  {"11301", 11624, 2},
    {"11302", 13160, 2}, {"11303", 14730, 2}, {"11305", 10120, 2}, {"11306", 11791, 2},
    {"11400", 12793, 2}, {"11406", 33367, 2}, {"11420", 12492, 2}, {"11426", 34002, 2},
    {"11441", 17368, 2}, {"11442", 19406, 2}, {"11443", 23013, 2}, {"11444", 28825, 2},
    {"11446", 39847, 2}, {"11606", 46360, 2}, {"11626", 41918, 2}, {"11646", 51538, 2},
    {"11307", 13227, 2}, {"11308", 14062, 2}, {"11310", 11156, 2}, {"11311", 13227, 2},
    {"11312", 15064, 2}, {"11313", 17669, 2}, {"11401", 15498, 2}, {"11402", 17101, 2},
    {"11403", 19974, 2}, {"11404", 23113, 2}, {"11421", 15932, 2}, {"11422", 17970, 2},
    {"11423", 20876, 2}, {"11424", 24383, 2}, {"11601", 22713, 2}, {"11602", 24049, 2},
    {"11603", 27623, 2}, {"11604", 31096, 2}, {"11621", 22846, 2}, {"11622", 24984, 2},
    {"11623", 29526, 2}, {"11624", 33935, 2}, {"11641", 23715, 2}, {"11642", 26687, 2},
    {"11643", 31597, 2}, {"11644", 39279, 2}, {"11900", 5678, 2},  {"11901", 6881, 2},
    {"12031", 25986, 2}, {"12032", 29994, 2}, {"12041", 26287, 2}, {"12042", 30495, 2},
    {"12051", 28291, 2}, {"12052", 31196, 2}, {"13100", 33802, 2}, {"13101", 39046, 2},
    {"13120", 35104, 2}, {"13121", 41785, 2}, {"13131", 38444, 2}, {"13132", 46227, 2},
    {"13151", 41918, 2}, {"13152", 49066, 2}, {"14000", 66735, 2}, {"14020", 71745, 2},
    {"14040", 76722, 2}, {"14060", 77189, 2}, {"17000", 6647, 2},  {"17003", 635, 0},
    {"17004", 16233, 0}, {"17311", 66702, 2}, {"17312", 40281, 0}, {"17313", 62627, 2},
    {"17314", 38545, 0}, {"17315", 7916, 0},  {"J3301", 74, 0},    {"G2211", 1737, 0},
    {"11200", 9219, 2},  {"11440", 14195, 2}, {"11600", 19840, 2}, {"11620", 19874, 2},
    {"11640", 20241, 2},
    {"88302", 3240, 0},  {"88304", 4108, 0},  {"88305", 7014, 0},  {"88312", 10955, 0},
    {"88313", 8083, 0},  {"88331", 9720, 0},  {"88341", 9419, 0},  {"88342", 11022, 0},
    /* Administration, and drugs at the Q1 2026 CMS payment limit per unit. */
    {"96372", 1536, 0},  {"J3245", 12379, 0}, {"J2357", 4550, 0}, {"J1628", 7294, 0},
    /* Post-operative visit inside a global period: reported, never paid. */
    {"99024", 0, 0},
};

static const gen_fee *fee_find(const char *code)
{
    for (int i = 0; i < GEN_COUNT(FEES); i++)
        if (strcmp(FEES[i].code, code) == 0)
            return &FEES[i];
    return NULL;
}

typedef struct gen_payer {
    const char *name;  /* as on the claim */
    const char *type;  /* payer_type column */
    int weight;        /* share of patients, percent */
    int allowed_pct;   /* allowed as percent of the Medicare amount (0 = self pay) */
    int paid_pct;      /* paid as percent of allowed */
} gen_payer;

static const gen_payer PAYERS[] = {
    {"Medicare Part B", "medicare", 40, 100, 80},
    {"BlueShield PPO", "commercial", 22, 125, 90},
    {"Aetna Choice", "commercial", 18, 118, 85},
    {"State Medicaid", "medicaid", 12, 72, 100},
    {"Self Pay", "self", 8, 0, 100},
};

static const char *const PROVIDERS[] = {"Dr. Avery Stone", "Dr. Priya Nair", "Dr. Marcus Lee"};

typedef enum gen_group {
    GEN_TAL = 1, /* trunk, arms, legs */
    GEN_SNHFG,   /* scalp, neck, hands, feet, genitalia */
    GEN_FACE     /* face, ears, eyelids, nose, lips */
} gen_group;

typedef struct gen_site {
    const char *name;   /* as written in notes, without laterality */
    bool sided;         /* written with left/right */
    gen_group group;    /* excision, shave and destruction site group */
    bool mohs_head;     /* 17311 by location alone */
    int intermediate;   /* intermediate repair group: 1 scalp/trunk/limbs, 2 neck/hands/feet, 3 face */
    int complex;        /* complex repair and flap group: 1 trunk, 2 scalp/arms/legs,
                           3 cheek/chin/forehead/neck/hands, 4 nose/ears/lips; 0 = none here */
    const char *bcc[2]; /* ICD-10 for basal cell carcinoma: right (or unsided), left */
    const char *scc[2]; /* ICD-10 for squamous cell carcinoma: right (or unsided), left */
    const char *deep;   /* structure a deep Mohs case involves at this site */
} gen_site;

static const gen_site SITES[] = {
    {"nasal ala", true, GEN_FACE, true, 3, 4, {"C44.311", "C44.311"}, {"C44.321", "C44.321"}, "cartilage"},
    {"nasal tip", false, GEN_FACE, true, 3, 4, {"C44.311", "C44.311"}, {"C44.321", "C44.321"}, "cartilage"},
    {"helix", true, GEN_FACE, true, 3, 4, {"C44.212", "C44.219"}, {"C44.222", "C44.229"}, "cartilage"},
    {"temple", true, GEN_FACE, true, 3, 0, {"C44.319", "C44.319"}, {"C44.329", "C44.329"}, "muscle"},
    {"cheek", true, GEN_FACE, true, 3, 3, {"C44.319", "C44.319"}, {"C44.329", "C44.329"}, "muscle"},
    {"chin", false, GEN_FACE, true, 3, 3, {"C44.319", "C44.319"}, {"C44.329", "C44.329"}, "muscle"},
    {"forehead", false, GEN_FACE, true, 3, 3, {"C44.319", "C44.319"}, {"C44.329", "C44.329"}, "muscle"},
    {"upper lip", true, GEN_FACE, true, 3, 4, {"C44.01", "C44.01"}, {"C44.02", "C44.02"}, "muscle"},
    {"scalp vertex", false, GEN_SNHFG, true, 1, 2, {"C44.41", "C44.41"}, {"C44.42", "C44.42"}, "bone"},
    {"posterior neck", false, GEN_SNHFG, true, 2, 3, {"C44.41", "C44.41"}, {"C44.42", "C44.42"}, "muscle"},
    {"dorsal hand", true, GEN_SNHFG, true, 2, 3, {"C44.612", "C44.619"}, {"C44.622", "C44.629"}, "tendon"},
    {"upper back", false, GEN_TAL, false, 1, 1, {"C44.519", "C44.519"}, {"C44.529", "C44.529"}, "muscle"},
    {"chest", false, GEN_TAL, false, 1, 1, {"C44.519", "C44.519"}, {"C44.529", "C44.529"}, "muscle"},
    {"forearm", true, GEN_TAL, false, 1, 2, {"C44.612", "C44.619"}, {"C44.622", "C44.629"}, "tendon"},
    {"upper arm", true, GEN_TAL, false, 1, 2, {"C44.612", "C44.619"}, {"C44.622", "C44.629"}, "muscle"},
    {"pretibial leg", true, GEN_TAL, false, 1, 2, {"C44.712", "C44.719"}, {"C44.722", "C44.729"}, "bone"},
    {"thigh", true, GEN_TAL, false, 1, 2, {"C44.712", "C44.719"}, {"C44.722", "C44.729"}, "muscle"},
};

typedef enum gen_site_pick {
    GEN_PICK_ANY,        /* any site */
    GEN_PICK_HEAD,       /* 17311 sites */
    GEN_PICK_TRUNK,      /* 17313 sites */
    GEN_PICK_NOT_FACE    /* trunk, limbs, scalp, neck, hands (benign cysts) */
} gen_site_pick;

static const gen_site *site_pick(gen_rng *r, gen_site_pick how)
{
    for (;;) {
        const gen_site *s = &GEN_PICK(r, SITES);
        if (how == GEN_PICK_ANY || (how == GEN_PICK_HEAD && s->mohs_head) ||
            (how == GEN_PICK_TRUNK && !s->mohs_head) || (how == GEN_PICK_NOT_FACE && s->group != GEN_FACE))
            return s;
    }
}

/* Side: 0 unsided, 1 right, 2 left. Abbreviated sides read "R helix". */
static int side_pick(gen_rng *r, const gen_site *s)
{
    return s->sided ? rng_int(r, 1, 2) : 0;
}

static const char *site_text(char out[48], const gen_site *s, int side, bool abbreviate)
{
    static const char *const full[] = {"", "right ", "left "};
    static const char *const abbr[] = {"", "R ", "L "};
    snprintf(out, 48, "%s%s", abbreviate ? abbr[side] : full[side], s->name);
    return out;
}

static const char *site_icd(const gen_site *s, int side, bool scc)
{
    int i = side == 2 ? 1 : 0;
    return scc ? s->scc[i] : s->bcc[i];
}

/* ---- one encounter ----------------------------------------------------- */

typedef struct gen_line {
    char code[8];  /* CPT/HCPCS */
    char mods[8];  /* space-separated modifiers */
    int units;     /* units of service */
    char icd[40];  /* ';'-separated diagnoses */
    const char *ndc;    /* NDC of a drug line; NULL = the J3301 default for J3301, else none */
    const char *source; /* drug_source column; NULL = buy_and_bill for J3301, else none */
} gen_line;

typedef struct gen_note {
    const char *type; /* progress, procedure, mohs, pathology */
    gen_text text;    /* the note text, LF line ends */
} gen_note;

typedef struct gen_key {
    const char *category;  /* finding category: mohs, lesion, repair, modifier, em, payment, ... */
    const char *rule;      /* rule id from rules/catalog.csv */
    const char *direction; /* under or over */
    char billed[8];        /* code billed, "" when missing */
    int billed_units;      /* units billed, 0 when missing */
    char expected[8];      /* code the notes support, "" when none */
    int expected_units;    /* units the notes support, 0 when none */
    char detail[200];      /* what was planted, in plain words */
} gen_key;

typedef enum gen_kind {
    GEN_EM,       /* office visit only */
    GEN_AK,       /* destruction of actinic keratoses */
    GEN_BIOPSY,   /* skin biopsies */
    GEN_SHAVE,    /* shave removal */
    GEN_EXCISION, /* excision with or without repair */
    GEN_ILK,      /* intralesional triamcinolone */
    GEN_MOHS,     /* Mohs micrographic surgery */
    GEN_BENIGN,   /* removal of a benign lesion, medically necessary or cosmetic */
    GEN_BIOLOGIC, /* biologic or IM steroid injection (96372) */
    GEN_POSTOP,   /* post-operative visit in a global period (99024, no charge) */
    GEN_KIND_COUNT
} gen_kind;

typedef struct gen_encounter {
    long index;                      /* 0-based encounter number */
    gen_kind kind;                   /* what kind of visit */
    char id[24];                     /* encounter id, E... */
    char claim[24];                  /* claim id, C... */
    char patient[24];                /* patient id, P... */
    long dos;                        /* date of service */
    int provider;                    /* index into PROVIDERS */
    int payer;                       /* index into PAYERS */
    bool new_patient;                /* first visit of this patient in the period */
    char prior_auth[16];             /* authorization number, "" if none */
    const char *denial;              /* CARC every line is denied with, NULL = paid as usual */
    gen_line lines[GEN_MAX_LINES];   /* claim lines in order */
    int nlines;                      /* lines used */
    gen_note notes[GEN_MAX_NOTES];   /* notes in order */
    int nnotes;                      /* notes used */
    gen_key keys[GEN_MAX_KEYS];      /* planted issues */
    int nkeys;                       /* keys used */
    bool no_chance_denial;           /* a chance denial would be a finding here: none */
    int missing25;                   /* line of an E/M billed without its 25, -1 none */
    int postop_global;               /* global days of a surgery that earns a post-op visit, 0 none */
    int postop_after;                /* days after it the sutures come out */
    char postop_what[128];           /* that surgery, as the post-op note names it */
} gen_encounter;

/* A table of one encounter is full: a generator bug, never silent. */
static void encounter_full(const char *what)
{
    fprintf(stderr, "dermaudit-sample: too many %s in one encounter\n", what);
    abort();
}

static void line_add(gen_encounter *e, const char *code, const char *mods, int units, const char *icd)
{
    if (units <= 0)
        return;
    if (e->nlines == GEN_MAX_LINES)
        encounter_full("claim lines");
    gen_line *l = &e->lines[e->nlines++];
    l->ndc = l->source = NULL;
    snprintf(l->code, sizeof l->code, "%.*s", (int)sizeof l->code - 1, code);
    snprintf(l->mods, sizeof l->mods, "%s", mods);
    l->units = units;
    snprintf(l->icd, sizeof l->icd, "%s", icd);
}

static gen_text *note_add(gen_encounter *e, const char *type)
{
    if (e->nnotes == GEN_MAX_NOTES)
        encounter_full("notes");
    gen_note *n = &e->notes[e->nnotes++];
    n->type = type;
    text_reset(&n->text);
    return &n->text;
}

/* The finding category of a rule id, from its prefix (as rules/catalog.csv has it). */
static const char *category_of(const char *rule)
{
    static const char *const prefixes[][2] = {
        {"MOHS-", "mohs"},       {"LESION-", "lesion"},   {"REPAIR-", "repair"},
        {"PATH-", "pathology"},  {"COSM-", "cosmetic"},   {"MOD-", "modifier"},
        {"PAIR-", "modifier"},   {"MPPR-", "payment"},    {"EM-", "em"},
        {"DRUG-", "drug"},       {"DENIAL-", "denial"},
    };
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(rule, prefixes[i][0], strlen(prefixes[i][0])) == 0)
            return prefixes[i][1];
    return "other";
}

__attribute__((format(printf, 9, 0))) static void key_vadd(gen_encounter *e, const char *category, const char *rule, const char *direction,
                     const char *billed, int billed_units, const char *expected, int expected_units,
                     const char *fmt, va_list ap)
{
    if (e->nkeys == GEN_MAX_KEYS)
        encounter_full("answer-key rows");
    gen_key *k = &e->keys[e->nkeys++];
    k->category = category ? category : category_of(rule);
    k->rule = rule;
    k->direction = direction;
    snprintf(k->billed, sizeof k->billed, "%s", billed_units > 0 ? billed : "");
    k->billed_units = billed_units;
    snprintf(k->expected, sizeof k->expected, "%s", expected_units > 0 ? expected : "");
    k->expected_units = expected_units;
    vsnprintf(k->detail, sizeof k->detail, fmt, ap);
}

/* A planted Mohs issue. */
__attribute__((format(printf, 8, 9))) static void key_add(gen_encounter *e, const char *rule,
                                                          const char *direction, const char *billed,
                                                          int billed_units, const char *expected,
                                                          int expected_units, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    key_vadd(e, NULL, rule, direction, billed, billed_units, expected, expected_units, fmt, ap);
    va_end(ap);
}

/* A planted issue of another category (modifier, em). */
__attribute__((format(printf, 9, 10))) static void key_add_in(gen_encounter *e, const char *category,
                                                              const char *rule, const char *direction,
                                                              const char *billed, int billed_units,
                                                              const char *expected, int expected_units,
                                                              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    key_vadd(e, category, rule, direction, billed, billed_units, expected, expected_units, fmt, ap);
    va_end(ap);
}

/* A planted drug issue. */
__attribute__((format(printf, 8, 9))) static void drug_key(gen_encounter *e, const char *rule,
                                                           const char *direction, const char *billed,
                                                           int billed_units, const char *expected,
                                                           int expected_units, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    key_vadd(e, "drug", rule, direction, billed, billed_units, expected, expected_units, fmt, ap);
    va_end(ap);
}

/* The electronic signature that closes every note. */
static void sign_add(gen_text *t, gen_rng *r, const gen_encounter *e)
{
    char day[16];
    date_format(e->dos, day);
    text_addf(t, "Electronically signed by %s, MD, on %s at %02d:%02d.\n", PROVIDERS[e->provider] + 4, day,
              rng_int(r, 8, 18), rng_int(r, 0, 59));
}

/* ---- shared note phrases ------------------------------------------------ */

static const char *const CONSENT[] = {
    "Risks, benefits and alternatives were discussed, and written informed consent was obtained.",
    "The procedure, its risks (bleeding, infection, scarring, recurrence) and alternatives were reviewed; the patient signed consent.",
    "Informed consent was obtained after discussion of risks including bleeding, infection and scar.",
};
static const char *const TIMEOUT[] = {
    "A time out was performed confirming patient, site and procedure.",
    "Site confirmed with the patient and the referral photograph; time out completed.",
    "Universal protocol followed and the site was verified by the patient.",
};
static const char *const PREP[] = {
    "The area was prepped with chlorhexidine and draped in sterile fashion.",
    "The site was cleansed with isopropyl alcohol and prepped in the usual sterile manner.",
    "Sterile prep with povidone-iodine; sterile drapes applied.",
};
static const char *const HEMOSTASIS[] = {
    "Hemostasis was obtained with electrocautery.",
    "Hemostasis was achieved with pressure and spot electrocoagulation.",
    "Bleeding was controlled with aluminum chloride and pressure.",
};
static const char *const DRESSING[] = {
    "A pressure dressing was applied and wound care instructions were given verbally and in writing.",
    "Petrolatum, a nonstick pad and a pressure bandage were applied. Written wound care instructions provided.",
    "The wound was dressed with petrolatum and a bandage. The patient tolerated the procedure well.",
};
static const char *const ROS[] = {
    "Review of systems: negative for fever, chills and unintended weight loss.",
    "ROS: no fevers, night sweats or joint pain. Otherwise negative.",
    "Review of systems otherwise negative except as noted in the history.",
};
static const char *const MEDS[] = {
    "Medications and allergies were reviewed and updated in the chart.",
    "Medication list reviewed; no known drug allergies.",
    "Allergies: none known. Medications reconciled today.",
};

static void anesthesia_add(gen_text *t, gen_rng *r)
{
    text_addf(t, "Local anesthesia: 1%% lidocaine with epinephrine 1:100,000, %d mL.\n", rng_int(r, 2, 9));
}

/* Background a real chart carries; none of it bears on any billing rule. */
static const char *const PMH[] = {
    "hypertension, hyperlipidemia", "type 2 diabetes mellitus, diet controlled", "hypothyroidism on levothyroxine",
    "osteoarthritis of the knees", "no significant past medical history", "asthma, well controlled",
    "gastroesophageal reflux disease", "atrial fibrillation on apixaban",
};
static const char *const SOCIAL[] = {
    "Retired teacher; former smoker, quit 20 years ago; drinks socially.",
    "Works outdoors in construction; never smoker.",
    "Office worker; enjoys sailing and golf; no tobacco use.",
    "Lives with spouse; walks daily; no alcohol.",
    "Farmer with decades of sun exposure; smokeless tobacco in the past.",
    "Nurse; gardens on weekends; never smoker.",
};
static const char *const FAMILY[] = {
    "Family history: mother with melanoma in her sixties.",
    "Family history: noncontributory.",
    "Family history: father with basal cell carcinoma; no melanoma in the family.",
    "Family history: sister with psoriasis.",
};
static const char *const COUNSEL[] = {
    "Sun protection reviewed: broad-spectrum SPF 30 or higher, reapplied every two hours outdoors, with a wide-brimmed hat and protective clothing.",
    "The patient was advised to avoid tanning beds and to seek shade between 10 am and 4 pm.",
    "Monthly self-examination of the skin was encouraged, with attention to any new, changing or bleeding spot.",
    "Signs of infection (spreading redness, warmth, pus, fever) were reviewed and the patient will call if they occur.",
    "The patient was given our after-hours number and knows to call with any concerns.",
    "Questions were invited and answered to the patient's satisfaction.",
    "Written educational material was provided and reviewed with the patient.",
    "The patient verbalized understanding of the plan.",
};

static const char *const COMPANION[] = {"alone", "with spouse", "with daughter", "with son", "with a friend"};

static void history_add(gen_text *t, gen_rng *r)
{
    text_addf(t, "Intake: arrived %s; identity confirmed; pain %d/10; fall-risk screen negative.\n",
              GEN_PICK(r, COMPANION), rng_int(r, 0, 2));
    text_addf(t, "%s\n", GEN_PICK(r, ROS));
    text_addf(t, "Past medical history: %s.\nSocial history: %s\n%s\n", GEN_PICK(r, PMH), GEN_PICK(r, SOCIAL),
              GEN_PICK(r, FAMILY));
}

/* A procedure note repeats only what bears on the procedure: the intake
 * and the medical history (anticoagulants, diabetes). */
static void procedure_history_add(gen_text *t, gen_rng *r)
{
    text_addf(t, "Intake: arrived %s; identity confirmed; pain %d/10.\nPast medical history: %s.\n",
              GEN_PICK(r, COMPANION), rng_int(r, 0, 2), GEN_PICK(r, PMH));
}

/* One counseling sentence, for procedure and short visit notes. */
static void counsel_brief(gen_text *t, gen_rng *r)
{
    text_addf(t, "Counseling: %s\n", GEN_PICK(r, COUNSEL));
}

static void counsel_add(gen_text *t, gen_rng *r)
{
    int a = rng_int(r, 0, GEN_COUNT(COUNSEL) - 1);
    int b = (a + rng_int(r, 1, GEN_COUNT(COUNSEL) - 1)) % GEN_COUNT(COUNSEL);
    text_addf(t, "Counseling: %s %s\n", COUNSEL[a], COUNSEL[b]);
}

/* ---- E/M documentation ------------------------------------------------- */

/* One E/M scenario: the note states the problems, data and risk plainly, so
 * the level is not in doubt. */
typedef struct gen_em_case {
    const char *complaint; /* chief complaint */
    const char *history;   /* history of present illness */
    const char *exam;      /* examination */
    const char *plan;      /* assessment and plan lines */
    const char *icd;       /* diagnoses */
    const char *mdm;       /* stated medical decision making */
    bool longitudinal;     /* a chronic condition the practice manages over time: G2211 for Medicare */
} gen_em_case;

static const gen_em_case EM_STRAIGHTFORWARD[] = {
    {"spot on the back", "Patient noticed a brown spot on the back several months ago. No bleeding, no change.",
     "Stuck-on waxy brown papule of the mid back with typical features of a seborrheic keratosis.",
     "1. Seborrheic keratosis, back: benign. Reassurance given; no treatment needed.", "L82.1",
     "straightforward (1 self-limited problem; no data reviewed; minimal risk)", false},
    {"red spots on the chest", "Several small red spots on the chest, asymptomatic.",
     "Scattered 1-3 mm bright red papules of the chest consistent with cherry angiomas.",
     "1. Cherry angiomas: benign. Reassurance; no treatment.", "D18.01",
     "straightforward (1 self-limited problem; no data; minimal risk)", false},
    {"psoriasis check", "Long-standing mild plaque psoriasis of the elbows, stable. Patient prefers no treatment.",
     "Two small well-demarcated scaly plaques of the elbows, body surface area under 1%.",
     "1. Plaque psoriasis, stable: patient declines therapy. Monitor; return as needed.", "L40.0",
     "straightforward (1 stable chronic problem; no data; minimal risk)", true},
};

static const gen_em_case EM_LOW[] = {
    {"acne", "New breakouts on the chin for six weeks after starting a new mask at work.",
     "Inflammatory papules and a few comedones of the chin and jawline. No cysts or scarring.",
     "1. Acne vulgaris, mild, new: start clindamycin 1%/benzoyl peroxide 5% gel nightly (prescription sent).",
     "L70.0", "low (1 acute uncomplicated problem; prescription drug management)", false},
    {"itchy feet", "Itching and peeling between the toes for a month.",
     "Macerated scale of the web spaces of both feet. KOH not performed.",
     "1. Tinea pedis: start ketoconazole 2% cream twice daily for 4 weeks (prescription sent).", "B35.3",
     "low (1 acute uncomplicated problem; prescription drug management)", false},
    {"rash on the hands", "Itchy rash on the backs of the hands since using a new soap.",
     "Erythematous, mildly scaly patches of the dorsal hands without vesicles.",
     "1. Allergic contact dermatitis, hands: avoid the new soap; triamcinolone 0.1% cream twice daily for 2 weeks (prescription sent).",
     "L23.9", "low (1 acute uncomplicated problem; prescription drug management)", false},
};

static const gen_em_case EM_MODERATE[] = {
    {"eczema flare", "Known atopic dermatitis, worse for three weeks with poor sleep from itch.",
     "Lichenified eczematous plaques of the antecubital and popliteal fossae, excoriated.",
     "1. Atopic dermatitis with exacerbation: start triamcinolone 0.1% ointment twice daily to body and tacrolimus 0.1% ointment to folds (prescriptions sent). Bathing and moisturizer counseling.",
     "L20.9", "moderate (1 chronic illness with exacerbation; prescription drug management)", true},
    {"psoriasis and acne", "Psoriasis and acne both stable on current topicals. Requests refills.",
     "Few thin plaques of the elbows; rare papules of the cheeks.",
     "1. Plaque psoriasis, stable: refill clobetasol 0.05% ointment; discussed risks of atrophy.\n2. Acne vulgaris, stable: refill tretinoin 0.05% cream.",
     "L40.0;L70.0", "moderate (2 stable chronic illnesses; prescription drug management)", true},
    {"rosacea and scalp flaking", "Rosacea and seborrheic dermatitis, both stable, here for medication review.",
     "Mild centrofacial erythema; fine greasy scale of the scalp.",
     "1. Rosacea, stable: continue metronidazole 0.75% gel (refill sent).\n2. Seborrheic dermatitis, stable: ketoconazole 2% shampoo (refill sent).",
     "L71.9;L21.9", "moderate (2 stable chronic illnesses; prescription drug management)", true},
};

static const gen_em_case EM_HIGH[] = {
    {"severe psoriasis flare", "Rapid worsening of psoriasis over two weeks, now covering much of the trunk and limbs.",
     "Confluent erythematous scaly plaques over roughly 40% body surface area. Afebrile.",
     "1. Plaque psoriasis with severe exacerbation: start methotrexate 15 mg weekly with folic acid. Drug therapy requiring intensive monitoring for toxicity: CBC, CMP and liver tests ordered at baseline and every 4 weeks.",
     "L40.0", "high (chronic illness with severe exacerbation; drug therapy requiring intensive monitoring for toxicity)", true},
    {"blisters in the mouth and on the chest", "Known pemphigus vulgaris with new widespread erosions over ten days.",
     "Multiple flaccid bullae and erosions of the chest and back; oral erosions.",
     "1. Pemphigus vulgaris with severe exacerbation: start mycophenolate mofetil 1 g twice daily; drug therapy requiring intensive monitoring for toxicity with CBC and CMP every 2 weeks.",
     "L10.0", "high (chronic illness with severe exacerbation; drug therapy requiring intensive monitoring for toxicity)", true},
};

/* Separately identifiable problems documented beside a procedure. */
static const gen_em_case EM_SEPARATE_LOW[] = {
    {"acne", "", "Inflammatory papules of the forehead and cheeks.",
     "Acne vulgaris, new problem: start adapalene 0.1% gel nightly (prescription sent).", "L70.0",
     "low (1 acute uncomplicated problem; prescription drug management)", false},
    {"rosacea", "", "Centrofacial erythema with a few papules.",
     "Rosacea, stable: continue metronidazole 0.75% gel (refill sent).", "L71.9",
     "low (1 stable chronic illness; prescription drug management)", false},
};
static const gen_em_case EM_SEPARATE_MODERATE[] = {
    {"psoriasis and scalp flaking", "", "Thin plaques of the elbows; greasy scale of the scalp.",
     "Plaque psoriasis, stable: refill clobetasol 0.05% ointment. Seborrheic dermatitis, stable: refill ketoconazole 2% shampoo.",
     "L40.0;L21.9", "moderate (2 stable chronic illnesses; prescription drug management)", false},
};

/* Visit note for an office visit with nothing else done. */
static void encounter_em(gen_encounter *e, gen_rng *r)
{
    static const int est_minutes[] = {0, 0, 15, 25, 35, 45};
    int level;
    if (e->new_patient)
        level = rng_pct(r, 55) ? 3 : 4;
    else {
        int x = rng_int(r, 0, 99);
        level = x < 22 ? 2 : x < 62 ? 3 : x < 92 ? 4 : 5;
    }
    /* EM-LEVEL: about 2% billed one level under what the note documents, 2% one
     * over. Never over into 99205/99215: the rule cannot confirm high complexity
     * is missing (no severe-exacerbation fact), so it rightly says low confidence. */
    gen_rng side = rng_side(r, 0xE3u);
    int x = rng_int(&side, 0, 99);
    int billed = level;
    if (x < 2 && (e->new_patient ? level == 4 : level >= 3))
        billed = level - 1;
    else if (x >= 2 && x < 4 && (e->new_patient ? level == 3 : level <= 3))
        billed = level + 1;
    const gen_em_case *c = level == 2   ? &GEN_PICK(r, EM_STRAIGHTFORWARD)
                           : level == 3 ? &GEN_PICK(r, EM_LOW)
                           : level == 4 ? &GEN_PICK(r, EM_MODERATE)
                                        : &GEN_PICK(r, EM_HIGH);
    int minutes = e->new_patient ? (level == 3 ? 35 : 50) : est_minutes[level];
    static const char *const est_codes[] = {"", "", "99212", "99213", "99214", "99215"};
    static const char *const new_codes[] = {"", "", "99202", "99203", "99204", "99205"};
    const char *documented = e->new_patient ? new_codes[level] : est_codes[level];
    const char *code = e->new_patient ? new_codes[billed] : est_codes[billed];
    gen_text *t = note_add(e, "progress");
    text_addf(t, "DERMATOLOGY OFFICE VISIT - %s PATIENT\n", e->new_patient ? "NEW" : "ESTABLISHED");
    text_addf(t, "Chief complaint: %s.\n", c->complaint);
    text_addf(t, "History: %s\n", c->history);
    history_add(t, r);
    text_addf(t, "%s\n", GEN_PICK(r, MEDS));
    text_addf(t, "Examination: well-appearing, alert and oriented, in no distress. Skin examination of the areas of concern: %s The remainder of the examined skin was unremarkable.\n",
              c->exam);
    text_addf(t, "Assessment and plan:\n%s\n", c->plan);
    text_addf(t, "Medical decision making: %s.\n", c->mdm);
    text_addf(t, "Total time on the date of the encounter: %d minutes, including record review, examination, counseling and documentation.\n",
              minutes);
    counsel_add(t, r);
    text_addf(t, "Follow-up in %d months or sooner if needed.\n", rng_int(r, 2, 12));
    sign_add(t, r, e);
    line_add(e, code, "", 1, c->icd);
    if (billed != level)
        key_add(e, "EM-LEVEL", billed < level ? "under" : "over", code, 1, documented, 1,
                "%s billed; the note documents %s (stated MDM and total time)", code, documented);
    if (c->longitudinal && !e->new_patient && strcmp(PAYERS[e->payer].type, "medicare") == 0)
        line_add(e, "G2211", "", 1, c->icd);
}

/* Progress note and E/M-25 line for a separate problem on a procedure day. */
static void separate_em_add(gen_encounter *e, gen_rng *r)
{
    bool moderate = rng_pct(r, 35);
    const gen_em_case *c = moderate ? &GEN_PICK(r, EM_SEPARATE_MODERATE) : &GEN_PICK(r, EM_SEPARATE_LOW);
    gen_text *t = note_add(e, "progress");
    text_add(t, "OFFICE VISIT - ESTABLISHED PATIENT\n");
    text_addf(t, "In addition to today's procedure, the patient asked about %s.\n", c->complaint);
    text_addf(t, "%s\nExamination: %s\n", GEN_PICK(r, MEDS), c->exam);
    text_addf(t, "Separately identifiable problem addressed today:\n%s\n", c->plan);
    text_addf(t, "Medical decision making for this problem, excluding the procedure: %s.\n", c->mdm);
    counsel_brief(t, r);
    sign_add(t, r, e);
    const char *code = moderate ? "99214" : "99213";
    int plant = rng_int(r, 0, 99);
    /* Injection visits can carry a planted claim-wide denial, which would decide the
     * E/M's fate: modifier 25 is left off only beside the lesion procedures. */
    bool lesion_day = e->kind == GEN_AK || e->kind == GEN_BIOPSY || e->kind == GEN_SHAVE;
    if (plant < 6) {
        /* Modifier 59 does not belong on an E/M. */
        line_add(e, code, "25 59", 1, c->icd);
        key_add_in(e, "modifier", "MOD-59-ON-EM", "gap", code, 1, code, 1, "%s billed with 25 and 59", code);
    } else if (plant >= 14 && plant < 26 && lesion_day) {
        /* 25 left off: the claim writer decides whether the payer denied the E/M (CO-4) or paid it. */
        line_add(e, code, "", 1, c->icd);
        e->missing25 = e->nlines - 1;
        e->no_chance_denial = true;
    } else {
        line_add(e, code, "25", 1, c->icd);
    }
    if (plant >= 6 && plant < 14) {
        /* G2211 is not payable with an E/M-25 beside a skin procedure (CY2025+). */
        line_add(e, "G2211", "", 1, c->icd);
        key_add_in(e, "em", "EM-G2211-WITH-25", "over", "G2211", 1, "", 0,
                   "G2211 billed with %s-25 on the day of a minor procedure", code);
    }
}

/* About 7% of the AK visits without a separate problem: a visit note that
 * covers only the lesions treated (the decision to treat), billed as an
 * E/M-25 anyway (MOD-25-UNSUPPORTED). */
static void decision_em_add(gen_encounter *e, gen_rng *r)
{
    gen_rng side = rng_side(r, 0x2525u);
    if (!rng_pct(&side, 7))
        return;
    const char *code = rng_pct(&side, 50) ? "99213" : "99212";
    gen_text *t = note_add(e, "progress");
    text_add(t, "OFFICE VISIT - ESTABLISHED PATIENT\n");
    text_add(t, "Chief complaint: rough spots on sun-exposed skin.\n");
    text_add(t, "Examination: rough scaly papules on sun-damaged skin.\n");
    text_add(t, "Assessment: actinic keratoses, stable. Treatment was recommended, and the patient agreed to have it done today (see the procedure note).\n");
    sign_add(t, &side, e);
    line_add(e, code, "25", 1, "L57.0");
    key_add(e, "MOD-25-UNSUPPORTED", "over", code, 1, "", 0,
            "%s-25 billed; the visit note covers only the decision to treat the actinic keratoses", code);
}

/* ---- procedures other than Mohs --------------------------------------- */

/* Lesion and repair billing problems: at most one per encounter. */
typedef enum gen_lesion_plant {
    GEN_LP_NONE,
    GEN_LP_EXC_SIZE_UNDER,   /* excision coded on lesion size, margins left out */
    GEN_LP_EXC_SIZE_OVER,    /* excision coded one bucket above the excised diameter */
    GEN_LP_EXC_PATHOLOGY,    /* malignant pathology billed with the benign code */
    GEN_LP_REPAIR_NOT_BILLED, /* intermediate repair documented, not billed */
    GEN_LP_REPAIR_CODE,      /* intermediate repair billed in the wrong length bucket */
    GEN_LP_REPAIR_BUNDLED,   /* Medicare: repair billed with a benign excision of 0.5 cm */
    GEN_LP_SHAVE_MARGIN,     /* shave coded on lesion + margins */
    GEN_LP_SHAVE_UNDER,      /* shave coded one bucket low */
    GEN_LP_AK_17004,         /* 15 or more AKs billed as 17000 + 17003 x 13 */
    GEN_LP_AK_COUNT,         /* 17003 units below the AK count - 1 */
    GEN_LP_AK_OVER,          /* fewer than 15 AKs billed as 17004 */
    GEN_LP_BIOPSY_ADDON,     /* biopsy add-ons missing */
    GEN_LP_BIOPSY_BASES,     /* each biopsy billed as a base code */
    GEN_LP_BIOPSY_HIERARCHY, /* punch billed as a tangential add-on under a tangential base */
    GEN_LP_COUNT
} gen_lesion_plant;

static const char *const LESION_PLANT_NAMES[] = {"",
                                                 "LESION-EXC-SIZE under",
                                                 "LESION-EXC-SIZE over",
                                                 "LESION-EXC-PATHOLOGY under",
                                                 "REPAIR-NOT-BILLED under",
                                                 "REPAIR-CODE",
                                                 "REPAIR-BENIGN-SMALL over",
                                                 "LESION-SHAVE-CODE over (margins)",
                                                 "LESION-SHAVE-CODE under",
                                                 "LESION-AK-17004 (17000 + 17003)",
                                                 "LESION-AK-COUNT under",
                                                 "LESION-AK-17004 over",
                                                 "LESION-BIOPSY-ADDON under",
                                                 "LESION-BIOPSY-BASE over",
                                                 "LESION-BIOPSY-BASE under"};

/* "under" when the expected code and units pay more than those billed. */
static const char *fee_direction(const char *billed, int billed_units, const char *expected, int expected_units)
{
    const gen_fee *b = fee_find(billed), *x = fee_find(expected);
    long long was = b ? b->cents * billed_units : 0, will = x ? x->cents * expected_units : 0;
    return will > was ? "under" : "over";
}

static void biopsy_add(gen_encounter *e, gen_rng *r, gen_lesion_plant plant, bool beside);

static void encounter_ak(gen_encounter *e, gen_rng *r, gen_lesion_plant plant)
{
    static const char *const areas[] = {"scalp and forehead", "face", "dorsal hands and forearms",
                                        "bald scalp", "cheeks and nose", "ears and temples"};
    int n = rng_pct(r, 10) ? rng_int(r, 15, 22) : rng_int(r, 1, 14);
    if (plant == GEN_LP_AK_17004)
        n = rng_int(r, 15, 22);
    else if (plant == GEN_LP_AK_COUNT)
        n = rng_int(r, 3, 14);
    else if (plant == GEN_LP_AK_OVER)
        n = rng_int(r, 5, 14);
    if (rng_pct(r, 30))
        separate_em_add(e, r);
    else
        decision_em_add(e, r);
    gen_text *t = note_add(e, "procedure");
    text_add(t, "PROCEDURE NOTE - DESTRUCTION OF PREMALIGNANT LESIONS\n");
    procedure_history_add(t, r);
    text_addf(t, "Diagnosis: actinic keratoses of the %s.\n", GEN_PICK(r, areas));
    text_add(t, "Rough erythematous scaly papules consistent with actinic keratoses.\n");
    text_addf(t, "%s\n", GEN_PICK(r, CONSENT));
    switch (rng_int(r, 0, 2)) {
    case 0: text_addf(t, "Number of lesions treated: %d.\n", n); break;
    case 1:
        if (n <= 12) {
            char word[16];
            snprintf(word, sizeof word, "%s", WORDS[n]);
            word[0] = (char)(word[0] - 'a' + 'A');
            text_addf(t, "%s actinic keratos%s treated.\n", word, n == 1 ? "is was" : "es were");
        } else
            text_addf(t, "%d actinic keratoses were treated.\n", n);
        break;
    default: text_addf(t, "AKs treated: %d\n", n); break;
    }
    text_add(t, "Method: cryotherapy with liquid nitrogen, two freeze-thaw cycles per lesion.\n");
    text_add(t, "Expected blistering and crusting reviewed. Return if any lesion persists.\n");
    counsel_brief(t, r);
    sign_add(t, r, e);
    if (plant == GEN_LP_AK_17004) {
        line_add(e, "17000", "", 1, "L57.0");
        line_add(e, "17003", "", 13, "L57.0");
        key_add(e, "LESION-AK-17004", "under", "17000", 1, "17004", 1,
                "%d AKs treated: 17004 alone, billed as 17000 + 17003 x13", n);
        key_add(e, "LESION-AK-17004", "over", "17003", 13, "", 0, "17003 is never billed with 17004 (%d AKs)", n);
    } else if (plant == GEN_LP_AK_COUNT) {
        int billed = rng_int(r, 0, n - 2);
        line_add(e, "17000", "", 1, "L57.0");
        line_add(e, "17003", "", billed, "L57.0");
        key_add(e, "LESION-AK-COUNT", "under", "17003", billed, "17003", n - 1,
                "%d AKs treated: 17003 x%d, billed x%d", n, n - 1, billed);
    } else if (plant == GEN_LP_AK_OVER) {
        line_add(e, "17004", "", 1, "L57.0");
        key_add(e, "LESION-AK-17004", "over", "17004", 1, "17000", 1, "%d AKs treated (fewer than 15): 17004 billed", n);
        key_add(e, "LESION-AK-COUNT", "under", "", 0, "17003", n - 1, "%d AKs treated: 17003 x%d not billed", n, n - 1);
    } else if (n >= 15)
        line_add(e, "17004", "", 1, "L57.0");
    else {
        line_add(e, "17000", "", 1, "L57.0");
        line_add(e, "17003", "", n - 1, "L57.0");
    }
    /* A full skin check that also finds lesions to biopsy elsewhere: only
     * beside clean AK billing, so the plants keep one problem each. */
    if (plant == GEN_LP_NONE && e->nkeys == 0 && e->missing25 < 0 && rng_pct(r, 55))
        biopsy_add(e, r, GEN_LP_NONE, true);
}

/* ---- in-house pathology ------------------------------------------------ */

static const char PATH_IN_HOUSE[] =
    "DERMATOPATHOLOGY REPORT (in-house laboratory; read by the practice's dermatopathologist)\n";

/* Stain codes of the pathology report: special stain for organisms, first and added antibody. */
enum { GEN_STAIN_PAS, GEN_STAIN_IHC, GEN_STAIN_IHC_ADDL, GEN_STAIN_COUNT };
static const char *const STAIN_CODES[GEN_STAIN_COUNT] = {"88312", "88342", "88341"};

/* ICD-10 of squamous cell carcinoma in situ at a site (D04), from the
 * site's basal cell code (C44): the same body region. */
static const char *site_icd_in_situ(const gen_site *s, int side)
{
    switch (s->bcc[0][4]) {
    case '0': return "D04.0";
    case '2': return side == 2 ? "D04.22" : "D04.21";
    case '3': return "D04.39";
    case '4': return "D04.4";
    case '5': return "D04.5";
    case '6': return side == 2 ? "D04.62" : "D04.61";
    default: return side == 2 ? "D04.72" : "D04.71";
    }
}

/* One biopsied lesion. */
typedef struct gen_specimen {
    const gen_site *site; /* where it was taken */
    int side;             /* 0 unsided, 1 right, 2 left */
    char where[48];       /* site as written */
    int concern;          /* index of the clinical concern */
    bool punch;           /* punch (else tangential) biopsy */
    const char *final;    /* final pathology diagnosis */
    const char *icd;      /* its ICD-10 */
} gen_specimen;

/* The final diagnosis of a biopsied lesion, by the clinical concern. */
static void specimen_diagnose(gen_specimen *sp, gen_rng *r)
{
    static const char *const dx[][2] = {
        {"basal cell carcinoma, nodular type", "basal cell carcinoma, superficial type"},
        {"squamous cell carcinoma in situ", "squamous cell carcinoma, well differentiated, invasive"},
        {"dysplastic compound nevus with mild atypia", "benign compound nevus"},
        {"basal cell carcinoma, infiltrative type", "squamous cell carcinoma in situ"},
    };
    sp->final = dx[sp->concern][rng_int(r, 0, 1)];
    sp->icd = strncmp(sp->final, "basal", 5) == 0    ? site_icd(sp->site, sp->side, false)
              : strstr(sp->final, "in situ") != NULL ? site_icd_in_situ(sp->site, sp->side)
              : strncmp(sp->final, "squamous", 8) == 0 ? site_icd(sp->site, sp->side, true)
                                                       : "D22.9";
}

/* The in-house report of a biopsy encounter and its pathology lines: one
 * 88305 line per specimen, with that specimen's final diagnosis (59 on the
 * second and later, as the same code repeats on the claim), then the stains
 * it documents. With plants, some encounters get a specimen too few or too
 * many billed, or a stain left off the claim. */
static void biopsy_pathology(gen_encounter *e, gen_rng *r, int n, const gen_specimen *sp, bool plants)
{
    int x = rng_int(r, 0, 99);
    int plant = !plants ? 0 : x < 8 ? 1 : x < 13 ? 2 : x < 19 ? 3 : 0; /* 1 units under, 2 units over, 3 stain */
    int stains[GEN_STAIN_COUNT] = {0}, forced = -1;
    gen_text *p = note_add(e, "pathology");
    text_add(p, PATH_IN_HOUSE);
    for (int i = 0; i < n; i++) {
        text_addf(p, "Specimen %c: skin, %s, %s biopsy.\n", 'A' + i, sp[i].where, sp[i].punch ? "punch" : "shave");
        text_addf(p, "Final diagnosis, specimen %c: %s.\n", 'A' + i, sp[i].final);
        bool force = plant == 3 && i == 0;
        if (sp[i].concern == 2 && (force || rng_pct(r, 25))) {
            bool two = !force && rng_pct(r, 50);
            text_addf(p, "Immunohistochemistry on specimen %c: %s.\n", 'A' + i,
                      two ? "SOX10 and PRAME immunostains (two antibodies) support the diagnosis"
                          : "SOX10 immunostain highlights the junctional melanocytes");
            stains[GEN_STAIN_IHC]++;
            stains[GEN_STAIN_IHC_ADDL] += two;
            if (force)
                forced = GEN_STAIN_IHC;
        } else if (sp[i].concern != 2 && (force || rng_pct(r, 12))) {
            text_addf(p, "Special stain on specimen %c: PAS, negative for fungal organisms.\n", 'A' + i);
            stains[GEN_STAIN_PAS]++;
            if (force)
                forced = GEN_STAIN_PAS;
        }
    }
    text_add(p, "Electronically signed by the practice's dermatopathologist.\n");
    /* Units under: the last specimen left off; over: the first billed twice. */
    int lines = plant == 1 ? n - 1 : n;
    for (int i = 0; i < lines; i++)
        line_add(e, "88305", i > 0 ? "59" : "", 1, sp[i].icd);
    if (plant == 2)
        line_add(e, "88305", "59", 1, sp[0].icd);
    int units = plant == 1 ? n - 1 : plant == 2 ? n + 1 : n;
    if (plant == 1 || plant == 2)
        key_add_in(e, "pathology", "PATH-UNITS", plant == 1 ? "under" : "over", "88305", units, "88305", n,
                   "%d specimen%s read in-house; 88305 billed x%d", n, n == 1 ? "" : "s", units);
    for (int k = 0; k < GEN_STAIN_COUNT; k++) {
        int billed = stains[k] - (k == forced);
        line_add(e, STAIN_CODES[k], "", billed, sp[0].icd);
        if (k == forced)
            key_add_in(e, "pathology", "PATH-STAIN", "under", STAIN_CODES[k], billed, STAIN_CODES[k], stains[k],
                       "stain documented on specimen A; %s billed x%d of %d", STAIN_CODES[k], billed, stains[k]);
    }
}

/* Biopsies, alone (a biopsy visit, plants allowed) or beside another
 * procedure on separate trunk and limb lesions (a skin check: no plants,
 * XS on the biopsy lines, no history repeated). */
static void biopsy_add(gen_encounter *e, gen_rng *r, gen_lesion_plant plant, bool beside)
{
    static const char *const concern[] = {"rule out basal cell carcinoma", "rule out squamous cell carcinoma",
                                          "changing pigmented lesion, rule out dysplastic nevus",
                                          "nonhealing lesion, rule out carcinoma"};
    /* Trunk and limb sites no AK area ("scalp and forehead", "dorsal hands and forearms") names. */
    static const int beside_sites[] = {11, 12, 14, 15, 16};
    int y = rng_int(r, 0, 99);
    int n = beside ? (y < 60 ? 1 : 2) : y < 20 ? 1 : y < 55 ? 2 : y < 82 ? 3 : 4;
    int technique = rng_int(r, 0, 2); /* 0 tangential, 1 punch, 2 one punch + tangential */
    if (plant == GEN_LP_BIOPSY_BASES)
        technique = rng_int(r, 0, 1);
    else if (plant == GEN_LP_BIOPSY_HIERARCHY)
        technique = 2;
    if ((technique == 2 || plant != GEN_LP_NONE) && n == 1)
        n = 2;
    if (!beside && rng_pct(r, 35))
        separate_em_add(e, r);
    gen_text *t = note_add(e, "procedure");
    text_add(t, "PROCEDURE NOTE - SKIN BIOPSY\n");
    if (beside)
        text_add(t, "During today's full skin examination, separate lesions of the trunk and limbs were found to need biopsy.\n");
    else
        procedure_history_add(t, r);
    text_addf(t, "%s\n", GEN_PICK(r, CONSENT));
    text_add(t, "Anesthesia: 1% lidocaine with epinephrine.\n");
    gen_specimen sp[4];
    for (int i = 0; i < n; i++) {
        sp[i].site = beside ? &SITES[GEN_PICK(r, beside_sites)] : site_pick(r, GEN_PICK_ANY);
        sp[i].side = side_pick(r, sp[i].site);
        site_text(sp[i].where, sp[i].site, sp[i].side, false);
        sp[i].punch = technique == 1 || (technique == 2 && i == 0);
        sp[i].concern = rng_int(r, 0, GEN_COUNT(concern) - 1);
        text_addf(t, "Specimen %c: %s, %s. ", 'A' + i, sp[i].where, concern[sp[i].concern]);
        if (sp[i].punch)
            text_addf(t, "Punch biopsy with a %d mm punch; closed with one 4-0 nylon suture.\n", rng_int(r, 3, 4));
        else
            text_add(t, "Tangential (shave) biopsy to the level of the mid dermis; aluminum chloride for hemostasis.\n");
    }
    bool in_house = rng_pct(r, 90);
    for (int i = 0; i < n && in_house; i++)
        specimen_diagnose(&sp[i], r);
    if (in_house)
        text_add(t, "Each specimen was placed in its own labeled bottle and submitted to our in-house dermatopathology laboratory. Will call with results.\n");
    else
        text_add(t, "Specimens sent to the outside dermatopathology laboratory. Will call with results.\n");
    text_addf(t, "%s\n", GEN_PICK(r, DRESSING));
    if (!beside)
        counsel_brief(t, r);
    sign_add(t, r, e);
    const char *mods = beside ? "XS" : "";
    const char *base = technique == 0 ? "11102" : "11104";
    const char *addon = technique == 1 ? "11105" : "11103";
    if (plant == GEN_LP_BIOPSY_ADDON) {
        int billed = rng_int(r, 0, n - 2);
        line_add(e, base, "", 1, "D49.2");
        line_add(e, addon, "", billed, "D49.2");
        key_add(e, "LESION-BIOPSY-ADDON", "under", addon, billed, addon, n - 1,
                "%d biopsies: %s x%d, billed x%d", n, addon, n - 1, billed);
    } else if (plant == GEN_LP_BIOPSY_BASES) {
        line_add(e, base, "", n, "D49.2");
        key_add(e, "LESION-BIOPSY-BASE", "over", base, n - 1, addon, n - 1,
                "%d biopsies of one technique billed as %d base codes", n, n);
    } else if (plant == GEN_LP_BIOPSY_HIERARCHY) {
        line_add(e, "11102", "", 1, "D49.2");
        line_add(e, "11103", "", n - 1, "D49.2");
        key_add(e, "LESION-BIOPSY-BASE", "under", "11102", 1, "11104", 1,
                "punch and tangential biopsies: the punch takes the base code");
    } else if (in_house) {
        /* Held until the practice's own report is signed, then coded with
         * each lesion's final diagnosis: one line per biopsy. */
        for (int i = 0; i < n; i++)
            line_add(e, i == 0 ? base : addon, mods, 1, sp[i].icd);
    } else {
        line_add(e, base, mods, 1, "D49.2");
        line_add(e, addon, mods, n - 1, "D49.2");
    }
    if (in_house)
        biopsy_pathology(e, r, n, sp, !beside);
}

static void encounter_biopsy(gen_encounter *e, gen_rng *r, gen_lesion_plant plant)
{
    biopsy_add(e, r, plant, false);
}

/* Size picks that sit squarely inside a bucket: bucket i (1-based) -> mm. */
static int bucket_size(gen_rng *r, int bucket)
{
    static const int mm[][3] = {{0, 0, 0}, {3, 4, 4}, {7, 8, 9}, {13, 15, 18}, {24, 25, 28}, {34, 35, 37}};
    return mm[bucket][rng_int(r, 0, 2)];
}

/* Shave bucket of a diameter in mm: 1 to 4. */
static int shave_bucket(int mm)
{
    return mm <= 5 ? 1 : mm <= 10 ? 2 : mm <= 20 ? 3 : 4;
}

static void encounter_shave(gen_encounter *e, gen_rng *r, gen_lesion_plant plant)
{
    static const int base[] = {0, 11300, 11305, 11310};
    static const char *const why[] = {"it is inflamed and bleeds when it catches on clothing",
                                      "it is irritated, itches intensely and has bled twice",
                                      "it is repeatedly traumatized and painful"};
    const gen_site *s = site_pick(r, GEN_PICK_ANY);
    char where[48];
    site_text(where, s, side_pick(r, s), false);
    int bucket = plant == GEN_LP_SHAVE_MARGIN ? rng_int(r, 1, 3) : plant == GEN_LP_SHAVE_UNDER ? rng_int(r, 2, 4)
                                                                                              : rng_int(r, 1, 4);
    int size = bucket == 4 ? rng_int(r, 23, 30) : bucket_size(r, bucket);
    int margin = 0;
    if (plant == GEN_LP_SHAVE_MARGIN) {
        margin = rng_int(r, 2, 3);
        while (shave_bucket(size + 2 * margin) == bucket)
            margin++;
    }
    int billed_bucket = plant == GEN_LP_SHAVE_MARGIN ? shave_bucket(size + 2 * margin)
                        : plant == GEN_LP_SHAVE_UNDER ? bucket - 1
                                                      : bucket;
    char code[16], right[16], sz[16];
    snprintf(code, sizeof code, "%d", base[s->group] + billed_bucket - 1);
    snprintf(right, sizeof right, "%d", base[s->group] + bucket - 1);
    if (rng_pct(r, 20))
        separate_em_add(e, r);
    gen_text *t = note_add(e, "procedure");
    e->no_chance_denial = true; /* a denied covered removal is a cosmetic finding */
    text_add(t, "PROCEDURE NOTE - SHAVE REMOVAL\n");
    procedure_history_add(t, r);
    text_addf(t, "Lesion: irritated seborrheic keratosis of the %s.\n", where);
    text_addf(t, "Lesion diameter: %s cm.\n", cm(sz, size));
    if (plant == GEN_LP_SHAVE_MARGIN)
        text_addf(t, "Shaved with a %d mm margin of normal skin.\n", margin);
    text_addf(t, "Indication: removal is medically necessary because %s.\n", GEN_PICK(r, why));
    text_addf(t, "%s\n", GEN_PICK(r, CONSENT));
    text_add(t, "After local anesthesia with 1% lidocaine, the lesion was removed by shave technique to the level of the mid dermis. No sutures.\n");
    bool in_house = rng_pct(r, 90);
    if (in_house)
        text_add(t, "The specimen was submitted to our in-house dermatopathology laboratory.\n");
    text_addf(t, "%s\n%s\n", GEN_PICK(r, HEMOSTASIS), GEN_PICK(r, DRESSING));
    counsel_brief(t, r);
    sign_add(t, r, e);
    line_add(e, code, "", 1, "L82.0");
    if (in_house) {
        gen_text *p = note_add(e, "pathology");
        text_add(p, PATH_IN_HOUSE);
        text_addf(p, "Specimen: skin, %s, shave removal.\n", where);
        text_add(p, "Microscopic: acanthotic epidermis with horn cysts and a dense lymphocytic infiltrate with squamous eddies.\n");
        text_add(p, "Final diagnosis: irritated seborrheic keratosis. No atypia.\n");
        text_add(p, "Electronically signed by the practice's dermatopathologist.\n");
        line_add(e, "88305", "", 1, "L82.0");
    }
    if (plant == GEN_LP_SHAVE_MARGIN)
        key_add(e, "LESION-SHAVE-CODE", "over", code, 1, right, 1,
                "%s cm lesion coded with its %d mm margins: %s billed instead of %s", sz, margin, code, right);
    else if (plant == GEN_LP_SHAVE_UNDER)
        key_add(e, "LESION-SHAVE-CODE", "under", code, 1, right, 1, "%s cm lesion: %s billed instead of %s", sz,
                code, right);
}

/* ---- injections: planted drug problems ---------------------------------- */

typedef enum gen_drug_plant {
    GEN_DRUG_NONE,
    GEN_DRUG_UNITS_UNDER,    /* drug line with too few units */
    GEN_DRUG_UNITS_OVER,     /* drug line with too many units */
    GEN_DRUG_NOT_BILLED,     /* buy-and-bill dose with no drug line */
    GEN_DRUG_ADMIN_MISSING,  /* no administration code */
    GEN_DRUG_ADMIN_LESIONS,  /* 11900 for more than 7 lesions, or 11901 for 7 or fewer */
    GEN_DRUG_JZ_MISSING,     /* Medicare single-dose line without JZ */
    GEN_DRUG_JW_MISSING,     /* Medicare waste documented, no JW line */
    GEN_DRUG_PA_MISSING,     /* biologic to a commercial or Medicaid payer without authorization */
    GEN_DRUG_AUTH_DENIED,    /* denied CO-197 with the authorization on the claim */
    GEN_DRUG_SUPPLIED,       /* white-bagged drug billed by the practice */
    GEN_DRUG_SAD,            /* self-administered drug billed to Medicare Part B */
    GEN_DRUG_PLANT_COUNT
} gen_drug_plant;

static const char *const DRUG_PLANT_NAMES[] = {"", "units under", "units over", "drug not billed",
                                               "administration missing", "lesion-count code",
                                               "JZ missing", "JW missing", "prior auth missing",
                                               "CO-197 with auth", "white-bag billed", "SAD to Medicare"};

static void encounter_ilk_plain(gen_encounter *e, gen_rng *r, int *lesions_out, int *units_out,
                                char icd_out[16]);

/* ILK, billed right or with one planted drug problem (13%). */
static gen_drug_plant encounter_ilk(gen_encounter *e, gen_rng *r)
{
    int lesions, units;
    char icd[16];
    encounter_ilk_plain(e, r, &lesions, &units, icd);
    const char *admin = lesions > 7 ? "11901" : "11900";
    const char *other = lesions > 7 ? "11900" : "11901";
    int p = rng_int(r, 0, 99);
    if (p < 5 && units >= 2) {
        line_add(e, admin, "", 1, icd);
        line_add(e, "J3301", "", units - 1, icd);
        drug_key(e, "DRUG-UNITS", "under", "J3301", units - 1, "J3301", units,
                 "%d units of J3301 documented (dose / 10 mg, rounded up); %d billed", units, units - 1);
        return GEN_DRUG_UNITS_UNDER;
    }
    if (p < 10) {
        line_add(e, other, "", 1, icd);
        line_add(e, "J3301", "", units, icd);
        drug_key(e, "DRUG-ADMIN-LESIONS", lesions > 7 ? "under" : "over", other, 1, admin, 1,
                 "%d lesions injected: %s, billed as %s", lesions, admin, other);
        return GEN_DRUG_ADMIN_LESIONS;
    }
    if (p < 13) {
        line_add(e, admin, "", 1, icd);
        drug_key(e, "DRUG-NOT-BILLED", "under", "", 0, "J3301", units,
                 "%d units of triamcinolone from the office vial documented; no J3301 line", units);
        return GEN_DRUG_NOT_BILLED;
    }
    line_add(e, admin, "", 1, icd);
    line_add(e, "J3301", "", units, icd);
    return GEN_DRUG_NONE;
}

/* The ILK note; the caller bills it. */
static void encounter_ilk_plain(gen_encounter *e, gen_rng *r, int *lesions_out, int *units_out,
                                char icd_out[16])
{
    static const struct {
        const char *dx, *icd, *where, *lesion;
        int conc; /* mg/mL injected */
    } kinds[] = {
        {"keloids", "L91.0", "chest", "keloid", 10},
        {"alopecia areata", "L63.9", "scalp", "patch", 5},
        {"inflamed acne cysts", "L70.0", "cheeks and jawline", "cyst", 5},
        {"hypertrophic scars", "L91.0", "shoulders", "scar", 10},
    };
    int k = rng_int(r, 0, GEN_COUNT(kinds) - 1);
    int lesions = rng_pct(r, 12) ? rng_int(r, 8, 10) : rng_int(r, 1, 7);
    int tenths_ml = kinds[k].conc == 10 ? 10 * rng_int(r, 1, 4) : 10 * rng_int(r, 1, 6);
    int mg = tenths_ml * kinds[k].conc / 10;
    int units = (mg + 9) / 10;
    if (rng_pct(r, 30))
        separate_em_add(e, r);
    gen_text *t = note_add(e, "procedure");
    char ml[16];
    text_add(t, "PROCEDURE NOTE - INTRALESIONAL INJECTION\n");
    procedure_history_add(t, r);
    text_addf(t, "Diagnosis: %s of the %s.\n", kinds[k].dx, kinds[k].where);
    text_addf(t, "%s\n", GEN_PICK(r, CONSENT));
    text_addf(t, "Number of lesions injected: %d (%s%s).\n", lesions, kinds[k].lesion, lesions == 1 ? "" : "s");
    if (kinds[k].conc == 10)
        text_addf(t, "Medication: triamcinolone acetonide (Kenalog-10, 10 mg/mL, multi-dose vial), total %s mL = %d mg.\n",
                  cm(ml, tenths_ml), mg);
    else
        text_addf(t, "Medication: triamcinolone acetonide from a Kenalog-10 multi-dose vial diluted with saline to 5 mg/mL, total %s mL = %d mg.\n",
                  cm(ml, tenths_ml), mg);
    text_add(t, "NDC 00003-0293-05. Injected with a 30-gauge needle. No complications.\n");
    text_add(t, "Discussed possible atrophy and hypopigmentation. Repeat in 4-6 weeks as needed.\n");
    counsel_brief(t, r);
    sign_add(t, r, e);
    snprintf(icd_out, 16, "%s", kinds[k].icd);
    *lesions_out = lesions;
    *units_out = units;
}

/* The drugs of the injection visits. */
typedef struct gen_drug {
    const char *text;    /* how the note names it */
    const char *code;    /* HCPCS */
    int unit_mg;         /* mg per billing unit */
    bool single;         /* single-dose container: JZ/JW for Medicare */
    const char *ndc;     /* NDC recorded */
    const char *dx;      /* diagnosis in words */
    const char *icd;     /* ICD-10 */
} gen_drug;

static const gen_drug DRUG_ILUMYA = {"tildrakizumab-asmn (Ilumya) single-dose prefilled syringe", "J3245", 1,
                                     true, "47335-0177-95", "moderate to severe plaque psoriasis", "L40.0"};
static const gen_drug DRUG_XOLAIR = {"omalizumab (Xolair) single-dose prefilled syringe", "J2357", 5, true,
                                     "50242-0214-01", "chronic spontaneous urticaria", "L50.1"};
static const gen_drug DRUG_XOLAIR_VIAL = {"omalizumab (Xolair) lyophilized single-dose vial, reconstituted per label",
                                          "J2357", 5, true, "50242-0040-62", "chronic spontaneous urticaria",
                                          "L50.1"};
static const gen_drug DRUG_KENALOG_IM = {"triamcinolone acetonide (Kenalog-40, 40 mg/mL, multi-dose vial)", "J3301",
                                         10, false, "00003-0293-20", "severe allergic contact dermatitis", "L23.7"};
static const gen_drug DRUG_TREMFYA = {"guselkumab (Tremfya) single-dose prefilled pen", "J1628", 1, true,
                                      "57894-0640-01", "moderate to severe plaque psoriasis", "L40.0"};
static const gen_drug DRUG_DUPIXENT = {"dupilumab (Dupixent) prefilled pen", "J3590", 0, true, "00024-5915-02",
                                       "moderate to severe atopic dermatitis", "L20.9"};

typedef enum gen_channel {
    GEN_CH_OFFICE,    /* bought and billed by the practice */
    GEN_CH_WHITE_BAG, /* shipped to the clinic by the patient's specialty pharmacy */
    GEN_CH_BROWN_BAG  /* brought from home by the patient */
} gen_channel;

static void biologic_note(gen_encounter *e, gen_rng *r, const gen_drug *d, int mg, int waste_mg,
                          gen_channel ch, bool im)
{
    static const char *const sites[] = {"left lower abdomen", "right lower abdomen", "right upper outer arm",
                                        "left anterior thigh"};
    static const char *const who[] = {"by the nurse", "by the medical assistant under physician supervision",
                                      "by the physician"};
    gen_text *t = note_add(e, "procedure");
    text_addf(t, "PROCEDURE NOTE - %s INJECTION\n", im ? "INTRAMUSCULAR" : "SUBCUTANEOUS");
    procedure_history_add(t, r);
    text_addf(t, "Diagnosis: %s.\n", d->dx);
    text_add(t, "Indication, risks and benefits reviewed; verbal consent obtained. No signs of active infection today.\n");
    if (im)
        text_addf(t, "Medication: %s. Dose administered: %d mg intramuscularly into the %s gluteus %s.\n", d->text,
                  mg, rng_pct(r, 50) ? "right" : "left", GEN_PICK(r, who));
    else
        text_addf(t, "Medication: %s. Dose administered: %d mg subcutaneously into the %s %s.\n", d->text, mg,
                  GEN_PICK(r, sites), GEN_PICK(r, who));
    text_addf(t, "NDC %s, lot %c%05d, expiration checked.\n", d->ndc, 'A' + rng_int(r, 0, 25),
              rng_int(r, 0, 99999));
    if (waste_mg > 0)
        text_addf(t, "Drug discarded: %d mg (remainder of the single-dose vial), witnessed.\n", waste_mg);
    else if (d->single)
        text_add(t, "The entire single-dose container was administered; no drug was discarded.\n");
    switch (ch) {
    case GEN_CH_OFFICE: text_add(t, "Drug source: office stock (buy and bill).\n"); break;
    case GEN_CH_WHITE_BAG:
        text_add(t, "Drug source: supplied by the patient's specialty pharmacy (white-bagged) and shipped to the clinic for this patient.\n");
        break;
    case GEN_CH_BROWN_BAG:
        text_add(t, "Drug source: the patient brought the medication from home, dispensed by their pharmacy (brown-bagged).\n");
        break;
    }
    text_addf(t, "Observed for %d minutes after the injection without reaction.\n", im ? 15 : 30);
    counsel_brief(t, r);
    sign_add(t, r, e);
}

/* A biologic (or IM steroid) visit, billed right or with one planted drug
 * problem (50%). */
static gen_drug_plant encounter_biologic(gen_encounter *e, gen_rng *r)
{
    const char *payer = PAYERS[e->payer].type;
    bool medicare = strcmp(payer, "medicare") == 0;
    bool needs_pa = strcmp(payer, "commercial") == 0 || strcmp(payer, "medicaid") == 0;
    enum { S_ILUMYA, S_XOLAIR, S_XOLAIR_WASTE, S_WHITE_BAG, S_BROWN_BAG, S_KENALOG_IM } sc;
    int x = rng_int(r, 0, 99);
    sc = x < 28 ? S_ILUMYA : x < 48 ? S_XOLAIR : x < 58 ? S_XOLAIR_WASTE : x < 72 ? S_WHITE_BAG
         : x < 84 ? S_BROWN_BAG : S_KENALOG_IM;

    /* The problems each scenario can carry. */
    gen_drug_plant can[8];
    int ncan = 0;
    switch (sc) {
    case S_ILUMYA:
    case S_XOLAIR:
        can[ncan++] = GEN_DRUG_UNITS_UNDER;
        can[ncan++] = GEN_DRUG_NOT_BILLED;
        can[ncan++] = GEN_DRUG_ADMIN_MISSING;
        if (sc == S_XOLAIR)
            can[ncan++] = GEN_DRUG_UNITS_OVER;
        if (medicare)
            can[ncan++] = GEN_DRUG_JZ_MISSING;
        if (needs_pa) {
            can[ncan++] = GEN_DRUG_PA_MISSING;
            can[ncan++] = GEN_DRUG_AUTH_DENIED;
        }
        break;
    case S_XOLAIR_WASTE: can[ncan++] = medicare ? GEN_DRUG_JW_MISSING : GEN_DRUG_ADMIN_MISSING; break;
    case S_WHITE_BAG: can[ncan++] = GEN_DRUG_SUPPLIED; break;
    case S_BROWN_BAG: can[ncan++] = medicare ? GEN_DRUG_SAD : GEN_DRUG_ADMIN_MISSING; break;
    case S_KENALOG_IM:
        can[ncan++] = GEN_DRUG_UNITS_UNDER;
        can[ncan++] = GEN_DRUG_ADMIN_MISSING;
        break;
    }
    gen_drug_plant plant = rng_pct(r, 50) ? can[rng_int(r, 0, ncan - 1)] : GEN_DRUG_NONE;

    const gen_drug *d;
    int mg, waste = 0;
    gen_channel ch = GEN_CH_OFFICE;
    switch (sc) {
    case S_ILUMYA: d = &DRUG_ILUMYA; mg = 100; break;
    case S_XOLAIR: d = &DRUG_XOLAIR; mg = rng_pct(r, 50) ? 150 : 300; break;
    case S_XOLAIR_WASTE: d = &DRUG_XOLAIR_VIAL; mg = 75; waste = 75; break;
    case S_WHITE_BAG:
        d = rng_pct(r, 50) ? &DRUG_ILUMYA : &DRUG_XOLAIR;
        mg = d == &DRUG_ILUMYA ? 100 : 150;
        ch = GEN_CH_WHITE_BAG;
        break;
    case S_BROWN_BAG:
        d = medicare ? &DRUG_TREMFYA : &DRUG_DUPIXENT;
        mg = medicare ? 100 : 300;
        /* The planted Part B claim is for Tremfya from office stock. */
        ch = plant == GEN_DRUG_SAD ? GEN_CH_OFFICE : GEN_CH_BROWN_BAG;
        break;
    default: d = &DRUG_KENALOG_IM; mg = 40; break;
    }
    int units = d->unit_mg ? (mg + d->unit_mg - 1) / d->unit_mg : 1;
    int waste_units = waste ? (waste + d->unit_mg - 1) / d->unit_mg : 0;

    if (rng_pct(r, 30))
        separate_em_add(e, r);
    biologic_note(e, r, d, mg, waste, ch, sc == S_KENALOG_IM);
    if (needs_pa && plant != GEN_DRUG_PA_MISSING && sc != S_KENALOG_IM)
        snprintf(e->prior_auth, sizeof e->prior_auth, "PA%08d", rng_int(r, 0, 99999999));

    /* Administration: billed whoever supplied the drug. */
    if (plant != GEN_DRUG_ADMIN_MISSING) {
        line_add(e, "96372", "", 1, d->icd);
        e->lines[e->nlines - 1].source = ch == GEN_CH_WHITE_BAG   ? "specialty_pharmacy"
                                         : ch == GEN_CH_BROWN_BAG ? "patient"
                                                                  : NULL;
    } else {
        drug_key(e, "DRUG-ADMIN-MISSING", "under", "", 0, "96372", 1,
                 "%s injection documented; no 96372 billed", sc == S_KENALOG_IM ? "intramuscular" : "subcutaneous");
    }

    /* The drug line: only for drugs the practice bought, or a planted one. */
    bool bill_drug = (ch == GEN_CH_OFFICE && plant != GEN_DRUG_NOT_BILLED) || plant == GEN_DRUG_SUPPLIED;
    if (!bill_drug) {
        if (plant == GEN_DRUG_NOT_BILLED)
            drug_key(e, "DRUG-NOT-BILLED", "under", "", 0, d->code, units,
                     "%d mg from office stock documented (%d units); no %s line", mg, units, d->code);
        return plant;
    }
    int billed = plant == GEN_DRUG_UNITS_UNDER ? 1 : plant == GEN_DRUG_UNITS_OVER ? units * 2 : units;
    bool jz = medicare && d->single && waste == 0 && plant != GEN_DRUG_JZ_MISSING;
    line_add(e, d->code, jz ? "JZ" : "", billed, d->icd);
    e->lines[e->nlines - 1].ndc = d->ndc;
    e->lines[e->nlines - 1].source = ch == GEN_CH_OFFICE ? "buy_and_bill" : "";
    if (waste_units && plant != GEN_DRUG_JW_MISSING) {
        line_add(e, d->code, "JW", waste_units, d->icd);
        e->lines[e->nlines - 1].ndc = d->ndc;
        e->lines[e->nlines - 1].source = "buy_and_bill";
    }
    switch (plant) {
    case GEN_DRUG_UNITS_UNDER:
    case GEN_DRUG_UNITS_OVER:
        drug_key(e, "DRUG-UNITS", plant == GEN_DRUG_UNITS_UNDER ? "under" : "over", d->code, billed, d->code,
                 units, "%d mg documented = %d units of %s; %d billed", mg, units, d->code, billed);
        break;
    case GEN_DRUG_JZ_MISSING:
        drug_key(e, "DRUG-JZ-JW", "gap", d->code, billed, "", 0,
                 "Medicare single-dose drug billed without JZ; nothing discarded");
        break;
    case GEN_DRUG_JW_MISSING:
        drug_key(e, "DRUG-WASTE", "under", "", 0, d->code, waste_units,
                 "%d mg discarded documented (%d units); no JW line", waste, waste_units);
        drug_key(e, "DRUG-JZ-JW", "gap", d->code, billed, "", 0,
                 "Medicare single-dose drug with documented waste billed with neither JW line nor JZ");
        break;
    case GEN_DRUG_PA_MISSING:
        drug_key(e, "DRUG-PRIOR-AUTH", "gap", d->code, billed, "", 0, "biologic billed to %s without prior authorization",
                 payer);
        break;
    case GEN_DRUG_AUTH_DENIED:
        e->denial = "CO-197";
        drug_key(e, "DRUG-AUTH-DENIAL", "denial", d->code, billed, "", 0,
                 "denied CO-197 although authorization %s is on the claim", e->prior_auth);
        break;
    case GEN_DRUG_SUPPLIED:
        if (medicare && d->single)
            snprintf(e->lines[e->nlines - 1].mods, sizeof e->lines[0].mods, "JZ");
        drug_key(e, "DRUG-SUPPLIED", "over", d->code, billed, "", 0,
                 "white-bagged %s billed by the practice", d->code);
        break;
    case GEN_DRUG_SAD:
        drug_key(e, "DRUG-SAD-MEDICARE", "over", d->code, billed, "", 0,
                 "self-administered guselkumab billed to Medicare Part B");
        break;
    default: break;
    }
    return plant;
}

/* ---- repairs (excision and Mohs) --------------------------------------- */

typedef enum gen_repair_kind {
    GEN_REPAIR_NONE,         /* second intention or simple closure: nothing billed */
    GEN_REPAIR_INTERMEDIATE, /* layered closure */
    GEN_REPAIR_COMPLEX,      /* layered closure, preparation, extensive undermining */
    GEN_REPAIR_FLAP          /* adjacent tissue transfer, 10 sq cm or less */
} gen_repair_kind;

typedef struct gen_repair {
    gen_repair_kind kind; /* which repair */
    int length;           /* repair length, mm */
    int primary;          /* flap: primary defect, tenths of a sq cm */
    int secondary;        /* flap: secondary defect, tenths of a sq cm */
    const char *flap;     /* flap design */
    char code[8];         /* the code the repair supports, "" for none */
} gen_repair;

static void repair_plan(gen_repair *rp, gen_rng *r, const gen_site *s, gen_repair_kind kind, int defect_a,
                        int defect_b)
{
    static const char *const inter[][2] = {{"", ""}, {"12031", "12032"}, {"12041", "12042"}, {"12051", "12052"}};
    static const char *const cplx[][2] = {{"", ""}, {"13100", "13101"}, {"13120", "13121"},
                                          {"13131", "13132"}, {"13151", "13152"}};
    static const char *const att[] = {"", "14000", "14020", "14040", "14060"};
    static const char *const flaps[] = {"rotation", "advancement", "transposition", "bilobed"};
    static const int small[] = {16, 18, 20, 22};
    static const int large[] = {30, 35, 40, 45};
    memset(rp, 0, sizeof *rp);
    if ((kind == GEN_REPAIR_COMPLEX || kind == GEN_REPAIR_FLAP) && s->complex == 0)
        kind = GEN_REPAIR_INTERMEDIATE;
    if (kind == GEN_REPAIR_FLAP && (defect_a * defect_b + 5) / 10 > 35)
        kind = GEN_REPAIR_COMPLEX; /* keep every flap within 10 sq cm in total */
    rp->kind = kind;
    bool big = defect_a > 10 || rng_pct(r, 30);
    rp->length = big ? GEN_PICK(r, large) : GEN_PICK(r, small);
    while (big && rp->length < defect_a + 3 && rp->length < 45)
        rp->length += 5; /* a repair line is longer than the defect it closes */
    if (kind == GEN_REPAIR_INTERMEDIATE)
        snprintf(rp->code, sizeof rp->code, "%s", inter[s->intermediate][big]);
    else if (kind == GEN_REPAIR_COMPLEX)
        snprintf(rp->code, sizeof rp->code, "%s", cplx[s->complex][big]);
    else if (kind == GEN_REPAIR_FLAP) {
        rp->primary = (defect_a * defect_b + 5) / 10;
        rp->secondary = rp->primary * rng_int(r, 120, 180) / 100;
        rp->flap = s->group == GEN_FACE ? GEN_PICK(r, flaps) : flaps[rng_int(r, 0, 2)]; /* bilobed: face only */
        snprintf(rp->code, sizeof rp->code, "%s", att[s->complex]);
    }
}

static void repair_write(gen_text *t, gen_rng *r, const gen_repair *rp, int defect_a, int defect_b)
{
    char a[16], b[16], l[16];
    cm(a, defect_a);
    cm(b, defect_b);
    cm(l, rp->length);
    switch (rp->kind) {
    case GEN_REPAIR_NONE:
        text_addf(t, "The defect, %s x %s cm, was left to heal by second intention.\n", a, b);
        break;
    case GEN_REPAIR_INTERMEDIATE:
        text_addf(t, "Repair: the defect measured %s x %s cm. After limited undermining, the wound was closed in layers with 4-0 polyglactin buried dermal sutures and %s epidermal sutures (intermediate repair). Final repair length: %s cm.\n",
                  a, b, rng_pct(r, 50) ? "5-0 nylon" : "6-0 polypropylene", l);
        break;
    case GEN_REPAIR_COMPLEX:
        text_addf(t, "Repair: the defect measured %s x %s cm. The wound edges were trimmed and debrided to prepare the defect for repair. Extensive undermining was performed to a distance greater than the maximum width of the defect along both edges. Layered closure with buried 4-0 polyglactin and running 5-0 polypropylene (complex repair). Final repair length: %s cm.\n",
                  a, b, l);
        break;
    case GEN_REPAIR_FLAP: {
        char p[16], s2[16], tot[16];
        cm(p, rp->primary);
        cm(s2, rp->secondary);
        cm(tot, rp->primary + rp->secondary);
        text_addf(t, "Repair: the defect measured %s x %s cm; primary closure would have distorted nearby structures, so a %s flap was designed (adjacent tissue transfer). Primary defect %s sq cm, secondary defect %s sq cm, total %s sq cm. The flap was incised, undermined, rotated into the defect and secured with buried 4-0 polyglactin and 5-0 nylon.\n",
                  a, b, rp->flap, p, s2, tot);
        break;
    }
    }
}

/* ---- excision ---------------------------------------------------------- */

/* Excision bucket of a diameter in mm: 1 to 6. */
static int excision_bucket(int mm)
{
    return mm <= 5 ? 1 : mm <= 10 ? 2 : mm <= 20 ? 3 : mm <= 30 ? 4 : mm <= 40 ? 5 : 6;
}

/* The pathology line of an in-house excision: 88305 for a carcinoma, 88304
 * for a cyst; some are billed at the other level or not at all. */
static void excision_pathology(gen_encounter *e, gen_rng *r, bool malignant, const char *icd)
{
    const char *right = malignant ? "88305" : "88304", *wrong = malignant ? "88304" : "88305";
    int x = rng_int(r, 0, 99);
    if (x < 7) {
        line_add(e, wrong, "", 1, icd);
        key_add_in(e, "pathology", "PATH-LEVEL", malignant ? "under" : "over", wrong, 1, right, 1,
                   "%s specimen billed as %s instead of %s", malignant ? "carcinoma" : "cyst", wrong, right);
    } else if (x < 11) {
        key_add_in(e, "pathology", "PATH-UNITS", "under", "", 0, right, 1,
                   "excision specimen read in-house; no pathology line billed");
    } else
        line_add(e, right, "", 1, icd);
}


/* The excision code of a family, group and bucket (bucket 6 is ...6, not ...5). */
static void excision_code(char out[8], bool malignant, gen_group group, int bucket)
{
    static const char *const mal[] = {"", "1160", "1162", "1164"};
    static const char *const ben[] = {"", "1140", "1142", "1144"};
    snprintf(out, 8, "%s%d", malignant ? mal[group] : ben[group], bucket == 6 ? 6 : bucket - 1);
}

/* Returns the plant made, which may differ from the one asked for. */
static void mohs_unsupported_plant(gen_encounter *e, gen_rng *r, const gen_site *s, const char *icd);

static gen_lesion_plant encounter_excision(gen_encounter *e, gen_rng *r, bool plant_mohs, gen_lesion_plant plant)
{
    if (plant == GEN_LP_REPAIR_BUNDLED && strcmp(PAYERS[e->payer].type, "medicare") != 0)
        plant = GEN_LP_REPAIR_NOT_BILLED; /* the bundling is Medicare's */
    bool malignant = plant == GEN_LP_EXC_PATHOLOGY || (plant != GEN_LP_REPAIR_BUNDLED && rng_pct(r, 65));
    const gen_site *s = site_pick(r, malignant ? GEN_PICK_ANY : GEN_PICK_NOT_FACE);
    int side = side_pick(r, s);
    bool scc = rng_pct(r, 35);
    int bucket = malignant ? rng_int(r, 2, 5) : rng_int(r, 3, 4);
    int diameter = bucket_size(r, bucket);
    int margin = malignant ? (diameter >= 13 ? rng_int(r, 3, 4) : 2) : (diameter >= 13 ? 2 : 1);
    if (plant == GEN_LP_REPAIR_BUNDLED) {
        bucket = 1;
        diameter = 5; /* 0.3 cm lesion + 2 x 0.1 cm: exactly 0.5 cm */
        margin = 1;
    }
    int lesion = diameter - 2 * margin;
    if (plant == GEN_LP_EXC_SIZE_UNDER && excision_bucket(lesion) == bucket)
        plant = GEN_LP_EXC_SIZE_OVER; /* the lesion alone reaches the same bucket */
    int minor = lesion - rng_int(r, 0, lesion / 3);
    char where[48], l1[16], l2[16], d[16], code[8], billed[8];
    site_text(where, s, side, false);
    excision_code(code, malignant, s->group, bucket);
    if (plant == GEN_LP_EXC_SIZE_UNDER)
        excision_code(billed, malignant, s->group, excision_bucket(lesion));
    else if (plant == GEN_LP_EXC_SIZE_OVER)
        excision_code(billed, malignant, s->group, bucket + 1);
    else if (plant == GEN_LP_EXC_PATHOLOGY)
        excision_code(billed, false, s->group, bucket);
    else
        snprintf(billed, sizeof billed, "%s", code);
    const char *icd = malignant ? site_icd(s, side, scc) : "L72.0";
    const char *dx = malignant ? (scc ? "squamous cell carcinoma, invasive, biopsy-proven" : "basal cell carcinoma, biopsy-proven")
                               : "epidermal inclusion cyst";

    bool in_house = rng_pct(r, 90);
    gen_text *t = note_add(e, "procedure");
    text_add(t, "PROCEDURE NOTE - EXCISION\n");
    procedure_history_add(t, r);
    text_addf(t, "Diagnosis: %s, %s.\n", dx, where);
    if (!malignant) {
        text_add(t, "Indication: the cyst has become inflamed and painful twice in the past year.\n");
        e->no_chance_denial = true; /* a denied covered removal is a cosmetic finding */
    }
    if (malignant && rng_pct(r, 20))
        text_add(t, "Mohs surgery was discussed as an alternative; the patient preferred standard excision.\n");
    text_addf(t, "%s\n%s\n", GEN_PICK(r, CONSENT), GEN_PICK(r, PREP));
    anesthesia_add(t, r);
    text_addf(t, "Lesion size: %s x %s cm. Margins: %d mm.", cm(l1, lesion), cm(l2, minor), margin);
    cm(d, diameter);
    if (rng_pct(r, 60))
        text_addf(t, " Excised diameter (lesion plus margins): %s cm.", d);
    text_addf(t, "\nThe lesion was excised as an ellipse, full thickness to the subcutaneous fat, and %s for permanent sections.\n",
              in_house ? "submitted to our in-house dermatopathology laboratory" : "sent to the outside reference laboratory");
    text_addf(t, "%s\n", GEN_PICK(r, HEMOSTASIS));
    gen_repair rp;
    memset(&rp, 0, sizeof rp);
    bool repair_plant = plant == GEN_LP_REPAIR_NOT_BILLED || plant == GEN_LP_REPAIR_CODE || plant == GEN_LP_REPAIR_BUNDLED;
    if (rng_pct(r, 60) || repair_plant) {
        repair_plan(&rp, r, s, GEN_REPAIR_INTERMEDIATE, diameter, diameter);
        char l[16];
        text_addf(t, "Closure: layered closure with 4-0 polyglactin buried dermal sutures and 5-0 nylon for the skin, with limited undermining (intermediate repair). Repair length: %s cm.\n",
                  cm(l, rp.length));
    } else
        text_add(t, "Closure: the wound was closed in a single layer with 4-0 nylon simple interrupted sutures.\n");
    /* Within the 10-day global period, where the post-op visit falls. */
    e->postop_after = rng_int(r, 7, 10);
    text_addf(t, "%s\nSuture removal in %d days.\n", GEN_PICK(r, DRESSING), e->postop_after);
    counsel_brief(t, r);
    sign_add(t, r, e);
    if (rng_pct(r, 60) || plant == GEN_LP_EXC_PATHOLOGY) {
        gen_text *p = note_add(e, "pathology");
        text_add(p, in_house ? PATH_IN_HOUSE : "DERMATOPATHOLOGY REPORT (outside reference laboratory; billed by the laboratory)\n");
        text_addf(p, "Specimen: skin, %s, excision.\n", where);
        text_add(p, "Gross: received in formalin, an ellipse of skin, inked and entirely submitted.\n");
        text_addf(p, "Microscopic: %s\n",
                  malignant ? (scc ? "atypical keratinocytes with keratin pearls invade the dermis; no perineural invasion is seen."
                                   : "nests of basaloid cells with peripheral palisading and retraction artifact in the dermis.")
                            : "a cyst lined by stratified squamous epithelium with a granular layer, filled with laminated keratin.");
        text_addf(p, "Final diagnosis: %s. Margins free.\n",
                  malignant ? (scc ? "squamous cell carcinoma, well differentiated, invasive" : "basal cell carcinoma, nodular type")
                            : "epidermal inclusion cyst");
        text_addf(p, "Electronically signed by the %s dermatopathologist.\n",
                  in_house ? "practice's" : "reference laboratory");
    }
    /* The intermediate code of the other length bucket (1203x/1204x/1205x: 1 <-> 2). */
    char wrong_repair[8];
    snprintf(wrong_repair, sizeof wrong_repair, "%s", rp.code);
    if (rp.kind == GEN_REPAIR_INTERMEDIATE)
        wrong_repair[4] = wrong_repair[4] == '1' ? '2' : '1';
    if (rp.kind != GEN_REPAIR_NONE && plant != GEN_LP_REPAIR_NOT_BILLED)
        line_add(e, plant == GEN_LP_REPAIR_CODE ? wrong_repair : rp.code, "", 1, icd);
    line_add(e, billed, "", 1, icd);
    if (in_house)
        excision_pathology(e, r, malignant, icd);
    char l[16];
    cm(l, rp.length);
    switch (plant) {
    case GEN_LP_EXC_SIZE_UNDER:
        key_add(e, "LESION-EXC-SIZE", "under", billed, 1, code, 1,
                "%s cm lesion + 2 x %d mm margins = %s cm: %s billed on the lesion size", l1, margin, d, billed);
        break;
    case GEN_LP_EXC_SIZE_OVER:
        key_add(e, "LESION-EXC-SIZE", "over", billed, 1, code, 1, "excised diameter %s cm: %s billed instead of %s", d,
                billed, code);
        break;
    case GEN_LP_EXC_PATHOLOGY:
        key_add(e, "LESION-EXC-PATHOLOGY", "under", billed, 1, code, 1,
                "malignant final pathology billed with the benign code %s", billed);
        break;
    case GEN_LP_REPAIR_NOT_BILLED:
        key_add(e, "REPAIR-NOT-BILLED", "under", "", 0, rp.code, 1, "intermediate repair of %s cm not billed", l);
        break;
    case GEN_LP_REPAIR_CODE:
        key_add(e, "REPAIR-CODE", fee_direction(wrong_repair, 1, rp.code, 1), wrong_repair, 1, rp.code, 1,
                "intermediate repair of %s cm billed as %s", l, wrong_repair);
        break;
    case GEN_LP_REPAIR_BUNDLED:
        key_add(e, "REPAIR-BENIGN-SMALL", "over", rp.code, 1, "", 0,
                "Medicare: benign excision of 0.5 cm includes its repair; %s billed", rp.code);
        break;
    default:
        break;
    }
    if (plant_mohs)
        mohs_unsupported_plant(e, r, s, icd);
    e->postop_global = 10;
    snprintf(e->postop_what, sizeof e->postop_what, "removal of the %s of the %s",
             malignant ? (scc ? "squamous cell carcinoma" : "basal cell carcinoma") : "cyst", where);
    return plant;
}

/* ---- Mohs -------------------------------------------------------------- */

typedef struct gen_mohs {
    const gen_site *site;        /* tumour site */
    int side;                    /* 0 unsided, 1 right, 2 left */
    bool scc;                    /* squamous (else basal) cell carcinoma */
    int size_a, size_b;          /* pre-operative size, mm */
    int defect_a, defect_b;      /* final defect, mm */
    int stages;                  /* stages documented */
    int blocks[GEN_MAX_STAGES];  /* blocks per stage */
    int deep;                    /* 0 not stated, 1 deep structure involved, 2 stated not involved */
    gen_repair repair;           /* closure after clearance */
} gen_mohs;

typedef enum gen_plant {
    GEN_PLANT_NONE,
    GEN_PLANT_STAGES_UNDER,
    GEN_PLANT_STAGES_OVER,
    GEN_PLANT_BLOCKS_UNDER,
    GEN_PLANT_SITE_UNDER,
    GEN_PLANT_SITE_OVER,
    GEN_PLANT_NOT_BILLED,
    GEN_PLANT_UNSUPPORTED,
    GEN_PLANT_COUNT
} gen_plant;

static const char *const PLANT_NAMES[] = {"",
                                          "MOHS-STAGES under",
                                          "MOHS-STAGES over",
                                          "MOHS-BLOCKS under",
                                          "MOHS-PRIMARY-SITE under",
                                          "MOHS-PRIMARY-SITE over",
                                          "MOHS-NOT-BILLED under",
                                          "MOHS-UNSUPPORTED over"};

static bool mohs_head(const gen_mohs *m)
{
    return m->site->mohs_head || m->deep == 1;
}

static int mohs_extra_blocks(const gen_mohs *m)
{
    int extra = 0;
    for (int i = 0; i < m->stages; i++)
        extra += m->blocks[i] > 5 ? m->blocks[i] - 5 : 0;
    return extra;
}

static void mohs_make(gen_mohs *m, gen_rng *r, gen_plant plant)
{
    memset(m, 0, sizeof *m);
    gen_site_pick how = GEN_PICK_ANY;
    if (plant == GEN_PLANT_SITE_OVER)
        how = GEN_PICK_TRUNK;
    else if (plant == GEN_PLANT_SITE_UNDER)
        how = rng_pct(r, 60) ? GEN_PICK_HEAD : GEN_PICK_TRUNK;
    else if (rng_pct(r, 35))
        how = GEN_PICK_TRUNK;
    m->site = site_pick(r, how);
    m->side = side_pick(r, m->site);
    m->scc = rng_pct(r, 30);
    m->size_a = rng_int(r, 6, 25);
    m->size_b = m->size_a - rng_int(r, 0, m->size_a / 3);
    int x = rng_int(r, 0, 99);
    m->stages = x < 40 ? 1 : x < 75 ? 2 : x < 93 ? 3 : 4;
    if ((plant == GEN_PLANT_STAGES_UNDER || plant == GEN_PLANT_SITE_UNDER || plant == GEN_PLANT_SITE_OVER) &&
        m->stages == 1)
        m->stages = rng_int(r, 2, 3);
    for (int i = 0; i < m->stages; i++)
        m->blocks[i] = i == 0 ? (rng_pct(r, 15) ? rng_int(r, 6, 8) : rng_int(r, 2, 5))
                              : (rng_pct(r, 8) ? rng_int(r, 6, 7) : rng_int(r, 1, 4));
    if (plant == GEN_PLANT_BLOCKS_UNDER && mohs_extra_blocks(m) == 0)
        m->blocks[rng_int(r, 0, m->stages - 1)] = rng_int(r, 6, 9);
    int deep_pct = m->site->mohs_head ? 10 : 15;
    int y = rng_int(r, 0, 99);
    m->deep = y < deep_pct ? 1 : y < deep_pct + 25 ? 2 : 0;
    if (plant == GEN_PLANT_SITE_UNDER && !m->site->mohs_head)
        m->deep = 1;
    if (plant == GEN_PLANT_SITE_OVER && m->deep == 1)
        m->deep = 2;
    m->defect_a = m->size_a + 2 * m->stages + rng_int(r, 2, 5);
    m->defect_b = m->size_b + 2 * m->stages + rng_int(r, 1, 4);
    int z = rng_int(r, 0, 99);
    gen_repair_kind kind = z < 30 ? GEN_REPAIR_NONE : z < 70 ? GEN_REPAIR_INTERMEDIATE : z < 82 ? GEN_REPAIR_COMPLEX : GEN_REPAIR_FLAP;
    if (plant == GEN_PLANT_NOT_BILLED && kind == GEN_REPAIR_NONE)
        kind = GEN_REPAIR_INTERMEDIATE;
    repair_plan(&m->repair, r, m->site, kind, m->defect_a, m->defect_b);
}

static const char *mohs_dx(gen_rng *r, const gen_mohs *m, bool abbreviate)
{
    static const char *const bcc_full[] = {"basal cell carcinoma, nodular", "basal cell carcinoma, infiltrative",
                                           "basal cell carcinoma, micronodular", "basal cell carcinoma, superficial and nodular"};
    static const char *const bcc_abbr[] = {"BCC, nodular", "BCC, infiltrative", "BCC, micronodular"};
    static const char *const scc_full[] = {"squamous cell carcinoma, well differentiated",
                                           "squamous cell carcinoma, invasive, moderately differentiated"};
    static const char *const scc_abbr[] = {"SCC, invasive", "SCC, well differentiated"};
    if (m->scc)
        return abbreviate ? GEN_PICK(r, scc_abbr) : GEN_PICK(r, scc_full);
    return abbreviate ? GEN_PICK(r, bcc_abbr) : GEN_PICK(r, bcc_full);
}

static const char *mohs_dx_noun(gen_rng *r, const gen_mohs *m)
{
    static const char *const bcc[] = {"nodular basal cell carcinoma", "infiltrative basal cell carcinoma",
                                      "micronodular basal cell carcinoma"};
    static const char *const scc[] = {"well-differentiated squamous cell carcinoma",
                                      "moderately differentiated invasive squamous cell carcinoma"};
    return m->scc ? GEN_PICK(r, scc) : GEN_PICK(r, bcc);
}

/* The sentence that states deep involvement or its absence ("" when unstated). */
static const char *mohs_deep_sentence(char out[160], gen_rng *r, const gen_mohs *m)
{
    if (m->deep == 1) {
        const char *d = m->site->deep;
        if (strcmp(d, "cartilage") == 0) {
            if (rng_pct(r, 50))
                return "The tumor extended to the perichondrium and cartilage, and cartilage was included in the resection.";
            snprintf(out, 160, "Tumor extended to the perichondrium and cartilage of the %s; the surgery involved cartilage.",
                     strcmp(m->site->name, "helix") == 0 ? "helix" : "nose");
            return out;
        }
        if (strcmp(d, "bone") == 0)
            return "The tumor extended to the periosteum, and the surgery involved bone.";
        if (strcmp(d, "tendon") == 0)
            return "The tumor tracked along the extensor tendon, and the surgery directly involved the tendon.";
        return rng_pct(r, 50) ? "The tumor extended down to muscle, and the deep margin was taken into muscle."
                              : "Deep extension of tumor required resection down to muscle.";
    }
    if (m->deep == 2) {
        if (strcmp(m->site->deep, "cartilage") == 0)
            return "No cartilage involvement.";
        return rng_pct(r, 50) ? "Dissection remained within the subcutaneous fat; no muscle involvement."
                              : "Muscle, bone and tendon were not involved.";
    }
    return "";
}

static void mohs_write_template(gen_text *t, gen_rng *r, const gen_mohs *m)
{
    static const char *const clock[] = {"12", "3", "6", "9", "1", "10"};
    char where[48], a[16], b[16], da[16], db[16];
    text_addf(t, "Site: %s\n", site_text(where, m->site, m->side, rng_pct(r, 50)));
    text_addf(t, "Diagnosis: %s\n", mohs_dx(r, m, rng_pct(r, 50)));
    text_addf(t, "Pre-op size: %s x %s cm\n", cm(a, m->size_a), cm(b, m->size_b));
    if (m->deep == 1)
        text_addf(t, "Deep structures involved: %s\n",
                  strcmp(m->site->deep, "bone") == 0 ? "periosteum and bone"
                  : strcmp(m->site->deep, "tendon") == 0 ? "extensor tendon"
                                                         : m->site->deep);
    else if (m->deep == 2)
        text_add(t, rng_pct(r, 50) ? "Deep structures involved: none\n" : "Depth: subcutaneous fat; no muscle, cartilage or bone involvement\n");
    for (int i = 0; i < m->stages; i++) {
        text_addf(t, "Stage %s: %d block%s. ", ROMAN[i + 1], m->blocks[i], m->blocks[i] == 1 ? "" : "s");
        if (i + 1 < m->stages)
            text_addf(t, "Residual tumor at %s o'clock.\n", GEN_PICK(r, clock));
        else
            text_add(t, "Margins clear.\n");
    }
    if (rng_pct(r, 70))
        text_addf(t, "Total stages: %d\n", m->stages);
    text_addf(t, "Post-op defect: %s x %s cm\n", cm(da, m->defect_a), cm(db, m->defect_b));
}

static void mohs_write_prose(gen_text *t, gen_rng *r, const gen_mohs *m)
{
    static const char *const aspect[] = {"superior", "inferior", "medial", "lateral", "deep", "superolateral"};
    char where[48], a[16], b[16];
    char buf[160];
    const char *deep = mohs_deep_sentence(buf, r, m);
    text_addf(t, "The tumor, a %s of the %s, measured %s x %s cm before surgery. ", mohs_dx_noun(r, m),
              site_text(where, m->site, m->side, false), cm(a, m->size_a), cm(b, m->size_b));
    text_add(t, "The visible tumor was debulked with a curette. ");
    text_addf(t, "The first stage was divided into %s tissue block%s, which %s processed as frozen sections and examined by me. ",
              WORDS[m->blocks[0]], m->blocks[0] == 1 ? "" : "s", m->blocks[0] == 1 ? "was" : "were");
    if (*deep)
        text_addf(t, "%s ", deep);
    for (int i = 1; i < m->stages; i++) {
        text_addf(t, "Residual tumor was seen at the %s margin. ", GEN_PICK(r, aspect));
        if (rng_pct(r, 50))
            text_addf(t, "A %s stage consisting of %s block%s was taken from the %s margin. ", ORDINAL[i + 1],
                      WORDS[m->blocks[i]], m->blocks[i] == 1 ? "" : "s", GEN_PICK(r, aspect));
        else
            text_addf(t, "The %s stage was taken and divided into %s block%s. ", ORDINAL[i + 1], WORDS[m->blocks[i]],
                      m->blocks[i] == 1 ? "" : "s");
    }
    if (m->stages > 1)
        text_add(t, "This stage was clear. ");
    if (rng_pct(r, 75)) {
        if (m->stages == 1)
            text_add(t, "Clear margins were achieved after a single stage.");
        else
            text_addf(t, "Clear margins were achieved after a total of %s stages.", WORDS[m->stages]);
    } else if (m->stages == 1)
        text_add(t, "Margins were clear.");
    text_add(t, "\n");
}

static void mohs_write_list(gen_text *t, gen_rng *r, const gen_mohs *m)
{
    static const char *const clock[] = {"12", "3", "6", "9", "2", "11"};
    char where[48], a[16], b[16];
    text_addf(t, "%s, %s, pre-op %s x %s cm\n", site_text(where, m->site, m->side, false), mohs_dx(r, m, true),
              cm(a, m->size_a), cm(b, m->size_b));
    if (m->deep == 1)
        text_addf(t, "Depth: %s\n", m->site->deep);
    else if (m->deep == 2) {
        char buf[160];
        text_addf(t, "%s\n", mohs_deep_sentence(buf, r, m));
    }
    for (int i = 0; i < m->stages; i++) {
        text_addf(t, "Stage %d - %d tissue block%s - ", i + 1, m->blocks[i], m->blocks[i] == 1 ? "" : "s");
        if (i + 1 < m->stages)
            text_addf(t, "tumor at %s o'clock\n", GEN_PICK(r, clock));
        else
            text_add(t, "clear\n");
    }
    if (rng_pct(r, 70))
        text_addf(t, "Number of stages: %d\n", m->stages);
}

static void mohs_write_ordinal(gen_text *t, gen_rng *r, const gen_mohs *m)
{
    char where[48], a[16], b[16], buf[160];
    const char *deep = mohs_deep_sentence(buf, r, m);
    text_addf(t, "Site: %s (%s), %s x %s cm.\n", site_text(where, m->site, m->side, false), mohs_dx(r, m, true),
              cm(a, m->size_a), cm(b, m->size_b));
    for (int i = 0; i < m->stages; i++)
        text_addf(t, "%s stage: %d block%s, %s. ", ORDINAL_NUM[i + 1], m->blocks[i], m->blocks[i] == 1 ? "" : "s",
                  i + 1 < m->stages ? "positive" : "clear");
    text_add(t, "\n");
    if (*deep)
        text_addf(t, "%s\n", deep);
    if (rng_pct(r, 70))
        text_addf(t, "Tumor-free plane achieved after %d stage%s.\n", m->stages, m->stages == 1 ? "" : "s");
}

/* The Mohs operative note (and a separate repair note for some). */
static void mohs_notes(gen_encounter *e, gen_rng *r, const gen_mohs *m, int count, bool debulk)
{
    static const char *const titles[] = {"MOHS MICROGRAPHIC SURGERY", "Mohs Surgery Operative Report",
                                         "PROCEDURE: Mohs micrographic surgery"};
    static const char *const why[] = {"location in a cosmetically and functionally sensitive area",
                                      "aggressive histologic subtype", "recurrent tumor", "ill-defined clinical borders",
                                      "size and location"};
    int style = rng_int(r, 0, 3);
    bool separate_repair = m[0].repair.kind != GEN_REPAIR_NONE && count == 1 && rng_pct(r, 35);
    gen_text *t = note_add(e, "mohs");
    text_addf(t, "%s\n", GEN_PICK(r, titles));
    text_addf(t, "Surgeon: %s, acting as both surgeon and pathologist.\n", PROVIDERS[e->provider]);
    text_addf(t, "Indication: biopsy-proven skin cancer; Mohs indicated for %s.\n", GEN_PICK(r, why));
    procedure_history_add(t, r);
    text_addf(t, "%s\n", GEN_PICK(r, MEDS));
    text_addf(t, "Pre-operative assessment: %s; no pacemaker or defibrillator; antibiotic prophylaxis not indicated. Blood pressure %d/%d.\n",
              rng_pct(r, 25) ? "takes an anticoagulant, continued per protocol" : "no anticoagulant use",
              rng_int(r, 112, 148), rng_int(r, 68, 88));
    text_addf(t, "%s %s\n%s\n", GEN_PICK(r, CONSENT), GEN_PICK(r, TIMEOUT), GEN_PICK(r, PREP));
    anesthesia_add(t, r);
    for (int i = 0; i < count; i++) {
        if (count > 1)
            text_addf(t, "Lesion %c:\n", 'A' + i);
        switch (style) {
        case 0: mohs_write_template(t, r, &m[i]); break;
        case 1: mohs_write_prose(t, r, &m[i]); break;
        case 2: mohs_write_list(t, r, &m[i]); break;
        default: mohs_write_ordinal(t, r, &m[i]); break;
        }
    }
    text_add(t, "Tissue processing: the tissue was oriented, color-coded with tissue dyes and mapped; frozen sections were cut horizontally, stained with hematoxylin and eosin and read by the surgeon, who examined the complete peripheral and deep margins.\n");
    if (debulk)
        text_add(t, "The debulked tumor was submitted separately to our in-house dermatopathology laboratory for permanent sections (specimen A).\n");
    text_addf(t, "%s\n", GEN_PICK(r, HEMOSTASIS));
    for (int i = 0; i < count; i++) {
        if (count > 1)
            text_addf(t, "Lesion %c: ", 'A' + i);
        if (separate_repair)
            text_add(t, "Repair: see separate repair note.\n");
        else
            repair_write(t, r, &m[i].repair, m[i].defect_a, m[i].defect_b);
    }
    text_addf(t, "%s\n", GEN_PICK(r, DRESSING));
    text_add(t, "Post-operative care: keep the dressing dry for 48 hours, then clean daily and apply petrolatum. Acetaminophen for discomfort; avoid strenuous activity for one week.\n");
    counsel_brief(t, r);
    /* A repaired wound is seen for suture removal in a week. */
    int weeks = m[0].repair.kind != GEN_REPAIR_NONE ? 1 : rng_int(r, 1, 3);
    text_addf(t, "Follow-up in %d week%s.\n", weeks, weeks == 1 ? "" : "s");
    sign_add(t, r, e);
    if (separate_repair) {
        gen_text *p = note_add(e, "procedure");
        char where[48];
        text_addf(p, "REPAIR NOTE - following Mohs surgery of the %s the same day.\n",
                  site_text(where, m[0].site, m[0].side, false));
        text_add(p, "Additional local anesthesia: 1% lidocaine with epinephrine.\n");
        repair_write(p, r, &m[0].repair, m[0].defect_a, m[0].defect_b);
        text_add(p, "Steri-strips and a pressure dressing were applied.\n");
        sign_add(p, r, e);
    }
}

/* Bills one tumour, getting wrong what the plant says. */
static void mohs_bill(gen_encounter *e, gen_rng *r, const gen_mohs *m, bool second, gen_plant plant)
{
    bool head = mohs_head(m);
    const char *primary = head ? "17311" : "17313";
    const char *addon = head ? "17312" : "17314";
    const char *wrong_primary = head ? "17313" : "17311";
    const char *wrong_addon = head ? "17314" : "17312";
    const char *icd = site_icd(m->site, m->side, m->scc);
    int add_units = m->stages - 1;
    int extra = mohs_extra_blocks(m);
    char where[48];
    site_text(where, m->site, m->side, false);

    switch (plant) {
    case GEN_PLANT_STAGES_UNDER: {
        int billed = add_units - rng_int(r, 1, add_units);
        line_add(e, primary, "", 1, icd);
        line_add(e, addon, "", billed, icd);
        line_add(e, "17315", "", extra, icd);
        if (billed > 0)
            key_add(e, "MOHS-STAGES", "under", addon, billed, addon, add_units,
                    "%d stages documented; %s billed x%d instead of x%d", m->stages, addon, billed, add_units);
        else
            key_add(e, "MOHS-STAGES", "under", "", 0, addon, add_units, "%d stages documented; no %s billed",
                    m->stages, addon);
        break;
    }
    case GEN_PLANT_STAGES_OVER: {
        int billed = add_units + rng_int(r, 1, 2);
        line_add(e, primary, "", 1, icd);
        line_add(e, addon, "", billed, icd);
        line_add(e, "17315", "", extra, icd);
        key_add(e, "MOHS-STAGES", "over", addon, billed, addon, add_units,
                "%d stage%s documented; %s billed x%d instead of x%d", m->stages, m->stages == 1 ? "" : "s", addon,
                billed, add_units);
        break;
    }
    case GEN_PLANT_BLOCKS_UNDER: {
        int billed = extra - rng_int(r, 1, extra);
        line_add(e, primary, "", 1, icd);
        line_add(e, addon, "", add_units, icd);
        line_add(e, "17315", "", billed, icd);
        if (billed > 0)
            key_add(e, "MOHS-BLOCKS", "under", "17315", billed, "17315", extra,
                    "%d block%s beyond 5 documented; 17315 billed x%d", extra, extra == 1 ? "" : "s", billed);
        else
            key_add(e, "MOHS-BLOCKS", "under", "", 0, "17315", extra,
                    "%d block%s beyond 5 documented; no 17315 billed", extra, extra == 1 ? "" : "s");
        break;
    }
    case GEN_PLANT_SITE_UNDER:
    case GEN_PLANT_SITE_OVER: {
        const char *dir = plant == GEN_PLANT_SITE_UNDER ? "under" : "over";
        const char *why = m->site->mohs_head ? "a head, neck, hand or foot site"
                          : m->deep == 1    ? "a trunk or limb site with deep involvement documented"
                                            : "a trunk or limb site without deep involvement";
        line_add(e, wrong_primary, "", 1, icd);
        line_add(e, wrong_addon, "", add_units, icd);
        line_add(e, "17315", "", extra, icd);
        key_add(e, "MOHS-PRIMARY-SITE", dir, wrong_primary, 1, primary, 1, "%s is %s; %s billed instead of %s",
                where, why, wrong_primary, primary);
        if (add_units > 0)
            key_add(e, "MOHS-PRIMARY-SITE", dir, wrong_addon, add_units, addon, add_units,
                    "additional stages of the same tumour billed as %s instead of %s", wrong_addon, addon);
        break;
    }
    case GEN_PLANT_NOT_BILLED:
        key_add(e, "MOHS-NOT-BILLED", "under", "", 0, primary, 1, "Mohs of %s documented; no Mohs code billed", where);
        if (add_units > 0)
            key_add(e, "MOHS-NOT-BILLED", "under", "", 0, addon, add_units, "%d stages documented; no %s billed",
                    m->stages, addon);
        if (extra > 0)
            key_add(e, "MOHS-NOT-BILLED", "under", "", 0, "17315", extra,
                    "%d block%s beyond 5 documented; no 17315 billed", extra, extra == 1 ? "" : "s");
        break;
    default:
        line_add(e, primary, second ? "59" : "", 1, icd);
        line_add(e, addon, "", add_units, icd);
        line_add(e, "17315", "", extra, icd);
        break;
    }
    if (m->repair.kind != GEN_REPAIR_NONE)
        line_add(e, m->repair.code, "", 1, icd);
}

/* A lesion not biopsied before, found at the pre-operative examination of a
 * Mohs day: biopsied and read by the surgeon on a frozen section, to decide
 * on treatment the same day. The biopsy (59: a separate lesion) and 88331
 * are billed; the frozen section is not the Mohs tissue's. */
static void mohs_frozen_biopsy(gen_encounter *e, gen_rng *r, const gen_site *mohs_site)
{
    static const struct {
        const char *look, *result, *icd;
    } found[] = {
        {"a 4 mm pearly papule", "seborrheic keratosis, irritated; no malignancy", "L82.0"},
        {"a scaly pink papule", "actinic keratosis with no invasive carcinoma", "L57.0"},
        {"a 5 mm pink papule", "dermal nevus; no malignancy", "D22.9"},
    };
    const gen_site *s;
    do
        s = site_pick(r, mohs_site->mohs_head ? GEN_PICK_TRUNK : GEN_PICK_HEAD);
    while (s->group == GEN_FACE && mohs_site->group == GEN_FACE);
    int side = side_pick(r, s), k = rng_int(r, 0, GEN_COUNT(found) - 1);
    char where[48];
    site_text(where, s, side, false);
    gen_text *t = note_add(e, "procedure");
    text_add(t, "PROCEDURE NOTE - SKIN BIOPSY WITH FROZEN SECTION\n");
    text_addf(t, "At the pre-operative examination %s of the %s was found, never biopsied before; carcinoma was suspected.\n",
              found[k].look, where);
    text_add(t, "After local anesthesia, a tangential (shave) biopsy was taken to the level of the mid dermis.\n");
    text_addf(t, "The specimen was read by the surgeon on a frozen section: %s. No further treatment of it is needed today.\n",
              found[k].result);
    sign_add(t, r, e);
    line_add(e, "11102", "59", 1, found[k].icd);
    line_add(e, "88331", "", 1, found[k].icd);
}

/* Returns the tumours treated (1 or 2). */
static int encounter_mohs(gen_encounter *e, gen_rng *r, gen_plant plant)
{
    gen_mohs m[2];
    int count = plant == GEN_PLANT_NONE && rng_pct(r, 30) ? 2 : 1;
    mohs_make(&m[0], r, plant);
    if (count == 2) {
        mohs_make(&m[1], r, GEN_PLANT_NONE);
        m[1].repair.kind = GEN_REPAIR_NONE; /* two repairs could need summing: keep one */
        m[1].repair.code[0] = '\0';
    }
    /* Beside a clean Mohs case: a debulk sent for permanent sections
     * (88305-59, right), or a pathology line on the Mohs tissue itself
     * (planted: Mohs includes its pathology). */
    int path = plant == GEN_PLANT_NONE ? rng_int(r, 0, 99) : 100;
    mohs_notes(e, r, m, count, path < 4);
    if (m[0].repair.kind != GEN_REPAIR_NONE) {
        /* The repair carries the global period; Mohs itself has none. The
         * note names no repair: the visit bills none. */
        char where[48];
        e->postop_global = m[0].repair.kind == GEN_REPAIR_FLAP ? 90 : 10;
        e->postop_after = 7;
        snprintf(e->postop_what, sizeof e->postop_what, "micrographic surgery of the %s and its reconstruction",
                 site_text(where, m[0].site, m[0].side, false));
    }
    for (int i = 0; i < count; i++)
        mohs_bill(e, r, &m[i], i > 0, plant);
    const char *icd = site_icd(m[0].site, m[0].side, m[0].scc);
    if (path < 4)
        line_add(e, "88305", "59", 1, icd);
    else if (path < 10) {
        const char *code = path < 8 ? "88305" : "88331";
        line_add(e, code, "", 1, icd);
        key_add_in(e, "pathology", "PATH-MOHS-BUNDLED", "over", code, 1, "", 0,
                   "%s billed on the Mohs tissue; the Mohs codes include its pathology", code);
    } else if (path < 18 && count == 1 && m[0].repair.kind != GEN_REPAIR_FLAP)
        mohs_frozen_biopsy(e, r, m[0].site); /* beside a flap, the audit loses the flap (reported) */
    return count;
}

/* Mohs billed on an excision: the notes document no Mohs at all. */
static void mohs_unsupported_plant(gen_encounter *e, gen_rng *r, const gen_site *s, const char *icd)
{
    const char *primary = s->mohs_head ? "17311" : "17313";
    const char *addon = s->mohs_head ? "17312" : "17314";
    line_add(e, primary, "", 1, icd);
    key_add(e, "MOHS-UNSUPPORTED", "over", primary, 1, "", 0, "excision note documents no Mohs surgery; %s billed",
            primary);
    if (rng_pct(r, 40)) {
        line_add(e, addon, "", 1, icd);
        key_add(e, "MOHS-UNSUPPORTED", "over", addon, 1, "", 0, "excision note documents no Mohs surgery; %s billed",
                addon);
    }
}

/* ---- benign lesion removal: medically necessary or cosmetic ------------- */

typedef enum gen_cosm {
    GEN_COSM_COVERED,      /* necessity documented, billed to the payer with the matching diagnosis */
    GEN_COSM_SELF_PAY,     /* cosmetic, charged to the patient */
    GEN_COSM_NOTICE,       /* Medicare, cosmetic, billed with GY or GA (ABN) for the denial */
    GEN_COSM_NO_NEED,      /* planted: cosmetic, billed to the insurer as if covered */
    GEN_COSM_SK_DX,        /* planted: inflamed keratosis billed with L82.1, denied */
    GEN_COSM_GY,           /* planted: necessity documented, billed with GY, denied */
    GEN_COSM_SELF_INSURED, /* planted: necessity documented, charged to an insured patient */
    GEN_COSM_DENIED        /* planted: necessity documented, denied for necessity, not appealed */
} gen_cosm;

static int payer_self(void)
{
    for (int i = 0; i < GEN_COUNT(PAYERS); i++)
        if (PAYERS[i].allowed_pct == 0)
            return i;
    return 0;
}

/* insured: the patient already has a claim billed to an insurer, so a
 * self-pay charge for a covered removal was a choice, not a necessity. */
static void encounter_benign(gen_encounter *e, gen_rng *r, bool insured)
{
    static const int base[] = {0, 11300, 11305, 11310};
    static const char *const need_sk[] = {"is inflamed and irritated, with surrounding erythema and crusting",
                                          "is irritated and bleeds when it catches on clothing"};
    static const char *const need_nevus[] = {"has changed in size and color over the past three months",
                                             "bleeds when it catches on clothing", "itches intensely and has bled twice"};
    static const char *const need_tag[] = {"bleed when they catch on jewelry and clothing",
                                           "are repeatedly traumatized by the collar and painful"};
    static const char *const tag_sites[] = {"neck", "axillae", "groin folds"};
    const gen_payer *p = &PAYERS[e->payer];
    bool medicare = strcmp(p->type, "medicare") == 0, self = p->allowed_pct == 0;
    int x = rng_int(r, 0, 99);
    gen_cosm c;
    if (self)
        c = x < 50 ? GEN_COSM_COVERED : GEN_COSM_SELF_PAY; /* an uninsured patient pays either way */
    else if (medicare)
        c = x < 30 ? GEN_COSM_COVERED : x < 42 ? GEN_COSM_NOTICE : x < 54 ? GEN_COSM_NO_NEED : x < 66 ? GEN_COSM_SK_DX
            : x < 78 ? GEN_COSM_GY : x < 88 ? GEN_COSM_DENIED : GEN_COSM_SELF_INSURED;
    else
        c = x < 35 ? GEN_COSM_COVERED : x < 50 ? GEN_COSM_SELF_PAY : x < 64 ? GEN_COSM_NO_NEED : x < 76 ? GEN_COSM_SK_DX
            : x < 88 ? GEN_COSM_DENIED : GEN_COSM_SELF_INSURED;
    if (c == GEN_COSM_SELF_INSURED && !insured)
        c = GEN_COSM_COVERED;
    bool need = c == GEN_COSM_COVERED || c >= GEN_COSM_SK_DX;
    int lesion = c == GEN_COSM_SK_DX ? 0 : rng_int(r, 0, 2); /* 0 keratosis, 1 nevus, 2 skin tags */
    e->no_chance_denial = true;

    char code[16], where[48], sz[16];
    const char *icd;
    gen_text *t = note_add(e, "procedure");
    text_add(t, "PROCEDURE NOTE - REMOVAL OF BENIGN LESION\n");
    procedure_history_add(t, r);
    if (lesion == 2) {
        int tags = rng_int(r, 3, 12);
        snprintf(code, sizeof code, "11200");
        icd = "L91.8";
        text_addf(t, "Lesions: %d skin tags (acrochordons) of the %s.\n", tags, GEN_PICK(r, tag_sites));
        if (need)
            text_addf(t, "Indication: removal is medically necessary because the skin tags %s.\n", GEN_PICK(r, need_tag));
        else
            text_add(t, "The skin tags are asymptomatic. The patient requests removal for cosmetic reasons.\n");
    } else {
        const gen_site *s = site_pick(r, GEN_PICK_ANY);
        int bucket = rng_int(r, 1, 3);
        site_text(where, s, side_pick(r, s), false);
        snprintf(code, sizeof code, "%d", base[s->group] + bucket - 1);
        icd = lesion == 1 ? "D22.9" : need && c != GEN_COSM_SK_DX ? "L82.0" : "L82.1";
        text_addf(t, "Lesion: %s of the %s.\n",
                  lesion == 1 ? (need ? "compound nevus" : "benign-appearing intradermal nevus")
                              : (need ? "irritated seborrheic keratosis" : "seborrheic keratosis"),
                  where);
        text_addf(t, "Lesion diameter: %s cm.\n", cm(sz, bucket_size(r, bucket)));
        if (need)
            text_addf(t, "Indication: removal is medically necessary because the lesion %s.\n",
                      lesion == 1 ? GEN_PICK(r, need_nevus) : GEN_PICK(r, need_sk));
        else
            text_add(t, "The lesion is asymptomatic and unchanged. The patient requests removal for cosmetic reasons.\n");
    }
    if (c == GEN_COSM_NOTICE)
        text_add(t, "The patient was told Medicare does not cover cosmetic removal and signed an Advance Beneficiary Notice accepting financial responsibility.\n");
    else if (c == GEN_COSM_SELF_PAY && !need)
        text_add(t, "The patient was quoted the self-pay price for cosmetic removal and agreed to pay at the visit.\n");
    text_addf(t, "%s\n", GEN_PICK(r, CONSENT));
    if (lesion == 2)
        text_add(t, "After topical anesthesia, the skin tags were snipped at their base with sterile iris scissors.\n");
    else
        text_add(t, "After local anesthesia with 1% lidocaine, the lesion was removed by shave technique to the level of the mid dermis. No sutures.\n");
    if (lesion == 1)
        text_add(t, "The specimen was sent to the outside dermatopathology laboratory.\n");
    text_addf(t, "%s\n%s\n", GEN_PICK(r, HEMOSTASIS), GEN_PICK(r, DRESSING));
    counsel_brief(t, r);
    sign_add(t, r, e);

    const char *mods = "";
    switch (c) {
    case GEN_COSM_SELF_PAY:
        e->payer = payer_self();
        break;
    case GEN_COSM_NOTICE:
        mods = rng_pct(r, 50) ? "GY" : "GA";
        e->denial = mods[1] == 'Y' ? "PR-96" : "PR-50";
        break;
    case GEN_COSM_NO_NEED:
        key_add_in(e, "cosmetic", "COSM-NO-NECESSITY", medicare ? "gap" : "over", code, 1, "", 0,
                   "cosmetic removal billed to %s as covered%s", p->name, medicare ? " without GA, GX or GY" : "");
        break;
    case GEN_COSM_SK_DX:
        e->denial = "CO-50";
        key_add_in(e, "cosmetic", "COSM-COSMETIC-DX", "denial", code, 1, code, 1,
                   "inflamed seborrheic keratosis billed with L82.1 instead of L82.0; denied, "
                   "recoverable with L82.0");
        break;
    case GEN_COSM_GY:
        mods = "GY";
        e->denial = "PR-96";
        key_add_in(e, "cosmetic", "COSM-LIABILITY-MODIFIER", "denial", code, 1, code, 1,
                   "medically necessary removal billed with GY as if excluded; denied, "
                   "recoverable without GY");
        break;
    case GEN_COSM_SELF_INSURED:
        e->payer = payer_self();
        key_add_in(e, "cosmetic", "COSM-SELF-PAY", "under", code, 1, code, 1,
                   "medically necessary removal charged as self pay to a patient insured by %s", p->name);
        break;
    case GEN_COSM_DENIED:
        e->denial = medicare || rng_pct(r, 50) ? "CO-50" : "CO-96";
        key_add_in(e, "cosmetic", "COSM-DENIAL-APPEAL", "denial", code, 1, code, 1,
                   "medically necessary removal denied %s; the note supports an appeal", e->denial);
        break;
    default:
        break;
    }
    line_add(e, code, mods, 1, icd);
}

/* ---- the run ----------------------------------------------------------- */

typedef struct gen_options {
    const char *out_dir; /* directory the three files go to */
    long scale;          /* encounter multiplier */
    uint64_t seed;       /* PRNG seed */
    long start;          /* first day of the period, days since 1970-01-01 */
    long days;           /* length of the period in days */
    bool x12;            /* also write the claims as claims.837 and remit.835 */
} gen_options;

typedef enum gen_dq {
    GEN_DQ_CLAIM_BAD_DATE,
    GEN_DQ_CLAIM_MISSING_CPT,
    GEN_DQ_NOTE_MISSING_TEXT,
    GEN_DQ_CLAIM_MALFORMED_CODE,
    GEN_DQ_CLAIM_DUPLICATE,
    GEN_DQ_NOTE_BAD_DATE
} gen_dq;

typedef struct gen_run {
    gen_options opt;                 /* the command line */
    FILE *claims, *notes, *key;      /* output files */
    FILE *x837, *x835;               /* with --x12: the claims as an 837P and an 835 */
    long x837_sets, x835_sets;       /* transaction sets written to each */
    unsigned long claims_line;       /* physical lines written to claims.csv */
    unsigned long notes_line;        /* physical lines written to notes.csv */
    long encounters;                 /* encounters to write */
    long *workdays;                  /* weekdays of the period */
    long nworkdays;                  /* weekdays used */
    long patients;                   /* patient panel size */
    unsigned char *seen;             /* patient already had a visit */
    long day_base;                   /* patient offset of the current day */
    long day_first;                  /* first encounter of the current day */
    long current_day;                /* workday index of the current day, -1 before the first */
    long note_seq;                   /* notes written */
    int next_dq;                     /* next data-quality row to plant */
    long dq_at[GEN_DQ_ROWS];         /* encounter index from which each DQ row may be planted */
    long count_lines, count_mohs, count_mohs_two, count_plants[GEN_PLANT_COUNT], count_keys, count_dq;
    long count_denial_keys;          /* answer-key rows for recoverable denied lines */
    long count_kind[GEN_KIND_COUNT]; /* encounters per kind */
    long count_lesion_plants[GEN_LP_COUNT]; /* lesion and repair plants made */
    long count_cat_keys[3];          /* answer-key rows: mohs, pathology, cosmetic */
    unsigned char *insured;          /* patient already has a claim billed to an insurer */
    long count_drug_plants[GEN_DRUG_PLANT_COUNT]; /* ILK and biologic encounters per planted problem */
    unsigned long long note_bytes;   /* bytes of note text */
    long next_id;                    /* encounters written, post-op visits included */
    struct gen_postop *queue;        /* post-op visits booked, not yet written */
    size_t nqueue, capqueue;         /* visits booked and allocated */
} gen_run;

/* A post-operative visit booked at surgery. */
typedef struct gen_postop {
    long day;          /* workday index it falls on */
    long stream;       /* PRNG stream of its own */
    long patient;      /* patient panel slot */
    int payer;         /* the patient's payer */
    int provider;      /* the surgeon */
    long surgery;      /* date of the surgery */
    int global;        /* global days of the surgery */
    int visit;         /* 1 = suture removal, 2 = later check (90-day global) */
    char what[128];    /* the surgery, as the note names it */
} gen_postop;

/* The panel slot of a workday's first patient: a day's patients are
 * consecutive slots from there. */
static long day_base(const gen_run *g, long day)
{
    gen_rng dr = rng_for(g->opt.seed ^ 0xDA7Eu, (uint64_t)day);
    return (long)(rng_next(&dr) % (uint64_t)g->patients);
}

/* Does the patient already have a visit that workday (scheduled or booked)? */
static bool day_has_patient(const gen_run *g, long day, long patient)
{
    long first = (day * g->encounters + g->nworkdays - 1) / g->nworkdays;
    long end = ((day + 1) * g->encounters + g->nworkdays - 1) / g->nworkdays;
    if ((patient - day_base(g, day) + g->patients) % g->patients < end - first)
        return true;
    for (size_t k = 0; k < g->nqueue; k++)
        if (g->queue[k].day == day && g->queue[k].patient == patient)
            return true;
    return false;
}

/* Books a post-op visit from..to days after the surgery on the first
 * workday the patient is free; none when the period ends first. */
static void postop_book(gen_run *g, const gen_encounter *e, long patient, long stream, int visit, int from,
                        int to)
{
    long day = 0;
    while (day < g->nworkdays && g->workdays[day] < e->dos + from)
        day++;
    for (; day < g->nworkdays && g->workdays[day] <= e->dos + to; day++) {
        if (day_has_patient(g, day, patient))
            continue;
        if (g->nqueue == g->capqueue) {
            g->capqueue = g->capqueue ? g->capqueue * 2 : 64;
            g->queue = gen_xrealloc(g->queue, g->capqueue * sizeof *g->queue);
        }
        gen_postop *q = &g->queue[g->nqueue++];
        q->day = day;
        q->stream = stream;
        q->patient = patient;
        q->payer = e->payer;
        q->provider = e->provider;
        q->surgery = e->dos;
        q->global = e->postop_global;
        q->visit = visit;
        snprintf(q->what, sizeof q->what, "%s", e->postop_what);
        return;
    }
}

static int payer_for_patient(uint64_t seed, long patient)
{
    gen_rng r = rng_for(seed ^ 0x5EEDu, (uint64_t)patient);
    int x = rng_int(&r, 0, 99);
    for (int i = 0; i < GEN_COUNT(PAYERS); i++) {
        if (x < PAYERS[i].weight)
            return i;
        x -= PAYERS[i].weight;
    }
    return 0;
}

/* Dollars and status for every line of the claim; writes the rows. */
/* ---- --x12: the claim rows as an 837P and an 835 ----
 *
 * Each claim is one 837P transaction set (BHT04 its submission date) and,
 * once adjudicated, one 835 transaction set (BPR16 its payment date), so the
 * two files carry every field of the CSV row dermaudit reads but the drug
 * source: payer and type (SBR09), patient (the member id), encounter (REF*EA),
 * provider (NM1*82), authorization (REF*G1), diagnoses (HI and pointers),
 * modifiers, units, charges, NDC (LIN), line number (REF*6R), and what was
 * allowed (CO-45), paid, left to the patient (PR-2) or denied (the CARC). The
 * practice's self-pay postings are written as an 835 from "Self Pay". */

#define GEN_X12_FIELDS 23 /* claims.csv columns */

/* One claim row's fields, copied. */
typedef struct gen_x12_row {
    char f[GEN_X12_FIELDS][48]; /* the CSV fields, cut to 47 bytes (none is longer) */
} gen_x12_row;

static const char X12_ISA[] = "ISA*00*          *00*          *ZZ*DERMSAMPLE     *ZZ*RECEIVER       "
                              "*260101*1200*^*00501*000000001*0*T*:~\n";

static void x12_open(FILE *f, const char *gs, const char *version)
{
    fprintf(f, "%sGS*%s*DERMSAMPLE*RECEIVER*20260101*1200*1*X*%s~\n", X12_ISA, gs, version);
}

static void x12_close(FILE *f, long sets)
{
    fprintf(f, "GE*%ld*1~\nIEA*1*000000001~\n", sets);
}

/* "2026-07-01" as 20260701. */
static const char *x12_date(char out[9], const char *iso)
{
    snprintf(out, 9, "%.4s%.2s%.2s", iso, iso + 5, iso + 8);
    return out;
}

/* A money field "12.34" in cents. */
static long long x12_cents(const char *s)
{
    long long units = 0, cents = 0;
    sscanf(s, "%lld.%lld", &units, &cents);
    return units * 100 + cents;
}

static void x12_money(FILE *f, long long cents)
{
    fprintf(f, "%s%lld.%02lld", cents < 0 ? "-" : "", llabs(cents) / 100, llabs(cents) % 100);
}

/* Writes one segment (printf style) and counts it. */
static void x12_seg(FILE *f, int *count, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void x12_seg(FILE *f, int *count, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputs("~\n", f);
    (*count)++;
}

static void x12_claim(gen_run *g, const gen_x12_row *rows, int n)
{
    /* claims.csv columns */
    enum { CLAIM, LINE, ENC, PAT, DOS, PROV, PAYER, TYPE, POS, CPT, MODS, UNITS, ICD, CHARGE, ALLOWED,
           PAID, STATUS, DENIAL, SUB, PAIDON, AUTH, NDC };
    const char *type = rows[0].f[TYPE];
    const char *sbr = strcmp(type, "medicare") == 0   ? "MB"
                      : strcmp(type, "medicaid") == 0 ? "MC"
                      : strcmp(type, "self") == 0     ? "09"
                                                      : "CI";
    char d8[9];
    long long total = 0;
    for (int i = 0; i < n; i++)
        total += x12_cents(rows[i].f[CHARGE]);
    /* Diagnosis codes of the claim, in order of first use, and each line's pointers. */
    char dx[12][8];
    int ndx = 0, ptr[GEN_MAX_LINES][4], nptr[GEN_MAX_LINES];
    for (int i = 0; i < n; i++) {
        nptr[i] = 0;
        char buf[48];
        snprintf(buf, sizeof buf, "%s", rows[i].f[ICD]);
        for (char *t = strtok(buf, ";"); t; t = strtok(NULL, ";")) {
            char code[8];
            int k = 0;
            for (const char *c = t; *c && k < 7; c++)
                if (*c != '.')
                    code[k++] = *c;
            code[k] = '\0';
            int at = 0;
            while (at < ndx && strcmp(dx[at], code) != 0)
                at++;
            if (at == ndx && ndx < 12)
                snprintf(dx[ndx++], 8, "%s", code);
            if (at < ndx && nptr[i] < 4)
                ptr[i][nptr[i]++] = at + 1;
        }
    }
    FILE *f = g->x837;
    int count = 0;
    long set = ++g->x837_sets;
    x12_seg(f, &count, "ST*837*%04ld*005010X222A1", set % 10000);
    x12_seg(f, &count, "BHT*0019*00*%s*%s*1200*CH", rows[0].f[CLAIM], x12_date(d8, rows[0].f[SUB]));
    x12_seg(f, &count, "NM1*41*2*SAMPLE DERMATOLOGY*****46*DERMSAMPLE");
    x12_seg(f, &count, "PER*IC*BILLING OFFICE*TE*5555550100");
    x12_seg(f, &count, "NM1*40*2*RECEIVER*****46*RECEIVER");
    x12_seg(f, &count, "HL*1**20*1");
    x12_seg(f, &count, "NM1*85*2*SAMPLE DERMATOLOGY*****XX*1234567893");
    x12_seg(f, &count, "N3*1 SAMPLE WAY");
    x12_seg(f, &count, "N4*SAMPLETOWN*CA*90001");
    x12_seg(f, &count, "REF*EI*123456789");
    x12_seg(f, &count, "HL*2*1*22*0");
    x12_seg(f, &count, "SBR*P*18*******%s", sbr);
    x12_seg(f, &count, "NM1*IL*1*PATIENT*SAMPLE****MI*%s", rows[0].f[PAT]);
    x12_seg(f, &count, "NM1*PR*2*%s*****PI*PAYER", rows[0].f[PAYER]);
    fprintf(f, "CLM*%s*", rows[0].f[CLAIM]);
    x12_money(f, total);
    x12_seg(f, &count, "***%s:B:1*Y*A*Y*Y", rows[0].f[POS]);
    if (rows[0].f[AUTH][0])
        x12_seg(f, &count, "REF*G1*%s", rows[0].f[AUTH]);
    x12_seg(f, &count, "REF*EA*%s", rows[0].f[ENC]);
    if (ndx) {
        for (int k = 0; k < ndx; k++)
            fprintf(f, "%s%s:%s", k ? "*" : "HI*", k ? "ABF" : "ABK", dx[k]);
        x12_seg(f, &count, "%s", "");
    }
    /* "Dr. Avery Stone": prefix, first and last name. */
    char prefix[16] = "", first[24] = "", last[24] = "";
    sscanf(rows[0].f[PROV], "%15s %23s %23s", prefix, first, last);
    x12_seg(f, &count, "NM1*82*1*%s*%s**%s***XX*1234567891", last, first, prefix);
    for (int i = 0; i < n; i++) {
        const gen_x12_row *r = &rows[i];
        x12_seg(f, &count, "LX*%d", i + 1);
        fprintf(f, "SV1*HC:%s", r->f[CPT]);
        char mods[48];
        snprintf(mods, sizeof mods, "%s", r->f[MODS]);
        for (char *t = strtok(mods, " "); t; t = strtok(NULL, " "))
            fprintf(f, ":%s", t);
        fprintf(f, "*%s*UN*%s***", r->f[CHARGE], r->f[UNITS]);
        for (int k = 0; k < nptr[i]; k++)
            fprintf(f, "%s%d", k ? ":" : "", ptr[i][k]);
        x12_seg(f, &count, "%s", "");
        x12_seg(f, &count, "DTP*472*D8*%s", x12_date(d8, r->f[DOS]));
        x12_seg(f, &count, "REF*6R*%s", r->f[LINE]);
        if (r->f[NDC][0]) {
            x12_seg(f, &count, "LIN**N4*%s", r->f[NDC]);
            x12_seg(f, &count, "CTP****%s*UN", r->f[UNITS]);
        }
    }
    x12_seg(f, &count, "SE*%d*%04ld", count + 1, set % 10000);
    if (strcmp(rows[0].f[STATUS], "pending") == 0)
        return;
    /* The remittance. */
    f = g->x835;
    count = 0;
    set = ++g->x835_sets;
    long long paid = 0, patient = 0;
    bool all_denied = true;
    for (int i = 0; i < n; i++) {
        paid += x12_cents(rows[i].f[PAID]);
        patient += x12_cents(rows[i].f[ALLOWED]) - x12_cents(rows[i].f[PAID]);
        all_denied &= strcmp(rows[i].f[STATUS], "denied") == 0;
    }
    x12_seg(f, &count, "ST*835*%04ld", set % 10000);
    fputs("BPR*I*", f);
    x12_money(f, paid);
    x12_seg(f, &count, "*C*ACH*CCP*01*999999999*DA*123456*1234567890**01*999988880*DA*98765*%s",
            x12_date(d8, rows[0].f[PAIDON]));
    x12_seg(f, &count, "TRN*1*%s*1234567890", rows[0].f[CLAIM]);
    x12_seg(f, &count, "DTM*405*%s", d8);
    x12_seg(f, &count, "N1*PR*%s", rows[0].f[PAYER]);
    x12_seg(f, &count, "N1*PE*SAMPLE DERMATOLOGY*XX*1234567893");
    x12_seg(f, &count, "LX*1");
    fprintf(f, "CLP*%s*%d*", rows[0].f[CLAIM], all_denied ? 4 : 1);
    x12_money(f, total);
    fputc('*', f);
    x12_money(f, paid);
    fputc('*', f);
    x12_money(f, patient);
    x12_seg(f, &count, "*12*PCN%s", rows[0].f[CLAIM]);
    x12_seg(f, &count, "NM1*QC*1*PATIENT*SAMPLE****MI*%s", rows[0].f[PAT]);
    for (int i = 0; i < n; i++) {
        const gen_x12_row *r = &rows[i];
        long long charge = x12_cents(r->f[CHARGE]), allowed = x12_cents(r->f[ALLOWED]),
                  line_paid = x12_cents(r->f[PAID]);
        fprintf(f, "SVC*HC:%s", r->f[CPT]);
        char mods[48];
        snprintf(mods, sizeof mods, "%s", r->f[MODS]);
        for (char *t = strtok(mods, " "); t; t = strtok(NULL, " "))
            fprintf(f, ":%s", t);
        x12_seg(f, &count, "*%s*%s**%s", r->f[CHARGE], r->f[PAID], r->f[UNITS]);
        x12_seg(f, &count, "DTM*472*%s", x12_date(d8, r->f[DOS]));
        if (strcmp(r->f[STATUS], "denied") == 0) {
            /* "CO-16" */
            fprintf(f, "CAS*%.2s*%s*", r->f[DENIAL], r->f[DENIAL] + 3);
            x12_money(f, charge);
            x12_seg(f, &count, "%s", "");
        } else {
            if (charge > allowed) {
                fputs("CAS*CO*45*", f);
                x12_money(f, charge - allowed);
                x12_seg(f, &count, "%s", "");
            }
            if (allowed > line_paid) {
                fputs("CAS*PR*2*", f);
                x12_money(f, allowed - line_paid);
                x12_seg(f, &count, "%s", "");
            }
        }
        x12_seg(f, &count, "REF*6R*%s", r->f[LINE]);
    }
    x12_seg(f, &count, "SE*%d*%04ld", count + 1, set % 10000);
}

static void claim_write(gen_run *g, gen_rng *r, gen_encounter *e, gen_dq *dq)
{
    const gen_payer *p = &PAYERS[e->payer];
    long long allowed[GEN_MAX_LINES];
    int rank[GEN_MAX_LINES];
    for (int i = 0; i < e->nlines; i++) {
        const gen_fee *f = fee_find(e->lines[i].code);
        allowed[i] = f ? f->cents * e->lines[i].units : 0;
        rank[i] = 0;
    }
    /* Multiple-procedure reduction: every unit of an indicator-2 code is a
     * procedure of its own; rank them by fee, the 2nd on at 50%. A line's
     * rank is the rank of its first unit. */
    int next_rank = 1;
    for (;;) {
        int best = -1;
        for (int i = 0; i < e->nlines; i++) {
            const gen_fee *f = fee_find(e->lines[i].code);
            if (f && f->mult_proc == 2 && rank[i] == 0 && (best < 0 || f->cents > fee_find(e->lines[best].code)->cents))
                best = i;
        }
        if (best < 0)
            break;
        long long unit = fee_find(e->lines[best].code)->cents;
        allowed[best] = 0;
        rank[best] = next_rank;
        for (int u = 0; u < e->lines[best].units; u++, next_rank++)
            allowed[best] += next_rank > 1 ? (unit + 1) / 2 : unit;
    }
    /* Commercial payers want modifier 51 on every secondary procedure; a few claims leave it off. */
    char mods[GEN_MAX_LINES][12];
    int secondary = -1;
    for (int i = 0; i < e->nlines; i++)
        if (rank[i] == 2)
            secondary = i;
    bool commercial = strcmp(p->type, "commercial") == 0;
    bool drop51 = commercial && secondary >= 0 && rng_pct(r, 15);
    for (int i = 0; i < e->nlines; i++) {
        const char *m = e->lines[i].mods;
        bool add51 = commercial && rank[i] >= 2 && !(drop51 && i == secondary);
        snprintf(mods[i], sizeof mods[i], "%s%s%s", m, add51 && *m ? " " : "", add51 ? "51" : "");
    }
    if (drop51)
        key_add_in(e, "modifier", "MOD-51-MISSING", "gap", e->lines[secondary].code, e->lines[secondary].units,
                   e->lines[secondary].code, e->lines[secondary].units,
                   "secondary procedure %s billed to a commercial payer without modifier 51", e->lines[secondary].code);
    long submitted = e->dos + rng_int(r, 1, 4);
    long adjudicated = submitted + rng_int(r, 12, 35);
    long exported = g->opt.start + g->opt.days - 1 + GEN_EXPORT_LAG;
    bool self = p->allowed_pct == 0;
    bool pending = !self && adjudicated > exported;
    bool denied = !self && !pending && e->kind != GEN_MOHS && e->kind != GEN_BIOLOGIC && e->nkeys == 0 &&
                  !e->no_chance_denial && rng_pct(r, 3);
    /* CO-50 (medical necessity) only falls on biopsies, whose notes always state why the
     * lesion was sampled ("rule out", "changing"), so the denial is recoverable by appeal;
     * there are no prior-authorization denials from Medicare. */
    static const char *const carcs[] = {"CO-16", "CO-197", "CO-50"};
    int ncarcs = strcmp(p->type, "medicare") == 0 ? 1 : 2;
    if (e->kind == GEN_BIOPSY)
        ncarcs++;
    const char *denial = "";
    if (denied) {
        int c = rng_int(r, 0, ncarcs - 1);
        denial = carcs[strcmp(p->type, "medicare") == 0 && c == 1 ? 2 : c];
    }
    /* Half the authorization denials had an authorization on file that did not reach the
     * payer: those are recoverable (DENIAL-CO197). A stream of its own leaves the other
     * draws of the encounter unchanged. */
    char auth[16];
    snprintf(auth, sizeof auth, "%s", e->prior_auth);
    if (denied && strcmp(denial, "CO-197") == 0) {
        gen_rng ar = rng_for(g->opt.seed ^ 0xA117u, (uint64_t)e->index);
        if (rng_pct(&ar, 50))
            snprintf(auth, sizeof auth, "PA%08d", rng_int(&ar, 0, 99999999));
    }
    /* CO-16 is always recoverable; CO-197 when an authorization is on file; CO-50 when the
     * note documents necessity (biopsies). A denial planted by another category keys itself,
     * except a drug's CO-197, which denies the administration line too. */
    bool planted_auth = e->denial != NULL && strcmp(e->denial, "CO-197") == 0;
    if (e->denial != NULL && !self) {
        denied = true;
        pending = false;
        denial = e->denial;
    }
    const char *denial_rule = !denied || (e->denial != NULL && !planted_auth) ? NULL
                              : strcmp(denial, "CO-16") == 0                 ? "DENIAL-CO16"
                              : strcmp(denial, "CO-197") == 0 && auth[0]     ? "DENIAL-CO197"
                              : strcmp(denial, "CO-50") == 0                 ? "DENIAL-CO50"
                                                                             : NULL;
    if (self) {
        submitted = e->dos;
        adjudicated = e->dos;
    }
    /* Modifier 25 left off (separate_em_add): an adjudicated claim has the E/M denied
     * CO-4 about half the time (a recoverable denial: a corrected claim with 25),
     * otherwise paid (a gap: the payer may recoup it). */
    int co4 = -1;
    if (e->missing25 >= 0) {
        const gen_line *l = &e->lines[e->missing25];
        gen_rng side = rng_side(r, 0x25u);
        bool lost = !self && !pending && !denied && rng_pct(&side, 50);
        if (lost)
            co4 = e->missing25;
        if (lost)
            key_add_in(e, "denial", "DENIAL-CO4", "denial", l->code, 1, l->code, 1,
                       "%s billed without 25 beside a minor procedure, separate problem documented; "
                       "denied CO-4, recoverable with 25", l->code);
        else
            key_add_in(e, "modifier", "MOD-25-MISSING", "gap", l->code, 1, l->code, 1,
                       "%s billed without 25 beside a minor procedure, separate problem documented; paid",
                       l->code);
    }
    /* Payment errors on multi-procedure claims with no other planted issue: a
     * secondary procedure allowed in full (MPPR-SECONDARY-FULL), or the primary
     * reduced in error (MPPR-REDUCED-IN-ERROR) where a line paid in full
     * (an E/M or an add-on) shows the payer's rate. */
    if (secondary >= 0 && e->nkeys == 0 && !self && !pending && !denied) {
        gen_rng side = rng_side(r, 0x3E1u);
        int x = rng_int(&side, 0, 99), primary = -1;
        bool reference = false;
        for (int i = 0; i < e->nlines; i++) {
            const char *c = e->lines[i].code;
            if (rank[i] == 1)
                primary = i;
            reference |= strncmp(c, "992", 3) == 0 || strcmp(c, "17312") == 0 || strcmp(c, "17314") == 0 ||
                         strcmp(c, "17315") == 0 || strcmp(c, "17003") == 0 || strcmp(c, "11103") == 0 ||
                         strcmp(c, "11105") == 0;
        }
        const gen_line *sl = &e->lines[secondary], *pl = &e->lines[primary];
        long long sfee = fee_find(sl->code)->cents, pfee = fee_find(pl->code)->cents;
        if (x < 8 && sl->units == 1) {
            allowed[secondary] = sfee;
            key_add(e, "MPPR-SECONDARY-FULL", "over", sl->code, 1, sl->code, 1,
                    "secondary procedure %s allowed at 100%% instead of 50%%", sl->code);
        } else if (x >= 8 && x < 20 && reference && pl->units == 1 && pfee > sfee) {
            allowed[primary] = (pfee + 1) / 2;
            key_add(e, "MPPR-REDUCED-IN-ERROR", "under", pl->code, 1, pl->code, 1,
                    "primary procedure %s allowed at 50%% instead of 100%%", pl->code);
        }
    }
    gen_x12_row x12_rows[GEN_MAX_LINES];
    char dos[16], sub[16], paid_on[16];
    date_format(e->dos, dos);
    date_format(submitted, sub);
    date_format(adjudicated, paid_on);
    for (int i = 0; i < e->nlines; i++) {
        const gen_line *l = &e->lines[i];
        const gen_fee *f = fee_find(l->code);
        long long fee = f ? f->cents : 0;
        long long unit_charge = (fee * 22 / 10 + 99) / 100 * 100;
        if (unit_charge < 500 && (f == NULL || f->cents > 0))
            unit_charge = 500; /* 99024 alone is charged nothing */
        long long charge = unit_charge * l->units;
        long long allow = self ? charge * 60 / 100 : (allowed[i] * p->allowed_pct + 50) / 100;
        long long paid = self ? allow : (allow * p->paid_pct + 50) / 100;
        bool line_denied = denied || i == co4;
        if (line_denied)
            allow = paid = 0;
        char line_no[16], units[16], charge_s[24], allowed_s[24], paid_s[24];
        snprintf(line_no, sizeof line_no, "%d", i + 1);
        snprintf(units, sizeof units, "%d", l->units);
        money_format(charge, charge_s);
        money_format(allow, allowed_s);
        money_format(paid, paid_s);
        bool drug = strcmp(l->code, "J3301") == 0;
        const char *row[] = {e->claim,
                             line_no,
                             e->id,
                             e->patient,
                             dos,
                             PROVIDERS[e->provider],
                             p->name,
                             p->type,
                             "11",
                             l->code,
                             mods[i],
                             units,
                             l->icd,
                             charge_s,
                             pending ? "" : allowed_s,
                             pending ? "" : paid_s,
                             pending ? "pending" : line_denied ? "denied" : "paid",
                             i == co4 ? "CO-4" : denial,
                             sub,
                             pending ? "" : paid_on,
                             auth,
                             l->ndc ? l->ndc : drug ? "00003-0293-05" : "",
                             l->source ? l->source : drug ? "buy_and_bill" : ""};
        g->claims_line += csv_row(g->claims, row, GEN_COUNT(row));
        g->count_lines++;
        if (g->opt.x12)
            for (int k = 0; k < GEN_X12_FIELDS; k++)
                snprintf(x12_rows[i].f[k], sizeof x12_rows[i].f[k], "%s", row[k]);
        /* A drug line denied CO-197 with an authorization on file is the drug family's
         * finding (DRUG-AUTH-DENIAL); a planted one is keyed already. */
        bool drug_line = l->code[0] == 'J';
        if (denial_rule != NULL && !(drug_line && planted_auth)) {
            bool drug_auth = drug_line && strcmp(denial_rule, "DENIAL-CO197") == 0;
            char detail[96];
            snprintf(detail, sizeof detail, "line %d denied %s; recoverable", i + 1, denial);
            const char *k[] = {drug_auth ? "drug" : "denial", drug_auth ? "DRUG-AUTH-DENIAL" : denial_rule,
                               "denial", e->id, l->code, units, "", "0", detail};
            csv_row(g->key, k, GEN_COUNT(k));
            g->count_denial_keys++;
        }
        if (i == 0 && dq != NULL) {
            /* Hosts are single-line visits; the planted row copies that line with one defect
             * (a duplicate repeats it exactly). */
            const char *bad[GEN_COUNT(row)];
            memcpy(bad, row, sizeof bad);
            bad[1] = "1";
            bad[9] = e->lines[0].code;
            bad[10] = e->lines[0].mods;
            bad[12] = e->lines[0].icd;
            const char *reason = "";
            char next_line[16];
            snprintf(next_line, sizeof next_line, "%d", e->nlines + 1);
            switch (*dq) {
            case GEN_DQ_CLAIM_BAD_DATE: bad[1] = next_line; bad[4] = "2026-02-30"; reason = "bad date"; break;
            case GEN_DQ_CLAIM_MISSING_CPT: bad[1] = next_line; bad[9] = ""; reason = "missing required field"; break;
            case GEN_DQ_CLAIM_MALFORMED_CODE: bad[1] = next_line; bad[9] = "1731"; reason = "malformed code"; break;
            default: reason = "duplicate line"; break;
            }
            unsigned long at = g->claims_line + 1;
            g->claims_line += csv_row(g->claims, bad, GEN_COUNT(row));
            char detail[64];
            snprintf(detail, sizeof detail, "claims.csv line %lu", at);
            const char *k[] = {"dataquality", reason, "", e->id, "", "", "", "", detail};
            csv_row(g->key, k, GEN_COUNT(k));
            g->count_dq++;
        }
    }
    if (g->opt.x12 && e->nlines > 0)
        x12_claim(g, x12_rows, e->nlines);
}

static void notes_write(gen_run *g, gen_rng *r, gen_encounter *e, gen_dq *dq)
{
    char dos[16];
    date_format(e->dos, dos);
    for (int i = 0; i < e->nnotes; i++) {
        char id[24];
        snprintf(id, sizeof id, "N%07ld", ++g->note_seq);
        /* A visit with no claim line (everything left off) joins by its id only. */
        bool no_encounter = rng_pct(r, 5) && e->nlines > 0;
        const char *row[] = {id, no_encounter ? "" : e->id, e->patient, dos, e->notes[i].type,
                             PROVIDERS[e->provider], e->notes[i].text.data ? e->notes[i].text.data : ""};
        g->notes_line += csv_row(g->notes, row, GEN_COUNT(row));
        g->note_bytes += e->notes[i].text.len;
    }
    if (dq == NULL)
        return;
    char id[24];
    snprintf(id, sizeof id, "N%07ld", ++g->note_seq);
    bool bad_date = *dq == GEN_DQ_NOTE_BAD_DATE;
    const char *row[] = {id,
                         bad_date ? "" : e->id,
                         e->patient,
                         bad_date ? "2026-09-31" : dos,
                         "phone",
                         PROVIDERS[e->provider],
                         bad_date ? "Telephone call: patient asked about sunscreen; advised SPF 30 or higher.\nNo visit."
                                  : ""};
    unsigned long at = g->notes_line + 1;
    g->notes_line += csv_row(g->notes, row, GEN_COUNT(row));
    char detail[64];
    snprintf(detail, sizeof detail, "notes.csv line %lu", at);
    const char *k[] = {"dataquality", bad_date ? "bad date" : "missing required field", "", e->id, "", "", "", "", detail};
    csv_row(g->key, k, GEN_COUNT(k));
    g->count_dq++;
}

static void keys_write(gen_run *g, const gen_encounter *e)
{
    for (int i = 0; i < e->nkeys; i++) {
        const gen_key *k = &e->keys[i];
        char bu[16], eu[16];
        snprintf(bu, sizeof bu, "%d", k->billed_units);
        snprintf(eu, sizeof eu, "%d", k->expected_units);
        const char *row[] = {k->category, k->rule, k->direction, e->id, k->billed, bu, k->expected, eu, k->detail};
        csv_row(g->key, row, GEN_COUNT(row));
        g->count_keys++;
        g->count_cat_keys[strcmp(k->category, "pathology") == 0 ? 1 : strcmp(k->category, "cosmetic") == 0 ? 2 : 0]++;
    }
}

static gen_plant plant_pick(gen_rng *r)
{
    int x = rng_int(r, 0, 99);
    return x < 20   ? GEN_PLANT_STAGES_UNDER
           : x < 32 ? GEN_PLANT_STAGES_OVER
           : x < 50 ? GEN_PLANT_BLOCKS_UNDER
           : x < 70 ? GEN_PLANT_SITE_UNDER
           : x < 84 ? GEN_PLANT_SITE_OVER
                    : GEN_PLANT_NOT_BILLED;
}

static void encounter_write(gen_run *g, gen_encounter *e, long i)
{
    gen_rng r = rng_for(g->opt.seed, (uint64_t)i);
    long day = i * g->nworkdays / g->encounters;
    if (day != g->current_day) {
        g->current_day = day;
        g->day_first = i;
        g->day_base = day_base(g, day);
    }
    /* Consecutive panel slots within a day: no patient has two visits a day,
     * so notes without an encounter id join on (patient, date) unambiguously. */
    long patient = (g->day_base + (i - g->day_first)) % g->patients;
    e->index = i;
    e->dos = g->workdays[day];
    e->nlines = e->nnotes = e->nkeys = 0;
    e->prior_auth[0] = '\0';
    e->denial = NULL;
    e->no_chance_denial = false;
    e->missing25 = -1;
    e->postop_global = 0;
    g->next_id++;
    snprintf(e->id, sizeof e->id, "E%06ld", g->next_id);
    snprintf(e->claim, sizeof e->claim, "C%07ld", g->next_id);
    snprintf(e->patient, sizeof e->patient, "P%06ld", patient + 1);
    e->payer = payer_for_patient(g->opt.seed, patient);
    e->new_patient = !g->seen[patient];
    g->seen[patient] = 1;

    int x = rng_int(&r, 0, 999);
    e->kind = x < 200 ? GEN_EM : x < 230 ? GEN_BENIGN : x < 280 ? GEN_BIOLOGIC : x < 490 ? GEN_AK : x < 680 ? GEN_BIOPSY : x < 740 ? GEN_SHAVE
              : x < 820 ? GEN_EXCISION : x < 870 ? GEN_ILK : GEN_MOHS;
    e->provider = e->kind == GEN_MOHS ? (rng_pct(&r, 60) ? 1 : 2) : rng_int(&r, 0, 2);
    if (e->kind != GEN_EM)
        e->new_patient = false; /* procedure days are billed without a new-patient visit */
    g->count_kind[e->kind]++;
    switch (e->kind) {
    case GEN_EM: encounter_em(e, &r); break;
    case GEN_AK: {
        gen_lesion_plant lp = rng_pct(&r, 20) ? (gen_lesion_plant)rng_int(&r, GEN_LP_AK_17004, GEN_LP_AK_OVER) : GEN_LP_NONE;
        encounter_ak(e, &r, lp);
        g->count_lesion_plants[lp]++;
        break;
    }
    case GEN_BIOPSY: {
        gen_lesion_plant lp = rng_pct(&r, 20) ? (gen_lesion_plant)rng_int(&r, GEN_LP_BIOPSY_ADDON, GEN_LP_BIOPSY_HIERARCHY)
                                              : GEN_LP_NONE;
        encounter_biopsy(e, &r, lp);
        g->count_lesion_plants[lp]++;
        break;
    }
    case GEN_SHAVE: {
        gen_lesion_plant lp = rng_pct(&r, 20) ? (gen_lesion_plant)rng_int(&r, GEN_LP_SHAVE_MARGIN, GEN_LP_SHAVE_UNDER)
                                              : GEN_LP_NONE;
        encounter_shave(e, &r, lp);
        g->count_lesion_plants[lp]++;
        break;
    }
    case GEN_ILK: g->count_drug_plants[encounter_ilk(e, &r)]++; break;
    case GEN_BIOLOGIC: g->count_drug_plants[encounter_biologic(e, &r)]++; break;
    case GEN_BENIGN: encounter_benign(e, &r, g->insured[patient] != 0); break;
    case GEN_EXCISION: {
        bool plant = rng_pct(&r, 3);
        gen_lesion_plant lp = !plant && rng_pct(&r, 30)
                                  ? (gen_lesion_plant)rng_int(&r, GEN_LP_EXC_SIZE_UNDER, GEN_LP_REPAIR_BUNDLED)
                                  : GEN_LP_NONE;
        lp = encounter_excision(e, &r, plant, lp);
        g->count_lesion_plants[lp]++;
        if (plant)
            g->count_plants[GEN_PLANT_UNSUPPORTED]++;
        break;
    }
    default: {
        gen_plant plant = rng_pct(&r, 26) ? plant_pick(&r) : GEN_PLANT_NONE;
        if (strcmp(PAYERS[e->payer].type, "medicaid") == 0)
            snprintf(e->prior_auth, sizeof e->prior_auth, "PA%08d", rng_int(&r, 0, 99999999));
        g->count_mohs_two += encounter_mohs(e, &r, plant) == 2;
        g->count_mohs++;
        g->count_plants[plant]++;
        break;
    }
    }

    /* Data-quality rows ride on single-line office visits only, never on Mohs. */
    gen_dq dq = (gen_dq)g->next_dq;
    bool host = g->next_dq < GEN_DQ_ROWS && i >= g->dq_at[g->next_dq] && e->kind == GEN_EM && e->nlines == 1 &&
                e->nkeys == 0;
    if (host)
        g->next_dq++;
    bool note_dq = host && (dq == GEN_DQ_NOTE_BAD_DATE || dq == GEN_DQ_NOTE_MISSING_TEXT);
    claim_write(g, &r, e, host && !note_dq ? &dq : NULL);
    if (PAYERS[e->payer].allowed_pct != 0)
        g->insured[patient] = 1;
    notes_write(g, &r, e, note_dq ? &dq : NULL);
    keys_write(g, e);
    /* Most patients come back for suture removal inside the global period,
     * and after a flap for a later check as well. */
    if (e->postop_global > 0) {
        gen_rng pr = rng_for(g->opt.seed ^ 0x90D0u, (uint64_t)i);
        if (rng_pct(&pr, 85))
            postop_book(g, e, patient, 2 * i, 1, e->postop_after, 10);
        if (e->postop_global == 90 && rng_pct(&pr, 70))
            postop_book(g, e, patient, 2 * i + 1, 2, 28, 49);
    }
}

/* A post-operative visit: a short note and one 99024 line at no charge. */
static void postop_write(gen_run *g, gen_encounter *e, const gen_postop *q)
{
    static const char *const interval[] = {
        "mild soreness for two days, relieved by acetaminophen; no fever, bleeding or drainage",
        "no pain since the second day; kept the dressing dry as instructed",
        "slight itching at the site; no redness spreading from the wound and no fever",
    };
    static const char *const scar[] = {
        "gentle scar massage after two weeks, silicone gel nightly and sun protection of the scar for six months",
        "petrolatum until fully healed, then daily sunscreen on the scar",
    };
    gen_rng r = rng_for(g->opt.seed ^ 0x9057u, (uint64_t)q->stream);
    e->index = g->encounters + q->stream;
    e->kind = GEN_POSTOP;
    e->dos = g->workdays[q->day];
    e->provider = q->provider;
    e->payer = q->payer;
    e->new_patient = false;
    e->nlines = e->nnotes = e->nkeys = 0;
    e->prior_auth[0] = '\0';
    e->denial = NULL;
    e->no_chance_denial = true; /* nothing to deny or recover at no charge */
    e->missing25 = -1;
    e->postop_global = 0;
    g->next_id++;
    snprintf(e->id, sizeof e->id, "E%06ld", g->next_id);
    snprintf(e->claim, sizeof e->claim, "C%07ld", g->next_id);
    snprintf(e->patient, sizeof e->patient, "P%06ld", q->patient + 1);
    char day[16];
    date_format(q->surgery, day);
    gen_text *t = note_add(e, "progress");
    text_add(t, "POST-OPERATIVE VISIT\n");
    text_addf(t, "Seen %ld days after %s on %s, within the %d-day global surgical period.\n", e->dos - q->surgery,
              q->what, day, q->global);
    text_addf(t, "Interval history: %s.\n", GEN_PICK(&r, interval));
    if (q->visit == 1) {
        text_add(t, "Examination: the wound is clean and dry and the edges are well approximated, without erythema, warmth or dehiscence.\n");
        text_add(t, "Sutures were removed without difficulty and adhesive strips applied.\n");
    } else {
        text_add(t, "Examination: the surgical site is well healed; the scar is flat, pink and maturing, with no contour deformity.\n");
    }
    text_addf(t, "Scar care: %s.\n", GEN_PICK(&r, scar));
    text_add(t, "Post-operative care is included in the surgical package: no charge for this visit.\n");
    sign_add(t, &r, e);
    line_add(e, "99024", "", 1, q->visit == 1 ? "Z48.02" : "Z48.817");
    g->count_kind[GEN_POSTOP]++;
    claim_write(g, &r, e, NULL);
    notes_write(g, &r, e, NULL);
    keys_write(g, e);
}

/* Writes the booked visits that fall on or before a workday. */
static void postop_flush(gen_run *g, gen_encounter *e, long upto)
{
    size_t kept = 0;
    for (size_t k = 0; k < g->nqueue; k++) {
        if (g->queue[k].day <= upto)
            postop_write(g, e, &g->queue[k]);
        else
            g->queue[kept++] = g->queue[k];
    }
    g->nqueue = kept;
}

static void run_init(gen_run *g)
{
    g->encounters = GEN_ENCOUNTERS_PER_90_DAYS * g->opt.scale * g->opt.days / 90;
    if (g->encounters < 1)
        g->encounters = 1;
    g->workdays = gen_xrealloc(NULL, (size_t)g->opt.days * sizeof *g->workdays);
    for (long d = 0; d < g->opt.days; d++) {
        int w = date_weekday(g->opt.start + d);
        if (w != 0 && w != 6)
            g->workdays[g->nworkdays++] = g->opt.start + d;
    }
    if (g->nworkdays == 0) /* a weekend-only period: use the days given */
        for (long d = 0; d < g->opt.days; d++)
            g->workdays[g->nworkdays++] = g->opt.start + d;
    g->patients = GEN_PATIENTS_PER_SCALE * g->opt.scale;
    long per_day = (g->encounters + g->nworkdays - 1) / g->nworkdays + 1;
    if (g->patients < per_day)
        g->patients = per_day;
    g->seen = gen_xrealloc(NULL, (size_t)g->patients);
    memset(g->seen, 0, (size_t)g->patients);
    g->insured = gen_xrealloc(NULL, (size_t)g->patients);
    memset(g->insured, 0, (size_t)g->patients);
    g->current_day = -1;
    for (int k = 0; k < GEN_DQ_ROWS; k++)
        g->dq_at[k] = g->encounters * (k + 1) / (GEN_DQ_ROWS + 1);
}

static FILE *file_open(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        fprintf(stderr, "dermaudit-sample: cannot write %s: %s\n", path, strerror(errno));
        return NULL;
    }
    setvbuf(f, NULL, _IOFBF, GEN_IO_BUFFER);
    return f;
}

static da_error run(gen_run *g)
{
    da_error err = DA_OK;
    if (mkdir(g->opt.out_dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "dermaudit-sample: cannot create %s: %s\n", g->opt.out_dir, strerror(errno));
        return DA_ERR_IO;
    }
    g->claims = file_open(g->opt.out_dir, "claims.csv");
    g->notes = file_open(g->opt.out_dir, "notes.csv");
    g->key = file_open(g->opt.out_dir, "answer_key.csv");
    if (g->claims == NULL || g->notes == NULL || g->key == NULL)
        err = DA_ERR_IO;
    if (err == DA_OK && g->opt.x12) {
        g->x837 = file_open(g->opt.out_dir, "claims.837");
        g->x835 = file_open(g->opt.out_dir, "remit.835");
        if (g->x837 == NULL || g->x835 == NULL)
            err = DA_ERR_IO;
        else {
            x12_open(g->x837, "HC", "005010X222A1");
            x12_open(g->x835, "HP", "005010X221A1");
        }
    }
    if (err == DA_OK) {
        run_init(g);
        fputs("claim_id,line,encounter_id,patient_id,date_of_service,provider,payer,payer_type,pos,cpt,modifiers,"
              "units,icd10,charge,allowed,paid,status,denial_codes,submitted_date,paid_date,prior_auth,ndc,drug_source\n",
              g->claims);
        fputs("note_id,encounter_id,patient_id,date_of_service,note_type,provider,text\n", g->notes);
        fputs("category,rule,direction,encounter_id,billed_code,billed_units,expected_code,expected_units,detail\n",
              g->key);
        g->claims_line = g->notes_line = 1;
        gen_encounter e;
        memset(&e, 0, sizeof e);
        for (long i = 0; i < g->encounters; i++) {
            long day = i * g->nworkdays / g->encounters;
            if (day != g->current_day && g->current_day >= 0)
                postop_flush(g, &e, g->current_day);
            encounter_write(g, &e, i);
        }
        postop_flush(g, &e, g->nworkdays);
        for (int i = 0; i < GEN_MAX_NOTES; i++)
            free(e.notes[i].text.data);
    }
    if (err == DA_OK && g->opt.x12) {
        x12_close(g->x837, g->x837_sets);
        x12_close(g->x835, g->x835_sets);
    }
    FILE *files[] = {g->claims, g->notes, g->key, g->x837, g->x835};
    for (int i = 0; i < 5; i++)
        if (files[i] != NULL && (ferror(files[i]) | fclose(files[i])) != 0 && err == DA_OK) {
            fprintf(stderr, "dermaudit-sample: write error in %s\n", g->opt.out_dir);
            err = DA_ERR_IO;
        }
    free(g->workdays);
    free(g->seen);
    free(g->insured);
    free(g->queue);
    return err;
}

static void report(const gen_run *g)
{
    fprintf(stderr, "dermaudit-sample: %ld encounters, %ld claim lines, %ld notes (%.2f MB of note text)\n",
            g->next_id, g->count_lines, g->note_seq, (double)g->note_bytes / 1e6);
    static const char *const kinds[] = {"office visit", "AK destruction", "biopsy", "shave", "excision", "ILK", "Mohs",
                                        "benign removal", "biologic/IM", "post-op visit"};
    for (int k = 0; k < GEN_KIND_COUNT; k++)
        fprintf(stderr, "  %-15s %ld\n", kinds[k], g->count_kind[k]);
    fprintf(stderr, "  planted encounters:");
    for (int p = 1; p < GEN_PLANT_COUNT; p++)
        fprintf(stderr, "%s %s %ld", p > 1 ? "," : "", PLANT_NAMES[p], g->count_plants[p]);
    fprintf(stderr, "\n  planted drug encounters:");
    for (int p = 1; p < GEN_DRUG_PLANT_COUNT; p++)
        fprintf(stderr, "%s %s %ld", p > 1 ? "," : "", DRUG_PLANT_NAMES[p], g->count_drug_plants[p]);
    fprintf(stderr, "\n  lesion and repair plants:");
    for (int p = 1; p < GEN_LP_COUNT; p++)
        fprintf(stderr, "%s %s %ld", p > 1 ? "," : "", LESION_PLANT_NAMES[p], g->count_lesion_plants[p]);
    fprintf(stderr, "\n  two-tumour Mohs encounters: %ld\n  answer-key rows: %ld findings, %ld dataquality\n",
            g->count_mohs_two, g->count_keys, g->count_dq);
    fprintf(stderr, "  pathology and cosmetic answer-key rows: %ld pathology, %ld cosmetic\n",
            g->count_cat_keys[1], g->count_cat_keys[2]);
    fprintf(stderr, "  denial answer-key rows: %ld\n", g->count_denial_keys);
}

static void usage(FILE *out)
{
    fputs("usage: dermaudit-sample --out DIR [--scale N] [--seed S] [--start YYYY-MM-DD] [--days N]\n"
          "                       [--x12]\n"
          "Writes a synthetic dermatology practice (claims.csv, notes.csv, answer_key.csv) into DIR;\n"
          "with --x12, also the claims as claims.837 (837P) and remit.835 (835).\n",
          out);
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool parse_date(const char *s, long *out)
{
    int y, m, d;
    char tail;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    long day = date_from_ymd(y, m, d);
    int y2, m2, d2;
    date_to_ymd(day, &y2, &m2, &d2);
    if (y2 != y || m2 != m || d2 != d)
        return false;
    *out = day;
    return true;
}

static da_error options_parse(int argc, char **argv, gen_options *o)
{
    o->out_dir = NULL;
    o->scale = 1;
    o->seed = 2026;
    o->start = date_from_ymd(2026, 7, 1);
    o->days = 90;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        }
        if (strcmp(a, "--x12") == 0) {
            o->x12 = true;
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "dermaudit-sample: %s needs a value\n", a);
            return DA_ERR_USAGE;
        }
        const char *v = argv[++i];
        long n;
        if (strcmp(a, "--out") == 0)
            o->out_dir = v;
        else if (strcmp(a, "--scale") == 0 && parse_long(v, 1, 1000, &n))
            o->scale = n;
        else if (strcmp(a, "--seed") == 0 && parse_long(v, 0, LONG_MAX, &n))
            o->seed = (uint64_t)n;
        else if (strcmp(a, "--start") == 0 && parse_date(v, &n))
            o->start = n;
        else if (strcmp(a, "--days") == 0 && parse_long(v, 1, 3660, &n))
            o->days = n;

        else {
            fprintf(stderr, "dermaudit-sample: bad option or value: %s\n", a);
            return DA_ERR_USAGE;
        }
    }
    if (o->out_dir == NULL) {
        fputs("dermaudit-sample: --out is required\n", stderr);
        return DA_ERR_USAGE;
    }
    return DA_OK;
}

int main(int argc, char **argv)
{
    gen_run g;
    memset(&g, 0, sizeof g);
    da_error err = options_parse(argc, argv, &g.opt);
    if (err != DA_OK) {
        usage(stderr);
        return 2;
    }
    err = run(&g);
    if (err != DA_OK)
        return 1;
    report(&g);
    return 0;
}
