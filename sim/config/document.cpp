// SPDX-License-Identifier: Apache-2.0
#include "config/document.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <set>
#include <sstream>

namespace cs {

namespace {

// yaml-cpp 0.7 recurses once per nesting level and has no depth limit, so a hostile file could overflow the stack.
constexpr int MAX_FLOW_DEPTH = 64;

SourceLocation mark_of(const std::string& file, const YAML::Mark& m)
{
  if (m.line < 0)
    return {file, 0, 0};
  return {file, m.line + 1, m.column + 1};
}

void check_flow_depth(const std::string& text, const std::string& name)
{
  int depth = 0, line = 1, column = 0;
  char quote = 0;
  for (char ch : text) {
    ++column;
    if (ch == '\n') {
      ++line;
      column = 0;
      quote  = 0;
      continue;
    }
    if (quote) {
      if (ch == quote)
        quote = 0;
      continue;
    }
    if (ch == '"' || ch == '\'')
      quote = ch;
    else if (ch == '[' || ch == '{') {
      if (++depth > MAX_FLOW_DEPTH)
        throw ConfigError(ErrorKind::SYNTAX, {name, line, column}, "",
                          fmt::format("nesting deeper than {} levels", MAX_FLOW_DEPTH));
    } else if ((ch == ']' || ch == '}') && depth > 0)
      --depth;
  }
}

std::string child_path(const std::string& parent, const std::string& key)
{
  if (key.front() == '[')
    return parent + key;
  return parent.empty() ? key : parent + "." + key;
}

void check_duplicates(const YAML::Node& node, const std::string& name, const std::string& path, int depth)
{
  if (depth > 4 * MAX_FLOW_DEPTH)
    throw ConfigError(ErrorKind::SYNTAX, mark_of(name, node.Mark()), path, "nesting too deep");
  if (node.IsMap()) {
    std::set<std::string> seen;
    for (const auto& kv : node) {
      if (!kv.first.IsScalar())
        throw ConfigError(ErrorKind::SCHEMA, mark_of(name, kv.first.Mark()), path,
                          "expected a plain key, found a "
                          "complex key");
      std::string key = kv.first.Scalar();
      if (!seen.insert(key).second)
        throw ConfigError(ErrorKind::SCHEMA, mark_of(name, kv.first.Mark()), child_path(path, key),
                          "duplicate key (each key may appear once in a map)");
      check_duplicates(kv.second, name, child_path(path, key), depth + 1);
    }
  } else if (node.IsSequence()) {
    for (size_t i = 0; i < node.size(); ++i)
      check_duplicates(node[i], name, path + "[" + std::to_string(i) + "]", depth + 1);
  }
}

// Deep merge of `over` into `base`: maps merge key by key, anything else replaces. Records which paths `over` set.
// Maps present in both are merged in place; their paths go to `merged_maps` so that errors about the whole map
// point at the overriding file.
void merge_into(YAML::Node base, const YAML::Node& over, const std::string& path, std::vector<std::string>& set_paths,
                std::vector<std::pair<std::string, YAML::Mark>>& merged_maps)
{
  for (const auto& kv : over) {
    std::string key              = kv.first.Scalar();
    std::string p                = child_path(path, key);
    const YAML::Node& const_base = base;
    YAML::Node b                 = const_base[key];
    if (b.IsDefined() && b.IsMap() && kv.second.IsMap()) {
      merge_into(b, kv.second, p, set_paths, merged_maps);
      merged_maps.emplace_back(p, kv.second.Mark());
    } else {
      // Remove and re-insert rather than assign, so that the key node keeps its line and column.
      base.remove(key);
      base.force_insert(kv.first, kv.second);
      set_paths.push_back(p);
    }
  }
}

bool is_index(const std::string& k)
{
  return k.size() > 2 && k.front() == '[' && k.back() == ']';
}

}  // namespace

std::string join_key_path(const std::vector<std::string>& keys)
{
  std::string out;
  for (const auto& k : keys)
    out = child_path(out, k);
  return out;
}

Override parse_override(const std::string& text)
{
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError(ErrorKind::SCHEMA, {"--set " + text}, "", "expected key.path=value, found \"" + text + "\"");
  Override o;
  o.text           = text;
  o.value          = text.substr(eq + 1);
  std::string path = text.substr(0, eq);
  std::string part;
  auto flush = [&] {
    if (part.empty())
      throw ConfigError(ErrorKind::SCHEMA, {"--set " + text}, "", "empty key in path \"" + path + "\"");
    bool numeric = std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    o.keys.push_back(numeric ? "[" + part + "]" : part);
    part.clear();
  };
  for (size_t i = 0; i < path.size(); ++i) {
    char c = path[i];
    if (c == '.') {
      if (!part.empty() || o.keys.empty() || !is_index(o.keys.back()))
        flush();
    } else if (c == '[') {
      if (!part.empty())
        flush();
      auto close = path.find(']', i);
      if (close == std::string::npos)
        throw ConfigError(ErrorKind::SCHEMA, {"--set " + text}, "", "unclosed '[' in \"" + path + "\"");
      part = path.substr(i + 1, close - i - 1);
      flush();
      i = close;
    } else
      part += c;
  }
  if (!part.empty())
    flush();
  return o;
}

Document Document::parse(const std::string& text, const std::string& name, std::vector<std::string>& chain)
{
  check_flow_depth(text, name);
  Document d;
  d.file_ = name;
  try {
    d.root_ = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(ErrorKind::SYNTAX, mark_of(name, e.mark), "", "invalid YAML: " + e.msg);
  }
  if (d.root_.IsNull())
    d.root_ = YAML::Node(YAML::NodeType::Map);
  if (!d.root_.IsMap())
    throw ConfigError(ErrorKind::SCHEMA, mark_of(name, d.root_.Mark()), "", "expected a map of keys at the top level");
  check_duplicates(d.root_, name, "", 0);

  if (YAML::Node ext = d.root_["extends"]; ext.IsDefined()) {
    if (!ext.IsScalar())
      throw ConfigError(ErrorKind::SCHEMA, mark_of(name, ext.Mark()), "extends", "expected a file name");
    std::filesystem::path base_path = std::filesystem::path(name).parent_path() / ext.Scalar();
    Document base;
    try {
      base = load_chain(base_path.lexically_normal().string(), chain);
    } catch (const ConfigError& e) {
      if (e.kind() != ErrorKind::IO)
        throw;
      throw ConfigError(ErrorKind::REFERENCE, mark_of(name, ext.Mark()), "extends",
                        "cannot read \"" + base_path.lexically_normal().string() + "\" (" + e.message() + ")");
    }
    d.root_.remove("extends");
    d.merge_from(std::move(base));
  }
  return d;
}

void Document::merge_from(Document&& base)
{
  std::vector<std::string> set_paths;
  std::vector<std::pair<std::string, YAML::Mark>> merged_maps;
  merge_into(base.root_, root_, "", set_paths, merged_maps);
  map_location_ = std::move(base.map_location_);
  for (const auto& [p, mark] : merged_maps)
    map_location_[p] = mark_of(file_, mark);
  // Everything not set here comes from the base file (or from further up its chain).
  origin_ = std::move(base.origin_);
  if (origin_.find("") == origin_.end())
    origin_[""] = base.file_;
  for (const auto& p : set_paths) {
    std::erase_if(origin_, [&](const auto& kv) {
      return kv.first.size() > p.size() && kv.first.compare(0, p.size(), p) == 0 &&
             (kv.first[p.size()] == '.' || kv.first[p.size()] == '[');
    });
    origin_[p] = file_;
  }
  root_ = base.root_;
}

Document Document::load_chain(const std::string& path, std::vector<std::string>& chain)
{
  std::error_code ec;
  std::string canonical = std::filesystem::weakly_canonical(path, ec).string();
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end())
    throw ConfigError(ErrorKind::REFERENCE, {path}, "extends", "extends itself (cycle: " + path + ")");
  // Only regular files of sane size: `extends: /dev/zero` must not hang or exhaust memory.
  constexpr std::uintmax_t MAX_FILE_BYTES = 16u << 20;
  if (!std::filesystem::is_regular_file(path, ec))
    throw ConfigError(ErrorKind::IO, {path}, "", "cannot read file (not found, or not a regular file)");
  if (std::filesystem::file_size(path, ec) > MAX_FILE_BYTES)
    throw ConfigError(ErrorKind::RESOURCE, {path}, "", "file larger than 16 MiB");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ConfigError(ErrorKind::IO, {path}, "", "cannot read file");
  std::ostringstream text;
  text << in.rdbuf();
  chain.push_back(canonical);
  Document d = parse(text.str(), path, chain);
  chain.pop_back();
  return d;
}

Document Document::load_file(const std::string& path)
{
  std::vector<std::string> chain;
  return load_chain(path, chain);
}

Document Document::load_string(const std::string& text, const std::string& name)
{
  std::vector<std::string> chain;
  return parse(text, name, chain);
}

void Document::apply(const Override& o)
{
  SourceLocation where{"--set " + o.text};
  YAML::Node value;
  try {
    value = YAML::Load(o.value);
  } catch (const YAML::Exception& e) {
    throw ConfigError(ErrorKind::SYNTAX, where, join_key_path(o.keys), "invalid YAML value: " + e.msg);
  }
  YAML::Node at = root_;
  std::string path;
  for (size_t i = 0; i < o.keys.size(); ++i) {
    const std::string& k = o.keys[i];
    bool last            = i + 1 == o.keys.size();
    if (at.IsSequence()) {
      if (!is_index(k))
        throw ConfigError(ErrorKind::SCHEMA, where, path, "is a list; expected an index like [0], found \"" + k + "\"");
      size_t idx               = 0;
      const std::string digits = k.substr(1, k.size() - 2);
      if (std::from_chars(digits.data(), digits.data() + digits.size(), idx).ec != std::errc())
        throw ConfigError(ErrorKind::SCHEMA, where, path, "list index " + k + " is too large");
      if (idx >= at.size())
        throw ConfigError(ErrorKind::SCHEMA, where, path,
                          fmt::format("index {} is out of range (the list has {} items)", idx, at.size()));
      path = child_path(path, k);
      if (last)
        at[idx] = value;
      else
        at.reset(at[idx]);
      continue;
    }
    if (is_index(k))
      throw ConfigError(ErrorKind::SCHEMA, where, path, "is not a list; cannot index it with " + k);
    if (!at.IsMap() && at.IsDefined() && !at.IsNull())
      throw ConfigError(ErrorKind::SCHEMA, where, path, "is a single value; cannot set a key inside it");
    path = child_path(path, k);
    if (last)
      at[k] = value;
    else {
      YAML::Node next = at[k];
      if (!next.IsDefined() || next.IsNull())
        at[k] = YAML::Node(YAML::NodeType::Map);
      YAML::Node child = at[k];
      at.reset(child);
    }
  }
  override_[path] = o.text;
}

SourceLocation Document::locate(const YAML::Node& node, const std::string& key_path) const
{
  auto nearest = [&](const std::map<std::string, std::string>& table) -> const std::string* {
    std::string p = key_path;
    while (true) {
      if (auto it = table.find(p); it != table.end())
        return &it->second;
      if (p.empty())
        return nullptr;
      size_t cut = p.find_last_of(".[");
      p.resize(cut == std::string::npos ? 0 : cut);
    }
  };
  if (const std::string* set = nearest(override_))
    return {"--set " + *set};
  if (auto it = map_location_.find(key_path); it != map_location_.end())
    return it->second;
  const std::string* file = nearest(origin_);
  if (origin_.empty() || (file && *file == file_))
    file = &file_;
  // Nodes from a base file keep their own line numbers; files that set nothing fall back to the top file.
  std::string f = file ? *file : file_;
  if (!node.IsDefined())
    return {f};
  return mark_of(f, node.Mark());
}

}  // namespace cs
