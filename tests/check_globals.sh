#!/bin/sh
# check_globals.sh - fails on any mutable file-scope or function-static
# variable in the object files of audit/ and rules/ (issue 18, must-show 2).
#
# Usage: check_globals.sh OBJDUMP OBJECT...
#
# A variable the program can write lives in .data, .bss (or their
# per-symbol subsections .data.x, .bss.x, .data.rel, .data.rel.local), in
# the thread-local .tdata and .tbss, or is a common symbol; each such object
# symbol of a file under audit/ or rules/ is named with its file, and the
# script exits 1. .data.rel.ro is read-only once relocated and is fine.
# Objects outside audit/ and rules/ are passed over, so the whole library's
# object list may be given. AddressSanitizer's one-definition-rule markers
# (__odr_asan.NAME, one per global of an instrumented build) are the
# runtime's, not the program's, and are passed over too.
#
# Allowed, because a signal handler must reach them and a handler has no
# argument to carry them: main.c's size_limit_hit (set by the SIGXFSZ
# handler) and output.c's temps and guarded (the temporary files the
# SIGINT/SIGTERM handler removes, and the signal set it blocks).
set -u

objdump=$1
shift
allowed='audit/main.c.o:size_limit_hit audit/output.c.o:temps audit/output.c.o:guarded'

found=0
for obj in "$@"; do
    case $obj in
    */audit/*.o | */rules/*.o) ;;
    *) continue ;;
    esac
    # The file as the allow-list names it: its last two path components.
    short=$(basename "$(dirname "$obj")")/$(basename "$obj")
    if ! table=$("$objdump" -t "$obj"); then
        echo "check_globals: cannot read $obj" >&2
        exit 2
    fi
    # A symbol line is: address, seven flag characters, section, a tab,
    # size and name. The sixth flag is d for a section's own symbol, the
    # seventh F or f for a function or file; a data object has O there, a
    # thread-local one a blank.
    symbols=$(printf '%s\n' "$table" | awk '
        /^[0-9a-f]+ .......[ ]/ {
            flags = substr($0, index($0, " ") + 1, 7)
            if (substr(flags, 6, 1) == "d" || substr(flags, 7, 1) ~ /[Ff]/)
                next
            rest = substr($0, index($0, " ") + 9)
            section = substr(rest, 1, index(rest, "\t") - 1)
            if (section ~ /^\.data\.rel\.ro(\.|$)/)
                next
            if (index($NF, "__odr_asan.") == 1)
                next
            if (section ~ /^\.(data|bss|tdata|tbss)(\.|$)/ || section == "*COM*")
                print section, $NF
        }')
    [ -n "$symbols" ] || continue
    while read -r section name; do
        case " $allowed " in
        *" $short:$name "*) continue ;;
        esac
        echo "mutable global: $short: $name (in $section)"
        found=1
    done <<EOF
$symbols
EOF
done
exit $found
