// SPDX-License-Identifier: MIT
// havipd's wiring: the real host, the executor on it, signals, reload from the
// plan file, privileges, stats and the exit.
#include "daemon/daemon_impl.hpp"

#include <algorithm>
#include <csignal>
#include <cstdint>

#include <fmt/format.h>

#include "sys/log.hpp"
#include "sys/privileges.hpp"
#include "sys/sd_notify.hpp"

namespace havip::daemon {

using sys::Level;
using sys::log_event;
using sys::Status;

namespace {
constexpr int kFlushBoundMs = 2000;                // at exit, for files the writer has not written yet
constexpr std::int64_t kTailBudgetNs = 2'000'000;  // per pass of the loop, for the transitions' tail
// A busy VRRP socket is read every twentieth of the shortest advert interval
// (sys/rx_pacer.hpp).
std::int64_t rx_poll_period(const NodeConfig& cfg) {
    std::int64_t shortest = INT64_MAX;
    for (const auto& in : cfg.instances) shortest = std::min<std::int64_t>(shortest, in.vrrp.advert_interval * 1000);
    return sys::rx_poll_period(shortest);
}
}  // namespace

Daemon::Daemon(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Daemon::~Daemon() = default;

sys::Result<std::unique_ptr<Daemon>> Daemon::create(DaemonOptions opt, NodeConfig cfg) {
    auto impl = std::make_unique<Impl>();
    impl->opt = std::move(opt);
    if (Status st = impl->setup(std::move(cfg)); !st) return st;
    return std::unique_ptr<Daemon>(new Daemon(std::move(impl)));
}

Status Daemon::Impl::setup(NodeConfig cfg) {
    bool v6 = false;
    for (const auto& in : cfg.instances) v6 = v6 || in.vrrp.family == vrrp::Family::V6;
    // Before anything changes on the host (a port in use stops the start here),
    // and before the privilege drop (a port below 1024 needs it).
    if (Status st = open_metrics(); !st) return st;
    auto h = sys::RealHost::open(v6);
    if (!h) return h.status();
    host = std::move(h).value();
    host->set_rx_poll_period(rx_poll_period(cfg));
    sys::EventLoop& loop = host->loop();
    // A timer more than 10 ms late is a lag worth a line (the goal at 255 instances).
    loop.on_lag(std::chrono::milliseconds(10), [this](std::int64_t ns) { on_lag(ns); });
    // The tail of a wakeup's transitions, 2 ms of it at a time (VIP changes
    // always whole): the rest waits for the next pass, after due timers and adverts.
    loop.before_wait([this] { return exec && exec->flush_tail(kTailBudgetNs); });

    exec::Options eo;
    eo.state_dir = opt.state_dir;
    eo.check_files = opt.check_files;
    eo.changed = [this] { metrics_changed(); };
    eo.stopped = [this] { host->loop().stop(0); };
    auto e = exec::Executor::create(*host, std::move(eo), std::move(cfg));
    if (!e) return e.status();
    exec = std::move(e).value();

    if (opt.drop_privileges) {
        std::vector<int> keep = {sys::kCapNetRaw, sys::kCapNetAdmin};
        // Scripts run as another user need these; without them a script stays root.
        if (exec->runs_as_other_user()) keep.insert(keep.end(), {sys::kCapSetuid, sys::kCapSetgid, sys::kCapKill});
        if (Status st = sys::drop_privileges(keep); !st) return st;
    }
    // After the drop: capabilities and no_new_privs are per thread, and the
    // writer thread inherits the narrowed ones.
    if (Status st = host->start_writer([this](const sys::FileWriter::Done& d) { on_written(d); }); !st) return st;
    return start_metrics();
}

int Daemon::run() {
    Impl& d = *impl_;
    sys::EventLoop& loop = d.host->loop();
    auto on_stop = [&d](const sys::SignalInfo& si) {
        log_event(Level::notice, "stop", {{"signal", si.signo == SIGTERM ? "TERM" : "INT"}});
        d.begin_stop();
    };
    if (!loop.on_signal(SIGTERM, on_stop) || !loop.on_signal(SIGINT, on_stop) ||
        !loop.on_signal(SIGHUP, [&d](const sys::SignalInfo&) { d.reload(); }) ||
        !loop.on_signal(SIGUSR1, [&d](const sys::SignalInfo&) { d.write_stats(); })) {
        log_event(Level::error, "signal_setup_failed");
        return 1;
    }
    d.exec->start();
    log_event(Level::info, "started", {{"node", d.exec->config().name}, {"instances", d.exec->instance_count()}});
    (void)sys::sd_notify("READY=1");
    int rc = loop.run();
    const std::string node = d.exec->config().name;
    (void)d.exec->flush_tail();
    d.write_stats();
    d.write_metrics_textfile(false);  // havipd_up 0: a stopped node, not a stale file
    d.exec.reset();                   // releases groups, timers and VMACs
    // What is still queued gets a bounded wait: a stalled disk does not hold the exit.
    sys::FileWriter* w = d.host->writer();
    if (w && !w->flush(std::chrono::milliseconds(kFlushBoundMs)))
        log_event(Level::warning, "files_not_flushed",
                  {{"pending", w->counters().pending}, {"waited_ms", kFlushBoundMs}});
    log_event(Level::info, "stopped", {{"node", node}});
    return rc < 0 ? 1 : rc;
}

void Daemon::Impl::begin_stop() {
    if (exec->stopping()) return;
    (void)sys::sd_notify("STOPPING=1");
    exec->begin_stop();
}

void Daemon::Impl::reload() {
    if (exec->stopping()) return;
    (void)sys::sd_notify("RELOADING=1");
    auto fail = [this](const std::string& why) {
        note_reload(false);
        log_event(Level::error, "reload_failed", {{"error", why}, {"kept", "running plan"}});
        (void)sys::sd_notify("READY=1");
    };
    if (!opt.load) return fail("no loader");
    auto next = opt.load(opt.plan_path);
    if (!next) return fail(next.message());
    const std::int64_t period = rx_poll_period(*next);
    if (Status st = exec->reload(std::move(next).value()); !st) return fail(st.message());
    host->set_rx_poll_period(period);
    note_reload(true);
    (void)sys::sd_notify("READY=1");
}

void Daemon::Impl::write_stats() {
    if (sys::FileWriter* w = host->writer()) w->submit(opt.state_dir + "/stats", stats_text());
}

std::string Daemon::Impl::stats_text() const {
    std::string out = exec ? exec->stats_text() : std::string();
    const sys::EventLoop::Lag& lag = host->loop().lag();
    out += fmt::format(
        "loop max_lag_us={} timers={} late_timers={} woke_us={} queued_us={} max_busy_us={} max_tail_us={}\n",
        lag.max_ns / 1000, lag.timers, lag.late, lag.max_woke_ns / 1000, lag.max_queued_ns / 1000,
        lag.max_busy_ns / 1000, lag.max_hook_ns / 1000);
    const sys::RealHost::RxCounters rx = host->rx_counters();
    out += fmt::format("adverts reads={} packets={} polling={} polled={}\n", rx.reads, rx.packets, rx.polling ? 1 : 0,
                       rx.polled);
    if (sys::FileWriter* w = host->writer()) {
        const sys::FileWriter::Counters fw = w->counters();
        out += fmt::format("files written={} failed={} coalesced={} pending={} max_write_us={}\n", fw.written,
                           fw.failed, fw.coalesced, fw.pending, fw.max_write_ns / 1000);
    }
    return out;
}

void Daemon::Impl::on_written(const sys::FileWriter::Done& d) {
    if (!d.status)
        log_event(Level::warning, "state_write_failed", {{"file", d.path}, {"error", d.status.message()}});
    else if (d.elapsed_ns > 1'000'000'000)
        log_event(Level::notice, "state_write_slow", {{"file", d.path}, {"ms", d.elapsed_ns / 1'000'000}});
}

void Daemon::Impl::on_lag(std::int64_t lag_ns) {
    // At most one line a second: a loaded host does not flood the log.
    const std::int64_t now = sys::EventLoop::now_ns();
    if (lag_logged_at && now - lag_logged_at < 1'000'000'000) return;
    lag_logged_at = now;
    const sys::EventLoop::Lag& lag = host->loop().lag();
    log_event(Level::warning, "loop_lag",
              {{"ms", lag_ns / 1'000'000}, {"max_ms", lag.max_ns / 1'000'000}, {"late", lag.late}});
}

}  // namespace havip::daemon
