// SPDX-License-Identifier: Apache-2.0
// A cluster with its SimGrid platform, ready to run an op graph. One per test process.
#pragma once

#include "exec/executor.hpp"
#include "platform/platform.hpp"
#include "platform/sim_engine.hpp"
#include "support/tiny_cluster.hpp"
#include "topology/clos.hpp"
#include "topology/routing.hpp"

namespace cs::test {

struct SimHarness {
  explicit SimHarness(const ClusterSpec& spec)
      : cluster(build_cluster(spec))
      , router(cluster)
      , platform(cluster, router)
  {
  }

  ExecResult run(const OpGraph& g, int worker_mode_at = WORKER_MODE_AT)
  {
    return execute(g, platform, engine, worker_mode_at);
  }
  double latency(int src, int dst) { return router.route(src, dst).latency_s; }

  Cluster cluster;
  Router router;
  SimEngine engine;
  Platform platform;
};

}  // namespace cs::test
