// SPDX-License-Identifier: Apache-2.0
// The fuzz corpora, replayed in the normal suite: seeds and every input that once crashed a fuzz target.
#include <algorithm>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "fuzz/fuzz_inputs.hpp"

namespace fs = std::filesystem;

namespace {

int replay(const std::string& target, void (*run)(const std::string&))
{
  int count = 0;
  for (const char* kind : {"corpus", "regressions"}) {
    fs::path dir = fs::path(CLUSTERSIM_SOURCE_DIR) / "tests/fuzz" / kind / target;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file() && e.path().filename() != ".keep")
        files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
      CAPTURE(f);
      std::ifstream in(f, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      run(text.str());  // must return: a crash or an escaping exception fails the test
      ++count;
    }
  }
  return count;
}

}  // namespace

TEST_CASE("topology fuzz corpus replays without a crash")
{
  CHECK(replay("topology", cs::fuzz::topology_input) > 10);
}

TEST_CASE("workload fuzz corpus replays without a crash")
{
  CHECK(replay("workload", cs::fuzz::workload_input) > 5);
}

TEST_CASE("override fuzz corpus replays without a crash")
{
  CHECK(replay("override", cs::fuzz::override_input) > 5);
}
