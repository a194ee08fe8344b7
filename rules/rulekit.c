/* rulekit.c - helpers shared by the pathology and cosmetic rule families. */
#include "rulekit.h"

#include <stdio.h>
#include <string.h>

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

da_finding *da_rulekit_add(const da_dataset *data, da_finding_list *out, const char *category,
                           size_t encounter, const char *rule, da_direction dir,
                           da_confidence conf, long claim, const char *billed, int billed_units,
                           const char *expected, int expected_units, const da_evidence *ev,
                           const char *fallback)
{
    da_finding *f = da_findings_push(out);
    f->category = category;
    f->rule = rule;
    f->direction = dir;
    f->confidence = conf;
    f->encounter = encounter;
    f->claim = claim;
    if (billed_units > 0) {
        snprintf(f->billed_code, sizeof(f->billed_code), "%s", billed);
        f->billed_units = billed_units;
    }
    if (expected_units > 0) {
        snprintf(f->expected_code, sizeof(f->expected_code), "%s", expected);
        f->expected_units = expected_units;
    }
    if (ev && ev->note >= 0) {
        f->note = ev->note;
        da_rulekit_snippet(data, ev, f->evidence, sizeof(f->evidence));
    }
    if (!f->evidence[0])
        snprintf(f->evidence, sizeof(f->evidence), "%s", fallback);
    return f;
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
