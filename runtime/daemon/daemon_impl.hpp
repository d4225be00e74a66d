// SPDX-License-Identifier: MIT
#pragma once
// Internal to runtime/daemon: the wiring around the executor (the real host,
// signals, reloads from the plan file, metrics and stats).
#include <cstdint>
#include <memory>

#include "daemon/daemon.hpp"
#include "exec/executor.hpp"
#include "exec/metrics.hpp"
#include "sys/http_server.hpp"
#include "sys/real_host.hpp"

namespace havip::daemon {

struct Daemon::Impl {
    DaemonOptions opt;
    std::unique_ptr<sys::RealHost> host;
    std::unique_ptr<exec::Executor> exec;  // declared after host: gone before it
    std::int64_t lag_logged_at = 0;        // rate limit of the loop_lag line

    // daemon.cpp
    sys::Status setup(NodeConfig cfg);
    void reload();
    void begin_stop();
    void write_stats();
    std::string stats_text() const;
    void on_written(const sys::FileWriter::Done& d);
    void on_lag(std::int64_t lag_ns);

    // observe.cpp: Prometheus metrics (a textfile and/or an HTTP listener)
    std::unique_ptr<sys::HttpServer> http;  // declared after host (and its loop): closed before it
    sys::TimerId metrics_timer, metrics_soon;
    std::uint64_t reloads_ok = 0, reloads_failed = 0;
    bool last_reload_ok = true;
    std::int64_t started_unix_ms = 0;
    sys::Status open_metrics();   // before the privilege drop: the listener may use a port < 1024
    sys::Status start_metrics();  // after the file writer exists
    exec::metrics::Node metrics_snapshot(bool up) const;
    void note_reload(bool ok);
    void metrics_changed();  // a textfile write soon (once for a burst of transitions)
    void write_metrics_textfile(bool up);
};

}  // namespace havip::daemon
