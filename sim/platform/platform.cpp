// SPDX-License-Identifier: Apache-2.0
#include "platform/platform.hpp"

#include <fmt/format.h>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/Link.hpp>
#include <simgrid/s4u/NetZone.hpp>

namespace sg4 = simgrid::s4u;

namespace cs {

//   One flat zone; routes are lists of links chosen by topology/routing and installed per GPU pair:
//
//     gpu0 ──nvl── nvswitch ──nvl── gpu1          (scale_up)
//     gpu0 ──pcie── nic0 ──── leaf0 ──── spine0   (host, nic_leaf, leaf_spine)
//
//   Switches and NICs are not netpoints: a route is the sequence of their links, so SimGrid sees every
//   bottleneck and shares it between flows.
Platform::Platform(const Cluster& cluster, Router& router)
    : cluster_(cluster)
    , router_(router)
{
  zone_               = sg4::create_empty_zone("cluster");
  gpu_flops_          = cluster.spec.node.gpu.bf16_flops;
  const GpuSpec& spec = cluster.spec.node.gpu;
  // One SimGrid pstate per DVFS operating point: speed and "idle:epsilon:all-cores" watts. A GPU host runs one exec
  // at a time at full load, so it draws the point's power while computing and idle power otherwise.
  std::vector<double> speeds;
  std::string wattage;
  for (int k = 0; k <= static_cast<int>(spec.pstates.size()); ++k) {
    speeds.push_back(gpu_flops_ * pstate_speed_fraction(spec, k));
    double busy = pstate_power_W(spec, k);
    wattage += fmt::format("{}{:.17g}:{:.17g}:{:.17g}", k ? ", " : "", spec.idle_W, busy, busy);
  }
  for (int r = 0; r < cluster.gpu_count(); ++r) {
    sg4::Host* h = zone_->create_host(cluster.device(cluster.gpus[r]).name, speeds);
    h->set_property("wattage_per_state", wattage);
    h->set_property("wattage_off", "0");
    gpus_.push_back(h->seal());
  }
  timer_ = zone_->create_host("clustersim-timer", 1e18)->seal();
  for (int e = 0; e < static_cast<int>(cluster.edges.size()); ++e) {
    const Link& l = cluster.link(static_cast<int>(e));
    // The edge number keeps parallel links (several cables between one leaf and one spine) apart.
    std::string name = fmt::format("{}:{}:{}--{}", e, link_tier_name(l.tier), cluster.device(cluster.source(e)).name,
                                   cluster.device(cluster.target(e)).name);
    links_.push_back(zone_->create_split_duplex_link(name, l.spec.effective_Bps())->set_latency(0)->seal());
  }
  zone_->seal();
  // The DVFS operating point is chosen once the zone is sealed: SimGrid 3.32 crashes on set_pstate before.
  for (sg4::Host* h : gpus_)
    h->set_pstate(cluster.spec.node.gpu_pstate);
}

void Platform::ensure_route(int src, int dst)
{
  if (!routed_.insert(static_cast<std::uint64_t>(src) << 32 | static_cast<std::uint32_t>(dst)).second)
    return;
  const Route& route = router_.route(src, dst);
  std::vector<sg4::LinkInRoute> links;
  for (const Hop& hop : route.hops)
    links.emplace_back(links_[hop.edge],
                       hop.forward ? sg4::LinkInRoute::Direction::UP : sg4::LinkInRoute::Direction::DOWN);
  zone_->add_bypass_route(gpus_[src]->get_netpoint(), gpus_[dst]->get_netpoint(), nullptr, nullptr, links);
}

}  // namespace cs
