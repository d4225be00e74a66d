// SPDX-License-Identifier: MIT
#pragma once
/// keepalived's vrrp_track_process matching (pure, unit-tested): whether one
/// process is one of a track's, and whether a count of them is OK.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "node/node_config.hpp"

namespace havip::exec {

/// Comm: `comm` equals the process name cut to the kernel's 15 bytes. Else
/// argv[0] equals the name and the parameters match argv[1..] (Exact: all and
/// no more; Partial: the first ones, more allowed; Initial: as Partial, but the
/// last configured one only a prefix of the process's).
bool process_matches(const daemon::ProcessSpec& p, std::string_view comm, std::span<const std::string> argv);
/// quorum <= count <= quorum_max.
inline bool process_quorum_ok(const daemon::ProcessSpec& p, std::size_t count) {
    return count >= p.quorum && count <= p.quorum_max;
}

}  // namespace havip::exec
