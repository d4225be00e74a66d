// SPDX-License-Identifier: MIT
#include "sys/event_loop.hpp"

#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <ctime>

namespace havip::sys {

static_assert(EventLoop::kIn == EPOLLIN && EventLoop::kOut == EPOLLOUT && EventLoop::kErr == EPOLLERR &&
              EventLoop::kHup == EPOLLHUP);

namespace {
std::uint64_t pack(std::uint32_t slot, std::uint32_t gen) { return static_cast<std::uint64_t>(gen) << 32 | slot; }
// The timerfd's epoll data: no slot has this number.
constexpr std::uint64_t kTimerfdTag = UINT64_MAX;
}  // namespace

Result<std::unique_ptr<EventLoop>> EventLoop::create(std::size_t max_events) {
    std::unique_ptr<EventLoop> loop(new EventLoop());
    loop->epfd_ = epoll_create1(EPOLL_CLOEXEC);
    if (loop->epfd_ < 0) return Status::from_errno("epoll_create1", errno);
    loop->max_events_ = max_events ? max_events : 1;
    loop->events_.resize(loop->max_events_ * sizeof(epoll_event));
    loop->timerfd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (loop->timerfd_ < 0) return Status::from_errno("timerfd_create", errno);
    epoll_event ev{};
    // Edge-triggered: every expiry is one event, and the count is never read
    // (setting the timerfd resets it).
    ev.events = EPOLLIN | EPOLLET;
    ev.data.u64 = kTimerfdTag;
    if (epoll_ctl(loop->epfd_, EPOLL_CTL_ADD, loop->timerfd_, &ev) < 0)
        return Status::from_errno("epoll_ctl(ADD timerfd)", errno);
    return loop;
}

EventLoop::~EventLoop() {
    if (timerfd_ >= 0) ::close(timerfd_);
    if (sigfd_ >= 0) ::close(sigfd_);
    if (epfd_ >= 0) ::close(epfd_);
}

std::int64_t EventLoop::now_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

Result<std::uint32_t> EventLoop::take_slot() {
    if (!free_.empty()) {
        std::uint32_t s = free_.back();
        free_.pop_back();
        return s;
    }
    if (slots_.size() >= UINT32_MAX - 1) return Result<std::uint32_t>::error("event loop: too many sources");
    slots_.emplace_back();
    return static_cast<std::uint32_t>(slots_.size() - 1);
}

void EventLoop::release_slot(std::uint32_t slot) {
    Source& s = slots_[slot];
    s.kind = Kind::Free;
    s.fd = -1;
    if (s.heap != kNotQueued) heap_remove(s.heap);
    ++s.gen;  // events already fetched for this slot are now stale
    // A handler may be running right now: keep its std::function alive until the
    // dispatch round ends, and only then let the slot be reused.
    if (dispatching_)
        released_.push_back(slot);
    else {
        s.on_fd = nullptr;
        s.on_timer = nullptr;
        free_.push_back(slot);
    }
}

int EventLoop::find_fd(int fd) const {
    for (std::size_t i = 0; i < slots_.size(); ++i)
        if (slots_[i].kind == Kind::Fd && slots_[i].fd == fd) return static_cast<int>(i);
    return -1;
}

Status EventLoop::watch(int fd, std::uint32_t events, FdHandler handler) {
    if (fd < 0) return Status::error("event loop: watch of a negative fd");
    if (find_fd(fd) >= 0) return Status::error("event loop: fd already watched");
    auto slot = take_slot();
    if (!slot) return slot.status();
    Source& s = slots_[*slot];
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = pack(*slot, s.gen);
    if (epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) < 0) {
        int e = errno;
        free_.push_back(*slot);
        return Status::from_errno("epoll_ctl(ADD)", e);
    }
    s.kind = Kind::Fd;
    s.fd = fd;
    s.on_fd = std::move(handler);
    return {};
}

Status EventLoop::rewatch(int fd, std::uint32_t events) {
    int slot = find_fd(fd);
    if (slot < 0) return Status::error("event loop: fd not watched");
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = pack(static_cast<std::uint32_t>(slot), slots_[static_cast<std::size_t>(slot)].gen);
    if (epoll_ctl(epfd_, EPOLL_CTL_MOD, fd, &ev) < 0) return Status::from_errno("epoll_ctl(MOD)", errno);
    return {};
}

void EventLoop::unwatch(int fd) {
    int slot = find_fd(fd);
    if (slot < 0) return;
    epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr);
    release_slot(static_cast<std::uint32_t>(slot));
}

void EventLoop::heap_put(std::size_t i, const Due& d) {
    heap_[i] = d;
    slots_[d.slot].heap = static_cast<std::uint32_t>(i);
}

void EventLoop::heap_up(std::size_t i) {
    const Due d = heap_[i];
    while (i > 0) {
        const std::size_t parent = (i - 1) / 2;
        if (!earlier(d, heap_[parent])) break;
        heap_put(i, heap_[parent]);
        i = parent;
    }
    heap_put(i, d);
}

void EventLoop::heap_down(std::size_t i) {
    const Due d = heap_[i];
    const std::size_t n = heap_.size();
    for (;;) {
        std::size_t child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && earlier(heap_[child + 1], heap_[child])) ++child;
        if (!earlier(heap_[child], d)) break;
        heap_put(i, heap_[child]);
        i = child;
    }
    heap_put(i, d);
}

void EventLoop::heap_remove(std::size_t i) {
    slots_[heap_[i].slot].heap = kNotQueued;
    const Due last = heap_.back();
    heap_.pop_back();
    if (i == heap_.size()) return;
    heap_put(i, last);
    if (i > 0 && earlier(last, heap_[(i - 1) / 2]))
        heap_up(i);
    else
        heap_down(i);
}

EventLoop::Source* EventLoop::timer(TimerId id) {
    if (!id.valid() || id.slot >= slots_.size() || slots_[id.slot].kind != Kind::Timer) return nullptr;
    return &slots_[id.slot];
}

Result<TimerId> EventLoop::add_timer(TimerHandler handler) {
    auto slot = take_slot();
    if (!slot) return slot.status();
    // Room for every timer in the heap now: arming never allocates.
    if (heap_.capacity() <= timers_) heap_.reserve(std::max<std::size_t>(16, 2 * heap_.capacity()));
    ++timers_;
    Source& s = slots_[*slot];
    s.kind = Kind::Timer;
    s.heap = kNotQueued;
    s.on_timer = std::move(handler);
    return TimerId{*slot};
}

Status EventLoop::arm(TimerId id, Clock after, Clock period) {
    Source* s = timer(id);
    if (!s) return Status::error("event loop: arm of an unknown timer");
    // "Now" is the smallest delay: a zero one does not disarm.
    if (after.count() <= 0) after = Clock(1);
    if (period.count() < 0) period = Clock::zero();
    s->due_ns = now_ns() + after.count();
    s->period_ns = period.count();
    const Due d{s->due_ns, arm_seq_++, id.slot};
    if (s->heap == kNotQueued) {
        heap_.push_back(d);
        heap_up(heap_.size() - 1);
    } else {
        const bool sooner = earlier(d, heap_[s->heap]);
        heap_[s->heap] = d;
        sooner ? heap_up(s->heap) : heap_down(s->heap);
    }
    return {};
}

void EventLoop::disarm(TimerId id) {
    Source* s = timer(id);
    if (s && s->heap != kNotQueued) heap_remove(s->heap);
}

bool EventLoop::armed(TimerId id) const {
    return id.valid() && id.slot < slots_.size() && slots_[id.slot].kind == Kind::Timer &&
           slots_[id.slot].heap != kNotQueued;
}

std::int64_t EventLoop::due_ns(TimerId id) const { return armed(id) ? slots_[id.slot].due_ns : INT64_MAX; }

void EventLoop::remove_timer(TimerId id) {
    if (!timer(id)) return;
    --timers_;
    release_slot(id.slot);
}

int EventLoop::set_timerfd(int timeout_ms) {
    if (heap_.empty() || timeout_ms == 0) return timeout_ms;
    const std::int64_t due = heap_[0].ns;
    const std::int64_t now = now_ns();
    if (due <= now) return 0;  // due already: only poll
    // An expiry still ahead and no later than the earliest deadline wakes the wait
    // in time (early, when the deadline moved on: then it is set again). A backup
    // pushes its down timers on with every advert and sets the timerfd about once
    // per down interval, not once per advert.
    if (timerfd_ns_ > now && timerfd_ns_ <= due) return timeout_ms;
    itimerspec its{};
    its.it_value.tv_sec = static_cast<time_t>(due / 1'000'000'000);
    its.it_value.tv_nsec = static_cast<long>(due % 1'000'000'000);
    if (timerfd_settime(timerfd_, TFD_TIMER_ABSTIME, &its, nullptr) == 0) {
        timerfd_ns_ = due;
        return timeout_ms;
    }
    // Cannot happen with a valid time; the wait's own timeout stands in (rounded up).
    timerfd_ns_ = INT64_MAX;
    const std::int64_t ms = (due - now + 999'999) / 1'000'000;
    return timeout_ms < 0 || ms < timeout_ms ? static_cast<int>(std::min<std::int64_t>(ms, INT32_MAX)) : timeout_ms;
}

void EventLoop::run_timers(std::int64_t until_ns) {
    // A timer armed by a handler is due after until_ns (now_ns() moves on): each
    // round ends, whatever the handlers arm.
    while (!heap_.empty() && heap_[0].ns <= until_ns && !stop_) {
        const std::uint32_t slot = heap_[0].slot;
        Source& s = slots_[slot];
        const std::int64_t now = now_ns();
        const std::int64_t due = s.due_ns;
        // Lateness of the earliest expiry not yet handled.
        const std::int64_t late = now - due;
        if (s.period_ns > 0) {
            // The next expiry after now; the ones missed meanwhile are skipped.
            s.due_ns += (late / s.period_ns + 1) * s.period_ns;
            heap_[0].ns = s.due_ns;
            heap_[0].seq = arm_seq_++;
            heap_down(0);
        } else {
            heap_remove(0);
        }
        lag_.last_ns = late > 0 ? late : 0;
        ++lag_.timers;
        if (lag_.last_ns > lag_.max_ns) {
            lag_.max_ns = lag_.last_ns;
            lag_.max_woke_ns = std::clamp(woke_ns_ - due, std::int64_t(0), lag_.max_ns);
            lag_.max_queued_ns = lag_.max_ns - lag_.max_woke_ns;
        }
        if (lag_.last_ns > lag_threshold_ns_) {
            ++lag_.late;
            if (lag_hook_) lag_hook_(lag_.last_ns);
        }
        if (s.on_timer) s.on_timer();
    }
}

Status EventLoop::on_signal(int signo, SignalHandler handler) {
    if (signo <= 0 || signo >= static_cast<int>(signal_handlers_.size()))
        return Status::error("event loop: bad signal number");
    sigset_t mask;
    sigemptyset(&mask);
    for (std::size_t i = 1; i < signal_handlers_.size(); ++i)
        if (signal_handlers_[i]) sigaddset(&mask, static_cast<int>(i));
    sigaddset(&mask, signo);
    if (sigprocmask(SIG_BLOCK, &mask, nullptr) < 0) return Status::from_errno("sigprocmask", errno);
    int fd = signalfd(sigfd_, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    if (fd < 0) return Status::from_errno("signalfd", errno);
    if (sigfd_ < 0) {
        sigfd_ = fd;
        auto slot = take_slot();
        if (!slot) return slot.status();
        Source& s = slots_[*slot];
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = pack(*slot, s.gen);
        if (epoll_ctl(epfd_, EPOLL_CTL_ADD, sigfd_, &ev) < 0) {
            int e = errno;
            free_.push_back(*slot);
            return Status::from_errno("epoll_ctl(ADD signalfd)", e);
        }
        s.kind = Kind::Signal;
        s.fd = sigfd_;
        sig_slot_ = *slot;
    }
    signal_handlers_[static_cast<std::size_t>(signo)] = std::move(handler);
    return {};
}

void EventLoop::read_signals() {
    signalfd_siginfo si[8];
    for (;;) {
        ssize_t n = ::read(sigfd_, si, sizeof si);
        if (n <= 0) return;
        for (std::size_t i = 0; i < static_cast<std::size_t>(n) / sizeof si[0]; ++i) {
            SignalInfo info;
            info.signo = static_cast<int>(si[i].ssi_signo);
            info.pid = static_cast<int>(si[i].ssi_pid);
            info.uid = static_cast<int>(si[i].ssi_uid);
            info.code = si[i].ssi_code;
            info.status = si[i].ssi_status;
            if (info.signo > 0 && info.signo < static_cast<int>(signal_handlers_.size())) {
                auto& h = signal_handlers_[static_cast<std::size_t>(info.signo)];
                if (h) h(info);
            }
        }
    }
}

void EventLoop::dispatch(std::uint32_t slot, std::uint32_t events) {
    Source& s = slots_[slot];
    switch (s.kind) {
        case Kind::Fd:
            if (s.on_fd) s.on_fd(events);
            break;
        case Kind::Timer:  // run by run_timers
        case Kind::Signal:
            read_signals();
            break;
        case Kind::Free:
            break;
    }
}

Status EventLoop::run_once(int timeout_ms) {
    std::int64_t busy = 0;
    if (before_wait_) {
        const std::int64_t t = now_ns();
        if (before_wait_()) timeout_ms = 0;
        busy = now_ns() - t;
        lag_.max_hook_ns = std::max(lag_.max_hook_ns, busy);
    }
    timeout_ms = set_timerfd(timeout_ms);
    auto* evs = reinterpret_cast<epoll_event*>(events_.data());
    int n = epoll_wait(epfd_, evs, static_cast<int>(max_events_), timeout_ms);
    if (n < 0) {
        if (errno == EINTR) return {};
        return Status::from_errno("epoll_wait", errno);
    }
    woke_ns_ = now_ns();
    struct BusyUntilReturn {
        EventLoop& l;
        std::int64_t before;
        ~BusyUntilReturn() { l.lag_.max_busy_ns = std::max(l.lag_.max_busy_ns, before + now_ns() - l.woke_ns_); }
    } busy_until_return{*this, busy};
    dispatching_ = true;
    for (int i = 0; i < n && !stop_; ++i) {
        if (evs[i].data.u64 == kTimerfdTag) continue;
        std::uint32_t slot = static_cast<std::uint32_t>(evs[i].data.u64 & 0xffffffffu);
        std::uint32_t gen = static_cast<std::uint32_t>(evs[i].data.u64 >> 32);
        if (slot >= slots_.size() || slots_[slot].gen != gen) continue;  // removed meanwhile
        dispatch(slot, evs[i].events);
    }
    // Then the timers due by now, in due order. After the fds: what waited in a
    // socket while the process did not run (a backup's adverts) is seen before a
    // timer that it would have pushed on (that backup's down timer).
    run_timers(now_ns());
    dispatching_ = false;
    for (std::uint32_t s : released_) {
        slots_[s].on_fd = nullptr;
        slots_[s].on_timer = nullptr;
        free_.push_back(s);
    }
    released_.clear();
    return {};
}

int EventLoop::run() {
    stop_ = false;
    while (!stop_) {
        Status st = run_once(-1);
        if (!st) return -1;
    }
    return exit_code_;
}

}  // namespace havip::sys
