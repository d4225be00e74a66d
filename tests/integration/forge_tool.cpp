// SPDX-License-Identifier: MIT
// havip-test-forge: sends hand-made VRRP adverts with a chosen source address
// and TTL / hop limit - IPv4 through IP_HDRINCL, IPv6 through a raw socket bound
// with IPV6_FREEBIND to any source - so the integration tests can play a forger
// in a third namespace: wrong password, wrong VRID, wrong TTL, a broken
// checksum, a source that is not a peer, or bytes that are no VRRP at all.
//
//   havip-test-forge IFNAME SRC DST [option...]
//     --vrid N          (51)      --prio N        (200)
//     --version 2|3     (2)       --interval N    (wire units: s for v2, cs for v3; 1)
//     --pass TEXT       (v2 PASS; none without)
//     --vip ADDR        (repeatable; the advert's address list)
//     --ttl N           (255)     --count N       (1, 10 ms apart)
//     --bad-checksum    flips the VRRP checksum
//     --garbage N       sends N bytes of 0xA5 instead of an advert
// Exit 0 when every packet was sent.
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "sys/frames.hpp"
#include "vrrp/config.hpp"
#include "vrrp/packet.hpp"

namespace {

int usage() {
    std::fprintf(stderr,
                 "usage: havip-test-forge IFNAME SRC DST [--vrid N] [--prio N] [--version 2|3] [--interval N]\n"
                 "       [--pass TEXT] [--vip ADDR]... [--ttl N] [--count N] [--bad-checksum] [--garbage N]\n");
    return 2;
}

/// IPv6: the kernel writes the header; the source comes from a FREEBIND bind,
/// the hop limit from the unicast or multicast option.
int send6(const char* ifname, const havip::vrrp::IpAddress& src, const havip::vrrp::IpAddress& dst,
          const std::byte* msg, std::size_t len, int hops, int count) {
    int fd = ::socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, 112);
    if (fd < 0) {
        std::perror("havip-test-forge: socket");
        return 1;
    }
    const int one = 1;
    const unsigned ifindex = ::if_nametoindex(ifname);
    sockaddr_in6 from{};
    from.sin6_family = AF_INET6;
    std::memcpy(&from.sin6_addr, src.bytes.data(), 16);
    if (IN6_IS_ADDR_LINKLOCAL(&from.sin6_addr)) from.sin6_scope_id = ifindex;
    if (::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, static_cast<socklen_t>(std::strlen(ifname))) < 0 ||
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_FREEBIND, &one, sizeof one) < 0 ||
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof hops) < 0 ||
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops) < 0 ||
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex, sizeof ifindex) < 0 ||
        ::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) < 0) {
        std::perror("havip-test-forge: IPv6 socket set-up");
        return 1;
    }
    sockaddr_in6 to{};
    to.sin6_family = AF_INET6;
    std::memcpy(&to.sin6_addr, dst.bytes.data(), 16);
    if (IN6_IS_ADDR_LINKLOCAL(&to.sin6_addr) || IN6_IS_ADDR_MULTICAST(&to.sin6_addr)) to.sin6_scope_id = ifindex;
    for (int k = 0; k < count; ++k) {
        if (k) ::usleep(10'000);
        if (::sendto(fd, msg, len, 0, reinterpret_cast<sockaddr*>(&to), sizeof to) < 0) {
            std::perror("havip-test-forge: sendto");
            return 1;
        }
    }
    ::close(fd);
    std::printf("sent=%d len=%zu hops=%d\n", count, len, hops);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace havip;
    if (argc < 4) return usage();
    const char* ifname = argv[1];
    auto src = vrrp::IpAddress::parse(argv[2]);
    auto dst = vrrp::IpAddress::parse(argv[3]);
    if (!src || !dst || src->family != dst->family) {
        std::fprintf(stderr, "havip-test-forge: SRC and DST must be addresses of one family\n");
        return 2;
    }
    const bool v6 = src->family == vrrp::Family::V6;
    vrrp::InstanceConfig cfg;
    cfg.family = src->family;
    if (v6) cfg.version = 3;
    cfg.name = "forged";
    cfg.vrid = 51;
    cfg.priority = 200;
    cfg.source = *src;
    cfg.peers.push_back(*dst);
    int ttl = 255, count = 1, garbage = -1, interval = 1;
    bool bad_checksum = false;
    for (int i = 4; i < argc; ++i) {
        std::string o = argv[i];
        auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        const char* v = nullptr;
        if (o == "--bad-checksum") {
            bad_checksum = true;
            continue;
        }
        if (!(v = next())) return usage();
        if (o == "--vrid")
            cfg.vrid = static_cast<std::uint8_t>(std::atoi(v));
        else if (o == "--prio")
            cfg.priority = static_cast<std::uint8_t>(std::atoi(v));
        else if (o == "--version")
            cfg.version = static_cast<std::uint8_t>(std::atoi(v));
        else if (o == "--interval")
            interval = std::atoi(v);
        else if (o == "--pass") {
            cfg.auth_type = vrrp::AuthType::Pass;
            cfg.set_auth_pass(v);
        } else if (o == "--ttl")
            ttl = std::atoi(v);
        else if (o == "--count")
            count = std::atoi(v);
        else if (o == "--garbage")
            garbage = std::atoi(v);
        else if (o == "--vip") {
            auto a = vrrp::IpAddress::parse(v);
            if (!a) return usage();
            cfg.vips.push_back(*a);
        } else
            return usage();
    }
    cfg.advert_interval = cfg.version == 2 ? vrrp::usec(interval) * 1'000'000 : vrrp::usec(interval) * 10'000;

    std::vector<std::byte> msg(vrrp::kMaxMessageSize);
    std::size_t len = 0;
    if (garbage >= 0) {
        len = static_cast<std::size_t>(garbage) < msg.size() ? static_cast<std::size_t>(garbage) : msg.size();
        for (std::size_t i = 0; i < len; ++i) msg[i] = std::byte{0xa5};
    } else {
        // The priority is the forger's choice, whatever the base priority says.
        len = vrrp::encode(cfg, {cfg.priority, cfg.wire_interval()}, *dst, msg);
        if (!len) {
            std::fprintf(stderr, "havip-test-forge: cannot encode that advert\n");
            return 2;
        }
        if (bad_checksum) msg[6] ^= std::byte{0x5a};
    }

    if (v6) return send6(ifname, *src, *dst, msg.data(), len, ttl, count);

    std::vector<std::uint8_t> pkt(20 + len);
    auto* ip = reinterpret_cast<iphdr*>(pkt.data());
    ip->version = 4;
    ip->ihl = 5;
    ip->tot_len = htons(static_cast<std::uint16_t>(pkt.size()));
    ip->ttl = static_cast<std::uint8_t>(ttl);
    ip->protocol = 112;
    std::memcpy(&ip->saddr, src->bytes.data(), 4);
    std::memcpy(&ip->daddr, dst->bytes.data(), 4);
    ip->check = htons(sys::inet_checksum(std::span<const std::uint8_t>(pkt.data(), 20)));
    std::memcpy(pkt.data() + 20, msg.data(), len);

    int fd = ::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
    if (fd < 0) {
        std::perror("havip-test-forge: socket");
        return 1;
    }
    if (::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, static_cast<socklen_t>(std::strlen(ifname))) < 0) {
        std::perror("havip-test-forge: SO_BINDTODEVICE");
        return 1;
    }
    sockaddr_in to{};
    to.sin_family = AF_INET;
    std::memcpy(&to.sin_addr, dst->bytes.data(), 4);
    for (int k = 0; k < count; ++k) {
        if (k) ::usleep(10'000);
        if (::sendto(fd, pkt.data(), pkt.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) < 0) {
            std::perror("havip-test-forge: sendto");
            return 1;
        }
    }
    ::close(fd);
    std::printf("sent=%d len=%zu ttl=%d\n", count, len, ttl);
    return 0;
}
