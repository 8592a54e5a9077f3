#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The OR-Library p-median benchmark pmed1–pmed40 through the location engine
# (docs/siting.md). The instance files are not in the repository: give their
# folder as the first argument or in $ORLIB_DIR (default ../shared/orlib beside
# the checkout).
#
#   bench/location/pmed.sh [ORLIB_DIR] [BUILD_DIR]
#
# Every instance runs the heuristic (greedy, fast vertex substitution, 500
# perturbation rounds, Lagrangian bound); instances with at most
# $PMED_EXACT_MAX_N vertices (default 200) also run --exact with a time limit of
# $PMED_EXACT_SECONDS (default 120). Results go to $PMED_OUT (default
# /tmp/siting-pmed) as JSON; the table is printed on stdout.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
orlib="${1:-${ORLIB_DIR:-$root/../shared/orlib}}"
build="${2:-$root/build/release}"
driver="$build/siting-location-driver"
out="${PMED_OUT:-/tmp/siting-pmed}"
exact_max_n="${PMED_EXACT_MAX_N:-200}"
exact_seconds="${PMED_EXACT_SECONDS:-120}"

[ -x "$driver" ] || { echo "pmed.sh: $driver not built (cmake --build --preset release)" >&2; exit 1; }
[ -f "$orlib/pmed1.txt" ] || { echo "pmed.sh: no pmed1.txt in $orlib (set ORLIB_DIR)" >&2; exit 1; }
mkdir -p "$out"
echo "pmed.sh: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for i in $(seq 1 40); do
  f="$orlib/pmed$i.txt"
  [ -f "$f" ] || { echo "pmed.sh: $f missing" >&2; exit 1; }
  "$driver" --orlib "$f" > "$out/pmed$i.heuristic.json"
  n=$(head -1 "$f" | awk '{print $1}')
  if [ "$n" -le "$exact_max_n" ]; then
    "$driver" --orlib "$f" --exact --time-limit "$exact_seconds" > "$out/pmed$i.exact.json"
  fi
  echo "pmed$i done" >&2
done
/usr/bin/python3 "$here/pmed_table.py" "$out" "$orlib"
