/* mask.h - stable pseudonyms for patient, claim and encounter identifiers.
 *
 * A pseudonym is a keyed hash (SipHash-2-4) of the identifier: the same key
 * and identifier always give the same pseudonym, across runs and machines,
 * and without the key nobody can test a guessed identifier against it. The
 * key comes from a secret the practice keeps (--mask-secret), else from the
 * bytes of the input files, so reruns on the same input agree. The key file
 * (--mask-key-out) maps every pseudonym back to its identifier and is for
 * the practice only.
 */
#ifndef DA_MASK_H
#define DA_MASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "model.h"

#define DA_PSEUDONYM_LEN 16 /* "PT-" + 12 characters and the NUL */

typedef struct da_mask {
    uint64_t k0, k1; /* the SipHash key */
} da_mask;

/* A key from secret bytes (any length). */
void da_mask_init(da_mask *m, const void *secret, size_t len);
/* Folds more secret bytes into the key (the input files, a chunk at a time). */
void da_mask_absorb(da_mask *m, const void *data, size_t len);

/* The run's key: from the practice's secret file when secret_path is set
 * (created, mode 0600, with 32 random bytes as hex when it does not exist;
 * refused when shorter than 16 bytes or readable by others; only its first
 * 4096 bytes are used, with a warning), else from the bytes of the claims
 * and notes files, so reruns on the same input agree. False, after a
 * message on stderr naming the file (never its content), when no key can
 * be made. */
bool da_mask_for_run(da_mask *m, const char *secret_path, const char *claims_path,
                     const char *notes_path);

/* SipHash-2-4 of data under (k0, k1). */
uint64_t da_siphash(uint64_t k0, uint64_t k1, const void *data, size_t len);

/* prefix ("PT", "CL", "EN") + "-" + 12 base-32 characters; "" for "". */
void da_mask_pseudonym(const da_mask *m, const char *prefix, const char *id,
                       char out[DA_PSEUDONYM_LEN]);

/* Writes kind,identifier,pseudonym for every distinct patient, claim and
 * encounter identifier of d, sorted, as CSV with a header. */
da_error da_mask_write_key(FILE *out, const da_mask *m, const da_dataset *d);

#endif
