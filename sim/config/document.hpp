// SPDX-License-Identifier: Apache-2.0
// A YAML document after `extends:` and `--set` are applied, remembering where every value came from.
#pragma once

#include <map>
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

#include "config/error.hpp"

namespace cs {

// One `--set key.path=value`. Paths are dotted; list items are `[i]` or a plain number: `a.b[1].c` = `a.b.1.c`.
struct Override {
  std::vector<std::string> keys;  // "a", "b", "[1]", "c"
  std::string value;              // YAML text of the new value
  std::string text;               // as given, for error messages
};

Override parse_override(const std::string& text);
std::string join_key_path(const std::vector<std::string>& keys);

class Document {
 public:
  // Reads a file, following `extends: other.yaml` (relative to the file) and checking for duplicate keys.
  static Document load_file(const std::string& path);
  // Parses text embedded in the binary or given inline; `name` stands for the file in messages.
  static Document load_string(const std::string& text, const std::string& name);

  const YAML::Node& root() const { return root_; }
  const std::string& name() const { return file_; }

  // Sets the value at the override's path, creating maps on the way. Throws ConfigError for paths that cross a
  // scalar or index past the end of a list.
  void apply(const Override& o);

  // Where the value at `key_path` was written; `node` gives line and column when it is defined.
  SourceLocation locate(const YAML::Node& node, const std::string& key_path) const;

 private:
  static Document parse(const std::string& text, const std::string& name, std::vector<std::string>& chain);
  static Document load_chain(const std::string& path, std::vector<std::string>& chain);
  void merge_from(Document&& base);

  YAML::Node root_;
  std::string file_;
  std::map<std::string, std::string> origin_;           // key path -> file, for values inherited through `extends:`
  std::map<std::string, std::string> override_;         // key path -> "--set ..." text
  std::map<std::string, SourceLocation> map_location_;  // maps written in several files -> the last one
};

}  // namespace cs
