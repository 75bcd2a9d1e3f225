// SPDX-License-Identifier: Apache-2.0
#include "report/trace.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <tuple>

namespace cs {

namespace {

// A collective as one slice on one of its GPUs, from its first flow to its last.
struct Slice {
  int gpu, kind;
  double start, end;
  size_t span;
  int lane = 0;  // which track of its GPU's streams of this kind
};

// The collectives on every GPU they hold: a stream per kind of communication, as NCCL runs each communicator on its
// own, and a further stream of that kind wherever two of its collectives overlap on a GPU (a forward send beside a
// backward one), since a track's slices must nest. Sorted by GPU, kind and start; lanes taken first-fit.
std::vector<Slice> comm_slices(const OpGraph& graph, const RunMetrics& metrics)
{
  std::vector<Slice> slices;
  for (size_t s = 0; s < graph.spans.size(); ++s) {
    const auto& [start, end] = metrics.span_intervals[s];
    if (graph.spans[s].cls == SpanClass::COMM && end >= start)
      for (int gpu : graph.spans[s].gpus)
        slices.push_back({gpu, static_cast<int>(graph.spans[s].kind), start, end, s});
  }
  std::sort(slices.begin(), slices.end(), [](const Slice& a, const Slice& b) {
    return std::tie(a.gpu, a.kind, a.start, a.end, a.span) < std::tie(b.gpu, b.kind, b.start, b.end, b.span);
  });
  std::vector<double> lane_end;  // of the current (GPU, kind): when each of its tracks is free
  for (size_t i = 0; i < slices.size(); ++i) {
    Slice& x = slices[i];
    if (i == 0 || x.gpu != slices[i - 1].gpu || x.kind != slices[i - 1].kind)
      lane_end.clear();
    size_t lane = 0;
    while (lane < lane_end.size() && lane_end[lane] > x.start)
      ++lane;
    if (lane == lane_end.size())
      lane_end.push_back(x.end);
    lane_end[lane] = x.end;
    x.lane         = static_cast<int>(lane);
  }
  return slices;
}

}  // namespace

// Written event by event into one buffer: a DeepSeek-V3 step has half a million events, and building them as a JSON
// document first took several times longer and twice the memory.
std::string chrome_trace(const OpGraph& graph, const ExecResult& run, const RunMetrics& metrics, const Cluster& cluster,
                         const std::vector<int>& twin)
{
  const int per                   = cluster.spec.node.gpus;
  const std::vector<Slice> slices = comm_slices(graph, metrics);

  // Thread ids within a node's process: a block per GPU, its compute track first, then its streams kind by kind, so
  // that Perfetto lists a GPU's tracks together and in this order.
  std::vector<std::array<int, COMM_KIND_COUNT>> lanes(static_cast<size_t>(cluster.gpu_count()));  // by GPU and kind
  for (const Slice& x : slices)
    lanes[x.gpu][x.kind] = std::max(lanes[x.gpu][x.kind], x.lane + 1);
  std::vector<std::array<int, COMM_KIND_COUNT>> first_track(lanes.size());
  int block = 1;  // tracks per GPU: the most any GPU has
  for (size_t g = 0; g < lanes.size(); ++g) {
    int next = 1;
    for (int k = 0; k < COMM_KIND_COUNT; ++k) {
      first_track[g][k] = next;
      next += lanes[g][k];
    }
    block = std::max(block, next);
  }
  auto tid = [&](int gpu, int track) { return (gpu % per) * block + track; };

  fmt::memory_buffer out;
  bool first = true;
  auto open  = [&] {
    fmt::format_to(std::back_inserter(out), "{}\n", first ? "" : ",");
    first = false;
  };
  // Labels are quoted and escaped once per span, not once per event.
  std::vector<std::string> quoted(graph.spans.size());
  for (size_t s = 0; s < graph.spans.size(); ++s)
    quoted[s] = nlohmann::json(graph.spans[s].label).dump();
  auto add_event = [&](const std::string& name, const char* cat, int gpu, int track, double start_s, double end_s) {
    open();
    fmt::format_to(std::back_inserter(out), R"({{"name":{},"cat":"{}","ph":"X","ts":{},"dur":{},"pid":{},"tid":{}}})",
                   name, cat, start_s * 1e6, (end_s - start_s) * 1e6, gpu / per, tid(gpu, track));
  };
  auto name_track = [&](int gpu, int track, const std::string& name) {
    open();
    fmt::format_to(std::back_inserter(out),
                   R"({{"name":"thread_name","ph":"M","pid":{},"tid":{},"args":{{"name":"gpu{} {}"}}}})", gpu / per,
                   tid(gpu, track), gpu % per, name);
  };

  fmt::format_to(std::back_inserter(out), R"({{"displayTimeUnit":"ms","traceEvents":[)");
  for (int node = 0; node < cluster.spec.nodes; ++node) {
    open();
    fmt::format_to(std::back_inserter(out), R"({{"name":"process_name","ph":"M","pid":{},"args":{{"name":"node{}"}}}})",
                   node, node);
  }
  for (int gpu = 0; gpu < cluster.gpu_count(); ++gpu) {
    // A folded GPU runs its twin's ops at the same instants (replica folding): its track says where to look.
    const bool folded = static_cast<size_t>(gpu) < twin.size() && twin[gpu] != gpu;
    name_track(gpu, 0,
               folded ? fmt::format("compute: as gpu{} of node{}", twin[gpu] % per, twin[gpu] / per) : "compute");
    for (int k = 0; k < COMM_KIND_COUNT; ++k) {
      const std::string kind = k == static_cast<int>(CommKind::NONE) ? "collectives" : comm_kind_name(CommKind(k));
      for (int lane = 0; lane < lanes[gpu][k]; ++lane)
        name_track(gpu, first_track[gpu][k] + lane, lane == 0 ? kind : fmt::format("{} {}", kind, lane + 1));
    }
  }

  // Compute ops on their GPU's compute track, then the collectives on their streams.
  const std::string unnamed = "\"compute\"";
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    const Op& op = graph.ops[i];
    if (op.kind == OpKind::COMPUTE)
      add_event(op.span >= 0 ? quoted[op.span] : unnamed, "compute", op.gpu, 0, run.ops[i].start_s, run.ops[i].end_s);
  }
  for (const Slice& x : slices)
    add_event(quoted[x.span], "collective", x.gpu, first_track[x.gpu][x.kind] + x.lane, x.start, x.end);
  fmt::format_to(std::back_inserter(out), "\n]}}\n");
  return fmt::to_string(out);
}

}  // namespace cs
