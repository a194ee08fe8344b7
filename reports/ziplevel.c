/* ziplevel.c - the zlib level the workbook's parts are compressed at.
 *
 * libxlsxwriter 1.1.4 deflates every part at zlib's default level (6) and has
 * no option for it (lxw_workbook_options has three fields, none of them this).
 * On the 100x benchmark that deflate is ~870 MB of sheet XML on one core,
 * 14 s: the longest single step of the run, with the other core idle. Level 1
 * deflates the same XML 3.6 times as fast for a file about a quarter larger,
 * which no reader of the workbook notices and the run's time does.
 *
 * The library reaches minizip (Debian links it to the system libminizip.so.1)
 * through the dynamic linker, and a definition in the program comes first in
 * the lookup. So this file defines minizip's zipOpenNewFileInZip4_64, the one
 * call libxlsxwriter opens every part with, and hands every argument on to the
 * real one but the level. The prototype is written out here because Debian's
 * libminizip-dev header is not a dependency; its types are ABI-identical
 * (zipFile is a pointer, uInt unsigned int, uLong unsigned long).
 *
 * A library built with minizip inside it never calls this; the parts are then
 * compressed at level 6 and the workbook is the same to every reader.
 * test_workbook checks which level the parts carry (the local file header
 * flags say it). The CMake file keeps this object linked (-Wl,--undefined).
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

#include "workbook.h"

/* minizip's function type; declaring the function with it is its prototype. */
typedef int open_fn(void *file, const char *filename, const void *zipfi,
                    const void *extrafield_local, unsigned size_extrafield_local,
                    const void *extrafield_global, unsigned size_extrafield_global,
                    const char *comment, int method, int level, int raw, int window_bits,
                    int mem_level, int strategy, const char *password,
                    unsigned long crc_for_crypting, unsigned long version_made_by,
                    unsigned long flag_base, int zip64);

open_fn zipOpenNewFileInZip4_64;

static open_fn *real_open;             /* minizip's own function */
static pthread_once_t real_once = PTHREAD_ONCE_INIT; /* looked up once */

static void find_real_open(void)
{
    /* A function pointer from a data pointer: POSIX dlsym's documented use. */
    void *sym = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
    *(void **)&real_open = sym;
}

int zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi,
                            const void *extrafield_local, unsigned size_extrafield_local,
                            const void *extrafield_global, unsigned size_extrafield_global,
                            const char *comment, int method, int level, int raw, int window_bits,
                            int mem_level, int strategy, const char *password,
                            unsigned long crc_for_crypting, unsigned long version_made_by,
                            unsigned long flag_base, int zip64)
{
    pthread_once(&real_once, find_real_open);
    if (!real_open)
        return -102; /* ZIP_INTERNALERROR: libxlsxwriter reports it as a zip failure */
    if (method != 0 && level == -1) /* deflated at the default level */
        level = DA_WORKBOOK_ZIP_LEVEL;
    return real_open(file, filename, zipfi, extrafield_local, size_extrafield_local,
                     extrafield_global, size_extrafield_global, comment, method, level, raw,
                     window_bits, mem_level, strategy, password, crc_for_crypting, version_made_by,
                     flag_base, zip64);
}
