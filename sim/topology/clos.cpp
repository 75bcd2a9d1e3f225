// SPDX-License-Identifier: Apache-2.0
#include "topology/generators.hpp"

#include <cmath>
#include <fmt/format.h>

#include "config/error.hpp"

namespace cs {

namespace {

bool rail_kind(FabricKind k)
{
  return k != FabricKind::FAT_TREE;
}

int uplinks(double down, double oversubscription)
{
  return static_cast<int>(std::ceil(down / oversubscription - 1e-9));
}

}  // namespace

void add_clos_fabric(Cluster& c, const NicTable& nics)
{
  const ClusterSpec& spec = c.spec;
  const FabricSpec& f     = spec.fabric;
  const int rails         = spec.node.nics;
  const bool rail_mode    = rail_kind(f.kind);
  const int planes        = f.kind == FabricKind::MULTI_PLANE ? rails : 1;
  const int spines        = f.kind == FabricKind::RAIL_ONLY ? 0 : f.spines;
  const int cores         = spines > 0 ? f.cores : 0;

  check_tier(spec, f.leaf, "leaf", spec.node.nic.bw_Bps);
  if (spines > 0)
    check_tier(spec, f.spine, "spine", 0);
  if (cores > 0)
    check_tier(spec, f.core, "core", 0);

  // Leaves, with the NICs below them.
  struct LeafGroup {
    Vertex leaf;
    int pod, plane;
  };
  std::vector<LeafGroup> leaves;
  int leaf_down = 0;
  if (rail_mode) {
    const int sus = (spec.nodes + f.nodes_per_su - 1) / f.nodes_per_su;
    leaf_down     = f.nodes_per_su;  // ports are provisioned per SU, also in a partly filled one
    for (int su = 0; su < sus; ++su)
      for (int r = 0; r < rails; ++r) {
        int plane = r * planes / rails;
        Vertex v  = add_device(c, {DeviceKind::LEAF, fmt::format("su{}-leaf{}", su, r), -1, r, su, plane});
        leaves.push_back({v, su, plane});
        for (int node = su * f.nodes_per_su; node < std::min(spec.nodes, (su + 1) * f.nodes_per_su); ++node)
          add_link(c, nics[node][r], v, LinkTier::NIC_LEAF, built_link(f.leaf));
      }
  } else {
    const int count   = (spec.nodes + f.nodes_per_leaf - 1) / f.nodes_per_leaf;
    const int per_pod = f.leaves_per_pod > 0 ? f.leaves_per_pod : count;
    if (cores > 0 && count % per_pod != 0)
      fabric_error(spec, "fabric.leaves_per_pod",
                   fmt::format("expected a divisor of the leaf count ({}), found {}", count, per_pod));
    leaf_down = f.nodes_per_leaf * rails;
    for (int l = 0; l < count; ++l) {
      Vertex v = add_device(c, {DeviceKind::LEAF, fmt::format("leaf{}", l), -1, l, l / per_pod, 0});
      leaves.push_back({v, l / per_pod, 0});
      for (int node = l * f.nodes_per_leaf; node < std::min(spec.nodes, (l + 1) * f.nodes_per_leaf); ++node)
        for (int r = 0; r < rails; ++r)
          add_link(c, nics[node][r], v, LinkTier::NIC_LEAF, built_link(f.leaf));
    }
  }
  if (spines == 0) {
    check_ports(spec, f.leaf, "leaf", leaf_down, 0);
    return;
  }

  // Spines: one set per plane, or per (pod, plane) when a core tier joins the pods.
  const int leaf_up = uplinks(leaf_down, f.leaf.oversubscription);
  if (leaf_up % spines != 0)
    fabric_error(spec, "fabric.spines",
                 fmt::format("a leaf's {} uplinks must spread evenly over the spines it reaches, but there are {}",
                             leaf_up, spines));
  check_ports(spec, f.leaf, "leaf", leaf_down, leaf_up);
  const int per_spine = leaf_up / spines;
  const int pods      = cores > 0 ? leaves.back().pod + 1 : 1;
  std::vector<Vertex> spine_v(static_cast<size_t>(pods) * planes * spines);
  auto spine_at = [&](int pod, int plane, int j) -> Vertex& {
    return spine_v[(static_cast<size_t>(pod) * planes + plane) * spines + j];
  };
  for (int pod = 0; pod < pods; ++pod)
    for (int plane = 0; plane < planes; ++plane)
      for (int j = 0; j < spines; ++j) {
        std::string name = cores > 0 ? fmt::format("pod{}-", pod) : "";
        name += planes > 1 ? fmt::format("plane{}-spine{}", plane, j) : fmt::format("spine{}", j);
        spine_at(pod, plane, j) = add_device(c, {DeviceKind::SPINE, name, -1, j, cores > 0 ? pod : -1, plane});
      }
  std::vector<int> spine_down(spine_v.size(), 0);
  for (const LeafGroup& l : leaves)
    for (int j = 0; j < spines; ++j)
      for (int k = 0; k < per_spine; ++k) {
        int pod = cores > 0 ? l.pod : 0;
        add_link(c, l.leaf, spine_at(pod, l.plane, j), LinkTier::LEAF_SPINE, built_link(f.spine));
        spine_down[(static_cast<size_t>(pod) * planes + l.plane) * spines + j]++;
      }
  const int max_spine_down = *std::max_element(spine_down.begin(), spine_down.end());
  if (cores == 0) {
    check_ports(spec, f.spine, "spine", max_spine_down, 0);
    return;
  }

  // Cores: spine j of every pod joins core group j.
  const int spine_up = uplinks(max_spine_down, f.spine.oversubscription);
  check_ports(spec, f.spine, "spine", max_spine_down, spine_up);
  if (cores % spines != 0)
    fabric_error(spec, "fabric.cores",
                 fmt::format("expected a multiple of the spines per pod ({}), found {}", spines, cores));
  const int group = cores / spines;
  if (spine_up % group != 0)
    fabric_error(spec, "fabric.cores",
                 fmt::format("a spine's {} uplinks must spread evenly over its core group of {}", spine_up, group));
  const int per_core = spine_up / group;
  check_ports(spec, f.core, "core", pods * per_core, 0);
  for (int plane = 0; plane < planes; ++plane)
    for (int j = 0; j < spines; ++j)
      for (int g = 0; g < group; ++g) {
        int index = j * group + g;
        Vertex core =
            add_device(c, {DeviceKind::CORE,
                           planes > 1 ? fmt::format("plane{}-core{}", plane, index) : fmt::format("core{}", index), -1,
                           index, -1, plane});
        for (int pod = 0; pod < pods; ++pod)
          for (int k = 0; k < per_core; ++k)
            add_link(c, spine_at(pod, plane, j), core, LinkTier::SPINE_CORE, built_link(f.core));
      }
}

}  // namespace cs
