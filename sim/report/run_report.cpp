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
  const double tokens      = r.plan.tokens_per_iteration * r.job.iterations;
  j["energy"]              = {{"it_J", e.it_J()},
                              {"gpu_J", e.gpu_J},
                              {"node_overhead_J", e.node_overhead_J},
                              {"nvswitch_J", e.nvswitch_J},
                              {"network_J", e.network_J()},
                              {"switch_J", e.switch_J},
                              {"nic_J", e.nic_J},
                              {"optics_J", e.optics_J},
                              {"network_share_of_it", e.it_J() > 0 ? e.network_J() / e.it_J() : 0},
                              {"pue", e.pue},
                              {"cooling_J", e.cooling_J},
                              {"facility_J", e.facility_J()},
                              {"kWh", e.kWh()},
                              {"cost_usd", e.cost_usd},
                              {"carbon_kg", e.carbon_kg},
                              {"J_per_iteration", e.facility_J() / r.job.iterations},
                              {"J_per_token", tokens > 0 ? e.facility_J() / tokens : 0},
                              {"energy_usd_per_million_tokens", tokens > 0 ? e.cost_usd / tokens * 1e6 : 0},
                              {"average_it_power_W", e.average_it_W},
                              {"peak_it_power_W", e.peak_it_W},
                              {"average_power_W", e.average_it_W * e.pue},
                              {"peak_power_W", e.peak_it_W * e.pue}};
  j["token_budget"]        = nullptr;
  if (r.job.token_budget > 0 && tokens > 0 && total > 0) {
    const double scale      = r.job.token_budget / tokens;  // the run repeated until the budget is trained
    const double hours      = total * scale / 3600;
    const FacilitySpec& fac = r.cluster.spec.facility;
    j["token_budget"]       = {
              {"tokens", r.job.token_budget},          {"time_s", total * scale},
              {"gpu_hours", hours * r.counts.gpus},    {"kWh", e.kWh() * scale},
              {"energy_cost_usd", e.cost_usd * scale}, {"gpu_hour_cost_usd", hours * r.counts.gpus * fac.usd_per_gpu_hour},
              {"carbon_kg", e.carbon_kg * scale}};
  }
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
  const double tokens      = r.plan.tokens_per_iteration * r.job.iterations;
  auto kJ                  = [](double J) { return J / 1e3; };
  out << fmt::format(
      "\n  energy (kJ)      GPU {:.1f}, node overhead {:.1f}, NVSwitch {:.1f}, switches {:.1f}, NICs {:.1f}, "
      "optics {:.1f}\n",
      kJ(e.gpu_J), kJ(e.node_overhead_J), kJ(e.nvswitch_J), kJ(e.switch_J), kJ(e.nic_J), kJ(e.optics_J));
  out << fmt::format("                   IT {:.1f} (network {:.1f}%), cooling {:.1f} at PUE {:.3g}, facility {:.1f}\n",
                     kJ(e.it_J()), e.it_J() > 0 ? 100 * e.network_J() / e.it_J() : 0, kJ(e.cooling_J), e.pue,
                     kJ(e.facility_J()));
  out << fmt::format("  per token        {:.4g} J, ${:.4g} of electricity per million tokens\n",
                     tokens > 0 ? e.facility_J() / tokens : 0, tokens > 0 ? e.cost_usd / tokens * 1e6 : 0);
  out << fmt::format("  power            {:.2f} kW average, {:.2f} kW peak (facility)\n", e.average_it_W * e.pue / 1e3,
                     e.peak_it_W * e.pue / 1e3);
  if (r.job.token_budget > 0 && tokens > 0 && m.makespan_s > 0) {
    const double scale = r.job.token_budget / tokens;
    out << fmt::format(
        "  token budget     {:.3g} tokens: {:.3g} days, {:.4g} GPU-hours, {:.4g} MWh, ${:.4g} of electricity\n",
        r.job.token_budget, m.makespan_s * scale / 86400, m.makespan_s * scale / 3600 * r.counts.gpus,
        e.kWh() * scale / 1e3, e.cost_usd * scale);
  }
}

}  // namespace cs
