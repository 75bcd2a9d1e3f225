// SPDX-License-Identifier: Apache-2.0
// Collective lowering: flows per phase and bytes per flow against the textbook algorithms; nccl-tests' busbw.
#include <doctest/doctest.h>

#include <map>

#include "collective/collective_op.hpp"
#include "collective/node_local.hpp"
#include "collective/tuner.hpp"
#include "config/error.hpp"
#include <set>

using namespace cs;

namespace {

double zero(int, int)
{
  return 0;
}

std::vector<int> ranks(int n)
{
  std::vector<int> r(n);
  for (int i = 0; i < n; ++i)
    r[i] = i;
  return r;
}

}  // namespace

TEST_CASE("busbw factors follow nccl-tests: all-reduce 2(n-1)/n, the others (n-1)/n")
{
  CHECK(busbw_factor(CollectiveOp::ALLREDUCE, 8) == doctest::Approx(2.0 * 7 / 8));
  CHECK(busbw_factor(CollectiveOp::ALLGATHER, 8) == doctest::Approx(7.0 / 8));
  CHECK(busbw_factor(CollectiveOp::REDUCE_SCATTER, 16) == doctest::Approx(15.0 / 16));
  CHECK(busbw_factor(CollectiveOp::ALLTOALL, 4) == doctest::Approx(3.0 / 4));
}

TEST_CASE("all-gather and reduce-scatter: one ring phase, p flows of (p-1)/p·S, p-2 tail steps")
{
  for (CollectiveOp op : {CollectiveOp::ALLGATHER, CollectiveOp::REDUCE_SCATTER}) {
    PhasedPlan plan = lower_collective(op, CollectiveAlgo::RING, ranks(8), 8e9, 8, 1, [](int, int) { return 1e-6; });
    REQUIRE(plan.size() == 1);
    CHECK(plan[0].flows.size() == 8);
    for (const FlowPlan& f : plan[0].flows)
      CHECK(f.bytes == doctest::Approx(7.0 / 8 * 8e9));
    CHECK(plan[0].tail_latency_s == doctest::Approx(6e-6));
  }
}

TEST_CASE("all-to-all: p-1 rounds, each rank sending S/p to rank i+r in round r, every pair exactly once")
{
  const int p     = 6;
  PhasedPlan plan = lower_collective(CollectiveOp::ALLTOALL, CollectiveAlgo::SHIFTED, ranks(p), 6e9, 8, 1, zero);
  REQUIRE(plan.size() == p - 1);
  std::set<std::pair<int, int>> pairs;
  double total = 0;
  for (size_t r = 0; r < plan.size(); ++r)
    for (const FlowPlan& f : plan[r].flows) {
      CHECK(f.dst == (f.src + static_cast<int>(r) + 1) % p);
      CHECK(f.bytes == doctest::Approx(1e9));
      pairs.insert({f.src, f.dst});
      total += f.bytes;
    }
  CHECK(pairs.size() == p * (p - 1));
  CHECK(total == doctest::Approx((p - 1.0) / p * 6e9 * p));  // conservation: each rank sends all but its own block
}

TEST_CASE("ring channels only over whole nodes, and algorithms an operation lacks are refused")
{
  PhasedPlan whole = lower_collective(CollectiveOp::ALLREDUCE, CollectiveAlgo::RING, ranks(16), 1e9, 8, 8, zero);
  CHECK(whole[0].flows.size() == 16 + 16);  // one rail crossing per node per channel; node-local flows grouped
  PhasedPlan part = lower_collective(CollectiveOp::ALLREDUCE, CollectiveAlgo::RING, {0, 8}, 1e9, 8, 8, zero);
  CHECK(part[0].flows.size() == 2);
  CHECK_THROWS_AS(lower_collective(CollectiveOp::ALLTOALL, CollectiveAlgo::RING, ranks(4), 1e9, 8, 1, zero),
                  ConfigError);
  CHECK(parse_collective_op("all_reduce") == CollectiveOp::ALLREDUCE);
  CHECK(parse_collective_op("reduce-scatter") == CollectiveOp::REDUCE_SCATTER);
  CHECK_FALSE(parse_collective_op("allreduse"));
}

TEST_CASE("grouping node-local flows keeps every GPU's bytes sent and received, and only when they are symmetric")
{
  // Four GPUs of one node, each sending 3 equal blocks to the others, plus one flow to another node.
  std::vector<FlowPlan> flows;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j)
      if (i != j)
        flows.push_back({i, j, 5.0, 1e-6});
  flows.push_back({0, 8, 7.0, 2e-6});
  const std::vector<FlowPlan> grouped = aggregate_node_local(flows, 8);
  CHECK(grouped.size() == 4 + 1);
  std::map<int, double> sent, received;
  for (const FlowPlan& f : grouped)
    if (f.dst < 8) {
      sent[f.src] += f.bytes, received[f.dst] += f.bytes;
      CHECK(f.latency_s == 1e-6);
    }
  for (int i = 0; i < 4; ++i) {
    CHECK(sent[i] == 15.0);
    CHECK(received[i] == 15.0);
  }
  // GPU 0 sends one block more than the others: left as it is.
  flows.push_back({0, 1, 5.0, 1e-6});
  CHECK(aggregate_node_local(flows, 8).size() == flows.size());
}

TEST_CASE("PXN all-to-all delivers every block once: bytes conserved per receiver")
{
  // 16 GPUs on 2 nodes, S = 16 MB per rank: each rank receives S/p from each of the other 15.
  const double S  = 16e6;
  PhasedPlan plan = lower_collective(CollectiveOp::ALLTOALL, CollectiveAlgo::PXN, ranks(16), S, 8, 1, zero);
  REQUIRE(plan.size() == 2);
  double fabric = 0;
  for (const FlowPlan& f : plan[0].flows)
    if (f.src / 8 != f.dst / 8) {
      CHECK(f.src % 8 == f.dst % 8);  // each crosses on its own rail
      fabric += f.bytes;
    }
  // Half of every rank's blocks go to the other node, once.
  CHECK(fabric == doctest::Approx(16 * S / 2));
  // Node-local bytes: the local blocks (7 per rank) in phase 1, the forwarded ones (7 × 8 per relay) in phase 2.
  double local1 = 0, local2 = 0;
  for (const FlowPlan& f : plan[0].flows)
    if (f.src / 8 == f.dst / 8)
      local1 += f.bytes;
  for (const FlowPlan& f : plan[1].flows)
    local2 += f.bytes;
  CHECK(local1 == doctest::Approx(16 * 7 * S / 16));
  CHECK(local2 == doctest::Approx(16 * 7 * S / 16));
}

TEST_CASE("wire efficiency e makes each flow carry bytes / e and leaves latency alone")
{
  const auto lat         = [](int, int) { return 1e-6; };
  PhasedPlan plan        = lower_collective(CollectiveOp::ALLGATHER, CollectiveAlgo::RING, ranks(8), 8e6, 8, 1, lat);
  const PhasedPlan rated = plan;
  apply_wire_efficiency(plan, 0.5);
  REQUIRE(plan.size() == rated.size());
  for (size_t i = 0; i < plan.size(); ++i) {
    CHECK(plan[i].tail_latency_s == rated[i].tail_latency_s);
    for (size_t f = 0; f < plan[i].flows.size(); ++f) {
      CHECK(plan[i].flows[f].bytes == doctest::Approx(rated[i].flows[f].bytes * 2));
      CHECK(plan[i].flows[f].latency_s == rated[i].flows[f].latency_s);
    }
  }
}

TEST_CASE("the auto tuner charges an algorithm at efficiency e the bandwidth of S / e, so a slow wire loses its pick")
{
  FabricShape f;
  f.gpus_per_node        = 8;
  f.scale_up_Bps         = 450e9;
  f.network_Bps          = 50e9;
  f.scale_up_alpha       = 0.5e-6;
  f.network_alpha        = 2e-6;
  std::vector<int> group = ranks(16);
  const double S         = 1e9;
  auto time_of           = [&](const std::vector<Estimate>& es, CollectiveAlgo a) {
    for (const Estimate& e : es)
      if (e.algo == a)
        return e.seconds;
    return -1.0;
  };
  const auto rated  = estimate_algorithms(CollectiveOp::ALLREDUCE, group, S, f, 8);
  f.wire_efficiency = [](CollectiveAlgo a) { return a == CollectiveAlgo::RING ? 0.25 : 1.0; };
  const auto slowed = estimate_algorithms(CollectiveOp::ALLREDUCE, group, S, f, 8);
  // Ring's estimate: 2(p−1)α + 2(p−1)/p · S / (k · B) with k = 8 channels crossing on 8 NICs; at e = 1/4, 4 S.
  const double p = 16, alpha = f.network_alpha, k = 8;
  CHECK(time_of(rated, CollectiveAlgo::RING) ==
        doctest::Approx(2 * (p - 1) * alpha + 2 * (p - 1) / p * S / (k * 50e9)));
  CHECK(time_of(slowed, CollectiveAlgo::RING) ==
        doctest::Approx(2 * (p - 1) * alpha + 2 * (p - 1) / p * 4 * S / (k * 50e9)));
  CHECK(time_of(slowed, CollectiveAlgo::TREE) == time_of(rated, CollectiveAlgo::TREE));
  // The rated pick, made 100 times slower on the wire, is no longer the pick.
  const CollectiveAlgo best = rated.front().algo;
  f.wire_efficiency         = [best](CollectiveAlgo a) { return a == best ? 0.01 : 1.0; };
  CHECK(estimate_algorithms(CollectiveOp::ALLREDUCE, group, S, f, 8).front().algo != best);
}
