// SPDX-License-Identifier: Apache-2.0
// A cluster as the user described it, after config/ resolved names and units. Input to the generators.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "catalog/parts.hpp"
#include "config/provenance.hpp"

namespace cs {

struct LinkSpec {
  double bw_Bps    = 0;  // per direction, the rated rate
  double latency_s = 0;  // one traversal of the link, including the switch port it enters
  // Fraction of the rated rate that data moves at (protocol and encoding overheads). No source in reference/ gives
  // one, so the default is 1 (the rated rate) and YAML may set it per link: `link: {bw: 400Gbps, efficiency: 0.9}`.
  double efficiency = 1;
  double effective_Bps() const { return bw_Bps * efficiency; }
};

struct NodeSpec {
  GpuSpec gpu;
  int gpus       = 8;
  int gpu_pstate = 0;      // DVFS operating point every GPU runs at (0 = full speed at TDP)
  LinkSpec scale_up;       // GPU <-> NVSwitch, per GPU
  LinkSpec host_link;      // GPU <-> NIC (PCIe, GPUDirect RDMA)
  SwitchSpec nvswitch;     // the scale-up switch chip (power only; the NVLink domain is modeled as one crossbar)
  int nvswitches     = 0;  // chips per node
  double max_power_W = 0;  // the whole node at full load; the part beyond its GPUs is node overhead (CPUs, fans...)
  int nics           = 8;  // scale-out NICs; NIC r serves GPUs r·g/n ... (r+1)·g/n − 1 and joins rail r
  NicSpec nic;
};

enum class FabricKind {
  RAIL_OPTIMIZED,  // NIC r of every node in a scalable unit on leaf r of that unit; spines shared by all rails
  FAT_TREE,        // all NICs of `nodes_per_leaf` nodes on one leaf (top-of-rack); pods of leaves
  MULTI_PLANE,     // rail-optimized, but every rail is its own plane with its own spines (DeepSeek MPFT)
  RAIL_ONLY,       // rail-optimized with no spines; cross-rail traffic must be forwarded over NVLink
  DRAGONFLY,       // groups of all-to-all routers joined by global links
  TORUS,           // switches on a 2D/3D wrap-around grid
  CUSTOM,          // switches and links listed one by one
};

// Dragonfly (Kim et al.): `groups` groups of `routers` routers, all-to-all inside a group; each router has
// `global_links` links to other groups, spread so that every pair of groups is joined.
struct DragonflySpec {
  int groups       = 0;
  int routers      = 0;  // per group
  int nodes        = 1;  // per router: every NIC of these nodes attaches to it
  int global_links = 1;  // per router
};

struct TorusSpec {
  std::vector<int> dims;  // switches per dimension, 2 or 3 dimensions
  int nodes = 1;          // per switch
};

struct CustomSwitch {
  std::string name;
  int tier = 1;  // 1 leaf, 2 spine, 3 core: which tier's switch model, link and medium it uses
};

struct CustomLink {
  std::string from, to;  // device names: a switch, or a NIC as "node3-nic1"
  int count = 1;         // parallel links
};

struct CustomSpec {
  std::vector<CustomSwitch> switches;
  std::vector<CustomLink> links;
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
  // Tier by index: 0 leaf, 1 spine, 2 core (a link's Link::fabric_tier; a switch's tier minus one).
  const TierSpec& tier(int index) const { return index <= 0 ? leaf : index == 1 ? spine : core; }
  DragonflySpec dragonfly;
  TorusSpec torus;
  CustomSpec custom;
};

// The site: cooling overhead, electricity price, grid carbon. PUE is linear in IT load between its two ends.
struct FacilitySpec {
  // Industry-average PUE 1.58 (Uptime Institute, 2023; reference/hardware.md §5 [V-secondary]).
  double pue_idle = 1.58;
  double pue_full = 1.58;
  // US industrial average 8.06 ¢/kWh (EIA 2023; reference/hardware.md §5 [V-secondary]).
  double usd_per_kWh      = 0.0806;
  double carbon_g_per_kWh = 0;  // 0: not reported (no default source)
  double usd_per_gpu_hour = 0;  // 0: not reported; DeepSeek-V3 priced H800 at $2 (reference/hardware.md §5)
};

// Per collective algorithm, named as collective/collective_op.hpp spells them ("ring", "tree", ...): the share of the
// bytes it puts on the wire that is payload. Each of its flows carries bytes ÷ efficiency. No source gives NCCL's
// achieved efficiency per algorithm, so every algorithm defaults to 1; YAML sets a number or a wire protocol's payload
// fraction (catalog: simple, ll128, ll).
struct CollectiveTuning {
  std::map<std::string, double> efficiency;
  double efficiency_of(const std::string& algo) const
  {
    auto it = efficiency.find(algo);
    return it == efficiency.end() ? 1.0 : it->second;
  }
};

struct ClusterSpec {
  std::string name;
  std::string description;
  int nodes = 1;
  NodeSpec node;
  FabricSpec fabric;
  FacilitySpec facility;
  CollectiveTuning collectives;
  Provenance where;

  int gpu_count() const { return nodes * node.gpus; }
};

}  // namespace cs
