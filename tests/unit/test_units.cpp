// SPDX-License-Identifier: Apache-2.0
// Units: what users write in YAML, and the SI value it means.
#include <doctest/doctest.h>

#include "config/units.hpp"

using cs::parse_quantity;
using cs::Quantity;

TEST_CASE("bandwidths in bits and bytes per second")
{
  CHECK(*parse_quantity(Quantity::BANDWIDTH, "400Gbps") == doctest::Approx(50e9));
  CHECK(*parse_quantity(Quantity::BANDWIDTH, "400Gb/s") == doctest::Approx(50e9));
  CHECK(*parse_quantity(Quantity::BANDWIDTH, "400G") == doctest::Approx(50e9));
  CHECK(*parse_quantity(Quantity::BANDWIDTH, "1.6T") == doctest::Approx(200e9));
  CHECK(*parse_quantity(Quantity::BANDWIDTH, "900GB/s") == doctest::Approx(900e9));
  CHECK(*parse_quantity(Quantity::BANDWIDTH, "50 GBps") == doctest::Approx(50e9));
}

TEST_CASE("times, sizes, powers and compute rates")
{
  CHECK(*parse_quantity(Quantity::TIME, "2us") == doctest::Approx(2e-6));
  CHECK(*parse_quantity(Quantity::TIME, "2\xC2\xB5s") == doctest::Approx(2e-6));
  CHECK(*parse_quantity(Quantity::TIME, "1.5ms") == doctest::Approx(1.5e-3));
  CHECK(*parse_quantity(Quantity::BYTES, "80GB") == doctest::Approx(80e9));
  CHECK(*parse_quantity(Quantity::BYTES, "1GiB") == doctest::Approx(1073741824.0));
  CHECK(*parse_quantity(Quantity::POWER, "10.2kW") == doctest::Approx(10200));
  CHECK(*parse_quantity(Quantity::FLOP_RATE, "989TFLOPS") == doctest::Approx(989e12));
}

TEST_CASE("values without a known unit, negative or not finite are refused")
{
  CHECK_FALSE(parse_quantity(Quantity::BANDWIDTH, "400"));
  CHECK_FALSE(parse_quantity(Quantity::BANDWIDTH, "400Gps"));
  CHECK_FALSE(parse_quantity(Quantity::BANDWIDTH, "-1Gbps"));
  CHECK_FALSE(parse_quantity(Quantity::BANDWIDTH, "nanGbps"));
  CHECK_FALSE(parse_quantity(Quantity::BANDWIDTH, "1e400Gbps"));
  CHECK_FALSE(parse_quantity(Quantity::TIME, "2 parsecs"));
  CHECK_FALSE(parse_quantity(Quantity::BYTES, "GB"));
}
