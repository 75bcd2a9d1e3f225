// SPDX-License-Identifier: Apache-2.0
#include "config/units.hpp"

#include <cmath>
#include <cstdlib>
#include <string_view>
#include <utility>
#include <vector>

namespace cs {

namespace {

using UnitTable = std::vector<std::pair<std::string_view, double>>;

// Suffixes are case-sensitive on purpose: "Gb" is bits and "GB" is bytes.
const UnitTable& units_of(Quantity q)
{
  static const UnitTable bandwidth = {
      {"bps", 1.0 / 8},   {"b/s", 1.0 / 8},   {"Kbps", 1e3 / 8},    {"Kb/s", 1e3 / 8},   {"Mbps", 1e6 / 8},
      {"Mb/s", 1e6 / 8},  {"Gbps", 1e9 / 8},  {"Gb/s", 1e9 / 8},    {"Gbit/s", 1e9 / 8}, {"G", 1e9 / 8},
      {"Tbps", 1e12 / 8}, {"Tb/s", 1e12 / 8}, {"Tbit/s", 1e12 / 8}, {"T", 1e12 / 8},     {"B/s", 1.0},
      {"Bps", 1.0},       {"KB/s", 1e3},      {"MB/s", 1e6},        {"MBps", 1e6},       {"GB/s", 1e9},
      {"GBps", 1e9},      {"TB/s", 1e12},     {"TBps", 1e12},
  };
  static const UnitTable time = {
      {"s", 1.0},   {"ms", 1e-3},  {"us", 1e-6},  {"\xC2\xB5s", 1e-6},
      {"ns", 1e-9}, {"ps", 1e-12}, {"min", 60.0}, {"h", 3600.0},
  };
  static const UnitTable bytes = {
      {"B", 1.0},         {"KB", 1e3},           {"MB", 1e6},
      {"GB", 1e9},        {"TB", 1e12},          {"KiB", 1024.0},
      {"MiB", 1048576.0}, {"GiB", 1073741824.0}, {"TiB", 1099511627776.0},
  };
  static const UnitTable power     = {{"W", 1.0}, {"kW", 1e3}, {"MW", 1e6}, {"GW", 1e9}};
  static const UnitTable flop_rate = {
      {"FLOPS", 1.0},    {"FLOP/s", 1.0},  {"GFLOPS", 1e9},   {"GFLOP/s", 1e9}, {"TFLOPS", 1e12},
      {"TFLOP/s", 1e12}, {"PFLOPS", 1e15}, {"PFLOP/s", 1e15}, {"EFLOPS", 1e18}, {"EFLOP/s", 1e18},
  };
  switch (q) {
    case Quantity::BANDWIDTH:
      return bandwidth;
    case Quantity::TIME:
      return time;
    case Quantity::BYTES:
      return bytes;
    case Quantity::POWER:
      return power;
    case Quantity::FLOP_RATE:
      return flop_rate;
  }
  return bytes;
}

}  // namespace

std::string quantity_example(Quantity q)
{
  switch (q) {
    case Quantity::BANDWIDTH:
      return "a bandwidth like \"400Gbps\" or \"900GB/s\"";
    case Quantity::TIME:
      return "a time like \"2us\" or \"1.5ms\"";
    case Quantity::BYTES:
      return "a size like \"80GB\" or \"64GiB\"";
    case Quantity::POWER:
      return "a power like \"700W\" or \"10.2kW\"";
    case Quantity::FLOP_RATE:
      return "a compute rate like \"989TFLOPS\"";
  }
  return "a quantity";
}

std::optional<double> parse_quantity(Quantity q, const std::string& text)
{
  const char* begin = text.c_str();
  char* end         = nullptr;
  double value      = std::strtod(begin, &end);
  if (end == begin || !std::isfinite(value) || value < 0)
    return std::nullopt;
  std::string_view unit(end);
  while (!unit.empty() && unit.front() == ' ')
    unit.remove_prefix(1);
  while (!unit.empty() && unit.back() == ' ')
    unit.remove_suffix(1);
  for (const auto& [suffix, scale] : units_of(q))
    if (unit == suffix) {
      double si = value * scale;
      if (!std::isfinite(si))
        return std::nullopt;
      return si;
    }
  return std::nullopt;
}

}  // namespace cs
