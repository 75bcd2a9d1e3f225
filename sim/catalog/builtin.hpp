// SPDX-License-Identifier: Apache-2.0
// The built-in parts catalog. Every value cites reference/ (see builtin.cpp); YAML may override any field.
#pragma once

#include <string>
#include <vector>

#include "catalog/parts.hpp"

namespace cs {

// nullptr when no part has that name.
const GpuSpec* builtin_gpu(const std::string& name);
const NicSpec* builtin_nic(const std::string& name);
const SwitchSpec* builtin_switch(const std::string& name);
const MediumSpec* builtin_medium(const std::string& name);
const NodeTemplate* builtin_node(const std::string& name);
const LinkTechnology* builtin_link_technology(const std::string& name);
const WireProtocol* builtin_wire_protocol(const std::string& name);

std::vector<std::string> builtin_gpu_names();
std::vector<std::string> builtin_nic_names();
std::vector<std::string> builtin_switch_names();
std::vector<std::string> builtin_medium_names();
std::vector<std::string> builtin_node_names();
std::vector<std::string> builtin_link_technology_names();
std::vector<std::string> builtin_wire_protocol_names();

}  // namespace cs
