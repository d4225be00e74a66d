// SPDX-License-Identifier: MIT
// HV116 duplicate-vip: one VIP claimed by two clusters of a VPC.
#include <fmt/format.h>

#include <unordered_map>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

struct Key {
    std::uint32_t vpc;
    model::IpAddr addr;
    friend bool operator==(const Key&, const Key&) = default;
};
struct KeyHash {
    std::size_t operator()(const Key& k) const noexcept { return hash_addr(k.addr) * 131u + k.vpc; }
};
struct Claim {
    std::uint32_t cluster;
    source::Span span;
};

class DuplicateVip final : public RuleBase {
  public:
    DuplicateVip()
        : RuleBase({"HV116", "duplicate-vip", "one VIP claimed by two clusters of a VPC", diag::Severity::Error,
                    Scope::CrossCluster}) {}

    void check(const Context& cx, Emitter& out) const override {
        std::unordered_map<Key, Claim, KeyHash> claims;
        claims.reserve(cx.topo.clusters.size() * 2);
        for (std::uint32_t c = 0; c < cx.topo.clusters.size(); ++c) {
            const auto& cl = cx.topo.clusters[c];
            auto claim = [&](const model::Vip& v) {
                auto [it, fresh] = claims.emplace(Key{cl.vpc, v.addr.addr}, Claim{c, v.span});
                if (fresh || it->second.cluster == c) return;
                auto other = cx.name_of(cx.topo.clusters[it->second.cluster]);
                out.report(out.make(fmt::format("VIP {} is also claimed by cluster {}", tick(v.addr.addr), tick(other)))
                               .at(v.span, "claimed again here")
                               .also(it->second.span, fmt::format("claimed by cluster {} here", tick(other)))
                               .note("two masters answer for one HAVIP and the platform moves it back and forth")
                               .help("give each cluster its own HAVIP"));
            };
            for (const auto& m : cl.members) {
                for (const auto& v : cx.inst(m).vips) claim(v);
                for (const auto& v : cx.inst(m).vips_excluded) claim(v);
            }
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv116, DuplicateVip)
