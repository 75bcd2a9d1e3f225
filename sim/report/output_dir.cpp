// SPDX-License-Identifier: Apache-2.0
#include "report/output_dir.hpp"

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "config/error.hpp"

namespace fs = std::filesystem;

namespace cs {

namespace {

void write_text(const fs::path& path, const std::string& content)
{
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out)
    throw ConfigError(ErrorKind::IO, {path.string()}, "", "cannot write file");
}

std::string unique_suffix()
{
  return ".tmp-" + std::to_string(::getpid());
}

}  // namespace

void write_output_dir(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files)
{
  fs::path target = fs::path(dir).lexically_normal();
  if (target.filename().empty())
    target = target.parent_path();
  fs::path tmp = target;
  tmp += unique_suffix();
  std::error_code ec;
  try {
    if (!target.parent_path().empty())
      fs::create_directories(target.parent_path());
    fs::remove_all(tmp, ec);
    fs::create_directory(tmp);
    for (const auto& [name, content] : files)
      write_text(tmp / name, content);
    if (fs::exists(target)) {
      fs::path old = target;
      old += ".old" + unique_suffix();
      fs::rename(target, old);
      fs::rename(tmp, target);
      fs::remove_all(old, ec);
    } else
      fs::rename(tmp, target);
  } catch (const fs::filesystem_error& e) {
    fs::remove_all(tmp, ec);
    throw ConfigError(ErrorKind::IO, {target.string()}, "", std::string("cannot write results: ") + e.code().message());
  } catch (...) {
    fs::remove_all(tmp, ec);
    throw;
  }
}

void write_file_atomic(const std::string& path, const std::string& content)
{
  fs::path tmp = path + unique_suffix();
  try {
    write_text(tmp, content);
    fs::rename(tmp, path);
  } catch (const fs::filesystem_error& e) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw ConfigError(ErrorKind::IO, {path}, "", std::string("cannot write file: ") + e.code().message());
  }
}

}  // namespace cs
