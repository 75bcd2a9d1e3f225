// SPDX-License-Identifier: Apache-2.0
// `clustersim topo`: what a topology is made of, before anything runs.
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "config/spec_readers.hpp"
#include "platform/platform.hpp"
#include "platform/sim_engine.hpp"
#include "report/output_dir.hpp"
#include "report/topo_report.hpp"
#include "topology/analysis.hpp"
#include "topology/clos.hpp"
#include "topology/routing.hpp"

namespace cs {

int topo_command(const TopoOptions& o)
{
  Inputs in              = load_inputs(o.topology, nullptr, o.sets);
  const ClusterSpec spec = read_cluster_spec(in.topology);
  const Cluster cluster  = build_cluster(spec);
  validate_connectivity(cluster);
  Router router(cluster);  // not const: --platform installs routes through it
  const TopologyCounts counts = count_topology(cluster);
  const NetworkCost cost      = network_cost(cluster, counts);
  const HopHistogram hops     = hop_histogram(cluster, router);
  const TopologyReport report{cluster, counts, cost, hops, bisection_bandwidth(cluster)};

  if (!o.dot.empty()) {
    std::ostringstream dot;
    write_dot(cluster, dot);
    if (o.dot == "-")
      std::cout << dot.str();
    else
      write_file_atomic(o.dot, dot.str());
  }
  if (o.dot != "-") {
    if (o.json)
      std::cout << topo_json(report);
    else
      print_topo_table(report, std::cout);
  }
  if (o.platform) {
    // Build (and discard) the SimGrid platform, to check that it can be simulated and what it costs.
    SimEngine engine;
    Platform platform(cluster, router);
    if (!o.json && o.dot != "-")
      std::cout << fmt::format("\n  SimGrid platform      {} hosts, {} full-duplex links: built\n",
                               platform.gpu_count(), cluster.edges.size());
  }
  return 0;
}

}  // namespace cs
