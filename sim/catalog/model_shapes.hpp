// SPDX-License-Identifier: Apache-2.0
// Model shapes: the architecture hyper-parameters of decoder-only transformers, and the built-in presets.
#pragma once

#include <map>
#include <string>

namespace cs {

enum class AttentionKind { MHA, GQA, MLA };  // GQA = MHA with fewer KV heads
enum class MlpKind { GELU, SWIGLU };         // 2 matrices (GPT) or 3 (Llama, DeepSeek)

// DeepSeek's multi-head latent attention: low-rank Q and joint KV compression (reference/workloads.md §4.1).
struct MlaDims {
  int q_lora_rank      = 0;
  int kv_lora_rank     = 0;
  int qk_nope_head_dim = 0;
  int qk_rope_head_dim = 0;
  int v_head_dim       = 0;
};

// DeepSeek-style mixture of experts in every layer after the first `dense_layers`.
struct MoeSpec {
  int routed_experts = 0;  // 0 = a dense model
  int shared_experts = 0;
  int top_k          = 0;  // routed experts per token
  int expert_ffn     = 0;  // inner size of one expert
  int dense_layers   = 0;  // leading layers with a dense FFN of size `ffn`
  int node_limit     = 0;  // M: a token goes to experts on at most M nodes (0 = no limit)
};

// A decoder-only transformer (reference/workloads.md §2 notation). The defaults are a GPT with learned positions,
// biases and tied embeddings, for which parameter_count() reproduces Megatron's Eq. 2.
struct ModelSpec {
  std::string name;
  int layers              = 0;  // l
  int hidden              = 0;  // h
  int heads               = 0;  // a
  int seq_len             = 0;  // s
  int vocab               = 0;  // V
  int kv_heads            = 0;  // 0 = heads
  int head_dim            = 0;  // 0 = hidden / heads
  int ffn                 = 0;  // 0 = 4·hidden
  AttentionKind attention = AttentionKind::MHA;
  MlpKind mlp             = MlpKind::GELU;
  bool bias               = true;  // linear biases and LayerNorm (weight + bias); false = RMSNorm, no biases
  bool tied_embeddings    = true;
  bool learned_positions  = true;  // false = rotary
  MlaDims mla{};
  MoeSpec moe{};

  int kv() const { return kv_heads > 0 ? kv_heads : heads; }
  int dhead() const { return head_dim > 0 ? head_dim : hidden / heads; }
  int ffn_size() const { return ffn > 0 ? ffn : 4 * hidden; }
  bool is_moe_layer(int layer) const { return moe.routed_experts > 0 && layer >= moe.dense_layers; }
};

// Built-in model shapes by name (deepseek-v3, llama3-405b, llama3-70b, llama3-8b, gpt3-175b, gpt3-xl), each value
// cited in builtin_models.cpp.
const std::map<std::string, ModelSpec>& builtin_models();

}  // namespace cs
