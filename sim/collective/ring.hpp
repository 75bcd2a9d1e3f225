// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "collective/collective_plan.hpp"

namespace cs {

// Ring all-reduce of `bytes` over the GPUs of `ring`, in ring order.
//
// The textbook ring runs 2(p−1) lock-step steps, each sending S/p bytes to the next GPU. Simulating every step costs
// 2p(p−1) flows; instead each ring edge carries one flow of 2(p−1)/p·S bytes. The bandwidth term is then exact,
// contention included, and the latency term is exact when route latencies are equal: the flows pay the route
// latency α once and the tail adds the other 2(p−1)−1 steps at the largest α on the ring.
//   T = 2(p−1)/p · S/B + 2(p−1)·α
CollectivePlan ring_allreduce(const std::vector<int>& ring, double bytes, const PathLatency& latency);

// A ring over `nodes` × `gpus_per_node` GPUs (rank = node·gpus_per_node + local) that leaves and enters each node
// on the same local index, so that on a rail-optimized fabric every inter-node edge stays on one rail: even nodes
// are walked 0..g−1, odd nodes g−1..0. With an odd node count > 1 the closing edge changes rails.
std::vector<int> rail_aligned_ring(int nodes, int gpus_per_node, int start = 0);

// NCCL-style ring channels: `channels` rail-aligned rings, each starting its walk of a node at a different local
// GPU, so that their node-to-node edges use different rails; each carries bytes / channels. Channel c crosses
// between nodes on local indices c−1 and c (mod gpus_per_node), so gpus_per_node channels use every rail twice,
// once in each direction. Same closed form per channel; the channels run concurrently.
CollectivePlan ring_allreduce_channels(int nodes, int gpus_per_node, int channels, double bytes,
                                       const PathLatency& latency);

}  // namespace cs
