// SPDX-License-Identifier: Apache-2.0
// GPU energy: TDP while computing, idle power otherwise; parts add up to the total.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "energy/energy_model.hpp"
#include "support/sim_harness.hpp"

using namespace cs;

TEST_CASE("a GPU busy t seconds at P_busy and idle u seconds at P_idle uses P_busy·t + P_idle·u")
{
  test::SimHarness sim(test::tiny_spec(1, 2, 0));
  const GpuSpec& gpu = sim.cluster.spec.node.gpu;
  const double t = 2.0, total = 5.0;
  OpGraph g;
  int span = g.add_span({"work", SpanClass::COMPUTE, 0, {0}});
  g.add(compute_op(0, t * sim.platform.gpu_flops(), span));  // GPU 0 computes for t seconds
  g.add(delay_op(total, span));                              // the run lasts `total`
  ExecResult r = sim.run(g);
  REQUIRE(r.makespan_s == doctest::Approx(total));
  CHECK(r.gpu_energy_J[0] == doctest::Approx(gpu.tdp_W * t + gpu.idle_W * (total - t)));
  CHECK(r.gpu_energy_J[1] == doctest::Approx(gpu.idle_W * total));
}

TEST_CASE("network parts draw their catalog power for the whole run, and the parts sum to the total")
{
  Cluster c            = build_cluster(test::tiny_spec());
  TopologyCounts count = count_topology(c);
  const double T       = 3.0;
  EnergyBreakdown e    = account_energy(c, count, T, {100.0, 200.0});
  const ClusterSpec& s = c.spec;
  CHECK(e.gpu_J == doctest::Approx(300));
  CHECK(e.switch_J == doctest::Approx((8 + 2) * s.fabric.leaf.sw.power_W * T));
  CHECK(e.nic_J == doctest::Approx(16 * s.node.nic.power_W * T));
  // Modules: 16 NIC-side 400G (8 W); each leaf has 2 down + 2 up ends = 2 twin-port modules, each spine 8 ends =
  // 4 twin-port modules (15 W).
  CHECK(e.optics_J == doctest::Approx((16 * 8.0 + (8 * 2 + 2 * 4) * 15.0) * T));
  CHECK(e.total_J() == doctest::Approx(e.gpu_J + e.switch_J + e.nic_J + e.optics_J));
}
