// SPDX-License-Identifier: Apache-2.0
// Route choice: which links a GPU-to-GPU flow crosses.
//
// The rule: a shortest path in hops on which no GPU other than the endpoints forwards traffic (NVLink forwarding,
// PXN, is a collective algorithm's choice, not the network's). Where several next hops are equally short, the hop is
// chosen deterministically by destination rank modulo the number of choices (static "D-mod-k" ECMP, as fat-tree
// switches do), so that traffic towards different destinations spreads evenly over spines.
#pragma once

#include <map>
#include <utility>
#include <vector>

#include "topology/cluster_graph.hpp"

namespace cs {

struct Hop {
  int edge     = -1;
  bool forward = true;  // crossed from the edge's source to its target
};

struct Route {
  std::vector<Hop> hops;
  double latency_s      = 0;  // sum over hops
  double bottleneck_Bps = 0;  // smallest per-direction bandwidth on the path
};

class Router {
 public:
  explicit Router(const Cluster& cluster)
      : cluster_(cluster)
  {
  }

  // Throws ConfigError when dst cannot be reached from src under the rule above.
  const Route& route(int src_gpu, int dst_gpu);

 private:
  const std::vector<int>& hops_to(Vertex dst);

  const Cluster& cluster_;
  std::map<Vertex, std::vector<int>> hops_to_;  // per destination, hop count from every vertex
  std::map<std::pair<int, int>, Route> routes_;
};

// GPUs that GPU `from` cannot reach under the routing rule; empty on a well-formed cluster.
std::vector<int> unreachable_gpus(const Cluster& cluster, int from);

}  // namespace cs
