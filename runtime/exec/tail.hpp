// SPDX-License-Identifier: MIT
#pragma once
/// The slow tail of havipd's transitions, deferred to the end of the loop's
/// wakeup. A handler sends its adverts at once and records the rest here; when
/// the wakeup's handlers are done, drain() hands it over in phases, so that many
/// instances moving together (a timer batch, a graceful stop) send every advert
/// first and change every VIP in one netlink batch:
///   1. every VIP change recorded so far, in order, as one batch (always all),
///      after the route and rule removals and before the additions (a route
///      via a VIP needs the address; keepalived orders them so too); of two
///      changes of one route recorded before a drain, only the later is made;
///   2. the GARP/NA bursts, in order (after their VIPs are in place);
///   3. per item, in the order the state machines asked: log lines, state
///      files, notify scripts and FIFO lines (a state file is queued before its
///      notify), a sync group's FIFO line after its members'.
/// Phases 2 and 3 stop when a time budget is spent (after at least one item) and
/// continue at the next drain, so timers and adverts due meanwhile are not held
/// up by 255 instances' GARPs and log lines; phase 2 is empty before phase 3 runs.
/// Std and host values only; the instance is an opaque pointer it never follows.
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <vector>

#include "sys/host.hpp"
#include "vrrp/fsm.hpp"

namespace havip::exec {

struct Inst;
struct Group;

class Tail {
  public:
    enum class Kind : std::uint8_t {
        Transition,
        Priority,
        Vips,
        Announce,
        StateFile,
        Notify,
        Routes,
        GroupNotify,
        Group,
        Status
    };
    struct Item {
        Kind kind = Kind::Transition;
        Inst* in = nullptr;
        vrrp::State from = vrrp::State::Init;
        vrrp::State to = vrrp::State::Init;   ///< Transition, StateFile, Notify
        int priority = 0;                     ///< Transition, Priority, Notify
        std::uint32_t count = 0;              ///< Announce: GARP rounds
        Group* group = nullptr;               ///< GroupNotify (then `in` is null)
        bool on = false;                      ///< Vips, Routes: add (true) or remove
        std::string group_name;               ///< Group: the sync group's name (in is null)
        std::size_t first = 0, n = 0;         ///< Vips, Routes: its changes (internal)
        std::vector<sys::Status> vip_status;  ///< Vips, Routes: their outcomes, after phase 1
    };

    /// Where drain() delivers the phases.
    class Sink {
      public:
        virtual ~Sink() = default;
        /// Phase 1: one Status per change, in order.
        virtual std::vector<sys::Status> apply(std::span<const sys::AddrChange> changes) = 0;
        /// Phase 1, routes and rules: one Status per change, in order.
        virtual std::vector<sys::Status> apply_routes(std::span<const sys::RouteChange> changes) = 0;
        /// Phase 2.
        virtual void announce(Inst& in, std::uint32_t count) = 0;
        /// Phase 3; a Vips item carries the outcomes of its changes.
        virtual void finish(const Item& item) = 0;
        /// Monotonic nanoseconds, for the budget.
        virtual std::int64_t now_ns() = 0;
    };

    void transition(Inst* in, vrrp::State from, vrrp::State to, int priority);
    void priority(Inst* in, int priority);
    /// The instance's status file (the master it follows changed).
    void status(Inst* in);
    /// A sync group's transition (its FIFO line), after what is recorded so far.
    void group(std::string name, vrrp::State to);
    void vips(Inst* in, bool on, std::span<const sys::AddrChange> changes);
    void announce(Inst* in, std::uint32_t count);
    /// Routes and rules of `in` to add (on) or remove, with its VIPs.
    void routes(Inst* in, bool on, std::span<const sys::RouteChange> changes);
    void state_file(Inst* in, vrrp::State to);
    void notify(Inst* in, vrrp::State to, int priority);
    /// A sync group's notify scripts, after the notifies of its members recorded before.
    void group_notify(Group* g, vrrp::State to);

    bool empty() const { return changes_.empty() && route_changes_.empty() && announce_.empty() && late_.empty(); }
    /// Phase 1 for everything recorded, then phases 2 and 3 until `budget_ns`
    /// has passed (< 0: no budget, everything). True when items remain. Items the
    /// sink records while it runs wait for the next drain.
    bool drain(Sink& sink, std::int64_t budget_ns = -1);

  private:
    void apply(Sink& sink);
    std::vector<sys::Status> apply_routes(Sink& sink, const std::vector<sys::RouteChange>& changes,
                                          const std::vector<bool>& hidden);
    std::vector<sys::AddrChange> changes_;
    std::vector<sys::RouteChange> route_changes_;
    std::vector<Inst*> route_owner_;    // parallel to route_changes_
    std::vector<bool> superseded_;      // a later change of the same route was recorded
    std::vector<Item*> unapplied_;      // Vips items in late_ whose changes are in changes_
    std::deque<Item> announce_, late_;  // deque: unapplied_ keeps pointers into late_
    bool draining_ = false;
};

}  // namespace havip::exec
