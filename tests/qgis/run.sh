#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The styled GeoPackage in real QGIS: runs check (with roads and zones), site and
# access on the sample with --gpkg, then opens every layer of each siting.gpkg
# with python3-qgis, headless, and checks that QGIS applies the embedded style
# (renderer, classes, labels) and shows a Chinese / English alias on every field.
# Usage: run.sh SITING_EXE SOURCE_DIR [PNG_DIR]   (PNG_DIR: also render each styled layer)
# Exit 77 (CTest: skipped) without python3-qgis, unless CI=true (then 1).
set -euo pipefail
siting=$1
src=$2
png_dir=${3:-}
[ -z "$png_dir" ] || mkdir -p "$png_dir"
py=/usr/bin/python3
if ! "$py" -c "import qgis.core" 2>/dev/null; then
  if [ "${CI:-}" = true ]; then
    echo "FAIL: CI=true but python3-qgis is not installed (scripts/install-deps.sh installs it)"
    exit 1
  fi
  echo "SKIPPED: python3-qgis is not installed: the QGIS style test did NOT run"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_RUNTIME_DIR=$work QT_QPA_PLATFORM=offscreen HOME=$work
sample="$src/geodata/sample"
layers=(--parcels "$sample/estates.geojson" --facilities "$sample/facilities.geojson" --roads "$sample/roads.geojson")
"$siting" check "${layers[@]}" --zones "$sample/zones.geojson" --out "$work/check" --gpkg -q >/dev/null 2>&1
"$siting" site "${layers[@]}" --candidate-spacing 200 --out "$work/site" --gpkg -q >/dev/null 2>&1
"$siting" access "${layers[@]}" --zones "$sample/zones.geojson" --out "$work/access" --gpkg -q >/dev/null 2>&1

# What each layer must show: the sample's three tiers (5, 10, 15 min) and "beyond"
# on the parcels; pass / fail / other on estates and zones; five access classes.
cat >"$work/check.json" <<'JSON'
{"estates": {"renderer": "categorizedSymbol", "attr": "verdict", "classes": 3, "labels": true},
 "zones": {"renderer": "categorizedSymbol", "attr": "verdict", "classes": 3, "labels": true},
 "facilities": {"renderer": "singleSymbol", "labels": true},
 "parcels": {"renderer": "categorizedSymbol", "attr": "tier_min", "classes": 4},
 "gaps": {"renderer": "singleSymbol"},
 "service_areas": {"renderer": "categorizedSymbol", "attr": "kind", "classes": 2},
 "unassigned_facilities": {}, "indicators": {}, "facilities_coverage": {}, "zones_coverage": {}}
JSON
cat >"$work/site.json" <<'JSON'
{"sites": {"renderer": "singleSymbol", "labels": true},
 "gaps_after": {"renderer": "singleSymbol"},
 "assignment": {}, "coverage_before_after": {}, "unreachable": {}, "tradeoff": {}}
JSON
cat >"$work/access.json" <<'JSON'
{"access": {"renderer": "graduatedSymbol", "attr": "access_ratio_to_mean", "classes": 5},
 "facilities_access": {}}
JSON
status=0
for run in check site access; do
  echo "== siting $run --gpkg"
  "$py" "$src/tests/qgis/load_styles.py" "$work/$run/siting.gpkg" "$work/$run.json" $png_dir 2>&1 \
    | grep -v -e '^QStandardPaths' -e '^Application path' || status=1
  [ "${PIPESTATUS[0]}" = 0 ] || status=1
done
exit $status
