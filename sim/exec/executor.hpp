// SPDX-License-Identifier: Apache-2.0
// Runs an op graph on the SimGrid platform. The only room that uses SimGrid's activity and actor APIs.
#pragma once

#include <vector>

#include "exec/exec_result.hpp"
#include "platform/platform.hpp"
#include "platform/sim_engine.hpp"
#include "workload/op_graph.hpp"

namespace cs {

// Ops start from SimGrid's maestro until this many have completed while at least this many were in flight there, and
// from then on in worker actors (executor.cpp says why). The carrier changes no simulated time, only wall time; tests
// pass 0 to run every op in workers.
inline constexpr int WORKER_MODE_AT = 1024;

// Starts every op without predecessors, then each op the instant all its predecessors have completed. Throws
// std::runtime_error if ops remain unrun (a cycle).
//
// `twin` (from a plan with replica folding, else empty) turns on ghosts. While gradient (DP) flows run, every
// pipeline flow of the simulated unit runs with a ghost per folded unit: the same bytes between the twins' copies of
// its GPUs, starting with it and feeding nothing. Flows already in flight when a gradient flow starts while none ran
// get ghosts for what they have left; once no gradient flow and no ghost runs, new pipeline flows go without until
// the next gradient flow starts (ExecResult::ghost_windows). Ghosts give the gradient traffic the folded units'
// pipeline traffic to contend with, and their ends show whether the folded units kept their twins' timelines
// (metrics/replica_fold.hpp).
ExecResult execute(const OpGraph& graph, Platform& platform, SimEngine& engine, int worker_mode_at = WORKER_MODE_AT,
                   const std::vector<int>& twin = {});

}  // namespace cs
