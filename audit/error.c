/* error.c - descriptions for da_error values. */
#include "error.h"

const char *da_strerror(da_error err)
{
    switch (err) {
    case DA_OK: return "no error";
    case DA_ERR_NOMEM: return "out of memory";
    case DA_ERR_IO: return "input/output error";
    case DA_ERR_USAGE: return "usage error";
    case DA_ERR_COLUMN: return "required column missing";
    case DA_ERR_FORMAT: return "unusable input format";
    case DA_ERR_LIMIT: return "size limit reached";
    case DA_ERR_REGEX: return "pattern failed to compile";
    case DA_ERR_XLSX: return "workbook could not be written";
    case DA_ERR_INTERRUPTED: return "interrupted";
    case DA_ERR_INTERNAL: return "internal error";
    case DA_ERR_CHANGED: return "notes file changed while being read";
    }
    return "unknown error";
}
