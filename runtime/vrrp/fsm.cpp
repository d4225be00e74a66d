// SPDX-License-Identifier: MIT
#include "vrrp/fsm.hpp"

#include <algorithm>

namespace havip::vrrp {

namespace {

using S = State;
using T = Trigger;
using G = Guard;
using P = Proc;

// The table. Reading guide: RFC 5798 section 6.4 for Initialize/Backup/Master,
// keepalived's FAULT state and its extensions noted per row.
constexpr Row kTable[] = {
    // Initialize
    {S::Init, T::Startup, G::Faulty, P::BecomeFault, S::Fault},
    {S::Init, T::Startup, G::Synced, P::BecomeBackup, S::Backup},  // sync group: master only with the group
    {S::Init, T::Startup, G::Owner, P::BecomeMaster, S::Master},   // priority 255: master at once
    {S::Init, T::Startup, G::Resume, P::BecomeMaster, S::Master},  // havip: a killed master's restart
    {S::Init, T::Startup, G::Always, P::BecomeBackup, S::Backup},  // keepalived: even with state MASTER

    // Backup
    {S::Backup, T::Shutdown, G::Always, P::Stop, S::Init},
    {S::Backup, T::MasterDown, G::DelayArmed, P::StartPreemptWait, S::Backup},  // keepalived preempt_delay
    {S::Backup, T::MasterDown, G::Synced, P::HoldForGroup, S::Backup},          // keepalived vrrp_sync_group
    {S::Backup, T::MasterDown, G::Always, P::BecomeMaster, S::Master},
    {S::Backup, T::PreemptDelay, G::Synced, P::HoldForGroup, S::Backup},
    {S::Backup, T::PreemptDelay, G::Always, P::BecomeMaster, S::Master},
    {S::Backup, T::AdvHigher, G::Always, P::AcceptMaster, S::Backup},
    {S::Backup, T::AdvEqualHigherIp, G::Always, P::AcceptMaster, S::Backup},  // RFC: priority >= local
    {S::Backup, T::AdvEqualLowerIp, G::Always, P::AcceptMaster, S::Backup},
    {S::Backup, T::AdvLower, G::NoPreempt, P::AcceptMaster, S::Backup},
    {S::Backup, T::AdvLower, G::Always, P::IgnoreLower, S::Backup},  // preempt: let the timer run
    {S::Backup, T::AdvPrio0, G::Synced, P::SkewTimer, S::Backup},
    {S::Backup, T::AdvPrio0, G::FastTakeover, P::BecomeMaster, S::Master},  // havip: single unicast peer
    {S::Backup, T::AdvPrio0, G::Always, P::SkewTimer, S::Backup},           // take over after Skew_Time
    {S::Backup, T::PriorityChanged, G::Always, P::Recompute, S::Backup},
    {S::Backup, T::FaultOn, G::Always, P::BecomeFault, S::Fault},
    {S::Backup, T::SyncMaster, G::Always, P::BecomeMaster, S::Master},
    {S::Backup, T::SyncFault, G::Always, P::BecomeFault, S::Fault},

    // Master
    {S::Master, T::Shutdown, G::Always, P::Stop, S::Init},  // priority-0 advert
    {S::Master, T::AdvertTimer, G::Always, P::SendAdvert, S::Master},
    {S::Master, T::AdvHigher, G::Always, P::Yield, S::Backup},
    {S::Master, T::AdvEqualHigherIp, G::Always, P::Yield, S::Backup},
    {S::Master, T::AdvEqualLowerIp, G::Always, P::AnswerLower, S::Master},
    {S::Master, T::AdvLower, G::Always, P::AnswerLower, S::Master},  // keepalived: advert + GARP
    {S::Master, T::AdvPrio0, G::Always, P::AnswerPrio0, S::Master},
    {S::Master, T::GarpDelay, G::Always, P::GarpRepeat, S::Master},
    {S::Master, T::GarpRefresh, G::Always, P::GarpRefresh, S::Master},
    {S::Master, T::LowerGarpDelay, G::Always, P::LowerGarpRepeat, S::Master},
    {S::Master, T::PriorityChanged, G::Always, P::Recompute, S::Master},
    {S::Master, T::FaultOn, G::Always, P::BecomeFault, S::Fault},  // priority-0 advert
    {S::Master, T::SyncBackup, G::Always, P::LeaveMaster, S::Backup},
    {S::Master, T::SyncFault, G::Always, P::BecomeFault, S::Fault},  // priority-0 advert

    // Fault (keepalived): silent until every weightless track is up again
    {S::Fault, T::Shutdown, G::Always, P::Stop, S::Init},
    {S::Fault, T::FaultOff, G::Synced, P::Ignore, S::Fault},  // the group leaves FAULT (SyncBackup)
    {S::Fault, T::FaultOff, G::Owner, P::BecomeMaster, S::Master},
    {S::Fault, T::FaultOff, G::Always, P::BecomeBackup, S::Backup},
    {S::Fault, T::PriorityChanged, G::Always, P::Recompute, S::Fault},
    {S::Fault, T::SyncBackup, G::Faulty, P::Ignore, S::Fault},
    {S::Fault, T::SyncBackup, G::Always, P::BecomeBackup, S::Backup},
};

}  // namespace

std::span<const Row> transition_table() { return kTable; }

std::string_view state_name(State s) {
    switch (s) {
        case State::Init:
            return "init";
        case State::Backup:
            return "backup";
        case State::Master:
            return "master";
        case State::Fault:
            return "fault";
    }
    return "?";
}

std::string_view action_name(ActionKind k) {
    switch (k) {
        case ActionKind::StateChange:
            return "state_change";
        case ActionKind::SendAdvert:
            return "send_advert";
        case ActionKind::AddVips:
            return "add_vips";
        case ActionKind::RemoveVips:
            return "remove_vips";
        case ActionKind::GarpBurst:
            return "garp_burst";
        case ActionKind::Notify:
            return "notify";
        case ActionKind::PriorityChange:
            return "priority_change";
    }
    return "?";
}

std::string_view trigger_name(Trigger t) {
    static constexpr std::string_view names[] = {
        "startup",      "shutdown",         "master_down", "advert_timer", "preempt_delay",       "garp_delay",
        "garp_refresh", "lower_garp_delay", "adv_higher",  "adv_lower",    "adv_equal_higher_ip", "adv_equal_lower_ip",
        "adv_prio0",    "priority_changed", "fault_on",    "fault_off",    "sync_master",         "sync_backup",
        "sync_fault"};
    static_assert(std::size(names) == std::size_t(Trigger::Count_));
    return std::size_t(t) < std::size(names) ? names[std::size_t(t)] : "?";
}

std::string_view guard_name(Guard g) {
    switch (g) {
        case Guard::Always:
            return "always";
        case Guard::Owner:
            return "owner";
        case Guard::Faulty:
            return "faulty";
        case Guard::NoPreempt:
            return "nopreempt";
        case Guard::DelayArmed:
            return "delay_armed";
        case Guard::FastTakeover:
            return "fast_takeover";
        case Guard::Resume:
            return "resume";
        case Guard::Synced:
            return "synced";
    }
    return "?";
}

std::string_view proc_name(Proc p) {
    static constexpr std::string_view names[] = {
        "ignore",      "become_backup",      "become_master",  "become_fault",  "stop",
        "send_advert", "answer_lower",       "answer_prio0",   "accept_master", "ignore_lower",
        "skew_timer",  "start_preempt_wait", "yield",          "garp_repeat",   "garp_refresh",
        "recompute",   "lower_garp_repeat",  "hold_for_group", "leave_master"};
    return std::size_t(p) < std::size(names) ? names[std::size_t(p)] : "?";
}

std::string_view cause_name(Cause c) {
    static constexpr std::string_view names[] = {"none",
                                                 "startup",
                                                 "owner",
                                                 "resume",
                                                 "master_down_timer",
                                                 "preempt",
                                                 "higher_priority_advert",
                                                 "priority_0_advert",
                                                 "link_down",
                                                 "link_up",
                                                 "track_down",
                                                 "track_up",
                                                 "shutdown",
                                                 "reload"};
    static_assert(std::size(names) == kCauseCount);
    return std::size_t(c) < std::size(names) ? names[std::size_t(c)] : "?";
}

int valued_contribution(const Track& t, std::int32_t value) {
    if (t.weight == 0) return ((value != 0) != t.reverse) ? kValuedFault : 0;
    const std::int64_t v = std::int64_t(value) * t.weight * (t.reverse ? -1 : 1);
    return int(std::clamp<std::int64_t>(v, kValuedFault, 253));
}

Fsm::Fsm(const InstanceConfig& cfg)
    : cfg_(&cfg),
      prio_(cfg.priority),
      // keepalived clears nopreempt when the initial state is MASTER.
      nopreempt_(cfg.nopreempt && cfg.initial_state != InitialState::Master),
      master_adver_(cfg.advert_interval),
      track_up_(cfg.tracks.size()),
      track_value_(cfg.tracks.size()) {
    for (std::size_t i = 0; i < cfg.tracks.size(); ++i)
        track_up_[i] =
            cfg.tracks[i].valued ? valued_contribution(cfg.tracks[i], 0) != kValuedFault : cfg.tracks[i].initially_up;
    recompute(nullptr);
}

void Fsm::recompute(ActionList* out) {
    // keepalived: weight > 0 counts while up, < 0 while down, 0 → FAULT when
    // down; `reverse` inverts the status. The owner ignores weights.
    int sum = 0;
    bool fault = cfg_->track_interface && !iface_up_;
    for (std::size_t i = 0; i < track_up_.size(); ++i) {
        const Track& t = cfg_->tracks[i];
        if (t.valued) {
            const int c = valued_contribution(t, track_value_[i]);
            if (c == kValuedFault)
                fault = true;
            else
                sum += c;
            continue;
        }
        const bool up = bool(track_up_[i]) != t.reverse;
        if (t.weight == 0) {
            if (!up) fault = true;
        } else if ((t.weight > 0) == up) {
            sum += t.weight;
        }
    }
    int p = cfg_->priority;
    if (p != 255) p = std::clamp(p + sum, 1, 254);
    fault_ = fault;
    if (std::uint8_t(p) != prio_) {
        prio_ = std::uint8_t(p);
        if (out) out->push({ActionKind::PriorityChange, state_, state_, prio_, 0});
    }
}

Trigger Fsm::classify(const Event& ev) const {
    if (ev.priority == 0) return Trigger::AdvPrio0;
    if (ev.priority > prio_) return Trigger::AdvHigher;
    if (ev.priority < prio_) return Trigger::AdvLower;
    // RFC 5798 6.4.3: equal priority, the higher primary IP address wins.
    return cfg_->source < ev.src ? Trigger::AdvEqualHigherIp : Trigger::AdvEqualLowerIp;
}

bool Fsm::guard(Guard g, const Event& ev) const {
    switch (g) {
        case Guard::Always:
            return true;
        case Guard::Owner:
            return cfg_->priority == 255;
        case Guard::Faulty:
            return fault_;
        case Guard::NoPreempt:
            return nopreempt_;
        case Guard::DelayArmed:
            return delay_armed_;
        case Guard::Resume:
            return ev.resume && can_resume();
        case Guard::Synced:
            return cfg_->sync_group;
        case Guard::FastTakeover:
            return cfg_->single_peer_fast_takeover && cfg_->peers.size() == 1 && ev.src == cfg_->peers[0];
    }
    return false;
}

usec Fsm::next_deadline() const {
    // Pairwise, not std::min({...}): called after every event of every instance.
    return std::min(std::min(std::min(down_, advert_), std::min(preempt_, garp_)),
                    std::min(refresh_, lower_garp_deadline()));
}

void Fsm::disarm_master_timers() {
    advert_ = garp_ = refresh_ = kNever;
    n_lower_garps_ = 0;
    answer_follow_ = 0;
}

void Fsm::push_lower_garp(usec deadline) {
    // Full: the latest pending repeat gives way to this one.
    std::size_t i = n_lower_garps_ < kLowerGarpRepeats ? n_lower_garps_++ : kLowerGarpRepeats - 1;
    for (; i > 0 && lower_garps_[i - 1] > deadline; --i) lower_garps_[i] = lower_garps_[i - 1];
    lower_garps_[i] = deadline;
}

void Fsm::pop_lower_garp() {
    if (n_lower_garps_ == 0) return;
    for (std::size_t i = 1; i < n_lower_garps_; ++i) lower_garps_[i - 1] = lower_garps_[i];
    --n_lower_garps_;
}

void Fsm::enter(State next, ActionList& out) {
    if (next == state_) return;
    want_master_ = false;
    out.push({ActionKind::StateChange, state_, next, prio_, 0});
    state_ = next;
    cause_ = pending_;
    awaiting_ = {};
    if (next != State::Backup) master_seen_ = IpAddress{};
}

TransitionCause Fsm::cause_of(Trigger t, const Event& ev) const {
    TransitionCause c;
    const bool change = ev.kind == EventKind::InterfaceChanged || ev.kind == EventKind::TrackChanged;
    switch (t) {
        case Trigger::Startup:
            c.cause = guard(Guard::Resume, ev) ? Cause::Resume : cfg_->priority == 255 ? Cause::Owner : Cause::Startup;
            break;
        case Trigger::Shutdown:
            c.cause = Cause::Shutdown;
            break;
        case Trigger::MasterDown:
        case Trigger::PreemptDelay:
            c = awaiting_.cause != Cause::None ? awaiting_ : TransitionCause{Cause::MasterDown, {}, 0};
            break;
        case Trigger::AdvHigher:
        case Trigger::AdvEqualHigherIp:
            c = {Cause::HigherAdvert, ev.src, 0};
            break;
        case Trigger::AdvPrio0:
            c = {Cause::Prio0Advert, ev.src, 0};
            break;
        case Trigger::FaultOn:
        case Trigger::FaultOff: {
            const bool on = t == Trigger::FaultOn;
            if (!change)
                c.cause = Cause::Reload;
            else if (ev.kind == EventKind::InterfaceChanged)
                c.cause = on ? Cause::LinkDown : Cause::LinkUp;
            else
                c = {on ? Cause::TrackDown : Cause::TrackUp, {}, ev.track};
            break;
        }
        default:
            c.cause = change ? Cause::None : Cause::Reload;
            break;
    }
    return c;
}

void Fsm::run(Proc p, usec now, const Event& ev, State next, ActionList& out) {
    const InstanceConfig& c = *cfg_;
    const State from = state_;
    switch (p) {
        case Proc::Ignore:
            break;
        case Proc::BecomeBackup:
            disarm_master_timers();
            preempt_ = kNever;
            master_adver_ = c.advert_interval;
            down_ = now + master_down_interval();
            // keepalived: preempt_delay also counts from the first advert timeout.
            delay_armed_ = c.preempt_delay > 0 && !nopreempt_ && from == State::Init;
            enter(State::Backup, out);
            out.push({ActionKind::Notify, from, State::Backup, prio_, 0});
            break;
        case Proc::BecomeMaster:
            down_ = preempt_ = kNever;
            delay_armed_ = false;
            enter(State::Master, out);
            out.push({ActionKind::AddVips, from, State::Master, prio_, 0});
            out.push({ActionKind::SendAdvert, from, State::Master, prio_, 0});
            if (c.garp.master_repeat > 0)
                out.push({ActionKind::GarpBurst, from, State::Master, prio_, c.garp.master_repeat});
            out.push({ActionKind::Notify, from, State::Master, prio_, 0});
            advert_ = now + c.advert_interval;
            n_lower_garps_ = 0;
            answer_follow_ = 0;
            garp_ = c.garp.master_delay > 0 && c.garp.master_repeat > 0 ? now + c.garp.master_delay : kNever;
            refresh_ = c.garp.master_refresh > 0 ? now + c.garp.master_refresh : kNever;
            break;
        case Proc::BecomeFault:
            if (from == State::Master) {
                // keepalived resigns with priority 0 so a backup takes over after Skew_Time.
                out.push({ActionKind::SendAdvert, from, State::Fault, 0, 0});
                out.push({ActionKind::RemoveVips, from, State::Fault, prio_, 0});
            }
            disarm_master_timers();
            down_ = preempt_ = kNever;
            delay_armed_ = false;
            enter(State::Fault, out);
            out.push({ActionKind::Notify, from, State::Fault, prio_, 0});
            break;
        case Proc::Stop:
            if (from == State::Master) {
                out.push({ActionKind::SendAdvert, from, State::Init, 0, 0});
                out.push({ActionKind::RemoveVips, from, State::Init, prio_, 0});
            }
            disarm_master_timers();
            down_ = preempt_ = kNever;
            delay_armed_ = false;
            enter(State::Init, out);
            out.push({ActionKind::Notify, from, State::Init, prio_, 0});
            break;
        case Proc::SendAdvert:
            out.push({ActionKind::SendAdvert, from, from, prio_, 0});
            advert_ = now + c.advert_interval;
            if (answer_follow_ > 0) {
                // havip: an answer's burst again, after the other router's own (see the header).
                --answer_follow_;
                if (c.garp.lower_prio_repeat > 0)
                    out.push({ActionKind::GarpBurst, from, from, prio_, c.garp.lower_prio_repeat});
            }
            break;
        case Proc::AnswerLower:
            // keepalived (not RFC): answer so the other master hears us and yields,
            // and refresh ARP caches that may point at it.
            if (!c.lower_prio_no_advert) out.push({ActionKind::SendAdvert, from, from, prio_, 0});
            if (c.garp.lower_prio_repeat > 0) {
                out.push({ActionKind::GarpBurst, from, from, prio_, c.garp.lower_prio_repeat});
                // keepalived: each answer has its own repeat; the garp_master_delay
                // repeat and earlier answers' repeats stay armed.
                if (c.garp.lower_prio_delay > 0) push_lower_garp(now + c.garp.lower_prio_delay);
                answer_follow_ = kAnswerFollowAdverts;
            }
            break;
        case Proc::AnswerPrio0:
            out.push({ActionKind::SendAdvert, from, from, prio_, 0});
            advert_ = now + c.advert_interval;
            break;
        case Proc::AcceptMaster:
            // keepalived: a member held in BACKUP by its group wants BACKUP again.
            want_master_ = false;
            awaiting_ = {};
            master_seen_ = ev.src;
            if (c.version == 3) master_adver_ = ev.interval;
            down_ = now + master_down_interval();
            preempt_ = kNever;
            delay_armed_ = false;
            break;
        case Proc::IgnoreLower:
            awaiting_ = {Cause::Preempt, ev.src, 0};
            master_seen_ = ev.src;  // still the master until our down timer fires
            if (c.preempt_delay > 0 && preempt_ == kNever) delay_armed_ = true;
            break;
        case Proc::SkewTimer:
            awaiting_ = {Cause::Prio0Advert, ev.src, 0};
            master_seen_ = IpAddress{};
            down_ = now + skew();
            preempt_ = kNever;
            delay_armed_ = false;
            break;
        case Proc::StartPreemptWait:
            down_ = kNever;
            delay_armed_ = false;
            preempt_ = now + c.preempt_delay;
            break;
        case Proc::Yield:
            // keepalived's higher_prio_send_advert, and havip's default while our
            // garp_master_delay repeat is pending (see the header).
            if (c.higher_prio_send_advert || (garp_ != kNever && !c.lower_prio_no_advert))
                out.push({ActionKind::SendAdvert, from, from, prio_, 0});
            disarm_master_timers();
            if (c.version == 3) master_adver_ = ev.interval;
            down_ = now + master_down_interval();
            enter(State::Backup, out);
            master_seen_ = ev.src;
            out.push({ActionKind::RemoveVips, from, State::Backup, prio_, 0});
            out.push({ActionKind::Notify, from, State::Backup, prio_, 0});
            break;
        case Proc::GarpRepeat:
            out.push({ActionKind::GarpBurst, from, from, prio_, c.garp.master_repeat});
            garp_ = kNever;
            break;
        case Proc::LowerGarpRepeat:
            out.push({ActionKind::GarpBurst, from, from, prio_, c.garp.lower_prio_repeat});
            break;
        case Proc::GarpRefresh:
            out.push({ActionKind::GarpBurst, from, from, prio_, c.garp.master_refresh_repeat});
            refresh_ = now + c.garp.master_refresh;
            break;
        case Proc::Recompute:
            break;  // the PriorityChange action was already emitted
        case Proc::HoldForGroup:
            // keepalived: the down timer runs again while the group waits for
            // every member to want MASTER.
            want_master_ = true;
            preempt_ = kNever;
            delay_armed_ = false;
            down_ = now + master_down_interval();
            break;
        case Proc::LeaveMaster:
            // keepalived's leave_master towards BACKUP: no advert, VIPs removed.
            disarm_master_timers();
            down_ = now + master_down_interval();
            enter(State::Backup, out);
            out.push({ActionKind::RemoveVips, from, State::Backup, prio_, 0});
            out.push({ActionKind::Notify, from, State::Backup, prio_, 0});
            break;
    }
    state_ = next;
}

void Fsm::dispatch(usec now, Trigger t, const Event& ev, ActionList& out) {
    pending_ = cause_of(t, ev);
    for (const Row& r : kTable) {
        if (r.state != state_ || r.trigger != t || !guard(r.guard, ev)) continue;
        run(r.proc, now, ev, r.next, out);
        return;
    }
}

ActionList Fsm::step(usec now, const Event& ev) {
    ActionList out;
    switch (ev.kind) {
        case EventKind::Startup:
            if (state_ == State::Init) dispatch(now, Trigger::Startup, ev, out);
            break;
        case EventKind::Shutdown:
            dispatch(now, Trigger::Shutdown, ev, out);
            break;
        case EventKind::MasterDownTimer:
            if (down_ != kNever) {
                down_ = kNever;
                dispatch(now, Trigger::MasterDown, ev, out);
            }
            break;
        case EventKind::AdvertTimer:
            if (advert_ != kNever) {
                advert_ = kNever;
                dispatch(now, Trigger::AdvertTimer, ev, out);
            }
            break;
        case EventKind::PreemptDelayTimer:
            if (preempt_ != kNever) {
                preempt_ = kNever;
                dispatch(now, Trigger::PreemptDelay, ev, out);
            }
            break;
        case EventKind::GarpTimer:
            if (garp_ != kNever) {
                garp_ = kNever;
                dispatch(now, Trigger::GarpDelay, ev, out);
            }
            break;
        case EventKind::GarpRefreshTimer:
            if (refresh_ != kNever) {
                refresh_ = kNever;
                dispatch(now, Trigger::GarpRefresh, ev, out);
            }
            break;
        case EventKind::LowerGarpTimer:
            if (n_lower_garps_ > 0) {
                pop_lower_garp();
                dispatch(now, Trigger::LowerGarpDelay, ev, out);
            }
            break;
        case EventKind::AdvertReceived:
            dispatch(now, classify(ev), ev, out);
            break;
        case EventKind::SyncMaster:
            dispatch(now, Trigger::SyncMaster, ev, out);
            break;
        case EventKind::SyncBackup:
            dispatch(now, Trigger::SyncBackup, ev, out);
            break;
        case EventKind::SyncFault:
            dispatch(now, Trigger::SyncFault, ev, out);
            break;
        case EventKind::TrackChanged:
        case EventKind::InterfaceChanged:
        case EventKind::ConfigChanged: {
            if (ev.kind == EventKind::TrackChanged) {
                if (ev.track >= track_up_.size()) break;
                if (cfg_->tracks[ev.track].valued) {
                    track_value_[ev.track] = ev.value;
                    track_up_[ev.track] = valued_contribution(cfg_->tracks[ev.track], ev.value) != kValuedFault;
                } else {
                    track_up_[ev.track] = ev.up;
                }
            } else if (ev.kind == EventKind::InterfaceChanged) {
                iface_up_ = ev.up;
            } else if (state_ == State::Master) {
                // A new refresh period applies at once; 0 stops the refresh.
                const usec r = cfg_->garp.master_refresh;
                if (r == 0)
                    refresh_ = kNever;
                else if (refresh_ == kNever || refresh_ - now > r)
                    refresh_ = now + r;
            }
            const bool was_fault = fault_;
            const std::uint8_t was_prio = prio_;
            recompute(state_ == State::Init ? nullptr : &out);
            if (state_ == State::Init) break;
            if (fault_ != was_fault)
                dispatch(now, fault_ ? Trigger::FaultOn : Trigger::FaultOff, ev, out);
            else if (prio_ != was_prio)
                dispatch(now, Trigger::PriorityChanged, ev, out);
            break;
        }
    }
    return out;
}

ActionList Fsm::poll_timers(usec now) {
    ActionList out;
    // Fire due timers earliest first; each may re-arm or cancel the others.
    for (int guard_loops = 0; guard_loops < 8; ++guard_loops) {
        const usec d = next_deadline();
        if (d > now) break;
        EventKind k;
        if (d == down_)
            k = EventKind::MasterDownTimer;
        else if (d == preempt_)
            k = EventKind::PreemptDelayTimer;
        else if (d == advert_)
            k = EventKind::AdvertTimer;
        else if (d == garp_)
            k = EventKind::GarpTimer;
        else if (d == refresh_)
            k = EventKind::GarpRefreshTimer;
        else
            k = EventKind::LowerGarpTimer;
        out.append(step(now, Event::of(k)));
    }
    return out;
}

}  // namespace havip::vrrp
