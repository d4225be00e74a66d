// SPDX-License-Identifier: MIT
#pragma once
/// `havip-compile --emit plan`: one node's model as plan bytes (format in
/// runtime/plan/format.hpp and man/havip-plan.5).
///
/// Deterministic: the same model gives the same bytes (instances and scripts
/// sorted by name, VIPs/peers/tracks in configuration order, notify commands by
/// kind, data blobs in first-use order, no timestamps, no padding). Values are
/// the effective ones keepalived would run with (version and advert interval
/// rounding, instance GARP settings falling back to global ones, auth dropped
/// with VRRPv3, strict/skip_check_adv_addr from global_defs when not set).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace havip::emit {

/// What the plan records for audit besides the model.
struct PlanMeta {
    std::string compiler_version;     ///< e.g. "havip 0.1.0"
    std::uint64_t source_digest = 0;  ///< havip-compile stores config_digest(node) here
};

/// The digest havip-compile records in a plan: plan::SourceDigest over the
/// node's configuration in canonical keepalived.conf form
/// (model::dump_keepalived, what `--emit keepalived` prints under its header
/// comment). Canonical rather than over the file bytes, so the same node
/// written as keepalived.conf or as havip.toml gets the same digest and
/// byte-identical plans, while any change to what is configured changes it;
/// comments, layout, includes and the surface syntax do not.
std::uint64_t config_digest(const model::Node& node);

/// The plan of one node. Returns an empty vector when the model holds a value
/// the format cannot carry (priority 0, a VRID over 255, a track_script naming
/// no vrrp_script, more than 64 KiB of strings…); `error`, when given, says which.
/// The lint reports all of these first, so a clean model always writes.
std::vector<std::byte> write_plan(const model::Node& node, const PlanMeta& meta, std::string* error = nullptr);

}  // namespace havip::emit
