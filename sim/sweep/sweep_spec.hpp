// SPDX-License-Identifier: Apache-2.0
// A sweep: a base topology and workload, and axes of `--set` overrides that combine into points.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "config/provenance.hpp"

namespace cs {

// One value of an axis: the label that names it in results, and the overrides it applies.
struct AxisValue {
  std::string label;
  std::vector<std::string> sets;  // "key.path=value"
};

struct SweepAxis {
  std::string name;  // the key path, or the name of a combined axis
  std::vector<AxisValue> values;
};

struct SweepSpec {
  std::string topology;  // paths, resolved against the sweep file's folder; empty = built-in default
  std::string workload;
  std::vector<std::string> sets;  // applied to every point, before the axes
  std::vector<SweepAxis> axes;
  bool zip = false;  // lock-step instead of the Cartesian product
  // A point is dropped when, for some rule, every axis the rule names has the label it gives.
  std::vector<std::map<std::string, std::string>> exclude;
  Provenance where;
};

struct SweepPoint {
  int index = 0;                              // position in expansion order
  std::map<std::string, std::string> labels;  // axis name -> value label
  std::vector<std::string> sets;              // base sets, then each axis's, in axis order
  std::string id;                             // stable: a hash of the resolved configuration (see point_id)
};

// Every point of the sweep, in a deterministic order, without the excluded ones. IDs are left empty.
std::vector<SweepPoint> expand_sweep(const SweepSpec& spec);

// 16 hex digits of FNV-1a over the resolved configuration text: the same inputs give the same ID on every machine.
std::string point_id(const std::string& resolved_configuration);

// Whether point `index` belongs to shard i of n (round robin): shards 0..n−1 partition the points.
bool in_shard(int index, int shard, int shards);

}  // namespace cs
