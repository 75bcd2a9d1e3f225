// SPDX-License-Identifier: Apache-2.0
// FLOPs, bytes and roofline time of one stage's forward, input-gradient and weight-gradient work, op by op.
#pragma once

#include <string>
#include <vector>

#include "catalog/parts.hpp"
#include "workload/training_spec.hpp"

namespace cs {

enum class OpClass {
  GEMM,       // in the job's GEMM precision (FP8 under `precision: fp8`)
  GEMM_BF16,  // kept in BF16 even in FP8 jobs: output head, router (DeepSeek-V3 §3.3, workloads.md §4.2)
  ATTENTION,  // fused score/softmax/value kernel, BF16
  MEMORY,     // elementwise: norms, residual adds, activation functions, embedding lookup, loss
};

// One kernel's work on one GPU: FLOPs and HBM bytes, for a forward pass of one micro-batch.
struct OpCost {
  std::string name;
  OpClass cls  = OpClass::GEMM;
  double flops = 0;
  double bytes = 0;
};

// How the work of a micro-batch is divided over GPUs.
struct ShardSpec {
  int tp                 = 1;
  int cp                 = 1;
  bool sequence_parallel = true;
  int micro_batch        = 1;  // sequences
  int ep                 = 1;  // expert parallelism: each GPU holds routed_experts / ep of the experts
};

// The forward ops of layer `layer` for one micro-batch on one GPU of a TP×CP group. GEMM FLOPs are 2 per
// multiply-add of the weight matrices the tokens pass through; attention scores and values count the full s×s
// square (Megatron's convention, workloads.md §2), so a GPT layer is exactly 24·b·s·h² + 4·b·s²·h.
std::vector<OpCost> layer_forward_ops(const ModelSpec& m, int layer, const ShardSpec& shard, Precision gemm);
// Embedding lookup (first stage) and output head plus loss (last stage), forward, same conventions.
std::vector<OpCost> embedding_forward_ops(const ModelSpec& m, const ShardSpec& shard);
std::vector<OpCost> head_forward_ops(const ModelSpec& m, const ShardSpec& shard);

// Seconds for one op: max(FLOPs ÷ (peak × efficiency), bytes ÷ (HBM bandwidth × efficiency)), with the
// efficiency of the op's class from the GPU catalog (`gemm_efficiency` overridden by `gemm_efficiency_override`
// when > 0).
double roofline_seconds(const OpCost& op, const GpuSpec& gpu, Precision gemm, double gemm_efficiency_override = 0);

// A stage's work per micro-batch: forward (F), backward for inputs (B, including any recompute) and for weights
// (W), in seconds and FLOPs. Model FLOPs count forward + backward once (3 × forward), never recompute.
struct StageCost {
  double f_s = 0, b_s = 0, w_s = 0;
  double f_flops = 0, b_flops = 0, w_flops = 0;
  double model_flops = 0;
};

// Layers [first, last) of the model, plus the embedding when `embed` and the head when `head`.
// Backward rules: a GEMM's input gradient and its weight gradient each cost its forward; attention's backward is
// twice its forward (recomputing scores included, as FlashAttention does); elementwise backward moves twice the
// bytes. Recompute adds the attention forward (selective) or the whole layer forward (full) to B.
StageCost stage_cost(const ModelSpec& m, int first, int last, bool embed, bool head, const ShardSpec& shard,
                     const GpuSpec& gpu, Precision gemm, Recompute recompute, double gemm_efficiency_override = 0);

}  // namespace cs
