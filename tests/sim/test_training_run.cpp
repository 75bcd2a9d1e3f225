// SPDX-License-Identifier: Apache-2.0
// Layered training on SimGrid: schedules played out with real communication, against closed forms.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "metrics/run_metrics.hpp"
#include "support/sim_harness.hpp"
#include "workload/dense_model.hpp"
#include "workload/parallel_training.hpp"

using namespace cs;

namespace {

ModelSpec small_llama(int layers)
{
  ModelSpec m = builtin_models().at("llama3-8b");
  m.layers    = layers;
  m.seq_len   = 1024;
  return m;
}

TrainingSpec layered(ModelSpec m, ParallelSpec par, int global_batch)
{
  TrainingSpec job;
  job.model        = std::move(m);
  job.parallel     = std::move(par);
  job.dp           = job.parallel.dp;
  job.pipelined    = true;
  job.schedule     = ScheduleKind::ONE_F_ONE_B;
  job.global_batch = global_batch;
  return job;
}

struct Outcome {
  TrainingPlan plan;
  RunMetrics metrics;
  ExecResult result;
};

// worker_mode_at as in exec/executor.hpp: 0 carries every op in worker actors.
Outcome run(const ClusterSpec& spec, const TrainingSpec& job, int worker_mode_at = WORKER_MODE_AT)
{
  test::SimHarness sim(spec);
  Outcome o{plan_parallel_training(job, sim.facts(spec)), {}, {}};
  o.result = sim.run(o.plan.graph, worker_mode_at, o.plan.twin);
  share_with_twins(o.result, o.plan.twin);
  certify_fold(o.plan, o.result);
  o.metrics = collect_metrics(o.plan.graph, o.result, sim.cluster, sim.router, o.plan.twin);
  return o;
}

}  // namespace

TEST_CASE("1F1B over four GPUs of one node matches a max-plus evaluation with each NVLink hop's transfer time")
{
  // PP4 on one 4-GPU node: activations and gradients cross NVLink (450 GB/s, 2 × 0.25 µs), nothing else moves.
  const ClusterSpec spec = test::tiny_spec(1, 4, 1);
  TrainingSpec job       = layered(small_llama(8), {.pp = 4, .dp = 1}, 8);
  const Outcome o        = run(spec, job);

  const int p = 4, m = 8;
  const auto split      = split_layers(8, p);
  const double boundary = 1024.0 * 4096 * 2;  // b·s·h·2 bytes
  const double hop      = boundary / test::NVLINK_Bps + 2 * test::NVLINK_LAT_s;
  std::vector<double> f(p), b(p);
  for (int s = 0; s < p; ++s) {
    StageCost c = stage_cost(job.model, split[s].first, split[s].second, s == 0, s == p - 1, {1, 1, false, 1},
                             spec.node.gpu, Precision::BF16, Recompute::NONE);
    f[s] = c.f_s, b[s] = c.b_s + c.w_s;
  }
  // Independent max-plus: ops in each rank's 1F1B order; a forward waits for the previous stage's forward plus one
  // hop, a backward for the next stage's backward plus one hop (the last stage for its own forward).
  const PipelineSchedule sched = one_f_one_b_schedule(p, m);
  std::vector<std::vector<double>> f_end(p, std::vector<double>(m, -1)), b_end = f_end;
  std::vector<size_t> next(p, 0);
  std::vector<double> free_at(p, 0);
  for (bool progressed = true; progressed;) {
    progressed = false;
    for (int r = 0; r < p; ++r)
      while (next[r] < sched.ops[r].size()) {
        const ScheduleOp& op = sched.ops[r][next[r]];
        const int j          = op.kind == ChunkKind::F ? op.f.microbatch : op.b.microbatch;
        double ready         = 0;
        if (op.kind == ChunkKind::F)
          ready = r == 0 ? 0 : (f_end[r - 1][j] < 0 ? -1 : f_end[r - 1][j] + hop);
        else
          ready = r == p - 1 ? f_end[r][j] : (b_end[r + 1][j] < 0 ? -1 : b_end[r + 1][j] + hop);
        if (ready < 0)
          break;
        const double end = std::max(ready, free_at[r]) + (op.kind == ChunkKind::F ? f[r] : b[r]);
        (op.kind == ChunkKind::F ? f_end : b_end)[r][j] = end;
        free_at[r]                                      = end;
        ++next[r];
        progressed = true;
      }
  }
  CHECK(o.metrics.makespan_s == doctest::Approx(b_end[0][m - 1]).epsilon(1e-9));
  // The bubble the metrics report is the idle share: compute fractions add up with it.
  for (const GpuTime& t : o.metrics.gpus)
    CHECK(t.compute_s + t.comm_s + t.idle_s == doctest::Approx(o.metrics.makespan_s));
}

TEST_CASE("a slower fabric never makes a layered step faster")
{
  double previous = 0;
  for (double gbps : {800.0, 400.0, 200.0, 100.0}) {
    const ClusterSpec spec = test::tiny_spec_with_fabric_rate(gbps);
    // Stage 0 on node 0, stage 1 on node 1: activations and gradients cross the fabric.
    const double t = run(spec, layered(small_llama(4), {.tp = 2, .pp = 2, .dp = 4}, 16)).metrics.makespan_s;
    CHECK(t > previous);
    previous = t;
  }
}

TEST_CASE("doubling DP at a fixed per-GPU batch costs tokens/s per GPU no more than the exposed gradient reduction")
{
  // Replicas of TP2 × PP2 inside a node (order tp, cp, pp, dp): 2 replicas on one node, then 4 on two nodes. One
  // gradient bucket per chunk, so that each reduction follows its stage's last backward and what doubling DP adds is
  // its exposed part; buckets would also overlap it with that backward's own traffic.
  ParallelSpec par{.tp = 2, .pp = 2, .dp = 2, .order = {"tp", "cp", "pp", "dp"}};
  TrainingSpec job       = layered(small_llama(4), par, 8);
  job.grad_bucket_params = 0;
  const Outcome a        = run(test::tiny_spec(1, 8, 1), job);
  job.parallel.dp = job.dp = 4;
  job.global_batch         = 16;
  const Outcome b          = run(test::tiny_spec(2, 8), job);
  const double exposed_dp  = b.metrics.exposed_s[static_cast<int>(CommKind::DP)];
  CHECK(exposed_dp > 0);
  CHECK(b.metrics.makespan_s >= a.metrics.makespan_s * (1 - 1e-9));
  CHECK(b.metrics.makespan_s - exposed_dp <= a.metrics.makespan_s * (1 + 1e-9));
}

TEST_CASE("replica folding is exact when pipeline traffic stays inside each replica's node")
{
  // TP2 × PP4 fills a node; the two DP replicas reduce gradients across the fabric only.
  TrainingSpec job     = layered(small_llama(8), {.tp = 2, .pp = 4, .dp = 2, .order = {"tp", "cp", "pp", "dp"}}, 16);
  const Outcome folded = run(test::tiny_spec(), job);
  job.fold_replicas    = false;
  const Outcome full   = run(test::tiny_spec(), job);
  CHECK(folded.plan.simulated_units == 1);
  CHECK(folded.plan.fold_exact);  // the run's certificate (metrics/replica_fold.hpp): gradients met no pipeline flow
  CHECK(full.plan.simulated_units == 2);
  CHECK(folded.metrics.makespan_s == doctest::Approx(full.metrics.makespan_s).epsilon(1e-12));
  for (int g = 0; g < 16; ++g) {
    CHECK(folded.metrics.gpus[g].compute_s == doctest::Approx(full.metrics.gpus[g].compute_s).epsilon(1e-12));
    CHECK(folded.result.gpu_energy_J[g] == doctest::Approx(full.result.gpu_energy_J[g]).epsilon(1e-9));
  }
  for (int t = 0; t < LINK_TIER_COUNT; ++t)
    CHECK(folded.metrics.tiers[t].bytes == doctest::Approx(full.metrics.tiers[t].bytes).epsilon(1e-12));
}

TEST_CASE("a fold whose gradient traffic meets pipeline traffic is certified by its ghosts and equals the full run")
{
  // One node, TP1 × PP2 × DP4, replicas on GPU pairs (2d, 2d+1). Stage 1's last backward sends its gradient out of
  // GPU 2d+1 over NVLink while stage 1's DP ring starts out of the same GPU: pipeline and gradient traffic share
  // every replica's NVLink at once. The ghosts give the ring the folded replicas' sends to contend with.
  TrainingSpec job       = layered(small_llama(4), {.pp = 2, .dp = 4, .order = {"tp", "cp", "pp", "dp"}}, 16);
  job.grad_bucket_params = 0;
  const Outcome folded   = run(test::tiny_spec(1, 8, 0), job);
  job.fold_replicas      = false;
  const Outcome full     = run(test::tiny_spec(1, 8, 0), job);
  CHECK(folded.plan.simulated_units == 1);
  REQUIRE_FALSE(folded.result.ghost_windows.empty());
  CHECK(folded.result.ghost_windows.front().from_s > 0);
  CHECK_FALSE(folded.result.ghosts.empty());
  CHECK(folded.plan.fold_exact);
  CHECK(folded.metrics.makespan_s == doctest::Approx(full.metrics.makespan_s).epsilon(1e-12));
  for (int g = 0; g < 8; ++g) {
    CHECK(folded.metrics.gpus[g].compute_s == doctest::Approx(full.metrics.gpus[g].compute_s).epsilon(1e-12));
    CHECK(folded.metrics.gpus[g].idle_s == doctest::Approx(full.metrics.gpus[g].idle_s).epsilon(1e-9));
  }
  // Carried by worker actors, the ghosts start and end at the same instants (in flight ones get what is left).
  job.fold_replicas     = true;
  const Outcome workers = run(test::tiny_spec(1, 8, 0), job, 0);
  CHECK(workers.plan.fold_exact);
  auto ends = [](const Outcome& o) {
    std::vector<std::tuple<int, int, double>> out;
    for (const GhostRun& g : o.result.ghosts)
      out.emplace_back(g.twin, g.unit, g.end_s);
    std::sort(out.begin(), out.end());
    return out;
  };
  const auto a = ends(folded), b = ends(workers);
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i)
    CHECK(std::get<2>(b[i]) == doctest::Approx(std::get<2>(a[i])).epsilon(1e-12));
}

TEST_CASE("ghosts of flows in flight when gradient traffic begins carry what their twins have left")
{
  // Stage 0 on node 0, stage 1 on node 1, replica d on rail d of a 10 Gb/s fabric: an activation or gradient takes
  // milliseconds on the wire. With buckets of 1M parameters the first gradient all-reduce starts early in stage 1's
  // last backward, while the gradient of the backward before is still crossing. Exact only if that flow's ghosts
  // start with the bytes their twins have left.
  const ClusterSpec spec = test::tiny_spec_with_fabric_rate(10);
  TrainingSpec job       = layered(small_llama(4), {.pp = 2, .dp = 8}, 32);
  job.grad_bucket_params = 1e6;
  for (int worker_mode_at : {WORKER_MODE_AT, 0}) {
    CAPTURE(worker_mode_at);
    const Outcome folded = run(spec, job, worker_mode_at);
    int in_flight        = 0;
    REQUIRE_FALSE(folded.result.ghost_windows.empty());
    for (const GhostRun& g : folded.result.ghosts)
      in_flight += folded.result.ops[g.twin].start_s < folded.result.ghost_windows.front().from_s;
    CHECK(in_flight > 0);
    CHECK(folded.plan.fold_exact);
    TrainingSpec unfolded  = job;
    unfolded.fold_replicas = false;
    const Outcome full     = run(spec, unfolded, worker_mode_at);
    CHECK(folded.metrics.makespan_s == doctest::Approx(full.metrics.makespan_s).epsilon(1e-12));
    for (int g = 0; g < 16; ++g)
      CHECK(folded.metrics.gpus[g].idle_s == doctest::Approx(full.metrics.gpus[g].idle_s).epsilon(1e-9));
  }
}

TEST_CASE("a fold whose replicas meet unlike gradient traffic is reported as approximate, and they do differ")
{
  // Two nodes, TP1 × PP2 × DP8: replicas 0-3 on node 0, 4-7 on node 1, each pipelining over NVLink. Stage 0's DP
  // ring crosses between the nodes out of replica 3's and 7's GPUs and over NVLink elsewhere, so the replicas'
  // sends meet different gradient traffic. The full run shows their timelines part; the folded run must say so.
  TrainingSpec job       = layered(small_llama(4), {.pp = 2, .dp = 8, .order = {"tp", "cp", "pp", "dp"}}, 32);
  job.grad_bucket_params = 0;
  const Outcome folded   = run(test::tiny_spec(), job);
  job.fold_replicas      = false;
  const Outcome full     = run(test::tiny_spec(), job);
  REQUIRE(folded.plan.simulated_units == 1);
  CHECK_FALSE(folded.plan.fold_exact);
  CHECK(folded.plan.fold_note.find("approximate") != std::string::npos);
  // Independently: some replica's GPU ends its work at another time than replica 0's in the full run.
  auto last_end = [&](int gpu) {
    double end = 0;
    for (size_t i = 0; i < full.plan.graph.ops.size(); ++i)
      if (full.plan.graph.ops[i].kind == OpKind::FLOW && full.plan.graph.ops[i].gpu == gpu &&
          full.plan.graph.spans[full.plan.graph.ops[i].span].kind != CommKind::DP)
        end = std::max(end, full.result.ops[i].end_s);
    return end;
  };
  bool differ = false;
  for (int d = 1; d < 8; ++d)
    differ |= std::abs(last_end(2 * d + 1) - last_end(1)) > 1e-9 * full.metrics.makespan_s;
  CHECK(differ);
}

TEST_CASE("replica units whose routes are not laid out alike are all simulated")
{
  // A fat tree with 3 nodes per leaf: replica 0 (nodes 0 and 1) pipelines inside leaf 0, replica 1 (nodes 2 and 3)
  // across a spine. Their links are disjoint, but replica 1's activations take longer routes: the timelines differ.
  ClusterSpec spec           = test::tiny_spec(4, 8, 2);
  spec.fabric.kind           = FabricKind::FAT_TREE;
  spec.fabric.nodes_per_leaf = 3;
  TrainingSpec job = layered(small_llama(4), {.tp = 8, .pp = 2, .dp = 2, .order = {"tp", "cp", "pp", "dp"}}, 8);
  const Outcome o  = run(spec, job);
  CHECK(o.plan.simulated_units == 2);
  CHECK(o.plan.fold_note.find("not laid out like unit 0's") != std::string::npos);
}

TEST_CASE("a chunk's gradients are reduced as soon as its last backward is done, beside the rank's remaining work")
{
  // Interleaved 1F1B: each rank holds two chunks; the later stage finishes its backwards first, so its DP
  // all-reduce overlaps the rank's last backwards of the earlier one.
  TrainingSpec job = layered(small_llama(8), {.pp = 2, .vpp = 2, .dp = 8}, 32);
  job.schedule     = ScheduleKind::INTERLEAVED_1F1B;
  const Outcome o  = run(test::tiny_spec(), job);
  const OpGraph& g = o.plan.graph;
  for (int gpu : {0, 8}) {
    double first_dp = 1e300, last_compute = 0;
    for (size_t i = 0; i < g.ops.size(); ++i) {
      const Op& op = g.ops[i];
      if (op.kind == OpKind::COMPUTE && op.gpu == gpu)
        last_compute = std::max(last_compute, o.result.ops[i].end_s);
      if (op.kind == OpKind::FLOW && op.gpu == gpu && g.spans[op.span].kind == CommKind::DP)
        first_dp = std::min(first_dp, o.result.ops[i].start_s);
    }
    CAPTURE(gpu);
    CHECK(first_dp < last_compute);
  }
  // The step still ends after every reduction.
  double last_dp = 0;
  for (size_t i = 0; i < g.ops.size(); ++i)
    if (g.ops[i].kind == OpKind::FLOW && g.spans[g.ops[i].span].kind == CommKind::DP)
      last_dp = std::max(last_dp, o.result.ops[i].end_s);
  CHECK(o.metrics.makespan_s >= last_dp);
}

TEST_CASE("gradient buckets reduce during a chunk's last backward, and move the same bytes as one bucket")
{
  // 1F1B holds one chunk per rank: with one bucket its reduction waits for the whole last backward; with buckets of
  // 1M parameters the first starts while that backward still runs.
  TrainingSpec job = layered(small_llama(4), {.tp = 2, .pp = 2, .dp = 4}, 16);
  auto dp_view     = [&](double bucket) {
    job.grad_bucket_params = bucket;
    const Outcome o        = run(test::tiny_spec(), job);
    const OpGraph& g       = o.plan.graph;
    double first_dp = 1e300, last_compute = 0, bytes = 0;
    for (size_t i = 0; i < g.ops.size(); ++i) {
      const Op& op = g.ops[i];
      if (op.kind == OpKind::COMPUTE && op.gpu == 0)
        last_compute = std::max(last_compute, o.result.ops[i].end_s);
      if (op.kind == OpKind::FLOW && g.spans[op.span].kind == CommKind::DP) {
        bytes += op.amount;
        if (op.gpu == 0)
          first_dp = std::min(first_dp, o.result.ops[i].start_s);
      }
    }
    return std::tuple{first_dp, last_compute, bytes};
  };
  const auto [first_one, last_one, bytes_one]                = dp_view(0);
  const auto [first_bucketed, last_bucketed, bytes_bucketed] = dp_view(1e6);
  CHECK(first_one >= last_one * (1 - 1e-12));
  CHECK(first_bucketed < last_bucketed);
  CHECK(bytes_bucketed == doctest::Approx(bytes_one).epsilon(1e-9));
}

namespace {

// GPU 0's gradient collectives ("dp gradients" spans), in start order: [start, end] and bytes on the wire.
struct Reduction {
  double start, end, bytes;
};
std::vector<Reduction> reductions_of_gpu0(const Outcome& o)
{
  const OpGraph& g = o.plan.graph;
  std::map<int, Reduction> by_span;
  for (size_t i = 0; i < g.ops.size(); ++i) {
    const Op& op = g.ops[i];
    if (op.kind != OpKind::FLOW || g.spans[op.span].label != "dp gradients")
      continue;
    const auto& gpus = g.spans[op.span].gpus;
    if (std::find(gpus.begin(), gpus.end(), 0) == gpus.end())
      continue;
    auto [it, fresh] = by_span.try_emplace(op.span, Reduction{1e300, 0, 0});
    it->second.start = std::min(it->second.start, o.result.ops[i].start_s);
    it->second.end   = std::max(it->second.end, o.result.ops[i].end_s);
    it->second.bytes += op.amount;
  }
  std::vector<Reduction> out;
  for (const auto& [span, r] : by_span)
    out.push_back(r);
  std::sort(out.begin(), out.end(), [](const Reduction& a, const Reduction& b) { return a.start < b.start; });
  return out;
}

}  // namespace

TEST_CASE("a DP group runs its gradient collectives one at a time, in order, as NCCL runs a communicator's")
{
  TrainingSpec job               = layered(small_llama(4), {.tp = 2, .pp = 2, .dp = 4}, 16);
  job.grad_bucket_params         = 1e6;
  const std::vector<Reduction> r = reductions_of_gpu0(run(test::tiny_spec(), job));
  REQUIRE(r.size() > 2);
  for (size_t i = 1; i < r.size(); ++i)
    CHECK(r[i].start >= r[i - 1].end);
}

TEST_CASE("with virtual stages only a rank's first model chunk is reduced in buckets, as in Megatron-Core")
{
  // PP2 × vpp2: GPU 0 holds stages 0 (its first chunk) and 2. Stage 2's backwards end first; its reduction must be
  // whole: the same bytes as with one bucket per chunk. Stage 0's is split, so there are more reductions in all.
  TrainingSpec job                   = layered(small_llama(8), {.pp = 2, .vpp = 2, .dp = 8}, 32);
  job.schedule                       = ScheduleKind::INTERLEAVED_1F1B;
  job.grad_bucket_params             = 0;
  const std::vector<Reduction> whole = reductions_of_gpu0(run(test::tiny_spec(), job));
  job.grad_bucket_params             = 1e6;
  const std::vector<Reduction> split = reductions_of_gpu0(run(test::tiny_spec(), job));
  REQUIRE(whole.size() == 2);
  REQUIRE(split.size() > 2);
  CHECK(split.front().bytes == doctest::Approx(whole.front().bytes).epsilon(1e-12));
  double total_split = 0, total_whole = 0;
  for (const Reduction& x : split)
    total_split += x.bytes;
  for (const Reduction& x : whole)
    total_whole += x.bytes;
  CHECK(total_split == doctest::Approx(total_whole).epsilon(1e-9));
}

TEST_CASE("the DP algorithm chosen in YAML is the one that runs: rail bytes of a ring and of a hierarchical all-reduce")
{
  // DP16 over 2 nodes of 8, nothing else communicating. Per GPU S = 2 bytes per parameter of gradients.
  // Ring, 8 rail channels over whole nodes: each channel's ring crosses between the nodes on 2 edges of
  // 2(p−1)/p·S/8, each edge through 2 NIC–leaf links: 8 × 2 × 2 × 2(p−1)/p·S/8 = 8(p−1)/p·S.
  // Hierarchical: each GPU all-reduces S/c with its rail peer on the other node, 2(n−1)/n·S/c out, through 2
  // links.
  TrainingSpec job  = layered(small_llama(2), {.dp = 16}, 16);
  job.fold_replicas = false;
  const double S = 2 * parameter_count(job.model), p = 16, n = 2, c = 8;
  auto rail_bytes = [&](CollectiveAlgo dp) {
    job.collectives.dp = dp;
    return run(test::tiny_spec(), job).metrics.tiers[static_cast<int>(LinkTier::NIC_LEAF)].bytes;
  };
  CHECK(rail_bytes(CollectiveAlgo::RING) == doctest::Approx(8 * (p - 1) / p * S).epsilon(1e-9));
  CHECK(rail_bytes(CollectiveAlgo::HIERARCHICAL) == doctest::Approx(p * 2 * (n - 1) / n * S / c * 2).epsilon(1e-9));
}

namespace {

struct FoldCase {
  std::string name;
  ClusterSpec spec;
  TrainingSpec job;
};

// Folds of unlike kinds: TP slots that end on the timer host, DP algorithms whose flows start at the barrier with
// no latency, tied embeddings over several iterations, ZeRO-3 gathers, interleaved stages with buckets, experts.
std::vector<FoldCase> fold_cases()
{
  std::vector<FoldCase> out;
  for (CollectiveAlgo dp : {CollectiveAlgo::RING, CollectiveAlgo::TREE, CollectiveAlgo::HIERARCHICAL}) {
    TrainingSpec job       = layered(small_llama(4), {.tp = 2, .pp = 2, .dp = 4}, 16);
    job.collectives.dp     = dp;
    job.grad_bucket_params = 1e6;
    out.push_back({collective_algo_name(dp), test::tiny_spec(), job});
  }
  ModelSpec tied       = small_llama(4);
  tied.tied_embeddings = true;
  {
    TrainingSpec job = layered(tied, {.pp = 2, .dp = 8}, 32);
    job.iterations   = 2;
    out.push_back({"tied embeddings, 2 iterations", test::tiny_spec_with_fabric_rate(100), job});
  }
  {
    TrainingSpec job = layered(tied, {.pp = 2, .dp = 8, .zero = 3}, 32);
    out.push_back({"tied embeddings, ZeRO-3", test::tiny_spec(), job});
  }
  {
    TrainingSpec job       = layered(small_llama(8), {.pp = 2, .vpp = 2, .dp = 8}, 32);
    job.schedule           = ScheduleKind::INTERLEAVED_1F1B;
    job.grad_bucket_params = 1e6;
    out.push_back({"interleaved, buckets", test::tiny_spec_with_fabric_rate(10), job});
  }
  {
    ModelSpec moe    = small_llama(4);
    moe.moe          = {16, 0, 4, 1024, 1, 0};  // top-4 of 16 experts, first layer dense
    TrainingSpec job = layered(moe, {.pp = 2, .dp = 8, .ep = 4}, 32);
    out.push_back({"experts, EP4 of DP8", test::tiny_spec(), job});
  }
  return out;
}

}  // namespace

TEST_CASE("a fold certified exact equals the full run, whichever carrier runs it, and a refused one differs")
{
  int later_windows = 0;  // ghosts that joined a flow already in flight when a window after the first opened
  for (const FoldCase& c : fold_cases())
    for (int worker_mode_at : {WORKER_MODE_AT, 0}) {
      CAPTURE(c.name);
      CAPTURE(worker_mode_at);
      const Outcome folded = run(c.spec, c.job, worker_mode_at);
      REQUIRE(folded.plan.simulated_units == 1);
      TrainingSpec unfolded  = c.job;
      unfolded.fold_replicas = false;
      const Outcome full     = run(c.spec, unfolded, worker_mode_at);
      // A tree all-reduce chains each stage's DP group through the node: the first GPU of the chain only sends, the
      // last only receives, so the units' NVLinks carry unlike gradient loads. The fold must be refused, and in the
      // full run some GPU's pipeline flows must take another time than its twin's.
      if (c.name == "tree") {
        CHECK_FALSE(folded.plan.fold_exact);
        std::vector<double> flow_time(full.metrics.gpus.size(), 0);
        for (size_t i = 0; i < full.plan.graph.ops.size(); ++i)
          if (flow_role(full.plan.graph, static_cast<int>(i)) == FlowRole::PIPELINE)
            flow_time[full.plan.graph.ops[i].gpu] += full.result.ops[i].end_s - full.result.ops[i].start_s;
        bool differ = false;
        for (size_t g = 0; g < flow_time.size(); ++g)
          differ |= std::abs(flow_time[g] - flow_time[folded.plan.twin[g]]) > 1e-9 * full.metrics.makespan_s;
        CHECK(differ);
        continue;
      }
      INFO(folded.plan.fold_note);
      REQUIRE(folded.plan.fold_exact);
      const auto& windows = folded.result.ghost_windows;
      for (size_t k = 1; k < windows.size(); ++k)
        for (const GhostRun& g : folded.result.ghosts)
          later_windows += folded.result.ops[g.twin].start_s < windows[k].from_s &&
                           folded.result.ops[g.twin].end_s > windows[k].from_s && g.unit == 1;
      CHECK(folded.metrics.makespan_s == doctest::Approx(full.metrics.makespan_s).epsilon(1e-12));
      for (size_t g = 0; g < full.metrics.gpus.size(); ++g) {
        CAPTURE(g);
        CHECK(folded.metrics.gpus[g].idle_s == doctest::Approx(full.metrics.gpus[g].idle_s).epsilon(1e-9));
        CHECK(folded.metrics.gpus[g].compute_s == doctest::Approx(full.metrics.gpus[g].compute_s).epsilon(1e-12));
        CHECK(folded.result.gpu_energy_J[g] == doctest::Approx(full.result.gpu_energy_J[g]).epsilon(1e-9));
      }
      for (int t = 0; t < LINK_TIER_COUNT; ++t)
        CHECK(folded.metrics.tiers[t].bytes == doctest::Approx(full.metrics.tiers[t].bytes).epsilon(1e-9));
    }
  CHECK(later_windows > 0);
}

TEST_CASE("the fold certificate refuses a run with a pipeline flow's ghost missing, or a unit's collective late")
{
  TrainingSpec job       = layered(small_llama(4), {.pp = 2, .dp = 8}, 32);
  job.grad_bucket_params = 1e6;
  Outcome o              = run(test::tiny_spec_with_fabric_rate(10), job);
  REQUIRE(o.plan.fold_exact);
  const std::string note = o.plan.fold_note.substr(std::string("exact: ").size());
  auto certify           = [&](const ExecResult& r) {
    TrainingPlan plan = o.plan;
    plan.fold_note    = note;
    certify_fold(plan, r);
    return plan;
  };
  CHECK(certify(o.result).fold_exact);

  // One ghost of a flow that ended after gradient traffic began goes missing.
  ExecResult missing = o.result;
  REQUIRE_FALSE(missing.ghost_windows.empty());
  const GhostWindow first = missing.ghost_windows.front();
  auto late               = std::find_if(missing.ghosts.begin(), missing.ghosts.end(), [&](const GhostRun& g) {
    return missing.ops[g.twin].end_s > first.from_s && missing.ops[g.twin].start_s < first.to_s;
  });
  REQUIRE(late != missing.ghosts.end());
  missing.ghosts.erase(late);
  const TrainingPlan without = certify(missing);
  CHECK_FALSE(without.fold_exact);
  CHECK(without.fold_note.find("ghosts, expected") != std::string::npos);

  // One ghost too many.
  ExecResult doubled = o.result;
  doubled.ghosts.push_back(doubled.ghosts.back());
  CHECK_FALSE(certify(doubled).fold_exact);
}

TEST_CASE("the fold certificate refuses a run in which a folded unit's own gradient collective ends off its twin's")
{
  // Tied embeddings: each unit all-reduces its first and last stage's embedding gradients, a collective inside the
  // unit. The folded units' next work is unit 0's, so theirs must end when unit 0's does.
  ModelSpec tied       = small_llama(4);
  tied.tied_embeddings = true;
  const Outcome o      = run(test::tiny_spec(), layered(tied, {.pp = 2, .dp = 8}, 32));
  REQUIRE(o.plan.fold_exact);
  const OpGraph& g = o.plan.graph;
  int unit_1_pair  = -1;
  for (size_t s = 0; s < g.spans.size() && unit_1_pair < 0; ++s)
    if (g.spans[s].label == "tied embedding gradients" &&
        o.plan.twin[g.spans[s].gpus.front()] != g.spans[s].gpus.front())
      unit_1_pair = static_cast<int>(s);
  REQUIRE(unit_1_pair >= 0);
  ExecResult late = o.result;
  for (size_t i = 0; i < g.ops.size(); ++i)
    if (g.ops[i].span == unit_1_pair)
      late.ops[i].end_s += 1e-3;
  TrainingPlan plan = o.plan;
  plan.fold_note    = "";
  certify_fold(plan, late);
  CHECK_FALSE(plan.fold_exact);
  CHECK(plan.fold_note.find("tied embedding gradients") != std::string::npos);
}

TEST_CASE("the flows a GPU sends carry the closed-form bytes of TP, CP and PP per step")
{
  // Llama 3 8B cut to 4 layers (2 per stage), TP2 × CP2 × PP2 × DP2 on 16 GPUs, 8 micro-batches of one 1,024-token
  // sequence, no recompute. GPU 0 is TP rank 0, CP rank 0 of stage 0. Per layer per micro-batch, with s/c tokens per
  // CP rank: TP 4 all-reduces of b·(s/c)·h, a 2-GPU ring sending (t−1)/t·2 of each; CP an all-gather of K and V
  // forward, and backward a gather again and the reduce-scatter of their gradients, (c−1)/c of b·s·2·(8/t)·128
  // each; PP the activations
  // of b·(s/c)·h/t per micro-batch forward (stage 0 sends no gradients).
  TrainingSpec job = layered(small_llama(4), {.tp = 2, .cp = 2, .pp = 2, .dp = 2}, 16);
  job.recompute    = Recompute::NONE;
  const Outcome o  = run(test::tiny_spec(), job);
  std::map<CommKind, double> sent;
  for (const Op& op : o.plan.graph.ops)
    if (op.kind == OpKind::FLOW && op.gpu == 0)
      sent[o.plan.graph.spans[op.span].kind] += op.amount;
  const double b = 1, s = 1024, h = 4096, t = 2, c = 2, l = 2, m = 8, bytes = 2;
  CHECK(sent[CommKind::TP] == doctest::Approx(4 * 2 * (t - 1) / t * b * (s / c) * h * bytes * l * m).epsilon(1e-9));
  CHECK(sent[CommKind::CP] ==
        doctest::Approx(3 * (c - 1) / c * b * s * 2 * (8 / t) * 128 * bytes * l * m).epsilon(1e-9));
  CHECK(sent[CommKind::PP] == doctest::Approx(b * (s / c) * h / t * bytes * m).epsilon(1e-9));
}

namespace {

// The step of schedule `sched` played with free communication, by max-plus over each rank's op order: an F waits
// for the previous stage's F of its micro-batch, a B for the next stage's B (the last stage's for its own F), an F&B
// for both, and every op for the one before it on its rank. Durations as the planner sums them for a dense model
// with no TP, CP or EP: F, B (input gradients only when zero-bubble), W, and F&B = F + full B in sequence.
double free_comm_step(const PipelineSchedule& sched, const std::vector<StageCost>& cost)
{
  std::map<std::tuple<int, int, int, int>, double> done;  // (F = 0 / B = 1, pipeline, stage, micro-batch) -> end
  auto end_of = [&](int dir, const StageRef& at) {
    auto it = done.find({dir, at.pipeline, at.stage, at.microbatch});
    return it == done.end() ? -1.0 : it->second;
  };
  std::vector<size_t> next(sched.ranks, 0);
  std::vector<double> free_at(sched.ranks, 0);
  double makespan = 0;
  for (bool progressed = true; progressed;) {
    progressed = false;
    for (int r = 0; r < sched.ranks; ++r)
      while (next[r] < sched.ops[r].size()) {
        const ScheduleOp& op = sched.ops[r][next[r]];
        double ready = 0, seconds = 0;
        bool blocked = false;
        if (op.kind == ChunkKind::F || op.kind == ChunkKind::FB) {
          if (op.f.stage > 0) {
            const double in = end_of(0, {op.f.pipeline, op.f.stage - 1, op.f.microbatch});
            blocked |= in < 0, ready = std::max(ready, in);
          }
          seconds += cost[op.f.stage].f_s;
        }
        if (op.kind == ChunkKind::B || op.kind == ChunkKind::FB) {
          const bool last = op.b.stage == sched.stages - 1;
          const double in = last ? end_of(0, op.b) : end_of(1, {op.b.pipeline, op.b.stage + 1, op.b.microbatch});
          blocked |= in < 0, ready = std::max(ready, in);
          seconds += cost[op.b.stage].b_s + (op.zb ? 0 : cost[op.b.stage].w_s);
        }
        if (op.kind == ChunkKind::W)
          seconds += cost[op.b.stage].w_s;
        if (blocked)
          break;
        const double end = std::max(ready, free_at[r]) + seconds;
        if (op.kind == ChunkKind::F || op.kind == ChunkKind::FB)
          done[{0, op.f.pipeline, op.f.stage, op.f.microbatch}] = end;
        if (op.kind == ChunkKind::B || op.kind == ChunkKind::FB)
          done[{1, op.b.pipeline, op.b.stage, op.b.microbatch}] = end;
        free_at[r] = end;
        makespan   = std::max(makespan, end);
        ++next[r];
        progressed = true;
      }
  }
  for (int r = 0; r < sched.ranks; ++r)
    REQUIRE(next[r] == sched.ops[r].size());  // every op ran: the order has no deadlock
  return makespan;
}

}  // namespace

TEST_CASE("GPipe, ZB1P, DualPipe and DualPipeV on SimGrid with free communication match a max-plus of their orders")
{
  // Four GPUs of one node on an NVLink so fast that a stage boundary's 8 MB takes picoseconds, and no latency.
  ClusterSpec spec          = test::tiny_spec(1, 4, 1, true);
  spec.node.scale_up.bw_Bps = 1e18;
  struct Case {
    ScheduleKind kind;
    int microbatches;
  };
  for (Case c :
       {Case{ScheduleKind::GPIPE, 8}, Case{ScheduleKind::ZB1P, 8}, Case{ScheduleKind::DUALPIPE, 8},
        Case{ScheduleKind::DUALPIPE, 12}, Case{ScheduleKind::DUALPIPEV, 8}, Case{ScheduleKind::DUALPIPEV, 10}}) {
    TrainingSpec job = layered(small_llama(8), {.pp = 4, .dp = 1}, c.microbatches);
    job.schedule     = c.kind;
    job.recompute    = Recompute::NONE;
    CAPTURE(static_cast<int>(c.kind));
    CAPTURE(c.microbatches);
    const Outcome o              = run(spec, job);
    const PipelineSchedule sched = make_schedule(job);
    const auto split             = split_layers(8, sched.stages);
    std::vector<StageCost> cost;
    for (int s = 0; s < sched.stages; ++s)
      cost.push_back(stage_cost(job.model, split[s].first, split[s].second, s == 0, s == sched.stages - 1,
                                {1, 1, false, 1}, spec.node.gpu, Precision::BF16, Recompute::NONE));
    CHECK(o.metrics.makespan_s == doctest::Approx(free_comm_step(sched, cost)).epsilon(1e-7));
  }
}

TEST_CASE("the flows of an EP all-to-all carry b·s·k·h·(ep−1)/ep per GPU each way, and EP time shows as exposed")
{
  // A 2-layer MoE (top-4 of 16 experts) over DP16 = EP8 × 2 on 16 GPUs, one 1,024-token sequence per GPU, direct
  // all-to-alls. Per MoE layer a GPU sends (ep−1)/ep of its b·s·k·h token copies four times: dispatch and combine
  // forward, their gradients backward (BF16 throughout).
  ModelSpec moe      = small_llama(2);
  moe.moe            = {16, 0, 4, 1024, 0, 0};
  TrainingSpec job   = layered(moe, {.dp = 16, .ep = 8}, 16);
  job.collectives.ep = CollectiveAlgo::DIRECT;
  const Outcome o    = run(test::tiny_spec(), job);
  double sent        = 0;
  for (const Op& op : o.plan.graph.ops)
    if (op.kind == OpKind::FLOW && op.gpu == 0 && o.plan.graph.spans[op.span].kind == CommKind::EP)
      sent += op.amount;
  const double b = 1, s = 1024, k = 4, h = 4096, ep = 8, layers = 2, bytes = 2;
  CHECK(sent == doctest::Approx(4 * (ep - 1) / ep * b * s * k * h * bytes * layers).epsilon(1e-9));
  CHECK(o.metrics.exposed_s[static_cast<int>(CommKind::EP)] > 0);
}
