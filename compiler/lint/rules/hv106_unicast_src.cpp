// SPDX-License-Identifier: MIT
// HV106 unicast-src: unicast peers without unicast_src_ip, a unicast_src_ip
// that is not this node's address, or of another family than its peers and VIPs.
#include <fmt/format.h>

#include <vector>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class UnicastSrc final : public RuleBase {
  public:
    UnicastSrc()
        : RuleBase({"HV106", "unicast-src",
                    "unicast peers without unicast_src_ip, or a unicast_src_ip that is not this node's address",
                    diag::Severity::Error, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef r, const model::Node& node, const model::Instance& i) {
            if (is_unicast(i) && !i.unicast_src_ip.set) {
                out.report(out.make(fmt::format("instance {} has unicast peers but no unicast_src_ip", tick(i.name)))
                               .at(or_else(i.unicast_peer_span, anchor(i)), "unicast peers here")
                               .note("the kernel then picks the source address, and once the VIP is the ENI's "
                                     "primary address the peer drops the adverts: split brain")
                               .help("add `unicast_src_ip` with this node's own address"));
            }
            // keepalived takes the instance's family from unicast_src_ip, and
            // skips the peers and VIPs of the other ("MUST be of the same family").
            if (i.unicast_src_ip.set) {
                const bool v6 = i.unicast_src_ip.value.is_v6();
                std::vector<const model::Loc*> others;
                for (const auto& p : i.peers)
                    if (p.addr.is_v6() != v6) others.push_back(&p.span);
                for (const auto& v : i.vips)
                    if (v.addr.addr.is_v6() != v6) others.push_back(&v.span);
                if (!others.empty()) {
                    auto b =
                        out.make(fmt::format("unicast_src_ip {} is IPv{}, and peers or VIPs of instance {} are not",
                                             tick(i.unicast_src_ip.value), v6 ? 6 : 4, tick(i.name)));
                    b.at(i.unicast_src_ip.span, "the instance's address family");
                    for (const auto* o : others) b.also(*o, "skipped by keepalived");
                    b.note(
                         "keepalived says \"... MUST be of the same family !!! Skipping\" and \"address family "
                         "must match VRRP instance\"")
                        .help("give unicast_src_ip, the peers and the VIPs one address family");
                    out.report(b);
                }
            }
            const auto* h = cx.host(r.node);
            if (i.unicast_src_ip.set && host_knows_addresses(h) && !host_has(h, i.unicast_src_ip.value)) {
                out.report(out.make(fmt::format("unicast_src_ip {} is not an address of node {}",
                                                tick(i.unicast_src_ip.value), tick(node.name)))
                               .at(i.unicast_src_ip.span, "not on this node")
                               .note("the inventory lists this node's interfaces and their addresses")
                               .help("use the address of this node's ENI (is this the peer's file?)"));
            }
        });
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv106, UnicastSrc)
