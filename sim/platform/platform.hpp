// SPDX-License-Identifier: Apache-2.0
// The cluster graph turned into SimGrid hosts and links. The only room that uses SimGrid's platform API.
#pragma once

#include <cstdint>
#include <unordered_set>
#include <vector>

#include "topology/cluster_graph.hpp"
#include "topology/routing.hpp"

namespace simgrid::s4u {
class Host;
class Link;
class NetZone;
}  // namespace simgrid::s4u

namespace cs {

class Platform {
 public:
  // Requires a live SimEngine. GPUs become hosts computing at their dense BF16 peak; every graph edge becomes a
  // full-duplex link at its per-direction bandwidth. Links carry no latency: exec/ pays route latency as an explicit
  // delay, because SimGrid's CM02 shares bandwidth in inverse proportion to route latency (TCP RTT unfairness),
  // whereas RDMA fabrics share a bottleneck evenly between flows.
  Platform(const Cluster& cluster, Router& router);

  simgrid::s4u::Host* gpu(int rank) const { return gpus_.at(rank); }
  int gpu_count() const { return static_cast<int>(gpus_.size()); }
  // A host with unbounded parallelism on which delays run as rate-bounded executions.
  simgrid::s4u::Host* timer() const { return timer_; }
  double gpu_flops() const { return gpu_flops_; }
  // Installs the route of (src, dst) on first use, so that route tables grow with the pairs a job uses, not N².
  void ensure_route(int src, int dst);

 private:
  const Cluster& cluster_;
  Router& router_;
  simgrid::s4u::NetZone* zone_ = nullptr;
  std::vector<simgrid::s4u::Host*> gpus_;
  std::vector<simgrid::s4u::Link*> links_;  // SplitDuplexLink, by edge index
  simgrid::s4u::Host* timer_ = nullptr;
  double gpu_flops_          = 0;
  std::unordered_set<std::uint64_t> routed_;  // (src << 32) | dst; looked up once per flow
};

// Rate at which a delay of d seconds runs d·DELAY_RATE flop on the timer host.
constexpr double DELAY_RATE = 1e6;

}  // namespace cs
