// SPDX-License-Identifier: Apache-2.0
// Pipeline schedules as pure functions: (ranks, micro-batches, kind) -> each rank's op order. No SimGrid.
#pragma once

#include <string>
#include <vector>

namespace cs {

enum class ChunkKind {
  F,   // forward of one micro-batch through one stage
  B,   // backward: full (input and weight gradients), or input only when `zb` (its W runs later)
  W,   // weight gradient of the oldest deferred backward on this rank
  FB,  // DualPipe's overlapped pair: forward of one micro-batch and full backward of another
};

// Which stage of which pipeline an op works on. DualPipe runs two pipelines (directions) at once.
struct StageRef {
  int pipeline   = 0;
  int stage      = 0;
  int microbatch = 0;
};

struct ScheduleOp {
  ChunkKind kind = ChunkKind::F;
  int phase      = 0;      // the rank-local phase of F, B or W (DualPipe: 0 or 1), and of the F part of an FB
  int phase_b    = 0;      // FB only: the phase of its backward part
  bool zb        = false;  // B only: weight gradient deferred to a later W
  StageRef f, b;           // F uses f; B and W use b; FB uses both
  // DualPipe's code holds this op's sends back until the next op is done (`send=False`, then `_send_forward` after the
  // next chunk): they leave with the sends of the next op and hold the op after it.
  bool late_send = false;

  // As in shared/reference/dualpipe.md §5: "F0", "B1(zb)", "W", "F0&B1".
  std::string str() const;
};

struct PipelineSchedule {
  std::string name;
  int ranks        = 0;
  int pipelines    = 1;
  int stages       = 0;                      // per pipeline
  int microbatches = 0;                      // per pipeline
  std::vector<std::vector<ScheduleOp>> ops;  // by rank, in execution order
};

// p ranks = p stages, m micro-batches. Throws std::invalid_argument for impossible sizes.
PipelineSchedule gpipe_schedule(int p, int m);
PipelineSchedule one_f_one_b_schedule(int p, int m);
// Megatron's interleaved 1F1B: p devices, v model chunks each (p·v stages), m micro-batches (a multiple of p).
// Chunk times passed to evaluate_schedule are per chunk, i.e. a device's F and B divided by v.
PipelineSchedule interleaved_1f1b_schedule(int p, int v, int m);
// ZB-H1: 1F1B with every backward split; stage i runs the W of micro-batch j right after the B of micro-batch j + i.
PipelineSchedule zb1p_schedule(int p, int m);
// DeepSeek's DualPipe (R ranks, two pipelines of R stages, C micro-batches in all) and DualPipeV (R ranks, one
// pipeline of 2R stages in a V, C micro-batches), after deepseek-ai/DualPipe@3da1bbe (shared/reference/dualpipe.md
// §2–4).
PipelineSchedule dualpipe_schedule(int ranks, int chunks);
PipelineSchedule dualpipev_schedule(int ranks, int chunks);

// Chunk times for evaluating a schedule with no communication cost.
struct ChunkTimes {
  double f = 1, b = 2, w = 1, fb = 3;  // B is the full backward; a zb backward takes b − w
};

struct ScheduleTiming {
  double makespan = 0;
  std::vector<double> busy, idle;     // by rank: idle = makespan − busy
  std::vector<int> peak_activations;  // by rank: forwards minus backwards done, at most, between ops
};

// Plays the schedule out: each rank runs its ops in order; a forward waits for the previous stage's forward of the
// same micro-batch, a backward for the next stage's backward (or, on the last stage, its own forward). Throws
// std::logic_error if the schedule deadlocks.
ScheduleTiming evaluate_schedule(const PipelineSchedule& s, const ChunkTimes& t);

}  // namespace cs
