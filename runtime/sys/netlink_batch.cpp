// SPDX-License-Identifier: MIT
#include "sys/netlink_batch.hpp"

#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace havip::sys {

namespace {

void put(std::vector<std::uint8_t>& buf, const void* p, std::size_t n) {
    const auto* b = static_cast<const std::uint8_t*>(p);
    buf.insert(buf.end(), b, b + n);
    buf.resize(buf.size() + (NLMSG_ALIGN(n) - n), 0);
}

void put_attr(std::vector<std::uint8_t>& buf, std::uint16_t type, const void* data, std::size_t len) {
    rtattr a{};
    a.rta_type = type;
    a.rta_len = static_cast<unsigned short>(RTA_LENGTH(len));
    buf.insert(buf.end(), reinterpret_cast<const std::uint8_t*>(&a),
               reinterpret_cast<const std::uint8_t*>(&a) + sizeof a);
    put(buf, data, len);
}

}  // namespace

Status append_addr_request(std::vector<std::uint8_t>& buf, const AddrChange& c, std::uint32_t seq) {
    const IpAddr& a = c.addr;
    if (!a.valid())
        return Status::error(c.add ? "netlink: add of an unset address" : "netlink: delete of an unset address");
    const int full = a.is_v4() ? 32 : 128;
    if (c.prefix > full) return Status::error(fmt::format("netlink: prefix /{} too long for {}", c.prefix, a.str()));
    if (!c.label.empty()) {
        if (!a.is_v4()) return Status::error("netlink: labels exist only for IPv4 addresses");
        if (c.label.size() >= IFNAMSIZ)
            return Status::error(fmt::format("netlink: label `{}` is longer than 15 bytes", c.label));
    }
    // IPv4 deletes of an unknown prefix leave IFA_ADDRESS out: the kernel then
    // matches the local address whatever its prefix. IPv6 deletes need the prefix.
    const bool any_prefix = !c.add && c.prefix < 0 && a.is_v4();
    const int prefix = c.prefix < 0 ? full : c.prefix;

    const std::size_t start = buf.size();
    nlmsghdr h{};
    h.nlmsg_type = c.add ? RTM_NEWADDR : RTM_DELADDR;
    h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (c.add ? NLM_F_CREATE | NLM_F_EXCL : 0);
    h.nlmsg_seq = seq;
    put(buf, &h, sizeof h);
    ifaddrmsg m{};
    m.ifa_family = a.is_v4() ? AF_INET : AF_INET6;
    m.ifa_prefixlen = static_cast<unsigned char>(any_prefix ? 0 : prefix);
    m.ifa_flags = c.add && a.is_v6() ? IFA_F_NODAD : 0;
    m.ifa_scope = c.add && a.is_v4() ? c.scope : static_cast<std::uint8_t>(RT_SCOPE_UNIVERSE);
    m.ifa_index = static_cast<unsigned>(c.ifindex);
    put(buf, &m, sizeof m);
    put_attr(buf, IFA_LOCAL, a.bytes.data(), a.size());
    if (!any_prefix) put_attr(buf, IFA_ADDRESS, a.bytes.data(), a.size());
    if (c.add && !c.label.empty()) put_attr(buf, IFA_LABEL, c.label.c_str(), c.label.size() + 1);
    const std::uint32_t len = static_cast<std::uint32_t>(buf.size() - start);
    std::memcpy(buf.data() + start + offsetof(nlmsghdr, nlmsg_len), &len, sizeof len);
    return {};
}

Status parse_acks(std::span<const std::uint8_t> buf, std::vector<NetlinkAck>& out) {
    std::size_t off = 0;
    while (buf.size() - off >= sizeof(nlmsghdr)) {
        nlmsghdr h;
        std::memcpy(&h, buf.data() + off, sizeof h);
        if (h.nlmsg_len < sizeof h || h.nlmsg_len > buf.size() - off)
            return Status::error(fmt::format("netlink: truncated message at byte {}", off));
        if (h.nlmsg_type == NLMSG_ERROR) {
            if (h.nlmsg_len < sizeof h + sizeof(int))
                return Status::error(fmt::format("netlink: short ack at byte {}", off));
            int err = 0;
            std::memcpy(&err, buf.data() + off + sizeof h, sizeof err);
            out.push_back({h.nlmsg_seq, err < 0 ? -err : err});
        }
        off += NLMSG_ALIGN(h.nlmsg_len);
        if (off > buf.size()) off = buf.size();
    }
    if (off != buf.size())
        return Status::error(fmt::format("netlink: {} stray bytes after the last message", buf.size() - off));
    return {};
}

Status addr_change_status(const AddrChange& c, int error) {
    if (error == 0) return {};
    if (c.add && error == EEXIST) return {};
    if (!c.add && (error == EADDRNOTAVAIL || error == ENODEV || error == ENOENT || error == ESRCH)) return {};
    return Status::from_errno(
        fmt::format("netlink: {} {} on ifindex {}", c.add ? "add" : "delete", c.addr.str(), c.ifindex), error);
}

}  // namespace havip::sys
