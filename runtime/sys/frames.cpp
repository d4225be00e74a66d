// SPDX-License-Identifier: MIT
#include "sys/frames.hpp"

#include <cstring>

namespace havip::sys {

namespace {
void put16(std::uint8_t* p, std::uint16_t v) {
    p[0] = static_cast<std::uint8_t>(v >> 8);
    p[1] = static_cast<std::uint8_t>(v);
}
}  // namespace

std::uint32_t checksum_add(std::span<const std::uint8_t> data, std::uint32_t sum) {
    std::size_t i = 0;
    for (; i + 1 < data.size(); i += 2) sum += static_cast<std::uint32_t>(data[i]) << 8 | data[i + 1];
    if (i < data.size()) sum += static_cast<std::uint32_t>(data[i]) << 8;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return sum;
}

std::uint16_t inet_checksum(std::span<const std::uint8_t> data, std::uint32_t sum) {
    return static_cast<std::uint16_t>(~checksum_add(data, sum) & 0xffff);
}

std::uint16_t icmpv6_checksum(const IpAddr& src, const IpAddr& dst, std::span<const std::uint8_t> icmp) {
    // Pseudo-header: source, destination, upper-layer length (32 bit), 3 zero bytes, next header 58.
    std::uint8_t ph[40] = {};
    std::memcpy(ph, src.bytes.data(), 16);
    std::memcpy(ph + 16, dst.bytes.data(), 16);
    std::uint32_t len = static_cast<std::uint32_t>(icmp.size());
    ph[32] = static_cast<std::uint8_t>(len >> 24);
    ph[33] = static_cast<std::uint8_t>(len >> 16);
    ph[34] = static_cast<std::uint8_t>(len >> 8);
    ph[35] = static_cast<std::uint8_t>(len);
    ph[39] = 58;
    return inet_checksum(icmp, checksum_add(ph));
}

std::size_t build_garp(std::span<std::uint8_t> out, const MacAddr& mac, const IpAddr& vip) {
    if (out.size() < kGarpFrameSize || !vip.is_v4()) return 0;
    std::uint8_t* p = out.data();
    std::memset(p, 0, kGarpFrameSize);
    std::memset(p, 0xff, 6);                  // Ethernet destination: broadcast
    std::memcpy(p + 6, mac.bytes.data(), 6);  // Ethernet source
    put16(p + 12, 0x0806);                    // ARP
    std::uint8_t* a = p + 14;
    put16(a, 1);           // hardware: Ethernet
    put16(a + 2, 0x0800);  // protocol: IPv4
    a[4] = 6;
    a[5] = 4;
    put16(a + 6, 1);                           // request
    std::memcpy(a + 8, mac.bytes.data(), 6);   // sender MAC
    std::memcpy(a + 14, vip.bytes.data(), 4);  // sender IP = VIP
    std::memset(a + 18, 0xff, 6);              // target MAC: broadcast
    std::memcpy(a + 24, vip.bytes.data(), 4);  // target IP = VIP
    return kGarpFrameSize;                     // bytes 42..59 stay zero padding
}

std::size_t build_unsolicited_na(std::span<std::uint8_t> out, const MacAddr& mac, const IpAddr& target,
                                 const IpAddr& src_in) {
    if (out.size() < kNaFrameSize || !target.is_v6()) return 0;
    const IpAddr& src = src_in.is_v6() ? src_in : target;
    IpAddr all_nodes = IpAddr::unspecified(IpAddr::V6);
    all_nodes.bytes[0] = 0xff;
    all_nodes.bytes[1] = 0x02;
    all_nodes.bytes[15] = 0x01;

    std::uint8_t* p = out.data();
    std::memset(p, 0, kNaFrameSize);
    static constexpr std::uint8_t kAllNodesMac[6] = {0x33, 0x33, 0x00, 0x00, 0x00, 0x01};
    std::memcpy(p, kAllNodesMac, 6);
    std::memcpy(p + 6, mac.bytes.data(), 6);
    put16(p + 12, 0x86dd);

    std::uint8_t* ip = p + 14;
    ip[0] = 0x60;       // version 6, traffic class 0, flow 0
    put16(ip + 4, 32);  // payload length
    ip[6] = 58;         // next header: ICMPv6
    ip[7] = 255;        // hop limit (RFC 4861 requires 255)
    std::memcpy(ip + 8, src.bytes.data(), 16);
    std::memcpy(ip + 24, all_nodes.bytes.data(), 16);

    std::uint8_t* icmp = ip + 40;
    icmp[0] = 136;  // neighbour advertisement
    icmp[1] = 0;
    icmp[4] = 0x20;  // flags: R=0 S=0 O=1
    std::memcpy(icmp + 8, target.bytes.data(), 16);
    icmp[24] = 2;  // option: target link-layer address
    icmp[25] = 1;  // length in units of 8 bytes
    std::memcpy(icmp + 26, mac.bytes.data(), 6);
    put16(icmp + 2, icmpv6_checksum(src, all_nodes, std::span<const std::uint8_t>(icmp, 32)));
    return kNaFrameSize;
}

}  // namespace havip::sys
