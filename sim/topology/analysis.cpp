// SPDX-License-Identifier: Apache-2.0
#include "topology/analysis.hpp"

#include <bit>
#include <boost/graph/connected_components.hpp>
#include <fmt/format.h>
#include <map>

#include "config/error.hpp"

namespace cs {

namespace {

}  // namespace

TopologyCounts count_topology(const Cluster& c)
{
  const ClusterGraph& g = c.graph;
  TopologyCounts t;
  t.gpus  = c.gpu_count();
  t.nodes = c.spec.nodes;
  for (auto [v, end] = boost::vertices(g); v != end; ++v)
    t.devices[static_cast<int>(g[*v].kind)]++;

  // Link ends per (device, module type): a twin-port module serves two ends on the same switch, never two switches.
  std::map<std::pair<Vertex, std::string>, int> ends;
  std::map<std::string, ModuleSpec> module_of;
  std::array<double, 3> down_bw{}, up_bw{};
  for (const Edge& e : c.edges) {
    const Link& l   = g[e];
    TierCount& tier = t.tiers[static_cast<int>(l.tier)];
    tier.links++;
    tier.capacity_Bps += l.spec.bw_Bps;
    if (l.fabric_tier < 0)
      continue;
    const MediumSpec& m = c.spec.fabric.tier(l.fabric_tier).medium;
    tier.optical_links += m.optical;
    for (Vertex v : {boost::source(e, g), boost::target(e, g)}) {
      const ModuleSpec& mod = g[v].kind == DeviceKind::NIC ? m.nic_end : m.switch_end;
      if (mod.power_W > 0 || mod.price_usd > 0 || mod.form != ModuleForm::COPPER) {
        ends[{v, mod.name}]++;
        module_of[mod.name] = mod;
      }
    }
    if (l.tier == LinkTier::LATERAL)
      continue;  // joins peers: neither down nor up
    int upper = l.fabric_tier;
    down_bw[upper] += l.spec.bw_Bps;
    if (upper > 0)
      up_bw[upper - 1] += l.spec.bw_Bps;
  }
  std::map<std::string, int> modules;
  for (const auto& [key, n] : ends)
    modules[key.second] += (n + module_of[key.second].ports - 1) / module_of[key.second].ports;
  for (const auto& [name, n] : modules) {
    const ModuleSpec& m = module_of[name];
    t.modules.push_back({name, m.form, n, m.power_W, m.price_usd, m.idle_power_W()});
    if (m.form != ModuleForm::COPPER)
      t.optical_modules += n;
  }
  for (int i = 0; i < 3; ++i)
    t.oversubscription[i] = up_bw[i] > 0 ? down_bw[i] / up_bw[i] : 0;
  return t;
}

NetworkCost network_cost(const Cluster& c, const TopologyCounts& counts)
{
  const FabricSpec& f = c.spec.fabric;
  NetworkCost n;
  for (int i = 0; i < 3; ++i) {
    int switches = counts.devices[static_cast<int>(SWITCH_KINDS[i])];
    n.switch_W += switches * f.tier(i).sw.power_W;
    n.switch_usd += switches * f.tier(i).sw.price_usd;
    n.cable_usd += counts.tiers[static_cast<int>(FABRIC_TIERS[i])].links * f.tier(i).medium.cable_price_usd;
  }
  for (const ModuleCount& m : counts.modules) {
    n.optics_W += m.count * m.power_W;
    n.optics_usd += m.count * m.price_usd;
  }
  int nics  = counts.devices[static_cast<int>(DeviceKind::NIC)];
  n.nic_W   = nics * c.spec.node.nic.power_W;
  n.nic_usd = nics * c.spec.node.nic.price_usd;
  return n;
}

int HopHistogram::diameter_switch_hops() const
{
  for (int h = static_cast<int>(by_switch_hops.size()) - 1; h > 0; --h)
    if (by_switch_hops[h] > 0)
      return h;
  return 0;
}

HopHistogram hop_histogram(const Cluster& c, const Router& router)
{
  HopHistogram h;
  const int L = router.leaf_count();
  std::vector<double> gpus_on(L, 0);
  for (int g = 0; g < c.gpu_count(); ++g)
    if (int l = router.leaf_of_gpu(g); l >= 0)
      gpus_on[l]++;
  auto add = [&](int hops, double pairs) {
    if (hops < 0)
      return;
    if (static_cast<int>(h.by_switch_hops.size()) <= hops)
      h.by_switch_hops.resize(hops + 1, 0);
    h.by_switch_hops[hops] += pairs;
  };
  // Pairs by the leaves behind their NICs, as if every pair used the fabric. Cost: one pass per leaf over the
  // leaves (bitsets on a Clos, a breadth-first search elsewhere), never per GPU pair.
  for (int a = 0; a < L; ++a) {
    if (gpus_on[a] == 0)
      continue;
    if (router.generic()) {
      for (int b = 0; b < L; ++b)
        if (gpus_on[b] > 0)
          add(router.leaf_hops(a, b), gpus_on[a] * (gpus_on[b] - (a == b ? 1 : 0)));
      continue;
    }
    std::vector<std::vector<uint64_t>> within = router.leaves_within(a);
    std::vector<uint64_t> seen(within[0].size(), 0);
    for (int t = 0; t < 3; ++t) {
      double n = 0;
      for (size_t w = 0; w < seen.size(); ++w) {
        uint64_t fresh = within[t][w] & ~seen[w];
        for (; fresh; fresh &= fresh - 1)
          n += gpus_on[w * 64 + std::countr_zero(fresh)];
        seen[w] |= within[t][w];
      }
      add(2 * t + 1, gpus_on[a] * (n - (t == 0 ? 1 : 0)));
    }
  }
  // Pairs inside one node take the NVSwitch instead: move them out of their leaf relation.
  const int g = c.spec.node.gpus;
  if (g > 1)
    for (int node = 0; node < c.spec.nodes; ++node)
      for (int i = 0; i < g; ++i)
        for (int j = 0; j < g; ++j) {
          if (i == j)
            continue;
          int a = router.leaf_of_gpu(node * g + i), b = router.leaf_of_gpu(node * g + j);
          if (a >= 0 && b >= 0)
            add(router.leaf_hops(a, b), -1);
          h.nvswitch++;
        }
  double counted = h.nvswitch;
  for (double n : h.by_switch_hops)
    counted += n;
  h.unreachable = static_cast<double>(c.gpu_count()) * (c.gpu_count() - 1) - counted;
  return h;
}

static std::string name_some(const Cluster& c, const std::vector<Vertex>& vs)
{
  std::string out;
  for (size_t i = 0; i < vs.size() && i < 8; ++i)
    out += (i ? ", " : "") + c.device(vs[i]).name;
  if (vs.size() > 8)
    out += fmt::format(" and {} more", vs.size() - 8);
  return out;
}

void validate_connectivity(const Cluster& c)
{
  if (c.gpus.empty())
    throw ConfigError(ErrorKind::VALIDATION, c.spec.where.of("nodes"), "nodes", "the cluster has no GPU");
  std::vector<int> component(boost::num_vertices(c.graph));
  boost::connected_components(c.graph, component.data());
  std::vector<Vertex> cut_off;
  for (auto [v, end] = boost::vertices(c.graph); v != end; ++v)
    if (component[*v] != component[c.gpus[0]])
      cut_off.push_back(*v);
  if (!cut_off.empty())
    throw ConfigError(ErrorKind::VALIDATION, {}, "topology",
                      fmt::format("the graph is disconnected: {} device(s) unreachable from {}: {}", cut_off.size(),
                                  c.device(c.gpus[0]).name, name_some(c, cut_off)));
}

void write_dot(const Cluster& c, std::ostream& out)
{
  const ClusterGraph& g = c.graph;
  out << "graph \"" << c.spec.name << "\" {\n  node [shape=box, fontsize=10];\n";
  std::vector<std::vector<Vertex>> by_node(c.spec.nodes);
  for (auto [v, end] = boost::vertices(g); v != end; ++v)
    if (g[*v].node >= 0)
      by_node[g[*v].node].push_back(*v);
  for (int node = 0; node < c.spec.nodes; ++node) {
    out << "  subgraph cluster_node" << node << " {\n    label=\"node" << node << "\";\n";
    for (Vertex v : by_node[node])
      out << "    \"" << g[v].name << "\" [shape=" << (g[v].kind == DeviceKind::GPU ? "ellipse" : "box") << "];\n";
    out << "  }\n";
  }
  for (DeviceKind tier : SWITCH_KINDS) {
    out << "  subgraph " << device_kind_name(tier) << " { rank=same;";
    for (auto [v, end] = boost::vertices(g); v != end; ++v)
      if (g[*v].kind == tier)
        out << " \"" << g[*v].name << "\";";
    out << " }\n";
  }
  for (const Edge& e : c.edges) {
    const Link& l = g[e];
    out << "  \"" << g[boost::source(e, g)].name << "\" -- \"" << g[boost::target(e, g)].name << "\" [label=\""
        << fmt::format("{:g}GB/s", l.spec.bw_Bps / 1e9) << "\", tier=" << link_tier_name(l.tier) << "];\n";
  }
  out << "}\n";
}

}  // namespace cs
