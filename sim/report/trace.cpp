// SPDX-License-Identifier: Apache-2.0
#include "report/trace.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <tuple>

namespace cs {

namespace {

// Thread ids within a node's process: a block per GPU, its compute track first, then up to 99 tracks per kind of
// communication, so that Perfetto lists a GPU's tracks together and in this order.
constexpr int TRACKS_PER_GPU = 1 + COMM_KIND_COUNT * 100;
int track_of(int kind, int lane)
{
  return 1 + kind * 100 + std::min(lane, 99);
}

}  // namespace

// Written event by event into one buffer: a DeepSeek-V3 step has half a million events, and building them as a JSON
// document first took several times longer and twice the memory.
std::string chrome_trace(const OpGraph& graph, const ExecResult& run, const RunMetrics& metrics, const Cluster& cluster)
{
  const int per = cluster.spec.node.gpus;
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
                   name, cat, start_s * 1e6, (end_s - start_s) * 1e6, gpu / per, (gpu % per) * TRACKS_PER_GPU + track);
  };

  fmt::format_to(std::back_inserter(out), R"({{"displayTimeUnit":"ms","traceEvents":[)");
  for (int node = 0; node < cluster.spec.nodes; ++node) {
    open();
    fmt::format_to(std::back_inserter(out), R"({{"name":"process_name","ph":"M","pid":{},"args":{{"name":"node{}"}}}})",
                   node, node);
  }
  auto name_track = [&](int gpu, int track, const std::string& name) {
    open();
    fmt::format_to(std::back_inserter(out),
                   R"({{"name":"thread_name","ph":"M","pid":{},"tid":{},"args":{{"name":"gpu{} {}"}}}})", gpu / per,
                   (gpu % per) * TRACKS_PER_GPU + track, gpu % per, name);
  };
  for (int gpu = 0; gpu < cluster.gpu_count(); ++gpu)
    name_track(gpu, 0, "compute");

  // Compute ops on their GPU's compute track.
  const std::string unnamed = "\"compute\"";
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    const Op& op = graph.ops[i];
    if (op.kind == OpKind::COMPUTE)
      add_event(op.span >= 0 ? quoted[op.span] : unnamed, "compute", op.gpu, 0, run.ops[i].start_s, run.ops[i].end_s);
  }

  // Each collective as one slice, from its first flow to its last, on every GPU it holds: a stream per kind of
  // communication, as NCCL runs each communicator on its own, and a further stream of that kind wherever two of its
  // collectives overlap on a GPU (a forward send beside a backward one), since a track's slices must nest.
  struct Slice {
    int gpu, kind;
    double start, end;
    size_t span;
  };
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
    const Slice& x = slices[i];
    if (i == 0 || x.gpu != slices[i - 1].gpu || x.kind != slices[i - 1].kind)
      lane_end.clear();
    size_t lane = 0;
    while (lane < lane_end.size() && lane_end[lane] > x.start)
      ++lane;
    if (lane == lane_end.size()) {
      lane_end.push_back(x.end);
      const std::string kind =
          x.kind == static_cast<int>(CommKind::NONE) ? "collectives" : comm_kind_name(static_cast<CommKind>(x.kind));
      name_track(x.gpu, track_of(x.kind, static_cast<int>(lane)),
                 lane == 0 ? kind : fmt::format("{} {}", kind, lane + 1));
    }
    lane_end[lane] = x.end;
    add_event(quoted[x.span], "collective", x.gpu, track_of(x.kind, static_cast<int>(lane)), x.start, x.end);
  }
  fmt::format_to(std::back_inserter(out), "\n]}}\n");
  return fmt::to_string(out);
}

}  // namespace cs
