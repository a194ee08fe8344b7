/* mask.c - keyed-hash pseudonyms (see mask.h). SipHash-2-4 after the
 * reference implementation by Aumasson and Bernstein. */
#include "mask.h"

#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "mem.h"

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

static void sipround(uint64_t v[4])
{
    v[0] += v[1];
    v[1] = ROTL(v[1], 13);
    v[1] ^= v[0];
    v[0] = ROTL(v[0], 32);
    v[2] += v[3];
    v[3] = ROTL(v[3], 16);
    v[3] ^= v[2];
    v[0] += v[3];
    v[3] = ROTL(v[3], 21);
    v[3] ^= v[0];
    v[2] += v[1];
    v[1] = ROTL(v[1], 17);
    v[1] ^= v[2];
    v[2] = ROTL(v[2], 32);
}

uint64_t da_siphash(uint64_t k0, uint64_t k1, const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t v[4] = {k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL,
                     k0 ^ 0x6c7967656e657261ULL, k1 ^ 0x7465646279746573ULL};
    size_t whole = len - len % 8;
    for (size_t i = 0; i < whole; i += 8) {
        uint64_t m = 0;
        for (int b = 7; b >= 0; b--)
            m = (m << 8) | p[i + (size_t)b];
        v[3] ^= m;
        sipround(v);
        sipround(v);
        v[0] ^= m;
    }
    uint64_t last = (uint64_t)(len & 0xff) << 56;
    for (size_t b = 0; b < len % 8; b++)
        last |= (uint64_t)p[whole + b] << (8 * b);
    v[3] ^= last;
    sipround(v);
    sipround(v);
    v[0] ^= last;
    v[2] ^= 0xff;
    for (int i = 0; i < 4; i++)
        sipround(v);
    return v[0] ^ v[1] ^ v[2] ^ v[3];
}

void da_mask_init(da_mask *m, const void *secret, size_t len)
{
    /* Fixed, public keys: the secrecy is in the secret bytes. */
    m->k0 = da_siphash(0x6465726d61756469ULL, 1, secret, len);
    m->k1 = da_siphash(0x6465726d61756469ULL, 2, secret, len);
}

void da_mask_absorb(da_mask *m, const void *data, size_t len)
{
    uint64_t h = da_siphash(m->k0, m->k1, data, len);
    m->k0 = da_siphash(m->k1, h, "k0", 2);
    m->k1 = da_siphash(h, m->k0, "k1", 2);
}

void da_mask_pseudonym(const da_mask *m, const char *prefix, const char *id,
                       char out[DA_PSEUDONYM_LEN])
{
    if (!id || !id[0]) {
        out[0] = '\0';
        return;
    }
    /* Crockford's base 32: no I, L, O or U to misread. */
    static const char digits[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    uint64_t h = da_siphash(m->k0, m->k1, id, strlen(id));
    size_t n = (size_t)snprintf(out, DA_PSEUDONYM_LEN, "%.2s-", prefix);
    for (int i = 0; i < 12; i++, h >>= 5)
        out[n++] = digits[h & 31];
    out[n] = '\0';
}

typedef struct key_row {
    const char *kind; /* "patient", "claim" or "encounter" */
    const char *id;   /* the identifier */
} key_row;

static int key_cmp(const void *a, const void *b)
{
    const key_row *x = a, *y = b;
    int c = strcmp(x->kind, y->kind);
    return c ? c : strcmp(x->id, y->id);
}

da_error da_mask_write_key(FILE *out, const da_mask *m, const da_dataset *d)
{
    size_t cap = 2 * d->nclaims + 2 * d->nencounters + d->nnotes + 1;
    key_row *rows = da_xmalloc(cap * sizeof(*rows));
    size_t n = 0;
    for (size_t i = 0; i < d->nclaims; i++) {
        rows[n++] = (key_row){"claim", d->claims[i].claim_id};
        rows[n++] = (key_row){"patient", d->claims[i].patient_id};
    }
    for (size_t i = 0; i < d->nnotes; i++)
        rows[n++] = (key_row){"patient", d->notes[i].patient_id};
    for (size_t i = 0; i < d->nencounters; i++) {
        rows[n++] = (key_row){"encounter", d->encounters[i].encounter_id};
        rows[n++] = (key_row){"patient", d->encounters[i].patient_id};
    }
    da_sort(rows, n, sizeof(*rows), key_cmp);
    fputs("kind,identifier,pseudonym\n", out);
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].id[0] || (i > 0 && key_cmp(&rows[i], &rows[i - 1]) == 0))
            continue;
        char p[DA_PSEUDONYM_LEN];
        const char *prefix = rows[i].kind[0] == 'p' ? "PT" : rows[i].kind[0] == 'c' ? "CL" : "EN";
        da_mask_pseudonym(m, prefix, rows[i].id, p);
        fprintf(out, "%s,", rows[i].kind);
        da_csv_put(out, rows[i].id);
        fprintf(out, ",%s\n", p);
    }
    free(rows);
    return ferror(out) ? DA_ERR_IO : DA_OK;
}
