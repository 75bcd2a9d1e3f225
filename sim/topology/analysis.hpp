// SPDX-License-Identifier: Apache-2.0
// What a cluster is made of, and whether it holds together, before anything runs.
#pragma once

#include <array>
#include <ostream>

#include "topology/cluster_graph.hpp"

namespace cs {

struct TierCount {
  int links           = 0;
  int optical_links   = 0;
  double capacity_Bps = 0;  // sum of per-direction bandwidths
};

struct TopologyCounts {
  int gpus  = 0;
  int nodes = 0;
  std::array<int, DEVICE_KIND_COUNT> devices{};    // by DeviceKind
  std::array<TierCount, LINK_TIER_COUNT> tiers{};  // by LinkTier
  int optical_ports = 0;                           // link ends that need an optical module
};

TopologyCounts count_topology(const Cluster& c);

// Throws ConfigError naming the devices that cannot be reached from GPU 0 (by any path, or under the routing rule).
void validate_connectivity(const Cluster& c);

// GraphViz, one cluster box per node, switches ranked by tier.
void write_dot(const Cluster& c, std::ostream& out);

}  // namespace cs
