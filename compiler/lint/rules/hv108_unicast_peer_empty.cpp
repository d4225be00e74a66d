// SPDX-License-Identifier: MIT
// HV108 unicast-peer-empty: a unicast_peer block with no address.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

class UnicastPeerEmpty final : public RuleBase {
  public:
    UnicastPeerEmpty()
        : RuleBase({"HV108", "unicast-peer-empty", "unicast_peer block present but empty", diag::Severity::Error,
                    Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef, const model::Node&, const model::Instance& i) {
            if (!i.unicast_peer_block || !i.peers.empty()) return;
            out.report(out.make(fmt::format("instance {} has an empty unicast_peer block", tick(i.name)))
                           .at(or_else(i.unicast_peer_span, anchor(i)), "no peer listed")
                           .note("keepalived before 2.2.5 silently falls back to multicast; later ones send to nobody")
                           .help("list the other node's address in unicast_peer"));
        });
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv108, UnicastPeerEmpty)
