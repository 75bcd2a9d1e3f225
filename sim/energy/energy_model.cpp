// SPDX-License-Identifier: Apache-2.0
#include "energy/energy_model.hpp"

#include <numeric>

namespace cs {

EnergyBreakdown account_energy(const Cluster& cluster, const TopologyCounts& counts, double duration_s,
                               const std::vector<double>& gpu_energy_J)
{
  const ClusterSpec& s = cluster.spec;
  auto devices         = [&](DeviceKind k) { return counts.devices[static_cast<int>(k)]; };
  EnergyBreakdown e;
  e.gpu_J    = std::accumulate(gpu_energy_J.begin(), gpu_energy_J.end(), 0.0);
  e.switch_J = (devices(DeviceKind::LEAF) * s.fabric.leaf_switch.power_W +
                devices(DeviceKind::SPINE) * s.fabric.spine_switch.power_W) *
               duration_s;
  e.nic_J    = devices(DeviceKind::NIC) * s.node.nic.power_W * duration_s;
  e.optics_J = counts.optical_ports * s.fabric.medium.power_per_end_W * duration_s;
  return e;
}

}  // namespace cs
