// SPDX-License-Identifier: MIT
#pragma once
/// The executor: one node's VRRP instances carried out on a host. The state
/// machines (runtime/vrrp) decide; the executor does what they ask — adverts,
/// VIPs, GARP/NA, notify scripts, state files — and feeds them what the host
/// sees: adverts, link changes, tracked scripts, timers. It also prepares a plan
/// (interfaces, VMACs, stale VIPs), applies a reload in place or by restarting
/// instances, and stops gracefully.
///
/// It sees only sys::Host (sys/host.hpp). havipd runs it on the real host
/// (runtime/daemon wires sockets, signals and privileges around it); the unit
/// tests and havip-sim run it on fake hosts.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "exec/metrics.hpp"
#include "node/node_config.hpp"
#include "sys/host.hpp"
#include "vrrp/fsm.hpp"

namespace havip::exec {

using daemon::NodeConfig;

struct Options {
    std::string state_dir = "/run/havipd";  ///< <instance>.state files
    bool check_files = true;                ///< refuse scripts writable by others
    /// Something an operator watches changed (a transition, a reload): the
    /// daemon schedules a metrics textfile write. May be empty.
    std::function<void()> changed;
    /// Every state change of instance `index` (its position in the config), as
    /// it happens (havip-sim's observer). May be empty.
    std::function<void(std::size_t index, vrrp::State from, vrrp::State to)> transition;
    /// The graceful stop is complete (notify_stop scripts done or timed out).
    std::function<void()> stopped;
    /// How long notify_stop scripts may run at a graceful stop.
    std::int64_t stop_timeout_ns = 10'000'000'000LL;
};

/// One instance as an operator sees it.
struct InstanceView {
    std::string_view name;
    vrrp::State state = vrrp::State::Init;
    int priority = 0;  ///< effective
    bool vips_held = false;
    std::uint64_t rx = 0, tx = 0, transitions = 0;
};

class Executor {
  public:
    /// Checks `cfg` against the host (interfaces, trusted scripts, accounts),
    /// prepares every instance (VMACs created, adverts' source chosen, stale
    /// VIPs removed or kept to resume) and announces nothing yet.
    static sys::Result<std::unique_ptr<Executor>> create(sys::Host& host, Options opt, NodeConfig cfg);
    ~Executor();  ///< releases what it holds on the host (timers, groups, VMACs)
    Executor(const Executor&) = delete;
    Executor& operator=(const Executor&) = delete;

    /// Starts every instance and tracked script, after vrrp_startup_delay.
    void start();
    /// A new plan: unchanged instances are kept, in-place changes applied, the
    /// rest restarted. An error (interface missing, script refused) changes nothing.
    sys::Status reload(NodeConfig next);
    /// Resigns every instance (priority-0 adverts, VIPs removed, notify_stop)
    /// and calls Options::stopped once the scripts are done.
    void begin_stop();
    bool stopping() const;
    /// A sync group `name` moved to `to`: its `GROUP "name" STATE 0` line goes
    /// to the notify FIFOs after the lines of what its members did so far.
    void notify_group(std::string name, vrrp::State to);
    /// Runs the deferred tail of transitions (exec/tail.hpp) for `budget_ns`
    /// (< 0: all of it); true when work is left. The host calls it before it waits.
    bool flush_tail(std::int64_t budget_ns = -1);

    /// The node's settings. Its `instances` are empty once the executor runs:
    /// each running instance holds its own spec (instance_count(), instances()).
    const NodeConfig& config() const;
    std::size_t instance_count() const;
    /// Which instance runs as someone other than the daemon (its privileges keep CAP_SETUID).
    bool runs_as_other_user() const;
    std::vector<InstanceView> instances() const;
    /// The instance and script part of a metrics snapshot (the rest is the daemon's).
    void fill_metrics(metrics::Node& n) const;
    /// Per-instance lines of the stats file, plus the unmatched-advert line.
    std::string stats_text() const;

    struct Impl;

  private:
    explicit Executor(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace havip::exec
