#!/bin/sh
# check_globals_planted.sh - shows that check_globals.sh can fail: run over
# tests/data/globals/audit/planted.o, it must exit 1 and name each planted
# variable.
#
# Usage: check_globals_planted.sh CHECK_GLOBALS OBJDUMP PLANTED_OBJECT
set -u
out=$(sh "$1" "$2" "$3")
rc=$?
printf '%s\n' "$out"
[ "$rc" -eq 1 ] || { echo "expected exit 1, got $rc"; exit 1; }
for name in planted_count planted_tls planted_names planted_init planted_calls; do
    printf '%s\n' "$out" | grep -q "^mutable global: audit/planted\.c\.o: $name[. ]" ||
        { echo "not named: $name"; exit 1; }
done
echo "every planted variable named"
