// SPDX-License-Identifier: Apache-2.0
// Parameter and FLOP accounting for decoder models, dense or MoE (reference/workloads.md §1–4).
#pragma once

#include "workload/training_spec.hpp"

namespace cs {

// Weights of the parts of one layer. Matrices only in `*_matrix` (what GEMM FLOPs are counted from); vectors
// (biases, norms) in `vectors`.
struct LayerParams {
  double attention_matrix = 0;
  double mlp_matrix       = 0;  // dense FFN, or all experts of an MoE layer (routed + shared) plus the router
  double active_mlp       = 0;  // matrices one token passes through: dense FFN, or top-k + shared experts + router
  double expert_matrix    = 0;  // routed experts only (what EP shards)
  double vectors          = 0;
  double total() const { return attention_matrix + mlp_matrix + vectors; }
};

LayerParams layer_params(const ModelSpec& m, int layer);

// Token embedding (+ learned positions), plus the output head when untied, plus the final norm.
double embedding_params(const ModelSpec& m);

// All parameters. For the default GPT shape this is Megatron-LM Eq. 2, P = 12·l·h²·(1 + 13/(12h) + (V + s)/(12·l·h)),
// plus the final LayerNorm (2h), which Eq. 2 leaves out.
double parameter_count(const ModelSpec& m);
// What one token passes through: MoE layers count their top-k and shared experts only, and an untied input
// embedding (a lookup of one row) does not count (DeepSeek-V3's "37B activated").
double active_parameter_count(const ModelSpec& m);

// The 6N rule (reference/workloads.md §1): forward + backward FLOP per trained token, attention scores excluded,
// N = active parameters.
double training_flops_per_token(const ModelSpec& m);

}  // namespace cs
