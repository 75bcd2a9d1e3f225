// SPDX-License-Identifier: Apache-2.0
// Parameter and FLOP accounting for dense decoders (reference/workloads.md §1–2).
#pragma once

#include "workload/training_spec.hpp"

namespace cs {

// Megatron-LM Eq. 2: P = 12·l·h²·(1 + 13/(12h) + (V + s)/(12·l·h)).
double parameter_count(const DenseModelSpec& m);

// The 6N rule (reference/workloads.md §1): forward + backward FLOP per trained token, attention excluded.
double training_flops_per_token(const DenseModelSpec& m);

}  // namespace cs
