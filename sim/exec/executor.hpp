// SPDX-License-Identifier: Apache-2.0
// Runs an op graph on the SimGrid platform. The only room that uses SimGrid's activity API.
#pragma once

#include <vector>

#include "exec/exec_result.hpp"
#include "platform/platform.hpp"
#include "platform/sim_engine.hpp"
#include "workload/op_graph.hpp"

namespace cs {

// Starts every op without predecessors, then each op once all its predecessors have completed, driven by SimGrid's
// activity-completion signal (no actors, no wait_any). Throws std::runtime_error if ops remain unrun (a cycle).
ExecResult execute(const OpGraph& graph, Platform& platform, SimEngine& engine);

}  // namespace cs
