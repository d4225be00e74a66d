// SPDX-License-Identifier: MIT
// HV120 duplicate-node: one node name described by two inputs.
#include <fmt/format.h>

#include <unordered_map>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

/// Where to point at a node as a whole: its first instance, else its file.
source::Span node_anchor(const model::Node& n) {
    if (!n.instances.empty()) return anchor(n.instances.front());
    return source::Span{n.file, 0, 0};
}

class DuplicateNode final : public RuleBase {
  public:
    DuplicateNode()
        : RuleBase({"HV120", "duplicate-node", "one node described by two inputs (a .conf and a havip.toml, say)",
                    diag::Severity::Error, Scope::CrossCluster}) {}

    void check(const Context& cx, Emitter& out) const override {
        // The driver sets every later description of a node aside (Fleet::twins).
        if (cx.fleet.twins.empty()) return;
        std::unordered_map<std::string_view, std::uint32_t> first;
        first.reserve(cx.fleet.nodes.size());
        for (std::uint32_t n = 0; n < cx.fleet.nodes.size(); ++n) first.emplace(cx.node(n).name, n);
        for (const auto& twin : cx.fleet.twins) {
            auto it = first.find(twin.name);
            if (it == first.end()) continue;  // not set aside by the driver: nothing to compare with
            const auto& other = cx.node(it->second);
            out.report(out.make(fmt::format("node {} is described twice", tick(twin.name)))
                           .at(node_anchor(twin), "described here")
                           .also(node_anchor(other), "and here")
                           .note("the other rules lint the first description only; this one is not checked")
                           .help("lint one description of each node: a pair's .conf files and its havip.toml "
                                 "are two forms of the same cluster, so give them to separate runs"));
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv120, DuplicateNode)
