// SPDX-License-Identifier: MIT
#include "sys/real_host.hpp"

#include <unistd.h>

#include <chrono>
#include <climits>
#include <ctime>

#include "sys/files.hpp"

namespace havip::sys {

Result<std::unique_ptr<RealHost>> RealHost::open(bool need_v6) {
    std::unique_ptr<RealHost> h(new RealHost());
    auto l = EventLoop::create();
    if (!l) return l.status();
    h->loop_ = std::move(l).value();
    auto n = Netlink::open();
    if (!n) return n.status();
    h->nl_ = std::move(n).value();
    auto rn = RouteNetlink::open();
    if (!rn) return rn.status();
    h->routes_ = std::move(rn).value();
    h->runner_ = std::make_unique<ScriptRunner>(*h->loop_);
    h->fifos_ = std::make_unique<FifoSet>(*h->loop_, *h->runner_);
    // Sockets for both families even if the plan uses one: a reload may add the other.
    // Room for bursts: 255 instances that stop together send 255 adverts at
    // once, on top of the usual ones, while the socket may wait for a poll
    // tick; the kernel's default (208 KiB) dropped some of them.
    constexpr int kRcvBuf = 2 << 20;
    auto s4 = VrrpSocket::open({.family = 4, .rcvbuf = kRcvBuf});
    if (!s4) return s4.status();
    h->rx4_.sock = std::move(s4).value();
    auto s6 = VrrpSocket::open({.family = 6, .rcvbuf = kRcvBuf});
    if (s6)
        h->rx6_.sock = std::move(s6).value();
    else if (need_v6)
        return s6.status();
    auto p = PacketSocket::open_sender();
    if (!p) return p.status();
    h->pkt_ = std::move(p).value();

    RealHost* self = h.get();
    auto m = NetMonitor::open(
        [self](const NetEvent& ev) {
            if (!self->events_) return;
            if (ev.type == NetEvent::Type::AddrDel) {
                self->events_->on_address_removed({ev.ifindex, ev.addr, ev.prefix});
                return;
            }
            if (ev.type != NetEvent::Type::LinkNew && ev.type != NetEvent::Type::LinkDel) return;
            LinkEvent le;
            le.ifindex = ev.ifindex;
            le.name = ev.name;
            le.present = ev.type == NetEvent::Type::LinkNew;
            le.up = ev.up;
            le.running = ev.running;
            self->events_->on_link(le);
        },
        /*addresses=*/true);
    if (!m) return m.status();
    h->mon_ = std::move(m).value();
    if (Status st = h->mon_->attach(*h->loop_,
                                    [self](const Status& e) {
                                        log_event(Level::warning, "netlink_overrun", {{"error", e.message()}});
                                        if (self->events_) self->events_->on_links_lost();
                                    });
        !st)
        return st;
    if (Status st = h->watch_rx(h->rx4_); !st) return st;
    if (h->rx6_.sock.fd() >= 0)
        if (Status st = h->watch_rx(h->rx6_); !st) return st;
    return h;
}

RealHost::~RealHost() = default;

Status RealHost::start_writer(FileWriter::DoneFn done) {
    auto w = FileWriter::start(*loop_, std::move(done));
    if (!w) return w.status();
    writer_ = std::move(w).value();
    return {};
}

Status RealHost::watch_rx(RxPath& r) {
    RxPath* rp = &r;
    if (Status st = loop_->watch(r.sock.fd(), EventLoop::kIn, [this, rp](std::uint32_t) { on_readable(*rp); }); !st)
        return st;
    auto t = loop_->add_timer([this, rp] { on_rx_tick(*rp); });
    if (!t) return t.status();
    r.timer = *t;
    return {};
}

void RealHost::set_rx_poll_period(std::int64_t ns) {
    for (RxPath* r : {&rx4_, &rx6_}) {
        RxPacerOptions o = r->pacer.options();
        if (o.period_ns == ns) continue;
        o.period_ns = ns;
        r->pacer.set_options(o);
        if (loop_->armed(r->timer))
            (void)loop_->arm(r->timer, std::chrono::nanoseconds(ns), std::chrono::nanoseconds(ns));
    }
}

void RealHost::on_readable(RxPath& r) {
    if (r.pacer.count(EventLoop::now_ns(), drain(r.sock, kRxBudget))) rx_mode(r);
}

void RealHost::on_rx_tick(RxPath& r) {
    if (r.pacer.count(EventLoop::now_ns(), drain(r.sock, kRxBudget * 4))) rx_mode(r);
}

void RealHost::rx_mode(RxPath& r) {
    // Polling: the socket is out of the loop (level-triggered, it would wake it
    // for every packet that waits) and a periodic timer reads it. Back on
    // arrival: anything that came since the last tick wakes the loop at once.
    // If the loop cannot change the socket, it stays where it is: read on
    // arrival, or from the timer, which then keeps running.
    bool poll = r.pacer.polling();
    if (Status st = loop_->rewatch(r.sock.fd(), poll ? 0 : EventLoop::kIn); !st) {
        log_event(Level::warning, "receive_mode_failed", {{"error", st.message()}});
        poll = !poll;
    }
    const auto period = std::chrono::nanoseconds(r.pacer.options().period_ns);
    if (poll) {
        if (!loop_->armed(r.timer)) (void)loop_->arm(r.timer, period, period);
    } else {
        loop_->disarm(r.timer);
    }
}

std::uint64_t RealHost::drain(VrrpSocket& s, int budget) {
    VrrpPacket p;
    std::uint64_t n = 0;
    ++rx_.reads;
    // Bounded (timers and signals get their turn), but never with packets read
    // and not handed out: epoll would not report them again, nor would a tick.
    for (int i = 0; i < budget || s.buffered(); ++i) {
        auto r = s.receive(p);
        if (!r) {
            log_event(Level::warning, "receive_failed", {{"error", r.message()}});
            break;
        }
        if (!*r) break;
        ++n;
        if (!events_) continue;
        RxAdvert rx;
        rx.family = s.family();
        rx.ifindex = p.ifindex;
        rx.src = p.src;
        rx.dst = p.dst;
        rx.ttl = p.ttl;
        rx.multicast = p.multicast;
        rx.payload = std::as_bytes(p.payload);
        events_->on_advert(rx);
    }
    rx_.packets += n;
    return n;
}

RealHost::RxCounters RealHost::rx_counters() const {
    RxCounters c = rx_;
    c.polling = rx4_.pacer.polling() || rx6_.pacer.polling();
    c.polled = rx4_.pacer.entered() + rx6_.pacer.entered();
    return c;
}

std::int64_t RealHost::unix_ms() {
    timespec ts{};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return std::int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

Result<HostTimer> RealHost::add_timer(std::function<void()> handler) {
    auto t = loop_->add_timer(std::move(handler));
    if (!t) return t.status();
    return HostTimer{t->slot};
}

void RealHost::arm(HostTimer t, std::int64_t after_ns, std::int64_t period_ns) {
    (void)loop_->arm(TimerId{t.slot}, std::chrono::nanoseconds(after_ns), std::chrono::nanoseconds(period_ns));
}
void RealHost::disarm(HostTimer t) { loop_->disarm(TimerId{t.slot}); }
bool RealHost::armed(HostTimer t) const { return loop_->armed(TimerId{t.slot}); }
std::int64_t RealHost::due_ns(HostTimer t) const { return loop_->due_ns(TimerId{t.slot}); }
void RealHost::remove_timer(HostTimer t) { loop_->remove_timer(TimerId{t.slot}); }

Status RealHost::join_group(int family, int ifindex) { return socket(family).join(ifindex); }
Status RealHost::leave_group(int family, int ifindex) { return socket(family).leave(ifindex); }

Status RealHost::send_advert(int family, const IpAddr& dst, const IpAddr& src, int ifindex,
                             std::span<const std::uint8_t> msg) {
    return socket(family).send(dst, src, ifindex, msg);
}

Status RealHost::start_script(const ScriptSpec& spec, ScriptDone done) {
    auto pid = runner_->start(spec, std::move(done));
    if (!pid) return pid.status();
    return {};
}

std::uint32_t RealHost::euid() const { return ::geteuid(); }
std::uint32_t RealHost::egid() const { return ::getegid(); }
Status RealHost::check_trusted_file(const std::string& path) { return sys::check_trusted_file(path); }

Status RealHost::watch_file(const std::string& path, std::function<void()> changed) {
    if (!watch_) {
        auto w = FileWatch::open(*loop_);
        if (!w) return w.status();
        watch_ = std::move(w).value();
    }
    return watch_->add(path, std::move(changed));
}

Status RealHost::watch_processes(bool cmdline, ProcessFilter wanted, std::function<void(const ProcessEvent&)> event) {
    if (!wanted && !procs_) return {};  // nothing watched: nothing to end
    if (!procs_) {
        auto s = ProcScan::open(*loop_);
        if (!s) return s.status();
        procs_ = std::move(s).value();
        log_event(Level::info, "process_watch",
                  {{"method", "proc_scan"}, {"interval_ms", 1000}, {"cmdline", cmdline ? "yes" : "no"}});
    }
    return procs_->watch(cmdline, std::move(wanted), std::move(event));
}

void RealHost::write_file(std::string path, std::string content) {
    if (writer_)
        writer_->submit(std::move(path), std::move(content));
    else
        log_event(Level::warning, "file_dropped", {{"file", path}, {"why", "no writer yet"}});
}

}  // namespace havip::sys
