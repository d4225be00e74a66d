// SPDX-License-Identifier: MIT
#pragma once
/// Small files other programs write (keepalived's track_file): one inotify
/// descriptor on the event loop, a watch per directory (the file itself may
/// not exist yet, or be replaced by a rename), and a non-blocking read.
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "sys/event_loop.hpp"
#include "sys/result.hpp"

namespace havip::sys {

/// At most `max` bytes from the start of `path` (O_RDONLY | O_NONBLOCK | O_CLOEXEC,
/// one read). Error: it cannot be opened or read (errno text in the message).
Result<std::string> read_small_file(const std::string& path, std::size_t max);

class FileWatch {
  public:
    static Result<std::unique_ptr<FileWatch>> open(EventLoop& loop);
    ~FileWatch();
    FileWatch(const FileWatch&) = delete;
    FileWatch& operator=(const FileWatch&) = delete;

    /// `changed` runs on the loop when `path` is closed after writing, renamed
    /// in or away, or deleted. `path` must be absolute and its directory exist.
    Status add(const std::string& path, std::function<void()> changed);

  private:
    explicit FileWatch(EventLoop& loop, int fd) : loop_(loop), fd_(fd) {}
    void on_readable();

    EventLoop& loop_;
    int fd_ = -1;
    struct Entry {
        int wd = -1;
        std::string dir, base;
        std::function<void()> changed;
    };
    std::map<std::string, Entry> files_;  ///< by path
};

}  // namespace havip::sys
