// SPDX-License-Identifier: MIT
// HV113 advert-int: members differ in advert_int (v2), fractional with v2,
// v3 values keepalived would round or cannot send (instances of one node fold into one).
#include <fmt/format.h>

#include "lint/rule.hpp"

namespace havip::lint {
namespace {

std::string text_of(const model::Instance& i) {
    return i.advert_int_text.empty() ? seconds(i.advert_int_us.value) : i.advert_int_text;
}

class AdvertInt final : public RuleBase {
  public:
    AdvertInt()
        : RuleBase({"HV113", "advert-int", "members differ in advert_int, or an interval VRRP cannot carry as written",
                    diag::Severity::Error, Scope::CrossNode}) {}

    void check(const Context& cx, Emitter& out) const override {
        cx.each_instance([&](InstRef r, const model::Node&, const model::Instance& i) {
            const auto us = i.advert_int_us.value;
            const auto at = at_or(i.advert_int_us, anchor(i));
            // Instances of one node with the same interval fold into one finding.
            auto report = [&](const std::string& msg, const char* label, const char* note, const char* help) {
                auto b = out.make(msg);
                b.at(at, label).note(note).help(help);
                out.report(b, fold_in_node(cx, r.node, i.name, msg));
            };
            if (i.version.value == 2 && us % 1000000 != 0)
                report(fmt::format("advert_int {} is not a whole number of seconds, which VRRP version 2 needs",
                                   tick(text_of(i))),
                       "rounded by keepalived", "VRRPv2 carries the interval in whole seconds",
                       "use whole seconds, or `version 3` on every member for sub-second adverts");
            if (i.version.value == 3 && us % 10000 != 0)
                report(fmt::format("advert_int {} is not a multiple of 0.01 s", tick(text_of(i))),
                       "rounded by keepalived", "VRRPv3 carries the interval in centiseconds",
                       "use a multiple of 0.01 s");
            if (i.version.value == 3 && us > 40950000)
                report(fmt::format("advert_int {} is above 40.95 s, the VRRPv3 maximum", tick(text_of(i))),
                       "too long for VRRPv3", "the interval field has 12 bits of centiseconds", "use at most 40.95 s");
        });
        for (const auto& cl : cx.topo.clusters) {
            if (cl.members.size() < 2) continue;
            const auto& ref = cl.members.front();
            const auto& ri = cx.inst(ref);
            const auto& rn = cx.node(ref).name;
            for (std::size_t k = 1; k < cl.members.size(); ++k) {
                const auto& i = cx.inst(cl.members[k]);
                // VRRPv3 backups adopt the master's interval; v2 drops the advert.
                if (i.advert_int_us.value == ri.advert_int_us.value || (i.version.value == 3 && ri.version.value == 3))
                    continue;
                const auto msg =
                    fmt::format("advert_int {} differs from {} on {}", tick(text_of(i)), tick(text_of(ri)), tick(rn));
                auto b = out.make(msg);
                b.at(at_or(i.advert_int_us, anchor(i)), "this member")
                    .also(at_or(ri.advert_int_us, anchor(ri)), fmt::format("{} here", tick(rn)))
                    .note("VRRPv2 drops adverts with another interval, so both nodes become master")
                    .help("use one advert_int on every member");
                out.report(b, fold_in_node(cx, cl.members[k].node, i.name, msg));
            }
        }
    }
};

}  // namespace
}  // namespace havip::lint

HAVIP_LINT_RULE(hv113, AdvertInt)
