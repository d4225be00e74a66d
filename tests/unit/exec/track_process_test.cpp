// SPDX-License-Identifier: MIT
// vrrp_track_process on fake hosts: a test starts, stops, renames and execs
// processes (FakeHost, as the proc connector would report them) and the
// executor counts them per track, applies quorum and delays, and moves the
// priority or the state.
#include <gtest/gtest.h>

#include <cerrno>
#include <memory>
#include <string>
#include <vector>

#include "exec/metrics.hpp"
#include "exec/track_process.hpp"
#include "fake_node.hpp"

using namespace havip;
using namespace havip::test;
using daemon::ProcessSpec;
using M = ProcessSpec::Match;

namespace {

ProcessSpec proc(std::string process, M match = M::Comm, std::vector<std::string> params = {}) {
    ProcessSpec p;
    p.name = "web";
    p.process = std::move(process);
    p.match = match;
    p.params = std::move(params);
    return p;
}

/// One instance tracking vrrp_track_process `web` with `weight`.
NodeConfig config(const char* self, const char* peer, int prio, int weight, ProcessSpec p = proc("nginx")) {
    InstanceSpec s;
    s.vrrp.name = "VI_1";
    s.vrrp.vrid = 51;
    s.vrrp.priority = static_cast<std::uint8_t>(prio);
    s.vrrp.advert_interval = 1'000'000;
    s.vrrp.source = vip4(self);
    s.vrrp.peers = {vip4(peer)};
    s.vrrp.vips = {vip4("10.0.0.100")};
    s.vrrp.tracks = {{"web", weight, false, true, false}};
    s.interface = "eth0";
    s.vips = {VipSpec{vip4("10.0.0.100"), 32, "", "", false}};
    s.tracks = {{TrackSpec::Kind::Process, "web", ""}};
    NodeConfig c;
    c.name = self;
    c.instances.push_back(std::move(s));
    c.processes.push_back(std::move(p));
    return c;
}

bool matches(const ProcessSpec& p, std::string_view comm, std::vector<std::string> argv) {
    return exec::process_matches(p, comm, argv);
}

}  // namespace

TEST(ProcessMatch, CommIsExactAndCutTo15Bytes) {
    EXPECT_TRUE(matches(proc("nginx"), "nginx", {}));
    EXPECT_FALSE(matches(proc("nginx"), "nginx: worker", {}));
    EXPECT_FALSE(matches(proc("ssh"), "sshd", {}));  // not pgrep: no substring
    EXPECT_TRUE(matches(proc("havip-long-process-name"), "havip-long-proc", {}));
}

TEST(ProcessMatch, CmdlineExactPartialInitial) {
    const auto exact = proc("/usr/sbin/haproxy", M::Exact, {"-f", "/etc/haproxy.cfg"});
    EXPECT_TRUE(matches(exact, "haproxy", {"/usr/sbin/haproxy", "-f", "/etc/haproxy.cfg"}));
    EXPECT_FALSE(matches(exact, "haproxy", {"/usr/sbin/haproxy", "-f", "/etc/haproxy.cfg", "-D"}));
    EXPECT_FALSE(matches(exact, "haproxy", {"haproxy", "-f", "/etc/haproxy.cfg"}));  // argv[0] differs
    EXPECT_FALSE(matches(exact, "haproxy", {}));                                     // no cmdline (kernel thread)

    auto partial = exact;
    partial.match = M::Partial;
    EXPECT_TRUE(matches(partial, "x", {"/usr/sbin/haproxy", "-f", "/etc/haproxy.cfg", "-D"}));
    EXPECT_FALSE(matches(partial, "x", {"/usr/sbin/haproxy", "-f"}));

    auto initial = proc("/usr/sbin/haproxy", M::Initial, {"-f", "/etc/hap"});
    EXPECT_TRUE(matches(initial, "x", {"/usr/sbin/haproxy", "-f", "/etc/haproxy.cfg"}));
    EXPECT_TRUE(matches(initial, "x", {"/usr/sbin/haproxy", "-f", "/etc/haproxy.cfg", "-D"}));  // more allowed
    EXPECT_FALSE(matches(initial, "x", {"/usr/sbin/haproxy", "-F", "/etc/haproxy.cfg"}));  // only the last is a prefix

    // param_match without parameters: the process must have none.
    const auto none = proc("sleep", M::Exact);
    EXPECT_TRUE(matches(none, "sleep", {"sleep"}));
    EXPECT_FALSE(matches(none, "sleep", {"sleep", "100"}));
}

TEST(TrackProcess, WeightZeroFaultsWhileTheProcessIsGoneAndTheBackupTakesOver) {
    sys::FakeNet net;
    Node a("a", "10.0.0.1", 1), b("b", "10.0.0.2", 2);
    net.add(a.host);
    net.add(b.host);
    const int pid = a.host.start_process("nginx");
    ASSERT_TRUE(a.make(config("10.0.0.1", "10.0.0.2", 100, 0)));
    ASSERT_TRUE(b.make(config("10.0.0.2", "10.0.0.1", 90, 0)));
    b.host.start_process("nginx");
    a.start();
    b.start();
    net.run_until(5 * kS);
    ASSERT_EQ(a.state(), vrrp::State::Master);
    ASSERT_EQ(b.state(), vrrp::State::Backup);

    a.host.stop_process(pid);
    EXPECT_EQ(a.state(), vrrp::State::Fault);
    EXPECT_FALSE(a.host.has_address(ip("10.0.0.100")));
    net.run_until(10 * kS);
    EXPECT_EQ(b.state(), vrrp::State::Master);
    EXPECT_TRUE(b.host.has_address(ip("10.0.0.100")));

    a.host.start_process("nginx");  // a preempts back
    net.run_until(15 * kS);
    EXPECT_EQ(a.state(), vrrp::State::Master);
    EXPECT_EQ(b.state(), vrrp::State::Backup);
    EXPECT_EQ(a.host.count_log("track_process"), 1u + 2u);  // the start, then down and up
}

TEST(TrackProcess, QuorumCountsProcessesUpAndDown) {
    Node n("a", "10.0.0.1", 1);
    auto p = proc("nginx");
    p.quorum = 2;
    ASSERT_TRUE(n.make(config("10.0.0.1", "10.0.0.2", 100, -20, p)));
    n.start();
    EXPECT_EQ(n.priority(), 80);  // none running: not OK, -20
    const int p1 = n.host.start_process("nginx");
    EXPECT_EQ(n.priority(), 80);  // 1 < quorum
    const int p2 = n.host.start_process("nginx");
    EXPECT_EQ(n.priority(), 100);
    n.host.start_process("nginx");
    EXPECT_EQ(n.priority(), 100);  // no quorum_max: any number above
    n.host.stop_process(p1);
    EXPECT_EQ(n.priority(), 100);
    n.host.stop_process(p2);
    EXPECT_EQ(n.priority(), 80);
}

TEST(TrackProcess, QuorumMaxFailsWithTooManyAndZeroMeansNoneMayRun) {
    Node n("a", "10.0.0.1", 1);
    auto p = proc("nginx");
    p.quorum_max = 1;
    ASSERT_TRUE(n.make(config("10.0.0.1", "10.0.0.2", 100, 0, p)));
    const int p1 = n.host.start_process("nginx");
    (void)p1;
    n.start();
    n.host.advance_to(5 * kS);
    ASSERT_EQ(n.state(), vrrp::State::Master);
    const int p2 = n.host.start_process("nginx");
    EXPECT_EQ(n.state(), vrrp::State::Fault);
    n.host.stop_process(p2);
    EXPECT_EQ(n.state(), vrrp::State::Backup);

    // quorum_max 0 (keepalived then sets quorum 0): OK only while none runs.
    Node z("z", "10.0.0.1", 1);
    auto none = proc("telnetd");
    none.quorum = 0;
    none.quorum_max = 0;
    ASSERT_TRUE(z.make(config("10.0.0.1", "10.0.0.2", 100, 10, none)));
    z.start();
    EXPECT_EQ(z.priority(), 110);
    const int t = z.host.start_process("telnetd");
    EXPECT_EQ(z.priority(), 100);
    z.host.stop_process(t);
    EXPECT_EQ(z.priority(), 110);
}

TEST(TrackProcess, ForkAndTerminateDelaysAtExactTimes) {
    Node n("a", "10.0.0.1", 1);
    auto p = proc("nginx");
    p.fork_delay_ms = 500;
    p.terminate_delay_ms = 2000;
    ASSERT_TRUE(n.make(config("10.0.0.1", "10.0.0.2", 100, 10, p)));
    n.start();
    EXPECT_EQ(n.priority(), 100);
    n.host.advance_to(1 * kS);
    const int pid = n.host.start_process("nginx");
    n.host.advance_to(1 * kS + 499 * kMs);
    EXPECT_EQ(n.priority(), 100);
    n.host.advance_to(1 * kS + 500 * kMs);
    EXPECT_EQ(n.priority(), 110);

    n.host.advance_to(3 * kS);
    n.host.stop_process(pid);
    n.host.advance_to(5 * kS - 1);
    EXPECT_EQ(n.priority(), 110);
    n.host.advance_to(5 * kS);
    EXPECT_EQ(n.priority(), 100);

    // A restart inside the terminate delay never reaches the instance.
    const int again = n.host.start_process("nginx");
    n.host.advance_to(6 * kS);
    EXPECT_EQ(n.priority(), 110);
    n.host.stop_process(again);
    n.host.advance_to(7 * kS);
    n.host.start_process("nginx");  // back within 2 s: the pending change is off
    n.host.advance_to(20 * kS);
    EXPECT_EQ(n.priority(), 110);
    EXPECT_EQ(n.host.count_log("track_process"), 1u + 3u);
}

TEST(TrackProcess, PositiveWeightAddsWhileRunningNegativeSubtractsWhileNot) {
    Node up("a", "10.0.0.1", 1), down("b", "10.0.0.2", 2);
    ASSERT_TRUE(up.make(config("10.0.0.1", "10.0.0.2", 100, 15)));
    ASSERT_TRUE(down.make(config("10.0.0.2", "10.0.0.1", 100, -15)));
    up.start();
    down.start();
    EXPECT_EQ(up.priority(), 100);
    EXPECT_EQ(down.priority(), 85);
    up.host.start_process("nginx");
    down.host.start_process("nginx");
    EXPECT_EQ(up.priority(), 115);
    EXPECT_EQ(down.priority(), 100);
}

TEST(TrackProcess, RenameAndExecChangeWhatCounts) {
    Node n("a", "10.0.0.1", 1);
    ASSERT_TRUE(n.make(config("10.0.0.1", "10.0.0.2", 100, 10)));
    n.start();
    const int pid = n.host.start_process("bash");
    EXPECT_EQ(n.priority(), 100);
    n.host.exec_process(pid, "nginx", {"/usr/sbin/nginx"});
    EXPECT_EQ(n.priority(), 110);
    n.host.rename_process(pid, "nginx: master");
    EXPECT_EQ(n.priority(), 100);
    n.host.rename_process(pid, "nginx");
    EXPECT_EQ(n.priority(), 110);
}

TEST(TrackProcess, CmdlineParamsAreMatched) {
    Node n("a", "10.0.0.1", 1);
    ASSERT_TRUE(n.make(config("10.0.0.1", "10.0.0.2", 100, 10, proc("/usr/bin/python3", M::Partial, {"app.py"}))));
    n.start();
    n.host.start_process("python3", {"/usr/bin/python3", "other.py"});
    EXPECT_EQ(n.priority(), 100);
    n.host.start_process("python3", {"/usr/bin/python3", "app.py", "--port", "80"});
    EXPECT_EQ(n.priority(), 110);
}

TEST(TrackProcess, OnlyMatchingProcessesAreRemembered) {
    Node n("a", "10.0.0.1", 1);
    for (int i = 0; i < 50; ++i) n.host.start_process("worker" + std::to_string(i));
    n.host.start_process("nginx");
    ASSERT_TRUE(n.make(config("10.0.0.1", "10.0.0.2", 100, 10)));
    n.start();
    EXPECT_EQ(n.host.remembered_processes(), 1u);
    EXPECT_EQ(n.host.process_watches, 1u);
    EXPECT_EQ(n.priority(), 110);  // running at start: counts at once
}

TEST(TrackProcess, NoProcessBlockNoWatch) {
    Node n("a", "10.0.0.1", 1);
    auto c = config("10.0.0.1", "10.0.0.2", 100, 10);
    c.instances[0].tracks.clear();
    c.instances[0].vrrp.tracks.clear();
    c.processes.clear();
    ASSERT_TRUE(n.make(c));
    n.start();
    EXPECT_EQ(n.host.process_watches, 0u);
}

TEST(TrackProcess, ReloadAppliesANewQuorumToAKeptInstance) {
    Node n("a", "10.0.0.1", 1);
    n.host.start_process("nginx");
    ASSERT_TRUE(n.make(config("10.0.0.1", "10.0.0.2", 100, 10)));
    n.start();
    EXPECT_EQ(n.priority(), 110);
    auto p = proc("nginx");
    p.quorum = 2;
    ASSERT_TRUE(n.ex->reload(config("10.0.0.1", "10.0.0.2", 100, 10, p)));
    EXPECT_EQ(n.priority(), 100);
    EXPECT_EQ(n.host.process_watches, 2u);
    n.host.start_process("nginx");
    EXPECT_EQ(n.priority(), 110);
    // The same processes again: the watch and the counts stay.
    ASSERT_TRUE(n.ex->reload(config("10.0.0.1", "10.0.0.2", 100, 10, p)));
    EXPECT_EQ(n.host.process_watches, 2u);
    EXPECT_EQ(n.priority(), 110);
}

// A reload whose process watch cannot start fails as a whole: the running
// blocks keep their quorum, their counts and their watch.
TEST(TrackProcess, AFailedReloadKeepsTheRunningBlocks) {
    Node n("a", "10.0.0.1", 1);
    const int first = n.host.start_process("nginx");
    ASSERT_TRUE(n.make(config("10.0.0.1", "10.0.0.2", 100, 10)));
    n.start();
    EXPECT_EQ(n.priority(), 110);
    auto p = proc("nginx");
    p.quorum = 2;
    n.host.fail_next_process_watch(EMFILE);
    const auto st = n.ex->reload(config("10.0.0.1", "10.0.0.2", 100, 10, p));
    ASSERT_FALSE(st);
    EXPECT_NE(st.message().find("vrrp_track_process"), std::string::npos) << st.message();
    EXPECT_EQ(n.priority(), 110);  // quorum 1 still
    const int second = n.host.start_process("nginx");
    n.host.stop_process(second);
    EXPECT_EQ(n.priority(), 110);
    n.host.stop_process(first);
    EXPECT_EQ(n.priority(), 100);  // the old block still counts, through the old watch
    n.host.start_process("nginx");
    EXPECT_EQ(n.priority(), 110);
    EXPECT_EQ(n.host.count_log("track_process_unwatched"), 0u);
}

// A reload that changes one block leaves the others as they are, a delay
// under way included (keepalived keeps an unchanged block's state too).
TEST(TrackProcess, AReloadKeepsAnUnchangedBlocksPendingDelay) {
    Node n("a", "10.0.0.1", 1);
    auto c = config("10.0.0.1", "10.0.0.2", 100, 10);
    c.processes[0].fork_delay_ms = 500;
    ProcessSpec db = proc("postgres");
    db.name = "db";
    c.processes.push_back(db);
    ASSERT_TRUE(n.make(c));
    n.start();
    n.host.advance_to(1 * kS);
    n.host.start_process("nginx");  // up at 1.5 s
    n.host.advance_to(1 * kS + 200 * kMs);
    c.processes[1].quorum = 2;
    ASSERT_TRUE(n.ex->reload(c));
    n.host.advance_to(1 * kS + 499 * kMs);
    EXPECT_EQ(n.priority(), 100);
    n.host.advance_to(1 * kS + 500 * kMs);
    EXPECT_EQ(n.priority(), 110);  // at the time set before the reload
    EXPECT_EQ(n.host.process_watches, 2u);
}

// A reload that drops every process track ends the host's watch: no scans
// for nothing, and no callback into the executor left behind.
TEST(TrackProcess, AReloadWithoutProcessTracksEndsTheWatch) {
    Node n("a", "10.0.0.1", 1);
    n.host.start_process("nginx");
    ASSERT_TRUE(n.make(config("10.0.0.1", "10.0.0.2", 100, 10)));
    n.start();
    EXPECT_EQ(n.host.remembered_processes(), 1u);
    auto c = config("10.0.0.1", "10.0.0.2", 100, 10);
    c.instances[0].tracks.clear();
    c.instances[0].vrrp.tracks.clear();
    c.processes.clear();
    ASSERT_TRUE(n.ex->reload(c));
    EXPECT_EQ(n.host.process_watches, 2u);  // the second call ended it
    EXPECT_EQ(n.host.remembered_processes(), 0u);
    n.ex.reset();
    n.host.start_process("nginx");  // nothing is called (ASan would see a freed executor)
    EXPECT_EQ(n.host.remembered_processes(), 0u);
}

TEST(TrackProcess, MetricsShowTheProcessTrack) {
    Node n("a", "10.0.0.1", 1);
    ASSERT_TRUE(n.make(config("10.0.0.1", "10.0.0.2", 100, 0)));
    n.start();
    exec::metrics::Node m;
    n.ex->fill_metrics(m);
    ASSERT_EQ(m.instances.at(0).tracks.size(), 1u);
    EXPECT_EQ(m.instances[0].tracks[0].kind, "process");
    EXPECT_FALSE(m.instances[0].tracks[0].up);
    EXPECT_EQ(m.instances[0].state, vrrp::State::Fault);
}
