// SPDX-License-Identifier: Apache-2.0
#include "config/reader.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace cs {

namespace {

// The whole text as one integer or number, or nothing: "12abc", "" and out-of-range values are not numbers.
std::optional<long> parse_integer(const std::string& s)
{
  size_t used = 0;
  try {
    long value = std::stol(s, &used);
    if (used == s.size())
      return value;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

std::optional<double> parse_number(const std::string& s)
{
  size_t used = 0;
  try {
    double value = std::stod(s, &used);
    if (used == s.size() && std::isfinite(value))
      return value;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

}  // namespace

std::string describe_node(const YAML::Node& node)
{
  if (!node.IsDefined() || node.IsNull())
    return "nothing";
  if (node.IsMap())
    return "a map";
  if (node.IsSequence())
    return "a list";
  std::string s = node.Scalar();
  if (s.size() > 40)
    s = s.substr(0, 37) + "...";
  return "\"" + s + "\"";
}

MapReader::MapReader(const Document& doc, YAML::Node node, std::string path, Provenance* where)
    : doc_(&doc)
    , node_(node)
    , path_(std::move(path))
    , where_(where)
{
  if (!node_.IsMap())
    throw ConfigError(ErrorKind::SCHEMA, doc_->locate(node_, path_), path_,
                      "expected a map of keys, found " + describe_node(node_));
}

bool MapReader::has(const std::string& key) const
{
  if (std::find(known_.begin(), known_.end(), key) == known_.end())
    known_.push_back(key);
  const YAML::Node& n = node_;
  YAML::Node v        = n[key];
  return v.IsDefined() && !v.IsNull();
}

std::string MapReader::key_path(const std::string& key) const
{
  return path_.empty() ? key : path_ + "." + key;
}

SourceLocation MapReader::locate(const std::string& key) const
{
  const YAML::Node& n = node_;
  YAML::Node v        = n[key];
  if (v.IsDefined() && v.IsNull())  // an empty value has no position of its own; point at its key
    for (const auto& kv : node_)
      if (kv.first.Scalar() == key)
        return doc_->locate(kv.first, key_path(key));
  return doc_->locate(v.IsDefined() ? v : node_, key_path(key));
}

void MapReader::fail(ErrorKind kind, const std::string& key, const std::string& message) const
{
  throw ConfigError(kind, locate(key), key_path(key), message);
}

YAML::Node MapReader::require(const std::string& key) const
{
  if (!has(key)) {
    const YAML::Node& n = node_;
    if (n[key].IsDefined())  // written, but with no value
      fail(ErrorKind::SCHEMA, key, "required key has no value");
    throw ConfigError(ErrorKind::SCHEMA, doc_->locate(node_, path_), key_path(key), "required key is missing");
  }
  const YAML::Node& n = node_;
  YAML::Node v        = n[key];
  if (where_)
    where_->at[key_path(key)] = locate(key);
  return v;
}

YAML::Node MapReader::node(const std::string& key) const
{
  return has(key) ? require(key) : YAML::Node();
}

YAML::Node MapReader::scalar(const std::string& key, const std::string& expected) const
{
  YAML::Node v = require(key);
  if (!v.IsScalar())
    fail(ErrorKind::SCHEMA, key, "expected " + expected + ", found " + describe_node(v));
  return v;
}

std::string MapReader::string(const std::string& key) const
{
  return scalar(key, "a string").Scalar();
}

std::string MapReader::string_or(const std::string& key, const std::string& fallback) const
{
  return has(key) ? string(key) : fallback;
}

std::string MapReader::choice(const std::string& key, const std::vector<std::string>& choices,
                              const std::string& fallback) const
{
  if (!has(key))
    return fallback;
  std::string list;
  for (const auto& c : choices)
    list += (list.empty() ? "" : ", ") + c;
  std::string v = scalar(key, "one of " + list).Scalar();
  if (std::find(choices.begin(), choices.end(), v) == choices.end())
    fail(ErrorKind::VALUE, key, fmt::format("expected one of {}, found \"{}\"{}", list, v, did_you_mean(v, choices)));
  return v;
}

long MapReader::integer(const std::string& key, long min, long max) const
{
  std::string expected      = fmt::format("an integer from {} to {}", min, max);
  YAML::Node v              = scalar(key, expected);
  std::optional<long> value = parse_integer(v.Scalar());
  if (!value || *value < min || *value > max)
    fail(ErrorKind::VALUE, key, "expected " + expected + ", found " + describe_node(v));
  return *value;
}

long MapReader::integer_or(const std::string& key, long fallback, long min, long max) const
{
  return has(key) ? integer(key, min, max) : fallback;
}

double MapReader::number(const std::string& key, double min, double max) const
{
  std::string expected        = fmt::format("a number from {:g} to {:g}", min, max);
  YAML::Node v                = scalar(key, expected);
  std::optional<double> value = parse_number(v.Scalar());
  if (!value || *value < min || *value > max)
    fail(ErrorKind::VALUE, key, "expected " + expected + ", found " + describe_node(v));
  return *value;
}

double MapReader::number_or(const std::string& key, double fallback, double min, double max) const
{
  return has(key) ? number(key, min, max) : fallback;
}

double MapReader::quantity(const std::string& key, Quantity q) const
{
  YAML::Node v = scalar(key, quantity_example(q));
  auto value   = parse_quantity(q, v.Scalar());
  if (!value)
    fail(ErrorKind::VALUE, key, "expected " + quantity_example(q) + ", found " + describe_node(v));
  return *value;
}

double MapReader::quantity_or(const std::string& key, Quantity q, double fallback) const
{
  return has(key) ? quantity(key, q) : fallback;
}

bool MapReader::boolean_or(const std::string& key, bool fallback) const
{
  if (!has(key))
    return fallback;
  YAML::Node v         = scalar(key, "true or false");
  const std::string& s = v.Scalar();
  if (s == "true")
    return true;
  if (s == "false")
    return false;
  fail(ErrorKind::VALUE, key, "expected true or false, found " + describe_node(v));
}

MapReader MapReader::map(const std::string& key) const
{
  YAML::Node v = require(key);
  if (!v.IsMap())
    fail(ErrorKind::SCHEMA, key, "expected a map of keys, found " + describe_node(v));
  return MapReader(*doc_, v, key_path(key), where_);
}

std::optional<MapReader> MapReader::map_if_present(const std::string& key) const
{
  if (!has(key))
    return std::nullopt;
  return map(key);
}

std::vector<MapReader> MapReader::maps(const std::string& key) const
{
  std::vector<MapReader> out;
  if (!has(key))
    return out;
  YAML::Node list = require(key);
  if (!list.IsSequence())
    fail(ErrorKind::SCHEMA, key, "expected a list of maps, found " + describe_node(list));
  for (size_t i = 0; i < list.size(); ++i)
    out.emplace_back(*doc_, list[i], key_path(key) + "[" + std::to_string(i) + "]", where_);
  return out;
}

std::vector<long> MapReader::integers(const std::string& key, long min, long max) const
{
  std::vector<long> out;
  if (!has(key))
    return out;
  YAML::Node list      = require(key);
  std::string expected = fmt::format("a list of integers from {} to {}", min, max);
  if (!list.IsSequence())
    fail(ErrorKind::SCHEMA, key, "expected " + expected + ", found " + describe_node(list));
  for (size_t i = 0; i < list.size(); ++i) {
    std::optional<long> value = list[i].IsScalar() ? parse_integer(list[i].Scalar()) : std::nullopt;
    if (!value || *value < min || *value > max)
      throw ConfigError(ErrorKind::VALUE, doc_->locate(list[i], key_path(key) + "[" + std::to_string(i) + "]"),
                        key_path(key) + "[" + std::to_string(i) + "]",
                        "expected " + expected + ", found " + describe_node(list[i]));
    out.push_back(*value);
  }
  return out;
}

void MapReader::fail_unknown(const std::string& key, const std::string& kind, const std::string& name,
                             const std::vector<std::string>& known) const
{
  std::string list;
  for (const auto& k : known)
    list += (list.empty() ? "" : ", ") + k;
  fail(ErrorKind::REFERENCE, key,
       fmt::format("unknown {} \"{}\"{} (built-in: {})", kind, name, did_you_mean(name, known), list));
}

void MapReader::finish() const
{
  for (const auto& kv : node_) {
    std::string key = kv.first.Scalar();
    if (std::find(known_.begin(), known_.end(), key) == known_.end()) {
      std::vector<std::string> names = known_;
      std::sort(names.begin(), names.end());
      std::string valid;
      for (const auto& k : names)
        valid += (valid.empty() ? "" : ", ") + k;
      throw ConfigError(ErrorKind::SCHEMA, doc_->locate(kv.first, key_path(key)), key_path(key),
                        "unknown key" + did_you_mean(key, names) + " (valid keys here: " + valid + ")");
    }
  }
}

}  // namespace cs
