// SPDX-License-Identifier: Apache-2.0
#include "report/topo_report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace cs {

std::string topo_json(const Cluster& c, const TopologyCounts& t)
{
  nlohmann::ordered_json j;
  j["name"]                      = c.spec.name;
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
  j["links"]                 = links;
  j["optical_ports"]         = t.optical_ports;
  j["optical_ports_per_gpu"] = t.gpus > 0 ? static_cast<double>(t.optical_ports) / t.gpus : 0.0;
  return j.dump(2) + "\n";
}

void print_topo_table(const Cluster& c, const TopologyCounts& t, std::ostream& out)
{
  out << fmt::format("topology {}: {} GPUs ({}) in {} nodes\n\n", c.spec.name, t.gpus, c.spec.node.gpu.name, t.nodes);
  out << "  device        count\n";
  for (int k = 0; k < DEVICE_KIND_COUNT; ++k)
    out << fmt::format("  {:<12} {:>6}\n", device_kind_name(static_cast<DeviceKind>(k)), t.devices[k]);
  out << "\n  link tier      links   optical   capacity (GB/s per direction)\n";
  for (int k = 0; k < LINK_TIER_COUNT; ++k)
    out << fmt::format("  {:<12} {:>7} {:>9} {:>12.1f}\n", link_tier_name(static_cast<LinkTier>(k)), t.tiers[k].links,
                       t.tiers[k].optical_links, t.tiers[k].capacity_Bps / 1e9);
  out << fmt::format("\n  optical link ends: {} ({:.2f} per GPU; one module each, twin-port modules not yet merged)\n",
                     t.optical_ports, t.gpus > 0 ? static_cast<double>(t.optical_ports) / t.gpus : 0.0);
}

}  // namespace cs
