// SPDX-License-Identifier: MIT
// vrrp_sync_group: a group's members move together. The rule is pure
// (vrrp/sync.hpp: keepalived 2.2.7's semantics); here it is applied after
// every action list of a member, the other members are fed the events that
// make them follow, and the group's change is announced once, after its
// members' own notifies.
#include <array>
#include <utility>

#include "exec/executor_impl.hpp"
#include "vrrp/sync.hpp"

namespace havip::exec {

using sys::Level;

namespace {
std::uint64_t group_key(const std::string& name) {
    std::uint64_t h = 0x84222325cbf29ce4ull;  // FNV-1a from another basis: never an instance's key
    for (char c : name) h = (h ^ static_cast<std::uint8_t>(c)) * 0x100000001b3ull;
    return h;
}

/// What the group rule reads of the members, without allocating.
constexpr std::size_t kMaxMembers = 64;
}  // namespace

void Executor::Impl::bind_groups() {
    for (auto& in : insts) in->group = nullptr;
    std::vector<std::unique_ptr<Group>> next;
    for (const auto& spec : cfg.sync_groups) {
        std::unique_ptr<Group> g;
        for (auto& old : groups)
            if (old && old->spec.name == spec.name) g = std::move(old);
        if (!g) g = std::make_unique<Group>();
        g->spec = spec;
        g->key = group_key(spec.name);
        g->members.clear();
        for (const auto& m : spec.members)
            for (auto& in : insts)
                if (in->spec.vrrp.name == m && in->spec.vrrp.sync_group && !in->group) {
                    in->group = g.get();
                    g->members.push_back(in.get());
                }
        if (g->members.size() > kMaxMembers) {
            host.log(Level::error, "sync_group_too_large", {{"group", spec.name}, {"members", g->members.size()}});
            for (Inst* in : g->members) in->group = nullptr;
            g->members.clear();
        }
        next.push_back(std::move(g));
    }
    (void)flush_tail();  // a group dropped by a reload may still have notifies queued
    groups = std::move(next);
}

void Executor::Impl::sync_after(Group& g) {
    if (syncing || stopping || g.members.empty()) return;
    std::array<vrrp::SyncMember, kMaxMembers> view{};
    for (std::size_t i = 0; i < g.members.size(); ++i) {
        const vrrp::Fsm& f = *g.members[i]->fsm;
        view[i] = {f.state(), f.faulty(), f.wants_master()};
    }
    const vrrp::State target = vrrp::sync_target(g.state, std::span(view.data(), g.members.size()));
    if (target == vrrp::State::Init) return;  // a member is starting
    syncing = true;
    for (Inst* m : g.members) {
        vrrp::EventKind k{};
        if (vrrp::sync_event(target, m->fsm->state(), k)) step(*m, vrrp::Event::of(k));
    }
    syncing = false;
    if (target != g.state) {
        ++g.transitions;
        g.last_transition_unix_ms = host.unix_ms();
        announce_group(g, std::exchange(g.state, target), target);
    }
}

void Executor::Impl::announce_group(Group& g, vrrp::State from, vrrp::State to) {
    host.log(Level::notice, "group_transition",
             {{"group", g.spec.name}, {"from", vrrp::state_name(from)}, {"to", vrrp::state_name(to)}});
    tail.group(g.spec.name, to);  // the notify FIFO's GROUP line (keepalived writes it too at stop)
    tail.group_notify(&g, to);
    changed();
}

void Executor::Impl::group_notify(Group& g, vrrp::State to) {
    const Command* specific = to == vrrp::State::Master   ? &g.spec.notify_master
                              : to == vrrp::State::Backup ? &g.spec.notify_backup
                              : to == vrrp::State::Fault  ? &g.spec.notify_fault
                                                          : &g.spec.notify_stop;
    queue_command(g.key, "group", g.spec.name, *specific, {}, "notify_state");
    // keepalived passes priority 0 for a group.
    queue_command(g.key, "group", g.spec.name, g.spec.notify, {"GROUP", g.spec.name, upper_state(to), "0"}, "notify");
}

void Executor::Impl::stop_groups() {
    for (auto& g : groups)
        if (g->state != vrrp::State::Init)
            announce_group(*g, std::exchange(g->state, vrrp::State::Init), vrrp::State::Init);
}

}  // namespace havip::exec
