#!/usr/bin/env bash
# Wall time and peak memory of `clustersim topo` (graph, routing tables, counts, hops, bisection max-flow) and of
# building the SimGrid platform, on a 103,680-GPU three-tier fat tree. Target: each under 10 s and 4 GiB.
# Usage: bench/topo-scale.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build}/clustersim
measure() {
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o /tmp/clustersim-bench.$$ "$@" > /dev/null
  read -r wall kb < /tmp/clustersim-bench.$$
  rm -f /tmp/clustersim-bench.$$
  printf '%-36s %8.2f s wall %10.1f MiB peak\n' "$label" "$wall" "$(echo "$kb / 1024" | bc -l)"
}
echo "bench-100k: $(${BIN} topo bench/topo-100k.yaml --json | grep -m1 '"gpus"')"
measure "topo (counts, hops, bisection)" "$BIN" topo bench/topo-100k.yaml
measure "topo --platform (+ SimGrid build)" "$BIN" topo bench/topo-100k.yaml --platform
