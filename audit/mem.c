/* mem.c - allocation wrappers (a clean exit on exhaustion) and a bump arena. */
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"

/* No stdio (it may allocate), and _exit: atexit handlers and other threads
 * may hold the allocator's state. The run's temporary outputs go first, as
 * on a signal (none when no output was opened, as in the tests): called
 * directly, not through a hook the program would set, so no allocation can
 * fail before the cleanup is in place and no settable global is needed. */
static void out_of_memory(void)
{
    static const char msg[] = "dermaudit: out of memory\n";
    if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0) {
        /* nothing more to say */
    }
    da_outputs_remove_temps();
    _exit(1);
}

void *da_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *da_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *da_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

char *da_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = da_xmalloc(n);
    memcpy(p, s, n);
    return p;
}

void da_sort(void *base, size_t count, size_t size, int (*cmp)(const void *, const void *))
{
    if (count > 1)
        qsort(base, count, size, cmp);
}

void da_grow(void **items, size_t *cap, size_t need, size_t elem_size)
{
    if (need <= *cap)
        return;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    *items = da_xrealloc(*items, n * elem_size);
    *cap = n;
}

/* Blocks of at least 1 MiB; a request larger than a block gets its own.
 * An arena holds a whole import's strings: large blocks keep the number of
 * mallocs small, and 1 MiB wastes little even for the smallest dataset. */
#define ARENA_BLOCK (1u << 20)

struct arena_block {
    struct arena_block *next; /* older block */
    size_t size;              /* usable bytes in data */
    size_t used;              /* bytes handed out from data */
    _Alignas(max_align_t) unsigned char data[];
};

struct da_arena {
    struct arena_block *head; /* newest block, where allocation happens */
    size_t total;             /* bytes handed out over the arena's life */
};

da_arena *da_arena_new(void)
{
    return da_xcalloc(1, sizeof(da_arena));
}

void da_arena_free(da_arena *arena)
{
    if (!arena)
        return;
    struct arena_block *b = arena->head;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(arena);
}

void *da_arena_alloc(da_arena *arena, size_t size)
{
    const size_t align = _Alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    struct arena_block *b = arena->head;
    if (!b || b->size - b->used < size) {
        size_t bsize = size > ARENA_BLOCK ? size : ARENA_BLOCK;
        b = da_xmalloc(sizeof(*b) + bsize);
        b->size = bsize;
        b->used = 0;
        /* A big one-off block goes behind the head so the head keeps its free space. */
        if (arena->head && bsize > ARENA_BLOCK) {
            b->next = arena->head->next;
            arena->head->next = b;
        } else {
            b->next = arena->head;
            arena->head = b;
        }
    }
    void *p = b->data + b->used;
    b->used += size;
    arena->total += size;
    return p;
}

char *da_arena_strndup(da_arena *arena, const char *s, size_t len)
{
    char *p = da_arena_alloc(arena, len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *da_arena_strdup(da_arena *arena, const char *s)
{
    return da_arena_strndup(arena, s, strlen(s));
}

void da_arena_adopt(da_arena *into, da_arena *from)
{
    struct arena_block *tail = from->head;
    if (!tail)
        return;
    while (tail->next)
        tail = tail->next;
    /* Behind into's head, which keeps serving allocations. */
    if (into->head) {
        tail->next = into->head->next;
        into->head->next = from->head;
    } else {
        into->head = from->head;
    }
    into->total += from->total;
    from->head = NULL;
    from->total = 0;
}

size_t da_arena_used(const da_arena *arena)
{
    return arena->total;
}
