// SPDX-License-Identifier: MIT
// vrrp_track_process: the host's process watch reports the processes some
// track matches; each track counts its own, and its status (quorum <= count <=
// quorum_max) reaches the instances tracking it after fork_delay (the count
// grew) or terminate_delay (it shrank), as keepalived does.
#include "exec/track_process.hpp"

#include <algorithm>
#include <utility>

#include "exec/executor_impl.hpp"

namespace havip::exec {

using sys::Level;
using sys::Status;

namespace {
constexpr std::size_t kCommMax = 15;  // the kernel's TASK_COMM_LEN - 1

bool params_match(const daemon::ProcessSpec& p, std::span<const std::string> args) {
    using M = daemon::ProcessSpec::Match;
    const std::size_t n = p.params.size();
    if (args.size() < n || (p.match == M::Exact && args.size() != n)) return false;
    for (std::size_t i = 0; i < n; ++i) {
        const bool last_prefix = p.match == M::Initial && i + 1 == n;
        if (last_prefix ? !args[i].starts_with(p.params[i]) : args[i] != p.params[i]) return false;
    }
    return true;
}
}  // namespace

bool process_matches(const daemon::ProcessSpec& p, std::string_view comm, std::span<const std::string> argv) {
    if (p.match == daemon::ProcessSpec::Match::Comm) return comm == std::string_view(p.process).substr(0, kCommMax);
    if (argv.empty() || argv[0] != p.process) return false;
    return params_match(p, argv.subspan(1));
}

// A reload changes the process blocks all or nothing: a block whose spec is
// unchanged keeps its state (its status, and a fork/terminate delay under
// way), a new one starts from the host's scan, and if the new watch cannot
// start, the running blocks and their watch are as they were.
Status Executor::Impl::watch_processes(const NodeConfig& c) {
    const bool same = proc_tracks.size() == c.processes.size() &&
                      std::equal(c.processes.begin(), c.processes.end(), proc_tracks.begin(),
                                 [](const ProcessSpec& s, const auto& t) { return s == t->spec; });
    if (same) return {};
    std::vector<std::unique_ptr<ProcTrack>> next;
    std::vector<std::size_t> from;  // next[i]'s slot in proc_tracks, or kNewProcTrack
    if (Status st = next_proc_tracks(c, next, from); !st) {
        undo_proc_tracks(next, from);
        return st;
    }
    std::vector<std::unique_ptr<ProcTrack>> old = std::exchange(proc_tracks, std::move(next));
    // The host's first scan counts every block afresh; a kept block's count
    // before it decides whether its status has to move.
    std::vector<std::set<std::int32_t>> before(proc_tracks.size());
    for (std::size_t i = 0; i < proc_tracks.size(); ++i) before[i] = std::exchange(proc_tracks[i]->pids, {});
    Status st = rewatch_processes();
    if (st) {
        for (auto& t : old)
            if (t) host.remove_timer(t->timer);  // blocks no longer planned
        settle_rescanned(from, before);
        return {};
    }
    for (std::size_t i = 0; i < proc_tracks.size(); ++i) proc_tracks[i]->pids = std::move(before[i]);
    next = std::exchange(proc_tracks, std::move(old));
    undo_proc_tracks(next, from);
    if (Status again = rewatch_processes(); !again)  // the running blocks' watch again
        host.log(Level::error, "track_process_unwatched", {{"error", again.message()}});
    return st;
}

Status Executor::Impl::next_proc_tracks(const NodeConfig& c, std::vector<std::unique_ptr<ProcTrack>>& next,
                                        std::vector<std::size_t>& from) {
    for (const auto& spec : c.processes) {
        auto kept = std::find_if(proc_tracks.begin(), proc_tracks.end(),
                                 [&spec](const auto& t) { return t && t->spec == spec; });
        if (kept != proc_tracks.end()) {
            from.push_back(static_cast<std::size_t>(kept - proc_tracks.begin()));
            next.push_back(std::move(*kept));
            continue;
        }
        auto t = std::make_unique<ProcTrack>();
        t->spec = spec;
        auto timer = host.add_timer([this, p = t.get()] { proc_settle(*p); });
        if (!timer) return timer.status();
        t->timer = *timer;
        from.push_back(kNewProcTrack);
        next.push_back(std::move(t));
    }
    return {};
}

void Executor::Impl::undo_proc_tracks(std::vector<std::unique_ptr<ProcTrack>>& next,
                                      const std::vector<std::size_t>& from) {
    for (std::size_t i = 0; i < next.size(); ++i) {
        if (from[i] == kNewProcTrack)
            host.remove_timer(next[i]->timer);
        else
            proc_tracks[from[i]] = std::move(next[i]);
    }
    next.clear();
}

Status Executor::Impl::rewatch_processes() {
    if (proc_tracks.empty()) {  // none left: the watch ends (no scans for nothing)
        if (proc_watching) (void)host.watch_processes(false, nullptr, nullptr);
        proc_watching = false;
        return {};
    }
    const bool cmdline = std::any_of(proc_tracks.begin(), proc_tracks.end(),
                                     [](const auto& t) { return t->spec.match != ProcessSpec::Match::Comm; });
    proc_watching = true;  // from here the host may hold the callbacks, even if the call fails
    proc_scanning = true;
    Status st = host.watch_processes(
        cmdline,
        [this](std::string_view comm, std::span<const std::string> argv) {
            for (const auto& t : proc_tracks)
                if (process_matches(t->spec, comm, argv)) return true;
            return false;
        },
        [this](const sys::ProcessEvent& ev) { process_event(ev); });
    proc_scanning = false;
    if (!st) return Status::error("vrrp_track_process: " + st.message());
    return {};
}

void Executor::Impl::settle_rescanned(const std::vector<std::size_t>& from,
                                      const std::vector<std::set<std::int32_t>>& before) {
    for (std::size_t i = 0; i < proc_tracks.size(); ++i) {
        ProcTrack& t = *proc_tracks[i];
        if (from[i] == kNewProcTrack) {  // a new block: its status is the count now, as at start
            t.ok = process_quorum_ok(t.spec, t.pids.size());
            host.log(Level::info, "track_process",
                     {{"track", t.spec.name}, {"count", t.pids.size()}, {"status", t.ok ? "up" : "down"}});
            continue;
        }
        // A kept block: a delay under way goes on; a change the scan found
        // waits its delay like any other (at least until the reload is done).
        if (process_quorum_ok(t.spec, t.pids.size()) == t.ok) {
            host.disarm(t.timer);
        } else if (!host.armed(t.timer)) {
            const bool grew = t.pids.size() > before[i].size();
            const std::int64_t delay_ms = grew ? t.spec.fork_delay_ms : t.spec.terminate_delay_ms;
            host.arm(t.timer, std::max<std::int64_t>(delay_ms * 1'000'000, 1));
        }
    }
}

void Executor::Impl::drop_proc_tracks() {
    for (auto& t : proc_tracks) host.remove_timer(t->timer);
    proc_tracks.clear();
}

void Executor::Impl::process_event(const sys::ProcessEvent& ev) {
    if (stopping) return;
    for (auto& t : proc_tracks) {
        const bool match = ev.kind == sys::ProcessEvent::Kind::Seen && process_matches(t->spec, ev.comm, ev.argv);
        if (match == (t->pids.count(ev.pid) != 0)) continue;
        if (match)
            t->pids.insert(ev.pid);
        else
            t->pids.erase(ev.pid);
        if (!proc_scanning) proc_count_changed(*t, match);
    }
}

void Executor::Impl::proc_count_changed(ProcTrack& t, bool grew) {
    if (process_quorum_ok(t.spec, t.pids.size()) == t.ok) {
        host.disarm(t.timer);  // back where the instances are: a pending change is off
        return;
    }
    const std::int64_t delay_ms = grew ? t.spec.fork_delay_ms : t.spec.terminate_delay_ms;
    if (delay_ms == 0)
        proc_settle(t);
    else if (!host.armed(t.timer))
        host.arm(t.timer, delay_ms * 1'000'000);
}

void Executor::Impl::proc_settle(ProcTrack& t) {
    host.disarm(t.timer);
    const bool now = process_quorum_ok(t.spec, t.pids.size());
    if (stopping || now == t.ok) return;
    t.ok = now;
    host.log(Level::notice, "track_process",
             {{"track", t.spec.name}, {"count", t.pids.size()}, {"status", now ? "up" : "down"}});
    track_changed(t.spec.name, TrackSpec::Kind::Process, now);
    changed();
}

bool Executor::Impl::process_up(std::string_view name) const {
    for (const auto& t : proc_tracks)
        if (t->spec.name == name) return t->ok;
    return false;
}

void Executor::Impl::push_process_status() {
    for (auto& in : insts)
        for (std::size_t i = 0; i < in->spec.tracks.size(); ++i)
            if (in->spec.tracks[i].kind == TrackSpec::Kind::Process)
                step(*in,
                     vrrp::Event::track_changed(static_cast<std::uint16_t>(i), process_up(in->spec.tracks[i].name)));
}

}  // namespace havip::exec
