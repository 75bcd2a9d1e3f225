// SPDX-License-Identifier: Apache-2.0
// A training job as the user described it, after config/ resolved names and units.
#pragma once

#include <string>

#include "catalog/parts.hpp"
#include "config/provenance.hpp"

namespace cs {

// A GPT/Llama-style decoder with full multi-head attention (reference/workloads.md §2 notation).
struct DenseModelSpec {
  std::string name;
  int layers  = 0;  // l
  int hidden  = 0;  // h
  int heads   = 0;  // a
  int seq_len = 0;  // s
  int vocab   = 0;  // V
};

enum class AllReduceAlgorithm { RING };

struct TrainingSpec {
  std::string name;
  std::string description;
  DenseModelSpec model;
  int dp                       = 1;  // data-parallel size; this release runs pure DP over every GPU
  int global_batch             = 1;  // sequences per iteration, over all replicas
  int iterations               = 1;
  double token_budget          = 0;  // tokens to train in all: reports project time, energy and cost to it (0 = none)
  Precision precision          = Precision::BF16;
  double compute_efficiency    = 0;  // fraction of peak; 0 means the GPU catalog's gemm_efficiency
  double grad_bytes_per_param  = 2;  // BF16 gradients
  AllReduceAlgorithm allreduce = AllReduceAlgorithm::RING;
  int allreduce_channels       = 0;  // concurrent rings; 0 = one per NIC of a node
  Provenance where;
};

}  // namespace cs
