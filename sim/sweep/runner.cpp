// SPDX-License-Identifier: Apache-2.0
#include "sweep/runner.hpp"

#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

#include "report/output_dir.hpp"

namespace fs = std::filesystem;

namespace cs {

namespace {

std::string tail_of(const fs::path& file, size_t bytes)
{
  std::ifstream in(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  return text.size() > bytes ? text.substr(text.size() - bytes) : text;
}

class Progress {
 public:
  Progress(int total, bool enabled)
      : total_(total)
      , enabled_(enabled)
      , tty_(isatty(STDERR_FILENO))
      , start_(now())
  {
  }

  void update(const RunnerTally& t, bool final = false)
  {
    if (!enabled_)
      return;
    const int finished = t.done + t.failed;
    const int left     = total_ - t.skipped - finished;
    const double spent = now() - start_;
    const double eta   = finished > 0 ? spent / finished * left : 0;
    std::string line   = fmt::format("{} done, {} failed, {} remaining, {} skipped (finished before); ETA {:.0f} s",
                                     t.done, t.failed, left, t.skipped, eta);
    if (tty_) {
      const int width = 30, filled = total_ > 0 ? width * (finished + t.skipped) / total_ : width;
      std::fprintf(stderr, "\r[%s%s] %s", std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(),
                   line.c_str());
      if (final)
        std::fprintf(stderr, "\n");
    } else if (final || spent - last_ >= 10) {  // a plain line at most every 10 s in logs
      std::fprintf(stderr, "sweep: %s\n", line.c_str());
      last_ = spent;
    }
    std::fflush(stderr);
  }

 private:
  static double now()
  {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }
  int total_;
  bool enabled_, tty_;
  double start_, last_ = 0;
};

}  // namespace

RunnerTally run_points(const std::vector<SweepPoint>& points, const RunnerOptions& o,
                       const std::function<int(const SweepPoint&, const std::string& point_dir)>& simulate)
{
  const fs::path root = o.out;
  fs::create_directories(root / "points");
  fs::create_directories(root / "failed");
  fs::create_directories(root / "logs");
  RunnerTally tally;
  std::vector<const SweepPoint*> pending;
  for (const SweepPoint& p : points) {
    // Finished earlier: its result (or its recorded failure) was written atomically, so it is complete.
    if (fs::exists(root / "points" / p.id / "summary.json") || fs::exists(root / "failed" / (p.id + ".json")))
      tally.skipped++;
    else
      pending.push_back(&p);
  }
  Progress progress(static_cast<int>(points.size()), o.progress);
  progress.update(tally);

  std::map<pid_t, const SweepPoint*> running;
  size_t next = 0;
  while (next < pending.size() || !running.empty()) {
    while (next < pending.size() && static_cast<int>(running.size()) < std::max(1, o.jobs)) {
      const SweepPoint* p = pending[next++];
      const fs::path log  = root / "logs" / (p->id + ".log");
      std::fflush(stdout);
      std::fflush(stderr);
      pid_t pid = fork();
      if (pid == 0) {
        // The child: its own process, so its own SimGrid engine; output goes to its log.
        int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
          dup2(fd, STDOUT_FILENO);
          dup2(fd, STDERR_FILENO);
          ::close(fd);
        }
        int code = simulate(*p, (root / "points" / p->id).string());
        std::fflush(stdout);
        std::fflush(stderr);
        _exit(code);
      }
      if (pid < 0) {
        if (running.empty())
          throw std::runtime_error("cannot fork a worker for the sweep (out of processes?)");
        next--;  // try again once a child ends
        break;
      }
      running[pid] = p;
    }
    int status = 0;
    pid_t pid  = waitpid(-1, &status, 0);
    if (pid < 0)
      break;
    auto it = running.find(pid);
    if (it == running.end())
      continue;
    const SweepPoint* p = it->second;
    running.erase(it);
    const bool ok =
        WIFEXITED(status) && WEXITSTATUS(status) == 0 && fs::exists(root / "points" / p->id / "summary.json");
    if (ok) {
      tally.done++;
    } else {
      tally.failed++;
      nlohmann::ordered_json f;
      f["id"]     = p->id;
      f["index"]  = p->index;
      f["labels"] = p->labels;
      f["sets"]   = p->sets;
      // Exit code 2 is bad or infeasible input (e.g. a layout that does not fit in memory): the point is recorded as
      // infeasible, with the reason; anything else is a failure of the run itself.
      f["status"]      = WIFEXITED(status) && WEXITSTATUS(status) == 2 ? "infeasible" : "failed";
      f["exit_code"]   = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      f["signal"]      = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
      f["stderr_tail"] = tail_of(root / "logs" / (p->id + ".log"), 2000);
      write_file_atomic((root / "failed" / (p->id + ".json")).string(), f.dump(2) + "\n");
    }
    progress.update(tally);
  }
  progress.update(tally, true);
  return tally;
}

}  // namespace cs
