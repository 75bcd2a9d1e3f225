// SPDX-License-Identifier: Apache-2.0
#include "workload/layer_cost.hpp"

#include <algorithm>

#include "workload/dense_model.hpp"

namespace cs {

namespace {

constexpr double ACT_BYTES = 2;  // BF16 activations

double gemm_bytes_per_element(Precision gemm)
{
  return gemm == Precision::FP8 ? 1 : 2;
}

// One GEMM of `tokens` rows through a weight of `in × out` elements: FLOPs and HBM bytes (inputs, weights, output).
OpCost gemm(std::string name, double tokens, double weights, double in, double out, double elem, OpClass cls)
{
  return {std::move(name), cls, 2 * tokens * weights, (tokens * in + weights) * elem + tokens * out * ACT_BYTES};
}

}  // namespace

std::vector<OpCost> layer_forward_ops(const ModelSpec& m, int layer, const ShardSpec& shard, Precision gemm_prec)
{
  const double t      = shard.tp;
  const double tok    = static_cast<double>(shard.micro_batch) * m.seq_len / shard.cp;  // tokens this GPU holds
  const double h      = m.hidden;
  const double elem   = gemm_bytes_per_element(gemm_prec);
  const double sp     = shard.sequence_parallel ? t : 1;  // elementwise work is sharded only with SP
  const LayerParams p = layer_params(m, layer);
  std::vector<OpCost> ops;

  ops.push_back({"norm+residual", OpClass::MEMORY, 0, tok / sp * h * ACT_BYTES * 5});  // read 1 write 1, read 2 write 1
  ops.push_back(gemm("attention-proj", tok, p.attention_matrix / t, h, h / t, elem, OpClass::GEMM));
  // Scores (q·kᵀ) and values (p·v) over the full s×s square, heads split by TP.
  double qk = m.dhead(), vd = m.dhead();
  if (m.attention == AttentionKind::MLA)
    qk = m.mla.qk_nope_head_dim + m.mla.qk_rope_head_dim, vd = m.mla.v_head_dim;
  const double heads = m.heads / t;
  ops.push_back({"attention", OpClass::ATTENTION, 2 * tok * m.seq_len * heads * (qk + vd),
                 tok * heads * (2 * qk + 2 * vd) * ACT_BYTES});
  ops.push_back({"norm+residual", OpClass::MEMORY, 0, tok / sp * h * ACT_BYTES * 5});
  if (m.is_moe_layer(layer)) {
    const MoeSpec& e = m.moe;
    ops.push_back(gemm("router", tok, static_cast<double>(e.routed_experts) * h / t, h, e.routed_experts / t, 2,
                       OpClass::GEMM_BF16));
    // Balanced routing: each GPU's experts see top-k copies of its share of tokens (per-token expert work).
    const double expert = (m.mlp == MlpKind::SWIGLU ? 3 : 2) * h * e.expert_ffn;
    OpCost experts      = gemm("experts", tok * (e.top_k + e.shared_experts) / t, expert, h, h, elem, OpClass::GEMM);
    // The weights of the experts on this GPU (routed / ep of them, at most as many as token copies reach, plus the
    // shared ones) are read once per micro-batch, not once per token copy.
    const double resident =
        std::min<double>(static_cast<double>(e.routed_experts) / std::max(shard.ep, 1), tok * e.top_k) +
        e.shared_experts;
    experts.bytes = tok * (e.top_k + e.shared_experts) / t * (h * elem + h * ACT_BYTES) + resident * expert * elem;
    ops.push_back(experts);
    ops.push_back(
        {"activation", OpClass::MEMORY, 0, tok * (e.top_k + e.shared_experts) / t * e.expert_ffn * 3 * ACT_BYTES});
  } else {
    const double f = m.ffn_size();
    ops.push_back(gemm("mlp", tok, p.mlp_matrix / t, h, h / t, elem, OpClass::GEMM));
    ops.push_back({"activation", OpClass::MEMORY, 0, tok * f / t * (m.mlp == MlpKind::SWIGLU ? 3 : 2) * ACT_BYTES});
  }
  return ops;
}

std::vector<OpCost> embedding_forward_ops(const ModelSpec& m, const ShardSpec& shard)
{
  const double tok = static_cast<double>(shard.micro_batch) * m.seq_len / shard.cp;
  return {{"embedding", OpClass::MEMORY, 0, tok * m.hidden * ACT_BYTES * 2}};
}

std::vector<OpCost> head_forward_ops(const ModelSpec& m, const ShardSpec& shard)
{
  const double tok = static_cast<double>(shard.micro_batch) * m.seq_len / shard.cp;
  const double v   = static_cast<double>(m.vocab) / shard.tp;  // vocabulary-parallel head
  return {gemm("output-head", tok, m.hidden * v, m.hidden, v, 2, OpClass::GEMM_BF16),
          {"loss", OpClass::MEMORY, 0, tok * v * ACT_BYTES * 3}};
}

double roofline_seconds(const OpCost& op, const GpuSpec& gpu, Precision gemm_prec, double override_eff)
{
  const double bf16_eff = override_eff > 0 ? override_eff : gpu.gemm_efficiency;
  double rate           = 0;
  switch (op.cls) {
    case OpClass::GEMM:
      // An explicit compute_efficiency wins for every GEMM precision; else FP8 GEMMs use the catalog's FP8 figure.
      rate = gemm_prec == Precision::FP8 ? gpu.fp8_flops * (override_eff > 0              ? override_eff
                                                            : gpu.fp8_gemm_efficiency > 0 ? gpu.fp8_gemm_efficiency
                                                                                          : bf16_eff)
                                         : peak_flops(gpu, gemm_prec) * bf16_eff;
      break;
    case OpClass::GEMM_BF16:
      rate = gpu.bf16_flops * bf16_eff;
      break;
    case OpClass::ATTENTION:
      rate = gpu.bf16_flops * (gpu.attention_efficiency > 0 ? gpu.attention_efficiency : bf16_eff);
      break;
    case OpClass::MEMORY:
      break;
  }
  const double bw      = gpu.hbm_bw_Bps * (gpu.hbm_efficiency > 0 ? gpu.hbm_efficiency : 1);
  const double compute = op.flops > 0 && rate > 0 ? op.flops / rate : 0;
  const double memory  = bw > 0 ? op.bytes / bw : 0;
  return std::max(compute, memory);
}

StageCost stage_cost(const ModelSpec& m, int first, int last, bool embed, bool head, const ShardSpec& shard,
                     const GpuSpec& gpu, Precision gemm_prec, Recompute recompute, double override_eff)
{
  StageCost c;
  auto time = [&](const OpCost& op, double flop_factor, double byte_factor) {
    OpCost scaled = op;
    scaled.flops *= flop_factor;
    scaled.bytes *= byte_factor;
    return roofline_seconds(scaled, gpu, gemm_prec, override_eff);
  };
  auto account = [&](const std::vector<OpCost>& ops, bool recomputable) {
    for (const OpCost& op : ops) {
      const bool is_gemm = op.cls == OpClass::GEMM || op.cls == OpClass::GEMM_BF16;
      c.f_s += time(op, 1, 1);
      c.f_flops += op.flops;
      c.model_flops += 3 * op.flops;
      if (is_gemm) {
        c.b_s += time(op, 1, 1);
        c.b_flops += op.flops;
        c.w_s += time(op, 1, 1);
        c.w_flops += op.flops;
      } else {
        c.b_s += time(op, 2, 2);
        c.b_flops += 2 * op.flops;
      }
      const bool again = recomputable && (recompute == Recompute::FULL ||
                                          (recompute == Recompute::SELECTIVE && op.cls == OpClass::ATTENTION));
      if (again) {
        c.b_s += time(op, 1, 1);
        c.b_flops += op.flops;
      }
    }
  };
  if (embed)
    account(embedding_forward_ops(m, shard), false);
  for (int l = first; l < last; ++l)
    account(layer_forward_ops(m, l, shard, gemm_prec), true);
  if (head)
    account(head_forward_ops(m, shard), false);
  return c;
}

}  // namespace cs
