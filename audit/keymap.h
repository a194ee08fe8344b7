/* keymap.h - an open-addressing map from a string key to an index (or to 1,
 * as a set): the one lookup by name used wherever a linear search would make
 * a run quadratic in the number of distinct names.
 *
 * The map borrows its keys: each must stay valid, unchanged, while the map
 * is used (dataset strings, or strings the caller owns). The map owns its
 * slot arrays; da_keymap_free releases them.
 */
#ifndef DA_KEYMAP_H
#define DA_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct da_keymap {
    const char **keys; /* NULL = empty slot */
    size_t *values;    /* value per slot */
    size_t cap;        /* slots, a power of two */
    size_t count;      /* slots used */
} da_keymap;

/* An empty map sized for about expected keys (it grows as needed). */
void da_keymap_init(da_keymap *m, size_t expected);
void da_keymap_free(da_keymap *m);
/* True, with the key's value in *value, when key is in the map. */
bool da_keymap_get(const da_keymap *m, const char *key, size_t *value);
/* Sets key's value, adding the key when it is new. */
void da_keymap_put(da_keymap *m, const char *key, size_t value);

#endif
