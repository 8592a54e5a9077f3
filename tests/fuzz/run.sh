#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the fuzz preset and runs each libFuzzer harness for SECONDS (default 20,
# a smoke run; .ci/run calls it so). Prints per harness the executions, exec/s,
# coverage (cov = edges, ft = features) and the crash files, and exits 1 if any
# harness found one. Everything it writes is under build/fuzz/: the corpus each
# harness grows (kept between runs, fuzz-corpus/), the seeds assembled from the
# fixtures, the logs and the crash artifacts (fuzz-run/).
#   tests/fuzz/run.sh [SECONDS] [HARNESS...]    e.g. tests/fuzz/run.sh 300 roads matrix
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
seconds=${1:-20}
shift || true
all=(rules config matrix parcels facilities zones roads proposal)
harnesses=("$@")
[ $# -gt 0 ] || harnesses=("${all[@]}")

build=$root/build/fuzz
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

work=$build/fuzz-run
mkdir -p "$work/tmp"
tests/fuzz/seed-corpus.sh "$work/seeds"
# The config and matrix harnesses write their input to files: here, not in /tmp.
export TMPDIR=$work/tmp
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp}

found=0
printf '%-11s %7s %12s %9s %7s %7s %8s  %s\n' harness seconds executions exec/s cov ft corpus result
for h in "${harnesses[@]}"; do
  exe=$build/tests/fuzz/fuzz_$h
  [ -x "$exe" ] || { echo "run.sh: no harness '$h' (harnesses: ${all[*]})" >&2; exit 2; }
  corpus=$build/fuzz-corpus/$h
  artifacts=$work/artifacts/$h
  log=$work/$h.log
  rm -rf "$artifacts"
  mkdir -p "$corpus" "$artifacts"
  status=0
  # nice: the fuzzer takes a whole core for as long as it runs.
  nice -n 10 "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" "$work/seeds/$h" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  units=$(find "$corpus" -type f | wc -l)
  crashes=$(find "$artifacts" -type f | sort)
  result=ok
  if [ -n "$crashes" ] || [ "$status" -ne 0 ]; then
    found=1
    result="FOUND (exit $status; log $log)"
  fi
  printf '%-11s %7s %12s %9s %7s %7s %8s  %s\n' "$h" "$seconds" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" \
    "$units" "$result"
  for c in $crashes; do echo "    $c"; done
done
exit $found
