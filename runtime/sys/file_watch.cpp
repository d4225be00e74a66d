// SPDX-License-Identifier: MIT
#include "sys/file_watch.hpp"

#include <fcntl.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <climits>
#include <cstring>
#include <vector>

namespace havip::sys {

Result<std::string> read_small_file(const std::string& path, std::size_t max) {
    int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return Status::from_errno("open " + path, errno);
    std::string out(max, '\0');
    ssize_t n;
    do n = ::read(fd, out.data(), max);
    while (n < 0 && errno == EINTR);
    int err = errno;
    ::close(fd);
    if (n < 0) {
        if (err == EAGAIN) return std::string();  // an empty FIFO: nothing there
        return Status::from_errno("read " + path, err);
    }
    out.resize(static_cast<std::size_t>(n));
    return out;
}

Result<std::unique_ptr<FileWatch>> FileWatch::open(EventLoop& loop) {
    int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) return Status::from_errno("inotify_init1", errno);
    std::unique_ptr<FileWatch> w(new FileWatch(loop, fd));
    FileWatch* self = w.get();
    if (Status st = loop.watch(fd, EventLoop::kIn, [self](std::uint32_t) { self->on_readable(); }); !st) return st;
    return w;
}

FileWatch::~FileWatch() {
    if (fd_ >= 0) {
        loop_.unwatch(fd_);
        ::close(fd_);
    }
}

Status FileWatch::add(const std::string& path, std::function<void()> changed) {
    const auto slash = path.rfind('/');
    if (path.empty() || path.front() != '/' || slash == std::string::npos || slash + 1 == path.size())
        return Status::error("watch " + path + ": not an absolute file path");
    Entry e;
    e.dir = slash == 0 ? "/" : path.substr(0, slash);
    e.base = path.substr(slash + 1);
    e.changed = std::move(changed);
    // The directory, not the file: the file may be missing or replaced by a rename.
    e.wd =
        ::inotify_add_watch(fd_, e.dir.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_ONLYDIR);
    if (e.wd < 0) return Status::from_errno("watch directory " + e.dir, errno);
    files_[path] = std::move(e);
    return {};
}

void FileWatch::on_readable() {
    alignas(inotify_event) char buf[16 * (sizeof(inotify_event) + NAME_MAX + 1)];
    std::vector<std::function<void()>*> due;
    for (;;) {
        ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  // EAGAIN: drained
        for (char* p = buf; p < buf + n;) {
            auto* ev = reinterpret_cast<inotify_event*>(p);
            p += sizeof(inotify_event) + ev->len;
            if (ev->mask & IN_Q_OVERFLOW) {
                // Events lost: every file may have changed.
                for (auto& [path, e] : files_) due.push_back(&e.changed);
                continue;
            }
            if ((ev->mask & IN_ISDIR) || ev->len == 0) continue;
            for (auto& [path, e] : files_)
                if (e.wd == ev->wd && e.base == ev->name) due.push_back(&e.changed);
        }
    }
    // Once per file per wakeup, after the queue is drained: the callback reads the file as it is now.
    std::vector<std::function<void()>*> once;
    for (auto* f : due)
        if (std::find(once.begin(), once.end(), f) == once.end()) once.push_back(f);
    for (auto* f : once) (*f)();
}

}  // namespace havip::sys
