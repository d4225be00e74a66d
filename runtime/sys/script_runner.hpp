// SPDX-License-Identifier: MIT
#pragma once
/// Runs scripts without a shell and without blocking the event loop: fork + execve
/// of an argv, optionally as another user, in its own process group; completion
/// is seen through a pidfd watched by the loop, a timeout kills the whole group.
/// Jobs that share a key (e.g. the notify scripts of one VRRP instance) run one
/// after the other, in the order they were queued.
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <unordered_map>
#include <vector>

#include "sys/event_loop.hpp"
#include "sys/result.hpp"

namespace havip::sys {

/// Who a script runs as, resolved before the fork (the child only makes syscalls).
struct Credentials {
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> groups;  ///< supplementary groups (initgroups' list)
};

/// Looks up `user` (name or numeric id) and its groups; `group` (name or id)
/// replaces the primary group when given. /etc/passwd and /etc/group are read
/// directly first; only a havipd built with NSS (HAVIPD_LINK other than static)
/// then asks glibc's NSS (LDAP, SSSD, ...) for a name the files lack. A static
/// havipd never loads NSS modules, which need the glibc it was built with.
Result<Credentials> resolve_user(std::string_view user, std::string_view group = {});

/// The account files resolve_user reads (tests point them elsewhere).
struct AccountFiles {
    std::string passwd = "/etc/passwd";
    std::string group = "/etc/group";
};
/// resolve_user over the account files only: the supplementary groups are the
/// primary group and every group whose member list names the user.
Result<Credentials> resolve_user_files(std::string_view user, std::string_view group, const AccountFiles& files);

struct ScriptSpec {
    std::vector<std::string> argv;  ///< argv[0]: absolute path of the program
    std::vector<std::string> env;   ///< "NAME=value"; empty: PATH=/usr/sbin:/usr/bin:/sbin:/bin
    bool as_user = false;           ///< run with `creds` (needs CAP_SETUID/CAP_SETGID)
    Credentials creds;
    std::chrono::milliseconds timeout{0};  ///< 0: no limit
    bool inherit_output = false;           ///< keep stdout/stderr (default: /dev/null)
};

struct ScriptResult {
    pid_t pid = 0;
    int exit_code = -1;  ///< exit status when it exited, else -1
    int signal = 0;      ///< the signal that ended it, else 0
    bool timed_out = false;
    std::string error;  ///< non-empty when it could not start (fork/exec/setuid failure)
    std::int64_t elapsed_ns = 0;
    bool ok() const { return error.empty() && exit_code == 0; }
};

class ScriptRunner {
  public:
    using Done = std::function<void(const ScriptResult&)>;

    explicit ScriptRunner(EventLoop& loop) : loop_(loop) {}
    /// Kills (SIGKILL to the group) and reaps every script still running.
    ~ScriptRunner();
    ScriptRunner(const ScriptRunner&) = delete;
    ScriptRunner& operator=(const ScriptRunner&) = delete;

    /// Starts a script now; `done` runs on the loop when it ends. A script that
    /// cannot be started is an error here (nothing is called).
    Result<pid_t> start(const ScriptSpec& spec, Done done);
    /// Runs `spec` after every earlier job queued with the same key has ended.
    /// A job that fails to start is reported through `done` (from the loop).
    void enqueue(std::uint64_t key, ScriptSpec spec, Done done);

    std::size_t running() const { return running_; }
    std::size_t queued() const;
    bool idle() const { return running_ == 0 && queued() == 0 && failures_.empty(); }
    /// SIGKILL to every running script's process group (their `done` still runs).
    void kill_all();

  private:
    struct Child {
        bool in_use = false;
        pid_t pid = 0;
        int pidfd = -1;
        int errfd = -1;  // read end of the exec-error pipe
        TimerId timer;
        bool timed_out = false;
        std::int64_t start_ns = 0;
        bool keyed = false;
        std::uint64_t key = 0;
        Done done;
    };
    struct Job {
        ScriptSpec spec;
        Done done;
    };
    struct Queue {
        std::deque<Job> jobs;
        bool busy = false;
    };
    Result<pid_t> spawn(const ScriptSpec& spec, Done done, bool keyed, std::uint64_t key);
    /// The parent's side of a fork: the child watched through a pidfd, its timeout armed.
    Result<pid_t> adopt(pid_t pid, int errfd, std::int64_t t0, std::chrono::milliseconds timeout, Done done, bool keyed,
                        std::uint64_t key);
    void on_exit(std::size_t slot);
    void on_timeout(std::size_t slot);
    void pump(std::uint64_t key);
    void report_failures();

    EventLoop& loop_;
    std::deque<Child> children_;
    std::size_t running_ = 0;
    std::unordered_map<std::uint64_t, Queue> queues_;
    TimerId deferred_;  // reports start failures of queued jobs from the loop
    struct Failure {
        std::uint64_t key;
        Done done;
        ScriptResult result;
    };
    std::vector<Failure> failures_;
};

}  // namespace havip::sys
