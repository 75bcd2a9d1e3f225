// SPDX-License-Identifier: Apache-2.0
// `clustersim collective`: an nccl-tests-style sweep of message sizes for one collective on a simulated fabric.
#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "collective/algorithms.hpp"
#include "collective/collective_op.hpp"
#include "collective/tuner.hpp"
#include "config/spec_readers.hpp"
#include "config/units.hpp"
#include "exec/executor.hpp"
#include "topology/analysis.hpp"
#include "topology/clos.hpp"
#include "workload/collective_graph.hpp"

namespace cs {

namespace {

[[noreturn]] void bad(const std::string& flag, const std::string& message)
{
  throw ConfigError(ErrorKind::VALUE, {}, flag, message);
}

// nccl-tests sizes: a number with an optional K, M or G (powers of 1024), or any size clustersim reads ("1GB").
double parse_size(const std::string& flag, const std::string& text)
{
  static const std::vector<std::pair<std::string, double>> binary = {
      {"K", 1024.0}, {"M", 1048576.0}, {"G", 1073741824.0}};
  for (const auto& [suffix, scale] : binary)
    if (text.size() > suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0) {
      auto v = parse_quantity(Quantity::BYTES, text.substr(0, text.size() - suffix.size()) + "B");
      if (v)
        return *v * scale;
    }
  if (auto v = parse_quantity(Quantity::BYTES,
                              text.find_first_not_of("0123456789.eE+") == std::string::npos ? text + "B" : text))
    return *v;
  bad(flag, "expected a size like 8, 64K, 128M, 8G or 1GB, found \"" + text + "\"");
}

// "0-15", "0,8,16-23", "all", "per-node:L" (local GPU L of every node), "rail:r" (the GPUs behind NIC r of every node).
std::vector<int> parse_group(const std::string& text, const ClusterSpec& spec)
{
  const int n = spec.gpu_count(), g = spec.node.gpus;
  std::set<int> out;
  auto local = [&](const std::string& rest, bool rail) {
    int k = std::stoi(rest);
    if (k < 0 || k >= (rail ? spec.node.nics : g))
      bad("--gpus", fmt::format("{} {} is out of range", rail ? "rail" : "local GPU", k));
    for (int r = 0; r < n; ++r)
      if (rail ? (r % g) * spec.node.nics / g == k : r % g == k)
        out.insert(r);
  };
  try {
    if (text == "all")
      for (int r = 0; r < n; ++r)
        out.insert(r);
    else if (text.rfind("per-node:", 0) == 0)
      local(text.substr(9), false);
    else if (text.rfind("rail:", 0) == 0)
      local(text.substr(5), true);
    else {
      std::stringstream in(text);
      std::string part;
      while (std::getline(in, part, ',')) {
        auto dash = part.find('-');
        int a = std::stoi(part.substr(0, dash)), b = dash == std::string::npos ? a : std::stoi(part.substr(dash + 1));
        if (a < 0 || b >= n || a > b)
          bad("--gpus", fmt::format("range {} is outside 0-{}", part, n - 1));
        for (int r = a; r <= b; ++r)
          out.insert(r);
      }
    }
  } catch (const std::logic_error&) {
    bad("--gpus", "expected ranks like 0-15 or 0,8,16-23, or all, per-node:L, rail:r; found \"" + text + "\"");
  }
  if (out.size() < 2)
    bad("--gpus", "a collective needs at least 2 GPUs");
  return {out.begin(), out.end()};
}

// The per-GPU figures the `auto` estimates use, read off the cluster: NVLink, the slowest link between a GPU and
// its leaf, and the latencies of a node-local and a same-rail cross-node path.
FabricShape fabric_shape(const ClusterSpec& spec, const PathLatency& latency)
{
  FabricShape f;
  f.gpus_per_node = spec.node.gpus;
  f.scale_up_Bps  = spec.node.scale_up.effective_Bps();
  f.network_Bps =
      std::min({spec.node.host_link.effective_Bps(), spec.node.nic.bw_Bps, spec.fabric.leaf.link.effective_Bps()});
  f.scale_up_alpha  = spec.node.gpus > 1 ? latency(0, 1) : 0;
  f.network_alpha   = spec.nodes > 1 ? latency(0, spec.node.gpus) : f.scale_up_alpha;
  f.nvls            = spec.node.nvswitch.in_switch_reduction && spec.node.nvswitches > 0;
  f.sharp           = spec.fabric.leaf.sw.in_switch_reduction;
  f.wire_efficiency = [&spec](CollectiveAlgo a) { return spec.collectives.efficiency_of(collective_algo_name(a)); };
  return f;
}

}  // namespace

int collective_command(const CollectiveOptions& o)
{
  Inputs in              = load_inputs(o.topology, nullptr, o.sets);
  const ClusterSpec spec = read_cluster_spec(in.topology);
  const auto op          = parse_collective_op(o.op);
  if (!op)
    throw ConfigError(ErrorKind::VALUE, {}, "--op",
                      "expected one of " + fmt::format("{}", fmt::join(collective_op_names(), ", ")) + ", found \"" +
                          o.op + "\"" + did_you_mean(o.op, collective_op_names()));
  const std::string algo_name    = o.algo.empty() ? collective_algo_name(algorithms_for(*op).front()) : o.algo;
  const bool automatic           = algo_name == "auto";
  std::vector<std::string> known = collective_algo_names();
  known.push_back("auto");
  const auto parsed = parse_collective_algo(algo_name);
  if (!parsed && !automatic)
    bad("--algo", "expected one of " + fmt::format("{}", fmt::join(known, ", ")) + ", found \"" + algo_name + "\"" +
                      did_you_mean(algo_name, known));
  if (parsed == CollectiveAlgo::SHARP && !spec.fabric.leaf.sw.in_switch_reduction)
    bad("--algo", "sharp needs leaf switches that reduce in the switch (InfiniBand SHARP); \"" +
                      spec.fabric.leaf.sw.name + "\" does not");
  if (parsed == CollectiveAlgo::NVLS && !spec.node.nvswitch.in_switch_reduction)
    bad("--algo", "nvls needs NVSwitch chips that reduce in the switch (NVLink SHARP); this node's scale-up switch \"" +
                      spec.node.nvswitch.name + "\" does not");
  if (o.skew != 1 && (parsed != CollectiveAlgo::DIRECT || *op != CollectiveOp::ALLTOALL))
    bad("--skew", "all-to-allv with a skewed receiver is --op alltoall --algo direct --skew F");
  if ((o.node_limit > 0) != (o.top_k > 0) ||
      (o.node_limit > 0 && (parsed != CollectiveAlgo::PXN || *op != CollectiveOp::ALLTOALL)))
    bad("--node-limit", "node-limited dispatch is --op alltoall --algo pxn with both --node-limit and --top-k");
  const double min_b = parse_size("--min-bytes", o.min_bytes), max_b = parse_size("--max-bytes", o.max_bytes);
  if (min_b < 1 || max_b < min_b || o.step_factor <= 1)
    bad("--min-bytes", "expected 1 ≤ min-bytes ≤ max-bytes and a step factor above 1");

  const Cluster cluster = build_cluster(spec);
  validate_connectivity(cluster);
  Router router(cluster);
  const std::vector<int> group = parse_group(o.gpus, spec);
  const int channels           = o.channels > 0 ? o.channels : spec.node.nics;
  SimEngine engine;
  Platform platform(cluster, router);
  auto latency            = [&](int a, int b) { return router.route(a, b).latency_s; };
  const FabricShape shape = fabric_shape(spec, latency);

  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  if (!o.json) {
    std::cout << fmt::format(
        "# clustersim collective: {} ({}) on {} GPUs of {}, up to {} ring channel(s) over whole nodes\n", o.op,
        algo_name, group.size(), spec.name, channels);
    std::cout << "#\n#       size         count      type   redop     time    algbw    busbw\n"
                 "#        (B)    (elements)                       (us)   (GB/s)   (GB/s)\n";
  }
  for (double s = min_b; s <= max_b * (1 + 1e-12); s *= o.step_factor) {
    const double bytes = std::floor(s / 4) * 4;  // whole floats, as nccl-tests counts
    const CollectiveAlgo algo =
        automatic ? estimate_algorithms(*op, group, bytes, shape, channels).front().algo : *parsed;
    OpGraph g;
    int span = g.add_span({o.op, SpanClass::COMM, 0, group});
    std::set<int> nodes;
    for (int gpu : group)
      nodes.insert(gpu / spec.node.gpus);
    // All-to-allv: blocks of S/p, those bound for the group's first rank `skew` times larger.
    std::vector<std::vector<double>> sizes;
    if (o.skew != 1) {
      const size_t p = group.size();
      sizes.assign(p, std::vector<double>(p, bytes / p));
      for (size_t i = 0; i < p; ++i)
        sizes[i][0] = bytes / p * o.skew;
    }
    PhasedPlan plan =
        o.skew != 1 ? alltoallv(group, sizes, latency)
        : o.node_limit > 0
            ? pxn_alltoall(group, bytes, spec.node.gpus, latency,
                           std::min(1.0, std::min<double>(o.node_limit, static_cast<double>(nodes.size())) / o.top_k))
            : lower_collective(*op, algo, group, bytes, spec.node.gpus, channels, latency, o.chunks);
    apply_wire_efficiency(plan, spec.collectives.efficiency_of(collective_algo_name(algo)));
    add_collective(g, plan, span, {});
    const double t     = execute(g, platform, engine).makespan_s;
    const double algbw = t > 0 ? bytes / t / 1e9 : 0;
    const double busbw = algbw * busbw_factor(*op, static_cast<int>(group.size()));
    rows.push_back({{"size_B", bytes},
                    {"count", bytes / 4},
                    {"algo", collective_algo_name(algo)},
                    {"time_us", t * 1e6},
                    {"algbw_GBps", algbw},
                    {"busbw_GBps", busbw}});
    if (!o.json)
      std::cout << fmt::format("{:>12.0f}  {:>12.0f}     float     sum  {:>9.2f}  {:>7.2f}  {:>7.2f}{}\n", bytes,
                               bytes / 4, t * 1e6, algbw, busbw,
                               automatic ? std::string("  ") + collective_algo_name(algo) : "");
  }
  if (o.json) {
    nlohmann::ordered_json j = {{"schema", "clustersim.collective/1"},
                                {"topology", spec.name},
                                {"op", o.op},
                                {"algo", algo_name},
                                {"gpus", group.size()},
                                {"channels", channels},
                                {"rows", rows}};
    std::cout << j.dump(2) << "\n";
  }
  return 0;
}

}  // namespace cs
