// SPDX-License-Identifier: Apache-2.0
// The one error type users see: what went wrong, where, and how to fix it.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace cs {

// 1-based line and column; 0 means unknown (e.g. a value given with --set).
struct SourceLocation {
  std::string file;
  int line   = 0;
  int column = 0;

  std::string str() const;
};

enum class ErrorKind {
  SYNTAX,      // YAML that does not parse
  SCHEMA,      // unknown key, wrong type, missing required key
  VALUE,       // right type, impossible value (negative, NaN, bad unit)
  REFERENCE,   // names a catalog part or file that does not exist
  VALIDATION,  // well-formed input describing an impossible system
  RESOURCE,    // a request too large to simulate on this machine
  IO,          // cannot read or write a file
};

// Every user-facing failure is a ConfigError. The CLI prints what() and exits 2.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(ErrorKind kind, SourceLocation where, std::string key_path, std::string message);

  ErrorKind kind() const { return kind_; }
  const SourceLocation& where() const { return where_; }
  const std::string& key_path() const { return key_path_; }
  const std::string& message() const { return message_; }

 private:
  ErrorKind kind_;
  SourceLocation where_;
  std::string key_path_;
  std::string message_;
};

// The candidate closest to `word` by edit distance, or "" when none is close enough to be a typo.
std::string nearest_name(const std::string& word, const std::vector<std::string>& candidates);

// ", did you mean \"x\"?" or "" — appended to unknown-name errors.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace cs
