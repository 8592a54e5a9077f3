#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A long fuzzing run on a shared machine: runs each harness until it has used
# CPU_MINUTES of CPU time (not wall time: under nice 19 a fuzzer gets only the
# cycles nobody else wants, so wall time would overstate the fuzzing done), then
# stops it with SIGINT, on which libFuzzer prints its final statistics. Uses the
# build, seeds and corpus of run.sh (build/fuzz/; run run.sh once first). One line
# per harness is appended to build/fuzz/fuzz-run/campaign.tsv: date, commit,
# harness, CPU seconds, wall seconds, executions, cov, ft, corpus size, result.
# libFuzzer's -timeout is wall time: at nice 19 on a busy machine an input that
# takes 3 s of CPU can wait 20 s for it, so the timeout here is 60 s
# (FUZZ_TIMEOUT), not run.sh's 10 s; replay a timeout alone to tell a hang.
#   tests/fuzz/campaign.sh CPU_MINUTES HARNESS...    e.g. tests/fuzz/campaign.sh 60 parcels roads
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
[ $# -ge 2 ] || { echo "usage: $0 CPU_MINUTES HARNESS..." >&2; exit 2; }
target=$(( $1 * 60 ))
shift
build=$root/build/fuzz
work=$build/fuzz-run
[ -d "$work/seeds" ] || { echo "campaign.sh: run tests/fuzz/run.sh first (no $work/seeds)" >&2; exit 2; }
export TMPDIR=$work/tmp
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp}
# The commit the harnesses were built from (HEAD unless said otherwise).
commit=${FUZZ_BUILD_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}
ticks=$(getconf CLK_TCK)
# With the kernel's autogroup scheduling (sched_autogroup_enabled = 1, as on
# Debian), nice only ranks processes within one session: a campaign started with
# setsid would take half the machine from a build in another session. Lowering
# this session's autogroup makes nice 19 mean "only idle cycles" again.
echo 19 >"/proc/$$/autogroup" 2>/dev/null || true

for h in "$@"; do
  exe=$build/tests/fuzz/fuzz_$h
  [ -x "$exe" ] || { echo "campaign.sh: no harness '$h'" >&2; exit 2; }
  corpus=$build/fuzz-corpus/$h
  artifacts=$work/artifacts/$h
  log=$work/$h.campaign.log
  mkdir -p "$corpus" "$artifacts"
  start=$(date +%s)
  stamp=$work/$h.campaign.start
  touch "$stamp"
  nice -n 19 "$exe" -timeout="${FUZZ_TIMEOUT:-60}" -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" "$work/seeds/$h" >"$log" 2>&1 &
  pid=$!
  cpu=0
  while kill -0 "$pid" 2>/dev/null; do
    # utime + stime of the fuzzer (fields 14 and 15 of /proc/PID/stat).
    if stat=$(cat "/proc/$pid/stat" 2>/dev/null); then
      set -- $(echo "${stat##*) }")
      cpu=$(( (${12} + ${13}) / ticks ))
    fi
    if [ "$cpu" -ge "$target" ]; then kill -INT "$pid" 2>/dev/null || true; fi
    sleep 5
  done
  status=0
  wait "$pid" || status=$?
  wall=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  units=$(find "$corpus" -type f | wc -l)
  # Findings: crash-, leak-, timeout- and oom- files of this run. slow-unit-
  # files are inputs that took over 10 s of wall time, which at nice 19 on a
  # busy machine is waiting, not work: they are counted, to be replayed alone.
  findings=$(find "$artifacts" -type f -newer "$stamp" ! -name 'slow-unit-*' | wc -l)
  slow=$(find "$artifacts" -type f -newer "$stamp" -name 'slow-unit-*' | wc -l)
  result=ok
  # libFuzzer exits 72 when interrupted (SIGINT at the CPU target).
  if [ "$findings" -gt 0 ]; then
    result="FOUND $findings (exit $status; log $log)"
  elif [ "$cpu" -lt "$target" ] || { [ "$status" -ne 0 ] && [ "$status" -ne 72 ]; }; then
    result="stopped early (exit $status; log $log)"
  fi
  [ "$slow" -eq 0 ] || result="$result; $slow slow units to replay"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$commit" "$h" "$cpu" "$wall" \
    "${execs:-?}" "${cov:-?}" "${ft:-?}" "$units" "$result" | tee -a "$work/campaign.tsv"
done
