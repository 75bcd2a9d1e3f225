// SPDX-License-Identifier: Apache-2.0
// Routing `--set key.path=value` to the topology or the workload document.
#pragma once

#include <string>
#include <vector>

#include "config/document.hpp"

namespace cs {

// A path may start with `topology.` or `workload.`; otherwise its first key decides (`fabric.spines` is a
// topology key, `training.iterations` a workload key). `workload` may be null for commands without one.
void apply_overrides(Document& topology, Document* workload, const std::vector<std::string>& sets);

}  // namespace cs
