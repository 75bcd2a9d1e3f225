// SPDX-License-Identifier: Apache-2.0
#include "workload/parallel_training.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>

#include "collective/algorithms.hpp"
#include "collective/collective_op.hpp"
#include "config/error.hpp"
#include "workload/collective_graph.hpp"
#include "workload/dense_model.hpp"
#include "workload/dp_training.hpp"

namespace cs {

namespace {

constexpr double ACT_BYTES = 2;  // BF16 activations and activation gradients

[[noreturn]] void fail(const TrainingSpec& job, const std::string& key, const std::string& what)
{
  throw ConfigError(ErrorKind::VALIDATION, job.where.of(key), key, what);
}

ShardSpec shard_of(const TrainingSpec& job)
{
  return {job.parallel.tp, job.parallel.cp, job.parallel.sequence_parallel, job.micro_batch, job.parallel.ep};
}

// The parameters of pipeline stage `stage` (of `stages`) on one GPU: dense weights split by TP, experts by EP.
struct StageParams {
  double dense = 0, experts = 0;
};

StageParams stage_params(const ModelSpec& m, const ParallelSpec& par, std::pair<int, int> layers, bool embed, bool head)
{
  StageParams p;
  for (int l = layers.first; l < layers.second; ++l) {
    LayerParams lp = layer_params(m, l);
    p.dense += (lp.total() - lp.expert_matrix) / par.tp;
    p.experts += lp.expert_matrix / par.ep;
  }
  const double vh = static_cast<double>(m.vocab) * m.hidden / par.tp;  // vocabulary-parallel
  if (embed)
    p.dense += vh + (m.learned_positions ? static_cast<double>(m.seq_len) * m.hidden : 0);
  if (head && (!m.tied_embeddings || !embed))  // a tied head on another stage keeps its own copy (Megatron)
    p.dense += vh;
  if (head)  // the final norm, counted like the layers' norms (dense_model.cpp embedding_params)
    p.dense += (m.bias ? 2.0 : 1.0) * m.hidden / par.tp;
  return p;
}

// Activation bytes one layer keeps for one micro-batch on one GPU until its backward. Korthikanti et al. 2022
// ("Reducing Activation Recomputation in Large Transformer Models", Table 2) [unverified (memory); not in
// reference/]: 34·s·b·h bytes per layer (11 attention, 19 MLP, 4 norms) plus 5·a·s²·b for attention scores, divided
// by t with sequence parallelism. Assumptions: FlashAttention keeps no s² scores (so `selective` saves nothing
// more); the MLP's 19 scales with the inner width a token passes through (top-k + shared experts for MoE) over 4h;
// full recompute keeps the layer input only, 2·s·b·h.
double layer_activation_bytes(const TrainingSpec& job, int layer)
{
  const ModelSpec& m = job.model;
  const double sbh   = static_cast<double>(job.micro_batch) * m.seq_len / job.parallel.cp * m.hidden;
  const double t     = job.parallel.tp;
  if (job.recompute == Recompute::FULL)
    return 2 * sbh / (job.parallel.sequence_parallel ? t : 1);
  const double inner =
      m.is_moe_layer(layer) ? static_cast<double>(m.moe.top_k + m.moe.shared_experts) * m.moe.expert_ffn : m.ffn_size();
  const double mlp = 19 * inner / (4.0 * m.hidden);
  // Without SP, the norms and dropouts (10 of the 15 non-MLP units, by Korthikanti's split) stay replicated.
  return job.parallel.sequence_parallel ? sbh * (15 + mlp) / t : sbh * (10 + (5 + mlp) / t);
}

// The (pipeline, stage) pairs each rank runs, read off the schedule.
std::vector<std::set<std::pair<int, int>>> held_stages(const PipelineSchedule& s)
{
  std::vector<std::set<std::pair<int, int>>> held(s.ranks);
  for (int r = 0; r < s.ranks; ++r)
    for (const ScheduleOp& op : s.ops[r]) {
      if (op.kind == ChunkKind::F || op.kind == ChunkKind::FB)
        held[r].insert({op.f.pipeline, op.f.stage});
      if (op.kind == ChunkKind::B || op.kind == ChunkKind::FB)
        held[r].insert({op.b.pipeline, op.b.stage});
    }
  return held;
}

}  // namespace

std::vector<std::pair<int, int>> split_layers(int layers, int stages)
{
  std::vector<int> count(stages, layers / stages);
  int extra = layers % stages;
  std::vector<int> order;
  for (int s = 1; s + 1 < stages; ++s)
    order.push_back(s);
  order.push_back(0);
  if (stages > 1)
    order.push_back(stages - 1);
  for (int i = 0; extra > 0; ++i, --extra)
    count[order[i % order.size()]]++;
  std::vector<std::pair<int, int>> out;
  int first = 0;
  for (int c : count) {
    out.emplace_back(first, first + c);
    first += c;
  }
  return out;
}

PipelineSchedule make_schedule(const TrainingSpec& job)
{
  const int p = job.parallel.pp, v = job.parallel.vpp;
  const int m = job.global_batch / (job.micro_batch * job.parallel.dp);
  try {
    switch (job.schedule) {
      case ScheduleKind::GPIPE:
        return gpipe_schedule(p, m);
      case ScheduleKind::ONE_F_ONE_B:
        return one_f_one_b_schedule(p, m);
      case ScheduleKind::INTERLEAVED_1F1B:
        return interleaved_1f1b_schedule(p, v, m);
      case ScheduleKind::ZB1P:
        return zb1p_schedule(p, m);
      case ScheduleKind::DUALPIPE:
        return dualpipe_schedule(p, m);
      case ScheduleKind::DUALPIPEV:
        return dualpipev_schedule(p, m);
    }
  } catch (const std::invalid_argument& e) {
    fail(
        job, "training.schedule",
        fmt::format("cannot build it with pp = {}, vpp = {} and {} micro-batches per pipeline: {}", p, v, m, e.what()));
  }
  return {};
}

ChunkComm chunk_comm(const TrainingSpec& job)
{
  const ModelSpec& m     = job.model;
  const ParallelSpec& pr = job.parallel;
  const double sbh       = static_cast<double>(job.micro_batch) * m.seq_len * m.hidden / pr.cp;
  ChunkComm c;
  c.tp_allreduce = sbh * ACT_BYTES;
  c.pp_boundary  = sbh * ACT_BYTES / pr.tp;
  if (m.moe.routed_experts > 0) {
    const double copies = sbh / pr.tp * m.moe.top_k;  // token-copies × h held by this GPU
    c.ep_dispatch       = copies * (job.dispatch_bytes > 0 ? job.dispatch_bytes : ACT_BYTES);
    c.ep_combine        = copies * ACT_BYTES;
  }
  // K and V of the heads this GPU holds: kv/t of them, but at least one when TP exceeds the KV heads.
  const double kv_dim = m.attention == AttentionKind::MLA
                            ? m.mla.kv_lora_rank + m.mla.qk_rope_head_dim
                            : 2.0 * std::max(1.0, static_cast<double>(m.kv()) / pr.tp) * m.dhead();
  c.cp_kv             = static_cast<double>(job.micro_batch) * m.seq_len * kv_dim * ACT_BYTES;
  return c;
}

std::vector<StageMemory> plan_memory(const TrainingSpec& job, const PipelineSchedule& sched,
                                     const std::vector<int>& in_flight, const GpuSpec& gpu)
{
  const ParallelSpec& par = job.parallel;
  const auto split        = split_layers(job.model.layers, sched.stages);
  const auto held         = held_stages(sched);
  const double dense_dp   = static_cast<double>(par.dp) * par.cp;
  const double expert_dp  = dense_dp / par.ep;
  std::vector<StageMemory> out;
  for (int r = 0; r < sched.ranks; ++r) {
    StageMemory mem;
    mem.rank = r;
    StageParams p;
    double chunk_act = 0;
    for (const auto& [pipeline, stage] : held[r]) {
      StageParams sp = stage_params(job.model, par, split[stage], stage == 0, stage == sched.stages - 1);
      p.dense += sp.dense;
      p.experts += sp.experts;
      double act = 0;
      for (int l = split[stage].first; l < split[stage].second; ++l)
        act += layer_activation_bytes(job, l);
      chunk_act = std::max(chunk_act, act);
    }
    auto sharded = [&](double bytes_per_param, int from_stage) {
      return bytes_per_param *
             (par.zero >= from_stage ? p.dense / dense_dp + p.experts / expert_dp : p.dense + p.experts);
    };
    mem.params      = p.dense + p.experts;
    mem.weights     = sharded(WEIGHT_BYTES_PER_PARAM, 3);
    mem.gradients   = sharded(job.grad_bytes_per_param, 2);
    mem.optimizer   = sharded(OPTIMIZER_BYTES_PER_PARAM, 1);
    mem.in_flight   = in_flight.empty() ? 0 : in_flight[r];
    mem.activations = chunk_act * mem.in_flight;
    mem.workspace   = job.workspace_bytes;
    out.push_back(mem);
  }
  const StageMemory& worst =
      *std::max_element(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.total() < b.total(); });
  if (worst.total() > gpu.hbm_bytes)
    fail(job, "training.parallelism",
         fmt::format("does not fit in GPU memory: pipeline rank {} needs {:.1f} GB per GPU but {} has {:.1f} GB — "
                     "weights {:.1f} + gradients {:.1f} + optimizer {:.1f} (ZeRO-{}) + activations {:.1f} ({} "
                     "micro-batch chunks in flight) + workspace {:.1f} GB, for {:.3g} parameters on the GPU",
                     worst.rank, worst.total() / 1e9, gpu.name, gpu.hbm_bytes / 1e9, worst.weights / 1e9,
                     worst.gradients / 1e9, worst.optimizer / 1e9, par.zero, worst.activations / 1e9, worst.in_flight,
                     worst.workspace / 1e9, worst.params));
  return out;
}

namespace {

// Builds the graph of one or more iterations, slot by slot: every GPU of a pipeline rank runs that rank's ops in
// the schedule's order (the ranks of a stage are lanes: one per TP × CP × DP coordinate).
class GraphBuilder {
 public:
  GraphBuilder(const TrainingSpec& job, const ClusterFacts& cl, const Layout& layout, const PipelineSchedule& sched,
               const std::vector<StageCost>& cost, OpGraph& graph, bool fold)
      : job_(job)
      , cl_(cl)
      , layout_(layout)
      , sched_(sched)
      , cost_(cost)
      , g_(graph)
      , comm_(chunk_comm(job))
      , split_(split_layers(job.model.layers, sched.stages))
      , chain_(cl.gpu_count, -1)
      , fold_(fold)
  {
    for (int r = 0; r < sched.ranks; ++r) {
      std::vector<RankCoord> lanes = layout.stage_ranks(r);
      if (fold)  // unit 0 only: the first ep DP coordinates
        lanes.erase(
            std::remove_if(lanes.begin(), lanes.end(), [&](const RankCoord& c) { return c.dp >= job.parallel.ep; }),
            lanes.end());
      lanes_.push_back(std::move(lanes));
    }
    const int sms = cl.gpu.sms;
    if (job.comm_sms > 0 && sms <= job.comm_sms)
      fail(job, "training.comm_sms",
           sms > 0 ? fmt::format("expected fewer than the {} SMs of {}, found {}", sms, cl.gpu.name, job.comm_sms)
                   : fmt::format("the catalog does not know how many SMs {} has: set gpu.sms in the topology",
                                 cl.gpu.name));
    overlap_slowdown_ = job.comm_sms > 0 ? static_cast<double>(sms) / (sms - job.comm_sms) : 1;
  }

  void build()
  {
    for (int it = 0; it < job_.iterations; ++it) {
      iteration_ = it;
      consumers_.clear();
      producers_.clear();
      produced_by_.clear();
      slot_starts_.assign(sched_.ranks, {});
      slot_ends_.assign(sched_.ranks, {});
      std::vector<bool> gathered_for_backward(sched_.ranks, false);
      if (job_.parallel.zero == 3)
        for (int r = 0; r < sched_.ranks; ++r)
          zero3_gather(r, "forward");
      for (int r = 0; r < sched_.ranks; ++r) {
        const auto last = last_backward(r);
        for (size_t i = 0; i < sched_.ops[r].size(); ++i) {
          const ScheduleOp& op = sched_.ops[r][i];
          const bool has_b     = op.kind != ChunkKind::F;
          if (job_.parallel.zero == 3 && has_b && !gathered_for_backward[r]) {
            zero3_gather(r, "backward");
            gathered_for_backward[r] = true;
          }
          int pieces = 1;  // the last backward of a chunk releases its gradients bucket by bucket
          for (const auto& [chunk, at] : last)
            if (at == i)
              pieces = gradient_buckets(chunk.second);
          slot(r, op, pieces);
          for (const auto& [chunk, at] : last)
            if (at == i)
              gradient_reduce(r, chunk);
        }
      }
      connect_pipeline();
      tied_embedding_reduce();
      // The next iteration (the optimizer step) waits for every gradient reduction of this one.
      for (auto& [gpu, ends] : pending_) {
        int join = g_.add(delay_op(0, -1));
        if (chain_[gpu] >= 0)
          g_.depend(chain_[gpu], join);
        for (int e : ends)
          g_.depend(e, join);
        chain_[gpu] = join;
      }
      pending_.clear();
      dualpipe_copies_.clear();
    }
  }

 private:
  enum Dir { FWD = 0, BWD = 1 };

  long key(Dir d, int pipeline, int stage, int mb) const
  {
    return ((static_cast<long>(d) * sched_.pipelines + pipeline) * sched_.stages + stage) * sched_.microbatches + mb;
  }

  // Node-limited routing (DeepSeek-V3): a token crosses the fabric once per node it is bound for, at most
  // min(M, nodes of the group) of them, instead of once per expert: the fabric carries that over top-k of the remote
  // copies. Dispatch and combine (and their gradients) alike.
  double dispatch_share(const std::vector<int>& group) const
  {
    const MoeSpec& moe = job_.model.moe;
    if (moe.node_limit <= 0 || moe.top_k <= 0)
      return 1;
    std::set<int> nodes;
    for (int g : group)
      nodes.insert(g / cl_.gpus_per_node);
    const double reach = std::min<double>(moe.node_limit, static_cast<double>(nodes.size()));
    return std::min(1.0, reach / moe.top_k);
  }

  int moe_layers(int stage) const
  {
    int n = 0;
    for (int l = split_[stage].first; l < split_[stage].second; ++l)
      n += job_.model.is_moe_layer(l);
    return n;
  }
  int layers(int stage) const { return split_[stage].second - split_[stage].first; }

  // Communication of one chunk direction on one stage, per GPU: TP all-reduce count, EP all-to-all size, CP count.
  struct Traffic {
    int tp_count    = 0;
    double ep_bytes = 0;
    int ep_count    = 0;
    int cp_count    = 0;
  };
  Traffic traffic(Dir d, int stage) const
  {
    Traffic t;
    const int l = layers(stage), moe = moe_layers(stage);
    const bool full_recompute = job_.recompute == Recompute::FULL;
    t.tp_count                = 2 * l + (d == BWD && full_recompute ? 2 * l : 0);
    // CP as TransformerEngine's all-gather CP (AttnFuncWithCPAndKVAllGather, after Llama 3 §3.3.2): the forward
    // all-gathers K and V over the CP group and keeps only its own slice; the backward gathers them again and
    // reduce-scatters their gradients (the all-gather's transpose: the same flows); a recompute that replays the
    // attention (full or selective) gathers once more.
    t.cp_count = d == FWD ? l : 2 * l + (job_.recompute != Recompute::NONE ? l : 0);
    t.ep_count = 2 * moe;
    // Backward sends BF16 gradients both ways; forward dispatches in `dispatch_bytes`.
    t.ep_bytes = moe * (d == FWD ? comm_.ep_dispatch + comm_.ep_combine : 2 * comm_.ep_combine);
    return t;
  }

  int span(const std::string& label, SpanClass cls, CommKind kind, std::vector<int> gpus)
  {
    return g_.add_span({label, cls, iteration_, std::move(gpus), kind});
  }

  // Adds `count` back-to-back collectives of `bytes` each over `group` as one lowered collective carrying all the
  // bytes, plus the latency of the count − 1 it stands for (exact when nothing else shares the group's links).
  int collective(CollectiveOp op, CollectiveAlgo algo, const std::vector<int>& group, double bytes, int count,
                 CommKind kind, const std::string& label, const std::vector<int>& after, int channels = 1)
  {
    return lowered(wire(algo, lower(kind,
                                    [&] {
                                      return lower_collective(op, algo, group, bytes * count, cl_.gpus_per_node,
                                                              channels, cl_.latency);
                                    })),
                   op, group, bytes, count, kind, label, after);
  }

  // A group the chosen algorithm cannot serve (halving-doubling needs a power of two, hierarchical the same GPU count
  // on every node) is reported against the YAML key that chose it.
  template <class Lowering>
  PhasedPlan lower(CommKind kind, Lowering&& lowering) const
  {
    try {
      return lowering();
    } catch (const ConfigError& e) {
      fail(job_, std::string("training.collectives.") + comm_kind_name(kind), e.message());
    }
  }

  PhasedPlan wire(CollectiveAlgo algo, PhasedPlan plan) const
  {
    if (cl_.wire_efficiency)
      apply_wire_efficiency(plan, cl_.wire_efficiency(algo));
    return plan;
  }

  int lowered(PhasedPlan plan, CollectiveOp op, const std::vector<int>& group, double bytes, int count, CommKind kind,
              const std::string& label, const std::vector<int>& after)
  {
    if (count > 1 && !plan.empty()) {
      double per_call = 0;
      for (const CollectivePlan& phase : plan) {
        double alpha = 0;
        for (const FlowPlan& f : phase.flows)
          alpha = std::max(alpha, f.latency_s);
        per_call += alpha + phase.tail_latency_s;
      }
      plan.back().tail_latency_s += (count - 1) * per_call;
    }
    // What each rank moves by the operation's definition (nccl-tests' bus factor × size), whatever the lowering.
    note_bytes(kind, group.front(), busbw_factor(op, static_cast<int>(group.size())) * bytes * count);
    return add_collective(g_, plan, span(label, SpanClass::COMM, kind, group), after);
  }

  // Bytes `gpu` moves, summed over its collectives of one iteration (the first); a group's first GPU stands for it.
  void note_bytes(CommKind kind, int gpu, double bytes)
  {
    if (iteration_ == 0)
      sent_[static_cast<int>(kind)][gpu] += bytes;
  }

  // Megatron-Core fills gradient buckets of `grad_bucket_params` (default max(40M, 1M × DP),
  // DistributedDataParallelConfig.bucket_size) in backward order and reduces each once it is full. With virtual
  // stages it buckets only a rank's first model chunk (megatron/training/training.py, get_model:
  // disable_bucketing=(model_chunk_idx > 0)); the others reduce whole. DualPipe reduces a stage once over both its
  // copies (gradient_reduce), so it keeps one bucket. At most MAX_BUCKETS per chunk.
  int gradient_buckets(int stage) const
  {
    constexpr int MAX_BUCKETS = 256;
    const bool first_chunk    = stage < sched_.ranks;  // stage c·p + d is model chunk c of rank d
    if (sched_.pipelines == 2 || job_.grad_bucket_params == 0 || !first_chunk)
      return 1;
    const double bucket =
        job_.grad_bucket_params > 0 ? job_.grad_bucket_params : std::max(40e6, 1e6 * job_.parallel.dp);
    const StageParams p =
        stage_params(job_.model, job_.parallel, split_[stage], stage == 0, stage == sched_.stages - 1);
    return std::clamp(static_cast<int>(std::ceil((p.dense + p.experts) / bucket)), 1, MAX_BUCKETS);
  }

  // One schedule op on every lane of rank r. With `pieces` > 1 (a chunk's last backward) the compute runs as that many
  // equal parts, each ending a gradient bucket (bucket_ends_).
  void slot(int r, const ScheduleOp& op, int pieces = 1)
  {
    const bool fwd = op.kind == ChunkKind::F || op.kind == ChunkKind::FB;
    const bool bwd = op.kind == ChunkKind::B || op.kind == ChunkKind::FB;
    const int sf = op.f.stage, sb = op.b.stage;
    double seconds = 0;
    if (fwd)
      seconds += cost_[sf].f_s;
    if (op.kind == ChunkKind::B)
      seconds += op.zb ? cost_[sb].b_s : cost_[sb].b_s + cost_[sb].w_s;
    if (op.kind == ChunkKind::FB)
      seconds += cost_[sb].b_s + cost_[sb].w_s;
    if (op.kind == ChunkKind::W)
      seconds += cost_[sb].w_s;

    Traffic tr;
    auto add = [&](Traffic t) {
      tr.tp_count += t.tp_count, tr.cp_count += t.cp_count, tr.ep_bytes += t.ep_bytes, tr.ep_count += t.ep_count;
    };
    if (fwd)
      add(traffic(FWD, sf));
    if (bwd)
      add(traffic(BWD, sb));
    const bool overlapped = op.kind == ChunkKind::FB;
    const bool comm       = (job_.parallel.tp > 1 && tr.tp_count > 0) || (job_.parallel.cp > 1 && tr.cp_count > 0) ||
                      (job_.parallel.ep > 1 && tr.ep_count > 0);
    if (overlapped && comm)
      seconds *= overlap_slowdown_;  // communication kernels hold comm_sms of the SMs while they overlap

    const std::string name = op.str() + fmt::format(" mb{}", fwd ? op.f.microbatch : op.b.microbatch);
    const int cspan        = span(name, SpanClass::COMPUTE, CommKind::NONE, {});
    const auto& lanes      = lanes_[r];
    std::vector<int> start(lanes.size()), compute(lanes.size()), end(lanes.size());
    for (size_t i = 0; i < lanes.size(); ++i) {
      const int gpu        = layout_.gpu(lanes[i]);
      compute[i]           = g_.add(compute_op(gpu, seconds / pieces * cl_.host_flops, cspan));
      start[i]             = compute[i];
      const int first_part = compute[i];
      if (pieces > 1) {
        std::vector<int>& parts = bucket_ends_[gpu];
        parts.assign(1, compute[i]);
        for (int k = 1; k < pieces; ++k) {
          parts.push_back(g_.add(compute_op(gpu, seconds / pieces * cl_.host_flops, cspan)));
          g_.depend(parts[k - 1], parts[k]);
        }
        compute[i] = parts.back();
      }
      if (overlapped && comm) {  // compute and communication start together once the inputs are in
        start[i] = g_.add(delay_op(0, cspan));
        g_.depend(start[i], first_part);
      }
      if (chain_[gpu] >= 0)
        g_.depend(chain_[gpu], start[i]);
      end[i] = overlapped && comm ? start[i] : compute[i];
    }
    if (fwd && sf > 0)
      consumers_[key(FWD, op.f.pipeline, sf, op.f.microbatch)] = {r, start};
    if (bwd && sb < sched_.stages - 1)
      consumers_[key(BWD, op.b.pipeline, sb, op.b.microbatch)] = {r, start};

    // TP, then CP, then EP, each per group once all its members are ready.
    const ParallelSpec& par = job_.parallel;
    std::map<int, size_t> lane_of;  // GPU -> its index in `lanes`
    for (size_t i = 0; i < lanes.size(); ++i)
      lane_of[layout_.gpu(lanes[i])] = i;
    auto stage_of_op = [&](const std::vector<int>& member_end, auto&& group_of, auto&& lower) {
      std::map<int, int> done;  // first GPU of the group -> the collective's end
      for (size_t i = 0; i < lanes.size(); ++i) {
        std::vector<int> group = group_of(lanes[i]);
        auto it                = done.find(group.front());
        if (it == done.end()) {
          std::vector<int> after;
          for (int gpu : group)
            after.push_back(member_end[lane_of.at(gpu)]);
          it = done.emplace(group.front(), lower(group, after)).first;
        }
        end[i] = it->second;
      }
    };
    std::vector<int> ready = end;
    if (par.tp > 1 && tr.tp_count > 0) {
      stage_of_op(
          ready, [&](const RankCoord& c) { return layout_.group(c, Axis::TP); },
          [&](const std::vector<int>& group, const std::vector<int>& after) {
            return collective(CollectiveOp::ALLREDUCE, job_.collectives.tp, group, comm_.tp_allreduce, tr.tp_count,
                              CommKind::TP, "tp " + name, after);
          });
      ready = end;
    }
    if (par.cp > 1 && tr.cp_count > 0) {
      stage_of_op(
          ready, [&](const RankCoord& c) { return layout_.group(c, Axis::CP); },
          [&](const std::vector<int>& group, const std::vector<int>& after) {
            return collective(CollectiveOp::ALLGATHER, job_.collectives.cp, group, comm_.cp_kv, tr.cp_count,
                              CommKind::CP, "cp " + name, after);
          });
      ready = end;
    }
    if (par.ep > 1 && tr.ep_count > 0) {
      stage_of_op(
          ready, [&](const RankCoord& c) { return layout_.ep_group(c); },
          [&](const std::vector<int>& group, const std::vector<int>& after) {
            const CollectiveAlgo algo = job_.collectives.ep;
            PhasedPlan plan           = lower(CommKind::EP, [&] {
              return algo == CollectiveAlgo::PXN
                                   ? pxn_alltoall(group, tr.ep_bytes, cl_.gpus_per_node, cl_.latency, dispatch_share(group))
                                   : lower_collective(CollectiveOp::ALLTOALL, algo, group, tr.ep_bytes, cl_.gpus_per_node, 1,
                                                      cl_.latency);
            });
            return lowered(wire(algo, std::move(plan)), CollectiveOp::ALLTOALL, group, tr.ep_bytes / tr.ep_count,
                           tr.ep_count, CommKind::EP, "ep " + name, after);
          });
    }
    for (size_t i = 0; i < lanes.size(); ++i) {
      const int gpu = layout_.gpu(lanes[i]);
      if (overlapped && comm) {  // the chunk ends when both its compute and its communication have
        int join = g_.add(delay_op(0, cspan));
        g_.depend(compute[i], join);
        g_.depend(end[i], join);
        end[i] = join;
      }
      chain_[gpu] = end[i];
    }
    const int index = static_cast<int>(slot_starts_[r].size());
    slot_starts_[r].push_back(start);
    slot_ends_[r].push_back(end);
    if (fwd && sf < sched_.stages - 1) {
      producers_[key(FWD, op.f.pipeline, sf + 1, op.f.microbatch)]   = {r, end};
      produced_by_[key(FWD, op.f.pipeline, sf + 1, op.f.microbatch)] = index;
    }
    if (bwd && sb > 0) {
      producers_[key(BWD, op.b.pipeline, sb - 1, op.b.microbatch)]   = {r, end};
      produced_by_[key(BWD, op.b.pipeline, sb - 1, op.b.microbatch)] = index;
    }
  }

  // Activations forward and gradients backward between consecutive stages, lane to lane (each TP rank sends its
  // 1/t slice on its own rail: Megatron's scatter/gather). DualPipe's code issues a chunk's sends with the next chunk's
  // receives as one batch and waits for all of them before computing it (reference/dualpipe.md §3), so there a rank's
  // next op also waits for the sends of the one before.
  void connect_pipeline()
  {
    const bool sends_block = job_.schedule == ScheduleKind::DUALPIPE || job_.schedule == ScheduleKind::DUALPIPEV;
    for (const auto& [k, consumer] : consumers_) {
      auto p = producers_.find(k);
      if (p == producers_.end())
        throw std::logic_error("pipeline input with no producer");
      const auto& [src_rank, src_ends] = p->second;
      const auto& [dst_rank, dst_ops]  = consumer;
      std::vector<int> gpus;
      for (size_t i = 0; i < dst_ops.size(); ++i) {
        gpus.push_back(layout_.gpu(lanes_[src_rank][i]));
        gpus.push_back(layout_.gpu(lanes_[dst_rank][i]));
      }
      const int s = span(fmt::format("pp {}", k % sched_.microbatches), SpanClass::COMM, CommKind::PP, gpus);
      for (size_t i = 0; i < dst_ops.size(); ++i) {
        const int src = gpus[2 * i], dst = gpus[2 * i + 1];
        if (src == dst) {  // DualPipeV's turn at the bottom of the V stays on one GPU
          g_.depend(src_ends[i], dst_ops[i]);
          continue;
        }
        int f = g_.add(flow_op(src, dst, comm_.pp_boundary, cl_.latency(src, dst), s));
        g_.depend(src_ends[i], f);
        g_.depend(f, dst_ops[i]);
        if (sends_block) {  // the send leaves after its op, or a held-back one after the next, and holds the op after
          size_t at = static_cast<size_t>(produced_by_.at(k));
          if (sched_.ops[src_rank][at].late_send && at + 1 < slot_ends_[src_rank].size())
            g_.depend(slot_ends_[src_rank][++at][i], f);
          if (at + 1 < slot_starts_[src_rank].size())
            g_.depend(f, slot_starts_[src_rank][at + 1][i]);
        }
        note_bytes(CommKind::PP, src, comm_.pp_boundary);
      }
    }
  }

  StageParams rank_params(int r) const
  {
    StageParams p;
    for (const auto& [pipeline, stage] : held_[r]) {
      StageParams sp = stage_params(job_.model, job_.parallel, split_[stage], stage == 0, stage == sched_.stages - 1);
      p.dense += sp.dense, p.experts += sp.experts;
    }
    return p;
  }

  // Tied embeddings with the head on another rank: Megatron keeps a copy there and all-reduces the two copies'
  // gradients between the first and the last stage, lane by lane, after both ranks' last ops. (DualPipe, whose
  // ranks hold both ends, is left out.)
  void tied_embedding_reduce()
  {
    if (!job_.model.tied_embeddings || sched_.pipelines != 1)
      return;
    int first = -1, last = -1;
    for (int r = 0; r < sched_.ranks; ++r)
      for (const auto& [pipeline, stage] : held_[r]) {
        if (stage == 0)
          first = r;
        if (stage == sched_.stages - 1)
          last = r;
      }
    if (first < 0 || last < 0 || first == last)
      return;
    const double params = static_cast<double>(job_.model.vocab) * job_.model.hidden / job_.parallel.tp;
    // Every lane, folded units' too: this is gradient traffic, which runs over every GPU.
    for (const RankCoord& c : layout_.stage_ranks(first)) {
      RankCoord other = c;
      other.pp        = last;
      const std::vector<int> pair{layout_.gpu(c), layout_.gpu(other)};
      std::vector<int> after;
      for (int gpu : pair)
        last_ops(gpu, after);
      const int end = dp_collective(CollectiveOp::ALLREDUCE, CollectiveAlgo::RING, pair,
                                    params * job_.grad_bytes_per_param, "tied embedding gradients", after);
      for (int gpu : pair)
        pending_[gpu].push_back(end);
    }
  }

  // One collective per distinct group of rank r's GPUs, after each member's last op; every member continues after.
  void per_group(int r, const std::function<std::vector<int>(const RankCoord&)>& group_of,
                 const std::function<int(const std::vector<int>&, const std::vector<int>&)>& lower)
  {
    std::set<int> seen;
    for (const RankCoord& c : lanes_[r]) {
      std::vector<int> group = group_of(c);
      if (group.size() < 2 || !seen.insert(group.front()).second)
        continue;
      std::vector<int> after;
      for (int gpu : group)
        last_ops(gpu, after);
      int end = lower(group, after);
      for (int gpu : group)
        chain_[gpu] = end;
    }
  }

  // What work on `gpu` must wait for: its latest op. A folded GPU has no pipeline ops of its own; it runs its
  // twin's, so it waits for the twin's latest op and for its own latest gradient work (its chain_ holds only that).
  void last_ops(int gpu, std::vector<int>& after) const
  {
    const int t = fold_ ? twin(gpu) : gpu;
    if (t != gpu && chain_[t] >= 0)
      after.push_back(chain_[t]);
    if (chain_[gpu] >= 0)
      after.push_back(chain_[gpu]);
  }

  // For each (pipeline, stage) rank r holds: the index of its last op with backward work for it. Its gradients are
  // final once that op is done.
  std::map<std::pair<int, int>, size_t> last_backward(int r) const
  {
    std::map<std::pair<int, int>, size_t> last;
    for (size_t i = 0; i < sched_.ops[r].size(); ++i) {
      const ScheduleOp& op = sched_.ops[r][i];
      if (op.kind != ChunkKind::F)
        last[{op.b.pipeline, op.b.stage}] = i;
    }
    return last;
  }

  // Gradients of one chunk (a (pipeline, stage) the rank holds), once its last backward is done, beside the rank's
  // remaining ops: dense weights over DP × CP, experts over the ranks holding the same experts. ZeRO-1/2 replace
  // the all-reduce by a reduce-scatter and an all-gather: the same bytes on the wire.
  void gradient_reduce(int r, std::pair<int, int> chunk)
  {
    const int stage = chunk.second;
    if (sched_.pipelines == 2) {
      // DualPipe keeps a copy of each stage on two ranks (reference/dualpipe.md §2): their gradients are summed
      // too, so the stage reduces once, over the DP groups of both copies, when both are done.
      auto& copies = dualpipe_copies_[stage];
      for (const RankCoord& c : lanes_[r])
        copies.second[layout_.gpu(c)] = chain_[layout_.gpu(c)];
      copies.first.push_back(r);
      if (copies.first.size() == 2)
        reduce_stage(copies.first, stage, copies.second);
      return;
    }
    const int buckets = static_cast<int>(bucket_ends_[layout_.gpu(lanes_[r].front())].size());
    if (buckets > 1) {  // bucket k once the k-th part of the last backward is done
      for (int k = 0; k < buckets; ++k) {
        std::map<int, int> ends;
        for (const RankCoord& c : lanes_[r])
          ends[layout_.gpu(c)] = bucket_ends_[layout_.gpu(c)][k];
        reduce_stage({r}, stage, ends, 1.0 / buckets);
      }
      for (const RankCoord& c : lanes_[r])
        bucket_ends_.erase(layout_.gpu(c));
      return;
    }
    std::map<int, int> ends;
    for (const RankCoord& c : lanes_[r])
      ends[layout_.gpu(c)] = chain_[layout_.gpu(c)];
    reduce_stage({r}, stage, ends);
  }

  // One gradient collective per group of the stage's copies on `ranks`, after `ends` (by simulated GPU), beside
  // the GPUs' remaining ops. ZeRO-1/2 move an all-reduce's bytes (reduce-scatter + all-gather); ZeRO-3 keeps only its
  // shard of the gradients (its weights come from the gathers): a reduce-scatter.
  void reduce_stage(const std::vector<int>& ranks, int stage, const std::map<int, int>& ends, double share = 1)
  {
    const StageParams p =
        stage_params(job_.model, job_.parallel, split_[stage], stage == 0, stage == sched_.stages - 1);
    const CollectiveOp op = job_.parallel.zero == 3 ? CollectiveOp::REDUCE_SCATTER : CollectiveOp::ALLREDUCE;
    auto reduce           = [&](double params, const char* label, auto&& group_of) {
      if (params <= 0)
        return;
      std::set<int> seen;
      for (const RankCoord& c : lanes_[ranks.front()]) {
        std::vector<int> group;
        for (int r : ranks) {
          RankCoord at = c;
          at.pp        = r;
          for (int gpu : group_of(at))
            group.push_back(gpu);
        }
        if (group.size() < 2 || !seen.insert(group.front()).second)
          continue;
        std::vector<int> after;
        for (int gpu : group) {
          auto it = ends.find(gpu);
          if (it == ends.end())
            it = ends.find(twin(gpu));  // a folded GPU ends with its twin
          if (it != ends.end() && it->second >= 0)
            after.push_back(it->second);
        }
        const int end = dp_collective(op, job_.parallel.zero == 3 ? CollectiveAlgo::RING : job_.collectives.dp, group,
                                                share * params * job_.grad_bytes_per_param, label, after, cl_.nics_per_node);
        for (int gpu : group)
          pending_[gpu].push_back(end);
      }
    };
    reduce(p.dense, "dp gradients", [&](const RankCoord& c) { return layout_.dense_dp_group(c); });
    reduce(p.experts, "dp expert gradients", [&](const RankCoord& c) { return layout_.expert_dp_group(c); });
  }

  // A gradient collective. NCCL runs the collectives of one communicator in the order they are issued, so each waits
  // for the one before it on the same group: a chunk's buckets reduce one after another, not all at once.
  int dp_collective(CollectiveOp op, CollectiveAlgo algo, const std::vector<int>& group, double bytes,
                    const std::string& label, std::vector<int> after, int channels = 1)
  {
    int& previous = last_on_group_.try_emplace(group, -1).first->second;
    if (previous >= 0)
      after.push_back(previous);
    previous = collective(op, algo, group, bytes, 1, CommKind::DP, label, after, channels);
    return previous;
  }

  // ZeRO-3 gathers the stage's weights before its first forward and again before its first backward.
  void zero3_gather(int r, const char* pass)
  {
    const StageParams p = rank_params(r);
    per_group(
        r, [&](const RankCoord& c) { return layout_.dense_dp_group(c); },
        [&](const std::vector<int>& group, const std::vector<int>& after) {
          return collective(CollectiveOp::ALLGATHER, CollectiveAlgo::RING, group, p.dense * WEIGHT_BYTES_PER_PARAM, 1,
                            CommKind::DP, std::string("zero3 gather ") + pass, after, cl_.nics_per_node);
        });
    if (p.experts > 0)  // expert weights are sharded over the ranks that hold the same experts
      per_group(
          r, [&](const RankCoord& c) { return layout_.expert_dp_group(c); },
          [&](const std::vector<int>& group, const std::vector<int>& after) {
            return collective(CollectiveOp::ALLGATHER, CollectiveAlgo::RING, group, p.experts * WEIGHT_BYTES_PER_PARAM,
                              1, CommKind::DP, std::string("zero3 expert gather ") + pass, after, cl_.nics_per_node);
          });
  }

 public:
  // The unit-0 GPU whose timeline `gpu` shares.
  int twin(int gpu) const
  {
    RankCoord c = layout_.coord(gpu);
    c.dp %= job_.parallel.ep;
    return layout_.gpu(c);
  }

  std::array<std::map<int, double>, COMM_KIND_COUNT> sent_;  // by kind: bytes by GPU (first iteration)
  std::vector<std::set<std::pair<int, int>>> held_;

 private:
  const TrainingSpec& job_;
  const ClusterFacts& cl_;
  const Layout& layout_;
  const PipelineSchedule& sched_;
  const std::vector<StageCost>& cost_;
  OpGraph& g_;
  ChunkComm comm_;
  std::vector<std::pair<int, int>> split_;
  std::vector<int> chain_;
  bool fold_ = false;                              // only unit 0's lanes are built
  std::map<int, std::vector<int>> pending_;        // by GPU: gradient reductions running beside its ops
  std::map<std::vector<int>, int> last_on_group_;  // by DP group: its latest gradient collective's end
  std::map<int, std::vector<int>> bucket_ends_;    // by GPU: the parts of its current last backward, in order
  // DualPipe, by model stage: the ranks whose copy has finished its backwards, and each lane GPU's last op then.
  std::map<int, std::pair<std::vector<int>, std::map<int, int>>> dualpipe_copies_;
  std::vector<std::vector<RankCoord>> lanes_;
  std::map<long, std::pair<int, std::vector<int>>> consumers_, producers_;
  std::map<long, int> produced_by_;                         // by key: the producing op's place in its rank's order
  std::vector<std::vector<std::vector<int>>> slot_starts_;  // by rank, op in order, lane: the op that starts it
  std::vector<std::vector<std::vector<int>>> slot_ends_;    // ... and the op that ends it
  double overlap_slowdown_ = 1;
  int iteration_           = 0;
};

struct FoldCheck {
  bool ok = true;  // every unit's pipeline traffic has links of its own, laid out like unit 0's
  std::string note;
};

// Maps unit 0's pipeline flows (TP, CP, EP, PP) to every unit, routes each copy, and checks two things (routes are
// looked up once per distinct GPU pair):
//   - disjoint: no link direction carries the pipeline traffic of two units;
//   - alike: hop by hop, unit u's copy of a route crosses links as fast and as long as unit 0's, and the same link
//     of unit 0 always maps to the same link of unit u (and no two to one). Otherwise, two of unit 0's flows that
//     share a link could have copies that do not, or the reverse, and the units' timelines would differ.
// Whether gradient traffic then leaves the units alike is only known from the run: metrics/replica_fold.hpp.
FoldCheck check_folding(const OpGraph& graph, const Layout& layout, int units, const ClusterFacts& cl)
{
  std::set<std::pair<int, int>> pipeline;
  for (const Op& op : graph.ops)
    if (op.kind == OpKind::FLOW && op.span >= 0 && op.gpu != op.peer && graph.spans[op.span].kind != CommKind::DP)
      pipeline.insert({op.gpu, op.peer});
  const int ep = layout.spec().ep;
  auto in_unit = [&](int gpu, int u) {
    RankCoord c = layout.coord(gpu);
    c.dp        = u * ep + c.dp;
    return layout.gpu(c);
  };
  std::map<int, int> owner;  // link direction -> the unit whose pipeline traffic crosses it
  for (const auto& [src, dst] : pipeline)
    for (const LinkUse& l : cl.route_links(src, dst))
      owner.emplace(l.resource, 0);
  for (int u = 1; u < units; ++u) {
    std::map<int, int> image, preimage;  // unit 0's link direction <-> unit u's
    for (const auto& pair : pipeline) {
      // Plain names: Debian 12's clang cannot capture structured bindings in a lambda.
      const int src                   = pair.first;
      const int dst                   = pair.second;
      const std::vector<LinkUse> base = cl.route_links(src, dst);
      const std::vector<LinkUse> copy = cl.route_links(in_unit(src, u), in_unit(dst, u));
      auto unlike                     = [&](const std::string& why) {
        return FoldCheck{false, fmt::format("replica unit {}'s route from GPU {} to {} is not laid out like unit 0's "
                                                                                    "from {} to {} ({})",
                                                                u, in_unit(src, u), in_unit(dst, u), src, dst, why)};
      };
      if (copy.size() != base.size())
        return unlike(fmt::format("{} links against {}", copy.size(), base.size()));
      for (size_t i = 0; i < base.size(); ++i) {
        const LinkUse &a = base[i], &b = copy[i];
        if (a.bw_Bps != b.bw_Bps || a.latency_s != b.latency_s)
          return unlike(fmt::format("hop {} differs in bandwidth or latency", i + 1));
        if (image.try_emplace(a.resource, b.resource).first->second != b.resource ||
            preimage.try_emplace(b.resource, a.resource).first->second != a.resource)
          return unlike(fmt::format("hop {} shares links differently", i + 1));
        auto [it, fresh] = owner.emplace(b.resource, u);
        if (!fresh && it->second != u)
          return {false, fmt::format("replica units {} and {} cross link {} in the same direction", it->second, u,
                                     b.resource / 2)};
      }
    }
  }
  return {true, fmt::format("{} replica units on disjoint, alike links, simulated as one", units)};
}

// What the chosen algorithms need of the hardware and of the job; group shapes are checked as each is lowered.
void validate_collectives(const TrainingSpec& job, const ClusterFacts& cl)
{
  const CollectiveChoice& a = job.collectives;
  for (const auto& [role, algo] : {std::pair{"tp", a.tp}, std::pair{"dp", a.dp}}) {
    const std::string key = std::string("training.collectives.") + role;
    if (algo == CollectiveAlgo::NVLS && !cl.nvls)
      fail(job, key,
           "nvls needs NVSwitch chips that reduce in the switch (NVLink SHARP); this cluster's nodes have none");
    if (algo == CollectiveAlgo::SHARP && !cl.sharp)
      fail(job, key, "sharp needs leaf switches that reduce in the switch (InfiniBand SHARP); this fabric's do not");
  }
  if (job.parallel.zero == 3 && a.dp != CollectiveAlgo::RING)
    fail(job, "training.collectives.dp",
         fmt::format("ZeRO-3 reduce-scatters gradients, which is a ring here; found {}", collective_algo_name(a.dp)));
  if (job.model.moe.node_limit > 0 && job.parallel.ep > 1 && a.ep != CollectiveAlgo::PXN)
    fail(job, "training.collectives.ep",
         fmt::format("node-limited routing (moe.node_limit) is modelled on pxn; found {}", collective_algo_name(a.ep)));
}

void validate(const TrainingSpec& job, const ClusterFacts& cl)
{
  const ParallelSpec& par = job.parallel;
  const ModelSpec& m      = job.model;
  if (job.global_batch % (job.micro_batch * par.dp) != 0)
    fail(job, "training.global_batch",
         fmt::format("expected a multiple of micro_batch × dp = {} × {} = {}, found {}", job.micro_batch, par.dp,
                     job.micro_batch * par.dp, job.global_batch));
  if (m.heads % par.tp != 0)
    fail(job, "training.parallelism.tp",
         fmt::format("expected a divisor of the model's {} attention heads, found {}", m.heads, par.tp));
  if (m.attention != AttentionKind::MLA && m.kv() % par.tp != 0 && par.tp % m.kv() != 0)
    fail(job, "training.parallelism.tp",
         fmt::format("expected a divisor or multiple of the model's {} KV heads, found {}", m.kv(), par.tp));
  if (m.seq_len % par.cp != 0)
    fail(job, "training.parallelism.cp",
         fmt::format("expected a divisor of seq_len ({}), found {}", m.seq_len, par.cp));
  if (par.tp > cl.gpus_per_node)
    fail(job, "training.parallelism.tp",
         fmt::format("expected at most the {} GPUs of a node (TP runs over NVLink), found {}", cl.gpus_per_node,
                     par.tp));
  if (m.moe.routed_experts > 0 && m.moe.routed_experts % par.ep != 0)
    fail(job, "training.parallelism.ep",
         fmt::format("expected a divisor of the {} routed experts, found {}", m.moe.routed_experts, par.ep));
  if (m.moe.routed_experts == 0 && par.ep > 1)
    fail(job, "training.parallelism.ep", fmt::format("expert parallelism needs an MoE model, found ep = {}", par.ep));
  if (par.vpp > 1 && job.schedule != ScheduleKind::INTERLEAVED_1F1B)
    fail(job, "training.parallelism.vpp", "virtual stages (vpp > 1) need schedule: interleaved-1f1b");
  if (peak_flops(cl.gpu, job.precision) <= 0)
    fail(job, "training.precision", fmt::format("{} has no {} mode", cl.gpu.name, precision_name(job.precision)));
  validate_collectives(job, cl);
}

}  // namespace

TrainingPlan plan_training(const TrainingSpec& job, const ClusterFacts& cl)
{
  if (job.pipelined)
    return plan_parallel_training(job, cl);
  return plan_dp_training(job, cl.gpu, cl.gpu_count, cl.gpus_per_node, cl.host_flops, cl.latency, cl.nics_per_node,
                          cl.wire_efficiency ? cl.wire_efficiency(CollectiveAlgo::RING) : 1);
}

TrainingPlan plan_parallel_training(const TrainingSpec& job, const ClusterFacts& cl)
{
  Layout layout(job.parallel, cl.gpu_count, job.where);
  validate(job, cl);
  const PipelineSchedule sched = make_schedule(job);
  if (job.model.layers < sched.stages)
    fail(job, "model.layers",
         fmt::format("expected at least one layer per pipeline stage ({} stages), found {}", sched.stages,
                     job.model.layers));

  const auto split = split_layers(job.model.layers, sched.stages);
  std::vector<StageCost> cost;
  for (int s = 0; s < sched.stages; ++s)
    cost.push_back(stage_cost(job.model, split[s].first, split[s].second, s == 0, s == sched.stages - 1, shard_of(job),
                              cl.gpu, job.precision, job.recompute, job.compute_efficiency));

  // Free-communication timing with the mean chunk: the schedule's own bubble and its peak activations.
  ChunkTimes mean{0, 0, 0, 0};
  for (const StageCost& c : cost)
    mean.f += c.f_s / cost.size(), mean.b += (c.b_s + c.w_s) / cost.size(), mean.w += c.w_s / cost.size();
  mean.fb                    = mean.f + mean.b;
  const ScheduleTiming ideal = evaluate_schedule(sched, mean);

  TrainingPlan plan;
  plan.params               = parameter_count(job.model);
  plan.active_params        = active_parameter_count(job.model);
  plan.tokens_per_iteration = static_cast<double>(job.global_batch) * job.model.seq_len;
  plan.peak_flops           = peak_flops(cl.gpu, job.precision);
  plan.efficiency           = job.compute_efficiency > 0 ? job.compute_efficiency
                              : job.precision == Precision::FP8 && cl.gpu.fp8_gemm_efficiency > 0 ? cl.gpu.fp8_gemm_efficiency
                                                                                                  : cl.gpu.gemm_efficiency;
  plan.memory               = plan_memory(job, sched, ideal.peak_activations, cl.gpu);
  for (const StageMemory& m : plan.memory)
    plan.memory_bytes_per_gpu = std::max(plan.memory_bytes_per_gpu, m.total());
  plan.schedule     = sched.name;
  plan.microbatches = sched.microbatches * sched.pipelines;
  double busy       = 0;
  for (double b : ideal.busy)
    busy += b;
  plan.ideal_bubble     = ideal.makespan > 0 ? 1 - busy / (ideal.makespan * sched.ranks) : 0;
  const ParallelSpec& p = job.parallel;
  plan.layout = fmt::format("tp{} cp{} pp{} vpp{} dp{} ep{}, ZeRO-{}", p.tp, p.cp, p.pp, p.vpp, p.dp, p.ep, p.zero);

  // Model FLOPs: each chunk's forward + backward once per micro-batch, over all stages and lanes.
  double model_flops = 0;
  for (const StageCost& c : cost)
    model_flops += c.model_flops;
  const double lanes       = static_cast<double>(cl.gpu_count) / p.pp;
  plan.model_flops_per_gpu = model_flops * sched.microbatches * sched.pipelines * lanes / cl.gpu_count;

  const int units = p.dp / p.ep;
  bool fold       = job.fold_replicas && units > 1 && cl.route_links;
  for (;;) {
    plan.graph = {};
    GraphBuilder builder(job, cl, layout, sched, cost, plan.graph, fold);
    builder.held_ = held_stages(sched);
    builder.build();
    plan.comm_bytes = {};
    for (int k = 0; k < COMM_KIND_COUNT; ++k)
      for (const auto& [gpu, bytes] : builder.sent_[k])
        plan.comm_bytes[k] = std::max(plan.comm_bytes[k], bytes);
    if (!fold)
      break;
    const FoldCheck check = check_folding(plan.graph, layout, units, cl);
    if (!check.ok) {  // the units would contend, or could run differently: simulate them all
      fold           = false;
      plan.fold_note = check.note + ": every unit simulated";
      continue;
    }
    plan.twin.resize(cl.gpu_count);
    for (int g = 0; g < cl.gpu_count; ++g)
      plan.twin[g] = builder.twin(g);
    plan.fold_exact = false;  // until the run shows the gradient traffic left the units alike
    plan.fold_note  = check.note;
    break;
  }
  plan.replica_units   = units;
  plan.simulated_units = fold ? 1 : units;
  if (!fold && units > 1 && plan.fold_note.empty())
    plan.fold_note = !job.fold_replicas ? "replica folding turned off (training.fold_replicas: false)"
                                        : "replica folding needs the fabric's routes";
  plan.grad_bytes = plan.comm_bytes[static_cast<int>(CommKind::DP)];
  return plan;
}

}  // namespace cs
