// SPDX-License-Identifier: Apache-2.0
#include <cstdint>
#include <fmt/format.h>

#include "sweep/sweep_spec.hpp"

namespace cs {

namespace {

bool excluded(const SweepSpec& spec, const std::map<std::string, std::string>& labels)
{
  for (const auto& rule : spec.exclude) {
    bool all = !rule.empty();
    for (const auto& [axis, label] : rule) {
      auto it = labels.find(axis);
      all     = all && it != labels.end() && it->second == label;
    }
    if (all)
      return true;
  }
  return false;
}

}  // namespace

std::vector<SweepPoint> expand_sweep(const SweepSpec& spec)
{
  std::vector<SweepPoint> points;
  if (spec.axes.empty()) {
    points.push_back({0, {}, spec.sets, ""});
    return points;
  }
  // Odometer over the axes (grid), or one index for all (zip); the last axis varies fastest.
  const size_t n = spec.axes.size();
  std::vector<size_t> at(n, 0);
  size_t zip_len = spec.axes[0].values.size();
  for (const SweepAxis& a : spec.axes)
    zip_len = std::min(zip_len, a.values.size());
  for (size_t step = 0;; ++step) {
    if (spec.zip && step >= zip_len)
      break;
    SweepPoint p;
    p.sets = spec.sets;
    for (size_t i = 0; i < n; ++i) {
      const AxisValue& v          = spec.axes[i].values[spec.zip ? step : at[i]];
      p.labels[spec.axes[i].name] = v.label;
      p.sets.insert(p.sets.end(), v.sets.begin(), v.sets.end());
    }
    if (!excluded(spec, p.labels)) {
      p.index = static_cast<int>(points.size());
      points.push_back(std::move(p));
    }
    if (spec.zip)
      continue;
    size_t i = n;
    while (i > 0 && ++at[i - 1] == spec.axes[i - 1].values.size())
      at[--i] = 0;
    if (i == 0)
      break;
  }
  return points;
}

std::string point_id(const std::string& text)
{
  uint64_t h = 14695981039346656037ULL;  // FNV-1a 64 offset basis
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", h);
}

bool in_shard(int index, int shard, int shards)
{
  return index % shards == shard;
}

}  // namespace cs
