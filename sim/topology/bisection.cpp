// SPDX-License-Identifier: Apache-2.0
// Bisection bandwidth as a maximum flow on the fabric (Boost.Graph, Boykov–Kolmogorov).
#include "topology/analysis.hpp"

// GCC 12 reports Boost's optional-based edge iterators as maybe-uninitialized when the max-flow algorithm is
// instantiated; a known false positive, silenced for this file only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include <boost/graph/boykov_kolmogorov_max_flow.hpp>

namespace cs {

double bisection_bandwidth(const Cluster& c)
{
  using Traits    = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
  using FlowGraph = boost::adjacency_list<
      boost::vecS, boost::vecS, boost::directedS,
      boost::property<
          boost::vertex_index_t, long,
          boost::property<boost::vertex_color_t, boost::default_color_type,
                          boost::property<boost::vertex_distance_t, long,
                                          boost::property<boost::vertex_predecessor_t, Traits::edge_descriptor>>>>,
      boost::property<boost::edge_capacity_t, double,
                      boost::property<boost::edge_residual_capacity_t, double,
                                      boost::property<boost::edge_reverse_t, Traits::edge_descriptor>>>>;
  const ClusterGraph& g = c.graph;
  const size_t n        = boost::num_vertices(g);
  FlowGraph fg(n + 2);
  const Vertex source = n, sink = n + 1;
  auto capacity = boost::get(boost::edge_capacity, fg);
  auto reverse  = boost::get(boost::edge_reverse, fg);
  auto arc      = [&](Vertex a, Vertex b, double cap) {
    auto ab      = boost::add_edge(a, b, fg).first;
    auto ba      = boost::add_edge(b, a, fg).first;
    capacity[ab] = cap;
    capacity[ba] = 0;
    reverse[ab]  = ba;
    reverse[ba]  = ab;
  };
  const int half = c.spec.nodes / 2;
  for (const Edge& e : c.edges) {
    const Link& l = g[e];
    if (l.fabric_tier < 0)
      continue;
    Vertex a = boost::source(e, g), b = boost::target(e, g);
    arc(a, b, l.spec.bw_Bps);
    arc(b, a, l.spec.bw_Bps);
  }
  for (auto [v, end] = boost::vertices(g); v != end; ++v)
    if (g[*v].kind == DeviceKind::NIC) {
      if (g[*v].node < half)
        arc(source, *v, 1e30);
      else if (g[*v].node >= c.spec.nodes - half)
        arc(*v, sink, 1e30);
    }
  if (half == 0)
    return 0;
  return boost::boykov_kolmogorov_max_flow(fg, source, sink);
}

}  // namespace cs

#pragma GCC diagnostic pop
