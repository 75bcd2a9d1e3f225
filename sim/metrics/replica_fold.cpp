// SPDX-License-Identifier: Apache-2.0
#include "metrics/replica_fold.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <set>

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
std::string fold_conflict(const OpGraph& graph, const ExecResult& run, const std::vector<int>& twin)
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

  // Every ghost must have ended with its twin. Floating-point sums in SimGrid's solver may differ in the last bits
  // between the two, hence the tolerance: a billionth of the run.
  if (!run.ghosted)
    return "the run had no ghost flows to check it against";
  const double tolerance = 1e-9 * std::max(run.makespan_s, 1e-9);
  for (const GhostRun& ghost : run.ghosts) {
    const Op& op          = graph.ops[static_cast<size_t>(ghost.twin)];
    const double twin_end = run.ops[static_cast<size_t>(ghost.twin)].end_s;
    if (ghost.end_s < 0 || std::abs(ghost.end_s - twin_end) > tolerance)
      return fmt::format("amid gradient traffic, replica unit {}'s copy of the flow from GPU {} to {} ended at "
                         "{:.9f} s, its twin at {:.9f} s",
                         ghost.unit, op.gpu, op.peer, ghost.end_s, twin_end);
  }
  return "";
}

}  // namespace

void certify_fold(TrainingPlan& plan, const ExecResult& run)
{
  if (plan.twin.empty())
    return;
  const std::string conflict = fold_conflict(plan.graph, run, plan.twin);
  plan.fold_exact            = conflict.empty();
  plan.fold_note             = plan.fold_exact ? "exact: " + plan.fold_note
                                               : fmt::format("approximate: {}, but {}; training.fold_replicas: false "
                                                                         "simulates every unit",
                                                             plan.fold_note, conflict);
}

}  // namespace cs
