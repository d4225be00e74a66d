// SPDX-License-Identifier: MIT
// HV115 vip-set-mismatch: members advertise different VIP sets.
#include <fmt/format.h>

#include <algorithm>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

std::vector<model::IpAddr> vip_set(const model::Instance& i) {
    std::vector<model::IpAddr> v;
    v.reserve(i.vips.size());
    for (const auto& x : i.vips) v.push_back(x.addr.addr);
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}

std::string list(const std::vector<model::IpAddr>& v) {
    std::string s;
    for (std::size_t k = 0; k < v.size() && k < 4; ++k) s += (k ? ", " : "") + tick(v[k]);
    if (v.size() > 4) s += fmt::format(" and {} more", v.size() - 4);
    return s;
}

class VipSetMismatch final : public RuleBase {
  public:
    VipSetMismatch()
        : RuleBase({"HV115", "vip-set-mismatch", "members advertise different VIP sets", diag::Severity::Error,
                    Scope::CrossNode}) {}

    void check(const Context& cx, Emitter& out) const override {
        for (const auto& cl : cx.topo.clusters) {
            if (cl.members.size() < 2) continue;
            const auto& ref = cl.members.front();
            const auto& ri = cx.inst(ref);
            const auto rs = vip_set(ri);
            const auto& rn = cx.node(ref).name;
            for (std::size_t k = 1; k < cl.members.size(); ++k) {
                const auto& i = cx.inst(cl.members[k]);
                auto s = vip_set(i);
                if (s == rs) continue;
                std::vector<model::IpAddr> extra, missing;
                std::set_difference(s.begin(), s.end(), rs.begin(), rs.end(), std::back_inserter(extra));
                std::set_difference(rs.begin(), rs.end(), s.begin(), s.end(), std::back_inserter(missing));
                std::string what;
                if (!extra.empty()) what = fmt::format("{} only here", list(extra));
                if (!missing.empty())
                    what += fmt::format("{}{} only on {}", what.empty() ? "" : "; ", list(missing), tick(rn));
                out.report(out.make(fmt::format("virtual_ipaddress differs from {}: {}", tick(rn), what))
                               .at(or_else(i.vip_span, anchor(i)), "this member's VIPs")
                               .also(or_else(ri.vip_span, anchor(ri)), fmt::format("{}'s VIPs", tick(rn)))
                               .note("keepalived drops adverts whose address list differs from its own, so both "
                                     "nodes become master")
                               .help("list the same VIPs on every member"));
            }
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv115, VipSetMismatch)
