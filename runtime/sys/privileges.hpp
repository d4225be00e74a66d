// SPDX-License-Identifier: MIT
#pragma once
/// Narrowing privileges once sockets are open: keep a short list of capabilities
/// (by default CAP_NET_RAW and CAP_NET_ADMIN), drop every other one from the
/// effective, permitted, inheritable and bounding sets, clear the ambient set and
/// set no_new_privs. Raw capset(2)/prctl(2); no libcap.
#include <cstdint>
#include <initializer_list>
#include <span>

#include "sys/result.hpp"

namespace havip::sys {

/// Capability numbers used here (linux/capability.h).
inline constexpr int kCapKill = 5;
inline constexpr int kCapSetgid = 6;
inline constexpr int kCapSetuid = 7;
inline constexpr int kCapNetAdmin = 12;
inline constexpr int kCapNetRaw = 13;

/// The default set for havipd: raw sockets and netlink changes.
inline constexpr int kNetCaps[] = {kCapNetRaw, kCapNetAdmin};

/// Keeps exactly `keep` in the effective and permitted sets (none inheritable),
/// drops the rest of the bounding set, clears ambient capabilities and sets
/// PR_SET_NO_NEW_PRIVS. With keep = {SETUID, SETGID, KILL} added, scripts can still
/// run as another user and be killed on timeout.
Status drop_privileges(std::span<const int> keep = kNetCaps);

/// The capabilities the calling thread has (effective, permitted) as bit masks.
struct CapState {
    std::uint64_t effective = 0;
    std::uint64_t permitted = 0;
    std::uint64_t inheritable = 0;
    bool no_new_privs = false;
};
Result<CapState> current_capabilities();

}  // namespace havip::sys
