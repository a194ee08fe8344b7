/* buf.c - growable byte buffer with a ceiling. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void da_buf_init(da_buf *b, size_t ceiling)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->ceiling = ceiling;
}

void da_buf_free(da_buf *b)
{
    free(b->data);
    da_buf_init(b, b->ceiling);
}

void da_buf_reset(da_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

/* Bytes of a buffer's first allocation, doubled as it grows: small, as
 * most buffers hold a few words; a long content doubles its way up. */
#define BUF_FIRST_CAP 256

/* Bytes read from a file per call: few calls for a file of megabytes, and
 * small enough for the stack. */
#define FILE_CHUNK 65536

da_error da_buf_append(da_buf *b, const void *data, size_t len)
{
    if (len > b->ceiling - b->len)
        return DA_ERR_LIMIT;
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : BUF_FIRST_CAP;
        while (cap < b->len + len + 1)
            cap *= 2;
        b->data = da_xrealloc(b->data, cap);
        b->cap = cap;
    }
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return DA_OK;
}

da_error da_buf_append_str(da_buf *b, const char *s)
{
    return da_buf_append(b, s, strlen(s));
}

da_error da_buf_append_char(da_buf *b, char c)
{
    return da_buf_append(b, &c, 1);
}

da_error da_buf_append_file(da_buf *b, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return DA_ERR_IO;
    char chunk[FILE_CHUNK];
    size_t n;
    da_error err = DA_OK;
    while (err == DA_OK && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        err = da_buf_append(b, chunk, n);
    if (err == DA_OK && ferror(f))
        err = DA_ERR_IO;
    fclose(f);
    return err;
}
