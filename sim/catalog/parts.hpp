// SPDX-License-Identifier: Apache-2.0
// Value types for the hardware parts a cluster is built from. All quantities in SI, unit in the name.
#pragma once

#include <string>

namespace cs {

enum class Precision { FP8, BF16, TF32, FP32, FP64 };

struct GpuSpec {
  std::string name;
  // Dense peak FLOP/s per precision; 0 where the GPU has no such mode. Never the 2:4-sparse figure.
  double fp8_flops       = 0;
  double bf16_flops      = 0;
  double tf32_flops      = 0;
  double fp32_flops      = 0;
  double fp64_flops      = 0;
  double hbm_bytes       = 0;
  double hbm_bw_Bps      = 0;
  double scale_up_bw_Bps = 0;  // per direction, per GPU
  double tdp_W           = 0;  // drawn while computing
  double idle_W          = 0;  // drawn while idle or only communicating
  // Fraction of peak a large dense GEMM sustains (kernel level, not end-to-end).
  double gemm_efficiency = 0;
  std::string source;
};

struct NicSpec {
  std::string name;
  double bw_Bps  = 0;  // line rate, per direction
  double power_W = 0;
  std::string source;
};

struct SwitchSpec {
  std::string name;
  int ports          = 0;
  double port_bw_Bps = 0;  // per direction
  double power_W     = 0;  // typical, without optics
  std::string source;
};

// What carries a scale-out link: copper, or an optical module at each end.
struct MediumSpec {
  std::string name;
  bool optical           = false;
  double bw_Bps          = 0;  // the highest rate it carries, per direction
  double power_per_end_W = 0;  // per port it occupies
  std::string source;
};

double peak_flops(const GpuSpec& gpu, Precision p);
const char* precision_name(Precision p);

}  // namespace cs
