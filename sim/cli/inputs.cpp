// SPDX-License-Identifier: Apache-2.0
#include "cli/inputs.hpp"

#include "config/embedded.hpp"
#include "config/overrides.hpp"

namespace cs {

Inputs load_inputs(const std::string& topology_path, const std::string* workload_path,
                   const std::vector<std::string>& sets)
{
  Inputs in{topology_path.empty() ? Document::load_string(default_topology_yaml(), DEFAULT_TOPOLOGY_NAME)
                                  : Document::load_file(topology_path),
            std::nullopt};
  if (workload_path)
    in.workload = workload_path->empty() ? Document::load_string(default_workload_yaml(), DEFAULT_WORKLOAD_NAME)
                                         : Document::load_file(*workload_path);
  apply_overrides(in.topology, in.workload ? &*in.workload : nullptr, sets);
  return in;
}

}  // namespace cs
