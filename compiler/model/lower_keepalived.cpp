// SPDX-License-Identifier: MIT
// Lowering, part 4: values the catalogue's types let through but keepalived
// 2.2.7 rejects or ignores when it reads them: smtp_server, route and rule
// lines, virtual_server details (persistence_granularity, MISC_CHECK).
#include <algorithm>
#include <bit>
#include <cctype>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "diag/spellcheck.hpp"
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

// keepalived 2.2.7's words, as its parsers compare them (vrrp_iprule.c,
// vrrp_iproute.c). A rule line is read word by word: a flag, a word and its
// value, or an action; anything else is "Unknown rule option". A route line
// takes any other word for its destination, and one that is no address is
// "unknown route keyword".
constexpr std::string_view kRuleFlags[] = {"inet6", "inet", "not", "l3mdev", "no_track", "nop"};
constexpr std::string_view kRuleTakesValue[] = {"from",        "to",
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
// The kernel's route types (find_rttables_rtntype): a rule's action, a route's type.
constexpr std::string_view kRouteTypes[] = {"unicast",     "local",    "broadcast", "anycast", "multicast", "blackhole",
                                            "unreachable", "prohibit", "throw",     "nat",     "xresolve"};
constexpr std::string_view kRouteWords[] = {
    "add",      "advmss", "append",      "as",       "congctl",       "cwnd",
    "default",  "dev",    "dis",         "disabled", "dsfield",       "dst",
    "ecn",      "en",     "enabled",     "encap",    "expires",       "fastopen_no_cookie",
    "features", "flags",  "from",        "gw",       "high",          "hoplimit",
    "id",       "ila",    "inet",        "inet6",    "initcwnd",      "initrwnd",
    "ip",       "ip6",    "lock",        "low",      "medium",        "metric",
    "mpls",     "mtu",    "nexthop",     "no_track", "oif",           "onlink",
    "or",       "pref",   "preference",  "prepend",  "priority",      "protocol",
    "quickack", "realms", "reordering",  "rto_min",  "rtt",           "rttvar",
    "scope",    "sec",    "src",         "ssthresh", "table",         "tc",
    "to",       "tos",    "track_group", "ttl",      "ttl-propagate", "unknown",
    "via",      "vrf",    "weight",      "window"};

// Route words that take a value (the last word of a line must not be one).
constexpr std::string_view kRouteTakesValue[] = {"src",
                                                 "via",
                                                 "gw",
                                                 "dev",
                                                 "oif",
                                                 "table",
                                                 "metric",
                                                 "priority",
                                                 "preference",
                                                 "pref",
                                                 "scope",
                                                 "protocol",
                                                 "tos",
                                                 "dsfield",
                                                 "realms",
                                                 "mtu",
                                                 "hoplimit",
                                                 "advmss",
                                                 "rtt",
                                                 "rttvar",
                                                 "reordering",
                                                 "window",
                                                 "cwnd",
                                                 "ssthresh",
                                                 "initcwnd",
                                                 "initrwnd",
                                                 "rto_min",
                                                 "features",
                                                 "quickack",
                                                 "congctl",
                                                 "fastopen_no_cookie",
                                                 "expires",
                                                 "encap",
                                                 "as",
                                                 "weight",
                                                 "vrf",
                                                 "track_group",
                                                 "to",
                                                 "nexthop"};

/// A number of at most 10 decimal or 8 hex digits (`0x`; keepalived reads a
/// rule's preference with strtoul base 0), else nothing.
std::optional<std::uint64_t> number(std::string_view s) {
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s.remove_prefix(2);
        if (s.size() > 8 ||
            !std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }))
            return std::nullopt;
        return std::stoull(std::string(s), nullptr, 16);
    }
    if (s.empty() || s.size() > 10 || !all_digits(s)) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : s) v = v * 10 + static_cast<std::uint64_t>(c - '0');
    return v;
}

template <std::size_t N>
bool among(std::string_view w, const std::string_view (&set)[N]) {
    return std::find(std::begin(set), std::end(set), w) != std::end(set);
}

/// The known word nearest `w` in `sets`, for a "did you mean".
template <std::size_t... N>
std::string nearest(std::string_view w, const std::string_view (&... sets)[N]) {
    std::vector<std::string_view> all;
    (all.insert(all.end(), std::begin(sets), std::end(sets)), ...);
    return diag::closest(w, std::span<const std::string_view>(all));
}

/// A data line's words: its first (the keyword slot's, copied into `head`), then the rest.
std::vector<const ast::Arg*> line_words(const ast::Statement& line, ast::Arg& head) {
    head = ast::Arg{line.keyword, line.keyword_span};
    std::vector<const ast::Arg*> words{&head};
    for (const auto& a : line.args) words.push_back(&a);
    return words;
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
        ast::Arg head;
        const std::vector<const ast::Arg*> words = line_words(line, head);
        if (route_unknown_word(words)) continue;
        if (!has_word(line, {"dev", "oif", "no_track"}))
            error("HV004", line.keyword_span, "route without `dev`: keepalived does not track it", "no interface",
                  "add `dev IFACE`; keepalived 2.2.7 says \"cannot track route ... with no interface specified, "
                  "not tracking\" (or write `no_track` to say so)",
                  diag::Severity::Warning);
    }
}

/// A word keepalived 2.2.7 does not know in a rule line (walked as keepalived
/// walks it, so a value is never taken for an option): "Unknown rule option",
/// and the rule is not added. `pref` and `prio`, ip-rule(8)'s short forms, get
/// a message of their own.
bool Lowerer::rule_unknown_option(const std::vector<const ast::Arg*>& words) {
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string_view w = words[i]->text;
        if (among(w, kRuleTakesValue)) {
            if (i + 1 == words.size()) return missing_value(*words[i], "rule");
            ++i;
            continue;
        }
        if (among(w, kRuleFlags) || among(w, kRouteTypes)) continue;
        if (w == "pref" || w == "prio") {
            error("HV004", words[i]->span, fmt::format("keepalived does not know `{}` in a rule", w),
                  "keepalived skips this rule",
                  fmt::format("write `preference`; `{}` is ip-rule(8)'s short form, and keepalived 2.2.7 says "
                              "\"Unknown rule option {}\" and does not add the rule",
                              w, w));
            return true;
        }
        return unknown_word(*words[i], "rule", nearest(w, kRuleTakesValue, kRuleFlags, kRouteTypes),
                            fmt::format("Unknown rule option {}", w));
    }
    return false;
}

/// HV004 for a word keepalived does not know in a `kind` line (rule, route),
/// with the known word `near` it most likely meant ("": none); true.
bool Lowerer::unknown_word(const ast::Arg& word, std::string_view kind, const std::string& near,
                           std::string_view keepalived_says) {
    error("HV004", word.span, fmt::format("keepalived does not know `{}` in a {}", word.text, kind),
          fmt::format("keepalived skips this {}", kind),
          (near.empty() ? std::string() : fmt::format("did you mean `{}`? ", near)) +
              fmt::format("keepalived 2.2.7 says \"{}\" and does not add the {}", keepalived_says, kind));
    return true;
}

/// A keyword that takes a value at the end of its line: keepalived 2.2.7 says
/// "missing a parameter after keyword" and stops reading the configuration
/// (`keepalived -t` exits 2), whatever the line. A `#` or `!` after the word
/// makes the rest of the line a comment, so `via # 10.0.0.1` is one too.
bool Lowerer::missing_value(const ast::Arg& word, std::string_view what) {
    error("HV004", word.span, fmt::format("`{}` at the end of a {} line has no value", word.text, what),
          "value missing",
          fmt::format("give `{}` its value on the same line (a `#` or `!` starts a comment); keepalived 2.2.7 says "
                      "\"missing a parameter after keyword `{}`\" and does not start",
                      word.text, word.text));
    return true;
}

/// A rule's action as keepalived 2.2.7 checks it once the line is read: one of
/// table/lookup, goto (after a lower preference), nop, a route type or
/// l3mdev, and l3mdev with no other; otherwise the rule is not added.
bool Lowerer::rule_action(const std::vector<const ast::Arg*>& words) {
    const ast::Arg *table = nullptr, *go = nullptr, *pref = nullptr, *l3mdev = nullptr, *other = nullptr;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string_view w = words[i]->text;
        const ast::Arg* value = i + 1 < words.size() ? words[i + 1] : nullptr;
        if (w == "table" || w == "lookup") table = words[i];
        if (w == "goto") go = value;
        if (w == "preference" || w == "priority" || w == "order") pref = value;
        if (w == "l3mdev") l3mdev = words[i];
        if (w == "nop" || w == "type" || among(w, kRouteTypes)) other = words[i];
        if (among(w, kRuleTakesValue)) ++i;
    }
    for (const ast::Arg* n : {pref, go})
        if (n && (!number(n->text) || *number(n->text) > 0xffffffffULL)) {
            error("HV004", n->span, fmt::format("`{}` is not a number in 0..4294967295", n->text),
                  "keepalived skips this rule", "write a decimal number; keepalived 2.2.7 says \"invalid number\"");
            return true;
        }
    const ast::Arg* head = words.front();
    if (!table && !go && !l3mdev && !other) {
        error("HV004", head->span, "rule without an action: keepalived ignores it", "no table, goto, nop or type",
              "add `table N` (or `goto`, `nop`, a type such as `unreachable`); keepalived 2.2.7 says \"No action "
              "specified for rule - ignoring\"");
        return true;
    }
    if (l3mdev && (table || go || other)) {
        error("HV004", l3mdev->span, "`l3mdev` with another action: keepalived skips this rule",
              "l3mdev and another action", "write `l3mdev` alone, or drop it");
        return true;
    }
    if (go) {
        const auto target = number(go->text);
        const auto at = pref ? number(pref->text) : std::nullopt;
        if (!at || (target && *at >= *target)) {
            error("HV004", go->span,
                  at ? fmt::format("goto {} is not after the rule's own preference {}", go->text, pref->text)
                     : std::string("goto without a preference"),
                  "keepalived skips this rule",
                  "a goto jumps forward: give the rule a preference below the target; keepalived 2.2.7 says "
                  "\"Invalid rule - preference ... >= goto target\" (or \"... without preference\")");
            return true;
        }
    }
    return false;
}

/// A word keepalived 2.2.7 does not know in a route line: one that is no
/// keyword, no route type and no address, where keepalived looks for the
/// next keyword. Only the first word and a word after a value are judged (a
/// word after a keyword may be its value, and some keywords take several), so
/// this finds `defailt` or the typo after `dev eth0` and never calls a value
/// unknown.
bool Lowerer::route_unknown_word(const std::vector<const ast::Arg*>& words) {
    if (words.size() > 1 && among(words.back()->text, kRouteTakesValue)) return missing_value(*words.back(), "route");
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string_view w = words[i]->text, prev = i ? words[i - 1]->text : std::string_view();
        if (among(w, kRouteWords) || among(w, kRouteTypes) || among(prev, kRouteWords) || among(prev, kRouteTypes))
            continue;
        if (all_digits(w) || IpAddr::parse(w) || Cidr::parse(w) || w == "all") continue;
        if (w.find_first_of("/:.") != std::string_view::npos && std::isdigit(static_cast<unsigned char>(w.front()))) {
            error("HV004", words[i]->span, fmt::format("`{}` is not an address or prefix", w),
                  "keepalived skips this route",
                  fmt::format("write an address with a prefix of at most /32 (IPv4) or /128 (IPv6); keepalived 2.2.7 "
                              "says \"unknown route keyword {}\"",
                              w));
            return true;
        }
        return unknown_word(*words[i], "route", nearest(w, kRouteWords), fmt::format("unknown route keyword {}", w));
    }
    return false;
}

void Lowerer::rule_lines(const ast::Statement& st) {
    for (const auto& line : st.children) {
        // The words of the line: the keyword first, then its arguments.
        ast::Arg head;
        const std::vector<const ast::Arg*> words = line_words(line, head);
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
        if (!bad) bad = rule_unknown_option(words);
        if (!bad) bad = rule_action(words);
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
