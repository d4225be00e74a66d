// SPDX-License-Identifier: MIT
#pragma once
/// The model printed canonically in keepalived syntax: `havip-lint --dump`,
/// `havip-compile --emit keepalived`. Parsing the output and lowering it gives
/// a model equal to the input (spans aside): the round-trip test pins that.
#include <cstdint>
#include <string>

#include "model/model.hpp"

namespace havip::model {

/// keepalived.conf text for one node: global_defs, vrrp_script, vrrp_sync_group,
/// vrrp_instance blocks, in a fixed order with fixed indentation. Only what the
/// model holds is written; defaults that were never set are left out.
std::string dump_keepalived(const Node& node);

/// Microseconds as keepalived writes seconds, without trailing zeros: "1", "0.5".
std::string seconds_text(std::uint64_t us);

}  // namespace havip::model
