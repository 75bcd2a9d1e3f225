// SPDX-License-Identifier: Apache-2.0
// The fold certificate (metrics/replica_fold.hpp) on runs written by hand: which pipeline flows must have ghosts.
#include <doctest/doctest.h>

#include "metrics/replica_fold.hpp"

using namespace cs;

namespace {

struct Flow {
  double start_s, end_s;
  bool ghosted;
};

// Two units of two GPUs: GPUs 2 and 3 are the copies of 0 and 1. Each flow goes from GPU 0 to 1 on a PP span and,
// when ghosted, has one ghost that ends with it.
bool certified(const std::vector<Flow>& flows, const std::vector<GhostWindow>& windows)
{
  TrainingPlan plan;
  plan.twin = {0, 1, 0, 1};
  ExecResult run;
  run.ghosted       = true;
  run.ghost_windows = windows;
  const int span    = plan.graph.add_span({"pp", SpanClass::COMM, 0, {0, 1}, CommKind::PP});
  for (const Flow& f : flows) {
    const int op = plan.graph.add(flow_op(0, 1, 1e6, 0, span));
    run.ops.push_back({f.start_s, f.end_s});
    run.makespan_s = std::max(run.makespan_s, f.end_s);
    if (f.ghosted)
      run.ghosts.push_back({op, 1, f.end_s});
  }
  certify_fold(plan, run);
  return plan.fold_exact;
}

const std::vector<GhostWindow> WINDOWS{{1, 2}, {2, 4}, {9.5, -1}};  // the last still open when the run ended

}  // namespace

TEST_CASE("a pipeline flow that runs inside a window of gradient traffic must have its ghosts")
{
  for (Flow f : {Flow{2, 2.5, true}, Flow{1.5, 2, true}, Flow{0.5, 1.5, true}, Flow{3, 6, true}, Flow{10, 11, true}}) {
    CAPTURE(f.start_s);
    CHECK(certified({f}, WINDOWS));
    f.ghosted = false;
    CHECK_FALSE(certified({f}, WINDOWS));
  }
}

TEST_CASE("a pipeline flow that touches a window only at an instant may have its ghosts or not")
{
  for (Flow f : {Flow{0.5, 1, true}, Flow{2, 2, true}, Flow{4, 5, true}, Flow{9, 9.5, true}}) {
    CAPTURE(f.start_s);
    CHECK(certified({f}, WINDOWS));
    f.ghosted = false;
    CHECK(certified({f}, WINDOWS));
  }
}

TEST_CASE("a pipeline flow outside every window must have no ghosts")
{
  for (Flow f : {Flow{0, 0.5, false}, Flow{5, 9, false}, Flow{4.5, 4.5, false}}) {
    CAPTURE(f.start_s);
    CHECK(certified({f}, WINDOWS));
    f.ghosted = true;
    CHECK_FALSE(certified({f}, WINDOWS));
  }
}
