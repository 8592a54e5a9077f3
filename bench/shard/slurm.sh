#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The sharded coverage run through Slurm on a generated city, beside the single
# run, on this machine: starts the one-node cluster of tests/slurm/cluster.sh,
# runs `siting coverage` once, then deploy/slurm/run.sh (plan, job array, merge),
# and reports each step's wall time and peak memory (every siting process is
# wrapped in /usr/bin/time), whether the merged CSVs and summary.json equal the
# single run's byte for byte, and the service areas' worst relative area
# difference (compare_areas.py). docs/scale.md has the figures.
#   bench/shard/slurm.sh BUILD_DIR WORK_DIR GRID_M SEGMENTS [MAX_PARALLEL]
#   e.g. bench/shard/slurm.sh build/release /work/scale 60000 10000000 2
set -euo pipefail
build=$(cd "$1" && pwd)
work=$2
grid=$3
n=$4
parallel=${5:-2}
src=$(cd "$(dirname "$0")/../.." && pwd)
py=/usr/bin/python3
PATH=$PATH:/usr/sbin:/sbin
now() { date +%s.%N; }
since() { "$py" -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(now)"; }
say() { echo "slurm bench: $*"; }

mkdir -p "$work"
work=$(cd "$work" && pwd)
city=$work/city-$n.gpkg
[ -f "$city" ] || "$build/siting-make-city" --segments "$n" --out "$city" > /dev/null
d=$work/slurm-$n-$grid
rm -rf "$d"
mkdir -p "$d/times"

# Makes $tmp and sets the traps that stop the cluster and remove $tmp.
# shellcheck source=tests/slurm/cluster.sh
. "$src/tests/slurm/cluster.sh"
start_cluster

# Every siting process the runner and the tasks start, timed: times/<step>.
cat > "$d/timed-siting" <<EOF
#!/usr/bin/env bash
name=\$1
prev=""
for a in "\$@"; do
  if [ "\$prev" = --shard ]; then name=shard-\$(printf %04d "\$a"); fi
  prev=\$a
done
exec /usr/bin/time -f "%e %M" -o "$d/times/\$name" "$build/siting" "\$@"
EOF
chmod +x "$d/timed-siting"

opts=(--roads "$city" --roads-layer roads --parcels "$city" --parcels-layer parcels --facilities "$city"
      --facilities-layer facilities --crs EPSG:4547 --speed 1 --minutes 5,10,15)
mb() { read -r wall kb < "$d/times/$1"; echo "$wall s, $((kb / 1024)) MB"; }

say "## $n segments, grid $grid m, at most $parallel tasks at once"
"$d/timed-siting" coverage -q "${opts[@]}" --out "$d/single" > /dev/null
say "single run: $(mb coverage)"

t=$(now)
code=0
SITING=$d/timed-siting "$src/deploy/slurm/run.sh" --work "$d/work" --out "$d/merged" --grid "$grid" \
  --max-parallel "$parallel" -- "${opts[@]}" > "$d/run.log" 2>&1 || code=$?
sed 's/^/    /' "$d/run.log"
say "deploy/slurm/run.sh: $(since "$t") s in all, exit $code"
[ "$code" = 0 ] || exit 1
say "plan: $(mb shard)"
"$py" - "$d/times" <<'PY'
import glob, os, sys
t = sorted((tuple(map(float, open(f).read().split()[-2:])), f) for f in glob.glob(os.path.join(sys.argv[1], "shard-*")))
walls = sorted(w for (w, _), _ in t)
print(f"slurm bench: shards: {len(t)}; each {walls[len(walls) // 2]:.2f} s median, {walls[-1]:.2f} s max, "
      f"{sum(walls):.1f} s summed; peak memory {max(k for (_, k), _ in t) / 1024:.0f} MB max")
PY
say "merge: $(mb merge)"
first=$(grep -m1 "submit: job" "$d/run.log" | cut -c1-19)
ended=$(grep -m1 "wait: job" "$d/run.log" | sed 's/.*ended after \([0-9]*\) s.*/\1/')
say "array: submitted at $first, ended after $ended s (sbatch --wait included)"
same=yes
for f in "$d"/single/*.csv "$d/single/summary.json"; do
  cmp -s "$f" "$d/merged/$(basename "$f")" || { same=no; say "differs: $(basename "$f")"; }
done
say "csv_and_summary_identical $same"
say "service_areas $(OGR_GEOJSON_MAX_OBJ_SIZE=0 "$src/bench/shard/compare_areas.py" "$d/single/service_areas.geojson" "$d/merged/service_areas.geojson" || true)"
