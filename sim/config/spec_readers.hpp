// SPDX-License-Identifier: Apache-2.0
// YAML documents -> typed specs. Nothing after this room sees a YAML node.
#pragma once

#include "config/document.hpp"
#include "topology/cluster_spec.hpp"
#include "workload/training_spec.hpp"

namespace cs {

ClusterSpec read_cluster_spec(const Document& doc);
TrainingSpec read_training_spec(const Document& doc);

}  // namespace cs
