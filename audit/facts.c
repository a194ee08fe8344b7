/* facts.c - fact lists and fact names. */
#include "facts.h"

#include <stdlib.h>

#include "mem.h"

void da_facts_init(da_fact_list *list)
{
    list->items = NULL;
    list->count = list->cap = 0;
    list->nlesions = 0;
    list->limit_hit = 0;
}

void da_facts_free(da_fact_list *list)
{
    free(list->items);
    da_facts_init(list);
}

void da_facts_clear(da_fact_list *list)
{
    list->count = 0;
    list->nlesions = 0;
    list->limit_hit = 0;
}

void da_facts_add(da_fact_list *list, const da_fact *fact)
{
    da_grow((void **)&list->items, &list->cap, list->count + 1, sizeof(*list->items));
    list->items[list->count++] = *fact;
}

const char *da_fact_kind_name(da_fact_kind kind)
{
    switch (kind) {
    case DA_FACT_SIZE: return "size";
    case DA_FACT_MARGIN: return "margin";
    case DA_FACT_SITE: return "site";
    case DA_FACT_MOHS: return "mohs";
    case DA_FACT_MOHS_STAGE: return "mohs_stage";
    case DA_FACT_MOHS_BLOCKS: return "mohs_blocks";
    case DA_FACT_MOHS_STAGE_COUNT: return "mohs_stage_count";
    case DA_FACT_MOHS_DEEP: return "mohs_deep";
    case DA_FACT_KIND_COUNT: break;
    }
    return "?";
}
