/* dq.c - the data-quality log. */
#include "dq.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

void da_dq_init(da_dq_log *log)
{
    log->items = NULL;
    log->count = 0;
    log->cap = 0;
    log->arena = da_arena_new();
}

void da_dq_free(da_dq_log *log)
{
    free(log->items);
    da_arena_free(log->arena);
    log->items = NULL;
    log->count = log->cap = 0;
    log->arena = NULL;
}

void da_dq_add(da_dq_log *log, const char *file, unsigned long line, da_dq_action action,
               const char *reason, const char *column)
{
    da_grow((void **)&log->items, &log->cap, log->count + 1, sizeof(*log->items));
    da_dq_entry *e = &log->items[log->count++];
    e->file = da_arena_strdup(log->arena, file ? file : "");
    e->line = line;
    e->action = action;
    e->reason = da_arena_strdup(log->arena, reason ? reason : "");
    e->column = da_arena_strdup(log->arena, column ? column : "");
}

void da_dq_append(da_dq_log *log, da_dq_log *from)
{
    if (from->count) {
        da_grow((void **)&log->items, &log->cap, log->count + from->count, sizeof(*log->items));
        memcpy(log->items + log->count, from->items, from->count * sizeof(*from->items));
        log->count += from->count;
        from->count = 0;
    }
    da_arena_adopt(log->arena, from->arena);
}

const char *da_dq_action_name(da_dq_action action)
{
    switch (action) {
    case DA_DQ_REJECTED: return "rejected";
    case DA_DQ_REPAIRED: return "repaired";
    case DA_DQ_NOTICE: return "notice";
    }
    return "?";
}

size_t da_dq_count(const da_dq_log *log, const char *file, da_dq_action action)
{
    size_t n = 0;
    for (size_t i = 0; i < log->count; i++)
        if (log->items[i].action == action && strcmp(log->items[i].file, file) == 0)
            n++;
    return n;
}
