// SPDX-License-Identifier: MIT
// Tracking: interfaces through netlink link events, vrrp_scripts through the
// script runner (interval, timeout, rise/fall). Nothing here blocks the loop.
#include <cstring>

#include "daemon/daemon_impl.hpp"
#include "sys/log.hpp"

namespace havip::daemon {

using sys::Level;
using sys::log_event;

void Daemon::Impl::on_net_event(const sys::NetEvent& ev) {
    if (stopping) return;
    if (ev.type != sys::NetEvent::Type::LinkNew && ev.type != sys::NetEvent::Type::LinkDel) return;
    bool up = ev.type == sys::NetEvent::Type::LinkNew && ev.up && ev.running;
    // The state machine ignores a repeat of the interface state it already has.
    for (auto& in : insts)
        if (in->spec.vrrp.track_interface && ev.ifindex == in->ifindex) step(*in, vrrp::Event::interface_changed(up));
    track_changed(ev.name, TrackSpec::Kind::Interface, up);
}

void Daemon::Impl::resync_links() {
    for (auto& in : insts) {
        auto li = nl->link(in->ifindex);
        bool up = li && li->up && li->running;
        if (in->spec.vrrp.track_interface) step(*in, vrrp::Event::interface_changed(up));
        for (std::size_t i = 0; i < in->spec.tracks.size(); ++i)
            if (in->spec.tracks[i].kind == TrackSpec::Kind::Interface) {
                auto tl = nl->link(std::string_view(in->spec.tracks[i].name));
                step(*in, vrrp::Event::track_changed(static_cast<std::uint16_t>(i), tl && tl->up && tl->running));
            }
    }
}

void Daemon::Impl::track_changed(const std::string& name, TrackSpec::Kind kind, bool up) {
    for (auto& in : insts)
        for (std::size_t i = 0; i < in->spec.tracks.size(); ++i)
            if (in->spec.tracks[i].kind == kind && in->spec.tracks[i].name == name)
                step(*in, vrrp::Event::track_changed(static_cast<std::uint16_t>(i), up));
}

void Daemon::Impl::start_scripts() {
    for (auto& sp : scripts) {
        ScriptState* s = sp.get();
        if (s->retired) continue;
        if (!s->timer.valid()) {
            auto t = loop->add_timer([this, s] { run_script(*s); });
            if (!t) {
                log_event(Level::error, "script_timer_failed", {{"script", s->spec.name}, {"error", t.message()}});
                continue;
            }
            s->timer = *t;
        }
        if (!loop->armed(s->timer))
            (void)loop->arm(s->timer, std::chrono::nanoseconds(1), std::chrono::milliseconds(s->spec.interval_ms));
    }
}

void Daemon::Impl::run_script(ScriptState& s) {
    if (s.running || s.retired || stopping) return;  // the previous run is still going: skip this tick
    sys::ScriptSpec spec;
    spec.argv = s.spec.cmd.argv;
    spec.as_user = s.as_user;
    spec.creds = s.creds;
    spec.timeout = std::chrono::milliseconds(s.spec.timeout_ms > 0 ? s.spec.timeout_ms : s.spec.interval_ms);
    ScriptState* sp = &s;
    auto pid = runner->start(spec, [this, sp](const sys::ScriptResult& r) { script_done(*sp, r); });
    if (!pid) {
        sys::ScriptResult r;
        r.error = pid.message();
        script_done(s, r);
        return;
    }
    s.running = true;
}

void Daemon::Impl::script_done(ScriptState& s, const sys::ScriptResult& r) {
    s.running = false;
    if (s.retired) {
        if (s.timer.valid()) loop->remove_timer(s.timer);
        s.timer = sys::TimerId{};
        return;
    }
    bool ok = r.ok();
    if (ok) {
        s.fail_run = 0;
        ++s.ok_run;
    } else {
        s.ok_run = 0;
        ++s.fail_run;
    }
    bool was = s.up;
    if (!s.up && ok && s.ok_run >= s.spec.rise) s.up = true;
    if (s.up && !ok && s.fail_run >= s.spec.fall) s.up = false;
    if (s.up != was) {
        log_event(Level::notice, "track_script", {{"script", s.spec.name}, {"up", s.up}, {"exit", r.exit_code},
                                                  {"timed_out", r.timed_out}});
        track_changed(s.spec.name, TrackSpec::Kind::Script, s.up);
    }
}

}  // namespace havip::daemon
