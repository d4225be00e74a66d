// SPDX-License-Identifier: MIT
#include "sys/proc_scan.hpp"

#include <dirent.h>

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
    scan();
    return loop_.arm(timer_, period_, period_);
}

bool ProcScan::read_proc(int pid, Proc& out) const {
    const std::string dir = root_ + "/" + std::to_string(pid);
    auto stat = read_small_file(dir + "/stat", kStatMax);
    char state = 0;
    if (!stat || !parse_proc_stat(*stat, out.comm, state)) return false;  // gone meanwhile
    if (state == 'Z' || state == 'X') return false;                       // not running (keepalived skips zombies)
    out.argv.clear();
    if (!cmdline_) return true;
    auto raw = read_small_file(dir + "/cmdline", kCmdlineMax);
    if (!raw) return false;
    out.argv = split_cmdline(*raw);
    return true;
}

void ProcScan::visit(int pid, std::map<int, Proc>& next) {
    Proc p;
    if (!read_proc(pid, p) || !wanted_(p.comm, p.argv)) return;
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
