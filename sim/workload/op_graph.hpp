// SPDX-License-Identifier: Apache-2.0
// The plan a workload becomes: compute, flow and delay operations with dependencies. exec/ runs it; metrics/ reads it.
#pragma once

#include <string>
#include <vector>

namespace cs {

enum class OpKind {
  COMPUTE,  // `amount` FLOP at peak rate on GPU `gpu` (efficiency already folded in, see dense_model.hpp)
  FLOW,     // `amount` bytes from GPU `gpu` to GPU `peer`, after `latency_s`
  DELAY,    // `amount` seconds of closed-form latency, on no resource
};

// What a span keeps its GPUs busy with, for utilization accounting.
enum class SpanClass { COMPUTE, COMM };

// Which parallelism a communication span serves, for exposed-communication accounting.
enum class CommKind { NONE, TP, CP, PP, EP, DP };
inline constexpr int COMM_KIND_COUNT = 6;
inline const char* comm_kind_name(CommKind k)
{
  static const char* const names[] = {"other", "tp", "cp", "pp", "ep", "dp"};
  return names[static_cast<int>(k)];
}

// A phase of the job that metrics report on: a compute step, or one collective over a group of GPUs.
struct Span {
  std::string label;
  SpanClass cls = SpanClass::COMPUTE;
  int iteration = 0;
  std::vector<int> gpus;
  CommKind kind = CommKind::NONE;
};

struct Op {
  OpKind kind      = OpKind::COMPUTE;
  int gpu          = -1;
  int peer         = -1;
  double amount    = 0;
  double latency_s = 0;
  int span         = -1;
  std::vector<int> successors;
  int predecessors = 0;
};

inline Op compute_op(int gpu, double flop, int span)
{
  Op op;
  op.kind   = OpKind::COMPUTE;
  op.gpu    = gpu;
  op.amount = flop;
  op.span   = span;
  return op;
}

inline Op flow_op(int src, int dst, double bytes, double latency_s, int span)
{
  Op op;
  op.kind      = OpKind::FLOW;
  op.gpu       = src;
  op.peer      = dst;
  op.amount    = bytes;
  op.latency_s = latency_s;
  op.span      = span;
  return op;
}

inline Op delay_op(double seconds, int span)
{
  Op op;
  op.kind   = OpKind::DELAY;
  op.amount = seconds;
  op.span   = span;
  return op;
}

struct OpGraph {
  std::vector<Op> ops;
  std::vector<Span> spans;

  int add(Op op)
  {
    ops.push_back(std::move(op));
    return static_cast<int>(ops.size()) - 1;
  }
  int add_span(Span s)
  {
    spans.push_back(std::move(s));
    return static_cast<int>(spans.size()) - 1;
  }
  void depend(int before, int after)
  {
    ops[before].successors.push_back(after);
    ops[after].predecessors++;
  }
};

// Replica folding (workload/parallel_training.hpp) sorts a graph's flows of bytes between GPUs: gradient flows run
// over every GPU; the rest are pipeline flows, which stay inside a replica unit, and which the executor copies into
// the folded units as ghosts while gradient traffic runs. A flow of no bytes takes no bandwidth and is neither.
enum class FlowRole : char { NONE, PIPELINE, GRADIENT };
inline FlowRole flow_role(const OpGraph& g, int op)
{
  const Op& o = g.ops[op];
  if (o.kind != OpKind::FLOW || o.span < 0 || o.gpu == o.peer || o.amount <= 0)
    return FlowRole::NONE;
  return g.spans[o.span].kind == CommKind::DP ? FlowRole::GRADIENT : FlowRole::PIPELINE;
}

}  // namespace cs
