// SPDX-License-Identifier: MIT
#include "exec/tail.hpp"

#include <utility>

namespace havip::exec {

void Tail::transition(Inst* in, vrrp::State from, vrrp::State to, int priority) {
    Item it;
    it.kind = Kind::Transition;
    it.in = in;
    it.from = from;
    it.to = to;
    it.priority = priority;
    late_.push_back(std::move(it));
}

void Tail::priority(Inst* in, int priority) {
    Item it;
    it.kind = Kind::Priority;
    it.in = in;
    it.priority = priority;
    late_.push_back(std::move(it));
}

void Tail::vips(Inst* in, bool on, std::span<const sys::AddrChange> changes) {
    Item it;
    it.kind = Kind::Vips;
    it.in = in;
    it.on = on;
    it.first = changes_.size();
    it.n = changes.size();
    changes_.insert(changes_.end(), changes.begin(), changes.end());
    late_.push_back(std::move(it));
    unapplied_.push_back(&late_.back());
}

void Tail::routes(Inst* in, bool on, std::span<const sys::RouteChange> changes) {
    // The latest wish for a route wins: an earlier, unapplied change of it is dropped.
    for (std::size_t i = 0; i < route_changes_.size(); ++i)
        for (const auto& c : changes)
            if (route_owner_[i] == in && route_changes_[i].same(c)) superseded_[i] = true;
    Item it;
    it.kind = Kind::Routes;
    it.in = in;
    it.on = on;
    it.first = route_changes_.size();
    it.n = changes.size();
    route_changes_.insert(route_changes_.end(), changes.begin(), changes.end());
    route_owner_.insert(route_owner_.end(), changes.size(), in);
    superseded_.insert(superseded_.end(), changes.size(), false);
    late_.push_back(std::move(it));
    unapplied_.push_back(&late_.back());
}

void Tail::announce(Inst* in, std::uint32_t count) {
    Item it;
    it.kind = Kind::Announce;
    it.in = in;
    it.count = count;
    announce_.push_back(std::move(it));
}

void Tail::state_file(Inst* in, vrrp::State to) {
    Item it;
    it.kind = Kind::StateFile;
    it.in = in;
    it.to = to;
    late_.push_back(std::move(it));
}

void Tail::notify(Inst* in, vrrp::State to, int priority) {
    Item it;
    it.kind = Kind::Notify;
    it.in = in;
    it.to = to;
    it.priority = priority;
    late_.push_back(std::move(it));
}

std::vector<sys::Status> Tail::apply_routes(Sink& sink, const std::vector<sys::RouteChange>& changes,
                                            const std::vector<bool>& hidden) {
    // One call with every change not hidden, in order; a hidden one reads as done.
    std::vector<sys::Status> status(changes.size());
    std::vector<sys::RouteChange> batch;
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < changes.size(); ++i)
        if (!hidden[i]) {
            batch.push_back(changes[i]);
            at.push_back(i);
        }
    if (batch.empty()) return status;
    std::vector<sys::Status> got = sink.apply_routes(batch);
    got.resize(batch.size());
    for (std::size_t k = 0; k < at.size(); ++k) status[at[k]] = std::move(got[k]);
    return status;
}

void Tail::apply(Sink& sink) {
    std::vector<sys::AddrChange> changes;
    changes.swap(changes_);
    std::vector<sys::RouteChange> routes;
    routes.swap(route_changes_);
    std::vector<bool> superseded;
    superseded.swap(superseded_);
    route_owner_.clear();
    std::vector<Item*> items;
    items.swap(unapplied_);
    // Removals first: the additions are hidden from the first call, the removals from the second.
    std::vector<bool> hide_adds = superseded, hide_removals = superseded;
    for (std::size_t i = 0; i < routes.size(); ++i) (routes[i].add ? hide_adds : hide_removals)[i] = true;
    std::vector<sys::Status> route_status = apply_routes(sink, routes, hide_adds);
    std::vector<sys::Status> status;
    if (!changes.empty()) status = sink.apply(changes);
    status.resize(changes.size());
    std::vector<sys::Status> added = apply_routes(sink, routes, hide_removals);
    for (std::size_t i = 0; i < routes.size(); ++i)
        if (routes[i].add && !superseded[i]) route_status[i] = std::move(added[i]);
    for (Item* it : items) {
        auto& from = it->kind == Kind::Routes ? route_status : status;
        for (std::size_t i = 0; i < it->n; ++i) it->vip_status.push_back(std::move(from[it->first + i]));
    }
}

void Tail::group_notify(Group* g, vrrp::State to) {
    Item it;
    it.kind = Kind::GroupNotify;
    it.group = g;
    it.to = to;
    late_.push_back(std::move(it));
}

void Tail::status(Inst* in) {
    Item it;
    it.kind = Kind::Status;
    it.in = in;
    late_.push_back(std::move(it));
}

void Tail::group(std::string name, vrrp::State to) {
    Item it;
    it.kind = Kind::Group;
    it.to = to;
    it.group_name = std::move(name);
    late_.push_back(std::move(it));
}

bool Tail::drain(Sink& sink, std::int64_t budget_ns) {
    if (draining_) return !empty();  // a sink that records and drains: the outer drain continues
    draining_ = true;
    // Phase 1, whole: the changes leave the lists before the sink runs.
    if (!changes_.empty() || !route_changes_.empty()) apply(sink);
    const std::int64_t until = budget_ns < 0 ? -1 : sink.now_ns() + budget_ns;
    auto spent = [&] { return until >= 0 && sink.now_ns() >= until; };
    bool stopped = false;
    while (!announce_.empty() && !stopped) {
        Item it = std::move(announce_.front());
        announce_.pop_front();
        sink.announce(*it.in, it.count);
        stopped = spent();
    }
    while (announce_.empty() && !late_.empty() && !stopped) {
        if (!unapplied_.empty() && unapplied_.front() == &late_.front()) break;  // recorded meanwhile
        Item it = std::move(late_.front());
        late_.pop_front();
        sink.finish(it);
        stopped = spent();
    }
    draining_ = false;
    return !empty();
}

}  // namespace havip::exec
