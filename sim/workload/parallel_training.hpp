// SPDX-License-Identifier: Apache-2.0
// A layered training job (TP, CP, PP with a schedule, DP with ZeRO, EP) as an op graph: every rank's chunks in the
// schedule's order, with their communication, ready for exec/.
#pragma once

#include <functional>
#include <vector>

#include "catalog/parts.hpp"
#include "collective/collective_op.hpp"
#include "schedule/pipeline_schedule.hpp"
#include "workload/layer_cost.hpp"
#include "workload/parallel_layout.hpp"
#include "workload/training_plan.hpp"
#include "workload/training_spec.hpp"

namespace cs {

// The fabric facts a plan needs, all from the cluster.
// One direction of one link on a route. Links are full duplex, so each direction is a resource of its own.
struct LinkUse {
  int resource     = 0;  // 2 × edge index + (0 crossing from the edge's source to its target, 1 back)
  double bw_Bps    = 0;  // what the simulation gives the link (efficiency applied)
  double latency_s = 0;
};

struct ClusterFacts {
  GpuSpec gpu;
  int gpu_count     = 0;
  int gpus_per_node = 0;
  int nics_per_node = 1;
  double host_flops = 0;  // the speed exec/ gives each GPU host: compute ops carry seconds × host_flops
  PathLatency latency;
  // The links a flow from one GPU to another crosses, in order; empty function = unknown, which turns replica folding
  // off.
  std::function<std::vector<LinkUse>(int src, int dst)> route_links{};
  // Payload share of each collective algorithm's wire bytes (ClusterSpec::collectives); empty function = all 1.
  std::function<double(CollectiveAlgo)> wire_efficiency{};
  bool nvls  = false;  // the scale-up switch reduces in the switch (NVLink SHARP)
  bool sharp = false;  // the fabric's leaf switches reduce in the switch (InfiniBand SHARP)
};

// Layers [first, last) of each pipeline stage: as even as possible, the remainder going to the middle stages first
// (the first and last stages also hold the embedding and the output head).
std::vector<std::pair<int, int>> split_layers(int layers, int stages);

PipelineSchedule make_schedule(const TrainingSpec& job);

// Per-micro-batch communication of one GPU, in bytes (reference/workloads.md §2 for TP and PP):
struct ChunkComm {
  double tp_allreduce = 0;  // size of one TP all-reduce (b·s·h·2/cp bytes); a layer runs 2 in F and 2 in B
  double pp_boundary  = 0;  // activation (or its gradient) sent across one stage boundary: b·s·h·2/(t·cp)
  double ep_dispatch  = 0;  // one MoE layer's dispatch, all-to-all size per GPU: tokens·top-k·h·dispatch bytes
  double ep_combine   = 0;  // one MoE layer's combine (BF16)
  double cp_kv        = 0;  // one layer's K and V all-gathered over CP (all-gather size)
};
ChunkComm chunk_comm(const TrainingSpec& job);

// Memory of every pipeline rank (ZeRO, the schedule's in-flight activations, workspace); throws ConfigError with
// the breakdown when the busiest rank does not fit.
std::vector<StageMemory> plan_memory(const TrainingSpec& job, const PipelineSchedule& sched,
                                     const std::vector<int>& in_flight, const GpuSpec& gpu);

// Validates the job against the cluster (ConfigError naming the key), then builds the graph.
//
// Replica folding. The DP replicas of a job fall into units of `ep` consecutive DP coordinates (one replica when
// ep = 1); every unit runs the same ops on the same schedule. When the links that one unit's TP, CP, EP and PP
// traffic crosses are disjoint from every other unit's, the units cannot slow one another before the gradient
// reduction, so their timelines are identical and only unit 0 is simulated; the gradient collectives still run
// over every GPU. The plan records whether the result is exact: it is unless some gradient traffic shares a link
// with a folded unit's pipeline traffic (which the simulation leaves out, so that link looks idler than it is).
TrainingPlan plan_parallel_training(const TrainingSpec& job, const ClusterFacts& cluster);

// Either planner, as the job asks: the layered one when it names a schedule, else pure data parallelism.
TrainingPlan plan_training(const TrainingSpec& job, const ClusterFacts& cluster);

}  // namespace cs
