#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# How `siting coverage` grows with the city: the grid city of siting-make-city
# (20,000 parcels and 300 facilities per 1M segments) at each size given, the
# run of bench/shapes.sh (one tier, --minutes 15 at 1 m/s, parcels, gap map,
# facility areas, every file written), ROUNDS times each (default 1); wall and
# peak from /usr/bin/time, medians. Prints a markdown table and writes
# WORK_DIR/scaling.csv, which bench/loglog.py draws (docs/performance.md,
# "A province on one machine").
#   bench/scaling.sh BUILD_DIR WORK_DIR SEGMENTS...    e.g. bench/scaling.sh build/release /tmp/scale 10000 100000 1000000 10000000
set -euo pipefail
build=$(cd "$1" && pwd)
bench=$(cd "$(dirname "$0")" && pwd)
work=$2
shift 2
rounds=${ROUNDS:-1}
mkdir -p "$work"
cd "$work"
for n in "$@"; do
  [ -f "city-$n.gpkg" ] || "$build/siting-make-city" --segments "$n" --out "city-$n.gpkg"
done
for n in "$@"; do
  for r in $(seq 1 "$rounds"); do
    rm -rf "scaling-out-$n"
    /usr/bin/time -f "%e %M" -o "scaling-$n-$r.time" "$build/siting" -v coverage --roads "city-$n.gpkg" --roads-layer roads \
      --parcels "city-$n.gpkg" --parcels-layer parcels --facilities "city-$n.gpkg" --facilities-layer facilities \
      --crs EPSG:4547 --speed 1 --minutes 15 --out "scaling-out-$n" > "scaling-$n-$r.out" 2> "scaling-$n-$r.err"
    echo "$n segments, round $r: $(cat "scaling-$n-$r.time")" >&2
  done
done
PYTHONPATH="$bench" /usr/bin/python3 - "$rounds" "$@" <<'PY'
import statistics, sys
from stage_times import STAGES as stages, stage_times
rounds, sizes = int(sys.argv[1]), [int(x) for x in sys.argv[2:]]
rows = []
for n in sizes:
    wall, peak, per = [], [], {k: [] for k in stages}
    for r in range(1, rounds + 1):
        w, kb = open(f"scaling-{n}-{r}.time").read().split()
        wall.append(float(w)); peak.append(int(kb) / 1024)
        times = stage_times(open(f"scaling-{n}-{r}.err", encoding="utf-8").read())
        for k in stages:
            per[k].append(times[k])
    rows.append((n, statistics.median(wall), statistics.median(peak), {k: statistics.median(v) for k, v in per.items()}))
print("| segments | wall | per 100k segments | peak (MB) | bytes per segment | " + " | ".join(stages) + " |")
print("|" + "---|" * (5 + len(stages)))
for n, w, p, per in rows:
    print(f"| {n:,} | {w:.2f} s | {w * 1e5 / n:.3f} s | {p:.0f} | {p * 1048576 / n:.0f} | " + " | ".join(f"{per[k]:.2f}" for k in stages) + " |")
with open("scaling.csv", "w") as f:
    f.write("segments,wall_s,peak_mb\n")
    for n, w, p, _ in rows:
        f.write(f"{n},{w:.3f},{p:.1f}\n")
PY
