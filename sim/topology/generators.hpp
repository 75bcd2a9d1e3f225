// SPDX-License-Identifier: Apache-2.0
// The pieces every fabric generator shares, and one entry point per generator (one generator per file).
#pragma once

#include <string>
#include <vector>

#include "topology/cluster_graph.hpp"

namespace cs {

using NicTable = std::vector<std::vector<Vertex>>;  // [node][rail]

// Each node: GPUs on one NVSwitch (the NVLink domain), NICs on PCIe. GPUs are added first, so vertex = GPU rank.
NicTable add_nodes(Cluster& c);

void add_clos_fabric(Cluster& c, const NicTable& nics);       // clos.cpp
void add_dragonfly_fabric(Cluster& c, const NicTable& nics);  // dragonfly.cpp
void add_torus_fabric(Cluster& c, const NicTable& nics);      // torus.cpp
void add_custom_fabric(Cluster& c, const NicTable& nics);     // custom_fabric.cpp

// A tier's link as built: its own latency plus what its medium's modules add.
inline LinkSpec built_link(const TierSpec& t)
{
  return {t.link.bw_Bps, t.link.latency_s + t.medium.latency_s};
}

[[noreturn]] void fabric_error(const ClusterSpec& spec, const std::string& key, const std::string& message);
// A tier's link rate against its medium, switch port and (for the leaf tier) NIC; its cable against the reach.
void check_tier(const ClusterSpec& spec, const TierSpec& t, const char* name, double nic_bw_Bps);
// A switch's ports against its radix.
void check_ports(const ClusterSpec& spec, const TierSpec& t, const char* name, int down, int up);

}  // namespace cs
