// SPDX-License-Identifier: Apache-2.0
// Writing results so that a failed or interrupted run leaves no half-written directory.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace cs {

// Writes every (file name, content) into a temporary sibling of `dir`, then renames it into place, replacing an
// earlier `dir`. Throws ConfigError (IO) on failure, after removing the temporary directory.
void write_output_dir(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files);

// Writes one file through a temporary name and a rename.
void write_file_atomic(const std::string& path, const std::string& content);

}  // namespace cs
