// SPDX-License-Identifier: Apache-2.0
// Replica folding, checked against the run that used it.
//
// The planner folds replica units only when each unit's pipeline traffic (TP, CP, EP, PP) has link directions of
// its own, laid out hop by hop like unit 0's (workload/parallel_training.hpp). The gradient collectives still run
// over every GPU, and they may share links with pipeline traffic, which the folded run simulates for unit 0 only.
// Whether that mattered is a property of the run, so it is decided here, after it.
//
// Why the test below is sufficient. Outside the ghost windows (exec/executor.hpp: from a gradient flow's start while
// none ran until no gradient flow and no ghost runs) the units are provably alike: their traffic is pipeline traffic
// on disjoint, alike links, so each unit's flows share links only with its own. Inside them, the run carries ghosts:
// every folded unit's copy of each pipeline flow in flight, for what it has left, and of each starting then, at its
// twin's start. SimGrid shares bandwidth max-min fairly
// within groups of flows joined by shared link directions, and with the ghosts every group of the full run is
// present: the gradient flows meet the pipeline traffic of every unit. So the run is the full run as long as each
// folded unit starts its flows when its twin does, which holds while each ghost ends when its twin ends (its GPUs
// then resume at the same instants, computing uncontended). If every ghost did, by induction over the run's events
// the folded result is the full result. So it checks that every pipeline flow that ran inside a window had its
// ghosts, once, and that each ended with its twin.
// Dependencies agree too: a collective over a DP group ends with one op for the whole group, which holds the folded
// GPUs and their twins; a collective inside one folded unit (its tied-embedding pair) must end when unit 0's
// counterpart does, which is checked too.
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

// After a folded run (plan.twin non-empty) executed with the twins: sets plan.fold_exact, and says in
// plan.fold_note why the fold is exact or where it is not. Does nothing for a run that was not folded.
void certify_fold(TrainingPlan& plan, const ExecResult& run);

}  // namespace cs
