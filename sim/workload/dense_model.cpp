// SPDX-License-Identifier: Apache-2.0
#include "workload/dense_model.hpp"

namespace cs {

namespace {

double attention_matrices(const ModelSpec& m)
{
  const double h = m.hidden, a = m.heads;
  if (m.attention == AttentionKind::MLA) {
    const MlaDims& d    = m.mla;
    const double qk_dim = d.qk_nope_head_dim + d.qk_rope_head_dim;
    const double q      = d.q_lora_rank > 0 ? h * d.q_lora_rank + d.q_lora_rank * a * qk_dim : h * a * qk_dim;
    const double kv =
        h * (d.kv_lora_rank + d.qk_rope_head_dim) + d.kv_lora_rank * a * (d.qk_nope_head_dim + d.v_head_dim);
    return q + kv + a * d.v_head_dim * h;
  }
  const double dh = m.dhead();
  return h * a * dh + 2 * h * m.kv() * dh + a * dh * h;  // Q, K and V, output projection
}

double attention_vectors(const ModelSpec& m)
{
  if (m.attention == AttentionKind::MLA)  // the two low-rank norms (RMSNorm weights)
    return (m.mla.q_lora_rank > 0 ? m.mla.q_lora_rank : 0) + m.mla.kv_lora_rank;
  return m.bias ? m.heads * m.dhead() + 2.0 * m.kv() * m.dhead() + m.hidden : 0;
}

double ffn_matrices(const ModelSpec& m, double inner)
{
  return (m.mlp == MlpKind::SWIGLU ? 3 : 2) * static_cast<double>(m.hidden) * inner;
}

}  // namespace

LayerParams layer_params(const ModelSpec& m, int layer)
{
  LayerParams p;
  const double h     = m.hidden;
  p.attention_matrix = attention_matrices(m);
  p.vectors          = attention_vectors(m) + (m.bias ? 4 * h : 2 * h);  // two norms: LayerNorm w+b, or RMSNorm w
  if (m.is_moe_layer(layer)) {
    const MoeSpec& e    = m.moe;
    const double expert = ffn_matrices(m, e.expert_ffn);
    const double router = static_cast<double>(e.routed_experts) * h;
    p.expert_matrix     = e.routed_experts * expert;
    p.mlp_matrix        = p.expert_matrix + e.shared_experts * expert + router;
    p.active_mlp        = (e.top_k + e.shared_experts) * expert + router;
    p.vectors += e.routed_experts;  // DeepSeek-V3's per-expert routing bias
  } else {
    p.mlp_matrix = p.active_mlp = ffn_matrices(m, m.ffn_size());
    if (m.bias)
      p.vectors += m.ffn_size() + h;
  }
  return p;
}

double embedding_params(const ModelSpec& m)
{
  const double h = m.hidden;
  double p       = static_cast<double>(m.vocab) * h;
  if (m.learned_positions)
    p += static_cast<double>(m.seq_len) * h;
  if (!m.tied_embeddings)
    p += static_cast<double>(m.vocab) * h;
  return p + (m.bias ? 2 * h : h);  // final norm
}

double parameter_count(const ModelSpec& m)
{
  double p = embedding_params(m);
  for (int l = 0; l < m.layers; ++l)
    p += layer_params(m, l).total();
  return p;
}

double active_parameter_count(const ModelSpec& m)
{
  // A token reads one row of the input embedding, not the table: the untied table leaves the count; a tied one
  // stays as the output head.
  double p = embedding_params(m);
  if (!m.tied_embeddings)
    p -= static_cast<double>(m.vocab) * m.hidden;
  for (int l = 0; l < m.layers; ++l) {
    LayerParams lp = layer_params(m, l);
    p += lp.attention_matrix + lp.active_mlp + lp.vectors;
  }
  return p;
}

double training_flops_per_token(const ModelSpec& m)
{
  return 6 * active_parameter_count(m);
}

}  // namespace cs
