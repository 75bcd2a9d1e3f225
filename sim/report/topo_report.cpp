// SPDX-License-Identifier: Apache-2.0
#include "report/topo_report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace cs {

std::string topo_json(const TopologyReport& r)
{
  const TopologyCounts& t = r.counts;
  nlohmann::ordered_json j;
  j["schema"]                    = "clustersim.topo/1";
  j["name"]                      = r.cluster.spec.name;
  j["gpus"]                      = t.gpus;
  j["nodes"]                     = t.nodes;
  nlohmann::ordered_json devices = nlohmann::ordered_json::object();
  for (int k = 0; k < DEVICE_KIND_COUNT; ++k)
    devices[device_kind_name(static_cast<DeviceKind>(k))] = t.devices[k];
  j["devices"]                 = devices;
  nlohmann::ordered_json links = nlohmann::ordered_json::object();
  for (int k = 0; k < LINK_TIER_COUNT; ++k)
    links[link_tier_name(static_cast<LinkTier>(k))] = {{"links", t.tiers[k].links},
                                                       {"optical_links", t.tiers[k].optical_links},
                                                       {"capacity_Bps", t.tiers[k].capacity_Bps}};
  j["links"]            = links;
  j["oversubscription"] = {
      {"leaf", t.oversubscription[0]}, {"spine", t.oversubscription[1]}, {"core", t.oversubscription[2]}};
  nlohmann::ordered_json modules = nlohmann::ordered_json::array();
  for (const ModuleCount& m : t.modules)
    modules.push_back({{"name", m.name},
                       {"form", module_form_name(m.form)},
                       {"count", m.count},
                       {"power_W", m.power_W},
                       {"price_usd", m.price_usd}});
  j["modules"]                 = modules;
  j["optical_modules"]         = t.optical_modules;
  j["optical_modules_per_gpu"] = t.optical_modules_per_gpu();
  j["bisection_Bps"]           = r.bisection_Bps;
  nlohmann::ordered_json hops  = nlohmann::ordered_json::object();
  hops["nvswitch"]             = r.hops.nvswitch;
  for (size_t i = 1; i < r.hops.by_switch_hops.size(); ++i)
    if (r.hops.by_switch_hops[i] > 0)
      hops[std::to_string(i) + "_switches"] = r.hops.by_switch_hops[i];
  hops["unreachable"]       = r.hops.unreachable;
  j["gpu_pairs_by_path"]    = hops;
  j["diameter_switch_hops"] = r.hops.diameter_switch_hops();
  const NetworkCost& n      = r.cost;
  j["network_power_W"] = {{"total", n.power_W()}, {"switches", n.switch_W}, {"optics", n.optics_W}, {"nics", n.nic_W}};
  j["network_capex_usd"] = {{"total", n.capex_usd()},
                            {"switches", n.switch_usd},
                            {"optics", n.optics_usd},
                            {"cables", n.cable_usd},
                            {"nics", n.nic_usd}};
  return j.dump(2) + "\n";
}

void print_topo_table(const TopologyReport& r, std::ostream& out)
{
  const TopologyCounts& t = r.counts;
  const Cluster& c        = r.cluster;
  out << fmt::format("topology {}: {} GPUs ({}) in {} nodes\n\n", c.spec.name, t.gpus, c.spec.node.gpu.name, t.nodes);
  out << "  device        count\n";
  for (int k = 0; k < DEVICE_KIND_COUNT; ++k)
    out << fmt::format("  {:<12} {:>6}\n", device_kind_name(static_cast<DeviceKind>(k)), t.devices[k]);
  out << "\n  link tier      links   optical   capacity (GB/s per direction)\n";
  for (int k = 0; k < LINK_TIER_COUNT; ++k)
    out << fmt::format("  {:<12} {:>7} {:>9} {:>12.1f}\n", link_tier_name(static_cast<LinkTier>(k)), t.tiers[k].links,
                       t.tiers[k].optical_links, t.tiers[k].capacity_Bps / 1e9);
  out << "\n  oversubscription (down:up)  ";
  for (int i = 0; i < 3; ++i)
    if (t.oversubscription[i] > 0)
      out << fmt::format("{} {:.3g}:1  ", device_kind_name(SWITCH_KINDS[i]), t.oversubscription[i]);
  out << "\n\n  module                              form        count    W each\n";
  for (const ModuleCount& m : t.modules)
    out << fmt::format("  {:<35} {:<9} {:>7} {:>9.2f}\n", m.name, module_form_name(m.form), m.count, m.power_W);
  out << fmt::format("  optical modules per GPU: {:.2f}\n", t.optical_modules_per_gpu());
  out << fmt::format("\n  bisection bandwidth   {:.1f} TB/s per direction ({:.0f}% of half the GPUs' NIC bandwidth)\n",
                     r.bisection_Bps / 1e12,
                     100 * r.bisection_Bps /
                         ((c.spec.nodes / 2) * c.spec.node.nics * c.spec.node.nic.bw_Bps));  // one side of the cut
  out << fmt::format("  GPU pairs by path     NVSwitch {:.4g}", r.hops.nvswitch);
  for (size_t i = 1; i < r.hops.by_switch_hops.size(); ++i)
    if (r.hops.by_switch_hops[i] > 0)
      out << fmt::format(", {} switches {:.4g}", i, r.hops.by_switch_hops[i]);
  out << "  ";
  if (r.hops.unreachable > 0)
    out << fmt::format("unreachable {:.4g} (need NVLink forwarding)", r.hops.unreachable);
  out << fmt::format("\n  diameter              {} switch hops\n", r.hops.diameter_switch_hops());
  const NetworkCost& n = r.cost;
  out << fmt::format(
      "\n  network power         {:.1f} kW: switches {:.1f}, optics {:.1f}, NICs {:.1f} ({:.0f} W per GPU)\n",
      n.power_W() / 1e3, n.switch_W / 1e3, n.optics_W / 1e3, n.nic_W / 1e3, n.power_W() / t.gpus);
  out << fmt::format("  network capex         ${:.2f}M: switches {:.2f}, optics {:.2f}, cables {:.2f}, NICs {:.2f} "
                     "(${:.0f} per GPU)\n",
                     n.capex_usd() / 1e6, n.switch_usd / 1e6, n.optics_usd / 1e6, n.cable_usd / 1e6, n.nic_usd / 1e6,
                     n.capex_usd() / t.gpus);
}

}  // namespace cs
