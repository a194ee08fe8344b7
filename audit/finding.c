/* finding.c - finding lists and the --findings CSV. */
#include "finding.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

void da_findings_init(da_finding_list *list)
{
    list->items = NULL;
    list->count = list->cap = 0;
}

void da_findings_free(da_finding_list *list)
{
    free(list->items);
    da_findings_init(list);
}

da_finding *da_findings_push(da_finding_list *list)
{
    da_grow((void **)&list->items, &list->cap, list->count + 1, sizeof(*list->items));
    da_finding *f = &list->items[list->count++];
    memset(f, 0, sizeof(*f));
    f->claim = -1;
    f->note = -1;
    f->basis = "";
    return f;
}

const da_claim_line *da_finding_claim(const da_dataset *data, const da_finding *f)
{
    const da_encounter *e = &data->encounters[f->encounter];
    if (f->claim >= 0)
        return &data->claims[f->claim];
    return e->nclaims ? &data->claims[e->claims[0]] : NULL;
}

const char *da_direction_name(da_direction d)
{
    switch (d) {
    case DA_DIR_UNDER: return "under";
    case DA_DIR_OVER: return "over";
    case DA_DIR_DENIAL: return "denial";
    case DA_DIR_GAP: return "gap";
    }
    return "?";
}

const char *da_confidence_name(da_confidence c)
{
    switch (c) {
    case DA_CONF_HIGH: return "high";
    case DA_CONF_MEDIUM: return "medium";
    case DA_CONF_LOW: return "low";
    }
    return "?";
}

/* A number as a spreadsheet reads one: optional sign, digits, at most one
 * decimal point, nothing else. */
static bool plain_number(const char *s)
{
    if (*s == '-' || *s == '+')
        s++;
    bool digit = false, point = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digit = true;
        else if (*s == '.' && !point)
            point = true;
        else
            return false;
    }
    return digit;
}

/* A cell a spreadsheet would read as a formula: it starts with = + - @, a
 * tab or a carriage return (OWASP's list), and is not a plain number. */
static bool formula_like(const char *s)
{
    return (s[0] == '\t' || s[0] == '\r' || s[0] == '=' || s[0] == '@' ||
            ((s[0] == '+' || s[0] == '-') && !plain_number(s)));
}

void da_csv_put(FILE *out, const char *s)
{
    bool neutral = formula_like(s);
    if (!strpbrk(s, ",\"\r\n")) {
        if (neutral)
            fputc('\'', out);
        fputs(s, out);
        return;
    }
    fputc('"', out);
    if (neutral)
        fputc('\'', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

const char *da_csv_text(const char *cell)
{
    return cell[0] == '\'' && formula_like(cell + 1) ? cell + 1 : cell;
}

da_error da_findings_write_csv(FILE *out, const da_dataset *data, const da_finding_list *list)
{
    fputs("category,rule,direction,confidence,patient_id,date_of_service,encounter_id,claim_id,"
          "provider,payer,billed_code,billed_units,expected_code,expected_units,amount,evidence,"
          "review\n",
          out);
    for (size_t i = 0; i < list->count; i++) {
        const da_finding *f = &list->items[i];
        const da_encounter *e = &data->encounters[f->encounter];
        const da_claim_line *c = da_finding_claim(data, f);
        char date[DA_DATE_TEXT_LEN];
        da_date_format(e->dos, date);
        fprintf(out, "%s,%s,%s,%s,", f->category, f->rule, da_direction_name(f->direction),
                da_confidence_name(f->confidence));
        da_csv_put(out, e->patient_id);
        fprintf(out, ",%s,", date);
        da_csv_put(out, e->encounter_id);
        fputc(',', out);
        da_csv_put(out, c ? c->claim_id : "");
        fputc(',', out);
        da_csv_put(out, e->provider);
        fputc(',', out);
        da_csv_put(out, e->payer);
        fprintf(out, ",%s,%d,%s,%d,%lld.%02lld,", f->billed_code, f->billed_units, f->expected_code,
                f->expected_units, (long long)(f->amount / 100), (long long)(f->amount % 100));
        da_csv_put(out, f->evidence);
        fputc(',', out);
        da_csv_put(out, f->review ? f->review : "");
        fputc('\n', out);
    }
    return ferror(out) ? DA_ERR_IO : DA_OK;
}

bool da_finding_counts(const da_finding *f)
{
    return f->confidence != DA_CONF_LOW && f->amount >= 0;
}
