// SPDX-License-Identifier: MIT
#pragma once
/// AF_PACKET sockets: sending whole Ethernet frames built by frames.hpp (GARP,
/// unsolicited NA) out of a given interface, and a capture mode used by tests.
#include <cstdint>
#include <span>

#include "sys/result.hpp"

namespace havip::sys {

class PacketSocket {
  public:
    PacketSocket() = default;
    ~PacketSocket();
    PacketSocket(PacketSocket&& o) noexcept;
    PacketSocket& operator=(PacketSocket&& o) noexcept;
    PacketSocket(const PacketSocket&) = delete;
    PacketSocket& operator=(const PacketSocket&) = delete;

    /// A send-only socket (protocol 0: the kernel delivers it nothing). Needs CAP_NET_RAW.
    static Result<PacketSocket> open_sender();
    /// A non-blocking socket receiving every frame seen on ifindex (ETH_P_ALL).
    static Result<PacketSocket> open_capture(int ifindex);

    int fd() const { return fd_; }
    /// Sends one complete Ethernet frame (header included) out of ifindex.
    Status send(int ifindex, std::span<const std::uint8_t> frame);
    /// Receives one frame into buf; returns its length, 0 when none is waiting.
    Result<std::size_t> receive(std::span<std::uint8_t> buf);

  private:
    int fd_ = -1;
};

}  // namespace havip::sys
