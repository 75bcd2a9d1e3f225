// SPDX-License-Identifier: Apache-2.0
// What one `clustersim run` reports: summary.json (docs/summary-schema.md) and the stdout table.
#pragma once

#include <ostream>
#include <string>

#include "energy/energy_model.hpp"
#include "metrics/run_metrics.hpp"
#include "topology/analysis.hpp"
#include "workload/dp_training.hpp"

namespace cs {

// Version of the summary.json layout; bump on any incompatible change and note it in docs/summary-schema.md.
constexpr const char* SUMMARY_SCHEMA = "clustersim.summary/1";

struct RunReport {
  const Cluster& cluster;
  const TopologyCounts& counts;
  const TrainingSpec& job;
  const TrainingPlan& plan;
  const RunMetrics& metrics;
  const EnergyBreakdown& energy;
  const std::vector<double>& gpu_energy_J;
};

std::string summary_json(const RunReport& r);
void print_run_table(const RunReport& r, std::ostream& out);

}  // namespace cs
