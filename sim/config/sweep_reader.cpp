// SPDX-License-Identifier: Apache-2.0
// The sweep format is documented in docs/sweeps.md.
#include "config/sweep_reader.hpp"

#include <cmath>
#include <filesystem>
#include <fmt/format.h>

#include "config/reader.hpp"

namespace cs {

namespace {

// A value as it would appear after `=` in --set: scalars verbatim, anything else as flow YAML.
std::string value_text(const YAML::Node& n)
{
  if (n.IsScalar())
    return n.Scalar();
  YAML::Emitter out;
  out << YAML::Flow << n;
  return out.c_str();
}

std::string relative_to(const Document& doc, const std::string& path)
{
  if (path.empty() || std::filesystem::path(path).is_absolute())
    return path;
  return (std::filesystem::path(doc.name()).parent_path() / path).lexically_normal().string();
}

SweepAxis read_axis(const MapReader& a)
{
  SweepAxis axis;
  if (a.has("key")) {
    std::string key = a.string("key");
    axis.name       = a.string_or("name", key);
    if (a.has("range")) {
      MapReader r = a.map("range");
      double from = r.number("from", -1e18, 1e18), to = r.number("to", -1e18, 1e18);
      double step = r.number("step", 1e-12, 1e18);
      if (to < from)
        r.fail(ErrorKind::VALUE, "to", fmt::format("expected a value of at least from ({:g}), found {:g}", from, to));
      const double count = std::floor((to - from) / step + 1e-9) + 1;
      if (count > 100000)
        r.fail(ErrorKind::RESOURCE, "step", "the range has more than 100,000 values");
      for (long i = 0; i < static_cast<long>(count); ++i) {
        std::string text = fmt::format("{}", from + static_cast<double>(i) * step);  // shortest exact form
        axis.values.push_back({text, {key + "=" + text}});
      }
      r.finish();
    } else {
      YAML::Node values = a.node("values");
      if (!values.IsSequence() || values.size() == 0)
        a.fail(ErrorKind::SCHEMA, "values", "expected a non-empty list of values (or a range)");
      for (const auto& v : values)
        axis.values.push_back({value_text(v), {key + "=" + value_text(v)}});
    }
  } else {
    // A combined axis: `name: variant`, `values: {label: {key.path: value, ...}, ...}`.
    axis.name         = a.string("name");
    YAML::Node values = a.node("values");
    if (!values.IsMap() || values.size() == 0)
      a.fail(ErrorKind::SCHEMA, "values",
             "expected a map of labelled settings, like {rail-opt: {fabric.kind: rail_optimized}}");
    for (const auto& kv : values) {
      AxisValue v{kv.first.Scalar(), {}};
      if (!kv.second.IsMap())
        a.fail(ErrorKind::SCHEMA, "values", "expected a map of key paths to values under \"" + v.label + "\"");
      for (const auto& setting : kv.second)
        v.sets.push_back(setting.first.Scalar() + "=" + value_text(setting.second));
      axis.values.push_back(std::move(v));
    }
  }
  a.finish();
  return axis;
}

}  // namespace

SweepSpec read_sweep_spec(const Document& doc)
{
  SweepSpec s;
  s.where.at[""] = {doc.name()};  // the sweep file, against which point files resolve
  MapReader top(doc, doc.root(), "", &s.where);
  top.string_or("name", "");
  top.string_or("description", "");
  s.topology = relative_to(doc, top.string_or("topology", ""));
  s.workload = relative_to(doc, top.string_or("workload", ""));
  if (top.has("set")) {
    YAML::Node sets = top.node("set");
    if (!sets.IsSequence())
      top.fail(ErrorKind::SCHEMA, "set", "expected a list of key.path=value strings");
    for (const auto& v : sets)
      s.sets.push_back(value_text(v));
  }
  s.zip = top.choice("combine", {"grid", "zip"}, "grid") == "zip";
  for (const MapReader& a : top.maps("axes"))
    s.axes.push_back(read_axis(a));
  std::vector<std::string> names;
  for (const SweepAxis& a : s.axes)
    names.push_back(a.name);
  for (const MapReader& rule : top.maps("exclude")) {
    std::map<std::string, std::string> r;
    for (const auto& name : names)
      if (rule.has(name))
        r[name] = value_text(rule.node(name));
    rule.finish();
    s.exclude.push_back(std::move(r));
  }
  if (s.zip)
    for (const SweepAxis& a : s.axes)
      if (a.values.size() != s.axes[0].values.size())
        top.fail(ErrorKind::VALIDATION, "axes",
                 fmt::format("zip needs axes of equal length: \"{}\" has {} values, \"{}\" has {}", s.axes[0].name,
                             s.axes[0].values.size(), a.name, a.values.size()));
  top.finish();
  return s;
}

std::string resolved_text(const Document& doc)
{
  YAML::Emitter out;
  out << doc.root();
  return out.c_str();
}

}  // namespace cs
