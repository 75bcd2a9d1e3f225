// SPDX-License-Identifier: Apache-2.0
// Route choice: shortest paths without GPU forwarding, spread over spines by destination.
#include <doctest/doctest.h>
#include <map>

#include "support/tiny_cluster.hpp"
#include "topology/analysis.hpp"
#include "topology/clos.hpp"
#include "topology/routing.hpp"
#include <array>

using namespace cs;

namespace {

std::vector<LinkTier> tiers_of(const Cluster& c, const Route& r)
{
  std::vector<LinkTier> out;
  for (const Hop& h : r.hops)
    out.push_back(c.link(h.edge).tier);
  return out;
}

}  // namespace

TEST_CASE("inside a node, traffic crosses the NVSwitch")
{
  Cluster c = build_cluster(test::tiny_spec());
  Router router(c);
  const Route& r = router.route(0, 5);
  CHECK(tiers_of(c, r) == std::vector<LinkTier>{LinkTier::SCALE_UP, LinkTier::SCALE_UP});
  CHECK(r.latency_s == doctest::Approx(2 * test::NVLINK_LAT_s));
  CHECK(r.bottleneck_Bps == doctest::Approx(test::NVLINK_Bps));
}

TEST_CASE("same rail, different node: one leaf, no spine")
{
  Cluster c = build_cluster(test::tiny_spec());
  Router router(c);
  const Route& r = router.route(3, 8 + 3);
  CHECK(tiers_of(c, r) ==
        std::vector<LinkTier>{LinkTier::HOST, LinkTier::NIC_LEAF, LinkTier::NIC_LEAF, LinkTier::HOST});
  CHECK(r.latency_s == doctest::Approx(2 * test::PCIE_LAT_s + 2 * test::FABRIC_LAT_s));
  CHECK(r.bottleneck_Bps == doctest::Approx(test::FABRIC_Bps));
}

TEST_CASE("different rails cross a spine, never forwarding through another GPU")
{
  Cluster c = build_cluster(test::tiny_spec());
  Router router(c);
  const Route& r = router.route(0, 8 + 5);
  CHECK(tiers_of(c, r) == std::vector<LinkTier>{LinkTier::HOST, LinkTier::NIC_LEAF, LinkTier::LEAF_SPINE,
                                                LinkTier::LEAF_SPINE, LinkTier::NIC_LEAF, LinkTier::HOST});
}

TEST_CASE("equal-cost paths are spread: no spine carries more than its share of cross-leaf routes")
{
  const int spines = 4;
  Cluster c        = build_cluster(test::tiny_spec(4, 8, spines));
  Router router(c);
  std::map<Vertex, int> per_spine;
  int cross_leaf = 0;
  for (int s = 0; s < c.gpu_count(); ++s)
    for (int d = 0; d < c.gpu_count(); ++d) {
      if (s == d)
        continue;
      bool crossed = false;
      for (const Hop& h : router.route(s, d).hops)
        if (c.link(h.edge).tier == LinkTier::LEAF_SPINE && h.forward) {  // leaf -> spine, the uplink
          per_spine[c.target(h.edge)]++;
          crossed = true;
        }
      cross_leaf += crossed;
    }
  REQUIRE(per_spine.size() == spines);
  for (const auto& [spine, routes] : per_spine)
    CHECK(routes <= (cross_leaf + spines - 1) / spines);
}

TEST_CASE("without spines, cross-rail pairs on different nodes have no route, but same-rail pairs do")
{
  ClusterSpec s = test::tiny_spec(2, 8, 0);
  s.fabric.kind = FabricKind::RAIL_ONLY;
  Cluster c     = build_cluster(s);
  Router router(c);
  CHECK(router.route(0, 8).hops.size() == 4);
  CHECK_THROWS_WITH_AS(router.route(0, 9), doctest::Contains("no route from node0-gpu0 to node1-gpu1"), ConfigError);
}

TEST_CASE("on a multi-plane fabric each rail is its own plane")
{
  ClusterSpec s = test::tiny_spec(64, 8, 1);
  s.fabric.kind = FabricKind::MULTI_PLANE;
  Cluster c     = build_cluster(s);
  Router router(c);
  CHECK(router.route(0, 8 * 40).hops.size() == 6);            // rail 0 to rail 0 across SUs: via plane 0's spine
  CHECK_THROWS_AS(router.route(0, 8 * 40 + 1), ConfigError);  // rail 0 to rail 1 on another node
}

TEST_CASE("3-tier: pods are joined through the cores, 5 switch hops")
{
  ClusterSpec s  = test::tiny_spec(64, 8, 8);
  s.fabric.cores = 8;
  Cluster c      = build_cluster(s);
  Router router(c);
  std::vector<LinkTier> want = {LinkTier::HOST,       LinkTier::NIC_LEAF,   LinkTier::LEAF_SPINE, LinkTier::SPINE_CORE,
                                LinkTier::SPINE_CORE, LinkTier::LEAF_SPINE, LinkTier::NIC_LEAF,   LinkTier::HOST};
  CHECK(tiers_of(c, router.route(0, 8 * 40 + 3)) == want);
}

TEST_CASE("hop histogram: pairs by where their route turns add up to all ordered pairs")
{
  Cluster c = build_cluster(test::tiny_spec(4, 8, 2));
  Router router(c);
  HopHistogram h = hop_histogram(c, router);
  // 32 GPUs: 4 nodes × 8 × 7 pairs inside nodes; same rail, other node: 32 × 3; the rest cross a spine.
  CHECK(h.nvswitch == doctest::Approx(4 * 8 * 7));
  CHECK(h.at(1) == doctest::Approx(32 * 3));
  CHECK(h.at(3) == doctest::Approx(32 * 31 - 4 * 8 * 7 - 32 * 3));
  CHECK(h.at(5) == 0);
  CHECK(h.unreachable == 0);
  CHECK(h.diameter_switch_hops() == 3);
  // The same count, pair by pair, from the routes themselves.
  std::array<int, 4> by_route{};
  for (int a = 0; a < 32; ++a)
    for (int b = 0; b < 32; ++b)
      if (a != b) {
        int fabric = 0;
        for (const Hop& hop : router.route(a, b).hops)
          fabric += c.link(hop.edge).tier == LinkTier::NIC_LEAF || c.link(hop.edge).tier == LinkTier::LEAF_SPINE;
        by_route[fabric == 0 ? 0 : fabric == 2 ? 1 : 2]++;
      }
  CHECK(by_route[0] == h.nvswitch);
  CHECK(by_route[1] == h.at(1));
  CHECK(by_route[2] == h.at(3));
}

TEST_CASE("3-tier: traffic spreads over the core links too (D-mod-k digit by digit)")
{
  // 4 pods × 4 leaves × 4 one-GPU nodes; 4 spines per pod, 16 cores. Every spine has 4 uplinks.
  Cluster c = build_cluster(test::pod_fat_tree());
  Router router(c);
  std::map<int, int> per_uplink;  // spine -> core edges, by edge
  int crossing = 0;
  for (int a = 0; a < 64; ++a)
    for (int b = 0; b < 64; ++b) {
      if (a / 16 == b / 16)
        continue;  // same pod: no core
      crossing++;
      for (const Hop& h : router.route(a, b).hops)
        if (c.link(h.edge).tier == LinkTier::SPINE_CORE && h.forward)
          per_uplink[h.edge]++;
    }
  REQUIRE(per_uplink.size() == 64);  // every spine uplink carries traffic
  for (const auto& [edge, routes] : per_uplink)
    CHECK(routes == crossing / 64);  // and all carry the same share
}

namespace {

// Uplinks (leaf -> spine) and downlinks (spine -> leaf) that a set of routes crosses, with how many routes each.
struct CableLoad {
  std::map<int, int> up, down;
};

CableLoad cable_load(const Cluster& c, Router& router, const std::vector<std::pair<int, int>>& pairs)
{
  CableLoad out;
  for (const auto& [s, d] : pairs)
    for (const Hop& h : router.route(s, d).hops)
      if (c.link(h.edge).tier == LinkTier::LEAF_SPINE)
        (h.forward ? out.up : out.down)[h.edge]++;
  return out;
}

// 64 nodes of 8 GPUs in two SUs of 32; every leaf has 32 uplinks. A plane has 4 spines (8 cables from each leaf);
// rail-optimized, the 16 leaves share 16 spines (2 cables from each leaf).
ClusterSpec two_su(FabricKind kind)
{
  ClusterSpec s = test::tiny_spec(64, 8, kind == FabricKind::MULTI_PLANE ? 4 : 16);
  s.fabric.kind = kind;
  return s;
}

}  // namespace

TEST_CASE("on a rail or plane, a shift permutation between two leaves is non-blocking: one route per cable")
{
  // Every NIC of rail r has a GPU rank ≡ r mod 8. Numbering destinations by rank would send a whole rail through
  // one cable in eight; numbered by their port on the leaf, the 32 destinations of a leaf take 32 distinct
  // (spine, cable) pairs up and down.
  for (FabricKind kind : {FabricKind::RAIL_OPTIMIZED, FabricKind::MULTI_PLANE})
    for (int rail : {0, 5})
      for (int shift : {0, 1, 13}) {
        CAPTURE(rail);
        CAPTURE(shift);
        Cluster c = build_cluster(two_su(kind));
        Router router(c);
        std::vector<std::pair<int, int>> pairs;
        for (int i = 0; i < 32; ++i)
          pairs.push_back({8 * i + rail, 8 * (32 + (i + shift) % 32) + rail});
        CableLoad load = cable_load(c, router, pairs);
        CHECK(load.up.size() == 32);
        CHECK(load.down.size() == 32);
        for (const auto& [edge, routes] : load.up)
          CHECK(routes == 1);
        for (const auto& [edge, routes] : load.down)
          CHECK(routes == 1);
      }
}

TEST_CASE("on a plane, all-to-all routes load every cable of a leaf equally")
{
  // Rail 3 of 64 nodes: 32 × 32 routes leave each leaf for the other; its 32 uplinks must share them evenly.
  Cluster c = build_cluster(two_su(FabricKind::MULTI_PLANE));
  Router router(c);
  std::vector<std::pair<int, int>> pairs;
  for (int a = 0; a < 64; ++a)
    for (int b = 0; b < 64; ++b)
      if (a / 32 != b / 32)
        pairs.push_back({8 * a + 3, 8 * b + 3});
  CableLoad load = cable_load(c, router, pairs);
  CHECK(load.up.size() == 64);  // 32 uplinks of each of the plane's two leaves
  CHECK(load.down.size() == 64);
  for (const auto& [edge, routes] : load.up)
    CHECK(routes == 32);
  for (const auto& [edge, routes] : load.down)
    CHECK(routes == 32);
}

TEST_CASE("3-tier: a shift permutation between pods is non-blocking, up and down every tier")
{
  // 4 pods × 4 leaves × 4 one-GPU nodes, 4 spines per pod, 16 cores: full bisection. GPU i sends to GPU i + 16·k of
  // the k-th next pod. A leaf's 4 destinations differ in their port, so they leave on its 4 spine cables; the 4 leaves
  // of the destination pod differ in the next digit, so each spine spreads them over its 4 cores. Every cable of
  // every tier then carries one route each way.
  Cluster c = build_cluster(test::pod_fat_tree());
  Router router(c);
  for (int k : {1, 2, 3}) {
    CAPTURE(k);
    std::map<std::pair<int, bool>, int> load;  // (edge, forward) -> routes
    for (int a = 0; a < 64; ++a)
      for (const Hop& h : router.route(a, (a + 16 * k) % 64).hops) {
        const LinkTier t = c.link(h.edge).tier;
        if (t == LinkTier::LEAF_SPINE || t == LinkTier::SPINE_CORE)
          load[{h.edge, h.forward}]++;
      }
    int leaf_spine = 0, spine_core = 0;
    for (const auto& [key, routes] : load) {
      CHECK(routes == 1);
      (c.link(key.first).tier == LinkTier::LEAF_SPINE ? leaf_spine : spine_core)++;
    }
    CHECK(leaf_spine == 2 * 64);  // 64 routes, each one cable up and one down at this tier
    CHECK(spine_core == 2 * 64);
  }
}
