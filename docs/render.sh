#!/bin/sh
# docs/render.sh - renders, for each built-in template, page 1 and the
# provider scorecard (the pages from its title to its closing note) of the
# sample practice's report to docs/TEMPLATE.pdf
# (LibreOffice headless to PDF, then the pages picked with poppler-utils),
# and page 1 of the prospect's report to docs/prospect.png for the README.
# The quarterly review compares the sample's second 45 days (2026-08-15 to
# 2026-09-28) with its first 45 (2026-07-01 to 2026-08-14).
# Needs: a build (dermaudit), libreoffice-calc-nogui, poppler-utils.
# Usage: docs/render.sh [BUILD_DIR]   (default: build)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() { # run TEMPLATE_FILE OUT [options...]
    tpl=$1 out=$2
    shift 2
    "$root/$build/dermaudit" --claims "$root/sample-data/claims.csv" \
        --notes "$root/sample-data/notes.csv" --out "$work/$out.xlsx" \
        --practice "Sample Dermatology (synthetic)" --created 2026-11-27T00:00:00Z \
        --template "$tpl" "$@" 2>/dev/null
}
# The earlier quarter's findings, for the quarterly review.
"$root/$build/dermaudit" --claims "$root/sample-data/claims.csv" \
    --notes "$root/sample-data/notes.csv" --out "$work/first.xlsx" \
    --findings "$work/first.csv" --from 2026-07-01 --to 2026-08-14 2>/dev/null
for t in prospect onboarding quarterly; do
    # Only the Summary (and a prospect's Scorecard sheet) are printed.
    if [ "$t" = prospect ]; then keep="sheets: Scorecard"; else keep="sheets: none"; fi
    sed "s/^sheets:.*/$keep/" "$root/templates/$t.txt" > "$work/$t.txt"
    if [ "$t" = quarterly ]; then
        run "$work/$t.txt" "$t" --previous "$work/first.csv" --from 2026-08-15 --to 2026-09-28
    else
        run "$work/$t.txt" "$t"
    fi
    HOME="$work" timeout 300 soffice --headless -env:UserInstallation="file://$work/lo" \
        --convert-to pdf --outdir "$work" "$work/$t.xlsx" >/dev/null 2>&1
    pages=$(pdfinfo "$work/$t.pdf" | awk '/^Pages/ {print $2}')
    # The scorecard runs from its band to its closing note.
    card=0
    last=0
    i=1
    while [ "$i" -le "$pages" ]; do
        text=$(pdftotext -f "$i" -l "$i" "$work/$t.pdf" -)
        if [ "$card" -eq 0 ] && printf '%s' "$text" | grep -q "Provider scorecard"; then card=$i; fi
        if printf '%s' "$text" | grep -q "Auditors call 90%"; then last=$i; fi
        i=$((i + 1))
    done
    pdfseparate "$work/$t.pdf" "$work/$t-%d.pdf"
    set -- "$work/$t-1.pdf"
    i=$((card > 1 ? card : 2))
    while [ "$i" -le "$last" ]; do
        set -- "$@" "$work/$t-$i.pdf"
        i=$((i + 1))
    done
    if [ "$#" -gt 1 ]; then pdfunite "$@" "$root/docs/$t.pdf"; else cp "$1" "$root/docs/$t.pdf"; fi
    echo "docs/$t.pdf: page 1 and the scorecard (pages $card to $last) of $pages"
done
pdftoppm -f 1 -l 1 -r 110 -png -singlefile "$root/docs/prospect.pdf" "$root/docs/prospect"
echo "docs/prospect.png written"
