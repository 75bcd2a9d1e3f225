// SPDX-License-Identifier: Apache-2.0
// Every preset in topologies/ loads, validates, builds its SimGrid platform, and (up to 2,048 GPUs) trains.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <algorithm>
#include <doctest/doctest.h>
#include <filesystem>

#include "config/embedded.hpp"
#include "config/spec_readers.hpp"
#include "exec/executor.hpp"
#include "topology/analysis.hpp"
#include "topology/clos.hpp"
#include "workload/dp_training.hpp"

using namespace cs;
namespace fs = std::filesystem;

TEST_CASE("every topology preset builds and runs data-parallel training")
{
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(CLUSTERSIM_SOURCE_DIR) / "topologies"))
    if (e.path().extension() == ".yaml")
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 14);
  for (const fs::path& file : files) {
    CAPTURE(file);
    ClusterSpec spec = read_cluster_spec(Document::load_file(file.string()));
    Cluster cluster  = build_cluster(spec);
    CHECK_NOTHROW(validate_connectivity(cluster));
    Router router(cluster);
    TopologyCounts counts = count_topology(cluster);
    CHECK(counts.gpus == spec.nodes * spec.node.gpus);
    // Every GPU has a network path or an NVLink path to its ring neighbours: the job below would throw otherwise.
    SimEngine engine;
    Platform platform(cluster, router);
    if (cluster.gpu_count() > 2048)
      continue;
    TrainingSpec job  = read_training_spec(Document::load_string(default_workload_yaml(), "w.yaml"));
    job.dp            = cluster.gpu_count();
    job.global_batch  = cluster.gpu_count();
    job.iterations    = 1;
    TrainingPlan plan = plan_dp_training(job, spec.node.gpu, cluster.gpu_count(), spec.node.gpus, platform.gpu_flops(),
                                         [&](int a, int b) { return router.route(a, b).latency_s; });
    ExecResult r      = execute(plan.graph, platform, engine);
    // At least the compute, at 6·P·tokens/dp over peak × efficiency.
    CHECK(r.makespan_s >= plan.model_flops_per_gpu / (plan.peak_flops * plan.efficiency) * (1 - 1e-9));
  }
}
