// SPDX-License-Identifier: Apache-2.0
// Flows that share a bottleneck share it evenly, whatever their route latencies.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "support/sim_harness.hpp"

using namespace cs;

namespace {

std::vector<double> finish_times(test::SimHarness& sim, const std::vector<std::pair<int, int>>& flows, double S)
{
  OpGraph g;
  int span = g.add_span({"flows", SpanClass::COMM, 0, {}});
  for (auto [src, dst] : flows)
    g.add(flow_op(src, dst, S, sim.latency(src, dst), span));
  ExecResult r = sim.run(g);
  std::vector<double> out;
  for (const OpTiming& t : r.ops)
    out.push_back(t.end_s);
  return out;
}

}  // namespace

TEST_CASE("two flows into one NIC each get half its bandwidth")
{
  test::SimHarness sim(test::tiny_spec(2, 8, 2, /*zero_latency=*/true));
  const double S = 1e9;
  // GPU 0 -> 8 stays on rail 0; GPU 1 -> 8 crosses a spine. Both end on leaf0 -> node1-nic0 -> GPU 8.
  std::vector<double> t = finish_times(sim, {{0, 8}, {1, 8}}, S);
  CHECK(t[0] == doctest::Approx(2 * S / test::FABRIC_Bps).epsilon(0.005));
  CHECK(t[1] == doctest::Approx(2 * S / test::FABRIC_Bps).epsilon(0.005));
}

TEST_CASE("sharing is even even when route latencies differ (no TCP RTT unfairness)")
{
  test::SimHarness sim(test::tiny_spec());
  const double S = 10e9;
  // Same pair of flows with real latencies: 1.5 us and 2.5 us. Under latency-weighted sharing the short flow would
  // get 62.5% of the NIC and finish at 0.32 s; with even sharing both finish at 2S/B = 0.4 s.
  std::vector<double> t = finish_times(sim, {{0, 8}, {1, 8}}, S);
  CHECK(t[0] == doctest::Approx(2 * S / test::FABRIC_Bps).epsilon(0.005));
  CHECK(t[1] == doctest::Approx(2 * S / test::FABRIC_Bps).epsilon(0.005));
}

TEST_CASE("flows on disjoint paths do not slow each other")
{
  test::SimHarness sim(test::tiny_spec(2, 8, 2, true));
  const double S        = 1e9;
  std::vector<double> t = finish_times(sim, {{0, 8}, {1, 9}, {2, 10}}, S);
  for (double end : t)
    CHECK(end == doctest::Approx(S / test::FABRIC_Bps).epsilon(0.005));
}
