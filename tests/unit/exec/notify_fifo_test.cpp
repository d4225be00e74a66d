// SPDX-License-Identifier: MIT
// notify_fifo on fake hosts: the lines keepalived 2.2.7 writes, in transition
// order, to both FIFOs; a full pipe (no reader) drops lines without stalling
// adverts, counts them and logs once; the FIFO closes after the STOP lines.
// And the status file: why each transition happened, and the master followed.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "exec/metrics.hpp"
#include "fake_node.hpp"

using namespace havip;
using namespace havip::test;

namespace {

using Lines = std::vector<std::string>;

NodeConfig config(const char* self, const char* peer, int prio, std::vector<daemon::FifoSpec> fifos = {}) {
    InstanceSpec s;
    s.vrrp.name = "VI_1";
    s.vrrp.vrid = 51;
    s.vrrp.priority = static_cast<std::uint8_t>(prio);
    s.vrrp.source = vip4(self);
    s.vrrp.peers = {vip4(peer)};
    s.vrrp.vips = {vip4("10.0.0.100")};
    s.interface = "eth0";
    s.vips = {VipSpec{vip4("10.0.0.100"), 32, "", "", false}};
    NodeConfig c;
    c.name = self;
    c.instances.push_back(std::move(s));
    c.fifos = std::move(fifos);
    return c;
}

daemon::FifoSpec fifo(const char* path, std::vector<std::string> script = {}) {
    daemon::FifoSpec f;
    f.path = path;
    f.script.argv = std::move(script);
    return f;
}

std::string status_of(const Node& n) { return n.host.file_content.at("/run/havipd/VI_1.transition"); }

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(NotifyFifo, WritesKeepalivedsLinesInOrderToBothFifos) {
    sys::FakeNet net;
    Node a("a", "10.0.0.1", 1), b("b", "10.0.0.2", 2);
    net.add(a.host);
    net.add(b.host);
    ASSERT_TRUE(
        a.make(config("10.0.0.1", "10.0.0.2", 100,
                      {fifo("/run/ka/notify.fifo", {"/usr/local/bin/reader", "-v"}), fifo("/run/ka/vrrp.fifo")})));
    ASSERT_TRUE(b.make(config("10.0.0.2", "10.0.0.1", 90)));
    // The reader runs with the FIFO's path as its last argument, from the start.
    const auto* nf = a.host.fifo("/run/ka/notify.fifo");
    ASSERT_NE(nf, nullptr);
    EXPECT_EQ(nf->reader, (Lines{"/usr/local/bin/reader", "-v", "/run/ka/notify.fifo"}));
    a.start();
    b.start();
    net.run_until(5 * kS);
    ASSERT_EQ(a.state(), vrrp::State::Master);
    b.ex->begin_stop();  // b resigns: no effect on a
    a.ex->begin_stop();
    net.run_until(7 * kS);
    ASSERT_TRUE(a.stopped);
    const Lines want{"INSTANCE \"VI_1\" BACKUP 100\n", "INSTANCE \"VI_1\" MASTER 100\n",
                     "INSTANCE \"VI_1\" STOP 100\n"};
    EXPECT_EQ(a.host.fifo("/run/ka/notify.fifo")->lines, want);
    EXPECT_EQ(a.host.fifo("/run/ka/vrrp.fifo")->lines, want);
    // Closed once the STOP lines are out, and the reader with it.
    EXPECT_FALSE(a.host.fifo("/run/ka/notify.fifo")->open);
    EXPECT_FALSE(a.host.fifo("/run/ka/vrrp.fifo")->open);
    bool reader_ended = false;
    for (const auto& s : a.host.scripts)
        if (s.argv.front() == "/usr/local/bin/reader") reader_ended = s.ended >= 0;
    EXPECT_TRUE(reader_ended);
}

TEST(NotifyFifo, GroupLinesFollowTheirMembersLines) {
    Node a("a", "10.0.0.1", 1);
    ASSERT_TRUE(a.make(config("10.0.0.1", "10.0.0.2", 100, {fifo("/run/ka/vrrp.fifo")})));
    a.start();
    a.host.advance_to(4 * kS);  // alone: master after the down timer
    ASSERT_EQ(a.state(), vrrp::State::Master);
    const std::size_t before = a.host.fifo("/run/ka/vrrp.fifo")->lines.size();
    a.ex->notify_group("G1", vrrp::State::Master);  // as a sync group merge calls it
    while (a.ex->flush_tail()) {
    }
    const Lines& l = a.host.fifo("/run/ka/vrrp.fifo")->lines;
    ASSERT_EQ(l.size(), before + 1);
    EXPECT_EQ(l.back(), "GROUP \"G1\" MASTER 0\n");
    EXPECT_EQ(l[before - 1], "INSTANCE \"VI_1\" MASTER 100\n");
}

TEST(NotifyFifo, NoReaderDropsLinesCountsThemLogsOnceAndAdvertsGoOn) {
    Node a("a", "10.0.0.1", 1);
    a.host.fifo_capacity("/run/ka/vrrp.fifo", 1);  // nobody reads: one line fills it
    ASSERT_TRUE(a.make(config("10.0.0.1", "10.0.0.2", 100, {fifo("/run/ka/vrrp.fifo")})));
    a.start();
    a.host.advance_to(10 * kS);
    ASSERT_EQ(a.state(), vrrp::State::Master);
    // The master advertises every second whatever the FIFO does.
    EXPECT_GE(a.adverts_between(4 * kS, 10 * kS), 5u);
    a.ex->notify_group("G1", vrrp::State::Master);
    a.ex->begin_stop();
    a.host.advance_to(12 * kS);
    EXPECT_EQ(a.host.fifo("/run/ka/vrrp.fifo")->lines, (Lines{"INSTANCE \"VI_1\" BACKUP 100\n"}));
    EXPECT_EQ(a.host.count_log("fifo_line_dropped"), 1u);  // once, not per line
    exec::metrics::Node m;
    a.ex->fill_metrics(m);
    ASSERT_EQ(m.fifos.size(), 1u);
    EXPECT_EQ(m.fifos[0].written, 1u);
    EXPECT_EQ(m.fifos[0].dropped, 3u);  // MASTER, GROUP, STOP
    std::string text;
    exec::metrics::render(m, text);
    EXPECT_TRUE(has(text, "havipd_notify_fifo_dropped_total{fifo=\"/run/ka/vrrp.fifo\"} 3\n")) << text;
    EXPECT_TRUE(a.stopped);
}

TEST(NotifyFifo, AFifoThatCannotBeOpenedIsLoggedAndTheNodeRuns) {
    Node a("a", "10.0.0.1", 1);
    a.host.refuse_fifo("/run/ka/vrrp.fifo");
    ASSERT_TRUE(a.make(config("10.0.0.1", "10.0.0.2", 100, {fifo("/run/ka/vrrp.fifo")})));
    a.start();
    a.host.advance_to(4 * kS);
    EXPECT_EQ(a.state(), vrrp::State::Master);
    EXPECT_EQ(a.host.count_log("fifo_open_failed"), 1u);
}

TEST(NotifyFifo, ReloadKeepsAnUnchangedFifoAndOpensANewOne) {
    Node a("a", "10.0.0.1", 1);
    ASSERT_TRUE(a.make(config("10.0.0.1", "10.0.0.2", 100, {fifo("/run/ka/vrrp.fifo")})));
    a.start();
    ASSERT_TRUE(a.ex->reload(config("10.0.0.1", "10.0.0.2", 100, {fifo("/run/ka/vrrp.fifo")})));
    EXPECT_EQ(a.host.fifos.size(), 1u);
    ASSERT_TRUE(a.ex->reload(config("10.0.0.1", "10.0.0.2", 100, {fifo("/run/ka/other.fifo")})));
    ASSERT_EQ(a.host.fifos.size(), 2u);
    EXPECT_FALSE(a.host.fifos[0].open);
    EXPECT_TRUE(a.host.fifos[1].open);
}

// ---- why: the status file --------------------------------------------------------------------

TEST(TransitionCause, StartupThenMasterDownTimerThenHigherPriorityAdvert) {
    sys::FakeNet net;
    Node a("a", "10.0.0.1", 1), b("b", "10.0.0.2", 2);
    net.add(a.host);
    net.add(b.host);
    ASSERT_TRUE(a.make(config("10.0.0.1", "10.0.0.2", 90)));
    ASSERT_TRUE(b.make(config("10.0.0.2", "10.0.0.1", 100)));
    a.start();
    EXPECT_TRUE(has(status_of(a), "reason=startup\n")) << status_of(a);
    EXPECT_TRUE(has(status_of(a), "master=-\n"));
    net.run_until(5 * kS);  // a alone: master by its down timer
    ASSERT_EQ(a.state(), vrrp::State::Master);
    EXPECT_TRUE(has(status_of(a), "state=MASTER\n"));
    EXPECT_TRUE(has(status_of(a), "reason=master_down_timer\ndetail=master down timer\nmaster=self\n"));
    b.start();  // b's higher priority: a yields
    net.run_until(10 * kS);
    ASSERT_EQ(a.state(), vrrp::State::Backup);
    EXPECT_TRUE(has(status_of(a),
                    "reason=higher_priority_advert\ndetail=higher priority advert from 10.0.0.2\n"
                    "master=10.0.0.2\n"))
        << status_of(a);
}

TEST(TransitionCause, PriorityZeroFromTheMasterAndPreemption) {
    sys::FakeNet net;
    Node a("a", "10.0.0.1", 1), b("b", "10.0.0.2", 2);
    net.add(a.host);
    net.add(b.host);
    ASSERT_TRUE(a.make(config("10.0.0.1", "10.0.0.2", 100)));
    ASSERT_TRUE(b.make(config("10.0.0.2", "10.0.0.1", 90)));
    a.start();
    b.start();
    net.run_until(5 * kS);
    ASSERT_EQ(a.state(), vrrp::State::Master);
    EXPECT_TRUE(has(status_of(b), "master=10.0.0.1\n")) << status_of(b);
    a.ex->begin_stop();  // priority 0: b takes over
    net.run_until(7 * kS);
    ASSERT_EQ(b.state(), vrrp::State::Master);
    EXPECT_TRUE(has(status_of(b), "reason=priority_0_advert\ndetail=priority 0 from 10.0.0.1\nmaster=self\n"))
        << status_of(b);
    EXPECT_TRUE(has(status_of(a), "state=STOP\n"));
    EXPECT_TRUE(has(status_of(a), "reason=shutdown\ndetail=stop\n"));

    // a comes back with the higher priority and preempts b, which yields to it.
    Node a2("a2", "10.0.0.1", 1);
    net.add(a2.host);
    ASSERT_TRUE(a2.make(config("10.0.0.1", "10.0.0.2", 100)));
    a2.start();
    net.run_until(13 * kS);
    ASSERT_EQ(a2.state(), vrrp::State::Master);
    EXPECT_TRUE(has(status_of(a2), "reason=preempt\ndetail=preempted lower priority master 10.0.0.2\n"))
        << status_of(a2);
    EXPECT_TRUE(has(status_of(b), "detail=higher priority advert from 10.0.0.1\n")) << status_of(b);
}

TEST(TransitionCause, LinkDownTrackFailedAndReload) {
    Node a("a", "10.0.0.1", 1);
    NodeConfig c = config("10.0.0.1", "10.0.0.2", 100);
    c.instances[0].vrrp.tracks = {{"chk", 0, false, true, false}};
    c.instances[0].tracks = {{TrackSpec::Kind::Script, "chk", ""}};
    c.scripts.push_back({"chk", {{"/usr/local/bin/chk"}, {}}, 1000, 0, 1, 1, false});
    ASSERT_TRUE(a.make(c));
    a.start();
    a.host.advance_to(4 * kS);
    ASSERT_EQ(a.state(), vrrp::State::Master);
    a.host.set_link("eth0", false, false);
    ASSERT_EQ(a.state(), vrrp::State::Fault);
    EXPECT_TRUE(has(status_of(a), "reason=link_down\ndetail=link down eth0\nmaster=-\n")) << status_of(a);
    a.host.set_link("eth0", true, true);
    ASSERT_EQ(a.state(), vrrp::State::Backup);
    EXPECT_TRUE(has(status_of(a), "detail=link up eth0\n")) << status_of(a);
    a.host.advance_to(8 * kS);
    ASSERT_EQ(a.state(), vrrp::State::Master);
    a.host.script_outcome("/usr/local/bin/chk", {1, kMs, false});
    a.host.advance_to(11 * kS);
    ASSERT_EQ(a.state(), vrrp::State::Fault);
    EXPECT_TRUE(has(status_of(a), "reason=track_down\ndetail=track script chk failed\n")) << status_of(a);

    a.host.script_outcome("/usr/local/bin/chk", {0, kMs, false});
    a.host.advance_to(13 * kS);
    ASSERT_NE(a.state(), vrrp::State::Fault);
    EXPECT_TRUE(has(status_of(a), "reason=track_up\ndetail=track script chk recovered\n")) << status_of(a);

    // A reload that restarts the instance (another VRID): its startup is the reload's.
    NodeConfig next = c;
    next.instances[0].vrrp.vrid = 52;
    ASSERT_TRUE(a.ex->reload(next));
    while (a.ex->flush_tail()) {
    }
    EXPECT_TRUE(has(status_of(a), "reason=reload\ndetail=reload\n")) << status_of(a);
}
