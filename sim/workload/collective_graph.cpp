// SPDX-License-Identifier: Apache-2.0
#include "workload/collective_graph.hpp"

#include <algorithm>

namespace cs {

int add_collective(OpGraph& g, const PhasedPlan& plan, int span, const std::vector<int>& after)
{
  // With many predecessors, a zero-length barrier keeps the graph linear: p + flows edges, not p × flows.
  std::vector<int> before = after;
  if (after.size() > 1) {
    int barrier = g.add(delay_op(0, span));
    for (int a : after)
      g.depend(a, barrier);
    before = {barrier};
  }
  int end = -1;
  for (const CollectivePlan& phase : plan) {
    // The phase's flows start together after one shared latency, the largest of their routes': one delay instead
    // of one per flow halves the activities SimGrid tracks (each completion costs time in proportion to them). A
    // flow on a shorter route than the phase's longest starts that much later: µs against a phase of transfers.
    double alpha = 0;
    for (const FlowPlan& f : phase.flows)
      alpha = std::max(alpha, f.latency_s);
    if (alpha > 0 && !phase.flows.empty()) {
      int latency = g.add(delay_op(alpha, span));
      for (int b : before)
        g.depend(b, latency);
      before = {latency};
    }
    end = g.add(delay_op(phase.tail_latency_s, span));
    for (const FlowPlan& f : phase.flows) {
      int flow = g.add(flow_op(f.src, f.dst, f.bytes, 0, span));
      for (int b : before)
        g.depend(b, flow);
      g.depend(flow, end);
    }
    if (phase.flows.empty())
      for (int b : before)
        g.depend(b, end);
    before = {end};
  }
  if (end < 0) {  // nothing to move: a zero-length marker still closes the collective
    end = g.add(delay_op(0, span));
    for (int b : before)
      g.depend(b, end);
  }
  return end;
}

}  // namespace cs
