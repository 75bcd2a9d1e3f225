// SPDX-License-Identifier: Apache-2.0
// Synchronous data-parallel training as an op graph: per iteration, forward+backward on every GPU, then one
// gradient all-reduce over all GPUs, then the next iteration.
#pragma once

#include "catalog/parts.hpp"
#include "collective/collective_plan.hpp"
#include "workload/op_graph.hpp"
#include "workload/training_spec.hpp"

namespace cs {

// Mixed-precision Adam keeps 16 bytes per parameter: BF16 weights and gradients (2 + 2) and FP32 master weights,
// momentum and variance (4 + 4 + 4). ZeRO paper (Rajbhandari et al., SC'20) §3.1 [unverified (memory)]; not in
// reference/. Activations are not counted yet.
constexpr double MODEL_STATE_BYTES_PER_PARAM = 16;

struct TrainingPlan {
  OpGraph graph;
  double params               = 0;
  double tokens_per_iteration = 0;  // over all GPUs
  double model_flops_per_gpu  = 0;  // per iteration, 6·P·tokens/dp
  double grad_bytes           = 0;  // all-reduced per iteration
  double peak_flops           = 0;  // per GPU, in the job's precision
  double efficiency           = 0;  // fraction of peak the compute runs at
  double memory_bytes_per_gpu = 0;  // model states
};

// Checks that the layout divides the cluster and fits in memory (ConfigError naming the YAML key otherwise), then
// builds the graph. `host_flops` is the speed the platform gives each GPU host (its dense BF16 peak). The gradient
// all-reduce runs `channels` concurrent rings (NCCL-style; the job's allreduce.channels wins when set), one per
// NIC of a node being what NCCL does on rail-optimized nodes.
TrainingPlan plan_dp_training(const TrainingSpec& job, const GpuSpec& gpu, int gpu_count, int gpus_per_node,
                              double host_flops, const PathLatency& latency, int channels = 1);

}  // namespace cs
