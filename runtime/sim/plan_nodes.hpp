// SPDX-License-Identifier: MIT
#pragma once
/// Simulator nodes from compiled plans (havip-compile's NODE.hvp files).
#include <cstddef>
#include <span>
#include <string>

#include "base/result.hpp"
#include "sim/sim.hpp"

namespace havip::sim {

/// Loads and verifies one plan and turns each of its instances into the core's
/// configuration through vrrp::from_plan. The node is named after `name`.
/// Instances without unicast_src_ip take their address from the interface on a
/// real host; here node number `n` gets 192.0.2.(n+1) / 2001:db8::(n+1).
/// The node, or the loader's message.
base::Result<NodeSpec> node_from_plan(std::span<const std::byte> plan, const std::string& name, std::size_t n);

/// Reads PATH and calls node_from_plan with the file's stem as the name.
base::Result<NodeSpec> node_from_plan_file(const std::string& path, std::size_t n);

}  // namespace havip::sim
