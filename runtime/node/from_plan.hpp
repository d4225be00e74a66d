// SPDX-License-Identifier: MIT
#pragma once
/// A verified plan (runtime/plan) turned into the daemon's NodeConfig (std,
/// runtime/plan and runtime/vrrp only: havip-compile --diff uses it too).
#include <string>

#include "base/result.hpp"
#include "node/node_config.hpp"
#include "plan/loader.hpp"

namespace havip::daemon {

/// Converts a verified plan. Fails (with a message) only on values the daemon
/// cannot run, e.g. a VRRP setting vrrp::check() rejects.
base::Result<NodeConfig> from_plan(const plan::PlanView& view);

}  // namespace havip::daemon
