// SPDX-License-Identifier: MIT
#pragma once
/// A plan file read through runtime/sys and turned into the daemon's NodeConfig
/// (the conversion itself is runtime/node/from_plan.hpp).
#include <string>

#include "node/from_plan.hpp"
#include "sys/result.hpp"

namespace havip::daemon {

/// Reads, verifies and converts a plan file.
sys::Result<NodeConfig> load_plan_file(const std::string& path);

}  // namespace havip::daemon
