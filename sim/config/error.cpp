// SPDX-License-Identifier: Apache-2.0
#include "config/error.hpp"

#include <algorithm>

namespace cs {

std::string SourceLocation::str() const
{
  if (file.empty())
    return "";
  if (line <= 0)
    return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

static std::string format_error(const SourceLocation& where, const std::string& key_path, const std::string& message)
{
  std::string out = where.str();
  if (!out.empty())
    out += ": ";
  if (!key_path.empty())
    out += key_path + ": ";
  return out + message;
}

ConfigError::ConfigError(ErrorKind kind, SourceLocation where, std::string key_path, std::string message)
    : std::runtime_error(format_error(where, key_path, message))
    , kind_(kind)
    , where_(std::move(where))
    , key_path_(std::move(key_path))
    , message_(std::move(message))
{
}

static size_t edit_distance(const std::string& a, const std::string& b)
{
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0]      = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j]    = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag      = up;
    }
  }
  return row[b.size()];
}

std::string nearest_name(const std::string& word, const std::vector<std::string>& candidates)
{
  // A typo changes at most about a third of a word; anything further is a different word.
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  std::string best;
  for (const auto& c : candidates) {
    // Ties go to the candidate closest in length ("spinez" suggests "spines", not "spine").
    size_t d = edit_distance(word, c);
    auto len = [&](const std::string& s) {
      return s.size() > word.size() ? s.size() - word.size() : word.size() - s.size();
    };
    if (d < best_distance || (d == best_distance && !best.empty() && len(c) < len(best))) {
      best_distance = d;
      best          = c;
    }
  }
  return best;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates)
{
  std::string best = nearest_name(word, candidates);
  return best.empty() ? "" : ", did you mean \"" + best + "\"?";
}

}  // namespace cs
