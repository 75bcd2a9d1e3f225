// SPDX-License-Identifier: Apache-2.0
#include "metrics/replica_fold.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>
#include <set>
#include <tuple>

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

namespace {

// By span: when its last op ended (-1 if none ran).
std::vector<double> span_ends(const OpGraph& g, const ExecResult& run)
{
  std::vector<double> out(g.spans.size(), -1);
  for (size_t i = 0; i < g.ops.size(); ++i)
    if (g.ops[i].span >= 0)
      out[g.ops[i].span] = std::max(out[g.ops[i].span], run.ops[i].end_s);
  return out;
}

// A gradient collective that holds a folded GPU but not its twin runs inside one unit (the tied-embedding pair); the
// folded GPU's later work is its twin's, so it must end when unit 0's counterpart does. Collectives that hold every
// twin they need (a DP group spans the units) are the same op for the folded GPUs and their twins.
std::string unit_collective_conflict(const OpGraph& graph, const ExecResult& run, const std::vector<int>& twin,
                                     double tolerance)
{
  const std::vector<double> end = span_ends(graph, run);
  using Key                     = std::tuple<std::string, int, std::vector<int>>;
  std::map<Key, std::vector<size_t>> by_key;  // (label, iteration, GPUs ascending) -> spans, in graph order
  auto key_of = [&](const Span& span, bool twins) {
    std::vector<int> gpus;
    for (int gpu : span.gpus)
      gpus.push_back(twins ? twin[gpu] : gpu);
    std::sort(gpus.begin(), gpus.end());
    gpus.erase(std::unique(gpus.begin(), gpus.end()), gpus.end());
    return Key{span.label, span.iteration, gpus};
  };
  for (size_t s = 0; s < graph.spans.size(); ++s)
    if (graph.spans[s].kind == CommKind::DP)
      by_key[key_of(graph.spans[s], false)].push_back(s);
  for (const auto& [key, spans] : by_key) {
    const Span& span = graph.spans[spans.front()];
    const std::set<int> held(span.gpus.begin(), span.gpus.end());
    if (std::all_of(span.gpus.begin(), span.gpus.end(), [&](int gpu) { return held.count(twin[gpu]) > 0; }))
      continue;
    auto image = by_key.find(key_of(span, true));
    if (image == by_key.end() || image->second.size() != spans.size())
      return fmt::format("gradient collective '{}' of GPUs {} has no counterpart in replica unit 0", span.label,
                         fmt::join(std::get<2>(key), ","));
    for (size_t k = 0; k < spans.size(); ++k) {
      const double mine = end[spans[k]], theirs = end[image->second[k]];
      if (mine < 0 || theirs < 0 || std::abs(mine - theirs) > tolerance)
        return fmt::format("gradient collective '{}' of GPUs {} ended at {:.9f} s, unit 0's at {:.9f} s", span.label,
                           fmt::join(std::get<2>(key), ","), mine, theirs);
    }
  }
  return "";
}

// Every pipeline flow that ran inside a ghost window had one ghost per folded unit; one that touched a window only
// at an instant may have them or not; the others have none.
std::string ghost_count_conflict(const OpGraph& graph, const ExecResult& run, const std::vector<int>& twin)
{
  const std::vector<std::vector<int>> copies = fold_copies(twin);
  std::vector<size_t> ghosts_of(graph.ops.size(), 0);
  for (const GhostRun& ghost : run.ghosts)
    ++ghosts_of[static_cast<size_t>(ghost.twin)];
  const std::vector<GhostWindow>& windows = run.ghost_windows;
  auto meets = [&](double start, double end, bool strictly) {  // windows are in time order and do not overlap
    auto w = std::partition_point(windows.begin(), windows.end(), [&](const GhostWindow& x) {
      return x.to_s >= 0 && (strictly ? x.to_s <= start : x.to_s < start);
    });
    return w != windows.end() && (strictly ? w->from_s < end : w->from_s <= end);
  };
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    if (flow_role(graph, static_cast<int>(i)) != FlowRole::PIPELINE)
      continue;
    const Op& op       = graph.ops[i];
    const size_t units = std::min(copies[op.gpu].size(), copies[op.peer].size());
    const OpTiming& t  = run.ops[i];
    const bool must    = meets(t.start_s, t.end_s, true);
    const bool may     = must || meets(t.start_s, t.end_s, false);
    if (ghosts_of[i] != (must ? units : 0) && !(may && ghosts_of[i] == units))
      return fmt::format("the flow from GPU {} to {} ({:.9f} s to {:.9f} s) had {} ghosts, expected {}", op.gpu,
                         op.peer, t.start_s, t.end_s, ghosts_of[i], must ? units : 0);
  }
  return "";
}

// Every ghost ended with its twin.
std::string ghost_pace_conflict(const OpGraph& graph, const ExecResult& run, double tolerance)
{
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

// The first reason the folded run may differ from the full one, or "" when it provably does not.
std::string fold_conflict(const OpGraph& graph, const ExecResult& run, const std::vector<int>& twin)
{
  if (!run.ghosted)
    return "the run had no ghost flows to check it against";
  // Floating-point sums in SimGrid's solver may differ in the last bits between twins, and a ghost of a flow in
  // flight carries whole bytes where its twin has a fraction of one left: the tolerance is a billionth of the run
  // plus a nanosecond (a byte takes less above 1 GB/s).
  const double tolerance = 1e-9 * run.makespan_s + 1e-9;
  std::string conflict   = unit_collective_conflict(graph, run, twin, tolerance);
  if (conflict.empty())
    conflict = ghost_count_conflict(graph, run, twin);
  if (conflict.empty())
    conflict = ghost_pace_conflict(graph, run, tolerance);
  return conflict;
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
