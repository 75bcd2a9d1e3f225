// SPDX-License-Identifier: Apache-2.0
// Building a cluster: its nodes plus the fabric its spec names. The folded-Clos kinds are drawn below; dragonfly,
// torus and custom fabrics have a file each (generators.hpp).
#pragma once

#include "topology/cluster_graph.hpp"

namespace cs {

// Builds the nodes (GPUs on one NVSwitch, NICs on PCIe) and the fabric the spec describes.
//
//   rail_optimized (NVIDIA SuperPOD, reference/topologies.md §2–5):
//
//        spine0   ...   spineS                      spines shared by all rails
//        |    |         |    |
//   su0-leaf0  ...  su0-leaf7   su1-leaf0 ...       leaf r of an SU: NIC r of each of its nodes
//     |   |           |   |
//   node0 ... node31 (8 NICs each)
//
//   fat_tree (top-of-rack, Meta Llama 3, §8):
//
//   core ... core                                   core group j: spine j of every pod
//   pod0 spines ... podP spines
//   leaf0 ... leafL                                 a leaf: every NIC of `nodes_per_leaf` nodes
//
// multi_plane gives every rail its own spines (DeepSeek MPFT, §7); rail_only has no spines (§6). With `cores`,
// spines belong to a pod (an SU for rail kinds) and spine j of every pod connects to core group j. Leaf uplinks are
// the provisioned downlinks divided by the leaf oversubscription, spread evenly over the spines.
// Throws ConfigError when counts do not divide, ports exceed a switch's radix, a rate exceeds what a medium or
// port carries, or a cable exceeds its medium's reach.
Cluster build_cluster(const ClusterSpec& spec);

}  // namespace cs
