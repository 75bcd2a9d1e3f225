// SPDX-License-Identifier: Apache-2.0
// Where each value of a loaded spec came from, so that later stages can point at the YAML line they reject.
#pragma once

#include <map>
#include <string>

#include "config/error.hpp"

namespace cs {

struct Provenance {
  std::map<std::string, SourceLocation> at;  // key path -> location of its value

  // The location of `key_path`, or of its nearest recorded ancestor; empty when unknown.
  SourceLocation of(const std::string& key_path) const;
};

}  // namespace cs
