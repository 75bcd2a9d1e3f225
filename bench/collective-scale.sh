#!/usr/bin/env bash
# Wall time and peak memory of `clustersim collective` as the GPU count grows (issue 4's performance targets):
#   1. a 1 GiB ring all-reduce, 8 rail-aligned channels, on the rail-optimized architecture preset at N = 64 … 8192
#      (3 tiers from 8192: 8 spines per group of 4 SUs under 64 cores); also with 1 channel;
#   2. all-to-all among 256 GPUs, 64 KiB to 64 MiB per pair (16 MiB to 16 GiB per rank);
#   3. the full nccl-tests-style sweep, 8 B to 8 GiB, all-reduce on 1,024 GPUs.
# Usage: bench/collective-scale.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build}/clustersim
TOPO=topologies/arch-1024-rail-optimized.yaml
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

timed() {  # label command...
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$WORK/t" "$@" > "$WORK/out"
  read -r wall kb < "$WORK/t"
  printf '%-58s %7.2f s wall %7.0f MiB peak   %s\n' "$label" "$wall" "$(echo "$kb/1024" | bc -l)" \
    "$(grep -v '^#' "$WORK/out" | tail -1 | awk '{print "busbw " $7 " GB/s"}')"
}

fabric() {  # GPUs -> --set arguments for the rail-optimized preset
  local nodes=$(($1 / 8))
  local su=$((nodes < 32 ? nodes : 32))
  local args=(--set "nodes=$nodes" --set "fabric.nodes_per_su=$su")
  # 2 tiers up to 4,096 GPUs (spines sized so each has 128 of its 144 ports down), 3 tiers at 8,192.
  case $nodes in
    256) args+=(--set fabric.spines=16) ;;
    512) args+=(--set fabric.spines=32) ;;
    1024) args+=(--set fabric.spines=8 --set fabric.cores=64) ;;
  esac
  echo "${args[@]}"
}

for n in 64 128 256 512 1024 2048 4096 8192; do
  # shellcheck disable=SC2046
  timed "all-reduce 1 GiB, ring, 8 channels, N=$n" "$BIN" collective -t "$TOPO" $(fabric "$n") --op allreduce -b 1G -e 1G
done
# shellcheck disable=SC2046
timed "all-reduce 1 GiB, ring, 1 channel, N=8192" "$BIN" collective -t "$TOPO" $(fabric 8192) --op allreduce \
  -b 1G -e 1G --channels 1
# shellcheck disable=SC2046
timed "all-to-all, 256 GPUs, 16 MiB-16 GiB per rank (shifted)" "$BIN" collective -t "$TOPO" $(fabric 256) \
  --op alltoall -b 16M -e 16G -f 4
# shellcheck disable=SC2046
timed "all-to-all, 256 GPUs, 16 MiB-16 GiB per rank (pxn)" "$BIN" collective -t "$TOPO" $(fabric 256) \
  --op alltoall --algo pxn -b 16M -e 16G -f 4
timed "all-reduce sweep 8 B-8 GiB, ring, 1024 GPUs" "$BIN" collective -t "$TOPO" --op allreduce -b 8 -e 8G -f 2
timed "all-reduce sweep 8 B-8 GiB, auto, 1024 GPUs" "$BIN" collective -t "$TOPO" --op allreduce --algo auto \
  -b 8 -e 8G -f 2
