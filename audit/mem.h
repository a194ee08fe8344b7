/* mem.h - allocation wrappers and the string arena.
 *
 * Out-of-memory is handled in one place: da_xmalloc and friends print a
 * fixed message, remove the run's temporary outputs (output.h) and exit
 * with status 1, so call sites carry no NULL checks (Redis' zmalloc
 * policy), and no core dump is left behind. The arena owns every string imported from input files;
 * da_arena_free releases them all at once. Whoever creates an arena frees it.
 */
#ifndef DA_MEM_H
#define DA_MEM_H

#include <stddef.h>

void *da_xmalloc(size_t size);
void *da_xcalloc(size_t count, size_t size);
void *da_xrealloc(void *ptr, size_t size) __attribute__((warn_unused_result));
char *da_xstrdup(const char *s);

/* qsort that accepts an empty array (qsort's base may not be NULL even
 * when count is 0, and an empty list's items are NULL). */
void da_sort(void *base, size_t count, size_t size, int (*cmp)(const void *, const void *));

/* Grows *items (each of elem_size bytes) so it holds at least need elements. */
void da_grow(void **items, size_t *cap, size_t need, size_t elem_size);

typedef struct da_arena da_arena;

da_arena *da_arena_new(void);
void da_arena_free(da_arena *arena);
/* Memory that lives until the arena is freed; aligned for any type. */
void *da_arena_alloc(da_arena *arena, size_t size);
/* A NUL-terminated copy of len bytes of s. */
char *da_arena_strndup(da_arena *arena, const char *s, size_t len);
char *da_arena_strdup(da_arena *arena, const char *s);
/* Bytes handed out so far (for the memory figures of the benchmark). */
/* Moves every block of from into into: what was allocated from either stays
 * valid until into is freed. from is left empty and still usable. */
void da_arena_adopt(da_arena *into, da_arena *from);
size_t da_arena_used(const da_arena *arena);

#endif
