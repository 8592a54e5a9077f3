#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Side by side on the same city: siting (CLI with --network-times), pgRouting
# (pgr_drivingDistance per start, equicost := false, minimum per vertex) and
# networkx (one Dijkstra from a super source). Same answers? And how long?
#
#   bench/compare/install-deps.sh     # once: PostgreSQL 15, PostGIS, pgRouting, networkx
#   bench/run.sh                      # builds siting and the cities
#   bench/compare/run.sh 100k 1m      # labels of cities in $OUT/cities (default: 100k)
#
# Environment: OUT (default ${TMPDIR:-/tmp}/siting-bench), BUILD (default $OUT/build),
# REPS (default 3), PER_START=0 to skip the loop of single-start pgRouting calls,
# KEEP_PG=1 to leave the private PostgreSQL cluster (in $OUT/pg) running.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-${TMPDIR:-/tmp}/siting-bench}
build=${BUILD:-$out/build}
reps=${REPS:-3}
labels=("$@")
[[ ${#labels[@]} -gt 0 ]] || labels=(100k)
budget=900
py=/usr/bin/python3  # Debian's Python: osgeo and networkx

conn=$("$here/pg.sh" start "$out/pg")
pgconn="PG:$conn"
psql=(psql "$conn" -v ON_ERROR_STOP=1)
if [[ "${KEEP_PG:-0}" != 1 ]]; then trap '"$here/pg.sh" stop "$out/pg"' EXIT; fi

mkdir -p "$out/results"
echo "== equicost := true on five edges"
"${psql[@]}" -q -f "$here/equicost.sql" 2>&1 | grep -v NOTICE | tee "$out/results/equicost.txt"

for l in "${labels[@]}"; do
  city=$out/cities/city-$l.gpkg
  dir=$out/compare/$l
  mkdir -p "$dir"
  for r in $(seq 1 "$reps"); do
    echo "== $l run $r: siting"
    /usr/bin/time -f '{"wall_s": %e, "max_rss_kb": %M}' -o "$dir/siting-time-$r.json" \
      "$build/siting" coverage --roads "$city" --roads-layer roads --facilities "$city" --facilities-layer facilities \
      --crs EPSG:4547 --speed 1 --minutes 15 --network-times --out "$dir/siting" > "$dir/siting-$r.log" 2>&1
    "$build/siting-bench" --city "$city" --mode boost --repeat 9 --json "$dir/siting-search-$r.json" > /dev/null 2>&1

    echo "== $l run $r: pgRouting"
    /usr/bin/time -f '{"wall_s": %e}' -o "$dir/pg-load-time-$r.json" \
      ogr2ogr -f PostgreSQL "$pgconn" "$city" roads facilities -overwrite -preserve_fid \
        -lco GEOMETRY_NAME=geom -lco FID=fid -lco SPATIAL_INDEX=NONE --config PG_USE_COPY YES
    /usr/bin/time -f '{"wall_s": %e}' -o "$dir/pg-sql-time-$r.json" \
      "${psql[@]}" -v budget=$budget -v out="$dir/pgrouting.csv" -v per_start="${PER_START:-1}" \
        -f "$here/pgrouting.sql" > "$dir/pgrouting-$r.log" 2>&1

    echo "== $l run $r: networkx"
    /usr/bin/time -f '{"wall_s": %e, "max_rss_kb": %M}' -o "$dir/nx-time-$r.json" \
      $py "$here/nx_search.py" "$city" "$dir/networkx.csv" --budget $budget --json "$dir/nx-$r.json" > /dev/null
  done
  echo "== $l: answers"
  python3 "$here/compare.py" "$dir/siting/network_times.csv" "$dir/pgrouting.csv" "$dir/networkx.csv" \
    --json "$dir/compare.json" | tee "$dir/compare.txt"
done
python3 "$here/summarize.py" "$out/compare" "${labels[@]}" | tee "$out/results/compare-summary.md"
