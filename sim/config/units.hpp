// SPDX-License-Identifier: Apache-2.0
// Quantities with units, as users write them in YAML ("400Gbps", "2us"), converted once to SI.
#pragma once

#include <optional>
#include <string>

namespace cs {

enum class Quantity {
  BANDWIDTH,  // -> bytes per second. "400Gbps", "400Gb/s", "400G", "1.6T" are bits; "900GB/s", "50GBps" are bytes.
  TIME,       // -> seconds. "1s", "2ms", "2us", "2µs", "500ns", "10ps".
  BYTES,      // -> bytes. "80GB" (10^9), "80GiB" (2^30), "512B".
  POWER,      // -> watts. "700W", "10.2kW", "1.5MW".
  FLOP_RATE,  // -> FLOP/s. "989TFLOPS", "989 TFLOP/s", "2.5PFLOPS".
};

// What a value of this quantity looks like, for error messages: `a bandwidth like "400Gbps" or "900GB/s"`.
std::string quantity_example(Quantity q);

// Parses "<number><unit>" (a space between is allowed). Returns nullopt for a missing or unknown unit,
// a malformed number, or a value that is negative, NaN or infinite.
std::optional<double> parse_quantity(Quantity q, const std::string& text);

}  // namespace cs
