// SPDX-License-Identifier: MIT
#pragma once
/// havipd's engine: runs a NodeConfig on real sockets. One thread, one event loop;
/// the VRRP core decides, this executes (adverts, VIPs, GARP/NA, notify, state files).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "node/node_config.hpp"
#include "sys/result.hpp"

namespace havip::daemon {

/// Prometheus metrics (man/havipd.8, METRICS); both outputs off by default.
struct MetricsOptions {
    std::string textfile;                       ///< for node_exporter's textfile collector; "" = off
    std::int64_t textfile_interval_ms = 15000;  ///< rewritten this often, and on every transition
    std::string listen_addr;                    ///< IPv4/IPv6 literal serving GET /metrics; "" = off
    std::uint16_t listen_port = 9655;
};

struct DaemonOptions {
    std::string plan_path;                  ///< reloaded on SIGHUP
    std::string state_dir = "/run/havipd";  ///< <instance>.state files, stats
    bool drop_privileges = true;            ///< keep only the capabilities it needs
    bool check_files = true;                ///< refuse scripts writable by others
    MetricsOptions metrics;
    /// Loads and verifies a plan (used for SIGHUP); errors keep the running plan.
    std::function<sys::Result<NodeConfig>(const std::string&)> load;
};

class Daemon {
  public:
    /// Opens sockets, resolves interfaces, removes stale VIPs left by a killed
    /// earlier run, creates VMACs; nothing is announced until run().
    static sys::Result<std::unique_ptr<Daemon>> create(DaemonOptions opt, NodeConfig cfg);
    ~Daemon();
    Daemon(const Daemon&) = delete;
    Daemon& operator=(const Daemon&) = delete;

    /// Starts every instance and serves until SIGTERM/SIGINT; returns the exit code.
    int run();

    struct Impl;

  private:
    explicit Daemon(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace havip::daemon
