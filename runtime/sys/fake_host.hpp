// SPDX-License-Identifier: MIT
#pragma once
/// A host in memory (sys/host.hpp) on a virtual clock: links, addresses,
/// timers, scripts and files are plain data, and everything the executor does
/// is recorded with its time. Unit tests drive it by hand; FakeNet joins
/// several of them into one segment, as havip-sim's nodes are.
///
/// Nothing here touches the machine: no socket, no fork, no file.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sys/host.hpp"

namespace havip::sys {

class FakeHost final : public Host {
  public:
    /// A sent VRRP message, an ARP/NA frame, a script run, a file write, a log line.
    struct Advert {
        std::int64_t t = 0;
        int family = 4;
        IpAddr dst, src;
        int ifindex = 0;
        std::vector<std::uint8_t> msg;
    };
    struct Frame {
        std::int64_t t = 0;
        int ifindex = 0;
        std::vector<std::uint8_t> bytes;
    };
    struct ScriptRun {
        std::int64_t t = 0;  ///< when it started
        std::vector<std::string> argv;
        std::uint64_t key = 0;  ///< 0: started at once (a vrrp_script), else its queue
        bool as_user = false;
        std::int64_t ended = -1;  ///< when it ended (-1: still running)
    };
    struct FileWrite {
        std::int64_t t = 0;
        std::string path, content;
    };
    struct LogLine {
        std::int64_t t = 0;
        Level level = Level::info;
        std::string event;
        std::string fields;  ///< "key=value key=value" as sys::format_log_line writes them
    };
    /// A notify FIFO as the executor opened it, and every line written to it.
    struct Fifo {
        std::string path;
        bool open = false;
        bool chown = false;
        Credentials owner;
        std::vector<std::string> reader;  ///< the reader's argv (empty: none)
        std::vector<std::string> lines;   ///< written, in order (newline included)
        std::size_t capacity = SIZE_MAX;  ///< lines it holds before writes fail with EAGAIN
    };
    /// How a script ends: exit code (or -1 with a signal), after `run_ns`.
    struct ScriptOutcome {
        int exit_code = 0;
        std::int64_t run_ns = 1'000'000;
        bool hang = false;  ///< never ends by itself (only kill_scripts ends it)
    };

    explicit FakeHost(std::string name = "host") : name_(std::move(name)) {}
    ~FakeHost() override;

    const std::string& name() const { return name_; }

    // ---- the world, set up by a test ----
    /// Adds an interface; returns its ifindex.
    int add_link(const std::string& name, const MacAddr& mac, bool up = true);
    void set_link(const std::string& name, bool up, bool running);  ///< and tells the executor
    void add_address(int ifindex, const IpAddr& a, int prefix, int scope = 0);
    /// Removes an address as another program would (`ip addr del`) and tells
    /// the executor, as the kernel's address event does.
    void remove_address(int ifindex, const IpAddr& a);
    /// Tells the executor `a` left `ifindex`, without removing anything: an
    /// event that arrives after the address came back.
    void report_address_removed(int ifindex, const IpAddr& a);
    /// The monitor overran: link and address events were lost (the executor re-reads).
    void lose_link_events();
    bool has_address(int ifindex, const IpAddr& a) const;
    bool has_address(const IpAddr& a) const;
    /// Every address on every link (VIPs included), in order of addition.
    const std::vector<AddrEntry>& address_list() const { return addrs_; }
    /// The routes and rules installed through change_routes (add = true), in
    /// order of addition; a test may add one as another program would.
    const std::vector<RouteChange>& route_list() const { return routes_; }
    void add_route(RouteChange r) {
        r.add = true;
        routes_.push_back(std::move(r));
    }
    /// Route changes fail with this errno (0: they succeed).
    void fail_route_changes(int err) { route_errno_ = err; }
    /// Every change_routes call: its time and how many changes it carried.
    std::vector<std::pair<std::int64_t, std::size_t>> route_batches;
    void add_user(const std::string& name, std::uint32_t uid, std::uint32_t gid);
    void set_ids(std::uint32_t euid, std::uint32_t egid) {
        euid_ = euid;
        egid_ = egid;
    }
    void refuse_file(const std::string& path) { refused_.insert(path); }
    /// What a script with this program (argv[0]) does; default exit 0 after 1 ms.
    void script_outcome(const std::string& program, ScriptOutcome o) { outcomes_[program] = o; }
    /// Another program writes `path` (nullopt: deletes it); a watcher of it is
    /// told at once, as inotify would. Watched directories: every one exists
    /// unless refused with missing_dir().
    void put_file(const std::string& path, std::optional<std::string> content);
    /// Paths init_small_file finds as something other than a regular file.
    std::set<std::string> not_regular_files;
    void missing_dir(const std::string& dir) { missing_dirs_.insert(dir); }
    /// A directory refused with missing_dir() now exists.
    void make_dir(const std::string& dir) { missing_dirs_.erase(dir); }
    /// Reads of this path fail with this errno (0: they read the content).
    void fail_reads(const std::string& path, int err) { read_errno_[path] = err; }
    bool watching(const std::string& path) const { return watchers_.count(path) != 0; }
    /// FIFOs at `path` hold at most `lines` lines (nobody reads them): later writes fail with EAGAIN.
    void fifo_capacity(const std::string& path, std::size_t lines) { fifo_capacity_[path] = lines; }
    /// Opening a FIFO at `path` fails (a file that is not a FIFO is there).
    void refuse_fifo(const std::string& path) { refused_fifos_.insert(path); }
    /// Processes other programs run (vrrp_track_process); a watch is told at
    /// once, as the proc connector would. argv empty: {comm}. Returns the pid.
    int start_process(const std::string& comm, std::vector<std::string> argv = {});
    void stop_process(int pid);                                                          ///< it exits
    void rename_process(int pid, const std::string& comm);                               ///< prctl(PR_SET_NAME)
    void exec_process(int pid, const std::string& comm, std::vector<std::string> argv);  ///< execve
    /// Processes the watch remembers (those it wanted).
    std::size_t remembered_processes() const { return proc_seen_.size(); }
    std::size_t process_watches = 0;  ///< watch_processes calls
    /// The next watch_processes call fails with this errno and changes nothing
    /// (the watch before it goes on); the calls after it succeed.
    void fail_next_process_watch(int err) { proc_watch_errno_ = err; }
    /// Sends of adverts fail with this errno (0: they succeed).
    void fail_sends(int err) { send_errno_ = err; }
    /// Address changes fail with this errno (0: they succeed).
    void fail_address_changes(int err) { addr_errno_ = err; }
    /// Every advert sent goes here too (FakeNet and havip-sim route it); `msg`
    /// lives only during the call.
    using SendFn = std::function<void(FakeHost&, int family, const IpAddr& dst, const IpAddr& src,
                                      std::span<const std::uint8_t> msg)>;
    void on_send(SendFn fn) { on_send_ = std::move(fn); }
    /// Keep adverts, frames, files and log lines (default); off, only their
    /// counts are kept (a simulator's long runs).
    void record(bool on) { record_ = on; }
    /// Run after every event the host delivers (the executor's tail, as havipd's loop does).
    void after_event(std::function<bool()> fn) { after_event_ = std::move(fn); }

    // ---- driving it ----
    /// The clock, shared by the hosts of one network (a FakeNet) or the host's own.
    void use_clock(std::int64_t* clock) { clock_ = clock ? clock : &own_clock_; }
    /// When the next timer of this host fires (INT64_MAX: none).
    std::int64_t next_due() const;
    /// Fires every timer due at or before the clock, in time order.
    void fire_due();
    /// Moves the clock to `t`, firing timers on the way (a host alone).
    void advance_to(std::int64_t t);
    void advance(std::int64_t ns) { advance_to(now_ns() + ns); }
    /// An advert arrives (as the raw socket would hand it over).
    void deliver(const RxAdvert& rx);
    /// The host's daemon dies: no more timers, sends, script ends or changes;
    /// what it holds stays (VIPs on its links, VMACs), as after kill -9.
    void crash();
    bool crashed() const { return crashed_; }
    /// A new daemon on the same machine: links and addresses as they were,
    /// no timer, group or script of the dead one.
    void restart();

    // ---- what happened ----
    std::uint64_t adverts_sent = 0, frames_sent = 0, log_lines = 0;
    std::vector<Advert> adverts;
    std::vector<Frame> frames;
    std::vector<ScriptRun> scripts;
    std::vector<FileWrite> files;
    std::vector<LogLine> logs;
    std::set<std::pair<int, int>> groups;             ///< (family, ifindex) joined
    std::map<std::string, std::string> file_content;  ///< the latest of each path
    std::vector<Fifo> fifos;                          ///< by handle, closed ones too
    /// The latest FIFO opened at `path`, or nullptr.
    const Fifo* fifo(const std::string& path) const;
    /// Log lines of `event` (any level).
    std::size_t count_log(const std::string& event) const;
    std::size_t count_level(Level level) const;

    // ---- Host ----
    void attach(HostEvents* events) override { events_ = events; }
    std::int64_t now_ns() override { return *clock_; }
    std::int64_t unix_ms() override { return 1'700'000'000'000 + *clock_ / 1'000'000; }
    Result<HostTimer> add_timer(std::function<void()> handler) override;
    void arm(HostTimer t, std::int64_t after_ns, std::int64_t period_ns = 0) override;
    void disarm(HostTimer t) override;
    bool armed(HostTimer t) const override;
    std::int64_t due_ns(HostTimer t) const override;
    void remove_timer(HostTimer t) override;
    Result<int> ifindex(std::string_view name) override;
    Result<LinkInfo> link(int ifindex) override;
    Result<LinkInfo> link(std::string_view name) override;
    Result<std::vector<AddrEntry>> addresses(int ifindex = 0, int family = 0) override;
    std::vector<Status> change_addresses(std::span<const AddrChange> changes) override;
    std::vector<Status> change_routes(std::span<const RouteChange> changes) override;
    Result<int> create_macvlan(std::string_view name, int parent, const MacAddr& mac) override;
    Status delete_link(int ifindex) override;
    Status join_group(int family, int ifindex) override;
    Status leave_group(int family, int ifindex) override;
    Status send_advert(int family, const IpAddr& dst, const IpAddr& src, int ifindex,
                       std::span<const std::uint8_t> msg) override;
    Status send_frame(int ifindex, std::span<const std::uint8_t> frame) override;
    Status start_script(const ScriptSpec& spec, ScriptDone done) override;
    void enqueue_script(std::uint64_t key, ScriptSpec spec, ScriptDone done) override;
    bool scripts_idle() const override;
    void kill_scripts() override;
    Result<Credentials> resolve_user(std::string_view user, std::string_view group) override;
    std::uint32_t euid() const override { return euid_; }
    std::uint32_t egid() const override { return egid_; }
    Status check_trusted_file(const std::string& path) override;
    void write_file(std::string path, std::string content) override;
    Status watch_file(const std::string& path, std::function<void()> changed) override;
    Result<std::string> read_small_file(const std::string& path, std::size_t max) override;
    Result<bool> init_small_file(const std::string& path, std::string_view content, bool replace) override;
    Result<int> open_fifo(const FifoSpec& spec) override;
    Status write_fifo(int handle, std::string_view line) override;
    void close_fifo(int handle) override;
    Status watch_processes(bool cmdline, ProcessFilter wanted, std::function<void(const ProcessEvent&)> event) override;
    void log(Level level, std::string_view event, std::initializer_list<LogField> fields = {}) override;

  private:
    struct Timer {
        std::function<void()> handler;
        bool used = false, armed = false;
        std::int64_t due = 0, period = 0;
    };
    struct Job {
        std::size_t run = 0;  ///< index into scripts
        ScriptSpec spec;
        ScriptDone done;
    };
    std::int64_t spawn(const ScriptSpec& spec, std::uint64_t key, ScriptDone done);
    void job_ended(std::uint64_t key);
    void settle();                  ///< after an event: the executor's tail
    void process_changed(int pid);  ///< tells the process watch
    LinkInfo* find_link(int ifindex);

    std::string name_;
    std::int64_t own_clock_ = 0;
    std::int64_t* clock_ = &own_clock_;
    HostEvents* events_ = nullptr;
    std::vector<Timer> timers_;  // indexed by slot; a handler runs on a copy
    std::vector<LinkInfo> links_;
    std::vector<AddrEntry> addrs_;
    std::vector<RouteChange> routes_;
    int route_errno_ = 0;
    std::map<std::string, std::pair<std::uint32_t, std::uint32_t>> users_{{"root", {0, 0}}};
    std::uint32_t euid_ = 0, egid_ = 0;
    std::set<std::string> refused_;
    std::map<std::string, std::string> disk_;  ///< files other programs wrote (put_file)
    std::map<std::string, std::function<void()>> watchers_;
    std::set<std::string> missing_dirs_;
    std::map<std::string, int> read_errno_;
    std::map<std::string, std::size_t> fifo_capacity_;
    std::set<std::string> refused_fifos_;
    struct Proc {
        std::string comm;
        std::vector<std::string> argv;
    };
    std::map<int, Proc> procs_;
    int next_pid_ = 1000;
    bool proc_cmdline_ = false;
    ProcessFilter proc_wanted_;
    std::function<void(const ProcessEvent&)> proc_event_;
    std::set<int> proc_seen_;  ///< pids the watch wanted
    int proc_watch_errno_ = 0;
    std::map<std::string, ScriptOutcome> outcomes_;
    std::map<std::uint64_t, std::deque<Job>> queues_;  ///< keyed jobs waiting (front: running)
    std::size_t running_ = 0;
    std::vector<HostTimer> script_timers_;  ///< their ends, killable
    int send_errno_ = 0, addr_errno_ = 0;
    bool crashed_ = false;
    bool record_ = true;
    SendFn on_send_;
    std::function<bool()> after_event_;
};

/// One segment joining fake hosts on a shared virtual clock: an advert sent by
/// one host reaches every other host whose link is up and that owns the
/// destination (unicast) or has joined the group (multicast), after `delay_ns`,
/// unless a drop rule says otherwise.
class FakeNet {
  public:
    explicit FakeNet(std::int64_t delay_ns = 100'000) : delay_ns_(delay_ns) {}
    /// Joins a host (it uses the network's clock from now on).
    void add(FakeHost& h);
    /// Adverts from `from` to `to` are lost while this returns true.
    void drop_if(std::function<bool(const FakeHost& from, const FakeHost& to, const FakeHost::Advert&)> rule) {
        drop_ = std::move(rule);
    }
    std::int64_t now() const { return clock_; }
    /// Runs every host's timers and every delivery up to `t`, in time order.
    void run_until(std::int64_t t);
    void run_for(std::int64_t ns) { run_until(clock_ + ns); }

  private:
    struct InFlight {
        std::int64_t t;
        std::uint64_t seq;
        FakeHost* to;
        FakeHost::Advert ad;
    };
    void sent(FakeHost& from, const FakeHost::Advert& ad);
    std::int64_t clock_ = 0;
    std::int64_t delay_ns_;
    std::uint64_t seq_ = 0;
    std::vector<FakeHost*> hosts_;
    std::deque<InFlight> flight_;  ///< ordered by (t, seq): constant delay keeps it sorted
    std::function<bool(const FakeHost&, const FakeHost&, const FakeHost::Advert&)> drop_;
};

}  // namespace havip::sys
