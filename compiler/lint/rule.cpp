// SPDX-License-Identifier: MIT
#include "lint/rule.hpp"

#include <fmt/format.h>

namespace havip::lint {

Rule::~Rule() = default;

model::Version Context::target(std::uint32_t node) const {
    const auto* h = topo.hosts[node];
    return h && h->keepalived ? *h->keepalived : opt.target_keepalived;
}

diag::Builder Emitter::make(std::string message) const {
    return diag::make(meta_->code, meta_->severity, std::move(message));
}

diag::Builder Emitter::make(diag::Severity sev, std::string message) const {
    return diag::make(meta_->code, sev, std::move(message));
}

std::string tick(const model::IpAddr& a) { return diag::tick(a.str()); }
std::string vstr(const model::Version& v) { return fmt::format("{}.{}.{}", v.major, v.minor, v.patch); }

std::string seconds(std::uint32_t us) {
    if (us % 1000000 == 0) return std::to_string(us / 1000000);
    auto s = fmt::format("{:.6f}", us / 1e6);
    while (!s.empty() && s.back() == '0') s.pop_back();
    return s;
}

source::Span anchor(const model::Instance& i) { return or_else(i.name_span, i.span); }

const model::Script* find_script(const model::Node& n, std::string_view name) {
    for (const auto& s : n.scripts)
        if (s.name == name) return &s;
    return nullptr;
}

int track_weight(const model::Node& n, const model::TrackRef& t) {
    if (t.has_weight) return t.weight;
    if (t.kind == model::TrackKind::Script)
        if (const auto* s = find_script(n, t.name)) return s->weight.value;
    return 0;
}

const std::string& vip_dev(const model::Instance& i, const model::Vip& v) {
    return v.dev.empty() ? i.interface.value : v.dev;
}

bool on_havip_interface(const model::Instance& i, const model::Vip& v) {
    return v.dev.empty() || v.dev == i.interface.value;
}

bool host_knows_addresses(const model::HostFacts* h) {
    if (!h) return false;
    for (const auto& [dev, addrs] : h->interfaces)
        if (!addrs.empty()) return true;
    return false;
}

bool host_has(const model::HostFacts* h, const model::IpAddr& a) {
    if (!h) return false;
    for (const auto& [dev, addrs] : h->interfaces)
        for (const auto& c : addrs)
            if (c.addr == a) return true;
    return false;
}

std::string_view top_block(std::string_view block) { return block.substr(0, block.find('/')); }

Fold fold_in_node(const Context& cx, std::uint32_t node, std::string item, std::string_view message,
                  std::string_view what, std::string_view extra) {
    Fold f;
    f.key = fmt::format("{}", node);
    f.key += '\0';
    f.key += message;
    f.key += '\0';
    f.key += extra;
    f.item = std::move(item);
    f.many = fmt::format("{} ({{n}} {} of node {}: {{items}})", message, what, tick(cx.node(node).name));
    return f;
}

void report_unsupported(const Context& cx, Emitter& out, bool (*pick)(const model::KeywordUse&),
                        std::string_view what) {
    for (const auto& node : cx.fleet.nodes)
        for (const auto& k : node.keywords) {
            if (!pick(k)) continue;
            out.report(out.make(fmt::format("havipd does not execute {} ({}): the plan cannot be built", what,
                                            tick(k.keyword())))
                           .at(k.span, "not run by havipd")
                           .note("emitting keepalived.conf is unaffected")
                           .help("keep this node on keepalived (`havip-compile --emit keepalived`), or remove it"));
        }
}

ModeInfo cluster_mode(const Context& cx, const Cluster& c) {
    ModeInfo m;
    if (c.members.empty()) return m;
    const int p0 = cx.inst(c.members.front()).priority.value;
    for (const auto& r : c.members) {
        const auto& i = cx.inst(r);
        if (i.state.value == model::State::Master) ++m.masters;
        if (i.nopreempt.value) m.any_nopreempt = true;
        if (i.priority.value != p0) m.equal_priorities = false;
        const auto& decl = cx.node(r).cluster.mode;
        if (!m.declared && decl.set && decl.value != model::Mode::Unknown) {
            m.declared = true;
            m.mode = decl.value;
            m.declared_at = decl.span;
        }
    }
    if (m.declared) return m;
    if (c.members.size() == 1) {
        m.mode = m.masters ? model::Mode::Standing : m.any_nopreempt ? model::Mode::NonStanding : model::Mode::Unknown;
        return m;
    }
    int non_standing = (m.equal_priorities ? 1 : 0) + (m.any_nopreempt ? 1 : 0);
    int standing = (m.masters ? 1 : 0) + (m.equal_priorities ? 0 : 1);
    if (non_standing != standing)
        m.mode = non_standing > standing ? model::Mode::NonStanding : model::Mode::Standing;
    else
        m.mode = m.masters ? model::Mode::Standing : model::Mode::NonStanding;
    return m;
}

}  // namespace havip::lint
