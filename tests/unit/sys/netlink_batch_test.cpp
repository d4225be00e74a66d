// SPDX-License-Identifier: MIT
// The address batch's bytes: requests as the kernel reads them, acks matched by
// sequence number (the netns test sys_netlink_addr.sh runs them against a kernel).
#include <gtest/gtest.h>

#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <string>

#include "sys/netlink_batch.hpp"

using namespace havip::sys;

namespace {

struct Parsed {
    nlmsghdr h{};
    ifaddrmsg m{};
    std::map<int, std::string> attrs;  // type -> payload bytes
};

// Splits a buffer of requests the way the kernel's netlink_rcv_skb does.
std::vector<Parsed> parse_requests(const std::vector<std::uint8_t>& buf) {
    std::vector<Parsed> out;
    std::size_t off = 0;
    while (off + sizeof(nlmsghdr) <= buf.size()) {
        Parsed p;
        std::memcpy(&p.h, buf.data() + off, sizeof p.h);
        EXPECT_GE(p.h.nlmsg_len, NLMSG_LENGTH(sizeof(ifaddrmsg)));
        EXPECT_LE(off + p.h.nlmsg_len, buf.size());
        std::memcpy(&p.m, buf.data() + off + NLMSG_HDRLEN, sizeof p.m);
        std::size_t a = off + NLMSG_LENGTH(sizeof(ifaddrmsg));
        a = off + NLMSG_ALIGN(a - off);
        while (a + sizeof(rtattr) <= off + p.h.nlmsg_len) {
            rtattr ra;
            std::memcpy(&ra, buf.data() + a, sizeof ra);
            EXPECT_GE(ra.rta_len, sizeof ra);
            p.attrs[ra.rta_type] =
                std::string(reinterpret_cast<const char*>(buf.data() + a + RTA_LENGTH(0)), ra.rta_len - RTA_LENGTH(0));
            a += RTA_ALIGN(ra.rta_len);
        }
        out.push_back(p);
        off += NLMSG_ALIGN(p.h.nlmsg_len);
    }
    EXPECT_EQ(off, buf.size());
    return out;
}

AddrChange change(bool add, const char* addr, int prefix = -1, std::string label = {}) {
    AddrChange c;
    c.add = add;
    c.ifindex = 7;
    c.addr = *IpAddr::parse(addr);
    c.prefix = prefix;
    c.label = std::move(label);
    return c;
}

void put_ack(std::vector<std::uint8_t>& buf, std::uint32_t seq, int error) {
    nlmsghdr h{};
    h.nlmsg_len = NLMSG_LENGTH(sizeof(nlmsgerr));
    h.nlmsg_type = NLMSG_ERROR;
    h.nlmsg_seq = seq;
    nlmsgerr e{};
    e.error = -error;
    const std::size_t at = buf.size();
    buf.resize(at + NLMSG_ALIGN(h.nlmsg_len));
    std::memcpy(buf.data() + at, &h, sizeof h);
    std::memcpy(buf.data() + at + NLMSG_HDRLEN, &e, sizeof e);
}

}  // namespace

TEST(sysNetlinkBatch, Ipv4AddCarriesLocalAddressLabelAndCreateFlags) {
    std::vector<std::uint8_t> buf;
    ASSERT_TRUE(append_addr_request(buf, change(true, "10.251.0.2", 24, "eth0:vip"), 41));
    auto msgs = parse_requests(buf);
    ASSERT_EQ(msgs.size(), 1u);
    const Parsed& p = msgs[0];
    EXPECT_EQ(p.h.nlmsg_type, RTM_NEWADDR);
    EXPECT_EQ(p.h.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
    EXPECT_EQ(p.h.nlmsg_seq, 41u);
    EXPECT_EQ(p.m.ifa_family, AF_INET);
    EXPECT_EQ(p.m.ifa_prefixlen, 24);
    EXPECT_EQ(p.m.ifa_index, 7u);
    EXPECT_EQ(p.m.ifa_flags, 0);
    const std::string v4("\x0a\xfb\x00\x02", 4);
    EXPECT_EQ(p.attrs.at(IFA_LOCAL), v4);
    EXPECT_EQ(p.attrs.at(IFA_ADDRESS), v4);
    EXPECT_EQ(p.attrs.at(IFA_LABEL), std::string("eth0:vip\0", 9));
}

TEST(sysNetlinkBatch, Ipv6AddIsFullLengthWithoutDad) {
    std::vector<std::uint8_t> buf;
    ASSERT_TRUE(append_addr_request(buf, change(true, "fd00:251::5"), 1));
    auto msgs = parse_requests(buf);
    ASSERT_EQ(msgs.size(), 1u);
    EXPECT_EQ(msgs[0].m.ifa_family, AF_INET6);
    EXPECT_EQ(msgs[0].m.ifa_prefixlen, 128);
    EXPECT_EQ(msgs[0].m.ifa_flags, IFA_F_NODAD);
    EXPECT_EQ(msgs[0].attrs.at(IFA_LOCAL).size(), 16u);
}

TEST(sysNetlinkBatch, Ipv4DeleteOfAnyPrefixLeavesTheAddressAttributeOut) {
    std::vector<std::uint8_t> buf;
    ASSERT_TRUE(append_addr_request(buf, change(false, "10.251.0.2"), 1));
    ASSERT_TRUE(append_addr_request(buf, change(false, "10.251.0.3", 32), 2));
    auto msgs = parse_requests(buf);
    ASSERT_EQ(msgs.size(), 2u);
    EXPECT_EQ(msgs[0].h.nlmsg_type, RTM_DELADDR);
    EXPECT_EQ(msgs[0].h.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
    EXPECT_EQ(msgs[0].m.ifa_prefixlen, 0);
    EXPECT_TRUE(msgs[0].attrs.count(IFA_LOCAL));
    EXPECT_FALSE(msgs[0].attrs.count(IFA_ADDRESS));
    EXPECT_EQ(msgs[1].m.ifa_prefixlen, 32);
    EXPECT_TRUE(msgs[1].attrs.count(IFA_ADDRESS));
    EXPECT_FALSE(msgs[1].attrs.count(IFA_LABEL));
}

TEST(sysNetlinkBatch, RequestsGoBackToBackWithTheirOwnSequenceNumbers) {
    std::vector<std::uint8_t> buf;
    for (std::uint32_t i = 0; i < 255; ++i) {
        std::string a = "10.251." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1);
        ASSERT_TRUE(append_addr_request(buf, change(i % 2 == 0, a.c_str(), 32), 1000 + i));
    }
    auto msgs = parse_requests(buf);
    ASSERT_EQ(msgs.size(), 255u);
    for (std::uint32_t i = 0; i < 255; ++i) {
        EXPECT_EQ(msgs[i].h.nlmsg_seq, 1000 + i);
        EXPECT_EQ(msgs[i].h.nlmsg_type, i % 2 == 0 ? RTM_NEWADDR : RTM_DELADDR);
    }
}

TEST(sysNetlinkBatch, InvalidChangesAppendNothingAndSayWhy) {
    std::vector<std::uint8_t> buf;
    AddrChange unset;
    Status st = append_addr_request(buf, unset, 1);
    EXPECT_FALSE(st);
    EXPECT_NE(st.message().find("unset address"), std::string::npos);
    st = append_addr_request(buf, change(true, "10.0.0.1", 33), 1);
    EXPECT_NE(st.message().find("prefix /33 too long for 10.0.0.1"), std::string::npos);
    st = append_addr_request(buf, change(true, "fd00::1", -1, "eth0:1"), 1);
    EXPECT_NE(st.message().find("labels exist only for IPv4"), std::string::npos);
    st = append_addr_request(buf, change(true, "10.0.0.1", -1, "a-label-of-16-ch"), 1);
    EXPECT_NE(st.message().find("longer than 15 bytes"), std::string::npos);
    EXPECT_TRUE(buf.empty());
}

TEST(sysNetlinkBatch, AcksAreMatchedBySequenceAndOtherMessagesSkipped) {
    std::vector<std::uint8_t> buf;
    put_ack(buf, 5, 0);
    nlmsghdr done{};  // a message that is not an ack
    done.nlmsg_len = NLMSG_LENGTH(4);
    done.nlmsg_type = NLMSG_DONE;
    const std::size_t at = buf.size();
    buf.resize(at + NLMSG_ALIGN(done.nlmsg_len));
    std::memcpy(buf.data() + at, &done, sizeof done);
    put_ack(buf, 6, EEXIST);
    std::vector<NetlinkAck> acks;
    ASSERT_TRUE(parse_acks(buf, acks));
    ASSERT_EQ(acks.size(), 2u);
    EXPECT_EQ(acks[0].seq, 5u);
    EXPECT_EQ(acks[0].error, 0);
    EXPECT_EQ(acks[1].seq, 6u);
    EXPECT_EQ(acks[1].error, EEXIST);
}

TEST(sysNetlinkBatch, TruncatedAckEndsTheParseKeepingEarlierOnes) {
    std::vector<std::uint8_t> buf;
    put_ack(buf, 1, 0);
    put_ack(buf, 2, 0);
    buf.resize(buf.size() - 8);  // the second one cut short
    std::vector<NetlinkAck> acks;
    Status st = parse_acks(buf, acks);
    EXPECT_FALSE(st);
    EXPECT_NE(st.message().find("truncated"), std::string::npos);
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_EQ(acks[0].seq, 1u);
    acks.clear();
    EXPECT_TRUE(parse_acks({}, acks));
    EXPECT_TRUE(acks.empty());
}

TEST(sysNetlinkBatch, PresentOnAddAndAbsentOnDeleteAreSuccess) {
    EXPECT_TRUE(addr_change_status(change(true, "10.0.0.1"), 0));
    EXPECT_TRUE(addr_change_status(change(true, "10.0.0.1"), EEXIST));
    EXPECT_TRUE(addr_change_status(change(false, "10.0.0.1"), EADDRNOTAVAIL));
    EXPECT_TRUE(addr_change_status(change(false, "10.0.0.1"), ENODEV));
    Status st = addr_change_status(change(false, "10.0.0.1"), EEXIST);
    EXPECT_FALSE(st);
    st = addr_change_status(change(true, "10.0.0.1"), EPERM);
    EXPECT_FALSE(st);
    EXPECT_NE(st.message().find("add 10.0.0.1 on ifindex 7"), std::string::npos);
    EXPECT_EQ(st.code(), EPERM);
}
