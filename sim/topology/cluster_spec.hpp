// SPDX-License-Identifier: Apache-2.0
// A cluster as the user described it, after config/ resolved names and units. Input to the generators.
#pragma once

#include <string>

#include "catalog/parts.hpp"
#include "config/provenance.hpp"

namespace cs {

struct LinkSpec {
  double bw_Bps    = 0;  // per direction
  double latency_s = 0;  // one traversal of the link, including the switch port it enters
};

struct NodeSpec {
  GpuSpec gpu;
  int gpus = 8;
  LinkSpec scale_up;   // GPU <-> NVSwitch, per GPU
  LinkSpec host_link;  // GPU <-> NIC (PCIe, GPUDirect RDMA)
  int nics = 8;        // scale-out NICs; NIC r serves GPUs r·g/n ... (r+1)·g/n − 1 and joins rail r
  NicSpec nic;
};

enum class FabricKind { RAIL_OPTIMIZED };

struct FabricSpec {
  FabricKind kind     = FabricKind::RAIL_OPTIMIZED;
  int nodes_per_su    = 32;  // one leaf per rail per scalable unit
  int spines          = 0;   // every leaf has `links_per_spine` parallel uplinks to every spine
  int links_per_spine = 1;
  SwitchSpec leaf_switch;
  SwitchSpec spine_switch;
  LinkSpec link;  // NIC <-> leaf and leaf <-> spine
  MediumSpec medium;
};

struct ClusterSpec {
  std::string name;
  std::string description;
  int nodes = 1;
  NodeSpec node;
  FabricSpec fabric;
  Provenance where;

  int gpu_count() const { return nodes * node.gpus; }
};

}  // namespace cs
