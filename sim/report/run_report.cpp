// SPDX-License-Identifier: Apache-2.0
#include "report/run_report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <numeric>

namespace cs {

namespace {

using Json = nlohmann::ordered_json;

double mean_of(const std::vector<double>& v)
{
  return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

struct Fractions {
  double compute = 0, comm = 0, idle = 0;
};

Fractions mean_fractions(const RunMetrics& m)
{
  Fractions f;
  if (m.gpus.empty() || m.makespan_s <= 0)
    return f;
  for (const GpuTime& g : m.gpus) {
    f.compute += g.compute_s;
    f.comm += g.comm_s;
    f.idle += g.idle_s;
  }
  double n = static_cast<double>(m.gpus.size()) * m.makespan_s;
  return {f.compute / n, f.comm / n, f.idle / n};
}

double mfu(const RunReport& r)
{
  double t = r.metrics.makespan_s;
  return t > 0 ? r.plan.model_flops_per_gpu * r.job.iterations / (t * r.plan.peak_flops) : 0;
}

}  // namespace

std::string summary_json(const RunReport& r)
{
  const RunMetrics& m = r.metrics;
  const double total  = m.makespan_s;
  Json j;
  j["schema"]   = SUMMARY_SCHEMA;
  j["topology"] = {{"name", r.cluster.spec.name},
                   {"gpus", r.counts.gpus},
                   {"nodes", r.counts.nodes},
                   {"gpu", r.cluster.spec.node.gpu.name}};
  j["workload"] = {{"name", r.job.name},
                   {"kind", "data_parallel_training"},
                   {"model", r.job.model.name},
                   {"params", r.plan.params},
                   {"dp", r.job.dp},
                   {"global_batch", r.job.global_batch},
                   {"tokens_per_iteration", r.plan.tokens_per_iteration},
                   {"iterations", r.job.iterations},
                   {"precision", precision_name(r.job.precision)},
                   {"compute_efficiency", r.plan.efficiency},
                   {"grad_bytes", r.plan.grad_bytes},
                   {"memory_per_gpu_bytes", r.plan.memory_bytes_per_gpu}};
  j["time"]     = {{"total_s", total},
                   {"iteration_s", m.iteration_s},
                   {"mean_iteration_s", mean_of(m.iteration_s)},
                   {"tokens_per_s", total > 0 ? r.plan.tokens_per_iteration * r.job.iterations / total : 0}};
  j["compute"]  = {{"model_flops_per_gpu_per_iteration", r.plan.model_flops_per_gpu},
                   {"peak_flops_per_gpu", r.plan.peak_flops},
                   {"mfu", mfu(r)}};
  Fractions f   = mean_fractions(m);
  Json per_gpu  = Json::array();
  for (size_t g = 0; g < m.gpus.size(); ++g)
    per_gpu.push_back({{"rank", g},
                       {"name", r.cluster.device(r.cluster.gpus[g]).name},
                       {"compute_s", m.gpus[g].compute_s},
                       {"comm_s", m.gpus[g].comm_s},
                       {"idle_s", m.gpus[g].idle_s},
                       {"energy_J", g < r.gpu_energy_J.size() ? r.gpu_energy_J[g] : 0.0}});
  j["gpus"] = {
      {"compute_fraction", f.compute}, {"comm_fraction", f.comm}, {"idle_fraction", f.idle}, {"per_gpu", per_gpu}};
  Json links = Json::object();
  for (int t = 0; t < LINK_TIER_COUNT; ++t) {
    const TierLoad& l                               = m.tiers[t];
    links[link_tier_name(static_cast<LinkTier>(t))] = {{"links", l.links},
                                                       {"bytes", l.bytes},
                                                       {"capacity_Bps", l.capacity_Bps},
                                                       {"utilization", l.utilization},
                                                       {"busiest_link_utilization", l.busiest_link_utilization}};
  }
  j["links"]               = links;
  const EnergyBreakdown& e = r.energy;
  j["energy"]              = {{"total_J", e.total_J()},
                              {"gpu_J", e.gpu_J},
                              {"network_J", e.network_J()},
                              {"switch_J", e.switch_J},
                              {"nic_J", e.nic_J},
                              {"optics_J", e.optics_J},
                              {"average_power_W", total > 0 ? e.total_J() / total : 0}};
  return j.dump(2) + "\n";
}

void print_run_table(const RunReport& r, std::ostream& out)
{
  const RunMetrics& m = r.metrics;
  Fractions f         = mean_fractions(m);
  out << fmt::format("clustersim run: {} on {} ({} GPUs, {} nodes)\n\n", r.job.name, r.cluster.spec.name, r.counts.gpus,
                     r.counts.nodes);
  out << fmt::format("  model            {} ({:.3g} parameters), DP {}, {} iterations, {}\n", r.job.model.name,
                     r.plan.params, r.job.dp, r.job.iterations, precision_name(r.job.precision));
  out << fmt::format("  time             {:.6f} s total, {:.6f} s per iteration\n", m.makespan_s,
                     mean_of(m.iteration_s));
  out << fmt::format("  throughput       {:.0f} tokens/s, MFU {:.1f}%\n",
                     m.makespan_s > 0 ? r.plan.tokens_per_iteration * r.job.iterations / m.makespan_s : 0,
                     100 * mfu(r));
  out << fmt::format("  GPU time         compute {:.1f}%, communication {:.1f}%, idle {:.1f}%\n", 100 * f.compute,
                     100 * f.comm, 100 * f.idle);
  out << "\n  link tier        links        bytes   utilization   busiest link\n";
  for (int t = 0; t < LINK_TIER_COUNT; ++t) {
    const TierLoad& l = m.tiers[t];
    out << fmt::format("  {:<14} {:>7} {:>12.4g} {:>12.1f}% {:>13.1f}%\n", link_tier_name(static_cast<LinkTier>(t)),
                       l.links, l.bytes, 100 * l.utilization, 100 * l.busiest_link_utilization);
  }
  const EnergyBreakdown& e = r.energy;
  out << fmt::format(
      "\n  energy           {:.4g} J total: GPU {:.4g} J, network {:.4g} J (switches {:.4g}, NICs {:.4g}, "
      "optics {:.4g})\n",
      e.total_J(), e.gpu_J, e.network_J(), e.switch_J, e.nic_J, e.optics_J);
  out << fmt::format("  average power    {:.2f} kW\n", m.makespan_s > 0 ? e.total_J() / m.makespan_s / 1e3 : 0);
}

}  // namespace cs
