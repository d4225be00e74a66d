// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <array>
#include <cstring>

#include "sys/frames.hpp"

using namespace havip::sys;

namespace {
MacAddr mac() { return *MacAddr::parse("02:11:22:33:44:55"); }
std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
}  // namespace

TEST(sysChecksum, Rfc1071Example) {
    // RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2 (before inversion).
    const std::uint8_t data[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    EXPECT_EQ(checksum_add(data), 0xddf2u);
    EXPECT_EQ(inet_checksum(data), static_cast<std::uint16_t>(~0xddf2));
}

TEST(sysChecksum, OddLengthPadsWithZero) {
    const std::uint8_t odd[] = {0x12, 0x34, 0x56};
    const std::uint8_t even[] = {0x12, 0x34, 0x56, 0x00};
    EXPECT_EQ(inet_checksum(odd), inet_checksum(even));
}

TEST(sysChecksum, KnownIpv4Header) {
    // A classic example header whose checksum field is b861.
    std::uint8_t h[] = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
                        0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
    EXPECT_EQ(inet_checksum(h), 0xb861);
    h[10] = 0xb8;
    h[11] = 0x61;
    EXPECT_EQ(inet_checksum(h), 0);  // a correct header sums to zero
}

TEST(sysGarp, ByteLayout) {
    std::array<std::uint8_t, 64> buf{};
    buf.fill(0xaa);
    auto vip = *IpAddr::parse("10.250.0.100");
    ASSERT_EQ(build_garp(buf, mac(), vip), kGarpFrameSize);
    const std::uint8_t* p = buf.data();
    for (int i = 0; i < 6; ++i) EXPECT_EQ(p[i], 0xff) << "eth dst " << i;
    EXPECT_EQ(std::memcmp(p + 6, mac().bytes.data(), 6), 0);
    EXPECT_EQ(be16(p + 12), 0x0806);
    EXPECT_EQ(be16(p + 14), 1);       // htype
    EXPECT_EQ(be16(p + 16), 0x0800);  // ptype
    EXPECT_EQ(p[18], 6);
    EXPECT_EQ(p[19], 4);
    EXPECT_EQ(be16(p + 20), 1);                                // request
    EXPECT_EQ(std::memcmp(p + 22, mac().bytes.data(), 6), 0);  // sha
    EXPECT_EQ(std::memcmp(p + 28, vip.bytes.data(), 4), 0);    // spa
    for (int i = 32; i < 38; ++i) EXPECT_EQ(p[i], 0xff);       // tha
    EXPECT_EQ(std::memcmp(p + 38, vip.bytes.data(), 4), 0);    // tpa
    for (std::size_t i = 42; i < kGarpFrameSize; ++i) EXPECT_EQ(p[i], 0) << "padding " << i;
    EXPECT_EQ(p[kGarpFrameSize], 0xaa);  // nothing written past the frame
}

TEST(sysGarp, RejectsSmallBufferAndIpv6) {
    std::array<std::uint8_t, 59> small{};
    EXPECT_EQ(build_garp(small, mac(), *IpAddr::parse("10.250.0.1")), 0u);
    std::array<std::uint8_t, 60> buf{};
    EXPECT_EQ(build_garp(buf, mac(), *IpAddr::parse("fd00:250::1")), 0u);
    EXPECT_EQ(build_garp(buf, mac(), IpAddr{}), 0u);
}

TEST(sysUnsolicitedNa, ByteLayoutAndChecksum) {
    std::array<std::uint8_t, kNaFrameSize> buf{};
    auto target = *IpAddr::parse("fd00:250::100");
    auto src = *IpAddr::parse("fe80::11:22ff:fe33:4455");
    ASSERT_EQ(build_unsolicited_na(buf, mac(), target, src), kNaFrameSize);
    const std::uint8_t* p = buf.data();
    const std::uint8_t all_nodes_mac[] = {0x33, 0x33, 0, 0, 0, 1};
    EXPECT_EQ(std::memcmp(p, all_nodes_mac, 6), 0);
    EXPECT_EQ(std::memcmp(p + 6, mac().bytes.data(), 6), 0);
    EXPECT_EQ(be16(p + 12), 0x86dd);
    const std::uint8_t* ip = p + 14;
    EXPECT_EQ(ip[0] >> 4, 6);
    EXPECT_EQ(be16(ip + 4), 32);  // payload length
    EXPECT_EQ(ip[6], 58);
    EXPECT_EQ(ip[7], 255);
    EXPECT_EQ(std::memcmp(ip + 8, src.bytes.data(), 16), 0);
    auto ff02_1 = *IpAddr::parse("ff02::1");
    EXPECT_EQ(std::memcmp(ip + 24, ff02_1.bytes.data(), 16), 0);
    const std::uint8_t* icmp = ip + 40;
    EXPECT_EQ(icmp[0], 136);
    EXPECT_EQ(icmp[1], 0);
    EXPECT_EQ(icmp[4], 0x20);  // O set, R and S clear
    EXPECT_EQ(icmp[5] | icmp[6] | icmp[7], 0);
    EXPECT_EQ(std::memcmp(icmp + 8, target.bytes.data(), 16), 0);
    EXPECT_EQ(icmp[24], 2);
    EXPECT_EQ(icmp[25], 1);
    EXPECT_EQ(std::memcmp(icmp + 26, mac().bytes.data(), 6), 0);
    // A correct checksum makes the pseudo-header + message sum to 0xffff.
    std::uint8_t ph[40] = {};
    std::memcpy(ph, src.bytes.data(), 16);
    std::memcpy(ph + 16, ff02_1.bytes.data(), 16);
    ph[35] = 32;
    ph[39] = 58;
    EXPECT_EQ(inet_checksum(std::span<const std::uint8_t>(icmp, 32), checksum_add(ph)), 0);
}

TEST(sysUnsolicitedNa, KnownChecksum) {
    // Independent reference: the checksum recomputed from scratch with the field zeroed.
    std::array<std::uint8_t, kNaFrameSize> buf{};
    auto target = *IpAddr::parse("fd00:250::1");
    ASSERT_EQ(build_unsolicited_na(buf, mac(), target), kNaFrameSize);
    // Without src the target is the source.
    EXPECT_EQ(std::memcmp(buf.data() + 14 + 8, target.bytes.data(), 16), 0);
    std::uint8_t icmp[32];
    std::memcpy(icmp, buf.data() + 54, 32);
    std::uint16_t sent = be16(icmp + 2);
    icmp[2] = icmp[3] = 0;
    std::uint32_t sum = 0;
    for (int i = 0; i < 16; i += 2) sum += static_cast<std::uint32_t>(target.bytes[i] << 8 | target.bytes[i + 1]);
    sum += 0xff02 + 0x0001 + 32 + 58;
    for (int i = 0; i < 32; i += 2) sum += static_cast<std::uint32_t>(icmp[i] << 8 | icmp[i + 1]);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    EXPECT_EQ(sent, static_cast<std::uint16_t>(~sum));
}

TEST(sysUnsolicitedNa, RejectsIpv4AndSmallBuffer) {
    std::array<std::uint8_t, kNaFrameSize> buf{};
    EXPECT_EQ(build_unsolicited_na(buf, mac(), *IpAddr::parse("10.250.0.1")), 0u);
    std::array<std::uint8_t, kNaFrameSize - 1> small{};
    EXPECT_EQ(build_unsolicited_na(small, mac(), *IpAddr::parse("fd00:250::1")), 0u);
}
