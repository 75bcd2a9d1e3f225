// SPDX-License-Identifier: Apache-2.0
// Workload YAML -> TrainingSpec. The format is documented in docs/yaml-format.md.
#include "collective/collective_op.hpp"
#include "config/reader.hpp"
#include "config/spec_readers.hpp"

#include <yaml-cpp/yaml.h>

namespace cs {

namespace {

template <typename E>
E pick(const MapReader& r, const std::string& key, const std::vector<std::pair<std::string, E>>& table, E fallback)
{
  std::vector<std::string> names;
  std::string fallback_name;
  for (const auto& [n, e] : table) {
    names.push_back(n);
    if (e == fallback && fallback_name.empty())
      fallback_name = n;
  }
  const std::string v = r.choice(key, names, fallback_name);
  for (const auto& [n, e] : table)
    if (n == v)
      return e;
  return fallback;
}

int positive(const MapReader& r, const std::string& key, int fallback, long max = 1 << 24)
{
  return static_cast<int>(r.integer_or(key, fallback, fallback == 0 ? 0 : 1, max));
}

// `preset:` starts from a built-in shape (catalog/builtin_models.cpp); every other key overrides it.
ModelSpec read_model(const MapReader& r)
{
  ModelSpec m;
  if (r.has("preset")) {
    std::vector<std::string> names;
    for (const auto& [n, spec] : builtin_models())
      names.push_back(n);
    m = builtin_models().at(r.choice("preset", names, names.front()));
  }
  const bool preset = r.has("preset");
  m.name            = r.string_or("name", preset ? m.name : "model");
  auto need         = [&](const std::string& key, int current, long max) {
    return preset ? static_cast<int>(r.integer_or(key, current, 1, max)) : static_cast<int>(r.integer(key, 1, max));
  };
  m.layers    = need("layers", m.layers, 10000);
  m.hidden    = need("hidden", m.hidden, 1 << 20);
  m.heads     = need("heads", m.heads, 1 << 14);
  m.seq_len   = need("seq_len", m.seq_len, 1 << 24);
  m.vocab     = need("vocab", m.vocab, 1 << 24);
  m.kv_heads  = positive(r, "kv_heads", m.kv_heads, 1 << 14);
  m.head_dim  = positive(r, "head_dim", m.head_dim, 1 << 16);
  m.ffn       = positive(r, "ffn", m.ffn, 1 << 24);
  m.attention = pick<AttentionKind>(
      r, "attention", {{"mha", AttentionKind::MHA}, {"gqa", AttentionKind::GQA}, {"mla", AttentionKind::MLA}},
      m.attention);
  m.mlp             = pick<MlpKind>(r, "mlp", {{"gelu", MlpKind::GELU}, {"swiglu", MlpKind::SWIGLU}}, m.mlp);
  m.bias            = r.boolean_or("bias", m.bias);
  m.tied_embeddings = r.boolean_or("tied_embeddings", m.tied_embeddings);
  m.learned_positions =
      r.choice("positions", {"learned", "rope"}, m.learned_positions ? "learned" : "rope") == "learned";
  if (m.attention == AttentionKind::MLA || r.has("mla")) {
    if (!r.has("mla") && m.mla.kv_lora_rank == 0)
      r.fail(ErrorKind::SCHEMA, "mla",
             "attention: mla needs its dimensions, e.g. mla: {q_lora_rank: 1536, "
             "kv_lora_rank: 512, qk_nope_head_dim: 128, qk_rope_head_dim: 64, v_head_dim: 128}");
    if (auto d = r.map_if_present("mla")) {
      m.mla.q_lora_rank      = positive(*d, "q_lora_rank", m.mla.q_lora_rank > 0 ? m.mla.q_lora_rank : 0);
      m.mla.kv_lora_rank     = static_cast<int>(d->integer_or("kv_lora_rank", m.mla.kv_lora_rank, 1, 1 << 16));
      m.mla.qk_nope_head_dim = static_cast<int>(d->integer_or("qk_nope_head_dim", m.mla.qk_nope_head_dim, 1, 1 << 16));
      m.mla.qk_rope_head_dim = static_cast<int>(d->integer_or("qk_rope_head_dim", m.mla.qk_rope_head_dim, 1, 1 << 16));
      m.mla.v_head_dim       = static_cast<int>(d->integer_or("v_head_dim", m.mla.v_head_dim, 1, 1 << 16));
      d->finish();
    }
  }
  if (auto e = r.map_if_present("moe")) {
    m.moe.routed_experts = static_cast<int>(e->integer_or("routed_experts", m.moe.routed_experts, 1, 1 << 16));
    m.moe.shared_experts = static_cast<int>(e->integer_or("shared_experts", m.moe.shared_experts, 0, 1 << 16));
    m.moe.top_k          = static_cast<int>(e->integer_or("top_k", m.moe.top_k, 1, 1 << 16));
    m.moe.expert_ffn     = static_cast<int>(e->integer_or("expert_ffn", m.moe.expert_ffn, 1, 1 << 24));
    m.moe.dense_layers   = static_cast<int>(e->integer_or("dense_layers", m.moe.dense_layers, 0, m.layers));
    m.moe.node_limit     = static_cast<int>(e->integer_or("node_limit", m.moe.node_limit, 0, 1 << 16));
    if (m.moe.top_k > m.moe.routed_experts)
      e->fail(ErrorKind::VALIDATION, "top_k",
              "expected at most routed_experts (" + std::to_string(m.moe.routed_experts) + "), found " +
                  std::to_string(m.moe.top_k));
    e->finish();
  }
  // The kind defaults to what the model has: routed experts from its moe: section or its preset make it MoE.
  const std::string kind = r.choice("kind", {"dense", "moe"}, m.moe.routed_experts > 0 ? "moe" : "dense");
  if ((kind == "moe") != (m.moe.routed_experts > 0))
    r.fail(ErrorKind::VALIDATION, "kind",
           kind == "moe" ? "kind: moe needs a moe: {routed_experts, top_k, expert_ffn, ...} section"
                         : "expected kind: moe for a model with routed experts (from its moe: section or its "
                           "preset), found dense");
  if (m.attention != AttentionKind::MLA && m.head_dim == 0 && m.hidden % m.heads != 0)
    r.fail(ErrorKind::VALIDATION, "heads",
           "expected a divisor of hidden (" + std::to_string(m.hidden) + "), found " + std::to_string(m.heads));
  if (m.heads % m.kv() != 0)
    r.fail(ErrorKind::VALIDATION, "kv_heads",
           "expected a divisor of heads (" + std::to_string(m.heads) + "), found " + std::to_string(m.kv()));
  r.finish();
  return m;
}

Precision read_precision(const MapReader& r)
{
  std::string p = r.choice("precision", {"fp8", "bf16", "fp16", "tf32", "fp32"}, "bf16");
  if (p == "fp8")
    return Precision::FP8;
  if (p == "tf32")
    return Precision::TF32;
  if (p == "fp32")
    return Precision::FP32;
  return Precision::BF16;  // FP16 runs at the BF16 rate on every GPU in the catalog
}

}  // namespace

TrainingSpec read_training_spec(const Document& doc)
{
  TrainingSpec t;
  MapReader top(doc, doc.root(), "", &t.where);
  t.name        = top.string_or("name", doc.name());
  t.description = top.string_or("description", "");
  t.model       = read_model(top.map("model"));

  MapReader tr = top.map("training");
  if (tr.has("global_batch_tokens")) {
    const double tokens = tr.number("global_batch_tokens", 1, 1e15);
    t.global_batch      = static_cast<int>(tokens / t.model.seq_len);
    if (t.global_batch < 1 || t.global_batch * static_cast<double>(t.model.seq_len) != tokens)
      tr.fail(ErrorKind::VALIDATION, "global_batch_tokens",
              "expected a whole number of sequences of seq_len " + std::to_string(t.model.seq_len) + " tokens");
    if (tr.has("global_batch"))
      tr.fail(ErrorKind::SCHEMA, "global_batch", "give global_batch (sequences) or global_batch_tokens, not both");
  } else
    t.global_batch = static_cast<int>(tr.integer("global_batch", 1, 1 << 24));
  t.iterations           = static_cast<int>(tr.integer_or("iterations", 1, 1, 100000));
  t.token_budget         = tr.number_or("token_budget", 0, 0, 1e18);
  t.precision            = read_precision(tr);
  t.compute_efficiency   = tr.number_or("compute_efficiency", 0, 0.01, 1.0);
  t.grad_bytes_per_param = tr.number_or("grad_bytes_per_param", 2, 0.5, 16);
  if (!tr.has("parallelism"))
    tr.fail(ErrorKind::SCHEMA, "parallelism", "required key is missing (e.g. parallelism: {dp: 16})");
  t.pipelined = tr.has("schedule");
  {
    MapReader par       = tr.map("parallelism");
    ParallelSpec& p     = t.parallel;
    p.tp                = static_cast<int>(par.integer_or("tp", 1, 1, 1 << 10));
    p.cp                = static_cast<int>(par.integer_or("cp", 1, 1, 1 << 10));
    p.pp                = static_cast<int>(par.integer_or("pp", 1, 1, 1 << 12));
    p.vpp               = static_cast<int>(par.integer_or("vpp", 1, 1, 1 << 8));
    p.dp                = static_cast<int>(par.integer_or("dp", 1, 1, 1 << 20));
    p.ep                = static_cast<int>(par.integer_or("ep", 1, 1, 1 << 16));
    p.zero              = static_cast<int>(par.integer_or("zero", 0, 0, 3));
    p.sequence_parallel = par.boolean_or("sequence_parallel", p.tp > 1);
    if (par.has("order")) {
      YAML::Node order = par.node("order");
      if (!order.IsSequence() || order.size() != 4)
        par.fail(ErrorKind::SCHEMA, "order", "expected a list of the four axes, e.g. [tp, cp, dp, pp]");
      p.order.clear();
      for (const YAML::Node& axis : order) {
        if (!axis.IsScalar())
          par.fail(ErrorKind::SCHEMA, "order", "expected a list of axis names (tp, cp, dp, pp), found a nested value");
        p.order.push_back(axis.Scalar());
      }
    }
    t.dp = p.dp;
    if (!t.pipelined && (p.tp > 1 || p.cp > 1 || p.pp > 1 || p.ep > 1 || p.zero > 0 || p.vpp > 1))
      tr.fail(ErrorKind::SCHEMA, "schedule",
              "required key is missing: a job with tp, cp, pp, ep or zero names its pipeline schedule (gpipe, 1f1b, "
              "interleaved-1f1b, zb1p, dualpipe, dualpipev)");
    par.finish();
  }
  if (t.pipelined) {
    t.schedule    = pick<ScheduleKind>(tr, "schedule",
                                    {{"gpipe", ScheduleKind::GPIPE},
                                        {"1f1b", ScheduleKind::ONE_F_ONE_B},
                                        {"interleaved-1f1b", ScheduleKind::INTERLEAVED_1F1B},
                                        {"zb1p", ScheduleKind::ZB1P},
                                        {"dualpipe", ScheduleKind::DUALPIPE},
                                        {"dualpipev", ScheduleKind::DUALPIPEV}},
                                    ScheduleKind::ONE_F_ONE_B);
    t.micro_batch = static_cast<int>(tr.integer_or("micro_batch", 1, 1, 1 << 20));
    t.recompute   = pick<Recompute>(
        tr, "recompute", {{"none", Recompute::NONE}, {"selective", Recompute::SELECTIVE}, {"full", Recompute::FULL}},
        Recompute::NONE);
    t.dispatch_bytes     = tr.choice("ep_dispatch", {"fp8", "bf16"}, "bf16") == "fp8" ? 1 : 2;
    t.comm_sms           = static_cast<int>(tr.integer_or("comm_sms", 0, 0, 100000));
    t.grad_bucket_params = tr.number_or("grad_bucket_params", t.grad_bucket_params, 0, 1e15);
    if (auto col = tr.map_if_present("collectives")) {
      // `collectives: {tp: ring, cp: ring, ep: pxn, dp: hierarchical}`: each among its operation's algorithms.
      auto algo = [&](const std::string& key, CollectiveOp op, CollectiveAlgo fallback) {
        std::vector<std::string> names;
        for (CollectiveAlgo a : algorithms_for(op))
          names.push_back(collective_algo_name(a));
        return *parse_collective_algo(col->choice(key, names, collective_algo_name(fallback)));
      };
      t.collectives.tp = algo("tp", CollectiveOp::ALLREDUCE, t.collectives.tp);
      t.collectives.cp = algo("cp", CollectiveOp::ALLGATHER, t.collectives.cp);
      t.collectives.ep = algo("ep", CollectiveOp::ALLTOALL, t.collectives.ep);
      t.collectives.dp = algo("dp", CollectiveOp::ALLREDUCE, t.collectives.dp);
      col->finish();
    }
    t.workspace_bytes = tr.quantity_or("workspace", Quantity::BYTES, t.workspace_bytes);
    t.fold_replicas   = tr.boolean_or("fold_replicas", t.fold_replicas);
  }
  if (auto ar = tr.map_if_present("allreduce")) {
    ar->choice("algorithm", {"ring"}, "ring");
    t.allreduce_channels = static_cast<int>(ar->integer_or("channels", 0, 0, 64));
    ar->finish();
  }
  tr.finish();
  top.finish();
  return t;
}

}  // namespace cs
