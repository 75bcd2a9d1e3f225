// SPDX-License-Identifier: Apache-2.0
// Synchronous data-parallel training as an op graph: per iteration, forward+backward on every GPU, then one
// gradient all-reduce over all GPUs, then the next iteration.
#pragma once

#include "catalog/parts.hpp"
#include "collective/collective_plan.hpp"
#include "workload/op_graph.hpp"
#include "workload/training_plan.hpp"
#include "workload/training_spec.hpp"

namespace cs {

// Checks that the layout divides the cluster and fits in memory (ConfigError naming the YAML key otherwise), then
// builds the graph. `host_flops` is the speed the platform gives each GPU host (its dense BF16 peak). The gradient
// all-reduce runs `channels` concurrent rings (NCCL-style; the job's allreduce.channels wins when set), one per
// NIC of a node being what NCCL does on rail-optimized nodes.
TrainingPlan plan_dp_training(const TrainingSpec& job, const GpuSpec& gpu, int gpu_count, int gpus_per_node,
                              double host_flops, const PathLatency& latency, int channels = 1,
                              double ring_wire_efficiency = 1);

}  // namespace cs
