// SPDX-License-Identifier: Apache-2.0
#include "topology/routing.hpp"

#include <deque>
#include <fmt/format.h>
#include <limits>

#include "config/error.hpp"

namespace cs {

namespace {

constexpr int UNREACHED = std::numeric_limits<int>::max();

// Breadth-first search from dst in which only dst itself may be left through while being a GPU.
std::vector<int> hop_counts(const Cluster& c, Vertex dst)
{
  std::vector<int> hops(boost::num_vertices(c.graph), UNREACHED);
  std::deque<Vertex> queue{dst};
  hops[dst] = 0;
  while (!queue.empty()) {
    Vertex v = queue.front();
    queue.pop_front();
    if (v != dst && c.device(v).kind == DeviceKind::GPU)
      continue;
    for (auto [e, end] = boost::out_edges(v, c.graph); e != end; ++e) {
      Vertex w = boost::target(*e, c.graph);
      if (hops[w] == UNREACHED) {
        hops[w] = hops[v] + 1;
        queue.push_back(w);
      }
    }
  }
  return hops;
}

}  // namespace

const std::vector<int>& Router::hops_to(Vertex dst)
{
  auto it = hops_to_.find(dst);
  if (it == hops_to_.end())
    it = hops_to_.emplace(dst, hop_counts(cluster_, dst)).first;
  return it->second;
}

const Route& Router::route(int src_gpu, int dst_gpu)
{
  auto key = std::make_pair(src_gpu, dst_gpu);
  if (auto it = routes_.find(key); it != routes_.end())
    return it->second;

  const ClusterGraph& g = cluster_.graph;
  Vertex src            = cluster_.gpus.at(src_gpu);
  Vertex dst            = cluster_.gpus.at(dst_gpu);
  const auto& hops      = hops_to(dst);
  if (hops[src] == UNREACHED)
    throw ConfigError(ErrorKind::VALIDATION, {}, "topology",
                      fmt::format("no route from {} to {}", cluster_.device(src).name, cluster_.device(dst).name));

  Route r;
  r.bottleneck_Bps = std::numeric_limits<double>::infinity();
  Vertex at        = src;
  while (at != dst) {
    // Candidate next hops, in edge-creation order so that the choice does not depend on container internals.
    std::vector<std::pair<int, Vertex>> next;
    for (auto [e, end] = boost::out_edges(at, g); e != end; ++e) {
      Vertex w = boost::target(*e, g);
      if (hops[w] == hops[at] - 1 && (w == dst || cluster_.device(w).kind != DeviceKind::GPU))
        next.emplace_back(g[*e].index, w);
    }
    std::sort(next.begin(), next.end());
    auto [edge, w]   = next[static_cast<size_t>(dst_gpu) % next.size()];
    const Link& link = cluster_.link(edge);
    r.hops.push_back({edge, cluster_.source(edge) == at});
    r.latency_s += link.spec.latency_s;
    r.bottleneck_Bps = std::min(r.bottleneck_Bps, link.spec.bw_Bps);
    at               = w;
  }
  if (r.hops.empty())
    r.bottleneck_Bps = 0;
  return routes_.emplace(key, std::move(r)).first->second;
}

std::vector<int> unreachable_gpus(const Cluster& cluster, int from)
{
  std::vector<int> hops = hop_counts(cluster, cluster.gpus.at(from));
  std::vector<int> out;
  for (int g = 0; g < cluster.gpu_count(); ++g)
    if (hops[cluster.gpus[g]] == UNREACHED)
      out.push_back(g);
  return out;
}

}  // namespace cs
