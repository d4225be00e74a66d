// SPDX-License-Identifier: MIT
// vrrp_sync_group in the plan: the group record (members, notify commands),
// keepalived's tracking rule applied to the members' tracks, and what the
// loader refuses.
#include <gtest/gtest.h>

#include "emit/plan_writer.hpp"
#include "plan/loader.hpp"
#include "plan_fixtures.hpp"
#include "raw_plan.hpp"

namespace havip {
namespace {

using plan::PlanView;
using namespace plan_test;

model::TrackRef track(model::TrackKind k, const char* name, int weight = 0, bool has_weight = false) {
    return model::TrackRef{k, name, weight, has_weight, false, {}};
}

/// The guide's VI_1 and a VI_2 on eth1 in group G (notify_master and notify).
model::Node grouped() {
    auto n = guide_node();
    auto second = n.instances[0];
    second.name = "VI_2";
    second.vrid.assign(52, {});
    second.interface.assign("eth1", {});
    n.instances.push_back(second);
    model::SyncGroup g;
    g.name = "G";
    g.members = {"VI_2", "VI_1", "VI_9"};  // VI_9 is no instance: dropped, as keepalived does
    g.notify_master = cmd({"/etc/havip/group.sh", "MASTER"}, "nobody");
    g.notify = cmd({"/etc/havip/notify.sh"});
    n.sync_groups.push_back(g);
    return n;
}

std::vector<std::byte> write(const model::Node& n) {
    std::string err;
    auto b = emit::write_plan(n, emit::PlanMeta{"havip 0.1.0", 0}, &err);
    EXPECT_FALSE(b.empty()) << err;
    return b;
}

std::string load_error(const std::vector<std::byte>& b) {
    auto r = PlanView::load(b);
    return r.ok() ? "" : r.error().message;
}

}  // namespace

TEST(PlanSyncGroup, TheGroupRecordCarriesMembersAndCommands) {
    const auto b = write(grouped());
    auto v = PlanView::load(b);
    ASSERT_TRUE(v.ok()) << v.error().message;
    ASSERT_EQ(v->sync_group_count(), 1u);
    const auto g = v->sync_group(0);
    EXPECT_EQ(g.name, "G");
    EXPECT_EQ(g.members.to_vector(), (std::vector<std::string>{"VI_2", "VI_1"}));
    const auto& m = g.notify[static_cast<std::size_t>(plan::CommandKind::Master)];
    EXPECT_EQ(m.argv.to_vector(), (std::vector<std::string>{"/etc/havip/group.sh", "MASTER"}));
    EXPECT_EQ(m.user, "nobody");
    EXPECT_TRUE(g.notify[static_cast<std::size_t>(plan::CommandKind::Backup)].argv.empty());
    EXPECT_EQ(g.notify[static_cast<std::size_t>(plan::CommandKind::Generic)].argv.to_vector(),
              (std::vector<std::string>{"/etc/havip/notify.sh"}));
    const std::string dump = plan::disassemble(*v);
    EXPECT_NE(dump.find("sync_group[0]"), std::string::npos) << dump;
    EXPECT_NE(dump.find("members \"VI_2\" \"VI_1\""), std::string::npos) << dump;
    // The section comes last (after data) and is required.
    const auto secs = v->sections();
    EXPECT_EQ(secs.back().id, static_cast<std::uint8_t>(plan::SectionId::SyncGroup));
    EXPECT_EQ(secs.back().flags, 0);
}

TEST(PlanSyncGroup, APlanWithoutGroupsHasNoSection) {
    const auto b = write(guide_node());
    auto v = PlanView::load(b);
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->sync_group_count(), 0u);
    for (const auto& s : v->sections()) EXPECT_NE(s.id, static_cast<std::uint8_t>(plan::SectionId::SyncGroup));
}

TEST(PlanSyncGroup, MembersTracksFollowKeepalivedsRuleAndTheGroupsAreAdded) {
    auto n = grouped();
    model::Script chk;
    chk.name = "chk";
    chk.command = cmd({"/bin/true"});
    chk.weight.assign(-20, {});
    n.scripts.push_back(chk);
    auto& in = n.instances[0];  // VI_1: the guide's track_interface eth0 (no weight)
    in.tracks.push_back(track(model::TrackKind::Interface, "eth2", -30, true));  // weighted: weight 0
    in.tracks.push_back(track(model::TrackKind::Script, "chk"));                 // the script's -20: ignored
    n.sync_groups[0].tracks.push_back(track(model::TrackKind::Interface, "eth3", -10, true));
    const auto b = write(n);
    auto v = PlanView::load(b);
    ASSERT_TRUE(v.ok()) << v.error().message;
    const auto vi1 = v->find_instance("VI_1");
    ASSERT_TRUE(vi1);
    std::vector<std::string> got;
    for (std::size_t i = vi1->tracks.first; i < vi1->tracks.end(); ++i) {
        const auto t = v->track(i);
        got.push_back(std::string(t.name) + ":" + std::to_string(t.weight));
    }
    EXPECT_EQ(got, (std::vector<std::string>{"eth0:0", "eth2:0", "eth3:-10"}));
    // sync_group_tracking_weight keeps the members' weights.
    n.sync_groups[0].tracking_weight = true;
    const auto b2 = write(n);
    auto v2 = PlanView::load(b2);
    ASSERT_TRUE(v2.ok());
    const auto vi1b = v2->find_instance("VI_1");
    EXPECT_EQ(vi1b->tracks.count, 4u);
}

TEST(PlanSyncGroup, TheLoaderRefusesAMemberThatIsNoInstanceOrInTwoGroups) {
    auto n = grouped();
    model::SyncGroup h;
    h.name = "H";
    h.members = {"VI_1"};
    n.sync_groups.push_back(h);  // the writer drops VI_1 from H (keepalived: first group wins)
    const auto b = write(n);
    auto v = PlanView::load(b);
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->sync_group_count(), 1u);  // H has no member left: not written

    // Hand-made: H's members pointed at G's (VI_1 in two groups), then G's at
    // its notify argv (a name of no instance).
    auto two = grouped();
    two.sync_groups[0].members = {"VI_1"};
    model::SyncGroup h2;
    h2.name = "H";
    h2.members = {"VI_2"};
    two.sync_groups.push_back(h2);
    const auto base = write(two);
    auto raw = plan_test::RawPlan::parse(base);
    raw.widen(plan::SectionId::SyncGroup);
    auto* sec = raw.find(plan::SectionId::SyncGroup);
    ASSERT_NE(sec, nullptr);
    ASSERT_EQ(sec->count, 2u);
    const std::size_t rs = sec->record_size;
    std::byte* g0 = sec->body.data();
    std::byte* g1 = sec->body.data() + rs;
    const std::uint16_t g_members = plan::get_u16(g0 + plan::sync_group::members);
    const std::uint16_t g_notify = plan::get_u16(g0 + plan::sync_group::commands + 4 * 4);
    plan::put_u16(g1 + plan::sync_group::members, g_members);
    std::string err = load_error(raw.build());
    EXPECT_NE(err.find("sync_group[1].members[0]"), std::string::npos) << err;
    EXPECT_NE(err.find("instance `VI_1` is in another sync group"), std::string::npos) << err;
    auto raw2 = plan_test::RawPlan::parse(base);
    raw2.widen(plan::SectionId::SyncGroup);
    plan::put_u16(raw2.find(plan::SectionId::SyncGroup)->body.data() + plan::sync_group::members, g_notify);
    err = load_error(raw2.build());
    EXPECT_NE(err.find("no vrrp_instance `/etc/havip/notify.sh` in the plan"), std::string::npos) << err;
}

}  // namespace havip
