// SPDX-License-Identifier: Apache-2.0
// Workload YAML -> TrainingSpec. The format is documented in docs/yaml-format.md.
#include "config/reader.hpp"
#include "config/spec_readers.hpp"

namespace cs {

namespace {

DenseModelSpec read_model(const MapReader& r)
{
  DenseModelSpec m;
  r.choice("kind", {"dense"}, "dense");
  m.name    = r.string_or("name", "model");
  m.layers  = static_cast<int>(r.integer("layers", 1, 10000));
  m.hidden  = static_cast<int>(r.integer("hidden", 1, 1 << 20));
  m.heads   = static_cast<int>(r.integer("heads", 1, 1 << 14));
  m.seq_len = static_cast<int>(r.integer("seq_len", 1, 1 << 24));
  m.vocab   = static_cast<int>(r.integer("vocab", 1, 1 << 24));
  if (m.hidden % m.heads != 0)
    r.fail(ErrorKind::VALIDATION, "heads",
           "expected a divisor of hidden (" + std::to_string(m.hidden) + "), found " + std::to_string(m.heads));
  r.finish();
  return m;
}

Precision read_precision(const MapReader& r)
{
  std::string p = r.choice("precision", {"fp8", "bf16", "fp16", "tf32", "fp32"}, "bf16");
  if (p == "fp8")
    return Precision::FP8;
  if (p == "tf32")
    return Precision::TF32;
  if (p == "fp32")
    return Precision::FP32;
  return Precision::BF16;  // FP16 runs at the BF16 rate on every GPU in the catalog
}

}  // namespace

TrainingSpec read_training_spec(const Document& doc)
{
  TrainingSpec t;
  MapReader top(doc, doc.root(), "", &t.where);
  t.name        = top.string_or("name", doc.name());
  t.description = top.string_or("description", "");
  t.model       = read_model(top.map("model"));

  MapReader tr           = top.map("training");
  t.global_batch         = static_cast<int>(tr.integer("global_batch", 1, 1 << 24));
  t.iterations           = static_cast<int>(tr.integer_or("iterations", 1, 1, 100000));
  t.token_budget         = tr.number_or("token_budget", 0, 0, 1e18);
  t.precision            = read_precision(tr);
  t.compute_efficiency   = tr.number_or("compute_efficiency", 0, 0.01, 1.0);
  t.grad_bytes_per_param = tr.number_or("grad_bytes_per_param", 2, 0.5, 16);
  if (auto par = tr.map_if_present("parallelism")) {
    t.dp = static_cast<int>(par->integer("dp", 1, 1 << 20));
    par->finish();
  } else
    tr.fail(ErrorKind::SCHEMA, "parallelism", "required key is missing (e.g. parallelism: {dp: 16})");
  if (auto ar = tr.map_if_present("allreduce")) {
    ar->choice("algorithm", {"ring"}, "ring");
    t.allreduce_channels = static_cast<int>(ar->integer_or("channels", 0, 0, 64));
    ar->finish();
  }
  tr.finish();
  top.finish();
  return t;
}

}  // namespace cs
