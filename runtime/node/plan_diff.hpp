// SPDX-License-Identifier: MIT
#pragma once
/// What a SIGHUP reload from one plan to the next does to each instance, for
/// `havip-compile --diff`: the class comes from reload_kind() (node_config.hpp),
/// the function havipd's reload itself calls, so the two cannot disagree.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "node/node_config.hpp"

namespace havip::daemon {

enum class Change : std::uint8_t {
    Kept,       ///< Reload::Keep
    Updated,    ///< Reload::Update: applied in place, the state is kept
    Restarted,  ///< Reload::Restart: stopped as on SIGTERM (a master resigns), started anew
    Added,      ///< only in the new plan: started
    Removed,    ///< only in the old plan: stopped as on SIGTERM (a master resigns)
};
/// "kept", "updated", "restarted", "added", "removed".
std::string_view change_name(Change c);

struct InstanceDiff {
    std::string name;
    Change change = Change::Kept;
    /// The settings that differ, in keepalived's words ("priority", "virtual_ipaddress"…);
    /// descriptive only: the class is reload_kind()'s.
    std::vector<std::string> fields;
    /// The subset both nodes must change together: VRRP peers drop each other's
    /// adverts while their VRID, version, interval, VIP list or authentication differ.
    std::vector<std::string> lockstep;
};

struct PlanDiff {
    std::string old_node, new_node;
    /// The old plan's instances in order (kept, updated, restarted, removed),
    /// then the instances only the new plan has (added).
    std::vector<InstanceDiff> instances;
    /// Node-wide settings that differ (vrrp_script set, script_user…).
    std::vector<std::string> node_fields;

    bool changed() const;
    std::size_t count(Change c) const;
};

/// Compares the plan havipd runs with the one a reload would load. Instances
/// are matched by name, as the reload matches them.
PlanDiff diff_plans(const NodeConfig& running, const NodeConfig& next);

}  // namespace havip::daemon
