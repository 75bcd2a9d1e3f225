// SPDX-License-Identifier: Apache-2.0
// A training job as the user described it, after config/ resolved names and units.
#pragma once

#include <string>
#include <vector>

#include "catalog/model_shapes.hpp"
#include "catalog/parts.hpp"
#include "collective/collective_op.hpp"
#include "config/provenance.hpp"

namespace cs {

enum class AllReduceAlgorithm { RING };

enum class ScheduleKind { GPIPE, ONE_F_ONE_B, INTERLEAVED_1F1B, ZB1P, DUALPIPE, DUALPIPEV };
enum class Recompute { NONE, SELECTIVE, FULL };

// How the job is split over GPUs. World = tp · cp · pp · dp; EP groups are carved out of DP (ep divides dp), as in
// Megatron-Core and DeepSeek-V3 (EP64 inside 128-way DP per stage).
struct ParallelSpec {
  int tp                 = 1;
  int cp                 = 1;
  int pp                 = 1;
  int vpp                = 1;  // model chunks per pipeline rank (interleaved 1F1B)
  int dp                 = 1;
  int ep                 = 1;
  int zero               = 0;     // ZeRO stage 0–3
  bool sequence_parallel = true;  // with TP: norms and dropout sharded along the sequence
  // Placement order, fastest-varying first: GPU index = Σ coordinate × stride in this order. Default: TP inside a
  // node, then CP, DP (whose consecutive blocks form EP groups), PP outermost.
  std::vector<std::string> order{"tp", "cp", "dp", "pp"};
};

// The algorithm of each kind of collective a layered job runs (YAML `training.collectives`). NCCL's defaults on DGX
// nodes: rings for TP, CP and DP; DeepSeek-V3's NVLink-forwarded all-to-all (PXN) for EP.
struct CollectiveChoice {
  CollectiveAlgo tp = CollectiveAlgo::RING;
  CollectiveAlgo cp = CollectiveAlgo::RING;
  CollectiveAlgo ep = CollectiveAlgo::PXN;
  CollectiveAlgo dp = CollectiveAlgo::RING;
};

struct TrainingSpec {
  std::string name;
  std::string description;
  ModelSpec model;
  int dp                       = 1;  // data-parallel size of the pure-DP job (legacy path: no `schedule`)
  int global_batch             = 1;  // sequences per iteration, over all replicas
  int iterations               = 1;
  double token_budget          = 0;  // tokens to train in all: reports project time, energy and cost to it (0 = none)
  Precision precision          = Precision::BF16;
  double compute_efficiency    = 0;  // fraction of peak; 0 means the GPU catalog's gemm_efficiency
  double grad_bytes_per_param  = 2;  // BF16 gradients
  AllReduceAlgorithm allreduce = AllReduceAlgorithm::RING;
  int allreduce_channels       = 0;  // concurrent rings; 0 = one per NIC of a node

  // The layered job (parallel_training.hpp); `pipelined` is set when the YAML names a schedule.
  bool pipelined = false;
  ParallelSpec parallel{};
  ScheduleKind schedule = ScheduleKind::ONE_F_ONE_B;
  int micro_batch       = 1;  // sequences per micro-batch
  Recompute recompute   = Recompute::NONE;
  double dispatch_bytes = 0;  // bytes per element of EP dispatch (DeepSeek-V3: FP8 = 1); 0 = activation size
  int comm_sms          = 0;  // SMs communication takes from compute while it overlaps (DeepSeek-V3: 20)
  // Parameters per DP gradient bucket: a chunk's last backward releases its gradients bucket by bucket. −1 =
  // Megatron-Core's default, max(40M, 1M × DP) (DistributedDataParallelConfig.bucket_size); 0 = one bucket per chunk.
  double grad_bucket_params = -1;
  CollectiveChoice collectives{};
  double workspace_bytes = 2e9;  // per GPU: CUDA context, NCCL buffers, allocator slack [assumption, no source]
  // Simulate one of the identical replica units (an EP block of DP replicas) and let the others share its timeline,
  // when their pipeline traffic provably uses disjoint links (parallel_training.hpp).
  bool fold_replicas = true;
  Provenance where;
};

}  // namespace cs
