// SPDX-License-Identifier: Apache-2.0
#include <fmt/format.h>

#include "config/error.hpp"
#include "topology/generators.hpp"

namespace cs {

// Each node: GPUs on one NVSwitch (the NVLink domain), NICs on PCIe. Returns nic[node][rail].
NicTable add_nodes(Cluster& c)
{
  const ClusterSpec& spec = c.spec;
  const NodeSpec& n       = spec.node;
  if (n.nics < 1 || n.gpus % n.nics != 0)
    throw ConfigError(ErrorKind::VALIDATION, spec.where.of("node.nics"), "node.nics",
                      fmt::format("expected a divisor of node.gpus ({}), found {}", n.gpus, n.nics));
  // GPUs first, so that vertex number equals GPU rank.
  for (int node = 0; node < spec.nodes; ++node)
    for (int g = 0; g < n.gpus; ++g)
      add_device(c, {DeviceKind::GPU, fmt::format("node{}-gpu{}", node, g), node, node * n.gpus + g});
  std::vector<std::vector<Vertex>> nics(spec.nodes);
  for (int node = 0; node < spec.nodes; ++node) {
    if (n.gpus > 1) {
      Vertex nvswitch = add_device(c, {DeviceKind::NVSWITCH, fmt::format("node{}-nvswitch", node), node});
      for (int g = 0; g < n.gpus; ++g)
        add_link(c, c.gpus[node * n.gpus + g], nvswitch, LinkTier::SCALE_UP, n.scale_up);
    }
    for (int r = 0; r < n.nics; ++r) {
      Vertex nic = add_device(c, {DeviceKind::NIC, fmt::format("node{}-nic{}", node, r), node, r});
      nics[node].push_back(nic);
      for (int g = r * n.gpus / n.nics; g < (r + 1) * n.gpus / n.nics; ++g)
        add_link(c, c.gpus[node * n.gpus + g], nic, LinkTier::HOST, n.host_link);
    }
  }
  return nics;
}

}  // namespace cs
