// SPDX-License-Identifier: Apache-2.0
#include "topology/clos.hpp"
#include "topology/generators.hpp"

namespace cs {

Cluster build_cluster(const ClusterSpec& spec)
{
  Cluster c;
  c.spec              = spec;
  const NicTable nics = add_nodes(c);
  switch (spec.fabric.kind) {
    case FabricKind::DRAGONFLY:
      add_dragonfly_fabric(c, nics);
      break;
    case FabricKind::TORUS:
      add_torus_fabric(c, nics);
      break;
    case FabricKind::CUSTOM:
      add_custom_fabric(c, nics);
      break;
    default:
      add_clos_fabric(c, nics);
  }
  return c;
}

}  // namespace cs
