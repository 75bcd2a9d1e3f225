// SPDX-License-Identifier: Apache-2.0
#include "topology/routing.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <limits>
#include <stdexcept>

#include "config/error.hpp"

namespace cs {

namespace {

int tier_of(DeviceKind k)
{
  switch (k) {
    case DeviceKind::LEAF:
      return 1;
    case DeviceKind::SPINE:
      return 2;
    case DeviceKind::CORE:
      return 3;
    default:
      return 0;
  }
}

}  // namespace

Router::Router(const Cluster& cluster)
    : cluster_(cluster)
{
  const FabricKind kind = cluster.spec.fabric.kind;
  generic_              = kind == FabricKind::DRAGONFLY || kind == FabricKind::TORUS || kind == FabricKind::CUSTOM;
  const ClusterGraph& g = cluster.graph;
  const size_t n        = boost::num_vertices(g);
  scale_up_edge_.assign(cluster.gpu_count(), -1);
  host_edge_.assign(cluster.gpu_count(), -1);
  nic_of_.assign(cluster.gpu_count(), 0);
  nic_leaf_edge_.assign(n, -1);
  leaf_ordinal_.assign(n, -1);
  up_.resize(n);
  down_.resize(n);
  lateral_.resize(n);
  int leaves = 0;
  for (Vertex v = 0; v < n; ++v)
    if (g[v].kind == DeviceKind::LEAF) {
      leaf_ordinal_[v] = leaves++;
      leaf_vertex_.push_back(v);
    }
  leaf_count_ = leaves;

  // Edges in creation order, so that candidate lists, and with them every route, are deterministic.
  for (int e = 0; e < static_cast<int>(cluster.edges.size()); ++e) {
    Vertex a = cluster.source(e), b = cluster.target(e);
    const Device &da = g[a], &db = g[b];
    switch (cluster.link(e).tier) {
      case LinkTier::SCALE_UP:
        scale_up_edge_[da.kind == DeviceKind::GPU ? da.index : db.index] = e;
        break;
      case LinkTier::HOST: {
        bool a_gpu      = da.kind == DeviceKind::GPU;
        int gpu         = a_gpu ? da.index : db.index;
        host_edge_[gpu] = e;
        nic_of_[gpu]    = a_gpu ? b : a;
        break;
      }
      case LinkTier::NIC_LEAF:
        nic_leaf_edge_[da.kind == DeviceKind::NIC ? a : b] = e;
        break;
      case LinkTier::LATERAL:
        lateral_[a].push_back({e, b});
        lateral_[b].push_back({e, a});
        break;
      case LinkTier::LEAF_SPINE:
      case LinkTier::SPINE_CORE: {
        lateral_[a].push_back({e, b});
        lateral_[b].push_back({e, a});
        Vertex lo = tier_of(da.kind) < tier_of(db.kind) ? a : b;
        Vertex hi = lo == a ? b : a;
        up_[lo].push_back({e, hi});
        down_[hi].push_back({e, lo});
        break;
      }
    }
  }

  // Destination numbers: the port a NIC takes on its leaf, in cabling order, after all ports of lower leaves. A NIC
  // cabled more than once (several cables, or two leaves in a custom fabric) is numbered by its first cable.
  {
    std::vector<size_t> ports(static_cast<size_t>(leaves), 0);
    std::vector<std::pair<Vertex, int>> nic_on_leaf;  // (NIC, leaf ordinal), in cabling order
    std::vector<bool> numbered(n, false);
    for (int e = 0; e < static_cast<int>(cluster.edges.size()); ++e)
      if (cluster.link(e).tier == LinkTier::NIC_LEAF) {
        Vertex a = cluster.source(e), b = cluster.target(e);
        Vertex nic = g[a].kind == DeviceKind::NIC ? a : b, leaf = nic == a ? b : a;
        if (leaf_ordinal_[leaf] >= 0 && !numbered[nic]) {
          numbered[nic] = true;
          nic_on_leaf.push_back({nic, leaf_ordinal_[leaf]});
        }
      }
    endpoint_.assign(n, 0);
    for (const auto& [nic, leaf] : nic_on_leaf)
      endpoint_[nic] = ports[static_cast<size_t>(leaf)]++;
    const size_t width = ports.empty() ? 1 : std::max<size_t>(1, *std::max_element(ports.begin(), ports.end()));
    for (const auto& [nic, leaf] : nic_on_leaf)
      endpoint_[nic] += static_cast<size_t>(leaf) * width;
  }

  // Which leaves each switch reaches going down: itself for a leaf, the union of its children above that.
  const size_t words = (static_cast<size_t>(leaves) + 63) / 64;
  below_.assign(n, {});
  for (int tier = 1; tier <= 3; ++tier)
    for (Vertex v = 0; v < n; ++v) {
      if (tier_of(g[v].kind) != tier)
        continue;
      below_[v].assign(words, 0);
      if (tier == 1)
        below_[v][leaf_ordinal_[v] / 64] |= uint64_t{1} << (leaf_ordinal_[v] % 64);
      for (const Adjacent& child : down_[v])
        for (size_t w = 0; w < words; ++w)
          below_[v][w] |= below_[child.to][w];
    }
}

const std::vector<int>& Router::distances_to(int leaf) const
{
  auto it = distances_.find(leaf);
  if (it != distances_.end())
    return it->second;
  std::vector<int> dist(lateral_.size(), -1);
  std::vector<Vertex> frontier{leaf_vertex_[leaf]};
  dist[leaf_vertex_[leaf]] = 0;
  for (int d = 1; !frontier.empty(); ++d) {
    std::vector<Vertex> next;
    for (Vertex v : frontier)
      for (const Adjacent& a : lateral_[v])
        if (dist[a.to] < 0) {
          dist[a.to] = d;
          next.push_back(a.to);
        }
    frontier = std::move(next);
  }
  return distances_.emplace(leaf, std::move(dist)).first->second;
}

int Router::leaf_hops(int from, int to) const
{
  if (from == to)
    return 1;
  if (generic_) {
    int d = distances_to(to)[leaf_vertex_[from]];
    return d < 0 ? -1 : d + 1;
  }
  auto within = leaves_within(from);
  for (int t = 1; t < 3; ++t)
    if ((within[t][to / 64] >> (to % 64)) & 1)
      return 2 * t + 1;
  return -1;
}

void Router::step_generic(Route& r, Vertex& at, Vertex leaf_d, size_t dest, size_t& divisor)
{
  const std::vector<int>& dist = distances_to(leaf_ordinal_[leaf_d]);
  std::vector<const Adjacent*> choices;
  for (const Adjacent& a : lateral_[at])
    if (dist[a.to] >= 0 && dist[a.to] == dist[at] - 1)
      choices.push_back(&a);
  if (choices.empty())
    throw ConfigError(
        ErrorKind::VALIDATION, {}, "topology",
        fmt::format("no path from {} to {} on the fabric", cluster_.device(at).name, cluster_.device(leaf_d).name));
  const Adjacent* pick = choices[dest / divisor % choices.size()];
  divisor *= choices.size();
  r.hops.push_back({pick->edge, cluster_.source(pick->edge) == at});
  at = pick->to;
}

bool Router::below(Vertex sw, int leaf) const
{
  return (below_[sw][leaf / 64] >> (leaf % 64)) & 1;
}

int Router::leaf_of_gpu(int gpu) const
{
  int e = nic_leaf_edge_[nic_of_[gpu]];
  if (e < 0)
    return -1;
  Vertex a = cluster_.source(e);
  return leaf_ordinal_[cluster_.device(a).kind == DeviceKind::LEAF ? a : cluster_.target(e)];
}

std::vector<std::vector<uint64_t>> Router::leaves_within(int leaf) const
{
  std::vector<std::vector<uint64_t>> out(3, std::vector<uint64_t>((static_cast<size_t>(leaf_count_) + 63) / 64, 0));
  Vertex v = leaf_vertex_[leaf];
  out[0][leaf / 64] |= uint64_t{1} << (leaf % 64);
  out[1] = out[0];
  for (const Adjacent& spine : up_[v])
    for (size_t w = 0; w < out[1].size(); ++w)
      out[1][w] |= below_[spine.to][w];
  out[2] = out[1];
  for (const Adjacent& spine : up_[v])
    for (const Adjacent& core : up_[spine.to])
      for (size_t w = 0; w < out[2].size(); ++w)
        out[2][w] |= below_[core.to][w];
  return out;
}

const Route& Router::route(int src_gpu, int dst_gpu)
{
  const uint64_t key = (static_cast<uint64_t>(src_gpu) << 32) | static_cast<uint32_t>(dst_gpu);
  if (auto it = routes_.find(key); it != routes_.end())
    return it->second;

  const Device& s  = cluster_.device(cluster_.gpus.at(src_gpu));
  const Device& d  = cluster_.device(cluster_.gpus.at(dst_gpu));
  auto unreachable = [&](const char* why) {
    return ConfigError(ErrorKind::VALIDATION, {}, "topology",
                       fmt::format("no route from {} to {}: {}", s.name, d.name, why));
  };
  Route r;
  auto cross = [&](int edge, Vertex from) { r.hops.push_back({edge, cluster_.source(edge) == from}); };

  if (src_gpu != dst_gpu && s.node == d.node && scale_up_edge_[src_gpu] >= 0) {
    cross(scale_up_edge_[src_gpu], cluster_.gpus[src_gpu]);
    Vertex nvswitch = r.hops[0].forward ? cluster_.target(r.hops[0].edge) : cluster_.source(r.hops[0].edge);
    cross(scale_up_edge_[dst_gpu], nvswitch);
  } else if (src_gpu != dst_gpu) {
    const Vertex nic_s = nic_of_[src_gpu], nic_d = nic_of_[dst_gpu];
    cross(host_edge_[src_gpu], cluster_.gpus[src_gpu]);
    if (nic_s != nic_d) {
      const int e_s = nic_leaf_edge_[nic_s], e_d = nic_leaf_edge_[nic_d];
      if (e_s < 0 || e_d < 0)
        throw unreachable("a NIC is not cabled to the fabric");
      Vertex at        = cluster_.source(e_s) == nic_s ? cluster_.target(e_s) : cluster_.source(e_s);
      Vertex leaf_d    = cluster_.source(e_d) == nic_d ? cluster_.target(e_d) : cluster_.source(e_d);
      const int target = leaf_ordinal_[leaf_d];
      cross(e_s, nic_s);
      // D-mod-k digit by digit (routing.hpp): going up, one digit of d picks the switch above and the next picks
      // the cable to it; coming down, each tier repeats the picks of the up hop at that tier.
      const size_t dest = endpoint_[nic_d];
      size_t divisor    = 1;
      struct Pick {
        size_t sw, cable;
      };
      std::vector<Pick> up_picks;
      auto step = [&](const std::vector<Adjacent>& links, bool going_up) {
        std::vector<const Adjacent*> choices;
        for (const Adjacent& a : links)
          if (going_up ? below(a.to, target) || !up_[a.to].empty() : below(a.to, target))
            choices.push_back(&a);
        if (going_up)  // prefer switches that already see the destination, so paths stay shortest
          if (std::any_of(choices.begin(), choices.end(), [&](const Adjacent* a) { return below(a->to, target); }))
            std::erase_if(choices, [&](const Adjacent* a) { return !below(a->to, target); });
        if (choices.empty())
          throw unreachable("the fabric does not join their leaves (different rails or planes without a common "
                            "spine; forward over NVLink instead)");
        std::vector<Vertex> switches;  // the distinct switches reached, in link order
        for (const Adjacent* a : choices)
          if (std::find(switches.begin(), switches.end(), a->to) == switches.end())
            switches.push_back(a->to);
        Pick p;
        if (going_up) {
          p.sw = dest / divisor % switches.size();
          divisor *= switches.size();
        } else {
          if (up_picks.empty())  // a tree comes down as many tiers as it went up
            throw std::logic_error("routing: more hops down than up from " + s.name + " to " + d.name);
          p = up_picks.back();
          up_picks.pop_back();
          p.sw %= switches.size();
        }
        std::vector<const Adjacent*> cables;
        for (const Adjacent* a : choices)
          if (a->to == switches[p.sw])
            cables.push_back(a);
        if (going_up) {
          p.cable = dest / divisor % cables.size();
          divisor *= cables.size();
          up_picks.push_back(p);
        }
        const Adjacent* pick = cables[p.cable % cables.size()];
        cross(pick->edge, at);
        at = pick->to;
      };
      int climbs = 0;
      if (generic_)
        while (at != leaf_d)
          step_generic(r, at, leaf_d, dest, divisor);
      while (!generic_ && !below(at, target)) {
        if (++climbs > 3)
          throw unreachable("no common switch above their leaves");
        step(up_[at], true);
      }
      while (!generic_ && at != leaf_d)
        step(down_[at], false);
      cross(e_d, leaf_d);
    }
    cross(host_edge_[dst_gpu], nic_d);
  }

  r.bottleneck_Bps = r.hops.empty() ? 0 : std::numeric_limits<double>::infinity();
  for (const Hop& h : r.hops) {
    const Link& l = cluster_.link(h.edge);
    r.latency_s += l.spec.latency_s;
    r.bottleneck_Bps = std::min(r.bottleneck_Bps, l.spec.bw_Bps);
  }
  return routes_.emplace(key, std::move(r)).first->second;
}

}  // namespace cs
