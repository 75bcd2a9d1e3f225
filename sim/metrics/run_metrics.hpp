// SPDX-License-Identifier: Apache-2.0
// Time, utilization and traffic of a finished run, derived from the plan and the timings exec/ measured.
#pragma once

#include <array>
#include <utility>
#include <vector>

#include "exec/exec_result.hpp"
#include "topology/routing.hpp"
#include "workload/op_graph.hpp"

namespace cs {

// Where one GPU's time went. compute + comm + idle = the run's makespan.
struct GpuTime {
  double compute_s = 0;  // running compute ops
  double comm_s    = 0;  // inside a collective it belongs to, and not computing (exposed communication)
  double idle_s    = 0;
};

struct TierLoad {
  int links                       = 0;
  double bytes                    = 0;  // bytes carried, summed over links and both directions
  double capacity_Bps             = 0;  // sum over links of per-direction bandwidth
  double utilization              = 0;  // bytes / (capacity × 2 directions × makespan)
  double busiest_link_utilization = 0;  // max over links and directions of bytes / (bandwidth × makespan)
};

using Interval = std::pair<double, double>;  // [start, end) in seconds since the run began

struct RunMetrics {
  double makespan_s = 0;
  std::vector<double> iteration_s;  // first op start to last op end, per iteration
  std::vector<GpuTime> gpus;        // by rank
  std::array<TierLoad, LINK_TIER_COUNT> tiers{};
  // By rank, disjoint and sorted: when the GPU computes, and when it computes or is inside a collective.
  std::vector<std::vector<Interval>> compute_intervals, busy_intervals;
  // By span index: first op start to last op end (start > end for a span with no ops).
  std::vector<Interval> span_intervals;
  // By CommKind: mean over GPUs of the time a collective of that kind is in flight for the GPU while it computes
  // nothing (exposed communication). Kinds can overlap one another, so they need not add up to the mean comm_s.
  std::array<double, COMM_KIND_COUNT> exposed_s{};
  // By edge index: bytes carried from the edge's source to its target [0] and back [1].
  std::vector<std::array<double, 2>> edge_bytes;
};

// `twin` (from a plan with replica folding, else empty): each GPU's simulated twin. Folded GPUs take their twin's
// times, and the pipeline traffic (TP, CP, EP, PP) of unit 0 is counted once more on each folded unit's links.
RunMetrics collect_metrics(const OpGraph& graph, const ExecResult& run, const Cluster& cluster, Router& router,
                           const std::vector<int>& twin = {});

}  // namespace cs
