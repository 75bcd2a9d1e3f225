// SPDX-License-Identifier: Apache-2.0
#include "metrics/run_metrics.hpp"

#include "metrics/replica_fold.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace cs {

namespace {

// Sorts and merges intervals in place; returns their total length.
double union_length(std::vector<Interval>& v)
{
  std::sort(v.begin(), v.end());
  std::vector<Interval> merged;
  double total = 0;
  for (const Interval& i : v) {
    if (i.second <= i.first)
      continue;
    if (!merged.empty() && i.first <= merged.back().second)
      merged.back().second = std::max(merged.back().second, i.second);
    else
      merged.push_back(i);
  }
  for (const Interval& i : merged)
    total += i.second - i.first;
  v = std::move(merged);
  return total;
}

// Length of the part of `a` not covered by `c`; both merged and sorted.
double uncovered(const std::vector<Interval>& a, const std::vector<Interval>& c)
{
  double total = 0;
  size_t j     = 0;
  for (const Interval& i : a) {
    double len = i.second - i.first;
    while (j < c.size() && c[j].second <= i.first)
      ++j;
    for (size_t k = j; k < c.size() && c[k].first < i.second; ++k)
      len -= std::min(i.second, c[k].second) - std::max(i.first, c[k].first);
    total += len;
  }
  return total;
}

void exposed_by_kind(const OpGraph& graph, const std::vector<Interval>& span_time,
                     std::vector<std::vector<Interval>>& compute, RunMetrics& m, int gpu_count,
                     const std::vector<int>& twin)
{
  std::vector<std::vector<std::vector<Interval>>> by_kind(COMM_KIND_COUNT);
  for (size_t s = 0; s < graph.spans.size(); ++s) {
    const Span& span = graph.spans[s];
    if (span.cls != SpanClass::COMM || span_time[s].second < span_time[s].first)
      continue;
    auto& per_gpu = by_kind[static_cast<int>(span.kind)];
    per_gpu.resize(gpu_count);
    for (int g : span.gpus)
      per_gpu[g].push_back(span_time[s]);
  }
  for (auto& c : compute)
    union_length(c);  // merge in place
  // Over the simulated GPUs: a folded one's timeline is its twin's.
  int simulated = 0;
  for (int g = 0; g < gpu_count; ++g)
    simulated += twin.empty() || twin[g] == g;
  for (int k = 0; k < COMM_KIND_COUNT; ++k) {
    double sum = 0;
    for (size_t g = 0; g < by_kind[k].size(); ++g)
      if (twin.empty() || twin[g] == static_cast<int>(g)) {
        union_length(by_kind[k][g]);
        sum += uncovered(by_kind[k][g], compute[g]);
      }
    m.exposed_s[k] = simulated > 0 ? sum / simulated : 0;
  }
}

void gpu_times(const OpGraph& graph, const ExecResult& run, RunMetrics& m, int gpu_count, const std::vector<int>& twin)
{
  std::vector<std::vector<Interval>> compute(gpu_count), busy(gpu_count);
  std::vector<Interval> span_time(graph.spans.size(), {std::numeric_limits<double>::infinity(), 0});
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    const Op& op      = graph.ops[i];
    const OpTiming& t = run.ops[i];
    if (op.span >= 0) {
      span_time[op.span].first  = std::min(span_time[op.span].first, t.start_s);
      span_time[op.span].second = std::max(span_time[op.span].second, t.end_s);
    }
    if (op.kind == OpKind::COMPUTE) {
      compute[op.gpu].emplace_back(t.start_s, t.end_s);
      busy[op.gpu].emplace_back(t.start_s, t.end_s);
    }
  }
  for (size_t s = 0; s < graph.spans.size(); ++s)
    if (graph.spans[s].cls == SpanClass::COMM && span_time[s].second >= span_time[s].first)
      for (int g : graph.spans[s].gpus)
        busy[g].push_back(span_time[s]);

  exposed_by_kind(graph, span_time, compute, m, gpu_count, twin);
  if (!twin.empty())
    for (int g = 0; g < gpu_count; ++g)
      if (twin[g] != g) {
        compute[g] = compute[twin[g]];
        busy[g]    = busy[twin[g]];
      }
  m.gpus.resize(gpu_count);
  for (int g = 0; g < gpu_count; ++g) {
    GpuTime& t  = m.gpus[g];
    t.compute_s = union_length(compute[g]);
    t.comm_s    = union_length(busy[g]) - t.compute_s;
    t.idle_s    = std::max(0.0, m.makespan_s - t.compute_s - t.comm_s);
  }
  m.span_intervals    = span_time;
  m.compute_intervals = std::move(compute);
  m.busy_intervals    = std::move(busy);

  int iterations = 0;
  for (const Span& s : graph.spans)
    iterations = std::max(iterations, s.iteration + 1);
  std::vector<Interval> it_time(iterations, {std::numeric_limits<double>::infinity(), 0});
  for (size_t s = 0; s < graph.spans.size(); ++s) {
    Interval& it = it_time[graph.spans[s].iteration];
    it.first     = std::min(it.first, span_time[s].first);
    it.second    = std::max(it.second, span_time[s].second);
  }
  for (const auto& [start, end] : it_time)
    m.iteration_s.push_back(end >= start ? end - start : 0);
}

void tier_loads(const OpGraph& graph, const Cluster& cluster, Router& router, RunMetrics& m,
                const std::vector<int>& twin)
{
  // Bytes per edge and direction: [edge][0] source -> target, [edge][1] the reverse.
  std::vector<std::array<double, 2>> carried(cluster.edges.size(), {0, 0});
  auto carry = [&](int src, int dst, double bytes) {
    for (const Hop& hop : router.route(src, dst).hops)
      carried[hop.edge][hop.forward ? 0 : 1] += bytes;
  };
  const std::vector<std::vector<int>> copies = fold_copies(twin);
  for (const Op& op : graph.ops) {
    if (op.kind != OpKind::FLOW || op.amount <= 0)
      continue;
    carry(op.gpu, op.peer, op.amount);
    const bool pipeline = op.span >= 0 && graph.spans[op.span].kind != CommKind::DP;
    if (pipeline && !copies.empty())
      for (size_t k = 0; k < copies[op.gpu].size() && k < copies[op.peer].size(); ++k)
        carry(copies[op.gpu][k], copies[op.peer][k], op.amount);
  }

  m.edge_bytes = carried;
  for (size_t e = 0; e < cluster.edges.size(); ++e) {
    const Link& l = cluster.link(static_cast<int>(e));
    TierLoad& t   = m.tiers[static_cast<int>(l.tier)];
    t.links++;
    t.capacity_Bps += l.spec.bw_Bps;
    t.bytes += carried[e][0] + carried[e][1];
    if (m.makespan_s > 0)
      t.busiest_link_utilization =
          std::max(t.busiest_link_utilization, std::max(carried[e][0], carried[e][1]) / (l.spec.bw_Bps * m.makespan_s));
  }
  for (TierLoad& t : m.tiers)
    if (t.capacity_Bps > 0 && m.makespan_s > 0)
      t.utilization = t.bytes / (2 * t.capacity_Bps * m.makespan_s);
}

}  // namespace

RunMetrics collect_metrics(const OpGraph& graph, const ExecResult& run, const Cluster& cluster, Router& router,
                           const std::vector<int>& twin)
{
  RunMetrics m;
  m.makespan_s = run.makespan_s;
  gpu_times(graph, run, m, cluster.gpu_count(), twin);
  tier_loads(graph, cluster, router, m, twin);
  return m;
}

}  // namespace cs
