// SPDX-License-Identifier: Apache-2.0
#include "energy/energy_model.hpp"

#include <numeric>

namespace cs {

EnergyBreakdown account_energy(const Cluster& cluster, const TopologyCounts& counts, double duration_s,
                               const std::vector<double>& gpu_energy_J)
{
  const NetworkCost power = network_cost(cluster, counts);
  EnergyBreakdown e;
  e.gpu_J    = std::accumulate(gpu_energy_J.begin(), gpu_energy_J.end(), 0.0);
  e.switch_J = power.switch_W * duration_s;
  e.nic_J    = power.nic_W * duration_s;
  e.optics_J = power.optics_W * duration_s;
  return e;
}

}  // namespace cs
