// SPDX-License-Identifier: Apache-2.0
// One function per subcommand. Each returns the process exit code; ConfigError propagates to main.
#pragma once

#include <string>
#include <vector>

namespace cs {

struct RunOptions {
  std::string topology;  // empty: the built-in tiny-16
  std::string workload;  // empty: the built-in dp-gpt3-xl
  std::string out = "out/default";
  std::vector<std::string> sets;
  bool quiet = false;
};

struct TopoOptions {
  std::string topology;
  bool json = false;
  std::string dot;        // file to write GraphViz to; "-" for stdout
  bool platform = false;  // also build the SimGrid platform
  std::vector<std::string> sets;
};

struct SweepOptions {
  std::string sweep;  // the sweep file
  std::string out;
  int jobs = 1;
  std::string shard;  // "i/n", or "" for all points
  bool progress = true;
  bool list     = false;  // print the points and exit
  bool slurm    = false;  // write (and submit, when sbatch exists) a job array instead of running
  bool submit   = true;   // with --slurm: run sbatch when it exists
  std::string partition, time;
  int array_size = 0;   // 0 = as many tasks as points, at most 1000
  std::string collect;  // `sweep collect DIR`
};

struct CollectiveOptions {
  std::string topology;  // empty: the built-in tiny-16
  std::string op = "allreduce";
  std::string algo;  // empty: ring, or direct for alltoall
  std::string gpus      = "all";
  std::string min_bytes = "8", max_bytes = "128M";
  double step_factor = 2;
  int channels       = 0;  // 0: one per NIC of a node
  int node_limit     = 0;  // all-to-all (pxn): tokens reach at most this many nodes (0 = no limit)
  int chunks         = 1;  // ring collectives: lock-step rounds (1 = one flow per ring edge)
  double skew        = 1;  // all-to-allv: the group's first rank receives this many times the others' block
  int top_k          = 0;  // experts per token, with node_limit
  bool json          = false;
  std::vector<std::string> sets;
};

int run_command(const RunOptions& o);
int collective_command(const CollectiveOptions& o);
int sweep_command(const SweepOptions& o);
int topo_command(const TopoOptions& o);

}  // namespace cs
