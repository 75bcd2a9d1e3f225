// SPDX-License-Identifier: Apache-2.0
#include "collective/node_local.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace cs {

std::vector<FlowPlan> aggregate_node_local(const std::vector<FlowPlan>& flows, int gpus_per_node)
{
  std::vector<FlowPlan> out;
  std::map<int, std::set<int>> members;  // node -> GPUs with node-local traffic
  std::map<int, std::pair<double, double>> sent_received;
  std::map<int, int> count;  // flows per sender
  double size = -1, lat = -1;
  bool uniform = true;
  for (const FlowPlan& f : flows) {
    const int node = f.src / gpus_per_node;
    if (node != f.dst / gpus_per_node || f.src == f.dst) {
      out.push_back(f);
      continue;
    }
    if (size < 0)
      size = f.bytes, lat = f.latency_s;
    uniform = uniform && f.bytes == size && f.latency_s == lat;
    members[node].insert(f.src);
    members[node].insert(f.dst);
    sent_received[f.src].first += f.bytes;
    sent_received[f.dst].second += f.bytes;
    count[f.src]++;
  }
  if (size < 0)
    return flows;
  // Symmetric: one per-GPU total, sent and received alike, by every GPU that takes part, in nodes of one size.
  const double total = sent_received.begin()->second.first;
  const size_t width = members.begin()->second.size();
  bool symmetric     = uniform && width > 2;
  for (const auto& [gpu, sr] : sent_received)
    symmetric = symmetric && sr.first == total && sr.second == total;
  for (const auto& [node, gpus] : members)
    symmetric = symmetric && gpus.size() == width;
  if (!symmetric)
    return flows;
  for (const auto& [node, gpus] : members) {
    std::vector<int> sorted(gpus.begin(), gpus.end());
    for (size_t i = 0; i < sorted.size(); ++i)
      out.push_back({sorted[i], sorted[(i + 1) % sorted.size()], total, lat});
  }
  return out;
}

}  // namespace cs
