// SPDX-License-Identifier: MIT
// HV215 unicast-without-peers: a unicast keyword but no unicast_peer block
// (keepalived falls back to multicast).
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class UnicastWithoutPeers final : public RuleBase {
public:
    UnicastWithoutPeers()
        : RuleBase({"HV215", "unicast-without-peers",
                    "unicast_src_ip or unicast_ttl without unicast peers (keepalived falls back to multicast)",
                    diag::Severity::Warning, "node"}) {}

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef, const model::Node&, const model::Instance& i) {
            // An empty `unicast_peer { }` is HV108's.
            if (i.unicast_peer_block || !i.peers.empty()) return;
            const model::Located<int>* ttl = &i.unicast_ttl;
            if (!i.unicast_src_ip.set && !ttl->set) return;
            const auto at = i.unicast_src_ip.set ? static_cast<source::Span>(i.unicast_src_ip.span)
                                                 : static_cast<source::Span>(ttl->span);
            out.report(out.make(fmt::format("instance {} has a unicast keyword but no unicast peers", tick(i.name)))
                           .at(at, "unicast without peers")
                           .note(fmt::format("keepalived says \"({}) A unicast keyword has been specified without any "
                                             "unicast peers. Defaulting to multicast.\"",
                                             i.name))
                           .note("a VPC carries multicast only when enabled by ticket, so the nodes may never hear "
                                 "each other")
                           .help("list the other node's address in `unicast_peer { ... }`"));
        });
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv215, UnicastWithoutPeers)
