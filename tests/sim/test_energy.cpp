// SPDX-License-Identifier: Apache-2.0
// Energy: GPU states, static and load-dependent network power, and what the facility adds.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "energy/energy_model.hpp"
#include "metrics/run_metrics.hpp"
#include "support/sim_harness.hpp"

using namespace cs;

namespace {

struct Measured {
  RunMetrics metrics;
  ExecResult run;
  EnergyBreakdown energy;
};

Measured measure(test::SimHarness& sim, const OpGraph& g)
{
  Measured m;
  m.run     = sim.run(g);
  m.metrics = collect_metrics(g, m.run, sim.cluster, sim.router);
  m.energy  = account_energy(sim.cluster, count_topology(sim.cluster), m.metrics, m.run.gpu_energy_J);
  return m;
}

// Every module of a tier the same: `watts` busy, `idle` without traffic.
MediumSpec uniform_medium(const std::string& name, ModuleForm form, double watts, double idle)
{
  MediumSpec m = *builtin_medium("ndr-400g-mm");
  m.name       = name;
  m.latency_s  = 0;
  m.switch_end = m.nic_end = {name, form, 1, watts, 0, idle};
  return m;
}

}  // namespace

TEST_CASE("a GPU busy t seconds at P_busy, in a collective c seconds at P_comm and idle u seconds uses "
          "P_busy·t + P_comm·c + P_idle·u")
{
  test::SimHarness sim(test::tiny_spec(1, 2, 0));
  const GpuSpec& gpu = sim.cluster.spec.node.gpu;
  const double t = 2.0, c = 1.0, total = 5.0;
  OpGraph g;
  int work    = g.add_span({"work", SpanClass::COMPUTE, 0, {0}});
  int coll    = g.add_span({"collective", SpanClass::COMM, 0, {0}});
  int compute = g.add(compute_op(0, t * sim.platform.gpu_flops(), work));  // GPU 0 computes for t seconds
  g.depend(compute, g.add(delay_op(c, coll)));                             // then spends c in a collective
  g.add(delay_op(total, work));                                            // the run lasts `total`
  Measured m = measure(sim, g);
  REQUIRE(m.run.makespan_s == doctest::Approx(total));
  // SimGrid's plugin alone: TDP while computing, idle otherwise.
  CHECK(m.run.gpu_energy_J[0] == doctest::Approx(gpu.tdp_W * t + gpu.idle_W * (total - t)));
  CHECK(m.run.gpu_energy_J[1] == doctest::Approx(gpu.idle_W * total));
  const double P_comm = gpu.idle_W + 0.25 * (gpu.tdp_W - gpu.idle_W);
  CHECK(m.energy.gpu_J ==
        doctest::Approx(gpu.tdp_W * t + P_comm * c + gpu.idle_W * (total - t - c) + gpu.idle_W * total));
}

TEST_CASE("static optics energy is module count × module power × time, with counts from the topology report")
{
  test::SimHarness sim(test::tiny_spec());
  OpGraph g;
  g.add(delay_op(3.0, g.add_span({"wait", SpanClass::COMPUTE, 0, {}})));
  Measured m            = measure(sim, g);
  TopologyCounts counts = count_topology(sim.cluster);
  double expected       = 0;
  for (const ModuleCount& mod : counts.modules)
    expected += mod.count * mod.power_W * 3.0;
  CHECK(expected > 0);
  CHECK(m.energy.optics_J == doctest::Approx(expected));
  // tiny-16 with twin-port NDR optics: 16 NIC modules at 8 W, 24 twin-port switch modules at 15 W.
  CHECK(m.energy.optics_J == doctest::Approx((16 * 8.0 + 24 * 15.0) * 3.0));
}

TEST_CASE("a CPO twin uses less optics energy on the same job, with static modules, in the ratio of module powers")
{
  double optics[2], total[2];
  for (int cpo = 0; cpo < 2; ++cpo) {
    ClusterSpec s        = test::tiny_spec();
    MediumSpec m         = cpo ? uniform_medium("cpo", ModuleForm::CPO, 4.5, 4.5)
                               : uniform_medium("pluggable", ModuleForm::PLUGGABLE, 16.5, 16.5);
    s.fabric.leaf.medium = s.fabric.spine.medium = m;
    test::SimHarness sim(s);
    OpGraph g;
    int span = g.add_span({"traffic", SpanClass::COMM, 0, {0, 9}});
    g.add(flow_op(0, 9, 5e9, sim.latency(0, 9), span));
    Measured run = measure(sim, g);
    optics[cpo]  = run.energy.optics_J / run.metrics.makespan_s;  // same job, same time: compare power
    total[cpo]   = run.energy.it_J() / run.metrics.makespan_s;
  }
  CHECK(optics[1] < optics[0]);
  CHECK(optics[1] / optics[0] == doctest::Approx(4.5 / 16.5));
  CHECK(total[0] - total[1] == doctest::Approx(optics[0] - optics[1]));
}

TEST_CASE("load-dependent optics: exact where SimGrid's link-energy plugin is not, when another flow changes the rate")
{
  // a -> b alone at full rate, then from t = 0.5 s c -> b shares b's NIC and halves a -> b's rate; SimGrid 3.32's
  // link plugin integrates only at a's own events and misses the change (reference/simgrid-3.32.md §5). With
  // power linear in utilization, a link end draws P_idle·T + (P_busy − P_idle)·bytes/bandwidth whatever the rate.
  ClusterSpec s        = test::tiny_spec(2, 8, 2, /*zero_latency=*/true);
  s.fabric.leaf.medium = s.fabric.spine.medium = uniform_medium("linear", ModuleForm::PLUGGABLE, 30, 10);
  test::SimHarness sim(s);
  const double S = 1e9, B = test::FABRIC_Bps;
  OpGraph g;
  int span = g.add_span({"traffic", SpanClass::COMM, 0, {0, 8}});
  g.add(flow_op(0, 8, S, 0, span));  // a -> b, same rail
  int later = g.add(delay_op(0.5 * S / B, span));
  g.depend(later, g.add(flow_op(1, 8, S, 0, span)));  // c -> b from half-way
  Measured m = measure(sim, g);
  // a -> b: half its bytes at B, the other half at B/2; c -> b then finishes alone. T = 2S/B.
  REQUIRE(m.run.makespan_s == doctest::Approx(2 * S / B));
  const double T = m.run.makespan_s;
  // Busy-seconds per fabric link end: every link the two flows cross carries S (or 2S into b's NIC) at B.
  // Links: a's NIC–leaf0 (S), c's NIC–leaf1 (S), leaf1–spine and spine–leaf0 (S), leaf0–b's NIC (2S).
  const double busy_ends = 2 * (S + S + S + S + 2 * S) / B;
  const int ends         = 2 * (16 + 16);  // every fabric link has two ends, each its own module here
  CHECK(m.energy.optics_J == doctest::Approx(10.0 * ends * T + (30.0 - 10.0) * busy_ends));
}

TEST_CASE("the facility: PUE multiplies IT energy, cost is kWh × price, and the parts add up")
{
  ClusterSpec s      = test::tiny_spec();
  s.node.max_power_W = 10200;
  s.facility = {.pue_idle = 1.3, .pue_full = 1.3, .usd_per_kWh = 0.1, .carbon_g_per_kWh = 400, .usd_per_gpu_hour = 0};
  test::SimHarness sim(s);
  OpGraph g;
  int span = g.add_span({"work", SpanClass::COMPUTE, 0, {0}});
  g.add(compute_op(0, 2 * sim.platform.gpu_flops(), span));
  Measured m               = measure(sim, g);
  const EnergyBreakdown& e = m.energy;
  CHECK(e.pue == doctest::Approx(1.3));
  CHECK(e.facility_J() == doctest::Approx(1.3 * e.it_J()));
  CHECK(e.cost_usd == doctest::Approx(e.facility_J() / 3.6e6 * 0.1));
  CHECK(e.carbon_kg == doctest::Approx(e.facility_J() / 3.6e6 * 0.4));
  CHECK(e.it_J() == doctest::Approx(e.gpu_J + e.node_overhead_J + e.nvswitch_J + e.switch_J + e.nic_J + e.optics_J));
  CHECK(e.node_overhead_J == doctest::Approx(2 * (10200 - 8 * 700.0) * 2.0));
  // PUE falling with load: at IT load L = average ÷ nameplate IT power, PUE = idle + (full − idle)·L.
  Cluster site                = sim.cluster;
  site.spec.facility.pue_idle = 2.0;
  site.spec.facility.pue_full = 1.1;
  EnergyBreakdown e2          = account_energy(site, count_topology(site), m.metrics, m.run.gpu_energy_J);
  const double load           = e2.average_it_W / e2.nameplate_it_W;
  CHECK(load > 0);
  CHECK(load < 1);
  CHECK(e2.pue == doctest::Approx(2.0 - 0.9 * load));
  CHECK(e2.facility_J() == doctest::Approx(e2.pue * e2.it_J()));
}

TEST_CASE("peak power: every GPU computing at once draws every TDP")
{
  test::SimHarness sim(test::tiny_spec());
  OpGraph g;
  int span = g.add_span({"work", SpanClass::COMPUTE, 0, {}});
  for (int gpu = 0; gpu < 16; ++gpu)
    g.add(compute_op(gpu, sim.platform.gpu_flops(), span));
  g.add(delay_op(4.0, span));
  Measured m               = measure(sim, g);
  const EnergyBreakdown& e = m.energy;
  const double others_W    = (e.it_J() - e.gpu_J) / 4.0;
  CHECK(e.peak_it_W == doctest::Approx(16 * 700.0 + others_W));
  CHECK(e.average_it_W == doctest::Approx((16 * 700.0 * 1 + 16 * 145.0 * 3) / 4.0 + others_W));
}

TEST_CASE("DVFS: at an operating point of half speed and 350 W, work takes twice as long at 350 W")
{
  ClusterSpec s      = test::tiny_spec(1, 2, 0);
  s.node.gpu.pstates = {{0.5, 350}};
  s.node.gpu_pstate  = 1;
  test::SimHarness sim(s);
  const GpuSpec& gpu = sim.cluster.spec.node.gpu;
  OpGraph g;
  int span = g.add_span({"work", SpanClass::COMPUTE, 0, {0}});
  g.add(compute_op(0, 1.0 * sim.platform.gpu_flops(), span));  // one second at full speed
  g.add(delay_op(3.0, span));
  Measured m = measure(sim, g);
  CHECK(m.metrics.gpus[0].compute_s == doctest::Approx(2.0));
  CHECK(m.run.gpu_energy_J[0] == doctest::Approx(350 * 2.0 + gpu.idle_W * 1.0));
  CHECK(m.energy.peak_it_W - (m.energy.it_J() - m.energy.gpu_J) / 3.0 == doctest::Approx(350 + gpu.idle_W));
}
