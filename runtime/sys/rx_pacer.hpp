// SPDX-License-Identifier: MIT
#pragma once
/// When to read adverts on arrival and when from a timer.
///
/// Every wakeup costs a context switch, and on a virtual machine that costs more
/// than reading and handling a few adverts. At 255 instances x 0.1 s a backup
/// receives 2,550 adverts a second, about 3.5 per wakeup, because the master's
/// sends trickle in a few microseconds apart and the backup keeps up with them.
/// So, as a network driver does with its interrupts: while adverts arrive faster
/// than `enter_per_s`, the sockets leave the event loop and are read every
/// `period_ns` from a timer; once they come slower than `leave_per_s`, they are
/// read on arrival again. An advert then waits at most period_ns before it is
/// handled, which moves a master-down deadline by as much: havipd makes the
/// period a twentieth of its shortest advert interval, at most 5 ms (see
/// rx_poll_period). The rate is judged over windows of `window_ns`.
///
/// Between the two rates either mode holds, and the one a burst set can be the
/// costlier: adverts of instances that started together come back to back, and
/// at 500 a second in bursts of 50 the timer wakes the loop 200 times a second
/// and finds nothing in 19 ticks of 20, where reading on arrival wakes it a few
/// times a burst. So every `probe_windows` windows on the timer, the sockets
/// are read on arrival for one window, whose rate decides again. Pure: times
/// come in.
#include <cstdint>

namespace havip::sys {

struct RxPacerOptions {
    std::int64_t window_ns = 100'000'000;
    std::uint64_t enter_per_s = 1000;
    std::uint64_t leave_per_s = 250;
    std::int64_t period_ns = 5'000'000;
    std::uint32_t probe_windows = 20;
};

/// The poll period for adverts at intervals of at least `min_interval_ns`: a
/// twentieth of it, between 0.5 and 5 ms.
constexpr std::int64_t rx_poll_period(std::int64_t min_interval_ns) {
    const std::int64_t p = min_interval_ns / 20;
    return p < 500'000 ? 500'000 : p > 5'000'000 ? 5'000'000 : p;
}

class RxPacer {
  public:
    explicit RxPacer(RxPacerOptions opt = {}) : opt_(opt) {}

    /// `packets` adverts were read at `now` (monotonic ns): on an arrival, or on
    /// a timer tick while polling (then also when none came). Returns true when
    /// the mode changes with this count: see polling().
    bool count(std::int64_t now, std::uint64_t packets);
    bool polling() const { return polling_; }
    const RxPacerOptions& options() const { return opt_; }
    void set_options(const RxPacerOptions& opt) { opt_ = opt; }
    /// Times the sockets went over to the timer.
    std::uint64_t entered() const { return entered_; }

  private:
    RxPacerOptions opt_;
    bool polling_ = false;
    bool started_ = false;
    std::int64_t window_start_ = 0;
    std::uint64_t in_window_ = 0;
    std::uint32_t windows_polling_ = 0;  ///< windows on the timer since the last decision on arrival
    std::uint64_t entered_ = 0;
};

}  // namespace havip::sys
