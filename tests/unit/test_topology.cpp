// SPDX-License-Identifier: Apache-2.0
// The Clos generator: device and cable counts against the published reference architectures
// (reference/topologies.md), optics inventory, bisection, and the checks that refuse impossible fabrics.
#include <algorithm>
#include <doctest/doctest.h>
#include <sstream>

#include "support/tiny_cluster.hpp"
#include "topology/analysis.hpp"
#include "topology/clos.hpp"

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
  TopologyCounts t = count_topology(build_cluster(test::tiny_spec(2, 8, 2)));
  CHECK(t.gpus == 16);
  CHECK(devices(t, DeviceKind::NVSWITCH) == 2);
  CHECK(devices(t, DeviceKind::NIC) == 16);
  CHECK(devices(t, DeviceKind::LEAF) == 8);  // one per rail
  CHECK(devices(t, DeviceKind::SPINE) == 2);
  CHECK(links(t, LinkTier::SCALE_UP) == 16);
  CHECK(links(t, LinkTier::HOST) == 16);
  CHECK(links(t, LinkTier::NIC_LEAF) == 16);
  CHECK(links(t, LinkTier::LEAF_SPINE) == 16);  // each leaf: 2 nodes down, so 2 up, one to each spine
}

TEST_CASE("DGX H100 SuperPOD (reference/topologies.md §2): leaves, spines and cables per SU")
{
  // One node slot per SU is UFM: 31, 63, 95, 127 DGX nodes. 3 SU keeps the 16 spines of the 4-SU build.
  struct Row {
    int su, nodes, leaves, spines, node_leaf, leaf_spine;
  };
  for (Row r : {Row{1, 31, 8, 4, 248, 256}, Row{2, 63, 16, 8, 504, 512}, Row{3, 95, 24, 16, 760, 768},
                Row{4, 127, 32, 16, 1016, 1024}}) {
    CAPTURE(r.su);
    ClusterSpec s         = test::tiny_spec(r.nodes, 8, r.spines);
    s.fabric.nodes_per_su = 32;
    TopologyCounts t      = count_topology(build_cluster(s));
    CHECK(devices(t, DeviceKind::LEAF) == r.leaves);
    CHECK(devices(t, DeviceKind::SPINE) == r.spines);
    CHECK(links(t, LinkTier::NIC_LEAF) == r.node_leaf);  // the RA adds one UFM cable per SU, not modeled
    CHECK(links(t, LinkTier::LEAF_SPINE) == r.leaf_spine);
  }
}

TEST_CASE("DGX B200 SuperPOD (reference/topologies.md §3): 2-tier to 8 SU, 3-tier with cores from 16 SU")
{
  struct Row {
    int su, leaves, spines, cores, node_leaf, leaf_spine, spine_core;
  };
  for (Row r : {Row{2, 16, 8, 0, 512, 512, 0}, Row{4, 32, 16, 0, 1024, 1024, 0}, Row{8, 64, 32, 0, 2048, 2048, 0},
                Row{16, 128, 128, 64, 4096, 4096, 4096}, Row{32, 256, 256, 128, 8192, 8192, 8192},
                Row{64, 512, 512, 256, 16384, 16384, 16384}}) {
    CAPTURE(r.su);
    // With a core tier the spines belong to an SU: 8 per SU at every size (128/16, 256/32, 512/64).
    ClusterSpec s    = test::tiny_spec(32 * r.su, 8, r.cores ? r.spines / r.su : r.spines);
    s.fabric.cores   = r.cores;
    TopologyCounts t = count_topology(build_cluster(s));
    CHECK(t.gpus == 256 * r.su);
    CHECK(devices(t, DeviceKind::LEAF) == r.leaves);
    CHECK(devices(t, DeviceKind::SPINE) == r.spines);
    CHECK(devices(t, DeviceKind::CORE) == r.cores);
    CHECK(links(t, LinkTier::NIC_LEAF) == r.node_leaf);
    CHECK(links(t, LinkTier::LEAF_SPINE) == r.leaf_spine);
    CHECK(links(t, LinkTier::SPINE_CORE) == r.spine_core);
  }
}

TEST_CASE("optical modules per GPU: 2.5 on a 2-tier and 3.5 on a 3-tier rail-optimized fabric (§10)")
{
  // Twin-port 800G modules at switches, one 400G module per NIC.
  TopologyCounts two = count_topology(build_cluster(test::tiny_spec(128, 8, 16)));
  CHECK(two.optical_modules_per_gpu() == doctest::Approx(2.5));
  ClusterSpec s        = test::tiny_spec(512, 8, 8);
  s.fabric.cores       = 64;
  TopologyCounts three = count_topology(build_cluster(s));
  CHECK(three.optical_modules_per_gpu() == doctest::Approx(3.5));
}

TEST_CASE("DeepSeek multi-plane fat tree: 8 planes × FT2 of 64-port switches (reference/topologies.md §7)")
{
  // One FT2 plane at full size: 2,048 endpoints, 64 leaves (32 down, 32 up), 32 spines. 8 planes: 16,384 GPUs.
  ClusterSpec s    = test::tiny_spec(2048, 8, 32);
  s.fabric.kind    = FabricKind::MULTI_PLANE;
  TopologyCounts t = count_topology(build_cluster(s));
  CHECK(t.gpus == 16384);
  CHECK(devices(t, DeviceKind::LEAF) + devices(t, DeviceKind::SPINE) == 768);
  CHECK(links(t, LinkTier::LEAF_SPINE) == 16384);
}

TEST_CASE("a 3-tier k=64 fat tree has k³/4 endpoints, 5k²/4 switches and k³/2 inter-switch links (§7 FT3)")
{
  // k-ary fat tree: pods of k/2 leaves and k/2 spines, (k/2)² cores; one 1-GPU node per endpoint.
  const int k             = 64;
  ClusterSpec s           = test::tiny_spec(k * k * k / 4, 1, k / 2);
  s.node.nics             = 1;
  s.fabric.kind           = FabricKind::FAT_TREE;
  s.fabric.nodes_per_leaf = k / 2;
  s.fabric.leaves_per_pod = k / 2;
  s.fabric.cores          = k * k / 4;
  TopologyCounts t        = count_topology(build_cluster(s));
  CHECK(t.gpus == 65536);
  CHECK(devices(t, DeviceKind::LEAF) + devices(t, DeviceKind::SPINE) + devices(t, DeviceKind::CORE) == 5 * k * k / 4);
  CHECK(links(t, LinkTier::LEAF_SPINE) + links(t, LinkTier::SPINE_CORE) == 131072);
}

TEST_CASE("bisection: N/2 × link rate at full bisection, divided by the oversubscription")
{
  // Fat tree of 1-GPU nodes: 4 pods × 4 leaves × 4 nodes = 64 GPUs; 4 spines per pod; 16 cores.
  ClusterSpec s = test::pod_fat_tree();
  CHECK(bisection_bandwidth(build_cluster(s)) == doctest::Approx(32 * test::FABRIC_Bps));
  // 4:1 at the spines: each spine keeps 4 links down and 1 up, to a core group of one.
  s.fabric.spine.oversubscription = 4;
  s.fabric.cores                  = 4;
  CHECK(bisection_bandwidth(build_cluster(s)) == doctest::Approx(32 * test::FABRIC_Bps / 4));
  // 2:1 at the leaves instead: 2 uplinks per leaf over 2 spines per pod, non-blocking above.
  s.fabric.spine.oversubscription = 1;
  s.fabric.leaf.oversubscription  = 2;
  s.fabric.spines                 = 2;
  s.fabric.cores                  = 8;
  CHECK(bisection_bandwidth(build_cluster(s)) == doctest::Approx(32 * test::FABRIC_Bps / 2));
}

TEST_CASE("fabrics that cannot be built are refused")
{
  ClusterSpec s = test::tiny_spec(32 * 9, 8, 32);  // 9 SU × 8 leaves, each spine would need 72 ports
  CHECK_THROWS_WITH_AS(build_cluster(s),
                       doctest::Contains("a spine needs 72 ports (72 down + 0 up), but qm9700 has 64"), ConfigError);
  ClusterSpec odd = test::tiny_spec(64, 8, 3);  // 32 uplinks do not spread over 3 spines
  CHECK_THROWS_WITH_AS(build_cluster(odd), doctest::Contains("must spread evenly"), ConfigError);
  ClusterSpec fast             = test::tiny_spec();
  fast.fabric.leaf.link.bw_Bps = 100e9;  // 800 Gb/s on a 400G medium
  CHECK_THROWS_WITH_AS(build_cluster(fast), doctest::Contains("exceeds what the medium ndr-400g-mm carries"),
                       ConfigError);
  ClusterSpec far          = test::tiny_spec();
  far.fabric.spine.cable_m = 80;  // multimode reaches 50 m
  CHECK_THROWS_WITH_AS(build_cluster(far), doctest::Contains("exceeds the 50 m reach"), ConfigError);
}

TEST_CASE("DOT output names every device and link")
{
  Cluster c = build_cluster(test::tiny_spec(2, 8, 2));
  std::ostringstream dot;
  write_dot(c, dot);
  std::string text = dot.str();
  CHECK(text.find("subgraph cluster_node1") != std::string::npos);
  CHECK(std::count(text.begin(), text.end(), '\n') >= static_cast<long>(c.edges.size()));
  CHECK(text.find("\"node1-nic7\" -- \"su0-leaf7\"") != std::string::npos);
}

TEST_CASE(
    "dragonfly: a = 4 routers per group, h = 2 global links each, g = a·h + 1 = 9 groups, one link per group pair")
{
  ClusterSpec s      = test::tiny_spec(72, 8, 0);
  s.fabric.kind      = FabricKind::DRAGONFLY;
  s.fabric.dragonfly = {.groups = 9, .routers = 4, .nodes = 2, .global_links = 2};
  Cluster c          = build_cluster(s);
  TopologyCounts t   = count_topology(c);
  CHECK(devices(t, DeviceKind::LEAF) == 36);
  CHECK(links(t, LinkTier::LATERAL) == 9 * (4 * 3 / 2) + 9 * 8 / 2);  // local all-to-all + one per group pair
  CHECK(links(t, LinkTier::NIC_LEAF) == 72 * 8);
  // Every router uses exactly its 2 global ports: 3 local + 2 global + 16 NIC ports.
  for (auto [v, end] = boost::vertices(c.graph); v != end; ++v)
    if (c.graph[*v].kind == DeviceKind::LEAF)
      CHECK(boost::out_degree(*v, c.graph) == 3 + 2 + 16);
  Router router(c);
  HopHistogram h = hop_histogram(c, router);
  CHECK(h.unreachable == 0);
  CHECK(h.diameter_switch_hops() == 4);  // local, global, local: four routers
}

TEST_CASE("torus 4×4: 16 switches, 32 links, at most 2 + 2 hops between switches")
{
  ClusterSpec s    = test::tiny_spec(32, 8, 0);
  s.fabric.kind    = FabricKind::TORUS;
  s.fabric.torus   = {.dims = {4, 4}, .nodes = 2};
  Cluster c        = build_cluster(s);
  TopologyCounts t = count_topology(c);
  CHECK(devices(t, DeviceKind::LEAF) == 16);
  CHECK(links(t, LinkTier::LATERAL) == 32);
  Router router(c);
  CHECK(hop_histogram(c, router).diameter_switch_hops() == 5);
  // A 2×2×2 torus: two switches per dimension share one link, so 12 links (a cube), not 24.
  s.fabric.torus = {.dims = {2, 2, 2}, .nodes = 4};
  CHECK(count_topology(build_cluster(s)).tiers[static_cast<int>(LinkTier::LATERAL)].links == 12);
}

TEST_CASE("custom fabric: switches and links by name, with errors that name the link")
{
  ClusterSpec s            = test::tiny_spec(2, 2, 0);
  s.fabric.kind            = FabricKind::CUSTOM;
  s.fabric.custom.switches = {{"sw-a", 1}, {"sw-b", 1}, {"top", 2}};
  s.fabric.custom.links    = {{"node0-nic0", "sw-a", 1}, {"node0-nic1", "sw-a", 1}, {"node1-nic0", "sw-b", 1},
                              {"node1-nic1", "sw-b", 1}, {"sw-a", "top", 2},        {"sw-b", "top", 2}};
  Cluster c                = build_cluster(s);
  TopologyCounts t         = count_topology(c);
  CHECK(links(t, LinkTier::LEAF_SPINE) == 4);
  Router router(c);
  CHECK(router.route(0, 3).hops.size() == 6);  // GPU, NIC, sw-a, top, sw-b, NIC, GPU
  CHECK(bisection_bandwidth(c) == doctest::Approx(2 * test::FABRIC_Bps));
  s.fabric.custom.links[4].to = "tpo";
  CHECK_THROWS_WITH_AS(build_cluster(s), doctest::Contains("no switch or NIC named \"tpo\", did you mean \"top\"?"),
                       ConfigError);
}

TEST_CASE("capex per endpoint matches DeepSeek's cost table for FT2, MPFT and FT3 (reference/topologies.md §7)")
{
  // The catalog's switch and link prices were solved from the FT2 and FT3 rows, so those two are calibration checks
  // (that generator counts and cost model agree with the fit); MPFT is the independent row. NIC-side cabling is free
  // here, as the table counts switch-to-switch links only.
  auto per_endpoint = [](ClusterSpec s) {
    s.fabric.leaf.medium                 = *builtin_medium("dac");
    s.fabric.leaf.medium.cable_price_usd = 0;
    Cluster c                            = build_cluster(s);
    NetworkCost cost                     = network_cost(c, count_topology(c));
    return (cost.capex_usd() - cost.nic_usd) / c.gpu_count();
  };
  ClusterSpec ft2           = test::tiny_spec(2048, 1, 32);
  ft2.node.nics             = 1;
  ft2.fabric.kind           = FabricKind::FAT_TREE;
  ft2.fabric.nodes_per_leaf = 32;
  CHECK(per_endpoint(ft2) == doctest::Approx(4.39e3).epsilon(0.01));
  ClusterSpec mpft = test::tiny_spec(2048, 8, 32);
  mpft.fabric.kind = FabricKind::MULTI_PLANE;
  CHECK(per_endpoint(mpft) == doctest::Approx(4.39e3).epsilon(0.01));
  ClusterSpec ft3           = ft2;
  ft3.nodes                 = 65536;
  ft3.fabric.leaves_per_pod = 32;
  ft3.fabric.cores          = 1024;
  CHECK(per_endpoint(ft3) == doctest::Approx(7.5e3).epsilon(0.01));
}
