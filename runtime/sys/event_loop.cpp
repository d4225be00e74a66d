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
}  // namespace

Result<std::unique_ptr<EventLoop>> EventLoop::create(std::size_t max_events) {
    std::unique_ptr<EventLoop> loop(new EventLoop());
    loop->epfd_ = epoll_create1(EPOLL_CLOEXEC);
    if (loop->epfd_ < 0) return Status::from_errno("epoll_create1", errno);
    loop->max_events_ = max_events ? max_events : 1;
    loop->events_.resize(loop->max_events_ * sizeof(epoll_event));
    return loop;
}

EventLoop::~EventLoop() {
    for (auto& s : slots_)
        if (s.kind == Kind::Timer && s.fd >= 0) ::close(s.fd);
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
    s.armed = false;
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

Result<TimerId> EventLoop::add_timer(TimerHandler handler) {
    int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (tfd < 0) return Status::from_errno("timerfd_create", errno);
    auto slot = take_slot();
    if (!slot) {
        ::close(tfd);
        return slot.status();
    }
    Source& s = slots_[*slot];
    epoll_event ev{};
    // Edge-triggered: every expiry is one event, and a one-shot timer's count
    // need not be read (arming resets it), which saves a read per timer.
    ev.events = EPOLLIN | EPOLLET;
    ev.data.u64 = pack(*slot, s.gen);
    if (epoll_ctl(epfd_, EPOLL_CTL_ADD, tfd, &ev) < 0) {
        int e = errno;
        ::close(tfd);
        free_.push_back(*slot);
        return Status::from_errno("epoll_ctl(ADD timer)", e);
    }
    s.kind = Kind::Timer;
    s.fd = tfd;
    s.armed = false;
    s.on_timer = std::move(handler);
    return TimerId{*slot};
}

Status EventLoop::arm(TimerId id, Clock after, Clock period) {
    if (!id.valid() || id.slot >= slots_.size() || slots_[id.slot].kind != Kind::Timer)
        return Status::error("event loop: arm of an unknown timer");
    Source& s = slots_[id.slot];
    auto to_ts = [](Clock d) {
        timespec ts{};
        ts.tv_sec = static_cast<time_t>(d.count() / 1'000'000'000);
        ts.tv_nsec = static_cast<long>(d.count() % 1'000'000'000);
        return ts;
    };
    // A zero it_value would disarm the timer: "now" is the smallest delay instead.
    if (after.count() <= 0) after = Clock(1);
    if (period.count() < 0) period = Clock::zero();
    itimerspec its{};
    its.it_value = to_ts(after);
    its.it_interval = to_ts(period);
    // Read before the kernel's clock: the expiry is never before due_ns.
    const std::int64_t due = now_ns() + after.count();
    if (timerfd_settime(s.fd, 0, &its, nullptr) < 0) return Status::from_errno("timerfd_settime", errno);
    s.armed = true;
    s.periodic = period.count() > 0;
    s.due_ns = due;
    s.period_ns = period.count();
    return {};
}

void EventLoop::disarm(TimerId id) {
    if (!id.valid() || id.slot >= slots_.size() || slots_[id.slot].kind != Kind::Timer) return;
    Source& s = slots_[id.slot];
    itimerspec its{};
    timerfd_settime(s.fd, 0, &its, nullptr);
    s.armed = false;
}

bool EventLoop::armed(TimerId id) const {
    return id.valid() && id.slot < slots_.size() && slots_[id.slot].kind == Kind::Timer && slots_[id.slot].armed;
}

std::int64_t EventLoop::due_ns(TimerId id) const { return armed(id) ? slots_[id.slot].due_ns : INT64_MAX; }

void EventLoop::remove_timer(TimerId id) {
    if (!id.valid() || id.slot >= slots_.size() || slots_[id.slot].kind != Kind::Timer) return;
    Source& s = slots_[id.slot];
    epoll_ctl(epfd_, EPOLL_CTL_DEL, s.fd, nullptr);
    ::close(s.fd);
    release_slot(id.slot);
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
        case Kind::Timer: {
            std::uint64_t expirations = 1;
            std::int64_t now = now_ns();
            if (s.periodic) {
                // EAGAIN: re-armed or disarmed since epoll saw it ready, so nothing is due.
                if (::read(s.fd, &expirations, sizeof expirations) != sizeof expirations) return;
            } else {
                // Disarmed since epoll saw it ready, or re-armed for later (then the
                // read finds the count the re-arm reset): nothing is due.
                if (!s.armed) return;
                if (now < s.due_ns && ::read(s.fd, &expirations, sizeof expirations) != sizeof expirations) return;
                s.armed = false;
            }
            // Lateness of the earliest expiry not yet handled.
            const std::int64_t late = now - s.due_ns;
            if (s.periodic) s.due_ns += static_cast<std::int64_t>(expirations) * s.period_ns;
            lag_.last_ns = late > 0 ? late : 0;
            ++lag_.timers;
            if (lag_.last_ns > lag_.max_ns) {
                lag_.max_ns = lag_.last_ns;
                lag_.max_woke_ns = std::clamp(woke_ns_ - s.due_ns, std::int64_t(0), lag_.max_ns);
                lag_.max_queued_ns = lag_.max_ns - lag_.max_woke_ns;
            }
            if (lag_.last_ns > lag_threshold_ns_) {
                ++lag_.late;
                if (lag_hook_) lag_hook_(lag_.last_ns);
            }
            if (s.on_timer) s.on_timer();
            break;
        }
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
        std::uint32_t slot = static_cast<std::uint32_t>(evs[i].data.u64 & 0xffffffffu);
        std::uint32_t gen = static_cast<std::uint32_t>(evs[i].data.u64 >> 32);
        if (slot >= slots_.size() || slots_[slot].gen != gen) continue;  // removed meanwhile
        dispatch(slot, evs[i].events);
    }
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
