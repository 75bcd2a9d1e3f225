// SPDX-License-Identifier: Apache-2.0
#include "topology/rail_optimized.hpp"

#include <fmt/format.h>

#include "config/error.hpp"

namespace cs {

namespace {

void check_radix(const ClusterSpec& spec, int leaves_per_su)
{
  const FabricSpec& f = spec.fabric;
  int down            = std::min(f.nodes_per_su, spec.nodes);
  int up              = f.spines * f.links_per_spine;
  int leaf_ports      = down + up;
  if (leaf_ports > f.leaf_switch.ports)
    throw ConfigError(ErrorKind::VALIDATION, spec.where.of("fabric.spines"), "fabric",
                      fmt::format("a leaf needs {} ports ({} nodes per SU down + {} uplinks), but {} has {}",
                                  leaf_ports, down, up, f.leaf_switch.name, f.leaf_switch.ports));
  int sus         = (spec.nodes + f.nodes_per_su - 1) / f.nodes_per_su;
  int spine_ports = sus * leaves_per_su * f.links_per_spine;
  if (f.spines > 0 && spine_ports > f.spine_switch.ports)
    throw ConfigError(ErrorKind::VALIDATION, spec.where.of("fabric.spines"), "fabric",
                      fmt::format("a spine needs {} ports (one per leaf uplink: {} SU × {} rails × {}), but {} has {}; "
                                  "this fabric needs a third tier",
                                  spine_ports, sus, leaves_per_su, f.links_per_spine, f.spine_switch.name,
                                  f.spine_switch.ports));
}

void check_rates(const ClusterSpec& spec)
{
  const FabricSpec& f = spec.fabric;
  auto over           = [&](double capacity) { return f.link.bw_Bps > capacity * (1 + 1e-12); };
  const char* what    = nullptr;
  double capacity     = 0;
  if (over(f.medium.bw_Bps)) {
    what     = "medium";
    capacity = f.medium.bw_Bps;
  } else if (over(f.leaf_switch.port_bw_Bps)) {
    what     = "leaf switch port";
    capacity = f.leaf_switch.port_bw_Bps;
  } else if (f.spines > 0 && over(f.spine_switch.port_bw_Bps)) {
    what     = "spine switch port";
    capacity = f.spine_switch.port_bw_Bps;
  }
  if (what)
    throw ConfigError(ErrorKind::VALIDATION, spec.where.of("fabric.link.bw"), "fabric.link.bw",
                      fmt::format("{} Gbps exceeds what the {} carries ({} Gbps)", f.link.bw_Bps * 8 / 1e9, what,
                                  capacity * 8 / 1e9));
}

}  // namespace

Cluster build_rail_optimized(const ClusterSpec& spec)
{
  const NodeSpec& n = spec.node;
  if (n.nics < 1 || n.gpus % n.nics != 0)
    throw ConfigError(ErrorKind::VALIDATION, spec.where.of("node.nics"), "node.nics",
                      fmt::format("expected a divisor of node.gpus ({}), found {}", n.gpus, n.nics));
  const int rails = n.nics;
  check_radix(spec, rails);
  check_rates(spec);

  Cluster c;
  c.spec = spec;
  // GPUs first, so that vertex order equals GPU rank.
  for (int node = 0; node < spec.nodes; ++node)
    for (int g = 0; g < n.gpus; ++g)
      add_device(c, {DeviceKind::GPU, fmt::format("node{}-gpu{}", node, g), node, node * n.gpus + g, -1});

  const int sus = (spec.nodes + spec.fabric.nodes_per_su - 1) / spec.fabric.nodes_per_su;
  std::vector<Vertex> leaves;  // by su * rails + rail
  for (int su = 0; su < sus; ++su)
    for (int r = 0; r < rails; ++r)
      leaves.push_back(add_device(c, {DeviceKind::LEAF, fmt::format("su{}-leaf{}", su, r), -1, r, su}));
  std::vector<Vertex> spines;
  for (int s = 0; s < spec.fabric.spines; ++s)
    spines.push_back(add_device(c, {DeviceKind::SPINE, fmt::format("spine{}", s), -1, s, -1}));

  const LinkSpec nic_leaf = {std::min(spec.fabric.link.bw_Bps, n.nic.bw_Bps), spec.fabric.link.latency_s};
  for (int node = 0; node < spec.nodes; ++node) {
    Vertex nvswitch = add_device(c, {DeviceKind::NVSWITCH, fmt::format("node{}-nvswitch", node), node, -1, -1});
    int su          = node / spec.fabric.nodes_per_su;
    for (int r = 0; r < rails; ++r) {
      Vertex nic = add_device(c, {DeviceKind::NIC, fmt::format("node{}-nic{}", node, r), node, r, su});
      add_link(c, nic, leaves[su * rails + r], LinkTier::NIC_LEAF, nic_leaf);
      for (int g = r * n.gpus / rails; g < (r + 1) * n.gpus / rails; ++g)
        add_link(c, c.gpus[node * n.gpus + g], nic, LinkTier::HOST, n.host_link);
    }
    for (int g = 0; g < n.gpus; ++g)
      add_link(c, c.gpus[node * n.gpus + g], nvswitch, LinkTier::SCALE_UP, n.scale_up);
  }
  for (Vertex leaf : leaves)
    for (Vertex spine : spines)
      for (int k = 0; k < spec.fabric.links_per_spine; ++k)
        add_link(c, leaf, spine, LinkTier::LEAF_SPINE, spec.fabric.link);
  return c;
}

}  // namespace cs
