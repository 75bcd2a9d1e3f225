// SPDX-License-Identifier: Apache-2.0
// A lowered collective added to an op graph: its phases chained, each phase's flows concurrent.
#pragma once

#include <vector>

#include "collective/collective_op.hpp"
#include "workload/op_graph.hpp"

namespace cs {

// Adds the collective's ops under `span`, all after every op in `after`; returns the op that ends it.
int add_collective(OpGraph& g, const PhasedPlan& plan, int span, const std::vector<int>& after);

}  // namespace cs
