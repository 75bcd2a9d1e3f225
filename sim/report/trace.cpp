// SPDX-License-Identifier: Apache-2.0
#include "report/trace.hpp"

#include <nlohmann/json.hpp>

namespace cs {

std::string chrome_trace(const OpGraph& graph, const ExecResult& run, const RunMetrics& metrics, const Cluster& cluster)
{
  using Json     = nlohmann::ordered_json;
  const int per  = cluster.spec.node.gpus;
  auto track     = [&](int gpu, int stream) { return Json{{"pid", gpu / per}, {"tid", (gpu % per) * 2 + stream}}; };
  Json events    = Json::array();
  auto add_event = [&](const std::string& name, const char* cat, int gpu, int stream, double start_s, double end_s) {
    Json e = {{"name", name}, {"cat", cat}, {"ph", "X"}, {"ts", start_s * 1e6}, {"dur", (end_s - start_s) * 1e6}};
    e.update(track(gpu, stream));
    events.push_back(std::move(e));
  };
  for (int node = 0; node < cluster.spec.nodes; ++node) {
    events.push_back(
        {{"name", "process_name"}, {"ph", "M"}, {"pid", node}, {"args", {{"name", "node" + std::to_string(node)}}}});
    for (int g = 0; g < per; ++g)
      for (int stream = 0; stream < 2; ++stream) {
        Json m = {{"name", "thread_name"}, {"ph", "M"}};
        m.update(track(node * per + g, stream));
        m["args"] = {{"name", "gpu" + std::to_string(g) + (stream ? " collectives" : " compute")}};
        events.push_back(std::move(m));
      }
  }
  // Compute ops on their GPU's compute track; each collective as one span on the collective track of its GPUs.
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    const Op& op = graph.ops[i];
    if (op.kind == OpKind::COMPUTE)
      add_event(op.span >= 0 ? graph.spans[op.span].label : "compute", "compute", op.gpu, 0, run.ops[i].start_s,
                run.ops[i].end_s);
  }
  for (size_t s = 0; s < graph.spans.size(); ++s) {
    const auto& [start, end] = metrics.span_intervals[s];
    if (graph.spans[s].cls == SpanClass::COMM && end >= start)
      for (int gpu : graph.spans[s].gpus)
        add_event(graph.spans[s].label, "collective", gpu, 1, start, end);
  }
  Json trace = {{"displayTimeUnit", "ms"}, {"traceEvents", events}};
  return trace.dump() + "\n";
}

}  // namespace cs
