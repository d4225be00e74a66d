// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "sys/sd_notify.hpp"

using namespace havip::sys;

TEST(sysSdNotify, NoSocketIsANoOp) {
    unsetenv("NOTIFY_SOCKET");
    EXPECT_TRUE(sd_notify("READY=1"));
}

TEST(sysSdNotify, SendsOneDatagram) {
    std::string path = "/tmp/havip-notify-" + std::to_string(getpid());
    unlink(path.c_str());
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    std::strcpy(sa.sun_path, path.c_str());
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
    setenv("NOTIFY_SOCKET", path.c_str(), 1);
    EXPECT_TRUE(sd_notify("READY=1\nSTATUS=up"));
    char buf[64] = {};
    ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    EXPECT_EQ(std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0), "READY=1\nSTATUS=up");
    unsetenv("NOTIFY_SOCKET");
    close(fd);
    unlink(path.c_str());
}
