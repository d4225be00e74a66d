// SPDX-License-Identifier: MIT
// Address and link management through libnl-route-3.
#include "sys/netlink.hpp"

#include <linux/if_link.h>
#include <net/if.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/macvlan.h>
#include <netlink/socket.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace havip::sys {

namespace {

Status nl_error(std::string_view what, int err) {
    return Status::error(fmt::format("{}: {}", what, nl_geterror(err < 0 ? -err : err)));
}

int af(int family) { return family == 4 ? AF_INET : AF_INET6; }

// RAII holders for libnl objects (put is libnl's reference release).
struct AddrPtr {
    rtnl_addr* p = rtnl_addr_alloc();
    ~AddrPtr() {
        if (p) rtnl_addr_put(p);
    }
};
struct LinkPtr {
    rtnl_link* p = nullptr;
    ~LinkPtr() {
        if (p) rtnl_link_put(p);
    }
};
struct NlAddrPtr {
    nl_addr* p = nullptr;
    ~NlAddrPtr() {
        if (p) nl_addr_put(p);
    }
};
struct CachePtr {
    nl_cache* p = nullptr;
    ~CachePtr() {
        if (p) nl_cache_free(p);
    }
};

LinkInfo to_info(rtnl_link* l) {
    LinkInfo li;
    li.ifindex = rtnl_link_get_ifindex(l);
    if (const char* n = rtnl_link_get_name(l)) li.name = n;
    if (const char* t = rtnl_link_get_type(l)) li.kind = t;
    unsigned flags = rtnl_link_get_flags(l);
    li.up = flags & IFF_UP;
    li.running = flags & IFF_RUNNING;
    li.mtu = rtnl_link_get_mtu(l);
    li.parent = rtnl_link_get_link(l);
    if (nl_addr* a = rtnl_link_get_addr(l); a && nl_addr_get_len(a) == 6)
        std::memcpy(li.mac.bytes.data(), nl_addr_get_binary_addr(a), 6);
    return li;
}

}  // namespace

struct Netlink::Impl {
    nl_sock* sk = nullptr;
    int batch_fd = -1;  // plain NETLINK_ROUTE socket of change_addresses (its own sequence numbers)
    std::uint32_t seq = 1;
    std::vector<std::uint8_t> req, resp;
    std::vector<NetlinkAck> acks;
    ~Impl() {
        if (sk) nl_socket_free(sk);
        if (batch_fd >= 0) ::close(batch_fd);
    }
};

Netlink::Netlink(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Netlink::~Netlink() = default;

Result<std::unique_ptr<Netlink>> Netlink::open() {
    auto impl = std::make_unique<Impl>();
    impl->sk = nl_socket_alloc();
    if (!impl->sk) return Result<std::unique_ptr<Netlink>>::error("netlink: out of memory");
    if (int e = nl_connect(impl->sk, NETLINK_ROUTE); e < 0) return nl_error("netlink: connect", e);
    impl->batch_fd = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (impl->batch_fd < 0) return Status::from_errno("netlink: socket", errno);
    sockaddr_nl local{};
    local.nl_family = AF_NETLINK;
    if (::bind(impl->batch_fd, reinterpret_cast<sockaddr*>(&local), sizeof local) < 0)
        return Status::from_errno("netlink: bind", errno);
    int one = 1;  // acks without a copy of the request
    (void)::setsockopt(impl->batch_fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
    impl->resp.resize(std::size_t{64} * 1024);
    return std::unique_ptr<Netlink>(new Netlink(std::move(impl)));
}

Status Netlink::add_address(int ifindex, const IpAddr& addr, int prefix, std::string_view label, bool ok_if_present) {
    if (!addr.valid()) return Status::error("netlink: add of an unset address");
    int full = addr.is_v4() ? 32 : 128;
    if (prefix < 0) prefix = full;
    if (prefix > full) return Status::error(fmt::format("netlink: prefix /{} too long for {}", prefix, addr.str()));
    AddrPtr a;
    NlAddrPtr local;
    local.p = nl_addr_build(af(addr.family), addr.bytes.data(), addr.size());
    if (!a.p || !local.p) return Status::error("netlink: out of memory");
    nl_addr_set_prefixlen(local.p, prefix);
    rtnl_addr_set_ifindex(a.p, ifindex);
    rtnl_addr_set_family(a.p, af(addr.family));
    if (int e = rtnl_addr_set_local(a.p, local.p); e < 0) return nl_error("netlink: address", e);
    rtnl_addr_set_prefixlen(a.p, prefix);
    if (!label.empty()) {
        if (!addr.is_v4()) return Status::error("netlink: labels exist only for IPv4 addresses");
        if (label.size() >= IFNAMSIZ)
            return Status::error(fmt::format("netlink: label `{}` is longer than 15 bytes", label));
        std::string l(label);
        if (int e = rtnl_addr_set_label(a.p, l.c_str()); e < 0) return nl_error("netlink: label", e);
    }
    // No duplicate address detection: a VIP must answer the moment it is added.
    if (addr.is_v6()) rtnl_addr_set_flags(a.p, IFA_F_NODAD);
    int e = rtnl_addr_add(impl_->sk, a.p, NLM_F_EXCL);
    if (e == -NLE_EXIST && ok_if_present) return {};
    if (e < 0) return nl_error(fmt::format("netlink: add {}/{} on ifindex {}", addr.str(), prefix, ifindex), e);
    return {};
}

Status Netlink::del_address(int ifindex, const IpAddr& addr, int prefix, bool ok_if_absent) {
    if (!addr.valid()) return Status::error("netlink: delete of an unset address");
    if (prefix < 0) {
        auto list = addresses(ifindex, addr.family);
        if (!list) return list.status();
        for (const auto& e : *list)
            if (e.addr == addr) prefix = e.prefix;
        if (prefix < 0) {
            if (ok_if_absent) return {};
            return Status::error(fmt::format("netlink: {} is not on ifindex {}", addr.str(), ifindex));
        }
    }
    AddrPtr a;
    NlAddrPtr local;
    local.p = nl_addr_build(af(addr.family), addr.bytes.data(), addr.size());
    if (!a.p || !local.p) return Status::error("netlink: out of memory");
    nl_addr_set_prefixlen(local.p, prefix);
    rtnl_addr_set_ifindex(a.p, ifindex);
    rtnl_addr_set_family(a.p, af(addr.family));
    rtnl_addr_set_local(a.p, local.p);
    rtnl_addr_set_prefixlen(a.p, prefix);
    int e = rtnl_addr_delete(impl_->sk, a.p, 0);
    if ((e == -NLE_NOADDR || e == -NLE_OBJ_NOTFOUND || e == -NLE_NODEV) && ok_if_absent) return {};
    if (e < 0) return nl_error(fmt::format("netlink: delete {}/{} on ifindex {}", addr.str(), prefix, ifindex), e);
    return {};
}

std::vector<Status> Netlink::change_addresses(std::span<const AddrChange> changes) {
    // At most kChunk requests per sendmsg: their acks (queued while the kernel
    // handles the requests inside sendmsg) fit the socket's receive buffer.
    constexpr std::size_t kChunk = 32;
    std::vector<Status> out(changes.size());
    Impl& m = *impl_;
    for (std::size_t begin = 0; begin < changes.size(); begin += kChunk) {
        const std::size_t end = std::min(changes.size(), begin + kChunk);
        const std::uint32_t base = m.seq;
        m.seq += static_cast<std::uint32_t>(end - begin);
        m.req.clear();
        std::vector<bool> waiting(end - begin, false);
        std::size_t pending = 0;
        for (std::size_t i = begin; i < end; ++i) {
            Status st = append_addr_request(m.req, changes[i], base + static_cast<std::uint32_t>(i - begin));
            if (!st) {
                out[i] = std::move(st);
                continue;
            }
            waiting[i - begin] = true;
            ++pending;
        }
        if (!pending) continue;
        sockaddr_nl kernel{};
        kernel.nl_family = AF_NETLINK;
        ssize_t n;
        do n = ::sendto(m.batch_fd, m.req.data(), m.req.size(), 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel);
        while (n < 0 && errno == EINTR);
        if (n < 0) {
            Status st = Status::from_errno("netlink: send of address changes", errno);
            for (std::size_t i = begin; i < end; ++i)
                if (waiting[i - begin]) out[i] = st;
            continue;
        }
        // The kernel has handled every request when sendto returns: the acks are
        // queued already, so the reads never wait.
        while (pending) {
            ssize_t r;
            do r = ::recv(m.batch_fd, m.resp.data(), m.resp.size(), MSG_DONTWAIT);
            while (r < 0 && errno == EINTR);
            if (r <= 0) break;
            m.acks.clear();
            (void)parse_acks(std::span<const std::uint8_t>(m.resp.data(), static_cast<std::size_t>(r)), m.acks);
            for (const NetlinkAck& a : m.acks) {
                const std::uint32_t k = a.seq - base;
                if (k >= waiting.size() || !waiting[k]) continue;  // a stale or foreign answer
                waiting[k] = false;
                --pending;
                out[begin + k] = addr_change_status(changes[begin + k], a.error);
            }
        }
        for (std::size_t i = begin; i < end; ++i)
            if (waiting[i - begin])
                out[i] = Status::error(fmt::format("netlink: no answer to the change of {} on ifindex {}",
                                                   changes[i].addr.str(), changes[i].ifindex));
    }
    return out;
}

Result<std::vector<AddrEntry>> Netlink::addresses(int ifindex, int family) {
    CachePtr cache;
    if (int e = rtnl_addr_alloc_cache(impl_->sk, &cache.p); e < 0) return nl_error("netlink: list addresses", e);
    std::vector<AddrEntry> out;
    for (nl_object* o = nl_cache_get_first(cache.p); o; o = nl_cache_get_next(o)) {
        auto* a = reinterpret_cast<rtnl_addr*>(o);
        int fam = rtnl_addr_get_family(a) == AF_INET ? 4 : rtnl_addr_get_family(a) == AF_INET6 ? 6 : 0;
        if (!fam || (family && fam != family)) continue;
        if (ifindex && rtnl_addr_get_ifindex(a) != ifindex) continue;
        nl_addr* l = rtnl_addr_get_local(a);
        if (!l) l = rtnl_addr_get_peer(a);
        if (!l || nl_addr_get_len(l) != (fam == 4 ? 4u : 16u)) continue;
        AddrEntry e;
        e.ifindex = rtnl_addr_get_ifindex(a);
        e.addr = IpAddr::from_bytes(static_cast<const std::uint8_t*>(nl_addr_get_binary_addr(l)), fam);
        e.prefix = rtnl_addr_get_prefixlen(a);
        if (const char* lab = rtnl_addr_get_label(a)) e.label = lab;
        e.flags = static_cast<std::uint32_t>(rtnl_addr_get_flags(a));
        e.scope = rtnl_addr_get_scope(a);
        out.push_back(std::move(e));
    }
    return out;
}

Result<int> Netlink::ifindex(std::string_view name) {
    auto li = link(name);
    if (!li) return li.status();
    return li->ifindex;
}

Result<LinkInfo> Netlink::link(int ifindex) {
    LinkPtr l;
    if (int e = rtnl_link_get_kernel(impl_->sk, ifindex, nullptr, &l.p); e < 0)
        return nl_error(fmt::format("netlink: interface index {}", ifindex), e);
    return to_info(l.p);
}

Result<LinkInfo> Netlink::link(std::string_view name) {
    if (name.empty() || name.size() >= IFNAMSIZ)
        return Result<LinkInfo>::error(fmt::format("netlink: bad interface name `{}`", name));
    std::string n(name);
    LinkPtr l;
    if (int e = rtnl_link_get_kernel(impl_->sk, 0, n.c_str(), &l.p); e < 0)
        return nl_error(fmt::format("netlink: interface `{}`", name), e);
    return to_info(l.p);
}

Result<std::vector<LinkInfo>> Netlink::links() {
    CachePtr cache;
    if (int e = rtnl_link_alloc_cache(impl_->sk, AF_UNSPEC, &cache.p); e < 0) return nl_error("netlink: list links", e);
    std::vector<LinkInfo> out;
    for (nl_object* o = nl_cache_get_first(cache.p); o; o = nl_cache_get_next(o))
        out.push_back(to_info(reinterpret_cast<rtnl_link*>(o)));
    return out;
}

Status Netlink::set_link_up(int ifindex, bool up) {
    LinkPtr orig, change;
    orig.p = rtnl_link_alloc();
    change.p = rtnl_link_alloc();
    if (!orig.p || !change.p) return Status::error("netlink: out of memory");
    rtnl_link_set_ifindex(orig.p, ifindex);
    if (up)
        rtnl_link_set_flags(change.p, IFF_UP);
    else
        rtnl_link_unset_flags(change.p, IFF_UP);
    if (int e = rtnl_link_change(impl_->sk, orig.p, change.p, 0); e < 0)
        return nl_error(fmt::format("netlink: set ifindex {} {}", ifindex, up ? "up" : "down"), e);
    return {};
}

Result<int> Netlink::create_macvlan(std::string_view name, int parent, const MacAddr& mac, bool up) {
    if (name.empty() || name.size() >= IFNAMSIZ)
        return Result<int>::error(fmt::format("netlink: bad interface name `{}`", name));
    std::string n(name);
    LinkPtr l;
    l.p = rtnl_link_macvlan_alloc();
    NlAddrPtr hw;
    hw.p = nl_addr_build(AF_LLC, mac.bytes.data(), 6);
    if (!l.p || !hw.p) return Result<int>::error("netlink: out of memory");
    rtnl_link_set_name(l.p, n.c_str());
    rtnl_link_set_link(l.p, parent);
    rtnl_link_set_addr(l.p, hw.p);
    if (int e = rtnl_link_macvlan_set_mode(l.p, MACVLAN_MODE_PRIVATE); e < 0)
        return nl_error("netlink: macvlan mode", e);
    if (int e = rtnl_link_add(impl_->sk, l.p, NLM_F_CREATE | NLM_F_EXCL); e < 0)
        return nl_error(fmt::format("netlink: create macvlan `{}` on ifindex {}", name, parent), e);
    auto idx = ifindex(name);
    if (!idx) return idx;
    if (up) {
        if (Status st = set_link_up(*idx, true); !st) return st;
    }
    return idx;
}

Status Netlink::delete_link(int ifindex) {
    LinkPtr l;
    l.p = rtnl_link_alloc();
    if (!l.p) return Status::error("netlink: out of memory");
    rtnl_link_set_ifindex(l.p, ifindex);
    if (int e = rtnl_link_delete(impl_->sk, l.p); e < 0)
        return nl_error(fmt::format("netlink: delete ifindex {}", ifindex), e);
    return {};
}

}  // namespace havip::sys
