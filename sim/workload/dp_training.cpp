// SPDX-License-Identifier: Apache-2.0
#include "workload/dp_training.hpp"

#include <fmt/format.h>
#include <numeric>

#include "collective/collective_op.hpp"
#include "config/error.hpp"
#include "workload/collective_graph.hpp"
#include "workload/dense_model.hpp"

namespace cs {

namespace {

void validate(const TrainingSpec& job, const GpuSpec& gpu, int gpu_count, const TrainingPlan& plan)
{
  if (job.dp != gpu_count)
    throw ConfigError(ErrorKind::VALIDATION, job.where.of("training.parallelism.dp"), "training.parallelism.dp",
                      fmt::format("expected {} (every GPU of the cluster: this release runs pure data parallelism), "
                                  "found {}",
                                  gpu_count, job.dp));
  if (job.global_batch % job.dp != 0)
    throw ConfigError(ErrorKind::VALIDATION, job.where.of("training.global_batch"), "training.global_batch",
                      fmt::format("expected a multiple of dp ({}), found {}", job.dp, job.global_batch));
  if (plan.peak_flops <= 0)
    throw ConfigError(ErrorKind::VALIDATION, job.where.of("training.precision"), "training.precision",
                      fmt::format("{} has no {} mode", gpu.name, precision_name(job.precision)));
  if (plan.memory_bytes_per_gpu > gpu.hbm_bytes)
    throw ConfigError(ErrorKind::VALIDATION, job.where.of("model"), "model",
                      fmt::format("does not fit in GPU memory: {:.3g} parameters × {:g} bytes of model state = "
                                  "{:.1f} GB per GPU, but {} has {:.1f} GB (activations not counted)",
                                  plan.params, MODEL_STATE_BYTES_PER_PARAM, plan.memory_bytes_per_gpu / 1e9, gpu.name,
                                  gpu.hbm_bytes / 1e9));
}

}  // namespace

TrainingPlan plan_dp_training(const TrainingSpec& job, const GpuSpec& gpu, int gpu_count, int gpus_per_node,
                              double host_flops, const PathLatency& latency, int channels, double ring_wire_efficiency)
{
  TrainingPlan plan;
  plan.params               = parameter_count(job.model);
  plan.tokens_per_iteration = static_cast<double>(job.global_batch) * job.model.seq_len;
  plan.peak_flops           = peak_flops(gpu, job.precision);
  plan.efficiency           = job.compute_efficiency > 0 ? job.compute_efficiency : gpu.gemm_efficiency;
  plan.memory_bytes_per_gpu = MODEL_STATE_BYTES_PER_PARAM * plan.params;
  plan.grad_bytes           = job.grad_bytes_per_param * plan.params;
  validate(job, gpu, gpu_count, plan);
  plan.model_flops_per_gpu = training_flops_per_token(job.model) * plan.tokens_per_iteration / job.dp;

  // The host computes at `host_flops`; scale the work so that it takes model_flops / (peak × efficiency) seconds.
  const double host_work = plan.model_flops_per_gpu / (plan.peak_flops * plan.efficiency) * host_flops;

  std::vector<int> ring(gpu_count);
  std::iota(ring.begin(), ring.end(), 0);
  PhasedPlan allreduce =
      lower_collective(CollectiveOp::ALLREDUCE, CollectiveAlgo::RING, ring, plan.grad_bytes, gpus_per_node,
                       job.allreduce_channels > 0 ? job.allreduce_channels : channels, latency);
  apply_wire_efficiency(allreduce, ring_wire_efficiency);

  OpGraph& g       = plan.graph;
  int previous_end = -1;  // the op that ends the previous iteration
  for (int it = 0; it < job.iterations; ++it) {
    int compute_span = g.add_span({fmt::format("iter{}/forward+backward", it), SpanClass::COMPUTE, it, ring});
    std::vector<int> compute(gpu_count);
    for (int gpu_rank = 0; gpu_rank < gpu_count; ++gpu_rank) {
      compute[gpu_rank] = g.add(compute_op(gpu_rank, host_work, compute_span));
      if (previous_end >= 0)
        g.depend(previous_end, compute[gpu_rank]);
    }
    int comm_span = g.add_span({fmt::format("iter{}/allreduce", it), SpanClass::COMM, it, ring});
    int end       = add_collective(g, allreduce, comm_span, compute);
    previous_end  = end;
  }
  return plan;
}

}  // namespace cs
