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
    auto s4 = VrrpSocket::open({.family = 4});
    if (!s4) return s4.status();
    h->sock4_ = std::move(s4).value();
    auto s6 = VrrpSocket::open({.family = 6});
    if (s6)
        h->sock6_ = std::move(s6).value();
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
    if (Status st =
            h->loop_->watch(h->sock4_.fd(), EventLoop::kIn, [self](std::uint32_t) { self->on_readable(self->sock4_); });
        !st)
        return st;
    if (h->sock6_.fd() >= 0)
        if (Status st = h->loop_->watch(h->sock6_.fd(), EventLoop::kIn,
                                        [self](std::uint32_t) { self->on_readable(self->sock6_); });
            !st)
            return st;
    return h;
}

RealHost::~RealHost() = default;

Status RealHost::start_writer(FileWriter::DoneFn done) {
    auto w = FileWriter::start(*loop_, std::move(done));
    if (!w) return w.status();
    writer_ = std::move(w).value();
    return {};
}

void RealHost::on_readable(VrrpSocket& s) {
    VrrpPacket p;
    for (int budget = 0; budget < 64; ++budget) {  // bounded: timers and signals get their turn
        auto r = s.receive(p);
        if (!r) {
            log_event(Level::warning, "receive_failed", {{"error", r.message()}});
            return;
        }
        if (!*r) return;
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
