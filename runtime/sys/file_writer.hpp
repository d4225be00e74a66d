// SPDX-License-Identifier: MIT
#pragma once
/// Writes files off the event loop. The VRRP path (adverts, VIPs, GARP/NA) must
/// never wait for a disk: havipd hands its state and stats files to one writer
/// thread and goes on. Per path only the latest content counts: a write queued
/// while an earlier one for that path still waits replaces it (coalescing), so a
/// stalled disk costs one pending write per file, never an unbounded queue.
/// Paths are written in the order they were first queued; a path queued again
/// while its write is under way is written once more after it. Each finished
/// write (or failure) is reported on the loop, through an eventfd it watches.
/// Submitting takes a mutex that is never held across I/O.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "sys/event_loop.hpp"
#include "sys/result.hpp"

namespace havip::sys {

class FileWriter {
  public:
    /// How one file is written (default: write_file_atomic; tests stall or fail it).
    using WriteFn = std::function<Status(const std::string& path, std::string_view content)>;
    struct Done {
        std::string path;
        Status status;
        std::int64_t elapsed_ns = 0;  ///< how long the write took
    };
    using DoneFn = std::function<void(const Done&)>;

    /// Starts the writer thread; `done` runs on `loop` for every finished write.
    static Result<std::unique_ptr<FileWriter>> start(EventLoop& loop, DoneFn done, WriteFn write = {});
    /// Stops the thread. Writes not started are dropped (flush() first to keep
    /// them); a write stuck in the kernel is left to finish on its own (the
    /// thread is detached), so destruction never waits for a disk.
    ~FileWriter();
    FileWriter(const FileWriter&) = delete;
    FileWriter& operator=(const FileWriter&) = delete;

    /// Queues `content` for `path`; never blocks on I/O.
    void submit(std::string path, std::string content);
    /// Waits at most `bound` until every queued write has finished, reporting
    /// them to `done` on the way; true when nothing is left.
    bool flush(std::chrono::milliseconds bound);
    /// Reports the writes finished so far (the loop's eventfd handler does this).
    void drain();

    struct Counters {
        std::uint64_t written = 0;    ///< writes finished ok
        std::uint64_t failed = 0;     ///< writes that failed
        std::uint64_t coalesced = 0;  ///< queued contents replaced by a newer one before being written
        std::int64_t max_write_ns = 0;
        std::size_t pending = 0;  ///< queued or under way now
    };
    Counters counters() const;

  private:
    struct Shared;
    FileWriter(EventLoop& loop, DoneFn done, std::shared_ptr<Shared> sh);
    EventLoop& loop_;
    DoneFn done_;
    std::shared_ptr<Shared> sh_;
};

}  // namespace havip::sys
