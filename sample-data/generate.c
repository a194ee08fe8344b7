/* generate.c - dermaudit-sample: a synthetic 90-day dermatology practice.
 *
 * Writes claims.csv, notes.csv and answer_key.csv into --out. Every patient,
 * encounter, claim and note is made up. Only the Mohs category carries
 * planted billing problems (one per encounter, each listed in the answer
 * key); every other encounter is billed exactly as its notes support, so a
 * rule that fires on it is wrong. A handful of data-quality rows are planted
 * too and listed with their physical line numbers.
 *
 * Output depends only on the arguments: each encounter draws from its own
 * splitmix64 stream seeded from --seed and the encounter number, and money is
 * integer cents, so the same arguments give the same bytes on any machine.
 * Rows are written as they are made through buffered stdio, so --scale 100
 * runs in constant memory. The program links only libm (see CMakeLists.txt),
 * so it keeps its own small date, CSV and text helpers.
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

#define GEN_ENCOUNTERS_PER_90_DAYS 2400L /* encounters at scale 1 over 90 days */
#define GEN_PATIENTS_PER_SCALE 1200L     /* patient panel at scale 1 */
#define GEN_MAX_LINES 16                 /* claim lines per encounter */
#define GEN_MAX_NOTES 3                  /* notes per encounter */
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
    {"17314", 38545, 0}, {"17315", 7916, 0},  {"J3301", 74, 0},
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
} gen_line;

typedef struct gen_note {
    const char *type; /* progress, procedure, mohs, pathology */
    gen_text text;    /* the note text, LF line ends */
} gen_note;

typedef struct gen_key {
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
    gen_line lines[GEN_MAX_LINES];   /* claim lines in order */
    int nlines;                      /* lines used */
    gen_note notes[GEN_MAX_NOTES];   /* notes in order */
    int nnotes;                      /* notes used */
    gen_key keys[GEN_MAX_KEYS];      /* planted issues */
    int nkeys;                       /* keys used */
} gen_encounter;

static void line_add(gen_encounter *e, const char *code, const char *mods, int units, const char *icd)
{
    if (e->nlines == GEN_MAX_LINES || units <= 0)
        return;
    gen_line *l = &e->lines[e->nlines++];
    snprintf(l->code, sizeof l->code, "%s", code);
    snprintf(l->mods, sizeof l->mods, "%s", mods);
    l->units = units;
    snprintf(l->icd, sizeof l->icd, "%s", icd);
}

static gen_text *note_add(gen_encounter *e, const char *type)
{
    gen_note *n = &e->notes[e->nnotes++];
    n->type = type;
    text_reset(&n->text);
    return &n->text;
}

__attribute__((format(printf, 8, 9))) static void key_add(gen_encounter *e, const char *rule,
                                                          const char *direction, const char *billed,
                                                          int billed_units, const char *expected,
                                                          int expected_units, const char *fmt, ...)
{
    gen_key *k = &e->keys[e->nkeys++];
    k->rule = rule;
    k->direction = direction;
    snprintf(k->billed, sizeof k->billed, "%s", billed_units > 0 ? billed : "");
    k->billed_units = billed_units;
    snprintf(k->expected, sizeof k->expected, "%s", expected_units > 0 ? expected : "");
    k->expected_units = expected_units;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(k->detail, sizeof k->detail, fmt, ap);
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
    text_addf(t, "Intake: patient arrived %s; identity confirmed with name and date of birth; interpreter not needed; pain %d/10; fall-risk screen negative.\n",
              GEN_PICK(r, COMPANION), rng_int(r, 0, 2));
    text_addf(t, "%s\n", GEN_PICK(r, ROS));
    text_addf(t, "Past medical history: %s.\nSocial history: %s\n%s\n", GEN_PICK(r, PMH), GEN_PICK(r, SOCIAL),
              GEN_PICK(r, FAMILY));
}

static void counsel_add(gen_text *t, gen_rng *r)
{
    int a = rng_int(r, 0, GEN_COUNT(COUNSEL) - 1);
    int b = (a + rng_int(r, 1, GEN_COUNT(COUNSEL) / 2)) % GEN_COUNT(COUNSEL);
    int c = (a + rng_int(r, GEN_COUNT(COUNSEL) / 2 + 1, GEN_COUNT(COUNSEL) - 1)) % GEN_COUNT(COUNSEL);
    text_addf(t, "Counseling: %s %s %s\n", COUNSEL[a], COUNSEL[b], COUNSEL[c]);
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
} gen_em_case;

static const gen_em_case EM_STRAIGHTFORWARD[] = {
    {"spot on the back", "Patient noticed a brown spot on the back several months ago. No bleeding, no change.",
     "Stuck-on waxy brown papule of the mid back with typical features of a seborrheic keratosis.",
     "1. Seborrheic keratosis, back: benign. Reassurance given; no treatment needed.", "L82.1",
     "straightforward (1 self-limited problem; no data reviewed; minimal risk)"},
    {"red spots on the chest", "Several small red spots on the chest, asymptomatic.",
     "Scattered 1-3 mm bright red papules of the chest consistent with cherry angiomas.",
     "1. Cherry angiomas: benign. Reassurance; no treatment.", "D18.01",
     "straightforward (1 self-limited problem; no data; minimal risk)"},
    {"psoriasis check", "Long-standing mild plaque psoriasis of the elbows, stable. Patient prefers no treatment.",
     "Two small well-demarcated scaly plaques of the elbows, body surface area under 1%.",
     "1. Plaque psoriasis, stable: patient declines therapy. Monitor; return as needed.", "L40.0",
     "straightforward (1 stable chronic problem; no data; minimal risk)"},
};

static const gen_em_case EM_LOW[] = {
    {"acne", "New breakouts on the chin for six weeks after starting a new mask at work.",
     "Inflammatory papules and a few comedones of the chin and jawline. No cysts or scarring.",
     "1. Acne vulgaris, mild, new: start clindamycin 1%/benzoyl peroxide 5% gel nightly (prescription sent).",
     "L70.0", "low (1 acute uncomplicated problem; prescription drug management)"},
    {"itchy feet", "Itching and peeling between the toes for a month.",
     "Macerated scale of the web spaces of both feet. KOH not performed.",
     "1. Tinea pedis: start ketoconazole 2% cream twice daily for 4 weeks (prescription sent).", "B35.3",
     "low (1 acute uncomplicated problem; prescription drug management)"},
    {"rash on the hands", "Itchy rash on the backs of the hands since using a new soap.",
     "Erythematous, mildly scaly patches of the dorsal hands without vesicles.",
     "1. Allergic contact dermatitis, hands: avoid the new soap; triamcinolone 0.1% cream twice daily for 2 weeks (prescription sent).",
     "L23.9", "low (1 acute uncomplicated problem; prescription drug management)"},
};

static const gen_em_case EM_MODERATE[] = {
    {"eczema flare", "Known atopic dermatitis, worse for three weeks with poor sleep from itch.",
     "Lichenified eczematous plaques of the antecubital and popliteal fossae, excoriated.",
     "1. Atopic dermatitis with exacerbation: start triamcinolone 0.1% ointment twice daily to body and tacrolimus 0.1% ointment to folds (prescriptions sent). Bathing and moisturizer counseling.",
     "L20.9", "moderate (1 chronic illness with exacerbation; prescription drug management)"},
    {"psoriasis and acne", "Psoriasis and acne both stable on current topicals. Requests refills.",
     "Few thin plaques of the elbows; rare papules of the cheeks.",
     "1. Plaque psoriasis, stable: refill clobetasol 0.05% ointment; discussed risks of atrophy.\n2. Acne vulgaris, stable: refill tretinoin 0.05% cream.",
     "L40.0;L70.0", "moderate (2 stable chronic illnesses; prescription drug management)"},
    {"rosacea and scalp flaking", "Rosacea and seborrheic dermatitis, both stable, here for medication review.",
     "Mild centrofacial erythema; fine greasy scale of the scalp.",
     "1. Rosacea, stable: continue metronidazole 0.75% gel (refill sent).\n2. Seborrheic dermatitis, stable: ketoconazole 2% shampoo (refill sent).",
     "L71.9;L21.9", "moderate (2 stable chronic illnesses; prescription drug management)"},
};

static const gen_em_case EM_HIGH[] = {
    {"severe psoriasis flare", "Rapid worsening of psoriasis over two weeks, now covering much of the trunk and limbs.",
     "Confluent erythematous scaly plaques over roughly 40% body surface area. Afebrile.",
     "1. Plaque psoriasis with severe exacerbation: start methotrexate 15 mg weekly with folic acid. Drug therapy requiring intensive monitoring for toxicity: CBC, CMP and liver tests ordered at baseline and every 4 weeks.",
     "L40.0", "high (chronic illness with severe exacerbation; drug therapy requiring intensive monitoring for toxicity)"},
    {"blisters in the mouth and on the chest", "Known pemphigus vulgaris with new widespread erosions over ten days.",
     "Multiple flaccid bullae and erosions of the chest and back; oral erosions.",
     "1. Pemphigus vulgaris with severe exacerbation: start mycophenolate mofetil 1 g twice daily; drug therapy requiring intensive monitoring for toxicity with CBC and CMP every 2 weeks.",
     "L10.0", "high (chronic illness with severe exacerbation; drug therapy requiring intensive monitoring for toxicity)"},
};

/* Separately identifiable problems documented beside a procedure. */
static const gen_em_case EM_SEPARATE_LOW[] = {
    {"acne", "", "Inflammatory papules of the forehead and cheeks.",
     "Acne vulgaris, new problem: start adapalene 0.1% gel nightly (prescription sent).", "L70.0",
     "low (1 acute uncomplicated problem; prescription drug management)"},
    {"rosacea", "", "Centrofacial erythema with a few papules.",
     "Rosacea, stable: continue metronidazole 0.75% gel (refill sent).", "L71.9",
     "low (1 stable chronic illness; prescription drug management)"},
};
static const gen_em_case EM_SEPARATE_MODERATE[] = {
    {"psoriasis and scalp flaking", "", "Thin plaques of the elbows; greasy scale of the scalp.",
     "Plaque psoriasis, stable: refill clobetasol 0.05% ointment. Seborrheic dermatitis, stable: refill ketoconazole 2% shampoo.",
     "L40.0;L21.9", "moderate (2 stable chronic illnesses; prescription drug management)"},
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
    const gen_em_case *c = level == 2   ? &GEN_PICK(r, EM_STRAIGHTFORWARD)
                           : level == 3 ? &GEN_PICK(r, EM_LOW)
                           : level == 4 ? &GEN_PICK(r, EM_MODERATE)
                                        : &GEN_PICK(r, EM_HIGH);
    int minutes = e->new_patient ? (level == 3 ? 35 : 50) : est_minutes[level];
    static const char *const est_codes[] = {"", "", "99212", "99213", "99214", "99215"};
    const char *code = e->new_patient ? (level == 3 ? "99203" : "99204") : est_codes[level];
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
    counsel_add(t, r);
    sign_add(t, r, e);
    line_add(e, moderate ? "99214" : "99213", "25", 1, c->icd);
}

/* ---- procedures other than Mohs (always billed correctly) -------------- */

static void encounter_ak(gen_encounter *e, gen_rng *r)
{
    static const char *const areas[] = {"scalp and forehead", "face", "dorsal hands and forearms",
                                        "bald scalp", "cheeks and nose", "ears and temples"};
    int n = rng_pct(r, 10) ? rng_int(r, 15, 22) : rng_int(r, 1, 14);
    if (rng_pct(r, 30))
        separate_em_add(e, r);
    gen_text *t = note_add(e, "procedure");
    text_add(t, "PROCEDURE NOTE - DESTRUCTION OF PREMALIGNANT LESIONS\n");
    history_add(t, r);
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
    counsel_add(t, r);
    sign_add(t, r, e);
    if (n >= 15)
        line_add(e, "17004", "", 1, "L57.0");
    else {
        line_add(e, "17000", "", 1, "L57.0");
        line_add(e, "17003", "", n - 1, "L57.0");
    }
}

static void encounter_biopsy(gen_encounter *e, gen_rng *r)
{
    static const char *const concern[] = {"rule out basal cell carcinoma", "rule out squamous cell carcinoma",
                                          "changing pigmented lesion, rule out dysplastic nevus",
                                          "nonhealing lesion, rule out carcinoma"};
    int n = rng_int(r, 1, 3);
    int technique = rng_int(r, 0, 2); /* 0 tangential, 1 punch, 2 one punch + tangential */
    if (technique == 2 && n == 1)
        n = 2;
    if (rng_pct(r, 35))
        separate_em_add(e, r);
    gen_text *t = note_add(e, "procedure");
    text_add(t, "PROCEDURE NOTE - SKIN BIOPSY\n");
    history_add(t, r);
    text_addf(t, "%s\n", GEN_PICK(r, CONSENT));
    text_add(t, "Anesthesia: 1% lidocaine with epinephrine.\n");
    for (int i = 0; i < n; i++) {
        const gen_site *s = site_pick(r, GEN_PICK_ANY);
        char where[48];
        site_text(where, s, side_pick(r, s), false);
        bool punch = technique == 1 || (technique == 2 && i == 0);
        text_addf(t, "Specimen %c: %s, %s. ", 'A' + i, where, GEN_PICK(r, concern));
        if (punch)
            text_addf(t, "Punch biopsy with a %d mm punch; closed with one 4-0 nylon suture.\n", rng_int(r, 3, 4));
        else
            text_add(t, "Tangential (shave) biopsy to the level of the mid dermis; aluminum chloride for hemostasis.\n");
    }
    text_add(t, "Specimens sent to the outside dermatopathology laboratory. Will call with results.\n");
    text_addf(t, "%s\n", GEN_PICK(r, DRESSING));
    counsel_add(t, r);
    sign_add(t, r, e);
    if (technique == 0) {
        line_add(e, "11102", "", 1, "D49.2");
        line_add(e, "11103", "", n - 1, "D49.2");
    } else if (technique == 1) {
        line_add(e, "11104", "", 1, "D49.2");
        line_add(e, "11105", "", n - 1, "D49.2");
    } else {
        line_add(e, "11104", "", 1, "D49.2");
        line_add(e, "11103", "", n - 1, "D49.2");
    }
}

/* Size picks that sit squarely inside a bucket: bucket i (1-based) -> mm. */
static int bucket_size(gen_rng *r, int bucket)
{
    static const int mm[][3] = {{0, 0, 0}, {3, 4, 4}, {7, 8, 9}, {13, 15, 18}, {24, 25, 28}, {34, 35, 37}};
    return mm[bucket][rng_int(r, 0, 2)];
}

static void encounter_shave(gen_encounter *e, gen_rng *r)
{
    static const int base[] = {0, 11300, 11305, 11310};
    static const char *const why[] = {"it is inflamed and bleeds when it catches on clothing",
                                      "it is irritated, itches intensely and has bled twice",
                                      "it is repeatedly traumatized and painful"};
    const gen_site *s = site_pick(r, GEN_PICK_ANY);
    char where[48];
    site_text(where, s, side_pick(r, s), false);
    int bucket = rng_int(r, 1, 4);
    int size = bucket == 4 ? rng_int(r, 23, 30) : bucket_size(r, bucket);
    char code[16], sz[16];
    snprintf(code, sizeof code, "%d", base[s->group] + bucket - 1);
    if (rng_pct(r, 20))
        separate_em_add(e, r);
    gen_text *t = note_add(e, "procedure");
    text_add(t, "PROCEDURE NOTE - SHAVE REMOVAL\n");
    history_add(t, r);
    text_addf(t, "Lesion: irritated seborrheic keratosis of the %s.\n", where);
    text_addf(t, "Lesion diameter: %s cm.\n", cm(sz, size));
    text_addf(t, "Indication: removal is medically necessary because %s.\n", GEN_PICK(r, why));
    text_addf(t, "%s\n", GEN_PICK(r, CONSENT));
    text_add(t, "After local anesthesia with 1% lidocaine, the lesion was removed by shave technique to the level of the mid dermis. No sutures.\n");
    text_addf(t, "%s\n%s\n", GEN_PICK(r, HEMOSTASIS), GEN_PICK(r, DRESSING));
    counsel_add(t, r);
    sign_add(t, r, e);
    line_add(e, code, "", 1, "L82.0");
}

static void encounter_ilk(gen_encounter *e, gen_rng *r)
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
    history_add(t, r);
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
    counsel_add(t, r);
    sign_add(t, r, e);
    char icd[16];
    snprintf(icd, sizeof icd, "%s", kinds[k].icd);
    line_add(e, lesions > 7 ? "11901" : "11900", "", 1, icd);
    line_add(e, "J3301", "", units, icd);
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

static void mohs_unsupported_plant(gen_encounter *e, gen_rng *r, const gen_site *s, const char *icd);

static void encounter_excision(gen_encounter *e, gen_rng *r, bool plant_mohs)
{
    static const char *const mal[] = {"", "1160", "1162", "1164"};
    static const char *const ben[] = {"", "1140", "1142", "1144"};
    bool malignant = rng_pct(r, 65);
    const gen_site *s = site_pick(r, malignant ? GEN_PICK_ANY : GEN_PICK_NOT_FACE);
    int side = side_pick(r, s);
    bool scc = rng_pct(r, 35);
    int bucket = malignant ? rng_int(r, 2, 5) : rng_int(r, 3, 4);
    int diameter = bucket_size(r, bucket);
    int margin = malignant ? (diameter >= 13 ? rng_int(r, 3, 4) : 2) : (diameter >= 13 ? 2 : 1);
    int lesion = diameter - 2 * margin;
    int minor = lesion - rng_int(r, 0, lesion / 3);
    char where[48], l1[16], l2[16], d[16], code[8];
    site_text(where, s, side, false);
    snprintf(code, sizeof code, "%s%d", malignant ? mal[s->group] : ben[s->group], bucket - 1);
    const char *icd = malignant ? site_icd(s, side, scc) : "L72.0";
    const char *dx = malignant ? (scc ? "squamous cell carcinoma, invasive, biopsy-proven" : "basal cell carcinoma, biopsy-proven")
                               : "epidermal inclusion cyst";

    gen_text *t = note_add(e, "procedure");
    text_add(t, "PROCEDURE NOTE - EXCISION\n");
    history_add(t, r);
    text_addf(t, "Diagnosis: %s, %s.\n", dx, where);
    if (malignant && rng_pct(r, 20))
        text_add(t, "Mohs surgery was discussed as an alternative; the patient preferred standard excision.\n");
    text_addf(t, "%s\n%s\n", GEN_PICK(r, CONSENT), GEN_PICK(r, PREP));
    anesthesia_add(t, r);
    text_addf(t, "Lesion size: %s x %s cm. Margins: %d mm.", cm(l1, lesion), cm(l2, minor), margin);
    if (rng_pct(r, 60))
        text_addf(t, " Excised diameter (lesion plus margins): %s cm.", cm(d, diameter));
    text_add(t, "\nThe lesion was excised as an ellipse, full thickness to the subcutaneous fat, and sent for permanent sections.\n");
    text_addf(t, "%s\n", GEN_PICK(r, HEMOSTASIS));
    gen_repair rp;
    memset(&rp, 0, sizeof rp);
    if (rng_pct(r, 60)) {
        repair_plan(&rp, r, s, GEN_REPAIR_INTERMEDIATE, diameter, diameter);
        char l[16];
        text_addf(t, "Closure: layered closure with 4-0 polyglactin buried dermal sutures and 5-0 nylon for the skin, with limited undermining (intermediate repair). Repair length: %s cm.\n",
                  cm(l, rp.length));
    } else
        text_add(t, "Closure: the wound was closed in a single layer with 4-0 nylon simple interrupted sutures.\n");
    text_addf(t, "%s\nSuture removal in %d days.\n", GEN_PICK(r, DRESSING), rng_int(r, 7, 14));
    counsel_add(t, r);
    sign_add(t, r, e);
    if (rng_pct(r, 60)) {
        gen_text *p = note_add(e, "pathology");
        text_add(p, "DERMATOPATHOLOGY REPORT (outside reference laboratory; billed by the laboratory)\n");
        text_addf(p, "Specimen: skin, %s, excision.\n", where);
        text_add(p, "Gross: received in formalin, an ellipse of skin, inked and entirely submitted.\n");
        text_addf(p, "Microscopic: %s\n",
                  malignant ? (scc ? "atypical keratinocytes with keratin pearls invade the dermis; no perineural invasion is seen."
                                   : "nests of basaloid cells with peripheral palisading and retraction artifact in the dermis.")
                            : "a cyst lined by stratified squamous epithelium with a granular layer, filled with laminated keratin.");
        text_addf(p, "Final diagnosis: %s. Margins free.\n",
                  malignant ? (scc ? "squamous cell carcinoma, well differentiated, invasive" : "basal cell carcinoma, nodular type")
                            : "epidermal inclusion cyst");
        text_add(p, "Electronically signed by the reference laboratory dermatopathologist.\n");
    }
    if (rp.kind != GEN_REPAIR_NONE) {
        line_add(e, rp.code, "", 1, icd);
        line_add(e, code, "", 1, icd);
    } else
        line_add(e, code, "", 1, icd);
    if (plant_mohs)
        mohs_unsupported_plant(e, r, s, icd);
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
static void mohs_notes(gen_encounter *e, gen_rng *r, const gen_mohs *m, int count)
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
    history_add(t, r);
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
    counsel_add(t, r);
    int weeks = rng_int(r, 1, 3);
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

/* Returns the tumours treated (1 or 2). */
static int encounter_mohs(gen_encounter *e, gen_rng *r, gen_plant plant)
{
    gen_mohs m[2];
    int count = plant == GEN_PLANT_NONE && rng_pct(r, 8) ? 2 : 1;
    mohs_make(&m[0], r, plant);
    if (count == 2) {
        mohs_make(&m[1], r, GEN_PLANT_NONE);
        m[1].repair.kind = GEN_REPAIR_NONE; /* two repairs could need summing: keep one */
        m[1].repair.code[0] = '\0';
    }
    mohs_notes(e, r, m, count);
    for (int i = 0; i < count; i++)
        mohs_bill(e, r, &m[i], i > 0, plant);
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

/* ---- the run ----------------------------------------------------------- */

typedef struct gen_options {
    const char *out_dir; /* directory the three files go to */
    long scale;          /* encounter multiplier */
    uint64_t seed;       /* PRNG seed */
    long start;          /* first day of the period, days since 1970-01-01 */
    long days;           /* length of the period in days */
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
    unsigned long long note_bytes;   /* bytes of note text */
} gen_run;

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
static void claim_write(gen_run *g, gen_rng *r, const gen_encounter *e, gen_dq *dq)
{
    const gen_payer *p = &PAYERS[e->payer];
    long long allowed[GEN_MAX_LINES];
    int rank[GEN_MAX_LINES];
    for (int i = 0; i < e->nlines; i++) {
        const gen_fee *f = fee_find(e->lines[i].code);
        allowed[i] = f ? f->cents * e->lines[i].units : 0;
        rank[i] = 0;
    }
    /* Multiple-procedure reduction: rank indicator-2 lines by fee; 2nd on at 50%. */
    for (int n = 1;; n++) {
        int best = -1;
        for (int i = 0; i < e->nlines; i++) {
            const gen_fee *f = fee_find(e->lines[i].code);
            if (f && f->mult_proc == 2 && rank[i] == 0 && (best < 0 || allowed[i] > allowed[best]))
                best = i;
        }
        if (best < 0)
            break;
        rank[best] = n;
        if (n > 1)
            allowed[best] = (allowed[best] + 1) / 2;
    }
    long submitted = e->dos + rng_int(r, 1, 4);
    long adjudicated = submitted + rng_int(r, 12, 35);
    long exported = g->opt.start + g->opt.days - 1 + GEN_EXPORT_LAG;
    bool self = p->allowed_pct == 0;
    bool pending = !self && adjudicated > exported;
    bool denied = !self && !pending && e->kind != GEN_MOHS && e->nkeys == 0 && rng_pct(r, 3);
    static const char *const carcs[] = {"CO-16", "CO-50", "CO-197"}; /* no prior-auth denials from Medicare */
    const char *denial = denied ? carcs[rng_int(r, 0, strcmp(p->type, "medicare") == 0 ? 1 : 2)] : "";
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
    /* CO-16 is always recoverable; CO-197 when an authorization is on file; CO-50 needs a
     * documented necessity sign, which these notes never state. */
    const char *denial_rule = !denied                               ? NULL
                              : strcmp(denial, "CO-16") == 0        ? "DENIAL-CO16"
                              : strcmp(denial, "CO-197") == 0 && auth[0] ? "DENIAL-CO197"
                                                                    : NULL;
    if (self) {
        submitted = e->dos;
        adjudicated = e->dos;
    }
    char dos[16], sub[16], paid_on[16];
    date_format(e->dos, dos);
    date_format(submitted, sub);
    date_format(adjudicated, paid_on);
    for (int i = 0; i < e->nlines; i++) {
        const gen_line *l = &e->lines[i];
        const gen_fee *f = fee_find(l->code);
        long long fee = f ? f->cents : 0;
        long long unit_charge = (fee * 22 / 10 + 99) / 100 * 100;
        if (unit_charge < 500)
            unit_charge = 500;
        long long charge = unit_charge * l->units;
        long long allow = self ? charge * 60 / 100 : (allowed[i] * p->allowed_pct + 50) / 100;
        long long paid = self ? allow : (allow * p->paid_pct + 50) / 100;
        if (denied)
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
                             l->mods,
                             units,
                             l->icd,
                             charge_s,
                             pending ? "" : allowed_s,
                             pending ? "" : paid_s,
                             pending ? "pending" : denied ? "denied" : "paid",
                             denial,
                             sub,
                             pending ? "" : paid_on,
                             auth,
                             drug ? "00003-0293-05" : "",
                             drug ? "buy_and_bill" : ""};
        g->claims_line += csv_row(g->claims, row, GEN_COUNT(row));
        g->count_lines++;
        if (denial_rule != NULL) {
            char detail[96];
            snprintf(detail, sizeof detail, "line %d denied %s; recoverable", i + 1, denial);
            const char *k[] = {"denial", denial_rule, "denial", e->id, l->code, units, "", "0", detail};
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
}

static void notes_write(gen_run *g, gen_rng *r, gen_encounter *e, gen_dq *dq)
{
    char dos[16];
    date_format(e->dos, dos);
    for (int i = 0; i < e->nnotes; i++) {
        char id[24];
        snprintf(id, sizeof id, "N%07ld", ++g->note_seq);
        bool no_encounter = rng_pct(r, 5);
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
        const char *row[] = {"mohs", k->rule, k->direction, e->id, k->billed, bu, k->expected, eu, k->detail};
        csv_row(g->key, row, GEN_COUNT(row));
        g->count_keys++;
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
        gen_rng dr = rng_for(g->opt.seed ^ 0xDA7Eu, (uint64_t)day);
        g->current_day = day;
        g->day_first = i;
        g->day_base = (long)(rng_next(&dr) % (uint64_t)g->patients);
    }
    /* Consecutive panel slots within a day: no patient has two visits a day,
     * so notes without an encounter id join on (patient, date) unambiguously. */
    long patient = (g->day_base + (i - g->day_first)) % g->patients;
    e->index = i;
    e->dos = g->workdays[day];
    e->nlines = e->nnotes = e->nkeys = 0;
    e->prior_auth[0] = '\0';
    snprintf(e->id, sizeof e->id, "E%06ld", i + 1);
    snprintf(e->claim, sizeof e->claim, "C%07ld", i + 1);
    snprintf(e->patient, sizeof e->patient, "P%06ld", patient + 1);
    e->payer = payer_for_patient(g->opt.seed, patient);
    e->new_patient = !g->seen[patient];
    g->seen[patient] = 1;

    int x = rng_int(&r, 0, 999);
    e->kind = x < 410 ? GEN_EM : x < 550 ? GEN_AK : x < 670 ? GEN_BIOPSY : x < 730 ? GEN_SHAVE
              : x < 810 ? GEN_EXCISION : x < 870 ? GEN_ILK : GEN_MOHS;
    e->provider = e->kind == GEN_MOHS ? (rng_pct(&r, 60) ? 1 : 2) : rng_int(&r, 0, 2);
    if (e->kind != GEN_EM)
        e->new_patient = false; /* procedure days are billed without a new-patient visit */
    g->count_kind[e->kind]++;
    switch (e->kind) {
    case GEN_EM: encounter_em(e, &r); break;
    case GEN_AK: encounter_ak(e, &r); break;
    case GEN_BIOPSY: encounter_biopsy(e, &r); break;
    case GEN_SHAVE: encounter_shave(e, &r); break;
    case GEN_ILK: encounter_ilk(e, &r); break;
    case GEN_EXCISION: {
        bool plant = rng_pct(&r, 3);
        encounter_excision(e, &r, plant);
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
    bool host = g->next_dq < GEN_DQ_ROWS && i >= g->dq_at[g->next_dq] && e->kind == GEN_EM && e->nlines == 1;
    if (host)
        g->next_dq++;
    bool note_dq = host && (dq == GEN_DQ_NOTE_BAD_DATE || dq == GEN_DQ_NOTE_MISSING_TEXT);
    claim_write(g, &r, e, host && !note_dq ? &dq : NULL);
    notes_write(g, &r, e, note_dq ? &dq : NULL);
    keys_write(g, e);
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
        for (long i = 0; i < g->encounters; i++)
            encounter_write(g, &e, i);
        for (int i = 0; i < GEN_MAX_NOTES; i++)
            free(e.notes[i].text.data);
    }
    FILE *files[] = {g->claims, g->notes, g->key};
    for (int i = 0; i < 3; i++)
        if (files[i] != NULL && (ferror(files[i]) | fclose(files[i])) != 0 && err == DA_OK) {
            fprintf(stderr, "dermaudit-sample: write error in %s\n", g->opt.out_dir);
            err = DA_ERR_IO;
        }
    free(g->workdays);
    free(g->seen);
    return err;
}

static void report(const gen_run *g)
{
    fprintf(stderr, "dermaudit-sample: %ld encounters, %ld claim lines, %ld notes (%.2f MB of note text)\n",
            g->encounters, g->count_lines, g->note_seq, (double)g->note_bytes / 1e6);
    static const char *const kinds[] = {"office visit", "AK destruction", "biopsy", "shave", "excision", "ILK", "Mohs"};
    for (int k = 0; k < GEN_KIND_COUNT; k++)
        fprintf(stderr, "  %-15s %ld\n", kinds[k], g->count_kind[k]);
    fprintf(stderr, "  planted encounters:");
    for (int p = 1; p < GEN_PLANT_COUNT; p++)
        fprintf(stderr, "%s %s %ld", p > 1 ? "," : "", PLANT_NAMES[p], g->count_plants[p]);
    fprintf(stderr, "\n  two-tumour Mohs encounters: %ld\n  answer-key rows: %ld mohs, %ld denial, %ld dataquality\n",
            g->count_mohs_two, g->count_keys, g->count_denial_keys, g->count_dq);
}

static void usage(FILE *out)
{
    fputs("usage: dermaudit-sample --out DIR [--scale N] [--seed S] [--start YYYY-MM-DD] [--days N]\n"
          "Writes a synthetic dermatology practice (claims.csv, notes.csv, answer_key.csv) into DIR.\n",
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
