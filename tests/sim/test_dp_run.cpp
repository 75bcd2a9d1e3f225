// SPDX-License-Identifier: Apache-2.0
// Data-parallel training end to end on tiny-16: iteration = compute + all-reduce, in closed form.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "metrics/run_metrics.hpp"
#include "support/sim_harness.hpp"
#include "workload/dense_model.hpp"
#include "workload/dp_training.hpp"

using namespace cs;

TEST_CASE("each iteration takes 6·P·tokens/(dp·peak·eff) + the ring all-reduce of the gradients")
{
  test::SimHarness sim(test::tiny_spec());
  TrainingSpec job;
  job.model          = {"m", 24, 2048, 16, 2048, 51200};
  job.dp             = 16;
  job.global_batch   = 32;
  job.iterations     = 3;
  const GpuSpec& gpu = sim.cluster.spec.node.gpu;
  TrainingPlan plan  = plan_dp_training(
       job, gpu, 16, 8, sim.platform.gpu_flops(), [&](int a, int b) { return sim.latency(a, b); }, 8);
  ExecResult r = sim.run(plan.graph);
  RunMetrics m = collect_metrics(plan.graph, r, sim.cluster, sim.router);

  const double P       = parameter_count(job.model);
  const double compute = 6 * P * 32 * 2048 / 16 / (gpu.bf16_flops * gpu.gemm_efficiency);
  const double S       = 2 * P;  // BF16 gradients
  const double alpha   = 2 * test::PCIE_LAT_s + 2 * test::FABRIC_LAT_s;
  const double comm    = 2.0 * 15 / 16 * (S / 8) / test::FABRIC_Bps + 2.0 * 15 * alpha;  // 8 rails
  REQUIRE(m.iteration_s.size() == 3);
  for (double it : m.iteration_s)
    CHECK(it == doctest::Approx(compute + comm).epsilon(0.005));
  CHECK(m.makespan_s == doctest::Approx(3 * (compute + comm)).epsilon(0.005));
  for (const GpuTime& t : m.gpus) {
    CHECK(t.compute_s == doctest::Approx(3 * compute).epsilon(0.005));
    CHECK(t.compute_s + t.comm_s + t.idle_s == doctest::Approx(m.makespan_s));
  }
}

TEST_CASE("a slower fabric never makes a step faster")
{
  TrainingSpec job;
  job.model        = {"m", 24, 2048, 16, 2048, 51200};
  job.dp           = 16;
  job.global_batch = 32;
  double previous  = 0;
  for (double gbps : {800.0, 400.0, 200.0, 100.0}) {
    const ClusterSpec spec = test::tiny_spec_with_fabric_rate(gbps);
    test::SimHarness sim(spec);
    TrainingPlan plan = plan_dp_training(job, spec.node.gpu, 16, 8, sim.platform.gpu_flops(),
                                         [&](int a, int b) { return sim.latency(a, b); });
    double t          = sim.run(plan.graph).makespan_s;
    CHECK(t > previous);
    previous = t;
  }
}
