// SPDX-License-Identifier: MIT
#include "sys/packet_socket.hpp"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace havip::sys {

PacketSocket::~PacketSocket() {
    if (fd_ >= 0) ::close(fd_);
}
PacketSocket::PacketSocket(PacketSocket&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
PacketSocket& PacketSocket::operator=(PacketSocket&& o) noexcept {
    if (this != &o) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
}

Result<PacketSocket> PacketSocket::open_sender() {
    PacketSocket s;
    s.fd_ = ::socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s.fd_ < 0) return Status::from_errno("socket(AF_PACKET)", errno);
    return s;
}

Result<PacketSocket> PacketSocket::open_capture(int ifindex) {
    PacketSocket s;
    s.fd_ = ::socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ALL));
    if (s.fd_ < 0) return Status::from_errno("socket(AF_PACKET, ETH_P_ALL)", errno);
    sockaddr_ll sll{};
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = ifindex;
    if (::bind(s.fd_, reinterpret_cast<sockaddr*>(&sll), sizeof sll) < 0)
        return Status::from_errno("bind(AF_PACKET) to ifindex " + std::to_string(ifindex), errno);
    return s;
}

Status PacketSocket::send(int ifindex, std::span<const std::uint8_t> frame) {
    if (frame.size() < 14) return Status::error("packet send: frame shorter than an Ethernet header");
    sockaddr_ll sll{};
    sll.sll_family = AF_PACKET;
    sll.sll_ifindex = ifindex;
    sll.sll_halen = 6;
    std::memcpy(sll.sll_addr, frame.data(), 6);  // the frame's own destination
    std::memcpy(&sll.sll_protocol, frame.data() + 12, 2);
    ssize_t n = ::sendto(fd_, frame.data(), frame.size(), MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&sll), sizeof sll);
    if (n < 0) return Status::from_errno("packet send on ifindex " + std::to_string(ifindex), errno);
    if (static_cast<std::size_t>(n) != frame.size()) return Status::error("packet send: short write");
    return {};
}

Result<std::size_t> PacketSocket::receive(std::span<std::uint8_t> buf) {
    for (;;) {
        ssize_t n = ::recv(fd_, buf.data(), buf.size(), MSG_DONTWAIT);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return std::size_t{0};
        return Status::from_errno("packet receive", errno);
    }
}

}  // namespace havip::sys
