// SPDX-License-Identifier: MIT
#pragma once
/// The host as havipd's executor sees it: clock and timers, links and addresses,
/// the VRRP wire (adverts out and in, GARP/NA frames), scripts, files and the
/// log. Nothing else of the machine reaches the executor.
///
/// Two implementations: RealHost (sys/real_host.hpp: epoll, libnl3, raw and
/// packet sockets, fork/exec, a writer thread) and FakeHost (sys/fake_host.hpp:
/// memory only, a virtual clock, every action recorded), on which the executor
/// is unit-tested and which havip-sim can join by a simulated network. The
/// shape follows ninja's DiskInterface/VirtualFileSystem and
/// CommandRunner/FakeCommandRunner: one narrow interface, a real and a fake.
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sys/addr.hpp"
#include "sys/log.hpp"
#include "sys/netlink.hpp"
#include "sys/netlink_batch.hpp"
#include "sys/result.hpp"
#include "sys/route.hpp"
#include "sys/script_runner.hpp"

namespace havip::sys {

/// A timer of the host; invalid until add_timer.
struct HostTimer {
    std::uint32_t slot = UINT32_MAX;
    bool valid() const { return slot != UINT32_MAX; }
};

/// One VRRP message received on a raw socket (IP header removed).
struct RxAdvert {
    int family = 4;   ///< 4 or 6
    int ifindex = 0;  ///< where it arrived
    IpAddr src, dst;
    int ttl = 0;  ///< IPv4 TTL or IPv6 hop limit
    bool multicast = false;
    std::span<const std::byte> payload;
};

/// One link change (from the kernel's link monitor).
struct LinkEvent {
    int ifindex = 0;
    std::string_view name;
    bool present = true;   ///< false: the link was deleted
    bool up = false;       ///< IFF_UP
    bool running = false;  ///< IFF_RUNNING (carrier)
};

/// An address gone from a link (RTM_DELADDR), whoever removed it: havipd
/// itself, an operator's `ip addr del`, another agent on the host.
struct AddrEvent {
    int ifindex = 0;
    IpAddr addr;
    int prefix = 0;
};

/// A notify FIFO to open (notify_fifo): where, who owns it if the host creates
/// it, and the reader to start (notify_fifo_script, its argv ending with the path).
struct FifoSpec {
    std::string path;
    bool chown = false;  ///< give a FIFO created here to `owner`
    Credentials owner;
    ScriptSpec reader;  ///< argv empty: none
};

/// A process as a process watch reports it (vrrp_track_process).
struct ProcessEvent {
    enum class Kind : std::uint8_t {
        Seen,  ///< running with this name (and command line): new, exec'ed or renamed
        Gone,  ///< exited, or no longer wanted (renamed, exec'ed into something else)
    } kind = Kind::Seen;
    std::int32_t pid = 0;
    std::string_view comm;              ///< /proc/PID/comm (at most 15 bytes)
    std::span<const std::string> argv;  ///< /proc/PID/cmdline, only when the watch asked for it
};

/// Picks the processes a process watch remembers and reports.
using ProcessFilter = std::function<bool(std::string_view comm, std::span<const std::string> argv)>;

/// What the host delivers to its executor.
class HostEvents {
  public:
    virtual ~HostEvents() = default;
    virtual void on_advert(const RxAdvert& rx) = 0;
    virtual void on_link(const LinkEvent& ev) = 0;
    /// Link (or address) events were lost (a monitor overrun): re-read every link.
    virtual void on_links_lost() = 0;
    virtual void on_address_removed(const AddrEvent& ev) = 0;
};

class Host {
  public:
    virtual ~Host() = default;

    /// Where received adverts and link events go (one receiver).
    virtual void attach(HostEvents* events) = 0;

    // Clock and timers: monotonic nanoseconds; handlers run on the host's loop.
    virtual std::int64_t now_ns() = 0;
    /// Wall-clock milliseconds since the epoch (for what operators read).
    virtual std::int64_t unix_ms() = 0;
    virtual Result<HostTimer> add_timer(std::function<void()> handler) = 0;
    /// Fires `after_ns` from now (0: at the next turn), then every `period_ns` when > 0.
    virtual void arm(HostTimer t, std::int64_t after_ns, std::int64_t period_ns = 0) = 0;
    virtual void disarm(HostTimer t) = 0;
    virtual bool armed(HostTimer t) const = 0;
    /// When it fires next (monotonic ns); INT64_MAX when disarmed.
    virtual std::int64_t due_ns(HostTimer t) const = 0;
    virtual void remove_timer(HostTimer t) = 0;

    // Links and addresses.
    virtual Result<int> ifindex(std::string_view name) = 0;
    virtual Result<LinkInfo> link(int ifindex) = 0;
    virtual Result<LinkInfo> link(std::string_view name) = 0;
    /// Every address (ifindex 0: of every link; family 0: both).
    virtual Result<std::vector<AddrEntry>> addresses(int ifindex = 0, int family = 0) = 0;
    /// In order, as one batch; one Status per change.
    virtual std::vector<Status> change_addresses(std::span<const AddrChange> changes) = 0;
    /// Routes and rules (virtual_routes, virtual_rules), in order; one Status
    /// per change. A failure carries its errno: EEXIST (add) and ESRCH
    /// (delete) say it was already so (route_change_status() in sys/route.hpp).
    virtual std::vector<Status> change_routes(std::span<const RouteChange> changes) = 0;
    virtual Result<int> create_macvlan(std::string_view name, int parent, const MacAddr& mac) = 0;
    virtual Status delete_link(int ifindex) = 0;

    // The VRRP wire.
    virtual Status join_group(int family, int ifindex) = 0;
    virtual Status leave_group(int family, int ifindex) = 0;
    /// One VRRP message from `src` to `dst`, leaving by `ifindex` (TTL/hop limit 255).
    virtual Status send_advert(int family, const IpAddr& dst, const IpAddr& src, int ifindex,
                               std::span<const std::uint8_t> msg) = 0;
    /// One link-layer frame (gratuitous ARP, unsolicited NA) out of `ifindex`.
    virtual Status send_frame(int ifindex, std::span<const std::uint8_t> frame) = 0;

    // Scripts (fork/exec, never a shell).
    using ScriptDone = std::function<void(const ScriptResult&)>;
    /// Starts now; `done` runs on the loop when it ends. Error: it did not start.
    virtual Status start_script(const ScriptSpec& spec, ScriptDone done) = 0;
    /// Queued behind the earlier jobs of the same key (one instance's notify order).
    virtual void enqueue_script(std::uint64_t key, ScriptSpec spec, ScriptDone done) = 0;
    /// No script running or queued.
    virtual bool scripts_idle() const = 0;
    /// Ends every running script (the graceful stop's deadline).
    virtual void kill_scripts() = 0;

    // Accounts and files.
    virtual Result<Credentials> resolve_user(std::string_view user, std::string_view group) = 0;
    /// The daemon's own effective uid and gid.
    virtual std::uint32_t euid() const = 0;
    virtual std::uint32_t egid() const = 0;
    /// Refuses a program others could have written (the check keepalived's
    /// script security makes): owner root or the daemon, not writable by others.
    virtual Status check_trusted_file(const std::string& path) = 0;
    /// Writes `path` atomically, later and off the loop; a newer write of the
    /// same path replaces a pending one. Outcomes are the host's to report.
    virtual void write_file(std::string path, std::string content) = 0;
    /// Watches a small file another program writes (track_file): `changed` runs
    /// on the loop whenever `path` may hold something new (written and closed,
    /// renamed in or away, deleted). The file need not exist; its directory
    /// must. A second watch of the same path replaces the callback.
    virtual Status watch_file(const std::string& path, std::function<void()> changed) = 0;
    /// At most `max` bytes from the start of `path`, opened O_NONBLOCK (a FIFO
    /// does not stall the loop). Error: it cannot be opened or read.
    virtual Result<std::string> read_small_file(const std::string& path, std::size_t max) = 0;
    /// Writes a small file now, atomically, mode 0644 (track_file's init_file,
    /// as keepalived writes it): `replace` false leaves an existing file alone;
    /// true replaces a regular file (anything else there is an error).
    /// Returns whether it wrote.
    virtual Result<bool> init_small_file(const std::string& path, std::string_view content, bool replace) = 0;
    /// Watches processes (vrrp_track_process). `wanted` picks the processes of
    /// interest (only those are remembered); `event` gets a Seen for each of
    /// them running now, before this returns, then Seen when one starts, execs or
    /// is renamed and is wanted, Gone when a remembered one exits or is no
    /// longer wanted. `cmdline`: argv is read too (else it is empty). A second
    /// call replaces the first and starts again from a full scan. Events run on
    /// the loop; how soon after the change is the host's (RealHost: within 1 s).
    /// An empty `wanted` ends the watch (no scans, no callbacks kept).
    virtual Status watch_processes(bool cmdline, ProcessFilter wanted,
                                   std::function<void(const ProcessEvent&)> event) = 0;

    // Notify FIFOs: nothing here ever waits for a reader.
    /// Creates the FIFO unless it exists (mode 0600, given to the owner when
    /// asked), starts its reader, then opens it read-write and non-blocking (so
    /// the open needs no reader and a write never waits for one). Returns a
    /// handle. Error: the path is something other than a FIFO, or cannot be
    /// created or opened.
    virtual Result<int> open_fifo(const FifoSpec& spec) = 0;
    /// Writes one line (newline included, at most PIPE_BUF bytes) whole or not
    /// at all; EAGAIN when the pipe is full (no reader, or a slow one).
    virtual Status write_fifo(int handle, std::string_view line) = 0;
    /// Closes it (a reader then reads what is left, then end of file), ends its
    /// reader (SIGTERM to its group) and removes the FIFO if open_fifo created it.
    virtual void close_fifo(int handle) = 0;

    virtual void log(Level level, std::string_view event, std::initializer_list<LogField> fields = {}) = 0;
};

}  // namespace havip::sys
