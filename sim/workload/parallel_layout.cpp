// SPDX-License-Identifier: Apache-2.0
#include "workload/parallel_layout.hpp"

#include <fmt/format.h>

#include "config/error.hpp"

namespace cs {

namespace {

int& at(RankCoord& c, Axis a)
{
  switch (a) {
    case Axis::TP:
      return c.tp;
    case Axis::CP:
      return c.cp;
    case Axis::DP:
      return c.dp;
    case Axis::PP:
      break;
  }
  return c.pp;
}

}  // namespace

Layout::Layout(const ParallelSpec& par, int gpu_count, const Provenance& where)
    : par_(par)
{
  auto fail = [&](const std::string& key, const std::string& what) {
    const std::string path = "training.parallelism" + (key.empty() ? "" : "." + key);
    throw ConfigError(ErrorKind::VALIDATION, where.of(path), path, what);
  };
  size_  = {par.tp, par.cp, par.dp, par.pp};
  world_ = par.tp * par.cp * par.dp * par.pp;
  if (world_ != gpu_count)
    fail("", fmt::format("expected tp × cp × dp × pp = the cluster's {} GPUs, found {} × {} × {} × {} = {}", gpu_count,
                         par.tp, par.cp, par.dp, par.pp, world_));
  if (par.ep < 1 || par.dp % par.ep != 0)
    fail("ep", fmt::format("expected a divisor of dp ({}): EP groups are carved out of data parallelism, found {}",
                           par.dp, par.ep));
  static const std::array<const char*, 4> names = {"tp", "cp", "dp", "pp"};
  std::array<bool, 4> seen{};
  int stride = 1;
  if (par.order.size() != 4)
    fail("order",
         fmt::format("expected the four axes tp, cp, dp, pp in some order, found {} entries", par.order.size()));
  for (const std::string& name : par.order) {
    int axis = -1;
    for (int a = 0; a < 4; ++a)
      if (name == names[a])
        axis = a;
    if (axis < 0 || seen[axis])
      fail("order", fmt::format("expected each of tp, cp, dp, pp once, found '{}'{}", name, axis >= 0 ? " twice" : ""));
    seen[axis]    = true;
    stride_[axis] = stride;
    stride *= size_[axis];
  }
}

int Layout::gpu(const RankCoord& c) const
{
  return c.tp * stride_[0] + c.cp * stride_[1] + c.dp * stride_[2] + c.pp * stride_[3];
}

RankCoord Layout::coord(int gpu) const
{
  RankCoord c;
  for (int a = 0; a < 4; ++a)
    at(c, static_cast<Axis>(a)) = gpu / stride_[a] % size_[a];
  return c;
}

std::vector<int> Layout::group(const RankCoord& c, Axis axis) const
{
  std::vector<int> out;
  RankCoord x = c;
  for (int i = 0; i < size_[static_cast<int>(axis)]; ++i) {
    at(x, axis) = i;
    out.push_back(gpu(x));
  }
  return out;
}

std::vector<int> Layout::dense_dp_group(const RankCoord& c) const
{
  std::vector<int> out;
  RankCoord x = c;
  for (x.dp = 0; x.dp < par_.dp; ++x.dp)
    for (x.cp = 0; x.cp < par_.cp; ++x.cp)
      out.push_back(gpu(x));
  return out;
}

std::vector<int> Layout::ep_group(const RankCoord& c) const
{
  std::vector<int> out;
  RankCoord x     = c;
  const int first = c.dp / par_.ep * par_.ep;
  for (x.dp = first; x.dp < first + par_.ep; ++x.dp)
    out.push_back(gpu(x));
  return out;
}

std::vector<int> Layout::expert_dp_group(const RankCoord& c) const
{
  std::vector<int> out;
  RankCoord x = c;
  for (x.dp = c.dp % par_.ep; x.dp < par_.dp; x.dp += par_.ep)
    for (x.cp = 0; x.cp < par_.cp; ++x.cp)
      out.push_back(gpu(x));
  return out;
}

std::vector<RankCoord> Layout::stage_ranks(int pp) const
{
  std::vector<RankCoord> out;
  for (int dp = 0; dp < par_.dp; ++dp)
    for (int cp = 0; cp < par_.cp; ++cp)
      for (int tp = 0; tp < par_.tp; ++tp)
        out.push_back({tp, cp, dp, pp});
  return out;
}

}  // namespace cs
