#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A throwaway one-node Slurm cluster on localhost, sourced by tests/slurm/run.sh
# (the CI test) and bench/shard/slurm.sh (the 10M-segment measurement): munged,
# slurmctld and slurmd with a minimal slurm.conf, all in $tmp/cluster, as root or
# not, stopped by their PIDs. The sourcing script sets py (Debian's python3) and
# defines now, since and say; sourcing makes the folder $tmp and sets the traps
# that stop everything and remove it on exit; then the script calls start_cluster.
# shellcheck shell=bash

tmp=$(mktemp -d)
# munged warns when others cannot reach its socket's folder; the jobs run as root
# here, but a non-root run needs the folder open too.
chmod 755 "$tmp"
pids=()
stop() {
  # Jobs first, so that no slurmstepd outlives its slurmd, then the daemons in
  # reverse order of start, each by its PID; the folder goes last.
  if [ ${#pids[@]} -gt 0 ] && [ -n "${SLURM_CONF:-}" ]; then
    local jobs
    jobs=$(squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ') || true
    if [ -n "${jobs// /}" ]; then
      # shellcheck disable=SC2086
      scancel $jobs 2>/dev/null || true
      for _ in $(seq 20); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.5; done
    fi
  fi
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    for _ in $(seq 50); do kill -0 "${pids[i]}" 2>/dev/null || break; sleep 0.1; done
    kill -9 "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
  rm -rf "$tmp"
}

trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_logs() {
  local d f
  # In the foreground the daemons copy their log to stdout; that copy is shown
  # only when the log is empty (an error before the log file was opened).
  echo "(the daemons of a new cluster always log a few harmless errors: no PMIx library, no state files yet)"
  for d in munged slurmctld slurmd; do
    f=$tmp/cluster/$d.log
    [ -s "$f" ] || f=$tmp/cluster/$d.stdout
    [ -s "$f" ] || continue
    echo "---- $f (last 40 lines)"; tail -n 40 "$f"
  done
}

# Starts the cluster in $tmp/cluster and exports SLURM_CONF; sets c, host,
# ctld_port and slurmd_port. Exits 1, with the daemons' logs, when the node does
# not come up.
start_cluster() {
  t_cluster=$(now)
  c=$tmp/cluster
  mkdir -p "$c/state" "$c/spool"
  if command -v mungekey >/dev/null; then
    mungekey -c -k "$c/munge.key"
  else
    dd if=/dev/urandom of="$c/munge.key" bs=1 count=1024 status=none
  fi
  chmod 600 "$c/munge.key"
  # Its own socket, key, PID, log and seed files: never the machine's munged. As
  # root it needs --force (it refuses to run as root otherwise). -F: in the
  # foreground, a child of this script, so stop() can end it by its PID.
  munged -F --force --socket="$c/munge.socket" --key-file="$c/munge.key" --pid-file="$c/munged.pid" \
    --log-file="$c/munged.log" --seed-file="$c/munged.seed" > "$c/munged.stdout" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do [ -S "$c/munge.socket" ] && break; sleep 0.1; done
  if [ ! -S "$c/munge.socket" ]; then echo "FAIL: munged did not start"; show_logs; exit 1; fi

  host=$(hostname -s)
  # Two ports from our PID, as the PostGIS test picks its port.
  ctld_port=$((16000 + $$ % 1000 * 2))
  slurmd_port=$((ctld_port + 1))
  # NodeAddr/SlurmctldHost with 127.0.0.1: nothing depends on the host name resolving.
  # AuthInfo=socket: slurmctld, slurmd, slurmstepd and the clients (sbatch, sinfo,
  # squeue, scancel, scontrol) all read it from this file, so they all talk to our
  # munged. SlurmUser/SlurmdUser: whoever runs the test, root in CI.
  me=$(id -un)
  cat > "$c/slurm.conf" <<EOF
ClusterName=sitingtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$c/munge.socket
SlurmUser=$me
SlurmdUser=$me
StateSaveLocation=$c/state
SlurmdSpoolDir=$c/spool
SlurmctldPidFile=$c/slurmctld.pid
SlurmdPidFile=$c/slurmd.pid
SlurmctldLogFile=$c/slurmctld.log
SlurmdLogFile=$c/slurmd.log
# No cgroups: containers and CI machines rarely let us have them.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
# One CPU per task, several tasks on the node at once (select/linear would give
# each task the whole node).
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
# Nothing mails; without it slurmctld logs an error for the missing /bin/mail.
MailProg=/bin/true
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF=$c/slurm.conf
  # -D: in the foreground, children of this script, stopped by their PIDs.
  slurmctld -D -f "$SLURM_CONF" > "$c/slurmctld.stdout" 2>&1 &
  pids+=($!)
  slurmd -D -f "$SLURM_CONF" > "$c/slurmd.stdout" 2>&1 &
  pids+=($!)
  state=""
  for _ in $(seq 60); do
    state=$(sinfo -h -N -n "$host" -o %T 2>/dev/null || true)
    [ "$state" = idle ] && break
    sleep 0.5
  done
  if [ "$state" != idle ]; then
    echo "FAIL: the Slurm node is not idle after 30 s (sinfo: '${state:-no answer}')"
    show_logs
    exit 1
  fi
  say "cluster up in $(since "$t_cluster") s: node $host, $(nproc) CPUs, slurmctld port $ctld_port, slurmd port $slurmd_port"
}
