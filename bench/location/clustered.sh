#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The clustered synthetic city of the location benchmark (docs/siting.md):
# 20,000 demand points, 2,000 candidates, about 11 candidates within the cutoff
# of each point. Runs mclp (k = 20, 50, 100) and psclp (90 %) with the default
# heuristic, then the same warm-started in Cbc with a time limit of
# $CLUSTER_EXACT_SECONDS (default 600) for mclp k = 50 and psclp.
#
#   bench/location/clustered.sh [BUILD_DIR]        # results in $CLUSTER_OUT (/tmp/siting-clustered)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build/release}"
driver="$build/siting-location-driver"
out="${CLUSTER_OUT:-/tmp/siting-clustered}"
limit="${CLUSTER_EXACT_SECONDS:-600}"
[ -x "$driver" ] || { echo "clustered.sh: $driver not built" >&2; exit 1; }
mkdir -p "$out"
/usr/bin/python3 "$here/make_clustered.py" "$out/city" > "$out/meta.json"
cutoff=$(/usr/bin/python3 -c "import json; print(json.load(open('$out/meta.json'))['cutoff'])")
files=(--od "$out/city/od.csv" --demand "$out/city/demand.csv" --sites "$out/city/sites.csv" --cutoff "$cutoff")
run() {  # name, driver arguments...
  local name=$1
  shift
  echo "clustered.sh: $name (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  "$driver" "${files[@]}" "$@" > "$out/$name.json"
}
for k in 20 50 100; do run "mclp-k$k" --model mclp --k "$k"; done
run psclp-90 --model psclp --target 0.9
run mclp-k50-exact --model mclp --k 50 --exact --time-limit "$limit"
run psclp-90-exact --model psclp --target 0.9 --exact --time-limit "$limit"
/usr/bin/python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
meta = json.load(open(os.path.join(out, "meta.json")))
print(f"city: {meta['demand']} demand x {meta['candidates']} candidates, {meta['pairs']} pairs within "
      f"{meta['cutoff']} (mean reach {meta['mean_reach']:.2f})")
print("| run | objective | bound | gap % | bound from | greedy | seconds | exact status |")
print("|---|---:|---:|---:|---|---:|---:|---|")
for name in ["mclp-k20", "mclp-k50", "mclp-k100", "mclp-k50-exact", "psclp-90", "psclp-90-exact"]:
    r = json.load(open(os.path.join(out, name + ".json")))
    print(f"| {name} | {r['objective']:.0f} | {r['bound']:.1f} | {100 * r['gap']:.3f} | {r['bound_method']} "
          f"| {r['greedy_objective']:.0f} | {r['seconds']:.2f} | {r['exact_status'] or '-'} |")
PY
