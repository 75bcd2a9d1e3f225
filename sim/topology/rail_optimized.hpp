// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "topology/cluster_graph.hpp"

namespace cs {

// Builds nodes (GPUs on one NVSwitch, NICs on PCIe) and a two-tier rail-optimized leaf/spine fabric in NVIDIA
// SuperPOD style (reference/topologies.md §1, §5): NIC r of every node in scalable unit s connects to leaf (s, r);
// every leaf has one uplink to every spine. Throws ConfigError when switch radix or link rates cannot carry it.
Cluster build_rail_optimized(const ClusterSpec& spec);

}  // namespace cs
