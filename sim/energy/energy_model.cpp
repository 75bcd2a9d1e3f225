// SPDX-License-Identifier: Apache-2.0
#include "energy/energy_model.hpp"

#include <algorithm>
#include <map>
#include <numeric>

namespace cs {

namespace {

bool is_switch(DeviceKind k)
{
  return k == DeviceKind::LEAF || k == DeviceKind::SPINE || k == DeviceKind::CORE;
}

// Above-idle GPU power summed over GPUs, at its highest: a sweep over every GPU's busy and compute intervals.
double peak_gpu_W(const RunMetrics& m, const GpuSpec& gpu, int pstate, int gpus)
{
  const double comm    = gpu_comm_power_W(gpu) - gpu.idle_W;
  const double compute = pstate_power_W(gpu, pstate) - gpu_comm_power_W(gpu);
  std::vector<std::pair<double, double>> events;  // (time, change in watts); ends sort before starts at a tie
  for (const auto& intervals : m.busy_intervals)
    for (const auto& [s, e] : intervals) {
      events.emplace_back(s, comm);
      events.emplace_back(e, -comm);
    }
  for (const auto& intervals : m.compute_intervals)
    for (const auto& [s, e] : intervals) {
      events.emplace_back(s, compute);
      events.emplace_back(e, -compute);
    }
  std::sort(events.begin(), events.end());
  double now = 0, peak = 0;
  for (const auto& [t, dw] : events)
    peak = std::max(peak, now += dw);
  return gpus * gpu.idle_W + peak;
}

}  // namespace

double gpu_comm_power_W(const GpuSpec& gpu)
{
  return gpu.comm_W > 0 ? gpu.comm_W : gpu.idle_W + 0.25 * (gpu.tdp_W - gpu.idle_W);
}

EnergyBreakdown account_energy(const Cluster& c, const TopologyCounts& counts, const RunMetrics& m,
                               const std::vector<double>& gpu_plugin_J)
{
  const ClusterSpec& s = c.spec;
  const double T       = m.makespan_s;
  const GpuSpec& gpu   = s.node.gpu;
  EnergyBreakdown e;

  // GPUs: SimGrid counts TDP while computing and idle power otherwise; collectives raise idle to comm power.
  e.gpu_J = std::accumulate(gpu_plugin_J.begin(), gpu_plugin_J.end(), 0.0);
  for (const GpuTime& t : m.gpus)
    e.gpu_J += (gpu_comm_power_W(gpu) - gpu.idle_W) * t.comm_s;

  const double overhead_W = s.node.max_power_W > 0 ? s.node.max_power_W - s.node.gpus * gpu.tdp_W : 0;
  e.node_overhead_J       = s.nodes * overhead_W * T;
  e.nvswitch_J            = s.nodes * s.node.nvswitches * s.node.nvswitch.power_W * T;
  e.nic_J                 = counts.devices[static_cast<int>(DeviceKind::NIC)] * s.node.nic.power_W * T;

  // Switches: static power all the time; dynamic power in proportion to the bytes entering each switch.
  std::map<Vertex, double> ingress;
  for (size_t i = 0; i < c.edges.size(); ++i) {
    const Link& l = c.link(static_cast<int>(i));
    if (l.fabric_tier < 0 || m.edge_bytes.empty())
      continue;
    Vertex a = c.source(static_cast<int>(i)), b = c.target(static_cast<int>(i));
    if (is_switch(c.device(b).kind))
      ingress[b] += m.edge_bytes[i][0];
    if (is_switch(c.device(a).kind))
      ingress[a] += m.edge_bytes[i][1];
  }
  double switch_nameplate_W = 0;
  for (int t = 0; t < 3; ++t) {
    const SwitchSpec& sw = s.fabric.tier(t).sw;
    int n                = counts.devices[static_cast<int>(SWITCH_KINDS[t])];
    e.switch_J += n * sw.power_W * T;
    switch_nameplate_W += n * (sw.power_W + sw.dynamic_W);
  }
  for (const auto& [v, bytes] : ingress) {
    const SwitchSpec& sw =
        s.fabric.tier(c.device(v).kind == DeviceKind::LEAF    ? 0
                      : c.device(v).kind == DeviceKind::SPINE ? 1
                                                              : 2)
            .sw;
    if (sw.dynamic_W > 0)
      e.switch_J += sw.dynamic_W * bytes / (sw.ports * sw.port_bw_Bps);
  }

  // Optics: idle power of every module (the topology's module counts) all the time, plus the extra power of each
  // link end while its link carries data. A link is busy for bytes ÷ bandwidth in its busier direction.
  double optics_nameplate_W = 0;
  for (const ModuleCount& mod : counts.modules) {
    e.optics_J += mod.count * mod.idle_W * T;
    optics_nameplate_W += mod.count * mod.power_W;
  }
  for (size_t i = 0; i < c.edges.size() && !m.edge_bytes.empty(); ++i) {
    const Link& l = c.link(static_cast<int>(i));
    if (l.fabric_tier < 0)
      continue;
    const MediumSpec& med = s.fabric.tier(l.fabric_tier).medium;
    const double busy_s   = std::max(m.edge_bytes[i][0], m.edge_bytes[i][1]) / l.spec.bw_Bps;
    for (Vertex v : {c.source(static_cast<int>(i)), c.target(static_cast<int>(i))}) {
      const ModuleSpec& mod = c.device(v).kind == DeviceKind::NIC ? med.nic_end : med.switch_end;
      e.optics_J += (mod.power_W - mod.idle_power_W()) / mod.ports * busy_s;
    }
  }

  // Power, load and the facility.
  e.average_it_W      = T > 0 ? e.it_J() / T : 0;
  const double rest_W = T > 0 ? (e.it_J() - e.gpu_J) / T : 0;
  e.peak_it_W         = peak_gpu_W(m, gpu, s.node.gpu_pstate, c.gpu_count()) + rest_W;
  e.nameplate_it_W    = c.gpu_count() * gpu.tdp_W + s.nodes * overhead_W +
                     s.nodes * s.node.nvswitches * s.node.nvswitch.power_W + switch_nameplate_W +
                     counts.devices[static_cast<int>(DeviceKind::NIC)] * s.node.nic.power_W + optics_nameplate_W;
  const double load     = e.nameplate_it_W > 0 ? std::min(1.0, e.average_it_W / e.nameplate_it_W) : 0;
  const FacilitySpec& f = s.facility;
  e.pue                 = f.pue_idle + (f.pue_full - f.pue_idle) * load;
  e.cooling_J           = (e.pue - 1) * e.it_J();
  e.cost_usd            = e.kWh() * f.usd_per_kWh;
  e.carbon_kg           = e.kWh() * f.carbon_g_per_kWh / 1000;
  return e;
}

}  // namespace cs
