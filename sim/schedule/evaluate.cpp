// SPDX-License-Identifier: Apache-2.0
// Max-plus evaluation of a schedule with fixed chunk times and free communication.
#include <algorithm>
#include <stdexcept>

#include "schedule/pipeline_schedule.hpp"

namespace cs {

ScheduleTiming evaluate_schedule(const PipelineSchedule& s, const ChunkTimes& t)
{
  // End times of forwards and backwards by [pipeline][stage][micro-batch]; negative = not yet run.
  using Table = std::vector<std::vector<std::vector<double>>>;
  Table f_end(s.pipelines, std::vector<std::vector<double>>(s.stages, std::vector<double>(s.microbatches, -1)));
  Table b_end    = f_end;
  const int last = s.stages - 1;
  auto f_ready   = [&](const StageRef& x) { return x.stage == 0 ? 0.0 : f_end[x.pipeline][x.stage - 1][x.microbatch]; };
  auto b_ready   = [&](const StageRef& x) {
    double own = f_end[x.pipeline][x.stage][x.microbatch];
    double up  = x.stage == last ? own : b_end[x.pipeline][x.stage + 1][x.microbatch];
    return own < 0 || up < 0 ? -1.0 : std::max(own, up);
  };

  ScheduleTiming out;
  out.busy.assign(s.ranks, 0);
  out.peak_activations.assign(s.ranks, 0);
  std::vector<size_t> next(s.ranks, 0);
  std::vector<double> free_at(s.ranks, 0);
  std::vector<int> live(s.ranks, 0);
  size_t left = 0;
  for (const auto& ops : s.ops)
    left += ops.size();
  while (left > 0) {
    bool progressed = false;
    for (int r = 0; r < s.ranks; ++r)
      while (next[r] < s.ops[r].size()) {
        const ScheduleOp& op = s.ops[r][next[r]];
        double ready = 0, duration = 0;
        switch (op.kind) {
          case ChunkKind::F:
            ready = f_ready(op.f), duration = t.f;
            break;
          case ChunkKind::B:
            ready = b_ready(op.b), duration = op.zb ? t.b - t.w : t.b;
            break;
          case ChunkKind::W:
            ready = 0, duration = t.w;
            break;
          case ChunkKind::FB: {
            double a = f_ready(op.f), b = b_ready(op.b);
            ready    = a < 0 || b < 0 ? -1 : std::max(a, b);
            duration = t.fb;
            break;
          }
        }
        if (ready < 0)
          break;
        const double end = std::max(ready, free_at[r]) + duration;
        if (op.kind == ChunkKind::F || op.kind == ChunkKind::FB) {
          f_end[op.f.pipeline][op.f.stage][op.f.microbatch] = end;
          live[r]++;
        }
        if (op.kind == ChunkKind::B || op.kind == ChunkKind::FB) {
          b_end[op.b.pipeline][op.b.stage][op.b.microbatch] = end;
          live[r]--;
        }
        out.peak_activations[r] = std::max(out.peak_activations[r], live[r]);
        free_at[r]              = end;
        out.busy[r] += duration;
        out.makespan = std::max(out.makespan, end);
        ++next[r];
        --left;
        progressed = true;
      }
    if (!progressed)
      throw std::logic_error(s.name + ": the schedule deadlocks");
  }
  for (double b : out.busy)
    out.idle.push_back(out.makespan - b);
  return out;
}

}  // namespace cs
