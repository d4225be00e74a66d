// SPDX-License-Identifier: MIT
#include "sys/notify_fifo.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <climits>

#include "sys/log.hpp"

namespace havip::sys {

Result<bool> make_fifo(const FifoSpec& spec) {
    const char* p = spec.path.c_str();
    if (::mkfifo(p, S_IRUSR | S_IWUSR) == 0) {
        if (spec.chown && ::chown(p, spec.owner.uid, spec.owner.gid) != 0) {
            const int err = errno;
            ::unlink(p);
            return Status::from_errno("chown notify fifo " + spec.path, err);
        }
        return true;
    }
    if (errno != EEXIST) return Status::from_errno("mkfifo " + spec.path, errno);
    struct stat st {};
    if (::lstat(p, &st) != 0) return Status::from_errno("stat " + spec.path, errno);
    if (!S_ISFIFO(st.st_mode))
        return Status::error(spec.path + ": exists and is not a FIFO (remove it, or name another path)");
    return false;
}

Result<int> open_fifo_fd(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return Status::from_errno("open notify fifo " + path, errno);
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode)) {
        ::close(fd);
        return Status::error(path + ": not a FIFO");
    }
    return fd;
}

Status write_line(int fd, std::string_view line) {
    if (line.size() > PIPE_BUF) return Status::error("notify fifo line longer than PIPE_BUF");
    // A write of at most PIPE_BUF bytes to a pipe is atomic: whole, or EAGAIN.
    const ssize_t n = ::write(fd, line.data(), line.size());
    if (n < 0) return Status::from_errno("write notify fifo", errno);
    if (static_cast<std::size_t>(n) != line.size()) return Status::error("short write to notify fifo");
    return {};
}

FifoSet::~FifoSet() {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        Entry& e = entries_[i];
        if (e.fd >= 0) ::close(e.fd);
        if (e.created) ::unlink(e.path.c_str());
        if (e.grace.valid()) loop_.remove_timer(e.grace);
    }
}

Result<int> FifoSet::open(const FifoSpec& spec) {
    auto made = make_fifo(spec);
    if (!made) return made.status();
    // A slot is never reused: a closed FIFO's reader may still report its end.
    const std::size_t slot = entries_.size();
    Entry& e = entries_.emplace_back();
    e.used = true;
    e.created = *made;
    e.path = spec.path;
    // keepalived's order: the reader first (it may open the FIFO for reading), then our end.
    if (!spec.reader.argv.empty()) start_reader(e, slot, spec.reader);
    auto fd = open_fifo_fd(spec.path);
    if (!fd) {
        close(static_cast<int>(slot));
        return fd.status();
    }
    e.fd = *fd;
    return static_cast<int>(slot);
}

void FifoSet::start_reader(Entry& e, std::size_t slot, const ScriptSpec& reader) {
    auto pid = runner_.start(reader, [this, slot](const ScriptResult& r) {
        if (slot >= entries_.size()) return;
        Entry& en = entries_[slot];
        en.reader_alive = false;
        if (en.used)  // ended while its FIFO is open: lines now wait for nobody
            log_event(Level::warning, "fifo_reader_exited",
                      {{"fifo", en.path}, {"exit", r.exit_code}, {"signal", r.signal}, {"error", r.error}});
    });
    if (!pid) {
        log_event(Level::error, "fifo_reader_failed", {{"fifo", e.path}, {"error", pid.message()}});
        return;
    }
    e.reader = *pid;
    e.reader_alive = true;
}

Status FifoSet::write(int handle, std::string_view line) {
    if (handle < 0 || static_cast<std::size_t>(handle) >= entries_.size() || entries_[handle].fd < 0)
        return Status::error("notify fifo not open");
    return write_line(entries_[handle].fd, line);
}

void FifoSet::close(int handle) {
    if (handle < 0 || static_cast<std::size_t>(handle) >= entries_.size()) return;
    Entry& e = entries_[handle];
    if (!e.used) return;
    if (e.fd >= 0) ::close(e.fd);  // the reader reads what is left, then end of file
    e.fd = -1;
    if (e.created) ::unlink(e.path.c_str());
    e.created = false;
    e.used = false;
    if (!e.reader_alive) return;
    // A reader that does not stop at end of file (one that reopens the FIFO) is
    // ended after a grace period, as keepalived ends it at stop.
    const std::size_t slot = static_cast<std::size_t>(handle);
    auto t = loop_.add_timer([this, slot] { end_reader(slot); });
    if (!t) return end_reader(slot);
    e.grace = *t;
    (void)loop_.arm(e.grace, std::chrono::nanoseconds(kReaderGraceNs));
}

void FifoSet::end_reader(std::size_t slot) {
    Entry& e = entries_[slot];
    if (e.grace.valid()) loop_.remove_timer(e.grace);
    e.grace = TimerId{};
    if (e.reader_alive && !e.used) ::kill(-e.reader, SIGTERM);  // its own process group
}

}  // namespace havip::sys
