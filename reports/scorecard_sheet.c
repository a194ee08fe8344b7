/* scorecard_sheet.c - the provider scorecard, on the Summary or on a
 * prospect's Scorecard sheet, laid out from the model (scorecard.h).
 */
#include "sheet.h"

#include <ctype.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The provider scorecard over columns A:F: per provider the accuracy rate
 * and the dollars, then the three rules that cost most with the line to
 * teach for each. */
void wb_write_scorecard(writer *w, sheet *sh)
{
    char label[WB_RULE_LABEL_MAX]; /* a rule id with its plain name */
    const da_scorecard *sc = &w->fig->score;
    wb_put_band(w, sh, "Provider scorecard");
    static const char *const heads[] = {"Provider", "Audited / no finding",
                                        "Accuracy (90% passes)", "Leak ($)", "Over-billing ($)",
                                        "Denials ($)"};
    wb_put_headers(w, sh, heads, 6);
    for (size_t i = 0; i < sc->count; i++) {
        const da_provider_score *p = &sc->rows[i];
        wb_put_str(w, sh, 0, wb_provider_label(w, i), w->bold);
        wb_put_str(w, sh, 1, wb_fmt_text(w, "%zu / %zu", p->encounters, p->clean), NULL);
        if (p->encounters)
            wb_put_num(w, sh, 2, da_scorecard_accuracy(p), w->pct);
        wb_put_money(w, sh, 3, (double)p->under);
        wb_put_money(w, sh, 4, (double)p->over);
        wb_put_money(w, sh, 5, (double)p->denial);
        sh->row++;
    }
    if (!sc->count) {
        wb_put_label(w, sh, "No encounters with claims.");
        sh->row++;
        return;
    }
    sh->row++;
    static const char *const rule_heads[] = {"Provider: rules that cost most", "Dollars",
                                             "What to teach"};
    wb_put_headers(w, sh, rule_heads, 3);
    for (size_t i = 0; i < sc->count; i++) {
        const da_provider_score *p = &sc->rows[i];
        for (size_t k = 0; k < p->ntop; k++) {
            const da_rule_info *info = da_catalog_find(w->catalog, p->top[k].rule);
            sh->wrap_chars[0] = SUMMARY_LABEL_CHARS;
            wb_put_str(w, sh, 0, wb_fmt_text(w, "%s: %s", wb_provider_label(w, i),
                                       wb_rule_label(w, p->top[k].rule, label)),
                    w->wrap);
            wb_put_money(w, sh, 1, (double)p->top[k].amount);
            wb_put_merged(w, sh, 2, info ? info->teach : "", 75, w->wrap);
            wb_end_row(w, sh);
        }
    }
    wb_put_paragraph(w, sh,
                  "Accuracy: the share of a provider's audited encounters (those with claim "
                  "lines) with no finding; review items are not counted. Auditors call 90% and "
                  "above passing.",
                  w->note, 0);
}

/* A prospect's Scorecard sheet: the title, then the scorecard, printed as
 * the Summary is. */
void wb_write_scorecard_sheet(writer *w, sheet *sh)
{
    wb_put_template(w, sh, "title", true, w->title, 30.0);
    wb_write_scorecard(w, sh);
    wb_summary_layout(w, sh);
}
