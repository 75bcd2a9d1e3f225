// SPDX-License-Identifier: Apache-2.0
// Where GPU time goes, and how many bytes each link tier carries, from a plan and its timings.
#include <doctest/doctest.h>

#include "metrics/run_metrics.hpp"
#include "support/tiny_cluster.hpp"
#include "topology/clos.hpp"

using namespace cs;

TEST_CASE("compute, exposed communication and idle time add up to the makespan")
{
  Cluster c = build_cluster(test::tiny_spec(1, 2, 0));
  Router router(c);
  OpGraph g;
  int compute_span = g.add_span({"compute", SpanClass::COMPUTE, 0, {0, 1}});
  int comm_span    = g.add_span({"allreduce", SpanClass::COMM, 0, {0, 1}});
  g.add(compute_op(0, 1, compute_span));
  g.add(compute_op(1, 1, compute_span));
  g.add(flow_op(0, 1, 9e9, 0, comm_span));
  // GPU 0 computes 0–1 s, GPU 1 computes 0–2 s; the collective spans 1–3 s; the run ends at 4 s.
  ExecResult run;
  run.ops        = {{0, 1}, {0, 2}, {1, 3}};
  run.makespan_s = 4;
  RunMetrics m   = collect_metrics(g, run, c, router);
  CHECK(m.gpus[0].compute_s == doctest::Approx(1));
  CHECK(m.gpus[0].comm_s == doctest::Approx(2));
  CHECK(m.gpus[0].idle_s == doctest::Approx(1));
  CHECK(m.gpus[1].compute_s == doctest::Approx(2));
  CHECK(m.gpus[1].comm_s == doctest::Approx(1));  // 2–3 s; 1–2 s overlaps compute
  CHECK(m.gpus[1].idle_s == doctest::Approx(1));
  REQUIRE(m.iteration_s.size() == 1);
  CHECK(m.iteration_s[0] == doctest::Approx(3));

  // 9 GB crossed both GPUs' NVLinks once: 18 GB through the scale-up tier, whose 2 links offer 2 × 2 × 450 GB/s.
  const TierLoad& up = m.tiers[static_cast<int>(LinkTier::SCALE_UP)];
  CHECK(up.bytes == doctest::Approx(18e9));
  CHECK(up.utilization == doctest::Approx(18e9 / (2 * 2 * test::NVLINK_Bps * 4)));
  CHECK(up.busiest_link_utilization == doctest::Approx(9e9 / (test::NVLINK_Bps * 4)));
}
