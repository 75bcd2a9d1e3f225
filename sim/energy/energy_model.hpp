// SPDX-License-Identifier: Apache-2.0
// Joules by component for a run of known length.
#pragma once

#include <vector>

#include "topology/analysis.hpp"

namespace cs {

struct EnergyBreakdown {
  double gpu_J    = 0;  // from SimGrid's host-energy plugin: TDP while computing, idle power otherwise
  double switch_J = 0;  // leaf and spine ASICs at their typical power, all the time
  double nic_J    = 0;  // every NIC at its power, all the time
  double optics_J = 0;  // every module (optical, or active copper) at its catalog power, all the time
  double network_J() const { return switch_J + nic_J + optics_J; }
  double total_J() const { return gpu_J + network_J(); }
};

// Network parts draw constant power in this release (load-dependent power comes with the energy issue). Counts come
// from `counts`, the same numbers `clustersim topo` reports.
EnergyBreakdown account_energy(const Cluster& cluster, const TopologyCounts& counts, double duration_s,
                               const std::vector<double>& gpu_energy_J);

}  // namespace cs
