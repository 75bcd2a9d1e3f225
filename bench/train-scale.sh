#!/usr/bin/env bash
# One training step of the layered presets: wall time and peak memory of `clustersim run`.
# Targets (issue 5): Llama 3 405B on 16K H100 under 60 s; DeepSeek-V3 on 2,048 H800 under 30 s and 4 GiB.
# Usage: bench/train-scale.sh [BUILD_DIR] [DEEPSEEK_GLOBAL_BATCH]
#   DEEPSEEK_GLOBAL_BATCH defaults to the preset's 15,360 sequences (120 DualPipe chunks); a smaller multiple of
#   4,096 (32 chunks per 4,096) gives a quicker, shorter step.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build}/clustersim
DS_BATCH=${2:-15360}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

one() {  # label topology workload [--set ...]
  local label=$1 topo=$2 work=$3
  shift 3
  /usr/bin/time -f "%e %M" -o "$WORK/t" "$BIN" run -q --topology "$topo" --workload "$work" --out "$WORK/out" "$@"
  read -r wall kb < "$WORK/t"
  local step
  step=$(python3 - "$WORK/out/summary.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
t = j['workload']['training']
r = t['replicas']
fold = '' if r['simulated_units'] == r['units'] else (', exact' if r['exact'] else ', approximate')
print(f"step {t['step_s']:.3f} s, MFU {j['compute']['mfu'] * 100:.1f}%, "
      f"{r['simulated_units']}/{r['units']} replica units simulated{fold}")
PY
)
  printf '%-44s %8.1f s wall %8.0f MiB peak   (%s)\n' "$label" "$wall" "$(echo "$kb/1024" | bc -l)" "$step"
}

one "Llama 3 8B, 16 GPUs" topologies/tiny-16.yaml workloads/llama3-8b-tiny.yaml
one "GPT-3 175B, 1,024 H100" topologies/dgx-h100-superpod-1024.yaml workloads/gpt3-175b-1024.yaml
one "Llama 3 405B, 16,384 H100" topologies/llama3-16k-roce.yaml workloads/llama3-405b-16k.yaml
one "DeepSeek-V3, 2,048 H800, batch $DS_BATCH" topologies/h800-2048-multiplane.yaml workloads/deepseek-v3-2048.yaml \
  --set "training.global_batch=$DS_BATCH"
