// SPDX-License-Identifier: Apache-2.0
// What `clustersim topo` reports: device and link counts, as a table or JSON.
#pragma once

#include <ostream>
#include <string>

#include "topology/analysis.hpp"

namespace cs {

std::string topo_json(const Cluster& c, const TopologyCounts& t);
void print_topo_table(const Cluster& c, const TopologyCounts& t, std::ostream& out);

}  // namespace cs
