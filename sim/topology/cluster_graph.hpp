// SPDX-License-Identifier: Apache-2.0
// The cluster as a graph: devices are vertices, cables and on-board links are edges.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <string>
#include <vector>

#include "topology/cluster_spec.hpp"

namespace cs {

enum class DeviceKind { GPU, NVSWITCH, NIC, LEAF, SPINE, CORE };
// LATERAL joins switches of one tier (dragonfly local and global links, torus links, custom fabrics).
enum class LinkTier { SCALE_UP, HOST, NIC_LEAF, LEAF_SPINE, SPINE_CORE, LATERAL };

constexpr int DEVICE_KIND_COUNT = 6;
constexpr int LINK_TIER_COUNT   = 6;

// The fabric tiers, in order: the switch kind at each tier's upper end and the tier of links that reach it.
constexpr DeviceKind SWITCH_KINDS[3] = {DeviceKind::LEAF, DeviceKind::SPINE, DeviceKind::CORE};
constexpr LinkTier FABRIC_TIERS[3]   = {LinkTier::NIC_LEAF, LinkTier::LEAF_SPINE, LinkTier::SPINE_CORE};

const char* device_kind_name(DeviceKind k);
const char* link_tier_name(LinkTier t);

struct Device {
  DeviceKind kind = DeviceKind::GPU;
  std::string name;
  int node  = -1;  // owning node, for GPU, NVSwitch and NIC
  int index = -1;  // GPU: global rank; NIC: rail; switch: number within its tier and plane
  int pod   = -1;  // switches: scalable unit or pod (-1 for tiers shared by every pod)
  int plane = 0;   // NIC and switches
};

struct Link {
  LinkTier tier = LinkTier::SCALE_UP;
  LinkSpec spec;
  int index       = -1;  // position in Cluster::edges
  int fabric_tier = -1;  // fabric links: whose TierSpec (0 leaf, 1 spine, 2 core) gives its medium; else -1
};

using ClusterGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, Device, Link>;
using Vertex       = boost::graph_traits<ClusterGraph>::vertex_descriptor;
using Edge         = boost::graph_traits<ClusterGraph>::edge_descriptor;

struct Cluster {
  ClusterSpec spec;
  ClusterGraph graph;
  std::vector<Vertex> gpus;  // by global GPU rank
  std::vector<Edge> edges;   // by Link::index

  int gpu_count() const { return static_cast<int>(gpus.size()); }
  const Device& device(Vertex v) const { return graph[v]; }
  const Link& link(int edge_index) const { return graph[edges[edge_index]]; }
  // Endpoints in the orientation the edge was created: the "up" direction of its SimGrid link is source -> target.
  Vertex source(int edge_index) const { return boost::source(edges[edge_index], graph); }
  Vertex target(int edge_index) const { return boost::target(edges[edge_index], graph); }
};

// Adds a vertex or an edge and keeps Cluster's index tables in step.
Vertex add_device(Cluster& c, Device d);
// `fabric_tier` defaults from `tier` (NIC–leaf 0, leaf–spine 1, spine–core 2); lateral links must give it.
int add_link(Cluster& c, Vertex a, Vertex b, LinkTier tier, const LinkSpec& spec, int fabric_tier = -1);

}  // namespace cs
