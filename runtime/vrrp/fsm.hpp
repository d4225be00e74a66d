// SPDX-License-Identifier: MIT
#pragma once
/// The VRRP state machine (RFC 3768 / RFC 5798 with keepalived's semantics) as a
/// table of {state, trigger, guard, procedure, next}, driven by an explicit
/// clock: step(now, event) returns the actions the caller must carry out.
/// Pure: no system calls, no allocation after construction, no exceptions.
///
/// keepalived semantics implemented (facts from its documentation and measured
/// behaviour of 2.2.7): start in BACKUP (the address owner, priority 255, goes
/// MASTER at once); nopreempt (ignored with state MASTER); preempt_delay counted
/// from the advert timeout at startup or after seeing a lower-priority master;
/// a master answers a lower-priority advert with an advert and a GARP burst
/// (lower_prio_no_advert turns that off), and each answer has its own
/// garp_lower_prio_delay repeat (a later answer does not move an earlier one);
/// priority 0 on shutdown and when a master enters FAULT; effective priority =
/// base + weights, clamped to 1..254, weights ignored for the owner; a v3
/// backup adopts the master's interval.
///
/// havip beyond keepalived: after answering a lower-priority advert, the
/// master's next kAnswerFollowAdverts periodic adverts also carry the
/// lower-priority GARP burst. The router that took over sends its GARPs just
/// after the advert we answer (after adding its VIPs), so our answer's burst
/// can reach the hosts first and lose; and it yields when it hears one of our
/// adverts. The second advert after an answer is at least one interval after
/// it, after that router's burst.
/// And a master that yields while its garp_master_delay repeat is pending (it
/// took over recently, so hosts may still use its MAC from its own burst) sends
/// one advert first, as keepalived does with higher_prio_send_advert: the
/// master it yields to may not have heard it (its adverts lost, or it yields on
/// that master's first advert) and answers it with its lower-priority GARPs.
/// Not with lower_prio_no_advert (the RFC's behaviour, implied by vrrp_strict).
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "vrrp/config.hpp"
#include "vrrp/packet.hpp"
#include "vrrp/timing.hpp"

namespace havip::vrrp {

enum class State : std::uint8_t { Init, Backup, Master, Fault };
/// "init", "backup", "master", "fault".
std::string_view state_name(State s);

/// What the caller tells the state machine.
enum class EventKind : std::uint8_t {
    Startup,            ///< the instance starts (or restarts after Shutdown)
    Shutdown,           ///< graceful stop
    MasterDownTimer,    ///< the Master_Down_Timer expired
    AdvertTimer,        ///< the Adver_Timer expired
    PreemptDelayTimer,  ///< the preempt_delay wait expired
    GarpTimer,          ///< time for the garp_master_delay repeat after becoming master
    GarpRefreshTimer,   ///< time for a periodic GARP/NA refresh
    LowerGarpTimer,     ///< time for the garp_lower_prio_delay repeat after answering a lower priority
    AdvertReceived,     ///< a validated advertisement (see Event::advert)
    TrackChanged,       ///< tracked object `track` went up or down (a valued track: took `value`)
    InterfaceChanged,   ///< the instance's interface went up or down
    ConfigChanged,      ///< the caller changed priority, track weights or GARP settings in place (reload)
    SyncMaster,         ///< sync group: the group goes MASTER (vrrp/sync.hpp)
    SyncBackup,         ///< sync group: the group goes BACKUP (leave MASTER, or FAULT once no member is faulty)
    SyncFault,          ///< sync group: another member is in FAULT
};

/// An input event. Timer events that are not armed are ignored (stale).
struct Event {
    EventKind kind = EventKind::Startup;
    std::uint8_t priority = 0;  ///< AdvertReceived: advertised priority
    usec interval = 0;          ///< AdvertReceived: advertised interval (µs)
    IpAddress src;              ///< AdvertReceived: IP source of the advert
    std::uint16_t track = 0;    ///< TrackChanged: index into InstanceConfig::tracks
    bool up = true;             ///< TrackChanged / InterfaceChanged
    std::int32_t value = 0;     ///< TrackChanged of a valued track (Track::valued)
    bool resume = false;        ///< Startup: the instance's VIPs are still on the host

    static Event of(EventKind k) {
        Event e;
        e.kind = k;
        return e;
    }
    /// Startup; `resume` when the caller found this instance's VIPs still
    /// configured (a master killed and restarted): with preemption allowed and
    /// no preempt_delay it resumes as master at once (see Guard::Resume).
    static Event startup(bool resume) {
        Event e;
        e.kind = EventKind::Startup;
        e.resume = resume;
        return e;
    }
    static Event advert(std::uint8_t prio, usec interval, const IpAddress& src) {
        Event e;
        e.kind = EventKind::AdvertReceived;
        e.priority = prio;
        e.interval = interval;
        e.src = src;
        return e;
    }
    /// From a validated advert and the IP source it came from.
    static Event advert(const Advert& a, const IpAddress& src) { return advert(a.priority, a.interval(), src); }
    static Event track_changed(std::uint16_t index, bool up) {
        Event e;
        e.kind = EventKind::TrackChanged;
        e.track = index;
        e.up = up;
        return e;
    }
    /// A valued track (track_file) now holds `value`.
    static Event track_value(std::uint16_t index, std::int32_t value) {
        Event e = track_changed(index, true);
        e.value = value;
        return e;
    }
    static Event interface_changed(bool up) {
        Event e;
        e.kind = EventKind::InterfaceChanged;
        e.up = up;
        return e;
    }
};

/// What the caller must do, in order.
enum class ActionKind : std::uint8_t {
    StateChange,     ///< from → to (log, state file)
    SendAdvert,      ///< send an advert with `priority` (0: resignation) to the peers/group
    AddVips,         ///< install the VIPs
    RemoveVips,      ///< remove the VIPs
    GarpBurst,       ///< `count` gratuitous ARPs / unsolicited NAs per VIP
    Notify,          ///< run the notify scripts for `to` (Init = notify_stop)
    PriorityChange,  ///< the effective priority is now `priority`
};
std::string_view action_name(ActionKind k);

struct Action {
    ActionKind kind = ActionKind::StateChange;
    State from = State::Init;
    State to = State::Init;
    std::uint8_t priority = 0;
    std::uint32_t count = 0;
    friend bool operator==(const Action&, const Action&) = default;
};

/// A fixed-capacity action buffer: nothing allocates on the advert path.
class ActionList {
  public:
    static constexpr std::size_t kCapacity = 16;
    void push(const Action& a) {
        if (n_ < kCapacity) items_[n_++] = a;
    }
    std::size_t size() const { return n_; }
    bool empty() const { return n_ == 0; }
    const Action& operator[](std::size_t i) const { return items_[i]; }
    const Action* begin() const { return items_.data(); }
    const Action* end() const { return items_.data() + n_; }
    void clear() { n_ = 0; }
    /// Appends another list (poll_timers gathers several timers' actions).
    void append(const ActionList& o) {
        for (const auto& a : o) push(a);
    }

  private:
    std::array<Action, kCapacity> items_{};
    std::size_t n_ = 0;
};

/// Why the state machine last changed state, for operators (havipd status,
/// logs): what the triggering event was, with its detail as data.
enum class Cause : std::uint8_t {
    None,          ///< no transition yet
    Startup,       ///< the instance started
    Owner,         ///< started as the address owner (priority 255): master at once
    Resume,        ///< restarted with its VIPs still on the host: master at once
    MasterDown,    ///< the master down timer expired (no advert from a master)
    Preempt,       ///< took over from the lower-priority master `src` (after any preempt_delay)
    HigherAdvert,  ///< an advert from `src` with a higher priority (or equal, from a higher address)
    Prio0Advert,   ///< the master `src` resigned (priority 0)
    LinkDown,      ///< the instance's interface went down
    LinkUp,        ///< its interface came back and nothing else keeps it in FAULT
    TrackDown,     ///< tracked object `track` failed
    TrackUp,       ///< tracked object `track` recovered and nothing else keeps it in FAULT
    Shutdown,      ///< the graceful stop
    Reload,        ///< the caller changed the configuration in place
};
inline constexpr std::size_t kCauseCount = 14;
/// "startup", "master_down_timer"... (stable: status --json and logs carry it).
std::string_view cause_name(Cause c);

struct TransitionCause {
    Cause cause = Cause::None;
    IpAddress src;            ///< Preempt, HigherAdvert, Prio0Advert (family 0: unknown)
    std::uint16_t track = 0;  ///< TrackDown, TrackUp: index into InstanceConfig::tracks
    friend bool operator==(const TransitionCause&, const TransitionCause&) = default;
};

/// The table's vocabulary: events after classification.
enum class Trigger : std::uint8_t {
    Startup,
    Shutdown,
    MasterDown,
    AdvertTimer,
    PreemptDelay,
    GarpDelay,
    GarpRefresh,
    LowerGarpDelay,
    AdvHigher,         ///< advertised priority above ours
    AdvLower,          ///< below ours (and not 0)
    AdvEqualHigherIp,  ///< equal priority, sender's address higher: sender wins
    AdvEqualLowerIp,   ///< equal priority, our address higher: we win
    AdvPrio0,          ///< the master resigns
    PriorityChanged,   ///< effective priority changed (tracking)
    FaultOn,           ///< a weightless track or the interface went down
    FaultOff,          ///< every weightless track and the interface are up again
    SyncMaster,        ///< the sync group goes MASTER
    SyncBackup,        ///< the sync group goes BACKUP
    SyncFault,         ///< the sync group goes FAULT
    Count_
};
std::string_view trigger_name(Trigger t);

/// Conditions a row needs besides state and trigger.
enum class Guard : std::uint8_t {
    Always,
    Owner,         ///< base priority 255 (address owner)
    Faulty,        ///< a fault is active
    NoPreempt,     ///< nopreempt in force
    DelayArmed,    ///< preempt_delay applies to this takeover
    FastTakeover,  ///< single-peer fast takeover applies to this priority-0 advert
    Resume,        ///< a restart that found its VIPs on the host (Fsm::can_resume)
    Synced,        ///< a member of a sync group (InstanceConfig::sync_group)
};
std::string_view guard_name(Guard g);

/// What a row does.
enum class Proc : std::uint8_t {
    Ignore,
    BecomeBackup,
    BecomeMaster,
    BecomeFault,
    Stop,
    SendAdvert,
    AnswerLower,
    AnswerPrio0,
    AcceptMaster,
    IgnoreLower,
    SkewTimer,
    StartPreemptWait,
    Yield,
    GarpRepeat,
    GarpRefresh,
    Recompute,
    LowerGarpRepeat,
    HoldForGroup,  ///< sync group: wants MASTER, stays BACKUP until the group agrees
    LeaveMaster,   ///< sync group: MASTER to BACKUP without an advert (the group went BACKUP)
};
std::string_view proc_name(Proc p);

/// One row: in `state`, on `trigger`, if `guard` holds, run `proc` and enter `next`.
/// Rows are matched in order; the first whose guard holds wins; no row = ignore.
struct Row {
    State state;
    Trigger trigger;
    Guard guard;
    Proc proc;
    State next;
};

/// What a valued track (track_file) holding `value` adds to the priority, or
/// kValuedFault: keepalived's rule (see Track::valued).
inline constexpr int kValuedFault = -254;
int valued_contribution(const Track& t, std::int32_t value);

/// The whole transition table.
std::span<const Row> transition_table();

/// One VRRP instance's state machine. The configuration must outlive it and
/// pass check(); the tracking state is sized at construction.
class Fsm {
  public:
    /// ConfigChanged may follow an in-place change of cfg.priority (neither old
    /// nor new 255), of track weights (same tracks) or of cfg.garp; anything
    /// else needs a new Fsm.
    explicit Fsm(const InstanceConfig& cfg);

    /// Feeds one event at time `now` (µs, monotonic, never decreasing).
    ActionList step(usec now, const Event& ev);
    /// Fires every timer due at `now` (earliest first) and returns their actions.
    ActionList poll_timers(usec now);
    /// The earliest armed timer, or kNever: a loop arms one timer for it.
    usec next_deadline() const;

    State state() const { return state_; }
    const InstanceConfig& config() const { return *cfg_; }
    std::uint8_t effective_priority() const { return prio_; }
    /// Master_Adver_Interval: ours, or (v3 backup) the master's.
    usec master_adver_interval() const { return master_adver_; }
    usec skew() const { return skew_time(cfg_->version, prio_, master_adver_); }
    usec master_down_interval() const { return master_down_interval_for(master_adver_); }
    bool faulty() const { return fault_; }
    /// Why the last state change happened.
    const TransitionCause& last_cause() const { return cause_; }
    /// The master this instance currently follows as a backup: the source of
    /// the last advert it accepted (family 0: none heard since it became backup,
    /// or it resigned). Not kept while master, fault or stopped.
    const IpAddress& master_seen() const { return master_seen_; }
    /// Tracked object i's last reported status (before `reverse`), for metrics.
    /// (A valued track: true unless it puts the instance in FAULT.)
    bool track_up(std::size_t i) const { return i < track_up_.size() && track_up_[i]; }
    /// A valued track's last value (0 for others).
    std::int32_t track_value(std::size_t i) const { return i < track_value_.size() ? track_value_[i] : 0; }
    bool nopreempt() const { return nopreempt_; }
    /// Whether a Startup that found its VIPs still on the host resumes as
    /// master: it may preempt at once (no nopreempt, no preempt_delay).
    /// Not a sync group member: its group decides when it becomes master.
    bool can_resume() const { return !nopreempt_ && cfg_->preempt_delay == 0 && !cfg_->sync_group; }
    /// A sync group member whose own election would make it master now (its
    /// down timer or preempt_delay expired) and that waits for its group
    /// (keepalived's wantstate MASTER); cleared by an accepted advert or any
    /// state change. Always true for a master.
    bool wants_master() const { return state_ == State::Master || want_master_; }
    /// Armed deadlines (kNever when not armed), for logs and tests.
    usec master_down_deadline() const { return down_; }
    usec advert_deadline() const { return advert_; }
    usec preempt_deadline() const { return preempt_; }
    /// The three GARP/NA schedules are independent: the garp_master_delay repeat,
    /// the refresh and the lower-priority answer's repeat never cancel each other.
    usec garp_deadline() const { return garp_; }
    usec refresh_deadline() const { return refresh_; }
    /// The earliest pending lower-priority repeat (one per answer, at most
    /// kLowerGarpRepeats pending: beyond that an answer replaces the latest).
    usec lower_garp_deadline() const { return n_lower_garps_ ? lower_garps_[0] : kNever; }
    std::size_t lower_garps_pending() const { return n_lower_garps_; }
    /// Periodic adverts that will still carry an answer's GARP burst.
    unsigned answer_follow_adverts() const { return answer_follow_; }
    static constexpr std::size_t kLowerGarpRepeats = 8;
    static constexpr unsigned kAnswerFollowAdverts = 2;
    /// Classifies a received advert against our priority and address.
    Trigger classify(const Event& advert) const;

  private:
    usec master_down_interval_for(usec interval) const {
        return usec(cfg_->down_timer_adverts) * interval + skew_time(cfg_->version, prio_, interval);
    }
    bool guard(Guard g, const Event& ev) const;
    void run(Proc p, usec now, const Event& ev, State next, ActionList& out);
    void dispatch(usec now, Trigger t, const Event& ev, ActionList& out);
    void enter(State next, ActionList& out);
    void recompute(ActionList* out);
    void disarm_master_timers();
    void push_lower_garp(usec deadline);
    void pop_lower_garp();
    TransitionCause cause_of(Trigger t, const Event& ev) const;

    const InstanceConfig* cfg_;
    State state_ = State::Init;
    std::uint8_t prio_;
    bool nopreempt_;
    usec master_adver_;
    usec down_ = kNever, advert_ = kNever, preempt_ = kNever, garp_ = kNever, refresh_ = kNever;
    std::array<usec, kLowerGarpRepeats> lower_garps_{};  ///< ascending, n_lower_garps_ used
    std::uint8_t n_lower_garps_ = 0;
    std::uint8_t answer_follow_ = 0;
    bool delay_armed_ = false;
    bool want_master_ = false;
    bool fault_ = false;
    bool iface_up_ = true;
    std::vector<std::uint8_t> track_up_;
    std::vector<std::int32_t> track_value_;
    TransitionCause cause_;    ///< of the last state change
    TransitionCause pending_;  ///< of the event being dispatched
    // Why a master down timer may fire: the lower-priority master we let it run
    // for (Preempt), or the master that resigned (Prio0Advert). Cause::None: none.
    TransitionCause awaiting_;
    IpAddress master_seen_;
};

}  // namespace havip::vrrp
