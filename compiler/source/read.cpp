// SPDX-License-Identifier: MIT
#include "source/read.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace havip::source {

std::string error_text(int e) {
    if (e == ELOOP) return "too many levels of symbolic links (a symlink loop?)";
    std::string why = std::strerror(e);
    if (!why.empty()) why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
    return why;
}

namespace {

std::string kind_of(mode_t m) {
    if (S_ISDIR(m)) return "is a directory";
    if (S_ISCHR(m)) return "not a regular file (a character device)";
    if (S_ISBLK(m)) return "not a regular file (a block device)";
    if (S_ISFIFO(m)) return "not a regular file (a FIFO)";
    if (S_ISSOCK(m)) return "not a regular file (a socket)";
    return "not a regular file";
}

std::string too_large() { return std::string("larger than ") + kMaxInputText + " (the input size limit)"; }

/// Reads fd to its end into `out`. A regular file (`regular`) has ended when a
/// read returns less than it asked for (POSIX), so a file that still has the
/// size fstat gave takes one read, not two.
bool read_all(int fd, std::string& out, std::string& why, std::size_t expect, bool regular) {
    out.clear();
    // One byte past the limit tells a file that grew from one that fits.
    out.resize(expect < kMaxInputBytes ? expect + 1 : kMaxInputBytes + 1);
    std::size_t got = 0;
    for (;;) {
        if (got == out.size()) {
            if (got > kMaxInputBytes) break;
            out.resize(std::min(kMaxInputBytes + 1, got + 65536));
        }
        const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
        if (n < 0) {
            if (errno == EINTR) continue;
            why = error_text(errno);
            return false;
        }
        if (n == 0) break;
        got += static_cast<std::size_t>(n);
        if (regular && got < out.size()) break;
    }
    if (got > kMaxInputBytes) {
        why = too_large();
        out.clear();
        out.shrink_to_fit();
        return false;
    }
    out.resize(got);
    return true;
}

}  // namespace

std::string check_input_path(const std::string& path, bool allow_dir) {
    struct stat sb {};
    if (::stat(path.c_str(), &sb) != 0) {
        return error_text(errno);
    }
    if (S_ISREG(sb.st_mode)) {
        if (static_cast<std::size_t>(sb.st_size) > kMaxInputBytes) return too_large();
        return "";
    }
    if (S_ISDIR(sb.st_mode)) return allow_dir ? "" : "is a directory";
    return kind_of(sb.st_mode);
}

bool read_regular_file(const std::string& path, std::string& out, std::string& why) {
    // O_NONBLOCK: opening a FIFO by name must not wait for a writer; fstat
    // then refuses it before any read.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        why = error_text(errno);
        return false;
    }
    struct stat sb {};
    bool ok = false;
    if (::fstat(fd, &sb) != 0)
        why = error_text(errno);
    else if (S_ISDIR(sb.st_mode))
        why = "is a directory";
    else if (!S_ISREG(sb.st_mode))
        why = kind_of(sb.st_mode);
    else if (static_cast<std::size_t>(sb.st_size) > kMaxInputBytes)
        why = too_large();
    else
        ok = read_all(fd, out, why, static_cast<std::size_t>(sb.st_size), true);
    ::close(fd);
    return ok;
}

bool read_stream(int fd, std::string& out, std::string& why) {
    struct stat sb {};
    if (::fstat(fd, &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            why = "is a directory";
            return false;
        }
        if (S_ISREG(sb.st_mode) && static_cast<std::size_t>(sb.st_size) > kMaxInputBytes) {
            why = too_large();
            return false;
        }
    }
    const bool regular = S_ISREG(sb.st_mode);
    return read_all(fd, out, why, regular ? static_cast<std::size_t>(sb.st_size) : 65536, regular);
}

}  // namespace havip::source
