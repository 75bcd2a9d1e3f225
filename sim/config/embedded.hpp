// SPDX-License-Identifier: Apache-2.0
// The presets compiled into the binary, so that `clustersim run` works with no files at all.
#pragma once

#include <string>

namespace cs {

// The text of topologies/tiny-16.yaml and workloads/dp-gpt3-xl.yaml as of the build.
const std::string& default_topology_yaml();
const std::string& default_workload_yaml();
constexpr const char* DEFAULT_TOPOLOGY_NAME = "<built-in topologies/tiny-16.yaml>";
constexpr const char* DEFAULT_WORKLOAD_NAME = "<built-in workloads/dp-gpt3-xl.yaml>";

}  // namespace cs
