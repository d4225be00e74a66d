// SPDX-License-Identifier: MIT
// FakeHost's processes: a table a test edits, and the process watch that
// remembers only the processes it wanted (as RealHost's does).
#include "sys/fake_host.hpp"

#include <utility>

namespace havip::sys {

namespace {
constexpr std::size_t kCommMax = 15;  // TASK_COMM_LEN - 1
}  // namespace

int FakeHost::start_process(const std::string& comm, std::vector<std::string> argv) {
    const int pid = next_pid_++;
    if (argv.empty()) argv.push_back(comm);
    procs_[pid] = Proc{comm.substr(0, kCommMax), std::move(argv)};
    process_changed(pid);
    return pid;
}

void FakeHost::stop_process(int pid) {
    procs_.erase(pid);
    process_changed(pid);
}

void FakeHost::rename_process(int pid, const std::string& comm) {
    auto it = procs_.find(pid);
    if (it == procs_.end()) return;
    it->second.comm = comm.substr(0, kCommMax);
    process_changed(pid);
}

void FakeHost::exec_process(int pid, const std::string& comm, std::vector<std::string> argv) {
    auto it = procs_.find(pid);
    if (it == procs_.end()) return;
    if (argv.empty()) argv.push_back(comm);
    it->second = Proc{comm.substr(0, kCommMax), std::move(argv)};
    process_changed(pid);
}

void FakeHost::process_changed(int pid) {
    if (crashed_ || !proc_event_) return;
    auto it = procs_.find(pid);
    const std::span<const std::string> argv =
        it == procs_.end() || !proc_cmdline_ ? std::span<const std::string>{} : std::span(it->second.argv);
    if (it != procs_.end() && proc_wanted_(it->second.comm, argv)) {
        proc_seen_.insert(pid);
        proc_event_(ProcessEvent{ProcessEvent::Kind::Seen, pid, it->second.comm, argv});
    } else if (proc_seen_.erase(pid)) {
        proc_event_(ProcessEvent{ProcessEvent::Kind::Gone, pid, {}, {}});
    } else {
        return;
    }
    settle();
}

Status FakeHost::watch_processes(bool cmdline, ProcessFilter wanted, std::function<void(const ProcessEvent&)> event) {
    ++process_watches;
    if (int err = std::exchange(proc_watch_errno_, 0)) return Status::from_errno("watch processes", err);
    proc_cmdline_ = cmdline;
    proc_wanted_ = std::move(wanted);
    proc_event_ = std::move(event);
    proc_seen_.clear();
    if (!proc_wanted_) {  // the watch ends
        proc_event_ = nullptr;
        return {};
    }
    for (const auto& [pid, p] : procs_) {
        const std::span<const std::string> argv = cmdline ? std::span(p.argv) : std::span<const std::string>{};
        if (!proc_wanted_(p.comm, argv)) continue;
        proc_seen_.insert(pid);
        proc_event_(ProcessEvent{ProcessEvent::Kind::Seen, pid, p.comm, argv});
    }
    return {};
}

}  // namespace havip::sys
