// SPDX-License-Identifier: Apache-2.0
// `--algo auto`: pick a collective algorithm by message size and group shape from α-β estimates, as NCCL's tuner
// does in spirit (its own cost model per algorithm and protocol). The estimates are the uncongested closed forms of
// algorithms.hpp and ring.hpp; contention is left to the simulation that follows.
#pragma once

#include <functional>
#include <vector>

#include "collective/collective_op.hpp"

namespace cs {

// What the estimates need to know about the fabric, per GPU.
struct FabricShape {
  int gpus_per_node     = 8;
  double scale_up_Bps   = 0;      // NVLink, per direction
  double network_Bps    = 0;      // the slowest link between a GPU and its rail's leaf, per direction
  double scale_up_alpha = 0;      // GPU–switch–GPU latency
  double network_alpha  = 0;      // GPU to GPU of another node on the same rail
  bool nvls             = false;  // the scale-up switch reduces in the switch
  bool sharp            = false;  // the fabric's leaf switches reduce in the switch
  // Payload share of each algorithm's wire bytes (apply_wire_efficiency), by CollectiveAlgo; empty = all 1.
  std::function<double(CollectiveAlgo)> wire_efficiency{};
};

struct Estimate {
  CollectiveAlgo algo = CollectiveAlgo::RING;
  double seconds      = 0;
};

// Every algorithm the operation has that fits the group (halving-doubling: a power of two; hierarchical: the same
// number ≥ 2 of GPUs on every node; NVLS and SHARP: that, and hardware support), with its estimated time, fastest
// first.
std::vector<Estimate> estimate_algorithms(CollectiveOp op, const std::vector<int>& group, double bytes,
                                          const FabricShape& shape, int channels);

}  // namespace cs
