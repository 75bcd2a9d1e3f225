// SPDX-License-Identifier: Apache-2.0
// Running sweep points as separate processes: one SimGrid engine each, crashes contained, results durable.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sweep/sweep_spec.hpp"

namespace cs {

struct RunnerOptions {
  std::string out;    // DIR: each point writes DIR/points/<id>/
  int jobs      = 1;  // processes at once
  bool progress = true;
};

struct RunnerTally {
  int done = 0, failed = 0, skipped = 0;  // skipped: finished in an earlier run
};

// Runs `simulate(point, point_dir)` in a forked child per point, `jobs` at a time. A point whose directory already
// holds summary.json, or whose failure is recorded in DIR/failed/<id>.json, is skipped (resume). A child that exits
// non-zero, or dies, leaves DIR/failed/<id>.json with its exit status and the tail of its log; the sweep goes on.
// `simulate` returns the child's exit code.
RunnerTally run_points(const std::vector<SweepPoint>& points, const RunnerOptions& o,
                       const std::function<int(const SweepPoint&, const std::string& point_dir)>& simulate);

}  // namespace cs
