// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "collective/collective_plan.hpp"

namespace cs {

// A ring collective of `steps` lock-step steps along `ring`. Simulating every step costs steps × p flows; instead
// each ring edge carries one flow of `per_edge_bytes` (the sum of its steps). The bandwidth term is then exact,
// contention included, and the latency term is exact when route latencies are equal: the flows pay the route
// latency α once and the tail adds the other steps − 1 at the largest α on the ring.
CollectivePlan ring_pass(const std::vector<int>& ring, double per_edge_bytes, int steps, const PathLatency& latency);

// Ring all-reduce of `bytes` over the GPUs of `ring`, in ring order: 2(p−1) steps of S/p, so
//   T = 2(p−1)/p · S/B + 2(p−1)·α
CollectivePlan ring_allreduce(const std::vector<int>& ring, double bytes, const PathLatency& latency);

}  // namespace cs
