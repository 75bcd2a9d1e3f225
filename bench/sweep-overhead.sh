#!/usr/bin/env bash
# The sweep runner's own cost per point: a sweep of N identical small points against N plain `clustersim run`s.
# Target: under 50 ms per point. Also times a 1,000-point sweep on all cores.
# Usage: bench/sweep-overhead.sh [BUILD_DIR] [N]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build}/clustersim
N=${2:-100}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/sweep.yaml" <<YAML
topology: $PWD/topologies/tiny-16.yaml
workload: $PWD/workloads/dp-gpt3-xl.yaml
axes:
  - {key: training.iterations, range: {from: 1, to: $N, step: 1}}
YAML
start=$(date +%s.%N)
for i in $(seq 1 "$N"); do "$BIN" run -q --set training.iterations="$i" --out "$WORK/run"; done
runs=$(echo "$(date +%s.%N) - $start" | bc)
start=$(date +%s.%N)
"$BIN" sweep "$WORK/sweep.yaml" --out "$WORK/sweep" --jobs 1 --no-progress > /dev/null
sweep=$(echo "$(date +%s.%N) - $start" | bc)
# A point in a sweep is a fork of the runner, not a new process image, so it can cost less than a plain run.
printf '%d plain runs: %.2f s (%.1f ms each); a %d-point sweep, 1 job: %.2f s (%.1f ms per point); runner overhead %.1f ms per point\n' \
  "$N" "$runs" "$(echo "$runs * 1000 / $N" | bc -l)" "$N" "$sweep" "$(echo "$sweep * 1000 / $N" | bc -l)" \
  "$(echo "($sweep - $runs) * 1000 / $N" | bc -l)"

cat > "$WORK/big.yaml" <<YAML
topology: $PWD/topologies/tiny-16.yaml
workload: $PWD/workloads/dp-gpt3-xl.yaml
set: [training.iterations=1]
axes:
  - {key: fabric.link.bw, values: [100Gbps, 200Gbps, 300Gbps, 400Gbps]}
  - {key: training.global_batch, range: {from: 16, to: 4000, step: 16}}
YAML
/usr/bin/time -f "%e %M" -o "$WORK/t" "$BIN" sweep "$WORK/big.yaml" --out "$WORK/big" --jobs "$(nproc)" --no-progress > /dev/null
read -r wall kb < "$WORK/t"
points=$(find "$WORK/big/points" -mindepth 1 -maxdepth 1 -type d | wc -l)
printf '%d-point sweep on %d cores: %.1f s wall, %.0f MiB peak (parent)\n' "$points" "$(nproc)" "$wall" "$(echo "$kb/1024" | bc -l)"
