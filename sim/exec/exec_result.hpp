// SPDX-License-Identifier: Apache-2.0
// What a run of an op graph produced, free of SimGrid types so that metrics/ and report/ can read it.
#pragma once

#include <cstddef>
#include <vector>

namespace cs {

struct OpTiming {
  double start_s = -1;  // seconds since the run began; -1 if the op never ran
  double end_s   = -1;
};

// A folded unit's copy of a pipeline flow, run beside its twin once gradient traffic has begun (exec/executor.hpp).
struct GhostRun {
  int twin     = -1;  // the op it copies
  int unit     = 0;   // the folded unit it stands for, 1..units-1
  double end_s = -1;
};

// From the start of a gradient flow while none ran, to the end of the last one running.
struct GhostWindow {
  double from_s = 0;
  double to_s   = -1;
};

struct ExecResult {
  std::vector<OpTiming> ops;  // by op index
  double makespan_s = 0;
  std::vector<double> gpu_energy_J;  // by GPU rank, from SimGrid's host-energy plugin
  std::size_t ops_in_workers = 0;    // ops carried by worker actors rather than maestro (exec/executor.cpp)
  // Replica folding: whether the run was given the twins, the windows in which ghosts ran (while gradient flows
  // did, in time order), and the ghosts.
  bool ghosted = false;
  std::vector<GhostWindow> ghost_windows;
  std::vector<GhostRun> ghosts;
};

// Each simulated GPU's copies in the folded units, ascending: the k-th copies of two GPUs are in the same unit.
inline std::vector<std::vector<int>> fold_copies(const std::vector<int>& twin)
{
  std::vector<std::vector<int>> copies(twin.size());
  for (std::size_t g = 0; g < twin.size(); ++g)
    if (twin[g] != static_cast<int>(g))
      copies[twin[g]].push_back(static_cast<int>(g));
  return copies;
}

// With replica folding, a GPU that was not simulated did exactly what its twin did (twin[g], or nothing to do when
// `twin` is empty).
inline void share_with_twins(ExecResult& r, const std::vector<int>& twin)
{
  for (std::size_t g = 0; g < twin.size() && g < r.gpu_energy_J.size(); ++g)
    r.gpu_energy_J[g] = r.gpu_energy_J[twin[g]];
}

}  // namespace cs
