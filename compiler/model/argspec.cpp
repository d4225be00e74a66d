// SPDX-License-Identifier: MIT
#include "model/argspec.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "model/ip.hpp"

namespace havip::model::argspec {

namespace {

// ---- compiling ----------------------------------------------------------

struct Lexer {
    std::string_view s;
    std::size_t i = 0;
    std::string error;

    void skip_blanks() {
        while (i < s.size() && s[i] == ' ') ++i;
    }
    bool at_end() {
        skip_blanks();
        return i >= s.size();
    }
    bool eat(std::string_view t) {
        skip_blanks();
        if (s.substr(i, t.size()) != t) return false;
        i += t.size();
        return true;
    }
};

std::optional<Type> type_named(std::string_view w) {
    static const std::map<std::string_view, Type> kTypes = {
        {"int", Type::Int},       {"uint", Type::UInt}, {"float", Type::Float},
        {"bool", Type::Bool},     {"ip", Type::Ip},     {"cidr", Type::Cidr},
        {"string", Type::String}, {"name", Type::Name}, {"script", Type::Script},
    };
    auto it = kTypes.find(w);
    if (it == kTypes.end()) return std::nullopt;
    return it->second;
}

bool parse_seq(Lexer& lx, Seq& out, bool in_group);

bool parse_suffixes(Lexer& lx, Item& it) {
    if (lx.i < lx.s.size() && lx.s[lx.i] == '?') {
        it.optional = true;
        ++lx.i;
    }
    if (lx.s.substr(lx.i, 3) == "...") {
        it.repeat = true;
        lx.i += 3;
    }
    return true;
}

bool parse_item(Lexer& lx, Item& it) {
    lx.skip_blanks();
    auto& s = lx.s;
    auto& i = lx.i;
    if (s[i] == '[') {
        ++i;
        it.kind = Item::Kind::Group;
        it.optional = true;
        if (!parse_seq(lx, it.group, true)) return false;
        if (!lx.eat("]")) {
            lx.error = "missing `]`";
            return false;
        }
        if (it.group.empty()) {
            lx.error = "empty `[ ]`";
            return false;
        }
        if (s.substr(i, 3) == "...") {
            it.repeat = true;
            i += 3;
        }
        return true;
    }
    if (s[i] == '*') {
        ++i;
        it.kind = Item::Kind::Type;
        it.type = Type::Star;
        return true;
    }
    if (s[i] == '\'') {
        auto end = s.find('\'', i + 1);
        if (end == std::string_view::npos || end == i + 1) {
            lx.error = "unterminated or empty literal";
            return false;
        }
        it.kind = Item::Kind::Literal;
        it.words.emplace_back(s.substr(i + 1, end - i - 1));
        i = end + 1;
        return parse_suffixes(lx, it);
    }
    if (s.substr(i, 5) == "enum(") {
        auto end = s.find(')', i);
        if (end == std::string_view::npos) {
            lx.error = "missing `)` in enum";
            return false;
        }
        it.kind = Item::Kind::Enum;
        auto body = s.substr(i + 5, end - i - 5);
        std::size_t p = 0;
        while (p <= body.size()) {
            auto bar = body.find('|', p);
            auto w = body.substr(p, bar == std::string_view::npos ? std::string_view::npos : bar - p);
            if (w.empty() || w.find(' ') != std::string_view::npos) {
                lx.error = "bad enum word";
                return false;
            }
            it.words.emplace_back(w);
            if (bar == std::string_view::npos) break;
            p = bar + 1;
        }
        i = end + 1;
        return parse_suffixes(lx, it);
    }
    std::size_t b = i;
    while (i < s.size() && (std::isalpha(static_cast<unsigned char>(s[i])) != 0)) ++i;
    auto word = s.substr(b, i - b);
    auto t = type_named(word);
    if (!t) {
        lx.error = "unknown type `" + std::string(word.empty() ? s.substr(b, 1) : word) + "`";
        return false;
    }
    it.kind = Item::Kind::Type;
    it.type = *t;
    return parse_suffixes(lx, it);
}

bool parse_seq(Lexer& lx, Seq& out, bool in_group) {
    while (!lx.at_end()) {
        char c = lx.s[lx.i];
        if (c == ']') {
            if (in_group) return true;
            lx.error = "unbalanced `]`";
            return false;
        }
        if (c == '|') return true;  // alternative separator, handled by the caller
        Item it;
        if (!parse_item(lx, it)) return false;
        if (lx.i < lx.s.size() && lx.s[lx.i] != ' ' && lx.s[lx.i] != ']') {
            lx.error = "unexpected `" + std::string(1, lx.s[lx.i]) + "`";
            return false;
        }
        out.push_back(std::move(it));
    }
    return true;
}

bool is_numeric(const Item& it) {
    return it.kind == Item::Kind::Type && (it.type == Type::Int || it.type == Type::UInt || it.type == Type::Float);
}

bool mark_ranged(Seq& seq) {
    for (auto& it : seq) {
        if (is_numeric(it)) {
            it.ranged = true;
            return true;
        }
        if (it.kind == Item::Kind::Group && mark_ranged(it.group)) return true;
    }
    return false;
}

// ---- matching -----------------------------------------------------------

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

/// Positions reached, each with the word the ranged item matched on some path to it.
using States = std::map<std::size_t, std::size_t>;

struct Matcher {
    const std::vector<std::string_view>& words;
    std::size_t fail_at = 0;
    std::vector<std::string> expected;  // descriptions at fail_at
    bool any_fail = false;

    void fail(std::size_t pos, std::string what) {
        if (!any_fail || pos > fail_at) {
            any_fail = true;
            fail_at = pos;
            expected.clear();
        }
        if (pos == fail_at && std::find(expected.begin(), expected.end(), what) == expected.end())
            expected.push_back(std::move(what));
    }

    static void add(States& to, std::size_t pos, std::size_t ranged) {
        auto [it, fresh] = to.emplace(pos, ranged);
        if (!fresh && it->second == kNone) it->second = ranged;
    }

    std::string describe_item(const Item& it) const {
        switch (it.kind) {
            case Item::Kind::Literal:
                return "`" + it.words[0] + "`";
            case Item::Kind::Enum: {
                std::string d = "one of ";
                for (std::size_t k = 0; k < it.words.size(); ++k) {
                    if (k) d += k + 1 == it.words.size() ? " or " : ", ";
                    d += "`" + it.words[k] + "`";
                }
                return d;
            }
            case Item::Kind::Group:
                return describe_item(it.group.front());
            case Item::Kind::Type:
                return describe(it.type);
        }
        return {};
    }

    /// One occurrence of `it` from each state.
    States once(const Item& it, const States& from) {
        States out;
        for (auto [pos, ranged] : from) {
            switch (it.kind) {
                case Item::Kind::Group: {
                    States start{{pos, ranged}};
                    for (auto [p, r] : seq(it.group, start)) add(out, p, r);
                    break;
                }
                case Item::Kind::Literal:
                case Item::Kind::Enum: {
                    bool ok =
                        pos < words.size() && std::find(it.words.begin(), it.words.end(), words[pos]) != it.words.end();
                    if (ok)
                        add(out, pos + 1, ranged);
                    else
                        fail(pos, describe_item(it));
                    break;
                }
                case Item::Kind::Type: {
                    if (it.type == Type::Star) {
                        for (std::size_t p = pos; p <= words.size(); ++p) add(out, p, ranged);
                        break;
                    }
                    if (pos >= words.size() || !accepts(it.type, words[pos])) {
                        fail(pos, describe_item(it));
                        break;
                    }
                    std::size_t r = it.ranged && ranged == kNone ? pos : ranged;
                    add(out, pos + 1, r);
                    if (it.type == Type::Script) {
                        // `script [user [group]]`
                        if (pos + 1 < words.size()) add(out, pos + 2, r);
                        if (pos + 2 < words.size()) add(out, pos + 3, r);
                    }
                    break;
                }
            }
        }
        return out;
    }

    States item(const Item& it, const States& from) {
        States out = once(it, from);
        if (it.repeat) {
            States frontier = out;
            while (!frontier.empty()) {
                States next = once(it, frontier);
                frontier.clear();
                for (auto [p, r] : next)
                    if (!out.count(p)) {
                        add(out, p, r);
                        frontier.emplace(p, r);
                    }
            }
        }
        if (it.optional)
            for (auto [p, r] : from) add(out, p, r);
        return out;
    }

    States seq(const Seq& s, States st) {
        for (const auto& it : s) {
            st = item(it, st);
            if (st.empty()) break;
        }
        return st;
    }
};

}  // namespace

std::optional<Spec> compile(std::string_view text, std::string* error) {
    Spec spec;
    Lexer lx{text};
    if (lx.at_end()) return spec;
    while (true) {
        Seq seq;
        if (!parse_seq(lx, seq, false)) {
            if (error) *error = lx.error + " in `" + std::string(text) + "`";
            return std::nullopt;
        }
        mark_ranged(seq);
        spec.alternatives.push_back(std::move(seq));
        if (lx.at_end()) break;
        if (!lx.eat("|")) {
            if (error) *error = "unexpected text in `" + std::string(text) + "`";
            return std::nullopt;
        }
    }
    return spec;
}

Match match(const Spec& spec, const std::vector<std::string_view>& words) {
    Match m;
    if (spec.alternatives.empty()) {
        if (words.empty())
            m.ok = true;
        else
            m.fail_at = 0;
        return m;
    }
    Matcher mt{words};
    std::size_t furthest = 0;  // furthest position a complete alternative reached
    bool any_end = false;
    for (const auto& alt : spec.alternatives) {
        States st = mt.seq(alt, States{{0, kNone}});
        auto done = st.find(words.size());
        if (done != st.end()) {
            m.ok = true;
            if (done->second != kNone) m.ranged_word = done->second;
            return m;
        }
        for (auto [p, r] : st) {
            (void)r;
            if (!any_end || p > furthest) furthest = p;
            any_end = true;
        }
    }
    // Report whichever got further: a word that did not fit, or extra words.
    if (mt.any_fail && (!any_end || mt.fail_at >= furthest) && mt.fail_at < words.size()) {
        m.fail_at = mt.fail_at;
        for (std::size_t k = 0; k < mt.expected.size(); ++k) {
            if (k) m.expected += k + 1 == mt.expected.size() ? " or " : ", ";
            m.expected += mt.expected[k];
        }
    } else if (any_end) {
        m.fail_at = furthest;  // extra words from here
        if (mt.any_fail && mt.fail_at == furthest && furthest >= words.size()) m.expected = mt.expected.front();
    } else {
        m.fail_at = mt.fail_at;
        if (!mt.expected.empty()) m.expected = mt.expected.front();
    }
    if (m.fail_at >= words.size() && m.expected.empty() && mt.any_fail && !mt.expected.empty())
        m.expected = mt.expected.front();
    return m;
}

bool is_uint(std::string_view w) {
    return !w.empty() && w.size() <= 18 && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_int(std::string_view w) {
    if (!w.empty() && (w[0] == '-' || w[0] == '+')) w.remove_prefix(1);
    return is_uint(w);
}

bool is_float(std::string_view w) {
    auto dot = w.find('.');
    if (dot == std::string_view::npos) return is_uint(w);
    auto ip = w.substr(0, dot), fp = w.substr(dot + 1);
    if (ip.empty() && fp.empty()) return false;
    return (ip.empty() || is_uint(ip)) && (fp.empty() || is_uint(fp));
}

bool is_bool(std::string_view w) {
    return w == "on" || w == "off" || w == "true" || w == "false" || w == "yes" || w == "no";
}

/// keepalived 2.2.7 reads numbers with strtoul/strtod, which take a leading `+`.
std::string_view unsigned_part(std::string_view w) {
    if (w.size() > 1 && w[0] == '+') w.remove_prefix(1);
    return w;
}

bool accepts(Type t, std::string_view w) {
    switch (t) {
        case Type::Int:
            return is_int(w);
        case Type::UInt:
            return is_uint(unsigned_part(w));
        case Type::Float:
            return is_float(unsigned_part(w));
        case Type::Bool:
            return is_bool(w);
        case Type::Ip:
            return IpAddr::parse(w).has_value();
        case Type::Cidr:
            return Cidr::parse(w).has_value();
        case Type::String:
        case Type::Name:
        case Type::Script:
        case Type::Star:
            return true;
    }
    return false;
}

std::string describe(Type t) {
    switch (t) {
        case Type::Int:
            return "an integer";
        case Type::UInt:
            return "a non-negative integer";
        case Type::Float:
            return "a non-negative number";
        case Type::Bool:
            return "`on`, `off`, `true`, `false`, `yes` or `no`";
        case Type::Ip:
            return "an IP address";
        case Type::Cidr:
            return "an IP address or prefix";
        case Type::String:
            return "a value";
        case Type::Name:
            return "a name";
        case Type::Script:
            return "a command";
        case Type::Star:
            return "more words";
    }
    return {};
}

}  // namespace havip::model::argspec
