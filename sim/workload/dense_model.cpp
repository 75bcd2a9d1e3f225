// SPDX-License-Identifier: Apache-2.0
#include "workload/dense_model.hpp"

namespace cs {

double parameter_count(const DenseModelSpec& m)
{
  const double l = m.layers, h = m.hidden, V = m.vocab, s = m.seq_len;
  return 12 * l * h * h * (1 + 13 / (12 * h) + (V + s) / (12 * l * h));
}

double training_flops_per_token(const DenseModelSpec& m)
{
  return 6 * parameter_count(m);
}

}  // namespace cs
