// SPDX-License-Identifier: Apache-2.0
#include "topology/analysis.hpp"

#include <boost/graph/connected_components.hpp>
#include <fmt/format.h>

#include "config/error.hpp"
#include "topology/routing.hpp"

namespace cs {

TopologyCounts count_topology(const Cluster& c)
{
  TopologyCounts t;
  t.gpus  = c.gpu_count();
  t.nodes = c.spec.nodes;
  for (auto [v, end] = boost::vertices(c.graph); v != end; ++v)
    t.devices[static_cast<int>(c.graph[*v].kind)]++;
  for (const Edge& e : c.edges) {
    const Link& l   = c.graph[e];
    TierCount& tier = t.tiers[static_cast<int>(l.tier)];
    bool scale_out  = l.tier == LinkTier::NIC_LEAF || l.tier == LinkTier::LEAF_SPINE;
    bool optical    = scale_out && c.spec.fabric.medium.optical;
    tier.links++;
    tier.capacity_Bps += l.spec.bw_Bps;
    if (optical) {
      tier.optical_links++;
      t.optical_ports += 2;
    }
  }
  return t;
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
  std::vector<Vertex> stranded;
  for (int g : unreachable_gpus(c, 0))
    stranded.push_back(c.gpus[g]);
  if (!stranded.empty())
    throw ConfigError(ErrorKind::VALIDATION, {}, "topology",
                      fmt::format("{} GPU(s) unreachable from {} without forwarding through other GPUs: {}",
                                  stranded.size(), c.device(c.gpus[0]).name, name_some(c, stranded)));
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
  for (DeviceKind tier : {DeviceKind::LEAF, DeviceKind::SPINE}) {
    out << "  { rank=same;";
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
