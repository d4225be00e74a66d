// SPDX-License-Identifier: MIT
// HV112 version-auth: members differ in VRRP version, auth type, password or v3
// checksum flavour; auth with VRRPv3 or without a password; a VIP of the other address family; an
// IPv6 instance with version 2 (an error only where keepalived reports it).
// Auth with VRRPv3 and member differences fold per node (many clusters, one finding).
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

const char* auth_name(model::AuthType t) {
    switch (t) {
        case model::AuthType::Pass:
            return "PASS";
        case model::AuthType::Ah:
            return "AH";
        case model::AuthType::None:
            break;
    }
    return "none";
}

std::string pass8(const model::Instance& i) { return i.auth_pass.value.substr(0, 8); }

/// keepalived takes an instance's address family from its first VIP.
bool is_v6(const model::Instance& i) { return !i.vips.empty() && i.vips.front().addr.addr.is_v6(); }

/// The version keepalived 2.2.7 runs: an IPv6 instance whose own block does not say
/// `version 2` runs version 3 (also under a global vrrp_version 2); strict mode
/// turns an explicit `version 2` into 3 as well ("cannot use IPv6 with VRRP
/// version 2; setting version 3"). Only an explicit `version 2` without strict
/// mode stays 2: keepalived then sends version 2 adverts over IPv6.
int runs_version(const model::Instance& i) {
    if (is_v6(i) && i.version.value == 2 && (!i.version.set || i.strict.value)) return 3;
    return i.version.value;
}

class VersionAuth final : public RuleBase {
    /// One node's half: a VIP of the other family, and what keepalived makes of
    /// an IPv6 instance with version 2.
    static void ipv6_with_v2(const model::Node& node, const model::Instance& i, Emitter& out) {
        if (i.vips.empty()) return;
        const bool v6 = is_v6(i);
        for (const auto& v : i.vips)
            if (v.addr.addr.is_v6() != v6) {
                out.report(out.make(fmt::format("{} VIP {} in an {} instance", v6 ? "IPv4" : "IPv6", tick(v.addr.addr),
                                                v6 ? "IPv6" : "IPv4"))
                               .at(v.span, "ignored by keepalived")
                               .also(i.vips.front().span, "the first VIP sets the instance's address family")
                               .note(fmt::format("keepalived says \"({}): address family must match VRRP instance "
                                                 "[...] - ignoring\"",
                                                 i.name))
                               .help("put the addresses of the other family in their own instance (IPv6 with "
                                     "`version 3`)"));
            }
        if (!v6 || i.version.value != 2) return;
        const auto& first = i.vips.front();
        if (i.version.set && i.strict.value) {
            out.report(out.make(fmt::format("IPv6 instance {} with `version 2` in strict mode", tick(i.name)))
                           .at(i.version.span, "keepalived sets version 3")
                           .also(first.span, "IPv6 VIP")
                           .note(fmt::format("keepalived says \"({}) cannot use IPv6 with VRRP version 2; setting "
                                             "version 3\"",
                                             i.name))
                           .help("write `version 3`"));
        } else if (i.version.set) {
            out.report(out.make(diag::Severity::Warning,
                                fmt::format("IPv6 instance {} with `version 2`: keepalived sends version 2 adverts "
                                            "over IPv6",
                                            tick(i.name)))
                           .at(i.version.span, "kept as version 2")
                           .also(first.span, "IPv6 VIP")
                           .note("keepalived 2.2.7 accepts this silently and keeps version 2; VRRP version 2 is "
                                 "defined for IPv4 only (RFC 3768), so a peer running version 3, as an IPv6 instance "
                                 "does by default, drops these adverts")
                           .help("write `version 3` on every member"));
        } else if (node.globals.vrrp_version.set) {
            out.report(
                out.make(diag::Severity::Info,
                         fmt::format("IPv6 instance {} runs VRRP version 3, not the global version 2", tick(i.name)))
                    .at(first.span, "IPv6 VIP: version 3")
                    .also(node.globals.vrrp_version.span, "global version 2")
                    .note("keepalived 2.2.7 runs an IPv6 instance without its own `version` as version 3")
                    .help("write `version 3` in the instance to say so"));
        }
    }

  public:
    VersionAuth()
        : RuleBase({"HV112", "version-auth",
                    "members differ in VRRP version or authentication; auth with VRRPv3; VIP families mixed; IPv6 with "
                    "version 2",
                    diag::Severity::Error, Scope::CrossNode}) {}

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef r, const model::Node& node, const model::Instance& i) {
            if (i.version.value == 3 && i.auth_type.value != model::AuthType::None) {
                const char* msg = "authentication is ignored with VRRP version 3";
                auto b = out.make(msg);
                b.at(at_or(i.auth_type, or_else(i.auth_span, anchor(i))), "ignored")
                    .also(at_or(i.version, anchor(i)), "version 3 here")
                    .note("VRRPv3 (RFC 5798) has no authentication; keepalived drops the setting")
                    .help("remove the authentication block");
                out.report(b, fold_in_node(cx, r.node, i.name, msg));
            } else if (i.auth_type.value != model::AuthType::None && i.auth_pass.value.empty()) {
                const char* msg = "authentication without a password is ignored";
                auto b = out.make(msg);
                b.at(at_or(i.auth_type, or_else(i.auth_span, anchor(i))), "no auth_pass")
                    .note(fmt::format("keepalived says \"({}) Authentication specified but no password given. "
                                      "Ignoring\" and sends adverts without it, which a peer with the password drops",
                                      i.name))
                    .help(
                        "add `auth_pass` (at most 8 bytes, the same on every node), or remove the authentication "
                        "block on every node");
                out.report(b, fold_in_node(cx, r.node, i.name, msg));
            }
            ipv6_with_v2(node, i, out);
        });
        for (const auto& cl : cx.topo.clusters) {
            if (cl.members.size() < 2) continue;
            const auto& ref = cl.members.front();
            const auto& ri = cx.inst(ref);
            const auto& rn = cx.node(ref).name;
            for (std::size_t k = 1; k < cl.members.size(); ++k) {
                const auto& i = cx.inst(cl.members[k]);
                // The same difference in many clusters: one finding per node, with the list.
                auto report = [&, node = cl.members[k].node](diag::Builder b) {
                    const std::string msg = b.d.message;
                    out.report(b, fold_in_node(cx, node, i.name, msg));
                };
                if (runs_version(i) != runs_version(ri)) {
                    report(out.make(fmt::format("VRRP version {} differs from version {} on {}", runs_version(i),
                                                runs_version(ri), tick(rn)))
                               .at(at_or(i.version, anchor(i)), "this member")
                               .also(at_or(ri.version, anchor(ri)),
                                     fmt::format("{} uses version {}", tick(rn), runs_version(ri)))
                               .note("each member drops the other's adverts, so both become master")
                               .help("use one VRRP version (`version` or global vrrp_version) on every member"));
                    continue;
                }
                auto auth_at = [](const model::Instance& x) {
                    return at_or(x.auth_type, or_else(x.auth_span, anchor(x)));
                };
                if (i.auth_type.value != ri.auth_type.value) {
                    report(
                        out.make(fmt::format("auth_type {} differs from {} on {}", tick(auth_name(i.auth_type.value)),
                                             tick(auth_name(ri.auth_type.value)), tick(rn)))
                            .at(auth_at(i), "this member")
                            .also(auth_at(ri), fmt::format("{} here", tick(rn)))
                            .note("adverts with another authentication are dropped: both become master")
                            .help("use the same authentication block on every member"));
                } else if (i.auth_type.value == model::AuthType::Pass && pass8(i) != pass8(ri)) {
                    report(out.make(fmt::format("auth_pass differs from the one on {}", tick(rn)))
                               .at(at_or(i.auth_pass, auth_at(i)), "this password")
                               .also(at_or(ri.auth_pass, auth_at(ri)), fmt::format("{} uses another", tick(rn)))
                               .note("adverts with another password are dropped: both become master")
                               .help("use the same auth_pass (at most 8 bytes) on every member"));
                }
                if (runs_version(i) == 3 && i.v3_checksum_as_v2.value != ri.v3_checksum_as_v2.value) {
                    const auto& with = i.v3_checksum_as_v2.value ? i : ri;
                    report(out.make(fmt::format("VRRPv3 checksum flavour differs from {}", tick(rn)))
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
