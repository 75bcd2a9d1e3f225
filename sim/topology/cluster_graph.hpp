// SPDX-License-Identifier: Apache-2.0
// The cluster as a graph: devices are vertices, cables and on-board links are edges.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <string>
#include <vector>

#include "topology/cluster_spec.hpp"

namespace cs {

enum class DeviceKind { GPU, NVSWITCH, NIC, LEAF, SPINE };
enum class LinkTier { SCALE_UP, HOST, NIC_LEAF, LEAF_SPINE };

constexpr int DEVICE_KIND_COUNT = 5;
constexpr int LINK_TIER_COUNT   = 4;

const char* device_kind_name(DeviceKind k);
const char* link_tier_name(LinkTier t);

struct Device {
  DeviceKind kind = DeviceKind::GPU;
  std::string name;
  int node  = -1;  // owning node, for GPU, NVSwitch and NIC
  int index = -1;  // GPU: global rank; NIC and leaf: rail; spine: spine number
  int su    = -1;  // scalable unit, for leaves
};

struct Link {
  LinkTier tier = LinkTier::SCALE_UP;
  LinkSpec spec;
  int index = -1;  // position in Cluster::edges
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
int add_link(Cluster& c, Vertex a, Vertex b, LinkTier tier, const LinkSpec& spec);

}  // namespace cs
