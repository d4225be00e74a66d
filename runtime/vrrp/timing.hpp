// SPDX-License-Identifier: MIT
#pragma once
/// VRRP timer arithmetic in 64-bit microseconds. RFC 3768 and RFC 5798 define
/// Skew_Time differently; keepalived computes both in µs. 64-bit products
/// never overflow: the largest is 255 × 40.95 s in µs ≈ 1.0e10.
#include <cstdint>

#include "vrrp/config.hpp"

namespace havip::vrrp {

/// Skew_Time for a backup of `priority`.
/// v2 (RFC 3768): (256 − priority) / 256 s.
/// v3 (RFC 5798): (256 − priority) × Master_Adver_Interval / 256.
constexpr usec skew_time(int version, int priority, usec master_adver_interval) {
    const std::int64_t k = 256 - std::int64_t(priority);
    return version == 2 ? k * 1'000'000 / 256 : k * master_adver_interval / 256;
}

/// Master_Down_Interval = adverts × Master_Adver_Interval + Skew_Time, where
/// `adverts` is 3 per the RFCs (keepalived's down_timer_adverts can change it).
constexpr usec master_down_interval(int version, int priority, usec master_adver_interval, int adverts = 3) {
    return adverts * master_adver_interval + skew_time(version, priority, master_adver_interval);
}

static_assert(skew_time(2, 100, 1'000'000) == 609'375);
static_assert(skew_time(3, 1, 40'950'000) == 40'790'039);  // no 32-bit overflow
static_assert(master_down_interval(3, 1, 40'950'000) == 163'640'039);

}  // namespace havip::vrrp
