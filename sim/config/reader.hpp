// SPDX-License-Identifier: Apache-2.0
// Strict, typed access to one YAML map: every key read is checked, and finish() rejects the keys nobody read.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/document.hpp"
#include "config/provenance.hpp"
#include "config/units.hpp"

namespace cs {

class MapReader {
 public:
  // `node` must be a map; otherwise throws "expected a map". `where` collects the location of every value read.
  MapReader(const Document& doc, YAML::Node node, std::string path, Provenance* where);

  bool has(const std::string& key) const;
  const std::string& path() const { return path_; }
  std::string key_path(const std::string& key) const;
  SourceLocation locate(const std::string& key) const;

  std::string string(const std::string& key) const;
  std::string string_or(const std::string& key, const std::string& fallback) const;
  // One of `choices`; suggests the nearest on a typo.
  std::string choice(const std::string& key, const std::vector<std::string>& choices,
                     const std::string& fallback) const;
  long integer(const std::string& key, long min, long max) const;
  long integer_or(const std::string& key, long fallback, long min, long max) const;
  double number(const std::string& key, double min, double max) const;
  double number_or(const std::string& key, double fallback, double min, double max) const;
  double quantity(const std::string& key, Quantity q) const;
  double quantity_or(const std::string& key, Quantity q, double fallback) const;
  bool boolean_or(const std::string& key, bool fallback) const;
  MapReader map(const std::string& key) const;
  std::optional<MapReader> map_if_present(const std::string& key) const;
  // A list of maps, each read at path `key[i]`; empty when the key is absent.
  std::vector<MapReader> maps(const std::string& key) const;
  // A list of integers, each within [min, max]; empty when the key is absent.
  std::vector<long> integers(const std::string& key, long min, long max) const;
  // The raw node of a key whose shape the caller decides (e.g. "a name or a map"). Marks the key as known.
  YAML::Node node(const std::string& key) const;

  // Throws for the first key in the map that no accessor asked for, with a did-you-mean.
  void finish() const;

  [[noreturn]] void fail(ErrorKind kind, const std::string& key, const std::string& message) const;
  // "unknown GPU "h100-sx", did you mean "h100-sxm"? (built-in: ...)", located at `key`.
  [[noreturn]] void fail_unknown(const std::string& key, const std::string& kind, const std::string& name,
                                 const std::vector<std::string>& known) const;

 private:
  YAML::Node require(const std::string& key) const;
  YAML::Node scalar(const std::string& key, const std::string& expected) const;

  const Document* doc_;
  YAML::Node node_;
  std::string path_;
  Provenance* where_;
  mutable std::vector<std::string> known_;
};

// "a map", "a list", "\"text\"" — how a found value is named in "expected X, found Y".
std::string describe_node(const YAML::Node& node);

}  // namespace cs
