// SPDX-License-Identifier: MIT
#include "sys/proc_scan.hpp"

#include <dirent.h>

#include <algorithm>
#include <cstdlib>

#include "sys/file_watch.hpp"

namespace havip::sys {

namespace {
constexpr std::size_t kStatMax = 512;      // "PID (COMM) S" is well within this
constexpr std::size_t kCmdlineMax = 4096;  // keepalived compares the first arguments only

int pid_of(const char* name) {
    if (*name < '1' || *name > '9') return 0;
    char* end = nullptr;
    const long v = std::strtol(name, &end, 10);
    return *end || v <= 0 || v > 0x7fffffff ? 0 : static_cast<int>(v);
}
}  // namespace

bool parse_proc_stat(std::string_view stat, std::string& comm, char& state) {
    const auto open = stat.find('(');
    const auto close = stat.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open || close + 2 >= stat.size() ||
        stat[close + 1] != ' ')
        return false;
    comm.assign(stat.substr(open + 1, close - open - 1));
    state = stat[close + 2];
    return true;
}

bool proc_stat_kthread(std::string_view stat) {
    constexpr unsigned long kPfKthread = 0x00200000;  // include/linux/sched.h
    const auto close = stat.rfind(')');
    if (close == std::string_view::npos) return false;
    std::string_view rest = stat.substr(close + 1);  // " S ppid pgrp session tty_nr tpgid flags ..."
    for (int field = 0; field < 6; ++field) {
        const auto start = rest.find_first_not_of(' ');
        if (start == std::string_view::npos) return false;
        rest.remove_prefix(start);
        rest.remove_prefix(std::min(rest.find(' '), rest.size()));
    }
    const auto start = rest.find_first_not_of(' ');
    if (start == std::string_view::npos) return false;
    const std::string flags(rest.substr(start, rest.find(' ', start) - start));
    char* end = nullptr;
    const unsigned long v = std::strtoul(flags.c_str(), &end, 10);
    return end != flags.c_str() && !*end && (v & kPfKthread);
}

std::vector<std::string> split_cmdline(std::string_view raw) {
    std::vector<std::string> argv;
    while (!raw.empty()) {
        const auto nul = raw.find('\0');
        argv.emplace_back(raw.substr(0, nul));
        if (nul == std::string_view::npos) break;
        raw.remove_prefix(nul + 1);
    }
    return argv;
}

Result<std::unique_ptr<ProcScan>> ProcScan::open(EventLoop& loop, std::string proc_root,
                                                 std::chrono::milliseconds period) {
    std::unique_ptr<ProcScan> s(new ProcScan(loop, std::move(proc_root), period));
    ProcScan* self = s.get();
    auto t = loop.add_timer([self] { self->scan(); });
    if (!t) return t.status();
    s->timer_ = *t;
    return s;
}

ProcScan::~ProcScan() {
    if (timer_.valid()) loop_.remove_timer(timer_);
}

Status ProcScan::watch(bool cmdline, ProcessFilter wanted, std::function<void(const ProcessEvent&)> event) {
    cmdline_ = cmdline;
    wanted_ = std::move(wanted);
    event_ = std::move(event);
    seen_.clear();
    if (!wanted_) {  // the watch ends
        event_ = nullptr;
        loop_.disarm(timer_);
        return {};
    }
    scan();
    return loop_.arm(timer_, period_, period_);
}

ProcScan::Read ProcScan::read_proc(int pid, Proc& out) const {
    const std::string dir = root_ + "/" + std::to_string(pid);
    auto stat = read_small_file(dir + "/stat", kStatMax);
    char state = 0;
    if (!stat || !parse_proc_stat(*stat, out.comm, state)) return Read::Gone;  // gone meanwhile
    if (state == 'Z' || state == 'X') return Read::Gone;                       // not running (keepalived skips zombies)
    out.argv.clear();
    if (!cmdline_) return Read::Ok;
    auto raw = read_small_file(dir + "/cmdline", kCmdlineMax);
    if (!raw) return Read::Gone;
    out.argv = split_cmdline(*raw);
    // execve sets the new name before the new program's arguments are in
    // place, and an exiting process loses them before it is a zombie: this
    // pass cannot tell what it runs. Only a kernel thread never has any.
    if (out.argv.empty() && !proc_stat_kthread(*stat)) return Read::Between;
    return Read::Ok;
}

void ProcScan::visit(int pid, std::map<int, Proc>& next) {
    Proc p;
    const Read r = read_proc(pid, p);
    if (r == Read::Between) {  // as it was: the next pass tells
        if (auto old = seen_.find(pid); old != seen_.end()) next.emplace(pid, old->second);
        return;
    }
    if (r == Read::Gone || !wanted_(p.comm, p.argv)) return;
    auto old = seen_.find(pid);
    if (old == seen_.end() || !(old->second == p)) event_(ProcessEvent{ProcessEvent::Kind::Seen, pid, p.comm, p.argv});
    next.emplace(pid, std::move(p));
}

void ProcScan::scan() {
    if (!event_) return;
    DIR* d = ::opendir(root_.c_str());
    if (!d) return;  // nothing known changes: the next pass tries again
    std::map<int, Proc> next;
    while (const dirent* e = ::readdir(d))
        if (const int pid = pid_of(e->d_name)) visit(pid, next);
    ::closedir(d);
    for (const auto& [pid, p] : seen_)
        if (!next.count(pid)) event_(ProcessEvent{ProcessEvent::Kind::Gone, pid, {}, {}});
    seen_ = std::move(next);
}

}  // namespace havip::sys
