#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A sharded coverage run against the single run on generated cities
# (siting-make-city), on this machine: wall time and peak memory of the single
# run, the plan, every shard and the merge, whether the merged CSVs and
# summary.json equal the single run's byte for byte, and the worst relative
# difference of the service areas' areas (compare_areas.py; docs/scale.md).
#   bench/shard/run.sh BUILD_DIR WORK_DIR GRID_M SEGMENTS...   e.g. bench/shard/run.sh build/release /tmp/scale 15000 100000 1000000
# PARALLEL=K runs K shards at a time (default 1: each shard's time alone).
# COMMAND=check runs siting check (with --plan huizhou-dayawan, whose day-care
# indicator needs the shards' typed circles) instead of siting coverage: single,
# shards and merge (siting check --parts); the plan is siting shard's either way.
# COMMAND=site runs siting site --model mclp --k 20 --no-capacity on CANDIDATES
# candidate sites (default 2000: the first vertex of evenly spaced streets,
# written to city-N-candidates.gpkg): single, shards (each its pairs) and merge
# (siting site --parts: one solve, the coverage after on the whole network).
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
work=$2
grid=$3
shift 3
mkdir -p "$work"
cd "$work"
timed() {  # timed NAME CMD...: one line "NAME wall_s max_rss_MB"
  local name=$1
  shift
  /usr/bin/time -f "%e %M" -o "$name.time" "$@" > "$name.out" 2> "$name.err"
  read -r wall kb < "$name.time"
  echo "$name $wall $((kb / 1024))"
}
cmd=${COMMAND:-coverage}
case $cmd in
  coverage) extra=() merger=(merge) ;;
  check) extra=(--plan huizhou-dayawan) merger=(check --plan huizhou-dayawan) ;;
  site) extra=() merger=(site) ;;
  *) echo "COMMAND must be coverage, check or site, got '$cmd'" >&2; exit 2 ;;
esac
for n in "$@"; do
  city=$work/city-$n.gpkg
  [ -f "$city" ] || "$build/siting-make-city" --segments "$n" --out "$city" > /dev/null
  if [ "$cmd" = site ]; then
    cands=$work/city-$n-candidates.gpkg
    [ -f "$cands" ] || /usr/bin/python3 - "$city" "$cands" "${CANDIDATES:-2000}" <<'PY'
import sys
from osgeo import ogr, osr
src = ogr.Open(sys.argv[1])
roads = src.GetLayerByName("roads")
step = max(1, roads.GetFeatureCount() // int(sys.argv[3]))
out = ogr.GetDriverByName("GPKG").CreateDataSource(sys.argv[2])
layer = out.CreateLayer("candidates", roads.GetSpatialRef(), ogr.wkbPoint)
layer.CreateField(ogr.FieldDefn("id", ogr.OFTString))
layer.StartTransaction()
for i, f in enumerate(roads):
    if i % step or layer.GetFeatureCount() >= int(sys.argv[3]):
        continue
    x, y = f.GetGeometryRef().GetPoint_2D(0)
    g = ogr.Feature(layer.GetLayerDefn())
    g.SetField("id", f"C{layer.GetFeatureCount() + 1}")
    pt = ogr.Geometry(ogr.wkbPoint)
    pt.AddPoint_2D(x, y)
    g.SetGeometry(pt)
    layer.CreateFeature(g)
layer.CommitTransaction()
PY
    extra=(--candidates "$cands" --candidates-layer candidates --model mclp --k 20 --no-capacity)
  fi
  d=$work/run-$n-$grid${COMMAND:+-$cmd}
  rm -rf "$d"
  mkdir -p "$d"
  cd "$d"
  opts=(--roads "$city" --roads-layer roads --parcels "$city" --parcels-layer parcels --facilities "$city"
        --facilities-layer facilities --crs EPSG:4547 --speed 1 --minutes 5,10,15)
  echo "## siting $cmd, $n segments, grid $grid m"
  timed single "$build/siting" -q "$cmd" "${opts[@]}" "${extra[@]}" --out single
  timed plan "$build/siting" -q shard "${opts[@]}" --grid "$grid" --out plan
  shards=$(/usr/bin/python3 -c "import json,sys; print(len(json.load(open('plan/manifest.json'))['shards']))")
  echo "shards $shards"
  start=$(date +%s.%N)
  seq 0 $((shards - 1)) | xargs -P "${PARALLEL:-1}" -I{} bash -c '
    n=$(printf %04d {}); /usr/bin/time -f "%e %M" -o shard-$n.time "$0" -q "${@}" \
      --shard-manifest plan/manifest.json --shard {} --out parts/shard-$n > shard-$n.out 2> shard-$n.err' \
    "$build/siting" "$cmd" "${opts[@]}" "${extra[@]}"
  end=$(date +%s.%N)
  /usr/bin/python3 - "$shards" "$start" "$end" <<'PY'
import sys
n, start, end = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
t = [tuple(map(float, open(f"shard-{i:04d}.time").read().split())) for i in range(n)]
walls = sorted(w for w, _ in t)
print(f"shards_all {end - start:.2f} wall for all; per shard median {walls[n // 2]:.2f} s, max {walls[-1]:.2f} s, "
      f"sum {sum(walls):.2f} s; peak memory max {max(k for _, k in t) / 1024:.0f} MB")
PY
  if [ "$cmd" = site ]; then merger=(site "${extra[@]}"); fi
  timed merge "$build/siting" -q "${merger[@]}" "${opts[@]}" --shard-manifest plan/manifest.json --parts parts --out merged
  same=yes
  for f in single/*.csv $([ "$cmd" = site ] || echo single/summary.json); do
    cmp -s "$f" "merged/$(basename "$f")" || { same=no; echo "differs: $(basename "$f")"; }
  done
  echo "csv_and_summary_identical $same"
  if [ "$cmd" = site ]; then
    # summary.json holds the solve's and the run's seconds: compare the rest.
    /usr/bin/python3 -c "import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); [d.pop(k) for d in (a,b) for k in ('seconds','seconds_total')]; print('summary_identical_but_seconds', 'yes' if a==b else 'no')" single/summary.json merged/summary.json
    cmp -s single/gaps_after.geojson merged/gaps_after.geojson && echo "gaps_after identical" || echo "gaps_after differs"
  else
    echo "service_areas $("$here/compare_areas.py" single/service_areas.geojson merged/service_areas.geojson || true)"
  fi
  cd "$work"
done
