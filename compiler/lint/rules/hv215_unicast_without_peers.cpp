// SPDX-License-Identifier: MIT
// HV215 unicast-without-peers: a unicast keyword (unicast_src_ip, check_unicast_src,
// old_unicast_checksum, unicast_ttl) but no unicast_peer block
// (keepalived falls back to multicast).
#include <fmt/format.h>

#include <optional>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

bool within(const source::Span& s, const source::Span& block) {
    return s.file == block.file && s.begin >= block.begin && s.end <= block.end;
}

class UnicastWithoutPeers final : public RuleBase {
  public:
    UnicastWithoutPeers()
        : RuleBase({"HV215", "unicast-without-peers",
                    "unicast_src_ip, check_unicast_src, old_unicast_checksum or unicast_ttl without unicast peers",
                    diag::Severity::Warning, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef, const model::Node& node, const model::Instance& i) {
            // An empty `unicast_peer { }` is HV108's.
            if (i.unicast_peer_block || !i.peers.empty()) return;
            // keepalived 2.2.7 counts unicast_src_ip, check_unicast_src and
            // old_unicast_checksum ("A unicast keyword ..."); unicast_ttl it resets
            // with its own complaint on the line ("Cannot use unicast_ttl without
            // unicast peers - resetting").
            std::optional<source::Span> at;
            if (i.unicast_src_ip.set) at = i.unicast_src_ip.span;
            for (const auto& k : node.keywords) {
                if (at) break;
                if (k.block() == "vrrp_instance" &&
                    (k.keyword() == "check_unicast_src" || k.keyword() == "old_unicast_checksum") &&
                    within(k.span, i.span))
                    at = k.span;
            }
            if (!at && i.unicast_ttl.set) at = i.unicast_ttl.span;
            if (!at) return;
            out.report(out.make(fmt::format("instance {} has a unicast keyword but no unicast peers", tick(i.name)))
                           .at(*at, "unicast without peers")
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
