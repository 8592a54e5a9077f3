#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs siting's coverage job (or, with --check, siting check; with --site,
# siting site) sharded over a Slurm cluster, as one job array, or (with --sweep) a sweep's scenarios in
# batches, one batch per array task.
# Coverage in shards:
#   1. plan:   siting shard COVERAGE_OPTIONS [--grid M | --district-level L] --out WORK/plan
#   2. shards: sbatch --wait --array=0-(N-1)%K siting-array.sbatch, one task per shard,
#              each writing WORK/parts/shard-NNNN, its log WORK/logs/shard-NNNN.log
#              and its exit code WORK/status/shard-NNNN
#   3. check:  every shard must have exit code 0 and its part; otherwise the failed
#              ones are listed with their logs, and nothing is merged
#   4. merge:  siting merge COVERAGE_OPTIONS --shard-manifest WORK/plan/manifest.json
#              --parts WORK/parts --out OUT: the files of one `siting coverage` run
# A check in shards (--check): the same steps with `siting check CHECK_OPTIONS`
# for the shards (--shard N) and the merge (--parts WORK/parts); the plan is made
# from CHECK_OPTIONS less --plan and --strict, which only the check takes.
# A siting in shards (--site): the same steps with `siting site SITE_OPTIONS`
# (network mode, --candidates, --model psclp or mclp): each shard walks its
# parcels' pairs with the sites of its halo, and the merge solves once and walks
# the coverage after; the plan is made from SITE_OPTIONS less the siting's own
# (--candidates*, --model, --k, --target, --weight, --no-capacity, ...).
# A sweep (--sweep FILE --tasks T):
#   1. tasks:  sbatch --wait --array=0-(T-1)%K, task N running siting sweep
#              COVERAGE_OPTIONS --scenarios FILE --tasks T --task N --out
#              WORK/parts/task-NNNN, its log WORK/logs/task-NNNN.log, its exit
#              code WORK/status/task-NNNN
#   2. check:  as for shards
#   3. merge:  siting merge COVERAGE_OPTIONS --scenarios FILE --parts WORK/parts
#              --out OUT: the files of one `siting sweep` run
# The merge is not chained with --dependency=afterok: a failed task would leave
# such a job pending forever. This script waits for the array and merges itself.
#
# Usage:
#   run.sh --work DIR --out DIR [--check | --site] [--grid M | --district-level L | --sweep FILE --tasks T]
#          [--max-parallel K] [--cpus-per-task C] [--partition P] [--rerun-failed]
#          -- COVERAGE_OPTIONS...
#   --work DIR         work folder: a new or empty one for a new run (on storage the
#                      compute nodes share); --rerun-failed reuses it
#   --out DIR          where the merged outputs go
#   --check            shard siting check instead of siting coverage: the options after
#                      -- are siting check's (give --plan and --strict there, not in a
#                      --config file, since the plan step leaves them out)
#   --site             shard siting site instead: the options after -- are siting
#                      site's (its own options on the command line, not in a --config
#                      file, as for --check)
#   --grid M           shard by a grid of M-metre squares (passed to siting shard)
#   --district-level L shard by the zones of level L (passed to siting shard)
#   --sweep FILE       run the scenarios of this sweep file instead (siting sweep)
#   --tasks T          with --sweep: in T array tasks, each a batch of scenarios
#                      (T at most the number of scenarios)
#   --max-parallel K   at most K tasks running at once (sbatch --array=...%K)
#   --cpus-per-task C  CPUs per task, and siting's --threads in it (default 1)
#   --partition P      Slurm partition (default: the cluster's default one)
#   --rerun-failed     resubmit only the shards of WORK that did not finish with
#                      exit 0 and a part, then merge; COVERAGE_OPTIONS may be left
#                      out (the stored ones are used), or must equal them
# The siting executable is $SITING if set, else `siting` on PATH. The tasks run in
# the current folder (sbatch --chdir): give absolute paths in COVERAGE_OPTIONS.
# Other sbatch settings through sbatch's own variables, e.g. SBATCH_ACCOUNT,
# SBATCH_TIMELIMIT, SBATCH_MEM_PER_CPU, SBATCH_QOS.
#
# Exit codes:
#   0    merged: OUT holds the outputs
#   1    one or more shards or tasks failed (listed, with their logs); nothing merged
#   4    with --check --strict: merged, and some estate or zone fails the rules;
#        with --site and psclp: merged, and the target cannot be reached (the
#        largest reachable share is reported)
#   2    usage error (bad option, missing COVERAGE_OPTIONS, a WORK in use, ...)
#   3    Slurm refused or could not take the job (no sbatch, unknown partition,
#        more shards than MaxArraySize allows, ...)
#   130, 143  interrupted (SIGINT, SIGTERM): the submitted job is cancelled
#   any other: the exit code of siting shard (the plan) or siting merge, when
#        that step fails (the log line says which); see docs/user-guide.md#exit-codes
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
sbatch_script=$here/siting-array.sbatch

log() { printf '%s siting-slurm: %s\n' "$(date '+%F %T')" "$*"; }
err() { printf '%s siting-slurm: %s\n' "$(date '+%F %T')" "$*" >&2; }
# set -e would stop the script without a word; say where.
trap 'err "stopped by an unexpected error (exit $?) at line $LINENO of $0"' ERR
usage_error() {
  err "usage error: $*"
  echo "usage: run.sh --work DIR --out DIR [--check | --site] [--grid M | --district-level L | --sweep FILE --tasks T] [--max-parallel K] [--cpus-per-task C] [--partition P] [--rerun-failed] -- COVERAGE_OPTIONS..." >&2
  exit 2
}

work="" out="" grid="" level="" sweep="" tasks="" max_parallel="" cpus=1 partition="" rerun=0 command=coverage
opts=() have_opts=0
while [ $# -gt 0 ]; do
  case $1 in
    --work|--out|--grid|--district-level|--sweep|--tasks|--max-parallel|--cpus-per-task|--partition)
      [ $# -ge 2 ] || usage_error "$1 needs a value"
      case $1 in
        --work) work=$2 ;;
        --out) out=$2 ;;
        --grid) grid=$2 ;;
        --district-level) level=$2 ;;
        --sweep) sweep=$2 ;;
        --tasks) tasks=$2 ;;
        --max-parallel) max_parallel=$2 ;;
        --cpus-per-task) cpus=$2 ;;
        --partition) partition=$2 ;;
      esac
      shift 2 ;;
    --rerun-failed) rerun=1; shift ;;
    --check) [ "$command" = coverage ] || usage_error "give --check or --site, not both"; command=check; shift ;;
    --site) [ "$command" = coverage ] || usage_error "give --check or --site, not both"; command=site; shift ;;
    --) shift; opts=("$@"); have_opts=$(($# > 0)); break ;;
    -h|--help) sed -n '3,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) usage_error "unknown option '$1' (the coverage options go after --)" ;;
  esac
done

[ -n "$work" ] || usage_error "--work DIR is required"
[ -n "$out" ] || usage_error "--out DIR is required"
[ -z "$grid" ] || [ -z "$level" ] || usage_error "give --grid or --district-level, not both"
[ -z "$sweep" ] || [ -z "$grid$level" ] || usage_error "--sweep runs scenarios, not shards: leave out --grid and --district-level"
[ -z "$sweep" ] || [ "$command" = coverage ] || usage_error "--sweep runs siting sweep: leave out --$command"
[ -z "$tasks" ] || [ -n "$sweep" ] || usage_error "--tasks is for --sweep"
[ -z "$sweep" ] || [ "$rerun" = 1 ] || [[ $tasks =~ ^[1-9][0-9]*$ ]] ||
  usage_error "--sweep needs --tasks T, a whole number >= 1 (got '${tasks}')"
[[ $cpus =~ ^[1-9][0-9]*$ ]] || usage_error "--cpus-per-task must be a whole number >= 1, got '$cpus'"
[ -z "$max_parallel" ] || [[ $max_parallel =~ ^[1-9][0-9]*$ ]] ||
  usage_error "--max-parallel must be a whole number >= 1, got '$max_parallel'"
# The runner sets these per step; given again among the coverage options they
# would clash (--threads follows --cpus-per-task).
for o in "${opts[@]}"; do
  case $o in
    --out|--out=*|--threads|--threads=*|--shard|--shard=*|--shard-manifest|--shard-manifest=*|--parts|--parts=*|\
    --scenarios|--scenarios=*|--tasks|--tasks=*|--task|--task=*)
      usage_error "$o is set by run.sh, leave it out of COVERAGE_OPTIONS (threads: --cpus-per-task)" ;;
  esac
done
# What a sharded siting cannot do, said before the plan is made and the array
# submitted (each task would refuse it): generated candidates follow the whole
# city's gaps, and pmedian walks past the circle, beyond a shard's halo.
if [ "$command" = site ]; then
  candidates=0 prev=""
  for o in "${opts[@]}"; do
    case $o in
      --candidates|--candidates=*) candidates=1 ;;
      --candidate-spacing|--candidate-spacing=*|--search-minutes|--search-minutes=*|--od|--od=*)
        usage_error "--site: $o cannot be sharded; give the candidates as a layer (--candidates FILE), psclp or mclp, network mode" ;;
      --model=pmedian) usage_error "--site: --model pmedian cannot be sharded (its walks go past the circle); use psclp or mclp" ;;
    esac
    if [ "$prev" = --model ] && [ "$o" = pmedian ]; then
      usage_error "--site: --model pmedian cannot be sharded (its walks go past the circle); use psclp or mclp"
    fi
    prev=$o
  done
  [ "$rerun" = 1 ] || [ "$candidates" = 1 ] ||
    usage_error "--site needs the candidates as a layer (--candidates FILE) among the options after --"
fi

siting=${SITING:-siting}
if [[ $siting != */* ]]; then
  siting=$(command -v -- "$siting") || usage_error "no siting on PATH: install it or set SITING=/path/to/siting"
fi
[[ $siting == /* ]] || siting=$PWD/$siting  # the tasks may start elsewhere
[ -x "$siting" ] && [ ! -d "$siting" ] || usage_error "SITING=$siting is not an executable"
command -v sbatch >/dev/null || { err "sbatch not found: this machine is not a Slurm submit host"; exit 3; }
[ -r "$sbatch_script" ] || { err "missing $sbatch_script"; exit 3; }

# Absolute, for the tasks; created only once the options are known to be good.
if [ -d "$work" ]; then work=$(cd "$work" && pwd); elif [[ $work != /* ]]; then work=$PWD/$work; fi
manifest=$work/plan/manifest.json
options_file=$work/coverage-options
# "check" when WORK is a sharded siting check's (for --rerun-failed and for
# siting-array.sbatch); absent for coverage.
command_file=$work/command
# A sweep's file and task count, NUL-separated, beside the options; its presence
# makes WORK a sweep's (for --rerun-failed and for siting-array.sbatch).
sweep_file=$work/sweep-options
if [ -n "$sweep" ]; then
  [ -r "$sweep" ] || usage_error "--sweep $sweep: no such readable file"
  [[ $sweep == /* ]] || sweep=$PWD/$sweep
fi

# The number of shards: the length of the manifest's "shards" list. Debian's
# python3 first (a venv's may be broken on a compute node), jq otherwise.
count_shards() {
  local py
  for py in /usr/bin/python3 python3; do
    if command -v "$py" >/dev/null; then
      "$py" -c 'import json, sys; print(len(json.load(open(sys.argv[1], encoding="utf-8"))["shards"]))' "$manifest"
      return
    fi
  done
  command -v jq >/dev/null || { err "need python3 or jq to read $manifest"; exit 3; }
  jq '.shards | length' "$manifest"
}

if [ "$rerun" = 1 ]; then
  [ -f "$options_file" ] && { [ -f "$manifest" ] || [ -f "$sweep_file" ]; } ||
    usage_error "--rerun-failed: $work holds no plan or sweep of an earlier run ($manifest or $sweep_file, $options_file)"
  if [ -f "$sweep_file" ]; then
    mapfile -d '' -t stored_sweep < "$sweep_file"
    if [ -n "$sweep" ] && [ "$sweep" != "${stored_sweep[0]}" ]; then
      usage_error "--rerun-failed: $work ran the sweep ${stored_sweep[0]}, not $sweep"
    fi
    sweep=${stored_sweep[0]} tasks=${stored_sweep[1]}
  fi
  mapfile -d '' -t stored < "$options_file"
  if [ "$have_opts" = 1 ] && ! cmp -s <(printf '%s\0' "${opts[@]}") "$options_file"; then
    usage_error "--rerun-failed: COVERAGE_OPTIONS differ from those the plan in $work was made with; leave them out to reuse those, or start a new --work"
  fi
  opts=("${stored[@]}")
  stored_command=coverage
  [ ! -f "$command_file" ] || stored_command=$(cat "$command_file")
  if [ "$command" != coverage ] && [ "$command" != "$stored_command" ]; then
    usage_error "--rerun-failed --$command: $work holds a sharded siting $stored_command"
  fi
  command=$stored_command
  # A task of an earlier submission still queued or running would write the same
  # part as its resubmission.
  if [ -s "$work/jobs" ]; then
    active=$(squeue -h -o %i -j "$(paste -sd, "$work/jobs")" 2>/dev/null || true)
    [ -z "$active" ] || usage_error "--rerun-failed: job(s) of $work still queued or running: ${active//$'\n'/ }; wait for them, or scancel them, then rerun"
  fi
  if [ -n "$grid$level" ]; then log "--rerun-failed: the plan in $work is reused; --grid/--district-level ignored"; fi
elif [ -n "$sweep" ]; then
  [ "$have_opts" = 1 ] || usage_error "COVERAGE_OPTIONS are required after -- (e.g. -- --parcels /abs/estates.geojson --facilities ... --roads ...)"
  if [ -e "$work/plan" ] || [ -e "$options_file" ] || [ -e "$work/parts" ]; then
    usage_error "$work already holds a run: finish it with --rerun-failed, or use a new --work"
  fi
  # More tasks than scenarios would fail every task; say so before submitting.
  scenarios=$(/usr/bin/python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1], encoding="utf-8"))["scenarios"]))' "$sweep" 2>/dev/null || true)
  if [[ $scenarios =~ ^[0-9]+$ ]] && [ "$tasks" -gt "$scenarios" ]; then
    usage_error "--tasks $tasks is more than the $scenarios scenarios of $sweep"
  fi
  mkdir -p "$work"
  printf '%s\0' "$sweep" "$tasks" > "$sweep_file"
  printf '%s\0' "${opts[@]}" > "$options_file"
  log "sweep: ${scenarios:-the} scenarios of $sweep in $tasks task(s)"
else
  [ "$have_opts" = 1 ] || usage_error "COVERAGE_OPTIONS are required after -- (e.g. -- --parcels /abs/estates.geojson --facilities ... --roads ...)"
  if [ -e "$work/plan" ] || [ -e "$options_file" ] || [ -e "$work/parts" ]; then
    usage_error "$work already holds a run: finish it with --rerun-failed, or use a new --work (or remove plan/, parts/, status/, logs/ and coverage-options from it)"
  fi
  # The tasks start in this folder too, but on another machine a relative path
  # depends on this folder being shared there under the same name.
  for o in "${opts[@]}"; do
    if [[ $o != -* && $o != /* && -e $o ]]; then
      log "note: '$o' is a relative path; the tasks read it relative to $PWD (absolute paths are safer)"
    fi
  done
  plan_args=()
  [ -z "$grid" ] || plan_args=(--grid "$grid")
  [ -z "$level" ] || plan_args=(--district-level "$level")
  # The plan takes the input and walk options; a check's --plan and --strict
  # are the check's alone, and a siting's candidates and model the siting's.
  shard_opts=()
  skip=0
  for o in "${opts[@]}"; do
    if [ "$skip" = 1 ]; then skip=0; continue; fi
    if [ "$command" = check ]; then
      case $o in
        --plan) skip=1; continue ;;
        --plan=*|--strict) continue ;;
      esac
    elif [ "$command" = site ]; then
      case $o in
        --candidates|--candidates-layer|--candidates-where|--candidates-field|--model|--k|--target|--time-limit|--weight)
          skip=1; continue ;;
        --candidates=*|--candidates-*=*|--model=*|--k=*|--target=*|--time-limit=*|--weight=*) continue ;;
        --single-assignment|--no-capacity|--exact) continue ;;
      esac
    fi
    shard_opts+=("$o")
  done
  mkdir -p "$work"
  [ "$command" = coverage ] || echo "$command" > "$command_file"
  log "plan: $siting shard${plan_args[*]:+ ${plan_args[*]}} --out $work/plan (for siting $command)"
  t0=$SECONDS
  code=0
  "$siting" shard "${shard_opts[@]}" "${plan_args[@]}" --out "$work/plan" || code=$?
  # siting leaves no plan behind when it fails, so the same command can be run again.
  if [ "$code" != 0 ]; then err "plan failed: siting shard exited $code; nothing submitted"; exit "$code"; fi
  log "plan: done in $((SECONDS - t0)) s"
  # NUL-separated: the only byte no path or option can hold.
  printf '%s\0' "${opts[@]}" > "$options_file"
fi
mkdir -p "$work/parts" "$work/status" "$work/logs"

# What an array task is: a shard of the plan, or a batch of the sweep's scenarios.
if [ -n "$sweep" ]; then
  unit=task n=$tasks
else
  unit=shard
  n=$(count_shards) || n=""
  [[ $n =~ ^[0-9]+$ ]] || { err "cannot read the number of shards from $manifest"; exit 3; }
  log "plan: $n shards in $manifest"
fi

# A shard (or task) is done when its task recorded exit 0 and its part is there; anything
# else (a non-zero exit, no status file because Slurm killed the task or never ran
# it, a missing part) is failed. This needs no accounting database.
failed=()
find_failed() {
  failed=()
  local i s
  for ((i = 0; i < n; i++)); do
    s=$(printf '%04d' "$i")
    if [ "$(cat "$work/status/$unit-$s" 2>/dev/null)" != 0 ] || [ ! -d "$work/parts/$unit-$s" ]; then
      failed+=("$i")
    fi
  done
}

# "0 1 2 5 7 8" -> "0-2,5,7-8", for --array.
ranges() {
  local spec="" start="" prev="" i
  for i in "$@"; do
    if [ -n "$start" ] && [ "$i" = $((prev + 1)) ]; then prev=$i; continue; fi
    [ -z "$start" ] || spec+="${spec:+,}$start$([ "$prev" = "$start" ] || echo "-$prev")"
    start=$i prev=$i
  done
  [ -z "$start" ] || spec+="${spec:+,}$start$([ "$prev" = "$start" ] || echo "-$prev")"
  echo "$spec"
}

# Slurm's own word on each task (TIMEOUT, OUT_OF_MEMORY, CANCELLED, ...), for the
# report only: from sacct when the cluster keeps accounting, else from scontrol
# while slurmctld still remembers the job (MinJobAge, 300 s by default).
declare -A slurm_state=()
read_states() {
  local job=$1 line
  slurm_state=()
  if line=$(sacct -n -P -X -j "$job" --format=JobID,State 2>/dev/null) && [[ $line == *"${job}_"* ]]; then
    while IFS='|' read -r jid state; do
      if [[ $jid =~ ^${job}_([0-9]+)$ ]]; then slurm_state[${BASH_REMATCH[1]}]=${state%% *}; fi
    done <<< "$line"
  elif line=$(scontrol -o show job "$job" 2>/dev/null); then
    while read -r rec; do
      [[ $rec =~ ArrayTaskId=([0-9]+)[[:space:]] ]] || continue
      local idx=${BASH_REMATCH[1]}
      if [[ $rec =~ JobState=([A-Z_]+) ]]; then slurm_state[$idx]=${BASH_REMATCH[1]}; fi
    done <<< "$line"
  fi
  return 0
}

jobid=""
sb_pid=""
on_signal() {
  local code=$1
  err "interrupted: cancelling job ${jobid:-(not submitted yet)}"
  [ -z "$jobid" ] || scancel "$jobid" 2>/dev/null || true
  [ -z "$sb_pid" ] || kill "$sb_pid" 2>/dev/null || true
  exit "$code"
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

# sbatch --parsable prints "JOBID" or "JOBID;CLUSTER" once the job is queued;
# the job ids are kept in WORK/jobs for sacct or scontrol afterwards.
read_jobid() {
  local line=""
  # read fails until the whole line, newline included, is there.
  [ -f "$work/logs/sbatch.out" ] && IFS= read -r line < "$work/logs/sbatch.out" || return 1
  line=${line%%;*}
  [[ $line =~ ^[0-9]+$ ]] || return 1
  jobid=$line
  echo "$jobid" >> "$work/jobs"
}

# Submits the array tasks $@ and waits for them (sbatch --wait, in the background
# so that a signal reaches the trap above at once, and progress can be shown).
submit() {
  local ids=("$@") spec i s
  spec=$(ranges "${ids[@]}")
  for i in "${ids[@]}"; do rm -f "$work/status/$unit-$(printf '%04d' "$i")"; done
  local args=(--parsable --wait --array="$spec${max_parallel:+%$max_parallel}"
    --job-name=siting-$unit --ntasks=1 --cpus-per-task="$cpus" --chdir="$PWD"
    # %4a: the array index zero-padded to 4 digits, as in parts/shard-NNNN. A % in
    # the folder's own name is doubled, or Slurm would read it as a pattern.
    --output="${work//%/%%}/logs/$unit-%4a.log")
  [ -z "$partition" ] || args+=(--partition="$partition")
  log "submit: ${#ids[@]} task(s), --array=$spec${max_parallel:+%$max_parallel}, $cpus CPU(s) each${partition:+, partition $partition}"
  local t0=$SECONDS
  rm -f "$work/logs/sbatch.out" "$work/logs/sbatch.err"
  sbatch "${args[@]}" "$sbatch_script" "$work" "$siting" > "$work/logs/sbatch.out" 2> "$work/logs/sbatch.err" &
  sb_pid=$!
  local last=$SECONDS done_count
  while kill -0 "$sb_pid" 2>/dev/null; do
    if [ -z "$jobid" ] && read_jobid; then log "submit: job $jobid, logs in $work/logs/"; fi
    if [ $((SECONDS - last)) -ge 60 ]; then
      last=$SECONDS done_count=0
      for i in "${ids[@]}"; do [ ! -f "$work/status/$unit-$(printf '%04d' "$i")" ] || done_count=$((done_count + 1)); done
      log "wait: $done_count of ${#ids[@]} task(s) finished after $((SECONDS - t0)) s"
    fi
    sleep 1
  done
  local code=0
  wait "$sb_pid" || code=$?
  sb_pid=""
  if [ -z "$jobid" ] && ! read_jobid; then
    err "sbatch refused the job (exit $code): $(cat "$work/logs/sbatch.err")"
    err "the plan in $work stays; once the cause is fixed, submit it with: $0 --work $work --out $out --rerun-failed [--partition P ...]"
    exit 3
  fi
  log "wait: job $jobid ended after $((SECONDS - t0)) s (sbatch --wait exit $code)"
  read_states "$jobid"
}

report_failed() {
  local i s code state
  err "${#failed[@]} of $n $unit(s) failed: ${failed[*]}; nothing merged"
  for i in "${failed[@]}"; do
    s=$(printf '%04d' "$i")
    code=$(cat "$work/status/$unit-$s" 2>/dev/null || true)
    state=${slurm_state[$i]:-}
    if [ -z "$code" ]; then
      code="no exit status (killed by Slurm, or it never ran)"
    elif [ "$code" = 0 ]; then
      code="exit 0 but no part $work/parts/$unit-$s"
    else
      code="exit $code"
    fi
    err "$unit $i failed: $code${state:+, Slurm state $state}; log $work/logs/$unit-$s.log"
    if [ -f "$work/logs/$unit-$s.log" ]; then
      tail -n 15 "$work/logs/$unit-$s.log" | sed 's/^/    | /' >&2
    fi
  done
  err "fix the cause, then resubmit only these with: $0 --work $work --out $out --rerun-failed"
}

if [ "$rerun" = 1 ]; then
  find_failed
  if [ ${#failed[@]} = 0 ]; then
    log "rerun: all $n ${unit}s of $work are done; nothing to resubmit"
  else
    log "rerun: $unit(s) ${failed[*]} of $n to resubmit"
    submit "${failed[@]}"
  fi
elif [ "$n" -gt 0 ]; then
  max_array=$(scontrol show config 2>/dev/null | sed -n 's/^MaxArraySize *= *\([0-9]*\).*/\1/p')
  if [ -n "$max_array" ] && [ "$n" -gt "$max_array" ]; then
    err "$n ${unit}s, but this cluster's MaxArraySize is $max_array: use a coarser --grid or a higher --district-level, or fewer --tasks"
    exit 3
  fi
  submit $(seq 0 $((n - 1)))
fi

find_failed
if [ ${#failed[@]} -gt 0 ]; then
  report_failed
  exit 1
fi
log "${unit}s: all $n done"

# A sharded check merges with siting check itself: the merge is where its rules run.
merger=merge
if [ -n "$sweep" ]; then merge_args=(--scenarios "$sweep"); else merge_args=(--shard-manifest "$manifest"); fi
[ "$command" = coverage ] || merger=$command
log "merge: $siting $merger ${merge_args[*]} --parts $work/parts --out $out"
t0=$SECONDS
code=0
"$siting" "$merger" "${opts[@]}" "${merge_args[@]}" --parts "$work/parts" --out "$out" || code=$?
if [ "$merger" = check ] && [ "$code" = 1 ]; then
  log "merge: done in $((SECONDS - t0)) s; outputs in $out"
  err "check: some estate or zone fails the rules (--strict); see $out/summary.json"
  exit 4
fi
if [ "$merger" = site ] && [ "$code" = 1 ]; then
  log "merge: done in $((SECONDS - t0)) s; outputs in $out"
  err "site: the psclp target cannot be reached with these candidates; see $out/summary.json"
  exit 4
fi
if [ "$code" != 0 ]; then err "merge failed: siting $merger exited $code"; exit "$code"; fi
log "merge: done in $((SECONDS - t0)) s; outputs in $out"
