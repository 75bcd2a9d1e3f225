// SPDX-License-Identifier: Apache-2.0
// Data-parallel training plan: work per GPU and the shape of the op graph.
#include <doctest/doctest.h>

#include "catalog/builtin.hpp"
#include "workload/dense_model.hpp"
#include "workload/dp_training.hpp"

using namespace cs;

namespace {

TrainingSpec small_job()
{
  TrainingSpec t;
  t.name         = "job";
  t.model        = {"m", 24, 2048, 16, 2048, 51200};
  t.dp           = 16;
  t.global_batch = 64;
  t.iterations   = 2;
  return t;
}

}  // namespace

TEST_CASE("each GPU computes 6·P·tokens/dp per iteration, at peak × efficiency")
{
  const GpuSpec& gpu = *builtin_gpu("h100-sxm");
  TrainingSpec job   = small_job();
  TrainingPlan plan  = plan_dp_training(job, gpu, 16, 8, gpu.bf16_flops, [](int, int) { return 1e-6; });
  const double P     = parameter_count(job.model);
  CHECK(plan.model_flops_per_gpu == doctest::Approx(6 * P * 64 * 2048 / 16));
  CHECK(plan.grad_bytes == doctest::Approx(2 * P));
  CHECK(plan.efficiency == doctest::Approx(gpu.gemm_efficiency));
  // The host runs at BF16 peak, so its work is the model FLOPs divided by the efficiency.
  for (const Op& op : plan.graph.ops)
    if (op.kind == OpKind::COMPUTE)
      CHECK(op.amount == doctest::Approx(plan.model_flops_per_gpu / gpu.gemm_efficiency));
}

TEST_CASE(
    "per iteration: one compute op per GPU, a barrier, the ring's latency, one flow per ring edge, a closing delay")
{
  const GpuSpec& gpu = *builtin_gpu("h100-sxm");
  TrainingPlan plan  = plan_dp_training(small_job(), gpu, 16, 8, gpu.bf16_flops, [](int, int) { return 1e-6; });
  CHECK(plan.graph.ops.size() == 2 * (16 + 1 + 1 + 16 + 1));
  CHECK(plan.graph.spans.size() == 2 * 2);
  int roots = 0;
  for (const Op& op : plan.graph.ops)
    roots += op.predecessors == 0;
  CHECK(roots == 16);  // only the first iteration's compute starts unprompted
}

TEST_CASE("FP8 on a GPU without FP8 is refused before simulating")
{
  const GpuSpec& a100 = *builtin_gpu("a100");
  TrainingSpec job    = small_job();
  job.precision       = Precision::FP8;
  CHECK_THROWS_WITH_AS(plan_dp_training(job, a100, 16, 8, a100.bf16_flops, [](int, int) { return 0.0; }),
                       doctest::Contains("a100 has no fp8 mode"), ConfigError);
}
