// SPDX-License-Identifier: MIT
// model → plan → view: every field the plan carries comes back equal, the
// bytes are deterministic, and the guide's node fits the issue's 256 bytes.
#include <gtest/gtest.h>

#include <algorithm>

#include "emit/plan_writer.hpp"
#include "plan/loader.hpp"
#include "model_check.hpp"
#include "plan_fixtures.hpp"

namespace havip {
namespace {

using plan::PlanView;
using namespace plan_test;

std::vector<std::byte> write(const model::Node& n, const char* version = "havip 0.1.0") {
    std::string err;
    auto b = emit::write_plan(n, emit::PlanMeta{version, 0x1122334455667788ull}, &err);
    EXPECT_FALSE(b.empty()) << err;
    return b;
}

PlanView load(const std::vector<std::byte>& b) {
    auto r = PlanView::load(b);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : PlanView{};
}

TEST(PlanRoundTrip, GuideNode) {
    const auto n = guide_node();
    const auto b = write(n);
    const auto v = load(b);
    const auto node = v.node();
    EXPECT_EQ(node.name, "a");
    EXPECT_EQ(node.compiler, "havip 0.1.0");
    EXPECT_EQ(node.source_digest, 0x1122334455667788ull);
    EXPECT_FALSE(node.enable_script_security);
    EXPECT_EQ(node.script_user, "");
    ASSERT_EQ(v.instance_count(), 1u);
    const auto in = v.instance(0);
    EXPECT_EQ(in.name, "VI_1");
    EXPECT_EQ(in.interface, "eth0");
    EXPECT_EQ(in.vrid, 51);
    EXPECT_EQ(in.priority, 30);
    EXPECT_EQ(in.version, 2);
    EXPECT_FALSE(in.master);
    EXPECT_FALSE(in.ipv6);
    EXPECT_TRUE(in.nopreempt);
    EXPECT_EQ(in.auth, plan::AuthType::Pass);
    EXPECT_EQ(in.auth_pass, "1111");
    EXPECT_EQ(in.advert_cs, 100);
    EXPECT_EQ(in.src.str(), "172.16.0.16");
    EXPECT_TRUE(in.skip_check_adv_addr);  // from global_defs
    EXPECT_TRUE(in.accept);               // keepalived's default without strict mode
    EXPECT_FALSE(in.strict);
    EXPECT_EQ(in.unicast_ttl, 255);
    EXPECT_FALSE(in.mcast_group.valid());
    EXPECT_EQ(in.garp.master_delay_s, 1);
    EXPECT_EQ(in.garp.master_repeat, 5);
    EXPECT_EQ(in.garp.master_refresh_s, 5);
    EXPECT_EQ(in.garp.master_refresh_repeat, 1);
    EXPECT_EQ(in.garp.lower_prio_delay_s, 5);
    EXPECT_EQ(in.garp.lower_prio_repeat, 5);
    plan_test::expect_children(n.instances[0], v, in);
}

TEST(PlanRoundTrip, GuideNodeFitsIn256Bytes) {
    const auto b = write(guide_node());
    std::printf("guide node plan: %zu bytes\n", b.size());
    EXPECT_LE(b.size(), 256u);
    // Even with a long compiler version string.
    EXPECT_LE(write(guide_node(), "havip-compile 0.1.0+g0123abc").size(), 256u);
}

TEST(PlanRoundTrip, FullNodeEveryField) {
    const auto n = full_node();
    const auto b = write(n);
    const auto v = load(b);
    const auto node = v.node();
    EXPECT_EQ(node.name, "db-1");
    EXPECT_TRUE(node.enable_script_security);
    EXPECT_TRUE(node.check_unicast_src);
    EXPECT_EQ(node.script_user, "keepalived_script");
    EXPECT_EQ(node.script_group, "nogroup");
    EXPECT_EQ(node.startup_delay_ms, 5500u);
    EXPECT_EQ(node.garp_interval_us, 1000u);
    EXPECT_EQ(node.gna_interval_us, 2500u);

    // Scripts sorted by name.
    ASSERT_EQ(v.script_count(), 2u);
    EXPECT_EQ(v.script(0).name, "chk_gw");
    const auto s = v.script(1);
    EXPECT_EQ(s.name, "chk_mysql");
    EXPECT_EQ(s.argv.to_vector(), (std::vector<std::string>{"/usr/local/bin/check", "--port", "3306", ""}));
    EXPECT_EQ(s.interval_ms, 2000u);
    EXPECT_EQ(s.timeout_ms, 1500u);
    EXPECT_EQ(s.weight, -20);
    EXPECT_TRUE(s.reverse);
    EXPECT_TRUE(s.init_fail);
    EXPECT_EQ(s.rise, 3);
    EXPECT_EQ(s.fall, 2);
    EXPECT_EQ(s.user, "mysql");
    EXPECT_EQ(s.group, "mysql");
    const auto gw = v.find_script("chk_gw");
    ASSERT_TRUE(gw);
    EXPECT_EQ(gw->interval_ms, 1000u);
    EXPECT_EQ(gw->rise, 1);
    EXPECT_FALSE(v.find_script("nope"));

    // Instances sorted by name: VI_1 then VI_6.
    ASSERT_EQ(v.instance_count(), 2u);
    const auto a = v.instance(0);
    EXPECT_EQ(a.name, "VI_1");
    EXPECT_EQ(a.version, 2);
    EXPECT_EQ(a.advert_cs, 300);
    EXPECT_EQ(a.preempt_delay_s, 300);
    EXPECT_EQ(a.preempt_delay_ms, 500);
    EXPECT_EQ(a.auth_pass, "secretpa");  // truncated to 8 like keepalived
    EXPECT_EQ(a.unicast_ttl, 64);
    EXPECT_TRUE(a.use_vmac);
    EXPECT_TRUE(a.vmac_xmit_base);  // keepalived sets it for unicast on a VMAC
    EXPECT_EQ(a.vmac_name, "vrrp.51");
    EXPECT_TRUE(a.accept);
    EXPECT_TRUE(a.strict);
    EXPECT_TRUE(a.dont_track_primary);
    EXPECT_FALSE(a.skip_check_adv_addr);
    EXPECT_EQ(a.garp.master_delay_s, 10);
    EXPECT_EQ(a.garp.master_repeat, 3);
    EXPECT_EQ(a.garp.master_refresh_s, 60);
    EXPECT_EQ(a.garp.master_refresh_repeat, 2);
    EXPECT_EQ(a.garp.lower_prio_delay_s, 7);
    EXPECT_EQ(a.garp.lower_prio_repeat, 2);  // global vrrp_garp_lower_prio_repeat
    plan_test::expect_children(n.instances[1], v, a);
    EXPECT_EQ(v.vip(a.vips.first).scope, 0);

    const auto b6 = v.instance(1);
    EXPECT_EQ(b6.name, "VI_6");
    EXPECT_TRUE(b6.ipv6);
    EXPECT_TRUE(b6.master);
    EXPECT_EQ(b6.version, 3);
    EXPECT_EQ(b6.priority, 255);
    EXPECT_EQ(b6.advert_cs, 25);
    EXPECT_EQ(b6.auth, plan::AuthType::None);
    EXPECT_TRUE(b6.v3_checksum_as_v2);
    EXPECT_EQ(b6.src.str(), "fe80::1");
    EXPECT_EQ(b6.mcast_group.str(), "ff02::1:2");
    plan_test::expect_children(n.instances[0], v, b6);
    EXPECT_EQ(v.vip(b6.vips.first).scope, 253);      // link
    EXPECT_EQ(v.vip(b6.vips.first + 2).scope, 254);  // host
    EXPECT_TRUE(v.find_instance("VI_6"));
    EXPECT_FALSE(v.find_instance("VI_2"));
}

TEST(PlanRoundTrip, OracleOnFixtures) {
    // The field-by-field oracle the example tests use, on the hand-built models.
    for (const auto& n : {guide_node(), full_node()}) {
        const auto b = write(n);
        plan_test::expect_plan_matches_model(n, load(b));
    }
    auto g = guide_node();
    g.globals.vrrp_version.assign(3, {});
    g.globals.vrrp_strict.assign(true, {});
    g.globals.vrrp_garp.master_repeat.assign(2, {});
    const auto b = write(g);
    plan_test::expect_plan_matches_model(g, load(b));
}

TEST(PlanRoundTrip, Deterministic) {
    const auto a = write(full_node());
    const auto b = write(full_node());
    EXPECT_EQ(a, b);
    // Declaration order of instances and scripts does not change the bytes.
    auto n = full_node();
    std::reverse(n.instances.begin(), n.instances.end());
    std::reverse(n.scripts.begin(), n.scripts.end());
    EXPECT_EQ(write(n), a);
    // Spans take no part.
    auto m = full_node();
    m.instances[0].span = source::Span{3, 10, 20};
    EXPECT_EQ(write(m), a);
}

TEST(PlanRoundTrip, EffectiveValues) {
    auto n = guide_node();
    auto& in = n.instances[0];
    // v2: a fractional advert_int rounds to whole seconds, never below 1.
    in.advert_int_us.assign(1600000, {});
    EXPECT_EQ(load(write(n)).instance(0).advert_cs, 200);
    in.advert_int_us.assign(300000, {});
    EXPECT_EQ(load(write(n)).instance(0).advert_cs, 100);
    // v3: centiseconds, auth dropped.
    in.version.assign(3, {});
    in.advert_int_us.assign(123456, {});
    const auto b3 = write(n);  // the view's strings point into it
    auto v3 = load(b3).instance(0);
    EXPECT_EQ(v3.advert_cs, 12);
    EXPECT_EQ(v3.auth, plan::AuthType::None);
    EXPECT_EQ(v3.auth_pass, "");
    // Global vrrp_version when the instance does not say.
    auto g = guide_node();
    g.globals.vrrp_version.assign(3, {});
    EXPECT_EQ(load(write(g)).instance(0).version, 3);
    // Global GARP settings when the instance does not set them.
    g.globals.vrrp_garp.master_repeat.assign(1, {});
    g.globals.vrrp_garp.master_delay_s.assign(9, {});
    const auto bg = write(g);
    const auto gi = load(bg).instance(0);
    EXPECT_EQ(gi.garp.master_repeat, 1);
    EXPECT_EQ(gi.garp.master_delay_s, 1);  // the instance set this one
    // no_accept wins; strict without accept means no accept.
    auto s = guide_node();
    s.globals.vrrp_strict.assign(true, {});
    EXPECT_FALSE(load(write(s)).instance(0).accept);
    EXPECT_TRUE(load(write(s)).instance(0).strict);
    s.instances[0].no_accept.assign(true, {});
    s.instances[0].accept.assign(true, {});
    EXPECT_FALSE(load(write(s)).instance(0).accept);
}

// track_file: the file's path rides in the track record's trailing field, with
// the effective weight (the instance's, else the block's); a plan without one
// keeps 6-byte track records, so older readers read it unchanged.
TEST(PlanRoundTrip, TrackFileCarriesPathAndEffectiveWeight) {
    auto n = guide_node();
    model::TrackFile f;
    f.name = "maint";
    f.path.assign("/run/maint", {});
    f.weight.assign(-20, {});
    f.reverse = true;
    f.init_file.assign(true, {});
    f.init_value = -3;
    f.init_overwrite = true;
    n.track_files.push_back("maint");
    n.track_file_defs.push_back(f);
    auto& in = n.instances[0];
    const std::size_t first = in.tracks.size();
    in.tracks.push_back(model::TrackRef{model::TrackKind::File, "maint", 0, false, false, {}});
    in.tracks.push_back(model::TrackRef{model::TrackKind::File, "maint", 7, true, false, {}});
    const auto b = write(n);
    const auto v = load(b);
    const auto i0 = v.instance(0);
    ASSERT_EQ(i0.tracks.end(), first + 2);
    const auto t = v.track(first);
    EXPECT_EQ(t.kind, plan::TrackKind::File);
    EXPECT_EQ(t.name, "maint");
    EXPECT_EQ(t.path, "/run/maint");
    EXPECT_EQ(t.weight, -20);
    EXPECT_TRUE(t.reverse);
    EXPECT_TRUE(t.has_weight);
    EXPECT_TRUE(t.init_file);
    EXPECT_TRUE(t.overwrite);
    EXPECT_EQ(t.init_value, -3);
    const auto t2 = v.track(first + 1);
    EXPECT_EQ(t2.weight, 7);
    EXPECT_FALSE(t2.reverse);
    EXPECT_EQ(t2.path, "/run/maint");
    const std::string dump = plan::disassemble(v);
    EXPECT_NE(dump.find("file \"maint\" weight -20 reverse path \"/run/maint\" init_file -3 overwrite"),
              std::string::npos)
        << dump;
    for (const auto& s : v.sections()) {
        if (s.id == static_cast<std::uint8_t>(plan::SectionId::Track)) {
            EXPECT_GT(s.record_size, 6);  // the path reference (its high byte may be cut)
        }
    }
    const auto guide = write(guide_node());
    for (const auto& s : load(guide).sections()) {
        if (s.id == static_cast<std::uint8_t>(plan::SectionId::Track)) {
            EXPECT_LE(s.record_size, 6);
        }
    }
    // A relative path or an undefined name is refused.
    auto r = n;
    r.track_file_defs[0].path.assign("run/maint", {});
    std::string err;
    EXPECT_TRUE(emit::write_plan(r, {}, &err).empty());
    EXPECT_NE(err.find("not an absolute path"), std::string::npos) << err;
    r = n;
    r.track_file_defs.clear();
    EXPECT_TRUE(emit::write_plan(r, {}, &err).empty());
    EXPECT_NE(err.find("names no track_file"), std::string::npos) << err;
}

// virtual_routes / virtual_rules: one section of their own, records by
// instance index; a plan without them has no such section at all.
TEST(PlanRoundTrip, RoutesAndRulesByInstance) {
    auto n = guide_node();
    auto& in = n.instances[0];
    model::Route r;
    r.dst = *model::Cidr::parse("10.8.0.0/16");
    r.via = *model::IpAddr::parse("172.16.0.1");
    r.src = *model::IpAddr::parse("172.16.0.135");
    r.dev = "eth0";
    r.table = 254;
    r.scope = "link";
    r.onlink = true;
    model::Route def;
    def.type = "unreachable";
    def.dst.prefix = 0;  // `default`
    def.table = 101;
    in.routes = {r, def};
    model::Rule ru;
    ru.to = *model::Cidr::parse("10.8.0.0/16");
    ru.table = 100;
    ru.has_table = true;
    ru.oif = "eth0";
    in.rules = {ru};
    const auto b = write(n);
    const auto v = load(b);
    ASSERT_EQ(v.route_count(), 3u);
    const auto a = v.route(0);
    EXPECT_EQ(a.kind, plan::RouteKind::Route);
    EXPECT_EQ(a.instance, 0u);
    EXPECT_EQ(a.dst.str(), "10.8.0.0");
    EXPECT_EQ(a.dst_len, 16);
    EXPECT_EQ(a.via.str(), "172.16.0.1");
    EXPECT_EQ(a.src.str(), "172.16.0.135");
    EXPECT_EQ(a.dev, "eth0");
    EXPECT_EQ(a.table, 254u);
    EXPECT_EQ(a.scope, 253);
    EXPECT_TRUE(a.onlink);
    const auto d = v.route(1);
    EXPECT_EQ(d.type, 7);
    EXPECT_EQ(d.dst.str(), "0.0.0.0");
    EXPECT_EQ(d.dst_len, 0);
    EXPECT_EQ(d.table, 101u);
    const auto rl = v.route(2);
    EXPECT_EQ(rl.kind, plan::RouteKind::Rule);
    EXPECT_FALSE(rl.src.valid());
    EXPECT_EQ(rl.dst_len, 16);
    EXPECT_EQ(rl.priority, 16384u);  // keepalived's default preference
    EXPECT_EQ(rl.oif, "eth0");
    const std::string dump = plan::disassemble(v);
    EXPECT_NE(dump.find("rule from all to 10.8.0.0/16 table 100 preference 16384 oif eth0"), std::string::npos) << dump;
    EXPECT_NE(dump.find("unreachable 0.0.0.0/0"), std::string::npos) << dump;
    for (const auto& s : load(write(guide_node())).sections())
        EXPECT_NE(s.id, static_cast<std::uint8_t>(plan::SectionId::Route));
    // A line with a word havipd does not run builds no plan.
    in.routes[0].unsupported = "`mtu`";
    std::string err;
    EXPECT_TRUE(emit::write_plan(n, {}, &err).empty());
    EXPECT_NE(err.find("havipd does not run `mtu`"), std::string::npos) << err;
}

// static_routes / static_rules: route records of instance 65535, after
// every instance's; a plan without them is the plan it was before.
TEST(PlanRoundTrip, StaticRoutesAndRulesAreTheNodesAndComeLast) {
    auto n = guide_node();
    const auto before = write(n);
    model::Route own;
    own.dst = *model::Cidr::parse("10.8.0.0/16");
    own.via = *model::IpAddr::parse("172.16.0.1");
    n.instances[0].routes = {own};
    model::Route r;
    r.dst = *model::Cidr::parse("10.9.0.0/16");
    r.via = *model::IpAddr::parse("172.16.0.1");
    r.dev = "eth0";
    r.table = 200;
    n.static_routes = {r};
    model::Rule ru;
    ru.from = *model::Cidr::parse("172.16.0.0/24");
    ru.table = 200;
    ru.has_table = true;
    ru.preference = 150;
    n.static_rules = {ru};
    const auto b = write(n);
    const auto v = load(b);
    ASSERT_EQ(v.route_count(), 3u);
    EXPECT_EQ(v.route(0).instance, 0u);
    const auto a = v.route(1);
    EXPECT_EQ(a.instance, plan::kRouteOfNode);
    EXPECT_EQ(a.kind, plan::RouteKind::Route);
    EXPECT_EQ(a.dst.str(), "10.9.0.0");
    EXPECT_EQ(a.table, 200u);
    EXPECT_EQ(a.dev, "eth0");
    const auto rl = v.route(2);
    EXPECT_EQ(rl.instance, plan::kRouteOfNode);
    EXPECT_EQ(rl.kind, plan::RouteKind::Rule);
    EXPECT_EQ(rl.priority, 150u);
    const std::string dump = plan::disassemble(v);
    EXPECT_NE(dump.find(" static ipv4 unicast 10.9.0.0/16 via 172.16.0.1 dev eth0 table 200"), std::string::npos)
        << dump;
    EXPECT_NE(dump.find(" static ipv4 rule from 172.16.0.0/24 to all table 200 preference 150"), std::string::npos)
        << dump;
    // Without them the bytes are what they were.
    n.static_routes.clear();
    n.static_rules.clear();
    n.instances[0].routes.clear();
    EXPECT_EQ(write(n), before);
    // A line with a word havipd does not run builds no plan.
    r.unsupported = "`mtu`";
    n.static_routes = {r};
    std::string err;
    EXPECT_TRUE(emit::write_plan(n, {}, &err).empty());
    EXPECT_NE(err.find("static_routes: havipd does not run `mtu`"), std::string::npos) << err;
}

// static_ipaddress: a section of its own (13), VIP records with their device.
TEST(PlanRoundTrip, StaticAddressesHaveASectionOfTheirOwn) {
    auto n = guide_node();
    model::StaticAddress a;
    a.addr.addr = *model::Cidr::parse("172.16.0.50/24");
    a.addr.dev = "eth0";
    a.addr.label = "eth0:st";
    model::StaticAddress b;
    b.addr.addr = *model::Cidr::parse("172.16.0.51");
    b.addr.dev = "eth1";
    b.addr.no_track = true;
    b.addr.scope = "link";
    n.static_addresses = {a, b};
    const auto bytes = write(n);
    const auto v = load(bytes);
    ASSERT_EQ(v.static_address_count(), 2u);
    const auto x = v.static_address(0);
    EXPECT_EQ(x.addr.str(), "172.16.0.50");
    EXPECT_EQ(x.prefix, 24);
    EXPECT_EQ(x.dev, "eth0");
    EXPECT_EQ(x.label, "eth0:st");
    EXPECT_FALSE(x.no_track);
    const auto y = v.static_address(1);
    EXPECT_EQ(y.prefix, 32);
    EXPECT_EQ(y.dev, "eth1");
    EXPECT_TRUE(y.no_track);
    EXPECT_EQ(y.scope, 253);
    EXPECT_EQ(x.scope, 0);
    const std::string dump = plan::disassemble(v);
    EXPECT_NE(dump.find(" 172.16.0.50/24 dev eth0 label eth0:st\n"), std::string::npos) << dump;
    EXPECT_NE(dump.find("static_address[1] @"), std::string::npos) << dump;
    EXPECT_NE(dump.find(" 172.16.0.51/32 dev eth1 scope 253 no_track\n"), std::string::npos) << dump;
    // A line havipd does not run builds no plan.
    n.static_addresses[0].unsupported = "`brd`";
    std::string err;
    EXPECT_TRUE(emit::write_plan(n, {}, &err).empty());
    EXPECT_NE(err.find("static_ipaddress 172.16.0.50/24: havipd does not run `brd`"), std::string::npos) << err;
}

TEST(PlanRoundTrip, FifosCarryPathOwnerAndReader) {
    const auto b = write(full_node());
    const auto v = load(b);
    ASSERT_EQ(v.fifo_count(), 2u);
    const auto a = v.fifo(0), c = v.fifo(1);
    EXPECT_EQ(a.kind, plan::FifoKind::Notify);
    EXPECT_EQ(a.path, "/run/keepalived/notify.fifo");
    EXPECT_EQ(a.owner_user, "keepalived_script");
    EXPECT_EQ(a.owner_group, "");
    EXPECT_TRUE(a.script.empty());
    EXPECT_EQ(c.kind, plan::FifoKind::VrrpNotify);
    EXPECT_EQ(c.path, "/run/keepalived/vrrp.fifo");
    EXPECT_EQ(c.script.to_vector(), (std::vector<std::string>{"/usr/local/bin/fifo-reader", "-q"}));
    EXPECT_EQ(c.script_user, "nobody");
    const auto text = plan::disassemble(v);
    EXPECT_NE(text.find("fifo[1] @"), std::string::npos) << text;
    EXPECT_NE(text.find("vrrp_notify_fifo \"/run/keepalived/vrrp.fifo\""), std::string::npos) << text;
    EXPECT_EQ(load(write(guide_node())).fifo_count(), 0u);
}

// vrrp_track_process: the process section, sorted by name, every field; the
// track record carries the effective weight (the entry's, else the block's).
TEST(PlanRoundTrip, TrackProcessSectionAndEffectiveWeight) {
    auto n = full_node();
    auto& in = n.instances[0];
    in.tracks.push_back(model::TrackRef{model::TrackKind::Process, "web", 0, false, false, {}});
    const auto bytes = write(n);  // the view reads these bytes
    const auto v = load(bytes);
    ASSERT_EQ(v.process_count(), 2u);
    EXPECT_EQ(v.process(0).name, "api");
    const auto api = v.process(0);
    EXPECT_FALSE(api.cmdline);
    EXPECT_EQ(api.quorum, 1);
    EXPECT_FALSE(api.quorum_max);
    EXPECT_EQ(api.weight, 1);
    const auto web = v.find_process("web");
    ASSERT_TRUE(web);
    EXPECT_EQ(web->process, "/usr/sbin/nginx");
    EXPECT_EQ(web->params.to_vector(), (std::vector<std::string>{"-c", "/etc/nginx.conf"}));
    EXPECT_TRUE(web->cmdline);
    EXPECT_TRUE(web->partial);
    EXPECT_FALSE(web->initial);
    EXPECT_EQ(web->quorum, 2);
    EXPECT_EQ(web->quorum_max, std::optional<std::uint16_t>(5));
    EXPECT_EQ(web->fork_delay_ms, 500u);
    EXPECT_EQ(web->terminate_delay_ms, 2500u);
    EXPECT_EQ(web->weight, -40);
    const auto pi = v.find_instance(in.name);
    ASSERT_TRUE(pi);
    const auto explicit_w = v.track(pi->tracks.end() - 2);
    const auto block_w = v.track(pi->tracks.end() - 1);
    EXPECT_EQ(explicit_w.kind, plan::TrackKind::Process);
    EXPECT_EQ(explicit_w.weight, -15);
    EXPECT_EQ(block_w.weight, -40);
    EXPECT_TRUE(block_w.has_weight);
    const std::string dump = plan::disassemble(v);
    EXPECT_NE(dump.find("\"/usr/sbin/nginx\" cmdline \"-c\" \"/etc/nginx.conf\" partial"), std::string::npos) << dump;
    EXPECT_NE(dump.find("quorum    2..5  fork_delay 500 ms  terminate_delay 2500 ms"), std::string::npos) << dump;
    // quorum_max 0 writes quorum 0: OK only while none runs.
    auto z = n;
    z.track_process_defs[1].quorum.assign(0, {});
    z.track_process_defs[1].quorum_max.assign(0, {});
    const auto zb = write(z);
    const auto zv = load(zb);
    EXPECT_EQ(zv.process(0).quorum, 0);
    EXPECT_EQ(zv.process(0).quorum_max, std::optional<std::uint16_t>(0));
    // full_command alone: argv[0] is compared, any parameters follow (keepalived's check_params).
    auto fc = n;
    fc.track_process_defs[1].full_command = true;
    const auto fb = write(fc);
    const auto fv = load(fb);
    EXPECT_TRUE(fv.process(0).cmdline);
    EXPECT_TRUE(fv.process(0).partial);
    EXPECT_TRUE(fv.process(0).full_command);
    // A track naming no block with a process is refused.
    auto r = n;
    r.track_process_defs.clear();
    std::string err;
    EXPECT_TRUE(emit::write_plan(r, {}, &err).empty());
    EXPECT_NE(err.find("names no vrrp_track_process"), std::string::npos) << err;
    // A plan without process blocks has no process section (older readers read it).
    for (const auto& s : load(write(guide_node())).sections())
        EXPECT_NE(s.id, static_cast<std::uint8_t>(plan::SectionId::Process));
}

TEST(PlanRoundTrip, EmptyNode) {
    model::Node n;
    n.name = "empty";
    const auto b = write(n);
    const auto v = load(b);
    EXPECT_EQ(v.instance_count(), 0u);
    EXPECT_EQ(v.node().name, "empty");
    EXPECT_FALSE(plan::disassemble(v).empty());
}

TEST(PlanWriter, RefusesWhatTheFormatCannotCarry) {
    auto expect_refused = [](model::Node n, const char* needle) {
        std::string err;
        const auto b = emit::write_plan(n, {}, &err);
        EXPECT_TRUE(b.empty());
        EXPECT_NE(err.find(needle), std::string::npos) << err;
    };
    auto n = guide_node();
    n.instances[0].priority.assign(0, {});
    expect_refused(n, "priority 0 is out of 1..255");
    n = guide_node();
    n.globals.notify_fifo.assign("/run/ka.fifo", {});
    n.globals.vrrp_notify_fifo.assign("/run/ka.fifo", {});
    expect_refused(n, "name the same FIFO `/run/ka.fifo`");
    n = guide_node();
    n.globals.vrrp_notify_fifo.assign("ka.fifo", {});
    expect_refused(n, "vrrp_notify_fifo `ka.fifo` is not an absolute file path");
    n = guide_node();
    n.instances[0].vrid.assign(256, {});
    expect_refused(n, "virtual_router_id 256");
    n = guide_node();
    n.instances[0].tracks.push_back(model::TrackRef{model::TrackKind::Script, "missing", 0, false, false, {}});
    expect_refused(n, "track_script `missing` names no vrrp_script");
    n = guide_node();
    n.instances.push_back(n.instances[0]);
    expect_refused(n, "two vrrp_instance blocks named `VI_1`");
    n = guide_node();
    n.instances[0].notify_master.argv[0] = std::string("bad\0name", 8);
    expect_refused(n, "NUL");
    n = guide_node();
    n.instances[0].peers.push_back(model::Peer{ip("2001:db8::1"), {}, {}, {}});
    expect_refused(n, "not of the instance's address family");
    n = guide_node();
    n.instances[0].advert_int_us.assign(300000000, {});
    expect_refused(n, "advert_int");
    n = guide_node();
    n.instances[0].vips[0].scope = "galaxy";
    expect_refused(n, "not an address scope");
    n = guide_node();
    n.instances[0].interface.value = "";
    expect_refused(n, "has no interface");
    // More than 64 KiB of distinct strings.
    n = guide_node();
    for (int i = 0; i < 2000; ++i)
        n.instances[0].vips.push_back(vip("10.0.0.1", "", "l" + std::to_string(i) + std::string(40, 'x')));
    expect_refused(n, "65535 bytes");
    // Without an error pointer it still just returns empty.
    n = guide_node();
    n.instances[0].priority.assign(0, {});
    EXPECT_TRUE(emit::write_plan(n, {}).empty());
}

TEST(PlanWriter, ShortestRecordsAndDedup) {
    const auto b = write(guide_node());
    const auto v = load(b);
    std::size_t data = 0;
    for (const auto& s : v.sections()) {
        // The cut may fall inside a little-endian field: its missing high
        // bytes are zero, so it reads the same value.
        if (s.id == static_cast<std::uint8_t>(plan::SectionId::Data)) data = s.size;
        if (s.id == static_cast<std::uint8_t>(plan::SectionId::Peer)) {
            EXPECT_EQ(s.record_size, 1);  // the address reference's low byte only
        }
        if (s.id == static_cast<std::uint8_t>(plan::SectionId::Command)) {
            EXPECT_EQ(s.record_size, 2);  // kind + argv reference, no user
        }
        if (s.id == static_cast<std::uint8_t>(plan::SectionId::Node)) {
            EXPECT_EQ(s.record_size, 12);  // name, compiler, digest; no globals set
        }
    }
    // The notify program is stored once for four commands.
    const std::string_view all(reinterpret_cast<const char*>(b.data()), b.size());
    const std::string prog = "/etc/keepalived/notify_action.sh";
    EXPECT_EQ(all.find(prog), all.rfind(prog));
    EXPECT_GT(data, prog.size());
}

}  // namespace
}  // namespace havip
