/* dq.h - the data-quality log: every input row that was not used as given.
 *
 * Nothing is lost on import: a row is either used, used after a repair
 * (logged as DA_DQ_REPAIRED), or rejected (DA_DQ_REJECTED) with its file,
 * line and reason. Notes whose extraction hit a match limit are logged as
 * DA_DQ_NOTICE. Entries never hold field values, so the log is free of
 * patient data. The log owns copies of every string added to it.
 */
#ifndef DA_DQ_H
#define DA_DQ_H

#include <stddef.h>

typedef enum da_dq_action {
    DA_DQ_REJECTED, /* the row was not used */
    DA_DQ_REPAIRED, /* the row was used after a repair */
    DA_DQ_NOTICE    /* the row was used; something about it is worth a look */
} da_dq_action;

typedef struct da_dq_entry {
    const char *file;    /* input file path */
    unsigned long line;  /* physical line where the row starts, 1-based; 0 = whole file */
    da_dq_action action; /* what happened to the row */
    const char *reason;  /* short reason, e.g. "bad date" */
    const char *column;  /* the column concerned, "" when none */
} da_dq_entry;

typedef struct da_dq_log {
    da_dq_entry *items;     /* entries in the order they were added */
    size_t count;           /* entries used */
    size_t cap;             /* entries allocated */
    struct da_arena *arena; /* owns the strings of the entries */
} da_dq_log;

void da_dq_init(da_dq_log *log);
void da_dq_free(da_dq_log *log);
void da_dq_add(da_dq_log *log, const char *file, unsigned long line, da_dq_action action,
               const char *reason, const char *column);
/* Moves from's entries, in order, to the end of log, strings and all; from
 * is left empty. */
void da_dq_append(da_dq_log *log, da_dq_log *from);
const char *da_dq_action_name(da_dq_action action);
/* Entries for one file with one action. */
size_t da_dq_count(const da_dq_log *log, const char *file, da_dq_action action);

#endif
