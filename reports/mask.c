/* mask.c - keyed-hash pseudonyms (see mask.h). SipHash-2-4 after the
 * reference implementation by Aumasson and Bernstein. */
#include "mask.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Bytes of an input file folded into the key at a time: one read, on the stack. */
#define ABSORB_CHUNK (1 << 16)

/* Folds a file's bytes into the mask key; false when it cannot be read. */
static bool absorb_file(da_mask *m, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    unsigned char buf[ABSORB_CHUNK];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        da_mask_absorb(m, buf, n);
    bool ok = !ferror(f);
    fclose(f);
    return ok;
}

#define SECRET_MIN 16   /* bytes a --mask-secret must have */
#define SECRET_MAX 4096 /* bytes of it used */

/* The mask key from the practice's secret file (see da_mask_for_run). */
static bool mask_from_secret(da_mask *m, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f && errno == ENOENT) {
        unsigned char raw[32];
        FILE *rnd = fopen("/dev/urandom", "rb");
        bool got = rnd && fread(raw, 1, sizeof(raw), rnd) == sizeof(raw);
        if (rnd)
            fclose(rnd);
        int fd = got ? open(path, O_WRONLY | O_CREAT | O_EXCL, S_IRUSR | S_IWUSR) : -1;
        bool ok = fd >= 0;
        if (ok) {
            char hex[2 * sizeof(raw) + 2];
            for (size_t i = 0; i < sizeof(raw); i++)
                snprintf(hex + 2 * i, 3, "%02x", raw[i]);
            hex[2 * sizeof(raw)] = '\n';
            ok = write(fd, hex, sizeof(hex) - 1) == (ssize_t)(sizeof(hex) - 1);
            ok = close(fd) == 0 && ok;
        }
        if (!ok) {
            fprintf(stderr, "dermaudit: %s: cannot create the mask secret: %s\n", path,
                    strerror(errno ? errno : EIO));
            return false;
        }
        f = fopen(path, "rb");
    }
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0) {
        fprintf(stderr, "dermaudit: %s: cannot read the mask secret: %s\n", path,
                strerror(errno ? errno : EIO));
        if (f)
            fclose(f);
        return false;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        fprintf(stderr,
                "dermaudit: %s: the mask secret may be read by other users (mode %04o): make it "
                "the owner's only (chmod 600)\n",
                path, (unsigned)(st.st_mode & 07777));
        fclose(f);
        return false;
    }
    char secret[SECRET_MAX + 1];
    size_t n = fread(secret, 1, sizeof(secret), f);
    bool ok = !ferror(f);
    fclose(f);
    if (!ok) {
        fprintf(stderr, "dermaudit: %s: cannot read the mask secret: %s\n", path,
                strerror(errno ? errno : EIO));
        return false;
    }
    bool longer = n > SECRET_MAX;
    if (longer)
        n = SECRET_MAX;
    while (n > 0 && (secret[n - 1] == '\n' || secret[n - 1] == '\r'))
        n--;
    if (n < SECRET_MIN) {
        fprintf(stderr,
                "dermaudit: %s: the mask secret has %zu bytes; at least %d are needed (delete "
                "the file and one with 32 random bytes is made)\n",
                path, n, SECRET_MIN);
        return false;
    }
    if (longer)
        fprintf(stderr,
                "dermaudit: warning: %s: the mask secret is longer than %d bytes; only its first "
                "%d are used\n",
                path, SECRET_MAX, SECRET_MAX);
    da_mask_init(m, secret, n);
    return true;
}

bool da_mask_for_run(da_mask *m, const char *secret_path, const char *claims_path,
                     const char *notes_path)
{
    if (secret_path)
        return mask_from_secret(m, secret_path);
    da_mask_init(m, "dermaudit", 9);
    const char *unread = !absorb_file(m, claims_path) ? claims_path
                         : !absorb_file(m, notes_path) ? notes_path
                                                       : NULL;
    if (unread)
        fprintf(stderr, "dermaudit: %s: cannot read it again for the mask key: %s\n", unread,
                strerror(errno ? errno : EIO));
    return unread == NULL;
}
