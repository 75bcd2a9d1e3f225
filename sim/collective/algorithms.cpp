// SPDX-License-Identifier: Apache-2.0
#include "collective/algorithms.hpp"

#include <algorithm>
#include <map>

#include "collective/node_local.hpp"
#include "collective/ring.hpp"
#include "config/error.hpp"

namespace cs {

namespace {

[[noreturn]] void refuse(const std::string& what)
{
  throw ConfigError(ErrorKind::VALIDATION, {}, "--algo", what);
}

std::map<int, std::vector<int>> by_node(const std::vector<int>& group, int gpus_per_node)
{
  std::map<int, std::vector<int>> nodes;
  for (int g : group)
    nodes[g / gpus_per_node].push_back(g);
  for (auto& [n, gpus] : nodes)
    std::sort(gpus.begin(), gpus.end());
  return nodes;
}

FlowPlan flow(int src, int dst, double bytes, const PathLatency& latency)
{
  return {src, dst, bytes, latency(src, dst)};
}

}  // namespace

PhasedPlan chain_broadcast(const std::vector<int>& order, double bytes, bool towards_root, const PathLatency& latency)
{
  CollectivePlan plan;
  double alpha = 0;
  for (size_t i = 0; i + 1 < order.size(); ++i) {
    const int a = towards_root ? order[i + 1] : order[i], b = towards_root ? order[i] : order[i + 1];
    plan.flows.push_back(flow(a, b, bytes, latency));
    alpha = std::max(alpha, plan.flows.back().latency_s);
  }
  plan.tail_latency_s = order.size() > 2 ? (order.size() - 2.0) * alpha : 0;  // the pipeline fills hop by hop
  return {plan};
}

PhasedPlan ring_sendrecv(const std::vector<int>& group, double bytes, const PathLatency& latency)
{
  CollectivePlan plan;
  for (size_t i = 0; i < group.size(); ++i)
    plan.flows.push_back(flow(group[i], group[(i + 1) % group.size()], bytes, latency));
  return {plan};
}

PhasedPlan halving_doubling_allreduce(const std::vector<int>& group, double bytes, const PathLatency& latency)
{
  const size_t p = group.size();
  if (p < 2 || (p & (p - 1)) != 0)
    refuse("halving-doubling needs a power-of-two number of GPUs, found " + std::to_string(p));
  PhasedPlan halving;
  double block = bytes;
  for (size_t d = p / 2; d >= 1; d /= 2) {
    block /= 2;
    CollectivePlan phase;
    for (size_t i = 0; i < p; ++i)
      phase.flows.push_back(flow(group[i], group[i ^ d], block, latency));
    halving.push_back(std::move(phase));
  }
  PhasedPlan out = halving;  // then the all-gather mirrors it: the same exchanges in reverse order
  out.insert(out.end(), halving.rbegin(), halving.rend());
  return out;
}

PhasedPlan double_binary_tree_allreduce(const std::vector<int>& group, double bytes, int gpus_per_node,
                                        const PathLatency& latency)
{
  const auto nodes = by_node(group, gpus_per_node);
  std::vector<const std::vector<int>*> list;
  for (const auto& [n, gpus] : nodes)
    list.push_back(&gpus);
  const int n = static_cast<int>(list.size());
  CollectivePlan plan;
  double deepest = 0;
  for (int tree = 0; tree < 2; ++tree) {
    // The head of a node in this tree: its first GPU for tree 0, its last for tree 1 (a different rail).
    auto head = [&](int node) {
      const std::vector<int>& g = *list[node];
      return tree == 0 ? g.front() : g.back();
    };
    auto position        = [&](int node) { return tree == 0 ? node : n - 1 - node; };  // the mirror
    double depth_latency = 0;
    for (int node = 0; node < n; ++node) {
      // Chain inside the node, from the head through the other GPUs.
      std::vector<int> chain = *list[node];
      if (tree == 1)
        std::reverse(chain.begin(), chain.end());
      double chain_latency = 0;
      for (size_t i = 0; i + 1 < chain.size(); ++i) {
        plan.flows.push_back(flow(chain[i], chain[i + 1], bytes / 2, latency));
        plan.flows.push_back(flow(chain[i + 1], chain[i], bytes / 2, latency));
        chain_latency += plan.flows.back().latency_s;
      }
      // Tree edge to the parent (heap order over mirrored positions).
      const int pos = position(node);
      double up     = 0;
      for (int p = pos; p > 0; p = (p - 1) / 2) {
        const int a = p, b = (p - 1) / 2;
        const int na = tree == 0 ? a : n - 1 - a, nb = tree == 0 ? b : n - 1 - b;
        up += latency(head(na), head(nb));
      }
      if (pos > 0) {
        const int parent = tree == 0 ? (pos - 1) / 2 : n - 1 - (pos - 1) / 2;
        plan.flows.push_back(flow(head(node), head(parent), bytes / 2, latency));
        plan.flows.push_back(flow(head(parent), head(node), bytes / 2, latency));
      }
      depth_latency = std::max(depth_latency, up + chain_latency);
    }
    deepest = std::max(deepest, depth_latency);
  }
  // Pipelined: the bytes stream once the pipeline is full, which takes the deepest path up and back down.
  for (FlowPlan& f : plan.flows)
    f.latency_s = 0;
  plan.tail_latency_s = 2 * deepest;
  return {plan};
}

PhasedPlan hierarchical_allreduce(const std::vector<int>& group, double bytes, int gpus_per_node, bool nvls,
                                  const PathLatency& latency, bool sharp)
{
  const auto nodes = by_node(group, gpus_per_node);
  const size_t c   = nodes.begin()->second.size();
  // SHARP reduces in the switches, so it also serves one GPU per node (a DP group beside TP8): no node-local part.
  for (const auto& [n, gpus] : nodes)
    if (gpus.size() != c || (c < 2 && !sharp))
      refuse(sharp ? "sharp needs the same number of the group's GPUs on every node"
                   : "hierarchical and nvls need the same number (at least 2) of the group's GPUs on every node");
  const size_t n = nodes.size();
  CollectivePlan plan;
  double local_alpha = 0, net_alpha = 0;
  // Node-local part. Ring: reduce-scatter and all-gather, each (c−1)/c·S per GPU each way. NVLS: the switch
  // reduces and multicasts; per GPU S up and S/c down (reduce-scatter) plus S/c up and S down (all-gather), or S
  // each way for a single node. Equal totals up and down, so one flow per GPU to its node neighbour carries them.
  const double local = nvls ? (n == 1 ? bytes : bytes * (1 + 1.0 / c)) : 2.0 * (c - 1) / c * bytes;
  for (const auto& [node, gpus] : nodes)
    for (size_t i = 0; i < c && c > 1; ++i) {
      plan.flows.push_back(flow(gpus[i], gpus[(i + 1) % c], local, latency));
      local_alpha = std::max(local_alpha, plan.flows.back().latency_s);
    }
  // Across nodes: slice k (1/c of the buffer) all-reduced over the k-th GPU of every node, on its own rail.
  std::vector<const std::vector<int>*> list;
  for (const auto& [node, gpus] : nodes)
    list.push_back(&gpus);
  if (sharp && n < 2)
    refuse("sharp reduces across nodes in the switches: it needs GPUs on at least 2 nodes");
  if (n > 1)
    for (size_t k = 0; k < c; ++k) {
      std::vector<int> ring;
      for (const auto* gpus : list)
        ring.push_back((*gpus)[k]);
      if (sharp) {
        for (size_t a = 0; a < n; ++a) {
          plan.flows.push_back(flow(ring[a], ring[(a + 1) % n], bytes / c, latency));
          net_alpha = std::max(net_alpha, plan.flows.back().latency_s);
        }
        continue;
      }
      CollectivePlan r = ring_allreduce(ring, bytes / c, latency);
      for (const FlowPlan& f : r.flows)
        net_alpha = std::max(net_alpha, f.latency_s);
      plan.flows.insert(plan.flows.end(), r.flows.begin(), r.flows.end());
    }
  // Pipelined: the bytes stream once the pipeline is full, which takes every step's latency once: the node-local
  // steps (2(c−1) ring hops, or one pass through the switch each way for NVLS: one for a single node, two around
  // the network part) and the 2(n−1) steps of the node ring.
  const double local_steps = nvls ? (n == 1 ? 1 : 2) : 2.0 * (c - 1);
  const double net_steps   = n < 2 ? 0 : sharp ? 2 : 2.0 * (n - 1);  // SHARP: up the switch tree and back down
  for (FlowPlan& f : plan.flows)
    f.latency_s = 0;
  plan.tail_latency_s = local_steps * local_alpha + net_steps * net_alpha;
  return {plan};
}

PhasedPlan pxn_alltoall(const std::vector<int>& group, double bytes, int gpus_per_node, const PathLatency& latency,
                        double fabric_share)
{
  const double p     = static_cast<double>(group.size());
  const double block = bytes / p;
  std::map<int, std::vector<int>> by_node;
  for (int g : group)
    by_node[g / gpus_per_node].push_back(g);
  for (auto& [node, gpus] : by_node)
    std::sort(gpus.begin(), gpus.end());
  using Flows = std::map<std::pair<int, int>, double>;
  Flows cross, local, forward;
  for (const auto& [a, senders] : by_node)
    for (size_t k = 0; k < senders.size(); ++k)
      for (const auto& [b, receivers] : by_node) {
        if (a == b) {
          for (int r : receivers)
            if (r != senders[k])
              local[{senders[k], r}] += block;
          continue;
        }
        const int relay = receivers[k % receivers.size()];
        cross[{senders[k], relay}] += block * receivers.size() * fabric_share;
        for (int r : receivers)
          if (r != relay)
            forward[{relay, r}] += block;
      }
  auto phase = [&](const std::vector<const Flows*>& parts) {
    CollectivePlan plan;
    for (const auto* part : parts)
      for (const auto& [pair, b] : *part)
        plan.flows.push_back({pair.first, pair.second, b, latency(pair.first, pair.second)});
    return plan;
  };
  PhasedPlan out{phase({&cross, &local})};
  if (!forward.empty())
    out.push_back(phase({&forward}));
  for (CollectivePlan& p : out)
    p.flows = aggregate_node_local(p.flows, gpus_per_node);
  return out;
}

PhasedPlan alltoallv(const std::vector<int>& group, const std::vector<std::vector<double>>& bytes,
                     const PathLatency& latency)
{
  CollectivePlan plan;
  for (size_t i = 0; i < group.size(); ++i)
    for (size_t j = 0; j < group.size(); ++j)
      if (i != j && bytes[i][j] > 0)
        plan.flows.push_back(flow(group[i], group[j], bytes[i][j], latency));
  return {plan};
}

}  // namespace cs
