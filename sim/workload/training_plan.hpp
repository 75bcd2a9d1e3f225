// SPDX-License-Identifier: Apache-2.0
// What a training workload becomes before it runs: the op graph plus the accounting reports need.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "workload/op_graph.hpp"

namespace cs {

// Mixed-precision Adam keeps FP32 master weights, momentum and variance (4 + 4 + 4 bytes per parameter) beside the
// BF16 weights and gradients. ZeRO paper (Rajbhandari et al., SC'20) §3.1 [unverified (memory)]; not in reference/.
constexpr double WEIGHT_BYTES_PER_PARAM      = 2;
constexpr double OPTIMIZER_BYTES_PER_PARAM   = 12;
constexpr double MODEL_STATE_BYTES_PER_PARAM = WEIGHT_BYTES_PER_PARAM + 2 + OPTIMIZER_BYTES_PER_PARAM;

// Memory of one GPU of a pipeline rank, in bytes.
struct StageMemory {
  int rank           = 0;
  double params      = 0;  // parameters resident on the GPU (before ZeRO-3 sharding)
  double weights     = 0;
  double gradients   = 0;
  double optimizer   = 0;
  double activations = 0;
  double workspace   = 0;
  int in_flight      = 0;  // micro-batch chunks whose activations are held at the peak
  double total() const { return weights + gradients + optimizer + activations + workspace; }
};

struct TrainingPlan {
  OpGraph graph;
  double params               = 0;
  double active_params        = 0;
  double tokens_per_iteration = 0;  // over all GPUs
  double model_flops_per_gpu  = 0;  // per iteration: forward + backward model FLOPs (no recompute), mean per GPU
  double grad_bytes           = 0;  // gradient bytes all-reduced per iteration, per GPU
  double peak_flops           = 0;  // per GPU, in the job's precision
  double efficiency           = 0;  // fraction of peak the GEMMs run at
  double memory_bytes_per_gpu = 0;  // the largest total over pipeline ranks

  // Layered jobs only (empty for pure data parallelism).
  std::string layout;               // e.g. "tp8 cp1 pp16 (vpp1) dp128 ep1, zero1"
  std::string schedule;             // schedule name
  int microbatches    = 0;          // per pipeline per iteration
  double ideal_bubble = 0;          // schedule's idle fraction with the planned chunk times and free communication
  std::vector<StageMemory> memory;  // by pipeline rank
  // Bytes each GPU sends per iteration, by CommKind (the busiest GPU of each kind).
  std::array<double, COMM_KIND_COUNT> comm_bytes{};

  // Replica folding (parallel_training.hpp): twin[g] is the simulated GPU whose timeline GPU g shares (g itself
  // when simulated); empty when nothing is folded.
  std::vector<int> twin;
  int replica_units   = 1;
  int simulated_units = 1;
  bool fold_exact     = true;
  std::string fold_note;
};

}  // namespace cs
