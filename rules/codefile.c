/* codefile.c - the helpers of the fee and payment limit files (codefile.h). */
#include "codefile.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void da_codefile_reject(da_dq_log *dq, const char *name, unsigned long line, const char *reason,
                        const char *column)
{
    if (dq)
        da_dq_add(dq, name, line, DA_DQ_REJECTED, reason, column);
}

bool da_parse_fixed(const char *s, int places, int max_int, int64_t *out)
{
    int64_t v = 0;
    int ints = 0, decs = 0;
    bool point = false;
    for (; *s; s++) {
        if (*s == '.' && !point) {
            point = true;
        } else if (isdigit((unsigned char)*s)) {
            if (point ? ++decs > places : ++ints > max_int)
                return false;
            v = v * 10 + (*s - '0');
        } else {
            return false;
        }
    }
    if (ints + decs == 0)
        return false;
    for (; decs < places; decs++)
        v *= 10;
    *out = v;
    return true;
}

/* An entry's place while sorting: its code, line and index. */
typedef struct sort_key {
    const char *code;   /* the entry's code */
    unsigned long line; /* the line it came from */
    size_t index;       /* its index before sorting */
} sort_key;

static int key_cmp(const void *a, const void *b)
{
    const sort_key *x = a, *y = b;
    int c = strcmp(x->code, y->code);
    if (c != 0)
        return c;
    return (x->line > y->line) - (x->line < y->line);
}

size_t da_codefile_unique(void *items, size_t count, size_t size, size_t line_at, da_dq_log *dq,
                          const char *name, const char *label)
{
    if (count == 0)
        return 0;
    unsigned char *base = items;
    sort_key *keys = da_xmalloc(count * sizeof(*keys));
    for (size_t i = 0; i < count; i++) {
        keys[i].code = (const char *)(base + i * size);
        memcpy(&keys[i].line, base + i * size + line_at, sizeof(keys[i].line));
        keys[i].index = i;
    }
    da_sort(keys, count, sizeof(*keys), key_cmp);
    unsigned char *sorted = da_xmalloc(count * size);
    size_t kept = 0;
    for (size_t i = 0; i < count; i++) {
        if (kept > 0 && strcmp(keys[i - 1].code, keys[i].code) == 0) {
            da_codefile_reject(dq, name, keys[i].line, "duplicate code", label);
            continue;
        }
        memcpy(sorted + kept * size, base + keys[i].index * size, size);
        kept++;
    }
    memcpy(base, sorted, kept * size);
    free(sorted);
    free(keys);
    return kept;
}
