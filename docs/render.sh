#!/bin/sh
# docs/render.sh - renders, for each built-in template, page 1 and the
# provider scorecard of the sample practice's report to docs/TEMPLATE.pdf
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
    card=1
    i=1
    while [ "$i" -le "$pages" ]; do
        if pdftotext -f "$i" -l "$i" "$work/$t.pdf" - | grep -q "Provider scorecard"; then
            card=$i
            break
        fi
        i=$((i + 1))
    done
    pdfseparate -f 1 -l 1 "$work/$t.pdf" "$work/$t-1.pdf"
    if [ "$card" -gt 1 ]; then
        pdfseparate -f "$card" -l "$card" "$work/$t.pdf" "$work/$t-card.pdf"
        pdfunite "$work/$t-1.pdf" "$work/$t-card.pdf" "$root/docs/$t.pdf"
    else
        cp "$work/$t-1.pdf" "$root/docs/$t.pdf"
    fi
    echo "docs/$t.pdf: page 1 and page $card (scorecard) of $pages"
done
pdftoppm -f 1 -l 1 -r 110 -png -singlefile "$root/docs/prospect.pdf" "$root/docs/prospect"
echo "docs/prospect.png written"
