// SPDX-License-Identifier: MIT
// HV117 vip-is-node-address: a VIP equal to a member's own address or a peer address.
#include <fmt/format.h>

#include <unordered_map>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

struct AddrHash {
    std::size_t operator()(const model::IpAddr& a) const noexcept { return hash_addr(a); }
};

/// Whose address it is; described in words only when a VIP collides with it.
struct Owner {
    enum Kind : std::uint8_t { UnicastSrc, McastSrc, Host, Peer } kind;
    InstRef member;
    const std::string* dev = nullptr;  ///< Host: the interface
    source::Span span;
};

std::string describe(const Context& cx, const Owner& o) {
    const auto name = tick(cx.node(o.member).name);
    switch (o.kind) {
        case Owner::UnicastSrc:
            return fmt::format("the unicast_src_ip of {}", name);
        case Owner::McastSrc:
            return fmt::format("the mcast_src_ip of {}", name);
        case Owner::Host:
            return fmt::format("an address of {} on {}", name, tick(*o.dev));
        case Owner::Peer:
            break;
    }
    return fmt::format("a unicast peer of {}", name);
}

class VipIsNodeAddress final : public RuleBase {
  public:
    VipIsNodeAddress()
        : RuleBase({"HV117", "vip-is-node-address", "a VIP equal to a member's own address or a peer address",
                    diag::Severity::Error, Scope::CrossNode}) {}

    void check(const Context& cx, Emitter& out) const override {
        std::unordered_map<model::IpAddr, Owner, AddrHash> addrs;
        for (const auto& cl : cx.topo.clusters) {
            addrs.clear();
            for (const auto& m : cl.members) {
                const auto& i = cx.inst(m);
                if (i.unicast_src_ip.set)
                    addrs.emplace(i.unicast_src_ip.value, Owner{Owner::UnicastSrc, m, nullptr, i.unicast_src_ip.span});
                if (i.mcast_src_ip.set)
                    addrs.emplace(i.mcast_src_ip.value, Owner{Owner::McastSrc, m, nullptr, i.mcast_src_ip.span});
                if (const auto* h = cx.host(m.node))
                    for (const auto& [dev, list] : h->interfaces)
                        for (const auto& a : list) addrs.emplace(a.addr, Owner{Owner::Host, m, &dev, h->span});
                for (const auto& p : i.peers) addrs.emplace(p.addr, Owner{Owner::Peer, m, nullptr, p.span});
            }
            for (const auto& m : cl.members)
                for (const auto& v : cx.inst(m).vips) {
                    auto it = addrs.find(v.addr.addr);
                    if (it == addrs.end()) continue;
                    auto b = out.make(fmt::format("VIP {} is {}", tick(v.addr.addr), describe(cx, it->second)));
                    b.at(v.span, "a node's own address");
                    if (it->second.span.valid()) b.also(it->second.span, "the same address here");
                    b.note(
                        "the VIP must be a separate HAVIP: a node's own address never moves, and removing it "
                        "cuts the node off");
                    b.help("use the HAVIP allocated for the cluster");
                    out.report(b);
                }
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv117, VipIsNodeAddress)
