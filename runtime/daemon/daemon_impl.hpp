// SPDX-License-Identifier: MIT
#pragma once
// Internal to runtime/daemon: the engine's state, shared by its .cpp files.
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "daemon/daemon.hpp"
#include "daemon/metrics.hpp"
#include "daemon/tail.hpp"
#include "sys/addr.hpp"
#include "sys/event_loop.hpp"
#include "sys/file_writer.hpp"
#include "sys/http_server.hpp"
#include "sys/netlink.hpp"
#include "sys/packet_socket.hpp"
#include "sys/script_runner.hpp"
#include "sys/vrrp_socket.hpp"
#include "vrrp/fsm.hpp"
#include "vrrp/packet.hpp"

namespace havip::daemon {

sys::IpAddr to_sys(const vrrp::IpAddress& a);
/// True when running as `c` means changing the daemon's own uid or gid.
bool switches_user(const sys::Credentials& c);
/// True for "root" (or 0) when havipd runs as root: nothing to look up or switch,
/// so no NSS module is loaded for the common `script_user root`.
bool is_self(const RunAs& ra);
vrrp::IpAddress to_vrrp(const sys::IpAddr& a);

/// One running VRRP instance. Heap-allocated: the Fsm keeps a reference to spec.vrrp.
struct Inst {
    InstanceSpec planned;          // as the plan says (compared on reload)
    InstanceSpec spec;             // resolved: source address filled in
    std::unique_ptr<vrrp::Fsm> fsm;
    std::uint64_t key = 0;         // notify ordering key (stable across reloads)
    int ifindex = 0;               // the instance's interface
    int vmac_ifindex = 0;          // its VMAC, when use_vmac
    int tx_ifindex = 0;            // where adverts leave
    sys::MacAddr mac;              // source MAC of GARP/NA
    sys::IpAddr src;               // advert source
    sys::IpAddr na_src;            // IPv6 source of NAs (link-local)
    std::vector<sys::IpAddr> dsts; // peers, or the group
    std::vector<int> vip_ifindex;  // per spec.vips
    std::vector<sys::MacAddr> vip_mac;  // source MAC for each VIP's GARP/NA
    bool created_vmac = false;
    bool tx_failing = false;
    std::uint32_t burst_left = 0;  // GARP rounds still to send (vrrp_garp_interval spacing)
    sys::TimerId burst_timer;    sys::TimerId timer;
    bool joined = false;
    bool vips_on = false;
    // At daemon start: this instance's VIPs were found on the host (left by a
    // killed run) and kept for start() to resume as master (adding a VIP that
    // is already there is no error).
    bool stale_vips = false;
    std::array<std::uint64_t, vrrp::kDropReasonCount> drops{};
    std::uint64_t rx = 0, tx = 0, transitions = 0;
    metrics::InstanceCounters counters;  // the rest of what metrics.hpp renders
};

struct ScriptState {
    ScriptSpec spec;
    bool retired = false;  // dropped by a reload; kept until its run ends
    sys::TimerId timer;
    bool running = false;
    bool up = true;
    int ok_run = 0, fail_run = 0;
    bool as_user = false;
    sys::Credentials creds;
};

struct Daemon::Impl {
    DaemonOptions opt;
    NodeConfig cfg;
    std::unique_ptr<sys::EventLoop> loop;
    std::unique_ptr<sys::FileWriter> writer;  // state and stats files, off the loop
    std::unique_ptr<sys::Netlink> nl;
    std::unique_ptr<sys::NetMonitor> mon;
    std::unique_ptr<sys::ScriptRunner> runner;
    sys::VrrpSocket sock4, sock6;
    sys::PacketSocket pkt;
    std::vector<std::unique_ptr<Inst>> insts;
    std::vector<std::unique_ptr<ScriptState>> scripts;
    std::array<std::uint64_t, vrrp::kDropReasonCount> unmatched{};  // parse failures / unknown VRID
    std::vector<std::byte> txbuf;
    Tail tail;  // what this wakeup's transitions do after their adverts (flush_tail)
    std::vector<sys::AddrChange> vip_scratch;
    std::int64_t lag_logged_at = 0;  // rate limit of the loop_lag line
    bool stopping = false;
    sys::TimerId stop_timer;
    std::int64_t stop_deadline = 0;

    // daemon.cpp
    sys::Status setup();
    /// `at_start`: the daemon's own start (not a reload), where an instance
    /// may keep the VIPs a killed run left and resume as master.
    sys::Status prepare(Inst& in, bool at_start = false);
    sys::Status validate_config(const NodeConfig& c);
    sys::Status resolve_scripts(const NodeConfig& c, std::vector<std::unique_ptr<ScriptState>>& out,
                                std::vector<std::unique_ptr<ScriptState>>* reuse);
    void release(Inst& in);
    void start(Inst& in);
    void stop_instance(Inst& in);
    void reload();
    void begin_stop();
    void write_stats();
    std::string stats_text() const;
    void on_written(const sys::FileWriter::Done& d);
    void on_lag(std::int64_t lag_ns);
    bool can_run_as_user() const;

    // instance_io.cpp
    static std::int64_t now_us() { return sys::EventLoop::now_ns() / 1000; }
    void on_readable(sys::VrrpSocket& s);
    void step(Inst& in, const vrrp::Event& ev);
    void execute(Inst& in, const vrrp::ActionList& actions);
    void rearm(Inst& in);
    void send_advert(Inst& in, std::uint8_t priority);
    void set_vips(Inst& in, bool on);
    void announce(Inst& in, std::uint32_t count);
    void announce_round(Inst& in);
    void notify(Inst& in, vrrp::State to, int priority);
    void write_state(const Inst& in, vrrp::State state);
    /// Runs the deferred tail (tail.hpp): before every wait of the loop within a
    /// budget (true: work left), and whole (budget < 0) before instances go.
    bool flush_tail(std::int64_t budget_ns = -1);
    void remove_stale_vips(Inst& in);
    bool has_stale_vips(Inst& in);
    sys::ScriptSpec command_spec(const Command& c, std::vector<std::string> extra = {});
    // Script users looked up once (set-up, reload), not on the VRRP path: a
    // notify spawn reads no account file.
    std::map<std::string, sys::Result<sys::Credentials>> creds_cache;
    const sys::Result<sys::Credentials>& credentials(const RunAs& ra);
    void warm_credentials();

    // observe.cpp: Prometheus metrics (a textfile and/or an HTTP listener)
    std::unique_ptr<sys::HttpServer> http;  // declared after loop: closed before it
    sys::TimerId metrics_timer, metrics_soon;
    std::uint64_t reloads_ok = 0, reloads_failed = 0;
    bool last_reload_ok = true;
    std::int64_t started_unix_ms = 0;
    sys::Status open_metrics();   // before the privilege drop: the listener may use a port < 1024
    sys::Status start_metrics();  // after the file writer exists
    metrics::Node metrics_snapshot(bool up) const;
    void note_transition(Inst& in, vrrp::State from, vrrp::State to);
    void note_notify_failed(const std::string& instance);
    void note_reload(bool ok);
    void metrics_changed();       // a textfile write soon (once for a burst of transitions)
    void write_metrics_textfile(bool up);

    // tracking.cpp
    void on_net_event(const sys::NetEvent& ev);
    void resync_links();
    void start_scripts();
    void run_script(ScriptState& s);
    void script_done(ScriptState& s, const sys::ScriptResult& r);
    void track_changed(const std::string& name, TrackSpec::Kind kind, bool up);
};

}  // namespace havip::daemon
