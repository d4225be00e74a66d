// SPDX-License-Identifier: MIT
// The deferred tail of havipd's transitions (exec/tail.hpp): every VIP change
// first as one batch, then GARPs, then log lines / state files / notify scripts
// in the order the state machines asked, within a time budget.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "exec/tail.hpp"

using namespace havip;
using namespace havip::exec;
using havip::vrrp::State;

namespace {

// Opaque instances: the tail never follows the pointer.
Inst* inst(int i) { return reinterpret_cast<Inst*>(static_cast<std::uintptr_t>(0x1000 * i)); }
int id(const Inst* p) { return static_cast<int>(reinterpret_cast<std::uintptr_t>(p) / 0x1000); }

sys::AddrChange vip(bool add, int last) {
    sys::AddrChange c;
    c.add = add;
    c.ifindex = 2;
    c.addr = sys::IpAddr::v4(10, 251, 0, static_cast<std::uint8_t>(last));
    c.prefix = 32;
    return c;
}

struct Recorder final : Tail::Sink {
    std::vector<std::string> log;
    std::int64_t clock = 0, tick = 0;  // now_ns advances by tick per call
    int fail_at = -1;                  // index of a change that fails
    std::vector<sys::Status> apply(std::span<const sys::AddrChange> changes) override {
        std::string s = "apply";
        std::vector<sys::Status> out;
        for (std::size_t i = 0; i < changes.size(); ++i) {
            s += std::string(" ") + (changes[i].add ? "+" : "-") + std::to_string(changes[i].addr.bytes[3]);
            out.push_back(static_cast<int>(i) == fail_at ? sys::Status::error("boom") : sys::Status{});
        }
        log.push_back(s);
        return out;
    }
    std::vector<sys::Status> apply_routes(std::span<const sys::RouteChange> changes) override {
        std::string s = "routes";
        for (const auto& c : changes) s += std::string(" ") + (c.add ? "+" : "-") + std::to_string(c.dst.bytes[1]);
        log.push_back(s);
        return std::vector<sys::Status>(changes.size());
    }
    void announce(Inst& in, std::uint32_t count) override {
        log.push_back("garp " + std::to_string(id(&in)) + "x" + std::to_string(count));
    }
    void finish(const Tail::Item& it) override {
        std::string s;
        switch (it.kind) {
            case Tail::Kind::Transition:
                s = "transition";
                break;
            case Tail::Kind::Priority:
                s = "priority";
                break;
            case Tail::Kind::Vips: {
                s = it.on ? "vips_added" : "vips_removed";
                int failed = 0;
                for (const auto& st : it.vip_status) failed += !st;
                s += " n=" + std::to_string(it.vip_status.size()) + " failed=" + std::to_string(failed);
                break;
            }
            case Tail::Kind::StateFile:
                s = std::string("state ") + std::string(vrrp::state_name(it.to));
                break;
            case Tail::Kind::Group:
                s = "group " + it.group_name + " " + std::string(vrrp::state_name(it.to));
                break;
            case Tail::Kind::Status:
                s = "status";
                break;
            case Tail::Kind::Notify:
                s = std::string("notify ") + std::string(vrrp::state_name(it.to));
                break;
            case Tail::Kind::Announce:
                s = "announce in phase 3";
                break;
            case Tail::Kind::Routes:
                s = std::string(it.on ? "routes_added" : "routes_removed") +
                    " n=" + std::to_string(it.vip_status.size());
                break;
            case Tail::Kind::GroupNotify:
                log.push_back(std::string("group notify ") + std::string(vrrp::state_name(it.to)) + " " +
                              std::to_string(reinterpret_cast<std::uintptr_t>(it.group) / 0x1000));
                return;
        }
        log.push_back(s + " " + std::to_string(id(it.in)));
    }
    std::int64_t now_ns() override { return clock += tick; }
};

/// Route 10.N.0.0/16 via 10.251.0.1.
sys::RouteChange route(bool add, int n) {
    sys::RouteChange c;
    c.add = add;
    c.dst = sys::IpAddr::v4(10, static_cast<std::uint8_t>(n), 0, 0);
    c.dst_len = 16;
    c.via = sys::IpAddr::v4(10, 251, 0, 1);
    return c;
}

// What execute() records for one takeover.
void takeover(Tail& t, int i) {
    t.transition(inst(i), State::Backup, State::Master, 100);
    sys::AddrChange c = vip(true, i);
    t.vips(inst(i), true, std::span<const sys::AddrChange>(&c, 1));
    t.announce(inst(i), 5);
    t.state_file(inst(i), State::Master);
    t.notify(inst(i), State::Master, 100);
}

}  // namespace

TEST(execTail, EveryVipFirstThenGarpsThenFilesScriptsAndLogsInOrder) {
    Tail t;
    takeover(t, 1);
    takeover(t, 2);
    EXPECT_FALSE(t.empty());
    Recorder r;
    EXPECT_FALSE(t.drain(r));
    EXPECT_TRUE(t.empty());
    const std::vector<std::string> want = {
        "apply +1 +2",
        "garp 1x5",
        "garp 2x5",
        "transition 1",
        "vips_added n=1 failed=0 1",
        "state master 1",
        "notify master 1",
        "transition 2",
        "vips_added n=1 failed=0 2",
        "state master 2",
        "notify master 2",
    };
    EXPECT_EQ(r.log, want);
}

TEST(execTail, AGroupNotifyComesAfterItsMembersNotifies) {
    Tail t;
    takeover(t, 1);
    takeover(t, 2);
    t.group_notify(reinterpret_cast<Group*>(std::uintptr_t{0x7000}), State::Master);
    Recorder r;
    EXPECT_FALSE(t.drain(r));
    ASSERT_GE(r.log.size(), 2u);
    EXPECT_EQ(r.log[r.log.size() - 2], "notify master 2");
    EXPECT_EQ(r.log.back(), "group notify master 7");
}

TEST(execTail, AddAndRemoveOfOneWakeupKeepTheirOrderInTheBatch) {
    Tail t;
    sys::AddrChange add = vip(true, 9), del = vip(false, 9);
    t.vips(inst(1), true, std::span<const sys::AddrChange>(&add, 1));
    t.vips(inst(1), false, std::span<const sys::AddrChange>(&del, 1));
    Recorder r;
    (void)t.drain(r);
    ASSERT_FALSE(r.log.empty());
    EXPECT_EQ(r.log[0], "apply +9 -9");
    EXPECT_EQ(r.log[1], "vips_added n=1 failed=0 1");
    EXPECT_EQ(r.log[2], "vips_removed n=1 failed=0 1");
}

TEST(execTail, EachVipItemGetsTheOutcomesOfItsOwnChanges) {
    Tail t;
    std::vector<sys::AddrChange> a = {vip(true, 1), vip(true, 2)}, b = {vip(true, 3)};
    t.vips(inst(1), true, a);
    t.vips(inst(2), true, b);
    Recorder r;
    r.fail_at = 1;  // the second VIP of instance 1
    (void)t.drain(r);
    EXPECT_EQ(r.log,
              (std::vector<std::string>{"apply +1 +2 +3", "vips_added n=2 failed=1 1", "vips_added n=1 failed=0 2"}));
}

TEST(execTail, BudgetStopsGarpsAndLogsButNeverTheVipBatch) {
    Tail t;
    for (int i = 1; i <= 4; ++i) takeover(t, i);
    Recorder r;
    r.tick = 1'000'000;  // each item "takes" 1 ms
    EXPECT_TRUE(t.drain(r, 1'500'000));
    // Every VIP at once, then as many GARP bursts as the budget allows.
    EXPECT_EQ(r.log, (std::vector<std::string>{"apply +1 +2 +3 +4", "garp 1x5", "garp 2x5"}));
    // Recorded meanwhile: its VIP goes first at the next drain, GARPs stay in order.
    takeover(t, 5);
    r.log.clear();
    EXPECT_TRUE(t.drain(r, 1'500'000));
    EXPECT_EQ(r.log, (std::vector<std::string>{"apply +5", "garp 3x5", "garp 4x5"}));
    r.log.clear();
    EXPECT_TRUE(t.drain(r, 1'500'000));
    // Phase 3 starts only once no GARP is waiting.
    EXPECT_EQ(r.log, (std::vector<std::string>{"garp 5x5", "transition 1"}));
    r.log.clear();
    r.tick = 0;
    EXPECT_FALSE(t.drain(r));  // no budget: the rest
    ASSERT_EQ(r.log.size(), 19u);
    EXPECT_EQ(r.log.front(), "vips_added n=1 failed=0 1");
    EXPECT_EQ(r.log.back(), "notify master 5");
    EXPECT_TRUE(t.empty());
}

TEST(execTail, NotifyOrderOfOneInstanceIsKeptAcrossDrains) {
    Tail t;
    t.transition(inst(1), State::Master, State::Backup, 50);
    t.state_file(inst(1), State::Backup);
    t.notify(inst(1), State::Backup, 50);
    Recorder r;
    r.tick = 1'000'000;
    (void)t.drain(r, 1);  // one item
    t.transition(inst(1), State::Backup, State::Init, 50);
    t.notify(inst(1), State::Init, 50);
    r.tick = 0;
    (void)t.drain(r);
    EXPECT_EQ(r.log, (std::vector<std::string>{"transition 1", "state backup 1", "notify backup 1", "transition 1",
                                               "notify init 1"}));
}

TEST(execTail, EmptyDrainDoesNothing) {
    Tail t;
    Recorder r;
    EXPECT_FALSE(t.drain(r, 0));
    EXPECT_TRUE(r.log.empty());
}

TEST(execTail, RoutesGoAfterTheVipsAndAreRemovedBeforeThem) {
    Tail t;
    // Instance 1 takes over (VIP, then its route), instance 2 resigns (its route, then its VIP).
    sys::AddrChange up = vip(true, 1), down = vip(false, 2);
    sys::RouteChange r1 = route(true, 1), r2 = route(false, 2);
    t.vips(inst(1), true, std::span<const sys::AddrChange>(&up, 1));
    t.routes(inst(1), true, std::span<const sys::RouteChange>(&r1, 1));
    t.vips(inst(2), false, std::span<const sys::AddrChange>(&down, 1));
    t.routes(inst(2), false, std::span<const sys::RouteChange>(&r2, 1));
    Recorder r;
    EXPECT_FALSE(t.drain(r));
    const std::vector<std::string> want = {"routes -2",           "apply +1 -2",
                                           "routes +1",           "vips_added n=1 failed=0 1",
                                           "routes_added n=1 1",  "vips_removed n=1 failed=0 2",
                                           "routes_removed n=1 2"};
    EXPECT_EQ(r.log, want);
}

TEST(execTail, OfTwoChangesOfOneRouteBeforeADrainOnlyTheLaterIsMade) {
    Tail t;
    // Master, then backup again within one wakeup: the route must end up absent.
    sys::RouteChange add = route(true, 7), del = route(false, 7);
    t.routes(inst(1), true, std::span<const sys::RouteChange>(&add, 1));
    t.routes(inst(1), false, std::span<const sys::RouteChange>(&del, 1));
    Recorder r;
    EXPECT_FALSE(t.drain(r));
    const std::vector<std::string> want = {"routes -7", "routes_added n=1 1", "routes_removed n=1 1"};
    EXPECT_EQ(r.log, want);
}

TEST(execTail, GroupLineComesAfterItsMembersNotifies) {
    Tail t;
    takeover(t, 1);
    takeover(t, 2);
    t.group("G1", vrrp::State::Master);
    Recorder r;
    EXPECT_FALSE(t.drain(r));
    ASSERT_GE(r.log.size(), 2u);
    EXPECT_EQ(r.log[r.log.size() - 2], "notify master 2");
    EXPECT_EQ(r.log.back(), "group G1 master 0");
}
