// SPDX-License-Identifier: Apache-2.0
#include "sweep/collect.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sqlite3.h>
#include <sstream>
#include <unistd.h>

#include "config/error.hpp"
#include "report/output_dir.hpp"

namespace fs = std::filesystem;
using Json   = nlohmann::json;

namespace cs {

namespace {

using Row = std::map<std::string, Json>;  // column -> number or string

Json read_json(const fs::path& p)
{
  std::ifstream in(p);
  try {
    return Json::parse(in);
  } catch (const Json::exception& e) {
    throw ConfigError(ErrorKind::IO, {p.string()}, "", std::string("unreadable result: ") + e.what());
  }
}

void flatten(const Json& j, const std::string& prefix, Row& row)
{
  if (j.is_object()) {
    for (const auto& [k, v] : j.items())
      flatten(v, prefix.empty() ? k : prefix + "." + k, row);
  } else if (j.is_number() || j.is_string() || j.is_boolean())
    row[prefix] = j;
}

std::string csv_field(const Json& v)
{
  if (v.is_null())
    return "";
  if (v.is_string()) {
    std::string s = v.get<std::string>(), out = "\"";
    for (char c : s)
      out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  }
  return v.dump();
}

void write_sqlite(const fs::path& file, const std::vector<std::string>& columns, const std::vector<Row>& rows)
{
  fs::path tmp = file;
  tmp += ".tmp-" + std::to_string(::getpid());
  fs::remove(tmp);
  sqlite3* db = nullptr;
  auto check  = [&](int rc) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE) {
      std::string msg = db ? sqlite3_errmsg(db) : "cannot open";
      sqlite3_close(db);
      fs::remove(tmp);
      throw ConfigError(ErrorKind::IO, {file.string()}, "", "sqlite: " + msg);
    }
  };
  check(sqlite3_open(tmp.c_str(), &db));
  std::string create = "CREATE TABLE results (", insert = "INSERT INTO results VALUES (";
  auto quoted = [](const std::string& name) {  // SQL identifier: double any quote inside
    std::string out = "\"";
    for (char c : name)
      out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  for (size_t i = 0; i < columns.size(); ++i) {
    create += (i ? ", " : "") + quoted(columns[i]);
    insert += i ? ", ?" : "?";
  }
  check(sqlite3_exec(db, (create + ")").c_str(), nullptr, nullptr, nullptr));
  check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr));
  sqlite3_stmt* stmt = nullptr;
  check(sqlite3_prepare_v2(db, (insert + ")").c_str(), -1, &stmt, nullptr));
  for (const Row& r : rows) {
    for (size_t i = 0; i < columns.size(); ++i) {
      auto it = r.find(columns[i]);
      int col = static_cast<int>(i) + 1;
      if (it == r.end() || it->second.is_null())
        sqlite3_bind_null(stmt, col);
      else if (it->second.is_number_integer())
        sqlite3_bind_int64(stmt, col, it->second.get<int64_t>());
      else if (it->second.is_number())
        sqlite3_bind_double(stmt, col, it->second.get<double>());
      else if (it->second.is_boolean())
        sqlite3_bind_int(stmt, col, it->second.get<bool>() ? 1 : 0);
      else {
        std::string s = it->second.get<std::string>();
        sqlite3_bind_text(stmt, col, s.c_str(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
      }
    }
    check(sqlite3_step(stmt));
    sqlite3_reset(stmt);
  }
  sqlite3_finalize(stmt);
  check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr));
  sqlite3_close(db);
  fs::rename(tmp, file);
}

}  // namespace

CollectTally collect_sweep(const std::string& dir)
{
  const fs::path root = dir;
  if (!fs::is_directory(root / "points"))
    throw ConfigError(ErrorKind::IO, {dir}, "", "not a sweep output directory (no points/ inside)");
  std::vector<Row> rows;
  std::set<std::string> axes, metrics;
  CollectTally tally;
  for (const auto& e : fs::directory_iterator(root / "points")) {
    if (!e.is_directory() || e.path().filename().string().find(".tmp-") != std::string::npos ||
        !fs::exists(e.path() / "summary.json") || !fs::exists(e.path() / "point.json"))
      continue;
    Json point = read_json(e.path() / "point.json");
    Row row{{"id", point["id"]}, {"index", point["index"]}, {"status", "ok"}, {"error", ""}};
    for (const auto& [axis, label] : point["labels"].items()) {
      row["axis." + axis] = label;
      axes.insert("axis." + axis);
    }
    Row summary;
    Json s = read_json(e.path() / "summary.json");
    s.erase("schema");
    if (s.contains("gpus"))
      s["gpus"].erase("per_gpu");
    flatten(s, "", summary);
    for (const auto& [k, v] : summary) {
      row[k] = v;
      metrics.insert(k);
    }
    rows.push_back(std::move(row));
    tally.ok++;
  }
  if (fs::is_directory(root / "failed"))
    for (const auto& e : fs::directory_iterator(root / "failed")) {
      if (e.path().extension() != ".json")
        continue;
      Json f = read_json(e.path());
      Row row{{"id", f["id"]}, {"index", f["index"]}, {"status", f["status"]}};
      std::string tail = f["stderr_tail"].get<std::string>();
      row["error"]     = tail.substr(tail.rfind("error: ") == std::string::npos ? 0 : tail.rfind("error: "));
      for (const auto& [axis, label] : f["labels"].items()) {
        row["axis." + axis] = label;
        axes.insert("axis." + axis);
      }
      rows.push_back(std::move(row));
      tally.failed++;
    }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::make_pair(a.at("index").get<int>(), a.at("id").get<std::string>()) <
           std::make_pair(b.at("index").get<int>(), b.at("id").get<std::string>());
  });
  std::vector<std::string> columns = {"id", "index", "status", "error"};
  columns.insert(columns.end(), axes.begin(), axes.end());
  columns.insert(columns.end(), metrics.begin(), metrics.end());
  tally.columns = static_cast<int>(columns.size());

  std::ostringstream csv;
  for (size_t i = 0; i < columns.size(); ++i)
    csv << (i ? "," : "") << csv_field(Json(columns[i]));
  csv << "\n";
  for (const Row& r : rows) {
    for (size_t i = 0; i < columns.size(); ++i) {
      auto it = r.find(columns[i]);
      csv << (i ? "," : "") << (it == r.end() ? "" : csv_field(it->second));
    }
    csv << "\n";
  }
  write_file_atomic((root / "results.csv").string(), csv.str());
  write_sqlite(root / "results.sqlite", columns, rows);
  return tally;
}

}  // namespace cs
