// SPDX-License-Identifier: Apache-2.0
// A ring all-reduce of S bytes over p GPUs takes 2(p−1)/p·S/B + 2(p−1)·α on an uncongested fabric.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <numeric>

#include "collective/collective_op.hpp"
#include "support/sim_harness.hpp"
#include "workload/collective_graph.hpp"

using namespace cs;

namespace {

double simulate_allreduce(test::SimHarness& sim, int gpus, double S, int channels = 1)
{
  std::vector<int> group(gpus);
  std::iota(group.begin(), group.end(), 0);
  PhasedPlan plan = lower_collective(CollectiveOp::ALLREDUCE, CollectiveAlgo::RING, group, S, 8, channels,
                                     [&](int a, int b) { return sim.latency(a, b); });
  OpGraph g;
  add_collective(g, plan, g.add_span({"allreduce", SpanClass::COMM, 0, group}), {});
  return sim.run(g).makespan_s;
}

}  // namespace

TEST_CASE("16 GPUs on 2 nodes: the inter-node edges set both B and α")
{
  test::SimHarness sim(test::tiny_spec());
  const int p        = 16;
  const double alpha = 2 * test::PCIE_LAT_s + 2 * test::FABRIC_LAT_s;  // same-rail hop between nodes
  const double B     = test::FABRIC_Bps;
  for (double S : {8.0, 65536.0, 1e8, 8e9}) {
    CAPTURE(S);
    double expected = 2.0 * (p - 1) / p * S / B + 2.0 * (p - 1) * alpha;
    CHECK(simulate_allreduce(sim, p, S) == doctest::Approx(expected).epsilon(0.005));
  }
}

TEST_CASE("8 GPUs in one node: NVLink bandwidth and NVSwitch latency")
{
  test::SimHarness sim(test::tiny_spec(1, 8, 0));
  const int p        = 8;
  const double alpha = 2 * test::NVLINK_LAT_s;
  const double S     = 1e9;
  double expected    = 2.0 * (p - 1) / p * S / test::NVLINK_Bps + 2.0 * (p - 1) * alpha;
  CHECK(simulate_allreduce(sim, 8, S) == doctest::Approx(expected).epsilon(0.005));
}

TEST_CASE("8 ring channels on 2 nodes: every rail carries one channel each way, so B is 8 NICs")
{
  test::SimHarness sim(test::tiny_spec());
  const int p        = 16;
  const double alpha = 2 * test::PCIE_LAT_s + 2 * test::FABRIC_LAT_s;
  for (double S : {1e6, 8e9}) {
    CAPTURE(S);
    double expected = 2.0 * (p - 1) / p * (S / 8) / test::FABRIC_Bps + 2.0 * (p - 1) * alpha;
    CHECK(simulate_allreduce(sim, p, S, 8) == doctest::Approx(expected).epsilon(0.005));
  }
}
