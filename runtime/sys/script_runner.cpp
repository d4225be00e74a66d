// SPDX-License-Identifier: MIT
#include "sys/script_runner.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include <fmt/format.h>

#include "sys/files.hpp"

namespace havip::sys {

namespace {

int pidfd_open(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

bool parse_id(std::string_view s, unsigned& out) {
    if (s.empty() || s.size() > 9) return false;
    unsigned v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    out = v;
    return true;
}

}  // namespace

namespace {

/// Calls f(fields) for each `a:b:c` line of an account file; stops when f returns true.
template <class F>
void each_entry(const std::string& text, F&& f) {
    std::size_t pos = 0;
    std::string_view fields[8];
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + pos, end - pos);
        pos = end + 1;
        if (line.empty() || line[0] == '#' || line[0] == '+' || line[0] == '-') continue;  // NIS compat lines
        std::size_t n = 0;
        while (n < 8) {
            auto colon = line.find(':');
            fields[n++] = line.substr(0, colon);
            if (colon == std::string_view::npos) break;
            line.remove_prefix(colon + 1);
        }
        if (f(fields, n)) return;
    }
}

bool member_of(std::string_view members, std::string_view user) {
    while (!members.empty()) {
        auto comma = members.find(',');
        if (members.substr(0, comma) == user) return true;
        if (comma == std::string_view::npos) break;
        members.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace

Result<Credentials> resolve_user_files(std::string_view user, std::string_view group, const AccountFiles& files) {
    constexpr std::size_t kMax = 64u << 20;
    auto pw = read_file(files.passwd, kMax);
    if (!pw) return Result<Credentials>::error(fmt::format("cannot read {}: {}", files.passwd, pw.message()));
    auto gr = read_file(files.group, kMax);
    if (!gr) return Result<Credentials>::error(fmt::format("cannot read {}: {}", files.group, gr.message()));
    Credentials c;
    unsigned id = 0;
    const bool by_id = parse_id(user, id);
    std::string name;
    bool found = false;
    each_entry(*pw, [&](const std::string_view* f, std::size_t n) {
        unsigned uid = 0, gid = 0;
        if (n < 4 || !parse_id(f[2], uid) || !parse_id(f[3], gid)) return false;
        if (by_id ? uid != id : f[0] != user) return false;
        c.uid = uid;
        c.gid = gid;
        name = f[0];
        found = true;
        return true;
    });
    if (!found) {
        if (!by_id) return Result<Credentials>::error(fmt::format("unknown user `{}` (not in {})", user, files.passwd));
        c.uid = id;  // a bare uid with no passwd entry is still usable
        c.gid = id;
    }
    c.groups.push_back(c.gid);
    if (found)
        each_entry(*gr, [&](const std::string_view* f, std::size_t n) {
            unsigned gid = 0;
            if (n >= 4 && parse_id(f[2], gid) && gid != c.gid && member_of(f[3], name)) c.groups.push_back(gid);
            return false;
        });
    if (!group.empty()) {
        const bool gby_id = parse_id(group, id);
        bool gfound = false;
        each_entry(*gr, [&](const std::string_view* f, std::size_t n) {
            unsigned gid = 0;
            if (n < 3 || !parse_id(f[2], gid)) return false;
            if (gby_id ? gid != id : f[0] != group) return false;
            c.gid = gid;
            gfound = true;
            return true;
        });
        if (!gfound) {
            if (!gby_id)
                return Result<Credentials>::error(fmt::format("unknown group `{}` (not in {})", group, files.group));
            c.gid = id;
        }
    }
    return c;
}

#ifndef HAVIP_NO_NSS
namespace {
Result<Credentials> resolve_user_nss(std::string_view user, std::string_view group) {
    Credentials c;
    std::vector<char> buf(16384);
    passwd pw{};
    passwd* pwp = nullptr;
    std::string u(user);
    unsigned id = 0;
    int rc = parse_id(user, id) ? getpwuid_r(id, &pw, buf.data(), buf.size(), &pwp)
                                : getpwnam_r(u.c_str(), &pw, buf.data(), buf.size(), &pwp);
    if (rc != 0 || !pwp) {
        if (parse_id(user, id)) {  // a bare uid with no passwd entry is still usable
            c.uid = id;
            c.gid = id;
        } else {
            return Result<Credentials>::error(fmt::format("unknown user `{}`", user));
        }
    } else {
        c.uid = pw.pw_uid;
        c.gid = pw.pw_gid;
        int n = 64;
        std::vector<gid_t> groups(static_cast<std::size_t>(n));
        if (getgrouplist(pw.pw_name, pw.pw_gid, groups.data(), &n) < 0) {
            groups.resize(static_cast<std::size_t>(n));
            getgrouplist(pw.pw_name, pw.pw_gid, groups.data(), &n);
        }
        groups.resize(static_cast<std::size_t>(n > 0 ? n : 0));
        c.groups = std::move(groups);
    }
    if (!group.empty()) {
        struct group gr {};
        struct group* grp = nullptr;
        std::string g(group);
        rc = parse_id(group, id) ? getgrgid_r(id, &gr, buf.data(), buf.size(), &grp)
                                 : getgrnam_r(g.c_str(), &gr, buf.data(), buf.size(), &grp);
        if (rc == 0 && grp)
            c.gid = gr.gr_gid;
        else if (parse_id(group, id))
            c.gid = id;
        else
            return Result<Credentials>::error(fmt::format("unknown group `{}`", group));
    }
    if (c.groups.empty()) c.groups.push_back(c.gid);
    return c;
}
}  // namespace
#endif

Result<Credentials> resolve_user(std::string_view user, std::string_view group) {
    auto files = resolve_user_files(user, group, AccountFiles{});
#ifndef HAVIP_NO_NSS
    if (!files) return resolve_user_nss(user, group);
#endif
    return files;
}

ScriptRunner::~ScriptRunner() {
    for (auto& ch : children_) {
        if (!ch.in_use) continue;
        ::kill(-ch.pid, SIGKILL);
        ::kill(ch.pid, SIGKILL);
        loop_.unwatch(ch.pidfd);
        int st;
        ::waitpid(ch.pid, &st, 0);
        ::close(ch.pidfd);
        if (ch.errfd >= 0) ::close(ch.errfd);
    }
    for (auto& ch : children_)
        if (ch.timer.valid()) loop_.remove_timer(ch.timer);
    if (deferred_.valid()) loop_.remove_timer(deferred_);
}

std::size_t ScriptRunner::queued() const {
    std::size_t n = 0;
    for (const auto& [k, q] : queues_) n += q.jobs.size();
    return n;
}

void ScriptRunner::kill_all() {
    for (auto& ch : children_)
        if (ch.in_use) {
            ::kill(-ch.pid, SIGKILL);
            ::kill(ch.pid, SIGKILL);
        }
}

Result<pid_t> ScriptRunner::start(const ScriptSpec& spec, Done done) { return spawn(spec, std::move(done), false, 0); }

namespace {

/// What execve needs, made before the fork: after it the child only makes syscalls.
struct ExecArgs {
    std::vector<char*> argv;
    std::vector<char*> envp;
    char* const* env = nullptr;
    explicit ExecArgs(const ScriptSpec& spec) {
        argv.reserve(spec.argv.size() + 1);
        for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        static const char* kDefaultEnv[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", nullptr};
        for (const auto& e : spec.env) envp.push_back(const_cast<char*>(e.c_str()));
        envp.push_back(nullptr);
        env = spec.env.empty() ? const_cast<char* const*>(kDefaultEnv) : envp.data();
    }
};

/// The child after fork: async-signal-safe calls only. A failure before execve
/// writes (step, errno) to `errfd` for the parent and exits 127.
[[noreturn]] void run_child(const ScriptSpec& spec, const ExecArgs& args, int errfd, int devnull) {
    auto fail = [&](int code) {
        int e = errno;
        std::uint8_t msg[8];
        std::memcpy(msg, &code, 4);
        std::memcpy(msg + 4, &e, 4);
        (void)!::write(errfd, msg, sizeof msg);
        ::_exit(127);
    };
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);  // the loop's signalfd mask is inherited
    for (int s = 1; s < NSIG; ++s) ::signal(s, SIG_DFL);
    ::setpgid(0, 0);
    ::dup2(devnull, 0);
    if (!spec.inherit_output) {
        ::dup2(devnull, 1);
        ::dup2(devnull, 2);
    }
    if (spec.as_user) {
        if (::setgroups(spec.creds.groups.size(), spec.creds.groups.data()) < 0) fail(1);
        if (::setgid(spec.creds.gid) < 0) fail(2);
        if (::setuid(spec.creds.uid) < 0) fail(3);
    }
    if (::chdir("/") < 0) fail(4);
    // Keep only stdio and the error pipe (moved to fd 3).
    if (errfd != 3) {
        if (::dup3(errfd, 3, O_CLOEXEC) < 0) fail(5);
        errfd = 3;
    }
    ::syscall(SYS_close_range, 4u, ~0u, 0u);
    ::execve(args.argv[0], args.argv.data(), args.env);
    fail(6);
    ::_exit(127);  // not reached: fail() exits
}

}  // namespace

Result<pid_t> ScriptRunner::spawn(const ScriptSpec& spec, Done done, bool keyed, std::uint64_t key) {
    if (spec.argv.empty()) return Result<pid_t>::error("script: empty argv");
    if (spec.argv[0].empty() || spec.argv[0][0] != '/')
        return Result<pid_t>::error(fmt::format("script: `{}` is not an absolute path", spec.argv[0]));

    const ExecArgs args(spec);
    int errpipe[2];
    if (::pipe2(errpipe, O_CLOEXEC) < 0) return Status::from_errno("script: pipe", errno);
    int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull < 0) {
        int e = errno;
        ::close(errpipe[0]);
        ::close(errpipe[1]);
        return Status::from_errno("script: /dev/null", e);
    }

    std::int64_t t0 = EventLoop::now_ns();
    pid_t pid = ::fork();
    if (pid < 0) {
        int e = errno;
        ::close(errpipe[0]);
        ::close(errpipe[1]);
        ::close(devnull);
        return Status::from_errno("script: fork", e);
    }
    if (pid == 0) run_child(spec, args, errpipe[1], devnull);
    ::close(errpipe[1]);
    ::close(devnull);
    ::setpgid(pid, pid);  // also from the parent: no window where a timeout kill misses the group
    return adopt(pid, errpipe[0], t0, spec.timeout, std::move(done), keyed, key);
}

Result<pid_t> ScriptRunner::adopt(pid_t pid, int errfd, std::int64_t t0, std::chrono::milliseconds timeout, Done done,
                                  bool keyed, std::uint64_t key) {
    int pfd = pidfd_open(pid);
    if (pfd < 0) {
        int e = errno;
        ::kill(pid, SIGKILL);
        int st;
        ::waitpid(pid, &st, 0);
        ::close(errfd);
        return Status::from_errno("script: pidfd_open", e);
    }
    std::size_t slot = children_.size();
    for (std::size_t i = 0; i < children_.size(); ++i)
        if (!children_[i].in_use) {
            slot = i;
            break;
        }
    if (slot == children_.size()) children_.emplace_back();
    Child& ch = children_[slot];
    ch.in_use = true;
    ch.pid = pid;
    ch.pidfd = pfd;
    ch.errfd = errfd;
    ch.timed_out = false;
    ch.start_ns = t0;
    ch.keyed = keyed;
    ch.key = key;
    ch.done = std::move(done);
    ++running_;
    Status st = loop_.watch(pfd, EventLoop::kIn, [this, slot](std::uint32_t) { on_exit(slot); });
    if (!st) {
        // Without the watch nobody would reap it: stop it here.
        ::kill(-pid, SIGKILL);
        int ws;
        ::waitpid(pid, &ws, 0);
        ::close(pfd);
        ::close(ch.errfd);
        ch = Child{.timer = ch.timer};
        --running_;
        return st;
    }
    if (timeout.count() > 0) {
        if (!ch.timer.valid()) {
            auto t = loop_.add_timer([this, slot] { on_timeout(slot); });
            if (t) ch.timer = *t;
        }
        if (ch.timer.valid()) (void)loop_.arm(ch.timer, timeout);
    }
    return pid;
}

void ScriptRunner::on_timeout(std::size_t slot) {
    Child& ch = children_[slot];
    if (!ch.in_use) return;
    ch.timed_out = true;
    ::kill(-ch.pid, SIGKILL);  // the whole group: a script's own children go too
    ::kill(ch.pid, SIGKILL);
}

void ScriptRunner::on_exit(std::size_t slot) {
    Child& ch = children_[slot];
    if (!ch.in_use) return;
    siginfo_t si{};
    int rc = ::waitid(P_PID, static_cast<id_t>(ch.pid), &si, WEXITED | WNOHANG);
    if (rc == 0 && si.si_pid == 0) return;  // not exited yet (spurious wakeup)
    ScriptResult r;
    // ECHILD: someone else reaped it (SIGCHLD set to SIG_IGN); the status is lost.
    if (rc < 0) r.error = fmt::format("script: waitid: {}", std::strerror(errno));
    r.pid = ch.pid;
    r.timed_out = ch.timed_out;
    r.elapsed_ns = EventLoop::now_ns() - ch.start_ns;
    if (si.si_code == CLD_EXITED)
        r.exit_code = si.si_status;
    else if (si.si_code == CLD_KILLED || si.si_code == CLD_DUMPED)
        r.signal = si.si_status;
    std::uint8_t msg[8];
    if (::read(ch.errfd, msg, sizeof msg) == static_cast<ssize_t>(sizeof msg)) {
        int stage, err;
        std::memcpy(&stage, msg, 4);
        std::memcpy(&err, msg + 4, 4);
        static const char* kStage[] = {"?", "setgroups", "setgid", "setuid", "chdir", "dup", "execve"};
        r.error = fmt::format("script: {}: {}", kStage[stage >= 1 && stage <= 6 ? stage : 0], std::strerror(err));
    }
    loop_.unwatch(ch.pidfd);
    ::close(ch.pidfd);
    ::close(ch.errfd);
    if (ch.timer.valid()) loop_.disarm(ch.timer);
    Done done = std::move(ch.done);
    bool keyed = ch.keyed;
    std::uint64_t key = ch.key;
    TimerId timer = ch.timer;
    ch = Child{};
    ch.timer = timer;
    --running_;
    if (done) done(r);
    if (keyed) {
        queues_[key].busy = false;
        pump(key);
    }
}

void ScriptRunner::enqueue(std::uint64_t key, ScriptSpec spec, Done done) {
    queues_[key].jobs.push_back(Job{std::move(spec), std::move(done)});
    pump(key);
}

void ScriptRunner::pump(std::uint64_t key) {
    Queue& q = queues_[key];
    while (!q.busy && !q.jobs.empty()) {
        Job job = std::move(q.jobs.front());
        q.jobs.pop_front();
        auto pid = spawn(job.spec, job.done, true, key);
        if (pid) {
            q.busy = true;
            return;
        }
        // Report from the loop, never from inside enqueue(); the key stays busy
        // until the report is out so its callbacks keep their order.
        ScriptResult r;
        r.error = pid.message();
        failures_.push_back(Failure{key, std::move(job.done), std::move(r)});
        q.busy = true;
        if (!deferred_.valid()) {
            auto t = loop_.add_timer([this] { report_failures(); });
            if (t) deferred_ = *t;
        }
        if (deferred_.valid()) (void)loop_.arm(deferred_, std::chrono::nanoseconds(1));
        return;
    }
}

void ScriptRunner::report_failures() {
    auto f = std::move(failures_);
    failures_.clear();
    for (auto& x : f) {
        if (x.done) x.done(x.result);
        queues_[x.key].busy = false;
        pump(x.key);
    }
}

}  // namespace havip::sys
