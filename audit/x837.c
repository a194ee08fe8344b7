/* x837.c - the 837P professional claim reader (see x837.h).
 *
 * The loops of a transaction set are a state machine over segment ids (the
 * envelope is x12.c's); its transitions:
 *
 *   HEADER --BHT--> HEADER            submission date (BHT04); NM1 PER REF read past
 *   any --HL*..*20--> BILLING         the claim before it ends; billing provider loop
 *   BILLING --NM1*85--> BILLING       billing provider name; PRV N3 N4 REF PER NM1 read past
 *   any --HL*..*22--> SUBSCRIBER      the claim before it ends; payer and member reset
 *   SUBSCRIBER --SBR--> SUBSCRIBER    payer type (SBR09)
 *   SUBSCRIBER --NM1*IL/PR--> SUBSCRIBER  member identifier, payer name;
 *                                     PAT DMG N3 N4 REF PER NM1 read past
 *   any --HL*..*23--> SUBSCRIBER      patient loop: NM1*QC gives the patient identifier
 *   SUBSCRIBER/CLAIM/OTHER_PAYER/LINE --CLM--> CLAIM   the claim before it ends
 *   CLAIM --HI--> CLAIM               diagnosis codes (ICD-10; ICD-9 reported, not read)
 *   CLAIM --REF*G1/EA--> CLAIM        authorization, encounter
 *   CLAIM --NM1*82--> CLAIM           rendering provider; DTP*472 the claim's date of
 *                                     service; other DTP REF NM1 N3 N4 PRV PER AMT NTE
 *                                     PWK CN1 CRC HCP K3 CL1 read past
 *   CLAIM --SBR--> OTHER_PAYER        another payer's loop (2320-2330): read past
 *   CLAIM/OTHER_PAYER/LINE --LX--> LINE   the line before it ends
 *   LINE --SV1--> LINE                procedure, charge, units, place, pointers
 *   LINE --DTP*472--> LINE            date of service (D8, or the first day of RD8)
 *   LINE --REF*6R--> LINE             line item control number
 *   LINE --NM1*82--> LINE             rendering provider of the line
 *   LINE --LIN--> LINE                NDC (LIN03 when LIN02 is N4); CTP SVD CAS
 *                                     AMT NTE REF DTP NM1 N3 N4 PRV QTY MEA PS1 HCP
 *                                     K3 CR1 CRC PWK read past
 *   any --SE--> (end)                 the claim before it ends
 *   any --other--> same state         "not expected here", skipped
 *
 * A service line is kept when the line ends (next LX, CLM, HL or SE).
 */
#include "x837.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "x12.h"

typedef enum loop_state { HEADER, BILLING, SUBSCRIBER, CLAIM, OTHER_PAYER, LINE } loop_state;

#define MAX_CLAIM_DX 12 /* HI codes kept per claim */

/* Bytes kept of an element copied into the reader's state, NUL included
 * (copy cuts a longer value): an identifier (claim, member, patient,
 * reference), and a person's or organisation's name, which NM1 writes as
 * a last and a first name. */
#define ID_LEN 64
#define NAME_LEN 128

/* The service line being read. */
typedef struct open_line {
    bool open;               /* an LX has begun a line */
    bool have_sv1;           /* its SV1 was read */
    bool bad;                /* its SV1 could not be read (already logged) */
    unsigned long segment;   /* the SV1's segment number (the LX's until then) */
    char lx[16];             /* LX01 */
    char ctl[32];            /* REF*6R */
    char pos[8];             /* SV105 */
    char provider[NAME_LEN]; /* NM1*82 of the line */
    char ndc[16];            /* LIN03 */
    da_date dos;             /* DTP*472 */
    int pointers[4];         /* SV107 diagnosis pointers, 1-based; 0 unused */
    da_claim_line c;         /* code, modifiers, units, charge */
} open_line;

/* The reader's state within one file. */
typedef struct reader {
    da_dataset *d;            /* where lines go */
    const char *file;         /* file name, in d's arena */
    loop_state state;         /* where in the transaction set */
    da_date submitted;        /* BHT04 */
    char billing[NAME_LEN];   /* billing provider name */
    char payer[NAME_LEN];     /* NM1*PR of the subscriber loop */
    da_payer_type payer_type; /* from SBR09 */
    char member[ID_LEN];      /* NM1*IL09 */
    char patient[ID_LEN];     /* NM1*QC09 */
    bool in_claim;            /* a CLM is open */
    char claim_id[ID_LEN];    /* CLM01 */
    char claim_pos[8];        /* CLM05-1 */
    char encounter[ID_LEN];   /* REF*EA */
    char auth[ID_LEN];        /* REF*G1 */
    char rendering[NAME_LEN]; /* NM1*82 of the claim */
    da_date claim_dos;        /* DTP*472 of the claim */
    char dx[MAX_CLAIM_DX][8]; /* HI codes in order */
    int ndx;                  /* used */
    open_line line;           /* the line being read */
} reader;

static void log_problem(reader *rd, unsigned long number, da_dq_action action, const char *reason,
                        const char *id)
{
    da_dq_add(&rd->d->dq, rd->file, number, action, reason, id);
}

static void on_problem(void *ctx, unsigned long number, const char *reason, const char *id)
{
    reader *rd = ctx;
    bool dropped = strstr(reason, "skipped") || strstr(reason, "not read");
    log_problem(rd, number, dropped ? DA_DQ_REJECTED : DA_DQ_NOTICE, reason, id);
}

/* s into out (cap bytes), cut to fit. */
static void copy(char *out, size_t cap, const char *s)
{
    size_t n = strlen(s);
    if (n >= cap)
        n = cap - 1;
    memcpy(out, s, n);
    out[n] = '\0';
}

static const char *keep(reader *rd, const char *s)
{
    return *s ? da_arena_strdup(rd->d->arena, s) : "";
}

/* A person's or an organisation's name from an NM1: prefix, first, middle,
 * last, suffix for a person (NM102 1), NM103 otherwise. */
static void nm1_name(const da_x12_seg *s, char *out, size_t cap)
{
    if (strcmp(da_x12_el(s, 2), "1") != 0) {
        copy(out, cap, da_x12_el(s, 3));
        return;
    }
    static const size_t order[] = {6, 4, 5, 3, 7};
    size_t used = 0;
    out[0] = '\0';
    for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
        const char *p = da_x12_el(s, order[k]);
        if (!*p)
            continue;
        int n = snprintf(out + used, cap - used, "%s%s", used ? " " : "", p);
        if (n < 0 || (size_t)n >= cap - used)
            return;
        used += (size_t)n;
    }
}

static void reject(reader *rd, unsigned long number, const char *reason)
{
    log_problem(rd, number, DA_DQ_REJECTED, reason, "SV1");
    rd->d->claims_stats.rows_read++;
    rd->d->claims_stats.rows_rejected++;
}

static void note_dos(da_dataset *d, da_date dos)
{
    if (d->first_dos == DA_DATE_NONE || dos < d->first_dos)
        d->first_dos = dos;
    if (d->last_dos == DA_DATE_NONE || dos > d->last_dos)
        d->last_dos = dos;
}

/* Ends the open service line: kept, or rejected with its reason. */
static void line_end(reader *rd)
{
    open_line *l = &rd->line;
    if (!l->open)
        return;
    l->open = false;
    if (l->bad)
        return;
    if (!l->have_sv1) {
        reject(rd, l->segment, "service line (LX) without an SV1, not read");
        return;
    }
    da_claim_line c = l->c;
    c.dos = l->dos != DA_DATE_NONE ? l->dos : rd->claim_dos;
    if (c.dos == DA_DATE_NONE) {
        reject(rd, l->segment, "service line without a date of service, not read");
        return;
    }
    if (!rd->claim_id[0]) {
        reject(rd, l->segment, "service line of a claim without a claim id, not read");
        return;
    }
    char codes[DA_MAX_ICD10][8];
    int n = 0;
    bool past = false; /* a pointer past the codes read (none are when they are ICD-9) */
    for (int k = 0; k < 4 && l->pointers[k]; k++)
        if (l->pointers[k] > 0 && l->pointers[k] <= rd->ndx)
            memcpy(codes[n++], rd->dx[l->pointers[k] - 1], 8);
        else
            past = rd->ndx > 0;
    if (past)
        log_problem(rd, l->segment, DA_DQ_NOTICE, "diagnosis pointer past the claim's codes",
                    "SV1");
    if (!l->pointers[0])
        for (int k = 0; k < rd->ndx && n < DA_MAX_ICD10; k++)
            memcpy(codes[n++], rd->dx[k], 8);
    da_dataset *d = rd->d;
    c.line = l->segment;
    c.claim_id = keep(rd, rd->claim_id);
    c.line_no = keep(rd, l->ctl[0] ? l->ctl : l->lx);
    c.patient_id = keep(rd, rd->patient[0] ? rd->patient : rd->member);
    c.encounter_id = keep(rd, rd->encounter);
    c.provider = keep(rd, l->provider[0] ? l->provider : rd->rendering[0] ? rd->rendering
                                                                            : rd->billing);
    c.payer = keep(rd, rd->payer);
    c.payer_type = rd->payer_type != DA_PAYER_UNKNOWN
                       ? rd->payer_type
                       : da_payer_type_infer(rd->payer, strlen(rd->payer));
    c.pos = keep(rd, l->pos[0] ? l->pos : rd->claim_pos);
    c.denial_codes = "";
    c.prior_auth = keep(rd, rd->auth);
    c.ndc = keep(rd, l->ndc);
    c.allowed = c.paid = DA_CENTS_NONE;
    c.submitted = rd->submitted;
    c.paid_date = DA_DATE_NONE;
    c.status = DA_STATUS_UNKNOWN;
    c.nicd10 = n;
    c.icd10 = NULL;
    if (n) {
        size_t bytes = (size_t)n * sizeof(codes[0]);
        const da_claim_line *prev = d->nclaims ? &d->claims[d->nclaims - 1] : NULL;
        if (prev && prev->nicd10 == n && memcmp(prev->icd10, codes, bytes) == 0)
            c.icd10 = prev->icd10;
        else
            c.icd10 = memcpy(da_arena_alloc(d->arena, bytes), codes, bytes);
    }
    da_grow((void **)&d->claims, &d->claims_cap, d->nclaims + 1, sizeof(*d->claims));
    d->claims[d->nclaims++] = c;
    note_dos(d, c.dos);
    d->claims_stats.rows_read++;
    d->claims_stats.rows_used++;
}

static void claim_end(reader *rd)
{
    line_end(rd);
    rd->in_claim = false;
}

static void on_clm(reader *rd, const da_x12_seg *s)
{
    claim_end(rd);
    rd->in_claim = true;
    rd->state = CLAIM;
    copy(rd->claim_id, sizeof(rd->claim_id), da_x12_el(s, 1));
    if (!rd->claim_id[0])
        log_problem(rd, s->number, DA_DQ_NOTICE, "claim without a claim id (CLM01)", "CLM");
    char parts[3][DA_X12_COMPONENT_LEN];
    bool other;
    da_x12_components(s, 5, parts, sizeof(parts) / sizeof(parts[0]), &other);
    copy(rd->claim_pos, sizeof(rd->claim_pos), parts[0]);
    rd->encounter[0] = rd->auth[0] = rd->rendering[0] = '\0';
    rd->claim_dos = DA_DATE_NONE;
    rd->ndx = 0;
}

/* HI: up to twelve "qualifier:code" composites. */
static void on_hi(reader *rd, const da_x12_seg *s)
{
    bool icd9 = false;
    for (size_t k = 1; k < s->nel; k++) {
        char parts[2][DA_X12_COMPONENT_LEN];
        bool other;
        if (da_x12_components(s, k, parts, sizeof(parts) / sizeof(parts[0]), &other) < 2)
            continue;
        if (strcmp(parts[0], "BK") == 0 || strcmp(parts[0], "BF") == 0) {
            icd9 = true;
            continue;
        }
        if (strcmp(parts[0], "ABK") != 0 && strcmp(parts[0], "ABF") != 0)
            continue;
        char codes[DA_MAX_ICD10][8];
        memset(codes, 0, sizeof(codes)); /* whole codes compare equal byte for byte */
        int n = 0;
        if (!da_parse_icd10(parts[1], strlen(parts[1]), codes, &n) || n != 1) {
            log_problem(rd, s->number, DA_DQ_REJECTED, "malformed diagnosis code, not read", "HI");
            continue;
        }
        if (rd->ndx < MAX_CLAIM_DX)
            memcpy(rd->dx[rd->ndx++], codes[0], 8);
    }
    if (icd9)
        log_problem(rd, s->number, DA_DQ_NOTICE, "ICD-9 diagnosis codes (BK/BF), not read", "HI");
}

static void on_sv1(reader *rd, const da_x12_seg *s)
{
    open_line *l = &rd->line;
    l->segment = s->number;
    if (l->have_sv1 || l->bad) {
        log_problem(rd, s->number, DA_DQ_REJECTED, "second SV1 in one service line, skipped",
                    "SV1");
        return;
    }
    char parts[6][DA_X12_COMPONENT_LEN];
    bool other;
    size_t n = da_x12_components(s, 1, parts, sizeof(parts) / sizeof(parts[0]), &other);
    if (other)
        log_problem(rd, s->number, DA_DQ_NOTICE,
                    "procedure uses a component separator other than the ISA's (read with it)",
                    "SV1");
    da_claim_line *c = &l->c;
    l->bad = true;
    if (n < 2 || strcmp(parts[0], "HC") != 0 ||
        !da_parse_cpt(parts[1], strlen(parts[1]), c->code, c->modifiers, &c->nmodifiers)) {
        reject(rd, s->number, n < 2 ? "service line without a procedure code, not read"
                                    : "service line whose procedure is not an HCPCS code, not read");
        return;
    }
    for (size_t k = 2; k < n; k++)
        if (!da_parse_modifiers(parts[k], strlen(parts[k]), c->modifiers, &c->nmodifiers)) {
            reject(rd, s->number, "malformed modifier, not read");
            return;
        }
    if (!da_x12_money(da_x12_el(s, 2), &c->charge)) {
        reject(rd, s->number, "service line without a charge, not read");
        return;
    }
    const char *units = da_x12_el(s, 4);
    if (!da_parse_units(units, strlen(units), &c->units)) {
        reject(rd, s->number, "bad units, not read");
        return;
    }
    copy(l->pos, sizeof(l->pos), da_x12_el(s, 5));
    char ptr[4][DA_X12_COMPONENT_LEN];
    size_t np = da_x12_components(s, 7, ptr, sizeof(ptr) / sizeof(ptr[0]), &other);
    for (size_t k = 0; k < np; k++)
        l->pointers[k] = atoi(ptr[k]);
    l->bad = false;
    l->have_sv1 = true;
}

static void on_lx(reader *rd, const da_x12_seg *s)
{
    line_end(rd);
    open_line *l = &rd->line;
    memset(l, 0, sizeof(*l));
    l->open = true;
    l->segment = s->number;
    l->dos = DA_DATE_NONE;
    copy(l->lx, sizeof(l->lx), da_x12_el(s, 1));
    rd->state = LINE;
}

/* DTP*472: D8 CCYYMMDD, or RD8 CCYYMMDD-CCYYMMDD (the first day). */
static void on_dos(reader *rd, const da_x12_seg *s, da_date *out)
{
    char day[9];
    copy(day, sizeof(day), da_x12_el(s, 3));
    if (!da_x12_date(day, out))
        log_problem(rd, s->number, DA_DQ_NOTICE, "date of service not a date", "DTP");
}

static da_payer_type sbr_type(const char *code)
{
    static const struct {
        const char *code;  /* SBR09 claim filing indicator */
        da_payer_type type; /* its payer class */
    } map[] = {{"MA", DA_PAYER_MEDICARE}, {"MB", DA_PAYER_MEDICARE}, {"MC", DA_PAYER_MEDICAID},
               {"CI", DA_PAYER_COMMERCIAL}, {"BL", DA_PAYER_COMMERCIAL},
               {"HM", DA_PAYER_COMMERCIAL}, {"12", DA_PAYER_COMMERCIAL},
               {"13", DA_PAYER_COMMERCIAL}, {"14", DA_PAYER_COMMERCIAL},
               {"15", DA_PAYER_COMMERCIAL}, {"16", DA_PAYER_COMMERCIAL},
               {"09", DA_PAYER_SELF}, {"CH", DA_PAYER_OTHER}, {"VA", DA_PAYER_OTHER},
               {"WC", DA_PAYER_OTHER}, {"OF", DA_PAYER_OTHER}, {"TV", DA_PAYER_OTHER},
               {"AM", DA_PAYER_OTHER}, {"LM", DA_PAYER_OTHER}, {"DS", DA_PAYER_OTHER},
               {"11", DA_PAYER_OTHER}, {"17", DA_PAYER_OTHER}};
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (strcmp(map[i].code, code) == 0)
            return map[i].type;
    return DA_PAYER_UNKNOWN;
}

static bool is(const da_x12_seg *s, const char *id)
{
    return strcmp(s->el[0], id) == 0;
}

static bool one_of(const da_x12_seg *s, const char *const *ids)
{
    for (; *ids; ids++)
        if (is(s, *ids))
            return true;
    return false;
}

static void unexpected(reader *rd, const da_x12_seg *s)
{
    static const char *const where[] = {"in the header", "in the billing provider loop",
                                        "in the subscriber loop", "in a claim (CLM)",
                                        "in another payer's loop", "in a service line (LX)"};
    char reason[DA_X12_REASON_LEN];
    snprintf(reason, sizeof(reason), "%s not expected %s of an 837P, skipped", s->el[0],
             where[rd->state]);
    log_problem(rd, s->number, DA_DQ_REJECTED, reason, s->el[0]);
}

static void on_segment(void *ctx, const da_x12_seg *s)
{
    static const char *const header_past[] = {"NM1", "PER", "REF", NULL};
    static const char *const billing_past[] = {"PRV", "N3", "N4", "REF", "PER", "NM1", "CUR",
                                               NULL};
    static const char *const subscriber_past[] = {"PAT", "DMG", "N3", "N4", "REF", "PER",
                                                  "NM1", NULL};
    static const char *const claim_past[] = {"DTP", "REF", "NM1", "N3", "N4", "PRV", "PER",
                                             "AMT", "NTE", "PWK", "CN1", "CRC", "HCP", "K3",
                                             "CL1", "CR1", "CR2", NULL};
    static const char *const other_past[] = {"CAS", "AMT", "OI", "MOA", "NM1", "N3", "N4",
                                             "REF", "DTP", "PER", "DMG", NULL};
    static const char *const line_past[] = {"CTP", "SVD", "CAS", "AMT", "NTE", "REF", "DTP",
                                            "NM1", "N3", "N4", "PRV", "QTY", "MEA", "PS1",
                                            "HCP", "K3", "CR1", "CR3", "CRC", "PWK", "LQ",
                                            "FRM", "PER", NULL};
    reader *rd = ctx;
    const char *q = da_x12_el(s, 1);
    if (is(s, "ST")) {
        rd->state = HEADER;
        rd->submitted = DA_DATE_NONE;
        rd->billing[0] = rd->payer[0] = rd->member[0] = rd->patient[0] = '\0';
        rd->payer_type = DA_PAYER_UNKNOWN;
        rd->in_claim = false;
        rd->line.open = false;
        return;
    }
    if (is(s, "SE")) {
        claim_end(rd);
        return;
    }
    if (is(s, "HL")) {
        claim_end(rd);
        const char *level = da_x12_el(s, 3);
        if (strcmp(level, "20") == 0) {
            rd->state = BILLING;
            rd->billing[0] = '\0';
        } else if (strcmp(level, "22") == 0) {
            rd->state = SUBSCRIBER;
            rd->payer[0] = rd->member[0] = rd->patient[0] = '\0';
            rd->payer_type = DA_PAYER_UNKNOWN;
        } else if (strcmp(level, "23") == 0) {
            rd->state = SUBSCRIBER;
            rd->patient[0] = '\0';
        } else {
            unexpected(rd, s);
        }
        return;
    }
    if (is(s, "CLM") && rd->state != HEADER && rd->state != BILLING) {
        on_clm(rd, s);
        return;
    }
    if (is(s, "LX") && (rd->state == CLAIM || rd->state == OTHER_PAYER || rd->state == LINE)) {
        on_lx(rd, s);
        return;
    }
    switch (rd->state) {
    case HEADER:
        if (is(s, "BHT")) {
            const char *d = da_x12_el(s, 4);
            if (*d && !da_x12_date(d, &rd->submitted))
                log_problem(rd, s->number, DA_DQ_NOTICE, "creation date (BHT04) not a date", "BHT");
        } else if (!one_of(s, header_past)) {
            unexpected(rd, s);
        }
        return;
    case BILLING:
        if (is(s, "NM1") && strcmp(q, "85") == 0)
            nm1_name(s, rd->billing, sizeof(rd->billing));
        else if (!one_of(s, billing_past))
            unexpected(rd, s);
        return;
    case SUBSCRIBER:
        if (is(s, "SBR"))
            rd->payer_type = sbr_type(da_x12_el(s, 9));
        else if (is(s, "NM1") && strcmp(q, "IL") == 0)
            copy(rd->member, sizeof(rd->member), da_x12_el(s, 9));
        else if (is(s, "NM1") && strcmp(q, "QC") == 0)
            copy(rd->patient, sizeof(rd->patient), da_x12_el(s, 9));
        else if (is(s, "NM1") && strcmp(q, "PR") == 0)
            copy(rd->payer, sizeof(rd->payer), da_x12_el(s, 3));
        else if (!one_of(s, subscriber_past))
            unexpected(rd, s);
        return;
    case CLAIM:
        if (is(s, "HI"))
            on_hi(rd, s);
        else if (is(s, "REF") && strcmp(q, "G1") == 0)
            copy(rd->auth, sizeof(rd->auth), da_x12_el(s, 2));
        else if (is(s, "REF") && strcmp(q, "EA") == 0)
            copy(rd->encounter, sizeof(rd->encounter), da_x12_el(s, 2));
        else if (is(s, "NM1") && strcmp(q, "82") == 0)
            nm1_name(s, rd->rendering, sizeof(rd->rendering));
        else if (is(s, "DTP") && strcmp(q, "472") == 0)
            on_dos(rd, s, &rd->claim_dos);
        else if (is(s, "SBR"))
            rd->state = OTHER_PAYER;
        else if (!one_of(s, claim_past))
            unexpected(rd, s);
        return;
    case OTHER_PAYER:
        if (!is(s, "SBR") && !one_of(s, other_past))
            unexpected(rd, s);
        return;
    case LINE: {
        open_line *l = &rd->line;
        if (is(s, "SV1"))
            on_sv1(rd, s);
        else if (is(s, "DTP") && strcmp(q, "472") == 0)
            on_dos(rd, s, &l->dos);
        else if (is(s, "REF") && strcmp(q, "6R") == 0)
            copy(l->ctl, sizeof(l->ctl), da_x12_el(s, 2));
        else if (is(s, "NM1") && strcmp(q, "82") == 0)
            nm1_name(s, l->provider, sizeof(l->provider));
        else if (is(s, "LIN")) {
            if (strcmp(da_x12_el(s, 2), "N4") == 0)
                copy(l->ndc, sizeof(l->ndc), da_x12_el(s, 3));
        } else if (!one_of(s, line_past))
            unexpected(rd, s);
        return;
    }
    }
}

static void on_end(void *ctx)
{
    claim_end(ctx);
}

static da_error read_one(da_dataset *d, const char *name, const char *buf, size_t len)
{
    reader *rd = da_xcalloc(1, sizeof(*rd));
    rd->d = d;
    rd->file = da_arena_strdup(d->arena, name);
    rd->submitted = DA_DATE_NONE;
    d->claims_stats.path = rd->file;
    da_x12_handler h = {rd, on_segment, on_end, on_problem};
    da_error err = buf ? da_x12_read(buf, len, "837", &h) : da_x12_read_file(name, "837", &h);
    free(rd);
    return err;
}

da_error da_x837_read_file(da_dataset *d, const char *path)
{
    return read_one(d, path, NULL, 0);
}

da_error da_x837_read_mem(da_dataset *d, const char *name, const char *buf, size_t len)
{
    return read_one(d, name, buf ? buf : "", len);
}
