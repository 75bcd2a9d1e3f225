// SPDX-License-Identifier: Apache-2.0
// The SimGrid engine of one simulation, configured so that a link of B bytes/s delivers B bytes/s to one flow.
#pragma once

#include <memory>

namespace cs {

// SimGrid 3.32 allows one live engine per process and never resets its clock (reference/simgrid-3.32.md §8), so
// callers measure durations as differences of clock() and run one simulation per process outside tests.
class SimEngine {
 public:
  SimEngine();
  ~SimEngine();
  SimEngine(const SimEngine&)            = delete;
  SimEngine& operator=(const SimEngine&) = delete;

  static double clock();
  void run();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cs
