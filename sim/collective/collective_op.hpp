// SPDX-License-Identifier: Apache-2.0
// The collective operations, their algorithms, and how nccl-tests turns time into bus bandwidth.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "collective/collective_plan.hpp"

namespace cs {

enum class CollectiveOp { ALLREDUCE, ALLGATHER, REDUCE_SCATTER, ALLTOALL, BROADCAST, REDUCE, SENDRECV };
// All-to-all: DIRECT sends every block at once (as NCCL groups its sends), SHIFTED in p−1 rounds of one block each
// (far fewer flows in flight, so much faster to simulate; equal on a non-blocking fabric).
// PXN (all-to-all): a block for a remote node crosses the fabric once, to the GPU on the sender's rail there, then
// NVLink forwards it (NCCL's PXN; DeepSeek-V3's IB-then-NVLink dispatch). Flows are aggregated per (sender,
// node) in phase 1 and per (relay, receiver) in phase 2: exact, since the blocks aggregated share their whole path.
// All-reduce also runs as TREE (NCCL's double binary tree), HALVING_DOUBLING, HIERARCHICAL, NVLS and SHARP
// (algorithms.hpp). Broadcast and reduce run as RING (a pipelined chain), sendrecv as RING.
enum class CollectiveAlgo { RING, DIRECT, SHIFTED, PXN, TREE, HALVING_DOUBLING, HIERARCHICAL, NVLS, SHARP };

const char* collective_algo_name(CollectiveAlgo a);
std::optional<CollectiveAlgo> parse_collective_algo(const std::string& name);  // "ring", "halving-doubling", ...
std::vector<std::string> collective_algo_names();
// The algorithms an operation has; the first is its default.
std::vector<CollectiveAlgo> algorithms_for(CollectiveOp op);

const char* collective_op_name(CollectiveOp op);
std::optional<CollectiveOp> parse_collective_op(const std::string& name);  // "allreduce", "all_gather", ...
std::vector<std::string> collective_op_names();

// nccl-tests' bus bandwidth factor (NVIDIA/nccl-tests doc/PERFORMANCE.md; reference/hardware.md §6): all-reduce
// 2(n−1)/n; all-gather, reduce-scatter and all-to-all (n−1)/n. busbw = algbw × factor, algbw = S / t.
double busbw_factor(CollectiveOp op, int n);

// A collective as a sequence of phases; each phase's flows start together once the previous phase has ended,
// and each phase ends with its closed-form tail latency.
using PhasedPlan = std::vector<CollectivePlan>;

// `bytes` is S as nccl-tests counts it: the full buffer (for all-gather and reduce-scatter, count per rank × n;
// for all-to-all, what each rank sends in all). Ring collectives run `channels` rings (at most one per GPU of a
// node, and only over whole nodes); the shifted all-to-all runs p−1 rounds (rank i sends to i + r in round r).
// Ring all-reduce, all-gather and reduce-scatter run as one flow per ring edge by default (`chunks` = 1), or as
// `chunks` lock-step rounds (up to one per ring step) that trade simulation speed for fidelity under contention.
// Throws ConfigError for an algorithm the operation does not have.
PhasedPlan lower_collective(CollectiveOp op, CollectiveAlgo algo, const std::vector<int>& group, double bytes,
                            int gpus_per_node, int channels, const PathLatency& latency, int chunks = 1);

// An algorithm whose wire carries payload at `efficiency` (topology YAML `collectives.efficiency`, e.g. NCCL's LL128
// protocol: 15/16) moves bytes ÷ efficiency in each flow; latencies are unchanged.
void apply_wire_efficiency(PhasedPlan& plan, double efficiency);

}  // namespace cs
