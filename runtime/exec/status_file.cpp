// SPDX-License-Identifier: MIT
// <state_dir>/<instance>.transition: what `havipd status` shows besides the
// state — why the last transition happened, when, and the master the instance
// follows. key=value lines, written in the tail like the state file.
#include <fmt/format.h>

#include "exec/executor_impl.hpp"

namespace havip::exec {

namespace {

std::string addr_or(const vrrp::IpAddress& a, std::string_view none) { return a.valid() ? a.str() : std::string(none); }

std::string track_text(const Inst& in, std::uint16_t i, bool up) {
    if (i >= in.spec.tracks.size()) return up ? "track up" : "track failed";
    const TrackSpec& t = in.spec.tracks[i];
    switch (t.kind) {
        case TrackSpec::Kind::Interface:
            return fmt::format("track interface {} {}", t.name, up ? "up" : "down");
        case TrackSpec::Kind::Script:
            return fmt::format("track script {} {}", t.name, up ? "recovered" : "failed");
        case TrackSpec::Kind::File:
            return fmt::format("track file {} {}", t.name, up ? "recovered" : "failed");
        case TrackSpec::Kind::Process:
            return fmt::format("track process {} {}", t.name, up ? "recovered" : "failed");
    }
    return "track";
}

}  // namespace

/// The words an operator reads for a transition's cause.
std::string cause_text(const Inst& in, const vrrp::TransitionCause& c) {
    using vrrp::Cause;
    switch (c.cause) {
        case Cause::None:
            return "-";
        case Cause::Startup:
            return "startup";
        case Cause::Owner:
            return "startup as the address owner (priority 255)";
        case Cause::Resume:
            return "startup, resumed as master (its VIPs were still on the host)";
        case Cause::MasterDown:
            return "master down timer";
        case Cause::Preempt:
            return c.src.valid() ? "preempted lower priority master " + c.src.str() : "preempted";
        case Cause::HigherAdvert:
            return "higher priority advert from " + addr_or(c.src, "?");
        case Cause::Prio0Advert:
            return "priority 0 from " + addr_or(c.src, "?");
        case Cause::LinkDown:
            return "link down " + in.spec.interface;
        case Cause::LinkUp:
            return "link up " + in.spec.interface;
        case Cause::TrackDown:
            return track_text(in, c.track, false);
        case Cause::TrackUp:
            return track_text(in, c.track, true);
        case Cause::Shutdown:
            return "stop";
        case Cause::Reload:
            return "reload";
    }
    return "?";
}

void Executor::Impl::note_cause(Inst& in) {
    in.cause = in.fsm->last_cause();
    const auto c = in.cause.cause;
    if (in.reloading && (c == vrrp::Cause::Startup || c == vrrp::Cause::Owner)) in.cause.cause = vrrp::Cause::Reload;
}

void Executor::Impl::write_status(const Inst& in) {
    const vrrp::State s = in.fsm->state();
    const std::string master = s == vrrp::State::Master ? "self" : addr_or(in.fsm->master_seen(), "-");
    host.write_file(opt.state_dir + "/" + in.spec.vrrp.name + ".transition",
                    fmt::format("state={}\nsince_ms={}\nreason={}\ndetail={}\nmaster={}\n", upper_state(s),
                                in.counters.last_transition_unix_ms, vrrp::cause_name(in.cause.cause),
                                cause_text(in, in.cause), master));
}

}  // namespace havip::exec
