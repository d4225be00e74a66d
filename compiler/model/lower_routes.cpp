// SPDX-License-Identifier: MIT
// Lowering, part 5: virtual_routes and virtual_rules lines (and the node's
// static_routes and static_rules) into Route and Rule, the subset of
// keepalived 2.2.7's `ip route` / `ip rule` words havipd runs; static_ipaddress
// lines into StaticAddress (a VIP's dev, label, scope, no_track).
// A word outside it is not an error here (keepalived may well read it): the
// line keeps it in `unsupported`, and HV305 stops the plan for havipd.
#include <algorithm>
#include <charconv>
#include <initializer_list>

#include "model/lower_internal.hpp"

namespace havip::model::detail {
namespace {

/// The words of one list line: its keyword, then its arguments.
struct Line {
    std::vector<const ast::Arg*> words;
    ast::Arg head;
    std::size_t at = 0;

    explicit Line(const ast::Statement& st) : head{st.keyword, st.keyword_span} {
        words.push_back(&head);
        for (const auto& a : st.args) words.push_back(&a);
    }
    bool done() const { return at >= words.size(); }
    const ast::Arg& peek() const { return *words[at]; }
    const ast::Arg* take() { return done() ? nullptr : words[at++]; }
    std::vector<std::string> texts() const {
        std::vector<std::string> out;
        for (const auto* w : words) out.push_back(w->text);
        return out;
    }
};

bool is(std::string_view w, std::initializer_list<std::string_view> set) {
    return std::find(set.begin(), set.end(), w) != set.end();
}

/// A u32 in decimal or 0x-hex.
std::optional<std::uint32_t> parse_u32(std::string_view s) {
    int base = 10;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s.remove_prefix(2);
        base = 16;
    }
    std::uint32_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

/// A table: a number, or one of the names every system has (others live in
/// the host's rt_tables, which havip-compile does not read).
std::optional<std::uint32_t> parse_table(std::string_view s) {
    if (s == "main") return 254;
    if (s == "default") return 253;
    if (s == "local") return 255;
    auto v = parse_u32(s);
    if (v && *v == 0) return std::nullopt;
    return v;
}

bool scope_word(std::string_view s) {
    return is(s, {"global", "universe", "site", "link", "host", "nowhere"}) || (parse_u32(s) && *parse_u32(s) <= 255);
}

/// A prefix or `all`/`default` (nullopt: not one).
std::optional<Cidr> parse_prefix(std::string_view s) {
    if (s == "all" || s == "default") return Cidr{};
    return Cidr::parse(s);
}

template <class T>
void unsupported(T& out, const ast::Arg& at, const std::string& what) {
    if (!out.unsupported.empty()) return;
    out.unsupported = what;
    out.unsupported_span = at.span;
}

/// One `KEY VALUE` or flag word of a route; false: not a word havipd runs.
bool route_word(Route& r, Line& l, const ast::Arg& w) {
    const std::string_view k = w.text;
    if (is(k, {"onlink", "no_track", "inet6"})) {
        (k == "onlink" ? r.onlink : k == "no_track" ? r.no_track : r.inet6) = true;
        return true;
    }
    if (!is(k, {"to", "src", "via", "gw", "dev", "oif", "table", "metric", "priority", "preference", "scope"})) {
        if (r.dst.addr.valid() || r.dst.prefix == 0) return false;
        auto d = parse_prefix(k);
        if (!d) return false;
        if (k == "default") d->prefix = 0;
        r.dst = *d;
        return true;
    }
    const ast::Arg* v = l.take();
    if (!v) return false;
    if (k == "to") {
        auto d = parse_prefix(v->text);
        if (!d) return false;
        if (v->text == "default" || v->text == "all") d->prefix = 0;
        r.dst = *d;
    } else if (k == "src" || k == "via" || k == "gw") {
        auto a = IpAddr::parse(v->text);
        if (!a) return false;
        (k == "src" ? r.src : r.via) = *a;
    } else if (k == "dev" || k == "oif") {
        r.dev = v->text;
    } else if (k == "table") {
        auto t = parse_table(v->text);
        if (!t) return false;
        r.table = *t;
    } else if (k == "scope") {
        if (!scope_word(v->text)) return false;
        r.scope = v->text;
    } else {
        auto m = parse_u32(v->text);
        if (!m) return false;
        r.metric = *m;
    }
    return true;
}

/// Addresses of one family; inet6 says IPv6 where none does.
template <class... A>
bool one_family(bool inet6, const A&... addrs) {
    bool v4 = false, v6 = inet6;
    ((v4 = v4 || addrs.is_v4(), v6 = v6 || addrs.is_v6()), ...);
    return !(v4 && v6);
}

/// One `KEY VALUE` or flag word of a rule; false: not a word havipd runs.
bool rule_word(Rule& r, Line& l, const ast::Arg& w) {
    const std::string_view k = w.text;
    if (k == "no_track" || k == "inet6") {
        (k == "no_track" ? r.no_track : r.inet6) = true;
        return true;
    }
    if (!is(k, {"from", "to", "table", "lookup", "preference", "priority", "order", "fwmark", "iif", "oif"}))
        return false;
    const ast::Arg* v = l.take();
    if (!v) return false;
    if (k == "from" || k == "to") {
        auto c = parse_prefix(v->text);
        if (!c || v->text == "default") return false;
        (k == "from" ? r.from : r.to) = *c;
    } else if (k == "table" || k == "lookup") {
        auto t = parse_table(v->text);
        if (!t) return false;
        r.table = *t;
        r.has_table = true;
    } else if (k == "fwmark") {
        const auto slash = v->text.find('/');
        auto m = parse_u32(std::string_view(v->text).substr(0, slash));
        auto mask = slash == std::string::npos ? std::optional<std::uint32_t>(0xffffffff)
                                               : parse_u32(std::string_view(v->text).substr(slash + 1));
        if (!m || !mask) return false;
        r.has_fwmark = true;
        r.fwmark = *m;
        r.fwmask = *mask;
    } else if (k == "iif" || k == "oif") {
        (k == "iif" ? r.iif : r.oif) = v->text;
    } else {
        auto p = parse_u32(v->text);
        if (!p) return false;
        r.preference = *p;
    }
    return true;
}

Route lower_route(const ast::Statement& st) {
    Route r;
    r.span = st.span;
    Line l(st);
    r.words = l.texts();
    if (is(l.peek().text, {"unicast", "blackhole", "unreachable", "prohibit", "throw"})) r.type = l.take()->text;
    while (!l.done()) {
        const ast::Arg& w = *l.take();
        if (!route_word(r, l, w)) {
            unsupported(r, w, "`" + w.text + "`");
            break;
        }
    }
    if (!r.dst.addr.valid() && r.dst.prefix != 0) unsupported(r, l.head, "a route without a destination");
    if (!one_family(r.inet6, r.dst.addr, r.src, r.via))
        unsupported(r, l.head, "addresses of two families in one route");
    return r;
}

Rule lower_rule(const ast::Statement& st) {
    Rule r;
    r.span = st.span;
    Line l(st);
    r.words = l.texts();
    while (!l.done()) {
        const ast::Arg& w = *l.take();
        if (!rule_word(r, l, w)) {
            unsupported(r, w, "`" + w.text + "`");
            break;
        }
    }
    if (!r.has_table) unsupported(r, l.head, "a rule without `table`");
    if (!one_family(r.inet6, r.from.addr, r.to.addr)) unsupported(r, l.head, "addresses of two families in one rule");
    return r;
}

StaticAddress lower_address(const ast::Statement& st) {
    StaticAddress a;
    a.addr.span = st.span;
    Line l(st);
    a.words = l.texts();
    const ast::Arg& head = *l.take();
    auto c = Cidr::parse(head.text);
    if (!c) {
        unsupported(a, head, "`" + head.text + "`, which is no address");
        return a;
    }
    a.addr.addr = *c;
    while (!l.done()) {
        const ast::Arg& w = *l.take();
        if (w.text == "no_track") {
            a.addr.no_track = true;
            continue;
        }
        const ast::Arg* v = is(w.text, {"dev", "label", "scope"}) ? l.take() : nullptr;
        if (!v || (w.text == "scope" && !scope_word(v->text))) {
            unsupported(a, w, "`" + w.text + "`");
            break;
        }
        (w.text == "dev" ? a.addr.dev : w.text == "label" ? a.addr.label : a.addr.scope) = v->text;
    }
    if (a.addr.dev.empty()) unsupported(a, head, "a static address without `dev`");
    return a;
}

}  // namespace

void Lowerer::route_list(Instance& in, const ast::Statement& st) {
    for (const auto& line : st.children) in.routes.push_back(lower_route(line));
}

void Lowerer::rule_list(Instance& in, const ast::Statement& st) {
    for (const auto& line : st.children) in.rules.push_back(lower_rule(line));
}

void Lowerer::static_list(const ast::Statement& st) {
    for (const auto& line : st.children)
        if (st.keyword == "static_ipaddress") {
            (void)address_line("static_ipaddress", line);  // keepalived's words (havipd's subset: lower_address)
            node_.static_addresses.push_back(lower_address(line));
        } else if (st.keyword == "static_routes") {
            node_.static_routes.push_back(lower_route(line));
        } else {
            node_.static_rules.push_back(lower_rule(line));
        }
}

}  // namespace havip::model::detail
