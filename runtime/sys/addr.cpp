// SPDX-License-Identifier: MIT
#include "sys/addr.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstring>

namespace havip::sys {

unsigned to_sockaddr(const IpAddr& a, sockaddr_storage& ss, int ifindex) {
    std::memset(&ss, 0, sizeof ss);
    if (a.is_v4()) {
        auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
        sin->sin_family = AF_INET;
        std::memcpy(&sin->sin_addr, a.bytes.data(), 4);
        return sizeof(sockaddr_in);
    }
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
    sin6->sin6_family = AF_INET6;
    std::memcpy(&sin6->sin6_addr, a.bytes.data(), 16);
    // Link-local and link-scope multicast need the interface as scope.
    if (a.is_link_local() || (a.bytes[0] == 0xff && (a.bytes[1] & 0x0f) <= 2))
        sin6->sin6_scope_id = static_cast<std::uint32_t>(ifindex);
    return sizeof(sockaddr_in6);
}

IpAddr vrrp_group(int family) {
    if (family == 4) return IpAddr::v4(224, 0, 0, 18);
    IpAddr r = IpAddr::unspecified(IpAddr::V6);
    r.bytes[0] = 0xff;
    r.bytes[1] = 0x02;
    r.bytes[15] = 0x12;
    return r;
}

std::optional<MacAddr> MacAddr::parse(std::string_view text) {
    if (text.size() != 17) return std::nullopt;
    MacAddr m;
    for (std::size_t i = 0; i < 6; ++i) {
        auto hex = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        int hi = hex(text[i * 3]), lo = hex(text[i * 3 + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        if (i < 5 && text[i * 3 + 2] != ':') return std::nullopt;
        m.bytes[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return m;
}

MacAddr MacAddr::vrrp(std::uint8_t vrid, int family) {
    return MacAddr{{0x00, 0x00, 0x5e, 0x00, static_cast<std::uint8_t>(family == 6 ? 0x02 : 0x01), vrid}};
}

std::string MacAddr::str() const {
    char buf[18];
    std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", bytes[0], bytes[1], bytes[2], bytes[3], bytes[4],
                  bytes[5]);
    return buf;
}

}  // namespace havip::sys
