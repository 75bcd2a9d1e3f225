// SPDX-License-Identifier: Apache-2.0
// The clustersim command line: subcommand wiring only.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "config/error.hpp"

namespace {

constexpr int EXIT_BAD_INPUT = 2;

void add_set_option(CLI::App* cmd, std::vector<std::string>& sets)
{
  cmd->add_option("--set", sets,
                  "Override a YAML value by its dotted path, e.g. --set fabric.spines=4 or "
                  "--set training.iterations=10 (lists by index: a.b[0].c); repeatable")
      ->type_name("KEY.PATH=VALUE")
      ->allow_extra_args(false);
}

}  // namespace

int main(int argc, char** argv)
{
  CLI::App app{"clustersim: simulate AI datacenter clusters (GPUs, NVLink, InfiniBand/RoCE fabrics, optics) running "
               "LLM jobs, and report time, utilization and energy.",
               "clustersim"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "clustersim 0.1.0");
  app.footer("Run `clustersim <command> --help` for a command's options.\n"
             "Example: clustersim run --topology topologies/tiny-16.yaml --workload workloads/dp-gpt3-xl.yaml");

  cs::RunOptions run;
  CLI::App* run_cmd = app.add_subcommand("run", "Simulate a training job on a cluster and report it");
  run_cmd->add_option("-t,--topology", run.topology, "Topology YAML (default: the built-in tiny-16)")
      ->check(CLI::ExistingFile);
  run_cmd->add_option("-w,--workload", run.workload, "Workload YAML (default: the built-in dp-gpt3-xl)")
      ->check(CLI::ExistingFile);
  run_cmd->add_option("-o,--out", run.out, "Output directory, replaced atomically")->capture_default_str();
  add_set_option(run_cmd, run.sets);
  run_cmd->add_flag("-q,--quiet", run.quiet, "Print nothing on success");
  run_cmd->footer("Examples:\n"
                  "  clustersim run\n"
                  "  clustersim run -t topologies/tiny-16.yaml -w workloads/dp-gpt3-xl.yaml --out out/base\n"
                  "  clustersim run --set fabric.link.bw=200Gbps --set training.iterations=5\n"
                  "  clustersim run -w workloads/llama3-8b-tiny.yaml                  # TP4 x PP2 x DP2, 1F1B\n"
                  "  clustersim run -t topologies/llama3-16k-roce.yaml -w workloads/llama3-405b-16k.yaml\n"
                  "Layered jobs (tp/cp/pp/dp/ep with a schedule): docs/training.md");

  cs::TopoOptions topo;
  CLI::App* topo_cmd = app.add_subcommand("topo", "Describe a topology: devices, links, optics; GraphViz export");
  topo_cmd->add_option("topology", topo.topology, "Topology YAML (default: the built-in tiny-16)")
      ->check(CLI::ExistingFile);
  topo_cmd->add_flag("--json", topo.json, "Print JSON instead of a table");
  topo_cmd->add_option("--dot", topo.dot, "Write the graph in GraphViz DOT to FILE ('-' for stdout)")
      ->type_name("FILE");
  topo_cmd->add_flag("--platform", topo.platform, "Also build the SimGrid platform, to check it and time it");
  add_set_option(topo_cmd, topo.sets);
  topo_cmd->footer("Examples:\n"
                   "  clustersim topo topologies/tiny-16.yaml\n"
                   "  clustersim topo topologies/tiny-16.yaml --json --dot tiny.dot");

  cs::CollectiveOptions coll;
  CLI::App* coll_cmd = app.add_subcommand("collective", "nccl-tests-style sizes sweep of one collective on a fabric");
  coll_cmd->add_option("-t,--topology", coll.topology, "Topology YAML (default: the built-in tiny-16)")
      ->check(CLI::ExistingFile);
  coll_cmd->add_option("--op", coll.op, "allreduce, allgather, reducescatter, alltoall, broadcast, reduce or sendrecv")
      ->capture_default_str();
  coll_cmd->add_option("--algo", coll.algo,
                       "all-reduce: ring (default), tree, halving-doubling, hierarchical, nvls; all-to-all: shifted "
                       "(default), direct, pxn; others: ring. auto picks per size from α-β estimates");
  coll_cmd->add_option("--gpus", coll.gpus, "Ranks: 0-15, 0,8,16-23, all, per-node:L or rail:r")->capture_default_str();
  coll_cmd->add_option("-b,--min-bytes", coll.min_bytes, "Smallest size (8, 64K, 128M, 8G)")->capture_default_str();
  coll_cmd->add_option("-e,--max-bytes", coll.max_bytes, "Largest size")->capture_default_str();
  coll_cmd->add_option("-f,--step-factor", coll.step_factor, "Size multiplier between rows")->capture_default_str();
  coll_cmd->add_option("--channels", coll.channels, "Ring channels (default: one per NIC of a node)");
  coll_cmd->add_option("--node-limit", coll.node_limit,
                       "pxn all-to-all as DeepSeek's node-limited dispatch: tokens reach at most this many nodes "
                       "(needs --top-k)");
  coll_cmd->add_option("--top-k", coll.top_k, "experts per token, for --node-limit");
  coll_cmd
      ->add_option("--chunks", coll.chunks,
                   "ring collectives in this many lock-step rounds (up to one per ring step): slower to simulate, "
                   "contention resolved round by round")
      ->capture_default_str()
      ->check(CLI::Range(1, 1 << 20));
  coll_cmd
      ->add_option("--skew", coll.skew,
                   "all-to-allv (--op alltoall --algo direct): every rank sends the group's first rank this many "
                   "times the block it sends the others (an overloaded expert)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e6));
  coll_cmd->add_flag("--json", coll.json, "Print JSON instead of a table");
  add_set_option(coll_cmd, coll.sets);
  coll_cmd->footer(
      "busbw follows nccl-tests: all-reduce × 2(n-1)/n; all-gather, reduce-scatter, all-to-all × (n-1)/n.\n"
      "Examples:\n"
      "  clustersim collective --op allreduce --gpus 0-15 -b 8 -e 8G -f 2\n"
      "  clustersim collective -t topologies/dgx-h100-superpod-1024.yaml --op allgather --gpus rail:0\n"
      "  clustersim collective --op alltoall --gpus 0-7 --json\n"
      "  clustersim collective --op allreduce --algo auto -b 8 -e 8G\n"
      "  clustersim collective -t topologies/h800-2048-multiplane.yaml --gpus 0-63 --op alltoall --algo pxn \\\n"
      "      --top-k 8 --node-limit 4 -b 1M -e 1G");

  cs::SweepOptions sweep;
  CLI::App* sweep_cmd =
      app.add_subcommand("sweep", "Run a grid of scenarios as separate processes, resumable and shardable");
  sweep_cmd->add_option("sweep", sweep.sweep, "Sweep YAML (see docs/sweeps.md)")->check(CLI::ExistingFile);
  sweep_cmd->add_option("-o,--out", sweep.out, "Output directory (created; finished points in it are skipped)");
  sweep_cmd->add_option("-j,--jobs", sweep.jobs, "Points to run at once, each its own process")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  sweep_cmd->add_option("--shard", sweep.shard, "Run only shard i of n (round robin), e.g. 0/4")->type_name("I/N");
  sweep_cmd->add_flag("!--no-progress", sweep.progress, "Print plain periodic lines instead of a progress bar");
  sweep_cmd->add_flag("--list", sweep.list, "Print the points with their IDs and exit");
  sweep_cmd->add_flag("--slurm", sweep.slurm,
                      "Write DIR/sweep.sbatch, a job array of shards; submit it if sbatch exists");
  sweep_cmd->add_flag("!--no-submit", sweep.submit, "With --slurm: write the script but do not run sbatch");
  sweep_cmd->add_option("--partition", sweep.partition, "Slurm partition");
  sweep_cmd->add_option("--time", sweep.time, "Slurm time limit per task, e.g. 04:00:00");
  sweep_cmd
      ->add_option("--array-size", sweep.array_size, "Slurm array tasks (shards); default: one per point, at most 1000")
      ->check(CLI::Range(1, 100000));
  sweep_cmd->footer("Examples:\n"
                    "  clustersim sweep workloads/sweeps/link-rate.yaml --out out/sweep --jobs 2\n"
                    "  clustersim sweep workloads/sweeps/link-rate.yaml --out /shared/sweep --slurm --array-size 16\n"
                    "  clustersim sweep collect out/sweep");
  CLI::App* collect_cmd =
      sweep_cmd->add_subcommand("collect", "Merge a sweep's results into results.csv and results.sqlite");
  collect_cmd->add_option("dir", sweep.collect, "The sweep's output directory")
      ->required()
      ->check(CLI::ExistingDirectory);
  collect_cmd->footer("Example:\n  clustersim sweep collect out/sweep");

  try {
    app.parse(argc, argv);
    if (*sweep_cmd && !*collect_cmd && (sweep.sweep.empty() || sweep.out.empty()) && !sweep.list)
      throw CLI::RequiredError("sweep needs a sweep file and --out DIR (or: sweep collect DIR)");
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : EXIT_BAD_INPUT;
  }

  try {
    if (*run_cmd)
      return cs::run_command(run);
    if (*topo_cmd)
      return cs::topo_command(topo);
    if (*sweep_cmd)
      return cs::sweep_command(sweep);
    if (*coll_cmd)
      return cs::collective_command(coll);
  } catch (const cs::ConfigError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return EXIT_BAD_INPUT;
  } catch (const std::exception& e) {
    std::cerr << "internal error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
