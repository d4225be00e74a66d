// SPDX-License-Identifier: MIT
// RealHost's process watch: /proc/PID/stat and cmdline parsing, a scan of a
// /proc-shaped directory (zombies skipped, only wanted processes remembered,
// Seen on a change, Gone on an exit), and real processes started and killed.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sys/event_loop.hpp"
#include "sys/proc_scan.hpp"

using namespace havip::sys;
namespace fs = std::filesystem;

namespace {

struct TmpDir {
    std::string path;
    TmpDir() {
        char t[] = "/tmp/havip-proc-XXXXXX";
        path = ::mkdtemp(t) ? t : "";
    }
    ~TmpDir() {
        if (!path.empty()) fs::remove_all(path);
    }
};

constexpr unsigned kPfKthread = 0x00200000;

void fake_proc(const std::string& root, int pid, const std::string& comm, char state, const std::string& cmdline = "",
               unsigned flags = 0x00400000 /* PF_RANDOMIZE, a user process */) {
    const std::string dir = root + "/" + std::to_string(pid);
    fs::create_directories(dir);
    std::ofstream(dir + "/stat", std::ios::trunc)
        << pid << " (" << comm << ") " << state << " 1 1 1 0 -1 " << flags << " 0 0 0 0\n";
    std::ofstream(dir + "/cmdline", std::ios::trunc | std::ios::binary) << cmdline;
}

struct Recorder {
    std::vector<std::string> events;  ///< "seen PID COMM [ARGV...]" / "gone PID"
    void operator()(const ProcessEvent& e) {
        std::string s = e.kind == ProcessEvent::Kind::Seen ? "seen " : "gone ";
        s += std::to_string(e.pid);
        if (e.kind == ProcessEvent::Kind::Seen) s += " " + std::string(e.comm);
        for (const auto& a : e.argv) s += " " + a;
        events.push_back(s);
    }
};

}  // namespace

TEST(ProcStat, NameAndStateEvenWithParenthesesAndSpaces) {
    std::string comm;
    char state = 0;
    ASSERT_TRUE(parse_proc_stat("42 (nginx) S 1 42 42 0 -1", comm, state));
    EXPECT_EQ(comm, "nginx");
    EXPECT_EQ(state, 'S');
    ASSERT_TRUE(parse_proc_stat("7 (a) b) (c) Z 1", comm, state));
    EXPECT_EQ(comm, "a) b) (c");
    EXPECT_EQ(state, 'Z');
    EXPECT_FALSE(parse_proc_stat("", comm, state));
    EXPECT_FALSE(parse_proc_stat("7 (x", comm, state));
    EXPECT_FALSE(parse_proc_stat("7 (x)", comm, state));
}

TEST(ProcStat, KernelThreadFlag) {
    EXPECT_TRUE(proc_stat_kthread("2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 3"));
    EXPECT_TRUE(proc_stat_kthread("9 (k) x) S 2 0 0 0 -1 2129984 0"));  // ')' in the name
    EXPECT_FALSE(proc_stat_kthread("1895 (cat) R 1891 1891 1714 0 -1 4194304 121 0"));
    EXPECT_FALSE(proc_stat_kthread("7 (x) S 1 1 1 0 -1"));  // no flags field
    EXPECT_FALSE(proc_stat_kthread("7 (x) S 1 1 1 0 -1 zz 0"));
    EXPECT_FALSE(proc_stat_kthread(""));
}

TEST(ProcStat, CmdlineSplitsOnNul) {
    EXPECT_EQ(split_cmdline(std::string("a\0b c\0\0d\0", 9)), (std::vector<std::string>{"a", "b c", "", "d"}));
    EXPECT_EQ(split_cmdline(""), std::vector<std::string>{});
    EXPECT_EQ(split_cmdline("no-nul"), std::vector<std::string>{"no-nul"});
}

TEST(ProcScan, RemembersOnlyWantedRunningProcessesAndReportsChanges) {
    TmpDir d;
    ASSERT_FALSE(d.path.empty());
    fake_proc(d.path, 10, "nginx", 'S', std::string("nginx\0-g\0", 9));
    fake_proc(d.path, 11, "nginx", 'Z');  // a zombie is not running
    fake_proc(d.path, 12, "bash", 'R');
    fs::create_directories(d.path + "/self");  // not a pid
    auto loop = EventLoop::create();
    ASSERT_TRUE(loop);
    auto s = ProcScan::open(**loop, d.path);
    ASSERT_TRUE(s);
    Recorder rec;
    auto wanted = [](std::string_view comm, std::span<const std::string>) { return comm == "nginx"; };
    ASSERT_TRUE((*s)->watch(true, wanted, [&](const ProcessEvent& e) { rec(e); }));
    EXPECT_EQ(rec.events, (std::vector<std::string>{"seen 10 nginx nginx -g"}));
    EXPECT_EQ((*s)->remembered(), 1u);

    (*s)->scan();  // nothing changed: nothing said
    EXPECT_EQ(rec.events.size(), 1u);

    fake_proc(d.path, 12, "nginx", 'S', std::string("nginx\0", 6));              // bash exec'ed nginx
    fake_proc(d.path, 10, "nginx: master", 'S', std::string("nginx\0-g\0", 9));  // renamed away (prctl)
    (*s)->scan();
    EXPECT_EQ(rec.events, (std::vector<std::string>{"seen 10 nginx nginx -g", "seen 12 nginx nginx", "gone 10"}));

    fs::remove_all(d.path + "/12");  // exited
    (*s)->scan();
    EXPECT_EQ(rec.events.back(), "gone 12");
    EXPECT_EQ((*s)->remembered(), 0u);
}

// execve names the process before its arguments are in place, and an exiting
// process loses its arguments before it is a zombie: a pass that finds a user
// process without a command line keeps what it knew of it, says nothing, and
// the next pass tells. A kernel thread never has one: it is judged as it is.
TEST(ProcScan, AUserProcessWithoutACommandLineIsBetweenStates) {
    TmpDir d;
    ASSERT_FALSE(d.path.empty());
    fake_proc(d.path, 20, "nginx", 'S', std::string("nginx\0", 6));
    fake_proc(d.path, 21, "nginx", 'R');                  // inside execve: no arguments yet
    fake_proc(d.path, 22, "nginx", 'S', "", kPfKthread);  // a kernel thread of that name
    auto loop = EventLoop::create();
    ASSERT_TRUE(loop);
    auto s = ProcScan::open(**loop, d.path);
    ASSERT_TRUE(s);
    Recorder rec;
    auto wanted = [](std::string_view comm, std::span<const std::string>) { return comm == "nginx"; };
    ASSERT_TRUE((*s)->watch(true, wanted, [&](const ProcessEvent& e) { rec(e); }));
    std::sort(rec.events.begin(), rec.events.end());  // a directory's order is the file system's
    EXPECT_EQ(rec.events, (std::vector<std::string>{"seen 20 nginx nginx", "seen 22 nginx"}));

    rec.events.clear();
    fake_proc(d.path, 21, "nginx", 'R', std::string("nginx\0-t\0", 9));  // execve done
    fake_proc(d.path, 20, "nginx", 'R');                                 // exiting: arguments gone
    (*s)->scan();
    EXPECT_EQ(rec.events, (std::vector<std::string>{"seen 21 nginx nginx -t"}));
    EXPECT_EQ((*s)->remembered(), 3u);  // 20 is kept as it was

    fake_proc(d.path, 20, "nginx", 'Z');  // now a zombie
    (*s)->scan();
    EXPECT_EQ(rec.events.back(), "gone 20");
    EXPECT_EQ((*s)->remembered(), 2u);
}

TEST(ProcScan, SeesARealProcessStartAndExit) {
    TmpDir d;
    ASSERT_FALSE(d.path.empty());
    const std::string name = "hvps" + std::to_string(::getpid() % 100000);
    const std::string prog = d.path + "/" + name;
    fs::copy_file("/bin/sleep", prog);
    auto loop = EventLoop::create();
    ASSERT_TRUE(loop);
    auto s = ProcScan::open(**loop);
    ASSERT_TRUE(s);
    Recorder rec;
    auto wanted = [&](std::string_view comm, std::span<const std::string>) { return comm == name; };
    ASSERT_TRUE((*s)->watch(true, wanted, [&](const ProcessEvent& e) { rec(e); }));
    EXPECT_TRUE(rec.events.empty());

    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::execl(prog.c_str(), prog.c_str(), "30", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    // exec is asynchronous to the parent: scan until the new name shows (at most 2 s).
    for (int i = 0; i < 200 && rec.events.empty(); ++i) {
        ::usleep(10'000);
        (*s)->scan();
    }
    ASSERT_EQ(rec.events.size(), 1u);
    EXPECT_EQ(rec.events[0], "seen " + std::to_string(pid) + " " + name + " " + prog + " 30");
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    (*s)->scan();
    ASSERT_EQ(rec.events.size(), 2u);
    EXPECT_EQ(rec.events[1], "gone " + std::to_string(pid));
}
