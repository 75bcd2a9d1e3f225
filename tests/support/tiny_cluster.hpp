// SPDX-License-Identifier: Apache-2.0
// Small clusters built in code, so that tests state every number they depend on.
#pragma once

#include <algorithm>

#include "catalog/builtin.hpp"
#include "topology/cluster_spec.hpp"

namespace cs::test {

// Link figures of the test cluster, chosen round so that closed forms are easy to read.
constexpr double NVLINK_Bps   = 450e9;
constexpr double PCIE_Bps     = 64e9;
constexpr double FABRIC_Bps   = 50e9;  // 400 Gb/s
constexpr double NVLINK_LAT_s = 0.25e-6;
constexpr double PCIE_LAT_s   = 0.25e-6;
constexpr double FABRIC_LAT_s = 0.5e-6;

// `nodes` H100 nodes of `gpus` GPUs, one NIC per GPU, rail-optimized, `spines` spines.
inline ClusterSpec tiny_spec(int nodes = 2, int gpus = 8, int spines = 2, bool zero_latency = false)
{
  ClusterSpec s;
  s.name                = "test";
  s.nodes               = nodes;
  s.node.gpu            = *builtin_gpu("h100-sxm");
  s.node.gpus           = gpus;
  s.node.nics           = gpus;
  s.node.nic            = *builtin_nic("cx7-400g");
  double k              = zero_latency ? 0 : 1;
  s.node.scale_up       = {NVLINK_Bps, k * NVLINK_LAT_s};
  s.node.host_link      = {PCIE_Bps, k * PCIE_LAT_s};
  s.fabric.spines       = spines;
  s.fabric.nodes_per_su = std::min(nodes, 32);
  TierSpec tier;
  tier.sw               = *builtin_switch("qm9700");
  tier.link             = {FABRIC_Bps, k * FABRIC_LAT_s};
  tier.medium           = *builtin_medium("ndr-400g-mm");
  tier.medium.latency_s = 0;  // keep the closed forms in round numbers: all latency is in the link
  s.fabric.leaf = s.fabric.spine = s.fabric.core = tier;
  return s;
}

// tiny_spec() with its fabric links at `gbps`, everything else (NICs, media, switch ports) at 800G, so that the
// fabric links are what a test varies.
inline ClusterSpec tiny_spec_with_fabric_rate(double gbps)
{
  ClusterSpec spec = tiny_spec();
  for (TierSpec* t : {&spec.fabric.leaf, &spec.fabric.spine}) {
    t->link.bw_Bps    = gbps * 1e9 / 8;
    t->medium.bw_Bps  = 800e9 / 8;
    t->sw.port_bw_Bps = 800e9 / 8;
  }
  spec.node.nic.bw_Bps = 800e9 / 8;
  return spec;
}

// A three-tier fat tree of one-GPU nodes: 4 pods × 4 leaves × 4 nodes (64 GPUs), 4 spines per pod, `cores` cores,
// the spines `oversubscription`:1 towards the cores. Full bisection with 16 cores.
inline ClusterSpec pod_fat_tree(int cores = 16, double oversubscription = 1)
{
  ClusterSpec s                   = tiny_spec(64, 1, 4);
  s.node.nics                     = 1;
  s.fabric.kind                   = FabricKind::FAT_TREE;
  s.fabric.nodes_per_leaf         = 4;
  s.fabric.leaves_per_pod         = 4;
  s.fabric.cores                  = cores;
  s.fabric.spine.oversubscription = oversubscription;
  return s;
}

}  // namespace cs::test
