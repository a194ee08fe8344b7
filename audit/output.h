/* output.h - the files a run writes, and what protects them and their readers.
 *
 * Before anything is read, every output path is compared with every input
 * and every other output (the same device and inode where the file exists,
 * else the same resolved path), and an output that already exists must be a
 * regular file: a device, FIFO or directory is never replaced.
 *
 * Each output is then created exclusively (mode 0600) under a temporary
 * name beside its target, and written only through the descriptor that
 * creation returned. At the end it is flushed to disk (fsync), given its
 * mode through the descriptor (fchmod: 0600 for files that hold PHI whatever
 * the umask, else 0666 less the umask; never wider than the mode of the file
 * it replaces) and renamed over its target, after checking that the
 * temporary name is still the file written. Nothing is reopened or chmod-ed
 * by name, so another user who can write the directory and swaps the
 * temporary name for a symlink reaches nothing of ours.
 *
 * Temporary files are removed when the run fails, on every catchable signal
 * that ends the process (da_outputs_guard), and when memory runs out
 * (da_outputs_remove_temps is async-signal-safe).
 *
 * Messages go to stderr and name options and paths only, never data.
 */
#ifndef DA_OUTPUT_H
#define DA_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* A file the run reads, for the comparison with the outputs. */
typedef struct da_input {
    const char *option; /* the option that names it, e.g. "--claims" */
    const char *path;   /* the path given; NULL when the option is absent (borrowed) */
} da_input;

/* A file the run writes. Fill option, target and phi; the rest is the
 * module's. */
typedef struct da_output {
    const char *option; /* the option that names it, e.g. "--out" */
    const char *target; /* the path asked for; NULL when not asked (borrowed) */
    bool phi;           /* holds PHI: mode 0600 whatever the umask */
    char *temp;         /* the temporary name beside target (owned); NULL until opened */
    int fd;             /* the descriptor from the exclusive create; -1 when not open */
    dev_t dev;          /* device of the temporary file, once opened */
    ino_t ino;          /* inode of the temporary file, once opened */
} da_output;

/* Installs the handlers that remove the temporary files and then let the
 * signal end the process as it would have: every catchable signal whose
 * default action ends the process, SIGXFSZ excepted (the caller handles
 * it). Call once, before da_output_open. */
void da_outputs_guard(void);

/* Unlinks every temporary file not yet renamed; async-signal-safe. */
void da_outputs_remove_temps(void);

/* False, after a message, when an output is the same file as an input or as
 * another output (naming both options), when an output path is empty, when
 * an output exists and is not a regular file, or when an input is a
 * directory. Reads no file. */
bool da_outputs_check(const da_input *inputs, size_t ninputs, const da_output *outs,
                      size_t nouts);

/* Creates o's temporary file (nothing when o->target is NULL); false, after
 * a message, when its directory cannot be written. */
bool da_output_open(da_output *o);

/* A stream writing through o's descriptor (a duplicate of it: fclose the
 * stream, the descriptor stays open); NULL with errno on failure. */
FILE *da_output_stream(const da_output *o);

/* The name under which a library that opens files by name reaches o's file
 * itself, whatever becomes of the temporary name: /proc/self/fd/N. */
void da_output_fd_path(const da_output *o, char *out, size_t size);

/* Flushes, sets the mode of and renames every open output, with the guarded
 * signals blocked; false, after a message, at the first that fails. */
bool da_outputs_commit(da_output *outs, size_t n);

/* Removes o's temporary file if it is still there and closes it. */
void da_output_discard(da_output *o);

#endif
