/* notetext.c - reads a note's text back from the notes file (see notetext.h). */
#include "notetext.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvin.h"

#define CHUNK 16384 /* bytes read per call; most records take one */

da_error da_note_text(const da_dataset *d, size_t note, da_buf *buf, const char **text,
                      size_t *len)
{
    const da_note *n = &d->notes[note];
    if (n->text) {
        *text = n->text;
        *len = n->text_len;
        return DA_OK;
    }
    if (d->notes_fd < 0)
        return DA_ERR_INTERNAL;
    /* The record's raw bytes go to the end of buf and the text is moved to
     * their start: buf keeps the rest of them, past the text's NUL. */
    size_t start = buf->len;
    char chunk[CHUNK];
    da_error err = DA_OK;
    for (size_t got = 0; got < n->bytes && err == DA_OK;) {
        size_t want = n->bytes - got < CHUNK ? n->bytes - got : CHUNK;
        ssize_t k = pread(d->notes_fd, chunk, want, (off_t)(n->offset + (long long)got));
        if (k > 0) {
            err = da_buf_append(buf, chunk, (size_t)k);
            got += (size_t)k;
        } else if (k == 0) {
            err = DA_ERR_CHANGED; /* the file is shorter now */
        } else if (errno != EINTR) {
            err = DA_ERR_IO;
        }
    }
    if (err == DA_OK)
        err = da_buf_append_char(buf, '\0');
    if (err != DA_OK)
        return err;
    size_t found;
    if (!da_csv_record_field(buf->data + start, n->bytes, d->notes_text_field, &found) ||
        found != n->text_len)
        return DA_ERR_CHANGED;
    buf->data[start + found] = '\0';
    *text = buf->data + start;
    *len = found;
    return DA_OK;
}

static long long mtime_ns(const struct stat *st)
{
    return (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
}

bool da_notes_file_keep(da_dataset *d, int fd)
{
    struct stat st;
    if (d->notes_fd >= 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    int kept = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (kept < 0)
        return false;
    d->notes_fd = kept;
    d->notes_size = (long long)st.st_size;
    d->notes_mtime_ns = mtime_ns(&st);
    return true;
}

da_error da_notes_file_check(const da_dataset *d)
{
    if (d->notes_fd < 0)
        return DA_OK;
    struct stat st;
    if (fstat(d->notes_fd, &st) != 0)
        return DA_ERR_IO;
    return (long long)st.st_size == d->notes_size && mtime_ns(&st) == d->notes_mtime_ns
               ? DA_OK
               : DA_ERR_CHANGED;
}
