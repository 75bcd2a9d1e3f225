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

// Rates and projections both outputs print: computed once here.
struct Derived {
  double tokens       = 0;  // trained in the run
  double tokens_per_s = 0;
  double mfu          = 0;
  double budget_scale = 0;  // token budget ÷ tokens of the run (0 = no budget)
  double budget_s     = 0;
  double budget_gpu_h = 0;
};

Derived derive(const RunReport& r)
{
  Derived d;
  const double t = r.metrics.makespan_s;
  d.tokens       = r.plan.tokens_per_iteration * r.job.iterations;
  if (t <= 0)
    return d;
  d.tokens_per_s = d.tokens / t;
  d.mfu          = r.plan.model_flops_per_gpu * r.job.iterations / (t * r.plan.peak_flops);
  if (r.job.token_budget > 0 && d.tokens > 0) {
    d.budget_scale = r.job.token_budget / d.tokens;
    d.budget_s     = t * d.budget_scale;
    d.budget_gpu_h = d.budget_s / 3600 * r.counts.gpus;
  }
  return d;
}

// The layered job's parallel layout, schedule, memory and where communication went.
Json layered_json(const RunReport& r)
{
  const TrainingPlan& p = r.plan;
  Json memory           = Json::array();
  for (const StageMemory& s : p.memory)
    memory.push_back({{"rank", s.rank},
                      {"params", s.params},
                      {"weights_bytes", s.weights},
                      {"gradients_bytes", s.gradients},
                      {"optimizer_bytes", s.optimizer},
                      {"activations_bytes", s.activations},
                      {"in_flight_chunks", s.in_flight},
                      {"workspace_bytes", s.workspace},
                      {"total_bytes", s.total()}});
  Json sent = Json::object(), exposed = Json::object();
  for (int k = 1; k < COMM_KIND_COUNT; ++k) {
    sent[comm_kind_name(static_cast<CommKind>(k))]    = p.comm_bytes[k];
    exposed[comm_kind_name(static_cast<CommKind>(k))] = r.metrics.exposed_s[k] / r.job.iterations;
  }
  const double step = r.metrics.makespan_s / r.job.iterations;
  double idle       = 0;
  for (const GpuTime& g : r.metrics.gpus)
    idle += g.idle_s;
  const double bubble = r.metrics.gpus.empty() || r.metrics.makespan_s <= 0
                            ? 0
                            : idle / (r.metrics.makespan_s * static_cast<double>(r.metrics.gpus.size()));
  return {{"layout", p.layout},
          {"schedule", p.schedule},
          {"micro_batch", r.job.micro_batch},
          {"microbatches_per_pipeline", p.microbatches},
          {"active_params", p.active_params},
          {"step_s", step},
          {"bubble_fraction", bubble},
          {"schedule_bubble_fraction", p.ideal_bubble},
          {"exposed_comm_s_per_step", exposed},
          {"comm_bytes_per_gpu_per_step", sent},
          {"memory_per_rank", memory},
          {"replicas",
           {{"units", p.replica_units},
            {"simulated_units", p.simulated_units},
            {"exact", p.fold_exact},
            {"note", p.fold_note}}}};
}

}  // namespace

std::string summary_json(const RunReport& r)
{
  const RunMetrics& m = r.metrics;
  const double total  = m.makespan_s;
  Json j;
  j["schema"]     = SUMMARY_SCHEMA;
  j["topology"]   = {{"name", r.cluster.spec.name},
                     {"gpus", r.counts.gpus},
                     {"nodes", r.counts.nodes},
                     {"gpu", r.cluster.spec.node.gpu.name}};
  const Derived d = derive(r);
  j["workload"]   = {{"name", r.job.name},
                     {"kind", r.plan.schedule.empty() ? "data_parallel_training" : "layered_training"},
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
  if (!r.plan.schedule.empty())
    j["workload"]["training"] = layered_json(r);
  j["time"]    = {{"total_s", total},
                  {"iteration_s", m.iteration_s},
                  {"mean_iteration_s", mean_of(m.iteration_s)},
                  {"tokens_per_s", d.tokens_per_s}};
  j["compute"] = {{"model_flops_per_gpu_per_iteration", r.plan.model_flops_per_gpu},
                  {"peak_flops_per_gpu", r.plan.peak_flops},
                  {"mfu", d.mfu}};
  Fractions f  = mean_fractions(m);
  Json per_gpu = Json::array();
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
  const double tokens      = d.tokens;
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
  if (d.budget_scale > 0) {
    const FacilitySpec& fac = r.cluster.spec.facility;
    j["token_budget"]       = {{"tokens", r.job.token_budget},
                               {"time_s", d.budget_s},
                               {"gpu_hours", d.budget_gpu_h},
                               {"kWh", e.kWh() * d.budget_scale},
                               {"energy_cost_usd", e.cost_usd * d.budget_scale},
                               {"gpu_hour_cost_usd", d.budget_gpu_h * fac.usd_per_gpu_hour},
                               {"carbon_kg", e.carbon_kg * d.budget_scale}};
  }
  return j.dump(2) + "\n";
}

void print_run_table(const RunReport& r, std::ostream& out)
{
  const RunMetrics& m = r.metrics;
  Fractions f         = mean_fractions(m);
  const Derived d     = derive(r);
  out << fmt::format("clustersim run: {} on {} ({} GPUs, {} nodes)\n\n", r.job.name, r.cluster.spec.name, r.counts.gpus,
                     r.counts.nodes);
  if (r.plan.schedule.empty())
    out << fmt::format("  model            {} ({:.3g} parameters), DP {}, {} iterations, {}\n", r.job.model.name,
                       r.plan.params, r.job.dp, r.job.iterations, precision_name(r.job.precision));
  else
    out << fmt::format("  model            {} ({:.3g} parameters, {:.3g} active), {} iterations, {}\n"
                       "  layout           {}, {} with {} micro-batches of {}\n",
                       r.job.model.name, r.plan.params, r.plan.active_params, r.job.iterations,
                       precision_name(r.job.precision), r.plan.layout, r.plan.schedule, r.plan.microbatches,
                       r.job.micro_batch);
  out << fmt::format("  time             {:.6f} s total, {:.6f} s per iteration\n", m.makespan_s,
                     mean_of(m.iteration_s));
  out << fmt::format("  throughput       {:.0f} tokens/s, MFU {:.1f}%\n", d.tokens_per_s, 100 * d.mfu);
  out << fmt::format("  GPU time         compute {:.1f}%, communication {:.1f}%, idle {:.1f}%\n", 100 * f.compute,
                     100 * f.comm, 100 * f.idle);
  if (!r.plan.schedule.empty()) {
    std::string exposed;
    for (int k = 1; k < COMM_KIND_COUNT; ++k)
      if (r.plan.comm_bytes[k] > 0)
        exposed += fmt::format("{}{} {:.2f} ms", exposed.empty() ? "" : ", ", comm_kind_name(static_cast<CommKind>(k)),
                               m.exposed_s[k] / r.job.iterations * 1e3);
    out << fmt::format("  exposed comm     {} per step (schedule bubble alone: {:.1f}%)\n",
                       exposed.empty() ? "none" : exposed, 100 * r.plan.ideal_bubble);
    out << "  memory per GPU  ";
    for (const StageMemory& s : r.plan.memory)
      out << fmt::format(" {:.1f}", s.total() / 1e9);
    out << " GB by pipeline rank\n";
    if (!r.plan.fold_note.empty())
      out << fmt::format("  replicas         {}\n", r.plan.fold_note);
  }
  out << "\n  link tier        links        bytes   utilization   busiest link\n";
  for (int t = 0; t < LINK_TIER_COUNT; ++t) {
    const TierLoad& l = m.tiers[t];
    out << fmt::format("  {:<14} {:>7} {:>12.4g} {:>12.1f}% {:>13.1f}%\n", link_tier_name(static_cast<LinkTier>(t)),
                       l.links, l.bytes, 100 * l.utilization, 100 * l.busiest_link_utilization);
  }
  const EnergyBreakdown& e = r.energy;
  const double tokens      = d.tokens;
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
  if (d.budget_scale > 0) {
    out << fmt::format(
        "  token budget     {:.3g} tokens: {:.3g} days, {:.4g} GPU-hours, {:.4g} MWh, ${:.4g} of electricity\n",
        r.job.token_budget, d.budget_s / 86400, d.budget_gpu_h, e.kWh() * d.budget_scale / 1e3,
        e.cost_usd * d.budget_scale);
    const double per_gpu_hour = r.cluster.spec.facility.usd_per_gpu_hour;
    if (per_gpu_hour > 0)
      out << fmt::format("                   ${:.4g} of GPU time at ${:g} per GPU-hour\n",
                         d.budget_gpu_h * per_gpu_hour, per_gpu_hour);
  }
}

}  // namespace cs
