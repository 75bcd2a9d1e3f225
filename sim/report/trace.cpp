// SPDX-License-Identifier: Apache-2.0
#include "report/trace.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace cs {

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
  auto add_event = [&](const std::string& name, const char* cat, int gpu, int stream, double start_s, double end_s) {
    open();
    fmt::format_to(std::back_inserter(out), R"({{"name":{},"cat":"{}","ph":"X","ts":{},"dur":{},"pid":{},"tid":{}}})",
                   name, cat, start_s * 1e6, (end_s - start_s) * 1e6, gpu / per, (gpu % per) * 2 + stream);
  };

  fmt::format_to(std::back_inserter(out), R"({{"displayTimeUnit":"ms","traceEvents":[)");
  for (int node = 0; node < cluster.spec.nodes; ++node) {
    open();
    fmt::format_to(std::back_inserter(out), R"({{"name":"process_name","ph":"M","pid":{},"args":{{"name":"node{}"}}}})",
                   node, node);
    for (int g = 0; g < per; ++g)
      for (int stream = 0; stream < 2; ++stream) {
        open();
        fmt::format_to(std::back_inserter(out),
                       R"({{"name":"thread_name","ph":"M","pid":{},"tid":{},"args":{{"name":"gpu{} {}"}}}})", node,
                       g * 2 + stream, g, stream ? "collectives" : "compute");
      }
  }
  // Compute ops on their GPU's compute track; each collective as one span on the collective track of its GPUs.
  const std::string unnamed = "\"compute\"";
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    const Op& op = graph.ops[i];
    if (op.kind == OpKind::COMPUTE)
      add_event(op.span >= 0 ? quoted[op.span] : unnamed, "compute", op.gpu, 0, run.ops[i].start_s, run.ops[i].end_s);
  }
  for (size_t s = 0; s < graph.spans.size(); ++s) {
    const auto& [start, end] = metrics.span_intervals[s];
    if (graph.spans[s].cls == SpanClass::COMM && end >= start)
      for (int gpu : graph.spans[s].gpus)
        add_event(quoted[s], "collective", gpu, 1, start, end);
  }
  fmt::format_to(std::back_inserter(out), "\n]}}\n");
  return fmt::to_string(out);
}

}  // namespace cs
