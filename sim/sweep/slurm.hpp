// SPDX-License-Identifier: Apache-2.0
// A Slurm job array that runs a sweep's shards: one array task per shard, all writing into one output directory.
#pragma once

#include <string>

namespace cs {

struct SlurmOptions {
  std::string binary;     // absolute path of clustersim
  std::string sweep;      // absolute path of the sweep file
  std::string out;        // absolute path of the output directory
  int array_size = 1;     // tasks = shards
  std::string partition;  // "" = the cluster's default
  std::string time;       // "" = the partition's default, else e.g. "04:00:00"
  int jobs_per_task = 1;  // processes inside each task (--cpus-per-task)
};

std::string slurm_script(const SlurmOptions& o);

}  // namespace cs
