// SPDX-License-Identifier: Apache-2.0
// What a cluster is made of, what its network costs and burns, and what it delivers — before anything runs.
#pragma once

#include <array>
#include <ostream>
#include <string>
#include <vector>

#include "topology/cluster_graph.hpp"
#include "topology/routing.hpp"

namespace cs {

struct TierCount {
  int links           = 0;
  int optical_links   = 0;
  double capacity_Bps = 0;  // sum of per-direction bandwidths
};

// Modules of one type: a transceiver, a CPO port or an active-copper plug.
struct ModuleCount {
  std::string name;
  ModuleForm form  = ModuleForm::PLUGGABLE;
  int count        = 0;
  double power_W   = 0;  // per module, carrying traffic
  double price_usd = 0;  // per module
  double idle_W    = 0;  // per module, with no traffic
};

struct TopologyCounts {
  int gpus  = 0;
  int nodes = 0;
  std::array<int, DEVICE_KIND_COUNT> devices{};    // by DeviceKind
  std::array<TierCount, LINK_TIER_COUNT> tiers{};  // by LinkTier
  // Per switch tier (leaf, spine, core): downlink ÷ uplink bandwidth; 0 where the tier has no uplinks.
  std::array<double, 3> oversubscription{};
  std::vector<ModuleCount> modules;  // by name; twin-port modules serve two link ends of one switch
  int optical_modules = 0;           // modules whose form is optical (pluggable, LPO, CPO)
  double optical_modules_per_gpu() const { return gpus > 0 ? static_cast<double>(optical_modules) / gpus : 0; }
};

TopologyCounts count_topology(const Cluster& c);

struct NetworkCost {
  double switch_W = 0, optics_W = 0, nic_W = 0;
  double nvswitch_W = 0;  // scale-up switch chips inside the nodes; not part of power_W (the scale-out network)
  double switch_usd = 0, optics_usd = 0, cable_usd = 0, nic_usd = 0;
  double power_W() const { return switch_W + optics_W + nic_W; }
  double capex_usd() const { return switch_usd + optics_usd + cable_usd + nic_usd; }
};

// Catalog power and price of every switch, module, cable and NIC; the counts come from `counts`.
NetworkCost network_cost(const Cluster& c, const TopologyCounts& counts);

// Ordered GPU pairs (src ≠ dst) by path: inside a node over the NVSwitch, or over the fabric by the number of
// switches crossed (1 behind one leaf, 3 through a spine, 5 through a core on a Clos).
struct HopHistogram {
  double nvswitch = 0;
  std::vector<double> by_switch_hops;  // index = switches crossed
  double unreachable = 0;              // pairs the fabric does not join (other rails or planes)
  int diameter_switch_hops() const;
  double at(int hops) const { return hops < static_cast<int>(by_switch_hops.size()) ? by_switch_hops[hops] : 0; }
};

HopHistogram hop_histogram(const Cluster& c, const Router& router);

// Maximum flow through the fabric from the NICs of the first half of the nodes to those of the second half, per
// direction (bytes/s): the bisection bandwidth for that cut. NVLink forwarding is not counted.
double bisection_bandwidth(const Cluster& c);

// Throws ConfigError naming devices that no path reaches from GPU 0.
void validate_connectivity(const Cluster& c);

// GraphViz, one cluster box per node, switches ranked by tier.
void write_dot(const Cluster& c, std::ostream& out);

}  // namespace cs
