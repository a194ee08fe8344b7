/* test_workbook.c - the workbook writer, checked by reading the written
 * sheet XML back (unzip -p) and, when LibreOffice is installed, by having
 * it convert the workbook. The dataset and findings are built by hand and
 * every expected figure below is worked out from them by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules.h"
#include "workbook.h"

typedef struct fixture {
    da_dataset d;       /* three encounters, three claim lines, three notes */
    da_finding_list fl; /* six findings, see build_findings */
    da_report r;        /* the report over both */
    char dir[64];       /* temporary directory for the workbooks */
    char path[128];     /* dir/audit.xlsx */
} fixture;

static da_claim_line *add_claim(da_dataset *d, const char *claim_id, const char *patient,
                                const char *enc, da_date dos, const char *code)
{
    da_claim_line *c = &d->claims[d->nclaims++];
    memset(c, 0, sizeof(*c));
    c->claim_id = claim_id;
    c->line_no = "1";
    c->patient_id = patient;
    c->encounter_id = enc;
    c->provider = "Dr Synthetic";
    c->payer = "Medicare";
    c->payer_type = DA_PAYER_MEDICARE;
    c->pos = "11";
    c->dos = dos;
    strcpy(c->code, code);
    c->units = 1;
    c->charge = c->allowed = c->paid = DA_CENTS_NONE;
    c->denial_codes = c->prior_auth = c->ndc = "";
    return c;
}

static void add_encounter(da_dataset *d, const char *id, const char *patient, da_date dos,
                          const size_t *claims, size_t nclaims, size_t note)
{
    da_encounter *e = &d->encounters[d->nencounters++];
    e->encounter_id = id;
    e->patient_id = patient;
    e->dos = dos;
    e->provider = "Dr Synthetic";
    e->payer = nclaims ? "Medicare" : "";
    e->payer_type = nclaims ? DA_PAYER_MEDICARE : DA_PAYER_UNKNOWN;
    e->claims = da_arena_alloc(d->arena, 3 * sizeof(size_t));
    e->notes = da_arena_alloc(d->arena, sizeof(size_t));
    for (size_t i = 0; i < nclaims; i++)
        e->claims[i] = claims[i];
    e->nclaims = nclaims;
    e->notes[0] = note;
    e->nnotes = 1;
}

/* Encounters: E1 (P001, 2025-01-15, claim lines 0 and 1 of claim C100),
 * E2 (P002, 2025-02-10, claim line 2 of C200), E3 (P003, 2025-03-03, a note
 * and no claim). */
static void build_dataset(da_dataset *d)
{
    da_dataset_init(d);
    da_date jan15 = da_date_from_ymd(2025, 1, 15), feb10 = da_date_from_ymd(2025, 2, 10);
    da_date mar3 = da_date_from_ymd(2025, 3, 3);
    d->claims = da_xcalloc(3, sizeof(*d->claims));
    d->claims_cap = 3;
    add_claim(d, "C100", "P001", "E1", jan15, "17311");
    add_claim(d, "C100", "P001", "E1", jan15, "17312");
    add_claim(d, "C200", "P002", "E2", feb10, "11102");
    d->notes = da_xcalloc(3, sizeof(*d->notes));
    d->notes_cap = 3;
    const char *note_enc[] = {"E1", "E2", "E3"}, *note_pat[] = {"P001", "P002", "P003"};
    da_date note_dos[] = {jan15, feb10, mar3};
    for (size_t i = 0; i < 3; i++) {
        da_note *n = &d->notes[d->nnotes++];
        n->line = i + 2;
        n->note_id = note_enc[i];
        n->encounter_id = note_enc[i];
        n->patient_id = note_pat[i];
        n->dos = note_dos[i];
        n->note_type = "procedure";
        n->provider = "Dr Synthetic";
        n->text = "Synthetic note.";
        n->text_len = strlen(n->text);
    }
    d->encounters = da_xcalloc(3, sizeof(*d->encounters));
    add_encounter(d, "E1", "P001", jan15, (size_t[]){0, 1}, 2, 0);
    add_encounter(d, "E2", "P002", feb10, (size_t[]){2}, 1, 1);
    add_encounter(d, "E3", "P003", mar3, NULL, 0, 2);
    d->encounters_without_notes = 0;
    d->encounters_without_claims = 1;
    d->first_dos = jan15;
    d->last_dos = mar3;
    d->claims_stats = (da_file_stats){"claims.csv", 5, 3, 2, 0};
    d->notes_stats = (da_file_stats){"notes.csv", 4, 3, 1, 0};
    da_dq_add(&d->dq, "claims.csv", 3, DA_DQ_REJECTED, "bad date", "date_of_service");
    da_dq_add(&d->dq, "claims.csv", 4, DA_DQ_REPAIRED, "invalid UTF-8 replaced", "provider");
    da_dq_add(&d->dq, "claims.csv", 5, DA_DQ_REJECTED, "missing code", "cpt");
    da_dq_add(&d->dq, "notes.csv", 2, DA_DQ_REJECTED, "empty note", "note_text");
    da_dq_add(&d->dq, "notes.csv", 0, DA_DQ_NOTICE, "match limit hit in 1 note", "");
}

static da_finding *add_finding(da_finding_list *fl, const char *category, const char *rule,
                               da_direction dir, da_confidence conf, size_t enc, long claim,
                               da_cents amount)
{
    da_finding *f = da_findings_push(fl);
    f->category = category;
    f->rule = rule;
    f->direction = dir;
    f->confidence = conf;
    f->encounter = enc;
    f->claim = claim;
    f->note = (long)enc;
    f->amount = amount;
    strcpy(f->evidence, "Mohs stage 2, 3 blocks; margins clear.");
    return f;
}

/* Counted under-billing: 12,345 + 50,000 = 62,345 cents (the low-confidence
 * 99,999 is listed, not counted). Over: 20,000. Denials: 7,500. One gap. */
static void build_findings(da_finding_list *fl)
{
    da_findings_init(fl);
    da_finding *f = add_finding(fl, "mohs", "MOHS-STAGES", DA_DIR_UNDER, DA_CONF_HIGH, 0, 1, 12345);
    strcpy(f->billed_code, "17312");
    f->billed_units = 1;
    strcpy(f->expected_code, "17312");
    f->expected_units = 2;
    add_finding(fl, "lesion", "LESION-SIZE", DA_DIR_UNDER, DA_CONF_MEDIUM, 1, -1, 50000);
    add_finding(fl, "lesion", "LESION-SIZE", DA_DIR_UNDER, DA_CONF_LOW, 1, -1, 99999);
    add_finding(fl, "modifier", "MOD-59", DA_DIR_OVER, DA_CONF_HIGH, 1, 2, 20000);
    add_finding(fl, "denial", "DENIAL-CO16", DA_DIR_DENIAL, DA_CONF_HIGH, 0, 0, 7500);
    add_finding(fl, "pathology", "PATH-NO-REPORT", DA_DIR_GAP, DA_CONF_MEDIUM, 2, -1, 0);
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof(*fx));
    if (!fx)
        return -1;
    strcpy(fx->dir, "/tmp/da_workbook_XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    snprintf(fx->path, sizeof(fx->path), "%s/audit.xlsx", fx->dir);
    build_dataset(&fx->d);
    build_findings(&fx->fl);
    fx->r = (da_report){.data = &fx->d,
                        .findings = &fx->fl,
                        .practice = "Synthetic Dermatology",
                        .from = da_date_from_ymd(2025, 1, 1),
                        .to = da_date_from_ymd(2025, 3, 31), /* 31 + 28 + 31 = 90 days */
                        .fees_source = "CMS 2026 national non-facility amounts",
                        .created = "2025-04-01T12:00:00Z"};
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
    int rc = system(cmd);
    da_findings_free(&fx->fl);
    da_dataset_free(&fx->d);
    free(fx);
    return rc == 0 ? 0 : -1;
}

/* The output of a shell command, NUL-terminated; *status gets its exit status. */
static char *run(const char *cmd, int *status)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t len = 0, cap = 1 << 16;
    char *out = malloc(cap);
    assert_non_null(out);
    size_t n;
    while ((n = fread(out + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            out = realloc(out, cap);
            assert_non_null(out);
        }
    }
    out[len] = '\0';
    int rc = pclose(p);
    if (status)
        *status = rc;
    return out;
}

static char *part(const char *xlsx, const char *name)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "unzip -p '%s' '%s'", xlsx, name);
    int status;
    char *xml = run(cmd, &status);
    assert_int_equal(status, 0);
    return xml;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* Position of the inline string cell holding exactly text, or NULL. */
static const char *find_text(const char *xml, const char *text)
{
    char needle[512];
    snprintf(needle, sizeof(needle), "<t>%s</t>", text);
    return strstr(xml, needle);
}

/* The nth numeric value (<v>) after the cell holding label, in the same row. */
static double value_after(const char *xml, const char *label, int nth)
{
    const char *p = find_text(xml, label);
    assert_non_null(p);
    const char *row_end = strstr(p, "</row>");
    for (int i = 0; i <= nth; i++) {
        p = strstr(p + 1, "<v>");
        assert_non_null(p);
        assert_true(p < row_end);
    }
    return strtod(p + 3, NULL);
}

/* The text of the inline string in cell ref ("I2"), malloc'd. */
static char *cell_string(const char *xml, const char *ref)
{
    char needle[32];
    snprintf(needle, sizeof(needle), "<c r=\"%s\"", ref);
    const char *p = strstr(xml, needle);
    assert_non_null(p);
    p = strstr(p, "<t");
    assert_non_null(p);
    p = strchr(p, '>') + 1;
    const char *end = strstr(p, "</t>");
    assert_non_null(end);
    return strndup(p, (size_t)(end - p));
}

static size_t code_points(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Sheet names from xl/workbook.xml, joined with '|'. */
static void sheet_names(const char *xlsx, char *out, size_t size)
{
    char *xml = part(xlsx, "xl/workbook.xml");
    out[0] = '\0';
    for (const char *p = strstr(xml, "<sheet name=\""); p; p = strstr(p, "<sheet name=\"")) {
        p += strlen("<sheet name=\"");
        const char *end = strchr(p, '"');
        if (out[0])
            strncat(out, "|", size - strlen(out) - 1);
        strncat(out, p, (size_t)(end - p) < size - strlen(out) - 1 ? (size_t)(end - p)
                                                                    : size - strlen(out) - 1);
    }
    free(xml);
}

/* The XML of the sheet with this name (sheets are numbered in order). */
static char *sheet_xml(const char *xlsx, const char *name)
{
    char names[512], want[64];
    sheet_names(xlsx, names, sizeof(names));
    snprintf(want, sizeof(want), "%s", name);
    int n = 1;
    for (const char *p = names; *p; n++) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == strlen(want) && strncmp(p, want, len) == 0) {
            char part_name[64];
            snprintf(part_name, sizeof(part_name), "xl/worksheets/sheet%d.xml", n);
            return part(xlsx, part_name);
        }
        if (!bar)
            break;
        p = bar + 1;
    }
    fail_msg("no sheet %s in %s", name, names);
    return NULL;
}

/* Every <v> in the sheet is a finite number. */
static void assert_values_finite(const char *xml)
{
    for (const char *p = strstr(xml, "<v>"); p; p = strstr(p + 1, "<v>")) {
        char *end;
        double v = strtod(p + 3, &end);
        assert_true(end > p + 3 && *end == '<');
        assert_true(isfinite(v));
    }
}

/* Every part of the zip is well-formed XML. */
static void assert_well_formed(const char *xlsx)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "unzip -Z1 '%s'", xlsx);
    char *names = run(cmd, NULL);
    size_t checked = 0;
    for (char *name = strtok(names, "\n"); name; name = strtok(NULL, "\n")) {
        /* unzip reads '[' as a wildcard: "[[]" is a literal one */
        char pattern[256];
        size_t n = 0;
        for (const char *c = name; *c && n < sizeof(pattern) - 4; c++) {
            if (*c == '[')
                pattern[n++] = '[';
            pattern[n++] = *c;
            if (*c == '[')
                pattern[n++] = ']';
        }
        pattern[n] = '\0';
        snprintf(cmd, sizeof(cmd), "unzip -p '%s' '%s' | xmllint --noout - 2>&1", xlsx, pattern);
        int status;
        char *out = run(cmd, &status);
        if (status != 0 || out[0])
            fail_msg("%s is not well-formed: %s", name, out);
        free(out);
        checked++;
    }
    assert_true(checked >= 10); /* content types, rels, workbook, 4 sheets, styles, props */
    free(names);
}

static void test_sheets_and_totals(void **state)
{
    fixture *fx = *state;
    assert_int_equal(da_workbook_write(fx->path, &fx->r), DA_OK);

    char names[256];
    sheet_names(fx->path, names, sizeof(names));
    assert_string_equal(names, "Summary|Findings|Payers|AR Aging|Data Quality|Rules");

    char *s = sheet_xml(fx->path, "Summary");
    assert_non_null(strstr(s, "Revenue integrity audit — Synthetic Dermatology"));
    /* 2025-01-01 and 2025-03-31 as Excel serials: 25569 (1970-01-01) + days since. */
    assert_true(value_after(s, "Period start", 0) == 45658);
    assert_true(value_after(s, "Period end", 0) == 45747);
    assert_true(value_after(s, "Days in period", 0) == 90);
    /* read = used + rejected, for both files */
    assert_true(value_after(s, "claims.csv", 0) == 5);
    assert_true(value_after(s, "claims.csv", 1) == 3);
    assert_true(value_after(s, "claims.csv", 2) == 2);
    assert_true(value_after(s, "notes.csv", 0) == 4);
    assert_true(value_after(s, "notes.csv", 1) == 3);
    assert_true(value_after(s, "notes.csv", 2) == 1);
    assert_int_equal(count_of(s, "<t>yes</t>"), 2);
    assert_null(find_text(s, "NO"));
    assert_true(value_after(s, "Encounters", 0) == 3);
    assert_true(value_after(s, "Encounters without notes", 0) == 0);
    assert_true(value_after(s, "Encounters without claims", 0) == 1);

    /* 12,345 + 50,000 cents; annualized 62,345 * 365 / 90 = 252,843.6 -> 252,844 */
    assert_float_equal(value_after(s, "Estimated revenue leak (under-billing)", 0), 623.45, 1e-9);
    assert_float_equal(value_after(s, "Estimated revenue leak (under-billing)", 1), 2528.44, 1e-9);
    assert_non_null(find_text(s, "90-day period"));
    /* 7,500 * 365 / 90 = 30,416.7 -> 30,417 */
    assert_float_equal(value_after(s, "Recoverable denials", 0), 75.00, 1e-9);
    assert_float_equal(value_after(s, "Recoverable denials", 1), 304.17, 1e-9);
    /* Over-billing on its own line, not netted: 20,000 * 365 / 90 = 81,111.1 -> 81,111 */
    assert_float_equal(value_after(s, "Over-billing exposure", 0), 200.00, 1e-9);
    assert_float_equal(value_after(s, "Over-billing exposure", 1), 811.11, 1e-9);
    assert_true(value_after(s, "Documentation gaps (findings)", 0) == 1);
    assert_true(value_after(s, "Low-confidence findings (listed, not in the amounts)", 0) == 1);
    assert_non_null(strstr(s, "Amounts are based on CMS 2026 national non-facility amounts."));
    /* The template's placeholders are filled in. */
    assert_non_null(strstr(s, "an estimated $623.45 more than was billed"));
    assert_non_null(strstr(s, "Separately, $200.00 was billed beyond"));
    assert_null(strstr(s, "{leak}"));

    /* Leak by category: under $ descending, then all dollars (modifier's
     * $200 over before denial's $75), then the documented order. */
    const char *lesion = find_text(s, "Lesions"), *mohs = find_text(s, "Mohs");
    const char *path = find_text(s, "Pathology"), *mod = find_text(s, "Modifiers");
    const char *denial = find_text(s, "Denials");
    assert_true(lesion && mohs && path && mod && denial);
    assert_true(lesion < mohs && mohs < mod && mod < denial && denial < path);
    assert_true(value_after(s, "Lesions", 0) == 2);                /* findings */
    assert_float_equal(value_after(s, "Lesions", 1), 500.00, 1e-9); /* low one not counted */
    assert_float_equal(value_after(s, "Modifiers", 2), 200.00, 1e-9);
    assert_float_equal(value_after(s, "Denials", 3), 75.00, 1e-9);
    assert_true(value_after(s, "Pathology", 4) == 1); /* gaps */
    /* The total row adds up the categories, never netting one against another. */
    assert_true(value_after(s, "All categories", 0) == 6);
    assert_float_equal(value_after(s, "All categories", 1), 623.45, 1e-9);
    assert_float_equal(value_after(s, "All categories", 2), 200.00, 1e-9);
    assert_float_equal(value_after(s, "All categories", 3), 75.00, 1e-9);
    /* Top findings by dollars: the $500 lesion, the $200 modifier, the $123.45
     * Mohs; a rule of the catalog with its plain name beside the id. */
    const char *top = find_text(s, "Top 10 findings by dollars");
    assert_non_null(top);
    const char *l1 = strstr(top, "<t>LESION-SIZE</t>"), *m1 = strstr(top, "<t>MOD-59</t>");
    const char *s1 = strstr(top, "<t>MOHS-STAGES (Mohs additional stages)</t>");
    assert_true(l1 && m1 && s1 && l1 < m1 && m1 < s1);
    /* Each basis of the amounts is counted: five counted findings, none priced. */
    assert_true(value_after(s, "not priced", 0) == 4);
    assert_null(find_text(s, "Cosmetic"));           /* no findings, no row */
    assert_non_null(strstr(s, "ySplit=\"1\""));
    assert_values_finite(s);
    free(s);

    /* One row per finding plus the header; the claim falls back to the
     * encounter's first claim line; dates are real dates. */
    s = sheet_xml(fx->path, "Findings");
    assert_int_equal(count_of(s, "<row "), 7);
    assert_non_null(strstr(s, "<autoFilter ref=\"A1:Q7\"/>"));
    assert_non_null(strstr(s, "ySplit=\"1\""));
    char *claim = cell_string(s, "H3");
    assert_string_equal(claim, "C200");
    free(claim);
    assert_null(strstr(s, "<c r=\"H7\"")); /* E3 has no claim line at all */
    char *id = cell_string(s, "E2");
    assert_string_equal(id, "P001");
    free(id);
    assert_non_null(strstr(s, "<c r=\"F2\" s=\"")); /* date style */
    assert_true(value_after(s, "P001", 0) == 45672); /* 2025-01-15 */
    /* after the rule: date, billed units, expected units, amount */
    assert_true(value_after(s, "MOHS-STAGES (Mohs additional stages)", 1) == 1);
    assert_true(value_after(s, "MOHS-STAGES (Mohs additional stages)", 2) == 2);
    assert_float_equal(value_after(s, "MOHS-STAGES (Mohs additional stages)", 3), 123.45, 1e-9);
    assert_float_equal(value_after(s, "DENIAL-CO16 (Missing-information denial to correct)", 1), 75.00, 1e-9); /* no units: blank */
    assert_values_finite(s);
    free(s);

    s = sheet_xml(fx->path, "Data Quality");
    assert_int_equal(count_of(s, "<row "), 6);
    assert_non_null(strstr(s, "<autoFilter ref=\"A1:E6\"/>"));
    assert_int_equal(count_of(s, "<t>rejected</t>"), 3);
    assert_int_equal(count_of(s, "<t>repaired</t>"), 1);
    assert_null(strstr(s, "<c r=\"B6\"")); /* line 0 = whole file: blank */
    free(s);

    /* A report with no rules has the writer's own built-in catalog. */
    da_catalog *catalog;
    assert_int_equal(da_catalog_load(&catalog), DA_OK);
    s = sheet_xml(fx->path, "Rules");
    assert_int_equal(count_of(s, "<row "), da_catalog_count(catalog) + 1);
    assert_non_null(find_text(s, da_catalog_get(catalog, 0)->id));
    free(s);
    da_catalog_free(catalog);

    s = part(fx->path, "xl/charts/chart1.xml");
    assert_non_null(strstr(s, "Summary!$C$"));
    free(s);
    assert_well_formed(fx->path);
}

static void test_mismatched_counts_flagged(void **state)
{
    fixture *fx = *state;
    fx->d.claims_stats.rows_rejected = 1; /* 5 read, 3 used, 1 rejected: one row lost */
    assert_int_equal(da_workbook_write(fx->path, &fx->r), DA_OK);
    char *s = sheet_xml(fx->path, "Summary");
    const char *no = find_text(s, "NO");
    assert_non_null(no);
    assert_true(find_text(s, "claims.csv") < no && no < find_text(s, "notes.csv"));
    assert_int_equal(count_of(s, "<t>yes</t>"), 1);
    free(s);
}

static void test_reproducible(void **state)
{
    fixture *fx = *state;
    char other[160];
    snprintf(other, sizeof(other), "%s/again.xlsx", fx->dir);
    assert_int_equal(da_workbook_write(fx->path, &fx->r), DA_OK);
    assert_int_equal(da_workbook_write(other, &fx->r), DA_OK);
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "cmp -s '%s' '%s'", fx->path, other);
    assert_int_equal(system(cmd), 0);
    char *core = part(fx->path, "docProps/core.xml");
    assert_non_null(strstr(core, "2025-04-01T12:00:00Z"));
    free(core);

    /* A different time gives a different file; a malformed one is refused. */
    fx->r.created = "2025-04-02T12:00:00Z";
    assert_int_equal(da_workbook_write(other, &fx->r), DA_OK);
    assert_int_not_equal(system(cmd), 0);
    fx->r.created = "2025-02-30T00:00:00Z";
    assert_int_equal(da_workbook_write(other, &fx->r), DA_ERR_USAGE);
    fx->r.created = "2025-04-01 12:00:00";
    assert_int_equal(da_workbook_write(other, &fx->r), DA_ERR_USAGE);
}

/* A string of count copies of unit. */
static char *repeat(const char *unit, size_t count)
{
    size_t n = strlen(unit);
    char *s = malloc(n * count + 1);
    assert_non_null(s);
    for (size_t i = 0; i < count; i++)
        memcpy(s + i * n, unit, n);
    s[n * count] = '\0';
    return s;
}

static void test_long_text_truncated(void **state)
{
    fixture *fx = *state;
    char *practice = repeat("x", 40000);
    char *accented = repeat("\xc3\xa9", 40000);     /* é, 2 bytes */
    char *emoji = repeat("\xf0\x9f\x98\x80", 40000); /* U+1F600, 2 UTF-16 units */
    fx->r.practice = practice;
    fx->d.encounters[0].provider = accented;
    fx->d.encounters[1].provider = emoji;
    assert_int_equal(da_workbook_write(fx->path, &fx->r), DA_OK);

    char *s = sheet_xml(fx->path, "Summary");
    char *title = cell_string(s, "A1");
    assert_int_equal(code_points(title), 32767);
    assert_non_null(strstr(title, "Revenue integrity audit — xxx"));
    assert_string_equal(title + strlen(title) - 12, " [truncated]");
    free(title);
    free(s);

    s = sheet_xml(fx->path, "Findings");
    /* 32,767 - 12 = 32,755 characters kept, cut between two é */
    char *cell = cell_string(s, "I2");
    assert_int_equal(code_points(cell), 32767);
    assert_int_equal(strlen(cell), 32755 * 2 + 12);
    assert_string_equal(cell + strlen(cell) - 12, " [truncated]");
    free(cell);
    /* 32,755 units hold 16,377 emoji (32,754 units), then the marker */
    cell = cell_string(s, "I3");
    assert_int_equal(code_points(cell), 16377 + 12);
    assert_int_equal(strlen(cell), 16377 * 4 + 12);
    free(cell);
    free(s);
    assert_well_formed(fx->path);
    free(practice);
    free(accented);
    free(emoji);
}

static void test_short_text_untouched(void **state)
{
    fixture *fx = *state;
    char *exact = repeat("y", 32767); /* at the limit: written whole */
    char *wide = repeat("\xc3\xa9", 32767); /* at the limit in characters, not bytes */
    fx->d.encounters[0].provider = exact;
    fx->d.encounters[1].provider = "Line one\r\nline two\rthree";
    fx->d.encounters[2].provider = wide;
    assert_int_equal(da_workbook_write(fx->path, &fx->r), DA_OK);
    char *s = sheet_xml(fx->path, "Findings");
    char *cell = cell_string(s, "I2");
    assert_string_equal(cell, exact);
    free(cell);
    cell = cell_string(s, "I3");
    assert_string_equal(cell, "Line one\nline two\nthree");
    free(cell);
    cell = cell_string(s, "I7");
    assert_string_equal(cell, wide);
    free(cell);
    free(s);
    free(exact);
    free(wide);
}

static void test_no_nan_without_period(void **state)
{
    fixture *fx = *state;
    fx->r.from = fx->r.to = DA_DATE_NONE;   /* days unknown: annualizing would divide by 0 */
    fx->fl.items[1].amount = DA_CENTS_NONE; /* an unpriced finding: blank, not counted */
    assert_int_equal(da_workbook_write(fx->path, &fx->r), DA_OK);
    char *s = sheet_xml(fx->path, "Summary");
    assert_values_finite(s);
    assert_non_null(find_text(s, "Audit period"));
    assert_float_equal(value_after(s, "Estimated revenue leak (under-billing)", 0), 123.45, 1e-9);
    /* The annualized cell, right after the period's, says n/a. */
    const char *leak = find_text(s, "Estimated revenue leak (under-billing)");
    const char *c_cell = strstr(leak, "<c r=\"C");
    assert_non_null(c_cell);
    assert_true(strstr(c_cell, "<t>n/a</t>") && strstr(c_cell, "<t>n/a</t>") < strstr(leak, "</row>"));
    free(s);
    s = sheet_xml(fx->path, "Findings");
    assert_values_finite(s);
    assert_null(strstr(s, "<c r=\"O3\"")); /* the unpriced amount */
    assert_non_null(strstr(s, "<c r=\"O2\""));
    free(s);
    assert_well_formed(fx->path);
}

static void test_split_sheets(void **state)
{
    fixture *fx = *state;
    /* 6 findings and 5 data-quality entries at 4 rows a sheet: 4 + 2 and 4 + 1 */
    assert_int_equal(da_workbook_write_split(fx->path, &fx->r, 4), DA_OK);
    char names[256];
    sheet_names(fx->path, names, sizeof(names));
    assert_string_equal(names, "Summary|Findings|Findings (2)|Payers|AR Aging|Data Quality|"
                               "Data Quality (2)|Rules");
    char *s = sheet_xml(fx->path, "Findings");
    assert_int_equal(count_of(s, "<row "), 5);
    assert_non_null(strstr(s, "<autoFilter ref=\"A1:Q5\"/>"));
    free(s);
    s = sheet_xml(fx->path, "Findings (2)");
    assert_int_equal(count_of(s, "<row "), 3);
    assert_non_null(find_text(s, "Evidence")); /* each part has its header */
    assert_non_null(find_text(s, "PATH-NO-REPORT"));
    free(s);
    s = sheet_xml(fx->path, "Data Quality (2)");
    assert_int_equal(count_of(s, "<row "), 2);
    free(s);
    s = sheet_xml(fx->path, "Summary");
    assert_non_null(strstr(s, "Findings runs over 2 sheets, Data Quality runs over 2 sheets"));
    free(s);
    assert_well_formed(fx->path);

    assert_int_equal(da_workbook_write_split(fx->path, &fx->r, 0), DA_ERR_USAGE);
}

static void test_no_findings(void **state)
{
    fixture *fx = *state;
    fx->fl.count = 0;
    assert_int_equal(da_workbook_write(fx->path, &fx->r), DA_OK);
    char *s = sheet_xml(fx->path, "Summary");
    assert_true(value_after(s, "Estimated revenue leak (under-billing)", 0) == 0);
    free(s);
    s = sheet_xml(fx->path, "Findings");
    assert_int_equal(count_of(s, "<row "), 1);
    free(s);
    char cmd[256];
    /* No data, no chart on the Summary (the AR Aging chart stays). */
    snprintf(cmd, sizeof(cmd), "unzip -p '%s' 'xl/charts/*.xml' | grep -q 'Summary!'", fx->path);
    assert_int_not_equal(system(cmd), 0);
    assert_well_formed(fx->path);
}

static void test_bad_input_refused(void **state)
{
    fixture *fx = *state;
    fx->fl.items[0].encounter = 3; /* past the three encounters */
    assert_int_equal(da_workbook_write(fx->path, &fx->r), DA_ERR_INTERNAL);
    fx->fl.items[0].encounter = 0;
    char missing[160];
    snprintf(missing, sizeof(missing), "%s/no/such/dir/out.xlsx", fx->dir);
    assert_int_equal(da_workbook_write(missing, &fx->r), DA_ERR_XLSX);
}

/* Every part is deflated at DA_WORKBOOK_ZIP_LEVEL, not libxlsxwriter's
 * default: the deflate option bits of each local file header (APPNOTE 4.4.4:
 * bits 1-2, 00 normal, 10 fast, 11 super fast) say which level minizip was
 * given (level 1 sets both bits, level 2 bit 2, levels 3-7 neither). */
static void test_parts_deflated_fast(void **state)
{
    fixture *fx = *state;
    assert_int_equal(da_workbook_write(fx->path, &fx->r), DA_OK);
    FILE *f = fopen(fx->path, "rb");
    assert_non_null(f);
    unsigned char h[30];
    int parts = 0;
    while (fread(h, 1, sizeof(h), f) == sizeof(h) && memcmp(h, "PK\3\4", 4) == 0) {
        unsigned flags = h[6] | (unsigned)h[7] << 8;
        unsigned method = h[8] | (unsigned)h[9] << 8;
        unsigned long compressed = h[18] | (unsigned long)h[19] << 8 |
                                   (unsigned long)h[20] << 16 | (unsigned long)h[21] << 24;
        unsigned name_len = h[26] | (unsigned)h[27] << 8, extra_len = h[28] | (unsigned)h[29] << 8;
        assert_int_equal(method, 8);
        assert_int_equal(flags & 6u, DA_WORKBOOK_ZIP_LEVEL == 1 ? 6u : 0u);
        assert_int_equal(flags & 8u, 0); /* sizes are in the header, not after the data */
        assert_int_equal(fseek(f, (long)(name_len + extra_len + compressed), SEEK_CUR), 0);
        parts++;
    }
    fclose(f);
    assert_true(parts >= 10); /* content types, rels, workbook, styles, sheets, ... */
}

/* LibreOffice opens and converts the workbook, when it is installed. */
static void test_libreoffice_opens(void **state)
{
    fixture *fx = *state;
    if (system("command -v soffice >/dev/null 2>&1") != 0)
        skip();
    assert_int_equal(da_workbook_write(fx->path, &fx->r), DA_OK);
    char cmd[768];
    /* The first sheet as UTF-8 CSV (filter options 44,34,76: comma, quote,
     * UTF-8), each cell as displayed. */
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && HOME='%s' timeout 180 soffice --headless "
             "-env:UserInstallation=file://%s/lo "
             "--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' --outdir '%s' '%s' "
             ">/dev/null 2>&1",
             fx->dir, fx->dir, fx->dir, fx->dir, fx->path);
    assert_int_equal(system(cmd), 0);
    char csv[160];
    snprintf(csv, sizeof(csv), "%s/audit.csv", fx->dir);
    FILE *f = fopen(csv, "r");
    assert_non_null(f);
    char buf[16384];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    assert_non_null(strstr(buf, "Revenue integrity audit — Synthetic Dermatology,"));
    /* cells as shown: real dates and the money format */
    assert_non_null(strstr(buf, "\nPeriod start,2025-01-01,"));
    assert_non_null(strstr(buf, "\nclaims.csv,5,3,2,0,yes"));
    /* annualized figures are estimates: shown to the dollar */
    assert_non_null(strstr(buf, "\nEstimated revenue leak (under-billing),$623.45,\"$2,528\","));
    assert_non_null(strstr(buf, "\nLesions,2,$500.00,$0.00,$0.00,0\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sheets_and_totals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mismatched_counts_flagged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reproducible, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_text_truncated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_short_text_untouched, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_nan_without_period, setup, teardown),
        cmocka_unit_test_setup_teardown(test_split_sheets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_findings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_input_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parts_deflated_fast, setup, teardown),
        cmocka_unit_test_setup_teardown(test_libreoffice_opens, setup, teardown),
    };
    int failed = cmocka_run_group_tests_name("workbook", tests, NULL, NULL);
    return failed;
}
