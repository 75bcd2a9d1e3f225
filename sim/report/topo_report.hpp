// SPDX-License-Identifier: Apache-2.0
// What `clustersim topo` reports: counts, optics, bisection, hops, power and capex, as a table or JSON.
#pragma once

#include <ostream>
#include <string>

#include "topology/analysis.hpp"

namespace cs {

struct TopologyReport {
  const Cluster& cluster;
  const TopologyCounts& counts;
  const NetworkCost& cost;
  const HopHistogram& hops;
  double bisection_Bps = 0;
};

std::string topo_json(const TopologyReport& r);
void print_topo_table(const TopologyReport& r, std::ostream& out);

}  // namespace cs
