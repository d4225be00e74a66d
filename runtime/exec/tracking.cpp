// SPDX-License-Identifier: MIT
// Tracking: interfaces through netlink link events, vrrp_scripts through the
// script runner (interval, timeout, rise/fall). Nothing here blocks the loop.
#include <cstring>

#include "exec/executor_impl.hpp"

namespace havip::exec {

using sys::Level;
using sys::Status;

void Executor::Impl::on_link(const sys::LinkEvent& ev) {
    if (stopping) return;
    bool up = ev.present && ev.up && ev.running;
    // The state machine ignores a repeat of the interface state it already has.
    for (auto& in : insts)
        if (in->spec.vrrp.track_interface && ev.ifindex == in->ifindex) step(*in, vrrp::Event::interface_changed(up));
    track_changed(ev.name, TrackSpec::Kind::Interface, up);
}

void Executor::Impl::on_links_lost() {
    if (!stopping) restore_addresses(0);  // address events were lost too
    for (auto& in : insts) {
        auto li = host.link(in->ifindex);
        bool up = li && li->up && li->running;
        if (in->spec.vrrp.track_interface) step(*in, vrrp::Event::interface_changed(up));
        for (std::size_t i = 0; i < in->spec.tracks.size(); ++i)
            if (in->spec.tracks[i].kind == TrackSpec::Kind::Interface) {
                auto tl = host.link(std::string_view(in->spec.tracks[i].name));
                step(*in, vrrp::Event::track_changed(static_cast<std::uint16_t>(i), tl && tl->up && tl->running));
            }
    }
}

void Executor::Impl::track_changed(std::string_view name, TrackSpec::Kind kind, bool up) {
    for (auto& in : insts)
        for (std::size_t i = 0; i < in->spec.tracks.size(); ++i)
            if (in->spec.tracks[i].kind == kind && in->spec.tracks[i].name == name)
                step(*in, vrrp::Event::track_changed(static_cast<std::uint16_t>(i), up));
}

void Executor::Impl::start_scripts() {
    for (auto& sp : scripts) {
        ScriptState* s = sp.get();
        if (s->retired) continue;
        if (!s->timer.valid()) {
            auto t = host.add_timer([this, s] { run_script(*s); });
            if (!t) {
                host.log(Level::error, "script_timer_failed", {{"script", s->spec.name}, {"error", t.message()}});
                continue;
            }
            s->timer = *t;
        }
        if (!host.armed(s->timer)) host.arm(s->timer, 1, s->spec.interval_ms * 1'000'000);
    }
}

void Executor::Impl::run_script(ScriptState& s) {
    if (s.running || s.retired || stopping) return;  // the previous run is still going: skip this tick
    sys::ScriptSpec spec;
    spec.argv = s.spec.cmd.argv;
    spec.as_user = s.as_user;
    spec.creds = s.creds;
    spec.timeout = std::chrono::milliseconds(s.spec.timeout_ms > 0 ? s.spec.timeout_ms : s.spec.interval_ms);
    ScriptState* sp = &s;
    Status st = host.start_script(spec, [this, sp](const sys::ScriptResult& r) { script_done(*sp, r); });
    if (!st) {
        sys::ScriptResult r;
        r.error = st.message();
        script_done(s, r);
        return;
    }
    s.running = true;
}

void Executor::Impl::script_done(ScriptState& s, const sys::ScriptResult& r) {
    s.running = false;
    if (s.retired) {
        if (s.timer.valid()) host.remove_timer(s.timer);
        s.timer = sys::HostTimer{};
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
        host.log(Level::notice, "track_script",
                 {{"script", s.spec.name}, {"up", s.up}, {"exit", r.exit_code}, {"timed_out", r.timed_out}});
        track_changed(s.spec.name, TrackSpec::Kind::Script, s.up);
    }
}

}  // namespace havip::exec
