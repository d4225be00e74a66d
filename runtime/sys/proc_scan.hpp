// SPDX-License-Identifier: MIT
#pragma once
/// RealHost's process watch (vrrp_track_process): one scan of /proc per
/// second for every track of the node, remembering only the processes the
/// filter wants. The proc connector (keepalived's way) is refused in a
/// non-initial network namespace, where havipd often runs, so this polls.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sys/event_loop.hpp"
#include "sys/host.hpp"
#include "sys/result.hpp"

namespace havip::sys {

/// One /proc/PID/stat line's name and state: "PID (COMM) S ..." (COMM may hold
/// ')' and spaces: it ends at the last ')'). False when the text is not one.
bool parse_proc_stat(std::string_view stat, std::string& comm, char& state);
/// Whether that line's flags (the 6th field after the state) have PF_KTHREAD.
bool proc_stat_kthread(std::string_view stat);
/// /proc/PID/cmdline: NUL-separated arguments (a trailing NUL ends the last).
std::vector<std::string> split_cmdline(std::string_view raw);

class ProcScan {
  public:
    /// Scans `proc_root` (normally "/proc") every `period` once watch() is called.
    static Result<std::unique_ptr<ProcScan>> open(EventLoop& loop, std::string proc_root = "/proc",
                                                  std::chrono::milliseconds period = std::chrono::seconds(1));
    ~ProcScan();
    ProcScan(const ProcScan&) = delete;
    ProcScan& operator=(const ProcScan&) = delete;

    /// Host::watch_processes: scans now (events before this returns), then every period.
    Status watch(bool cmdline, ProcessFilter wanted, std::function<void(const ProcessEvent&)> event);
    /// One pass over /proc: Seen for new or changed wanted processes, Gone for the rest.
    void scan();
    std::size_t remembered() const { return seen_.size(); }

  private:
    ProcScan(EventLoop& loop, std::string root, std::chrono::milliseconds period)
        : loop_(loop), root_(std::move(root)), period_(period) {}
    struct Proc {
        std::string comm;
        std::vector<std::string> argv;
        bool operator==(const Proc&) const = default;
    };
    enum class Read : std::uint8_t {
        Gone,     ///< exited, a zombie, or unreadable
        Ok,       ///< name (and command line when asked) read
        Between,  ///< a user process with no command line: inside execve or exiting
    };
    Read read_proc(int pid, Proc& out) const;
    void visit(int pid, std::map<int, Proc>& next);

    EventLoop& loop_;
    std::string root_;
    std::chrono::milliseconds period_;
    TimerId timer_;
    bool cmdline_ = false;
    ProcessFilter wanted_;
    std::function<void(const ProcessEvent&)> event_;
    std::map<int, Proc> seen_;  ///< wanted processes, by pid
};

}  // namespace havip::sys
