// SPDX-License-Identifier: Apache-2.0
#include "collective/tuner.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace cs {

namespace {

std::vector<Estimate> estimate_at(CollectiveOp op, const std::vector<int>& group, double S, const FabricShape& f,
                                  int channels)
{
  std::map<int, int> per_node;
  for (int g : group)
    per_node[g / f.gpus_per_node]++;
  const double p = static_cast<double>(group.size());
  const double n = static_cast<double>(per_node.size());
  bool even      = true;
  for (const auto& [node, count] : per_node)
    even = even && count == per_node.begin()->second;
  const double c    = even ? per_node.begin()->second : 1;
  const bool whole  = even && c == f.gpus_per_node;
  const bool multi  = n > 1;
  const double a    = multi ? f.network_alpha : f.scale_up_alpha;  // the slowest hop a flat algorithm takes
  const double bnet = multi ? f.network_Bps : f.scale_up_Bps;
  std::vector<Estimate> out;
  auto add = [&](CollectiveAlgo algo, double t) { out.push_back({algo, t}); };

  if (op == CollectiveOp::ALLREDUCE) {
    // Ring: 2(p−1) steps at the slowest hop; rail-aligned channels over whole nodes each cross on their own NIC.
    const double k = whole ? std::clamp<double>(channels, 1, f.gpus_per_node) : 1;
    add(CollectiveAlgo::RING, 2 * (p - 1) * a + 2 * (p - 1) / p * S / (multi ? k * bnet : f.scale_up_Bps));
    // Double binary tree: pipeline fill up and down a chain and a tree of nodes; the busiest head sends S/2 to
    // its parent and to each of two children.
    const double depth = (c - 1) * f.scale_up_alpha + std::floor(std::log2(std::max(n, 1.0))) * f.network_alpha;
    const double head  = n <= 1 ? 0 : (n == 2 ? S / 2 : 1.5 * S);
    add(CollectiveAlgo::TREE, 2 * depth + std::max(multi ? head / f.network_Bps : 0, 2 * S / f.scale_up_Bps));
    if (p >= 2 && (static_cast<int>(p) & (static_cast<int>(p) - 1)) == 0) {
      // Halving-doubling: distances ≥ c cross nodes, the rest stay inside (group in node order).
      double t = 0, block = S;
      for (double d = p / 2; d >= 1; d /= 2) {
        block /= 2;
        const bool across = d >= c && multi;
        t += 2 * ((across ? f.network_alpha : f.scale_up_alpha) + block / (across ? f.network_Bps : f.scale_up_Bps));
      }
      add(CollectiveAlgo::HALVING_DOUBLING, t);
    }
    if (even && c >= 2) {
      const double net      = multi ? 2 * (n - 1) / n * (S / c) / f.network_Bps : 0;
      const double fill_net = multi ? 2 * (n - 1) * f.network_alpha : 0;
      add(CollectiveAlgo::HIERARCHICAL,
          2 * (c - 1) * f.scale_up_alpha + fill_net + std::max(2 * (c - 1) / c * S / f.scale_up_Bps, net));
      if (f.nvls)
        add(CollectiveAlgo::NVLS, (multi ? 2 : 1) * f.scale_up_alpha + fill_net +
                                      std::max((multi ? S * (1 + 1 / c) : S) / f.scale_up_Bps, net));
      if (f.sharp && multi)
        add(CollectiveAlgo::SHARP, 2 * (c - 1) * f.scale_up_alpha + 2 * f.network_alpha +
                                       std::max(2 * (c - 1) / c * S / f.scale_up_Bps, S / c / f.network_Bps));
    }
  } else if (op == CollectiveOp::ALLTOALL) {
    // Shifted: p−1 rounds of one block; direct: all blocks at once (the same bandwidth term, one latency).
    const double per_rank = (p - 1) / p * S / bnet;
    add(CollectiveAlgo::SHIFTED, (p - 1) * a + per_rank);
    add(CollectiveAlgo::DIRECT, a + per_rank);
    if (multi)  // PXN: each remote block crosses on the sender's rail, then one NVLink forward
      add(CollectiveAlgo::PXN, f.network_alpha + f.scale_up_alpha + per_rank);
  } else {
    add(CollectiveAlgo::RING, 0);  // one algorithm: nothing to choose
  }
  return out;
}

}  // namespace

std::vector<Estimate> estimate_algorithms(CollectiveOp op, const std::vector<int>& group, double S,
                                          const FabricShape& f, int channels)
{
  std::vector<Estimate> out = estimate_at(op, group, S, f, channels);
  // Every term with S in it is a bandwidth term, so an algorithm at efficiency e costs what it would for S / e.
  if (f.wire_efficiency)
    for (Estimate& e : out)
      for (const Estimate& scaled : estimate_at(op, group, S / f.wire_efficiency(e.algo), f, channels))
        if (scaled.algo == e.algo)
          e.seconds = scaled.seconds;
  std::stable_sort(out.begin(), out.end(), [](const Estimate& x, const Estimate& y) { return x.seconds < y.seconds; });
  return out;
}

}  // namespace cs
