/* embedded.h - the data files built into the program.
 *
 * The tables a billing analyst may edit (the CSV files in rules/, the templates) are plain
 * files in the repository; the build turns each into a byte array so the
 * program runs without locating them at run time. Options such as --fees
 * replace a built-in table with a file.
 */
#ifndef DA_EMBEDDED_H
#define DA_EMBEDDED_H

#include <stddef.h>

typedef struct da_embedded_file {
    const char *name;          /* repository path, e.g. "rules/fees_2026.csv" */
    const unsigned char *data; /* file bytes, followed by a NUL */
    size_t len;                /* bytes, without the NUL */
} da_embedded_file;

/* The built-in file with this repository path, or NULL. */
const da_embedded_file *da_embedded_find(const char *name);

#endif
