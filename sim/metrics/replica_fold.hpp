// SPDX-License-Identifier: Apache-2.0
// Replica folding, checked against the run that used it.
//
// The planner folds replica units only when each unit's pipeline traffic (TP, CP, EP, PP) has link directions of
// its own, laid out hop by hop like unit 0's (workload/parallel_training.hpp). The gradient collectives still run
// over every GPU, and they may share links with pipeline traffic, which the folded run simulates for unit 0 only.
// Whether that mattered is a property of the run, so it is decided here, after it.
//
// Why the test below is sufficient. Take the folded run's timings and give each folded unit's pipeline ops their
// twins' times: a candidate for the full run. At each instant SimGrid shares bandwidth max-min fairly within groups
// of flows joined by the link directions they share, so a flow's rate depends on its group only. If no link
// direction carries a gradient flow at an instant it carries a pipeline flow (of any unit; folded ones at their
// twins' times), every group holds either gradient flows only, exactly as in the folded run, or one unit's pipeline
// flows only, the image on alike links of unit 0's group: every flow has the rate it had in the folded run, or its
// twin's. Dependencies agree as well: a collective ends with one op for its whole group, so an op of a folded unit
// waits for the same gradient collectives as its twin provided each collective that something waits on holds the
// twin of every folded GPU it holds. Both conditions met, the candidate is the full run (max-min shares are unique),
// and the folded result is exact.
#pragma once

#include <string>
#include <vector>

#include "exec/exec_result.hpp"
#include "topology/routing.hpp"
#include "workload/op_graph.hpp"
#include "workload/parallel_training.hpp"

namespace cs {

// The link directions a route crosses, as the planner's ClusterFacts::route_links reports them.
std::vector<LinkUse> link_uses(const Cluster& cluster, const Route& route);

// Each simulated GPU's copies in the folded units, ascending: the k-th copies of two GPUs are in the same unit.
std::vector<std::vector<int>> fold_copies(const std::vector<int>& twin);

// After a folded run (plan.twin non-empty): sets plan.fold_exact, and says in plan.fold_note why the fold is exact
// or where it is not. Does nothing for a run that was not folded.
void certify_fold(TrainingPlan& plan, const ExecResult& run, const Cluster& cluster, Router& router);

}  // namespace cs
