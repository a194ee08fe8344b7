/* keymap.c - string-keyed open-addressing map (see keymap.h). */
#include "keymap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

/* Slots of the smallest map: a power of two (the probe masks with cap - 1),
 * doubled until the expected keys fill at most half of it. */
#define KEYMAP_FIRST_CAP 64

void da_keymap_init(da_keymap *m, size_t expected)
{
    m->cap = KEYMAP_FIRST_CAP;
    while (m->cap < expected * 2)
        m->cap *= 2;
    m->keys = da_xcalloc(m->cap, sizeof(*m->keys));
    m->values = da_xcalloc(m->cap, sizeof(*m->values));
    m->count = 0;
}

void da_keymap_free(da_keymap *m)
{
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof(*m));
}

/* The slot for key: where it is, or the empty slot where it would go. */
static size_t slot_of(const da_keymap *m, const char *key)
{
    size_t i = (size_t)hash_str(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

bool da_keymap_get(const da_keymap *m, const char *key, size_t *value)
{
    size_t i = slot_of(m, key);
    if (!m->keys[i])
        return false;
    *value = m->values[i];
    return true;
}

void da_keymap_put(da_keymap *m, const char *key, size_t value)
{
    if ((m->count + 1) * 2 > m->cap) {
        da_keymap bigger;
        da_keymap_init(&bigger, m->cap);
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i]) {
                size_t j = slot_of(&bigger, m->keys[i]);
                bigger.keys[j] = m->keys[i];
                bigger.values[j] = m->values[i];
                bigger.count++;
            }
        da_keymap_free(m);
        *m = bigger;
    }
    size_t i = slot_of(m, key);
    if (!m->keys[i]) {
        m->keys[i] = key;
        m->count++;
    }
    m->values[i] = value;
}
