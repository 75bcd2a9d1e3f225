// SPDX-License-Identifier: Apache-2.0
#include "fuzz_inputs.hpp"

#include "catalog/builtin.hpp"
#include "config/embedded.hpp"
#include "config/overrides.hpp"
#include "config/spec_readers.hpp"
#include "topology/analysis.hpp"
#include "topology/clos.hpp"
#include "workload/parallel_training.hpp"

namespace cs::fuzz {

void topology_input(const std::string& text)
{
  try {
    ClusterSpec spec = read_cluster_spec(Document::load_string(text, "fuzz.yaml"));
    // Keep each input fast: the generator is linear in the cluster, so cap its size.
    if (spec.gpu_count() <= 4096 && static_cast<long>(spec.fabric.spines) * std::max(1, spec.fabric.cores) <= 1 << 20) {
      Cluster c = build_cluster(spec);
      validate_connectivity(c);
      count_topology(c);
    }
  } catch (const ConfigError&) {
  }
}

void workload_input(const std::string& text)
{
  try {
    TrainingSpec job = read_training_spec(Document::load_string(text, "fuzz.yaml"));
    // Bounded so that a fuzzed input cannot ask for an enormous (valid) graph.
    if (static_cast<double>(job.iterations) * job.global_batch <= 4096)
      plan_training(job, {*builtin_gpu("h100-sxm"), 16, 8, 8, 989e12, [](int, int) { return 1e-6; }});
  } catch (const ConfigError&) {
  }
}

void override_input(const std::string& text)
{
  try {
    Document topo = Document::load_string(default_topology_yaml(), "t.yaml");
    Document work = Document::load_string(default_workload_yaml(), "w.yaml");
    apply_overrides(topo, &work, {text});
    read_cluster_spec(topo);
    read_training_spec(work);
  } catch (const ConfigError&) {
  }
}

}  // namespace cs::fuzz
