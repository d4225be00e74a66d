// SPDX-License-Identifier: MIT
#include "sys/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

namespace havip::sys {

namespace {
std::string dir_of(const std::string& path) {
    auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}
}  // namespace

Result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Status::from_errno(path, errno);
    std::string out;
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            ::close(fd);
            return Status::from_errno(path, e);
        }
        if (n == 0) break;
        if (static_cast<std::size_t>(n) > max_bytes - out.size()) {
            ::close(fd);
            return Status::error(fmt::format("{}: larger than {} bytes", path, max_bytes));
        }
        out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return out;
}

Status check_trusted_file(const std::string& path) {
    uid_t me = ::geteuid();
    struct stat st {};
    if (::stat(path.c_str(), &st) < 0) return Status::from_errno(path, errno);
    if (!S_ISREG(st.st_mode)) return Status::error(fmt::format("{}: not a regular file", path));
    if (st.st_uid != 0 && st.st_uid != me)
        return Status::error(fmt::format("{}: owned by uid {}, not root or uid {}", path, st.st_uid, me));
    if (st.st_mode & (S_IWGRP | S_IWOTH))
        return Status::error(fmt::format("{}: writable by {} (mode {:04o}); chmod go-w", path,
                                         (st.st_mode & S_IWOTH) ? "others" : "its group", st.st_mode & 07777));
    // Whoever can rename entries in a parent directory can swap the file.
    char* real = ::realpath(path.c_str(), nullptr);
    if (!real) return Status::from_errno(path, errno);
    std::string dir = dir_of(real);
    std::free(real);
    for (;;) {
        struct stat ds {};
        if (::stat(dir.c_str(), &ds) < 0) return Status::from_errno(dir, errno);
        if (ds.st_uid != 0 && ds.st_uid != me)
            return Status::error(fmt::format("{}: directory {} is owned by uid {}", path, dir, ds.st_uid));
        if ((ds.st_mode & (S_IWGRP | S_IWOTH)) && !(ds.st_mode & S_ISVTX))
            return Status::error(fmt::format("{}: directory {} is writable by group or others", path, dir));
        if (dir == "/") break;
        dir = dir_of(dir);
    }
    return {};
}

Result<bool> init_small_file(const std::string& path, std::string_view content, bool replace) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        if (!replace) return false;
        if (!S_ISREG(st.st_mode)) return Status::error(path + " is not a regular file");
    } else if (errno != ENOENT) {
        return Status::from_errno("stat " + path, errno);
    }
    if (Status w = write_file_atomic(path, content, base::kSharedMode); !w) return w;
    return true;
}

}  // namespace havip::sys
