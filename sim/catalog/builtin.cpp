// SPDX-License-Identifier: Apache-2.0
// Built-in parts. Sources are cited as "reference/<file> §<section>, <row> [<status tag>]" (shared/reference/).
#include "catalog/builtin.hpp"

#include <algorithm>
#include <map>

namespace cs {

namespace {

constexpr double TFLOPS = 1e12;
constexpr double GB     = 1e9;
constexpr double Gbps   = 1e9 / 8;

// Idle power is sourced only for H100 and B200. Elsewhere we assume the H100 ratio, 145 W / 700 W ≈ 0.2 of TDP.
constexpr double IDLE_FRACTION_ASSUMED = 0.2;

// Fraction of dense BF16 peak a large GEMM sustains. The only kernel-level BF16 figure in reference/hardware.md §6 is
// FlashMLA's compute-bound decode, 660 of 989 TFLOPS on H800 [V-primary] = 0.667 [derived]. Used for every GPU as
// an assumption until a per-GPU figure is sourced; override with `gemm_efficiency` in YAML.
constexpr double GEMM_EFFICIENCY_ASSUMED = 0.667;

std::map<std::string, GpuSpec> make_gpus()
{
  std::map<std::string, GpuSpec> m;
  // source: reference/hardware.md §1.1 A100 row (BF16 312 dense, TF32 156 [derived], FP32 19.5, FP64 9.7);
  // §1.2 A100 row (80 GB, 2039 GB/s, NVLink3 600 GB/s bidirectional = 300 per direction [derived], 400 W).
  m["a100"] = {.name            = "a100",
               .fp8_flops       = 0,
               .bf16_flops      = 312 * TFLOPS,
               .tf32_flops      = 156 * TFLOPS,
               .fp32_flops      = 19.5 * TFLOPS,
               .fp64_flops      = 9.7 * TFLOPS,
               .hbm_bytes       = 80 * GB,
               .hbm_bw_Bps      = 2039 * GB,
               .scale_up_bw_Bps = 300 * GB,
               .tdp_W           = 400,
               .idle_W          = 400 * IDLE_FRACTION_ASSUMED,
               .gemm_efficiency = GEMM_EFFICIENCY_ASSUMED,
               .source = "reference/hardware.md §1.1–1.2 A100 rows [V-primary/seed 001/seed 002]; idle: no source, "
                         "assumed 0.2×TDP"};
  // source: reference/hardware.md §1.1 H100 SXM row (FP8 1979, BF16 989 dense [V-secondary]); §1.2 H100 row
  // (80 GB HBM3, 3.35 TB/s, NVLink4 450 GB/s per direction, 700 W [V-primary Llama 3]; idle ~145 W [user-reported]).
  m["h100-sxm"] = {.name            = "h100-sxm",
                   .fp8_flops       = 1979 * TFLOPS,
                   .bf16_flops      = 989 * TFLOPS,
                   .tf32_flops      = 494.5 * TFLOPS,
                   .fp32_flops      = 67 * TFLOPS,
                   .fp64_flops      = 34 * TFLOPS,
                   .hbm_bytes       = 80 * GB,
                   .hbm_bw_Bps      = 3350 * GB,
                   .scale_up_bw_Bps = 450 * GB,
                   .tdp_W           = 700,
                   .idle_W          = 145,
                   .gemm_efficiency = GEMM_EFFICIENCY_ASSUMED,
                   .source = "reference/hardware.md §1.1–1.2 H100 SXM rows [V-secondary/V-primary]; idle 145 W "
                             "[user-reported]"};
  // source: reference/hardware.md §1.1 H800 row (= H100 except FP64 1 TF); §1.2 H800 row (NVLink 400 GB/s
  // bidirectional = 200 GB/s per direction [seed 001, V-maintainer]).
  m["h800"]                 = m["h100-sxm"];
  m["h800"].name            = "h800";
  m["h800"].fp64_flops      = 1 * TFLOPS;
  m["h800"].scale_up_bw_Bps = 200 * GB;
  m["h800"].idle_W          = 700 * IDLE_FRACTION_ASSUMED;
  m["h800"].source = "reference/hardware.md §1.1–1.2 H800 rows [seed 001, V-secondary]; idle: no source, assumed";
  // source: reference/hardware.md §1.2 H200 row (141 GB HBM3e, 4.8 TB/s, 700 W; compute = H100) [seed 001/002].
  m["h200"]            = m["h100-sxm"];
  m["h200"].name       = "h200";
  m["h200"].hbm_bytes  = 141 * GB;
  m["h200"].hbm_bw_Bps = 4800 * GB;
  m["h200"].idle_W     = 700 * IDLE_FRACTION_ASSUMED;
  m["h200"].source     = "reference/hardware.md §1.1–1.2 H200 rows [seed 001, seed 002]; idle: no source, assumed";
  // source: reference/hardware.md §1.1 H20 row (FP8 296, BF16 148 treated as dense — flagged conflict, TF32 74,
  // FP32 44, FP64 1) and §1.2 (96 GB, 4.0 TB/s, NVLink 450 GB/s per direction [derived], 400 W) [seed 002,
  // V-secondary].
  m["h20"] = {.name            = "h20",
              .fp8_flops       = 296 * TFLOPS,
              .bf16_flops      = 148 * TFLOPS,
              .tf32_flops      = 74 * TFLOPS,
              .fp32_flops      = 44 * TFLOPS,
              .fp64_flops      = 1 * TFLOPS,
              .hbm_bytes       = 96 * GB,
              .hbm_bw_Bps      = 4000 * GB,
              .scale_up_bw_Bps = 450 * GB,
              .tdp_W           = 400,
              .idle_W          = 400 * IDLE_FRACTION_ASSUMED,
              .gemm_efficiency = GEMM_EFFICIENCY_ASSUMED,
              .source = "reference/hardware.md §1.1–1.2 H20 rows [seed 002, V-secondary; BF16 dense/sparse basis "
                        "conflicts, treated as dense]; idle: no source, assumed"};
  // source: reference/hardware.md §1.1 B200 (HGX) row (FP8 4500, BF16 2250, TF32 1100, FP32 80, FP64 40 dense)
  // [V-secondary]; §1.2 (192 GB, 8 TB/s, NVLink5 900 GB/s per direction [derived], 1000 W; idle 137 W [user-reported]).
  m["b200"] = {.name            = "b200",
               .fp8_flops       = 4500 * TFLOPS,
               .bf16_flops      = 2250 * TFLOPS,
               .tf32_flops      = 1100 * TFLOPS,
               .fp32_flops      = 80 * TFLOPS,
               .fp64_flops      = 40 * TFLOPS,
               .hbm_bytes       = 192 * GB,
               .hbm_bw_Bps      = 8000 * GB,
               .scale_up_bw_Bps = 900 * GB,
               .tdp_W           = 1000,
               .idle_W          = 137,
               .gemm_efficiency = GEMM_EFFICIENCY_ASSUMED,
               .source = "reference/hardware.md §1.1–1.2 B200 (HGX) rows [V-secondary]; idle 137 W [user-reported]"};
  return m;
}

std::map<std::string, NicSpec> make_nics()
{
  std::map<std::string, NicSpec> m;
  // source: reference/hardware.md §3 ConnectX-7 row (400 Gb/s NDR IB or 400GbE) [V-official-doc].
  // Power: no source in reference/; 25 W assumed, overridable.
  m["cx7-400g"] = {.name    = "cx7-400g",
                   .bw_Bps  = 400 * Gbps,
                   .power_W = 25,
                   .source  = "reference/hardware.md §3 ConnectX-7 [V-official-doc]; power: no source, assumed 25 W"};
  return m;
}

std::map<std::string, SwitchSpec> make_switches()
{
  std::map<std::string, SwitchSpec> m;
  // source: reference/hardware.md §3 Quantum-2 QM9700 row (64 × 400G NDR) [V-primary]; power ≈ 750 W typical
  // [unverified (memory)].
  m["qm9700"] = {.name        = "qm9700",
                 .ports       = 64,
                 .port_bw_Bps = 400 * Gbps,
                 .power_W     = 750,
                 .source      = "reference/hardware.md §3 QM9700 [V-primary]; 750 W typical [unverified (memory)]"};
  return m;
}

std::map<std::string, MediumSpec> make_media()
{
  std::map<std::string, MediumSpec> m;
  // source: reference/hardware.md §4.1: NIC-side MMA4Z00-NS400 400G SR4 8 W typical; switch-side twin-port
  // MMA4Z00-NS 15 W for 2 × 400G = 7.5 W per port [derived]. One figure per end: their mean, 7.75 W [derived].
  m["osfp-400g-sr4"] = {.name            = "osfp-400g-sr4",
                        .optical         = true,
                        .bw_Bps          = 400 * Gbps,
                        .power_per_end_W = 7.75,
                        .source = "reference/hardware.md §4.1 MMA4Z00-NS400 8 W / MMA4Z00-NS 15 W per 2 ports "
                                  "[V-official-doc]; per-end mean [derived]"};
  // Passive copper (DAC) draws no power of its own; reference/hardware.md §4.8 [V-secondary].
  m["dac"] = {.name            = "dac",
              .optical         = false,
              .bw_Bps          = 800 * Gbps,
              .power_per_end_W = 0,
              .source          = "reference/hardware.md §4.8 (passive DAC draws no power) [V-secondary]"};
  return m;
}

template <class T>
const T* find_in(const std::map<std::string, T>& m, const std::string& name)
{
  auto it = m.find(name);
  return it == m.end() ? nullptr : &it->second;
}

template <class T>
std::vector<std::string> keys_of(const std::map<std::string, T>& m)
{
  std::vector<std::string> out;
  for (const auto& [k, v] : m)
    out.push_back(k);
  return out;
}

const std::map<std::string, GpuSpec> GPUS        = make_gpus();
const std::map<std::string, NicSpec> NICS        = make_nics();
const std::map<std::string, SwitchSpec> SWITCHES = make_switches();
const std::map<std::string, MediumSpec> MEDIA    = make_media();

}  // namespace

const GpuSpec* builtin_gpu(const std::string& name)
{
  return find_in(GPUS, name);
}
const NicSpec* builtin_nic(const std::string& name)
{
  return find_in(NICS, name);
}
const SwitchSpec* builtin_switch(const std::string& name)
{
  return find_in(SWITCHES, name);
}
const MediumSpec* builtin_medium(const std::string& name)
{
  return find_in(MEDIA, name);
}
std::vector<std::string> builtin_gpu_names()
{
  return keys_of(GPUS);
}
std::vector<std::string> builtin_nic_names()
{
  return keys_of(NICS);
}
std::vector<std::string> builtin_switch_names()
{
  return keys_of(SWITCHES);
}
std::vector<std::string> builtin_medium_names()
{
  return keys_of(MEDIA);
}

double peak_flops(const GpuSpec& gpu, Precision p)
{
  switch (p) {
    case Precision::FP8:
      return gpu.fp8_flops;
    case Precision::BF16:
      return gpu.bf16_flops;
    case Precision::TF32:
      return gpu.tf32_flops;
    case Precision::FP32:
      return gpu.fp32_flops;
    case Precision::FP64:
      return gpu.fp64_flops;
  }
  return 0;
}

const char* precision_name(Precision p)
{
  switch (p) {
    case Precision::FP8:
      return "fp8";
    case Precision::BF16:
      return "bf16";
    case Precision::TF32:
      return "tf32";
    case Precision::FP32:
      return "fp32";
    case Precision::FP64:
      return "fp64";
  }
  return "?";
}

}  // namespace cs
