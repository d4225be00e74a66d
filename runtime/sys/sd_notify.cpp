// SPDX-License-Identifier: MIT
#include "sys/sd_notify.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace havip::sys {

Status sd_notify(std::string_view state) {
    const char* path = std::getenv("NOTIFY_SOCKET");
    if (!path || !*path) return {};
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    std::size_t len = std::strlen(path);
    if (len >= sizeof sa.sun_path) return Status::error("sd_notify: NOTIFY_SOCKET path too long");
    std::memcpy(sa.sun_path, path, len);
    if (sa.sun_path[0] == '@') sa.sun_path[0] = 0;  // abstract namespace
    int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return Status::from_errno("sd_notify: socket", errno);
    ssize_t n = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL, reinterpret_cast<sockaddr*>(&sa),
                         static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + len));
    int e = errno;
    ::close(fd);
    if (n < 0) return Status::from_errno("sd_notify", e);
    return {};
}

}  // namespace havip::sys
