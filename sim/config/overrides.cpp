// SPDX-License-Identifier: Apache-2.0
#include "config/overrides.hpp"

#include <algorithm>

namespace cs {

void apply_overrides(Document& topology, Document* workload, const std::vector<std::string>& sets)
{
  // Top-level keys that name their document; `name` and `description` exist in both and need a prefix.
  static const std::vector<std::string> topology_keys = {"nodes", "node", "fabric", "facility", "collectives"};
  static const std::vector<std::string> workload_keys = {"model", "training"};
  for (const std::string& text : sets) {
    Override o       = parse_override(text);
    Document* target = nullptr;
    if (o.keys.size() > 1 && o.keys[0] == "topology") {
      target = &topology;
      o.keys.erase(o.keys.begin());
    } else if (o.keys.size() > 1 && o.keys[0] == "workload") {
      target = workload;
      o.keys.erase(o.keys.begin());
      if (!target)
        throw ConfigError(ErrorKind::SCHEMA, {"--set " + text}, "workload", "this command reads no workload");
    } else if (std::find(topology_keys.begin(), topology_keys.end(), o.keys[0]) != topology_keys.end())
      target = &topology;
    else if (workload && std::find(workload_keys.begin(), workload_keys.end(), o.keys[0]) != workload_keys.end())
      target = workload;
    else {
      std::vector<std::string> known = topology_keys;
      known.insert(known.end(), {"topology", "workload"});
      if (workload)
        known.insert(known.end(), workload_keys.begin(), workload_keys.end());
      throw ConfigError(ErrorKind::SCHEMA, {"--set " + text}, o.keys[0],
                        "unknown top-level key" + did_you_mean(o.keys[0], known) +
                            " (prefix the path with topology. or workload. to choose the document)");
    }
    target->apply(o);
  }
}

}  // namespace cs
