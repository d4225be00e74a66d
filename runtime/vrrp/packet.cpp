// SPDX-License-Identifier: MIT
#include "vrrp/packet.hpp"

#include <algorithm>
#include <cstring>

namespace havip::vrrp {

namespace {

constexpr std::uint8_t kTypeAdvert = 1;

std::uint8_t byte_at(std::span<const std::byte> m, std::size_t i) { return std::uint8_t(m[i]); }

std::size_t addr_size(Family f) { return f == Family::V4 ? 4 : 16; }

bool is_peer(const InstanceConfig& cfg, const IpAddress& a) {
    for (const auto& p : cfg.peers)
        if (p == a) return true;
    return false;
}

}  // namespace

std::string_view drop_reason_name(DropReason r) {
    switch (r) {
        case DropReason::None:
            return "none";
        case DropReason::TooShort:
            return "too_short";
        case DropReason::BadVersion:
            return "bad_version";
        case DropReason::VersionMismatch:
            return "version_mismatch";
        case DropReason::BadType:
            return "bad_type";
        case DropReason::VridMismatch:
            return "vrid_mismatch";
        case DropReason::FamilyMismatch:
            return "family_mismatch";
        case DropReason::OwnAdvert:
            return "own_advert";
        case DropReason::BadTtl:
            return "bad_ttl";
        case DropReason::NotAPeer:
            return "not_a_peer";
        case DropReason::Truncated:
            return "truncated";
        case DropReason::BadChecksum:
            return "bad_checksum";
        case DropReason::AddrCountMismatch:
            return "addr_count_mismatch";
        case DropReason::AddrListMismatch:
            return "addr_list_mismatch";
        case DropReason::IntervalMismatch:
            return "interval_mismatch";
        case DropReason::ZeroInterval:
            return "zero_interval";
        case DropReason::AuthAh:
            return "auth_ah";
        case DropReason::AuthTypeMismatch:
            return "auth_type_mismatch";
        case DropReason::AuthPassMismatch:
            return "auth_pass_mismatch";
        case DropReason::Count_:
            break;
    }
    return "unknown";
}

std::uint32_t checksum_add(std::uint32_t sum, std::span<const std::byte> data) {
    std::size_t n = data.size(), i = 0;
    for (; i + 1 < n; i += 2) sum += std::uint32_t(byte_at(data, i)) << 8 | byte_at(data, i + 1);
    if (i < n) sum += std::uint32_t(byte_at(data, i)) << 8;
    // Fold early so long inputs never overflow 32 bits.
    sum = (sum & 0xffff) + (sum >> 16);
    return sum;
}

std::uint16_t checksum_fold(std::uint32_t sum) {
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return std::uint16_t(~sum & 0xffff);
}

std::uint32_t pseudo_header_sum(const IpAddress& src, const IpAddress& dst, std::size_t len) {
    std::uint32_t sum = 0;
    auto add_addr = [&](const IpAddress& a) {
        sum = checksum_add(sum, std::as_bytes(std::span(a.bytes.data(), a.size())));
    };
    add_addr(src);
    add_addr(dst);
    // IPv4: zero, protocol, 16-bit length. IPv6: 32-bit length, 3 zero bytes,
    // next header. As 16-bit words both come to `len (split) + protocol`.
    sum += std::uint32_t(len >> 16) + std::uint32_t(len & 0xffff) + kIpProtoVrrp;
    return sum;
}

RxResult parse(std::span<const std::byte> msg, Family family) {
    RxResult r;
    if (msg.size() < kHeaderSize) {
        r.reason = DropReason::TooShort;
        return r;
    }
    Advert& a = r.advert;
    a.version = byte_at(msg, 0) >> 4;
    a.type = byte_at(msg, 0) & 0x0f;
    a.vrid = byte_at(msg, 1);
    a.priority = byte_at(msg, 2);
    a.count = byte_at(msg, 3);
    a.checksum = std::uint16_t(byte_at(msg, 6) << 8 | byte_at(msg, 7));
    if (a.version != 2 && a.version != 3) {
        r.reason = DropReason::BadVersion;
        return r;
    }
    if (a.type != kTypeAdvert) {
        r.reason = DropReason::BadType;
        return r;
    }
    const std::size_t addrs = std::size_t(a.count) * addr_size(family);
    const std::size_t auth = a.version == 2 ? kAuthSize : 0;
    a.length = kHeaderSize + addrs + auth;
    if (msg.size() < a.length) {
        r.reason = DropReason::Truncated;
        return r;
    }
    if (a.version == 2) {
        a.auth_type = AuthType(byte_at(msg, 4));
        a.wire_interval = byte_at(msg, 5);
        a.auth_data = msg.subspan(kHeaderSize + addrs, kAuthSize);
    } else {
        a.wire_interval = std::uint16_t((byte_at(msg, 4) & 0x0f) << 8 | byte_at(msg, 5));
    }
    a.addresses = msg.subspan(kHeaderSize, addrs);
    return r;
}

namespace {

/// AddrCountMismatch / AddrListMismatch when the advert's addresses are not
/// exactly `vips` (in any order); None when they are.
DropReason list_mismatch(const Advert& a, const std::vector<IpAddress>& vips, Family family) {
    if (a.count != vips.size()) return DropReason::AddrCountMismatch;
    const std::size_t as = addr_size(family);
    for (const auto& vip : vips) {
        bool found = false;
        for (std::size_t i = 0; i < a.count && !found; ++i)
            // A constant size each: the compiler compares in registers, without a call.
            found = as == 4 ? std::memcmp(a.addresses.data() + i * 4, vip.bytes.data(), 4) == 0
                            : std::memcmp(a.addresses.data() + i * 16, vip.bytes.data(), 16) == 0;
        if (!found) return DropReason::AddrListMismatch;
    }
    return DropReason::None;
}

}  // namespace

RxResult validate(std::span<const std::byte> msg, const RxMeta& meta, const InstanceConfig& cfg) {
    RxResult r = parse(msg, cfg.family);
    if (!r.ok()) return r;
    const Advert& a = r.advert;
    auto drop = [&](DropReason why) {
        r.reason = why;
        return r;
    };
    if (a.version != cfg.version) return drop(DropReason::VersionMismatch);
    if (a.vrid != cfg.vrid) return drop(DropReason::VridMismatch);
    if (meta.src.family != cfg.family) return drop(DropReason::FamilyMismatch);
    if (meta.src == cfg.source) return drop(DropReason::OwnAdvert);
    // RFC 3768 7.1 / RFC 5798 7.1: multicast adverts must arrive with TTL 255.
    // keepalived skips the check for unicast; a unicast instance instead accepts
    // adverts only from its configured peers.
    if (meta.multicast && meta.ttl != 255) return drop(DropReason::BadTtl);
    if (cfg.unicast() && cfg.check_unicast_src && !is_peer(cfg, meta.src)) return drop(DropReason::NotAPeer);

    // The checksum covers the whole IP payload the sender gave us.
    const std::uint32_t body = checksum_add(0, msg);
    bool sum_ok;
    if (a.version == 2) {
        sum_ok = checksum_fold(body) == 0;
    } else {
        sum_ok = checksum_fold(body + pseudo_header_sum(meta.src, meta.dst, msg.size())) == 0;
        // RFC 9568 / other vendors: message-only checksum for IPv4.
        if (!sum_ok && cfg.family == Family::V4) sum_ok = checksum_fold(body) == 0;
    }
    if (!sum_ok) return drop(DropReason::BadChecksum);

    if (a.version == 2) {
        if (a.auth_type == AuthType::Ah) return drop(DropReason::AuthAh);
        if (a.auth_type != cfg.auth_type) return drop(DropReason::AuthTypeMismatch);
        if (cfg.auth_type == AuthType::Pass && std::memcmp(a.auth_data.data(), cfg.auth_pass.data(), kAuthSize) != 0)
            return drop(DropReason::AuthPassMismatch);
        if (a.interval() != cfg.advert_interval) {
            if (cfg.previous_interval == 0 || a.interval() != cfg.previous_interval)
                return drop(DropReason::IntervalMismatch);
            r.previous = true;
        }
    } else if (a.wire_interval == 0) {
        return drop(DropReason::ZeroInterval);
    }

    // keepalived drops adverts whose address list differs from its own. During
    // a rollout the list before the reload is accepted as well.
    const DropReason list = list_mismatch(a, cfg.vips, cfg.family);
    if (list == DropReason::None) return r;
    if (cfg.previous_vips.empty() || list_mismatch(a, cfg.previous_vips, cfg.family) != DropReason::None)
        return drop(list);
    r.previous = true;
    return r;
}

std::size_t encoded_size(const InstanceConfig& cfg) {
    return kHeaderSize + cfg.vips.size() * addr_size(cfg.family) + (cfg.version == 2 ? kAuthSize : 0);
}

std::size_t encode(const InstanceConfig& cfg, const TxParams& tx, const IpAddress& dst, std::span<std::byte> out) {
    const std::size_t len = encoded_size(cfg);
    if (out.size() < len || cfg.vips.size() > 255) return 0;
    auto put = [&](std::size_t i, unsigned v) { out[i] = std::byte(v & 0xff); };
    put(0, unsigned(cfg.version) << 4 | kTypeAdvert);
    put(1, cfg.vrid);
    put(2, tx.priority);
    put(3, unsigned(cfg.vips.size()));
    if (cfg.version == 2) {
        put(4, unsigned(cfg.auth_type));
        put(5, tx.wire_interval);
    } else {
        put(4, (tx.wire_interval >> 8) & 0x0f);
        put(5, tx.wire_interval);
    }
    put(6, 0);
    put(7, 0);
    const std::size_t as = addr_size(cfg.family);
    std::size_t off = kHeaderSize;
    for (const auto& vip : cfg.vips) {
        std::memcpy(out.data() + off, vip.bytes.data(), as);
        off += as;
    }
    if (cfg.version == 2) {
        if (cfg.auth_type == AuthType::Pass)
            std::memcpy(out.data() + off, cfg.auth_pass.data(), kAuthSize);
        else
            std::memset(out.data() + off, 0, kAuthSize);
        off += kAuthSize;
    }
    const auto msg = std::span<const std::byte>(out.data(), len);
    std::uint32_t sum = checksum_add(0, msg);
    if (cfg.version == 3 && (cfg.family == Family::V6 || cfg.v3_checksum == V3Checksum::PseudoHeader))
        sum += pseudo_header_sum(cfg.source, dst, len);
    const std::uint16_t c = checksum_fold(sum);
    put(6, c >> 8);
    put(7, c);
    return len;
}

}  // namespace havip::vrrp
