#!/usr/bin/env bash
# Sweeps end to end: run, resume after kill -9, failures recorded, shards, collect into CSV and SQLite, Slurm script.
# Usage: tests/cli/sweep.sh CLUSTERSIM_BINARY SOURCE_DIR
set -euo pipefail
BIN=$1
SRC=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
passed=0 failed=0
check() {  # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else echo "FAIL: $name" >&2; failed=$((failed + 1)); fi
}
count() { find "$1" -mindepth 1 -maxdepth 1 "${@:2}" 2>/dev/null | wc -l; }

SWEEP=$SRC/workloads/sweeps/link-rate.yaml
ids=$("$BIN" sweep "$SWEEP" --list | awk '{print $2}' | sort)
n=$(echo "$ids" | wc -l)
check "link-rate has 11 points (12 less one excluded)" test "$n" -eq 11

# 1. A full run, then collect.
"$BIN" sweep "$SWEEP" --out "$WORK/a" --jobs 2 --no-progress > "$WORK/a.log"
check "every point has a summary" test "$(count "$WORK/a/points" -name '*[0-9a-f]' -type d)" -eq 11
check "point directories are named by ID" test "$(ls "$WORK/a/points" | sort)" = "$ids"
"$BIN" sweep collect "$WORK/a" > /dev/null
check "results.csv loads in Python's csv with the expected columns" python3 - "$WORK/a/results.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 11, len(rows)
for col in ("id", "status", "axis.fabric.link.bw", "axis.training.global_batch", "time.mean_iteration_s", "energy.kWh"):
    assert col in rows[0], col
assert all(r["status"] == "ok" for r in rows)
assert [int(r["index"]) for r in rows] == list(range(11))
PY
check "results.sqlite answers queries" python3 - "$WORK/a/results.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
(n,) = db.execute("SELECT COUNT(*) FROM results WHERE status = 'ok'").fetchone()
assert n == 11, n
(fast,) = db.execute('SELECT MIN("time.mean_iteration_s") FROM results WHERE "axis.fabric.link.bw" = \'400Gbps\'').fetchone()
(slow,) = db.execute('SELECT MIN("time.mean_iteration_s") FROM results WHERE "axis.fabric.link.bw" = \'100Gbps\'').fetchone()
assert fast < slow, (fast, slow)
PY

# 2. Running again finds everything done and runs nothing.
"$BIN" sweep "$SWEEP" --out "$WORK/a" --no-progress > "$WORK/a2.log"
check "a second run skips every finished point" grep -q "0 done, 0 failed, 11 finished before" "$WORK/a2.log"

# 3. kill -9 in the middle, then resume: every point exactly once.
BIG=$SRC/workloads/sweeps/layout-search.yaml
big_ids=$("$BIN" sweep "$BIG" --list | awk '{print $2}' | sort)
setsid "$BIN" sweep "$BIG" --out "$WORK/b" --jobs 1 --no-progress > /dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do
  [ "$(count "$WORK/b/points" -type d -not -name '*.tmp-*')" -ge 2 ] && break
  sleep 0.1
done
kill -9 -- -"$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
before=$(( $(count "$WORK/b/points" -type d -not -name '*.tmp-*') + $(count "$WORK/b/failed" -name '*.json') ))
check "the kill came mid-sweep" test "$before" -lt "$(echo "$big_ids" | wc -l)"
"$BIN" sweep "$BIG" --out "$WORK/b" --jobs 2 --no-progress > "$WORK/b.log"
after=$( (ls "$WORK/b/points" | grep -v '\.tmp-'; ls "$WORK/b/failed" | sed 's/\.json$//') | sort)
check "after resuming, every point is there exactly once" test "$after" = "$big_ids"

# 4. Points that cannot run are recorded, and the others still run.
check "the too-big model is recorded as infeasible" grep -lq '"status": "infeasible"' "$WORK"/b/failed/*.json
check "its error says why" grep -q "does not fit in GPU memory" "$(grep -l infeasible "$WORK"/b/failed/*.json | head -1)"
check "half the points (the 2.7B model) succeeded" test "$(count "$WORK/b/points" -type d -not -name '*.tmp-*')" -eq 12

# 5. Shards partition the points.
for i in 0 1 2; do "$BIN" sweep "$SWEEP" --out "$WORK/c" --shard "$i/3" --no-progress > /dev/null; done
check "three shards cover every point once" test "$(ls "$WORK/c/points" | sort)" = "$ids"
check "a bad shard is refused" bash -c "! '$BIN' sweep '$SWEEP' --out '$WORK/d' --shard 3/3 2> /dev/null"

# 6. Slurm: the job array script, written for the user to submit.
"$BIN" sweep "$SWEEP" --out "$WORK/e" --slurm --no-submit --array-size 4 --partition debug > /dev/null
check "the sbatch script is an array of 4 shards" grep -q -- "--array=0-3" "$WORK/e/sweep.sbatch"
check "each task runs its shard" grep -q 'shard "${SLURM_ARRAY_TASK_ID}/4"' "$WORK/e/sweep.sbatch"

echo "sweep: $passed passed, $failed failed"
test "$failed" -eq 0
