// SPDX-License-Identifier: MIT
#include "vrrp/sync.hpp"

#include <algorithm>

namespace havip::vrrp {

namespace {
bool any(std::span<const SyncMember> ms, bool (*p)(const SyncMember&)) { return std::any_of(ms.begin(), ms.end(), p); }
bool all(std::span<const SyncMember> ms, bool (*p)(const SyncMember&)) { return std::all_of(ms.begin(), ms.end(), p); }
}  // namespace

State sync_target(State group, std::span<const SyncMember> members) {
    if (members.empty() || any(members, [](const SyncMember& m) { return m.state == State::Init; })) return State::Init;
    if (any(members, [](const SyncMember& m) { return m.faulty; })) return State::Fault;
    if (group == State::Fault) return State::Backup;  // the last fault cleared
    if (group == State::Master)
        return all(members, [](const SyncMember& m) { return m.state == State::Master; }) ? State::Master
                                                                                          : State::Backup;
    return all(members, [](const SyncMember& m) { return m.wants_master; }) ? State::Master : State::Backup;
}

bool sync_event(State target, State member, EventKind& out) {
    if (target == member) return false;
    switch (target) {
        case State::Master:
            if (member != State::Backup) return false;
            out = EventKind::SyncMaster;
            return true;
        case State::Backup:
            if (member != State::Master && member != State::Fault) return false;
            out = EventKind::SyncBackup;
            return true;
        case State::Fault:
            if (member == State::Init) return false;
            out = EventKind::SyncFault;
            return true;
        case State::Init:
            return false;
    }
    return false;
}

}  // namespace havip::vrrp
