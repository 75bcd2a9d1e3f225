// SPDX-License-Identifier: Apache-2.0
// Value types for the hardware parts a cluster is built from. All quantities in SI, unit in the name.
#pragma once

#include <string>
#include <vector>

namespace cs {

enum class Precision { FP8, BF16, TF32, FP32, FP64 };

// A DVFS operating point below full speed: the fraction of peak compute it runs at and the power it then draws.
struct PState {
  double speed_fraction = 1;
  double power_W        = 0;
};

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
  double scale_up_bw_Bps = 0;     // per direction, per GPU
  double tdp_W           = 0;     // drawn while computing
  double idle_W          = 0;     // drawn while idle
  std::vector<PState> pstates{};  // slower operating points; P0 is full speed at TDP and is not listed
  double comm_W = 0;              // drawn while only communicating (collective kernels, no compute); 0 = default
  // Fraction of peak a large dense GEMM sustains (kernel level, not end-to-end).
  double gemm_efficiency = 0;
  // Per-op-class kernel efficiencies for the training roofline; 0 = take gemm_efficiency (and 1 for HBM).
  double fp8_gemm_efficiency  = 0;  // FP8 GEMMs, as a fraction of the FP8 peak
  double attention_efficiency = 0;  // fused attention (FlashAttention/FlashMLA), fraction of the BF16 peak
  double hbm_efficiency       = 0;  // fraction of hbm_bw_Bps a memory-bound kernel streams at
  int sms                     = 0;  // streaming multiprocessors; 0 = unknown (communication SM share needs it)
  std::string source;
};

struct NicSpec {
  std::string name;
  double bw_Bps    = 0;  // line rate, per direction
  double power_W   = 0;
  double price_usd = 0;
  std::string source;
};

struct SwitchSpec {
  std::string name;
  int ports          = 0;
  double port_bw_Bps = 0;  // per direction
  double power_W     = 0;  // ASIC and system, typical, without optics: drawn all the time
  double dynamic_W   = 0;  // extra at full load, in proportion to the traffic it forwards
  double price_usd   = 0;
  std::string source;
  bool in_switch_reduction = false;  // reduces and multicasts inside the switch (NVLink SHARP, IB SHARP)
};

enum class ModuleForm { COPPER, PLUGGABLE, LPO, CPO };

// What sits in one end of a cable: a transceiver (possibly serving two ports), an on-package optical engine, or
// the plug of a copper cable.
struct ModuleSpec {
  std::string name;
  ModuleForm form  = ModuleForm::PLUGGABLE;
  int ports        = 1;   // link ends one module serves (2 for twin-port OSFP)
  double power_W   = 0;   // per module, carrying traffic
  double price_usd = 0;   // per module
  double idle_W    = -1;  // per module, with no traffic; -1 = the same as power_W (a constant draw)

  double idle_power_W() const { return idle_W < 0 ? power_W : idle_W; }
};

// How one fabric link is built: the module at a switch end, the module at a NIC end, and the cable between.
struct MediumSpec {
  std::string name;
  bool optical     = false;
  double bw_Bps    = 0;  // the highest rate it carries, per direction
  double reach_m   = 0;  // longest cable it drives
  double latency_s = 0;  // added by the modules of one link (both ends), on top of the link's own latency
  ModuleSpec switch_end;
  ModuleSpec nic_end;
  double cable_price_usd = 0;
  std::string source;

  double switch_end_power_W() const { return switch_end.power_W / switch_end.ports; }
  double nic_end_power_W() const { return nic_end.power_W / nic_end.ports; }
};

const char* module_form_name(ModuleForm f);

// A link technology: the rate one link of it carries, per direction.
struct LinkTechnology {
  std::string name;
  double bw_Bps = 0;
  std::string source;
  // Fraction of bw_Bps data moves at once protocol overheads are paid. reference/ sources none, so every entry
  // says 1 (the rated rate) and `link: {technology: ..., efficiency: 0.9}` overrides it.
  double efficiency = 1;
};

// How a collective library lays payload out on the wire. NCCL's low-latency protocols carry completion flags inside
// the data, so only part of every byte sent is payload; a collective's efficiency (topology YAML `collectives:`) may
// name one of these instead of a number.
struct WireProtocol {
  std::string name;
  double payload_fraction = 1;
  std::string source;
};

// A server or rack whose GPUs share one scale-up (NVLink/HCCS) domain, by catalog names.
struct NodeTemplate {
  std::string name;
  std::string gpu;
  int gpus = 8;
  int nics = 8;
  std::string nic;
  std::string source;
  std::string nvswitch;    // the scale-up switch chip, or "" for none
  int nvswitches     = 0;  // chips per node
  double max_power_W = 0;  // the whole node at full load; 0 = unknown (no node overhead is counted)
};

double peak_flops(const GpuSpec& gpu, Precision p);
// Operating point k: 0 is full speed at TDP, k ≥ 1 is pstates[k − 1].
double pstate_speed_fraction(const GpuSpec& gpu, int k);
double pstate_power_W(const GpuSpec& gpu, int k);
const char* precision_name(Precision p);

}  // namespace cs
