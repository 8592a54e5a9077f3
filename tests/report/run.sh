#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The city report in a real browser: siting check --report on the sample (roads,
# zones, plan), then headless Chromium opens report.html and must find every
# section and decode every image; report.pdf must be A4 with one page for the
# cover and one per section (9); and the Chinese title must be drawn in the CJK
# font: a screenshot of the title differs from one taken with only a Latin font
# available (fontconfig then draws the Chinese characters as empty boxes).
# Usage: run.sh SITING_EXE SOURCE_DIR
# Exit 77 (CTest: skipped) without chromium or pdfinfo (poppler-utils), unless CI=true (then 1).
set -euo pipefail
siting=$1
src=$2
chromium=/usr/bin/chromium
for tool in "$chromium" /usr/bin/pdfinfo /usr/bin/fc-match; do
  if [ ! -x "$tool" ]; then
    if [ "${CI:-}" = true ]; then echo "FAIL: CI=true but $tool is missing (scripts/install-deps.sh installs it)"; exit 1; fi
    echo "SKIPPED: $tool is missing: the report browser test did NOT run"
    exit 77
  fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sample="$src/geodata/sample"
"$siting" check --parcels "$sample/estates.geojson" --facilities "$sample/facilities.geojson" \
  --zones "$sample/zones.geojson" --roads "$sample/roads.geojson" --plan huizhou-dayawan \
  --out "$work/out" --report -q >/dev/null 2>&1
browser() {
  "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/profile" "$@" 2>/dev/null
}
status=0
check() {  # check DESCRIPTION COMMAND...
  if "${@:2}"; then echo "ok: $1"; else echo "FAIL: $1"; status=1; fi
}

dom=$(browser --virtual-time-budget=5000 --dump-dom "file://$work/out/report.html")
for id in cover summary indicators map-coverage map-gaps chart-zones map-provision estates zones; do
  check "section $id" grep -q "id=\"$id\"" <<<"$dom"
done
images=$(grep -o '<img ' <<<"$dom" | wc -l)
check "$images images, all decoded" grep -q "<p id=\"images-status\" style=\"display:none\">$images of $images images shown</p>" <<<"$dom"
check "4 images (3 maps, 1 chart)" test "$images" = 4
check "indicator rows coloured by status" grep -q '<tr class="not_met">' <<<"$dom"

pages=$(pdfinfo "$work/out/report.pdf" | sed -n 's/^Pages: *//p')
size=$(pdfinfo "$work/out/report.pdf" | sed -n 's/^Page size: *//p')
check "report.pdf: 9 pages (got $pages)" test "$pages" = 9
check "report.pdf: A4 (got $size)" grep -q "(A4)" <<<"$size"

# The CJK font: fontconfig finds Noto Sans CJK SC, and the title drawn with it
# differs from the title drawn when only DejaVu (no CJK glyphs) is available.
check "fontconfig has Noto Sans CJK SC ($(fc-match 'Noto Sans CJK SC'))" grep -q "NotoSansCJK" <<<"$(fc-match 'Noto Sans CJK SC')"
browser --window-size=1000,160 --screenshot="$work/cjk.png" "file://$work/out/report.html" >/dev/null
cat >"$work/latin.conf" <<'CONF'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>CACHE</cachedir></fontconfig>
CONF
sed -i "s|CACHE|$work/fc-cache|" "$work/latin.conf"
FONTCONFIG_FILE="$work/latin.conf" browser --user-data-dir="$work/profile2" --window-size=1000,160 \
  --screenshot="$work/latin.png" "file://$work/out/report.html" >/dev/null
check "title screenshots taken" test -s "$work/cjk.png" -a -s "$work/latin.png"
check "the title drawn with the CJK font differs from the Latin-only one" bash -c "! cmp -s '$work/cjk.png' '$work/latin.png'"

# coverage, site and access --report: their sections, every image decoded, and at
# least a page per section after the cover (a long table may take two).
layers=(--parcels "$sample/estates.geojson" --facilities "$sample/facilities.geojson" --roads "$sample/roads.geojson"
        --zones "$sample/zones.geojson")
"$siting" coverage "${layers[@]}" --out "$work/coverage" --report -q >/dev/null 2>&1
"$siting" site "${layers[@]}" --candidate-spacing 200 --minutes 5 --out "$work/site" --report -q >/dev/null 2>&1
"$siting" access "${layers[@]}" --out "$work/access" --report -q >/dev/null 2>&1
declare -A sections=([coverage]="summary map-coverage map-gaps chart-zones" [site]="summary map-sites chart-tradeoff sites"
                     [access]="summary map-access facilities")
for run in coverage site access; do
  dom=$(browser --virtual-time-budget=5000 --dump-dom "file://$work/$run/report.html")
  for id in ${sections[$run]}; do check "$run: section $id" grep -q "id=\"$id\"" <<<"$dom"; done
  images=$(grep -o '<img ' <<<"$dom" | wc -l)
  check "$run: $images images, all decoded" grep -q "$images of $images images shown" <<<"$dom"
  pages=$(pdfinfo "$work/$run/report.pdf" | sed -n 's/^Pages: *//p')
  n=$(wc -w <<<"${sections[$run]}")
  check "$run: report.pdf has $pages pages, at least $((n + 1))" test "$pages" -ge $((n + 1))
done
exit $status
