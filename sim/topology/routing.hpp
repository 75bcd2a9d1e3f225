// SPDX-License-Identifier: Apache-2.0
// Route choice: which links a GPU-to-GPU flow crosses.
//
// The rule. GPUs of one node talk over the NVSwitch. Otherwise a flow goes GPU -> its NIC -> leaf, climbs only as
// high as needed to reach a switch above the destination's leaf, and comes down (up/down routing on the Clos): a
// shortest path on which no GPU forwards traffic (NVLink forwarding, PXN, is a collective algorithm's choice, not
// the network's). Where several links qualify, the choice is static and by destination, as InfiniBand's fat-tree
// routing and "D-mod-k" ECMP make it:
//   - a destination is numbered by its place in the fabric, d = leaf × ports + its port on that leaf (not by GPU
//     rank: on a rail or plane every NIC has the same rank modulo the rail count, which would crowd one link in
//     eight);
//   - going up, d's digits choose, in turn, the switch above (d mod k1) and which of the parallel cables to it
//     (⌊d/k1⌋ mod p1), then the next tier's switch and cable from the following digits;
//   - coming down, each hop repeats the choice of the up hop at the same tier, so the destinations of one leaf
//     arrive over as many distinct (spine, cable) pairs as it has uplinks: a permutation between leaves of a
//     non-blocking tree is non-blocking.
// Memory grows with the switches and with the pairs actually routed, never with N².
//
// Dragonfly, torus and custom fabrics have no up/down structure: there the fabric part of a route is a shortest
// path between the two leaves (breadth-first, cached per destination leaf), choosing among equal hops by d's digits.
#pragma once

#include <cstdint>
#include <unordered_map>
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
  explicit Router(const Cluster& cluster);

  // Throws ConfigError when dst cannot be reached from src under the rule above (e.g. across planes or rails of a
  // fabric that does not join them).
  const Route& route(int src_gpu, int dst_gpu);

  // Switch hops between two leaves on the fabric (1 for the same leaf), or -1 when unreachable.
  int leaf_hops(int from_leaf, int to_leaf) const;
  bool generic() const { return generic_; }

  // Leaves reachable from `leaf` by turning at each tier: [0] the leaf itself, [1] through a spine, [2] through a
  // core (cumulative). Bitsets over leaf ordinals. Used to count paths without building them.
  std::vector<std::vector<uint64_t>> leaves_within(int leaf_ordinal) const;
  int leaf_count() const { return leaf_count_; }
  // The leaf ordinal behind a GPU's NIC, or -1.
  int leaf_of_gpu(int gpu) const;

 private:
  struct Adjacent {
    int edge;
    Vertex to;
  };
  bool below(Vertex sw, int leaf_ordinal) const;
  const std::vector<int>& distances_to(int leaf) const;  // generic fabrics: switch hops from every vertex
  void step_generic(Route& r, Vertex& at, Vertex leaf_d, size_t dest, size_t& divisor);

  const Cluster& cluster_;
  std::vector<int> scale_up_edge_;            // by GPU: its NVLink edge, or -1
  std::vector<int> host_edge_;                // by GPU: its PCIe edge to its NIC
  std::vector<Vertex> nic_of_;                // by GPU
  std::vector<int> nic_leaf_edge_;            // by vertex (NICs): edge to its leaf, or -1
  std::vector<size_t> endpoint_;              // by vertex (NICs): d = leaf ordinal × ports + port on the leaf
  std::vector<int> leaf_ordinal_;             // by vertex (leaves): 0..L-1, else -1
  std::vector<std::vector<Adjacent>> up_;     // by vertex (switches): links to the tier above
  std::vector<std::vector<Adjacent>> down_;   // by vertex (spines, cores): links to the tier below
  std::vector<std::vector<uint64_t>> below_;  // by vertex (switches): bitset of leaves reachable going down
  std::vector<Vertex> leaf_vertex_;           // by leaf ordinal
  bool generic_ = false;
  std::vector<std::vector<Adjacent>> lateral_;  // generic fabrics: switch-to-switch links of each switch
  mutable std::unordered_map<int, std::vector<int>> distances_;  // generic fabrics: per destination leaf
  int leaf_count_ = 0;
  std::unordered_map<uint64_t, Route> routes_;
};

}  // namespace cs
