// SPDX-License-Identifier: Apache-2.0
// A run's timeline as Chrome/Perfetto trace JSON: one process per node; per GPU a compute track and a track per
// communication stream (by kind: tp, cp, pp, ep, dp, and more of a kind where its collectives overlap).
#pragma once

#include <string>
#include <vector>

#include "exec/exec_result.hpp"
#include "metrics/run_metrics.hpp"
#include "topology/cluster_graph.hpp"
#include "workload/op_graph.hpp"

namespace cs {

// Opens in ui.perfetto.dev or chrome://tracing. Times in microseconds since the run began. Deterministic. With
// replica folding (`twin` non-empty), a folded GPU's compute track is empty and named after the GPU it follows.
std::string chrome_trace(const OpGraph& graph, const ExecResult& run, const RunMetrics& metrics, const Cluster& cluster,
                         const std::vector<int>& twin = {});

}  // namespace cs
