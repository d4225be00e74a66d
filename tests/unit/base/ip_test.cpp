// SPDX-License-Identifier: MIT
// base::IpAddr: what inet_pton accepts, the RFC 5952 text, order, unset.
#include <gtest/gtest.h>

#include <arpa/inet.h>

#include <cstring>
#include <random>
#include <string>

#include "base/ip.hpp"

namespace havip::base {
namespace {

TEST(IpAddr, ParsesAndPrintsCanonically) {
    for (const char* s : {"192.0.2.1", "0.0.0.0", "255.255.255.255", "2001:db8::1", "::", "::1",
                          "1::", "fe80::186c:f7ff:fe1e:282c", "ff02::12", "2001:db8:0:1:1:1:1:1", "::ffff:192.0.2.1",
                          "1:0:0:1::1", "1::1:0:0:1", "::ffff:0.0.0.0", "::1:0:0"}) {
        auto a = IpAddr::parse(s);
        ASSERT_TRUE(a) << s;
        EXPECT_EQ(a->str(), s);
    }
    EXPECT_EQ(IpAddr::parse("192.0.2.1")->family, IpAddr::V4);
    EXPECT_EQ(IpAddr::parse("::1")->family, IpAddr::V6);
}

TEST(IpAddr, Rfc5952Rules) {
    // 4.1 no leading zeros, 4.2.1 longest run, 4.2.2 no "::" for one group,
    // 4.2.3 first of equal runs, 4.3 lowercase.
    EXPECT_EQ(IpAddr::parse("2001:0DB8:0000:0000:0000:0000:0000:0001")->str(), "2001:db8::1");
    EXPECT_EQ(IpAddr::parse("2001:db8:0:0:1:0:0:1")->str(), "2001:db8::1:0:0:1");
    EXPECT_EQ(IpAddr::parse("2001:db8:0:1:1:1:1:1")->str(), "2001:db8:0:1:1:1:1:1");
    EXPECT_EQ(IpAddr::parse("2001:0:0:1:0:0:0:1")->str(), "2001:0:0:1::1");
    EXPECT_EQ(IpAddr::parse("2001:db8::ABCD")->str(), "2001:db8::abcd");
    // Section 5: an IPv4-mapped address keeps its dotted quad; a deprecated
    // IPv4-compatible one does not.
    EXPECT_EQ(IpAddr::parse("::FFFF:c000:0201")->str(), "::ffff:192.0.2.1");
    EXPECT_EQ(IpAddr::parse("::192.0.2.1")->str(), "::c000:201");
}

TEST(IpAddr, RejectsWhatInetPtonRejects) {
    for (const char* s : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.4 ", " 1.2.3.4", "01.2.3.4", "::1::",
                          ":1", "1:2:3:4:5:6:7:8:9", "12345::", "g::1", "1:2:3:4:5:6:7:", "1.2.3.04x", "fe80::1%eth0",
                          "10.0.0.0/8", "localhost", "0000:0000:0000:0000:0000:0000:0000:0000:0000:0000:0001"})
        EXPECT_FALSE(IpAddr::parse(s)) << s;
}

TEST(IpAddr, UnsetAndUnspecified) {
    IpAddr none;
    EXPECT_FALSE(none.valid());
    EXPECT_EQ(none.size(), 0u);
    EXPECT_EQ(none.str(), "-");
    EXPECT_TRUE(none.is_unspecified());
    EXPECT_TRUE(IpAddr::unspecified(IpAddr::V6).is_unspecified());
    EXPECT_EQ(IpAddr::unspecified(IpAddr::V6).str(), "::");
    EXPECT_EQ(IpAddr::unspecified(IpAddr::V4).str(), "0.0.0.0");
    EXPECT_FALSE(IpAddr::parse("0.0.0.1")->is_unspecified());
    EXPECT_NE(none, IpAddr::unspecified(IpAddr::V4));
    const std::uint8_t b[16] = {10, 0, 0, 1};
    EXPECT_EQ(IpAddr::from_bytes(b, 4), IpAddr::v4(10, 0, 0, 1));
    EXPECT_FALSE(IpAddr::from_bytes(b, 5).valid());
}

TEST(IpAddr, ClassesAndOrder) {
    EXPECT_TRUE(IpAddr::parse("224.0.0.18")->is_multicast());
    EXPECT_TRUE(IpAddr::parse("ff02::12")->is_multicast());
    EXPECT_FALSE(IpAddr::parse("10.0.0.1")->is_multicast());
    EXPECT_TRUE(IpAddr::parse("169.254.1.1")->is_link_local());
    EXPECT_TRUE(IpAddr::parse("fe80::1")->is_link_local());
    EXPECT_FALSE(IpAddr::parse("fec0::1")->is_link_local());
    // The VRRP tie-break compares bytes in network order.
    EXPECT_LT(*IpAddr::parse("192.0.2.9"), *IpAddr::parse("192.0.2.10"));
    EXPECT_LT(*IpAddr::parse("10.0.0.1"), *IpAddr::parse("192.0.2.1"));
    EXPECT_LT(*IpAddr::parse("255.255.255.255"), *IpAddr::parse("::"));  // family first
    EXPECT_LT(IpAddr{}, *IpAddr::parse("0.0.0.0"));
}

TEST(IpAddr, FormatIsBoundedAndTerminated) {
    const auto a = *IpAddr::parse("1111:2222:3333:4444:5555:6666:7777:8888");
    char buf[64];
    EXPECT_EQ(a.format(buf, sizeof buf), 39u);
    EXPECT_STREQ(buf, "1111:2222:3333:4444:5555:6666:7777:8888");
    char small[5];
    EXPECT_EQ(a.format(small, sizeof small), 4u);
    EXPECT_STREQ(small, "1111");
    EXPECT_EQ(a.format(buf, 0), 0u);
    const auto longest = *IpAddr::parse("::ffff:255.255.255.255");
    EXPECT_EQ(longest.format(buf, sizeof buf), std::strlen("::ffff:255.255.255.255"));
}

// The printer against inet_ntop on random addresses: the same text, except
// that glibc writes IPv4-compatible addresses (::a.b.c.d, deprecated) mixed.
TEST(IpAddr, AgreesWithInetNtop) {
    std::mt19937 rng(5952);
    for (int n = 0; n < 20000; ++n) {
        IpAddr a = IpAddr::unspecified(IpAddr::V6);
        // Mostly zeros, so runs of every length and position come up.
        for (int g = 0; g < 8; ++g) {
            if (rng() % 3 == 0) {
                a.bytes[2 * g] = static_cast<std::uint8_t>(rng() % 3 == 0 ? rng() : 0);
                a.bytes[2 * g + 1] = static_cast<std::uint8_t>(rng());
            }
        }
        char want[INET6_ADDRSTRLEN];
        ASSERT_TRUE(inet_ntop(AF_INET6, a.bytes.data(), want, sizeof want));
        const bool compat =
            std::string(want).find('.') != std::string::npos && std::string(want).rfind("::ffff:", 0) != 0;
        if (compat) continue;
        ASSERT_EQ(a.str(), want);
        ASSERT_EQ(IpAddr::parse(a.str()), a);
    }
}

}  // namespace
}  // namespace havip::base
