#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The whole `siting coverage` run against the bare program (siting-bench
# --baseline: GDAL read, hash join, CSR, one Dijkstra) on cities of several
# shapes, run alternately in one sitting, each ROUNDS times (default 3); prints
# one markdown table of medians (docs/performance.md, "City shapes").
#   bench/shapes.sh BUILD_DIR WORK_DIR [SEGMENTS]     e.g. bench/shapes.sh build/release /tmp/shapes 1000000
# The cities (siting-make-city, made once in WORK_DIR):
#   grid     the perturbed grid, one feature per segment, 300 facilities per 1M segments (most parcels in gaps)
#   curved   each block side one line of 4-8 segments on a bow
#   organic  irregular blocks, culs-de-sac, lines of 2-4 segments
#   dense    the grid with 3000 facilities per 1M segments (most parcels covered)
# The siting run: one tier (--minutes 15) at 1 m/s, parcels, gap map, facility
# areas, every file written; its stages from `siting -v` (reading the roads,
# the graph, and the analysis' stage timers); "the rest" is its wall time less
# those and the writing of every file ("write", from `siting -v`): reading
# parcels and facilities, the index, summaries, start and exit.
set -euo pipefail
build=$(cd "$1" && pwd)
bench=$(cd "$(dirname "$0")" && pwd)
work=$2
segments=${3:-1000000}
rounds=${ROUNDS:-3}
mkdir -p "$work"
cd "$work"
shapes=(grid curved organic dense)
for s in "${shapes[@]}"; do
  city=city-$s-$segments.gpkg
  [ -f "$city" ] && continue
  case $s in
    dense) "$build/siting-make-city" --segments "$segments" --facilities-per-million 3000 --out "$city" ;;
    *) "$build/siting-make-city" --segments "$segments" --shape "$s" --out "$city" ;;
  esac
done
for r in $(seq 1 "$rounds"); do
  for s in "${shapes[@]}"; do
    city=city-$s-$segments.gpkg
    /usr/bin/time -f "%e %M" -o "bare-$s-$r.time" "$build/siting-bench" --city "$city" --baseline > "bare-$s-$r.out" 2>&1
    rm -rf "out-$s"
    /usr/bin/time -f "%e %M" -o "siting-$s-$r.time" "$build/siting" -v coverage --roads "$city" --roads-layer roads \
      --parcels "$city" --parcels-layer parcels --facilities "$city" --facilities-layer facilities --crs EPSG:4547 \
      --speed 1 --minutes 15 --out "out-$s" > "siting-$s-$r.out" 2> "siting-$s-$r.err"
    echo "round $r $s: bare $(cut -d' ' -f1 "bare-$s-$r.time") s, siting $(cut -d' ' -f1 "siting-$s-$r.time") s" >&2
  done
done
PYTHONPATH="$bench" /usr/bin/python3 - "$rounds" "$segments" "${shapes[@]}" <<'PY'
import re, statistics, sys, os
from stage_times import STAGES as stages, stage_times
rounds, segments, shapes = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
def time(path):
    wall, kb = open(path).read().split()
    return float(wall), int(kb) / 1024
def med(xs): return statistics.median(xs)
print("| shape | road features | vertices / edges | bare program | siting coverage | ratio | peak (MB) | bytes per segment | "
      + " | ".join(stages) + " | the rest | files written |")
print("|" + "---|" * (10 + len(stages)))
for s in shapes:
    bare = [time(f"bare-{s}-{r}.time") for r in range(1, rounds + 1)]
    run = [time(f"siting-{s}-{r}.time") for r in range(1, rounds + 1)]
    per = {k: [] for k in stages}
    for r in range(1, rounds + 1):
        times = stage_times(open(f"siting-{s}-{r}.err", encoding="utf-8").read())
        for k in stages:
            per[k].append(times[k])
    out = open(f"bare-{s}-1.out").read()
    m = re.search(r"(\d+) road features, \d+ walkable lines, (\d+) vertices, (\d+) edges", out)
    g = re.search(r"walking graph: (\d+) vertices, (\d+) edges", open(f"siting-{s}-1.err", encoding="utf-8").read())
    wall = med([w for w, _ in run])
    rest = med([run[i][0] - sum(per[k][i] for k in stages) for i in range(rounds)])
    size = sum(os.path.getsize(os.path.join(f"out-{s}", f)) for f in os.listdir(f"out-{s}"))
    print(f"| {s} | {int(m.group(1)):,} | {int(g.group(1)):,} / {int(g.group(2)):,} | {med([w for w, _ in bare]):.2f} s, "
          f"{med([k for _, k in bare]):.0f} MB | {wall:.2f} s | {wall / med([w for w, _ in bare]):.1f}x | "
          f"{med([k for _, k in run]):.0f} | {med([k for _, k in run]) * 1048576 / segments:.0f} | "
          + " | ".join(f"{med(per[k]):.2f}" for k in stages) + f" | {rest:.2f} | {size / 1e6:.1f} MB |")
PY
