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
    it.group = std::move(name);
    late_.push_back(std::move(it));
}

bool Tail::drain(Sink& sink, std::int64_t budget_ns) {
    if (draining_) return !empty();  // a sink that records and drains: the outer drain continues
    draining_ = true;
    // Phase 1, whole: the changes leave the list before the sink runs.
    if (!changes_.empty()) {
        std::vector<sys::AddrChange> changes;
        changes.swap(changes_);
        std::vector<Item*> items;
        items.swap(unapplied_);
        std::vector<sys::Status> status = sink.apply(changes);
        status.resize(changes.size());
        for (Item* it : items)
            for (std::size_t i = 0; i < it->n; ++i) it->vip_status.push_back(std::move(status[it->first + i]));
    }
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
