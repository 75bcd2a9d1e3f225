// SPDX-License-Identifier: Apache-2.0
// Fewer flows for the node-local part of a symmetric collective, without changing any link's load.
#pragma once

#include <vector>

#include "collective/collective_plan.hpp"

namespace cs {

// Inside one node every GPU has its own scale-up link to the switch, up and down. When, in every node, each GPU
// sends the same node-local bytes and receives the same node-local bytes, in flows of one size and one latency, the
// flows of a node can be replaced by one flow per GPU to the next GPU of the node (ascending, wrapping), carrying
// that GPU's total: every scale-up link then carries the same bytes as before, and under max-min sharing the
// equal flows on a link would have ended together at the same moment the single flow ends. Exact while nothing else
// crosses those links during the phase. Flows between nodes pass through unchanged; returns the input when the
// node-local flows are not symmetric.
std::vector<FlowPlan> aggregate_node_local(const std::vector<FlowPlan>& flows, int gpus_per_node);

}  // namespace cs
