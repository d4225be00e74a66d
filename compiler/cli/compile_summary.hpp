// SPDX-License-Identifier: MIT
#pragma once
/// havip-compile's per-node summary: instances, VIPs and the failover budget
/// of each instance, computed from the plans as written (the effective
/// version, advert interval and priorities havipd will run with).
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "lint/cluster.hpp"
#include "model/model.hpp"
#include "plan/loader.hpp"

namespace havip::cli {

/// One node's compiled plan.
struct CompiledNode {
    const model::Node* node = nullptr;
    std::vector<std::byte> bytes;
    plan::PlanView view;  ///< over `bytes`
    std::string path;     ///< where it is written
};

/// Master_Down_Interval of a backup of priority `backup_prio` watching a master
/// that advertises every `advert_cs` centiseconds (RFC 3768 / 5798):
/// 3 × advert + Skew_Time, where Skew_Time = (256 − priority) / 256 s with
/// VRRPv2 and (256 − priority) × advert / 256 with VRRPv3. Microseconds.
std::uint64_t skew_us(int version, std::uint16_t advert_cs, std::uint8_t backup_prio);
std::uint64_t master_down_us(int version, std::uint16_t advert_cs, std::uint8_t backup_prio);

/// Prints the summary of node `i` of `nodes` (all nodes of this run, fleet
/// order): one line for the node, one per instance, and one per peer of the
/// instance found among the inputs (the cluster, from `topo`) with the time
/// it takes over after this node dies silently and after a graceful stop.
void print_summary(std::ostream& os, const std::vector<CompiledNode>& nodes, std::size_t i, const lint::Topology& topo);

}  // namespace havip::cli
