// SPDX-License-Identifier: MIT
// Every DropReason: one crafted input that produces exactly it, and stable names.
#include <gtest/gtest.h>

#include <array>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "vrrp/packet.hpp"

using namespace havip::vrrp;

namespace {

IpAddress ip(const char* s) { return IpAddress::parse(s).value(); }

InstanceConfig base(int version) {
    InstanceConfig c;
    c.vrid = 7;
    c.version = std::uint8_t(version);
    c.priority = 100;
    c.advert_interval = 1'000'000;
    c.source = ip("203.0.113.2");
    c.peers = {ip("203.0.113.1")};
    c.vips = {ip("203.0.113.100"), ip("203.0.113.101")};
    if (version == 2) {
        c.auth_type = AuthType::Pass;
        c.set_auth_pass("pw");
    }
    return c;
}

struct Case {
    DropReason want;
    int version;
    std::function<void(InstanceConfig& sender, InstanceConfig& receiver, RxMeta& m)> setup;
    std::function<void(std::vector<std::byte>& msg)> mangle;  ///< after encoding
};

// Rewrites a field and fixes the (message-only) checksum, so only that field is wrong.
void set_and_resum(std::vector<std::byte>& m, std::size_t i, int v) {
    m[i] = std::byte(v);
    m[6] = m[7] = std::byte{0};
    const std::uint16_t c = checksum_fold(checksum_add(0, m));
    m[6] = std::byte(c >> 8);
    m[7] = std::byte(c & 0xff);
}

}  // namespace

TEST(Drop, EveryReasonHasACase) {
    const std::vector<Case> cases = {
        {DropReason::TooShort, 2, nullptr, [](auto& m) { m.resize(7); }},
        {DropReason::BadVersion, 2, nullptr, [](auto& m) { set_and_resum(m, 0, 0x41); }},
        {DropReason::BadType, 2, nullptr, [](auto& m) { set_and_resum(m, 0, 0x22); }},
        {DropReason::Truncated, 2, nullptr, [](auto& m) { m.resize(m.size() - 1); }},
        {DropReason::VersionMismatch, 2,
         [](auto&, auto& r, auto&) {
             r.version = 3;
             r.auth_type = AuthType::None;
         },
         nullptr},
        {DropReason::VridMismatch, 2, [](auto&, auto& r, auto&) { r.vrid = 8; }, nullptr},
        {DropReason::FamilyMismatch, 2, [](auto&, auto&, auto& m) { m.src = ip("2001:db8::1"); }, nullptr},
        {DropReason::OwnAdvert, 2, [](auto&, auto&, auto& m) { m.src = ip("203.0.113.2"); }, nullptr},
        {DropReason::BadTtl, 2,
         [](auto&, auto& r, auto& m) {
             r.peers.clear();
             m.multicast = true;
             m.ttl = 254;
         },
         nullptr},
        {DropReason::NotAPeer, 2, [](auto&, auto&, auto& m) { m.src = ip("203.0.113.9"); }, nullptr},
        {DropReason::BadChecksum, 2, nullptr, [](auto& m) { m[6] ^= std::byte{1}; }},
        {DropReason::BadChecksum, 3, [](auto&, auto&, auto& m) { m.dst = ip("203.0.113.3"); }, nullptr},
        {DropReason::AddrCountMismatch, 2, [](auto& s, auto&, auto&) { s.vips.pop_back(); }, nullptr},
        {DropReason::AddrListMismatch, 2, [](auto& s, auto&, auto&) { s.vips[1] = ip("203.0.113.102"); }, nullptr},
        {DropReason::IntervalMismatch, 2, [](auto& s, auto&, auto&) { s.advert_interval = 2'000'000; }, nullptr},
        {DropReason::ZeroInterval, 3, [](auto& s, auto&, auto&) { s.v3_checksum = V3Checksum::MessageOnly; },
         [](auto& m) { set_and_resum(m, 5, 0); }},
        {DropReason::AuthAh, 2, nullptr, [](auto& m) { set_and_resum(m, 4, 2); }},
        {DropReason::AuthTypeMismatch, 2, [](auto& s, auto&, auto&) { s.auth_type = AuthType::None; }, nullptr},
        {DropReason::AuthPassMismatch, 2, [](auto& s, auto&, auto&) { s.set_auth_pass("other"); }, nullptr},
    };
    std::set<DropReason> covered;
    for (const auto& c : cases) {
        InstanceConfig sender = base(c.version), receiver = base(c.version);
        sender.source = ip("203.0.113.1");
        sender.peers = {ip("203.0.113.2")};
        RxMeta m{sender.source, receiver.source, 255, false};
        if (c.setup) c.setup(sender, receiver, m);
        std::vector<std::byte> msg(encoded_size(sender));
        ASSERT_EQ(encode(sender, {100, sender.wire_interval()}, ip("203.0.113.2"), msg), msg.size());
        if (c.mangle) c.mangle(msg);
        const auto r = validate(msg, m, receiver);
        EXPECT_EQ(r.reason, c.want) << "want " << drop_reason_name(c.want) << " got " << drop_reason_name(r.reason);
        covered.insert(c.want);
    }
    for (std::size_t i = 1; i < kDropReasonCount; ++i)
        EXPECT_TRUE(covered.count(DropReason(i))) << "no case for " << drop_reason_name(DropReason(i));
}

TEST(Drop, NamesAreStableAndUnique) {
    std::set<std::string> names;
    for (std::size_t i = 0; i < kDropReasonCount; ++i) {
        std::string n(drop_reason_name(DropReason(i)));
        EXPECT_NE(n, "unknown");
        EXPECT_TRUE(names.insert(n).second) << n;
    }
    // A few spelled out: counters and dashboards key on these strings.
    EXPECT_EQ(drop_reason_name(DropReason::BadChecksum), "bad_checksum");
    EXPECT_EQ(drop_reason_name(DropReason::NotAPeer), "not_a_peer");
    EXPECT_EQ(drop_reason_name(DropReason::AddrListMismatch), "addr_list_mismatch");
    EXPECT_EQ(drop_reason_name(DropReason::AuthAh), "auth_ah");
}

TEST(Drop, UnicastTtlIsNotCheckedButMulticastIs) {
    InstanceConfig s = base(3), r = base(3);
    s.source = ip("203.0.113.1");
    std::vector<std::byte> msg(encoded_size(s));
    encode(s, {100, 100}, r.source, msg);
    RxMeta m{s.source, r.source, 64, false};
    EXPECT_TRUE(validate(msg, m, r).ok());  // keepalived skips TTL for unicast
    m.multicast = true;
    EXPECT_EQ(validate(msg, m, r).reason, DropReason::BadTtl);
}

TEST(Drop, AddressOrderDoesNotMatterButContentDoes) {
    InstanceConfig s = base(2), r = base(2);
    s.source = ip("203.0.113.1");
    std::swap(s.vips[0], s.vips[1]);
    std::vector<std::byte> msg(encoded_size(s));
    encode(s, {100, 1}, r.source, msg);
    EXPECT_TRUE(validate(msg, {s.source, r.source, 255, false}, r).ok());
}

TEST(Drop, DuringARolloutThePreviousVipListAndIntervalAreAccepted) {
    // The sender has not reloaded: two VIPs, 1 s. The receiver has: one VIP, 2 s.
    InstanceConfig s = base(2), r = base(2);
    s.source = ip("203.0.113.1");
    r.vips = {ip("203.0.113.100")};
    r.advert_interval = 2'000'000;
    std::vector<std::byte> msg(encoded_size(s));
    encode(s, {100, 1}, r.source, msg);
    const RxMeta m{s.source, r.source, 255, false};
    EXPECT_EQ(validate(msg, m, r).reason, DropReason::IntervalMismatch);
    r.previous_interval = 1'000'000;
    EXPECT_EQ(validate(msg, m, r).reason, DropReason::AddrCountMismatch);
    r.previous_vips = {ip("203.0.113.101"), ip("203.0.113.100")};  // any order, as for the current list
    const RxResult ok = validate(msg, m, r);
    EXPECT_TRUE(ok.ok());
    EXPECT_TRUE(ok.previous);
    // A third list is neither: dropped for what differs from the current one.
    r.previous_vips = {ip("203.0.113.100"), ip("203.0.113.102")};
    EXPECT_EQ(validate(msg, m, r).reason, DropReason::AddrCountMismatch);
    // An advert with the current values is not "previous".
    InstanceConfig now = r;
    now.source = ip("203.0.113.1");
    std::vector<std::byte> cur(encoded_size(now));
    encode(now, {100, 2}, r.source, cur);
    const RxResult c = validate(cur, m, r);
    EXPECT_TRUE(c.ok());
    EXPECT_FALSE(c.previous);
}
