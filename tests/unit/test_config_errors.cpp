// SPDX-License-Identifier: Apache-2.0
// Bad input, file by file: every file in tests/data/bad/ states the error it must produce, located to the line.
//
// Each file starts with two comment lines:
//   # kind: topology | workload       (which document it is; the other one is the built-in default)
//   # expect: <text>                  (a substring of the error; {file} stands for the file's path)
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>

#include "config/embedded.hpp"
#include "config/spec_readers.hpp"
#include "topology/analysis.hpp"
#include "topology/clos.hpp"
#include "topology/routing.hpp"
#include "workload/parallel_training.hpp"

using namespace cs;
namespace fs = std::filesystem;

namespace {

struct Expectation {
  std::string kind;
  std::string text;
};

Expectation read_expectation(const fs::path& file)
{
  std::ifstream in(file);
  Expectation e;
  std::string line;
  while (std::getline(in, line) && line.rfind("# ", 0) == 0) {
    if (line.rfind("# kind: ", 0) == 0)
      e.kind = line.substr(8);
    else if (line.rfind("# expect: ", 0) == 0)
      e.text = line.substr(10);
  }
  if (auto at = e.text.find("{file}"); at != std::string::npos)
    e.text.replace(at, 6, file.string());
  return e;
}

// Everything `clustersim run` checks before simulating.
void preflight(const Document& topology_doc, const Document& workload_doc)
{
  ClusterSpec spec = read_cluster_spec(topology_doc);
  TrainingSpec job = read_training_spec(workload_doc);
  Cluster cluster  = build_cluster(spec);
  validate_connectivity(cluster);
  Router router(cluster);
  plan_training(job, {spec.node.gpu, cluster.gpu_count(), spec.node.gpus, spec.node.nics, spec.node.gpu.bf16_flops,
                      [&](int a, int b) { return router.route(a, b).latency_s; }});
}

}  // namespace

TEST_CASE("every bad input gives its located error")
{
  fs::path dir = fs::path(CLUSTERSIM_SOURCE_DIR) / "tests/data/bad";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".yaml")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 20);

  for (const fs::path& file : files) {
    CAPTURE(file);
    Expectation e = read_expectation(file);
    REQUIRE(!e.text.empty());
    std::string message;
    try {
      if (e.kind == "topology")
        preflight(Document::load_file(file.string()),
                  Document::load_string(default_workload_yaml(), DEFAULT_WORKLOAD_NAME));
      else
        preflight(Document::load_string(default_topology_yaml(), DEFAULT_TOPOLOGY_NAME),
                  Document::load_file(file.string()));
    } catch (const ConfigError& err) {
      message = err.what();
    }
    CHECK_MESSAGE(message.find(e.text) != std::string::npos, "expected: " << e.text << "\n   found: " << message);
  }
}

TEST_CASE("the built-in defaults pass every check")
{
  CHECK_NOTHROW(preflight(Document::load_string(default_topology_yaml(), DEFAULT_TOPOLOGY_NAME),
                          Document::load_string(default_workload_yaml(), DEFAULT_WORKLOAD_NAME)));
}
