/* audit.c - runs extraction, the rule families and pricing over a dataset. */
#include "audit.h"

#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "mem.h"
#include "price.h"

da_error da_audit_run(da_dataset *data, const da_fee_table *fees, const da_options *opt,
                      FILE *facts_out, da_finding_list *out, da_details *details,
                      da_audit_stats *stats)
{
    da_extractor *x = NULL;
    da_error err = da_extractor_new(&x);
    if (err != DA_OK)
        return err;
    memset(stats, 0, sizeof(*stats));

    /* One fact list per note of the largest encounter, reused throughout. */
    size_t most_notes = 1;
    for (size_t e = 0; e < data->nencounters; e++)
        if (data->encounters[e].nnotes > most_notes)
            most_notes = data->encounters[e].nnotes;
    da_fact_list *facts = da_xcalloc(most_notes, sizeof(*facts));
    for (size_t i = 0; i < most_notes; i++)
        da_facts_init(&facts[i]);
    if (facts_out)
        da_facts_write_csv_header(facts_out);

    for (size_t e = 0; e < data->nencounters && err == DA_OK; e++) {
        const da_encounter *enc = &data->encounters[e];
        for (size_t i = 0; i < enc->nnotes && err == DA_OK; i++) {
            const da_note *n = &data->notes[enc->notes[i]];
            err = da_extract_note(x, n->text, n->text_len, &facts[i]);
            stats->notes_extracted++;
            stats->facts += facts[i].count;
            if (facts[i].limit_hit) {
                stats->notes_limit_hit++;
                da_dq_add(&data->dq, data->notes_stats.path, n->line, DA_DQ_NOTICE,
                          "extraction stopped at a match limit", "text");
            }
            if (facts_out)
                da_facts_write_csv(facts_out, n->note_id, enc->encounter_id, n->text, n->text_len,
                                   &facts[i]);
        }
        if (err != DA_OK)
            break;
        size_t first = out->count;
        da_rule_input in = {data, e, facts, fees, opt, details};
        for (const da_rule_family *fam = da_rule_families; fam->run && err == DA_OK; fam++)
            err = fam->run(&in, out);
        if (err == DA_OK && out->count > first)
            da_price_encounter(data, e, fees, out, first);
        stats->encounters_audited++;
    }

    for (size_t i = 0; i < most_notes; i++)
        da_facts_free(&facts[i]);
    free(facts);
    da_extractor_free(x);
    if (err == DA_OK && facts_out && ferror(facts_out))
        err = DA_ERR_IO;
    return err;
}

static bool outside(da_date dos, da_date from, da_date to)
{
    if (dos == DA_DATE_NONE)
        return false;
    return (from != DA_DATE_NONE && dos < from) || (to != DA_DATE_NONE && dos > to);
}

void da_dataset_restrict_period(da_dataset *data, da_date from, da_date to)
{
    if (from == DA_DATE_NONE && to == DA_DATE_NONE)
        return;
    size_t kept = 0;
    for (size_t i = 0; i < data->nclaims; i++) {
        if (outside(data->claims[i].dos, from, to)) {
            da_dq_add(&data->dq, data->claims_stats.path, data->claims[i].line, DA_DQ_REJECTED,
                      "outside the audit period", "date_of_service");
            data->claims_stats.rows_used--;
            data->claims_stats.rows_rejected++;
            continue;
        }
        data->claims[kept++] = data->claims[i];
    }
    data->nclaims = kept;
    kept = 0;
    for (size_t i = 0; i < data->nnotes; i++) {
        if (outside(data->notes[i].dos, from, to)) {
            da_dq_add(&data->dq, data->notes_stats.path, data->notes[i].line, DA_DQ_REJECTED,
                      "outside the audit period", "date_of_service");
            data->notes_stats.rows_used--;
            data->notes_stats.rows_rejected++;
            continue;
        }
        data->notes[kept++] = data->notes[i];
    }
    data->nnotes = kept;
}
