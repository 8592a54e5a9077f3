#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Before / after in one session: two builds of siting (e.g. the commits on either
# side of a change) run alternately on the same city, so that both see the same
# machine. Per run and build: siting-bench (the pipeline) and the CLI with one
# tier and with three tiers, as bench/run.sh runs them.
#
#   git archive OLD | tar -x -C /tmp/old && cp bench/*.cpp bench/*.py bench/*.sh /tmp/old/bench/
#   cmake -S /tmp/old -B /tmp/build-old -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
#     -DSITING_BUILD_TESTS=OFF && cmake --build /tmp/build-old
#   (the same for NEW), then
#   BEFORE=/tmp/build-old AFTER=/tmp/build-new bench/ab.sh 1m
#   python3 bench/summarize.py $OUT/ab/before/results; python3 bench/summarize.py $OUT/ab/after/results
#
# Environment: BEFORE, AFTER (build folders, required), OUT (default
# ${TMPDIR:-/tmp}/siting-bench; the city is $OUT/cities/city-LABEL.gpkg), REPS (default 3).
set -euo pipefail
l=${1:-1m}
out=${OUT:-${TMPDIR:-/tmp}/siting-bench}
city=$out/cities/city-$l.gpkg
reps=${REPS:-3}
declare -A build=([before]=${BEFORE:?build folder of the old code} [after]=${AFTER:?build folder of the new code})
[[ -f "$city" ]] || { echo "no $city: run bench/run.sh first" >&2; exit 2; }
timefmt='{"wall_s": %e, "max_rss_kb": %M, "user_s": %U, "sys_s": %S}'
for r in $(seq 1 "$reps"); do
  for v in before after; do
    b=${build[$v]}
    res=$out/ab/$v/results
    mkdir -p "$res"
    echo "== $v $l run $r, load average $(cut -d' ' -f1 /proc/loadavg)"
    "$b/siting-bench" --city "$city" --out "$out/ab/$v/pipeline-out-$l" --label "$l" \
      --json "$res/pipeline-$l-$r.json" > "$res/pipeline-$l-$r.txt" 2>/dev/null
    /usr/bin/time -f "$timefmt" -o "$res/cli-$l-$r.json" \
      "$b/siting" coverage --roads "$city" --roads-layer roads --parcels "$city" --parcels-layer parcels \
      --facilities "$city" --facilities-layer facilities --crs EPSG:4547 --speed 1 --minutes 15 \
      --out "$out/ab/$v/cli-out-$l" > "$res/cli-$l-$r.txt" 2>&1
    /usr/bin/time -f "$timefmt" -o "$res/cli3-$l-$r.json" \
      "$b/siting" -v coverage --roads "$city" --roads-layer roads --parcels "$city" --parcels-layer parcels \
      --facilities "$city" --facilities-layer facilities --crs EPSG:4547 --speed 1 --minutes 5,10,15 \
      --out "$out/ab/$v/cli3-out-$l" > "$res/cli3-$l-$r.txt" 2>&1
  done
done
