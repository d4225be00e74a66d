// SPDX-License-Identifier: MIT
// Packet codec: known-answer packets (laid out by hand from RFC 3768 / RFC 5798
// and captured from keepalived 2.2.7), round trips, and every drop reason.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

#include "vrrp/packet.hpp"

using namespace havip::vrrp;

namespace {

IpAddress ip(const char* s) {
    auto a = IpAddress::parse(s);
    EXPECT_TRUE(a.has_value()) << s;
    return a.value_or(IpAddress{});
}

std::vector<std::byte> bytes(std::initializer_list<int> v) {
    std::vector<std::byte> out;
    for (int b : v) out.push_back(std::byte(b));
    return out;
}

// An independent RFC 1071 checksum, written out plainly for the known answers.
std::uint16_t ref_checksum(const std::vector<std::uint8_t>& d) {
    std::uint32_t s = 0;
    for (std::size_t i = 0; i < d.size(); i += 2) s += std::uint32_t(d[i]) << 8 | (i + 1 < d.size() ? d[i + 1] : 0);
    while (s >> 16) s = (s & 0xffff) + (s >> 16);
    return std::uint16_t(~s);
}

// keepalived's v2 instance of the capture: vrid 51, prio 100, PASS "secret12".
InstanceConfig v2_cfg() {
    InstanceConfig c;
    c.vrid = 51;
    c.version = 2;
    c.priority = 90;
    c.advert_interval = 1'000'000;
    c.source = ip("192.0.2.2");
    c.peers = {ip("192.0.2.1")};
    c.vips = {ip("192.0.2.100"), ip("192.0.2.101")};
    c.auth_type = AuthType::Pass;
    c.set_auth_pass("secret12");
    return c;
}

InstanceConfig v3_cfg() {
    InstanceConfig c;
    c.vrid = 52;
    c.version = 3;
    c.priority = 90;
    c.advert_interval = 100'000;
    c.source = ip("192.0.2.2");
    c.peers = {ip("192.0.2.1")};
    c.vips = {ip("192.0.2.110")};
    return c;
}

InstanceConfig v6_cfg() {
    InstanceConfig c;
    c.vrid = 53;
    c.version = 3;
    c.priority = 100;
    c.advert_interval = 1'000'000;
    c.family = Family::V6;
    c.source = ip("fe80::2");
    c.multicast_group = kMulticastV6;
    c.vips = {ip("2001:db8::100")};
    return c;
}

// RFC 3768 section 5.1, one field at a time; the values are the ones keepalived
// 2.2.7 sent here (vrid 51, priority 100, 2 addresses, PASS, 1 s).
const std::vector<std::byte> kV2Keepalived = bytes({
    0x21,                                        // version 2, type 1 (ADVERTISEMENT)
    0x33,                                        // VRID 51
    0x64,                                        // priority 100
    0x02,                                        // count IP addrs
    0x01,                                        // auth type 1 (simple text password)
    0x01,                                        // advert interval 1 s
    0x87, 0x80,                                  // checksum over the VRRP message
    0xc0, 0x00, 0x02, 0x64,                      // 192.0.2.100
    0xc0, 0x00, 0x02, 0x65,                      // 192.0.2.101
    's',  'e',  'c',  'r',  'e', 't', '1', '2',  // authentication data
});

// RFC 5798 section 5.1: vrid 52, priority 100, 1 address, 10 cs, checksum with
// the IPv4 pseudo-header 192.0.2.1 → 192.0.2.2 (keepalived 2.2.7, unicast).
const std::vector<std::byte> kV3Keepalived = bytes({
    0x31, 0x34, 0x64, 0x01,  // version 3 type 1, VRID 52, priority 100, count 1
    0x00, 0x0a,              // rsvd 0, max advert interval 10 centiseconds
    0x23, 0xd1,              // checksum incl. pseudo-header
    0xc0, 0x00, 0x02, 0x6e,  // 192.0.2.110
});

// IPv6 multicast from fe80::186c:f7ff:fe1e:282c to ff02::12 (keepalived 2.2.7).
const std::vector<std::byte> kV6Keepalived = bytes({
    0x31, 0x35, 0xc8, 0x01, 0x00, 0x64, 0xa2, 0xd6, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00,
});

RxMeta unicast_from(const char* src, const char* dst) {
    RxMeta m;
    m.src = ip(src);
    m.dst = ip(dst);
    m.ttl = 255;
    m.multicast = false;
    return m;
}

}  // namespace

TEST(Checksum, KnownAnswersMatchAnIndependentSum) {
    std::vector<std::uint8_t> v2{0x21, 0x33, 0x64, 0x02, 0x01, 0x01, 0,   0,   0xc0, 0,   2,   0x64,
                                 0xc0, 0,    2,    0x65, 's',  'e',  'c', 'r', 'e',  't', '1', '2'};
    EXPECT_EQ(ref_checksum(v2), 0x8780);
    // Pseudo-header src, dst, zero, protocol 112, length 12, then the message.
    std::vector<std::uint8_t> v3{192,  0,    2,    1,    192,  0,    2, 2, 0,    112, 0, 12,
                                 0x31, 0x34, 0x64, 0x01, 0x00, 0x0a, 0, 0, 0xc0, 0,   2, 0x6e};
    EXPECT_EQ(ref_checksum(v3), 0x23d1);
}

TEST(Decode, KeepalivedV2PassPacket) {
    auto cfg = v2_cfg();
    auto r = validate(kV2Keepalived, unicast_from("192.0.2.1", "192.0.2.2"), cfg);
    ASSERT_TRUE(r.ok()) << drop_reason_name(r.reason);
    EXPECT_EQ(r.advert.version, 2);
    EXPECT_EQ(r.advert.vrid, 51);
    EXPECT_EQ(r.advert.priority, 100);
    EXPECT_EQ(r.advert.count, 2);
    EXPECT_EQ(r.advert.auth_type, AuthType::Pass);
    EXPECT_EQ(r.advert.interval(), 1'000'000);
    EXPECT_EQ(r.advert.checksum, 0x8780);
    EXPECT_EQ(r.advert.length, 24u);
}

TEST(Decode, KeepalivedV3UnicastPacket) {
    auto cfg = v3_cfg();
    auto r = validate(kV3Keepalived, unicast_from("192.0.2.1", "192.0.2.2"), cfg);
    ASSERT_TRUE(r.ok()) << drop_reason_name(r.reason);
    EXPECT_EQ(r.advert.version, 3);
    EXPECT_EQ(r.advert.priority, 100);
    EXPECT_EQ(r.advert.wire_interval, 10);
    EXPECT_EQ(r.advert.interval(), 100'000);
    // The pseudo-header binds the addresses: another destination fails.
    EXPECT_EQ(validate(kV3Keepalived, unicast_from("192.0.2.1", "192.0.2.9"), cfg).reason, DropReason::BadChecksum);
}

TEST(Decode, KeepalivedV3Ipv6MulticastPacket) {
    auto cfg = v6_cfg();
    RxMeta m;
    m.src = ip("fe80::186c:f7ff:fe1e:282c");
    m.dst = kMulticastV6;
    m.multicast = true;
    auto r = validate(kV6Keepalived, m, cfg);
    ASSERT_TRUE(r.ok()) << drop_reason_name(r.reason);
    EXPECT_EQ(r.advert.priority, 200);
    EXPECT_EQ(r.advert.interval(), 1'000'000);
}

TEST(Encode, MatchesKeepalivedBytes) {
    std::array<std::byte, kMaxMessageSize> buf{};
    // v2: the sender's configuration of the capture.
    auto c2 = v2_cfg();
    c2.source = ip("192.0.2.1");
    std::size_t n = encode(c2, {100, 1}, ip("192.0.2.2"), buf);
    ASSERT_EQ(n, kV2Keepalived.size());
    EXPECT_TRUE(std::equal(kV2Keepalived.begin(), kV2Keepalived.end(), buf.begin()));
    // v3 IPv4 unicast with the pseudo-header.
    auto c3 = v3_cfg();
    c3.source = ip("192.0.2.1");
    n = encode(c3, {100, c3.wire_interval()}, ip("192.0.2.2"), buf);
    ASSERT_EQ(n, kV3Keepalived.size());
    EXPECT_TRUE(std::equal(kV3Keepalived.begin(), kV3Keepalived.end(), buf.begin()));
    // Priority 0 (keepalived's shutdown advert: checksum 0x87d1).
    n = encode(c3, {0, c3.wire_interval()}, ip("192.0.2.2"), buf);
    EXPECT_EQ(buf[2], std::byte{0});
    EXPECT_EQ(buf[6], std::byte{0x87});
    EXPECT_EQ(buf[7], std::byte{0xd1});
    // v3 IPv6 multicast.
    auto c6 = v6_cfg();
    c6.priority = 200;
    c6.source = ip("fe80::186c:f7ff:fe1e:282c");
    n = encode(c6, {200, c6.wire_interval()}, kMulticastV6, buf);
    ASSERT_EQ(n, kV6Keepalived.size());
    EXPECT_TRUE(std::equal(kV6Keepalived.begin(), kV6Keepalived.end(), buf.begin()));
}

TEST(Encode, V3MessageOnlyChecksumIsSentAndBothFormsAccepted) {
    std::array<std::byte, 64> buf{};
    auto tx = v3_cfg();
    tx.source = ip("192.0.2.1");
    tx.v3_checksum = V3Checksum::MessageOnly;
    std::size_t n = encode(tx, {100, 10}, ip("192.0.2.2"), buf);
    ASSERT_EQ(n, 12u);
    // Message-only (RFC 9568 style): 0xa851 over the 12 bytes.
    EXPECT_EQ(std::uint16_t(std::uint16_t(buf[6]) << 8 | std::uint16_t(buf[7])), 0xa851);
    auto rx = v3_cfg();  // configured for the pseudo-header, still accepts
    EXPECT_TRUE(validate(std::span(buf.data(), n), unicast_from("192.0.2.1", "192.0.2.2"), rx).ok());
    EXPECT_TRUE(validate(kV3Keepalived, unicast_from("192.0.2.1", "192.0.2.2"), rx).ok());
}

TEST(Encode, RoundTripsEveryShape) {
    for (int version : {2, 3}) {
        for (Family fam : {Family::V4, Family::V6}) {
            if (version == 2 && fam == Family::V6) continue;
            for (std::size_t nvips : {0u, 1u, 5u, 255u}) {
                InstanceConfig c;
                c.vrid = 200;
                c.version = std::uint8_t(version);
                c.family = fam;
                c.advert_interval = version == 2 ? 3'000'000 : 40'950'000;
                c.source = fam == Family::V4 ? ip("198.51.100.1") : ip("2001:db8::1");
                c.multicast_group = fam == Family::V4 ? kMulticastV4 : kMulticastV6;
                for (std::size_t i = 0; i < nvips; ++i) {
                    IpAddress a = c.source;
                    const std::size_t last = fam == Family::V4 ? 3 : 15;
                    a.bytes[last - 1] = std::uint8_t(i >> 8);
                    a.bytes[last] = std::uint8_t(i + 7);
                    c.vips.push_back(a);
                }
                if (version == 2) {
                    c.auth_type = AuthType::Pass;
                    c.set_auth_pass("longer-than-eight");
                }
                if (check(c) == ConfigError::TooManyVips) continue;
                ASSERT_EQ(check(c), ConfigError::Ok) << version << " " << nvips;
                std::array<std::byte, kMaxMessageSize> buf{};
                const std::size_t n = encode(c, {77, c.wire_interval()}, c.multicast_group, buf);
                ASSERT_EQ(n, encoded_size(c));
                InstanceConfig rx = c;
                rx.source = fam == Family::V4 ? ip("198.51.100.2") : ip("2001:db8::2");
                RxMeta m{c.source, c.multicast_group, 255, true};
                auto r = validate(std::span(buf.data(), n), m, rx);
                ASSERT_TRUE(r.ok()) << drop_reason_name(r.reason) << " v" << version << " n" << nvips;
                EXPECT_EQ(r.advert.priority, 77);
                EXPECT_EQ(r.advert.interval(), c.advert_interval);
                EXPECT_EQ(r.advert.count, nvips);
                // A buffer one byte short is refused, never overrun.
                EXPECT_EQ(encode(c, {77, c.wire_interval()}, c.multicast_group, std::span(buf.data(), n - 1)), 0u);
            }
        }
    }
}

TEST(Config, AuthPassIsTruncatedToEightBytes) {
    InstanceConfig c;
    c.set_auth_pass("0123456789");
    EXPECT_EQ(c.auth_pass[7], '7');
    c.set_auth_pass("ab");
    EXPECT_EQ(c.auth_pass[2], 0);
}

TEST(Config, ChecksRangesAndFamilies) {
    auto c = v2_cfg();
    EXPECT_EQ(check(c), ConfigError::Ok);
    c.advert_interval = 1'500'000;
    EXPECT_EQ(check(c), ConfigError::BadInterval);
    c = v3_cfg();
    c.advert_interval = 40'960'000;
    EXPECT_EQ(check(c), ConfigError::BadInterval);
    c = v6_cfg();
    c.version = 2;
    EXPECT_EQ(check(c), ConfigError::V2NotIpv4);
    c = v6_cfg();
    c.vips.push_back(ip("192.0.2.1"));
    EXPECT_EQ(check(c), ConfigError::FamilyMismatch);
    c = v2_cfg();
    c.auth_type = AuthType::Ah;
    EXPECT_EQ(check(c), ConfigError::BadAuth);
    c = v2_cfg();
    c.vrid = 0;
    EXPECT_EQ(check(c), ConfigError::BadVrid);
    EXPECT_EQ(config_error_name(ConfigError::BadInterval), "bad_interval");
}
