// SPDX-License-Identifier: Apache-2.0
// The executor carries ops either from SimGrid's maestro or in worker actors (sim/exec/executor.cpp). Large runs switch
// to workers; these cases force them with worker_mode_at = 0 so that the small test graphs exercise them.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <stdexcept>

#include "support/sim_harness.hpp"
#include "workload/parallel_training.hpp"

using namespace cs;

namespace {

constexpr int ALL_IN_WORKERS = 0;

TrainingPlan layered_plan(test::SimHarness& sim, const ClusterSpec& spec)
{
  // TP2 × PP2 × DP4 over two nodes: TP collectives on NVLink, pipeline flows with latency, DP reductions across the
  // fabric, closed-form latency delays and barriers.
  TrainingSpec job;
  job.model         = builtin_models().at("llama3-8b");
  job.model.layers  = 4;
  job.model.seq_len = 1024;
  job.parallel      = {.tp = 2, .pp = 2, .dp = 4};
  job.dp            = 4;
  job.pipelined     = true;
  job.schedule      = ScheduleKind::ONE_F_ONE_B;
  job.global_batch  = 16;
  return plan_parallel_training(job, sim.facts(spec));
}

void check_same_instants(const ExecResult& a, const ExecResult& b)
{
  REQUIRE(a.ops.size() == b.ops.size());
  for (size_t i = 0; i < a.ops.size(); ++i) {
    CAPTURE(i);
    CHECK(b.ops[i].start_s == doctest::Approx(a.ops[i].start_s).epsilon(1e-9));
    CHECK(b.ops[i].end_s == doctest::Approx(a.ops[i].end_s).epsilon(1e-9));
  }
  CHECK(b.makespan_s == doctest::Approx(a.makespan_s).epsilon(1e-9));
  REQUIRE(a.gpu_energy_J.size() == b.gpu_energy_J.size());
  for (size_t g = 0; g < a.gpu_energy_J.size(); ++g)
    CHECK(b.gpu_energy_J[g] == doctest::Approx(a.gpu_energy_J[g]).epsilon(1e-9));
}

}  // namespace

TEST_CASE("a flow carried by a worker takes its route latency plus its bytes over the link")
{
  test::SimHarness sim(test::tiny_spec(1, 8, 0));
  const double S = 1e9, latency = sim.latency(0, 1);
  OpGraph g;
  int span = g.add_span({"p2p", SpanClass::COMM, 0, {0, 1}});
  g.add(flow_op(0, 1, S, latency, span));
  const ExecResult r = sim.run(g, ALL_IN_WORKERS);
  CHECK(latency == doctest::Approx(2 * test::NVLINK_LAT_s));
  CHECK(r.makespan_s == doctest::Approx(latency + S / test::NVLINK_Bps).epsilon(1e-9));
}

TEST_CASE("flows carried by workers into one GPU share its link, so the worker sits on the sending GPU")
{
  // GPUs 0 and 1 both write S into GPU 2: GPU 2's NVLink down-link carries 2S. Had a flow left from the wrong host,
  // it would not meet the other on that link.
  test::SimHarness sim(test::tiny_spec(1, 8, 0));
  const double S = 1e9;
  OpGraph g;
  int span = g.add_span({"incast", SpanClass::COMM, 0, {0, 1, 2}});
  g.add(flow_op(0, 2, S, 0, span));
  g.add(flow_op(1, 2, S, 0, span));
  const ExecResult r = sim.run(g, ALL_IN_WORKERS);
  CHECK(r.ops[0].end_s == doctest::Approx(2 * S / test::NVLINK_Bps).epsilon(1e-9));
  CHECK(r.ops[1].end_s == doctest::Approx(2 * S / test::NVLINK_Bps).epsilon(1e-9));
}

TEST_CASE("every op of a training step runs at the same instants whichever carrier runs it")
{
  // One engine per run: SimGrid's host energy counts from the engine's start.
  const ClusterSpec spec = test::tiny_spec();
  auto run               = [&](int worker_mode_at) {
    test::SimHarness sim(spec);
    return sim.run(layered_plan(sim, spec).graph, worker_mode_at);
  };
  const ExecResult maestro = run(1 << 30);
  const ExecResult workers = run(ALL_IN_WORKERS);
  const ExecResult mixed   = run(8);  // switches once 8 ops completed with 8 or more in flight
  CHECK(maestro.ops_in_workers == 0);
  CHECK(workers.ops_in_workers > 0);
  CHECK(mixed.ops_in_workers > 0);
  CHECK(mixed.ops_in_workers < workers.ops_in_workers);
  check_same_instants(maestro, workers);
  check_same_instants(maestro, mixed);
}

TEST_CASE("a dependency cycle is reported in worker mode too, without hanging the engine")
{
  test::SimHarness sim(test::tiny_spec(1, 8, 0));
  OpGraph g;
  int span = g.add_span({"c", SpanClass::COMPUTE, 0, {0}});
  int root = g.add(compute_op(0, 1e12, span));
  int a    = g.add(compute_op(0, 1e12, span));
  int b    = g.add(compute_op(1, 1e12, span));
  g.depend(root, a);
  g.depend(b, a);  // a waits on b, b on a: neither can start
  g.depend(a, b);
  CHECK_THROWS_AS(sim.run(g, ALL_IN_WORKERS), std::runtime_error);
  CHECK_THROWS_AS(sim.run(g, 1 << 30), std::runtime_error);
}
