// SPDX-License-Identifier: Apache-2.0
// Joules by component for a finished run, then what the facility adds: cooling, cost, carbon.
#pragma once

#include <vector>

#include "metrics/run_metrics.hpp"
#include "topology/analysis.hpp"

namespace cs {

struct EnergyBreakdown {
  // IT equipment, joules over the run.
  double gpu_J           = 0;  // TDP computing, comm power inside collectives, idle power otherwise
  double node_overhead_J = 0;  // CPUs, memory, fans: node maximum power less its GPUs' TDP, all the time
  double nvswitch_J      = 0;  // scale-up switch chips, all the time
  double switch_J        = 0;  // fabric switches: static power, plus dynamic power in proportion to traffic
  double nic_J           = 0;  // NICs, all the time
  double optics_J        = 0;  // modules: idle power all the time, plus (busy − idle) while their link carries data
  double it_J() const { return gpu_J + node_overhead_J + nvswitch_J + switch_J + nic_J + optics_J; }
  double network_J() const { return switch_J + nic_J + optics_J; }

  // Facility.
  double pue       = 1;  // at this run's IT load
  double cooling_J = 0;  // (pue − 1) × IT energy
  double facility_J() const { return it_J() + cooling_J; }
  double kWh() const { return facility_J() / 3.6e6; }
  double cost_usd  = 0;  // kWh × price
  double carbon_kg = 0;  // kWh × grid intensity; 0 when none is given

  // Power.
  double average_it_W   = 0;
  double peak_it_W      = 0;  // the highest instantaneous GPU draw plus everything else at its average
  double nameplate_it_W = 0;  // every part at full power; IT load = average ÷ nameplate
};

// The power a GPU draws while only communicating: its own `comm_W`, else idle plus a quarter of the way to TDP
// (no source gives this level; overridable as `comm` in the GPU's YAML).
double gpu_comm_power_W(const GpuSpec& gpu);

// `gpu_plugin_J` is SimGrid's host-energy measurement per GPU (TDP while computing, idle otherwise); the collective
// level is added from the metrics. Static parts come from `counts`, the same counts `clustersim topo` reports.
EnergyBreakdown account_energy(const Cluster& cluster, const TopologyCounts& counts, const RunMetrics& metrics,
                               const std::vector<double>& gpu_plugin_J);

}  // namespace cs
