// SPDX-License-Identifier: MIT
#include "base/ip.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace havip::base {

IpAddr IpAddr::from_bytes(const std::uint8_t* p, int family) {
    IpAddr r;
    if (family != V4 && family != V6) return r;
    r.family = static_cast<Family>(family);
    std::memcpy(r.bytes.data(), p, r.size());
    return r;
}

std::optional<IpAddr> IpAddr::parse(std::string_view text) {
    char buf[INET6_ADDRSTRLEN + 1];
    if (text.empty() || text.size() >= sizeof buf) return std::nullopt;
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = 0;
    IpAddr r;
    const bool v6 = text.find(':') != std::string_view::npos;
    if (inet_pton(v6 ? AF_INET6 : AF_INET, buf, r.bytes.data()) != 1) return std::nullopt;
    r.family = v6 ? V6 : V4;
    return r;
}

bool IpAddr::is_unspecified() const {
    for (std::size_t i = 0; i < size(); ++i)
        if (bytes[i] != 0) return false;
    return true;
}

bool IpAddr::is_multicast() const {
    if (family == V4) return (bytes[0] & 0xf0) == 0xe0;
    if (family == V6) return bytes[0] == 0xff;
    return false;
}

bool IpAddr::is_link_local() const {
    if (family == V4) return bytes[0] == 169 && bytes[1] == 254;
    if (family == V6) return bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80;
    return false;
}

namespace {

/// Appends into a bounded buffer; the caller terminates.
struct Out {
    char* p;
    std::size_t cap;  // room for text, the NUL excluded
    std::size_t n = 0;
    void put(char c) {
        if (n < cap) p[n] = c;
        ++n;
    }
    void dec(unsigned v) {
        if (v >= 100) put(static_cast<char>('0' + v / 100));
        if (v >= 10) put(static_cast<char>('0' + v / 10 % 10));
        put(static_cast<char>('0' + v % 10));
    }
    void hex(unsigned v) {
        static constexpr char digits[] = "0123456789abcdef";
        bool started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            const unsigned d = (v >> shift) & 0xf;
            if (d || started || shift == 0) {
                put(digits[d]);
                started = true;
            }
        }
    }
    void quad(const std::uint8_t* b) {
        for (int i = 0; i < 4; ++i) {
            if (i) put('.');
            dec(b[i]);
        }
    }
};

void v6_text(Out& o, const std::array<std::uint8_t, 16>& b) {
    std::array<unsigned, 8> g{};
    for (std::size_t i = 0; i < 8; ++i) g[i] = (unsigned{b[2 * i]} << 8) | b[2 * i + 1];
    // RFC 5952 section 5: an IPv4-mapped address keeps its dotted quad.
    const bool mapped = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff;
    const int groups = mapped ? 6 : 8;
    // Section 4.2: the longest run (two or more) of zero groups becomes "::", the first on a tie.
    int best = -1, best_len = 1;
    for (int i = 0; i < groups;) {
        if (g[i] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < groups && g[j] == 0) ++j;
        if (j - i > best_len) {
            best = i;
            best_len = j - i;
        }
        i = j;
    }
    for (int i = 0; i < groups; ++i) {
        if (i == best) {
            o.put(':');
            o.put(':');
            i += best_len - 1;
            continue;
        }
        if (i > 0 && i != best + best_len) o.put(':');
        o.hex(g[i]);
    }
    if (mapped) {
        o.put(':');
        o.quad(b.data() + 12);
    }
}

}  // namespace

std::size_t IpAddr::format(char* out, std::size_t cap) const {
    if (cap == 0) return 0;
    Out o{out, cap - 1};
    if (family == V4)
        o.quad(bytes.data());
    else if (family == V6)
        v6_text(o, bytes);
    else
        o.put('-');
    const std::size_t n = o.n < cap - 1 ? o.n : cap - 1;
    out[n] = 0;
    return n;
}

std::string IpAddr::str() const {
    char buf[48];
    return std::string(buf, format(buf, sizeof buf));
}

}  // namespace havip::base
