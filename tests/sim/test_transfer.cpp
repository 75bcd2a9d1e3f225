// SPDX-License-Identifier: Apache-2.0
// One transfer of S bytes over a path with bottleneck B and latency L takes L + S/B.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "support/sim_harness.hpp"

using namespace cs;

TEST_CASE("a single flow takes L + S/B, within 0.5%")
{
  test::SimHarness sim(test::tiny_spec());
  // GPU 3 -> GPU 11: same rail, so PCIe, NIC-leaf, leaf-NIC, PCIe. Bottleneck 50 GB/s, latency 2·0.25 + 2·0.5 us.
  const double L = 2 * test::PCIE_LAT_s + 2 * test::FABRIC_LAT_s;
  const double B = test::FABRIC_Bps;
  for (double S : {8.0, 1e6, 1e9, 8e9}) {
    CAPTURE(S);
    OpGraph g;
    int span = g.add_span({"xfer", SpanClass::COMM, 0, {3, 11}});
    g.add(flow_op(3, 11, S, sim.latency(3, 11), span));
    ExecResult r = sim.run(g);
    CHECK(r.makespan_s == doctest::Approx(L + S / B).epsilon(0.005));
  }
}

TEST_CASE("inside a node the NVLink bandwidth applies")
{
  test::SimHarness sim(test::tiny_spec(1, 8, 0));
  const double S = 4.5e9;
  OpGraph g;
  int span = g.add_span({"xfer", SpanClass::COMM, 0, {0, 1}});
  g.add(flow_op(0, 1, S, sim.latency(0, 1), span));
  CHECK(sim.run(g).makespan_s == doctest::Approx(2 * test::NVLINK_LAT_s + S / test::NVLINK_Bps).epsilon(0.005));
}
