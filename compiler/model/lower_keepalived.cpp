// SPDX-License-Identifier: MIT
// Lowering, part 4: values the catalogue's types let through but keepalived
// 2.2.7 rejects or ignores when it reads them: smtp_server, route and rule
// lines, virtual_server details (persistence_granularity, MISC_CHECK).
#include <algorithm>
#include <bit>
#include <cstdint>

#include <fmt/format.h>

#include "model/lower_internal.hpp"

namespace havip::model::detail {
namespace {

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

/// A dotted IPv4 netmask with contiguous ones ("255.255.255.0").
bool is_v4_netmask(std::string_view text) {
    auto ip = IpAddr::parse(text);
    if (!ip || !ip->is_v4()) return false;
    std::uint32_t m = 0;
    for (int i = 0; i < 4; ++i) m = (m << 8) | ip->bytes[static_cast<std::size_t>(i)];
    return m != 0 && std::countl_one(m) + std::countr_zero(m) == 32;
}

bool has_word(const ast::Statement& line, std::initializer_list<std::string_view> words) {
    auto is = [&](std::string_view w) { return std::find(words.begin(), words.end(), w) != words.end(); };
    if (is(line.keyword)) return true;
    return std::any_of(line.args.begin(), line.args.end(), [&](const ast::Arg& a) { return is(a.text); });
}

}  // namespace

void Lowerer::smtp_server(const ast::Statement& st) {
    const auto* a = first(st);
    if (!a || IpAddr::parse(a->text)) return;
    if (a->text.find_first_of(":/[]") != std::string::npos) {
        error("HV004", a->span, fmt::format("smtp_server `{}` is neither an address nor a host name", a->text),
              "keepalived: \"Invalid smtp server\"",
              "write the address and the port as two words: `smtp_server 192.0.2.25 25`");
        return;
    }
    // keepalived resolves a name once, while it reads the file; a name that does not
    // resolve then (no DNS yet at boot) is "Invalid smtp server" and no mail is sent.
    error("HV004", a->span,
          fmt::format("smtp_server `{}` is a host name, resolved once when keepalived starts", a->text),
          "no mail if it does not resolve then",
          "write the server's IP address; keepalived 2.2.7 says \"Invalid smtp server\" for a name it cannot "
          "resolve while reading the file",
          diag::Severity::Warning);
}

void Lowerer::route_lines(const ast::Statement& st) {
    for (const auto& line : st.children) {
        for (const auto& a : line.args)
            if (a.text == "gw") node_.parse.route_gw.push_back(a.span);
        if (!has_word(line, {"dev", "oif", "no_track"}))
            error("HV004", line.keyword_span, "route without `dev`: keepalived does not track it", "no interface",
                  "add `dev IFACE`; keepalived 2.2.7 says \"cannot track route ... with no interface specified, "
                  "not tracking\" (or write `no_track` to say so)",
                  diag::Severity::Warning);
    }
}

/// `pref` or `prio` as an option of a rule line: ip-rule(8) takes them for
/// `preference`, keepalived 2.2.7 does not ("Unknown rule option pref") and
/// skips the rule. The words that take a value are stepped over, so an
/// interface named `pref` is no option.
bool Lowerer::rule_short_preference(const std::vector<const ast::Arg*>& words) {
    static constexpr std::string_view kTakesValue[] = {"from",        "to",
                                                       "table",       "lookup",
                                                       "preference",  "order",
                                                       "priority",    "tos",
                                                       "dsfield",     "fwmark",
                                                       "realms",      "suppress_prefixlength",
                                                       "sup_pl",      "suppress_ifgroup",
                                                       "sup_group",   "dev",
                                                       "iif",         "oif",
                                                       "tunnel-id",   "uidrange",
                                                       "protocol",    "ipproto",
                                                       "sport",       "dport",
                                                       "track_group", "type",
                                                       "goto"};
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string_view w = words[i]->text;
        if (w == "pref" || w == "prio") {
            error("HV004", words[i]->span, fmt::format("keepalived does not know `{}` in a rule", w),
                  "keepalived skips this rule",
                  fmt::format("write `preference`; `{}` is ip-rule(8)'s short form, and keepalived 2.2.7 says "
                              "\"Unknown rule option {}\" and does not add the rule",
                              w, w));
            return true;
        }
        if (std::find(std::begin(kTakesValue), std::end(kTakesValue), w) != std::end(kTakesValue)) ++i;
    }
    return false;
}

void Lowerer::rule_lines(const ast::Statement& st) {
    for (const auto& line : st.children) {
        // The words of the line: the keyword first, then its arguments.
        std::vector<const ast::Arg*> words;
        ast::Arg head{line.keyword, line.keyword_span};
        words.push_back(&head);
        for (const auto& a : line.args) words.push_back(&a);
        bool bad = false;
        for (std::size_t i = 0; i + 1 < words.size(); ++i) {
            if (words[i]->text != "from" && words[i]->text != "to") continue;
            const auto& v = *words[i + 1];
            auto c = Cidr::parse(v.text);
            if (v.text == "all" || (c && c->prefix <= (c->addr.is_v4() ? 32 : 128))) continue;
            error("HV004", v.span,
                  fmt::format("rule {} address `{}` is not an address or CIDR", words[i]->text, v.text),
                  "keepalived skips this rule", "write an address with its prefix, e.g. `192.168.100.0/24`, or `all`");
            bad = true;
        }
        if (!bad) bad = rule_short_preference(words);
        if (!bad && !has_word(line, {"preference", "priority", "order"}))
            error("HV004", line.keyword_span, "rule without a preference: keepalived gives it 16384", "no preference",
                  "add `preference N`; keepalived 2.2.7 says \"Rule has no preference specified - setting to "
                  "16384\", and rules with the same preference are ordered by the kernel",
                  diag::Severity::Warning);
    }
}

void Lowerer::virtual_server_values(const ast::Statement& st) {
    const bool v6 =
        !st.args.empty() && IpAddr::parse(st.args.front().text) && IpAddr::parse(st.args.front().text)->is_v6();
    for (const auto& c : st.children) {
        if (c.keyword == "persistence_granularity" && !c.args.empty()) {
            const auto& t = c.args.front().text;
            const bool ok = t.find('.') != std::string::npos ? !v6 && is_v4_netmask(t)
                                                             : all_digits(t) && t.size() <= 3 && std::stoi(t) >= 1 &&
                                                                   std::stoi(t) <= (v6 ? 128 : 32);
            if (!ok)
                error("HV004", c.args.front().span, fmt::format("persistence_granularity `{}` is not a netmask", t),
                      "keepalived ignores it",
                      v6 ? "write a prefix length 1..128" : "write a netmask such as `255.255.255.0`");
        }
        if (c.keyword != "real_server" || !c.is_block) continue;
        for (const auto& chk : c.children)
            if (chk.keyword == "MISC_CHECK" && chk.is_block &&
                std::none_of(chk.children.begin(), chk.children.end(),
                             [](const ast::Statement& s) { return s.keyword == "misc_path" && !s.args.empty(); }))
                error("HV004", chk.keyword_span, "MISC_CHECK has no `misc_path`", "keepalived skips this checker",
                      "add `misc_path \"/path/to/check arg\"`; keepalived 2.2.7 says \"No script path has been "
                      "specified for MISC_CHECKER - skipping\" and the real server is never checked");
    }
}

}  // namespace havip::model::detail
