/* notetext.h - a note's text, read back from the notes file when needed.
 *
 * The importer leaves a note's text in the notes file when the text needs no
 * repair and the file is a regular file (da_note.text is then NULL; the note
 * records where its record is). Whoever needs the text asks da_note_text,
 * which reads the record again and checks it still holds a text as long as
 * the one imported. Reading with pread on the dataset's one descriptor, it
 * may run on several threads at once, each with its own buffer.
 */
#ifndef DA_NOTETEXT_H
#define DA_NOTETEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "error.h"
#include "model.h"

/* Sets *text and *len to the text of d->notes[note]. A text in memory is
 * not copied and buf is left alone. A text still in the file is read into
 * buf, NUL-terminated: buf grows by its record's raw bytes and one (the
 * text, then the record's other bytes), and *text points into buf until buf
 * changes. DA_ERR_CHANGED when the record no longer holds a text of the
 * imported length, DA_ERR_IO when the file cannot be read, DA_ERR_LIMIT at
 * buf's ceiling (buf may then hold part of the record). */
da_error da_note_text(const da_dataset *d, size_t note, da_buf *buf, const char **text,
                      size_t *len);

/* Keeps the file open at fd (the importer's notes file) in d, with its size
 * and modification time, so texts can stay in it. False, keeping nothing,
 * when it is not a regular file (a pipe cannot be read again) or d already
 * has a notes file (texts are read back from one). */
bool da_notes_file_keep(da_dataset *d, int fd);

/* DA_ERR_CHANGED when the notes file's size or modification time is not
 * what it was at import (texts read back could then be other texts of the
 * same length); DA_OK when it is, or when every text is in memory. */
da_error da_notes_file_check(const da_dataset *d);

#endif
