// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <map>

#include "collective/algorithms.hpp"
#include "collective/collective_op.hpp"
#include "collective/node_local.hpp"
#include "collective/ring.hpp"
#include "config/error.hpp"

namespace cs {

namespace {

const std::vector<std::pair<std::string, CollectiveOp>>& names()
{
  static const std::vector<std::pair<std::string, CollectiveOp>> n = {{"allreduce", CollectiveOp::ALLREDUCE},
                                                                      {"allgather", CollectiveOp::ALLGATHER},
                                                                      {"reducescatter", CollectiveOp::REDUCE_SCATTER},
                                                                      {"alltoall", CollectiveOp::ALLTOALL},
                                                                      {"broadcast", CollectiveOp::BROADCAST},
                                                                      {"reduce", CollectiveOp::REDUCE},
                                                                      {"sendrecv", CollectiveOp::SENDRECV}};
  return n;
}

// Lookups in a (name, value) table, shared by operations and algorithms.
template <class E>
using NameTable = std::vector<std::pair<std::string, E>>;

template <class E>
const char* name_in(const NameTable<E>& table, E value)
{
  for (const auto& [name, v] : table)
    if (v == value)
      return name.c_str();
  return "?";
}

template <class E>
std::optional<E> value_in(const NameTable<E>& table, const std::string& name)
{
  for (const auto& [n, v] : table)
    if (n == name)
      return v;
  return std::nullopt;
}

template <class E>
std::vector<std::string> names_in(const NameTable<E>& table)
{
  std::vector<std::string> out;
  for (const auto& [n, v] : table)
    out.push_back(n);
  return out;
}

// The group's ring order: nodes ascending, GPUs of even-numbered nodes (in group order) ascending and of odd ones
// descending, starting `start` places into each node's list, so that consecutive nodes meet on one local index
// when every node contributes the same GPUs.
std::vector<int> group_ring(const std::vector<int>& group, int gpus_per_node, int start)
{
  std::map<int, std::vector<int>> by_node;
  for (int g : group)
    by_node[g / gpus_per_node].push_back(g);
  std::vector<int> ring;
  int k = 0;
  for (auto& [node, gpus] : by_node) {
    std::sort(gpus.begin(), gpus.end());
    const int n = static_cast<int>(gpus.size());
    for (int i = 0; i < n; ++i)
      ring.push_back(gpus[((k % 2 == 0 ? i : n - 1 - i) + start) % n]);
    ++k;
  }
  return ring;
}

}  // namespace

const char* collective_op_name(CollectiveOp op)
{
  return name_in(names(), op);
}

std::optional<CollectiveOp> parse_collective_op(const std::string& name)
{
  std::string plain;  // "all_reduce", "All-Reduce" and "allreduce" alike
  for (char c : name)
    if (c != '_' && c != '-')
      plain += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return value_in(names(), plain);
}

std::vector<std::string> collective_op_names()
{
  return names_in(names());
}

double busbw_factor(CollectiveOp op, int n)
{
  if (n < 2)
    return 0;
  switch (op) {
    case CollectiveOp::ALLREDUCE:
      return 2.0 * (n - 1) / n;
    case CollectiveOp::BROADCAST:
    case CollectiveOp::REDUCE:
    case CollectiveOp::SENDRECV:
      return 1;
    default:
      return (n - 1.0) / n;
  }
}

namespace {

const std::vector<std::pair<std::string, CollectiveAlgo>>& algo_names()
{
  static const std::vector<std::pair<std::string, CollectiveAlgo>> n = {
      {"ring", CollectiveAlgo::RING},
      {"direct", CollectiveAlgo::DIRECT},
      {"shifted", CollectiveAlgo::SHIFTED},
      {"pxn", CollectiveAlgo::PXN},
      {"tree", CollectiveAlgo::TREE},
      {"halving-doubling", CollectiveAlgo::HALVING_DOUBLING},
      {"hierarchical", CollectiveAlgo::HIERARCHICAL},
      {"nvls", CollectiveAlgo::NVLS},
      {"sharp", CollectiveAlgo::SHARP}};
  return n;
}

}  // namespace

const char* collective_algo_name(CollectiveAlgo a)
{
  return name_in(algo_names(), a);
}

std::optional<CollectiveAlgo> parse_collective_algo(const std::string& name)
{
  return value_in(algo_names(), name);
}

std::vector<std::string> collective_algo_names()
{
  return names_in(algo_names());
}

std::vector<CollectiveAlgo> algorithms_for(CollectiveOp op)
{
  using A = CollectiveAlgo;
  switch (op) {
    case CollectiveOp::ALLREDUCE:
      return {A::RING, A::TREE, A::HALVING_DOUBLING, A::HIERARCHICAL, A::NVLS, A::SHARP};
    case CollectiveOp::ALLTOALL:
      return {A::SHIFTED, A::DIRECT, A::PXN};
    default:
      return {A::RING};
  }
}

PhasedPlan lower_collective(CollectiveOp op, CollectiveAlgo algo, const std::vector<int>& group, double bytes,
                            int gpus_per_node, int channels, const PathLatency& latency, int chunks)
{
  const int p     = static_cast<int>(group.size());
  const auto have = algorithms_for(op);
  if (std::find(have.begin(), have.end(), algo) == have.end()) {
    std::string list;
    for (CollectiveAlgo a : have)
      list += std::string(list.empty() ? "" : ", ") + collective_algo_name(a);
    throw ConfigError(ErrorKind::VALIDATION, {}, "--algo",
                      std::string(collective_op_name(op)) + " runs with --algo " + list + ", not " +
                          collective_algo_name(algo));
  }
  switch (algo) {
    case CollectiveAlgo::TREE:
      return double_binary_tree_allreduce(group, bytes, gpus_per_node, latency);
    case CollectiveAlgo::HALVING_DOUBLING:
      return halving_doubling_allreduce(group, bytes, latency);
    case CollectiveAlgo::HIERARCHICAL:
    case CollectiveAlgo::NVLS:
    case CollectiveAlgo::SHARP:
      return hierarchical_allreduce(group, bytes, gpus_per_node, algo == CollectiveAlgo::NVLS, latency,
                                    algo == CollectiveAlgo::SHARP);
    default:
      break;
  }
  if (op == CollectiveOp::BROADCAST || op == CollectiveOp::REDUCE)
    return chain_broadcast(group_ring(group, gpus_per_node, 0), bytes, op == CollectiveOp::REDUCE, latency);
  if (op == CollectiveOp::SENDRECV)
    return ring_sendrecv(group_ring(group, gpus_per_node, 0), bytes, latency);
  if (op == CollectiveOp::ALLTOALL) {
    if (algo == CollectiveAlgo::DIRECT) {  // every block at once: p(p−1) concurrent flows
      CollectivePlan all;
      for (int i = 0; i < p; ++i)
        for (int j = 0; j < p; ++j)
          if (i != j)
            all.flows.push_back({group[i], group[j], bytes / p, latency(group[i], group[j])});
      return {all};
    }
    if (algo == CollectiveAlgo::PXN)
      return pxn_alltoall(group, bytes, gpus_per_node, latency);
    // p−1 rounds; in round r rank i sends its S/p block to rank i + r. Exact for uniform sizes: every rank sends
    // and receives one block per round.
    PhasedPlan rounds;
    for (int r = 1; r < p; ++r) {
      CollectivePlan round;
      for (int i = 0; i < p; ++i) {
        int src = group[i], dst = group[(i + r) % p];
        round.flows.push_back({src, dst, bytes / p, latency(src, dst)});
      }
      rounds.push_back(std::move(round));
    }
    return rounds;
  }
  // Channels only where every node contributes all its GPUs, so that the rings stay rail-aligned.
  std::map<int, int> per_node;
  for (int g : group)
    per_node[g / gpus_per_node]++;
  bool whole_nodes =
      std::all_of(per_node.begin(), per_node.end(), [&](const auto& kv) { return kv.second == gpus_per_node; });
  const int rings = whole_nodes ? std::clamp(channels, 1, gpus_per_node) : 1;
  CollectivePlan all;
  for (int c = 0; c < rings; ++c) {
    std::vector<int> ring = group_ring(group, gpus_per_node, c);
    CollectivePlan one    = op == CollectiveOp::ALLREDUCE ? ring_allreduce(ring, bytes / rings, latency)
                                                          : ring_pass(ring, (p - 1.0) / p * bytes / rings, p - 1, latency);
    all.flows.insert(all.flows.end(), one.flows.begin(), one.flows.end());
    all.tail_latency_s = std::max(all.tail_latency_s, one.tail_latency_s);
  }
  // Rail-aligned channels make each GPU send one node-local edge per channel but one: symmetric.
  all.flows = aggregate_node_local(all.flows, gpus_per_node);
  // Chunking: the ring's steps in `chunks` lock-step rounds, each carrying 1/chunks of every edge's bytes. Latency
  // stays steps·α in all; contention is then resolved round by round (2(p−1) rounds: step by step).
  const int steps  = op == CollectiveOp::ALLREDUCE ? 2 * (p - 1) : p - 1;
  const int rounds = std::clamp(chunks, 1, std::max(steps, 1));
  if (rounds == 1)
    return {all};
  double alpha = 0;
  for (const FlowPlan& f : all.flows)
    alpha = std::max(alpha, f.latency_s);
  CollectivePlan round = all;
  for (FlowPlan& f : round.flows)
    f.bytes /= rounds;
  // Each round's flows pay α once; the round's tail adds the rest of its share of the steps.
  round.tail_latency_s = (static_cast<double>(steps) / rounds - 1) * alpha;
  return PhasedPlan(rounds, round);
}

void apply_wire_efficiency(PhasedPlan& plan, double efficiency)
{
  if (efficiency == 1)
    return;
  for (CollectivePlan& phase : plan)
    for (FlowPlan& f : phase.flows)
      f.bytes /= efficiency;
}

}  // namespace cs
