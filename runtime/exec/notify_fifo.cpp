// SPDX-License-Identifier: MIT
// notify_fifo / vrrp_notify_fifo: keepalived's lines, `INSTANCE "NAME" STATE
// PRIORITY` and `GROUP "NAME" STATE 0`, to every configured FIFO, in
// transition order. Written from the tail (after adverts and VIPs); a write
// never waits: a full pipe drops the line, counts it and logs the streak once.
#include <fmt/format.h>

#include <cerrno>

#include "exec/executor_impl.hpp"

namespace havip::exec {

using sys::Level;

sys::FifoSpec Executor::Impl::host_fifo(const daemon::FifoSpec& f) {
    sys::FifoSpec s;
    s.path = f.path;
    if (!f.owner.user.empty() && !is_self(f.owner)) {
        const auto& cr = credentials(f.owner);
        if (cr) {
            s.chown = true;
            s.owner = *cr;
        } else {
            host.log(Level::error, "fifo_owner_unknown", {{"fifo", f.path}, {"error", cr.message()}});
        }
    }
    if (!f.script.argv.empty()) {
        s.reader = command_spec(f.script, {f.path});
        s.reader.timeout = std::chrono::milliseconds(0);  // it reads for as long as the FIFO is open
    }
    return s;
}

void Executor::Impl::sync_fifos(const NodeConfig& c) {
    // Kept: a FIFO planned as it is open. The others close before any opens, so
    // a path that changes only its reader or owner is removed, then made anew.
    std::vector<FifoState> next(c.fifos.size());
    for (std::size_t i = 0; i < c.fifos.size(); ++i)
        for (auto& old : fifos)
            if (old.handle >= 0 && old.spec == c.fifos[i]) std::swap(next[i], old);
    close_fifos();
    for (std::size_t i = 0; i < c.fifos.size(); ++i) {
        if (next[i].handle >= 0) continue;
        next[i].spec = c.fifos[i];
        auto h = host.open_fifo(host_fifo(c.fifos[i]));
        if (h)
            next[i].handle = *h;
        else
            host.log(Level::error, "fifo_open_failed", {{"fifo", c.fifos[i].path}, {"error", h.message()}});
    }
    fifos = std::move(next);
}

void Executor::Impl::close_fifos() {
    for (auto& f : fifos)
        if (f.handle >= 0) {
            host.close_fifo(f.handle);
            f.handle = -1;
        }
}

void Executor::Impl::fifo_instance(const Inst& in, vrrp::State to, int priority) {
    if (fifos.empty()) return;
    fifo_line(fmt::format("INSTANCE \"{}\" {} {}\n", in.spec.vrrp.name, upper_state(to), priority));
}

void Executor::Impl::fifo_group(std::string_view group, vrrp::State to) {
    if (fifos.empty()) return;
    fifo_line(fmt::format("GROUP \"{}\" {} 0\n", group, upper_state(to)));
}

void Executor::Impl::fifo_line(std::string_view line) {
    for (auto& f : fifos) {
        if (f.handle < 0) continue;
        sys::Status st = host.write_fifo(f.handle, line);
        if (st) {
            ++f.written;
            if (f.dropping) host.log(Level::notice, "fifo_recovered", {{"fifo", f.spec.path}, {"dropped", f.dropped}});
            f.dropping = false;
            continue;
        }
        ++f.dropped;
        if (!f.dropping)
            host.log(Level::warning, "fifo_line_dropped",
                     {{"fifo", f.spec.path},
                      {"why", st.code() == EAGAIN ? "pipe full: no reader, or a slow one" : st.message()},
                      {"dropped", f.dropped}});
        f.dropping = true;
    }
}

}  // namespace havip::exec
