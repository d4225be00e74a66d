// SPDX-License-Identifier: MIT
#pragma once
/// The host itself (sys/host.hpp): an epoll loop, libnl3 for links and
/// addresses, raw VRRP sockets for both families, a packet socket for GARP/NA,
/// fork/exec for scripts and a writer thread for files. havipd's wiring opens
/// it, hands it to the executor and keeps the loop and the writer for its own
/// signals, metrics and stats.
#include <memory>

#include "sys/event_loop.hpp"
#include "sys/file_watch.hpp"
#include "sys/files.hpp"
#include "sys/file_writer.hpp"
#include "sys/proc_scan.hpp"
#include "sys/host.hpp"
#include "sys/netlink.hpp"
#include "sys/notify_fifo.hpp"
#include "sys/netlink_route.hpp"
#include "sys/packet_socket.hpp"
#include "sys/rx_pacer.hpp"
#include "sys/script_runner.hpp"
#include "sys/vrrp_socket.hpp"

namespace havip::sys {

class RealHost final : public Host {
  public:
    /// Opens the loop, netlink, the link monitor, the VRRP sockets (IPv6 only
    /// when the kernel has it, unless `need_v6`) and the GARP/NA sender.
    static Result<std::unique_ptr<RealHost>> open(bool need_v6);
    /// Starts the file writer thread (after a privilege drop, so that it
    /// inherits the narrowed capabilities); `done` sees every finished write.
    Status start_writer(FileWriter::DoneFn done);
    ~RealHost() override;

    EventLoop& loop() { return *loop_; }
    /// How adverts were read (see sys/rx_pacer.hpp): socket reads (on arrival
    /// or on a tick), packets, whether a socket is read from its timer now and
    /// how often that began.
    struct RxCounters {
        std::uint64_t reads = 0, packets = 0, polled = 0;
        bool polling = false;
    };
    RxCounters rx_counters() const;
    /// How often a busy VRRP socket is read (sys/rx_pacer.hpp); from the next tick.
    void set_rx_poll_period(std::int64_t ns);
    FileWriter* writer() { return writer_.get(); }

    void attach(HostEvents* events) override { events_ = events; }
    std::int64_t now_ns() override { return EventLoop::now_ns(); }
    std::int64_t unix_ms() override;
    Result<HostTimer> add_timer(std::function<void()> handler) override;
    void arm(HostTimer t, std::int64_t after_ns, std::int64_t period_ns = 0) override;
    void disarm(HostTimer t) override;
    bool armed(HostTimer t) const override;
    std::int64_t due_ns(HostTimer t) const override;
    void remove_timer(HostTimer t) override;

    Result<int> ifindex(std::string_view name) override { return nl_->ifindex(name); }
    Result<LinkInfo> link(int ifindex) override { return nl_->link(ifindex); }
    Result<LinkInfo> link(std::string_view name) override { return nl_->link(name); }
    Result<std::vector<AddrEntry>> addresses(int ifindex = 0, int family = 0) override {
        return nl_->addresses(ifindex, family);
    }
    std::vector<Status> change_addresses(std::span<const AddrChange> changes) override {
        return nl_->change_addresses(changes);
    }
    std::vector<Status> change_routes(std::span<const RouteChange> changes) override {
        return routes_->change(changes);
    }
    Result<int> create_macvlan(std::string_view name, int parent, const MacAddr& mac) override {
        return nl_->create_macvlan(name, parent, mac);
    }
    Status delete_link(int ifindex) override { return nl_->delete_link(ifindex); }

    Status join_group(int family, int ifindex) override;
    Status leave_group(int family, int ifindex) override;
    Status send_advert(int family, const IpAddr& dst, const IpAddr& src, int ifindex,
                       std::span<const std::uint8_t> msg) override;
    Status send_frame(int ifindex, std::span<const std::uint8_t> frame) override { return pkt_.send(ifindex, frame); }

    Status start_script(const ScriptSpec& spec, ScriptDone done) override;
    void enqueue_script(std::uint64_t key, ScriptSpec spec, ScriptDone done) override {
        runner_->enqueue(key, std::move(spec), std::move(done));
    }
    bool scripts_idle() const override { return runner_->idle(); }
    void kill_scripts() override { runner_->kill_all(); }

    Result<Credentials> resolve_user(std::string_view user, std::string_view group) override {
        return sys::resolve_user(user, group);
    }
    std::uint32_t euid() const override;
    std::uint32_t egid() const override;
    Status check_trusted_file(const std::string& path) override;
    void write_file(std::string path, std::string content) override;
    Status watch_file(const std::string& path, std::function<void()> changed) override;
    Result<std::string> read_small_file(const std::string& path, std::size_t max) override {
        return sys::read_small_file(path, max);
    }
    Result<bool> init_small_file(const std::string& path, std::string_view content, bool replace) override {
        return sys::init_small_file(path, content, replace);
    }
    Result<int> open_fifo(const FifoSpec& spec) override { return fifos_->open(spec); }
    Status write_fifo(int handle, std::string_view line) override { return fifos_->write(handle, line); }
    void close_fifo(int handle) override { fifos_->close(handle); }
    Status watch_processes(bool cmdline, ProcessFilter wanted, std::function<void(const ProcessEvent&)> event) override;
    void log(Level level, std::string_view event, std::initializer_list<LogField> fields = {}) override {
        log_event(level, event, fields);
    }

  private:
    RealHost() = default;
    static constexpr int kRxBudget = 64;  ///< packets per arrival wakeup
    /// A VRRP socket, read on arrival or, while busy, from its own timer.
    struct RxPath {
        VrrpSocket sock;
        RxPacer pacer;
        TimerId timer{};
    };
    Status watch_rx(RxPath& r);
    void on_readable(RxPath& r);
    void on_rx_tick(RxPath& r);
    void rx_mode(RxPath& r);  ///< puts the socket where its pacer says
    std::uint64_t drain(VrrpSocket& s, int budget);
    VrrpSocket& socket(int family) { return family == 4 ? rx4_.sock : rx6_.sock; }
    HostEvents* events_ = nullptr;
    std::unique_ptr<EventLoop> loop_;
    std::unique_ptr<Netlink> nl_;
    std::unique_ptr<RouteNetlink> routes_;
    std::unique_ptr<NetMonitor> mon_;
    std::unique_ptr<ScriptRunner> runner_;
    std::unique_ptr<FifoSet> fifos_;  ///< after runner_: closed before it goes
    std::unique_ptr<FileWriter> writer_;
    std::unique_ptr<FileWatch> watch_;  ///< opened by the first watch_file
    std::unique_ptr<ProcScan> procs_;   ///< opened by the first watch_processes
    RxPath rx4_, rx6_;
    RxCounters rx_;
    PacketSocket pkt_;
};

}  // namespace havip::sys
