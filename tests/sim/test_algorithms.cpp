// SPDX-License-Identifier: Apache-2.0
// Tree, halving-doubling, hierarchical, NVLS, broadcast, reduce, sendrecv and all-to-allv on the simulated fabric,
// against α-β closed forms derived here from the link figures of tiny-16 (tests/support/tiny_cluster.hpp).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>

#include "collective/algorithms.hpp"
#include "collective/tuner.hpp"
#include "metrics/run_metrics.hpp"
#include "support/sim_harness.hpp"
#include "workload/collective_graph.hpp"

using namespace cs;

namespace {

// Latency and bandwidth of the two kinds of path on tiny-16: GPU–NVSwitch–GPU, and GPU–PCIe–NIC–leaf–NIC–PCIe–GPU
// on one rail (PCIe 64 GB/s and the 50 GB/s fabric link in series: the fabric link is the bottleneck).
constexpr double A_NV  = 2 * test::NVLINK_LAT_s;
constexpr double A_NET = 2 * test::PCIE_LAT_s + 2 * test::FABRIC_LAT_s;
constexpr double B_NV  = test::NVLINK_Bps;
constexpr double B_NET = test::FABRIC_Bps;

const std::vector<double> SIZES = {8, 8192, 8e6, 1e9, 8e9};

std::vector<int> ranks(int p)
{
  std::vector<int> g(p);
  for (int i = 0; i < p; ++i)
    g[i] = i;
  return g;
}

double run(test::SimHarness& sim, const PhasedPlan& plan)
{
  OpGraph g;
  int span = g.add_span({"c", SpanClass::COMM, 0, {}});
  add_collective(g, plan, span, {});
  return sim.run(g).makespan_s;
}

double simulate(test::SimHarness& sim, CollectiveOp op, CollectiveAlgo algo, const std::vector<int>& group, double S)
{
  return run(sim, lower_collective(op, algo, group, S, 8, 1, [&](int a, int b) { return sim.latency(a, b); }));
}

}  // namespace

TEST_CASE("halving-doubling: 2·log2(p)·α + 2(p−1)/p·S/B inside a node, and phase by phase across two nodes")
{
  test::SimHarness sim(test::tiny_spec());
  for (double S : SIZES) {
    CAPTURE(S);
    const double one_node = 2 * 3 * A_NV + 2 * 7.0 / 8 * S / B_NV;
    CHECK(simulate(sim, CollectiveOp::ALLREDUCE, CollectiveAlgo::HALVING_DOUBLING, ranks(8), S) ==
          doctest::Approx(one_node).epsilon(0.01));
    // 16 ranks: the first halving pairs rank i with i + 8 on the other node (same rail), the rest stay inside.
    const double two_nodes =
        2 * ((A_NET + S / 2 / B_NET) + (A_NV + S / 4 / B_NV) + (A_NV + S / 8 / B_NV) + (A_NV + S / 16 / B_NV));
    CHECK(simulate(sim, CollectiveOp::ALLREDUCE, CollectiveAlgo::HALVING_DOUBLING, ranks(16), S) ==
          doctest::Approx(two_nodes).epsilon(0.01));
  }
}

TEST_CASE("double binary tree over two nodes: 2·(7·α_nvlink + α_net) + (S/2)/B_net")
{
  // Each tree carries S/2: chains of 8 GPUs inside the nodes, one fabric edge between the heads (rail 0 for one
  // tree, rail 7 for the other). Pipelined: the fill is the deepest path up and down; the fabric edge is the
  // bottleneck (S/2 at 50 GB/s, against 2S over each 450 GB/s NVLink).
  test::SimHarness sim(test::tiny_spec());
  for (double S : SIZES) {
    CAPTURE(S);
    const double expected = 2 * (7 * A_NV + A_NET) + std::max(S / 2 / B_NET, 2 * S / B_NV);
    CHECK(simulate(sim, CollectiveOp::ALLREDUCE, CollectiveAlgo::TREE, ranks(16), S) ==
          doctest::Approx(expected).epsilon(0.01));
  }
}

TEST_CASE("hierarchical, NVLS and SHARP all-reduce: pipeline fill plus the busier of the NVLink and the rail")
{
  test::SimHarness sim(test::tiny_spec());
  const double c = 8;
  for (double S : SIZES) {
    CAPTURE(S);
    // Ring reduce-scatter and all-gather inside (2(c−1)/c·S over NVLink), slices of S/c all-reduced over 2 nodes
    // on each rail (2·(1/2)·S/c).
    const double net  = S / c / B_NET;
    const double hier = 2 * 7 * A_NV + 2 * A_NET + std::max(2 * 7 / c * S / B_NV, net);
    CHECK(simulate(sim, CollectiveOp::ALLREDUCE, CollectiveAlgo::HIERARCHICAL, ranks(16), S) ==
          doctest::Approx(hier).epsilon(0.01));
    // NVLS: the switch reduces and multicasts, S(1 + 1/c) over each GPU's NVLink each way.
    const double nvls = 2 * A_NV + 2 * A_NET + std::max(S * (1 + 1 / c) / B_NV, net);
    CHECK(simulate(sim, CollectiveOp::ALLREDUCE, CollectiveAlgo::NVLS, ranks(16), S) ==
          doctest::Approx(nvls).epsilon(0.01));
    // SHARP: the rails' switches reduce each S/c slice, sent up once and received once (one pass up and down).
    const double sharp = 2 * 7 * A_NV + 2 * A_NET + std::max(2 * 7 / c * S / B_NV, S / c / B_NET);
    CHECK(simulate(sim, CollectiveOp::ALLREDUCE, CollectiveAlgo::SHARP, ranks(16), S) ==
          doctest::Approx(sharp).epsilon(0.01));
    // One node: S up and S down through the switch, one pass.
    CHECK(simulate(sim, CollectiveOp::ALLREDUCE, CollectiveAlgo::NVLS, ranks(8), S) ==
          doctest::Approx(A_NV + S / B_NV).epsilon(0.01));
  }
}

TEST_CASE("SHARP serves one GPU per node, as a DP group beside TP8 has: S up and down the rail, one pass")
{
  test::SimHarness sim(test::tiny_spec());
  const std::vector<int> rail3{3, 8 + 3};
  for (double S : SIZES) {
    CAPTURE(S);
    CHECK(simulate(sim, CollectiveOp::ALLREDUCE, CollectiveAlgo::SHARP, rail3, S) ==
          doctest::Approx(2 * A_NET + S / B_NET).epsilon(0.01));
  }
  // Hierarchical and NVLS have nothing to do inside a node of one GPU: refused.
  CHECK_THROWS_AS(simulate(sim, CollectiveOp::ALLREDUCE, CollectiveAlgo::HIERARCHICAL, rail3, 1e6), ConfigError);
}

TEST_CASE("hierarchical and NVLS beat the flat ring at large sizes, the tree beats it at small sizes")
{
  test::SimHarness sim(test::tiny_spec());
  auto t = [&](CollectiveAlgo a, double S) {
    return run(sim, lower_collective(CollectiveOp::ALLREDUCE, a, ranks(16), S, 8, 8,
                                     [&](int x, int y) { return sim.latency(x, y); }));
  };
  const double big = 8e9, small = 8;
  CHECK(t(CollectiveAlgo::HIERARCHICAL, big) < t(CollectiveAlgo::RING, big));
  CHECK(t(CollectiveAlgo::NVLS, big) < t(CollectiveAlgo::RING, big));
  CHECK(t(CollectiveAlgo::TREE, small) < t(CollectiveAlgo::RING, small));
  CHECK(t(CollectiveAlgo::TREE, big) > t(CollectiveAlgo::RING, big));
}

TEST_CASE("broadcast and reduce: a pipelined chain, S/B + (p−1)·α, and sendrecv S/B + α")
{
  test::SimHarness sim(test::tiny_spec());
  for (double S : SIZES) {
    CAPTURE(S);
    const double chain = S / B_NV + 7 * A_NV;  // 8 GPUs of one node
    CHECK(simulate(sim, CollectiveOp::BROADCAST, CollectiveAlgo::RING, ranks(8), S) ==
          doctest::Approx(chain).epsilon(0.01));
    CHECK(simulate(sim, CollectiveOp::REDUCE, CollectiveAlgo::RING, ranks(8), S) ==
          doctest::Approx(chain).epsilon(0.01));
    // 16 ranks in ring order: two of the 16 edges cross the fabric on one rail each.
    CHECK(simulate(sim, CollectiveOp::SENDRECV, CollectiveAlgo::RING, ranks(16), S) ==
          doctest::Approx(std::max(S / B_NET + A_NET, S / B_NV + A_NV)).epsilon(0.01));
  }
}

TEST_CASE("all-to-allv with skewed sizes: bytes conserved, time set by the busiest link")
{
  // 16 ranks; every rank sends `base` to each other rank, except 8·base to rank 0.
  test::SimHarness sim(test::tiny_spec());
  const double base = 1e8;
  std::vector<std::vector<double>> m(16, std::vector<double>(16, base));
  double total = 0;
  for (int i = 0; i < 16; ++i) {
    m[i][i] = 0;
    m[i][0] = i == 0 ? 0 : 8 * base;
    for (double b : m[i])
      total += b;
  }
  const PhasedPlan plan = alltoallv(ranks(16), m, [&](int a, int b) { return sim.latency(a, b); });
  double planned        = 0;
  for (const FlowPlan& f : plan[0].flows)
    planned += f.bytes;
  CHECK(planned == doctest::Approx(total));
  // Rank 0's NIC takes 8 × 8·base from the other node: the busiest link, at 50 GB/s.
  OpGraph g;
  int span = g.add_span({"a2av", SpanClass::COMM, 0, ranks(16)});
  add_collective(g, plan, span, {});
  const ExecResult r       = sim.run(g);
  const RunMetrics metrics = collect_metrics(g, r, sim.cluster, sim.router);
  double busiest           = 0;
  for (size_t e = 0; e < metrics.edge_bytes.size(); ++e)
    busiest = std::max(busiest, std::max(metrics.edge_bytes[e][0], metrics.edge_bytes[e][1]) /
                                    sim.cluster.link(static_cast<int>(e)).spec.bw_Bps);
  CHECK(busiest == doctest::Approx(64 * base / B_NET));
  CHECK(r.makespan_s == doctest::Approx(busiest).epsilon(0.001));
}

TEST_CASE("auto picks an algorithm within 5% of the fastest simulated one, at every size")
{
  for (bool nvls : {false, true}) {
    CAPTURE(nvls);
    test::SimHarness sim(test::tiny_spec());
    FabricShape shape{8, B_NV, B_NET, A_NV, A_NET, nvls};
    for (double S = 8; S <= 8e9; S *= 16) {
      CAPTURE(S);
      const std::vector<Estimate> ranked = estimate_algorithms(CollectiveOp::ALLREDUCE, ranks(16), S, shape, 8);
      double best = 1e300, picked = 0;
      for (const Estimate& e : ranked) {
        const double t = run(sim, lower_collective(CollectiveOp::ALLREDUCE, e.algo, ranks(16), S, 8, 8,
                                                   [&](int a, int b) { return sim.latency(a, b); }));
        best           = std::min(best, t);
        if (e.algo == ranked.front().algo)
          picked = t;
      }
      CHECK(picked <= best * 1.05);
    }
  }
}

TEST_CASE("PXN all-to-all and DeepSeek's node-limited dispatch: the fabric carries M/k of the remote blocks")
{
  // 16 ranks on 2 nodes, S per rank, blocks of S/16. Phase 1: 8 remote blocks (× share) on the sender's rail, 7
  // local ones over NVLink; phase 2: each relay forwards 7 blocks over NVLink.
  test::SimHarness sim(test::tiny_spec());
  for (double share : {1.0, 0.5}) {
    for (double S : {16e6, 16e9}) {
      CAPTURE(share);
      CAPTURE(S);
      const double block = S / 16;
      const double expected =
          std::max(A_NET + 8 * share * block / B_NET, A_NV + 7 * block / B_NV) + (A_NV + 7 * block / B_NV);
      const double t = run(sim, pxn_alltoall(
                                    ranks(16), S, 8, [&](int a, int b) { return sim.latency(a, b); }, share));
      CHECK(t == doctest::Approx(expected).epsilon(0.01));
    }
  }
}
