// SPDX-License-Identifier: Apache-2.0
// The rail-optimized generator: device and cable counts against the published reference architectures.
#include <doctest/doctest.h>

#include "support/tiny_cluster.hpp"
#include "topology/analysis.hpp"
#include "topology/rail_optimized.hpp"
#include <algorithm>
#include <sstream>

using namespace cs;

namespace {

int devices(const TopologyCounts& t, DeviceKind k)
{
  return t.devices[static_cast<int>(k)];
}
int links(const TopologyCounts& t, LinkTier k)
{
  return t.tiers[static_cast<int>(k)].links;
}

}  // namespace

TEST_CASE("tiny-16: 2 nodes of 8 GPUs, 8 rails, 2 spines")
{
  TopologyCounts t = count_topology(build_rail_optimized(test::tiny_spec(2, 8, 2)));
  CHECK(t.gpus == 16);
  CHECK(devices(t, DeviceKind::NVSWITCH) == 2);
  CHECK(devices(t, DeviceKind::NIC) == 16);
  CHECK(devices(t, DeviceKind::LEAF) == 8);  // one per rail
  CHECK(devices(t, DeviceKind::SPINE) == 2);
  CHECK(links(t, LinkTier::SCALE_UP) == 16);  // one NVLink bundle per GPU
  CHECK(links(t, LinkTier::HOST) == 16);
  CHECK(links(t, LinkTier::NIC_LEAF) == 16);
  CHECK(links(t, LinkTier::LEAF_SPINE) == 8 * 2);
  CHECK(t.optical_ports == 2 * (16 + 16));  // both ends of every fabric cable
}

TEST_CASE("DGX B200 SuperPOD, 2-tier sizes (reference/topologies.md §3)")
{
  // SU = 32 nodes of 8 GPUs; each leaf has 32 uplinks spread evenly over the spines.
  struct Row {
    int su, leaves, spines, node_leaf, leaf_spine;
  };
  for (Row r : {Row{2, 16, 8, 512, 512}, Row{4, 32, 16, 1024, 1024}, Row{8, 64, 32, 2048, 2048}}) {
    CAPTURE(r.su);
    ClusterSpec s            = test::tiny_spec(32 * r.su, 8, r.spines);
    s.fabric.links_per_spine = 32 / r.spines;
    TopologyCounts t         = count_topology(build_rail_optimized(s));
    CHECK(t.gpus == 256 * r.su);
    CHECK(devices(t, DeviceKind::LEAF) == r.leaves);
    CHECK(devices(t, DeviceKind::SPINE) == r.spines);
    CHECK(links(t, LinkTier::NIC_LEAF) == r.node_leaf);
    CHECK(links(t, LinkTier::LEAF_SPINE) == r.leaf_spine);
  }
}

TEST_CASE("DGX H100 SuperPOD, 4 SU: 127 nodes (one slot is UFM), 32 leaves, 16 spines (reference/topologies.md §2)")
{
  ClusterSpec s            = test::tiny_spec(127, 8, 16);
  s.fabric.links_per_spine = 2;
  TopologyCounts t         = count_topology(build_rail_optimized(s));
  CHECK(t.gpus == 1016);
  CHECK(devices(t, DeviceKind::LEAF) == 32);
  CHECK(links(t, LinkTier::NIC_LEAF) == 1016);  // the RA's 1020 includes 4 UFM cables, not modeled
  CHECK(links(t, LinkTier::LEAF_SPINE) == 1024);
}

TEST_CASE("a fabric that needs more ports than the switch has is refused")
{
  ClusterSpec s = test::tiny_spec(32 * 9, 8, 32);  // 9 SU: 72 leaves, each spine would need 72 ports
  CHECK_THROWS_WITH_AS(build_rail_optimized(s), doctest::Contains("needs a third tier"), ConfigError);
}

TEST_CASE("DOT output names every device and link")
{
  Cluster c = build_rail_optimized(test::tiny_spec(2, 8, 2));
  std::ostringstream dot;
  write_dot(c, dot);
  std::string text = dot.str();
  CHECK(text.find("subgraph cluster_node1") != std::string::npos);
  CHECK(std::count(text.begin(), text.end(), '\n') >= static_cast<long>(c.edges.size()));
  CHECK(text.find("\"node1-nic7\" -- \"su0-leaf7\"") != std::string::npos);
}
