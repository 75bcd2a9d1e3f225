// SPDX-License-Identifier: Apache-2.0
// Sweep expansion: grid and zip counts, exclusions, stable IDs and shards.
#include <doctest/doctest.h>
#include <set>

#include "config/sweep_reader.hpp"
#include "sweep/sweep_spec.hpp"

using namespace cs;

namespace {

SweepSpec spec_of(const std::string& yaml)
{
  return read_sweep_spec(Document::load_string(yaml, "s.yaml"));
}

}  // namespace

TEST_CASE("a grid is the Cartesian product, last axis fastest, and zip walks the axes together")
{
  const std::string axes       = "axes:\n"
                                 "  - {key: fabric.link.bw, values: [100Gbps, 200Gbps, 400Gbps]}\n"
                                 "  - {key: training.global_batch, range: {from: 16, to: 64, step: 16}}\n";
  std::vector<SweepPoint> grid = expand_sweep(spec_of(axes));
  REQUIRE(grid.size() == 3 * 4);
  CHECK(grid[0].sets == std::vector<std::string>{"fabric.link.bw=100Gbps", "training.global_batch=16"});
  CHECK(grid[1].labels.at("training.global_batch") == "32");
  CHECK(grid[11].labels.at("fabric.link.bw") == "400Gbps");
  CHECK_THROWS_WITH_AS(spec_of("combine: zip\n" + axes), doctest::Contains("zip needs axes of equal length"),
                       ConfigError);
  std::vector<SweepPoint> zip = expand_sweep(spec_of("combine: zip\naxes:\n"
                                                     "  - {key: a, values: [1, 2, 3]}\n"
                                                     "  - {key: b, values: [x, y, z]}\n"));
  REQUIRE(zip.size() == 3);
  CHECK(zip[2].sets == std::vector<std::string>{"a=3", "b=z"});
}

TEST_CASE("a combined axis sets several keys at once, and exclude rules drop matching points")
{
  SweepSpec s                    = spec_of("set: [training.iterations=1]\n"
                                                              "axes:\n"
                                                              "  - name: variant\n"
                                                              "    values:\n"
                                                              "      rail: {fabric.kind: rail_optimized}\n"
                                                              "      tree: {fabric.kind: fat_tree, fabric.nodes_per_leaf: 1}\n"
                                                              "  - {key: fabric.optics, values: [pluggable, cpo]}\n"
                                                              "exclude:\n"
                                                              "  - {variant: tree, fabric.optics: cpo}\n");
  std::vector<SweepPoint> points = expand_sweep(s);
  REQUIRE(points.size() == 3);
  CHECK(points[2].sets == std::vector<std::string>{"training.iterations=1", "fabric.kind=fat_tree",
                                                   "fabric.nodes_per_leaf=1", "fabric.optics=pluggable"});
  for (size_t i = 0; i < points.size(); ++i)
    CHECK(points[i].index == static_cast<int>(i));
}

TEST_CASE("point IDs depend on the configuration only")
{
  CHECK(point_id("a: 1\n") == point_id("a: 1\n"));
  CHECK(point_id("a: 1\n") != point_id("a: 2\n"));
  CHECK(point_id("").size() == 16);
  CHECK(point_id("") == "cbf29ce484222325");  // FNV-1a 64 offset basis: the hash of nothing
}

TEST_CASE("shards 0..n−1 partition the points exactly")
{
  for (int n : {1, 2, 3, 7}) {
    std::multiset<int> seen;
    for (int shard = 0; shard < n; ++shard)
      for (int index = 0; index < 50; ++index)
        if (in_shard(index, shard, n))
          seen.insert(index);
    CHECK(seen.size() == 50);
    for (int index = 0; index < 50; ++index)
      CHECK(seen.count(index) == 1);
  }
}
