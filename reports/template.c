/* template.c - report templates: built-in ones from templates/NAME.txt, or a
 * file the user wrote (see workbook.h and templates/onboarding.txt). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "mem.h"
#include "workbook.h"

struct da_template {
    char *text;     /* the template, NUL-terminated */
    size_t len;     /* bytes */
    char name[256]; /* built-in name or path, for messages */
};

static da_error read_file(const char *path, da_template *t)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return DA_ERR_IO;
    size_t cap = 4096, len = 0;
    char *buf = da_xmalloc(cap);
    da_error err = DA_OK;
    for (;;) {
        if (len + 1 >= cap) {
            if (cap > DA_TEMPLATE_MAX) {
                err = DA_ERR_LIMIT;
                break;
            }
            cap *= 2;
            buf = da_xrealloc(buf, cap);
        }
        size_t n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
        if (n == 0)
            break;
    }
    if (err == DA_OK && ferror(f))
        err = DA_ERR_IO;
    if (err == DA_OK && len > DA_TEMPLATE_MAX)
        err = DA_ERR_LIMIT;
    fclose(f);
    if (err != DA_OK) {
        free(buf);
        return err;
    }
    buf[len] = '\0';
    t->text = buf;
    t->len = len;
    return DA_OK;
}

da_error da_template_load(const char *name, da_template **out)
{
    *out = NULL;
    if (!name || !name[0])
        name = DA_TEMPLATE_DEFAULT;
    da_template *t = da_xcalloc(1, sizeof(*t));
    snprintf(t->name, sizeof(t->name), "%s", name);
    char builtin[96];
    const da_embedded_file *f = NULL;
    if (!strchr(name, '/') && strlen(name) < 64) {
        snprintf(builtin, sizeof(builtin), "templates/%s.txt", name);
        f = da_embedded_find(builtin);
    }
    da_error err = DA_OK;
    if (f) {
        t->text = da_xmalloc(f->len + 1);
        memcpy(t->text, f->data, f->len + 1);
        t->len = f->len;
    } else {
        err = read_file(name, t);
    }
    if (err != DA_OK) {
        free(t);
        return err;
    }
    *out = t;
    return DA_OK;
}

void da_template_free(da_template *t)
{
    if (!t)
        return;
    free(t->text);
    free(t);
}

const char *da_template_name(const da_template *t)
{
    return t->name;
}

bool da_template_next(const da_template *t, const char *key, size_t *pos, const char **value,
                      size_t *len)
{
    size_t key_len = strlen(key);
    const char *end = t->text + t->len;
    const char *p = t->text + (*pos < t->len ? *pos : t->len);
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        const char *next = nl ? nl + 1 : end;
        if (line_end > p && line_end[-1] == '\r')
            line_end--;
        if ((size_t)(line_end - p) > key_len && memcmp(p, key, key_len) == 0 &&
            p[key_len] == ':') {
            const char *body = p + key_len + 1;
            while (body < line_end && (*body == ' ' || *body == '\t'))
                body++;
            *value = body;
            *len = (size_t)(line_end - body);
            *pos = (size_t)(next - t->text);
            return true;
        }
        p = next;
    }
    *pos = t->len;
    return false;
}

bool da_template_prospect(const da_template *t)
{
    size_t pos = 0, len;
    const char *v;
    bool prospect = false;
    while (da_template_next(t, "audience", &pos, &v, &len))
        prospect = len == 8 && strncmp(v, "prospect", 8) == 0;
    return prospect;
}

bool da_template_needs_previous(const da_template *t)
{
    size_t pos = 0, len;
    const char *v;
    bool needs = false;
    while (da_template_next(t, "previous", &pos, &v, &len))
        needs = len == 8 && strncmp(v, "required", 8) == 0;
    return needs;
}

bool da_template_mask_phi(const da_template *t)
{
    size_t pos = 0, len;
    const char *v;
    bool mask = false;
    while (da_template_next(t, "mask_phi", &pos, &v, &len))
        mask = len >= 3 && (strncmp(v, "yes", 3) == 0 || strncmp(v, "Yes", 3) == 0);
    return mask;
}
