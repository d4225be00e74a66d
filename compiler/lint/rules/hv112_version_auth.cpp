// SPDX-License-Identifier: MIT
// HV112 version-auth: members differ in VRRP version, auth type, password or v3
// checksum flavour; auth with VRRPv3; an IPv6 VIP with VRRPv2.
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

const char* auth_name(model::AuthType t) {
    switch (t) {
        case model::AuthType::Pass: return "PASS";
        case model::AuthType::Ah: return "AH";
        case model::AuthType::None: break;
    }
    return "none";
}

std::string pass8(const model::Instance& i) { return i.auth_pass.value.substr(0, 8); }

class VersionAuth final : public RuleBase {
public:
    VersionAuth()
        : RuleBase({"HV112", "version-auth",
                    "members differ in VRRP version or authentication; auth with VRRPv3; IPv6 VIP with VRRPv2",
                    diag::Severity::Error, "X-node"}) {}

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef, const model::Node&, const model::Instance& i) {
            if (i.version.value == 3 && i.auth_type.value != model::AuthType::None)
                out.report(out.make("authentication is ignored with VRRP version 3")
                               .at(at_or(i.auth_type, or_else(i.auth_span, anchor(i))), "ignored")
                               .also(at_or(i.version, anchor(i)), "version 3 here")
                               .note("VRRPv3 (RFC 5798) has no authentication; keepalived drops the setting")
                               .help("remove the authentication block"));
            if (i.version.value == 2)
                for (const auto& v : i.vips)
                    if (v.addr.addr.is_v6()) {
                        out.report(out.make(fmt::format("IPv6 VIP {} with VRRP version 2", tick(v.addr.addr)))
                                       .at(v.span, "needs VRRP version 3")
                                       .note("keepalived switches the instance to version 3, which its peers may "
                                             "not do")
                                       .help("set `version 3` on every member, or move IPv6 addresses to their own "
                                             "instance"));
                        break;
                    }
        });
        for (const auto& cl : cx.topo.clusters) {
            if (cl.members.size() < 2) continue;
            const auto& ref = cl.members.front();
            const auto& ri = cx.inst(ref);
            const auto& rn = cx.node(ref).name;
            for (std::size_t k = 1; k < cl.members.size(); ++k) {
                const auto& i = cx.inst(cl.members[k]);
                if (i.version.value != ri.version.value) {
                    out.report(out.make(fmt::format("VRRP version {} differs from version {} on {}",
                                                    i.version.value, ri.version.value, tick(rn)))
                                   .at(at_or(i.version, anchor(i)), "this member")
                                   .also(at_or(ri.version, anchor(ri)), fmt::format("{} uses version {}", tick(rn),
                                                                                   ri.version.value))
                                   .note("each member drops the other's adverts, so both become master")
                                   .help("use one VRRP version (`version` or global vrrp_version) on every member"));
                    continue;
                }
                auto auth_at = [](const model::Instance& x) {
                    return at_or(x.auth_type, or_else(x.auth_span, anchor(x)));
                };
                if (i.auth_type.value != ri.auth_type.value) {
                    out.report(out.make(fmt::format("auth_type {} differs from {} on {}", tick(auth_name(i.auth_type.value)),
                                                    tick(auth_name(ri.auth_type.value)), tick(rn)))
                                   .at(auth_at(i), "this member")
                                   .also(auth_at(ri), fmt::format("{} here", tick(rn)))
                                   .note("adverts with another authentication are dropped: both become master")
                                   .help("use the same authentication block on every member"));
                } else if (i.auth_type.value == model::AuthType::Pass && pass8(i) != pass8(ri)) {
                    out.report(out.make(fmt::format("auth_pass differs from the one on {}", tick(rn)))
                                   .at(at_or(i.auth_pass, auth_at(i)), "this password")
                                   .also(at_or(ri.auth_pass, auth_at(ri)), fmt::format("{} uses another", tick(rn)))
                                   .note("adverts with another password are dropped: both become master")
                                   .help("use the same auth_pass (at most 8 bytes) on every member"));
                }
                if (i.version.value == 3 && i.v3_checksum_as_v2.value != ri.v3_checksum_as_v2.value) {
                    const auto& with = i.v3_checksum_as_v2.value ? i : ri;
                    out.report(out.make(fmt::format("VRRPv3 checksum flavour differs from {}", tick(rn)))
                                   .at(at_or(i.v3_checksum_as_v2, anchor(i)), "this member")
                                   .also(at_or(with.v3_checksum_as_v2, anchor(with)), "v3_checksum_as_v2 here")
                                   .note("a peer computing the checksum the other way drops every advert")
                                   .help("set v3_checksum_as_v2 on all members or on none"));
                }
            }
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv112, VersionAuth)
