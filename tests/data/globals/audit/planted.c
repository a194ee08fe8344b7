/* planted.c - the mutable variables check_globals.sh must name (the
 * globals_planted test): a file-scope static, a function-static, a
 * thread-local, a written array of pointers and an initialised global. The
 * function keeps each of them alive through optimisation. Not part of the
 * program. */
#include <stddef.h>

static int planted_count;
static _Thread_local int planted_tls;
static const char *planted_names[] = {"a", "b"};
int planted_init = 7;

int planted_touch(int i);
int planted_touch(int i)
{
    static int planted_calls;
    planted_calls += i;
    planted_count++;
    planted_tls += i;
    planted_names[i & 1] = NULL;
    return planted_calls + planted_count + planted_tls + planted_init + (planted_names[0] != NULL);
}
