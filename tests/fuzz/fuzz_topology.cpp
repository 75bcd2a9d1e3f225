// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: any bytes as topology input (see fuzz_inputs.hpp).
#include <cstddef>
#include <cstdint>

#include "fuzz_inputs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  cs::fuzz::topology_input(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
