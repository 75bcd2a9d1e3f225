// SPDX-License-Identifier: Apache-2.0
// Collective algorithms beyond the ring, each lowered to phases of concurrent flows plus closed-form latency.
// Pure functions of the group, the size and the fabric's path latencies; lower_collective() dispatches to them.
#pragma once

#include <vector>

#include "collective/collective_op.hpp"

namespace cs {

// Broadcast from group[0] (or reduce to it, `towards_root`) along a pipelined chain in group order: every chain edge
// carries S, T = S/B + (p−1)·α.
PhasedPlan chain_broadcast(const std::vector<int>& order, double bytes, bool towards_root, const PathLatency& latency);

// nccl-tests' sendrecv: rank i sends S to rank i + 1 (mod p) while receiving from i − 1. T = S/B + α.
PhasedPlan ring_sendrecv(const std::vector<int>& group, double bytes, const PathLatency& latency);

// Recursive halving (reduce-scatter) then doubling (all-gather), p a power of two: 2·log2 p phases; in phase k of
// the halving, rank i exchanges S/2^(k+1) with rank i XOR p/2^(k+1). T = 2·log2(p)·α + 2(p−1)/p · S/B.
PhasedPlan halving_doubling_allreduce(const std::vector<int>& group, double bytes, const PathLatency& latency);

// NCCL-style double binary tree: a chain through each node's GPUs, and two binary trees over the nodes (the second
// mirrored, so that with an even node count a node is a leaf in at most one), each carrying half the buffer. Reduce
// (up) and broadcast (down) are pipelined, so every tree edge carries S/2 each way at once; latency 2·(depth)·α.
PhasedPlan double_binary_tree_allreduce(const std::vector<int>& group, double bytes, int gpus_per_node,
                                        const PathLatency& latency);

// Hierarchical all-reduce: reduce-scatter inside each node, all-reduce of each 1/c slice across nodes on its own
// rail, all-gather inside each node, pipelined in chunks so that all three run at once (NCCL's pipelining). With
// `nvls` the node-local steps run in the NVSwitch (NVLink SHARP): each GPU sends S up and receives S/c for the
// reduce-scatter, and the reverse for the all-gather. Needs every node to hold the same c ≥ 2 of the group's GPUs;
// a single node with `nvls` is the NVSwitch all-reduce (S up and S down per GPU).
// With `sharp` the cross-node all-reduce of each slice runs in the InfiniBand switches (SHARP): each GPU sends its
// S/c slice up once and receives the reduced slice once, instead of the ring's 2(n−1)/n·S/c each way; emulated by
// one flow per GPU to the same rail of the next node, which loads every NIC link as the switch tree does (exact
// under one leaf; across spines the tree's links carry S/c each, the emulation's only the flows that cross).
PhasedPlan hierarchical_allreduce(const std::vector<int>& group, double bytes, int gpus_per_node, bool nvls,
                                  const PathLatency& latency, bool sharp = false);

// PXN all-to-all (`bytes` = S, what each rank sends in all): each GPU sends its blocks for a remote node to the GPU
// in its own slot there (the node's GPUs of the group, ascending) along with its node-local blocks; then each relay
// forwards what it received to the other GPUs of its node. Fabric flows are one per (sender, node); node-local flows
// are aggregated where symmetric (node_local.hpp). `fabric_share` < 1 is DeepSeek's node-limited dispatch: a token
// bound for several experts of one node crosses the fabric once, so with top-k experts on at most M nodes the
// fabric carries M/k of the remote blocks while NVLink still delivers every copy.
PhasedPlan pxn_alltoall(const std::vector<int>& group, double bytes, int gpus_per_node, const PathLatency& latency,
                        double fabric_share = 1);

// All-to-all with uneven sizes: bytes[i][j] from group[i] to group[j], all at once.
PhasedPlan alltoallv(const std::vector<int>& group, const std::vector<std::vector<double>>& bytes,
                     const PathLatency& latency);

}  // namespace cs
