// SPDX-License-Identifier: Apache-2.0
// Collectives on the simulated fabric against their α-β closed forms, derived here from the link figures.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "collective/collective_op.hpp"
#include "support/sim_harness.hpp"
#include "workload/collective_graph.hpp"

using namespace cs;

namespace {

double simulate(test::SimHarness& sim, CollectiveOp op, CollectiveAlgo algo, const std::vector<int>& group, double S,
                int channels = 1)
{
  OpGraph g;
  int span = g.add_span({"c", SpanClass::COMM, 0, group});
  add_collective(g, lower_collective(op, algo, group, S, 8, channels, [&](int a, int b) { return sim.latency(a, b); }),
                 span, {});
  return sim.run(g).makespan_s;
}

}  // namespace

TEST_CASE("inside a node: all-gather and reduce-scatter take (p-1)/p·S/B + (p-1)α, all-to-all (p-1)(S/(pB) + α)")
{
  test::SimHarness sim(test::tiny_spec(1, 8, 0));
  const int p        = 8;
  const double alpha = 2 * test::NVLINK_LAT_s, B = test::NVLINK_Bps;
  std::vector<int> group = {0, 1, 2, 3, 4, 5, 6, 7};
  for (double S : {8.0, 1e6, 1e9, 8e9}) {
    CAPTURE(S);
    double ring = (p - 1.0) / p * S / B + (p - 1) * alpha;
    CHECK(simulate(sim, CollectiveOp::ALLGATHER, CollectiveAlgo::RING, group, S) ==
          doctest::Approx(ring).epsilon(0.005));
    CHECK(simulate(sim, CollectiveOp::REDUCE_SCATTER, CollectiveAlgo::RING, group, S) ==
          doctest::Approx(ring).epsilon(0.005));
    double a2a = (p - 1) * (S / p / B + alpha);
    CHECK(simulate(sim, CollectiveOp::ALLTOALL, CollectiveAlgo::SHIFTED, group, S) ==
          doctest::Approx(a2a).epsilon(0.005));
  }
}

TEST_CASE("intra-node ring bus bandwidth does not depend on the GPU count, as NCCL's does not")
{
  test::SimHarness sim(test::tiny_spec(1, 8, 0));
  const double S = 8e9;
  auto busbw     = [&](int p) {
    std::vector<int> group;
    for (int i = 0; i < p; ++i)
      group.push_back(i);
    double t = simulate(sim, CollectiveOp::ALLREDUCE, CollectiveAlgo::RING, group, S);
    return S / t * busbw_factor(CollectiveOp::ALLREDUCE, p);
  };
  const double four = busbw(4), eight = busbw(8);
  CHECK(four == doctest::Approx(eight).epsilon(0.01));
  CHECK(eight == doctest::Approx(test::NVLINK_Bps).epsilon(0.01));  // approaches the per-GPU NVLink rate
}

TEST_CASE("a rail-local all-reduce never touches a spine")
{
  test::SimHarness sim(test::tiny_spec(4, 8, 2));
  std::vector<int> rail3 = {3, 11, 19, 27};
  OpGraph g;
  int span = g.add_span({"c", SpanClass::COMM, 0, rail3});
  add_collective(g,
                 lower_collective(CollectiveOp::ALLREDUCE, CollectiveAlgo::RING, rail3, 1e9, 8, 8,
                                  [&](int a, int b) { return sim.latency(a, b); }),
                 span, {});
  for (const Op& op : g.ops)
    if (op.kind == OpKind::FLOW)
      for (const Hop& h : sim.router.route(op.gpu, op.peer).hops)
        CHECK(sim.cluster.link(h.edge).tier != LinkTier::LEAF_SPINE);
}

TEST_CASE("two all-reduces across the same spine each get half its bandwidth")
{
  // Rails differ inside each group, so both rings cross the one spine. The leaves are 2:1 oversubscribed, one cable
  // each to the spine, so both rings cross the same cables in the same directions. (At 1:1 each leaf has a cable per
  // node, and the two rings do not meet.)
  ClusterSpec spec                  = test::tiny_spec(2, 8, 1, /*zero_latency=*/true);
  spec.fabric.leaf.oversubscription = 2;
  test::SimHarness sim(spec);
  const double S = 1e9;
  auto run       = [&](const std::vector<std::vector<int>>& groups) {
    OpGraph g;
    for (const auto& group : groups) {
      int span = g.add_span({"c", SpanClass::COMM, 0, group});
      add_collective(g,
                           lower_collective(CollectiveOp::ALLREDUCE, CollectiveAlgo::RING, group, S, 8, 1,
                                            [&](int a, int b) { return sim.latency(a, b); }),
                           span, {});
    }
    return sim.run(g).makespan_s;
  };
  const double alone = run({{0, 9}});
  CHECK(alone == doctest::Approx(S / test::FABRIC_Bps).epsilon(0.005));  // 2(p−1)/p·S/B with p = 2
  CHECK(run({{0, 9}, {1, 8}}) == doctest::Approx(2 * alone).epsilon(0.005));
}

TEST_CASE("an all-to-all inside one pod does not slow down when the layer above the pods is oversubscribed")
{
  // Fat tree of 1-GPU nodes: 4 pods × 4 leaves × 4 nodes; full bisection (16 cores) against 4:1 at the spines.
  std::vector<int> pod0(16);
  for (int i = 0; i < 16; ++i)
    pod0[i] = i;
  double t[2];
  for (int over = 0; over < 2; ++over) {
    test::SimHarness sim(over ? test::pod_fat_tree(4, 4) : test::pod_fat_tree());
    OpGraph g;
    int span = g.add_span({"a2a", SpanClass::COMM, 0, pod0});
    add_collective(g,
                   lower_collective(CollectiveOp::ALLTOALL, CollectiveAlgo::SHIFTED, pod0, 1.6e9, 1, 1,
                                    [&](int a, int b) { return sim.latency(a, b); }),
                   span, {});
    t[over] = sim.run(g).makespan_s;
  }
  CHECK(t[1] == doctest::Approx(t[0]).epsilon(1e-9));
}

TEST_CASE("a uniform all-to-all over a 1:k oversubscribed fabric of P pods slows by k(P-1)/P · N/(N-1)")
{
  // At full bisection each GPU sends (N-1)/N·S through its NIC at rate B. Oversubscribed, a pod's n GPUs send
  // n·(N-n)/N·S across pods through n·B/k of uplinks. The ratio is k(P-1)/P · N/(N-1); here k = 4, P = 4, N = 64.
  std::vector<int> all(64);
  for (int i = 0; i < 64; ++i)
    all[i] = i;
  double t[2];
  for (int over = 0; over < 2; ++over) {
    test::SimHarness sim(over ? test::pod_fat_tree(4, 4) : test::pod_fat_tree());
    OpGraph g;
    int span = g.add_span({"a2a", SpanClass::COMM, 0, all});
    add_collective(g,
                   lower_collective(CollectiveOp::ALLTOALL, CollectiveAlgo::DIRECT, all, 6.4e9, 1, 1,
                                    [&](int a, int b) { return sim.latency(a, b); }),
                   span, {});
    t[over] = sim.run(g).makespan_s;
  }
  CHECK(t[0] == doctest::Approx(63.0 / 64 * 6.4e9 / test::FABRIC_Bps).epsilon(0.005));
  CHECK(t[1] / t[0] == doctest::Approx(4.0 * 3 / 4 * 64 / 63).epsilon(0.005));
}

TEST_CASE("an all-to-all over one plane of a non-blocking multi-plane fabric runs at the NIC rate")
{
  // Rail 0 of 64 nodes in two SUs; each leaf has 32 down and 32 up, so the plane is a full-bisection tree and each
  // GPU's (N-1)/N·S crosses its NIC at rate B: t = (N-1)/N·S/B (latency is microseconds against S/B of 0.13 s).
  ClusterSpec spec = test::tiny_spec(64, 8, 4);
  spec.fabric.kind = FabricKind::MULTI_PLANE;
  test::SimHarness sim(spec);
  std::vector<int> rail0(64);
  for (int i = 0; i < 64; ++i)
    rail0[i] = 8 * i;
  const double S = 6.4e9;
  CHECK(simulate(sim, CollectiveOp::ALLTOALL, CollectiveAlgo::DIRECT, rail0, S) ==
        doctest::Approx(63.0 / 64 * S / test::FABRIC_Bps).epsilon(0.005));
}

TEST_CASE("a link's efficiency scales what it delivers: intra-node busbw approaches NVLink rate × efficiency")
{
  ClusterSpec spec              = test::tiny_spec(1, 8, 0);
  spec.node.scale_up.efficiency = 0.8;
  test::SimHarness sim(spec);
  const double S = 8e9;
  const double t = simulate(sim, CollectiveOp::ALLREDUCE, CollectiveAlgo::RING, {0, 1, 2, 3, 4, 5, 6, 7}, S);
  CHECK(S / t * busbw_factor(CollectiveOp::ALLREDUCE, 8) == doctest::Approx(0.8 * test::NVLINK_Bps).epsilon(0.01));
}

TEST_CASE("a chunked ring keeps the closed form on an uncongested fabric, from one round to one per step")
{
  test::SimHarness sim(test::tiny_spec());
  std::vector<int> group(16);
  for (int i = 0; i < 16; ++i)
    group[i] = i;
  const double S = 1e9;
  auto t         = [&](int chunks) {
    OpGraph g;
    int span = g.add_span({"c", SpanClass::COMM, 0, group});
    add_collective(g,
                           lower_collective(
                               CollectiveOp::ALLREDUCE, CollectiveAlgo::RING, group, S, 8, 1,
                               [&](int a, int b) { return sim.latency(a, b); }, chunks),
                           span, {});
    return sim.run(g).makespan_s;
  };
  // One ring over 2 nodes: 2 of its 16 edges cross a 50 GB/s rail, whose route latency is the largest.
  const double alpha    = 2 * test::PCIE_LAT_s + 2 * test::FABRIC_LAT_s;
  const double expected = 2.0 * 15 / 16 * S / test::FABRIC_Bps + 2 * 15 * alpha;
  for (int chunks : {1, 4, 30}) {
    CAPTURE(chunks);
    CHECK(t(chunks) == doctest::Approx(expected).epsilon(0.01));
  }
}

TEST_CASE("on a wire at LL128's payload share, an intra-node all-gather's bandwidth term grows by 16/15")
{
  test::SimHarness sim(test::tiny_spec(1, 8, 0));
  const int p        = 8;
  const double alpha = 2 * test::NVLINK_LAT_s, B = test::NVLINK_Bps, e = 15.0 / 16;
  std::vector<int> group = {0, 1, 2, 3, 4, 5, 6, 7};
  for (double S : {8.0, 1e6, 8e9}) {
    CAPTURE(S);
    OpGraph g;
    int span        = g.add_span({"c", SpanClass::COMM, 0, group});
    PhasedPlan plan = lower_collective(CollectiveOp::ALLGATHER, CollectiveAlgo::RING, group, S, 8, 1,
                                       [&](int a, int b) { return sim.latency(a, b); });
    apply_wire_efficiency(plan, e);
    add_collective(g, plan, span, {});
    CHECK(sim.run(g).makespan_s == doctest::Approx((p - 1.0) / p * S / (B * e) + (p - 1) * alpha).epsilon(0.005));
  }
}
