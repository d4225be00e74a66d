// SPDX-License-Identifier: MIT
// Routes and rules through libnl-route-3: one request per change, each
// acknowledged before the next (a node has a handful, not hundreds).
#include "sys/netlink_route.hpp"

#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/route.h>
#include <netlink/route/rule.h>
#include <netlink/socket.h>
#include <sys/socket.h>

#include <cerrno>

#include <fmt/format.h>

namespace havip::sys {

namespace {

int af(int family) { return family == 6 ? AF_INET6 : AF_INET; }

/// libnl's error as the errno the kernel gave, where one is known.
int to_errno(int nle) {
    switch (nle < 0 ? -nle : nle) {
        case NLE_EXIST:
            return EEXIST;
        case NLE_OBJ_NOTFOUND:
            return ESRCH;
        case NLE_NODEV:
            return ENODEV;
        case NLE_PERM:
            return EPERM;
        case NLE_INVAL:
            return EINVAL;
        case NLE_NOADDR:
            return EADDRNOTAVAIL;
        case NLE_NOMEM:
            return ENOMEM;
        case NLE_RANGE:
            return ERANGE;
        case NLE_AF_NOSUPPORT:
            return EAFNOSUPPORT;
        default:
            return 0;
    }
}

Status outcome(const RouteChange& c, int nle) {
    if (nle >= 0) return {};
    const std::string what =
        fmt::format("netlink: {} {} {}", c.add ? "add" : "delete", c.rule ? "rule" : "route", c.str());
    if (int e = to_errno(nle)) return Status::from_errno(what, e);
    return Status::error(fmt::format("{}: {}", what, nl_geterror(-nle)));
}

/// An nl_addr of `a`/`len`, or nullptr when `a` is unset (the caller puts it).
nl_addr* build(const IpAddr& a, int len) {
    if (!a.valid()) return nullptr;
    nl_addr* n = nl_addr_build(af(a.family), a.bytes.data(), a.size());
    if (n) nl_addr_set_prefixlen(n, len);
    return n;
}

struct AddrRef {
    nl_addr* p;
    ~AddrRef() {
        if (p) nl_addr_put(p);
    }
};

int route_request(nl_sock* sk, const RouteChange& c) {
    rtnl_route* r = rtnl_route_alloc();
    if (!r) return -NLE_NOMEM;
    rtnl_route_set_family(r, static_cast<std::uint8_t>(af(c.family)));
    rtnl_route_set_table(r, c.table);
    rtnl_route_set_protocol(r, kRouteProtocol);
    rtnl_route_set_type(r, c.type ? c.type : std::uint8_t{RTN_UNICAST});
    rtnl_route_set_scope(r, c.scope);
    rtnl_route_set_priority(r, c.priority);
    int err = 0;
    // The destination: `default` is the zero address with length 0.
    AddrRef dst{build(c.dst.valid() ? c.dst : IpAddr::unspecified(c.family == 6 ? IpAddr::V6 : IpAddr::V4), c.dst_len)};
    if (!dst.p || (err = rtnl_route_set_dst(r, dst.p)) < 0) {
        rtnl_route_put(r);
        return err < 0 ? err : -NLE_NOMEM;
    }
    AddrRef pref{build(c.src, c.family == 4 ? 32 : 128)};
    if (pref.p) rtnl_route_set_pref_src(r, pref.p);
    if (c.via.valid() || c.oif) {
        rtnl_nexthop* nh = rtnl_route_nh_alloc();  // owned by the route once added
        if (!nh) {
            rtnl_route_put(r);
            return -NLE_NOMEM;
        }
        if (c.oif) rtnl_route_nh_set_ifindex(nh, c.oif);
        AddrRef gw{build(c.via, c.family == 4 ? 32 : 128)};
        if (gw.p) rtnl_route_nh_set_gateway(nh, gw.p);
        if (c.onlink) rtnl_route_nh_set_flags(nh, RTNH_F_ONLINK);
        rtnl_route_add_nexthop(r, nh);
    }
    err = c.add ? rtnl_route_add(sk, r, NLM_F_CREATE | NLM_F_EXCL) : rtnl_route_delete(sk, r, 0);
    rtnl_route_put(r);
    return err;
}

int rule_request(nl_sock* sk, const RouteChange& c) {
    rtnl_rule* r = rtnl_rule_alloc();
    if (!r) return -NLE_NOMEM;
    rtnl_rule_set_family(r, af(c.family));
    rtnl_rule_set_prio(r, c.priority);
    rtnl_rule_set_table(r, c.table);
    rtnl_rule_set_action(r, FR_ACT_TO_TBL);
    (void)rtnl_rule_set_protocol(r, kRouteProtocol);
    AddrRef src{build(c.src, c.src_len)}, dst{build(c.dst, c.dst_len)};
    if (src.p) rtnl_rule_set_src(r, src.p);
    if (dst.p) rtnl_rule_set_dst(r, dst.p);
    if (c.has_fwmark) {
        rtnl_rule_set_mark(r, c.fwmark);
        rtnl_rule_set_mask(r, c.fwmask);
    }
    if (!c.iif_name.empty()) rtnl_rule_set_iif(r, c.iif_name.c_str());
    if (!c.oif_name.empty()) rtnl_rule_set_oif(r, c.oif_name.c_str());
    const int err = c.add ? rtnl_rule_add(sk, r, NLM_F_CREATE | NLM_F_EXCL) : rtnl_rule_delete(sk, r, 0);
    rtnl_rule_put(r);
    return err;
}

}  // namespace

struct RouteNetlink::Impl {
    nl_sock* sk = nullptr;
    ~Impl() {
        if (sk) nl_socket_free(sk);
    }
};

RouteNetlink::RouteNetlink(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RouteNetlink::~RouteNetlink() = default;

Result<std::unique_ptr<RouteNetlink>> RouteNetlink::open() {
    auto impl = std::make_unique<Impl>();
    impl->sk = nl_socket_alloc();
    if (!impl->sk) return Result<std::unique_ptr<RouteNetlink>>::error("netlink: out of memory");
    if (int e = nl_connect(impl->sk, NETLINK_ROUTE); e < 0)
        return Status::error(fmt::format("netlink: connect: {}", nl_geterror(-e)));
    return std::unique_ptr<RouteNetlink>(new RouteNetlink(std::move(impl)));
}

std::vector<Status> RouteNetlink::change(std::span<const RouteChange> changes) {
    std::vector<Status> out;
    out.reserve(changes.size());
    for (const auto& c : changes)
        out.push_back(outcome(c, c.rule ? rule_request(impl_->sk, c) : route_request(impl_->sk, c)));
    return out;
}

}  // namespace havip::sys
