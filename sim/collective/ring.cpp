// SPDX-License-Identifier: Apache-2.0
#include "collective/ring.hpp"

#include <algorithm>

namespace cs {

CollectivePlan ring_allreduce(const std::vector<int>& ring, double bytes, const PathLatency& latency)
{
  CollectivePlan plan;
  const size_t p = ring.size();
  if (p < 2 || bytes <= 0)
    return plan;
  const double per_edge = 2.0 * (p - 1) / p * bytes;
  double alpha_max      = 0;
  for (size_t i = 0; i < p; ++i) {
    int src = ring[i], dst = ring[(i + 1) % p];
    double alpha = latency(src, dst);
    alpha_max    = std::max(alpha_max, alpha);
    plan.flows.push_back({src, dst, per_edge, alpha});
  }
  plan.tail_latency_s = (2.0 * (p - 1) - 1) * alpha_max;
  return plan;
}

std::vector<int> rail_aligned_ring(int nodes, int gpus_per_node, int start)
{
  std::vector<int> ring;
  ring.reserve(static_cast<size_t>(nodes) * gpus_per_node);
  const int g = gpus_per_node;
  for (int n = 0; n < nodes; ++n)
    for (int i = 0; i < g; ++i)
      ring.push_back(n * g + ((n % 2 == 0 ? i : g - 1 - i) + start) % g);
  return ring;
}

CollectivePlan ring_allreduce_channels(int nodes, int gpus_per_node, int channels, double bytes,
                                       const PathLatency& latency)
{
  CollectivePlan plan;
  for (int c = 0; c < channels; ++c) {
    CollectivePlan one = ring_allreduce(rail_aligned_ring(nodes, gpus_per_node, c), bytes / channels, latency);
    plan.flows.insert(plan.flows.end(), one.flows.begin(), one.flows.end());
    plan.tail_latency_s = std::max(plan.tail_latency_s, one.tail_latency_s);
  }
  return plan;
}

}  // namespace cs
