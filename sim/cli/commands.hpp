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

int run_command(const RunOptions& o);
int topo_command(const TopoOptions& o);

}  // namespace cs
