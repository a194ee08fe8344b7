/* import.c - claims and notes CSV exports into a dataset (see import.h).
 *
 * The header is resolved to column positions once; each data row is then
 * checked in a fixed order and either appended to the dataset or logged as
 * rejected with the first problem found. Reasons are fixed texts and never
 * quote a field (fields are PHI). Strings go into the dataset's arena, one
 * block per row, and a value equal to the previous row's in the same column
 * (the lines of one claim share claim, patient, payer...) is not copied again.
 * A note's text is not copied at all when it needs no repair and the notes
 * file can be read again: the note records where it is (see notetext.h).
 */
#include "import.h"

#include <ctype.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvin.h"
#include "notetext.h"
#include "parse.h"
#include "text.h"
#include "x12.h"
#include "x837.h"

/* Claims columns. */
enum {
    C_CLAIM_ID, C_LINE, C_PATIENT_ID, C_ENCOUNTER_ID, C_PROVIDER, C_PAYER, C_PAYER_TYPE, C_POS,
    C_DOS, C_CPT, C_MODIFIERS, C_MOD1, C_MOD2, C_MOD3, C_MOD4, C_UNITS, C_ICD10, C_DX1, C_DX2,
    C_DX3, C_DX4, C_CHARGE, C_ALLOWED, C_PAID, C_STATUS, C_DENIAL_CODES, C_SUBMITTED,
    C_PAID_DATE, C_PRIOR_AUTH, C_NDC, C_DRUG_SOURCE, C_COUNT
};

/* Notes columns. */
enum { N_TEXT, N_ENCOUNTER_ID, N_PATIENT_ID, N_DOS, N_NOTE_ID, N_NOTE_TYPE, N_PROVIDER, N_COUNT };

#define MAX_COLUMNS C_COUNT
#define MAX_STRINGS 10 /* string columns of a claim line, the most of either kind */

/* Canonical names, as the Data Quality sheet and DA_ERR_COLUMN report them. */
static const char *const claim_names[C_COUNT] = {
    "claim_id", "line", "patient_id", "encounter_id", "provider", "payer", "payer_type", "pos",
    "date_of_service", "cpt", "modifiers", "modifier1", "modifier2", "modifier3", "modifier4",
    "units", "icd10", "icd10_1", "icd10_2", "icd10_3", "icd10_4", "charge", "allowed", "paid",
    "status", "denial_codes", "submitted_date", "paid_date", "prior_auth", "ndc", "drug_source"};

static const char *const note_names[N_COUNT] = {
    "text", "encounter_id", "patient_id", "date_of_service", "note_id", "note_type", "provider"};

/* A header spelling, as da_csv_header_key normalises it, and its column. */
typedef struct synonym {
    const char *key; /* normalised header name */
    int column;      /* column it stands for */
} synonym;

static const synonym claim_synonyms[] = {
    {"claimid", C_CLAIM_ID}, {"claim", C_CLAIM_ID}, {"claimno", C_CLAIM_ID},
    {"claimnumber", C_CLAIM_ID}, {"claimnum", C_CLAIM_ID}, {"claimnbr", C_CLAIM_ID},
    {"line", C_LINE}, {"lineno", C_LINE}, {"linenumber", C_LINE}, {"claimline", C_LINE},
    {"lineitem", C_LINE}, {"ln", C_LINE},
    {"patientid", C_PATIENT_ID}, {"patient", C_PATIENT_ID}, {"mrn", C_PATIENT_ID},
    {"account", C_PATIENT_ID}, {"accountno", C_PATIENT_ID}, {"accountnumber", C_PATIENT_ID},
    {"acct", C_PATIENT_ID}, {"patientno", C_PATIENT_ID}, {"patientnumber", C_PATIENT_ID},
    {"patientaccount", C_PATIENT_ID}, {"ptid", C_PATIENT_ID},
    {"encounterid", C_ENCOUNTER_ID}, {"encounter", C_ENCOUNTER_ID},
    {"encounterno", C_ENCOUNTER_ID}, {"encounternumber", C_ENCOUNTER_ID},
    {"visitid", C_ENCOUNTER_ID}, {"visit", C_ENCOUNTER_ID}, {"encid", C_ENCOUNTER_ID},
    {"provider", C_PROVIDER}, {"renderingprovider", C_PROVIDER}, {"rendering", C_PROVIDER},
    {"providername", C_PROVIDER}, {"physician", C_PROVIDER},
    {"renderingphysician", C_PROVIDER},
    {"payer", C_PAYER}, {"payername", C_PAYER}, {"insurance", C_PAYER},
    {"insurancename", C_PAYER}, {"primaryinsurance", C_PAYER}, {"primarypayer", C_PAYER},
    {"carrier", C_PAYER},
    {"payertype", C_PAYER_TYPE}, {"financialclass", C_PAYER_TYPE},
    {"insurancetype", C_PAYER_TYPE}, {"payerclass", C_PAYER_TYPE},
    {"pos", C_POS}, {"placeofservice", C_POS}, {"poscode", C_POS},
    {"dateofservice", C_DOS}, {"dos", C_DOS}, {"servicedate", C_DOS}, {"svcdate", C_DOS},
    {"dateofsvc", C_DOS}, {"dosfrom", C_DOS}, {"servicedatefrom", C_DOS},
    {"cpt", C_CPT}, {"cptcode", C_CPT}, {"procedurecode", C_CPT}, {"procedure", C_CPT},
    {"hcpcs", C_CPT}, {"hcpcscode", C_CPT}, {"cpthcpcs", C_CPT}, {"proccode", C_CPT},
    {"modifiers", C_MODIFIERS}, {"modifier", C_MODIFIERS}, {"mod", C_MODIFIERS},
    {"mods", C_MODIFIERS},
    {"modifier1", C_MOD1}, {"mod1", C_MOD1}, {"modifier2", C_MOD2}, {"mod2", C_MOD2},
    {"modifier3", C_MOD3}, {"mod3", C_MOD3}, {"modifier4", C_MOD4}, {"mod4", C_MOD4},
    {"units", C_UNITS}, {"unit", C_UNITS}, {"qty", C_UNITS}, {"quantity", C_UNITS},
    {"serviceunits", C_UNITS}, {"unitsbilled", C_UNITS}, {"daysunits", C_UNITS},
    {"icd10", C_ICD10}, {"icd10codes", C_ICD10}, {"icd10code", C_ICD10}, {"icd", C_ICD10},
    {"icdcodes", C_ICD10}, {"dxcodes", C_ICD10}, {"dxcode", C_ICD10}, {"dx", C_ICD10},
    {"diagnosis", C_ICD10}, {"diagnoses", C_ICD10}, {"diagnosiscodes", C_ICD10},
    {"diagnosiscode", C_ICD10},
    {"dx1", C_DX1}, {"diagnosis1", C_DX1}, {"icd1", C_DX1}, {"dx2", C_DX2},
    {"diagnosis2", C_DX2}, {"icd2", C_DX2}, {"dx3", C_DX3}, {"diagnosis3", C_DX3},
    {"icd3", C_DX3}, {"dx4", C_DX4}, {"diagnosis4", C_DX4}, {"icd4", C_DX4},
    {"charge", C_CHARGE}, {"charges", C_CHARGE}, {"chargeamt", C_CHARGE},
    {"chargeamount", C_CHARGE}, {"billedamount", C_CHARGE}, {"billedamt", C_CHARGE},
    {"billed", C_CHARGE}, {"linecharge", C_CHARGE}, {"totalcharge", C_CHARGE},
    {"allowed", C_ALLOWED}, {"allowedamt", C_ALLOWED}, {"allowedamount", C_ALLOWED},
    {"allowable", C_ALLOWED},
    {"paid", C_PAID}, {"paidamt", C_PAID}, {"paidamount", C_PAID}, {"payment", C_PAID},
    {"paymentamount", C_PAID}, {"insurancepaid", C_PAID},
    {"status", C_STATUS}, {"claimstatus", C_STATUS}, {"linestatus", C_STATUS},
    {"denialcodes", C_DENIAL_CODES}, {"denialcode", C_DENIAL_CODES},
    {"denialreason", C_DENIAL_CODES}, {"denialreasons", C_DENIAL_CODES},
    {"denial", C_DENIAL_CODES}, {"carc", C_DENIAL_CODES}, {"carcs", C_DENIAL_CODES},
    {"reasoncode", C_DENIAL_CODES}, {"reasoncodes", C_DENIAL_CODES},
    {"submitteddate", C_SUBMITTED}, {"submitted", C_SUBMITTED},
    {"datesubmitted", C_SUBMITTED}, {"submissiondate", C_SUBMITTED},
    {"billeddate", C_SUBMITTED},
    {"paiddate", C_PAID_DATE}, {"paymentdate", C_PAID_DATE}, {"datepaid", C_PAID_DATE},
    {"remitdate", C_PAID_DATE},
    {"priorauth", C_PRIOR_AUTH}, {"priorauthorization", C_PRIOR_AUTH},
    {"authorization", C_PRIOR_AUTH}, {"auth", C_PRIOR_AUTH}, {"authno", C_PRIOR_AUTH},
    {"authnumber", C_PRIOR_AUTH}, {"priorauthno", C_PRIOR_AUTH},
    {"priorauthnumber", C_PRIOR_AUTH},
    {"ndc", C_NDC}, {"ndccode", C_NDC}, {"ndcnumber", C_NDC},
    {"drugsource", C_DRUG_SOURCE}, {"drugsupply", C_DRUG_SOURCE},
    {"supplysource", C_DRUG_SOURCE}, {"drugacquisition", C_DRUG_SOURCE},
};

static const synonym note_synonyms[] = {
    {"text", N_TEXT}, {"note", N_TEXT}, {"notetext", N_TEXT}, {"body", N_TEXT},
    {"narrative", N_TEXT}, {"notebody", N_TEXT},
    {"encounterid", N_ENCOUNTER_ID}, {"encounter", N_ENCOUNTER_ID},
    {"encounterno", N_ENCOUNTER_ID}, {"encounternumber", N_ENCOUNTER_ID},
    {"visitid", N_ENCOUNTER_ID}, {"visit", N_ENCOUNTER_ID}, {"encid", N_ENCOUNTER_ID},
    {"patientid", N_PATIENT_ID}, {"patient", N_PATIENT_ID}, {"mrn", N_PATIENT_ID},
    {"account", N_PATIENT_ID}, {"accountno", N_PATIENT_ID}, {"accountnumber", N_PATIENT_ID},
    {"acct", N_PATIENT_ID}, {"patientno", N_PATIENT_ID}, {"patientnumber", N_PATIENT_ID},
    {"ptid", N_PATIENT_ID},
    {"dateofservice", N_DOS}, {"dos", N_DOS}, {"servicedate", N_DOS}, {"svcdate", N_DOS},
    {"dateofsvc", N_DOS}, {"visitdate", N_DOS}, {"encounterdate", N_DOS},
    {"noteid", N_NOTE_ID}, {"noteno", N_NOTE_ID}, {"notenumber", N_NOTE_ID},
    {"documentid", N_NOTE_ID},
    {"notetype", N_NOTE_TYPE}, {"type", N_NOTE_TYPE}, {"documenttype", N_NOTE_TYPE},
    {"category", N_NOTE_TYPE},
    {"provider", N_PROVIDER}, {"author", N_PROVIDER}, {"renderingprovider", N_PROVIDER},
    {"providername", N_PROVIDER}, {"physician", N_PROVIDER}, {"signedby", N_PROVIDER},
};

typedef enum import_kind { KIND_CLAIMS, KIND_NOTES } import_kind;

/* A field's bytes, not necessarily NUL-terminated. */
typedef struct field {
    const char *s; /* bytes */
    size_t len;    /* byte count */
} field;

/* A used claim line in the duplicate set. */
typedef struct dup_slot {
    uint64_t hash; /* claim_hash of the line, compared before the line itself */
    size_t index;  /* claim index + 1; 0 = empty */
} dup_slot;

/* Claim lines already used from this file, for spotting duplicate rows. */
typedef struct dup_set {
    dup_slot *slots; /* open addressing */
    size_t cap;      /* slots, a power of two */
    size_t count;    /* slots used */
} dup_set;

/* Slots of the first table: a power of two, as the probe masks with
 * cap - 1; kept at most half full, it grows by doubling. */
#define DUP_SET_FIRST 1024

typedef struct importer {
    da_dataset *d;                /* dataset being filled */
    const char *path;             /* file name for the data-quality log */
    import_kind kind;             /* claims or notes */
    da_file_stats *stats;         /* the file's accounting */
    da_import_result *result;     /* where a missing column is named */
    da_error err;                 /* a header problem that stopped the read */
    bool have_header;             /* the header row has been read */
    size_t ncolumns;              /* columns in the header */
    int col[MAX_COLUMNS];         /* header position of each column, -1 if absent */
    field last[MAX_COLUMNS];      /* the previous row's stored copy of each string column */
    dup_set dups;                 /* claim lines used so far */
    bool texts_in_file;           /* notes: a text that needs no repair is left in the file */
    size_t long_field;            /* header position of the field a "field too long" is about */
} importer;

/* ---- helpers ---- */

static const char *column_name(const importer *im, int column)
{
    return im->kind == KIND_CLAIMS ? claim_names[column] : note_names[column];
}

static bool is_blank_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The row's field for column, trimmed of surrounding blanks unless it is
 * note text (kept byte for byte); empty when the column or field is absent. */
static field get(const importer *im, const da_csv_row *row, int column)
{
    field f = {"", 0};
    int at = im->col[column];
    if (at < 0 || (size_t)at >= row->nfields)
        return f;
    f.s = row->fields[at];
    f.len = row->lens[at];
    if (im->kind == KIND_NOTES && column == N_TEXT)
        return f;
    while (f.len && is_blank_byte(f.s[0])) {
        f.s++;
        f.len--;
    }
    while (f.len && is_blank_byte(f.s[f.len - 1]))
        f.len--;
    return f;
}

static bool all_blank(field f)
{
    for (size_t i = 0; i < f.len; i++)
        if (!is_blank_byte(f.s[i]))
            return false;
    return true;
}

static void reject(importer *im, unsigned long line, const char *reason, const char *column)
{
    da_dq_add(&im->d->dq, im->path, line, DA_DQ_REJECTED, reason, column);
    im->stats->rows_read++;
    im->stats->rows_rejected++;
}

static void note_dos(da_dataset *d, da_date dos)
{
    if (dos == DA_DATE_NONE)
        return;
    if (d->first_dos == DA_DATE_NONE || dos < d->first_dos)
        d->first_dos = dos;
    if (d->last_dos == DA_DATE_NONE || dos > d->last_dos)
        d->last_dos = dos;
}

/* Where a row needed repairs: every column of each kind, one bit per
 * column (bit c for column c). */
typedef struct repairs {
    uint32_t nul;  /* a NUL byte was replaced */
    uint32_t utf8; /* an invalid UTF-8 byte was replaced */
    uint32_t xml;  /* a surrogate, U+FFFE or U+FFFF was replaced */
    uint32_t code; /* a code was read after upper-casing or dropping spaces */
} repairs;
_Static_assert(C_COUNT <= 32 && N_COUNT <= 32, "one bit per column");

/* Copies the string columns cols[0..n) of row into the arena as out[0..n):
 * one block for the row, "" for blanks, the previous row's copy when the
 * bytes are the same. Copies are repaired to valid UTF-8 without NULs. */
static void store_strings(importer *im, const da_csv_row *row, const int *cols, size_t n,
                          const char **out, repairs *rep)
{
    field f[MAX_STRINGS];
    size_t total = 0;
    for (size_t k = 0; k < n; k++) {
        f[k] = get(im, row, cols[k]);
        const field *last = &im->last[cols[k]];
        out[k] = NULL;
        if (f[k].len == 0)
            out[k] = "";
        else if (last->len == f[k].len && memcmp(last->s, f[k].s, f[k].len) == 0)
            out[k] = last->s;
        else
            total += f[k].len + 1;
    }
    if (!total)
        return;
    char *block = da_arena_alloc(im->d->arena, total);
    for (size_t k = 0; k < n; k++) {
        if (out[k])
            continue;
        size_t len = f[k].len;
        memcpy(block, f[k].s, len);
        block[len] = '\0';
        if (!da_utf8_valid(block, len)) {
            bool nul = memchr(block, '\0', len) != NULL;
            size_t xml = da_utf8_xml_invalid(block, len);
            size_t fixed = da_utf8_repair(block, &len);
            size_t nuls = 0;
            for (size_t i = 0; nul && i < f[k].len; i++)
                nuls += f[k].s[i] == '\0';
            uint32_t bit = (uint32_t)1 << cols[k];
            if (nuls)
                rep->nul |= bit;
            if (xml)
                rep->xml |= bit;
            if (fixed > nuls + xml)
                rep->utf8 |= bit;
        }
        out[k] = block;
        im->last[cols[k]] = (field){block, len};
        block += len + 1;
    }
}

/* Logs a used row's repairs, one entry per column and kind, and counts it. */
static void use_row(importer *im, unsigned long line, const repairs *rep)
{
    static const char *const reasons[] = {
        "NUL bytes replaced", "invalid UTF-8 repaired",
        "character not allowed in XML replaced (U+FFFE, U+FFFF or a surrogate)",
        "code in lower case or with spaces"};
    const uint32_t kinds[] = {rep->nul, rep->utf8, rep->xml, rep->code};
    int ncols = im->kind == KIND_CLAIMS ? C_COUNT : N_COUNT;
    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
        for (int c = 0; c < ncols; c++)
            if (kinds[k] & ((uint32_t)1 << c))
                da_dq_add(&im->d->dq, im->path, line, DA_DQ_REPAIRED, reasons[k],
                          column_name(im, c));
    im->stats->rows_read++;
    im->stats->rows_used++;
}

/* True when the row has a non-empty field beyond the header's columns:
 * its fields would not line up with the header. */
static bool has_extra_fields(const importer *im, const da_csv_row *row)
{
    for (size_t i = im->ncolumns; i < row->nfields; i++)
        for (size_t k = 0; k < row->lens[i]; k++)
            if (!is_blank_byte(row->fields[i][k]))
                return true;
    return false;
}

/* ---- duplicate claim lines ---- */

static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ull;
    }
    return h;
}

static uint64_t claim_hash(const da_claim_line *c)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    h = hash_bytes(h, c->claim_id, strlen(c->claim_id) + 1);
    h = hash_bytes(h, c->line_no, strlen(c->line_no) + 1);
    h = hash_bytes(h, c->code, sizeof(c->code));
    h = hash_bytes(h, c->modifiers, sizeof(c->modifiers[0]) * (size_t)c->nmodifiers);
    h = hash_bytes(h, &c->units, sizeof(c->units));
    h = hash_bytes(h, &c->dos, sizeof(c->dos));
    return hash_bytes(h, &c->charge, sizeof(c->charge));
}

static bool claim_same(const da_claim_line *a, const da_claim_line *b)
{
    return strcmp(a->claim_id, b->claim_id) == 0 && strcmp(a->line_no, b->line_no) == 0 &&
           strcmp(a->code, b->code) == 0 && a->nmodifiers == b->nmodifiers &&
           memcmp(a->modifiers, b->modifiers,
                  sizeof(a->modifiers[0]) * (size_t)a->nmodifiers) == 0 &&
           a->units == b->units && a->dos == b->dos && a->charge == b->charge;
}

/* The slot holding a line equal to c (hash h), or the empty slot where it would go. */
static size_t dup_find(const dup_set *s, const da_claim_line *claims, const da_claim_line *c,
                       uint64_t h)
{
    size_t i = (size_t)h & (s->cap - 1);
    while (s->slots[i].index &&
           (s->slots[i].hash != h || !claim_same(&claims[s->slots[i].index - 1], c)))
        i = (i + 1) & (s->cap - 1);
    return i;
}

/* Makes room for one more line, so a slot found next stays valid. */
static void dup_reserve(dup_set *s)
{
    if ((s->count + 1) * 2 <= s->cap)
        return;
    dup_set bigger = {NULL, s->cap ? s->cap * 2 : DUP_SET_FIRST, s->count};
    bigger.slots = da_xcalloc(bigger.cap, sizeof(dup_slot));
    for (size_t i = 0; i < s->cap; i++)
        if (s->slots[i].index) {
            size_t j = (size_t)s->slots[i].hash & (bigger.cap - 1);
            while (bigger.slots[j].index)
                j = (j + 1) & (bigger.cap - 1);
            bigger.slots[j] = s->slots[i];
        }
    free(s->slots);
    *s = bigger;
}

/* ---- rows ---- */

/* Points c at its diagnosis codes in the arena: the previous line's when
 * they are the same (the lines of a claim mostly share them), else a copy. */
static void store_icd10(da_dataset *d, da_claim_line *c, char (*codes)[8])
{
    size_t bytes = (size_t)c->nicd10 * sizeof(*codes);
    const da_claim_line *prev = d->nclaims ? &d->claims[d->nclaims - 1] : NULL;
    if (!c->nicd10)
        c->icd10 = NULL;
    else if (prev && prev->nicd10 == c->nicd10 && memcmp(prev->icd10, codes, bytes) == 0)
        c->icd10 = prev->icd10;
    else
        c->icd10 = memcpy(da_arena_alloc(d->arena, bytes), codes, bytes);
}

static void claim_row(importer *im, const da_csv_row *row)
{
    static const int required[] = {C_CLAIM_ID, C_PATIENT_ID, C_DOS, C_CPT};
    static const int modifier_cols[] = {C_MODIFIERS, C_MOD1, C_MOD2, C_MOD3, C_MOD4};
    static const int icd_cols[] = {C_ICD10, C_DX1, C_DX2, C_DX3, C_DX4};
    static const int money_cols[] = {C_CHARGE, C_ALLOWED, C_PAID};
    static const int string_cols[] = {C_CLAIM_ID, C_LINE, C_PATIENT_ID, C_ENCOUNTER_ID,
                                      C_PROVIDER, C_PAYER, C_POS, C_DENIAL_CODES,
                                      C_PRIOR_AUTH, C_NDC};
    unsigned long line = row->line;
    if (has_extra_fields(im, row)) {
        reject(im, line, "too many fields", "");
        return;
    }
    for (size_t k = 0; k < sizeof(required) / sizeof(required[0]); k++)
        if (get(im, row, required[k]).len == 0) {
            reject(im, line, "missing required field", claim_names[required[k]]);
            return;
        }

    da_claim_line c;
    memset(&c, 0, sizeof(c));
    c.line = line;
    field f = get(im, row, C_CPT);
    if (!da_parse_cpt(f.s, f.len, c.code, c.modifiers, &c.nmodifiers)) {
        reject(im, line, "malformed code", "cpt");
        return;
    }
    bool code_repaired = false; /* "j3301", "11 602": read, but worth telling */
    for (size_t k = 0, chars = 0; k < f.len && chars < DA_CODE_LEN - 1; k++) {
        code_repaired |= f.s[k] == ' ' || (f.s[k] >= 'a' && f.s[k] <= 'z');
        chars += f.s[k] != ' ';
    }
    for (size_t k = 0; k < sizeof(modifier_cols) / sizeof(modifier_cols[0]); k++) {
        f = get(im, row, modifier_cols[k]);
        if (!da_parse_modifiers(f.s, f.len, c.modifiers, &c.nmodifiers)) {
            reject(im, line, "malformed code", claim_names[modifier_cols[k]]);
            return;
        }
    }
    f = get(im, row, C_DOS);
    if (!da_parse_date(f.s, f.len, &c.dos)) {
        reject(im, line, "bad date", "date_of_service");
        return;
    }
    f = get(im, row, C_UNITS);
    if (!da_parse_units(f.s, f.len, &c.units)) {
        reject(im, line, "bad units", "units");
        return;
    }
    char icd10[DA_MAX_ICD10][8]; /* stored once the line is known to be kept */
    memset(icd10, 0, sizeof(icd10)); /* whole codes compare equal byte for byte */
    for (size_t k = 0; k < sizeof(icd_cols) / sizeof(icd_cols[0]); k++) {
        f = get(im, row, icd_cols[k]);
        if (!da_parse_icd10(f.s, f.len, icd10, &c.nicd10)) {
            reject(im, line, "malformed code", claim_names[icd_cols[k]]);
            return;
        }
    }
    da_cents *money[] = {&c.charge, &c.allowed, &c.paid};
    for (size_t k = 0; k < sizeof(money_cols) / sizeof(money_cols[0]); k++) {
        f = get(im, row, money_cols[k]);
        if (!da_parse_money(f.s, f.len, money[k])) {
            reject(im, line, "bad amount", claim_names[money_cols[k]]);
            return;
        }
        if (*money[k] != DA_CENTS_NONE &&
            (*money[k] > DA_CENTS_CEILING || *money[k] < -DA_CENTS_CEILING)) {
            reject(im, line, "amount over the $10,000,000.00 ceiling",
                   claim_names[money_cols[k]]);
            return;
        }
    }
    f = get(im, row, C_SUBMITTED);
    if (!da_parse_date(f.s, f.len, &c.submitted)) {
        reject(im, line, "bad date", "submitted_date");
        return;
    }
    f = get(im, row, C_PAID_DATE);
    if (!da_parse_date(f.s, f.len, &c.paid_date)) {
        reject(im, line, "bad date", "paid_date");
        return;
    }
    f = get(im, row, C_PAYER_TYPE);
    c.payer_type = da_parse_payer_type(f.s, f.len);
    if (c.payer_type == DA_PAYER_UNKNOWN) {
        f = get(im, row, C_PAYER);
        c.payer_type = da_payer_type_infer(f.s, f.len);
    }
    f = get(im, row, C_STATUS);
    c.status = da_parse_status(f.s, f.len);
    f = get(im, row, C_DRUG_SOURCE);
    c.drug_source = da_parse_drug_source(f.s, f.len);

    const char *s[sizeof(string_cols) / sizeof(string_cols[0])];
    repairs rep = {0, 0, 0, code_repaired ? (uint32_t)1 << C_CPT : 0};
    store_strings(im, row, string_cols, sizeof(string_cols) / sizeof(string_cols[0]), s, &rep);
    c.claim_id = s[0];
    c.line_no = s[1];
    c.patient_id = s[2];
    c.encounter_id = s[3];
    c.provider = s[4];
    c.payer = s[5];
    c.pos = s[6];
    c.denial_codes = s[7];
    c.prior_auth = s[8];
    c.ndc = s[9];

    da_dataset *d = im->d;
    uint64_t h = claim_hash(&c);
    dup_reserve(&im->dups);
    size_t slot = dup_find(&im->dups, d->claims, &c, h);
    if (im->dups.slots[slot].index) {
        reject(im, line, "duplicate line", "");
        return;
    }
    store_icd10(d, &c, icd10);
    da_grow((void **)&d->claims, &d->claims_cap, d->nclaims + 1, sizeof(*d->claims));
    d->claims[d->nclaims++] = c;
    im->dups.slots[slot] = (dup_slot){h, d->nclaims};
    im->dups.count++;
    note_dos(d, c.dos);
    use_row(im, line, &rep);
}

static void note_row(importer *im, const da_csv_row *row)
{
    /* N_TEXT last: it is left out when the text stays in the file. */
    static const int string_cols[] = {N_NOTE_ID, N_ENCOUNTER_ID, N_PATIENT_ID, N_NOTE_TYPE,
                                      N_PROVIDER, N_TEXT};
    unsigned long line = row->line;
    if (has_extra_fields(im, row)) {
        reject(im, line, "too many fields", "");
        return;
    }
    if (all_blank(get(im, row, N_TEXT))) {
        reject(im, line, "missing required field", "text");
        return;
    }
    field dos = get(im, row, N_DOS);
    if (get(im, row, N_ENCOUNTER_ID).len == 0) {
        const char *missing = NULL;
        if (im->col[N_ENCOUNTER_ID] >= 0)
            missing = get(im, row, N_PATIENT_ID).len && dos.len ? NULL : "encounter_id";
        else if (get(im, row, N_PATIENT_ID).len == 0)
            missing = "patient_id";
        else if (dos.len == 0)
            missing = "date_of_service";
        if (missing) {
            reject(im, line, "missing required field", missing);
            return;
        }
    }
    da_note n;
    memset(&n, 0, sizeof(n));
    n.line = line;
    if (!da_parse_date(dos.s, dos.len, &n.dos)) {
        reject(im, line, "bad date", "date_of_service");
        return;
    }
    const char *s[sizeof(string_cols) / sizeof(string_cols[0])];
    repairs rep = {0, 0, 0, 0};
    field text = get(im, row, N_TEXT);
    /* The check store_strings makes on its copy: valid text needs no repair. */
    bool in_file = im->texts_in_file && da_utf8_valid(text.s, text.len);
    size_t nstrings = sizeof(string_cols) / sizeof(string_cols[0]) - (in_file ? 1 : 0);
    store_strings(im, row, string_cols, nstrings, s, &rep);
    n.note_id = s[0];
    n.encounter_id = s[1];
    n.patient_id = s[2];
    n.note_type = s[3];
    n.provider = s[4];
    if (in_file) {
        n.text = NULL;
        n.text_len = text.len;
        n.offset = row->offset;
        n.bytes = row->bytes;
    } else {
        n.text = s[5];
        n.text_len = strlen(n.text);
    }
    if (!n.note_id[0]) {
        char id[sizeof("line-") + 20]; /* "line-" and a 64-bit line number */
        snprintf(id, sizeof(id), "line-%lu", line);
        n.note_id = da_arena_strdup(im->d->arena, id);
    }
    da_dataset *d = im->d;
    da_grow((void **)&d->notes, &d->notes_cap, d->nnotes + 1, sizeof(*d->notes));
    d->notes[d->nnotes++] = n;
    note_dos(d, n.dos);
    use_row(im, line, &rep);
}

/* ---- header ---- */

/* Bytes of a header name quoted in a message or a Data Quality entry: a
 * column name is short, and a row of data taken for the header is cut
 * (a character cut in two becomes '?'). */
#define HEADER_NAME_SHOWN 40

/* Bytes of a header name's matching key, NUL included: the synonyms it is
 * compared with are short, so a longer name, cut, still matches none. */
#define HEADER_KEY_LEN 64

/* Appends name to a ", "-separated list of at most DA_IMPORT_LIST_MAX
 * bytes; "..." ends a list that is full. */
static void list_add(char *list, const char *name, size_t len)
{
    size_t o = strlen(list);
    if (o >= DA_IMPORT_LIST_MAX - 4 || (o >= 3 && strcmp(list + o - 3, "...") == 0))
        return;
    if (o + len + 2 + 4 >= DA_IMPORT_LIST_MAX) {
        snprintf(list + o, DA_IMPORT_LIST_MAX - o, "%s...", o ? ", " : "");
        return;
    }
    snprintf(list + o, DA_IMPORT_LIST_MAX - o, "%s%.*s", o ? ", " : "", (int)len, name);
}

/* A required column is missing: names it, the names accepted for it and
 * the header the file has; a header of one field holding tabs or
 * semicolons says the file is not comma-separated. */
static void missing(importer *im, int column, const da_csv_row *header)
{
    im->err = DA_ERR_COLUMN;
    da_import_result *r = im->result;
    if (!r)
        return;
    snprintf(r->missing_column, sizeof(r->missing_column), "%s", column_name(im, column));
    const synonym *syn = im->kind == KIND_CLAIMS ? claim_synonyms : note_synonyms;
    size_t nsyn = im->kind == KIND_CLAIMS ? sizeof(claim_synonyms) / sizeof(claim_synonyms[0])
                                          : sizeof(note_synonyms) / sizeof(note_synonyms[0]);
    r->accepted[0] = r->found[0] = '\0';
    for (size_t k = 0; k < nsyn; k++)
        if (syn[k].column == column)
            list_add(r->accepted, syn[k].key, strlen(syn[k].key));
    for (size_t i = 0; i < header->nfields; i++) {
        char name[HEADER_NAME_SHOWN + 1];
        size_t len = header->lens[i] < HEADER_NAME_SHOWN ? header->lens[i] : HEADER_NAME_SHOWN;
        memcpy(name, header->fields[i], len);
        da_utf8_repair(name, &len);
        list_add(r->found, name, len);
    }
    if (header->nfields == 1 && memchr(header->fields[0], '\t', header->lens[0]))
        r->file_kind = "tab-separated (TSV)";
    else if (header->nfields == 1 && memchr(header->fields[0], ';', header->lens[0]))
        r->file_kind = "semicolon-separated";
}

static bool have_required(importer *im, const da_csv_row *header);

/* Resolves the header; false (with im->err set) when a required column is
 * missing. Columns named twice and unknown columns are noted on the Data
 * Quality sheet (line of the header). */
static bool read_header(importer *im, const da_csv_row *row)
{
    const synonym *syn = im->kind == KIND_CLAIMS ? claim_synonyms : note_synonyms;
    size_t nsyn = im->kind == KIND_CLAIMS ? sizeof(claim_synonyms) / sizeof(claim_synonyms[0])
                                          : sizeof(note_synonyms) / sizeof(note_synonyms[0]);
    im->ncolumns = row->nfields;
    bool *unknown = da_xcalloc(row->nfields ? row->nfields : 1, sizeof(bool));
    int duplicate = -1; /* the first column named twice */
    for (size_t i = 0; i < row->nfields; i++) {
        char key[HEADER_KEY_LEN];
        da_csv_header_key(row->fields[i], key, sizeof(key));
        unknown[i] = key[0] != '\0';
        for (size_t k = 0; k < nsyn; k++)
            if (strcmp(key, syn[k].key) == 0) {
                if (im->col[syn[k].column] < 0)
                    im->col[syn[k].column] = (int)i;
                else if (duplicate < 0)
                    duplicate = syn[k].column;
                unknown[i] = false;
                break;
            }
    }
    bool ok = have_required(im, row);
    /* Only a header that named the required columns is a header: a data row
     * taken for one must not put its values on the Data Quality sheet. */
    if (ok && duplicate >= 0)
        da_dq_add(&im->d->dq, im->path, row->line, DA_DQ_NOTICE,
                  "column named twice, the first one used", column_name(im, duplicate));
    for (size_t i = 0; ok && i < row->nfields; i++)
        if (unknown[i]) {
            char name[HEADER_NAME_SHOWN + 1];
            size_t len = row->lens[i] < HEADER_NAME_SHOWN ? row->lens[i] : HEADER_NAME_SHOWN;
            memcpy(name, row->fields[i], len);
            da_utf8_repair(name, &len); /* the workbook needs valid UTF-8 */
            name[len] = '\0';
            da_dq_add(&im->d->dq, im->path, row->line, DA_DQ_NOTICE, "unknown column ignored",
                      name);
        }
    free(unknown);
    return ok;
}

/* True when the resolved header has every required column; else names the
 * first one missing. */
static bool have_required(importer *im, const da_csv_row *header)
{
    if (im->kind == KIND_CLAIMS) {
        static const int required[] = {C_CLAIM_ID, C_PATIENT_ID, C_DOS, C_CPT};
        for (size_t k = 0; k < sizeof(required) / sizeof(required[0]); k++)
            if (im->col[required[k]] < 0) {
                missing(im, required[k], header);
                return false;
            }
        return true;
    }
    if (im->col[N_TEXT] < 0) {
        missing(im, N_TEXT, header);
        return false;
    }
    if (im->col[N_ENCOUNTER_ID] < 0 && (im->col[N_PATIENT_ID] < 0 || im->col[N_DOS] < 0)) {
        missing(im, N_ENCOUNTER_ID, header);
        return false;
    }
    return true;
}

static int on_row(void *ctx, const da_csv_row *row)
{
    importer *im = ctx;
    if (!im->have_header) {
        im->have_header = true;
        return read_header(im, row) ? 0 : 1;
    }
    if (im->kind == KIND_CLAIMS)
        claim_row(im, row);
    else
        note_row(im, row);
    return 0;
}

static void on_problem(void *ctx, unsigned long line, const char *reason)
{
    importer *im = ctx;
    const char *column = "";
    if (strcmp(reason, "field too long") == 0) {
        int ncols = im->kind == KIND_CLAIMS ? C_COUNT : N_COUNT;
        for (int c = 0; c < ncols && !column[0]; c++)
            if (im->col[c] >= 0 && (size_t)im->col[c] == im->long_field)
                column = column_name(im, c);
    }
    reject(im, line, reason, column);
}

static da_error import_any(da_dataset *d, const char *path, import_kind k, const char *csv,
                           size_t len, const da_import_opts *io, da_import_result *result)
{
    importer im;
    memset(&im, 0, sizeof(im));
    im.d = d;
    im.path = path;
    im.kind = k;
    im.stats = k == KIND_CLAIMS ? &d->claims_stats : &d->notes_stats;
    im.result = result;
    for (size_t i = 0; i < MAX_COLUMNS; i++)
        im.col[i] = -1;
    if (result)
        memset(result, 0, sizeof(*result));
    im.stats->path = da_arena_strdup(d->arena, path);
    /* A claims file that starts with an ISA segment is an 837P. */
    if (k == KIND_CLAIMS && csv)
        if (da_x12_detect(csv, len))
            return da_x837_read_mem(d, path, csv, len);
    if (k == KIND_CLAIMS && !csv) {
        /* Enough of the file for da_x12_detect: a byte-order mark, blanks
         * and "ISA"; a file with more blanks than this before it is no 837. */
        enum { X12_PEEK_BYTES = 64 };
        char head[X12_PEEK_BYTES];
        FILE *peek = fopen(path, "rb");
        size_t n = peek ? fread(head, 1, sizeof(head), peek) : 0;
        if (peek)
            fclose(peek);
        if (da_x12_detect(head, n))
            return da_x837_read_file(d, path);
    }
    da_error err = DA_ERR_IO;
    FILE *fp = NULL;
    da_csv_opts opts = {0, 0, &im.long_field, io ? io->csv_chunk : 0};
    if (csv)
        err = da_csv_read_mem(csv, len, &opts, on_row, on_problem, &im);
    else if ((fp = fopen(path, "rb"))) {
        /* A workbook saved where a CSV export was meant: a zip file. */
        unsigned char magic[4] = {0};
        bool zip = fread(magic, 1, 4, fp) == 4 && memcmp(magic, "PK\3\4", 4) == 0;
        rewind(fp);
        if (zip) {
            fclose(fp);
            if (result)
                result->file_kind = "an Excel workbook (.xlsx)";
            return DA_ERR_FORMAT;
        }
        if (k == KIND_NOTES)
            im.texts_in_file = da_notes_file_keep(d, fileno(fp));
        err = da_csv_read_stream(fp, &opts, on_row, on_problem, &im);
        fclose(fp);
    }
    if (im.texts_in_file && im.col[N_TEXT] >= 0)
        d->notes_text_field = (size_t)im.col[N_TEXT];
    free(im.dups.slots);
    if (im.err != DA_OK)
        return im.err;
    if (err == DA_OK && !im.have_header)
        return DA_ERR_FORMAT;
    return err;
}

da_error da_import_claims(da_dataset *d, const char *path, const da_import_opts *io,
                          da_import_result *result)
{
    return import_any(d, path, KIND_CLAIMS, NULL, 0, io, result);
}

da_error da_import_notes(da_dataset *d, const char *path, const da_import_opts *io,
                         da_import_result *result)
{
    return import_any(d, path, KIND_NOTES, NULL, 0, io, result);
}

/* The notes half of da_import_files, on its own thread and dataset. */
typedef struct notes_job {
    da_dataset data;         /* the notes, their log and their strings */
    const char *path;        /* the notes file */
    const da_import_opts *io; /* how to read it (borrowed; may be NULL) */
    da_import_result result; /* why the import failed */
    da_error err;            /* its outcome */
} notes_job;

static void *notes_main(void *arg)
{
    notes_job *job = arg;
    job->err = da_import_notes(&job->data, job->path, job->io, &job->result);
    return NULL;
}

/* Moves the notes of src (a dataset that imported notes only) into d. */
static void take_notes(da_dataset *d, da_dataset *src)
{
    d->notes = src->notes;
    d->nnotes = src->nnotes;
    d->notes_cap = src->notes_cap;
    src->notes = NULL;
    src->nnotes = src->notes_cap = 0;
    d->notes_stats = src->notes_stats;
    d->notes_fd = src->notes_fd;
    d->notes_text_field = src->notes_text_field;
    d->notes_size = src->notes_size;
    d->notes_mtime_ns = src->notes_mtime_ns;
    src->notes_fd = -1;
    if (src->first_dos != DA_DATE_NONE &&
        (d->first_dos == DA_DATE_NONE || src->first_dos < d->first_dos))
        d->first_dos = src->first_dos;
    if (src->last_dos != DA_DATE_NONE &&
        (d->last_dos == DA_DATE_NONE || src->last_dos > d->last_dos))
        d->last_dos = src->last_dos;
    da_dq_append(&d->dq, &src->dq);
    da_arena_adopt(d->arena, src->arena);
}

da_error da_import_files(da_dataset *d, const char *claims, const char *notes,
                         const da_import_opts *io, da_import_result *claims_result,
                         da_import_result *notes_result, const char **failed)
{
    notes_job *job = da_xcalloc(1, sizeof(*job));
    da_dataset_init(&job->data);
    job->path = notes;
    job->io = io;
    pthread_t tid;
    bool threaded = pthread_create(&tid, NULL, notes_main, job) == 0;
    da_error err = da_import_claims(d, claims, io, claims_result);
    if (threaded)
        pthread_join(tid, NULL);
    else
        notes_main(job);
    *failed = NULL;
    if (err != DA_OK)
        *failed = claims;
    else if ((err = job->err) != DA_OK)
        *failed = notes;
    else
        take_notes(d, &job->data);
    if (notes_result)
        *notes_result = job->result;
    da_dataset_free(&job->data);
    free(job);
    return err;
}

da_error da_import_claims_mem(da_dataset *d, const char *name, const char *csv, size_t len,
                              da_import_result *result)
{
    return import_any(d, name, KIND_CLAIMS, csv ? csv : "", len, NULL, result);
}

da_error da_import_notes_mem(da_dataset *d, const char *name, const char *csv, size_t len,
                             da_import_result *result)
{
    return import_any(d, name, KIND_NOTES, csv ? csv : "", len, NULL, result);
}
