#!/usr/bin/env bash
# A real Slurm on localhost (Debian's slurm-wlm and munge; shared/reference/slurm-local.md): submit a sweep with
# --slurm, wait, collect, and compare with the same sweep run locally: byte-identical point results.
# Exits 77 (ctest: skipped) with a reason when Slurm is not installed or cannot start here.
# Usage: tests/cli/slurm.sh CLUSTERSIM_BINARY SOURCE_DIR
set -uo pipefail
BIN=$(readlink -f "$1")
SRC=$(readlink -f "$2")
skip() { echo "SKIPPED: $*"; exit 77; }
for tool in slurmctld slurmd sbatch squeue munged munge; do
  command -v "$tool" > /dev/null || skip "$tool not installed (apt-get install slurm-wlm munge; .ci/deps dev does)"
done
[ "$(id -u)" -eq 0 ] || skip "needs root to start slurmctld and slurmd"

D=$(mktemp -d)
PIDS=()
cleanup() {
  # Stop only what this test started, by PID (other processes may share the machine).
  for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null; done
  for f in "$D/slurmctld.pid" "$D/slurmd.pid"; do [ -f "$f" ] && kill "$(cat "$f")" 2> /dev/null; done
  sleep 1
  rm -rf "$D"
}
trap cleanup EXIT

# munge: reuse a running daemon, else start one with its own socket.
if munge -n 2> /dev/null | unmunge > /dev/null 2>&1; then
  :
else
  mkdir -p /run/munge && chown munge:munge /run/munge 2> /dev/null
  [ -f /etc/munge/munge.key ] || skip "no /etc/munge/munge.key"
  # The pid file must be where the munge user may write.
  MUNGE_PID=/run/munge/clustersim-test-$$.pid
  runuser -u munge -- /usr/sbin/munged --pid-file="$MUNGE_PID" 2> "$D/munged.err" || skip "munged does not start: $(cat "$D/munged.err")"
  sleep 1
  [ -f "$MUNGE_PID" ] && PIDS+=("$(cat "$MUNGE_PID")")
  munge -n | unmunge > /dev/null 2>&1 || skip "munge authentication does not work"
fi

HOST=$(hostname -s)
mkdir -p "$D/state" "$D/spool" "$D/log"
cat > "$D/slurm.conf" <<CONF
ClusterName=clustersimtest
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/pgid
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
NodeName=$HOST CPUs=$(nproc) RealMemory=2000 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$D/slurm.conf
slurmctld -D -f "$SLURM_CONF" > "$D/log/ctld.out" 2>&1 &
PIDS+=($!)
sleep 2
slurmd -D -f "$SLURM_CONF" > "$D/log/d.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 30); do sinfo -h -o %T 2> /dev/null | grep -qE "idle|mixed" && break; sleep 1; done
sinfo -h -o %T 2> /dev/null | grep -qE "idle|mixed" || skip "the local Slurm did not come up: $(tail -3 "$D/log/slurmctld.log" 2> /dev/null)"

SWEEP=$SRC/workloads/sweeps/link-rate.yaml
"$BIN" sweep "$SWEEP" --out "$D/local" --jobs 2 --no-progress > /dev/null || { echo "FAIL: local sweep"; exit 1; }
"$BIN" sweep "$SWEEP" --out "$D/slurm" --slurm --array-size 3 --partition debug > "$D/submit.log" || {
  echo "FAIL: submission"; cat "$D/submit.log"; exit 1; }
grep -q "Submitted batch job" "$D/submit.log" || { echo "FAIL: sbatch did not submit"; cat "$D/submit.log"; exit 1; }
for _ in $(seq 120); do
  [ -z "$(squeue -h 2> /dev/null)" ] && break
  sleep 1
done
[ -z "$(squeue -h 2> /dev/null)" ] || { echo "FAIL: the job array did not finish in 120 s"; exit 1; }

passed=0 failed=0
"$BIN" sweep collect "$D/slurm" > /dev/null && "$BIN" sweep collect "$D/local" > /dev/null
if [ "$(ls "$D/slurm/points" | sort)" = "$(ls "$D/local/points" | sort)" ] && [ "$(ls "$D/local/points" | wc -l)" -eq 11 ]; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); echo "FAIL: the Slurm run has other points than the local one"
fi
if diff -r -q "$D/local/points" "$D/slurm/points" > /dev/null; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); echo "FAIL: point results differ between Slurm and local runs"
fi
if cmp -s "$D/local/results.csv" "$D/slurm/results.csv"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); echo "FAIL: results.csv differs"
fi
echo "slurm: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
