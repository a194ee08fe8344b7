/* buf.h - a growable byte buffer with a ceiling (after curl's dynbuf).
 *
 * Appending past the ceiling fails with DA_ERR_LIMIT and leaves the buffer
 * as it was, so one runaway field cannot take all memory. The buffer owns
 * its bytes; da_buf_free releases them. The content is always NUL-terminated.
 */
#ifndef DA_BUF_H
#define DA_BUF_H

#include <stddef.h>

#include "error.h"

typedef struct da_buf {
    char *data;     /* content, NUL-terminated; NULL until the first append */
    size_t len;     /* bytes of content, without the NUL */
    size_t cap;     /* bytes allocated */
    size_t ceiling; /* the most content bytes this buffer may hold */
} da_buf;

void da_buf_init(da_buf *b, size_t ceiling);
void da_buf_free(da_buf *b);
/* Empties the buffer and keeps its memory. */
void da_buf_reset(da_buf *b);
da_error da_buf_append(da_buf *b, const void *data, size_t len);
da_error da_buf_append_str(da_buf *b, const char *s);
da_error da_buf_append_char(da_buf *b, char c);
/* Appends the whole of a file: DA_ERR_IO when it cannot be opened or read,
 * DA_ERR_LIMIT when it would pass the ceiling. */
da_error da_buf_append_file(da_buf *b, const char *path);

#endif
