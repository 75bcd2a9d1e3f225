// SPDX-License-Identifier: Apache-2.0
// What each fuzz target does with one input. Shared by the libFuzzer targets and by the unit test that replays the
// seed and regression corpora, so that a crash once found stays fixed.
#pragma once

#include <string>

namespace cs::fuzz {

// Each returns normally for any input: bad input ends in a ConfigError, caught inside.
void topology_input(const std::string& text);
void workload_input(const std::string& text);
void override_input(const std::string& text);

}  // namespace cs::fuzz
