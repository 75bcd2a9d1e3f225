// SPDX-License-Identifier: Apache-2.0
#include "collective/ring.hpp"

#include <algorithm>

namespace cs {

CollectivePlan ring_pass(const std::vector<int>& ring, double per_edge_bytes, int steps, const PathLatency& latency)
{
  CollectivePlan plan;
  const size_t p = ring.size();
  if (p < 2 || per_edge_bytes <= 0)
    return plan;
  double alpha_max = 0;
  for (size_t i = 0; i < p; ++i) {
    int src = ring[i], dst = ring[(i + 1) % p];
    double alpha = latency(src, dst);
    alpha_max    = std::max(alpha_max, alpha);
    plan.flows.push_back({src, dst, per_edge_bytes, alpha});
  }
  plan.tail_latency_s = (steps - 1.0) * alpha_max;
  return plan;
}

CollectivePlan ring_allreduce(const std::vector<int>& ring, double bytes, const PathLatency& latency)
{
  const double p = static_cast<double>(ring.size());
  return ring_pass(ring, 2.0 * (p - 1) / p * bytes, 2 * (static_cast<int>(p) - 1), latency);
}

}  // namespace cs
