// SPDX-License-Identifier: MIT
#pragma once
// Internal to runtime/exec: the executor's state, shared by its .cpp files.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "exec/executor.hpp"
#include "exec/metrics.hpp"
#include "exec/tail.hpp"
#include "sys/host.hpp"
#include "vrrp/fsm.hpp"
#include "vrrp/packet.hpp"

namespace havip::exec {

using daemon::Command;
using daemon::InstanceSpec;
using daemon::PeerTtl;
using daemon::ProcessSpec;
using daemon::RouteSpec;
using daemon::RunAs;
using daemon::TrackSpec;
using daemon::VipSpec;

/// keepalived's notify state word: MASTER, BACKUP, FAULT, STOP (Init).
const char* upper_state(vrrp::State s);

/// keepalived's word for a state in notify arguments and FIFO lines ("STOP" for init).
const char* upper_state(vrrp::State s);

/// The netlink change that adds (or removes) VIP `v` on `ifindex`.
sys::AddrChange vip_change(const VipSpec& v, int ifindex, bool add);
/// The same address as the kernel holds it (address, prefix, label, scope),
/// device aside: no_track and excluded do not show on the host.
inline bool same_address(const VipSpec& a, const VipSpec& b) {
    return a.addr == b.addr && a.prefix == b.prefix && a.label == b.label && a.scope == b.scope;
}
/// A static address for the log: `10.0.0.5/24 dev eth0`.
std::string address_text(const VipSpec& a);

struct Group;

/// How often a track_file whose directory is missing is tried again.
inline constexpr std::int64_t kTrackFileRetryNs = 5'000'000'000;

/// How long a node that reloaded first accepts its peer's adverts with the
/// previous VIP list / interval (see Executor::Impl::begin_rollout).
inline constexpr std::int64_t kRolloutGraceUs = 300'000'000;
/// The change that adds (or removes) route or rule `r` (`oif`: its device's ifindex).
sys::RouteChange route_change(const RouteSpec& r, int oif, bool add);

/// One running VRRP instance. Heap-allocated: the Fsm keeps a reference to spec.vrrp.
struct Inst {
    InstanceSpec spec;               // resolved: source address filled in (planned(): as the plan says)
    vrrp::IpAddress planned_source;  // spec.vrrp.source as the plan says (unset: found on the interface)
    std::unique_ptr<vrrp::Fsm> fsm;
    std::uint64_t key = 0;              // notify ordering key (stable across reloads)
    std::size_t index = 0;              // position in the config (Options::transition)
    int ifindex = 0;                    // the instance's interface
    int vmac_ifindex = 0;               // its VMAC, when use_vmac
    int tx_ifindex = 0;                 // where adverts leave
    sys::MacAddr mac;                   // source MAC of GARP/NA
    sys::IpAddr src;                    // advert source
    sys::IpAddr na_src;                 // IPv6 source of NAs (link-local)
    std::vector<sys::IpAddr> dsts;      // peers, or the group
    std::vector<int> vip_ifindex;       // per spec.vips
    std::vector<sys::MacAddr> vip_mac;  // source MAC for each VIP's GARP/NA
    std::vector<int> route_oif;         // per spec.routes: a route's device (0: none, and rules)
    bool created_vmac = false;
    bool tx_failing = false;
    std::uint32_t burst_left = 0;  // GARP rounds still to send (vrrp_garp_interval spacing)
    sys::HostTimer burst_timer, timer;
    bool joined = false;
    bool vips_on = false;
    // At start: this instance's VIPs were found on the host (left by a killed
    // run) and kept for start() to resume as master (adding a VIP that is
    // already there is no error).
    bool stale_vips = false;
    // A rollout (spec.vrrp.previous_*): the peer's adverts with the previous
    // VIP list or interval are accepted until this time (µs), or until the peer
    // sends the current ones.
    std::int64_t rollout_until_us = 0;
    std::uint64_t rollout_accepted = 0;  // adverts accepted by the previous values
    std::array<std::uint64_t, vrrp::kDropReasonCount> drops{};
    std::uint64_t rx = 0, tx = 0, transitions = 0;
    // What `havipd status` shows (<name>.transition): why the last transition
    // happened and the master followed, as last written.
    vrrp::TransitionCause cause;
    vrrp::IpAddress master_seen;
    bool reloading = false;              // started by a reload: its startup is the reload's
    metrics::InstanceCounters counters;  // the rest of what metrics.hpp renders
    Group* group = nullptr;              // its vrrp_sync_group, if any
};

/// The instance as its plan says, for reload's comparison: the running spec
/// without what the executor filled in (the advert source found on the
/// interface, a rollout's previous VIP list and interval). Only a reload
/// needs it, so no copy is kept.
InstanceSpec planned(const Inst& in);

/// The words an operator reads for why `in` changed state ("master down timer",
/// "higher priority advert from 10.0.0.2", "link down eth0"...).
std::string cause_text(const Inst& in, const vrrp::TransitionCause& c);

/// A running vrrp_sync_group (sync_group.cpp). Heap-allocated: the tail and
/// the members point at it.
struct Group {
    daemon::SyncGroupSpec spec;
    std::vector<Inst*> members;  // rebound at set-up and reload
    vrrp::State state = vrrp::State::Init;
    std::uint64_t key = 0;  // notify ordering key
    std::uint64_t transitions = 0;
    std::int64_t last_transition_unix_ms = 0;
};

struct ScriptState {
    daemon::ScriptSpec spec;
    bool retired = false;  // dropped by a reload; kept until its run ends
    sys::HostTimer timer;
    bool running = false;
    bool up = true;
    int ok_run = 0, fail_run = 0;
    bool as_user = false;
    sys::Credentials creds;
};

/// An open notify FIFO and what went through it.
struct FifoState {
    daemon::FifoSpec spec;
    int handle = -1;
    std::uint64_t written = 0, dropped = 0;
    bool dropping = false;  // in a streak of dropped lines (logged once per streak)
};

struct Executor::Impl final : sys::HostEvents {
    sys::Host& host;
    Options opt;
    NodeConfig cfg;
    std::vector<std::unique_ptr<Inst>> insts;
    std::vector<std::unique_ptr<ScriptState>> scripts;
    std::array<std::uint64_t, vrrp::kDropReasonCount> unmatched{};  // parse failures / unknown VRID
    std::vector<std::byte> txbuf;
    Tail tail;  // what this wakeup's transitions do after their adverts (flush_tail)
    std::vector<sys::AddrChange> vip_scratch;
    std::vector<sys::RouteChange> route_scratch;
    bool stopping = false;
    sys::HostTimer start_timer, stop_timer;
    std::int64_t stop_deadline = 0;

    Impl(sys::Host& h, Options o, NodeConfig c) : host(h), opt(std::move(o)), cfg(std::move(c)) {}
    ~Impl() override;

    // HostEvents
    void on_advert(const sys::RxAdvert& rx) override;
    void on_link(const sys::LinkEvent& ev) override;
    void on_links_lost() override;
    void on_address_removed(const sys::AddrEvent& ev) override;

    // address_watch.cpp: a master's VIPs and the static addresses put back
    // when something else removes them (ifindex 0: on every link).
    bool watched_vip(const Inst& in, std::size_t i) const;
    bool watched_static(std::size_t i) const;
    void restore_addresses(int ifindex);

    // executor.cpp
    sys::Status setup();
    /// `at_start`: the executor's own start (not a reload), where an instance
    /// may keep the VIPs a killed run left and resume as master.
    sys::Status prepare(Inst& in, bool at_start = false);
    sys::Status choose_source(Inst& in, int fam, const std::vector<sys::AddrEntry>& addrs);
    /// Once every instance holds its spec, the config's copies go (planned()
    /// rebuilds the plan's view when a reload compares).
    void drop_config_instances() {
        cfg.instances.clear();
        cfg.instances.shrink_to_fit();
    }
    sys::Status validate_config(const NodeConfig& c);
    sys::Status validate_instance(const InstanceSpec& in);
    /// Error "`what` refused: …" when opt.check_files and cmd's program is no trusted file.
    sys::Status trusted(const Command& cmd, std::string_view what);
    sys::Status resolve_scripts(const NodeConfig& c, std::vector<std::unique_ptr<ScriptState>>& out,
                                std::vector<std::unique_ptr<ScriptState>>* reuse);
    sys::Status resolve_vips(Inst& in);  // each VIP's interface and GARP source MAC
    void update_in_place(Inst& in, const InstanceSpec& next);
    void begin_rollout(Inst& in, const std::vector<VipSpec>& old_vips, vrrp::usec old_interval);
    /// An accepted advert during a rollout: false when it must be dropped (grace over).
    bool rollout_advert(Inst& in, const vrrp::RxResult& rx, const sys::IpAddr& src);
    void release(Inst& in);
    void start_all();
    void start(Inst& in);
    void stop_instance(Inst& in);
    sys::Status reload(NodeConfig next);
    void begin_stop();
    void check_stopped();
    /// True when running as `c` means changing the daemon's own uid or gid.
    bool switches_user(const sys::Credentials& c) const;
    /// True for "root" (or 0) when the daemon runs as root: nothing to look up
    /// or switch, so no NSS module is loaded for the common `script_user root`.
    bool is_self(const RunAs& ra) const;
    void changed() const {
        if (opt.changed) opt.changed();
    }

    // instance_io.cpp
    std::int64_t now_us() { return host.now_ns() / 1000; }
    void step(Inst& in, const vrrp::Event& ev);
    void execute(Inst& in, const vrrp::ActionList& actions);
    void rearm(Inst& in);
    void send_advert(Inst& in, std::uint8_t priority);
    void set_vips(Inst& in, bool on);
    void announce(Inst& in, std::uint32_t count);
    void announce_round(Inst& in);
    void notify(Inst& in, vrrp::State to, int priority);
    /// Queues a notify command behind the earlier ones of `key`; a failure is
    /// logged with {owner_kind: owner} ("instance" or "group").
    void queue_command(std::uint64_t key, const char* owner_kind, const std::string& owner, const Command& c,
                       std::vector<std::string> extra, const char* which);
    void write_state(const Inst& in, vrrp::State state);
    // status_file.cpp
    void note_cause(Inst& in);
    void write_status(const Inst& in);
    bool flush_tail(std::int64_t budget_ns = -1);
    void remove_stale_vips(Inst& in);
    bool has_stale_vips(Inst& in);
    sys::ScriptSpec command_spec(const Command& c, std::vector<std::string> extra = {});
    void note_transition(Inst& in, vrrp::State from, vrrp::State to);
    void note_notify_failed(const std::string& instance);
    // Script users looked up once (set-up, reload), not on the VRRP path: a
    // notify spawn reads no account file.
    std::map<std::string, sys::Result<sys::Credentials>> creds_cache;
    const sys::Result<sys::Credentials>& credentials(const RunAs& ra);
    void warm_credentials();

    // routes.cpp: virtual_routes and virtual_rules, which follow the VIPs.
    sys::Status resolve_routes(Inst& in);  // each route's device
    void set_routes(Inst& in, bool on);
    /// A master's routes after a reload: the ones gone or changed removed, the new ones added.
    void update_routes(Inst& in, const std::vector<RouteSpec>& old, const std::vector<int>& old_oif);
    /// Removes the instance's routes and rules a killed run left (a delete
    /// matches only protocol 18, so nobody else's route goes).
    void remove_stale_routes(Inst& in);
    void log_routes(const Tail::Item& it);

    // static_routes.cpp: the node's static_ipaddress (cfg.static_addresses),
    // static_routes and static_rules (cfg.static_routes).
    std::vector<int> static_addr_ifindex;  // per cfg.static_addresses
    std::vector<bool> static_addr_mine;    // per cfg.static_addresses: added by this run
    /// The devices' indexes; kNoDevice (and an error line) for one the host lacks.
    void resolve_static_addresses(const NodeConfig& c, std::vector<int>& ifindex);
    /// Adds or removes list[which...] (with their devices' ifindex) in one batch, marking static_addr_mine.
    void change_static_addresses(const std::vector<VipSpec>& list, const std::vector<int>& ifindex,
                                 const std::vector<std::size_t>& which, bool add);
    void update_static_addresses(const std::vector<VipSpec>& old);
    std::vector<int> static_oif;    // per cfg.static_routes: a route's device (0: none, and rules)
    std::vector<bool> static_mine;  // per cfg.static_routes: added by this run (removed at stop)
    bool statics_on = false;        // installed (start), not yet removed (stop)
    static constexpr int kNoDevice = -1;
    void resolve_statics(const NodeConfig& c, std::vector<int>& oif);
    /// Adds or removes list[which...] (with their devices' oif) in one netlink
    /// batch, logging each and marking static_mine.
    void change_statics(const std::vector<RouteSpec>& list, const std::vector<int>& oif,
                        const std::vector<std::size_t>& which, bool add);
    void install_statics();  // at start, before any instance
    void remove_statics();   // at stop, after the instances
    /// After a reload replaced cfg: the dropped ones removed, the new ones added.
    void update_statics(const std::vector<RouteSpec>& old, const std::vector<VipSpec>& old_addresses);

    // sync_group.cpp: keepalived's vrrp_sync_group (rules in vrrp/sync.hpp).
    std::vector<std::unique_ptr<Group>> groups;
    bool syncing = false;  // a group is moving its members (or a reload rebinds them)
    /// (Re)builds the groups of cfg and binds the instances; a group of the
    /// same name keeps its state (a reload).
    void bind_groups();
    /// After member actions: the group follows the rule, and its members the group.
    void sync_after(Group& g);
    /// THE place a group's state change is announced: log line, then the
    /// group notify scripts in the tail after its members' (notify_fifo's
    /// `GROUP "name" STATE` line joins here).
    void announce_group(Group& g, vrrp::State from, vrrp::State to);
    /// Runs the group's notify_<state> and `notify ... GROUP name STATE 0` (from the tail).
    void group_notify(Group& g, vrrp::State to);
    /// Graceful stop: every group announces STOP after its members' notify_stop.
    void stop_groups();

    // notify_fifo.cpp: keepalived's INSTANCE/GROUP lines, written in the tail.
    std::vector<FifoState> fifos;
    /// Opens the FIFOs of `c` not open yet and closes the others (create, reload).
    void sync_fifos(const NodeConfig& c);
    void close_fifos();
    void fifo_instance(const Inst& in, vrrp::State to, int priority);
    void fifo_group(std::string_view group, vrrp::State to);
    void fifo_line(std::string_view line);
    sys::FifoSpec host_fifo(const daemon::FifoSpec& f);

    // tracking.cpp
    void start_scripts();
    void run_script(ScriptState& s);
    void script_done(ScriptState& s, const sys::ScriptResult& r);
    void track_changed(std::string_view name, TrackSpec::Kind kind, bool up);

    // track_file.cpp: each watched file's last value, by path (keepalived reads
    // a file once for every instance tracking it).
    std::map<std::string, std::int32_t> file_values;
    // Files whose directory could not be watched (it does not exist yet): their
    // value is 0 (keepalived drops such a track, the same as 0 for good) and the
    // watch is tried again every kTrackFileRetryNs until it works.
    std::set<std::string> unwatched_files;
    sys::HostTimer file_retry_timer;
    sys::Status watch_files(const NodeConfig& c, bool reloading = false);
    void init_track_file(const TrackSpec& t, bool reloading);
    sys::Status watch_file(const std::string& path);
    void retry_file_watches();
    void file_changed(const std::string& path);
    /// Tells instance `in` the value of its File track `i` (nothing when it is 0, the assumed start).
    void start_file_track(Inst& in, std::size_t i);

    // track_process.cpp: one state per vrrp_track_process, fed by the host's
    // process watch (which remembers only processes some track matches).
    struct ProcTrack {
        ProcessSpec spec;
        std::set<std::int32_t> pids;  ///< matching processes now
        bool ok = false;              ///< what the instances see
        sys::HostTimer timer;         ///< a pending fork_delay / terminate_delay
    };
    std::vector<std::unique_ptr<ProcTrack>> proc_tracks;
    bool proc_watching = false;  // the host's process watch holds callbacks into this executor
    bool proc_scanning = false;  ///< the watch's first scan: counts only, no delay
    sys::Status watch_processes(const NodeConfig& c);
    static constexpr std::size_t kNewProcTrack = SIZE_MAX;
    sys::Status next_proc_tracks(const NodeConfig& c, std::vector<std::unique_ptr<ProcTrack>>& next,
                                 std::vector<std::size_t>& from);
    void undo_proc_tracks(std::vector<std::unique_ptr<ProcTrack>>& next, const std::vector<std::size_t>& from);
    /// Starts (or restarts, or ends when there are none) the host's watch for proc_tracks.
    sys::Status rewatch_processes();
    void settle_rescanned(const std::vector<std::size_t>& from, const std::vector<std::set<std::int32_t>>& before);
    void drop_proc_tracks();
    void process_event(const sys::ProcessEvent& ev);
    void proc_count_changed(ProcTrack& t, bool grew);
    void proc_settle(ProcTrack& t);
    /// The status of vrrp_track_process `name` (false: unknown).
    bool process_up(std::string_view name) const;
    /// Every instance's Process tracks get their block's status (after a reload).
    void push_process_status();
};

}  // namespace havip::exec
