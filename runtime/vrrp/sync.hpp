// SPDX-License-Identifier: MIT
#pragma once
/// keepalived's vrrp_sync_group as a pure rule: given a group's state and what
/// its members' state machines say, the state the group moves to and the event
/// each member is fed to follow it. The executor applies it after every step
/// of a member; nothing here has a clock or a side effect.
///
/// keepalived 2.2.7 semantics (its documentation and vrrp_sync.c, read for
/// facts):
/// - One member in FAULT (its interface or a weightless track down) puts the
///   group in FAULT: a master member resigns (priority-0 advert, VIPs removed),
///   a backup member enters FAULT, each with its instance notify.
/// - The group stays in FAULT until no member has a fault of its own; then
///   every member leaves FAULT for BACKUP at once.
/// - A member becomes MASTER only when every member wants to (its down timer
///   or preempt_delay expired, or it is master): "prefer backup state to avoid
///   thrashing". Until then it stays BACKUP and its down timer runs again. When
///   all want it, all become MASTER together.
/// - A master member that goes BACKUP (a higher priority heard) takes the
///   group to BACKUP: the other masters leave MASTER without an advert.
/// - Group notify scripts run after the member instances' own, with
///   `GROUP <name> <STATE> 0` for the generic notify; the group's STOP after
///   every instance's at shutdown.
/// - Priorities and nopreempt stay per member: a member that does not preempt
///   (nopreempt, or a higher-priority peer) keeps the whole group BACKUP.
#include <span>

#include "vrrp/fsm.hpp"

namespace havip::vrrp {

/// What the group rule reads of one member.
struct SyncMember {
    State state = State::Init;
    bool faulty = false;        ///< Fsm::faulty(): a fault of its own
    bool wants_master = false;  ///< Fsm::wants_master()
};

/// The state a group in `group` moves to. Init while a member is in Init (the
/// group is starting or stopping: nothing moves).
State sync_target(State group, std::span<const SyncMember> members);

/// Whether a member in `member` must be fed an event to follow its group to
/// `target`, and which (SyncMaster, SyncBackup or SyncFault).
bool sync_event(State target, State member, EventKind& out);

}  // namespace havip::vrrp
