// SPDX-License-Identifier: Apache-2.0
// Where each rank of a TP × CP × DP × PP job sits, and the groups it communicates in.
#pragma once

#include <array>
#include <vector>

#include "workload/training_spec.hpp"

namespace cs {

enum class Axis { TP = 0, CP = 1, DP = 2, PP = 3 };

struct RankCoord {
  int tp = 0, cp = 0, dp = 0, pp = 0;
};

class Layout {
 public:
  // Throws ConfigError (naming the parallelism key) when the sizes do not multiply to the GPU count, EP does not
  // divide DP, or the order is not a permutation of tp, cp, dp, pp.
  Layout(const ParallelSpec& par, int gpu_count, const Provenance& where);

  const ParallelSpec& spec() const { return par_; }
  int world() const { return world_; }
  int gpu(const RankCoord& c) const;
  RankCoord coord(int gpu) const;

  // GPUs that differ from `c` only along one axis, in that axis' order.
  std::vector<int> group(const RankCoord& c, Axis axis) const;
  // Dense-parameter gradient group: same TP and PP coordinates, every DP and CP coordinate.
  std::vector<int> dense_dp_group(const RankCoord& c) const;
  // The EP group of `c`: ep consecutive DP coordinates with the same TP, CP and PP.
  std::vector<int> ep_group(const RankCoord& c) const;
  // Ranks holding the same experts as `c`: same position inside their EP groups, every CP coordinate.
  std::vector<int> expert_dp_group(const RankCoord& c) const;
  // Every rank of pipeline stage `pp`, TP fastest, then CP, then DP.
  std::vector<RankCoord> stage_ranks(int pp) const;

 private:
  ParallelSpec par_;
  int world_ = 1;
  std::array<int, 4> size_{};
  std::array<int, 4> stride_{};
};

}  // namespace cs
