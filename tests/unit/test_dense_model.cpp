// SPDX-License-Identifier: Apache-2.0
// Parameter and FLOP counts against published sizes (reference/workloads.md §1–3).
#include <doctest/doctest.h>

#include "workload/dense_model.hpp"

using namespace cs;

TEST_CASE("GPT-3 175B: Megatron Eq. 2 gives the published 174.6B parameters")
{
  ModelSpec m{"gpt3-175b", 96, 12288, 96, 2048, 51200};
  CHECK(parameter_count(m) == doctest::Approx(174.6e9).epsilon(0.001));
}

TEST_CASE("GPT-3 XL: 1.32B parameters as in the OpenAI table")
{
  ModelSpec m{"gpt3-xl", 24, 2048, 16, 2048, 51200};
  CHECK(parameter_count(m) == doctest::Approx(1.32e9).epsilon(0.01));
}

TEST_CASE("training costs 6N FLOP per token, so GPT-3 175B over 300B tokens is 3.14e23 FLOP")
{
  ModelSpec m{"gpt3-175b", 96, 12288, 96, 2048, 51200};
  CHECK(training_flops_per_token(m) * 300e9 == doctest::Approx(3.14e23).epsilon(0.005));
}
