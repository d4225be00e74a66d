// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <string>

#include "sys/addr.hpp"
#include "sys/log.hpp"

using namespace havip::sys;

TEST(sysIpAddr, ParseAndFormat) {
    auto a = IpAddr::parse("10.250.1.2");
    ASSERT_TRUE(a);
    EXPECT_TRUE(a->is_v4());
    EXPECT_EQ(a->str(), "10.250.1.2");
    auto b = IpAddr::parse("fd00:250::12");
    ASSERT_TRUE(b);
    EXPECT_TRUE(b->is_v6());
    EXPECT_EQ(b->str(), "fd00:250::12");
    EXPECT_FALSE(IpAddr::parse(""));
    EXPECT_FALSE(IpAddr::parse("10.0.0.256"));
    EXPECT_FALSE(IpAddr::parse("10.0.0.1/24"));
    EXPECT_FALSE(IpAddr::parse(std::string(100, '1')));
    EXPECT_EQ(IpAddr{}.str(), "-");
}

TEST(sysIpAddr, Classes) {
    EXPECT_TRUE(vrrp_group(4).is_multicast());
    EXPECT_EQ(vrrp_group(4).str(), "224.0.0.18");
    EXPECT_EQ(vrrp_group(6).str(), "ff02::12");
    EXPECT_TRUE(IpAddr::parse("fe80::1")->is_link_local());
    EXPECT_FALSE(IpAddr::parse("fd00::1")->is_link_local());
    EXPECT_FALSE(IpAddr::parse("10.0.0.1")->is_multicast());
}

TEST(sysMacAddr, ParseFormatVrrp) {
    EXPECT_EQ(MacAddr::vrrp(51).str(), "00:00:5e:00:01:33");
    EXPECT_EQ(MacAddr::vrrp(1, 6).str(), "00:00:5e:00:02:01");
    auto m = MacAddr::parse("02:AB:cd:00:01:ff");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->str(), "02:ab:cd:00:01:ff");
    EXPECT_FALSE(MacAddr::parse("02:ab:cd:00:01"));
    EXPECT_FALSE(MacAddr::parse("02-ab-cd-00-01-ff"));
    EXPECT_FALSE(MacAddr::parse("0g:ab:cd:00:01:ff"));
}

namespace {
std::string line(std::initializer_list<LogField> f, bool journald = false, std::int64_t ts = -1,
                 Level lv = Level::info) {
    char buf[512];
    std::size_t n = format_log_line(buf, sizeof buf, lv, "transition", f, journald, ts);
    return std::string(buf, n);
}
}  // namespace

TEST(sysLog, KeyValueLine) {
    EXPECT_EQ(line({{"instance", "VI_1"}, {"from", "BACKUP"}, {"to", "MASTER"}, {"prio", 100}}),
              "level=info event=transition instance=VI_1 from=BACKUP to=MASTER prio=100\n");
}

TEST(sysLog, QuotesAndEscapes) {
    EXPECT_EQ(line({{"msg", "two words"}, {"q", "a\"b"}, {"nl", "x\ny"}, {"empty", ""}, {"eq", "a=b"}}),
              "level=info event=transition msg=\"two words\" q=\"a\\\"b\" nl=\"x\\ny\" empty=\"\" eq=\"a=b\"\n");
}

TEST(sysLog, TypedValues) {
    EXPECT_EQ(line({{"ok", true}, {"n", -3}, {"u", 7u}, {"vip", *IpAddr::parse("10.250.0.9")}}),
              "level=info event=transition ok=true n=-3 u=7 vip=10.250.0.9\n");
}

TEST(sysLog, JournaldPrefixAndTimestamp) {
    EXPECT_EQ(line({}, true, -1, Level::error), "<3>level=error event=transition\n");
    // 2021-01-01T00:00:00.250Z
    EXPECT_EQ(line({}, false, 1609459200250000000LL), "ts=2021-01-01T00:00:00.250Z level=info event=transition\n");
}

TEST(sysLog, TruncatesLongLines) {
    char buf[64];
    std::string big(200, 'x');
    std::size_t n = format_log_line(buf, sizeof buf, Level::info, "e", {{"k", std::string_view(big)}}, false, -1);
    ASSERT_LE(n, sizeof buf);
    std::string s(buf, n);
    EXPECT_EQ(s.substr(s.size() - 4), "...\n");
    EXPECT_EQ(s.find('\n'), s.size() - 1);
}
