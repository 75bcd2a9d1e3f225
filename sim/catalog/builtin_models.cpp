// SPDX-License-Identifier: Apache-2.0
// Built-in model shapes. Sources as in builtin.cpp: "reference/<file> §<section> [<status tag>]".
#include "catalog/model_shapes.hpp"

namespace cs {

namespace {

ModelSpec gpt(std::string name, int layers, int hidden, int heads)
{
  ModelSpec m;
  m.name    = std::move(name);
  m.layers  = layers;
  m.hidden  = hidden;
  m.heads   = heads;
  m.seq_len = 2048;   // GPT-3 context, reference/workloads.md §3 [V-secondary]
  m.vocab   = 51200;  // Megatron's padded GPT-2 vocabulary, reference/workloads.md §3 [V-primary]
  return m;           // defaults: MHA, GELU MLP of 4h, biases, learned positions, tied embeddings
}

// Llama 3: GQA with 8 KV heads, SwiGLU, RMSNorm without biases, rotary positions, untied output head.
ModelSpec llama(std::string name, int layers, int hidden, int heads, int ffn)
{
  ModelSpec m;
  m.name              = std::move(name);
  m.layers            = layers;
  m.hidden            = hidden;
  m.heads             = heads;
  m.kv_heads          = 8;
  m.ffn               = ffn;
  m.seq_len           = 8192;    // reference/workloads.md §5 Table 4 rows 1–2 [V-primary]
  m.vocab             = 128256;  // "128K" in reference/workloads.md §5; 128,256 exactly [unverified (memory)]
  m.attention         = AttentionKind::GQA;
  m.mlp               = MlpKind::SWIGLU;
  m.bias              = false;
  m.tied_embeddings   = false;
  m.learned_positions = false;
  return m;
}

std::map<std::string, ModelSpec> make_models()
{
  std::map<std::string, ModelSpec> m;
  // source: reference/workloads.md §3 (96 layers, 12,288 hidden, 96 heads, 2,048 context, vocabulary 51,200);
  // Megatron Eq. 2 gives the published 174.6B.
  m["gpt3-175b"] = gpt("gpt3-175b", 96, 12288, 96);
  // GPT-3 XL: 24 layers, 2,048 hidden, 16 heads (GPT-3 paper Table 2.1) [unverified (memory)]; 1.32B in the OpenAI
  // table of reference/workloads.md §1.
  m["gpt3-xl"] = gpt("gpt3-xl", 24, 2048, 16);
  // source: reference/workloads.md §5 (Llama 3 paper Table 3: 126 layers, 16,384 hidden, FFN 53,248, 128 heads,
  // 8 KV heads) [V-primary].
  m["llama3-405b"] = llama("llama3-405b", 126, 16384, 128, 53248);
  // Llama 3 70B and 8B: Llama 3 paper Table 3 (80 layers, 8,192 hidden, FFN 28,672, 64 heads; 32 layers, 4,096
  // hidden, FFN 14,336, 32 heads; 8 KV heads each) [unverified (memory); not in reference/].
  m["llama3-70b"] = llama("llama3-70b", 80, 8192, 64, 28672);
  m["llama3-8b"]  = llama("llama3-8b", 32, 4096, 32, 14336);
  // source: reference/workloads.md §4.1 (deepseek-ai/DeepSeek-V3 config_671B.json, V3 report §4.2) [V-primary]:
  // 61 layers, the first 3 dense; hidden 7,168; dense FFN 18,432; expert FFN 2,048; MLA with 128 heads, q_lora 1,536,
  // kv_lora 512, qk_nope 128, qk_rope 64, v 128; 256 routed + 1 shared experts, 8 active, at most 4 nodes per token;
  // vocabulary 129,280; training sequence 4,096. The MTP module (14B) is not modelled.
  ModelSpec ds;
  ds.name              = "deepseek-v3";
  ds.layers            = 61;
  ds.hidden            = 7168;
  ds.heads             = 128;
  ds.seq_len           = 4096;
  ds.vocab             = 129280;
  ds.ffn               = 18432;
  ds.attention         = AttentionKind::MLA;
  ds.mla               = {1536, 512, 128, 64, 128};
  ds.mlp               = MlpKind::SWIGLU;
  ds.bias              = false;
  ds.tied_embeddings   = false;
  ds.learned_positions = false;
  ds.moe               = {256, 1, 8, 2048, 3, 4};
  m["deepseek-v3"]     = ds;
  return m;
}

}  // namespace

const std::map<std::string, ModelSpec>& builtin_models()
{
  static const std::map<std::string, ModelSpec> models = make_models();
  return models;
}

}  // namespace cs
