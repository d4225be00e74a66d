// SPDX-License-Identifier: MIT
#include "base/atomic_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace havip::base {
namespace {

std::string dir_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

Status fail(const std::string& path, const char* what, int e) { return Status::from_errno(path + ": " + what, e); }

/// Writes `bytes` to a fresh temporary file beside `path` with `mode`, fsynced;
/// its name in `tmp`. On failure nothing is left behind.
Status write_temp(const std::string& path, std::span<const std::byte> bytes, unsigned mode, int uid, int gid,
                  std::string& tmp) {
    if (path.empty() || path.back() == '/') return Status::error("`" + path + "`: not a file name");
    std::string name = path + ".tmp.XXXXXX";
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) return fail(path, "cannot create a temporary file", errno);
    tmp = name;
    auto abandon = [&](const char* what, int e) {
        ::close(fd);
        ::unlink(tmp.c_str());
        return fail(path, what, e);
    };
    if ((uid >= 0 || gid >= 0) && ::fchown(fd, static_cast<uid_t>(uid), static_cast<gid_t>(gid)) != 0)
        return abandon("chown", errno);
    if (::fchmod(fd, static_cast<mode_t>(mode & 07777)) != 0) return abandon("chmod", errno);
    const auto* p = reinterpret_cast<const char*>(bytes.data());
    std::size_t left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            return abandon("write", errno);
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) return abandon("fsync", errno);
    if (::close(fd) != 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        return fail(path, "close", e);
    }
    return {};
}

Status fsync_dir(const std::string& path) {
    const std::string dir = dir_of(path);
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return fail(dir, "open directory for fsync", errno);
    const int rc = ::fsync(dfd);
    const int e = errno;
    ::close(dfd);
    if (rc != 0) return fail(dir, "fsync directory", e);
    return {};
}

}  // namespace

AtomicBatch::~AtomicBatch() {
    for (const auto& s : staged_) ::unlink(s.tmp.c_str());
}

Status AtomicBatch::stage(const std::string& path, std::span<const std::byte> bytes, unsigned mode, int uid, int gid) {
    std::string tmp;
    if (Status st = write_temp(path, bytes, mode, uid, gid, tmp); !st) return st;
    staged_.push_back({path, std::move(tmp)});
    return {};
}

Status AtomicBatch::commit() {
    Status first;
    bool renaming = true;
    std::vector<Staged> left = std::move(staged_);
    staged_.clear();
    for (const auto& s : left) {
        if (!renaming) {
            ::unlink(s.tmp.c_str());
            continue;
        }
        if (::rename(s.tmp.c_str(), s.path.c_str()) != 0) {
            if (first) first = fail(s.path, "rename", errno);
            ::unlink(s.tmp.c_str());
            renaming = false;
            continue;
        }
        if (Status st = fsync_dir(s.path); !st && first) first = st;
    }
    return first;
}

Status write_file_atomic(const std::string& path, std::span<const std::byte> bytes, unsigned mode) {
    std::string tmp;
    if (Status st = write_temp(path, bytes, mode, -1, -1, tmp); !st) return st;
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        return fail(path, "rename", e);
    }
    // The rename is durable only once the directory entry is on disk.
    return fsync_dir(path);
}

Status write_file_atomic(const std::string& path, std::string_view text, unsigned mode) {
    return write_file_atomic(path, std::as_bytes(std::span<const char>(text.data(), text.size())), mode);
}

}  // namespace havip::base
