// SPDX-License-Identifier: MIT
#pragma once
/// systemd's readiness protocol (Type=notify) without libsystemd: one datagram
/// to $NOTIFY_SOCKET ("READY=1", "RELOADING=1", "STOPPING=1", "STATUS=...").
#include <string_view>

#include "sys/result.hpp"

namespace havip::sys {

/// Sends `state` to the service manager. Without NOTIFY_SOCKET it does nothing
/// and succeeds (not running under systemd).
Status sd_notify(std::string_view state);

}  // namespace havip::sys
