// SPDX-License-Identifier: MIT
#pragma once
/// A verified plan (runtime/plan) turned into the daemon's NodeConfig.
#include <string>

#include "daemon/node_config.hpp"
#include "plan/loader.hpp"
#include "sys/result.hpp"

namespace havip::daemon {

/// Converts a verified plan. Fails (with a message) only on values the daemon
/// cannot run, e.g. a VRRP setting vrrp::check() rejects.
sys::Result<NodeConfig> from_plan(const plan::PlanView& view);

/// Reads, verifies and converts a plan file.
sys::Result<NodeConfig> load_plan_file(const std::string& path);

}  // namespace havip::daemon
