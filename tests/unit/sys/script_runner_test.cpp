// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sys/files.hpp"
#include "sys/script_runner.hpp"

using namespace havip::sys;
using namespace std::chrono_literals;

namespace {

struct sysScript : ::testing::Test {
    std::unique_ptr<EventLoop> loop = std::move(EventLoop::create()).value();
    ScriptRunner runner{*loop};

    // Runs the loop until pred() or the deadline; returns pred().
    template <class P>
    bool run_until(P pred, std::chrono::milliseconds limit = 5000ms) {
        std::int64_t end = EventLoop::now_ns() + limit.count() * 1'000'000;
        while (!pred() && EventLoop::now_ns() < end) {
            Status st = loop->run_once(20);
            if (!st) return false;
        }
        return pred();
    }
};

std::string temp_dir() {
    char tmpl[] = "/tmp/havip-sys-test.XXXXXX";
    char* d = mkdtemp(tmpl);
    return d ? d : "/tmp";
}

}  // namespace

TEST_F(sysScript, TrueAndFalse) {
    std::vector<ScriptResult> res;
    ASSERT_TRUE(runner.start({.argv = {"/bin/true"}}, [&](const ScriptResult& r) { res.push_back(r); }));
    ASSERT_TRUE(runner.start({.argv = {"/bin/false"}}, [&](const ScriptResult& r) { res.push_back(r); }));
    EXPECT_EQ(runner.running(), 2u);
    ASSERT_TRUE(run_until([&] { return res.size() == 2; }));
    int codes = 0;
    for (auto& r : res) {
        EXPECT_TRUE(r.error.empty()) << r.error;
        EXPECT_FALSE(r.timed_out);
        codes += r.exit_code;
    }
    EXPECT_EQ(codes, 1);  // one 0, one 1
    EXPECT_TRUE(runner.idle());
}

TEST_F(sysScript, TimeoutKillsTheProcessGroup) {
    ScriptResult res;
    bool done = false;
    // The shell's own child (sleep) is in the same group: it must die too.
    std::string dir = temp_dir();
    std::string pidfile = dir + "/child.pid";
    std::string cmd = "/bin/sleep 30 & echo $! > " + pidfile + "; wait";
    std::int64_t t0 = EventLoop::now_ns();
    ASSERT_TRUE(runner.start({.argv = {"/bin/sh", "-c", cmd}, .timeout = 200ms}, [&](const ScriptResult& r) {
        res = r;
        done = true;
    }));
    ASSERT_TRUE(run_until([&] { return done; }));
    std::int64_t dt = EventLoop::now_ns() - t0;
    EXPECT_TRUE(res.timed_out);
    EXPECT_EQ(res.signal, SIGKILL);
    EXPECT_EQ(res.exit_code, -1);
    EXPECT_GE(dt, 200'000'000);
    EXPECT_LT(dt, 2'000'000'000);
    auto pid_text = read_file(pidfile);
    ASSERT_TRUE(pid_text) << pid_text.message();
    pid_t child = std::stoi(*pid_text);
    // The grandchild is killed too (it may linger briefly as a zombie of init).
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i) {
        std::ifstream st("/proc/" + std::to_string(child) + "/stat");
        std::string s;
        std::getline(st, s);
        gone = s.empty() || s.find(") Z") != std::string::npos;
        if (!gone) usleep(10000);
    }
    EXPECT_TRUE(gone) << "sleep " << child << " survived the timeout";
}

TEST_F(sysScript, SleepWithinTimeoutCompletes) {
    ScriptResult res;
    bool done = false;
    ASSERT_TRUE(runner.start({.argv = {"/bin/sleep", "0.05"}, .timeout = 2000ms}, [&](const ScriptResult& r) {
        res = r;
        done = true;
    }));
    ASSERT_TRUE(run_until([&] { return done; }));
    EXPECT_FALSE(res.timed_out);
    EXPECT_EQ(res.exit_code, 0);
    EXPECT_GE(res.elapsed_ns, 50'000'000);
}

TEST_F(sysScript, LoopIsNotBlockedWhileScriptsRun) {
    bool done = false;
    int ticks = 0;
    ASSERT_TRUE(runner.start({.argv = {"/bin/sleep", "0.3"}}, [&](const ScriptResult&) { done = true; }));
    auto t = loop->add_timer([&] { ++ticks; });
    ASSERT_TRUE(t);
    ASSERT_TRUE(loop->arm(*t, 10ms, 10ms));
    ASSERT_TRUE(run_until([&] { return done; }));
    EXPECT_GE(ticks, 15);  // the 10 ms timer kept firing during the 300 ms script
}

TEST_F(sysScript, PerKeyOrdering) {
    std::string dir = temp_dir();
    std::string log = dir + "/order.log";
    std::vector<std::string> callbacks;
    // Later jobs are faster: without ordering they would finish first. The
    // first one waits for key 2's callback, so key 2 must run beside key 1
    // (a runner that serialised the keys would never get there).
    const std::string flag = dir + "/k2-done";
    for (int i = 0; i < 5; ++i) {
        std::string wait = i == 0 ? "while [ ! -e " + flag + " ]; do /bin/sleep 0.01; done; " : "";
        std::string cmd =
            wait + "/bin/sleep 0.0" + std::to_string(5 - i) + "; echo " + std::to_string(i) + " >> " + log;
        runner.enqueue(1, {.argv = {"/bin/sh", "-c", cmd}}, [&, i](const ScriptResult& r) {
            EXPECT_EQ(r.exit_code, 0);
            callbacks.push_back("k1-" + std::to_string(i));
        });
    }
    // Another key runs in parallel with key 1.
    runner.enqueue(2, {.argv = {"/bin/true"}}, [&](const ScriptResult&) {
        callbacks.push_back("k2");
        std::ofstream(flag) << "1";
    });
    EXPECT_EQ(runner.running(), 2u);
    EXPECT_EQ(runner.queued(), 4u);
    ASSERT_TRUE(run_until([&] { return runner.idle(); }));
    auto text = read_file(log);
    ASSERT_TRUE(text);
    EXPECT_EQ(*text, "0\n1\n2\n3\n4\n");
    ASSERT_EQ(callbacks.size(), 6u);
    EXPECT_EQ(callbacks.front(), "k2");  // finished while key 1 was still busy (its first job waits for it)
    for (int i = 0; i < 5; ++i) EXPECT_EQ(callbacks[static_cast<std::size_t>(i) + 1], "k1-" + std::to_string(i));
}

TEST_F(sysScript, ExecFailureIsReported) {
    ScriptResult res;
    bool done = false;
    ASSERT_TRUE(runner.start({.argv = {"/nonexistent/script", "a"}}, [&](const ScriptResult& r) {
        res = r;
        done = true;
    }));
    ASSERT_TRUE(run_until([&] { return done; }));
    EXPECT_NE(res.error.find("execve"), std::string::npos) << res.error;
    EXPECT_EQ(res.exit_code, 127);
    EXPECT_FALSE(res.ok());
}

TEST_F(sysScript, RejectsRelativeAndEmptyArgv) {
    EXPECT_FALSE(runner.start({.argv = {"true"}}, nullptr));
    EXPECT_FALSE(runner.start({.argv = {}}, nullptr));
    // Queued: reported through the callback, from the loop, in order.
    std::vector<int> order;
    runner.enqueue(3, {.argv = {"relative"}}, [&](const ScriptResult& r) {
        EXPECT_FALSE(r.error.empty());
        order.push_back(1);
    });
    runner.enqueue(3, {.argv = {"/bin/true"}}, [&](const ScriptResult& r) {
        EXPECT_TRUE(r.ok());
        order.push_back(2);
    });
    EXPECT_TRUE(order.empty());
    ASSERT_TRUE(run_until([&] { return runner.idle(); }));
    EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST_F(sysScript, ArgvAndEnvironmentPassedVerbatim) {
    std::string dir = temp_dir();
    std::string out = dir + "/args";
    bool done = false;
    // No shell parses these: spaces and quotes arrive as one argument each.
    ASSERT_TRUE(
        runner.start({.argv = {"/bin/sh", "-c", "printf '%s|' \"$@\" \"$HV\" > " + out, "sh", "a b", "'q'", "$X"},
                      .env = {"HV=v1", "PATH=/bin"}},
                     [&](const ScriptResult&) { done = true; }));
    ASSERT_TRUE(run_until([&] { return done; }));
    auto text = read_file(out);
    ASSERT_TRUE(text);
    EXPECT_EQ(*text, "a b|'q'|$X|v1|");
}

TEST_F(sysScript, RunsAsAnotherUser) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to change user";
    auto creds = resolve_user("nobody");
    ASSERT_TRUE(creds) << creds.message();
    std::string dir = temp_dir();
    chmod(dir.c_str(), 0777);
    std::string out = dir + "/id";
    bool done = false;
    ASSERT_TRUE(runner.start({.argv = {"/bin/sh", "-c", "id -u > " + out}, .as_user = true, .creds = *creds},
                             [&](const ScriptResult& r) {
                                 EXPECT_TRUE(r.ok()) << r.error;
                                 done = true;
                             }));
    ASSERT_TRUE(run_until([&] { return done; }));
    auto text = read_file(out);
    ASSERT_TRUE(text);
    EXPECT_EQ(std::stoul(*text), creds->uid);
}

TEST(sysResolveUser, KnownAndUnknown) {
    auto root = resolve_user("root");
    ASSERT_TRUE(root) << root.message();
    EXPECT_EQ(root->uid, 0u);
    EXPECT_EQ(root->gid, 0u);
    auto num = resolve_user("0", "0");
    ASSERT_TRUE(num);
    EXPECT_EQ(num->uid, 0u);
    EXPECT_FALSE(resolve_user("no-such-user-havip"));
    EXPECT_FALSE(resolve_user("root", "no-such-group-havip"));
}

// script_user from the account files themselves (what a static havipd does).
TEST(sysResolveUser, FromTheAccountFiles) {
    const std::string dir = temp_dir();
    AccountFiles f{dir + "/passwd", dir + "/group"};
    std::ofstream(f.passwd) << "root:x:0:0:root:/root:/bin/bash\n"
                               "# a comment\n"
                               "+nis-compat\n"
                               "broken line\n"
                               "keepalived_script:x:998:997::/nonexistent:/usr/sbin/nologin\n"
                               "ops:x:1001:1001:Ops:/home/ops:/bin/sh";  // no final newline
    std::ofstream(f.group) << "root:x:0:\n"
                              "keepalived_script:x:997:\n"
                              "ops:x:1001:\n"
                              "adm:x:4:syslog,ops\n"
                              "opsish:x:50:opsx,xops\n"
                              "netdev:x:108:ops\n";
    auto c = resolve_user_files("keepalived_script", "", f);
    ASSERT_TRUE(c) << c.message();
    EXPECT_EQ(c->uid, 998u);
    EXPECT_EQ(c->gid, 997u);
    EXPECT_EQ(c->groups, (std::vector<gid_t>{997}));
    c = resolve_user_files("ops", "", f);
    ASSERT_TRUE(c) << c.message();
    EXPECT_EQ(c->uid, 1001u);
    EXPECT_EQ(c->groups, (std::vector<gid_t>{1001, 4, 108})) << "primary, then each group naming it exactly";
    c = resolve_user_files("ops", "adm", f);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->gid, 4u);
    c = resolve_user_files("1001", "108", f);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->uid, 1001u);
    EXPECT_EQ(c->gid, 108u);
    c = resolve_user_files("4242", "4343", f);  // bare ids without entries stay usable
    ASSERT_TRUE(c);
    EXPECT_EQ(c->uid, 4242u);
    EXPECT_EQ(c->gid, 4343u);
    c = resolve_user_files("nobody-here", "", f);
    ASSERT_FALSE(c);
    EXPECT_NE(c.message().find("unknown user `nobody-here`"), std::string::npos) << c.message();
    EXPECT_FALSE(resolve_user_files("ops", "no-such-group", f));
    EXPECT_FALSE(resolve_user_files("root", "", AccountFiles{dir + "/missing", f.group}));
}
