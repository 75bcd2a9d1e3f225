// SPDX-License-Identifier: Apache-2.0
// `clustersim sweep`: expand the points, give each a stable ID, run them as processes (or as a Slurm job array),
// and `sweep collect` them into one table.
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

#include "cli/commands.hpp"
#include "cli/inputs.hpp"
#include "config/sweep_reader.hpp"
#include "report/output_dir.hpp"
#include "sweep/collect.hpp"
#include "sweep/runner.hpp"
#include "sweep/slurm.hpp"

namespace fs = std::filesystem;

namespace cs {

namespace {

std::pair<int, int> parse_shard(const std::string& text)
{
  int i = -1, n = -1;
  char slash = 0;
  std::istringstream in(text);
  if (!(in >> i >> slash >> n) || slash != '/' || n < 1 || i < 0 || i >= n || !in.eof())
    throw ConfigError(ErrorKind::VALUE, {"--shard " + text}, "--shard",
                      "expected i/n with 0 ≤ i < n, like 0/4, found \"" + text + "\"");
  return {i, n};
}

// A point's inputs: `topology=FILE` and `workload=FILE` among its settings choose the files (relative to the sweep
// file); everything else is a --set override.
Inputs load_point(const SweepSpec& spec, const SweepPoint& p)
{
  std::string topology = spec.topology, workload = spec.workload;
  std::vector<std::string> sets;
  const std::string base = fs::path(spec.where.of("").file).parent_path().string();
  for (const std::string& s : p.sets) {
    auto pick = [&](const char* key, std::string& path) {
      std::string prefix = std::string(key) + "=";
      if (s.rfind(prefix, 0) != 0)
        return false;
      path = s.substr(prefix.size());
      if (!fs::path(path).is_absolute())
        path = (fs::path(base) / path).lexically_normal().string();
      return true;
    };
    if (!pick("topology", topology) && !pick("workload", workload))
      sets.push_back(s);
  }
  return load_inputs(topology, &workload, sets);
}

// The point's ID hashes its resolved configuration, so two sweeps that reach the same configuration share results,
// and adding axis values later runs only the new points.
void assign_ids(const SweepSpec& spec, std::vector<SweepPoint>& points)
{
  for (SweepPoint& p : points) {
    try {
      Inputs in = load_point(spec, p);
      p.id      = point_id(resolved_text(in.topology) + "\n---\n" + resolved_text(*in.workload));
    } catch (const ConfigError& e) {
      // An override that does not apply still gets a stable ID; running it records the error.
      std::string sets;
      for (const auto& s : p.sets)
        sets += s + "\n";
      p.id = point_id("unresolved\n" + sets);
    }
  }
}

int run_slurm(const SweepOptions& o, size_t points)
{
  SlurmOptions s;
  s.binary        = fs::canonical("/proc/self/exe").string();
  s.sweep         = fs::absolute(o.sweep).lexically_normal().string();
  s.out           = fs::absolute(o.out).lexically_normal().string();
  s.array_size    = o.array_size > 0 ? o.array_size : static_cast<int>(std::min<size_t>(points, 1000));
  s.partition     = o.partition;
  s.time          = o.time;
  s.jobs_per_task = o.jobs;
  fs::create_directories(fs::path(s.out) / "logs");
  const std::string script = (fs::path(s.out) / "sweep.sbatch").string();
  write_file_atomic(script, slurm_script(s));
  std::cout << "wrote " << script << " (" << s.array_size << " array tasks for " << points << " points)\n";
  if (!o.submit || std::system("command -v sbatch > /dev/null 2>&1") != 0) {
    std::cout << (o.submit ? "sbatch not found: " : "") << "submit it on the cluster with `sbatch " << script << "`\n";
    return 0;
  }
  return std::system(("sbatch '" + script + "'").c_str()) == 0 ? 0 : 1;
}

}  // namespace

int sweep_command(const SweepOptions& o)
{
  if (!o.collect.empty()) {
    CollectTally t = collect_sweep(o.collect);
    std::cout << fmt::format("collected {} points ({} failed) into {}/results.csv and results.sqlite, {} columns\n",
                             t.ok + t.failed, t.failed, o.collect, t.columns);
    return 0;
  }
  const SweepSpec spec           = read_sweep_spec(Document::load_file(o.sweep));
  std::vector<SweepPoint> points = expand_sweep(spec);
  assign_ids(spec, points);
  // Two points with one configuration would share a result directory: refuse the sweep rather than lose a label.
  std::map<std::string, const SweepPoint*> seen;
  for (const SweepPoint& p : points)
    if (auto [it, fresh] = seen.emplace(p.id, &p); !fresh)
      throw ConfigError(ErrorKind::VALIDATION, {o.sweep}, "axes",
                        fmt::format("points {} and {} resolve to the same configuration; drop one with exclude:",
                                    it->second->index, p.index));
  if (o.list) {
    for (const SweepPoint& p : points) {
      std::cout << p.index << " " << p.id;
      for (const auto& [axis, label] : p.labels)
        std::cout << " " << axis << "=" << label;
      std::cout << "\n";
    }
    return 0;
  }
  if (o.slurm)
    return run_slurm(o, points.size());

  std::vector<SweepPoint> mine;
  if (!o.shard.empty()) {
    auto [i, n] = parse_shard(o.shard);
    for (const SweepPoint& p : points)
      if (in_shard(p.index, i, n))
        mine.push_back(p);
  } else
    mine = points;

  auto simulate = [&](const SweepPoint& p, const std::string& dir) -> int {
    try {
      nlohmann::ordered_json point = {{"id", p.id}, {"index", p.index}, {"labels", p.labels}, {"sets", p.sets}};
      return run_simulation(load_point(spec, p), dir, true, {{"point.json", point.dump(2) + "\n"}});
    } catch (const ConfigError& e) {
      std::cerr << "error: " << e.what() << "\n";
      return 2;
    } catch (const std::exception& e) {
      std::cerr << "internal error: " << e.what() << "\n";
      return 1;
    }
  };
  RunnerTally t = run_points(mine, {o.out, o.jobs, o.progress}, simulate);
  std::cout << fmt::format(
      "sweep: {} points in this run: {} done, {} failed, {} finished before; results in {}/points\n", mine.size(),
      t.done, t.failed, t.skipped, o.out);
  return 0;
}

}  // namespace cs
