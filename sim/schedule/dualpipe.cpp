// SPDX-License-Identifier: Apache-2.0
// DualPipe and DualPipeV, step by step as deepseek-ai/DualPipe@3da1bbe codes them (shared/reference/dualpipe.md §4).
#include <deque>
#include <fmt/format.h>
#include <functional>
#include <stdexcept>

#include "schedule/pipeline_schedule.hpp"

namespace cs {

std::string ScheduleOp::str() const
{
  switch (kind) {
    case ChunkKind::F:
      return fmt::format("F{}", phase);
    case ChunkKind::B:
      return fmt::format("B{}{}", phase, zb ? "(zb)" : "");
    case ChunkKind::W:
      return "W";
    case ChunkKind::FB:
      return fmt::format("F{}&B{}", phase, phase_b);
  }
  return "?";
}

namespace {

// The eight steps of one rank, in local phases. `v` selects DualPipeV's counts: there `half` is the rank count,
// `hr` the rank, `hc` the micro-batch count, and the special (non-overlapped) rank the last one.
std::vector<ScheduleOp> eight_steps(int ranks, int half, int hr, int hc, bool special, bool v)
{
  std::vector<ScheduleOp> ops;
  bool zb        = false;
  auto F         = [&](int phase) { ops.push_back({ChunkKind::F, phase, 0, false, {}, {}}); };
  auto B         = [&](int phase) { ops.push_back({ChunkKind::B, phase, 0, zb, {}, {}}); };
  auto W         = [&] { ops.push_back({ChunkKind::W, 0, 0, false, {}, {}}); };
  auto FB        = [&](int pf, int pb) { ops.push_back({ChunkKind::FB, pf, pb, false, {}, {}}); };
  const int rest = half - hr - 1;
  for (int i = 0; i < rest * 2; ++i)  // step 1: nF0
    F(0);
  for (int i = 0; i < hr + 1; ++i) {  // step 2: nF0F1
    // F0's output goes out after F1 (DualPipe: on all but the middle ranks; DualPipeV: on every rank), and the
    // special rank's last F1 after the F0 that starts step 4.
    F(0);
    ops.back().late_send = v || !special;
    F(1);
    ops.back().late_send = special && i == hr;
  }
  zb = true;
  for (int i = 0; i < rest; ++i) {  // step 3: nB1W1F1, zero bubble
    B(1);
    W();
    F(1);
  }
  zb             = false;
  const int main = v ? hc - 2 * ranks + hr + 1 : hc - ranks + hr + 1;
  if (main < 0)
    throw std::invalid_argument("too few micro-batches for this many ranks");
  for (int i = 0; i < main; ++i) {  // step 4: nF0B1F1B0
    if (i == 0 && special) {        // "We don't overlap these two chunks to further reduce bubble size"
      F(0);
      ops.back().late_send = true;  // sent with B1's
      B(1);
    } else
      FB(0, 1);
    FB(1, 0);
  }
  for (int i = 0; i < rest; ++i) {  // step 5: nB1F1B0
    B(1);
    FB(1, 0);
  }
  for (int i = 0; i < hr + 1; ++i) {  // step 6: nB1B0, zero bubble switched on half-way
    if (i == (hr + 1) / 2 && hr % 2 == 1)
      zb = true;
    B(1);
    if (i == (hr + 1) / 2 && hr % 2 == 0)
      zb = true;
    B(0);
  }
  zb = true;
  for (int i = 0; i < rest; ++i) {  // step 7: nWB0, zero bubble
    W();
    B(0);
  }
  for (int i = 0; i < hr + 1; ++i)  // step 8: nW
    W();
  return ops;
}

// Gives every op its stage and micro-batch: per phase, forwards and backwards take micro-batches in order; a W
// takes the oldest deferred backward.
void assign_stages(PipelineSchedule& s, const std::function<StageRef(int rank, int phase)>& where)
{
  for (int r = 0; r < s.ranks; ++r) {
    int next_f[2] = {0, 0}, next_b[2] = {0, 0};
    std::deque<StageRef> deferred;
    for (ScheduleOp& op : s.ops[r]) {
      auto take = [&](int phase, int* next) {
        StageRef at   = where(r, phase);
        at.microbatch = next[phase]++;
        return at;
      };
      if (op.kind == ChunkKind::F || op.kind == ChunkKind::FB)
        op.f = take(op.phase, next_f);
      if (op.kind == ChunkKind::B) {
        op.b = take(op.phase, next_b);
        if (op.zb)
          deferred.push_back(op.b);
      }
      if (op.kind == ChunkKind::FB)
        op.b = take(op.phase_b, next_b);
      if (op.kind == ChunkKind::W) {
        if (deferred.empty())
          throw std::logic_error("a W with no deferred backward");
        op.b = deferred.front();
        deferred.pop_front();
      }
    }
  }
}

}  // namespace

PipelineSchedule dualpipe_schedule(int ranks, int chunks)
{
  if (ranks < 2 || ranks % 2 || chunks % 2 || chunks < ranks * 2)
    throw std::invalid_argument(fmt::format("DualPipe needs an even rank count and an even micro-batch count of at "
                                            "least twice the ranks; found {} ranks and {} micro-batches",
                                            ranks, chunks));
  PipelineSchedule s;
  s.name = "dualpipe", s.ranks = ranks, s.pipelines = 2, s.stages = ranks, s.microbatches = chunks / 2;
  const int half = ranks / 2;
  for (int r = 0; r < ranks; ++r) {
    const int hr = std::min(r, ranks - 1 - r);
    s.ops.push_back(eight_steps(ranks, half, hr, chunks / 2, r == half - 1 || r == half, false));
  }
  // Phase 0 is the direction in which the rank is nearer the input: pipeline 0 for the first half of the ranks.
  assign_stages(s, [&](int r, int phase) {
    int pipeline = phase ^ (r >= half ? 1 : 0);
    return StageRef{pipeline, pipeline == 0 ? r : ranks - 1 - r, 0};
  });
  return s;
}

PipelineSchedule dualpipev_schedule(int ranks, int chunks)
{
  if (ranks < 1 || chunks < ranks * 2)
    throw std::invalid_argument(fmt::format("DualPipeV needs at least twice as many micro-batches as ranks; found {} "
                                            "ranks and {} micro-batches",
                                            ranks, chunks));
  PipelineSchedule s;
  s.name = "dualpipev", s.ranks = ranks, s.pipelines = 1, s.stages = 2 * ranks, s.microbatches = chunks;
  for (int r = 0; r < ranks; ++r)
    s.ops.push_back(eight_steps(ranks, ranks, r, chunks, r == ranks - 1, true));
  // Rank r holds stage r (phase 0, down the V) and stage 2R − 1 − r (phase 1, back up).
  assign_stages(s, [&](int r, int phase) { return StageRef{0, phase == 0 ? r : 2 * ranks - 1 - r, 0}; });
  return s;
}

}  // namespace cs
