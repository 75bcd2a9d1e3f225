// SPDX-License-Identifier: Apache-2.0
// Layered training: FLOPs, parameters, memory and communication volumes against closed forms and published sizes.
#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "catalog/builtin.hpp"
#include "config/error.hpp"
#include "workload/dense_model.hpp"
#include "workload/layer_cost.hpp"
#include "workload/parallel_training.hpp"

using namespace cs;

namespace {

const GpuSpec& h100()
{
  return *builtin_gpu("h100-sxm");
}

double rel(double a, double b)
{
  return std::abs(a - b) / std::abs(b);
}

// Megatron-LM Eq. 3 (reference/workloads.md §2), for B sequences with full activation recompute.
double megatron_eq3(double B, double s, double l, double h, double V)
{
  return 96 * B * s * l * h * h * (1 + s / (6 * h) + V / (16 * l * h));
}

TrainingSpec small_job(const std::string& model, ParallelSpec par, ScheduleKind schedule, int global_batch)
{
  TrainingSpec job;
  job.model        = builtin_models().at(model);
  job.parallel     = par;
  job.dp           = par.dp;
  job.pipelined    = true;
  job.schedule     = schedule;
  job.global_batch = global_batch;
  return job;
}

ClusterFacts facts(int gpus, const GpuSpec& gpu = h100())
{
  return {gpu, gpus, 8, 8, gpu.bf16_flops, [](int, int) { return 1e-6; }};
}

}  // namespace

TEST_CASE("FLOPs of a GPT stack with full recompute equal Megatron's 96·B·s·l·h²·(1 + s/6h + V/16lh)")
{
  for (const char* name : {"gpt3-175b", "gpt3-xl"}) {
    const ModelSpec m = builtin_models().at(name);
    for (int B : {1, 4}) {
      ShardSpec one{1, 1, false, B};
      StageCost c = stage_cost(m, 0, m.layers, true, true, one, h100(), Precision::BF16, Recompute::FULL);
      CHECK(rel(c.f_flops + c.b_flops + c.w_flops, megatron_eq3(B, m.seq_len, m.layers, m.hidden, m.vocab)) < 1e-12);
      // Split over TP8: each GPU does an eighth.
      ShardSpec tp8{8, 1, true, B};
      StageCost t = stage_cost(m, 0, m.layers, true, true, tp8, h100(), Precision::BF16, Recompute::FULL);
      CHECK(rel(8 * (t.f_flops + t.b_flops + t.w_flops), c.f_flops + c.b_flops + c.w_flops) < 1e-12);
    }
  }
}

TEST_CASE("without recompute a GPT stack costs 72·B·s·l·h²·(1 + s/6h) + 6·B·s·h·V and model FLOPs are the same")
{
  const ModelSpec m = builtin_models().at("gpt3-175b");
  const double B = 2, s = m.seq_len, l = m.layers, h = m.hidden, V = m.vocab;
  StageCost c = stage_cost(m, 0, m.layers, true, true, {1, 1, false, 2}, h100(), Precision::BF16, Recompute::NONE);
  const double expected = 72 * B * s * l * h * h * (1 + s / (6 * h)) + 6 * B * s * h * V;
  CHECK(rel(c.f_flops + c.b_flops + c.w_flops, expected) < 1e-12);
  CHECK(rel(c.model_flops, expected) < 1e-12);
  // Recompute adds work but not model FLOPs.
  StageCost r = stage_cost(m, 0, m.layers, true, true, {1, 1, false, 2}, h100(), Precision::BF16, Recompute::FULL);
  CHECK(r.model_flops == doctest::Approx(c.model_flops));
  CHECK(r.b_s > c.b_s);
}

TEST_CASE(
    "selective recompute replays each layer's attention core: 4·B·s²·h FLOPs more per layer, model FLOPs unchanged")
{
  // GPT-3 175B, the attention scores and values of the full s × s square (Megatron's convention): 4·B·s²·h per layer.
  const ModelSpec m = builtin_models().at("gpt3-175b");
  const double B = 2, s = m.seq_len, l = m.layers, h = m.hidden;
  const ShardSpec two{1, 1, false, 2};
  StageCost none = stage_cost(m, 0, m.layers, true, true, two, h100(), Precision::BF16, Recompute::NONE);
  StageCost sel  = stage_cost(m, 0, m.layers, true, true, two, h100(), Precision::BF16, Recompute::SELECTIVE);
  CHECK(rel(sel.b_flops - none.b_flops, 4 * B * s * s * h * l) < 1e-12);
  CHECK(sel.f_flops == none.f_flops);
  CHECK(sel.w_flops == none.w_flops);
  CHECK(sel.model_flops == none.model_flops);
  CHECK(sel.b_s > none.b_s);
}

TEST_CASE("preset parameter counts match the published sizes within 1%")
{
  CHECK(rel(parameter_count(builtin_models().at("gpt3-175b")), 174.6e9) < 0.01);  // workloads.md §3
  CHECK(rel(parameter_count(builtin_models().at("llama3-405b")), 405e9) < 0.01);  // workloads.md §5
  CHECK(rel(parameter_count(builtin_models().at("llama3-70b")), 70e9) < 0.01);
  CHECK(rel(parameter_count(builtin_models().at("llama3-8b")), 8e9) < 0.01);
  CHECK(rel(parameter_count(builtin_models().at("deepseek-v3")), 671e9) < 0.01);  // workloads.md §4.1
  // "37B activated" is given to two figures: anything in [36.5B, 37.5B) prints as 37B.
  const double active = active_parameter_count(builtin_models().at("deepseek-v3"));
  CHECK(active >= 36.5e9);
  CHECK(active < 37.5e9);
}

TEST_CASE("roofline: a large GEMM is compute-bound at peak × efficiency, an elementwise op bandwidth-bound")
{
  const GpuSpec& g = h100();
  OpCost gemm{"gemm", OpClass::GEMM, 2.0 * 8192 * 8192 * 8192, 3.0 * 8192 * 8192 * 2};
  CHECK(roofline_seconds(gemm, g, Precision::BF16) == doctest::Approx(gemm.flops / (g.bf16_flops * g.gemm_efficiency)));
  CHECK(roofline_seconds(gemm, g, Precision::FP8) ==
        doctest::Approx(gemm.flops / (g.fp8_flops * g.fp8_gemm_efficiency)));
  OpCost norm{"norm", OpClass::MEMORY, 0, 1e9};
  CHECK(roofline_seconds(norm, g, Precision::BF16) == doctest::Approx(1e9 / (g.hbm_bw_Bps * g.hbm_efficiency)));
  // A skinny GEMM (one token through a big weight) is bound by reading the weight.
  OpCost skinny{"gemv", OpClass::GEMM, 2.0 * 8192 * 8192, 8192.0 * 8192 * 2};
  CHECK(roofline_seconds(skinny, g, Precision::BF16) ==
        doctest::Approx(skinny.bytes / (g.hbm_bw_Bps * g.hbm_efficiency)));
}

TEST_CASE("ZeRO stage k shards optimizer (k ≥ 1), gradients (k ≥ 2) and weights (k = 3) over data parallelism")
{
  std::vector<StageMemory> by_stage;
  for (int zero = 0; zero <= 3; ++zero) {
    TrainingSpec job = small_job("llama3-8b", {.tp = 2, .pp = 2, .dp = 4, .zero = zero}, ScheduleKind::ONE_F_ONE_B, 8);
    by_stage.push_back(plan_memory(job, make_schedule(job), {2, 1}, h100()).front());
  }
  const StageMemory& z0 = by_stage[0];
  const double P        = z0.params;
  CHECK(z0.weights == doctest::Approx(2 * P));
  CHECK(z0.gradients == doctest::Approx(2 * P));
  CHECK(z0.optimizer == doctest::Approx(12 * P));
  CHECK(by_stage[1].optimizer == doctest::Approx(12 * P / 4));
  CHECK(by_stage[1].gradients == doctest::Approx(2 * P));
  CHECK(by_stage[2].gradients == doctest::Approx(2 * P / 4));
  CHECK(by_stage[2].weights == doctest::Approx(2 * P));
  CHECK(by_stage[3].weights == doctest::Approx(2 * P / 4));
  for (const StageMemory& m : by_stage)
    CHECK(m.activations == doctest::Approx(z0.activations));
  // Llama 3 8B in halves over TP2: rank 0 holds 16 layers + the embedding, each split by 2.
  const ModelSpec m = builtin_models().at("llama3-8b");
  double layers     = 0;
  for (int l = 0; l < 16; ++l)
    layers += layer_params(m, l).total();
  CHECK(rel(P, (layers + static_cast<double>(m.vocab) * m.hidden) / 2) < 1e-9);
}

TEST_CASE("a model that does not fit is refused before simulating, with the breakdown")
{
  TrainingSpec job = small_job("llama3-405b", {.dp = 16}, ScheduleKind::ONE_F_ONE_B, 16);
  try {
    plan_parallel_training(job, facts(16));
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    const std::string what = e.what();
    CHECK(what.find("does not fit in GPU memory") != std::string::npos);
    CHECK(what.find("optimizer") != std::string::npos);
    CHECK(what.find("80.0 GB") != std::string::npos);
  }
}

TEST_CASE("parallel sizes that do not divide the GPUs, heads or experts are refused")
{
  CHECK_THROWS_AS(plan_parallel_training(
                      small_job("llama3-8b", {.tp = 2, .pp = 2, .dp = 3}, ScheduleKind::ONE_F_ONE_B, 12), facts(16)),
                  ConfigError);
  CHECK_THROWS_AS(
      plan_parallel_training(small_job("llama3-8b", {.tp = 3, .dp = 5}, ScheduleKind::ONE_F_ONE_B, 10), facts(15)),
      ConfigError);
  CHECK_THROWS_AS(plan_parallel_training(
                      small_job("llama3-8b", {.tp = 2, .pp = 2, .dp = 4}, ScheduleKind::ONE_F_ONE_B, 6), facts(16)),
                  ConfigError);  // 6 sequences over dp 4
  CHECK_THROWS_AS(
      plan_parallel_training(small_job("llama3-8b", {.dp = 16, .ep = 4}, ScheduleKind::ONE_F_ONE_B, 16), facts(16)),
      ConfigError);  // EP without experts
}

TEST_CASE("communication per step: TP 8·b·s·h·(t−1)/t per layer per micro-batch, PP b·s·h/t per boundary")
{
  // Llama 3 8B, TP4 × PP4 × DP2 = 32 GPUs, 4 micro-batches of 2 sequences: 8 layers per stage.
  TrainingSpec job        = small_job("llama3-8b", {.tp = 4, .pp = 4, .dp = 2}, ScheduleKind::ONE_F_ONE_B, 16);
  job.micro_batch         = 2;
  const TrainingPlan plan = plan_parallel_training(job, facts(32));
  const double b = 2, s = 8192, h = 4096, t = 4, m = 4, bytes = 2;
  const double tp = 8 * b * s * h * (t - 1) / t * bytes * 8 /*layers*/ * m;
  CHECK(rel(plan.comm_bytes[static_cast<int>(CommKind::TP)], tp) < 1e-12);
  // A middle stage sends each micro-batch's activations forward and its gradients back.
  const double pp = 2 * m * b * s * h / t * bytes;
  CHECK(rel(plan.comm_bytes[static_cast<int>(CommKind::PP)], pp) < 1e-12);
  // The data-parallel ring all-reduce of the stage's BF16 gradients: 2(d−1)/d of them, d = 2. Bytes per GPU are
  // the busiest GPU's: the last stage, which holds the output head and the final norm.
  double params = 0;
  for (const StageMemory& mem : plan.memory)
    params = std::max(params, mem.params);
  CHECK(params == plan.memory.back().params);
  const double grads = params * 2;
  CHECK(rel(plan.comm_bytes[static_cast<int>(CommKind::DP)], grads) < 1e-12);
}

TEST_CASE("context parallel per layer per micro-batch: K and V gathered forward, gathered again and scattered back")
{
  // Llama 3 8B (32 layers, 8 KV heads of 128), TP2 × CP2 × DP4 = 16 GPUs, 4 micro-batches of one 8K sequence. Each
  // GPU holds 8/2 = 4 KV heads: K and V of the whole sequence are b·s·2·4·128 elements. A ring all-gather, and the
  // reduce-scatter that is its transpose, each move (c−1)/c of them per GPU. TransformerEngine's all-gather CP: one
  // gather forward; a gather and a reduce-scatter backward; one more gather when a recompute replays attention.
  TrainingSpec job = small_job("llama3-8b", {.tp = 2, .cp = 2, .dp = 4}, ScheduleKind::ONE_F_ONE_B, 16);
  const double b = 1, s = 8192, kv = 2 * 4 * 128, c = 2, l = 32, m = 4, bytes = 2;
  const double per_collective = (c - 1) / c * b * s * kv * bytes;
  for (auto [recompute, collectives] :
       {std::pair{Recompute::NONE, 3}, {Recompute::SELECTIVE, 4}, {Recompute::FULL, 4}}) {
    CAPTURE(collectives);
    job.recompute = recompute;
    CHECK(rel(plan_parallel_training(job, facts(16)).comm_bytes[static_cast<int>(CommKind::CP)],
              collectives * per_collective * l * m) < 1e-12);
  }
}

TEST_CASE("EP all-to-all per MoE layer per micro-batch: dispatch and combine of b·s·k·h·(ep−1)/ep")
{
  ModelSpec moe = builtin_models().at("llama3-8b");
  moe.name      = "tiny-moe";
  moe.layers    = 4;
  moe.moe       = {16, 1, 4, 1024, 1, 0};  // 16 routed experts, top-4, first layer dense
  TrainingSpec job;
  job.model               = moe;
  job.parallel            = {.pp = 2, .dp = 8, .ep = 8};
  job.dp                  = 8;
  job.pipelined           = true;
  job.global_batch        = 16;  // 2 micro-batches of 1
  job.dispatch_bytes      = 1;   // FP8 dispatch
  const TrainingPlan plan = plan_parallel_training(job, facts(16));
  // Stage 0 holds layers 0–1 (one MoE layer), stage 1 layers 2–3 (two). Forward: FP8 dispatch + BF16 combine;
  // backward: BF16 both ways.
  const double s = 8192, h = 4096, k = 4, ep = 8, m = 2;
  const double per_layer = s * k * h * (ep - 1) / ep * ((1 + 2) + (2 + 2));
  CHECK(rel(plan.comm_bytes[static_cast<int>(CommKind::EP)], 2 * per_layer * m) < 1e-12);
}

TEST_CASE("layers are split as evenly as possible, the remainder to the middle stages")
{
  auto split = split_layers(126, 16);  // Llama 3 405B over 16 stages
  int total  = 0;
  for (const auto& [first, last] : split) {
    CHECK(last - first >= 7);
    CHECK(last - first <= 8);
    total += last - first;
  }
  CHECK(total == 126);
  CHECK(split.front().second - split.front().first == 7);
  CHECK(split.back().second - split.back().first == 7);
}

TEST_CASE("DualPipe's overlapped F&B chunk runs slower by the SMs communication takes: 132/(132 − 20)")
{
  ModelSpec moe = builtin_models().at("llama3-8b");
  moe.layers    = 8;
  moe.moe       = {16, 0, 2, 1024, 0, 0};
  TrainingSpec job;
  job.model        = moe;
  job.parallel     = {.pp = 4, .dp = 4, .ep = 4};
  job.dp           = 4;
  job.pipelined    = true;
  job.schedule     = ScheduleKind::DUALPIPE;
  job.global_batch = 32;  // 32 / (micro-batch 1 × dp 4) = 8 DualPipe chunks
  auto max_compute = [&](int sms) {
    job.comm_sms            = sms;
    const TrainingPlan plan = plan_parallel_training(job, facts(16));
    double biggest          = 0;
    for (const Op& op : plan.graph.ops)
      if (op.kind == OpKind::COMPUTE)
        biggest = std::max(biggest, op.amount);
    return biggest;
  };
  CHECK(max_compute(20) == doctest::Approx(max_compute(0) * 132.0 / 112.0));
}

TEST_CASE("node-limited routing: EP bytes crossing nodes shrink to min(M, nodes)/top-k, NVLink bytes do not")
{
  ModelSpec moe = builtin_models().at("llama3-8b");
  moe.layers    = 2;
  moe.moe       = {16, 0, 4, 1024, 0, 0};  // top-4 of 16 experts
  TrainingSpec job;
  job.model        = moe;
  job.parallel     = {.dp = 16, .ep = 16};  // one EP group over 2 nodes of 8
  job.dp           = 16;
  job.pipelined    = true;
  job.global_batch = 16;
  auto bytes       = [&](int node_limit) {
    job.model.moe.node_limit = node_limit;
    const TrainingPlan plan  = plan_parallel_training(job, facts(16));
    std::pair<double, double> across_within{0, 0};
    for (const Op& op : plan.graph.ops)
      if (op.kind == OpKind::FLOW && plan.graph.spans[op.span].kind == CommKind::EP)
        (op.gpu / 8 != op.peer / 8 ? across_within.first : across_within.second) += op.amount;
    return across_within;
  };
  const auto free = bytes(0), limited = bytes(1);
  CHECK(limited.first == doctest::Approx(free.first / 4));  // M = 1 node of top-4
  CHECK(limited.second == doctest::Approx(free.second));
  CHECK(bytes(8).first == doctest::Approx(free.first * 2 / 4));  // M capped at the group's 2 nodes
}

TEST_CASE("an MoE layer reads the weights of the experts on its GPU only: routed/ep of them plus the shared")
{
  const ModelSpec m = builtin_models().at("deepseek-v3");
  const double h = m.hidden, elem = 1;  // FP8
  const double tok    = 4096;
  const double expert = 3 * h * m.moe.expert_ffn;
  for (int ep : {1, 8, 64}) {
    CAPTURE(ep);
    ShardSpec shard{1, 1, false, 1, ep};
    double bytes = 0;
    for (const OpCost& op : layer_forward_ops(m, 10, shard, Precision::FP8))
      if (op.name == "experts")
        bytes = op.bytes;
    const double resident = std::min(256.0 / ep, tok * 8) + 1;
    const double tokens   = tok * 9 * (h * elem + h * 2);
    CHECK(bytes == doctest::Approx(tokens + resident * expert * elem));
  }
}

TEST_CASE("DualPipe reduces each stage's gradients once, over the DP groups of both of its copies")
{
  TrainingSpec job        = small_job("llama3-8b", {.pp = 4, .dp = 2}, ScheduleKind::DUALPIPE, 16);
  job.model.layers        = 8;
  job.model.seq_len       = 1024;
  const TrainingPlan plan = plan_parallel_training(job, facts(8));
  int reductions          = 0;
  for (const Span& s : plan.graph.spans)
    if (s.kind == CommKind::DP) {
      CHECK(s.gpus.size() == 4);  // 2 copies × dp 2
      ++reductions;
    }
  CHECK(reductions == 4);  // one per model stage
}

TEST_CASE("ZeRO-3 moves 3/2 of ZeRO-0's data-parallel bytes: a gradient reduce-scatter and two weight gathers")
{
  auto dp_bytes = [&](int zero) {
    TrainingSpec job = small_job("llama3-8b", {.tp = 2, .pp = 2, .dp = 4, .zero = zero}, ScheduleKind::ONE_F_ONE_B, 8);
    return plan_parallel_training(job, facts(16)).comm_bytes[static_cast<int>(CommKind::DP)];
  };
  CHECK(dp_bytes(3) == doctest::Approx(1.5 * dp_bytes(0)));
  CHECK(dp_bytes(1) == doctest::Approx(dp_bytes(0)));
}

TEST_CASE("a tied output head on the last stage keeps its own copy of the embedding, reduced with the first's")
{
  ModelSpec m             = builtin_models().at("gpt3-xl");  // tied embeddings
  TrainingSpec job        = small_job("gpt3-xl", {.tp = 2, .pp = 2, .dp = 4}, ScheduleKind::ONE_F_ONE_B, 8);
  const TrainingPlan plan = plan_parallel_training(job, facts(16));
  double layers           = 0;
  for (int l = 12; l < 24; ++l)
    layers += layer_params(m, l).total();
  const double vh = static_cast<double>(m.vocab) * m.hidden;
  CHECK(plan.memory.back().params == doctest::Approx((layers + vh) / 2));
  int tied = 0;
  for (const Span& s : plan.graph.spans)
    tied += s.label == "tied embedding gradients";
  CHECK(tied == 8);  // one pair per lane of the first stage: TP2 × DP4
}

TEST_CASE("DualPipe: a rank's next op waits for the sends of the op before it, and 1F1B's does not")
{
  // reference/dualpipe.md §3: a chunk's sends go out in one batch with the next chunk's receives, and the rank waits
  // for the whole batch before computing. So every activation or gradient flow must gate the op after its producer
  // on the sending GPU, which the op graph states as an edge from the flow to that op. The sends DualPipe's code
  // holds back (`send=False`, sent after the next chunk) leave after the next op and gate the one after it.
  // Also with experts over EP2 × DP2, whose F&B chunks overlap their all-to-alls and start on a join.
  for (ScheduleKind kind : {ScheduleKind::DUALPIPE, ScheduleKind::DUALPIPEV, ScheduleKind::ONE_F_ONE_B})
    for (bool moe : {false, true}) {
      CAPTURE(static_cast<int>(kind));
      CAPTURE(moe);
      TrainingSpec job = small_job("llama3-8b", {.pp = 4, .dp = moe ? 2 : 1, .ep = moe ? 2 : 1}, kind, moe ? 16 : 8);
      job.model.layers = 8;
      if (moe)
        job.model.moe = {16, 0, 2, 1024, 0, 0};
      const TrainingPlan plan = plan_parallel_training(job, facts(moe ? 8 : 4));
      const OpGraph& g        = plan.graph;
      // Each GPU's ops in schedule order, by the span they share (a slot's compute ops and its joins carry its span).
      std::map<int, std::vector<int>> order;     // GPU -> compute spans in order
      std::map<std::pair<int, int>, int> place;  // (GPU, compute span) -> its place on that GPU
      for (const Op& op : g.ops)
        if (op.kind == OpKind::COMPUTE && !place.count({op.gpu, op.span})) {
          place[{op.gpu, op.span}] = static_cast<int>(order[op.gpu].size());
          order[op.gpu].push_back(op.span);
        }
      std::vector<std::vector<int>> preds(g.ops.size());
      for (size_t i = 0; i < g.ops.size(); ++i)
        for (int s : g.ops[i].successors)
          preds[s].push_back(static_cast<int>(i));
      // The slot an op ends: the latest compute op on `gpu` at or before it (a slot ends on its compute, a join, or
      // its last collective's end).
      auto slot_of = [&](int op, int gpu) {
        int k = -1;
        std::vector<int> todo{op};
        std::set<int> seen;
        while (!todo.empty()) {
          const int at = todo.back();
          todo.pop_back();
          if (!seen.insert(at).second)
            continue;
          if (g.ops[at].kind == OpKind::COMPUTE && g.ops[at].gpu == gpu) {
            k = std::max(k, place.at({gpu, g.ops[at].span}));
            continue;  // what came before it is older
          }
          for (int p : preds[at])
            todo.push_back(p);
        }
        return k;
      };
      const PipelineSchedule sched = make_schedule(job);
      const Layout layout(job.parallel, moe ? 8 : 4, {});
      int flows = 0, gated = 0, late = 0;
      for (size_t i = 0; i < g.ops.size(); ++i) {
        const Op& f = g.ops[i];
        if (f.kind != OpKind::FLOW || g.spans[f.span].kind != CommKind::PP)
          continue;
        // Its producer's slot k; a held-back send (DualPipe's `send=False`) also waits for slot k+1 and holds k+2.
        std::vector<int> slots;
        for (int p : preds[i])
          slots.push_back(slot_of(p, f.gpu));
        std::sort(slots.begin(), slots.end());
        const int k           = slots.front();
        const bool held       = kind != ScheduleKind::ONE_F_ONE_B && sched.ops[layout.coord(f.gpu).pp][k].late_send;
        const int after_slots = static_cast<int>(order[f.gpu].size());
        REQUIRE(k >= 0);
        if (held && k + 1 < after_slots) {
          CHECK(slots == std::vector<int>{k, k + 1});
          ++late;
        } else
          CHECK(slots.size() == 1);
        const int next = k + (held ? 2 : 1);
        if (next >= after_slots)
          continue;  // the GPU's last op: nothing after it to hold
        ++flows;
        const int after = order[f.gpu][next];
        for (int s : f.successors)  // its compute op, or the join an overlapped F&B starts on (a delay, on no GPU)
          gated += g.ops[s].span == after && (g.ops[s].gpu == f.gpu || g.ops[s].kind == OpKind::DELAY);
      }
      CHECK(flows > 0);
      CHECK(gated == (kind == ScheduleKind::ONE_F_ONE_B ? 0 : flows));
      CHECK((late > 0) == (kind != ScheduleKind::ONE_F_ONE_B));
    }
}

TEST_CASE("placement: TP inside a node, then CP, DP (EP groups of consecutive DP ranks), PP outermost, unless an order "
          "says otherwise")
{
  // TP2 × CP2 × DP4 (EP2) × PP2 = 32 GPUs. By default GPU = tp + 2·cp + 4·dp + 16·pp.
  ParallelSpec par{.tp = 2, .cp = 2, .pp = 2, .dp = 4, .ep = 2};
  const Layout by_default(par, 32, {});
  for (int g = 0; g < 32; ++g) {
    const RankCoord c = by_default.coord(g);
    CHECK(g == c.tp + 2 * c.cp + 4 * c.dp + 16 * c.pp);
    CHECK(by_default.gpu(c) == g);
  }
  const RankCoord c = by_default.coord(4 * 3 + 1);  // tp 1, cp 0, dp 3, pp 0
  CHECK(by_default.group(c, Axis::TP) == std::vector<int>{12, 13});
  CHECK(by_default.group(c, Axis::DP) == std::vector<int>{1, 5, 9, 13});
  CHECK(by_default.group(c, Axis::PP) == std::vector<int>{13, 29});
  CHECK(by_default.ep_group(c) == std::vector<int>{9, 13});                // DP ranks 2 and 3
  CHECK(by_default.dense_dp_group(c).size() == 8);                         // DP × CP
  CHECK(by_default.expert_dp_group(c) == std::vector<int>{5, 7, 13, 15});  // odd DP ranks, both CP ranks

  // Llama 3's order puts PP inside DP: GPU = tp + 2·cp + 4·pp + 8·dp.
  par.order = {"tp", "cp", "pp", "dp"};
  const Layout llama(par, 32, {});
  for (int g = 0; g < 32; ++g) {
    const RankCoord x = llama.coord(g);
    CHECK(g == x.tp + 2 * x.cp + 4 * x.pp + 8 * x.dp);
  }
  // An order that is not a permutation of the four axes is refused.
  par.order = {"tp", "dp", "pp"};
  CHECK_THROWS_AS(Layout(par, 32, {}), ConfigError);
}
