// SPDX-License-Identifier: Apache-2.0
// Ring all-reduce lowering: one flow per ring edge, latency in closed form.
#include <algorithm>
#include <doctest/doctest.h>
#include <numeric>

#include "collective/collective_op.hpp"
#include "collective/ring.hpp"
#include <map>

using namespace cs;

TEST_CASE("p flows of 2(p-1)/p·S bytes, and 2(p-1)-1 further steps of the largest latency")
{
  const double S        = 1e9;
  std::vector<int> ring = {0, 1, 2, 3};
  // Edge 2->3 is the slow one: 3 us; the others 1 us.
  auto latency        = [](int a, int b) { return (a == 2 && b == 3) ? 3e-6 : 1e-6; };
  CollectivePlan plan = ring_allreduce(ring, S, latency);
  REQUIRE(plan.flows.size() == 4);
  for (const FlowPlan& f : plan.flows) {
    CHECK(f.bytes == doctest::Approx(2.0 * 3 / 4 * S));
    CHECK(f.dst == ring[(std::find(ring.begin(), ring.end(), f.src) - ring.begin() + 1) % 4]);
  }
  CHECK(plan.flows[2].latency_s == doctest::Approx(3e-6));
  CHECK(plan.tail_latency_s == doctest::Approx((2 * 3 - 1) * 3e-6));
}

TEST_CASE("a ring of one GPU, or of nothing to reduce, moves nothing")
{
  auto zero = [](int, int) { return 0.0; };
  CHECK(ring_allreduce({7}, 1e9, zero).flows.empty());
  CHECK(ring_allreduce({0, 1}, 0, zero).flows.empty());
}

TEST_CASE("the rail-aligned ring visits every GPU once and crosses nodes on one rail")
{
  const int nodes = 4, g = 8;
  std::vector<int> group(nodes * g);
  std::iota(group.begin(), group.end(), 0);
  PhasedPlan plan =
      lower_collective(CollectiveOp::ALLREDUCE, CollectiveAlgo::RING, group, 1e9, g, 1, [](int, int) { return 0.0; });
  REQUIRE(plan.size() == 1);
  std::vector<int> sources;
  for (const FlowPlan& f : plan[0].flows) {
    sources.push_back(f.src);
    if (f.src / g != f.dst / g)
      CHECK(f.src % g == f.dst % g);
  }
  std::sort(sources.begin(), sources.end());
  CHECK(sources == group);
}

TEST_CASE("ring channels: together crossing every rail once in each direction")
{
  const int g = 8;
  std::vector<int> group(16);
  std::iota(group.begin(), group.end(), 0);
  PhasedPlan plan =
      lower_collective(CollectiveOp::ALLREDUCE, CollectiveAlgo::RING, group, 8e9, g, g, [](int, int) { return 0.0; });
  // 8 rings of 16 edges; each edge carries 2(p−1)/p of its ring's eighth of the buffer.
  const double edge = 2.0 * 15 / 16 * 8e9 / 8;
  std::map<std::pair<int, int>, int> crossings;  // (rail, direction) -> flows
  std::map<int, double> local_sent, local_received;
  for (const FlowPlan& f : plan[0].flows) {
    if (f.src / g != f.dst / g) {
      CHECK(f.bytes == doctest::Approx(edge));
      CHECK(f.src % g == f.dst % g);  // same rail
      crossings[{f.src % g, f.src / g}]++;
    } else {
      local_sent[f.src] += f.bytes;
      local_received[f.dst] += f.bytes;
    }
  }
  CHECK(crossings.size() == 16);
  for (const auto& [key, n] : crossings)
    CHECK(n == 1);
  // Each GPU leaves its node in one ring and stays inside it in the other seven: its NVLink carries 7 edges each
  // way, however the node-local flows are grouped.
  CHECK(local_sent.size() == 16);
  for (int gpu : group) {
    CHECK(local_sent[gpu] == doctest::Approx(7 * edge));
    CHECK(local_received[gpu] == doctest::Approx(7 * edge));
  }
}
