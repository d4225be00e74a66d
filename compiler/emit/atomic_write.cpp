// SPDX-License-Identifier: MIT
#include "emit/atomic_write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace havip::emit {
namespace {

std::string dir_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

bool fail(std::string& err, const std::string& path, const char* what, int e) {
    err = path + ": " + what + ": " + std::strerror(e);
    return false;
}

/// Writes `bytes` to a fresh temporary file beside `path` with `mode`, fsynced;
/// its name in `tmp`. On failure nothing is left behind.
bool write_temp(const std::string& path, std::span<const std::byte> bytes, unsigned mode, int uid, int gid,
                std::string& tmp, std::string& err) {
    if (path.empty() || path.back() == '/') {
        err = "`" + path + "`: not a file name";
        return false;
    }
    std::string tmpl = path + ".tmp.XXXXXX";
    std::vector<char> name(tmpl.begin(), tmpl.end());
    name.push_back('\0');
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) return fail(err, path, "cannot create a temporary file", errno);
    tmp = name.data();
    auto abandon = [&](const char* what, int e) {
        ::close(fd);
        ::unlink(tmp.c_str());
        return fail(err, path, what, e);
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
        return fail(err, path, "close", e);
    }
    return true;
}

bool fsync_dir(const std::string& path, std::string& err) {
    const std::string dir = dir_of(path);
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return fail(err, dir, "open directory for fsync", errno);
    const int rc = ::fsync(dfd);
    const int e = errno;
    ::close(dfd);
    if (rc != 0) return fail(err, dir, "fsync directory", e);
    return true;
}

}  // namespace

AtomicBatch::~AtomicBatch() {
    for (const auto& s : staged_) ::unlink(s.tmp.c_str());
}

bool AtomicBatch::stage(const std::string& path, std::span<const std::byte> bytes, unsigned mode, int uid, int gid,
                        std::string& err) {
    std::string tmp;
    if (!write_temp(path, bytes, mode, uid, gid, tmp, err)) return false;
    staged_.push_back({path, std::move(tmp)});
    return true;
}

bool AtomicBatch::commit(std::string& err) {
    bool ok = true, renaming = true;
    std::vector<Staged> left = std::move(staged_);
    staged_.clear();
    for (const auto& s : left) {
        if (!renaming) {
            ::unlink(s.tmp.c_str());
            continue;
        }
        if (::rename(s.tmp.c_str(), s.path.c_str()) != 0) {
            if (ok) fail(err, s.path, "rename", errno);
            ::unlink(s.tmp.c_str());
            ok = renaming = false;
            continue;
        }
        std::string e;
        if (!fsync_dir(s.path, e) && ok) {
            err = e;
            ok = false;
        }
    }
    return ok;
}

bool write_file_atomic(const std::string& path, std::span<const std::byte> bytes, std::string& err) {
    // mkstemp picks a fresh name in the same directory, so the rename below
    // stays within one file system and is atomic. Plans and emitted
    // configurations hold auth_pass: owner-only (0600, whatever the umask).
    std::string tmp;
    if (!write_temp(path, bytes, 0600, -1, -1, tmp, err)) return false;
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        return fail(err, path, "rename", e);
    }
    // The rename is durable only once the directory entry is on disk.
    return fsync_dir(path, err);
}

}  // namespace havip::emit
