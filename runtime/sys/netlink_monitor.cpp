// SPDX-License-Identifier: MIT
// Link and address events from rtnetlink multicast groups, parsed from the raw
// messages (no libnl objects are built per event).
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "sys/event_loop.hpp"
#include "sys/netlink.hpp"

namespace havip::sys {

struct NetMonitor::Impl {
    nl_sock* sk = nullptr;
    Handler handler;
    ~Impl() {
        if (sk) nl_socket_free(sk);
    }

    static int on_msg(nl_msg* msg, void* arg) {
        auto* self = static_cast<Impl*>(arg);
        nlmsghdr* nh = nlmsg_hdr(msg);
        NetEvent ev;
        switch (nh->nlmsg_type) {
            case RTM_NEWLINK:
            case RTM_DELLINK: {
                if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(ifinfomsg))) return NL_SKIP;
                auto* ifi = static_cast<ifinfomsg*>(nlmsg_data(nh));
                ev.type = nh->nlmsg_type == RTM_NEWLINK ? NetEvent::Type::LinkNew : NetEvent::Type::LinkDel;
                ev.ifindex = ifi->ifi_index;
                ev.up = ifi->ifi_flags & IFF_UP;
                ev.running = ifi->ifi_flags & IFF_RUNNING;
                if (nlattr* a = nlmsg_find_attr(nh, sizeof(ifinfomsg), IFLA_IFNAME)) {
                    std::size_t n = static_cast<std::size_t>(nla_len(a));
                    if (n >= sizeof ev.name) n = sizeof ev.name - 1;
                    std::memcpy(ev.name, nla_data(a), n);
                    ev.name[n] = 0;
                }
                break;
            }
            case RTM_NEWADDR:
            case RTM_DELADDR: {
                if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(ifaddrmsg))) return NL_SKIP;
                auto* ifa = static_cast<ifaddrmsg*>(nlmsg_data(nh));
                ev.type = nh->nlmsg_type == RTM_NEWADDR ? NetEvent::Type::AddrNew : NetEvent::Type::AddrDel;
                ev.ifindex = static_cast<int>(ifa->ifa_index);
                ev.prefix = ifa->ifa_prefixlen;
                int fam = ifa->ifa_family == AF_INET ? 4 : ifa->ifa_family == AF_INET6 ? 6 : 0;
                if (!fam) return NL_SKIP;
                nlattr* a = nlmsg_find_attr(nh, sizeof(ifaddrmsg), IFA_LOCAL);
                if (!a) a = nlmsg_find_attr(nh, sizeof(ifaddrmsg), IFA_ADDRESS);
                if (!a || nla_len(a) != (fam == 4 ? 4 : 16)) return NL_SKIP;
                ev.addr = IpAddr::from_bytes(static_cast<const std::uint8_t*>(nla_data(a)), fam);
                break;
            }
            default:
                return NL_SKIP;
        }
        if (self->handler) self->handler(ev);
        return NL_OK;
    }
};

NetMonitor::NetMonitor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
NetMonitor::~NetMonitor() = default;

Result<std::unique_ptr<NetMonitor>> NetMonitor::open(Handler handler, bool addresses) {
    auto impl = std::make_unique<Impl>();
    impl->handler = std::move(handler);
    impl->sk = nl_socket_alloc();
    if (!impl->sk) return Result<std::unique_ptr<NetMonitor>>::error("netlink monitor: out of memory");
    // Multicast notifications carry no sequence numbers of ours.
    nl_socket_disable_seq_check(impl->sk);
    nl_socket_modify_cb(impl->sk, NL_CB_VALID, NL_CB_CUSTOM, &Impl::on_msg, impl.get());
    if (int e = nl_connect(impl->sk, NETLINK_ROUTE); e < 0)
        return Status::error(fmt::format("netlink monitor: connect: {}", nl_geterror(-e)));
    int e = addresses ? nl_socket_add_memberships(impl->sk, RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR, 0)
                      : nl_socket_add_memberships(impl->sk, RTNLGRP_LINK, 0);
    if (e < 0) return Status::error(fmt::format("netlink monitor: subscribe: {}", nl_geterror(-e)));
    nl_socket_set_buffer_size(impl->sk, 1 << 20, 0);
    if (int e2 = nl_socket_set_nonblocking(impl->sk); e2 < 0)
        return Status::error(fmt::format("netlink monitor: non-blocking: {}", nl_geterror(-e2)));
    return std::unique_ptr<NetMonitor>(new NetMonitor(std::move(impl)));
}

int NetMonitor::fd() const { return nl_socket_get_fd(impl_->sk); }

Status NetMonitor::dispatch() {
    for (;;) {
        int e = nl_recvmsgs_default(impl_->sk);
        if (e >= 0) continue;
        if (e == -NLE_AGAIN) return {};
        if (e == -NLE_INTR) continue;
        // ENOBUFS maps to NLE_NOMEM: the kernel dropped events; the caller re-reads.
        return Status::error(fmt::format("netlink monitor: {}", nl_geterror(-e)));
    }
}

Status NetMonitor::attach(EventLoop& loop, std::function<void(const Status&)> on_error) {
    return loop.watch(fd(), EventLoop::kIn, [this, on_error = std::move(on_error)](std::uint32_t) {
        Status st = dispatch();
        if (!st && on_error) on_error(st);
    });
}

}  // namespace havip::sys
