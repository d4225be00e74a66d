// SPDX-License-Identifier: MIT
#include "sys/rx_pacer.hpp"

namespace havip::sys {

bool RxPacer::count(std::int64_t now, std::uint64_t packets) {
    if (!started_) {
        started_ = true;
        window_start_ = now;
    }
    in_window_ += packets;
    const std::int64_t elapsed = now - window_start_;
    if (elapsed < opt_.window_ns) return false;
    // packets per second over the window, compared without dividing
    const auto ns = static_cast<std::uint64_t>(elapsed);
    const std::uint64_t scaled = in_window_ * 1'000'000'000ULL;
    const bool was = polling_;
    if (!polling_ && scaled >= opt_.enter_per_s * ns)
        polling_ = true;
    else if (polling_ && (scaled < opt_.leave_per_s * ns || ++windows_polling_ >= opt_.probe_windows))
        polling_ = false;  // slow, or a window on arrival to decide again
    if (polling_ && !was) {
        ++entered_;
        windows_polling_ = 0;
    }
    window_start_ = now;
    in_window_ = 0;
    return polling_ != was;
}

}  // namespace havip::sys
