// SPDX-License-Identifier: Apache-2.0
// A cluster with its SimGrid platform, ready to run an op graph. One per test process.
#pragma once

#include "exec/executor.hpp"
#include "metrics/replica_fold.hpp"
#include "platform/platform.hpp"
#include "platform/sim_engine.hpp"
#include "support/tiny_cluster.hpp"
#include "topology/clos.hpp"
#include "topology/routing.hpp"
#include "workload/parallel_training.hpp"

namespace cs::test {

struct SimHarness {
  explicit SimHarness(const ClusterSpec& spec)
      : cluster(build_cluster(spec))
      , router(cluster)
      , platform(cluster, router)
  {
  }

  ExecResult run(const OpGraph& g, int worker_mode_at = WORKER_MODE_AT, const std::vector<int>& twin = {})
  {
    return execute(g, platform, engine, worker_mode_at, twin);
  }
  double latency(int src, int dst) { return router.route(src, dst).latency_s; }
  // What the training planner learns of this cluster, as `clustersim run` tells it (without NVLS, SHARP or wire
  // efficiencies). The functions refer to this harness.
  ClusterFacts facts(const ClusterSpec& spec)
  {
    return {spec.node.gpu,
            cluster.gpu_count(),
            spec.node.gpus,
            spec.node.nics,
            platform.gpu_flops(),
            [this](int a, int b) { return latency(a, b); },
            [this](int a, int b) { return link_uses(cluster, router.route(a, b)); }};
  }

  Cluster cluster;
  Router router;
  SimEngine engine;
  Platform platform;
};

}  // namespace cs::test
