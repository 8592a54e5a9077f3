#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The sharded coverage job as a real Slurm job array: starts a throwaway one-node
# Slurm cluster (munged, slurmctld, slurmd, all in a temporary folder, as root or
# not) and runs deploy/slurm/run.sh on the sample district against one plain
# `siting coverage` run:
#   (a) siting coverage on one machine;
#   (b) deploy/slurm/run.sh: the plan (4 shards), the job array, the merge;
#   (c) every file of (b) as in (a): CSV, summary.json and the output manifest
#       byte-identical, a GeoJSON file either byte-identical or with the same
#       features and, per kind and tier, the same area within 0.01 %;
#   (d) a shard that fails (exit 3 from a wrapper around siting, for shard 2 only):
#       run.sh exits 1, names shard 2 and its log, merges nothing; then
#       --rerun-failed resubmits shard 2 alone and the merge equals (a) as in (c).
#   (e) a 4-scenario sweep (run.sh --sweep --tasks 2) with task 1 failing first,
#       then --rerun-failed: every file as one `siting sweep` run's.
#   (f) siting check in 4 shards (run.sh --check) with a plan's indicators and
#       --strict: exit 4 (estates fail), every file as one `siting check` run's.
#   (g) siting site in 4 shards (run.sh --site, mclp, 2 new sites of 20
#       candidates along the sample's streets): every file as one `siting site`
#       run's (summary.json but for its seconds); generated candidates refused.
# The sample is read from a copy in a folder whose name has a space and Chinese,
# as a bureau's paths do, to prove the options reach the tasks intact.
# Usage: run.sh SITING_EXE SOURCE_DIR
# Exit 77 (CTest: skipped) without Slurm and MUNGE, unless CI=true (then 1).
set -euo pipefail
siting=$1
src=$(cd "$2" && pwd)
# Debian's python3 (osgeo from python3-gdal), not a pyenv or venv one.
py=/usr/bin/python3
# The daemons live in sbin, which a non-root PATH may lack.
PATH=$PATH:/usr/sbin:/sbin
missing=""
for b in munged slurmctld slurmd sbatch sinfo squeue scancel; do
  command -v "$b" >/dev/null || missing+=" $b"
done
if [ -n "$missing" ]; then
  if [ "${CI:-}" = true ]; then
    echo "FAIL: CI=true but Slurm/MUNGE are not installed (missing:$missing; scripts/install-deps.sh installs slurm-wlm and munge)"
    exit 1
  fi
  echo "SKIPPED: Slurm/MUNGE not installed (missing:$missing): the Slurm job-array test did NOT run"
  exit 77
fi
[[ $siting == /* ]] || siting=$PWD/$siting
runner=$src/deploy/slurm/run.sh

now() { date +%s.%N; }
since() { "$py" -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$(now)"; }
say() { echo "slurm test: $*"; }

# Makes $tmp and sets the traps that stop the cluster and remove $tmp.
# shellcheck source=tests/slurm/cluster.sh
. "$src/tests/slurm/cluster.sh"

# ---- The cluster ----------------------------------------------------------------
t_all=$(now)
start_cluster

# ---- The data -------------------------------------------------------------------
data="$tmp/样本 数据"
mkdir -p "$data"
cp "$src"/geodata/sample/{estates,facilities,zones,roads}.geojson "$data/"
opts=(--parcels "$data/estates.geojson" --facilities "$data/facilities.geojson"
  --zones "$data/zones.geojson" --roads "$data/roads.geojson")
# The sample district spans about 3.0 x 1.9 km in its working CRS (EPSG:4547),
# from x 449517 to 452517 and y 2521509 to 2523429 m (the roads). Grid cells are
# anchored at multiples of their size, so 3000 m squares cut it at x 450000 and
# y 2523000 into 4 cells, each owning parcels: 4 shards.
grid=3000
shards_expected=4
cd "$tmp"

status=0
pass=0
fail=0
ok() { say "PASS: $*"; pass=$((pass + 1)); }
bad() { say "FAIL: $*"; fail=$((fail + 1)); status=1; }

# Compares output folder $2 with the single-machine one, $1; $3 names the run.
compare() {
  local a=$1 b=$2 what=$3 f rel
  local la lb
  la=$(cd "$a" && find . -type f | sort)
  lb=$(cd "$b" && find . -type f | sort)
  if [ "$la" = "$lb" ]; then
    ok "$what the same $(echo "$la" | wc -l) files: $(echo "$la" | sed 's|^\./||' | tr '\n' ' ')"
  else
    bad "$what different sets of files"; diff <(echo "$la") <(echo "$lb") || true
  fi
  while read -r rel; do
    rel=${rel#./}
    f=$b/$rel
    [ -f "$f" ] || continue
    if cmp -s "$a/$rel" "$f"; then
      ok "$what $rel byte-identical"
    elif [[ $rel == *.geojson ]]; then
      # GeoJSON areas: each file's features read with GDAL, projected from WGS 84
      # to the working CRS named in summary.json (EPSG:4547 for the sample), and
      # summed per (kind, minutes) for service_areas and in total otherwise.
      local msg
      if msg=$("$py" - "$a/$rel" "$f" "$a/summary.json" <<'PY'
import json, re, sys
from osgeo import ogr, osr
crs = json.load(open(sys.argv[3], encoding="utf-8"))["working_crs"]["crs"]
epsg = int(re.match(r"EPSG:(\d+)", crs).group(1))
def areas(path):
    ds = ogr.Open(path); lyr = ds.GetLayer(0)
    src = lyr.GetSpatialRef(); src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dst = osr.SpatialReference(); dst.ImportFromEPSG(epsg); dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(src, dst)
    out, n = {}, 0
    names = [lyr.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(lyr.GetLayerDefn().GetFieldCount())]
    for feat in lyr:
        n += 1
        key = (feat.GetField("kind"), feat.GetField("minutes")) if "kind" in names else "all"
        g = feat.GetGeometryRef().Clone(); g.Transform(ct)
        out[key] = out.get(key, 0.0) + g.GetArea()
    return n, out
na, a = areas(sys.argv[1]); nb, b = areas(sys.argv[2])
worst = max((abs(a[k] - b.get(k, 0.0)) / a[k] for k in a if a[k] > 0), default=0.0)
detail = "; ".join(f"{k}: {a[k]:.2f} vs {b.get(k, 0.0):.2f} m2" for k in sorted(a, key=str))
print(f"{na} vs {nb} features, largest area difference {worst * 100:.5f} % ({detail})")
sys.exit(0 if na == nb and set(a) == set(b) and worst <= 1e-4 else 1)
PY
      ); then
        ok "$what $rel not byte-identical, but areas within 0.01 %: $msg"
      else
        bad "$what $rel: $msg"
      fi
    elif [ "$rel" = summary.json ] && [ -n "${timings_differ:-}" ] && "$py" - "$a/$rel" "$f" <<'PY'
import json, sys
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:])
for d in (a, b):
    d.pop("seconds", None), d.pop("seconds_total", None)
sys.exit(0 if a == b else 1)
PY
    then
      ok "$what summary.json the same but for the run's seconds (seconds, seconds_total)"
    elif [ "$rel" = summary.json ]; then
      bad "$what summary.json differs: $("$py" - "$a/$rel" "$f" <<'PY'
import json, sys
def flat(x, p=""):
    if isinstance(x, dict):
        for k, v in x.items(): yield from flat(v, f"{p}.{k}" if p else k)
    elif isinstance(x, list):
        for i, v in enumerate(x): yield from flat(v, f"{p}[{i}]")
    else: yield p, x
a = dict(flat(json.load(open(sys.argv[1], encoding="utf-8"))))
b = dict(flat(json.load(open(sys.argv[2], encoding="utf-8"))))
print("; ".join(f"{k}: {a.get(k, '(absent)')!r} vs {b.get(k, '(absent)')!r}" for k in sorted(set(a) | set(b)) if a.get(k, "\0") != b.get(k, "\0"))[:3000] or "same JSON values, different bytes")
PY
)"
    else
      bad "$what $rel differs"; diff "$a/$rel" "$f" | head -n 20 || true
    fi
  done <<< "$la"
}

# ---- (a) one machine ------------------------------------------------------------
t=$(now)
"$siting" coverage "${opts[@]}" --out "$tmp/single" -q
say "(a) siting coverage on one machine: $(since "$t") s"

# ---- (b) the job array ----------------------------------------------------------
t=$(now)
code=0
SITING=$siting timeout 300 "$runner" --work "$tmp/work" --out "$tmp/merged" --grid "$grid" --max-parallel 2 \
  -- "${opts[@]}" > "$tmp/run-b.log" 2>&1 || code=$?
sed 's/^/    /' "$tmp/run-b.log"
say "(b) deploy/slurm/run.sh, plan + array + merge: $(since "$t") s, exit $code"
shards=$("$py" -c 'import json, sys; print(len(json.load(open(sys.argv[1], encoding="utf-8"))["shards"]))' "$tmp/work/plan/manifest.json" 2>/dev/null || echo none)
if [ "$shards" = "$shards_expected" ]; then ok "(b) --grid $grid: $shards shards"; else bad "(b) --grid $grid: $shards shards, expected $shards_expected"; fi
if [ "$code" = 0 ]; then ok "(b) run.sh exit 0"; else bad "(b) run.sh exit $code"; show_logs; fi
logs=$(cd "$tmp/work/logs" && ls shard-*.log 2>/dev/null | tr '\n' ' ')
if [ "$logs" = "shard-0000.log shard-0001.log shard-0002.log shard-0003.log " ]; then
  ok "(b) one log per task, the index zero-padded (%4a): $logs"
else
  bad "(b) task logs: '$logs'"
fi

# select/cons_tres with CR_CPU: 1-CPU tasks share the node, as many at once as it
# has CPUs (and --max-parallel 2 allows). slurmctld's log has each task's start
# ("Allocate JobId=J_I") and end ("_job_complete: JobId=J_I(...) done").
want=$(( $(nproc) < 2 ? $(nproc) : 2 ))
most=$(awk '/sched: Allocate JobId=1_/ {n++; if (n > m) m = n} /_job_complete: JobId=1_[0-9]+\([0-9]+\) done/ {n--} END {print m + 0}' "$c/slurmctld.log")
if [ "$most" = "$want" ]; then ok "(b) $most tasks ran at once on the $(nproc)-CPU node"; else bad "(b) at most $most task(s) at once, expected $want"; fi

# ---- (c) the same outputs -------------------------------------------------------
t=$(now)
if [ -d "$tmp/merged" ]; then compare "$tmp/single" "$tmp/merged" "(c)"; else bad "(c) no merged output"; fi
say "(c) comparison: $(since "$t") s"

# ---- (d) a failed shard, then --rerun-failed ------------------------------------
# A wrapper of siting that fails when option $2 has value $3 (shard 2, task 1),
# before siting starts, as a crashed task would; written to $1.
failing_wrapper() {
  cat > "$1" <<EOF
#!/usr/bin/env bash
prev=""
for a in "\$@"; do
  if [ "\$prev" = $2 ] && [ "\$a" = $3 ]; then echo "failing-siting: ${2#--} $3 fails on purpose" >&2; exit 3; fi
  prev=\$a
done
exec "$siting" "\$@"
EOF
  chmod +x "$1"
}

# Run log $1 of WORK $2: unit $3 ("shard", "task") number $4 reported failed with
# exit 3, its log and the log's last lines, and no other; nothing merged into $5.
# $6 prefixes the messages.
check_failed() {
  local log=$1 work=$2 unit=$3 i=$4 merged=$5 what=$6
  if grep -q "$unit $i failed: exit 3.*; log $work/logs/$unit-$(printf '%04d' "$i").log" "$log" &&
     grep -q "$unit $i fails on purpose" "$log"; then
    ok "$what the output names $unit $i, its exit code, its log and the log's last lines"
  else
    bad "$what the output does not name $unit $i with its log"
  fi
  if grep -v "$unit $i failed" "$log" | grep -q "$unit [0-9]* failed"; then
    bad "$what another $unit reported failed"
  else
    ok "$what only $unit $i reported"
  fi
  if [ ! -e "$merged" ]; then ok "$what nothing merged: no $merged"; else bad "$what $merged exists after a failed $unit"; fi
}

# --rerun-failed on WORK $1 into $2: exit 0, unit $3 ("shard", "task") number $4
# of $5 resubmitted alone, and the merge equal to the single run's folder $6.
# $7 prefixes the messages.
rerun_and_compare() {
  local work=$1 merged=$2 unit=$3 i=$4 n=$5 single=$6 what=$7 t code=0
  t=$(now)
  SITING=$siting timeout 300 "$runner" --work "$work" --out "$merged" --rerun-failed > "$work.rerun.log" 2>&1 || code=$?
  sed 's/^/    /' "$work.rerun.log"
  say "$what run.sh --rerun-failed: $(since "$t") s, exit $code"
  if [ "$code" = 0 ]; then ok "$what --rerun-failed exit 0"; else bad "$what --rerun-failed exit $code"; fi
  if grep -q "rerun: $unit(s) $i of $n to resubmit" "$work.rerun.log" &&
     grep -q -- "submit: 1 task(s), --array=$i," "$work.rerun.log"; then
    ok "$what --rerun-failed resubmitted $unit $i alone"
  else
    bad "$what --rerun-failed did not resubmit $unit $i alone"
  fi
  t=$(now)
  if [ -d "$merged" ]; then compare "$single" "$merged" "$what"; else bad "$what no merged output after --rerun-failed"; fi
  say "$what comparison: $(since "$t") s"
}

failing_wrapper "$tmp/failing-siting" --shard 2
t=$(now)
code=0
SITING=$tmp/failing-siting timeout 300 "$runner" --work "$tmp/work-d" --out "$tmp/merged-d" --grid "$grid" \
  -- "${opts[@]}" > "$tmp/run-d.log" 2>&1 || code=$?
sed 's/^/    /' "$tmp/run-d.log"
say "(d) run.sh with shard 2 failing: $(since "$t") s, exit $code"
if [ "$code" = 1 ]; then ok "(d) run.sh exit 1"; else bad "(d) run.sh exit $code, expected 1"; fi
check_failed "$tmp/run-d.log" "$tmp/work-d" shard 2 "$tmp/merged-d" "(d)"

rerun_and_compare "$tmp/work-d" "$tmp/merged-d" shard 2 4 "$tmp/single" "(d)"

# ---- (e) a sweep in two array tasks, one of them failing first ------------------
cat > "$data/sweep.json" <<'JSON'
{"scenarios": [
  {"name": "today"},
  {"name": "10-minute circle", "minutes": [10]},
  {"name": "F02 closed", "close": ["F02"]},
  {"name": "2 new sites", "site": {"model": "mclp", "k": 2, "candidate_spacing": 200, "no_capacity": true}}
]}
JSON
t=$(now)
"$siting" sweep "${opts[@]}" --scenarios "$data/sweep.json" --out "$tmp/single-sweep" -q
say "(e) siting sweep on one machine: $(since "$t") s"
failing_wrapper "$tmp/failing-sweep" --task 1
t=$(now)
code=0
SITING=$tmp/failing-sweep timeout 300 "$runner" --work "$tmp/work-e" --out "$tmp/merged-e" --sweep "$data/sweep.json" \
  --tasks 2 -- "${opts[@]}" > "$tmp/run-e.log" 2>&1 || code=$?
sed 's/^/    /' "$tmp/run-e.log"
say "(e) run.sh --sweep with task 1 failing: $(since "$t") s, exit $code"
if [ "$code" = 1 ]; then ok "(e) run.sh exit 1"; else bad "(e) run.sh exit $code, expected 1"; fi
check_failed "$tmp/run-e.log" "$tmp/work-e" task 1 "$tmp/merged-e" "(e)"
rerun_and_compare "$tmp/work-e" "$tmp/merged-e" task 1 2 "$tmp/single-sweep" "(e)"

# One command on one machine and through run.sh --COMMAND in 4 shards, compared:
# $1 the part's letter, $2 the command (check, site), $3 and $4 the exit codes
# expected of the single run and of run.sh, $5 a pattern shard 0's log shows
# when the array ran the command; the rest are the command's options.
sharded_vs_single() {
  local part=$1 cmd=$2 want_single=$3 want_run=$4 pattern=$5 t code
  shift 5
  t=$(now)
  code=0
  "$siting" "$cmd" "$@" --out "$tmp/single-$cmd" -q > /dev/null || code=$?
  say "($part) siting $cmd on one machine: $(since "$t") s, exit $code"
  if [ "$code" = "$want_single" ]; then ok "($part) siting $cmd exit $code"; else bad "($part) siting $cmd exit $code, expected $want_single"; fi
  t=$(now)
  code=0
  SITING=$siting timeout 300 "$runner" "--$cmd" --work "$tmp/work-$part" --out "$tmp/merged-$part" --grid "$grid" \
    --max-parallel 2 -- "$@" > "$tmp/run-$part.log" 2>&1 || code=$?
  sed 's/^/    /' "$tmp/run-$part.log"
  say "($part) run.sh --$cmd: $(since "$t") s, exit $code"
  if [ "$code" = "$want_run" ]; then ok "($part) run.sh --$cmd exit $code"; else bad "($part) run.sh --$cmd exit $code, expected $want_run"; fi
  if grep -q "$pattern" "$tmp/work-$part/logs/shard-0000.log"; then
    ok "($part) the array ran siting $cmd"
  else
    bad "($part) shard 0's log shows no siting $cmd ('$pattern')"
  fi
  if [ -d "$tmp/merged-$part" ]; then compare "$tmp/single-$cmd" "$tmp/merged-$part" "($part)"; else bad "($part) no merged output"; fi
}

# ---- (f) a check in shards, with a plan and --strict ------------------------------
# The sample has estates failing: the check exits 1, run.sh 4 (merged; estates fail).
sharded_vs_single f check 1 4 "siting check.*--shard 0 --out\|shard 0 of 4 done" \
  "${opts[@]}" --plan huizhou-dayawan --strict

# ---- (g) a siting in shards ---------------------------------------------------------
# 20 candidates: the first point of every 4th street of the sample.
"$py" - "$data/roads.geojson" "$data/candidates.geojson" <<'PY'
import json, sys
roads = json.load(open(sys.argv[1], encoding="utf-8"))["features"]
def first(g):
    c = g["coordinates"]
    return c[0] if g["type"] == "LineString" else c[0][0]
feats = [{"type": "Feature", "properties": {"id": f"C{i + 1}"}, "geometry": {"type": "Point", "coordinates": first(f["geometry"])}}
         for i, f in enumerate(roads[::4][:20])]
json.dump({"type": "FeatureCollection", "features": feats}, open(sys.argv[2], "w", encoding="utf-8"))
PY
timings_differ=1 sharded_vs_single g site 0 0 "pairs: " \
  "${opts[@]}" --candidates "$data/candidates.geojson" --model mclp --k 2
# What a sharded siting cannot do is refused before anything is planned or submitted.
code=0
SITING=$siting "$runner" --site --work "$tmp/work-g2" --out "$tmp/merged-g2" --grid "$grid" \
  -- "${opts[@]}" --candidate-spacing 100 > "$tmp/run-g2.log" 2>&1 || code=$?
if [ "$code" = 2 ] && grep -q "candidate-spacing cannot be sharded" "$tmp/run-g2.log" && [ ! -e "$tmp/work-g2/plan" ]; then
  ok "(g) run.sh --site refuses generated candidates (exit 2, no plan)"
else
  bad "(g) run.sh --site with --candidate-spacing: exit $code"; cat "$tmp/run-g2.log"
fi

[ "$status" = 0 ] || show_logs
say "total $(since "$t_all") s"
echo "slurm: $pass passed, $fail failed"
exit $status
