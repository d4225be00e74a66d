// SPDX-License-Identifier: MIT
#pragma once
/// Notify FIFOs on the machine (notify_fifo, vrrp_notify_fifo): created the way
/// keepalived does (mode 0600, given to the configured owner, removed at close
/// only when created here), opened read-write and non-blocking so that neither
/// the open nor a write ever waits for a reader, and each one's reader
/// (notify_fifo_script) started before the open and ended after the close.
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "sys/event_loop.hpp"
#include "sys/host.hpp"
#include "sys/script_runner.hpp"

namespace havip::sys {

/// Makes `path` a FIFO: created (0600, chowned when asked) if missing, else it
/// must already be one. True when it was created here.
Result<bool> make_fifo(const FifoSpec& spec);
/// Opens an existing FIFO read-write, non-blocking, close-on-exec, without
/// following a symlink; refuses anything but a FIFO.
Result<int> open_fifo_fd(const std::string& path);
/// One write of the whole line, or an error (EAGAIN: the pipe is full).
Status write_line(int fd, std::string_view line);

/// The open FIFOs of a RealHost, by handle.
class FifoSet {
  public:
    FifoSet(EventLoop& loop, ScriptRunner& runner) : loop_(loop), runner_(runner) {}
    ~FifoSet();  ///< closes every FIFO still open (its reader is ended with the runner)
    FifoSet(const FifoSet&) = delete;
    FifoSet& operator=(const FifoSet&) = delete;

    Result<int> open(const FifoSpec& spec);
    Status write(int handle, std::string_view line);
    void close(int handle);

    /// How long a reader may take to drain and exit after the close before SIGTERM.
    static constexpr std::int64_t kReaderGraceNs = 1'000'000'000;

  private:
    struct Entry {
        bool used = false;
        int fd = -1;
        bool created = false;
        std::string path;
        pid_t reader = 0;
        bool reader_alive = false;
        TimerId grace;
    };
    void start_reader(Entry& e, std::size_t slot, const ScriptSpec& reader);
    void end_reader(std::size_t slot);
    EventLoop& loop_;
    ScriptRunner& runner_;
    std::deque<Entry> entries_;
};

}  // namespace havip::sys
