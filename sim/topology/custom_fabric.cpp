// SPDX-License-Identifier: Apache-2.0
// A fabric listed switch by switch and link by link, for anything the generators do not build.
#include <fmt/format.h>
#include <map>

#include "config/error.hpp"
#include "topology/generators.hpp"

namespace cs {

void add_custom_fabric(Cluster& c, const NicTable& nics)
{
  const ClusterSpec& spec = c.spec;
  const FabricSpec& f     = spec.fabric;
  const CustomSpec& x     = f.custom;
  std::map<std::string, Vertex> by_name;
  std::map<Vertex, int> tier_of;
  for (const auto& node : nics)
    for (Vertex v : node)
      by_name[c.device(v).name] = v;
  for (size_t i = 0; i < x.switches.size(); ++i) {
    const CustomSwitch& s = x.switches[i];
    std::string key       = fmt::format("fabric.switches[{}].name", i);
    if (by_name.count(s.name))
      fabric_error(spec, key, fmt::format("\"{}\" names a device twice", s.name));
    Vertex v        = add_device(c, {SWITCH_KINDS[s.tier - 1], s.name, -1, static_cast<int>(i), -1, 0});
    by_name[s.name] = v;
    tier_of[v]      = s.tier;
  }
  for (int t = 0; t < 3; ++t)
    check_tier(spec, f.tier(t), t == 0 ? "leaf" : t == 1 ? "spine" : "core", t == 0 ? spec.node.nic.bw_Bps : 0);

  std::vector<std::string> names;
  for (const auto& [name, v] : by_name)
    names.push_back(name);
  auto find = [&](size_t i, const char* end, const std::string& name) {
    auto it = by_name.find(name);
    if (it == by_name.end())
      fabric_error(spec, fmt::format("fabric.links[{}].{}", i, end),
                   fmt::format("no switch or NIC named \"{}\"{}", name, did_you_mean(name, names)));
    return it->second;
  };
  std::map<Vertex, int> ports;
  for (size_t i = 0; i < x.links.size(); ++i) {
    const CustomLink& l = x.links[i];
    Vertex a = find(i, "from", l.from), b = find(i, "to", l.to);
    int ta = tier_of.count(a) ? tier_of[a] : 0, tb = tier_of.count(b) ? tier_of[b] : 0;
    if (ta == 0 && tb == 0)
      fabric_error(spec, fmt::format("fabric.links[{}]", i), "a link must end at a switch; NICs join through one");
    if (std::min(ta, tb) == 0 && std::max(ta, tb) != 1)
      fabric_error(spec, fmt::format("fabric.links[{}]", i), "a NIC must be cabled to a leaf (tier: leaf) switch");
    LinkTier tier          = std::min(ta, tb) == 0   ? LinkTier::NIC_LEAF
                             : ta == tb              ? LinkTier::LATERAL
                             : std::max(ta, tb) == 2 ? LinkTier::LEAF_SPINE
                                                     : LinkTier::SPINE_CORE;
    const TierSpec& spec_t = f.tier(std::max(ta, tb) - 1);
    for (int k = 0; k < l.count; ++k)
      add_link(c, a, b, tier, built_link(spec_t), std::max(ta, tb) - 1);
    for (Vertex v : {a, b})
      if (tier_of.count(v) && (ports[v] += l.count) > f.tier(tier_of[v] - 1).sw.ports)
        fabric_error(spec, fmt::format("fabric.links[{}]", i),
                     fmt::format("{} has {} ports, and this link needs one more", c.device(v).name,
                                 f.tier(tier_of[v] - 1).sw.ports));
  }
}

}  // namespace cs
