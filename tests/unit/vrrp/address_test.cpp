// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "vrrp/address.hpp"

using havip::vrrp::Family;
using havip::vrrp::IpAddress;

TEST(Address, ParsesAndPrintsCanonically) {
    for (const char* s : {"192.0.2.1", "0.0.0.0", "255.255.255.255", "2001:db8::1", "::", "::1",
                          "fe80::186c:f7ff:fe1e:282c", "ff02::12", "2001:db8:0:1:1:1:1:1", "::ffff:192.0.2.1"}) {
        auto a = IpAddress::parse(s);
        ASSERT_TRUE(a) << s;
        if (std::string(s) != "::ffff:192.0.2.1") {
            EXPECT_EQ(a->str(), s);
        }
    }
    EXPECT_EQ(IpAddress::parse("2001:DB8:0:0:0:0:0:1")->str(), "2001:db8::1");
    EXPECT_EQ(IpAddress::parse("::ffff:192.0.2.1")->bytes[15], 1);
    EXPECT_EQ(IpAddress::parse("192.0.2.1")->family, Family::V4);
}

TEST(Address, RejectsGarbage) {
    for (const char* s : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.4 ", "::1::", ":1",
                          "1:2:3:4:5:6:7:8:9", "12345::", "g::1", "1:2:3:4:5:6:7:", "1.2.3.04x"})
        EXPECT_FALSE(IpAddress::parse(s)) << s;
}

TEST(Address, OrdersByBytesForTheTieBreak) {
    EXPECT_LT(*IpAddress::parse("192.0.2.9"), *IpAddress::parse("192.0.2.10"));
    EXPECT_LT(*IpAddress::parse("10.0.0.1"), *IpAddress::parse("192.0.2.1"));
}
