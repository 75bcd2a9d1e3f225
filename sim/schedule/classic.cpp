// SPDX-License-Identifier: Apache-2.0
// GPipe, 1F1B (PipeDream-Flush) and ZB-H1: one pipeline, rank i = stage i (shared/reference/dualpipe.md §7).
#include <algorithm>
#include <stdexcept>

#include "schedule/pipeline_schedule.hpp"

namespace cs {

namespace {

PipelineSchedule empty_schedule(const char* name, int p, int m)
{
  if (p < 1 || m < 1)
    throw std::invalid_argument("a pipeline needs at least one stage and one micro-batch");
  PipelineSchedule s;
  s.name         = name;
  s.ranks        = p;
  s.stages       = p;
  s.microbatches = m;
  s.ops.resize(p);
  return s;
}

ScheduleOp forward(int stage, int j)
{
  return {ChunkKind::F, 0, 0, false, {0, stage, j}, {}};
}
ScheduleOp backward(int stage, int j, bool zb)
{
  return {ChunkKind::B, 0, 0, zb, {}, {0, stage, j}};
}
ScheduleOp weight(int stage, int j)
{
  return {ChunkKind::W, 0, 0, false, {}, {0, stage, j}};
}

}  // namespace

PipelineSchedule gpipe_schedule(int p, int m)
{
  PipelineSchedule s = empty_schedule("gpipe", p, m);
  for (int i = 0; i < p; ++i) {
    for (int j = 0; j < m; ++j)
      s.ops[i].push_back(forward(i, j));
    for (int j = 0; j < m; ++j)
      s.ops[i].push_back(backward(i, j, false));
  }
  return s;
}

PipelineSchedule one_f_one_b_schedule(int p, int m)
{
  PipelineSchedule s = empty_schedule("1f1b", p, m);
  for (int i = 0; i < p; ++i) {
    const int warmup = std::min(p - i - 1, m);
    int f = 0, b = 0;
    for (; f < warmup; ++f)
      s.ops[i].push_back(forward(i, f));
    for (; f < m; ++f, ++b) {
      s.ops[i].push_back(forward(i, f));
      s.ops[i].push_back(backward(i, b, false));
    }
    for (; b < m; ++b)
      s.ops[i].push_back(backward(i, b, false));
  }
  return s;
}

PipelineSchedule zb1p_schedule(int p, int m)
{
  PipelineSchedule s = empty_schedule("zb1p", p, m);
  for (int i = 0; i < p; ++i) {
    const int warmup = std::min(p - i - 1, m);
    int f = 0, b = 0, w = 0;
    auto back = [&] {
      s.ops[i].push_back(backward(i, b, true));
      if (b - w >= i && w < m)  // W of micro-batch j right after the B of micro-batch j + i
        s.ops[i].push_back(weight(i, w++));
      ++b;
    };
    for (; f < warmup; ++f)
      s.ops[i].push_back(forward(i, f));
    for (; f < m; ++f) {
      s.ops[i].push_back(forward(i, f));
      back();
    }
    while (b < m)
      back();
    while (w < m)
      s.ops[i].push_back(weight(i, w++));
  }
  return s;
}

PipelineSchedule interleaved_1f1b_schedule(int p, int v, int m)
{
  PipelineSchedule s = empty_schedule("interleaved-1f1b", p, m);
  if (v < 1 || m % p != 0)
    throw std::invalid_argument("interleaved 1F1B needs v ≥ 1 chunks and a micro-batch count that is a multiple of p");
  s.stages        = p * v;  // device d holds stages d, d + p, d + 2p, ... (chunk c is stage c·p + d)
  const int total = m * v;
  // Megatron-LM's order: the k-th forward on a device runs chunk (k / p) mod v of micro-batch
  // (k / (p·v))·p + k mod p; backwards walk the chunks in reverse.
  auto fwd = [&](int d, int k) {
    int chunk = (k / p) % v, mb = (k / (p * v)) * p + k % p;
    return ScheduleOp{ChunkKind::F, 0, 0, false, {0, chunk * p + d, mb}, {}};
  };
  auto bwd = [&](int d, int k) {
    int chunk = v - 1 - (k / p) % v, mb = (k / (p * v)) * p + k % p;
    return ScheduleOp{ChunkKind::B, 0, 0, false, {}, {0, chunk * p + d, mb}};
  };
  for (int d = 0; d < p; ++d) {
    const int warmup = std::min(total, (p - d - 1) * 2 + (v - 1) * p);
    int f = 0, b = 0;
    for (; f < warmup; ++f)
      s.ops[d].push_back(fwd(d, f));
    for (; f < total; ++f, ++b) {
      s.ops[d].push_back(fwd(d, f));
      s.ops[d].push_back(bwd(d, b));
    }
    for (; b < total; ++b)
      s.ops[d].push_back(bwd(d, b));
  }
  return s;
}

}  // namespace cs
