// SPDX-License-Identifier: MIT
// HV213 startup-delay: no vrrp_startup_delay where the target supports it.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

constexpr model::Version kStartupDelay{2, 0, 14};

class StartupDelay final : public RuleBase {
  public:
    StartupDelay()
        : RuleBase({"HV213", "startup-delay", "no vrrp_startup_delay where the target supports it",
                    diag::Severity::Info, Scope::Node}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (std::uint32_t n = 0; n < cx.fleet.nodes.size(); ++n) {
            const auto& node = cx.node(n);
            if (node.instances.empty() || cx.target(n) < kStartupDelay || node.globals.vrrp_startup_delay_ms.set)
                continue;
            out.report(out.make("no vrrp_startup_delay: VRRP starts at once at boot")
                           .at(anchor(node.instances.front()), "starts VRRP at once")
                           .note("at boot the network may not be ready to hear the peer, so the node briefly "
                                 "becomes a false master and moves the HAVIP")
                           .help("add `vrrp_startup_delay 5` to global_defs (keepalived 2.0.14)"));
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv213, StartupDelay)
