#!/bin/sh
# docs/render-summary.sh - renders the Summary page of the sample report to
# docs/summary.png: dermaudit on sample-data/, LibreOffice headless to PDF,
# pdftoppm (poppler-utils) for the first page.
# Usage: docs/render-summary.sh [BUILD_DIR]   (default: build)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$root/$build/dermaudit" --claims "$root/sample-data/claims.csv" \
    --notes "$root/sample-data/notes.csv" --out "$work/sample-report.xlsx" \
    --practice "Sample Dermatology" --created 2026-11-27T00:00:00Z
HOME="$work" timeout 300 soffice --headless -env:UserInstallation="file://$work/lo" \
    --convert-to pdf --outdir "$work" "$work/sample-report.xlsx" >/dev/null
pdftoppm -f 1 -l 1 -r 110 -png -singlefile "$work/sample-report.pdf" "$root/docs/summary"
echo "docs/summary.png written ($(pdfinfo "$work/sample-report.pdf" | awk '/^Pages/ {print $2}') PDF pages)"
