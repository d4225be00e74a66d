// SPDX-License-Identifier: MIT
#pragma once
/// Raw IP protocol 112 sockets for VRRP adverts, IPv4 and IPv6.
///
/// Sending: the kernel builds the IP header; TTL / hop limit is 255 for unicast and
/// multicast, multicast loopback is off, and every send names its source address
/// and interface (IP_PKTINFO / IPV6_PKTINFO) so the kernel never picks a VIP as the
/// source. The VRRP checksum is the codec's job (IPV6_CHECKSUM is off).
/// Receiving: source, destination, TTL / hop limit, interface and the VRRP message
/// (IP header stripped) land in buffers the socket allocated once, at open().
/// One recvmmsg reads up to kRxBatch packets; receive() hands them out one at a
/// time, and a batch that came back short means the socket was empty, so the
/// read that would only say so (EAGAIN) is not made.
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "sys/addr.hpp"
#include "sys/result.hpp"

namespace havip::sys {

/// IANA protocol number of VRRP.
inline constexpr int kIpProtoVrrp = 112;
/// Packets one receive system call reads at most.
inline constexpr unsigned kRxBatch = 16;

/// One received advert. `payload` points into the socket's buffer and is valid
/// until the next receive().
struct VrrpPacket {
    IpAddr src;
    IpAddr dst;
    int ttl = -1;  ///< TTL (IPv4) or hop limit (IPv6); -1 if the kernel did not say
    int ifindex = 0;
    bool multicast = false;  ///< sent to a multicast group
    std::span<const std::uint8_t> payload;
};

struct VrrpSocketOptions {
    int family = 4;             ///< 4 or 6
    std::string bind_device;    ///< SO_BINDTODEVICE when non-empty (receive only from it)
    std::size_t buffer = 2048;  ///< receive buffer for one packet (VRRP fits easily); kRxBatch of them
    int rcvbuf = 0;             ///< SO_RCVBUFFORCE (else SO_RCVBUF) when > 0
};

class VrrpSocket {
  public:
    VrrpSocket();
    ~VrrpSocket();
    VrrpSocket(VrrpSocket&& o) noexcept;
    VrrpSocket& operator=(VrrpSocket&& o) noexcept;
    VrrpSocket(const VrrpSocket&) = delete;
    VrrpSocket& operator=(const VrrpSocket&) = delete;

    /// Opens a non-blocking raw socket (needs CAP_NET_RAW).
    static Result<VrrpSocket> open(const VrrpSocketOptions& opt);

    int fd() const { return fd_; }
    int family() const { return family_; }

    /// Joins / leaves 224.0.0.18 or ff02::12 on an interface.
    Status join(int ifindex);
    Status leave(int ifindex);

    /// Sends one VRRP message to `dst` (unicast peer or the group) from `src`
    /// through interface `ifindex`. `src` must be an address of this host.
    Status send(const IpAddr& dst, const IpAddr& src, int ifindex, std::span<const std::uint8_t> vrrp_message);

    /// Hands out the next packet, reading a batch when none is left. Returns false
    /// when nothing is waiting (EAGAIN, or the last batch came back short: the
    /// next call reads again); an error for socket failures; packets too short
    /// for an IP header are skipped.
    Result<bool> receive(VrrpPacket& out);
    /// Packets already read and not yet handed out. A caller that stops before
    /// receive() says false must not stop while this is true: epoll does not
    /// report them.
    bool buffered() const;

  private:
    struct Rx;
    bool parse(unsigned slot, VrrpPacket& out) const;

    int fd_ = -1;
    int family_ = 4;
    std::unique_ptr<Rx> rx_;
};

}  // namespace havip::sys
