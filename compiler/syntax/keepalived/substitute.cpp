// SPDX-License-Identifier: MIT
// Parameter substitution and the ~SEQ/~SEQx/~LST generators of the preprocessor.
#include <charconv>
#include <cstdlib>

#include "syntax/keepalived/errors.hpp"
#include "syntax/keepalived/grammar.hpp"
#include "syntax/keepalived/preprocess.hpp"

namespace havip::syntax::keepalived {

namespace p = tao::pegtl;
namespace g = grammar;

namespace {

using Input = p::memory_input<p::tracking_mode::lazy, p::eol::lf_crlf, const char*>;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == '\0'; }

std::string_view trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && is_blank(s[b])) ++b;
    while (e > b && is_blank(s[e - 1])) --e;
    return s.substr(b, e - b);
}

bool is_name(std::string_view s) {
    if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

/// A signed decimal or 0x-hex number, bounded so sequence arithmetic cannot overflow.
bool parse_number(std::string_view s, long long& out) {
    bool neg = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        s.remove_prefix(1);
    }
    int base = 10;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s.remove_prefix(2);
    }
    unsigned long long v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) return false;
    if (v > (1ULL << 52)) return false;
    out = neg ? -static_cast<long long>(v) : static_cast<long long>(v);
    return true;
}

std::string format_number(long long v, bool hex) {
    if (!hex) return std::to_string(v);
    std::string r;
    unsigned long long u = v < 0 ? static_cast<unsigned long long>(-v) : static_cast<unsigned long long>(v);
    char buf[32];
    auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, u, 16);
    (void)ec;
    if (v < 0) r += '-';
    r.append(buf, ptr);
    return r;
}

// ---- generator header actions ----------------------------------------------------
struct GenSpec {
    std::vector<std::string_view> vars;
    std::vector<std::string_view> numbers;             // ~SEQ
    std::vector<std::vector<std::string_view>> items;  // ~LST
    bool in_tuple = false;
};
template <typename Rule>
struct gen_action : p::nothing<Rule> {};
template <>
struct gen_action<g::seq_var> {
    template <typename In>
    static void apply(const In& in, GenSpec& s) {
        s.vars.emplace_back(in.begin(), in.size());
    }
};
template <>
struct gen_action<g::lst_var> : gen_action<g::seq_var> {};
template <>
struct gen_action<g::seq_number> {
    template <typename In>
    static void apply(const In& in, GenSpec& s) {
        s.numbers.emplace_back(in.begin(), in.size());
    }
};
template <>
struct gen_action<g::lst_tuple_open> {
    template <typename In>
    static void apply(const In&, GenSpec& s) {
        s.items.emplace_back();
        s.in_tuple = true;
    }
};
template <>
struct gen_action<g::lst_tuple_close> {
    template <typename In>
    static void apply(const In&, GenSpec& s) {
        s.in_tuple = false;
    }
};
template <>
struct gen_action<g::lst_value> {
    template <typename In>
    static void apply(const In& in, GenSpec& s) {
        if (!s.in_tuple) return;  // a single value is taken by lst_single
        if (s.items.empty()) s.items.emplace_back();
        s.items.back().push_back(trim(std::string_view(in.begin(), in.size())));
    }
};
template <>
struct gen_action<g::lst_single> {
    template <typename In>
    static void apply(const In& in, GenSpec& s) {
        s.items.push_back({trim(std::string_view(in.begin(), in.size()))});
    }
};

}  // namespace

// ---- substitution ---------------------------------------------------------------------

bool Preprocessor::builtin(std::string_view body, source::Span at, const FileCtx& ctx, bool in_quotes,
                           std::string& out) {
    std::string_view name = body.substr(0, body.find_first_of(" \t"));
    std::string_view args = trim(body.substr(name.size()));
    for (std::string_view known : {"_PWD", "_INSTANCE", "_RANDOM", "_HASH", "_BANG", "_ENV"})
        if (name == known) tree_.syntax_use("${" + std::string(name) + "}", at);
    if (name == "_PWD" && args.empty())
        out = pwd_of(ctx, sm_);
    else if (name == "_INSTANCE" && args.empty())
        out = opt_.config_id;
    // Outside double quotes a produced `#`/`!` must not start a comment: keep it escaped.
    else if (name == "_HASH" && args.empty())
        out = in_quotes ? "#" : "\\#";
    else if (name == "_BANG" && args.empty())
        out = in_quotes ? "!" : "\\!";
    else if (name == "_RANDOM") {
        long long lo = 0, hi = 32767;
        std::string_view a1 = args.substr(0, args.find_first_of(" \t"));
        std::string_view a2 = trim(args.substr(a1.size()));
        bool ok = (a1.empty() || (parse_number(a1, lo) && a1[0] != '-')) &&
                  (a2.empty() || (parse_number(a2, hi) && a2[0] != '-' && a2.find_first_of(" \t") == a2.npos));
        if (!a1.empty() && a2.empty() && ok && lo > hi) hi = lo;
        if (!ok || lo > hi) {
            sink_.report(errors::bad_builtin(at, "${" + std::string(body) + "}",
                                             "MIN and MAX must be non-negative integers with MIN <= MAX"));
            out.clear();
            return true;
        }
        out = std::to_string(lo);  // deterministic: see parser.hpp
    } else if (name == "_ENV") {
        if (args.empty() || args.find_first_of(" \t") != args.npos) {
            sink_.report(errors::bad_builtin(at, "${" + std::string(body) + "}", "expected one variable name"));
            out.clear();
            return true;
        }
        std::optional<std::string> v;
        if (opt_.getenv) {
            v = opt_.getenv(args);
        } else if (const char* e = std::getenv(std::string(args).c_str())) {
            v = std::string(e);
        }
        if (!v) sink_.report(errors::env_unset(at, args));
        out = v.value_or(std::string());
    } else {
        return false;
    }
    return true;
}

bool Preprocessor::substitute(const MappedLine& line, const FileCtx& ctx, MappedLine& out) {
    std::string_view t = line.text();
    LineBuilder b(line.file());
    std::size_t copied = 0;
    bool changed = false, dq = false;
    std::string value;
    for (std::size_t i = 0; i < t.size(); ++i) {
        char c = t[i];
        if (c == '\\') {
            ++i;
            continue;
        }
        if (c == '"') {
            dq = !dq;
            continue;
        }
        if (c != '$') continue;
        std::string_view rest = t.substr(i);
        Input in(rest.data(), rest.data() + rest.size(), "");
        bool ok = false;
        try {
            ok = p::parse<g::reference>(in);
        } catch (...) {
        }
        if (!ok) continue;
        std::size_t len = std::size_t(in.current() - rest.data());
        bool braced = rest.size() > 1 && rest[1] == '{';
        std::string_view body = braced ? rest.substr(2, len - 3) : rest.substr(1, len - 1);
        source::Span at = line.span(i, i + len);
        bool found = false;
        if (!body.empty() && body[0] == '_' && builtin(body, at, ctx, dq, value)) {
            found = true;
        } else if (is_name(body)) {
            auto it = defs_.find(body);
            if (it != defs_.end()) {
                value = it->second.value;
                found = true;
            }
        }
        if (found) {
            b.copy(line, copied, i);
            b.expand(value, at);
            copied = i + len;
            changed = true;
            // The text one line expands to (all its lines together) is held
            // to the bound of a line read from a file; building stops as soon
            // as it is exceeded, and the rest of the file line's output is dropped.
            if (b.size() > kMaxLineBytes) {
                sink_.report(errors::line_too_long(at, kMaxLineBytes));
                abandon_line_ = true;
                out = LineBuilder(line.file()).take();
                return true;
            }
        } else if (braced || !dq) {
            warn_undefined(at, rest.substr(0, len));
        }
        i += len - 1;
    }
    if (!changed) return false;
    b.copy(line, copied, t.size());
    out = b.take();
    return true;
}

// ---- generators -------------------------------------------------------------------------

namespace {

/// The values of a ~SEQ: start, step and end (inclusive).
struct Sequence {
    long long start = 0, step = 1, end = 0;
    /// How many values; 0 when the step leads away from the end.
    long long count() const { return (step > 0 ? end >= start : end <= start) ? (end - start) / step + 1 : 0; }
};

/// ~SEQ(END) counts from 1 (or -1) towards END, ~SEQ(START, END) by 1 or -1,
/// ~SEQ(START, STEP, END) as given; `given` is how many of `n` were written.
Sequence sequence(const long long (&n)[3], std::size_t given) {
    Sequence s;
    if (given == 1) {
        s.end = n[0];
        s.start = s.end > 0 ? 1 : s.end < 0 ? -1 : 0;
        s.step = s.end >= s.start ? 1 : -1;
    } else if (given == 2) {
        s.start = n[0];
        s.end = n[1];
        s.step = s.end >= s.start ? 1 : -1;
    } else {
        s.start = n[0];
        s.step = n[1];
        s.end = n[2];
    }
    return s;
}

}  // namespace

void Preprocessor::generator(const MappedLine& line, std::size_t at, const FileCtx& ctx, unsigned depth) {
    std::string_view t = line.text();
    std::string_view s = t.substr(at);
    std::string_view kind = s.substr(0, 4) == "~LST" ? "~LST" : s.substr(0, 5) == "~SEQx" ? "~SEQx" : "~SEQ";
    std::size_t open = at + kind.size() + 1;  // past `(`
    source::Span head = line.span(at, at + kind.size());
    tree_.syntax_use(kind, head);
    GenSpec spec;
    std::string_view args = t.substr(open);
    Input in(args.data(), args.data() + args.size(), "");
    bool ok = false;
    try {
        ok = kind == "~LST" ? p::parse<g::lst_args, gen_action>(in, spec) : p::parse<g::seq_args, gen_action>(in, spec);
    } catch (...) {
        ok = false;
    }
    if (!ok) {
        sink_.report(errors::malformed_generator(head, std::string(kind), "cannot read its arguments"));
        return;
    }
    std::size_t close = open + std::size_t(in.current() - args.data());
    source::Span whole = line.span(at, close);
    std::size_t body_begin = close;
    while (body_begin < t.size() && is_blank(t[body_begin])) ++body_begin;
    MappedLine body = line.slice(body_begin, t.size());

    // Each iteration binds the variables, then reads the rest of the line again.
    std::vector<std::pair<std::string, std::optional<std::string>>> saved;
    for (auto v : spec.vars) {
        auto it = defs_.find(v);
        saved.emplace_back(std::string(v), it == defs_.end() ? std::nullopt : std::optional(it->second.value));
    }
    auto restore = [&] {
        for (auto& [name, old] : saved) {
            if (old)
                define(name, *old);
            else
                defs_.erase(name);
        }
    };

    if (kind != "~LST") {
        long long n[3] = {0, 0, 0};
        for (std::size_t i = 0; i < spec.numbers.size(); ++i) {
            if (!parse_number(spec.numbers[i], n[i])) {
                sink_.report(errors::malformed_generator(
                    whole, std::string(kind), "number `" + std::string(spec.numbers[i]) + "` is out of range"));
                return;
            }
        }
        const Sequence seq = sequence(n, spec.numbers.size());
        if (seq.step == 0) {
            sink_.report(errors::malformed_generator(whole, std::string(kind), "step is 0"));
            return;
        }
        const long long count = seq.count();
        if (count > static_cast<long long>(kMaxGeneratedLines)) {
            sink_.report(errors::too_much_expansion(whole, kMaxGeneratedLines));
            stopped_ = true;
            return;
        }
        long long v = seq.start;
        for (long long k = 0; k < count && !stopped_ && !abandon_line_; ++k, v += seq.step) {
            if (!count_generated(whole)) break;
            define(spec.vars[0], format_number(v, kind == "~SEQx"));
            logical(body, ctx, depth + 1);
        }
        restore();
        return;
    }

    if (spec.items.empty()) {
        sink_.report(errors::malformed_generator(whole, "~LST", "it needs at least one value"));
        return;
    }
    for (const auto& item : spec.items) {
        if (item.size() != spec.vars.size()) {
            sink_.report(errors::malformed_generator(
                whole, "~LST", "each value must give " + std::to_string(spec.vars.size()) + " value(s)"));
            return;
        }
    }
    for (const auto& item : spec.items) {
        if (stopped_ || abandon_line_ || !count_generated(whole)) break;
        for (std::size_t k = 0; k < item.size(); ++k) define(spec.vars[k], std::string(item[k]));
        logical(body, ctx, depth + 1);
    }
    restore();
}

}  // namespace havip::syntax::keepalived
