/* x835.c - the 835 remittance advice reader (see x835.h).
 *
 * The loops of a transaction set are a state machine over segment ids (the
 * envelope is x12.c's); its transitions:
 *
 *   HEADER --BPR--> HEADER        paid date (BPR16)
 *   HEADER --N1*PR--> HEADER      payer name; TRN CUR REF DTM N1 N3 N4 PER RDM
 *                                 are read past
 *   HEADER/CLAIM/LINE --LX--> HEADER    the claim before it ends; TS3 TS2 read past
 *   HEADER/CLAIM/LINE --CLP--> CLAIM    the claim before it ends, a new one begins
 *   CLAIM --CAS--> CLAIM          claim-level adjustment
 *   CLAIM --NM1*QC--> CLAIM       patient identifier
 *   CLAIM --DTM*232--> CLAIM      claim date; other NM1 DTM, MIA MOA REF PER AMT QTY
 *                                 are read past
 *   CLAIM/LINE --SVC--> LINE      a new service line
 *   LINE --CAS--> LINE            line adjustment
 *   LINE --DTM*472/150--> LINE    date of service
 *   LINE --REF*6R--> LINE         line item control number
 *   LINE --AMT*B6--> LINE         allowed amount
 *   LINE --LQ*HE--> LINE          remark code; other REF AMT QTY LQ read past
 *   any --PLB--> TRAILER          the claim before it ends; a provider-level adjustment
 *   any --SE--> (end)             the claim before it ends
 *   CLAIM --CLP without id or amounts--> SKIPPED   its segments skipped (one entry)
 *   any --other--> same state     "not expected here", skipped
 *
 * A claim ends by keeping its lines (a claim with no SVC becomes one
 * claim-level line, code ""), with the claim-level adjustments added to each;
 * a reversal (CLP02 = 22) instead voids the earlier lines of the same claim
 * (same CLP01 and, when both have one, CLP07) and keeps none of its own.
 */
#include "x835.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "parse.h"
#include "x12.h"

typedef enum loop_state { HEADER, CLAIM, LINE, TRAILER, SKIPPED } loop_state;

/* The reader's state within one file. */
typedef struct reader {
    da_remit *r;             /* where lines go */
    const char *file;        /* the file name, in r's arena */
    da_dq_log *dq;           /* problems */
    loop_state state;        /* where in the transaction set */
    const char *payer;       /* N1*PR of the current set, in r's arena */
    da_date paid_date;       /* BPR16 of the current set */
    bool in_claim;           /* a CLP is open */
    size_t claim_first;      /* index of the open claim's first line */
    da_remit_line claim;     /* the open claim's fields, copied into its lines */
    da_date claim_date;      /* DTM*232 of the open claim */
    bool claim_had_svc;      /* the open claim has had an SVC, readable or not */
    bool claim_reversal;     /* the open claim is a reversal (CLP02 22) */
    bool line_open;          /* the last line of r belongs to the open claim's SVC */
    da_remit_adj cadj[DA_REMIT_MAX_ADJ]; /* claim-level adjustments */
    int ncadj;               /* used */
} reader;

void da_remit_init(da_remit *r)
{
    memset(r, 0, sizeof(*r));
    r->arena = da_arena_new();
}

void da_remit_free(da_remit *r)
{
    da_arena_free(r->arena);
    free(r->lines);
    free(r->plbs);
    memset(r, 0, sizeof(*r));
}

static void log_problem(reader *rd, unsigned long number, da_dq_action action, const char *reason,
                        const char *id)
{
    da_dq_add(rd->dq, rd->file, number, action, reason, id);
}

static void on_problem(void *ctx, unsigned long number, const char *reason, const char *id)
{
    reader *rd = ctx;
    bool dropped = strstr(reason, "skipped") || strstr(reason, "not read");
    log_problem(rd, number, dropped ? DA_DQ_REJECTED : DA_DQ_NOTICE, reason, id);
}

static const char *keep(reader *rd, const char *s)
{
    return *s ? da_arena_strdup(rd->r->arena, s) : "";
}

static bool same_claim(const da_remit_line *a, const da_remit_line *b)
{
    return strcmp(a->claim_id, b->claim_id) == 0 &&
           (!a->payer_claim[0] || !b->payer_claim[0] || strcmp(a->payer_claim, b->payer_claim) == 0);
}

/* Ends the open claim (see the top of the file). */
static void claim_end(reader *rd)
{
    if (!rd->in_claim)
        return;
    da_remit *r = rd->r;
    rd->in_claim = false;
    rd->line_open = false;
    if (rd->claim_reversal) {
        r->nlines = rd->claim_first;
        size_t voided = 0;
        for (size_t i = 0; i < rd->claim_first; i++)
            if (!r->lines[i].voided && same_claim(&r->lines[i], &rd->claim)) {
                r->lines[i].voided = true;
                voided++;
            }
        if (!voided)
            log_problem(rd, rd->claim.segment, DA_DQ_NOTICE,
                        "reversal (CLP02 22) of a payment not in the files read before it", "CLP");
        return;
    }
    if (!rd->claim_had_svc) {
        da_grow((void **)&r->lines, &r->lines_cap, r->nlines + 1, sizeof(*r->lines));
        da_remit_line *l = &r->lines[r->nlines++];
        *l = rd->claim;
        l->line_ctl = "";
        l->dos = rd->claim_date;
    }
    for (size_t i = rd->claim_first; i < r->nlines; i++) {
        da_remit_line *l = &r->lines[i];
        if (!l->code[0])
            l->line_ctl = "";
        if (l->dos == DA_DATE_NONE)
            l->dos = rd->claim_date;
        for (int k = 0; k < rd->ncadj && l->nadj < DA_REMIT_MAX_ADJ; k++)
            l->adj[l->nadj++] = rd->cadj[k];
    }
}

static void on_clp(reader *rd, const da_x12_seg *s)
{
    claim_end(rd);
    rd->r->claims++;
    da_remit_line *c = &rd->claim;
    memset(c, 0, sizeof(*c));
    c->file = rd->file;
    c->segment = s->number;
    c->payer = rd->payer;
    c->paid_date = rd->paid_date;
    c->allowed_amt = DA_CENTS_NONE;
    c->dos = DA_DATE_NONE;
    c->units = 1;
    c->patient_id = "";
    const char *status = da_x12_el(s, 2);
    int st = atoi(status);
    c->status = st >= 1 && st <= 4 ? (da_remit_status)st : DA_REMIT_OTHER;
    c->line_ctl = "";
    rd->claim_reversal = strcmp(status, "22") == 0;
    rd->r->reversals += rd->claim_reversal;
    if (!*da_x12_el(s, 1) || !da_x12_money(da_x12_el(s, 3), &c->charge) ||
        !da_x12_money(da_x12_el(s, 4), &c->paid)) {
        log_problem(rd, s->number, DA_DQ_REJECTED,
                    "claim without a claim id, charge or paid amount: its lines are not read",
                    "CLP");
        rd->state = SKIPPED; /* its segments are skipped until the next CLP, LX, PLB or SE */
        return;
    }
    if (!*da_x12_el(s, 5) || !da_x12_money(da_x12_el(s, 5), &c->patient_resp))
        c->patient_resp = 0;
    c->claim_id = keep(rd, da_x12_el(s, 1));
    c->payer_claim = keep(rd, da_x12_el(s, 7));
    rd->in_claim = true;
    rd->claim_first = rd->r->nlines;
    rd->claim_date = DA_DATE_NONE;
    rd->claim_had_svc = false;
    rd->ncadj = 0;
    rd->state = CLAIM;
}

/* A CAS segment: up to six (reason, amount, quantity) triples of one group. */
static void on_cas(reader *rd, const da_x12_seg *s, da_remit_adj *adj, int *nadj, bool claim_level)
{
    const char *group = da_x12_el(s, 1);
    if (strlen(group) != 2) {
        log_problem(rd, s->number, DA_DQ_REJECTED, "adjustment without a group code, not read",
                    "CAS");
        return;
    }
    for (size_t k = 2; k < s->nel; k += 3) {
        const char *carc = da_x12_el(s, k);
        if (!*carc)
            continue;
        da_remit_adj a;
        memset(&a, 0, sizeof(a));
        memcpy(a.group, group, 2);
        snprintf(a.carc, sizeof(a.carc), "%s", carc);
        a.claim_level = claim_level;
        if (strlen(carc) > 5 || !da_x12_money(da_x12_el(s, k + 1), &a.amount)) {
            log_problem(rd, s->number, DA_DQ_REJECTED,
                        "adjustment with a bad reason code or amount, not read", "CAS");
            continue;
        }
        a.quantity = atoi(da_x12_el(s, k + 2));
        if (*nadj >= DA_REMIT_MAX_ADJ) {
            log_problem(rd, s->number, DA_DQ_REJECTED, "more than 16 adjustments on one line",
                        "CAS");
            return;
        }
        adj[(*nadj)++] = a;
    }
}

static void on_svc(reader *rd, const da_x12_seg *s)
{
    da_remit *r = rd->r;
    rd->claim_had_svc = true;
    rd->line_open = false;
    rd->state = LINE;
    /* SVC06 is the procedure as billed when the payer paid another one. */
    size_t comp_el = *da_x12_el(s, 6) ? 6 : 1;
    char parts[8][DA_X12_COMPONENT_LEN];
    bool other_sep;
    size_t n = da_x12_components(s, comp_el, parts, sizeof(parts) / sizeof(parts[0]), &other_sep);
    da_remit_line l = rd->claim;
    l.segment = s->number;
    l.line_ctl = "";
    l.charge = l.paid = 0;
    l.patient_resp = 0;
    if (other_sep)
        log_problem(rd, s->number, DA_DQ_NOTICE,
                    "procedure uses a component separator other than the ISA's (read with it)",
                    "SVC");
    if (n < 2 || strcmp(parts[0], "HC") != 0 ||
        !da_parse_cpt(parts[1], strlen(parts[1]), l.code, l.modifiers, &l.nmodifiers)) {
        log_problem(rd, s->number, DA_DQ_REJECTED,
                    n < 2 ? "service line without a procedure code, not read"
                          : "service line whose procedure is not an HCPCS code, not read",
                    "SVC");
        return; /* its DTM, CAS, REF... belong to the unread line: no open line */
    }
    for (size_t k = 2; k < n; k++)
        if (!da_parse_modifiers(parts[k], strlen(parts[k]), l.modifiers, &l.nmodifiers)) {
            log_problem(rd, s->number, DA_DQ_REJECTED, "service line with a bad modifier, not read",
                        "SVC");
            return;
        }
    if (!da_x12_money(da_x12_el(s, 2), &l.charge) || !da_x12_money(da_x12_el(s, 3), &l.paid)) {
        log_problem(rd, s->number, DA_DQ_REJECTED,
                    "service line without a charge or paid amount, not read", "SVC");
        return;
    }
    const char *units = da_x12_el(s, 5);
    if (*units && !da_parse_units(units, strlen(units), &l.units)) {
        log_problem(rd, s->number, DA_DQ_NOTICE, "units paid not a whole number, 1 assumed", "SVC");
        l.units = 1;
    }
    da_grow((void **)&r->lines, &r->lines_cap, r->nlines + 1, sizeof(*r->lines));
    r->lines[r->nlines++] = l;
    rd->line_open = true;
}

static da_remit_line *open_line(reader *rd)
{
    return rd->line_open ? &rd->r->lines[rd->r->nlines - 1] : NULL;
}

static void on_plb(reader *rd, const da_x12_seg *s)
{
    claim_end(rd);
    rd->state = TRAILER;
    /* PLB03..PLB14: (reason:reference, amount) pairs. */
    for (size_t k = 3; k < s->nel; k += 2) {
        if (!*da_x12_el(s, k))
            continue;
        char parts[2][DA_X12_COMPONENT_LEN];
        bool other_sep;
        da_x12_components(s, k, parts, sizeof(parts) / sizeof(parts[0]), &other_sep);
        da_remit_plb p;
        memset(&p, 0, sizeof(p));
        p.file = rd->file;
        p.segment = s->number;
        memcpy(p.reason, parts[0], 2); /* two characters, "WO", "CV" */
        p.reason[2] = '\0';
        if (!da_x12_money(da_x12_el(s, k + 1), &p.amount)) {
            log_problem(rd, s->number, DA_DQ_REJECTED,
                        "provider-level adjustment without an amount, not read", "PLB");
            continue;
        }
        da_grow((void **)&rd->r->plbs, &rd->r->plbs_cap, rd->r->nplbs + 1, sizeof(*rd->r->plbs));
        rd->r->plbs[rd->r->nplbs++] = p;
        log_problem(rd, s->number, DA_DQ_NOTICE,
                    "provider-level adjustment (PLB): reported, not spread over lines", "PLB");
    }
}

static void unexpected(reader *rd, const da_x12_seg *s)
{
    static const char *const where[] = {"before any claim", "in a claim (CLP)",
                                        "in a service line (SVC)", "after the claims", ""};
    char reason[DA_X12_REASON_LEN];
    snprintf(reason, sizeof(reason), "%s not expected %s in an 835, skipped", s->el[0],
             where[rd->state]);
    log_problem(rd, s->number, DA_DQ_REJECTED, reason, s->el[0]);
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

static void on_segment(void *ctx, const da_x12_seg *s)
{
    static const char *const header_past[] = {"TRN", "CUR", "REF", "DTM", "N1", "N3", "N4",
                                              "PER", "RDM", "TS3", "TS2", NULL};
    static const char *const claim_past[] = {"NM1", "DTM", "MIA", "MOA", "REF", "PER", "AMT",
                                             "QTY", NULL};
    static const char *const line_past[] = {"DTM", "REF", "AMT", "QTY", "LQ", NULL};
    reader *rd = ctx;
    if (is(s, "ST")) {
        rd->state = HEADER;
        rd->payer = "";
        rd->paid_date = DA_DATE_NONE;
        rd->in_claim = false;
        return;
    }
    if (is(s, "SE")) {
        claim_end(rd);
        return;
    }
    if (is(s, "CLP")) {
        on_clp(rd, s);
        return;
    }
    if (is(s, "LX")) {
        claim_end(rd);
        rd->state = HEADER;
        return;
    }
    if (is(s, "PLB")) {
        on_plb(rd, s);
        return;
    }
    switch (rd->state) {
    case HEADER:
        if (is(s, "BPR")) {
            const char *d = da_x12_el(s, 16);
            if (*d && !da_x12_date(d, &rd->paid_date))
                log_problem(rd, s->number, DA_DQ_NOTICE, "payment date (BPR16) not a date", "BPR");
        } else if (is(s, "N1") && strcmp(da_x12_el(s, 1), "PR") == 0) {
            rd->payer = keep(rd, da_x12_el(s, 2));
        } else if (!is(s, "BPR") && !one_of(s, header_past)) {
            unexpected(rd, s);
        }
        return;
    case CLAIM:
        if (is(s, "CAS")) {
            on_cas(rd, s, rd->cadj, &rd->ncadj, true);
        } else if (is(s, "SVC")) {
            on_svc(rd, s);
        } else if (is(s, "NM1") && strcmp(da_x12_el(s, 1), "QC") == 0) {
            rd->claim.patient_id = keep(rd, da_x12_el(s, 9));
        } else if (is(s, "DTM") && strcmp(da_x12_el(s, 1), "232") == 0) {
            if (!da_x12_date(da_x12_el(s, 2), &rd->claim_date))
                log_problem(rd, s->number, DA_DQ_NOTICE, "claim date not a date", "DTM");
        } else if (!one_of(s, claim_past)) {
            unexpected(rd, s);
        }
        return;
    case LINE: {
        da_remit_line *l = open_line(rd);
        if (is(s, "SVC")) {
            on_svc(rd, s);
        } else if (!one_of(s, line_past) && !is(s, "CAS")) {
            unexpected(rd, s);
        } else if (!l) {
            /* a segment of a service line that could not be read */
        } else if (is(s, "CAS")) {
            int n = l->nadj;
            on_cas(rd, s, l->adj, &n, false);
            l->nadj = n;
        } else if (is(s, "DTM") &&
                   (strcmp(da_x12_el(s, 1), "472") == 0 || strcmp(da_x12_el(s, 1), "150") == 0)) {
            if (!da_x12_date(da_x12_el(s, 2), &l->dos))
                log_problem(rd, s->number, DA_DQ_NOTICE, "date of service not a date", "DTM");
        } else if (is(s, "REF") && strcmp(da_x12_el(s, 1), "6R") == 0) {
            l->line_ctl = keep(rd, da_x12_el(s, 2));
        } else if (is(s, "AMT") && strcmp(da_x12_el(s, 1), "B6") == 0) {
            if (!da_x12_money(da_x12_el(s, 2), &l->allowed_amt))
                log_problem(rd, s->number, DA_DQ_NOTICE, "allowed amount not an amount", "AMT");
        } else if (is(s, "LQ") && strcmp(da_x12_el(s, 1), "HE") == 0) {
            if (l->nremarks < DA_REMIT_MAX_REMARKS)
                snprintf(l->remarks[l->nremarks++], sizeof(l->remarks[0]), "%s", da_x12_el(s, 2));
        }
        return;
    }
    case TRAILER:
        unexpected(rd, s);
        return;
    case SKIPPED:
        return;
    }
}

static void on_end(void *ctx)
{
    reader *rd = ctx;
    claim_end(rd);
}

/* Reads buf (or, when buf is NULL, the file name) into r. */
static da_error read_one(da_remit *r, const char *name, const char *buf, size_t len, da_dq_log *dq)
{
    reader rd;
    memset(&rd, 0, sizeof(rd));
    rd.r = r;
    rd.file = da_arena_strdup(r->arena, name);
    rd.dq = dq;
    rd.payer = "";
    rd.paid_date = DA_DATE_NONE;
    da_x12_handler h = {&rd, on_segment, on_end, on_problem};
    r->files++;
    return buf ? da_x12_read(buf, len, "835", &h) : da_x12_read_file(name, "835", &h);
}

da_error da_x835_read_mem(da_remit *r, const char *name, const char *buf, size_t len,
                          da_dq_log *dq)
{
    return read_one(r, name, buf ? buf : "", len, dq);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

da_error da_x835_read_path(da_remit *r, const char *path, da_dq_log *dq)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return DA_ERR_IO;
    if (!S_ISDIR(st.st_mode))
        return read_one(r, path, NULL, 0, dq);
    DIR *dir = opendir(path);
    if (!dir)
        return DA_ERR_IO;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        size_t len = strlen(path) + strlen(de->d_name) + 2;
        char *full = da_xmalloc(len);
        snprintf(full, len, "%s/%s", path, de->d_name);
        if (stat(full, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(full);
            continue;
        }
        da_grow((void **)&names, &cap, n + 1, sizeof(*names));
        names[n++] = full;
    }
    closedir(dir);
    da_sort(names, n, sizeof(*names), name_cmp);
    da_error err = DA_OK;
    for (size_t i = 0; i < n; i++) {
        da_error e = read_one(r, names[i], NULL, 0, dq);
        if (e == DA_ERR_IO && err == DA_OK)
            err = e;
        free(names[i]);
    }
    free(names);
    return err;
}

static bool payment_part(const da_remit_adj *a)
{
    return strcmp(a->group, "PR") == 0 &&
           (strcmp(a->carc, "1") == 0 || strcmp(a->carc, "2") == 0 || strcmp(a->carc, "3") == 0);
}

void da_remit_adj_list(const da_remit_line *l, bool denial_only, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (int k = 0; k < l->nadj; k++) {
        const da_remit_adj *a = &l->adj[k];
        if (denial_only && payment_part(a))
            continue;
        int n = snprintf(out + used, cap - used, "%s%s-%s", used ? ";" : "", a->group, a->carc);
        if (n < 0 || (size_t)n >= cap - used) {
            out[used] = '\0';
            return;
        }
        used += (size_t)n;
    }
}

bool da_remit_denied(const da_remit_line *l)
{
    if (l->status == DA_REMIT_DENIED)
        return true;
    if (l->paid != 0 || l->charge <= 0)
        return false;
    for (int k = 0; k < l->nadj; k++)
        if (!payment_part(&l->adj[k]))
            return true;
    return false;
}

da_cents da_remit_allowed(const da_remit_line *l)
{
    if (l->allowed_amt != DA_CENTS_NONE)
        return l->allowed_amt;
    if (da_remit_denied(l))
        return 0;
    da_cents a = l->charge;
    for (int k = 0; k < l->nadj; k++)
        if (strcmp(l->adj[k].group, "CO") == 0 && strcmp(l->adj[k].carc, "253") != 0)
            a -= l->adj[k].amount;
    return a;
}
