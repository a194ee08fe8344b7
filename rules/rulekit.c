/* rulekit.c - the helpers every rule family shares (rulekit.h). */
#include "rulekit.h"

#include <stdio.h>
#include <stdlib.h>

#include "mem.h"
#include "text.h"

da_evidence da_evidence_of(long note, const da_fact *f)
{
    return (da_evidence){note, f->start, f->end};
}

void da_rulekit_snippet(const da_dataset *data, const da_evidence *ev, char *out, size_t size)
{
    if (!ev || ev->note < 0) {
        out[0] = '\0';
        return;
    }
    const da_note *n = &data->notes[ev->note];
    da_snippet(n->text, n->text_len, ev->start, ev->end, DA_EVIDENCE_CHARS, out, size);
}

da_finding *da_rulekit_finding(da_finding_list *out, const char *category, size_t encounter,
                               const char *rule, da_direction dir, da_confidence conf)
{
    da_finding *f = da_findings_push(out);
    f->category = category;
    f->rule = rule;
    f->direction = dir;
    f->confidence = conf;
    f->encounter = encounter;
    return f;
}

void da_rulekit_codes(da_finding *f, long claim, const char *billed, int billed_units,
                      const char *expected, int expected_units)
{
    f->claim = claim;
    if (billed && billed[0] && billed_units > 0) {
        snprintf(f->billed_code, sizeof(f->billed_code), "%s", billed);
        f->billed_units = billed_units;
    }
    if (expected && expected[0] && expected_units > 0) {
        snprintf(f->expected_code, sizeof(f->expected_code), "%s", expected);
        f->expected_units = expected_units;
    }
}

void da_evidence_fill(const da_dataset *data, da_finding *f, const da_evidence *ev,
                      const char *fallback)
{
    if (ev && ev->note >= 0) {
        f->note = ev->note;
        da_rulekit_snippet(data, ev, f->evidence, sizeof(f->evidence));
    }
    if (!f->evidence[0])
        snprintf(f->evidence, sizeof(f->evidence), "%s", fallback);
}

da_finding *da_rulekit_add(const da_dataset *data, da_finding_list *out, const char *category,
                           size_t encounter, const char *rule, da_direction dir,
                           da_confidence conf, long claim, const char *billed, int billed_units,
                           const char *expected, int expected_units, const da_evidence *ev,
                           const char *fallback)
{
    da_finding *f = da_rulekit_finding(out, category, encounter, rule, dir, conf);
    da_rulekit_codes(f, claim, billed, billed_units, expected, expected_units);
    da_evidence_fill(data, f, ev, fallback);
    return f;
}

void *da_rulekit_load(const char *name, const char *const *columns, size_t ncolumns,
                      da_table_row_fn on_row, da_rulekit_complete_fn complete, size_t size,
                      da_error *err)
{
    void *table = da_xcalloc(1, size);
    *err = da_table_read(name, columns, ncolumns, on_row, table, NULL);
    if (*err == DA_OK && complete && !complete(table))
        *err = DA_ERR_FORMAT;
    if (*err != DA_OK) {
        free(table);
        return NULL;
    }
    return table;
}
