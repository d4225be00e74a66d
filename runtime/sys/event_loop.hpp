// SPDX-License-Identifier: MIT
#pragma once
/// One-thread event loop: epoll for file descriptors, one signalfd for signals,
/// and timers in a binary min-heap behind one timerfd (CLOCK_MONOTONIC). Arming,
/// disarming or reading a timer is no system call: before each wait the timerfd
/// is set to the earliest deadline, and only when that is earlier than the
/// expiry already set (a later one lets the wait wake early once, then set it).
/// Every wakeup runs the ready file descriptors' handlers, then the timers due
/// by then, in due order (equal deadlines in the order they were armed). Handlers are
/// registered at set-up; dispatching an event, arming or disarming a timer
/// allocates nothing.
#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "sys/result.hpp"

namespace havip::sys {

/// What a signal handler is told (a subset of signalfd_siginfo).
struct SignalInfo {
    int signo = 0;
    int pid = 0;  ///< sender (or the child, for SIGCHLD)
    int uid = 0;
    int code = 0;    ///< si_code
    int status = 0;  ///< exit status or signal, for SIGCHLD
};

/// A timer registered with EventLoop::add_timer.
struct TimerId {
    std::uint32_t slot = UINT32_MAX;
    bool valid() const { return slot != UINT32_MAX; }
};

class EventLoop {
  public:
    using FdHandler = std::function<void(std::uint32_t events)>;
    using TimerHandler = std::function<void()>;
    using SignalHandler = std::function<void(const SignalInfo&)>;
    using Clock = std::chrono::nanoseconds;

    /// Event bits for watch(): the epoll ones.
    static constexpr std::uint32_t kIn = 0x001;   // EPOLLIN
    static constexpr std::uint32_t kOut = 0x004;  // EPOLLOUT
    static constexpr std::uint32_t kErr = 0x008;  // EPOLLERR
    static constexpr std::uint32_t kHup = 0x010;  // EPOLLHUP

    /// Creates the epoll instance. max_events: how many events one wakeup handles.
    static Result<std::unique_ptr<EventLoop>> create(std::size_t max_events = 64);
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    /// Calls `handler(events)` whenever `fd` is ready for `events` (level-triggered).
    /// The loop does not own fd; unwatch() it before closing it.
    Status watch(int fd, std::uint32_t events, FdHandler handler);
    Status rewatch(int fd, std::uint32_t events);
    /// Safe from inside any handler, including fd's own.
    void unwatch(int fd);

    /// A timer, disarmed until arm(). Its handler runs on the loop thread.
    Result<TimerId> add_timer(TimerHandler handler);
    /// Fires `after` from now (monotonic), then every `period` if non-zero. Re-arming
    /// replaces the previous schedule; an expiry not yet dispatched is dropped.
    /// A periodic timer that falls behind skips the expiries it missed (it runs
    /// once, then keeps to its schedule).
    Status arm(TimerId id, Clock after, Clock period = Clock::zero());
    void disarm(TimerId id);
    bool armed(TimerId id) const;
    /// When an armed timer fires next (now_ns() clock); INT64_MAX if not armed.
    std::int64_t due_ns(TimerId id) const;
    /// Safe from inside any handler, including the timer's own.
    void remove_timer(TimerId id);

    /// Blocks `signo` for normal delivery and calls handler through the signalfd.
    /// One handler per signal; a second registration replaces the first.
    Status on_signal(int signo, SignalHandler handler);

    /// Calls `hook` before every wait, so work that handlers deferred (the slow
    /// tail of the transitions of one wakeup) runs once per wakeup, together, and
    /// before the loop sleeps. While the hook returns true (work left), the wait
    /// only polls: ready events are handled, then the hook runs again. One hook; a
    /// second call replaces it.
    void before_wait(std::function<bool()> hook) { before_wait_ = std::move(hook); }

    /// Runs until stop(); returns stop's code (or -1 after an epoll failure).
    int run();
    /// One wait of at most timeout_ms (-1: forever) and its dispatch.
    Status run_once(int timeout_ms);
    void stop(int code = 0) {
        stop_ = true;
        exit_code_ = code;
    }
    bool stopping() const { return stop_; }

    /// Monotonic time in nanoseconds (CLOCK_MONOTONIC).
    static std::int64_t now_ns();

    /// The loop's lag, measured on every timer: how long after its due time its
    /// handler started (a handler or a system call that blocks shows up here).
    /// Where the largest lateness came from: max_woke_ns of it passed before the
    /// loop woke up (the process did not run: other work on the CPUs, a stop
    /// signal; or the loop was busy with an earlier wakeup), max_queued_ns after
    /// (handlers ahead of it in the same wakeup). max_busy_ns is the longest the
    /// loop worked between two waits (handlers and the before-wait hook), and
    /// max_hook_ns the longest before-wait hook alone.
    struct Lag {
        std::int64_t max_ns = 0;         ///< the largest lateness seen
        std::int64_t last_ns = 0;        ///< the latest timer's lateness
        std::uint64_t timers = 0;        ///< timers measured
        std::uint64_t late = 0;          ///< of them, later than the on_lag threshold
        std::int64_t max_woke_ns = 0;    ///< of max_ns: due → the wait returned
        std::int64_t max_queued_ns = 0;  ///< of max_ns: the wait returned → its handler
        std::int64_t max_busy_ns = 0;    ///< the longest stretch of work between two waits
        std::int64_t max_hook_ns = 0;    ///< the longest before-wait hook (part of such a stretch)
    };
    const Lag& lag() const { return lag_; }
    /// Calls `hook(lateness_ns)` (before the timer's handler) for every timer
    /// that starts more than `threshold` late.
    void on_lag(Clock threshold, std::function<void(std::int64_t)> hook) {
        lag_threshold_ns_ = threshold.count();
        lag_hook_ = std::move(hook);
    }

  private:
    EventLoop() = default;
    enum class Kind : std::uint8_t { Free, Fd, Timer, Signal };
    static constexpr std::uint32_t kNotQueued = UINT32_MAX;
    struct Source {
        Kind kind = Kind::Free;
        int fd = -1;
        std::uint32_t gen = 0;
        std::uint32_t heap = kNotQueued;  // timers: index in heap_ while armed
        std::int64_t due_ns = 0;          // timers: next expiry
        std::int64_t period_ns = 0;
        FdHandler on_fd;
        TimerHandler on_timer;
    };
    // A heap entry carries its key, so sifting reads no Source.
    struct Due {
        std::int64_t ns;
        std::uint64_t seq;  // arm order: equal deadlines fire first armed, first run
        std::uint32_t slot;
    };
    Result<std::uint32_t> take_slot();
    void release_slot(std::uint32_t slot);
    Source* timer(TimerId id);
    void dispatch(std::uint32_t slot, std::uint32_t events);
    void run_timers(std::int64_t until_ns);
    void read_signals();
    int find_fd(int fd) const;
    int set_timerfd(int timeout_ms);
    static bool earlier(const Due& a, const Due& b) { return a.ns < b.ns || (a.ns == b.ns && a.seq < b.seq); }
    void heap_put(std::size_t i, const Due& d);
    void heap_up(std::size_t i);
    void heap_down(std::size_t i);
    void heap_remove(std::size_t i);

    int epfd_ = -1;
    int sigfd_ = -1;
    int timerfd_ = -1;
    std::int64_t timerfd_ns_ = INT64_MAX;  // the expiry the timerfd is set to (INT64_MAX: none)
    std::vector<Due> heap_;                // armed timers, earliest first; reserved in add_timer
    std::size_t timers_ = 0;               // timers added and not removed
    std::uint64_t arm_seq_ = 0;
    std::uint32_t sig_slot_ = UINT32_MAX;
    std::deque<Source> slots_;  // deque: handlers stay put while new slots are added
    std::vector<std::uint32_t> free_;
    std::vector<std::uint32_t> released_;  // freed during dispatch, reusable after it
    bool dispatching_ = false;
    std::vector<std::uint8_t> events_;  // epoll_event array, sized once
    std::size_t max_events_ = 0;
    std::array<SignalHandler, 65> signal_handlers_;
    bool stop_ = false;
    int exit_code_ = 0;
    Lag lag_;
    std::int64_t woke_ns_ = 0;  // when the current wakeup's wait returned
    std::int64_t lag_threshold_ns_ = INT64_MAX;
    std::function<void(std::int64_t)> lag_hook_;
    std::function<bool()> before_wait_;
};

}  // namespace havip::sys
