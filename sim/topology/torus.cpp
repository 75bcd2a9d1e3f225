// SPDX-License-Identifier: Apache-2.0
// A 2D or 3D torus of switches: each switch links to its ±1 neighbour in every dimension, wrapping around.
//
//   s00 ── s10 ── s20 ──(wrap to s00)
//    │      │      │
//   s01 ── s11 ── s21 ──
//    │ (wrap to s00, s10, s20)
#include <fmt/format.h>

#include "topology/generators.hpp"

namespace cs {

void add_torus_fabric(Cluster& c, const NicTable& nics)
{
  const ClusterSpec& spec = c.spec;
  const FabricSpec& f     = spec.fabric;
  const TorusSpec& t      = f.torus;
  const int rails         = spec.node.nics;
  if (t.dims.size() < 2 || t.dims.size() > 3)
    fabric_error(spec, "fabric.torus.dims", fmt::format("expected 2 or 3 dimensions, found {}", t.dims.size()));
  long switches = 1;
  int degree    = 0;
  for (int size : t.dims) {
    if (size < 2)
      fabric_error(spec, "fabric.torus.dims",
                   fmt::format("expected at least 2 switches per dimension, found {}", size));
    switches *= size;
    degree += size > 2 ? 2 : 1;
  }
  if (spec.nodes > switches * t.nodes)
    fabric_error(
        spec, "fabric.torus.nodes",
        fmt::format("{} switches × {} nodes hold fewer than the cluster's {} nodes", switches, t.nodes, spec.nodes));
  check_tier(spec, f.leaf, "leaf", spec.node.nic.bw_Bps);
  check_tier(spec, f.spine, "spine", 0);
  check_ports(spec, f.leaf, "switch", t.nodes * rails, degree);

  std::vector<Vertex> sw(switches);
  for (long i = 0; i < switches; ++i) {
    std::string name = "torus";
    for (long rest = i; int size : t.dims) {
      name += fmt::format("-{}", rest % size);
      rest /= size;
    }
    sw[i] = add_device(c, {DeviceKind::LEAF, name, -1, static_cast<int>(i), -1, 0});
  }
  for (int node = 0; node < spec.nodes; ++node)
    for (int rail = 0; rail < rails; ++rail)
      add_link(c, nics[node][rail], sw[node / t.nodes], LinkTier::NIC_LEAF, built_link(f.leaf));
  long stride = 1;
  for (int size : t.dims) {
    for (long i = 0; i < switches; ++i) {
      long coord = (i / stride) % size;
      if (size == 2 && coord == 1)
        continue;  // with two switches in a dimension, +1 and −1 are the same neighbour: one link
      long next = i + ((coord + 1) % size - coord) * stride;
      add_link(c, sw[i], sw[next], LinkTier::LATERAL, built_link(f.spine), 1);
    }
    stride *= size;
  }
}

}  // namespace cs
