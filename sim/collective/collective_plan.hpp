// SPDX-License-Identifier: Apache-2.0
// What a collective lowers to: concurrent flows on the fabric plus latency the flows do not carry.
#pragma once

#include <functional>
#include <vector>

namespace cs {

struct FlowPlan {
  int src          = -1;
  int dst          = -1;
  double bytes     = 0;
  double latency_s = 0;  // route latency, paid once before the bytes move
};

struct CollectivePlan {
  std::vector<FlowPlan> flows;  // all start together
  double tail_latency_s = 0;    // closed-form latency of the steps the flows do not model, paid after the last flow
};

// Fabric facts a lowering may ask for: the latency of the route between two GPUs.
using PathLatency = std::function<double(int src, int dst)>;

}  // namespace cs
