// SPDX-License-Identifier: Apache-2.0
#include "topology/cluster_graph.hpp"

namespace cs {

const char* device_kind_name(DeviceKind k)
{
  switch (k) {
    case DeviceKind::GPU:
      return "gpu";
    case DeviceKind::NVSWITCH:
      return "nvswitch";
    case DeviceKind::NIC:
      return "nic";
    case DeviceKind::LEAF:
      return "leaf";
    case DeviceKind::SPINE:
      return "spine";
    case DeviceKind::CORE:
      return "core";
  }
  return "?";
}

const char* link_tier_name(LinkTier t)
{
  switch (t) {
    case LinkTier::SCALE_UP:
      return "scale_up";
    case LinkTier::HOST:
      return "host";
    case LinkTier::NIC_LEAF:
      return "nic_leaf";
    case LinkTier::LEAF_SPINE:
      return "leaf_spine";
    case LinkTier::SPINE_CORE:
      return "spine_core";
    case LinkTier::LATERAL:
      return "lateral";
  }
  return "?";
}

Vertex add_device(Cluster& c, Device d)
{
  bool is_gpu = d.kind == DeviceKind::GPU;
  Vertex v    = boost::add_vertex(std::move(d), c.graph);
  if (is_gpu)
    c.gpus.push_back(v);
  return v;
}

int add_link(Cluster& c, Vertex a, Vertex b, LinkTier tier, const LinkSpec& spec, int fabric_tier)
{
  if (fabric_tier < 0)
    fabric_tier = tier == LinkTier::NIC_LEAF     ? 0
                  : tier == LinkTier::LEAF_SPINE ? 1
                  : tier == LinkTier::SPINE_CORE ? 2
                                                 : -1;
  int index = static_cast<int>(c.edges.size());
  c.edges.push_back(boost::add_edge(a, b, Link{tier, spec, index, fabric_tier}, c.graph).first);
  return index;
}

}  // namespace cs
