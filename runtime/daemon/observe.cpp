// SPDX-License-Identifier: MIT
// What an operator watches: the daemon's counters as Prometheus metrics, in a
// textfile (node_exporter's textfile collector) and/or on an HTTP listener.
// The VRRP path only bumps integers (note_*); the text is rendered when read.
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>

#include <fmt/format.h>

#include "daemon/daemon_impl.hpp"
#include "sys/log.hpp"

namespace havip::daemon {

using sys::Level;
using sys::log_event;
using sys::Status;

namespace {
std::int64_t unix_ms() {
    timespec ts{};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return std::int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}
}  // namespace

Status Daemon::Impl::open_metrics() {
    started_unix_ms = unix_ms();
    const MetricsOptions& m = opt.metrics;
    if (!m.textfile.empty()) {
        // A directory that is not there would cost a warning every interval: refuse at the start.
        std::string dir = m.textfile.substr(0, m.textfile.rfind('/') + 1);
        struct stat st {};
        if (dir.empty()) dir = "./";
        if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
            return Status::error(fmt::format("metrics textfile {}: {} is not a directory", m.textfile, dir));
        // Once the privileges are dropped (no CAP_DAC_OVERRIDE) only the
        // directory's own permissions let havipd create the file there.
        const bool writable = (st.st_uid == ::geteuid() && (st.st_mode & S_IWUSR)) ||
                              (st.st_gid == ::getegid() && (st.st_mode & S_IWGRP)) || (st.st_mode & S_IWOTH);
        if (opt.drop_privileges && !writable)
            return Status::error(
                fmt::format("metrics textfile {}: {} is not writable by havipd's user once it drops its privileges "
                            "(owner uid {}, mode {:o}; give the directory to uid {} or make it group-writable)",
                            m.textfile, dir, st.st_uid, st.st_mode & 07777, ::geteuid()));
    }
    if (m.listen_addr.empty()) return {};
    auto addr = sys::IpAddr::parse(m.listen_addr);
    if (!addr) return Status::error(fmt::format("metrics listener: `{}` is not an IP address", m.listen_addr));
    auto h = sys::HttpServer::listen(*addr, m.listen_port);
    if (!h) return Status::error(fmt::format("metrics listener: {}", h.message()));
    http = std::move(h).value();
    return {};
}

Status Daemon::Impl::start_metrics() {
    if (http) {
        if (Status st = http->attach(host->loop(), "/metrics", std::string(exec::metrics::kContentType),
                                     [this](std::string& out) { exec::metrics::render(metrics_snapshot(true), out); });
            !st)
            return st;
        log_event(Level::info, "metrics_listening", {{"addr", opt.metrics.listen_addr}, {"port", int(http->port())}});
    }
    if (!opt.metrics.textfile.empty()) {
        auto t = host->loop().add_timer([this] { write_metrics_textfile(true); });
        if (!t) return t.status();
        metrics_timer = *t;
        auto s = host->loop().add_timer([this] { write_metrics_textfile(true); });
        if (!s) return s.status();
        metrics_soon = *s;
        // The first file at once (instances still starting), then every interval.
        const auto every = std::chrono::milliseconds(opt.metrics.textfile_interval_ms);
        if (Status st = host->loop().arm(metrics_timer, std::chrono::nanoseconds(1), every); !st) return st;
    }
    return {};
}

exec::metrics::Node Daemon::Impl::metrics_snapshot(bool up) const {
    exec::metrics::Node n;
    n.up = up;
    if (exec) exec->fill_metrics(n);
    n.start_time_unix_ms = started_unix_ms;
    n.reloads_ok = reloads_ok;
    n.reloads_failed = reloads_failed;
    n.last_reload_ok = last_reload_ok;
    // The same counters the stats file shows (stats_text()): nothing is counted twice.
    const sys::EventLoop::Lag& lag = host->loop().lag();
    n.loop_max_lag_ns = lag.max_ns;
    n.loop_timers = lag.timers;
    n.loop_late_timers = lag.late;
    if (const sys::FileWriter* w = host->writer()) {
        const sys::FileWriter::Counters fw = w->counters();
        n.files_written = fw.written;
        n.files_failed = fw.failed;
        n.files_coalesced = fw.coalesced;
        n.files_pending = fw.pending;
        n.file_max_write_ns = fw.max_write_ns;
    }
    return n;
}

void Daemon::Impl::note_reload(bool ok) {
    ++(ok ? reloads_ok : reloads_failed);
    last_reload_ok = ok;
    metrics_changed();
}

void Daemon::Impl::metrics_changed() {
    // One write for a burst of transitions (255 instances at once): the timer
    // fires after the current dispatch, and re-arming it only moves it.
    if (metrics_soon.valid() && !host->loop().armed(metrics_soon))
        (void)host->loop().arm(metrics_soon, std::chrono::nanoseconds(1));
}

void Daemon::Impl::write_metrics_textfile(bool up) {
    sys::FileWriter* writer = host->writer();
    if (opt.metrics.textfile.empty() || !writer) return;
    std::string text;
    exec::metrics::render(metrics_snapshot(up), text);
    writer->submit(opt.metrics.textfile, std::move(text));
}

}  // namespace havip::daemon
