#!/usr/bin/env bash
# Render a report's pages to PNG so a person can look at them:
#   bash scripts/render_report_pages.sh REPORT.pdf OUTDIR [DPI]
set -euo pipefail
pdf=$1; out=${2:-report-pages}; dpi=${3:-60}
mkdir -p "$out"
pdftoppm -r "$dpi" -png "$pdf" "$out/page"
echo "pages written to $out/"
