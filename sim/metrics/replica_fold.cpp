// SPDX-License-Identifier: Apache-2.0
#include "metrics/replica_fold.hpp"

#include "metrics/run_metrics.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <set>
#include <unordered_map>

namespace cs {

std::vector<LinkUse> link_uses(const Cluster& cluster, const Route& route)
{
  std::vector<LinkUse> out;
  out.reserve(route.hops.size());
  for (const Hop& h : route.hops) {
    const LinkSpec& l = cluster.link(h.edge).spec;
    out.push_back({2 * h.edge + (h.forward ? 0 : 1), l.effective_Bps(), l.latency_s});
  }
  return out;
}

std::vector<std::vector<int>> fold_copies(const std::vector<int>& twin)
{
  std::vector<std::vector<int>> copies(twin.size());
  for (size_t g = 0; g < twin.size(); ++g)
    if (twin[g] != static_cast<int>(g))
      copies[twin[g]].push_back(static_cast<int>(g));
  return copies;
}

namespace {

bool is_gradient(const OpGraph& g, const Op& op)
{
  return op.span >= 0 && g.spans[op.span].kind == CommKind::DP;
}

std::string link_name(const Cluster& c, int resource)
{
  const int edge = resource / 2;
  Vertex a = c.source(edge), b = c.target(edge);
  if (resource % 2)
    std::swap(a, b);
  return fmt::format("{} -> {}", c.device(a).name, c.device(b).name);
}

// By span: whether something waits on it, i.e. one of its ops leads to an op that is more than a final join.
std::vector<bool> gating_spans(const OpGraph& g)
{
  std::vector<bool> out(g.spans.size(), false);
  for (const Op& op : g.ops)
    if (op.span >= 0)
      for (int s : op.successors) {
        const Op& next = g.ops[s];
        if (next.span != op.span && (next.kind != OpKind::DELAY || !next.successors.empty()))
          out[op.span] = true;
      }
  return out;
}

// The first reason the folded run may differ from the full one, or "" when it provably does not.
std::string fold_conflict(const OpGraph& graph, const ExecResult& run, const Cluster& cluster, Router& router,
                          const std::vector<int>& twin)
{
  // Each collective something waits on must hold the twin of every folded GPU it holds.
  const std::vector<bool> gating = gating_spans(graph);
  for (size_t s = 0; s < graph.spans.size(); ++s) {
    const Span& span = graph.spans[s];
    if (span.kind != CommKind::DP || !gating[s])
      continue;
    const std::set<int> held(span.gpus.begin(), span.gpus.end());
    for (int gpu : span.gpus)
      if (!held.count(twin[gpu]))
        return fmt::format("later work waits for gradient collective '{}', which holds GPU {} but not its twin {}",
                           span.label, gpu, twin[gpu]);
  }

  // When each link direction carries gradient traffic: sorted, merged intervals.
  std::unordered_map<int, std::vector<Interval>> gradient;
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    const Op& op      = graph.ops[i];
    const OpTiming& t = run.ops[i];
    if (op.kind != OpKind::FLOW || !is_gradient(graph, op) || op.gpu == op.peer || t.start_s < 0 ||
        t.end_s <= t.start_s)
      continue;
    for (const Hop& h : router.route(op.gpu, op.peer).hops)
      gradient[2 * h.edge + (h.forward ? 0 : 1)].push_back({t.start_s, t.end_s});
  }
  for (auto& [resource, spans] : gradient) {
    std::sort(spans.begin(), spans.end());
    std::vector<Interval> merged;
    for (const Interval& s : spans)
      if (!merged.empty() && s.first <= merged.back().second)
        merged.back().second = std::max(merged.back().second, s.second);
      else
        merged.push_back(s);
    spans = std::move(merged);
  }
  if (gradient.empty())
    return "";

  // Every unit's copy of each pipeline flow, at its twin's times, against them. For each GPU pair of unit 0: per
  // unit, the gradient-carrying link directions its copy crosses (usually none).
  const std::vector<std::vector<int>> copies = fold_copies(twin);
  struct Shared {
    int unit;
    std::vector<int> resources;
  };
  std::map<std::pair<int, int>, std::vector<Shared>> shared_by_pair;
  auto shared_links = [&](int src, int dst) -> const std::vector<Shared>& {
    auto [it, fresh] = shared_by_pair.try_emplace({src, dst});
    if (fresh)
      for (size_t u = 0; u <= copies[src].size() && u <= copies[dst].size(); ++u) {
        const int a = u == 0 ? src : copies[src][u - 1], b = u == 0 ? dst : copies[dst][u - 1];
        Shared s{static_cast<int>(u), {}};
        for (const Hop& h : router.route(a, b).hops)
          if (gradient.count(2 * h.edge + (h.forward ? 0 : 1)))
            s.resources.push_back(2 * h.edge + (h.forward ? 0 : 1));
        if (!s.resources.empty())
          it->second.push_back(std::move(s));
      }
    return it->second;
  };
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    const Op& op      = graph.ops[i];
    const OpTiming& t = run.ops[i];
    if (op.kind != OpKind::FLOW || is_gradient(graph, op) || op.gpu == op.peer || t.start_s < 0 || t.end_s <= t.start_s)
      continue;
    for (const Shared& s : shared_links(op.gpu, op.peer))
      for (int r : s.resources) {
        const std::vector<Interval>& busy = gradient.at(r);
        // The first gradient interval ending after this flow starts: do they overlap?
        auto it = std::upper_bound(busy.begin(), busy.end(), t.start_s,
                                   [](double at, const Interval& iv) { return at < iv.second; });
        if (it != busy.end() && it->first < t.end_s)
          return fmt::format("at {:.6f} s the pipeline traffic of replica unit {} and gradient traffic share link {}",
                             std::max(t.start_s, it->first), s.unit, link_name(cluster, r));
      }
  }
  return "";
}

}  // namespace

void certify_fold(TrainingPlan& plan, const ExecResult& run, const Cluster& cluster, Router& router)
{
  if (plan.twin.empty())
    return;
  const std::string conflict = fold_conflict(plan.graph, run, cluster, router, plan.twin);
  plan.fold_exact            = conflict.empty();
  plan.fold_note             = plan.fold_exact ? "exact: " + plan.fold_note
                                               : fmt::format("approximate: {}, but {}; training.fold_replicas: false "
                                                                         "simulates every unit",
                                                             plan.fold_note, conflict);
}

}  // namespace cs
