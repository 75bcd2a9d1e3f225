// SPDX-License-Identifier: Apache-2.0
// Sweep YAML -> SweepSpec, and the resolved text of a configuration (what a point's ID hashes).
#pragma once

#include "config/document.hpp"
#include "sweep/sweep_spec.hpp"

namespace cs {

SweepSpec read_sweep_spec(const Document& doc);

// The document as canonical YAML text, after `extends:` and `--set`: equal configurations give equal text.
std::string resolved_text(const Document& doc);

}  // namespace cs
