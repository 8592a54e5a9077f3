#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds siting, generates the synthetic cities (10k, 100k and 1M street
# segments) and runs every benchmark three times per size; prints the median
# tables that docs/performance.md quotes.
#
#   bench/run.sh                      # everything, into ${TMPDIR:-/tmp}/siting-bench
#   SIZES="10000 100000" bench/run.sh # fewer sizes
#   REPS=5 OUT=/data/bench bench/run.sh
#
# Environment: OUT (scratch folder, outside the repository; default
# ${TMPDIR:-/tmp}/siting-bench), BUILD (build folder; default $OUT/build), SIZES,
# REPS (default 3), FORCE=1 to regenerate existing cities, SKIP_BUILD=1,
# BREAKDOWN=0 to skip the polygon breakdown (one run per size).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:-${TMPDIR:-/tmp}/siting-bench}
build=${BUILD:-$out/build}
sizes=${SIZES:-"10000 100000 1000000"}
reps=${REPS:-3}
mkdir -p "$out/cities" "$out/results"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSITING_WERROR=ON \
    -DSITING_BUILD_TESTS=OFF -DSITING_BUILD_BENCH=ON >/dev/null
  cmake --build "$build"
fi

label() {
  case $1 in
    *000000) echo "$(( $1 / 1000000 ))m" ;;
    *000) echo "$(( $1 / 1000 ))k" ;;
    *) echo "$1" ;;
  esac
}

{
  echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GB"
  echo "kernel: $(uname -r); $(sed -n 's/^PRETTY_NAME=//p' /etc/os-release | tr -d '"')"
  echo "gdal $(gdal-config --version), geos $(geos-config --version), proj $(proj 2>&1 | head -1 | awk '{print $2}' | tr -d ',')"
  echo "compiler: $(c++ --version | head -1); build: RelWithDebInfo (-O2 -g)"
  echo "commit: $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet || echo ' + local changes')"
  echo "started $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/results/machine.txt"

for n in $sizes; do
  l=$(label "$n")
  city=$out/cities/city-$l.gpkg
  if [[ ! -f "$city" || "${FORCE:-0}" == 1 ]]; then
    "$build/siting-make-city" --segments "$n" --out "$city" | tee "$out/results/city-$l.txt"
  fi
  for r in $(seq 1 "$reps"); do
    echo "== $l run $r"
    "$build/siting-bench" --city "$city" --out "$out/pipeline-out-$l" --label "$l" \
      --json "$out/results/pipeline-$l-$r.json" > "$out/results/pipeline-$l-$r.txt" 2>/dev/null
    "$build/siting-bench" --city "$city" --mode baseline --label "$l" \
      --json "$out/results/baseline-$l-$r.json" > "$out/results/baseline-$l-$r.txt" 2>/dev/null
    "$build/siting-bench" --city "$city" --mode boost --repeat 9 --label "$l" \
      --json "$out/results/boost-$l-$r.json" > "$out/results/boost-$l-$r.txt" 2>/dev/null
    # The whole command line, as a user runs it (with the per-facility areas).
    /usr/bin/time -f "{\"wall_s\": %e, \"max_rss_kb\": %M, \"user_s\": %U, \"sys_s\": %S}" \
      -o "$out/results/cli-$l-$r.json" \
      "$build/siting" coverage --roads "$city" --roads-layer roads --parcels "$city" --parcels-layer parcels \
      --facilities "$city" --facilities-layer facilities --crs EPSG:4547 --speed 1 --minutes 15 \
      --out "$out/cli-out-$l" > "$out/results/cli-$l-$r.txt" 2>&1
    # The same with the rule set's three tiers (5, 10, 15 min), as a user runs it
    # without --minutes; -v logs the analysis stages' times.
    /usr/bin/time -f "{\"wall_s\": %e, \"max_rss_kb\": %M, \"user_s\": %U, \"sys_s\": %S}" \
      -o "$out/results/cli3-$l-$r.json" \
      "$build/siting" -v coverage --roads "$city" --roads-layer roads --parcels "$city" --parcels-layer parcels \
      --facilities "$city" --facilities-layer facilities --crs EPSG:4547 --speed 1 --minutes 5,10,15 \
      --out "$out/cli3-out-$l" > "$out/results/cli3-$l-$r.txt" 2>&1
  done
  if [[ "${BREAKDOWN:-1}" == 1 ]]; then
    "$build/siting-bench" --city "$city" --mode polygons > "$out/results/polygons-$l.txt" 2>/dev/null
  fi
done

python3 "$repo/bench/summarize.py" "$out/results" | tee "$out/results/summary.md"
