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

// Kernel-level fractions of peak for the training roofline, reference/hardware.md §6 [V-primary]: DeepGEMM FP8 GEMM
// up to 1550 of 1979 TFLOPS on H800 = 0.78 [derived]; FlashMLA compute-bound 660 of 989 TFLOPS = 0.667 (attention);
// FlashMLA memory-bound 3000 of 3350 GB/s = 0.9 (HBM streaming). Measured on H800 only; applied to every GPU as an
// assumption (the GB200 row of §6, 92 % HBM, agrees on streaming). Overridable per GPU in YAML.
constexpr double FP8_GEMM_EFFICIENCY_H800  = 0.78;
constexpr double ATTENTION_EFFICIENCY_H800 = 0.667;
constexpr double HBM_EFFICIENCY_H800       = 0.9;

void set_kernel_efficiencies(std::map<std::string, GpuSpec>& m)
{
  for (auto& [name, gpu] : m) {
    gpu.fp8_gemm_efficiency  = FP8_GEMM_EFFICIENCY_H800;
    gpu.attention_efficiency = ATTENTION_EFFICIENCY_H800;
    gpu.hbm_efficiency       = HBM_EFFICIENCY_H800;
  }
  // SM counts: reference/hardware.md §1.1, H100 and H800 132 SMs [V-primary, deepseek-ai/profile-data], H20 78 SMs
  // [V-secondary]. Others unknown (0): a job that reserves communication SMs on them must say `sms:` in YAML.
  m["h100-sxm"].sms = 132;
  m["h800"].sms     = 132;
  m["h200"].sms     = 132;  // same die as H100 (reference/hardware.md §1.2 "compute = H100")
  m["h20"].sms      = 78;
}

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
  // source: reference/hardware.md §1.1 "B200 in GB200" row (BF16 2500, FP8 5000, FP32 90, FP64 45 dense
  // [V-secondary]); §1.2 (192 GB, 8 TB/s, NVLink5 900 GB/s per direction [derived], 1200 W). Idle: no source.
  m["gb200"] = {.name            = "gb200",
                .fp8_flops       = 5000 * TFLOPS,
                .bf16_flops      = 2500 * TFLOPS,
                .tf32_flops      = 0,
                .fp32_flops      = 90 * TFLOPS,
                .fp64_flops      = 45 * TFLOPS,
                .hbm_bytes       = 192 * GB,
                .hbm_bw_Bps      = 8000 * GB,
                .scale_up_bw_Bps = 900 * GB,
                .tdp_W           = 1200,
                .idle_W          = 1200 * IDLE_FRACTION_ASSUMED,
                .gemm_efficiency = GEMM_EFFICIENCY_ASSUMED,
                .source = "reference/hardware.md §1.1–1.2 B200-in-GB200 rows [V-secondary]; idle: no source"};
  // source: reference/hardware.md §1.1 MI300X row (BF16 1307.4, FP8 2614.9 dense, FP32 163.4, FP64 81.7)
  // [seed 002, V-secondary]; §1.2 (192 GB, 5.3 TB/s, 750 W). Infinity Fabric 896 GB/s with no stated direction:
  // taken as bidirectional, 448 GB/s per direction (assumption). Idle: no source.
  m["mi300x"] = {.name            = "mi300x",
                 .fp8_flops       = 2614.9 * TFLOPS,
                 .bf16_flops      = 1307.4 * TFLOPS,
                 .tf32_flops      = 0,
                 .fp32_flops      = 163.4 * TFLOPS,
                 .fp64_flops      = 81.7 * TFLOPS,
                 .hbm_bytes       = 192 * GB,
                 .hbm_bw_Bps      = 5300 * GB,
                 .scale_up_bw_Bps = 448 * GB,
                 .tdp_W           = 750,
                 .idle_W          = 750 * IDLE_FRACTION_ASSUMED,
                 .gemm_efficiency = GEMM_EFFICIENCY_ASSUMED,
                 .source = "reference/hardware.md §1.1–1.2 MI300X rows [seed 002, V-secondary]; scale-up direction "
                           "and idle: assumptions"};
  // source: reference/hardware.md §1.1 Ascend 910B row (FP16 376, basis not stated, taken as dense; FP32 94)
  // [seed 002]; §1.2 (64 GB HBM2e, 400 W; HCCS 392 GB/s, direction not stated: taken as bidirectional, 196 per
  // direction). HBM bandwidth is unknown in reference/ (the printed 392 GB/s is a copy error): 1.6 TB/s assumed.
  m["ascend-910b"] = {.name            = "ascend-910b",
                      .fp8_flops       = 0,
                      .bf16_flops      = 376 * TFLOPS,
                      .tf32_flops      = 0,
                      .fp32_flops      = 94 * TFLOPS,
                      .fp64_flops      = 0,
                      .hbm_bytes       = 64 * GB,
                      .hbm_bw_Bps      = 1600 * GB,
                      .scale_up_bw_Bps = 196 * GB,
                      .tdp_W           = 400,
                      .idle_W          = 400 * IDLE_FRACTION_ASSUMED,
                      .gemm_efficiency = GEMM_EFFICIENCY_ASSUMED,
                      .source = "reference/hardware.md §1.1–1.2 Ascend 910B rows [seed 002]; HBM bandwidth, HCCS "
                                "direction and idle: assumptions"};
  set_kernel_efficiencies(m);
  return m;
}

std::map<std::string, NicSpec> make_nics()
{
  std::map<std::string, NicSpec> m;
  // source: reference/hardware.md §3 ConnectX-7 row (400 Gb/s NDR IB or 400GbE) [V-official-doc].
  // Power and price: no source in reference/; 25 W and $1,500 assumed, overridable.
  m["cx7-400g"] = {.name      = "cx7-400g",
                   .bw_Bps    = 400 * Gbps,
                   .power_W   = 25,
                   .price_usd = 1500,
                   .source    = "reference/hardware.md §3 ConnectX-7 [V-official-doc]; power and price: no source"};
  // HDR 200 Gb/s InfiniBand, as on Selene's DGX A100 nodes (reference/hardware.md §2, Megatron SC'21 [V-primary]).
  // Power and price: no source; 20 W and $1,000 assumed.
  m["cx6-200g"] = {.name      = "cx6-200g",
                   .bw_Bps    = 200 * Gbps,
                   .power_W   = 20,
                   .price_usd = 1000,
                   .source    = "reference/hardware.md §2 DGX A100 on Selene [V-primary]; power and price: no source"};
  // An 800G-class NIC (ConnectX-8 generation): the rate follows the XDR fabrics of reference/hardware.md §3
  // [V-official-doc]; power and price: no source, assumed 35 W and $2,500.
  m["cx8-800g"] = {.name      = "cx8-800g",
                   .bw_Bps    = 800 * Gbps,
                   .power_W   = 35,
                   .price_usd = 2500,
                   .source    = "800G class per reference/hardware.md §3 XDR rows; power and price: no source"};
  // Ascend 910B's on-chip RoCE port: 200 Gb/s, no PCIe NIC hop (reference/hardware.md §2 Ascend row [seed 002]).
  // Its power is inside the NPU's 400 W; no separate price.
  m["ascend-roce-200g"] = {.name      = "ascend-roce-200g",
                           .bw_Bps    = 200 * Gbps,
                           .power_W   = 0,
                           .price_usd = 0,
                           .source    = "reference/hardware.md §2 Ascend 910B server row [seed 002]"};
  return m;
}

// Switch price: DeepSeek's cost table (reference/topologies.md §7, FT2 96 switches + 2,048 links = $9M; FT3 5,120
// switches + 131,072 links = $491M) solved for one price per 64-port 400G switch and one per link gives $83,008
// and $503.5 [derived]; it reproduces the table's Slim Fly row ($146.7M vs $146M).
constexpr double SWITCH_64x400G_PRICE = 83008;
constexpr double LINK_400G_PRICE      = 503.5;

std::map<std::string, SwitchSpec> make_switches()
{
  std::map<std::string, SwitchSpec> m;
  // source: reference/hardware.md §3 Quantum-2 QM9700 row (64 × 400G NDR) [V-primary]; power ≈ 750 W typical
  // [unverified (memory)]; price [derived], see above.
  m["qm9700"] = {.name        = "qm9700",
                 .ports       = 64,
                 .port_bw_Bps = 400 * Gbps,
                 .power_W     = 750,
                 .price_usd   = SWITCH_64x400G_PRICE,
                 .source      = "reference/hardware.md §3 QM9700 [V-primary]; 750 W [unverified (memory)]; price "
                                "[derived from reference/topologies.md §7]; SHARPv3 in-network reduction [unverified "
                                "(memory)]",
                 .in_switch_reduction = true};
  // source: reference/hardware.md §3 Spectrum-4 SN5600 (64 × 800GbE or 128 × 400GbE) [V-official-doc]. Power: the
  // 51.2T Tomahawk 5 figure, ≈450 W typical [unverified (memory)]; price: as the 64-port NDR switch (assumed).
  m["sn5600"] = {.name        = "sn5600",
                 .ports       = 64,
                 .port_bw_Bps = 800 * Gbps,
                 .power_W     = 450,
                 .price_usd   = SWITCH_64x400G_PRICE,
                 .source = "reference/hardware.md §3 SN5600 [V-official-doc]; 450 W from TH5 [unverified (memory)]; "
                           "price assumed"};
  // The same 51.2T switch split into 128 × 400GbE (reference/hardware.md §3 SN5600 row).
  m["sn5600-128x400g"]             = m["sn5600"];
  m["sn5600-128x400g"].name        = "sn5600-128x400g";
  m["sn5600-128x400g"].ports       = 128;
  m["sn5600-128x400g"].port_bw_Bps = 400 * Gbps;
  // source: reference/hardware.md §3 Quantum-X800 Q3400 (144 × 800G XDR) [port count unverified (memory)]. Power and
  // price: no source; assumed 2 × and 2.25 × the QM9700 (twice the bandwidth, 2.25 × the ports).
  m["q3400"] = {.name        = "q3400",
                .ports       = 144,
                .port_bw_Bps = 800 * Gbps,
                .power_W     = 1500,
                .price_usd   = 2.25 * SWITCH_64x400G_PRICE,
                .source      = "reference/hardware.md §3 Q3400 [unverified (memory)]; power and price: no source"};
  // Quantum-X Photonics: 144 × 800G with co-packaged optics (reference/hardware.md §3 [V-secondary]). Its optics
  // are counted as CPO link ends, so the system figure excludes them: as the Q3400 (assumed).
  m["q3400-cpo"]        = m["q3400"];
  m["q3400-cpo"].name   = "q3400-cpo";
  m["q3400-cpo"].source = "reference/hardware.md §3 Quantum-X Photonics [V-secondary]; power and price: no source";
  // NVSwitch chips inside a node. Counts per node come from the node templates (DGX A100: 6 [seed 001]; DGX H100:
  // 4 [unverified (memory)]). Ports, rate, power and price: no source in reference/; assumed from NVLink3/4 link
  // counts (hardware.md §3: 18 NVLink4 links per H100 GPU) and overridable.
  m["nvswitch-gen2"] = {.name        = "nvswitch-gen2",
                        .ports       = 36,
                        .port_bw_Bps = 25 * GB,
                        .power_W     = 100,
                        .price_usd   = 0,
                        .source      = "reference/hardware.md §3 NVSwitch row [seed 001]; ports, power: no source"};
  // In-switch reduction (NVLink SHARP, used by NCCL's NVLS algorithm) arrived with the third-generation NVSwitch of
  // the H100 generation [unverified (memory); not in reference/].
  m["nvswitch-gen3"] = {.name                = "nvswitch-gen3",
                        .ports               = 64,
                        .port_bw_Bps         = 25 * GB,
                        .power_W             = 100,
                        .price_usd           = 0,
                        .source              = "reference/hardware.md §3 NVSwitch row [unverified (memory)]; ports, "
                                               "power: no source; in-switch reduction [unverified (memory)]",
                        .in_switch_reduction = true};
  // A deep-buffer modular spine for Ethernet Clos fabrics (Meta's Arista 7800 / Jericho-3 class,
  // reference/topologies.md §8). Port count and power: no source; assumed 576 × 400G and 16 kW; price assumed 9 × the
  // 64-port switch.
  m["chassis-576x400g"] = {.name        = "chassis-576x400g",
                           .ports       = 576,
                           .port_bw_Bps = 400 * Gbps,
                           .power_W     = 16000,
                           .price_usd   = 9 * SWITCH_64x400G_PRICE,
                           .source = "Arista 7800 class (reference/topologies.md §8); ports, power, price: no source"};
  return m;
}

std::map<std::string, MediumSpec> make_media()
{
  std::map<std::string, MediumSpec> m;
  const ModuleSpec none{.name = "none", .form = ModuleForm::COPPER, .ports = 1, .power_W = 0, .price_usd = 0};
  // Module prices: no source in reference/. The derived per-link cost ($503.5 for a 400G link, see above) is split
  // as 40% per end and 20% for the fiber, an assumption; other rates scale with bandwidth.
  const double end400 = 0.4 * LINK_400G_PRICE, fiber400 = 0.2 * LINK_400G_PRICE;

  // source: reference/hardware.md §4.1 — switch side MMA4Z00-NS twin-port 2 × 400G SR4, 15 W; NIC side MMA4Z00-NS400
  // 400G SR4, 8 W typical; 50 m multimode [V-official-doc].
  m["ndr-400g-mm"] = {.name            = "ndr-400g-mm",
                      .optical         = true,
                      .bw_Bps          = 400 * Gbps,
                      .reach_m         = 50,
                      .switch_end      = {"MMA4Z00-NS twin-port 800G", ModuleForm::PLUGGABLE, 2, 15, 2 * end400},
                      .nic_end         = {"MMA4Z00-NS400 400G SR4", ModuleForm::PLUGGABLE, 1, 8, end400},
                      .cable_price_usd = fiber400,
                      .source          = "reference/hardware.md §4.1 LinkX SR4 rows [V-official-doc]"};
  // source: reference/hardware.md §4.1 — MMS4X00-NS twin-port 2 × 400G DR8, 17 W; MMS4X00-NS400 DR4, 9 W; 100 m.
  m["ndr-400g-sm"] = {.name            = "ndr-400g-sm",
                      .optical         = true,
                      .bw_Bps          = 400 * Gbps,
                      .reach_m         = 100,
                      .switch_end      = {"MMS4X00-NS twin-port 800G", ModuleForm::PLUGGABLE, 2, 17, 2 * end400},
                      .nic_end         = {"MMS4X00-NS400 400G DR4", ModuleForm::PLUGGABLE, 1, 9, end400},
                      .cable_price_usd = fiber400,
                      .source          = "reference/hardware.md §4.1 LinkX DR rows [V-official-doc]"};
  // source: reference/hardware.md §4.3 — a 400G LPO drops the ≈4 W DSP of an ≈8 W module: at most 4 W per port
  // [derived, seed 004]; reach "shorter" with no figure: 50 m assumed. Twin-port at the switch, as NDR.
  m["400g-lpo"] = {.name            = "400g-lpo",
                   .optical         = true,
                   .bw_Bps          = 400 * Gbps,
                   .reach_m         = 50,
                   .switch_end      = {"800G LPO twin-port", ModuleForm::LPO, 2, 8, 2 * end400},
                   .nic_end         = {"400G LPO", ModuleForm::LPO, 1, 4, end400},
                   .cable_price_usd = fiber400,
                   .source          = "reference/hardware.md §4.3 [derived, seed 004]; reach and price: no source"};
  // source: reference/hardware.md §4.9 suggested defaults — 800G pluggable 16.5 W per port [secondary]; 100 m
  // single-mode assumed. NIC side the same module.
  m["800g-pluggable"] = {.name            = "800g-pluggable",
                         .optical         = true,
                         .bw_Bps          = 800 * Gbps,
                         .reach_m         = 100,
                         .switch_end      = {"800G pluggable", ModuleForm::PLUGGABLE, 1, 16.5, 2 * end400},
                         .nic_end         = {"800G pluggable", ModuleForm::PLUGGABLE, 1, 16.5, 2 * end400},
                         .cable_price_usd = 2 * fiber400,
                         .source          = "reference/hardware.md §4.9 [secondary]; reach and price: no source"};
  // 800G LPO: half of the pluggable's power, by the same DSP share as at 400G (§4.3) [derived].
  m["800g-lpo"]            = m["800g-pluggable"];
  m["800g-lpo"].name       = "800g-lpo";
  m["800g-lpo"].reach_m    = 50;
  m["800g-lpo"].switch_end = {"800G LPO", ModuleForm::LPO, 1, 8.25, 2 * end400};
  m["800g-lpo"].nic_end    = {"800G LPO", ModuleForm::LPO, 1, 8.25, 2 * end400};
  m["800g-lpo"].source     = "reference/hardware.md §4.3 DSP share applied to §4.9's 16.5 W [derived]";
  // 800G CPO at the switch: 5.6 pJ/bit (1.6T CPO, 9 W / 1.6 Tb/s [derived, §4.2]) × 800 Gb/s = 4.5 W [derived]; the
  // NIC side stays pluggable.
  m["800g-cpo"]            = m["800g-pluggable"];
  m["800g-cpo"].name       = "800g-cpo";
  m["800g-cpo"].switch_end = {"800G CPO port", ModuleForm::CPO, 1, 4.5, 2 * end400};
  m["800g-cpo"].source     = "reference/hardware.md §4.2 1.6T CPO pJ/bit scaled to 800G [derived]; NIC side §4.9";
  // source: reference/hardware.md §4.1 and §4.4 — 1.6T pluggable ≈30 W per port, 1.6T CPO ≈9 W per port
  // [V-secondary, NVIDIA GTC'25]. Reach: no source, 100 m assumed.
  m["1.6t-pluggable"]      = {.name            = "1.6t-pluggable",
                              .optical         = true,
                              .bw_Bps          = 1600 * Gbps,
                              .reach_m         = 100,
                              .switch_end      = {"1.6T pluggable", ModuleForm::PLUGGABLE, 1, 30, 4 * end400},
                              .nic_end         = {"1.6T pluggable", ModuleForm::PLUGGABLE, 1, 30, 4 * end400},
                              .cable_price_usd = 4 * fiber400,
                              .source          = "reference/hardware.md §4.1 [V-secondary]; reach and price: no source"};
  m["1.6t-cpo"]            = m["1.6t-pluggable"];
  m["1.6t-cpo"].name       = "1.6t-cpo";
  m["1.6t-cpo"].switch_end = {"1.6T CPO port", ModuleForm::CPO, 1, 9, 4 * end400};
  m["1.6t-cpo"].source     = "reference/hardware.md §4.4 CPO 9 W per 1.6T port [V-secondary]; NIC side pluggable";
  // 400G CPO at the switch: 5.6 pJ/bit [derived, §4.2] × 400 Gb/s = 2.25 W per port; NIC side pluggable.
  m["400g-cpo"]            = m["ndr-400g-mm"];
  m["400g-cpo"].name       = "400g-cpo";
  m["400g-cpo"].switch_end = {"400G CPO port", ModuleForm::CPO, 1, 2.25, end400};
  m["400g-cpo"].source     = "reference/hardware.md §4.2 CPO pJ/bit scaled to 400G [derived]; NIC side §4.1";
  // 1.6T LPO: the pluggable's 30 W less the DSP's half (§4.3) = 15 W [derived]; reach: 50 m assumed.
  m["1.6t-lpo"]            = m["1.6t-pluggable"];
  m["1.6t-lpo"].name       = "1.6t-lpo";
  m["1.6t-lpo"].reach_m    = 50;
  m["1.6t-lpo"].switch_end = {"1.6T LPO", ModuleForm::LPO, 1, 15, 4 * end400};
  m["1.6t-lpo"].nic_end    = {"1.6T LPO", ModuleForm::LPO, 1, 15, 4 * end400};
  m["1.6t-lpo"].source     = "reference/hardware.md §4.3 DSP share applied to §4.1's 30 W [derived]";
  // Latency the modules add: no source gives figures, only the ranking pluggable (DSP) > LPO > CPO (reference/
  // hardware.md §4.3, seed 004 Table 2). Assumed: 100 ns per link for DSP pluggables, 20 ns for LPO and CPO, 0 for
  // copper; overridable as `latency` in a medium's YAML.
  for (auto& [name, medium] : m)
    medium.latency_s = !medium.optical ? 0 : medium.switch_end.form == ModuleForm::PLUGGABLE ? 100e-9 : 20e-9;

  // Passive copper draws no power (reference/hardware.md §4.8). Reach and price: no source; 3 m and $100 assumed.
  m["dac"] = {.name            = "dac",
              .optical         = false,
              .bw_Bps          = 800 * Gbps,
              .reach_m         = 3,
              .switch_end      = none,
              .nic_end         = none,
              .cable_price_usd = 100,
              .source          = "reference/hardware.md §4.8 [V-secondary]; reach and price: no source"};
  // Active electrical cable (AEC): no source for its power, reach or price (reference/hardware.md §4.8); 0.5 W per
  // end, 7 m and $400 assumed, overridable.
  m["aec"] = {.name            = "aec",
              .optical         = false,
              .bw_Bps          = 800 * Gbps,
              .reach_m         = 7,
              .switch_end      = {"AEC end", ModuleForm::COPPER, 1, 0.5, 0},
              .nic_end         = {"AEC end", ModuleForm::COPPER, 1, 0.5, 0},
              .cable_price_usd = 400,
              .source          = "no source (reference/hardware.md §4.8): power, reach and price assumed"};
  // Active copper: NVIDIA MCA7J70 head end 1.5 W (800G) [V-official-doc, §4.8]; reach and price: no source, 5 m and
  // $300 assumed.
  m["acc"] = {.name            = "acc",
              .optical         = false,
              .bw_Bps          = 800 * Gbps,
              .reach_m         = 5,
              .switch_end      = {"ACC head", ModuleForm::COPPER, 1, 1.5, 0},
              .nic_end         = {"ACC tail", ModuleForm::COPPER, 1, 0.3, 0},
              .cable_price_usd = 300,
              .source          = "reference/hardware.md §4.8 MCA7J70 [V-official-doc]; reach and price: no source"};
  return m;
}

std::map<std::string, NodeTemplate> make_nodes()
{
  std::map<std::string, NodeTemplate> m;
  auto add = [&](NodeTemplate t) { m[t.name] = std::move(t); };
  // DGX A100 on Selene: 8 GPUs + 8 × 200 Gb/s HDR compute HCAs [V-primary]; 6 NVSwitch [seed 001]; 6.5 kW max
  // system power [seed 000] (reference/hardware.md §2).
  add({.name        = "dgx-a100",
       .gpu         = "a100",
       .gpus        = 8,
       .nics        = 8,
       .nic         = "cx6-200g",
       .source      = "reference/hardware.md §2 DGX A100 [V-primary, seed 001, seed 000]",
       .nvswitch    = "nvswitch-gen2",
       .nvswitches  = 6,
       .max_power_W = 6500});
  // DGX H100: 8 GPUs, NVSwitch, 8 × ConnectX-7 400G NDR [V-official-doc]; 4 NVSwitch [unverified (memory)];
  // ~10.2 kW max system power [V-secondary] (reference/hardware.md §2).
  add({.name        = "dgx-h100",
       .gpu         = "h100-sxm",
       .gpus        = 8,
       .nics        = 8,
       .nic         = "cx7-400g",
       .source      = "reference/hardware.md §2 DGX H100 [V-official-doc, V-secondary]",
       .nvswitch    = "nvswitch-gen3",
       .nvswitches  = 4,
       .max_power_W = 10200});
  // H800 nodes with one 400G IB NIC per GPU (DeepSeek, reference/topologies.md §7 [V-secondary]); same GPUs and TDP
  // as DGX H100, so the same node power is assumed.
  add({.name        = "hgx-h800",
       .gpu         = "h800",
       .gpus        = 8,
       .nics        = 8,
       .nic         = "cx7-400g",
       .source      = "reference/topologies.md §7 [V-secondary]; node power assumed as DGX H100",
       .nvswitch    = "nvswitch-gen3",
       .nvswitches  = 4,
       .max_power_W = 10200});
  // DGX B200: one NDR 400G compute link per GPU [V-official-doc]. NVSwitch count and node power: no source.
  add({.name        = "dgx-b200",
       .gpu         = "b200",
       .gpus        = 8,
       .nics        = 8,
       .nic         = "cx7-400g",
       .source      = "reference/hardware.md §2 DGX B200 [V-official-doc]; NVSwitch and node power: no source",
       .nvswitch    = "",
       .nvswitches  = 0,
       .max_power_W = 0});
  // GB200 NVL72: 72 GPUs in one NVLink domain [seed 001, V-secondary]; ~120 kW per rack [V-secondary]. Scale-out
  // NICs per GPU are not in reference/: one 800G-class NIC per GPU assumed. Switch trays appear in a figure only.
  add({.name        = "gb200-nvl72",
       .gpu         = "gb200",
       .gpus        = 72,
       .nics        = 72,
       .nic         = "cx8-800g",
       .source      = "reference/hardware.md §2 GB200 NVL72 [seed 001, V-secondary]; NICs: assumption",
       .nvswitch    = "",
       .nvswitches  = 0,
       .max_power_W = 120000});
  // Ascend 910B server: on-chip 200G RoCE per NPU [seed 002]; 8 NPUs per server [unverified]; server power: no source.
  add({.name        = "ascend-910b-8",
       .gpu         = "ascend-910b",
       .gpus        = 8,
       .nics        = 8,
       .nic         = "ascend-roce-200g",
       .source      = "reference/hardware.md §2 Ascend 910B server [seed 002]; 8 per server [unverified]",
       .nvswitch    = "",
       .nvswitches  = 0,
       .max_power_W = 0});
  return m;
}

std::map<std::string, LinkTechnology> make_link_technologies()
{
  std::map<std::string, LinkTechnology> m;
  const char* nv =
      "reference/hardware.md §1.2 (NVLink bidirectional ÷ 2) [seed 001, V-secondary; per direction derived]";
  m["nvlink3"] = {"nvlink3", 300 * GB, nv};  // A100: 600 GB/s bidirectional
  m["nvlink4"] = {"nvlink4", 450 * GB, nv};  // H100: 900 GB/s bidirectional, 18 × 25 GB/s
  m["nvlink5"] = {"nvlink5", 900 * GB, nv};  // B200: 1.8 TB/s bidirectional
  // Ascend HCCS 392 GB/s, direction not stated; taken as bidirectional (assumption).
  m["hccs"] = {"hccs", 196 * GB, "reference/hardware.md §1.2 Ascend 910B [seed 002]; direction assumed"};
  // PCIe x16: 64 GB/s (4.0) and 128 GB/s (5.0) bidirectional (reference/hardware.md §1.2 [seed 001]).
  m["pcie4-x16"] = {"pcie4-x16", 32 * GB, "reference/hardware.md §1.2 A100 row [seed 002]; per direction derived"};
  m["pcie5-x16"] = {"pcie5-x16", 64 * GB, "reference/hardware.md §1.2 H100 row [seed 001]; per direction derived"};
  // InfiniBand HDR 200G (Selene, Megatron SC'21 [V-primary]), NDR 400G (ConnectX-7, QM9700), XDR 800G
  // (Quantum-X800) — reference/hardware.md §2–3.
  m["ib-hdr"] = {"ib-hdr", 200 * Gbps, "reference/hardware.md §2 DGX A100 on Selene [V-primary]"};
  m["ib-ndr"] = {"ib-ndr", 400 * Gbps, "reference/hardware.md §3 ConnectX-7, QM9700 [V-official-doc, V-primary]"};
  m["ib-xdr"] = {"ib-xdr", 800 * Gbps, "reference/hardware.md §3 Quantum-X800 [V-official-doc]"};
  // RoCE at 200/400/800GbE: Ascend on-chip 200G [seed 002], Meta 400G [V-primary Llama 3], SN5600 800GbE ports
  // [V-official-doc] — reference/hardware.md §2–3, topologies.md §8.
  m["roce-200"] = {"roce-200", 200 * Gbps, "reference/hardware.md §2 Ascend 910B [seed 002]"};
  m["roce-400"] = {"roce-400", 400 * Gbps, "reference/topologies.md §8 Llama 3 [V-primary]"};
  m["roce-800"] = {"roce-800", 800 * Gbps, "reference/hardware.md §3 SN5600 [V-official-doc]"};
  return m;
}

std::map<std::string, WireProtocol> make_wire_protocols()
{
  // NVIDIA/nccl src/include/device.h: an LL line is {data1, flag1, data2, flag2}, 4-byte words, so 8 of every 16
  // bytes are data (src/enqueue.cc halves an LL chunk); an LL128 line is 16 eight-byte elements of which 15 are data
  // (NCCL_LL128_LINEELEMS, NCCL_LL128_DATAELEMS). Simple sends its flag apart from the data: taken as 1.
  const char* nccl = "NVIDIA/nccl src/include/device.h line layouts [V-primary, read for this entry]";
  std::map<std::string, WireProtocol> m;
  m["simple"] = {"simple", 1.0, "NCCL Simple: flags travel apart from the data; overhead taken as 0 (assumption)"};
  m["ll128"]  = {"ll128", 15.0 / 16, nccl};
  m["ll"]     = {"ll", 0.5, nccl};
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

const std::map<std::string, GpuSpec> GPUS                     = make_gpus();
const std::map<std::string, NicSpec> NICS                     = make_nics();
const std::map<std::string, SwitchSpec> SWITCHES              = make_switches();
const std::map<std::string, MediumSpec> MEDIA                 = make_media();
const std::map<std::string, NodeTemplate> NODES               = make_nodes();
const std::map<std::string, LinkTechnology> LINK_TECHNOLOGIES = make_link_technologies();
const std::map<std::string, WireProtocol> WIRE_PROTOCOLS      = make_wire_protocols();

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

const NodeTemplate* builtin_node(const std::string& name)
{
  return find_in(NODES, name);
}
std::vector<std::string> builtin_node_names()
{
  return keys_of(NODES);
}

const LinkTechnology* builtin_link_technology(const std::string& name)
{
  return find_in(LINK_TECHNOLOGIES, name);
}
std::vector<std::string> builtin_link_technology_names()
{
  return keys_of(LINK_TECHNOLOGIES);
}

const WireProtocol* builtin_wire_protocol(const std::string& name)
{
  return find_in(WIRE_PROTOCOLS, name);
}
std::vector<std::string> builtin_wire_protocol_names()
{
  return keys_of(WIRE_PROTOCOLS);
}

double pstate_speed_fraction(const GpuSpec& gpu, int k)
{
  return k == 0 ? 1.0 : gpu.pstates.at(k - 1).speed_fraction;
}
double pstate_power_W(const GpuSpec& gpu, int k)
{
  return k == 0 ? gpu.tdp_W : gpu.pstates.at(k - 1).power_W;
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

const char* module_form_name(ModuleForm f)
{
  switch (f) {
    case ModuleForm::COPPER:
      return "copper";
    case ModuleForm::PLUGGABLE:
      return "pluggable";
    case ModuleForm::LPO:
      return "lpo";
    case ModuleForm::CPO:
      return "cpo";
  }
  return "?";
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
