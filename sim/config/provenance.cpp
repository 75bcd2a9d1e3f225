// SPDX-License-Identifier: Apache-2.0
#include "config/provenance.hpp"

namespace cs {

SourceLocation Provenance::of(const std::string& key_path) const
{
  std::string path = key_path;
  while (true) {
    if (auto it = at.find(path); it != at.end())
      return it->second;
    size_t cut = path.find_last_of(".[");
    if (cut == std::string::npos || cut == 0)
      return {};
    path.resize(cut);
  }
}

}  // namespace cs
