// SPDX-License-Identifier: Apache-2.0
// Dragonfly (Kim, Dally, Scott, Abts, ISCA'08): groups of routers, all-to-all inside a group, global links between
// groups. Nodes attach to routers; every NIC of a node to the same router.
//
//   group 0                 group 1
//   r0 ── r1 ── r2 ─┐       r0 ── r1 ── r2      local links (all-to-all in a group): the spine tier's link spec
//    └─────┴────────┘        └──────┴──────┘
//         r1 ══════════════════ r0              global links: the core tier's link spec
#include <fmt/format.h>

#include "topology/generators.hpp"

namespace cs {

void add_dragonfly_fabric(Cluster& c, const NicTable& nics)
{
  const ClusterSpec& spec = c.spec;
  const FabricSpec& f     = spec.fabric;
  const DragonflySpec& d  = f.dragonfly;
  const int rails         = spec.node.nics;
  if (d.groups < 2 || d.routers < 1)
    fabric_error(spec, "fabric.dragonfly", "expected at least 2 groups of at least 1 router");
  const long capacity = static_cast<long>(d.groups) * d.routers * d.nodes;
  if (spec.nodes > capacity)
    fabric_error(spec, "fabric.dragonfly.nodes",
                 fmt::format("{} groups × {} routers × {} nodes hold {} nodes, fewer than the cluster's {}", d.groups,
                             d.routers, d.nodes, capacity, spec.nodes));
  if (d.groups - 1 > d.routers * d.global_links)
    fabric_error(spec, "fabric.dragonfly.global_links",
                 fmt::format("each group needs {} global ports to reach every other group, but has {} routers × {}",
                             d.groups - 1, d.routers, d.global_links));
  check_tier(spec, f.leaf, "leaf", spec.node.nic.bw_Bps);
  check_tier(spec, f.spine, "spine", 0);
  check_tier(spec, f.core, "core", 0);
  check_ports(spec, f.leaf, "router", d.nodes * rails, d.routers - 1 + d.global_links);

  std::vector<Vertex> router(static_cast<size_t>(d.groups) * d.routers);
  for (int g = 0; g < d.groups; ++g)
    for (int r = 0; r < d.routers; ++r)
      router[g * d.routers + r] =
          add_device(c, {DeviceKind::LEAF, fmt::format("g{}-r{}", g, r), -1, g * d.routers + r, g, 0});
  for (int node = 0; node < spec.nodes; ++node)
    for (int rail = 0; rail < rails; ++rail)
      add_link(c, nics[node][rail], router[node / d.nodes], LinkTier::NIC_LEAF, built_link(f.leaf));
  for (int g = 0; g < d.groups; ++g)
    for (int a = 0; a < d.routers; ++a)
      for (int b = a + 1; b < d.routers; ++b)
        add_link(c, router[g * d.routers + a], router[g * d.routers + b], LinkTier::LATERAL, built_link(f.spine), 1);
  // Group g's k-th other group (g+1, g+2, ... wrapping) is reached through router k / global_links.
  for (int g = 0; g < d.groups; ++g)
    for (int h = g + 1; h < d.groups; ++h) {
      int k_g = h - g - 1, k_h = (g - h - 1 + d.groups) % d.groups;
      add_link(c, router[g * d.routers + k_g / d.global_links], router[h * d.routers + k_h / d.global_links],
               LinkTier::LATERAL, built_link(f.core), 2);
    }
}

}  // namespace cs
