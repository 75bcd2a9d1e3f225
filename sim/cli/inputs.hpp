// SPDX-License-Identifier: Apache-2.0
// Loading the documents a command names (or the built-in defaults) and applying --set to them.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/document.hpp"

namespace cs {

struct Inputs {
  Document topology;
  std::optional<Document> workload;
};

// Runs one simulation on loaded inputs and writes `out` atomically: summary.json plus `extra_files`.
int run_simulation(const Inputs& in, const std::string& out, bool quiet,
                   const std::vector<std::pair<std::string, std::string>>& extra_files);

Inputs load_inputs(const std::string& topology_path, const std::string* workload_path,
                   const std::vector<std::string>& sets);

}  // namespace cs
