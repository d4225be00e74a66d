// SPDX-License-Identifier: MIT
#include "sys/vrrp_socket.hpp"

#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <utility>

namespace havip::sys {

/// The receive side: kRxBatch slots, each a buffer, a source address and room
/// for the ancillary data (IPv6: packet info and hop limit), wired up once.
struct VrrpSocket::Rx {
    static constexpr std::size_t kControl = 128;
    std::size_t size = 0;                  ///< one slot's buffer
    std::unique_ptr<std::uint8_t[]> bufs;  ///< not zeroed: a slot's pages are touched when a packet lands
    std::array<mmsghdr, kRxBatch> hdrs{};
    std::array<iovec, kRxBatch> iov{};
    std::array<sockaddr_storage, kRxBatch> from{};
    alignas(cmsghdr) std::array<std::array<std::uint8_t, kControl>, kRxBatch> control{};
    unsigned count = 0;    ///< packets the last batch read
    unsigned next = 0;     ///< the next one to hand out
    bool drained = false;  ///< the last batch came back short: the socket was empty

    explicit Rx(std::size_t buffer) : size(buffer), bufs(new std::uint8_t[buffer * kRxBatch]) {
        for (unsigned i = 0; i < kRxBatch; ++i) {
            iov[i] = iovec{bufs.get() + i * size, size};
            msghdr& mh = hdrs[i].msg_hdr;
            mh.msg_name = &from[i];
            mh.msg_iov = &iov[i];
            mh.msg_iovlen = 1;
            mh.msg_control = control[i].data();
            reset(i);
        }
    }
    /// The lengths the kernel writes back, as they were before it read into slot i.
    void reset(unsigned i) {
        hdrs[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
        hdrs[i].msg_hdr.msg_controllen = kControl;
    }
    const std::uint8_t* buf(unsigned slot) const { return bufs.get() + slot * size; }
};

VrrpSocket::VrrpSocket() = default;

VrrpSocket::~VrrpSocket() {
    if (fd_ >= 0) ::close(fd_);
}

VrrpSocket::VrrpSocket(VrrpSocket&& o) noexcept
    : fd_(std::exchange(o.fd_, -1)), family_(o.family_), rx_(std::move(o.rx_)) {}

VrrpSocket& VrrpSocket::operator=(VrrpSocket&& o) noexcept {
    if (this != &o) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = std::exchange(o.fd_, -1);
        family_ = o.family_;
        rx_ = std::move(o.rx_);
    }
    return *this;
}

namespace {
Status setopt(int fd, int level, int name, int value, const char* what) {
    if (setsockopt(fd, level, name, &value, sizeof value) < 0) return Status::from_errno(what, errno);
    return {};
}
}  // namespace

Result<VrrpSocket> VrrpSocket::open(const VrrpSocketOptions& opt) {
    if (opt.family != 4 && opt.family != 6) return Result<VrrpSocket>::error("vrrp socket: family must be 4 or 6");
    VrrpSocket s;
    s.family_ = opt.family;
    s.fd_ = ::socket(opt.family == 4 ? AF_INET : AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, kIpProtoVrrp);
    if (s.fd_ < 0) return Status::from_errno("socket(raw, 112)", errno);
    Status st;
    if (opt.family == 4) {
        if (!(st = setopt(s.fd_, IPPROTO_IP, IP_PKTINFO, 1, "IP_PKTINFO"))) return st;
        if (!(st = setopt(s.fd_, IPPROTO_IP, IP_TTL, 255, "IP_TTL"))) return st;
        if (!(st = setopt(s.fd_, IPPROTO_IP, IP_MULTICAST_TTL, 255, "IP_MULTICAST_TTL"))) return st;
        if (!(st = setopt(s.fd_, IPPROTO_IP, IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP"))) return st;
    } else {
        // The VRRP checksum covers a pseudo-header the codec computes itself.
        if (!(st = setopt(s.fd_, IPPROTO_IPV6, IPV6_CHECKSUM, -1, "IPV6_CHECKSUM"))) return st;
        if (!(st = setopt(s.fd_, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO"))) return st;
        if (!(st = setopt(s.fd_, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT"))) return st;
        if (!(st = setopt(s.fd_, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 255, "IPV6_UNICAST_HOPS"))) return st;
        if (!(st = setopt(s.fd_, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 255, "IPV6_MULTICAST_HOPS"))) return st;
        if (!(st = setopt(s.fd_, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP"))) return st;
    }
    if (!opt.bind_device.empty()) {
        if (setsockopt(s.fd_, SOL_SOCKET, SO_BINDTODEVICE, opt.bind_device.c_str(),
                       static_cast<socklen_t>(opt.bind_device.size())) < 0)
            return Status::from_errno("SO_BINDTODEVICE " + opt.bind_device, errno);
    }
    // Past the system's cap (net.core.rmem_max) where the process may (CAP_NET_ADMIN), else up to it.
    if (opt.rcvbuf > 0 && !setopt(s.fd_, SOL_SOCKET, SO_RCVBUFFORCE, opt.rcvbuf, "SO_RCVBUFFORCE") &&
        !(st = setopt(s.fd_, SOL_SOCKET, SO_RCVBUF, opt.rcvbuf, "SO_RCVBUF")))
        return st;
    s.rx_ = std::make_unique<Rx>(opt.buffer < 128 ? 128 : opt.buffer);
    return s;
}

Status VrrpSocket::join(int ifindex) {
    if (family_ == 4) {
        ip_mreqn m{};
        std::memcpy(&m.imr_multiaddr, vrrp_group(4).bytes.data(), 4);
        m.imr_ifindex = ifindex;
        if (setsockopt(fd_, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof m) < 0)
            return Status::from_errno("IP_ADD_MEMBERSHIP 224.0.0.18", errno);
        return {};
    }
    ipv6_mreq m{};
    std::memcpy(&m.ipv6mr_multiaddr, vrrp_group(6).bytes.data(), 16);
    m.ipv6mr_interface = static_cast<unsigned>(ifindex);
    if (setsockopt(fd_, IPPROTO_IPV6, IPV6_JOIN_GROUP, &m, sizeof m) < 0)
        return Status::from_errno("IPV6_JOIN_GROUP ff02::12", errno);
    return {};
}

Status VrrpSocket::leave(int ifindex) {
    if (family_ == 4) {
        ip_mreqn m{};
        std::memcpy(&m.imr_multiaddr, vrrp_group(4).bytes.data(), 4);
        m.imr_ifindex = ifindex;
        if (setsockopt(fd_, IPPROTO_IP, IP_DROP_MEMBERSHIP, &m, sizeof m) < 0)
            return Status::from_errno("IP_DROP_MEMBERSHIP 224.0.0.18", errno);
        return {};
    }
    ipv6_mreq m{};
    std::memcpy(&m.ipv6mr_multiaddr, vrrp_group(6).bytes.data(), 16);
    m.ipv6mr_interface = static_cast<unsigned>(ifindex);
    if (setsockopt(fd_, IPPROTO_IPV6, IPV6_LEAVE_GROUP, &m, sizeof m) < 0)
        return Status::from_errno("IPV6_LEAVE_GROUP ff02::12", errno);
    return {};
}

Status VrrpSocket::send(const IpAddr& dst, const IpAddr& src, int ifindex, std::span<const std::uint8_t> msg) {
    if (dst.family != family_ || src.family != family_)
        return Status::error("vrrp send: address family does not match the socket");
    sockaddr_storage ss;
    socklen_t sl = to_sockaddr(dst, ss, ifindex);
    iovec iov{const_cast<std::uint8_t*>(msg.data()), msg.size()};
    alignas(cmsghdr) std::uint8_t control[CMSG_SPACE(sizeof(in6_pktinfo))] = {};
    msghdr mh{};
    mh.msg_name = &ss;
    mh.msg_namelen = sl;
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = control;
    cmsghdr* c = reinterpret_cast<cmsghdr*>(control);
    if (family_ == 4) {
        // ipi_spec_dst is the source address; ipi_ifindex the outgoing interface.
        mh.msg_controllen = CMSG_SPACE(sizeof(in_pktinfo));
        c->cmsg_level = IPPROTO_IP;
        c->cmsg_type = IP_PKTINFO;
        c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
        in_pktinfo pi{};
        pi.ipi_ifindex = ifindex;
        std::memcpy(&pi.ipi_spec_dst, src.bytes.data(), 4);
        std::memcpy(CMSG_DATA(c), &pi, sizeof pi);
    } else {
        mh.msg_controllen = CMSG_SPACE(sizeof(in6_pktinfo));
        c->cmsg_level = IPPROTO_IPV6;
        c->cmsg_type = IPV6_PKTINFO;
        c->cmsg_len = CMSG_LEN(sizeof(in6_pktinfo));
        in6_pktinfo pi{};
        pi.ipi6_ifindex = static_cast<unsigned>(ifindex);
        std::memcpy(&pi.ipi6_addr, src.bytes.data(), 16);
        std::memcpy(CMSG_DATA(c), &pi, sizeof pi);
    }
    ssize_t n = ::sendmsg(fd_, &mh, MSG_DONTWAIT);
    if (n < 0) {
        char a[64];
        dst.format(a, sizeof a);
        return Status::from_errno(std::string("vrrp send to ") + a, errno);
    }
    if (static_cast<std::size_t>(n) != msg.size()) return Status::error("vrrp send: short write");
    return {};
}

bool VrrpSocket::buffered() const { return rx_ && rx_->next < rx_->count; }

Result<bool> VrrpSocket::receive(VrrpPacket& out) {
    if (!rx_) return Status::error("vrrp receive: socket not open");
    Rx& rx = *rx_;
    for (;;) {
        while (rx.next < rx.count)
            if (parse(rx.next++, out)) return true;
        if (rx.drained) {  // the socket was empty when the last batch was read
            rx.drained = false;
            return false;
        }
        for (unsigned i = 0; i < rx.count; ++i) rx.reset(i);  // the slots the last batch wrote
        rx.count = rx.next = 0;
        int n = ::recvmmsg(fd_, rx.hdrs.data(), kRxBatch, MSG_DONTWAIT, nullptr);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return false;
            if (errno == EINTR) continue;
            return Status::from_errno("vrrp receive", errno);
        }
        rx.count = static_cast<unsigned>(n);
        rx.drained = rx.count < kRxBatch;
    }
}

bool VrrpSocket::parse(unsigned slot, VrrpPacket& out) const {
    const Rx& rx = *rx_;
    const msghdr& mh = rx.hdrs[slot].msg_hdr;
    const std::size_t len = rx.hdrs[slot].msg_len;
    const std::uint8_t* buf = rx.buf(slot);
    out = VrrpPacket{};
    if (family_ == 4) {
        // IPv4 raw sockets deliver the IP header: take TTL, addresses from it.
        if (len < 20) return false;
        const std::uint8_t* ip = buf;
        std::size_t ihl = static_cast<std::size_t>(ip[0] & 0x0f) * 4;
        if ((ip[0] >> 4) != 4 || ihl < 20 || ihl > len) return false;
        std::size_t total = static_cast<std::size_t>(ip[2]) << 8 | ip[3];
        if (total < ihl) return false;
        if (total > len) total = len;  // truncated by the buffer: the codec will see it short
        out.ttl = ip[8];
        out.src = IpAddr::from_bytes(ip + 12, 4);
        out.dst = IpAddr::from_bytes(ip + 16, 4);
        out.payload = std::span<const std::uint8_t>(ip + ihl, total - ihl);
        for (cmsghdr* c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(const_cast<msghdr*>(&mh), c)) {
            if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
                in_pktinfo pi;
                std::memcpy(&pi, CMSG_DATA(c), sizeof pi);
                out.ifindex = pi.ipi_ifindex;
            }
        }
    } else {
        const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(&rx.from[slot]);
        out.src = IpAddr::from_bytes(reinterpret_cast<const std::uint8_t*>(&sin6->sin6_addr), 6);
        out.payload = std::span<const std::uint8_t>(buf, len);
        for (cmsghdr* c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(const_cast<msghdr*>(&mh), c)) {
            if (c->cmsg_level != IPPROTO_IPV6) continue;
            if (c->cmsg_type == IPV6_PKTINFO) {
                in6_pktinfo pi;
                std::memcpy(&pi, CMSG_DATA(c), sizeof pi);
                out.ifindex = static_cast<int>(pi.ipi6_ifindex);
                out.dst = IpAddr::from_bytes(reinterpret_cast<const std::uint8_t*>(&pi.ipi6_addr), 6);
            } else if (c->cmsg_type == IPV6_HOPLIMIT) {
                int h;
                std::memcpy(&h, CMSG_DATA(c), sizeof h);
                out.ttl = h;
            }
        }
    }
    out.multicast = out.dst.is_multicast();
    return true;
}

}  // namespace havip::sys
