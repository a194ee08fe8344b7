/* main.c - the dermaudit command line. Work in progress. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("dermaudit %s\n", DERMAUDIT_VERSION);
        return 0;
    }
    return 2;
}
