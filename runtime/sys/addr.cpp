// SPDX-License-Identifier: MIT
#include "sys/addr.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstring>

namespace havip::sys {

IpAddr IpAddr::v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
    IpAddr r;
    r.family = 4;
    r.bytes[0] = a; r.bytes[1] = b; r.bytes[2] = c; r.bytes[3] = d;
    return r;
}

IpAddr IpAddr::from_bytes(const std::uint8_t* p, int family) {
    IpAddr r;
    r.family = static_cast<std::uint8_t>(family);
    std::memcpy(r.bytes.data(), p, family == 4 ? 4 : 16);
    return r;
}

std::optional<IpAddr> IpAddr::parse(std::string_view text) {
    char buf[INET6_ADDRSTRLEN + 1];
    if (text.empty() || text.size() >= sizeof buf) return std::nullopt;
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = 0;
    IpAddr r;
    if (inet_pton(AF_INET, buf, r.bytes.data()) == 1) { r.family = 4; return r; }
    if (inet_pton(AF_INET6, buf, r.bytes.data()) == 1) { r.family = 6; return r; }
    return std::nullopt;
}

bool IpAddr::is_multicast() const {
    if (family == 4) return (bytes[0] & 0xf0) == 0xe0;
    if (family == 6) return bytes[0] == 0xff;
    return false;
}

bool IpAddr::is_link_local() const {
    if (family == 4) return bytes[0] == 169 && bytes[1] == 254;
    if (family == 6) return bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80;
    return false;
}

std::size_t IpAddr::format(char* out, std::size_t cap) const {
    if (cap == 0) return 0;
    char buf[INET6_ADDRSTRLEN];
    const char* s = "-";
    if (family == 4 || family == 6)
        s = inet_ntop(family == 4 ? AF_INET : AF_INET6, bytes.data(), buf, sizeof buf);
    if (!s) s = "?";
    std::size_t n = std::strlen(s);
    if (n >= cap) n = cap - 1;
    std::memcpy(out, s, n);
    out[n] = 0;
    return n;
}

std::string IpAddr::str() const {
    char buf[INET6_ADDRSTRLEN];
    std::size_t n = format(buf, sizeof buf);
    return std::string(buf, n);
}

unsigned IpAddr::to_sockaddr(sockaddr_storage& ss, int ifindex) const {
    std::memset(&ss, 0, sizeof ss);
    if (family == 4) {
        auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
        sin->sin_family = AF_INET;
        std::memcpy(&sin->sin_addr, bytes.data(), 4);
        return sizeof(sockaddr_in);
    }
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
    sin6->sin6_family = AF_INET6;
    std::memcpy(&sin6->sin6_addr, bytes.data(), 16);
    // Link-local and link-scope multicast need the interface as scope.
    if (is_link_local() || (bytes[0] == 0xff && (bytes[1] & 0x0f) <= 2))
        sin6->sin6_scope_id = static_cast<std::uint32_t>(ifindex);
    return sizeof(sockaddr_in6);
}

IpAddr vrrp_group(int family) {
    if (family == 4) return IpAddr::v4(224, 0, 0, 18);
    IpAddr r;
    r.family = 6;
    r.bytes[0] = 0xff; r.bytes[1] = 0x02; r.bytes[15] = 0x12;
    return r;
}

std::optional<MacAddr> MacAddr::parse(std::string_view text) {
    if (text.size() != 17) return std::nullopt;
    MacAddr m;
    for (int i = 0; i < 6; ++i) {
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
    std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", bytes[0], bytes[1], bytes[2],
                  bytes[3], bytes[4], bytes[5]);
    return buf;
}

}  // namespace havip::sys
