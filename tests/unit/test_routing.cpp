// SPDX-License-Identifier: Apache-2.0
// Route choice: shortest paths without GPU forwarding, spread over spines by destination.
#include <doctest/doctest.h>
#include <map>

#include "support/tiny_cluster.hpp"
#include "topology/rail_optimized.hpp"
#include "topology/routing.hpp"

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
  Cluster c = build_rail_optimized(test::tiny_spec());
  Router router(c);
  const Route& r = router.route(0, 5);
  CHECK(tiers_of(c, r) == std::vector<LinkTier>{LinkTier::SCALE_UP, LinkTier::SCALE_UP});
  CHECK(r.latency_s == doctest::Approx(2 * test::NVLINK_LAT_s));
  CHECK(r.bottleneck_Bps == doctest::Approx(test::NVLINK_Bps));
}

TEST_CASE("same rail, different node: one leaf, no spine")
{
  Cluster c = build_rail_optimized(test::tiny_spec());
  Router router(c);
  const Route& r = router.route(3, 8 + 3);
  CHECK(tiers_of(c, r) ==
        std::vector<LinkTier>{LinkTier::HOST, LinkTier::NIC_LEAF, LinkTier::NIC_LEAF, LinkTier::HOST});
  CHECK(r.latency_s == doctest::Approx(2 * test::PCIE_LAT_s + 2 * test::FABRIC_LAT_s));
  CHECK(r.bottleneck_Bps == doctest::Approx(test::FABRIC_Bps));
}

TEST_CASE("different rails cross a spine, never forwarding through another GPU")
{
  Cluster c = build_rail_optimized(test::tiny_spec());
  Router router(c);
  const Route& r = router.route(0, 8 + 5);
  CHECK(tiers_of(c, r) == std::vector<LinkTier>{LinkTier::HOST, LinkTier::NIC_LEAF, LinkTier::LEAF_SPINE,
                                                LinkTier::LEAF_SPINE, LinkTier::NIC_LEAF, LinkTier::HOST});
}

TEST_CASE("equal-cost paths are spread: no spine carries more than its share of cross-leaf routes")
{
  const int spines = 4;
  Cluster c        = build_rail_optimized(test::tiny_spec(4, 8, spines));
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

TEST_CASE("without spines, cross-rail GPUs of other nodes are unreachable")
{
  Cluster c             = build_rail_optimized(test::tiny_spec(2, 8, 0));
  std::vector<int> lost = unreachable_gpus(c, 0);
  CHECK(lost.size() == 7);  // node1's GPUs except GPU 8, which shares rail 0
  CHECK(std::find(lost.begin(), lost.end(), 8) == lost.end());
}
