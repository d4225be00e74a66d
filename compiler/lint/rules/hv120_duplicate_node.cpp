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
                    diag::Severity::Error, "X-cluster"}) {}

    void check(const Context& cx, Emitter& out) const override {
        std::unordered_map<std::string_view, std::uint32_t> first;
        first.reserve(cx.fleet.nodes.size());
        for (std::uint32_t n = 0; n < cx.fleet.nodes.size(); ++n) {
            const auto& node = cx.node(n);
            auto [it, fresh] = first.emplace(node.name, n);
            if (fresh) continue;
            const auto& other = cx.node(it->second);
            out.report(out.make(fmt::format("node {} is described twice", tick(node.name)))
                           .at(node_anchor(node), "described here")
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
