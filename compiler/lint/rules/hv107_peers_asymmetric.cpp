// SPDX-License-Identifier: MIT
// HV107 peers-asymmetric: a member's unicast_src_ip missing from another
// member's unicast_peer, or a node listing itself as a peer (instances of one
// node fold into one).
#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

/// Above this many members only linked pairs are compared (no pairing).
constexpr std::size_t kPairwiseLimit = 64;

bool lists(const model::Instance& i, const model::IpAddr& a) {
    return std::any_of(i.peers.begin(), i.peers.end(), [&](const model::Peer& p) { return p.addr == a; });
}

/// Adds `addr` as a line of y's `unicast_peer { ... }` block, just above its
/// closing brace and indented like its last peer: only for a block whose brace
/// is alone on its line in the text (not a one-line block, not TOML), and a
/// node read without `@id` (a plain line would apply to every id).
std::vector<diag::Edit> add_peer(const Context& cx, const model::Node& node, const model::Instance& y,
                                 const model::IpAddr& addr) {
    const auto& sm = cx.sm;
    const auto b = y.unicast_peer_span;
    if (!node.config_id.empty() || !b.valid() || y.peers.empty() || b.end == b.begin) return {};
    auto text = sm.text(b);
    if (text.substr(0, 12) != "unicast_peer" || text.back() != '}') return {};
    const source::Span brace{b.file, b.end - 1, b.end};
    const auto brace_line = diag::whole_lines(sm, brace);
    const auto last = y.peers.back().span;
    if (!brace_line.valid() || !last.valid() || last.file != b.file || !diag::whole_lines(sm, last).valid()) return {};
    std::string line(diag::indent_at(sm, b.file, last.begin));
    line += addr.str();
    line += diag::newline_at(sm, b.file, last.begin);
    return {diag::Edit{{b.file, brace_line.begin, brace_line.begin}, std::move(line)}};
}

struct AddrHash {
    std::size_t operator()(const model::IpAddr& a) const noexcept { return hash_addr(a); }
};

/// A node that lists its own address as a unicast peer (any cluster size).
void self_peers(const Context& cx, Emitter& out) {
    cx.each_instance([&](InstRef r, const model::Node& node, const model::Instance& i) {
        for (const auto& p : i.peers) {
            bool own = (i.unicast_src_ip.set && p.addr == i.unicast_src_ip.value) || host_has(cx.host(r.node), p.addr);
            if (!own) continue;
            const auto msg =
                fmt::format("node {} lists its own address {} as a unicast peer", tick(node.name), tick(p.addr));
            auto b = out.make(msg);
            b.at(p.span, "this node's own address");
            if (i.unicast_src_ip.set && p.addr == i.unicast_src_ip.value)
                b.also(i.unicast_src_ip.span, "the node's unicast_src_ip");
            b.help("list only the other nodes' addresses (is this the peer's file?)");
            out.report(b, fold_in_node(cx, r.node, i.name, msg));
        }
    });
}

/// Member `y` does not list member `x`'s unicast_src_ip among its peers.
void missing(const Context& cx, Emitter& out, const InstRef& y, const InstRef& x) {
    const auto& yi = cx.inst(y);
    const auto& xi = cx.inst(x);
    // Certain: the member sends from that address, and the pair only works
    // when each lists the other.
    auto edits = add_peer(cx, cx.node(y), yi, xi.unicast_src_ip.value);
    const auto msg = fmt::format("unicast_src_ip {} of {} is missing from this unicast_peer",
                                 tick(xi.unicast_src_ip.value), tick(cx.node(x).name));
    auto b = out.make(msg);
    b.at(or_else(yi.unicast_peer_span, anchor(yi)), fmt::format("{} is not listed", tick(xi.unicast_src_ip.value)))
        .also(xi.unicast_src_ip.span, fmt::format("{} sends from here", tick(cx.node(x).name)))
        .note("this node never sends its adverts there, so both nodes can become master")
        .help(fmt::format("add {} to unicast_peer", tick(xi.unicast_src_ip.value)))
        .fix(fmt::format("add {} to unicast_peer", tick(xi.unicast_src_ip.value)),
             diag::Applicability::MachineApplicable, std::move(edits));
    out.report(b, fold_in_node(cx, y.node, yi.name, msg));
}

/// A cluster of at most kPairwiseLimit members: every member against every other.
void pairwise(const Context& cx, Emitter& out, const Cluster& cl) {
    for (const auto& y : cl.members) {
        const auto& yi = cx.inst(y);
        if (!is_unicast(yi)) {
            if (yi.unicast_peer_block) continue;  // HV108
            out.report(out.make(fmt::format("instance {} has no unicast_peer while other members of its "
                                            "cluster use unicast",
                                            tick(yi.name)))
                           .at(anchor(yi), "sends multicast")
                           .help("list the other nodes under unicast_peer, as they list this one"));
            continue;
        }
        for (const auto& x : cl.members) {
            if (x.node == y.node) continue;
            const auto& xi = cx.inst(x);
            if (xi.unicast_src_ip.set && !lists(yi, xi.unicast_src_ip.value)) missing(cx, out, y, x);
        }
    }
}

/// A large cluster: only members one of which names the other are compared.
void named_pairs(const Context& cx, Emitter& out, const Cluster& cl) {
    std::unordered_map<model::IpAddr, InstRef, AddrHash> by_src;
    for (const auto& m : cl.members)
        if (cx.inst(m).unicast_src_ip.set) by_src.emplace(cx.inst(m).unicast_src_ip.value, m);
    for (const auto& y : cl.members) {
        const auto& yi = cx.inst(y);
        if (!yi.unicast_src_ip.set) continue;
        for (const auto& p : yi.peers) {
            auto it = by_src.find(p.addr);
            if (it == by_src.end() || it->second.node == y.node) continue;
            const auto& xi = cx.inst(it->second);
            if (is_unicast(xi) && !lists(xi, yi.unicast_src_ip.value)) missing(cx, out, it->second, y);
        }
    }
}

class PeersAsymmetric final : public RuleBase {
  public:
    PeersAsymmetric()
        : RuleBase({"HV107", "peers-asymmetric",
                    "a member's unicast_src_ip is missing from another member's unicast_peer, or a node lists itself",
                    diag::Severity::Error, Scope::CrossNode}) {}

    void check(const Context& cx, Emitter& out) const override {
        self_peers(cx, out);
        for (const auto& cl : cx.topo.clusters) {
            if (cl.members.size() < 2) continue;
            bool any_unicast = false;
            for (const auto& m : cl.members) any_unicast = any_unicast || is_unicast(cx.inst(m));
            if (!any_unicast) continue;
            if (cl.members.size() <= kPairwiseLimit)
                pairwise(cx, out, cl);
            else
                named_pairs(cx, out, cl);
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv107, PeersAsymmetric)
