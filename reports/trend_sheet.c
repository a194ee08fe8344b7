/* trend_sheet.c - the Trend sheet: this period against the --previous one,
 * laid out from the model (compare.h).
 */
#include "sheet.h"

#include <ctype.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const column trend_cols[] = {
    {"Rule", 28, false},          {"Category", 14, false},
    {"Provider", 26, false},      {"Earlier period findings", 14, false},
    {"This period findings", 14, false}, {"Status", 12, false},
};

void wb_write_trend(writer *w, sheet *sh)
{
    const da_compare *c = &w->fig->cmp;
    static const char *const heads[] = {"Category", "Earlier leak", "Earlier, annualized",
                                        "This period leak", "This period, annualized",
                                        "Change, annualized"};
    for (size_t k = 0; k < 6; k++)
        wb_put_str(w, sh, (lxw_col_t)k, heads[k], w->head);
    worksheet_freeze_panes(sh->ws, 1, 0);
    sh->row = 1;
    for (size_t k = 0; k <= da_ncategories; k++) {
        const da_compare_row *row = k < da_ncategories ? wb_compare_row(w, da_categories[k].id) : NULL;
        da_cents was = k == da_ncategories ? c->was[DA_CMP_UNDER] : row ? row->was[DA_CMP_UNDER] : 0;
        da_cents now = k == da_ncategories ? c->now[DA_CMP_UNDER] : row ? row->now[DA_CMP_UNDER] : 0;
        if (k < da_ncategories && !was && !now)
            continue;
        wb_put_str(w, sh, 0, k == da_ncategories ? "All categories" : da_categories[k].label,
                k == da_ncategories ? w->bold : NULL);
        double wa = wb_annualize(was, c->was_days), na = wb_annualize(now, c->now_days);
        wb_put_money(w, sh, 1, (double)was);
        wb_put_num(w, sh, 2, wa / 100.0, w->money0);
        wb_put_money(w, sh, 3, (double)now);
        wb_put_num(w, sh, 4, na / 100.0, w->money0);
        wb_put_num(w, sh, 5, (na - wa) / 100.0, w->money0);
        sh->row++;
    }
    static const struct {
        const char *what; /* label */
        int dir;          /* DA_CMP_ direction */
    } other[] = {{"Recoverable denials", DA_CMP_DENIAL},
                 {"Over-billing exposure (not netted)", DA_CMP_OVER}};
    for (size_t i = 0; i < 2; i++) {
        da_cents was = c->was[other[i].dir], now = c->now[other[i].dir];
        double wa = wb_annualize(was, c->was_days), na = wb_annualize(now, c->now_days);
        wb_put_str(w, sh, 0, other[i].what, NULL);
        wb_put_money(w, sh, 1, (double)was);
        wb_put_num(w, sh, 2, wa / 100.0, w->money0);
        wb_put_money(w, sh, 3, (double)now);
        wb_put_num(w, sh, 4, na / 100.0, w->money0);
        wb_put_num(w, sh, 5, (na - wa) / 100.0, w->money0);
        sh->row++;
    }
    const da_previous *pv = w->r->previous;
    char note[200], a[11], b[11];
    da_date_format(pv->first, a);
    da_date_format(pv->last, b);
    snprintf(note, sizeof(note),
             "Earlier period: findings dated %s to %s (%ld days), from the --previous file; "
             "annualized figures make periods of different length comparable.",
             a[0] ? a : "?", b[0] ? b : "?", c->was_days);
    wb_put_str(w, sh, 0, note, w->note);
    sh->row += 2;

    /* Which findings recur: the same rule for the same provider in both periods. */
    wb_put_str(w, sh, 0, "Findings that recur (same rule, same provider)", w->bold);
    sh->row++;
    lxw_row_t head = sh->row;
    for (size_t k = 0; k < 6; k++)
        wb_put_str(w, sh, (lxw_col_t)k, trend_cols[k].header, w->head);
    sh->row++;
    for (size_t i = 0; i < c->npairs; i++) {
        const da_compare_pair *p = &c->pairs[i];
        wb_put_str(w, sh, 0, p->rule, NULL);
        wb_put_str(w, sh, 1, p->category, NULL);
        wb_put_str(w, sh, 2, p->provider, NULL);
        wb_put_count(w, sh, 3, p->before);
        wb_put_count(w, sh, 4, p->now);
        wb_put_str(w, sh, 5, p->before && p->now ? "recurring" : p->now ? "new" : "resolved", NULL);
        sh->row++;
    }
    if (w->lerr == LXW_NO_ERROR)
        wb_keep(w, worksheet_autofilter(sh->ws, head, 0, sh->row - 1, 5));
    for (size_t k = 0; k < 6; k++)
        wb_keep(w, worksheet_set_column(sh->ws, (lxw_col_t)k, (lxw_col_t)k, k == 0 ? 36 : 20, NULL));
}

/* ---- the workbook ---- */
