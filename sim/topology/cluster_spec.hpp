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

enum class FabricKind {
  RAIL_OPTIMIZED,  // NIC r of every node in a scalable unit on leaf r of that unit; spines shared by all rails
  FAT_TREE,        // all NICs of `nodes_per_leaf` nodes on one leaf (top-of-rack); pods of leaves
  MULTI_PLANE,     // rail-optimized, but every rail is its own plane with its own spines (DeepSeek MPFT)
  RAIL_ONLY,       // rail-optimized with no spines; cross-rail traffic must be forwarded over NVLink
};

// One tier of links, named by the switch at its upper end: leaf (NIC–leaf), spine (leaf–spine), core (spine–core).
struct TierSpec {
  SwitchSpec sw;                // the switches of this tier
  LinkSpec link;                // every link from the tier below up to this tier
  MediumSpec medium;            // what each such link is built from
  double cable_m          = 0;  // cable length; must be within the medium's reach
  double oversubscription = 1;  // this tier's switches: downlink bandwidth ÷ uplink bandwidth
};

struct FabricSpec {
  FabricKind kind    = FabricKind::RAIL_OPTIMIZED;
  int nodes_per_su   = 32;  // rail-optimized kinds: nodes per scalable unit (one leaf per rail per SU)
  int nodes_per_leaf = 1;   // fat tree: nodes behind one top-of-rack leaf
  int leaves_per_pod = 0;   // fat tree with cores: leaves per pod; 0 = all leaves in one pod
  int spines         = 0;   // per plane without cores; per pod and plane with cores; 0 = no spine tier
  int cores          = 0;   // per plane; 0 = no core tier
  int planes         = 1;   // multi-plane: one per rail
  TierSpec leaf, spine, core;
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
