// SPDX-License-Identifier: Apache-2.0
// The clustersim binary end to end: what a user types, what they get back.
#include <array>
#include <cstdio>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sys/wait.h>

namespace fs = std::filesystem;
using Json   = nlohmann::json;

namespace {

struct Result {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

Result clustersim(const std::string& args)
{
  std::string cmd = std::string(CLUSTERSIM_BINARY) + " " + args + " 2>&1";
  Result r;
  FILE* pipe = popen(cmd.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0)
    r.out.append(buf.data(), n);
  int status  = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string source(const std::string& rel)
{
  return std::string(CLUSTERSIM_SOURCE_DIR) + "/" + rel;
}

// A fresh scratch directory per test case.
fs::path scratch(const std::string& name)
{
  fs::path p = fs::temp_directory_path() / ("clustersim-cli-" + std::to_string(getpid())) / name;
  fs::remove_all(p);
  fs::create_directories(p.parent_path());
  return p;
}

Json read_json(const fs::path& p)
{
  std::ifstream in(p);
  return Json::parse(in);
}

}  // namespace

TEST_CASE("run with no arguments simulates the built-in default and writes summary.json")
{
  fs::path out = scratch("default");
  Result r     = clustersim("run --out " + out.string());
  REQUIRE_MESSAGE(r.exit_code == 0, r.out);
  CHECK(r.out.find("tokens/s") != std::string::npos);
  Json s = read_json(out / "summary.json");
  CHECK(s["schema"] == "clustersim.summary/1");
  CHECK(s["topology"]["gpus"] == 16);
  CHECK(s["workload"]["iterations"] == 3);
  CHECK(s["time"]["iteration_s"].size() == 3);
  double total = s["time"]["total_s"];
  CHECK(total > 0);
  double fractions = s["gpus"]["compute_fraction"].get<double>() + s["gpus"]["comm_fraction"].get<double>() +
                     s["gpus"]["idle_fraction"].get<double>();
  CHECK(fractions == doctest::Approx(1.0));
  const Json& e = s["energy"];
  double parts  = e["gpu_J"].get<double>() + e["node_overhead_J"].get<double>() + e["nvswitch_J"].get<double>() +
                 e["switch_J"].get<double>() + e["nic_J"].get<double>() + e["optics_J"].get<double>();
  CHECK(parts == doctest::Approx(e["it_J"].get<double>()));
  CHECK(e["facility_J"].get<double>() == doctest::Approx(e["pue"].get<double>() * e["it_J"].get<double>()));
}

TEST_CASE("the preset files give the same result as the built-in default, byte for byte")
{
  fs::path a = scratch("builtin"), b = scratch("files");
  REQUIRE(clustersim("run -q --out " + a.string()).exit_code == 0);
  Result r = clustersim("run -q --topology " + source("topologies/tiny-16.yaml") + " --workload " +
                        source("workloads/dp-gpt3-xl.yaml") + " --out " + b.string());
  REQUIRE_MESSAGE(r.exit_code == 0, r.out);
  std::ifstream fa(a / "summary.json"), fb(b / "summary.json");
  std::string ta((std::istreambuf_iterator<char>(fa)), {}), tb((std::istreambuf_iterator<char>(fb)), {});
  CHECK(ta == tb);
}

TEST_CASE("--set overrides values by dotted path")
{
  fs::path out = scratch("set");
  Result r     = clustersim("run -q --set training.iterations=1 --set topology.fabric.spines=1 --out " + out.string());
  REQUIRE_MESSAGE(r.exit_code == 0, r.out);
  Json s = read_json(out / "summary.json");
  CHECK(s["workload"]["iterations"] == 1);
  CHECK(s["time"]["iteration_s"].size() == 1);
}

TEST_CASE("topo --json counts the built-in cluster")
{
  Result r = clustersim("topo --json");
  REQUIRE_MESSAGE(r.exit_code == 0, r.out);
  Json t = Json::parse(r.out);
  CHECK(t["gpus"] == 16);
  CHECK(t["nodes"] == 2);
  CHECK(t["devices"]["leaf"] == 8);
  CHECK(t["devices"]["spine"] == 2);
  CHECK(t["links"]["leaf_spine"]["links"] == 16);
  CHECK(t["optical_modules"] == 16 + 8 * 2 + 2 * 4);  // NIC side, then twin-port modules on leaves and spines
  CHECK(t["bisection_Bps"].get<double>() == doctest::Approx(8 * 50e9));
}

TEST_CASE("topo --dot writes GraphViz")
{
  fs::path dot = scratch("dot");
  fs::create_directories(dot);
  Result r = clustersim("topo " + source("topologies/tiny-16.yaml") + " --dot " + (dot / "g.dot").string());
  REQUIRE_MESSAGE(r.exit_code == 0, r.out);
  std::ifstream in(dot / "g.dot");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  CHECK(text.rfind("graph \"tiny-16\"", 0) == 0);
}

TEST_CASE("bad input exits 2 with a located message and leaves no output directory")
{
  // A parent of its own, emptied first: scratch parents are per process id, and ids are reused.
  const fs::path parent = scratch("bad");
  fs::create_directories(parent);
  const fs::path out = parent / "out";
  std::string file   = source("tests/data/bad/bad_unit.yaml");
  Result r           = clustersim("run --topology " + file + " --out " + out.string());
  CHECK(r.exit_code == 2);
  CHECK(r.out.find(file + ":6:9: fabric.link.bw: expected a bandwidth") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
  CHECK(fs::is_empty(parent));  // no temporary directory left beside it either
}

TEST_CASE("a bad --set value is reported against the --set")
{
  Result r = clustersim("run --set fabric.link.bw=fast --out " + scratch("badset").string());
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("--set fabric.link.bw=fast: fabric.link.bw: expected a bandwidth") != std::string::npos);
}

TEST_CASE("every command has --help with an example, and unknown flags are refused")
{
  for (std::string cmd : {"", "run ", "topo "}) {
    Result r = clustersim(cmd + "--help");
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("xample") != std::string::npos);
  }
  CHECK(clustersim("run --no-such-flag").exit_code == 2);
  CHECK(clustersim("").exit_code == 2);
}

TEST_CASE("the same inputs give a byte-identical summary.json")
{
  fs::path a = scratch("det-a"), b = scratch("det-b");
  std::string args = "run -q --set fabric.spines=1 --set training.iterations=2 --out ";
  REQUIRE(clustersim(args + a.string()).exit_code == 0);
  REQUIRE(clustersim(args + b.string()).exit_code == 0);
  for (const char* file : {"summary.json", "trace.json"}) {
    CAPTURE(file);
    std::ifstream fa(a / file), fb(b / file);
    std::string ta((std::istreambuf_iterator<char>(fa)), {}), tb((std::istreambuf_iterator<char>(fb)), {});
    CHECK(!ta.empty());
    CHECK(ta == tb);
  }
}

TEST_CASE("run writes a Perfetto trace: per GPU, its compute on one track and its collectives on another")
{
  fs::path out = scratch("trace");
  REQUIRE(clustersim("run -q --out " + out.string()).exit_code == 0);
  Json t      = read_json(out / "trace.json");
  Json s      = read_json(out / "summary.json");
  int compute = 0, collective = 0;
  double compute_us_gpu0 = 0;
  for (const Json& e : t["traceEvents"]) {
    if (e["ph"] != "X")
      continue;
    (e["cat"] == "compute" ? compute : collective)++;
    if (e["cat"] == "compute" && e["pid"] == 0 && e["tid"] == 0)
      compute_us_gpu0 += e["dur"].get<double>();
  }
  CHECK(compute == 16 * 3);     // 16 GPUs × 3 iterations
  CHECK(collective == 16 * 3);  // one all-reduce per iteration, on every GPU's collective track
  CHECK(compute_us_gpu0 / 1e6 == doctest::Approx(s["gpus"]["per_gpu"][0]["compute_s"].get<double>()));
}

TEST_CASE("a layered job's trace has a named track per GPU stream, and no two slices of a track overlap")
{
  // TP4 × PP2 × DP2: TP all-reduces, PP sends both ways and DP reductions overlap in time on one GPU; each kind gets
  // its own stream, and a further one where two of a kind overlap, so that Perfetto draws every slice. The second run
  // (GPipe, 256 micro-batches, a 20 Mb/s fabric) piles up over a hundred PP sends at once on a GPU.
  for (const std::string extra :
       {"", " --set training.schedule=gpipe --set training.global_batch=512 --set model.seq_len=512"
            " --set training.recompute=full --set fabric.link.bw=20Mbps"}) {
    CAPTURE(extra);
    fs::path out = scratch("trace-layered");
    REQUIRE(
        clustersim("run -q --workload " + source("workloads/llama3-8b-tiny.yaml") + extra + " --out " + out.string())
            .exit_code == 0);
    Json t = read_json(out / "trace.json");
    std::map<std::pair<int, int>, std::string> names;
    std::map<std::pair<int, int>, std::vector<std::pair<double, double>>> slices;
    for (const Json& e : t["traceEvents"]) {
      const std::pair<int, int> track{e["pid"].get<int>(), e.value("tid", -1)};
      if (e["ph"] == "M" && e["name"] == "thread_name")
        CHECK(names.emplace(track, e["args"]["name"]).second);  // each track named once
      else if (e["ph"] == "X")
        slices[track].push_back({e["ts"].get<double>(), e["ts"].get<double>() + e["dur"].get<double>()});
    }
    std::set<std::string> streams;
    for (auto& [track, list] : slices) {
      REQUIRE(names.count(track) == 1);
      streams.insert(names[track].substr(names[track].find(' ') + 1));
      std::sort(list.begin(), list.end());
      for (size_t i = 1; i < list.size(); ++i)
        CHECK(list[i].first >= list[i - 1].second - 1e-3);  // microseconds, as printed
    }
    for (const char* stream : {"compute", "tp", "pp", "dp"})
      CHECK(streams.count(stream) == 1);
    if (!extra.empty())
      CHECK(streams.count("pp 101") == 1);
    else {  // replica folding simulates one of the two DP replicas: the other's 8 GPUs name the GPU they follow
      int following = 0;
      for (const auto& [track, name] : names)
        following += name.find("compute: as gpu") != std::string::npos;
      CHECK(following == 8);
    }
  }
}

TEST_CASE("every bad input in tests/data/bad exits 2 with a located message, and no crash")
{
  int files = 0;
  for (const auto& e : fs::directory_iterator(source("tests/data/bad"))) {
    if (e.path().extension() != ".yaml")
      continue;
    CAPTURE(e.path());
    std::ifstream in(e.path());
    std::string kind_line;
    std::getline(in, kind_line);
    bool workload = kind_line.find("workload") != std::string::npos;
    Result r      = clustersim(std::string("run -q ") + (workload ? "--workload " : "--topology ") + e.path().string() +
                               " --out " + scratch("bad-" + e.path().stem().string()).string());
    CHECK(r.exit_code == 2);
    CHECK(r.out.rfind("error: ", 0) == 0);
    ++files;
  }
  CHECK(files >= 30);
}

TEST_CASE("collective prints nccl-tests rows, and all-reduce busbw across 2 nodes approaches 8 NICs")
{
  Result r = clustersim("collective --op allreduce --gpus 0-15 -b 1M -e 8G -f 8 --json");
  REQUIRE_MESSAGE(r.exit_code == 0, r.out);
  Json j = Json::parse(r.out);
  CHECK(j["gpus"] == 16);
  REQUIRE(j["rows"].size() == 5);
  const Json& last = j["rows"].back();
  CHECK(last["size_B"].get<double>() == doctest::Approx(4.0 * 1024 * 1024 * 1024));  // 1M × 8⁴
  CHECK(last["busbw_GBps"].get<double>() ==
        doctest::Approx(last["algbw_GBps"].get<double>() * 2 * 15 / 16));         // nccl-tests' factor
  CHECK(last["busbw_GBps"].get<double>() == doctest::Approx(400).epsilon(0.01));  // 8 rails × 50 GB/s
  Result bad = clustersim("collective --op allreduse");
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.find("did you mean \"allreduce\"") != std::string::npos);
  CHECK(clustersim("collective --gpus 0-99").exit_code == 2);
}

TEST_CASE("a layered job reports its layout, bubble, exposed communication by kind and memory by pipeline rank")
{
  fs::path out = scratch("layered");
  Result r     = clustersim("run --workload " + source("workloads/llama3-8b-tiny.yaml") + " --out " + out.string());
  REQUIRE_MESSAGE(r.exit_code == 0, r.out);
  CHECK(r.out.find("exposed comm") != std::string::npos);
  Json s = read_json(out / "summary.json");
  CHECK(s["workload"]["kind"] == "layered_training");
  const Json& t = s["workload"]["training"];
  CHECK(t["layout"] == "tp4 cp1 pp2 vpp1 dp2 ep1, ZeRO-0");
  CHECK(t["schedule"] == "1f1b");
  CHECK(t["microbatches_per_pipeline"] == 8);
  CHECK(t["memory_per_rank"].size() == 2);
  // 1F1B with p = 2 and m = 8 idles (p−1)/(m+p−1) of the step with free communication.
  CHECK(t["schedule_bubble_fraction"].get<double>() == doctest::Approx(1.0 / 9));
  // Communication only adds to the idle share the schedule already has.
  CHECK(t["bubble_fraction"].get<double>() >= t["schedule_bubble_fraction"].get<double>() * 0.99);
  CHECK(t["exposed_comm_s_per_step"]["tp"].get<double>() > 0);
  CHECK(t["exposed_comm_s_per_step"]["ep"].get<double>() == 0);
  const double mfu = s["compute"]["mfu"];
  CHECK(mfu > 0);
  CHECK(mfu < 1);
  // The same inputs give the same bytes.
  fs::path again = scratch("layered-again");
  REQUIRE(clustersim("run -q --workload " + source("workloads/llama3-8b-tiny.yaml") + " --out " + again.string())
              .exit_code == 0);
  for (const char* file : {"summary.json", "trace.json"}) {
    std::ifstream fa(out / file), fb(again / file);
    std::string ta((std::istreambuf_iterator<char>(fa)), {}), tb((std::istreambuf_iterator<char>(fb)), {});
    CHECK(ta == tb);
  }
}

TEST_CASE("collective --algo auto names the algorithm it picked on each row")
{
  Result r = clustersim("collective --op allreduce --algo auto -b 8 -e 8G -f 1024 --json");
  REQUIRE_MESSAGE(r.exit_code == 0, r.out);
  Json j = Json::parse(r.out);
  REQUIRE(j["rows"].size() == 4);
  for (const Json& row : j["rows"])
    CHECK(!row["algo"].get<std::string>().empty());
  CHECK(clustersim("collective --op allgather --algo tree").exit_code == 2);
}

TEST_CASE("collective --skew runs an all-to-allv whose time is set by the overloaded receiver's rail")
{
  // tiny-16: each of the 8 ranks of the other node sends rank 0 eight blocks of S/16 through rank 0's 50 GB/s rail.
  Result r = clustersim("collective --op alltoall --algo direct --skew 8 -b 1G -e 1G --json");
  REQUIRE_MESSAGE(r.exit_code == 0, r.out);
  const double S = 1073741824, t = Json::parse(r.out)["rows"][0]["time_us"].get<double>() * 1e-6;
  CHECK(t == doctest::Approx(8 * 8 * S / 16 / 50e9).epsilon(0.01));
  CHECK(clustersim("collective --op allreduce --skew 8").exit_code == 2);
}

TEST_CASE("collective on a wire at LL's payload share: an 8 GiB ring all-reduce inside a node halves its busbw")
{
  const std::string cmd = "collective --op allreduce --gpus 0-7 -b 8G -e 8G --json";
  Result rated          = clustersim(cmd);
  Result ll             = clustersim(cmd + " --set collectives.efficiency.ring=ll");
  REQUIRE_MESSAGE(rated.exit_code == 0, rated.out);
  REQUIRE_MESSAGE(ll.exit_code == 0, ll.out);
  const double a = Json::parse(rated.out)["rows"][0]["busbw_GBps"].get<double>();
  const double b = Json::parse(ll.out)["rows"][0]["busbw_GBps"].get<double>();
  CHECK(b == doctest::Approx(a / 2).epsilon(0.01));  // at 8 GiB the 14 latency steps are noise
}

TEST_CASE("a token budget is priced from the step: days, GPU-hours, energy and GPU time at the stated rate")
{
  // Llama 3 8B on 16 GPUs, 16 sequences of 8,192 tokens per step; 1e12 tokens at $3 per GPU-hour.
  fs::path out = scratch("budget");
  Result r     = clustersim("run --workload " + source("workloads/llama3-8b-tiny.yaml") +
                            " --set training.token_budget=1e12 --set facility.usd_per_gpu_hour=3 --out " + out.string());
  REQUIRE_MESSAGE(r.exit_code == 0, r.out);
  Json s              = read_json(out / "summary.json");
  const double step   = s["time"]["total_s"];
  const double tokens = 16.0 * 8192;
  const Json& b       = s["token_budget"];
  CHECK(s["time"]["tokens_per_s"].get<double>() == doctest::Approx(tokens / step));
  CHECK(b["time_s"].get<double>() == doctest::Approx(1e12 / tokens * step));
  CHECK(b["gpu_hours"].get<double>() == doctest::Approx(b["time_s"].get<double>() / 3600 * 16));
  CHECK(b["gpu_hour_cost_usd"].get<double>() == doctest::Approx(b["gpu_hours"].get<double>() * 3));
  char printed[64];  // stdout prices it too, to four figures
  std::snprintf(printed, sizeof printed, "$%.4g of GPU time at $3 per GPU-hour", b["gpu_hour_cost_usd"].get<double>());
  CHECK_MESSAGE(r.out.find(printed) != std::string::npos, r.out);
  CHECK(b["energy_cost_usd"].get<double>() == doctest::Approx(s["energy"]["cost_usd"].get<double>() * 1e12 / tokens));
  // MFU as docs/summary-schema.md defines it: model FLOPs per GPU ÷ (step time × peak).
  const Json& c = s["compute"];
  CHECK(c["mfu"].get<double>() == doctest::Approx(c["model_flops_per_gpu_per_iteration"].get<double>() /
                                                  (step * c["peak_flops_per_gpu"].get<double>())));
}
