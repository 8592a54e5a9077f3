#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Assembles the seed corpus of every fuzz harness into OUT/<harness>/ from the
# test fixtures, the sample district and tests/fuzz/seeds, so the seeds follow
# the fixtures as they change instead of being copies of them.
#   tests/fuzz/seed-corpus.sh OUT
set -euo pipefail
out=${1:?usage: seed-corpus.sh OUT}
root=$(cd "$(dirname "$0")/../.." && pwd)
fx=$root/tests/fixtures
sample=$root/geodata/sample
seeds=$root/tests/fuzz/seeds

rm -rf "$out"
mkdir -p "$out"/{rules,config,matrix,parcels,facilities,zones,roads,proposal}

# Copies files to a harness's folder, each under its path with '/' as '_', so
# equal names from different folders do not overwrite each other.
put() {
  local harness=$1
  shift
  for f in "$@"; do
    [ -f "$f" ] || continue
    local rel=${f#"$root"/}
    cp "$f" "$out/$harness/${rel//\//_}"
  done
}

put rules "$root"/geodata/rules/*.json "$root"/geodata/plans/*.json "$seeds"/rules/*
put config "$seeds"/config/*
put matrix "$seeds"/matrix/*
# The matrix fixture as the harness takes it: od, demand and sites after form feeds.
{ cat "$fx/site/od.csv"; printf '\f'; cat "$fx/site/demand.csv"; printf '\f'; cat "$fx/site/sites.csv"; } \
  >"$out/matrix/fixture-site.csv"
cp "$fx/site/od.csv" "$out/matrix/fixture-site-od-only.csv"

bad=("$fx"/bad/*.geojson)
put parcels "$fx/check/estates.geojson" "$fx/coverage/parcels.geojson" "$sample/estates.geojson" "${bad[@]}"
put facilities "$fx/check/facilities.geojson" "$fx/coverage/facilities.geojson" "$sample/facilities.geojson" \
  "${bad[@]}"
put zones "$fx/check/zones.geojson" "$fx/coverage/zones.geojson" "$fx/review/zones.geojson" "$sample/zones.geojson" \
  "${bad[@]}"
put roads "$fx/coverage/roads.geojson" "$sample/roads.geojson" "$fx/bad/empty.geojson" "$fx/bad/points.geojson"
put proposal "$sample"/proposals/*.geojson "$fx"/review/batch/*.geojson "$fx/bad/empty.geojson"
