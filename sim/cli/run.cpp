// SPDX-License-Identifier: Apache-2.0
// `clustersim run`: load → build graph → check → make platform → plan → execute → measure → report.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "config/spec_readers.hpp"
#include "energy/energy_model.hpp"
#include "exec/executor.hpp"
#include "metrics/replica_fold.hpp"
#include "metrics/run_metrics.hpp"
#include "platform/platform.hpp"
#include "platform/sim_engine.hpp"
#include "report/output_dir.hpp"
#include "report/run_report.hpp"
#include "report/trace.hpp"
#include "topology/analysis.hpp"
#include "topology/clos.hpp"
#include "topology/routing.hpp"
#include "workload/parallel_training.hpp"

namespace cs {

int run_command(const RunOptions& o)
{
  return run_simulation(load_inputs(o.topology, &o.workload, o.sets), o.out, o.quiet, {});
}

int run_simulation(const Inputs& in, const std::string& out, bool quiet,
                   const std::vector<std::pair<std::string, std::string>>& extra_files)
{
  const ClusterSpec spec = read_cluster_spec(in.topology);
  const TrainingSpec job = read_training_spec(*in.workload);

  const Cluster cluster = build_cluster(spec);
  validate_connectivity(cluster);
  const TopologyCounts counts = count_topology(cluster);
  Router router(cluster);

  SimEngine engine;
  Platform platform(cluster, router);
  auto latency         = [&](int a, int b) { return router.route(a, b).latency_s; };
  auto route_links     = [&](int a, int b) { return link_uses(cluster, router.route(a, b)); };
  auto wire_efficiency = [&](CollectiveAlgo a) { return spec.collectives.efficiency_of(collective_algo_name(a)); };
  TrainingPlan plan    = plan_training(job, {spec.node.gpu, cluster.gpu_count(), spec.node.gpus, spec.node.nics,
                                             platform.gpu_flops(), latency, route_links, wire_efficiency,
                                             spec.node.nvswitch.in_switch_reduction && spec.node.nvswitches > 0,
                                             spec.fabric.leaf.sw.in_switch_reduction});

  ExecResult result = execute(plan.graph, platform, engine, WORKER_MODE_AT, plan.twin);
  share_with_twins(result, plan.twin);
  certify_fold(plan, result);
  const RunMetrics metrics     = collect_metrics(plan.graph, result, cluster, router, plan.twin);
  const EnergyBreakdown energy = account_energy(cluster, counts, metrics, result.gpu_energy_J);

  RunReport report{cluster, counts, job, plan, metrics, energy, result.gpu_energy_J};
  std::vector<std::pair<std::string, std::string>> files = extra_files;
  files.emplace_back("summary.json", summary_json(report));
  files.emplace_back("trace.json", chrome_trace(plan.graph, result, metrics, cluster, plan.twin));
  write_output_dir(out, files);
  if (!quiet) {
    print_run_table(report, std::cout);
    std::cout << "\n  wrote " << out << "/summary.json and trace.json (open in ui.perfetto.dev)\n";
  }
  return 0;
}

}  // namespace cs
