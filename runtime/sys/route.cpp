// SPDX-License-Identifier: MIT
#include "sys/route.hpp"

#include <cerrno>

#include <fmt/format.h>

namespace havip::sys {

namespace {
std::string prefix_text(const IpAddr& a, int len) { return a.valid() ? fmt::format("{}/{}", a.str(), len) : "all"; }

const char* type_word(std::uint8_t t) {
    switch (t) {
        case 6:
            return "blackhole ";
        case 7:
            return "unreachable ";
        case 8:
            return "prohibit ";
        case 9:
            return "throw ";
        default:
            return "";
    }
}

std::string rule_text(const RouteChange& c) {
    std::string s = fmt::format("from {} to {}", prefix_text(c.src, c.src_len), prefix_text(c.dst, c.dst_len));
    if (c.has_fwmark) s += fmt::format(" fwmark {:#x}/{:#x}", c.fwmark, c.fwmask);
    if (!c.iif_name.empty()) s += " iif " + c.iif_name;
    if (!c.oif_name.empty()) s += " oif " + c.oif_name;
    return s + fmt::format(" table {} preference {}", c.table, c.priority);
}

std::string route_text(const RouteChange& c) {
    std::string s = type_word(c.type) + prefix_text(c.dst, c.dst_len);
    if (c.src.valid()) s += " src " + c.src.str();
    if (c.via.valid()) s += " via " + c.via.str();
    if (c.oif) s += fmt::format(" oif {}", c.oif);
    s += fmt::format(" table {}", c.table);
    if (c.priority) s += fmt::format(" metric {}", c.priority);
    if (c.scope) s += fmt::format(" scope {}", c.scope);
    if (c.onlink) s += " onlink";
    return s;
}
}  // namespace

bool RouteChange::same(const RouteChange& o) const {
    return rule == o.rule && family == o.family && dst == o.dst && dst_len == o.dst_len && src == o.src &&
           src_len == o.src_len && via == o.via && oif == o.oif && iif_name == o.iif_name && oif_name == o.oif_name &&
           table == o.table && priority == o.priority && scope == o.scope && type == o.type && onlink == o.onlink &&
           has_fwmark == o.has_fwmark && fwmark == o.fwmark && fwmask == o.fwmask;
}

std::string RouteChange::str() const { return rule ? rule_text(*this) : route_text(*this); }

Status route_change_status(const RouteChange& c, int error) {
    if (error == 0) return {};
    if (c.add && error == EEXIST) return {};
    if (!c.add && (error == ESRCH || error == ENOENT)) return {};
    return Status::from_errno(
        fmt::format("netlink: {} {} {}", c.add ? "add" : "delete", c.rule ? "rule" : "route", c.str()), error);
}

}  // namespace havip::sys
